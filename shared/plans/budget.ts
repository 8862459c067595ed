import type { Plan, PlanBudgetLine } from "../collab/plan-doc";

/**
 * A line's budget in whole pounds: income by commissioner, pay by staff group with WTE, non-pay,
 * contribution, recharges and margin (Monitor's SLM framework Part 2 §3 financial goals; ULHT §2.4
 * "a budget … phased by month"). Integers only: every sum here is exact to the pound.
 */
export interface BudgetTotals {
  income: number;
  pay: number;
  nonPay: number;
  /** Income less the line's direct costs (pay and non-pay): what its control total is set on. */
  contribution: number;
  recharges: number;
  /** Contribution less recharges and overheads. */
  margin: number;
  wte: number;
  /** Monthly contribution, April to March. */
  monthlyContribution: number[];
}

const add = (a: number[], b: readonly number[], sign = 1) => a.map((v, i) => v + sign * (b[i] ?? 0));

/** Totals of a budget; money must be whole pounds (a fraction would make the roll-up inexact). */
export function budgetTotals(lines: readonly PlanBudgetLine[]): BudgetTotals {
  const t = { income: 0, pay: 0, nonPay: 0, recharges: 0, wte: 0 };
  let monthly = Array.from({ length: 12 }, () => 0);
  for (const l of lines) {
    if (!Number.isSafeInteger(l.annual)) throw new RangeError(`Budget line "${l.label}" is not whole pounds`);
    if (l.category === "income") {
      t.income += l.annual;
      monthly = add(monthly, l.months);
    } else if (l.category === "pay") {
      t.pay += l.annual;
      t.wte += l.wte ?? 0;
      monthly = add(monthly, l.months, -1);
    } else if (l.category === "nonpay") {
      t.nonPay += l.annual;
      monthly = add(monthly, l.months, -1);
    } else t.recharges += l.annual;
  }
  const contribution = t.income - t.pay - t.nonPay;
  // WTE is held to two places; summing floats drifts, so round the total to what people enter.
  return { ...t, wte: Math.round(t.wte * 100) / 100, contribution, margin: contribution - t.recharges, monthlyContribution: monthly };
}

export interface PhasingProblem {
  id: string;
  label: string;
  annual: number;
  phased: number;
  /** annual − phased: what the months are short (+) or over (−). */
  difference: number;
}

/** Monthly phasing must sum to the year exactly (issue 12: "monthly phasing that must sum to the year"). */
export function phasingProblems(rows: readonly { id: string; label?: string; name?: string; annual?: number; inYear?: number; months: readonly number[] }[]): PhasingProblem[] {
  const out: PhasingProblem[] = [];
  for (const r of rows) {
    const annual = r.annual ?? r.inYear ?? 0;
    const phased = r.months.reduce((s, v) => s + v, 0);
    if (phased !== annual) out.push({ id: r.id, label: r.label ?? r.name ?? r.id, annual, phased, difference: annual - phased });
  }
  return out;
}

/**
 * Spreads whole pounds over twelve months by a profile (weights, e.g. working days), so the months
 * sum to the year exactly: each month is rounded down and the pounds left over go to the months
 * with the largest remainders (largest-remainder method), earliest first on ties.
 */
export function phase(annual: number, profile: readonly number[] = Array.from({ length: 12 }, () => 1)): number[] {
  if (!Number.isSafeInteger(annual)) throw new RangeError("Phase whole pounds");
  if (profile.length !== 12 || profile.some((w) => !(w >= 0)) || profile.every((w) => w === 0)) throw new RangeError("A profile is twelve weights, not all zero");
  const sign = annual < 0 ? -1 : 1;
  const abs = Math.abs(annual);
  const total = profile.reduce((s, w) => s + w, 0);
  const exact = profile.map((w) => (abs * w) / total);
  const months = exact.map(Math.floor);
  let left = abs - months.reduce((s, v) => s + v, 0);
  const order = exact.map((v, i) => ({ i, r: v - Math.floor(v) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; left > 0; k = (k + 1) % 12, left--) months[order[k]!.i]! += 1;
  return months.map((m) => sign * m);
}

/** Cost base a cost-improvement percentage applies to: pay plus non-pay. */
export const costBase = (plan: Pick<Plan, "budget">) => {
  const t = budgetTotals(plan.budget);
  return t.pay + t.nonPay;
};
