/**
 * Rare events (C. difficile, MRSA bacteraemia) for issue 14: too few a month for an XmR chart, so
 * shown as counts against an annual threshold (the catalogue's `annualThreshold`: the most events a
 * year before it counts as failed) or as a T chart of the days between events.
 *
 * T chart (Provost & Murray, "The Health Care Data Guide"; the method Making Data Count's rare-event
 * guidance points to): the intervals t are exponential-ish, so transform y = t^(1/3.6), draw an XmR
 * chart of y by the usual rules (`xmrOfValues`, DOMAIN-REFERENCE.md "Making Data Count"), and
 * back-transform the centre line and limits with x = y^3.6. A negative transformed lower limit has
 * no back-transform: there is then no lower limit (null). Longer intervals are better, so the
 * default direction is "higher".
 */
import { formatFinancialYear, isIsoDate } from "../format/dates";
import { resolveSpcOptions, xmrOfValues } from "./spc";
import type { SeriesPoint } from "./spc";
import type { Direction, SpcOptions, SpcResult } from "./types";

/** One month of a financial year's count of events. */
export interface RareEventMonth {
  month: string;
  /** Events in the month; null when there is no figure (not yet reported, or missing). */
  count: number | null;
  /** Events so far this year up to and including the month; null after the last reported month. */
  cumulative: number | null;
}

