import type { Db } from "../client";
import { demoPerformance } from "../../shared/autonomy";
import { financialYearMonths } from "../../shared/format";
import { hasPerformanceData, saveObservations } from "../../server/repositories/performance";

/**
 * Seeds twelve months (2026/27) of demo figures for the given service lines, in which lines differ
 * enough that every earned autonomy level shows (Cardiology ends at level 2).
 */
export function seedDemoPerformance(db: Db, workspaceId: string, serviceLines: { id: string; code: string }[]): void {
  if (hasPerformanceData(db, workspaceId)) return;
  const figures = demoPerformance(serviceLines.map((l) => l.code), financialYearMonths("2026/27"));
  const byUnit: Parameters<typeof saveObservations>[1]["byUnit"] = {};
  for (const l of serviceLines) byUnit[l.id] = figures[l.code] ?? [];
  saveObservations(db, { workspaceId, byUnit, source: "seed", enteredBy: null, at: Date.UTC(2027, 3, 8) });
}
