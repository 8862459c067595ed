import type { PlanTarget } from "../collab/plan-doc";
import { financialYearOf } from "../format/dates";
import { plannedTarget } from "../plans/targets";
import type { MonthObservation } from "./types";

/**
 * A live plan's indicator targets for its year, by upper-cased KPI code: twelve months, April first,
 * null in a month the plan sets nothing for.
 */
export type PlanTargetMonths = ReadonlyMap<string, readonly (number | null)[]>;

/**
 * The targets a plan sets, month by month, for the targets that name a KPI code (issue 12: "KPI
 * targets come from the agreed plan"). Only agreed, imposed or decided targets set anything
 * (`plannedTarget`); a workforce target (sickness, vacancies, agency) counts like any other.
 */
export function planTargetMonths(targets: readonly PlanTarget[]): Map<string, (number | null)[]> {
  const out = new Map<string, (number | null)[]>();
  for (const t of targets) {
    const code = t.code.trim().toUpperCase();
    if (!code) continue;
    const months = Array.from({ length: 12 }, (_, i) => plannedTarget(t, i));
    if (months.every((m) => m === null)) continue;
    out.set(code, months);
  }
  return out;
}

/**
 * Judges each indicator against its line's live plan for the month's financial year, keyed by the
 * year's label ("2026/27"), where the plan sets a target for its code: the plan is what performance is
 * judged on (issue 12), so a workforce indicator (sickness against the plan's 4.2%, vacancies against
 * its 7%) is rated by the workforce criterion against the plan, as finance is judged against the
 * plan's phasing (./ytd.ts). Imports already refuse a target that differs from a live plan's
 * (shared/plans/targets.ts); this covers figures recorded before the plan went live or through the
 * month form, and says so on the indicator (`planTarget`). Returns new observations; the input is
 * unchanged.
 */
export function judgeTargetsAgainstLivePlans(observations: readonly MonthObservation[], livePlans: ReadonlyMap<string, PlanTargetMonths>): MonthObservation[] {
  if (livePlans.size === 0) return [...observations];
  return observations.map((o) => {
    const fy = financialYearOf(o.month);
    const targets = livePlans.get(fy);
    if (!targets) return o;
    const index = (Number(o.month.slice(5, 7)) + 8) % 12; // April = 0
    let changed = false;
    const indicators = o.indicators.map((i) => {
      const planned = targets.get(i.code.toUpperCase())?.[index];
      if (planned === null || planned === undefined || Math.abs(planned - i.target) < 1e-9) return i;
      changed = true;
      return { ...i, target: planned, planTarget: { plan: `the live ${fy} plan`, reported: i.target } };
    });
    return changed ? { ...o, indicators } : o;
  });
}
