import type { Plan } from "../collab/plan-doc";
import { budgetTotals } from "./budget";
import { percentOf } from "./reconcile";

/**
 * Roll-ups to the pound (issue 12): service lines plus the divisional reserve equal the division's
 * control total; divisions plus corporate equal the trust plan; any gap is shown exactly. Money is
 * whole pounds, so every sum here is an exact integer. Percentages roll up by adding numerators and
 * denominators, never by averaging percentages (600 of 1,000 and 90 of 100 is 62.7%, not 75%).
 */
export interface LineInput {
  unitId: string;
  name: string;
  plan: Plan;
}

export interface LineRollup {
  unitId: string;
  name: string;
  income: number;
  pay: number;
  nonPay: number;
  contribution: number;
  wte: number;
  /** The line's own control total from its guidance, if issued. */
  controlTotal: number | null;
  monthly: number[];
}

export interface DivisionRollup {
  unitId: string;
  name: string;
  lines: LineRollup[];
  /** Held back by the division against risk; counted with the lines (negative: a cost). */
  reserve: number;
  /** Lines' contributions plus the reserve. */
  total: number;
  controlTotal: number | null;
  /** total − controlTotal: positive is better than the control total, negative short. */
  gap: number | null;
  monthly: number[];
}

export interface TrustRollup {
  divisions: DivisionRollup[];
  /** Corporate services' net budget (usually a cost, so negative). */
  corporate: number;
  total: number;
  trustPlan: number | null;
  gap: number | null;
  monthly: number[];
}

const sum12 = (rows: readonly (readonly number[])[]) => {
  const out = Array.from({ length: 12 }, () => 0);
  for (const r of rows) for (let i = 0; i < 12; i++) out[i]! += r[i] ?? 0;
  return out;
};

const safe = (n: number, what: string) => {
  if (!Number.isSafeInteger(n)) throw new RangeError(`${what} is not a whole number of pounds`);
  return n;
};

/** One line's figures for the roll-up. */
export function lineRollup(l: LineInput): LineRollup {
  const t = budgetTotals(l.plan.budget);
  return { unitId: l.unitId, name: l.name, income: t.income, pay: t.pay, nonPay: t.nonPay, contribution: t.contribution, wte: t.wte, controlTotal: l.plan.guidance.controlTotal, monthly: t.monthlyContribution };
}

/** A division: its lines plus its reserve against its control total. */
export function divisionRollup(d: { unitId: string; name: string; reserve: number; controlTotal: number | null; lines: readonly LineInput[] }): DivisionRollup {
  const lines = d.lines.map(lineRollup);
  const reserve = safe(d.reserve, "The divisional reserve");
  const total = lines.reduce((s, l) => s + l.contribution, 0) + reserve;
  const monthly = sum12(lines.map((l) => l.monthly));
  // The reserve is held evenly through the year; the monthly view adds it in twelfths exactly.
  const q = Math.trunc(reserve / 12);
  const r = reserve - q * 12;
  for (let i = 0; i < 12; i++) monthly[i]! += q + (i < Math.abs(r) ? Math.sign(r) : 0);
  return { unitId: d.unitId, name: d.name, lines, reserve, total, controlTotal: d.controlTotal, gap: d.controlTotal === null ? null : total - d.controlTotal, monthly };
}

/** The trust: divisions plus corporate against the trust plan. */
export function trustRollup(divisions: readonly DivisionRollup[], corporate: number, trustPlan: number | null): TrustRollup {
  const total = divisions.reduce((s, d) => s + d.total, 0) + safe(corporate, "The corporate budget");
  const monthly = sum12(divisions.map((d) => d.monthly));
  const q = Math.trunc(corporate / 12);
  const r = corporate - q * 12;
  for (let i = 0; i < 12; i++) monthly[i]! += q + (i < Math.abs(r) ? Math.sign(r) : 0);
  return { divisions: [...divisions], corporate, total, trustPlan, gap: trustPlan === null ? null : total - trustPlan, monthly };
}

export interface RatioRollup {
  code: string;
  measure: string;
  numerator: number;
  denominator: number;
  /** Sum of numerators over sum of denominators, to one decimal place. */
  percent: number | null;
  lines: number;
}

/**
 * Percentage targets of the same KPI code across lines, rolled up over the year by their agreed
 * monthly numerators and denominators.
 */
export function ratioRollups(plans: readonly Plan[]): RatioRollup[] {
  const by = new Map<string, RatioRollup>();
  for (const p of plans) {
    for (const t of p.targets) {
      if (!t.code || !t.numerators || !t.denominators) continue;
      const r = by.get(t.code) ?? { code: t.code, measure: t.measure, numerator: 0, denominator: 0, percent: null, lines: 0 };
      r.numerator += t.numerators.reduce((s, v) => s + v, 0);
      r.denominator += t.denominators.reduce((s, v) => s + v, 0);
      r.lines++;
      by.set(t.code, r);
    }
  }
  return [...by.values()].map((r) => ({ ...r, percent: percentOf(r.numerator, r.denominator) })).sort((a, b) => a.code.localeCompare(b.code));
}

/** The percentage of several numerator/denominator pairs together (the worked case). */
export function pooledPercent(parts: readonly { numerator: number; denominator: number }[]): number | null {
  return percentOf(
    parts.reduce((s, p) => s + p.numerator, 0),
    parts.reduce((s, p) => s + p.denominator, 0),
  );
}
