/**
 * Which indicators apply to which service lines, and which target applies in a month (issue 14: "which
 * indicators apply to which service lines by specialty"; targets are set for a financial year).
 */
import { financialYearOf, isMonth } from "../format/dates";
import { sortDefinitions } from "./catalogue";
import type { KpiDefinition, KpiTarget } from "./types";

/** Whether a catalogue entry applies to a service line. */
export function appliesTo(def: Pick<KpiDefinition, "appliesTo">, unitId: string): boolean {
  const a = def.appliesTo;
  switch (a.mode) {
    case "all":
      return true;
    case "only":
      return a.unitIds.includes(unitId);
    case "except":
      return !a.unitIds.includes(unitId);
  }
}

/** The entries of a catalogue that apply to a service line, in catalogue order. */
export function indicatorsFor<T extends KpiDefinition>(catalogue: readonly T[], unitId: string): T[] {
  return sortDefinitions(catalogue.filter((d) => appliesTo(d, unitId)));
}

/** The target for an indicator in a month ("2026-11" or "2026-11-30"): the one set for the financial year containing it, or null. */
export function targetFor(targets: readonly KpiTarget[], code: string, month: string): KpiTarget | null {
  if (!isMonth(month.slice(0, 7))) return null;
  const year = financialYearOf(month.slice(0, 7));
  return targets.find((t) => t.code === code && t.year === year) ?? null;
}

/**
 * The applicability in words, as the catalogue shows it: "All service lines", "Only: Urgent and
 * emergency care", "All except: Neonatology, Obstetrics and maternity". Names sorted; a unit the
 * structure no longer has is named by `nameOf`'s fallback.
 */
export function describeAppliesTo(a: KpiDefinition["appliesTo"], nameOf: (unitId: string) => string): string {
  if (a.mode === "all") return "All service lines";
  const names = [...new Set(a.unitIds)].map(nameOf).sort((x, y) => x.localeCompare(y));
  if (names.length === 0) return a.mode === "only" ? "No service lines" : "All service lines";
  return `${a.mode === "only" ? "Only" : "All except"}: ${names.join(", ")}`;
}
