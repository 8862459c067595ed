import type { AutonomyLevel, IndicatorObservation, MonthObservation } from "../autonomy/types";
import { formatMonth } from "../format/dates";
import { canonicalJson } from "./canonical";
import type { Determination } from "./types";

/**
 * Earned-autonomy determinations: the frozen record of the level a line holds from a date. Monitor's
 * SLM framework Part 4 §8 ("Level of autonomy based on performance") and §7 ("Change control
 * process in place to amend decision rights based on performance"): the figures recommend a level,
 * and the level in force is a dated record that an auditor can trace back to the figures that
 * produced it (figuresHash) — DOMAIN-REFERENCE.md: auditors need proof an approver "held the
 * authority at that time".
 */

/** The determination in force for a unit on a date: the latest effectiveFrom on or before it, ties to the highest id; null if none. */
export function determinationOn(dets: readonly Determination[], unitId: string, date: string): Determination | null {
  let best: Determination | null = null;
  for (const d of dets) {
    if (d.unitId !== unitId || d.effectiveFrom > date) continue;
    if (!best || d.effectiveFrom > best.effectiveFrom || (d.effectiveFrom === best.effectiveFrom && d.id > best.id)) best = d;
  }
  return best;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function sortedIndicators(list: readonly IndicatorObservation[]): IndicatorObservation[] {
  // By code, then by the whole row, so two rows with one code (bad data) still sort one way.
  return [...list].sort((a, b) => byText(a.code, b.code) || byText(canonicalJson(a), canonicalJson(b)));
}

/**
 * A line's month observations as one deterministic JSON string for the server to hash into
 * figuresHash: months in order, indicators by code, object keys sorted, absent optional fields left
 * out. The same figures give the same text however they were imported or stored.
 */
export function canonicalFigures(observations: MonthObservation | readonly MonthObservation[]): string {
  const list: readonly MonthObservation[] = Array.isArray(observations) ? observations : [observations as MonthObservation];
  const normalised = list.map((o) => ({ ...o, indicators: sortedIndicators(o.indicators) }));
  const keyed = normalised.map((o) => ({ o, text: canonicalJson(o) }));
  keyed.sort((a, b) => byText(a.o.month, b.o.month) || byText(a.text, b.text));
  return `[${keyed.map((k) => k.text).join(",")}]`;
}

/** One line's computed level for a month, from the autonomy history (MonthLevel). */
export interface ComputedLevel {
  unitId: string;
  month: string;
  /** The level after the promotion and fall rules. */
  level: AutonomyLevel;
  /** The month judged on its own; null for a month without figures. */
  rawLevel: AutonomyLevel | null;
}

/** A determination to record, before the server gives it an id, hashes its figures and names the rules version. */
export type NewDetermination = Omit<Determination, "id" | "figuresHash" | "rulesVersionId">;

function reasonFor(c: ComputedLevel, previous: Determination | null): string {
  const parts = [`The figures for ${formatMonth(c.month)} put the line at level ${c.level}`];
  parts[0] += previous ? `; it was at level ${previous.level}.` : "; no level was recorded before.";
  if (c.rawLevel !== null && c.rawLevel !== c.level) {
    parts.push(`That month on its own met level ${c.rawLevel}; the rules on sustained performance set level ${c.level}.`);
  }
  return parts.join(" ");
}

/**
 * The determinations a freshly accepted month's figures imply: for each line, a new record from
 * `effectiveFrom` where the computed level differs from the one in force on that date, or none is
 * in force. A line listed for several months is judged on its latest. Sorted by unit id.
 */
export function determinationsToRecord(
  current: readonly Determination[],
  computed: readonly ComputedLevel[],
  effectiveFrom: string,
): NewDetermination[] {
  const latest = new Map<string, ComputedLevel>();
  for (const c of computed) {
    const seen = latest.get(c.unitId);
    if (!seen || c.month >= seen.month) latest.set(c.unitId, c);
  }
  const out: NewDetermination[] = [];
  for (const unitId of [...latest.keys()].sort(byText)) {
    const c = latest.get(unitId)!;
    const inForce = determinationOn(current, unitId, effectiveFrom);
    if (inForce && inForce.level === c.level) continue;
    out.push({
      unitId,
      effectiveFrom,
      level: c.level,
      computedLevel: c.level,
      basisMonth: c.month,
      source: "figures",
      reason: reasonFor(c, inForce),
    });
  }
  return out;
}
