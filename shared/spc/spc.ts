/**
 * XmR charts by NHS England's Making Data Count rules (issue 14; DOMAIN-REFERENCE.md "Making Data
 * Count (NHS statistical process control)"):
 *
 * - moving range MRᵢ = |xᵢ − xᵢ₋₁| between consecutive points; mean MR (mrBar) of the baseline;
 * - process limits at mean ± 2.66 × mrBar, near-limits at mean ± (2/3 × 2.66) × mrBar;
 * - a baseline of 12 points, fewer give trial limits; limits are locked until a rebase;
 * - four rules: a point outside the limits; a run of 7+ on one side of the mean (a point on the mean
 *   breaks it); 7 points each higher (or each lower) than the last; 2 of 3 consecutive points beyond
 *   the near-limit on the same side. Every point of a triggering run is flagged. Run lengths are options.
 *
 * Decisions where the sources leave room (see also the tests):
 * - A null value is a gap: it is not plotted, has no moving range, and the next point's moving range
 *   is null too. A calendar month missing from the series counts as a gap in the same way. Gaps
 *   break runs, trends and 2-of-3 windows; the moving range across a gap is left out of mrBar.
 * - Baseline counts are counts of points with a value: the default baseline is the first 12 values
 *   from `baseline.from` (default 0), skipping gaps. `result.baseline.from` is the index of the first
 *   value used (the requested index when there is none); `result.baseline.length` the values used.
 * - "On the mean" and "beyond a limit" are judged with a tolerance of 1e-10 × max(1, |mean|, mrBar),
 *   so that a flat series whose mean picked up floating-point error still sits on its mean. A point
 *   exactly on a limit is not outside it; a point exactly on a near-limit is not beyond it.
 * - 2 of 3: two points beyond the near-limit on the same side within three consecutive points (no gap
 *   between them). Only the points beyond the near-limit are flagged, not the third point of the
 *   window. A point beyond the process limit is also beyond the near-limit.
 * - Rules apply to every point, baseline included, and to points before `baseline.from`.
 * - Side of a flagged point (for `special` and the icon): its side of the mean when it is flagged by a
 *   point-position rule (outside limits, run, 2 of 3); otherwise (a trend only) the trend's direction.
 *   A peak or trough shared by a rising and a falling trend takes the trend that ends at it.
 * - Assurance is computed from trial limits too (the UI says the limits are trial, `result.trial`);
 *   a target exactly on a limit is inside (hit and miss), as the target must lie outside the limits.
 * - Rebases (`xmrSegments`, `xmrWithRebases`): each segment from a rebase month to the next has its
 *   own baseline and limits; rules do not cross a rebase (its first point has no moving range).
 */
import { formatDate, MONTH_NAMES } from "../format/dates";
import {
  SPC_RULES,
  type AssuranceIcon,
  type Direction,
  type SpcLimits,
  type SpcOptions,
  type SpcPoint,
  type SpcResult,
  type SpcRule,
  type VariationIcon,
} from "./types";

/** Making Data Count: process limits at mean ± 2.66 × mean moving range. */
export const PROCESS_LIMIT_FACTOR = 2.66;
/** Making Data Count: near-limits at two thirds of the process limits, ± 1.773 × mean moving range. */
export const NEAR_LIMIT_FACTOR = (2 / 3) * PROCESS_LIMIT_FACTOR;
/** Making Data Count defaults: 7 on one side, 7 rising or falling, a 12-point baseline. */
export const SPC_DEFAULTS = { runLength: 7, trendLength: 7, minBaseline: 12 } as const;

/** One month of an indicator: "YYYY-MM" and its figure (null for a month with no figure). */
export interface SeriesPoint {
  month: string;
  value: number | null;
}

type Side = 1 | -1 | 0;

export interface ResolvedSpcOptions {
  direction: Direction;
  target: number | null;
  runLength: number;
  trendLength: number;
  minBaseline: number;
  baseline: { from: number; length?: number } | undefined;
}

