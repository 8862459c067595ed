import { financialYearOf } from "../format/dates";
import type { MonthObservation } from "./types";

/**
 * Fills in each month's year-to-date finance: the sums of plan and actual over the months of the
 * same financial year up to and including it (issue 12: "Finance is judged year to date against the
 * phased plan, not one month at a time: a line far behind its year-to-date plan cannot hold the top
 * level"). A month with a gap before it in the year (a month missing) is still summed over the
 * months that were reported, and says how many. Returns new observations; the input is unchanged.
 */
export function withYearToDate(observations: readonly MonthObservation[]): MonthObservation[] {
  const sorted = [...observations].sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0));
  let year = "";
  let plan = 0;
  let actual = 0;
  let months = 0;
  return sorted.map((o) => {
    const fy = financialYearOf(o.month);
    if (fy !== year) {
      year = fy;
      plan = 0;
      actual = 0;
      months = 0;
    }
    if (!o.finance) return o;
    plan += o.finance.plan;
    actual += o.finance.actual;
    months += 1;
    return { ...o, finance: { ...o.finance, ytd: { plan: Math.round(plan * 100) / 100, actual: Math.round(actual * 100) / 100, months } } };
  });
}

/**
 * Judges each month's finance against the line's live plan for its financial year, keyed by the
 * year's label ("2026/27") with the plan's phased contribution, April first (issue 12: "Finance is
 * judged year to date against the phased plan, not one month at a time"). In a year with a live plan
 * each month's plan figure becomes the plan's phasing for that month (the plan is what performance is
 * judged on, not the figure typed beside the actual), the rules' financial tolerance replaces any the
 * figures gave (`reported` keeps both), and the year to date is filled in. A year with
 * no live plan keeps the month-by-month judgement against the reported plan, and says so, so that a
 * reader knows which basis a level rests on. Returns new observations; the input is unchanged.
 */
export function judgeAgainstLivePlans(observations: readonly MonthObservation[], livePlans: ReadonlyMap<string, readonly number[]>): MonthObservation[] {
  const sorted = [...observations].sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0));
  const rephased = sorted.map((o): MonthObservation => {
    if (!o.finance) return o;
    const fy = financialYearOf(o.month);
    const phasing = livePlans.get(fy);
    if (!phasing) return { ...o, finance: { ...o.finance, ytd: undefined, basisNote: `judged month by month: there is no live plan for ${fy}` } };
    // April is position 0 of the financial year.
    const planned = phasing[(Number(o.month.slice(5, 7)) + 8) % 12] ?? o.finance.plan;
    // The live plan is the plan and the rules' tolerance is the tolerance: a month's figures cannot
    // set or loosen either (issue 12). What they reported instead is kept, and the criterion says so.
    const { tolerancePct, ...rest } = o.finance;
    const reported = { ...(Math.abs(o.finance.plan - planned) >= 0.005 ? { plan: o.finance.plan } : {}), ...(tolerancePct !== undefined ? { tolerancePct } : {}) };
    return { ...o, finance: { ...rest, plan: planned, basisNote: undefined, ytdPlanName: `the live ${fy} plan`, reported: Object.keys(reported).length ? reported : undefined } };
  });
  const withYtd = withYearToDate(rephased.filter((o) => o.finance?.ytdPlanName));
  const byMonth = new Map(withYtd.map((o) => [o.month, o]));
  return rephased.map((o) => byMonth.get(o.month) ?? o).map((o) => (o.finance ? { ...o, finance: dropUndefined(o.finance) } : o));
}

function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
