import type { Plan, PlanTarget } from "../collab/plan-doc";
import { formatMonth } from "../format/dates";
import { percentOf } from "./reconcile";

/**
 * Once a plan is live its agreed targets are the targets performance is judged on (issue 12: "KPI
 * targets come from the agreed plan; an import cannot set or loosen a target"). The target for a
 * month is the agreed trajectory's value for that month (a percentage planned as numerator and
 * denominator gives its percentage), else the agreed value; a target not yet agreed or imposed sets
 * nothing.
 */
export function plannedTarget(t: PlanTarget, monthIndex: number): number | null {
  if (t.status !== "agreed" && t.status !== "imposed" && !(t.status === "escalated" && t.agreed !== null)) return null;
  if (t.numerators && t.denominators) return percentOf(t.numerators[monthIndex]!, t.denominators[monthIndex]!);
  if (t.trajectory) return t.trajectory[monthIndex]!;
  return t.agreed;
}

export interface TargetConflict {
  code: string;
  month: string;
  planned: number;
  given: number;
  message: string;
}

/**
 * Indicator targets in imported figures that differ from the live plan's: each is refused with the
 * plan's value, so the import can neither set nor loosen a target. `monthIndex` is the month's
 * position in the plan's year (April = 0).
 */
export function importTargetConflicts(lineName: string, plan: Plan, figures: readonly { month: string; monthIndex: number; code: string; target: number }[]): TargetConflict[] {
  const byCode = new Map(plan.targets.filter((t) => t.code).map((t) => [t.code.toUpperCase(), t]));
  const out: TargetConflict[] = [];
  for (const f of figures) {
    const t = byCode.get(f.code.toUpperCase());
    const planned = t ? plannedTarget(t, f.monthIndex) : null;
    if (planned === null || Math.abs(planned - f.target) < 1e-9) continue;
    out.push({ code: f.code, month: f.month, planned, given: f.target, message: `${lineName}'s live plan sets the ${f.code} target for ${formatMonth(f.month)} at ${planned}${t!.unit === "%" ? "%" : ""}; the file says ${f.target}. Targets come from the agreed plan: use the plan's value or leave the row out.` });
  }
  return out;
}