const DIRECTIONS: readonly Direction[] = ["higher", "lower", "neutral"];
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

function isWholeAtLeast(n: unknown, min: number): boolean {
  return typeof n === "number" && Number.isInteger(n) && n >= min;
}

/** Checks and fills in the options; throws a RangeError naming the bad one. */
export function resolveSpcOptions(options: SpcOptions): ResolvedSpcOptions {
  if (!options || !DIRECTIONS.includes(options.direction)) throw new RangeError(`direction must be one of ${DIRECTIONS.join(", ")}`);
  const runLength = options.runLength ?? SPC_DEFAULTS.runLength;
  const trendLength = options.trendLength ?? SPC_DEFAULTS.trendLength;
  const minBaseline = options.minBaseline ?? SPC_DEFAULTS.minBaseline;
  if (!isWholeAtLeast(runLength, 2)) throw new RangeError(`runLength must be a whole number of at least 2, not ${runLength}`);
  // A "trend" of two points would be a single rise: at least two successive changes are needed.
  if (!isWholeAtLeast(trendLength, 3)) throw new RangeError(`trendLength must be a whole number of at least 3, not ${trendLength}`);
  // Limits need at least one moving range, so at least two points.
  if (!isWholeAtLeast(minBaseline, 2)) throw new RangeError(`minBaseline must be a whole number of at least 2, not ${minBaseline}`);
  const target = options.target ?? null;
  if (target !== null && (typeof target !== "number" || !Number.isFinite(target))) throw new RangeError(`target must be a finite number, not ${target}`);
  const baseline = options.baseline;
  if (baseline !== undefined) {
    if (!isWholeAtLeast(baseline.from, 0)) throw new RangeError(`baseline.from must be a whole number of at least 0, not ${baseline.from}`);
    if (baseline.length !== undefined && !isWholeAtLeast(baseline.length, 2)) throw new RangeError(`baseline.length must be a whole number of at least 2, not ${baseline.length}`);
  }
  return { direction: options.direction, target, runLength, trendLength, minBaseline, baseline };
}

/** Month number since year 0 of a "YYYY-MM" month; throws on anything else. */
function monthIndex(month: string): number {
  const m = typeof month === "string" ? MONTH.exec(month) : null;
  if (!m) throw new RangeError(`Not a month (YYYY-MM): ${month}`);
  return Number(m[1]) * 12 + Number(m[2]) - 1;
}

function checkValue(value: unknown, label: string): number | null {
  if (value === null) return null;
  if (typeof value !== "number" || !Number.isFinite(value)) throw new RangeError(`The figure for ${label} must be a finite number or null, not ${value}`);
  return value;
}

/** Labels, values and whether each point directly follows a plotted point (so has a moving range). */
export interface PreparedSeries {
  labels: string[];
  values: (number | null)[];
  joined: boolean[];
}

function prepareMonthly(series: readonly SeriesPoint[]): PreparedSeries {
  if (!Array.isArray(series)) throw new RangeError("series must be an array of { month, value }");
  const labels: string[] = [];
  const values: (number | null)[] = [];
  const joined: boolean[] = [];
  let previous = -Infinity;
  for (let i = 0; i < series.length; i++) {
    const { month, value } = series[i]!;
    const index = monthIndex(month);
    if (index <= previous) throw new RangeError(`Months must be in order without repeats: ${month} follows ${labels[i - 1]}`);
    const v = checkValue(value, month);
    // A missing calendar month is a gap, like a null month.
    joined.push(v !== null && i > 0 && values[i - 1] !== null && index === previous + 1);
    labels.push(month);
    values.push(v);
    previous = index;
  }
  return { labels, values, joined };
}

const sign = (x: number): Side => (x > 0 ? 1 : x < 0 ? -1 : 0);

function specialFor(direction: Direction, side: Side): SpcPoint["special"] {
  if (direction === "neutral") return "neutral";
  return (side > 0) === (direction === "higher") ? "improvement" : "concern";
}