/** A financial year's count of events against its annual threshold. */
export interface RareEventYear {
  /** "2026/27" (or "2026" when the year starts in January). */
  year: string;
  /** All twelve months of the year, the first first. */
  months: RareEventMonth[];
  threshold: number;
  /** Events reported so far this year. */
  total: number;
  /** Months of the year with a figure. */
  monthsReported: number;
  /** Months before the last reported one that have no figure (their events are unknown, not zero). */
  missingMonths: string[];
  /** The month the cumulative count first reached the threshold (no more events allowed), or null. */
  reachedIn: string | null;
  /** Whether the count has gone above the threshold, and in which month it first did. */
  exceeded: boolean;
  exceededIn: string | null;
  /** Events still allowed before the threshold is exceeded (0 once reached or exceeded). */
  remaining: number;
  /** Year-end count at the rate so far: total ÷ months reported × 12 (unrounded); null with no months reported. */
  projected: number | null;
  projectedToExceed: boolean;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const pad = (n: number) => String(n).padStart(2, "0");

/** Counts of events grouped by financial year against the annual threshold, the earliest year first. */
export function rareEventYear(counts: readonly SeriesPoint[], threshold: number, financialYearStart = 4): RareEventYear[] {
  if (typeof threshold !== "number" || !Number.isFinite(threshold) || threshold < 0) throw new RangeError(`threshold must be a number of at least 0, not ${threshold}`);
  if (!Number.isInteger(financialYearStart) || financialYearStart < 1 || financialYearStart > 12) throw new RangeError(`financialYearStart must be a month 1–12, not ${financialYearStart}`);
  const byMonth = new Map<string, number | null>();
  const years = new Set<number>();
  for (const { month, value } of counts) {
    const m = typeof month === "string" ? MONTH.exec(month) : null;
    if (!m) throw new RangeError(`Not a month (YYYY-MM): ${month}`);
    if (byMonth.has(month)) throw new RangeError(`${month} appears twice`);
    if (value !== null && (typeof value !== "number" || !Number.isInteger(value) || value < 0)) throw new RangeError(`The count for ${month} must be a whole number of at least 0 or null, not ${value}`);
    byMonth.set(month, value);
    const y = Number(m[1]);
    years.add(Number(m[2]) >= financialYearStart ? y : y - 1);
  }
  return [...years].sort((a, b) => a - b).map((startYear) => {
    const monthsOfYear = Array.from({ length: 12 }, (_, i) => {
      const k = financialYearStart - 1 + i;
      return `${startYear + Math.floor(k / 12)}-${pad((k % 12) + 1)}`;
    });
    let lastReported = -1;
    monthsOfYear.forEach((m, i) => {
      if (typeof byMonth.get(m) === "number") lastReported = i;
    });
    let total = 0;
    let monthsReported = 0;
    let reachedIn: string | null = null;
    let exceededIn: string | null = null;
    const missingMonths: string[] = [];
    const months = monthsOfYear.map((month, i): RareEventMonth => {
      const count = byMonth.get(month) ?? null;
      if (count !== null) {
        total += count;
        monthsReported++;
      } else if (i < lastReported) missingMonths.push(month);
      if (reachedIn === null && total >= threshold && count !== null) reachedIn = month;
      if (exceededIn === null && total > threshold) exceededIn = month;
      return { month, count, cumulative: i <= lastReported ? total : null };
    });
    const projected = monthsReported > 0 ? (total / monthsReported) * 12 : null;
    return {
      year: financialYearStart === 1 ? String(startYear) : formatFinancialYear(startYear),
      months,
      threshold,
      total,
      monthsReported,
      missingMonths,
      reachedIn,
      exceeded: exceededIn !== null,
      exceededIn,
      remaining: Math.max(0, threshold - total),
      projected,
      projectedToExceed: projected !== null && projected > threshold,
    };
  });
}

/** The T-chart transformation exponent: y = t^(1/3.6). */
export const T_CHART_EXPONENT = 3.6;

/** The days from one event to the next. */
export interface EventInterval {
  from: string;
  to: string;
  days: number;
}

/** A T chart: the intervals, the XmR chart of the transformed intervals and its lines back in days. */
export interface TChart {
  intervals: EventInterval[];
  /** XmR of y = days^(1/3.6); each point's `month` is the date of the event that ends the interval. */
  transformed: SpcResult;
  /** The centre line and limits back in days (x = y^3.6); lowerLimit/lowerNear null when the transformed one is below 0. */
  centre: number | null;
  upperLimit: number | null;
  lowerLimit: number | null;
  upperNear: number | null;
  lowerNear: number | null;
}

function dayNumber(date: string): number {
  if (!isIsoDate(date)) throw new RangeError(`Not a date (YYYY-MM-DD): ${date}`);
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000;
}

const back = (y: number | null) => (y === null || y < 0 ? null : y ** T_CHART_EXPONENT);

/**
 * The T chart of events on the given dates (sorted first; two events on one day are 0 days apart).
 * Options as for `xmr` (target in days); the direction defaults to "higher" (longer gaps are better).
 */
export function daysBetweenEvents(eventDates: readonly string[], options: Partial<SpcOptions> & { direction?: Direction } = {}): TChart {
  const days = eventDates.map((d) => ({ d, n: dayNumber(d) })).sort((a, b) => a.n - b.n);
  const intervals: EventInterval[] = [];
  for (let i = 1; i < days.length; i++) intervals.push({ from: days[i - 1]!.d, to: days[i]!.d, days: days[i]!.n - days[i - 1]!.n });
  const target = options.target ?? null;
  if (target !== null && (!Number.isFinite(target) || target < 0)) throw new RangeError(`target must be a number of days of at least 0, not ${target}`);
  const o = resolveSpcOptions({ ...options, direction: options.direction ?? "higher", target: target === null ? null : target ** (1 / T_CHART_EXPONENT) });
  const transformed = xmrOfValues(
    { labels: intervals.map((x) => x.to), values: intervals.map((x) => x.days ** (1 / T_CHART_EXPONENT)), joined: intervals.map((_, i) => i > 0) },
    o,
  );
  return {
    intervals,
    transformed,
    centre: back(transformed.mean),
    upperLimit: back(transformed.upperLimit),
    lowerLimit: back(transformed.lowerLimit),
    upperNear: back(transformed.upperNear),
    lowerNear: back(transformed.lowerNear),
  };
}
