/**
 * Finance judged year to date against the phased plan, not one month at a time (issue 12: "a line
 * far behind its year-to-date plan cannot hold the top level"; Monitor's SLM framework Part 2 §3).
 * Months are April-first positions in the year; amounts are pounds of contribution.
 */
export interface YtdPosition {
  /** Months counted (1 = April only). */
  months: number;
  plan: number;
  actual: number;
  /** actual − plan: negative is behind plan. */
  variance: number;
  /** Shortfall as a percentage of the year-to-date plan's size (0 when ahead). */
  shortfallPct: number;
}

/** The cumulative position after each month with figures. */
export function ytdPositions(months: readonly { plan: number; actual: number }[]): YtdPosition[] {
  let plan = 0;
  let actual = 0;
  return months.map((m, i) => {
    plan += m.plan;
    actual += m.actual;
    const variance = actual - plan;
    const shortfallPct = variance < 0 ? (Math.abs(variance) / Math.max(Math.abs(plan), 1)) * 100 : 0;
    return { months: i + 1, plan, actual, variance, shortfallPct: Math.round(shortfallPct * 10) / 10 };
  });
}

/** Whether the line is within tolerance of its year-to-date plan. */
export const ytdAdherent = (p: YtdPosition, tolerancePct: number) => p.shortfallPct <= tolerancePct;

/** One reported month of a live plan, as the plan screen shows it. */
export interface YtdMonth {
  month: string;
  plan: number;
  actual: number;
  monthMet: boolean;
  ytdPlan: number;
  ytdActual: number;
  ytdVariance: number;
  ytdMet: boolean;
}