/** The assurance icon: whether the target lies outside the process limits, and on which side. */
export function assuranceFor(direction: Direction, target: number | null | undefined, lower: number | null, upper: number | null): AssuranceIcon {
  if (direction === "neutral" || target === null || target === undefined || lower === null || upper === null) return "none";
  // Higher is better: a target below the lower limit is always met, one above the upper never.
  if (target < lower) return direction === "higher" ? "consistently_pass" : "consistently_fail";
  if (target > upper) return direction === "higher" ? "consistently_fail" : "consistently_pass";
  return "hit_and_miss";
}

/** The XmR chart of prepared values; the heart of `xmr`, `xmrWithRebases` and the T chart. */
export function xmrOfValues(prepared: PreparedSeries, o: ResolvedSpcOptions): SpcResult {
  const { labels, values, joined } = prepared;
  const n = values.length;
  const from = o.baseline?.from ?? 0;
  if (from > 0 && from >= n) throw new RangeError(`baseline.from (${from}) is past the last point (${n - 1})`);
  const wanted = o.baseline?.length ?? o.minBaseline;

  // Baseline: the first `wanted` values from `from`, skipping gaps.
  const base: number[] = [];
  for (let i = from; i < n && base.length < wanted; i++) if (values[i] !== null) base.push(i);
  let mean: number | null = null;
  let mrBar: number | null = null;
  if (base.length > 0) {
    let sum = 0;
    for (const i of base) sum += values[i]!;
    mean = sum / base.length;
    // Moving ranges within the baseline: between consecutive baseline points with no gap between.
    let mrSum = 0;
    let mrCount = 0;
    for (let k = 1; k < base.length; k++) {
      const i = base[k]!;
      if (joined[i]) {
        mrSum += Math.abs(values[i]! - values[i - 1]!);
        mrCount++;
      }
    }
    if (mrCount > 0) mrBar = mrSum / mrCount;
  }
  const limits: SpcLimits =
    mean !== null && mrBar !== null
      ? { mean, upper: mean + PROCESS_LIMIT_FACTOR * mrBar, lower: mean - PROCESS_LIMIT_FACTOR * mrBar, upperNear: mean + NEAR_LIMIT_FACTOR * mrBar, lowerNear: mean - NEAR_LIMIT_FACTOR * mrBar }
      : { mean, upper: null, lower: null, upperNear: null, lowerNear: null };
  const eps = 1e-10 * Math.max(1, Math.abs(mean ?? 0), mrBar ?? 0);

  // Where each point lies: side of the mean, beyond a near-limit, outside a process limit.
  const side: Side[] = new Array(n).fill(0);
  const beyond: Side[] = new Array(n).fill(0);
  const outside: Side[] = new Array(n).fill(0);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === null || mean === null) continue;
    side[i] = v > mean + eps ? 1 : v < mean - eps ? -1 : 0;
    if (limits.upper !== null) {
      beyond[i] = v > limits.upperNear! + eps ? 1 : v < limits.lowerNear! - eps ? -1 : 0;
      outside[i] = v > limits.upper + eps ? 1 : v < limits.lower! - eps ? -1 : 0;
    }
  }

  const flagOutside = outside.map((s) => s !== 0);
  const flagRun: boolean[] = new Array(n).fill(false);
  const flagTrend: boolean[] = new Array(n).fill(false);
  const flag23: boolean[] = new Array(n).fill(false);
  const trendSide: Side[] = new Array(n).fill(0);

  // Run: runLength or more consecutive points on one side; a point on the mean or a gap breaks it.
  let runStart = 0;
  let runSide: Side = 0;
  const closeRun = (end: number) => {
    if (runSide !== 0 && end - runStart + 1 >= o.runLength) for (let j = runStart; j <= end; j++) flagRun[j] = true;
  };
  for (let i = 0; i < n; i++) {
    const s = side[i]!;
    if (s !== 0 && s === runSide && joined[i]) continue;
    closeRun(i - 1);
    runSide = s;
    runStart = i;
  }
  closeRun(n - 1);

  // Trend: trendLength consecutive points each strictly higher (or lower) than the last. A block of
  // equal steps at i..k covers points i−1..k; a tie (step 0) or a gap ends it.
  let blockStart = 0;
  let blockDir: Side = 0;
  const closeTrend = (end: number) => {
    if (blockDir === 0) return;
    const first = blockStart - 1;
    if (end - first + 1 < o.trendLength) return;
    for (let j = first; j <= end; j++) {
      flagTrend[j] = true;
      if (trendSide[j] === 0) trendSide[j] = blockDir; // a shared peak keeps the trend that ends at it
    }
  };
  for (let i = 0; i < n; i++) {
    const d: Side = joined[i] ? sign(values[i]! - values[i - 1]!) : 0;
    if (d !== 0 && d === blockDir) continue;
    closeTrend(i - 1);
    blockDir = d;
    blockStart = i;
  }
  closeTrend(n - 1);

  // 2 of 3: two points beyond the near-limit on the same side at most two apart, no gap between.
  for (let i = 1; i < n; i++) {
    const b = beyond[i]!;
    if (b === 0 || !joined[i]) continue;
    if (beyond[i - 1] === b) flag23[i] = flag23[i - 1] = true;
    if (i >= 2 && joined[i - 1] && beyond[i - 2] === b) flag23[i] = flag23[i - 2] = true;
  }

  const flags: Record<SpcRule, boolean[]> = { outside_limits: flagOutside, run: flagRun, trend: flagTrend, two_of_three: flag23 };
  const pointSide: Side[] = new Array(n).fill(0);
  const points: SpcPoint[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const rules = SPC_RULES.filter((r) => flags[r][i]);
    const s: Side = flagOutside[i] || flagRun[i] || flag23[i] ? side[i]! : trendSide[i]!;
    pointSide[i] = s;
    const prev = i > 0 ? values[i - 1] : null;
    points[i] = {
      month: labels[i]!,
      value: values[i] ?? null,
      movingRange: joined[i] ? Math.abs(values[i]! - prev!) : null,
      rules,
      special: rules.length > 0 ? specialFor(o.direction, s) : null,
      limits,
    };
  }

  let variation: VariationIcon = "common_cause";
  for (let i = n - 1; i >= 0; i--) {
    if (values[i] === null) continue;
    const p = points[i]!;
    if (p.special) variation = `special_${p.special}_${pointSide[i]! > 0 ? "high" : "low"}` as VariationIcon;
    break;
  }

  return {
    points,
    mean,
    mrBar,
    upperLimit: limits.upper,
    lowerLimit: limits.lower,
    upperNear: limits.upperNear,
    lowerNear: limits.lowerNear,
    trial: base.length < o.minBaseline,
    baseline: { from: base.length > 0 ? base[0]! : from, length: base.length },
    variation,
    assurance: assuranceFor(o.direction, o.target, limits.lower, limits.upper),
  };
}

