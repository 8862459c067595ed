import type { Db } from "../client";
import { demoPerformance, type MonthObservation } from "../../shared/autonomy";
import { addMonths } from "../../shared/format";
import { hasPerformanceData, saveObservations } from "../../server/repositories/performance";

/**
 * Seeds demo figures for the given service lines from April of the previous financial year to the last
 * complete month before the seed day (DESIGN.md: "figures end with the last complete month"), so that
 * determinations exist either side of the scheme's 1 April change. Lines differ enough that every
 * earned autonomy level shows. Returns the figures by unit id.
 */
export function seedDemoPerformance(db: Db, workspaceId: string, serviceLines: { id: string; code: string }[], today: string): Record<string, MonthObservation[]> {
  const [year, month] = today.split("-").map(Number) as [number, number];
  const fyStart = month >= 4 ? year : year - 1;
  const first = `${fyStart - 1}-04`;
  const last = addMonths(today.slice(0, 7), -1);
  const months: string[] = [];
  for (let m = first; m <= last; m = addMonths(m, 1)) months.push(m);
  const figures = demoPerformance(serviceLines.map((l) => l.code), months);
  const byUnit: Record<string, MonthObservation[]> = {};
  for (const l of serviceLines) byUnit[l.id] = figures[l.code] ?? [];
  if (hasPerformanceData(db, workspaceId)) return byUnit;
  // Each month's figures were entered early in the following month.
  saveObservations(db, { workspaceId, byUnit, source: "seed", enteredBy: null, at: Date.parse(`${last}-01T09:00:00Z`) });
  return byUnit;
}
