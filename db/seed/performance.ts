import type { Db } from "../client";
import { demoMonths, demoPerformance, type MonthObservation } from "../../shared/autonomy";
import { hasPerformanceData, saveObservations } from "../../server/repositories/performance";

/**
 * Seeds demo figures for the given service lines: the 24 months ending with the last complete month
 * before the seed day (DESIGN.md: "figures end with the last complete month"; never a month in the
 * future), so that SPC charts have a full baseline and determinations exist either side of the
 * scheme's 1 April change. Lines differ enough that every earned autonomy level shows. Returns the
 * figures by unit id.
 */
export function seedDemoPerformance(db: Db, workspaceId: string, serviceLines: { id: string; code: string }[], today: string): Record<string, MonthObservation[]> {
  const months = demoMonths(today, 24);
  const last = months[months.length - 1]!;
  const figures = demoPerformance(serviceLines.map((l) => l.code), months);
  const byUnit: Record<string, MonthObservation[]> = {};
  for (const l of serviceLines) byUnit[l.id] = figures[l.code] ?? [];
  if (hasPerformanceData(db, workspaceId)) return byUnit;
  // Each month's figures were entered early in the following month.
  saveObservations(db, { workspaceId, byUnit, source: "seed", enteredBy: null, at: Date.parse(`${last}-01T09:00:00Z`) });
  return byUnit;
}