/** The XmR chart of a monthly series by Making Data Count's rules (see the file comment for the decisions). */
export function xmr(series: readonly SeriesPoint[], options: SpcOptions): SpcResult {
  return xmrOfValues(prepareMonthly(series), resolveSpcOptions(options));
}

/** The baseline option for a rebase starting at a month: the first point in or after that month. */
export function rebaseIndex(series: readonly SeriesPoint[], fromMonth: string): { from: number } {
  const at = monthIndex(fromMonth);
  const from = series.findIndex((p) => monthIndex(p.month) >= at);
  if (from < 0) throw new RangeError(`No point in or after ${fromMonth} to rebase from`);
  return { from };
}

/** Start indices of the segments: 0, then each rebase's first point (rebases after the last point or at the first are dropped). */
function segmentStarts(series: readonly SeriesPoint[], rebaseMonths: readonly string[]): number[] {
  const starts = new Set<number>([0]);
  for (const month of rebaseMonths) {
    const at = monthIndex(month);
    const i = series.findIndex((p) => monthIndex(p.month) >= at);
    if (i > 0) starts.add(i);
  }
  return [...starts].sort((a, b) => a - b);
}

/**
 * One XmR chart per segment, each from a rebase month up to the next (the first from the start).
 * Each segment's baseline is its first values (baseline.length of them if given, else minBaseline);
 * `options.baseline.from` applies to the first segment only. Each result's indices are its own.
 */
