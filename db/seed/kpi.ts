import type { DbOrTx } from "../client";
import { financialYearOf, formatFinancialYear } from "../../shared/format/dates";
import { defaultCatalogue, defaultTargets } from "../../shared/kpi/catalogue";
import { listDefinitions, saveDefinition, saveTarget, type Actor } from "../../server/repositories/kpi";

const SEED: Actor = { id: null, name: "Devolve demo set-up" };

/**
 * Seeds the demo's KPI catalogue, reviewed and set for the financial year containing `today`, with
 * the targets of that year and the year before (the charts span both). Does nothing if the
 * workspace already has a catalogue, so a second call is harmless. Returns whether it wrote anything.
 */
export function seedDemoKpis(db: DbOrTx, workspaceId: string, today: string): boolean {
  if (listDefinitions(db, workspaceId).length > 0) return false;
  const year = financialYearOf(today);
  const previous = formatFinancialYear(Number(year.slice(0, 4)) - 1);
  // Recorded as set on 1 April of this year, like the rest of the demo's annual decisions.
  const at = Date.parse(`${year.slice(0, 4)}-04-01T09:00:00Z`);
  db.transaction((tx) => {
    for (const def of defaultCatalogue(year)) saveDefinition(tx, workspaceId, def, SEED, at);
    for (const t of [...defaultTargets(previous), ...defaultTargets(year)]) saveTarget(tx, workspaceId, t, SEED, at);
  });
  return true;
}
