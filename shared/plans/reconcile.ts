import type { Plan, PlanTarget } from "../collab/plan-doc";
import { budgetTotals, costBase } from "./budget";

/**
 * Reconciling the executive's top-down targets with the line's bottom-up proposals (Monitor's SLM
 * framework Part 2 §2: goals "reconciled top-down and bottom-up"). Pure: the plan screen, the round
 * dashboard and the workflow's checks all read these.
 */
export interface TargetReconciliation {
  id: string;
  /** bottomUp − topDown, or null until both exist. */
  gap: number | null;
  /** Whether the proposal meets or beats the top-down value in the target's improvement direction. */
  meetsTopDown: boolean | null;
  /** The value the plan holds the line to: the agreed value, else null. */
  planValue: number | null;
}

export function reconcileTarget(t: PlanTarget): TargetReconciliation {
  const gap = t.topDown === null || t.bottomUp === null ? null : roundTo(t.bottomUp - t.topDown, 6);
  let meets: boolean | null = null;
  if (gap !== null) meets = t.direction === "lower" ? gap <= 0 : t.direction === "higher" ? gap >= 0 : gap === 0;
  return { id: t.id, gap, meetsTopDown: meets, planValue: t.status === "agreed" || t.status === "imposed" || (t.status === "escalated" && t.agreed !== null) ? t.agreed : null };
}

const roundTo = (n: number, places: number) => Math.round(n * 10 ** places) / 10 ** places;

/** A percentage from its parts, to one decimal place; null when there is no denominator. */
export function percentOf(numerator: number, denominator: number): number | null {
  return denominator > 0 ? Math.round((numerator / denominator) * 1000) / 10 : null;
}

/** The monthly percentage trajectory of a target planned as numerators and denominators. */
export function ratioTrajectory(t: Pick<PlanTarget, "numerators" | "denominators">): (number | null)[] | null {
  if (!t.numerators || !t.denominators) return null;
  return t.numerators.map((n, i) => percentOf(n, t.denominators![i]!));
}

/** Problems with a target's monthly trajectory that would make it unusable for judging performance. */
export function trajectoryProblems(t: PlanTarget): string[] {
  const out: string[] = [];
  if (t.numerators && t.denominators) {
    t.numerators.forEach((n, i) => {
      const d = t.denominators![i]!;
      if (n < 0 || d < 0) out.push(`Month ${i + 1}: numerator and denominator cannot be negative`);
      else if (n > d) out.push(`Month ${i + 1}: the numerator is larger than the denominator`);
    });
  } else if ((t.numerators === null) !== (t.denominators === null)) out.push("Give both numerators and denominators");
  return out;
}

export interface CipSummary {
  /** cipPercent of the cost base, in whole pounds (rounded to the nearest pound). */
  required: number | null;
  /** Sum of the schemes' in-year effect. */
  planned: number;
  fullYear: number;
  /** required − planned (positive: the schemes fall short). */
  gap: number | null;
  byRag: Record<"red" | "amber" | "green", number>;
  recurrent: number;
}

/** The cost-improvement requirement against the schemes that deliver it. */
export function cipSummary(plan: Pick<Plan, "budget" | "cip" | "guidance">): CipSummary {
  const base = costBase(plan);
  const required = plan.guidance.cipPercent === null ? null : Math.round((base * Math.round(plan.guidance.cipPercent * 100)) / 10_000);
  const byRag = { red: 0, amber: 0, green: 0 };
  let planned = 0;
  let fullYear = 0;
  let recurrent = 0;
  for (const s of plan.cip) {
    planned += s.inYear;
    fullYear += s.fullYear;
    byRag[s.rag] += s.inYear;
    if (s.recurrent) recurrent += s.fullYear;
  }
  return { required, planned, fullYear, gap: required === null ? null : required - planned, byRag, recurrent };
}

/** The budget against the control total: contribution − control total (negative: it misses). */
export function controlTotalGap(plan: Pick<Plan, "budget" | "guidance">): number | null {
  if (plan.guidance.controlTotal === null) return null;
  return budgetTotals(plan.budget).contribution - plan.guidance.controlTotal;
}

/** Target counts by status, for the round dashboard. */
export function targetCounts(plan: Pick<Plan, "targets">): Record<PlanTarget["status"], number> {
  const c = { open: 0, agreed: 0, escalated: 0, imposed: 0 };
  for (const t of plan.targets) c[t.status]++;
  return c;
}