export function xmrSegments(series: readonly SeriesPoint[], options: SpcOptions, rebaseMonths: readonly string[]): SpcResult[] {
  const o = resolveSpcOptions(options);
  const prepared = prepareMonthly(series);
  if (series.length === 0) return [xmrOfValues(prepared, o)];
  const starts = segmentStarts(series, rebaseMonths);
  return starts.map((start, k) => {
    const end = starts[k + 1] ?? series.length;
    const slice: PreparedSeries = {
      labels: prepared.labels.slice(start, end),
      values: prepared.values.slice(start, end),
      // The first point of a segment has no moving range: rules do not cross a rebase.
      joined: prepared.joined.slice(start, end).map((j, i) => i > 0 && j),
    };
    const baseline = k === 0 ? o.baseline : o.baseline?.length !== undefined ? { from: 0, length: o.baseline.length } : undefined;
    return xmrOfValues(slice, { ...o, baseline });
  });
}

/**
 * One chart with its rebases: every point carries the limits of its segment (`point.limits`); the
 * result's mean, limits, baseline (indexed into the whole series), trial flag and icons are the
 * latest segment's, since limits stay locked until the next rebase.
 */
export function xmrWithRebases(series: readonly SeriesPoint[], options: SpcOptions, rebaseMonths: readonly string[]): SpcResult {
  const segments = xmrSegments(series, options, rebaseMonths);
  const last = segments[segments.length - 1]!;
  const offset = series.length - last.points.length;
  return {
    ...last,
    points: segments.flatMap((s) => s.points),
    baseline: { from: last.baseline.from + offset, length: last.baseline.length },
  };
}

// ---------------------------------------------------------------------------------------------
// The summary for the report matrix.

/** What the integrated performance report's matrix shows for one indicator. */
export interface SpcSummary {
  variation: VariationIcon;
  assurance: AssuranceIcon;
  /** The last point with a figure. */
  latest: { month: string; value: number } | null;
  /** Plain English: "Special cause concern: 2 of 3 points beyond the lower near-limit (October–November 2026)". */
  label: string;
  /** Plain English for the assurance icon: "Hit and miss: the target of 78 lies within the process limits". */
  assuranceLabel: string;
  trial: boolean;
}

export interface SpcSummaryOptions extends SpcOptions {
  /** How to write a figure in the labels; default en-GB with up to 2 decimals. */
  formatValue?: (value: number) => string;
}

const defaultFormat = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 2 });

/** "November 2026" for a month, "3 March 2026" for a date (T charts), else as given. */
function pointLabel(label: string): string {
  const m = MONTH.exec(label);
  if (m) return `${MONTH_NAMES[Number(m[2]) - 1]} ${m[1]}`;
  if (/^\d{4}-\d{2}-\d{2}$/.test(label)) return formatDate(label);
  return label;
}

/** "November 2026", "October–November 2026", "November 2026–January 2027". */
export function periodLabel(first: string, last: string): string {
  if (first === last) return pointLabel(first);
  const a = MONTH.exec(first);
  const b = MONTH.exec(last);
  if (a && b && a[1] === b[1]) return `${MONTH_NAMES[Number(a[2]) - 1]}–${pointLabel(last)}`;
  return `${pointLabel(first)}–${pointLabel(last)}`;
}

const KIND = { improvement: "Special cause improvement", concern: "Special cause concern", neutral: "Special cause neutral" } as const;

/** The variation and assurance icons of a chart with plain-English labels, for the report matrix. */
export function spcSummary(result: SpcResult, options: SpcSummaryOptions): SpcSummary {
  const o = resolveSpcOptions(options);
  const fmt = options.formatValue ?? ((v: number) => defaultFormat.format(v));
  const pts = result.points;
  let L = pts.length - 1;
  while (L >= 0 && pts[L]!.value === null) L--;
  const latest = L >= 0 ? { month: pts[L]!.month, value: pts[L]!.value! } : null;

  let label: string;
  if (L < 0) label = "No figures yet";
  else if (result.variation === "common_cause" || !pts[L]!.special) label = `Common cause variation: no special cause at the latest point (${pointLabel(pts[L]!.month)})`;
  else {
    const s: Side = result.variation.endsWith("_high") ? 1 : -1;
    const p = pts[L]!;
    const meanOf = (i: number) => pts[i]!.limits?.mean ?? result.mean!;
    const sideOf = (i: number): Side => sign(pts[i]!.value! - meanOf(i));
    const joined = (i: number) => i > 0 && pts[i]!.movingRange !== null;
    // Walk back over the points of the same pattern that ends at the latest point.
    const walk = (rule: SpcRule, same: (j: number) => boolean) => {
      let j = L;
      while (joined(j) && pts[j - 1]!.rules.includes(rule) && same(j - 1)) j--;
      return j;
    };
    const high = s > 0;
    let desc: string;
    let first: number;
    if (p.rules.includes("outside_limits") && sideOf(L) === s) {
      first = walk("outside_limits", (j) => sideOf(j) === s);
      const count = L - first + 1;
      const where = high ? "above the upper process limit" : "below the lower process limit";
      desc = count === 1 ? `a point ${where}` : `${count} consecutive points ${where}`;
    } else if (p.rules.includes("run") && sideOf(L) === s) {
      first = walk("run", (j) => sideOf(j) === s);
      desc = `a run of ${L - first + 1} points ${high ? "above" : "below"} the mean`;
    } else if (p.rules.includes("two_of_three") && sideOf(L) === s) {
      const window = [L];
      const marked = (j: number) => pts[j]!.rules.includes("two_of_three") && sideOf(j) === s;
      if (joined(L) && marked(L - 1)) window.unshift(L - 1);
      if (joined(L) && joined(L - 1) && marked(L - 2)) window.unshift(L - 2);
      first = window[0]!;
      desc = `${window.length === 3 ? "3 of 3" : "2 of 3"} points beyond the ${high ? "upper" : "lower"} near-limit`;
    } else {
      first = walk("trend", (j) => (high ? pts[j]!.value! < pts[j + 1]!.value! : pts[j]!.value! > pts[j + 1]!.value!));
      desc = `${L - first + 1} consecutive points ${high ? "rising" : "falling"}`;
    }
    label = `${KIND[p.special!]}: ${desc} (${periodLabel(pts[first]!.month, p.month)})`;
  }

  let assuranceLabel: string;
  const target = o.target;
  if (o.direction === "neutral") assuranceLabel = "No assurance: the indicator has no better direction";
  else if (target === null) assuranceLabel = "No assurance: no target";
  else if (result.upperLimit === null || result.lowerLimit === null) assuranceLabel = "No assurance: too few points for limits";
  else {
    const t = fmt(target);
    const below = target < result.lowerLimit;
    switch (result.assurance) {
      case "consistently_pass":
        assuranceLabel = `Consistently passes: the target of ${t} is ${below ? "below the lower" : "above the upper"} process limit`;
        break;
      case "consistently_fail":
        assuranceLabel = `Consistently fails: the target of ${t} is ${below ? "below the lower" : "above the upper"} process limit, so the process must change to meet it`;
        break;
      case "hit_and_miss":
        assuranceLabel = `Hit and miss: the target of ${t} lies within the process limits`;
        break;
      default:
        assuranceLabel = "No assurance";
    }
  }
  if (result.trial && result.upperLimit !== null && o.direction !== "neutral" && target !== null) assuranceLabel += ` (trial limits, fewer than ${o.minBaseline} points)`;

  return { variation: result.variation, assurance: result.assurance, latest, label, assuranceLabel, trial: result.trial };
}
