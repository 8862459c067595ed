/**
 * Statistical process control as NHS England's Making Data Count programme uses it (issue 14;
 * DOMAIN-REFERENCE.md "NHS SPC rules"). Pure data; computed in `spc.ts`.
 */

/** Which way is better for an indicator. */
export type Direction = "higher" | "lower" | "neutral";

/** The four Making Data Count rules. */
export const SPC_RULES = ["outside_limits", "run", "trend", "two_of_three"] as const;
export type SpcRule = (typeof SPC_RULES)[number];

export const SPC_RULE_LABELS: Record<SpcRule, string> = {
  outside_limits: "A point outside the process limits",
  run: "A run of points on one side of the mean",
  trend: "Consecutive increases or decreases",
  two_of_three: "Two of three points beyond the near-limit on the same side",
};

export interface SpcOptions {
  direction: Direction;
  /** The target, if any, for the assurance icon. */
  target?: number | null;
  /** Run of points on one side of the mean that signals (default 7). */
  runLength?: number;
  /** Consecutive increases or decreases that signal (default 7 points, i.e. 6 rises). */
  trendLength?: number;
  /** Points needed for a locked baseline (default 12); fewer give trial limits. */
  minBaseline?: number;
  /**
   * Which points the limits are computed from: the index of the first baseline point and how many
   * (a rebase starts a new baseline). Default: from the first point, up to the first 12 (or all).
   */
  baseline?: { from: number; length?: number };
}

/** The centre line and limits a point is judged against (its segment's, when the chart has been rebased). */
export interface SpcLimits {
  mean: number | null;
  upper: number | null;
  lower: number | null;
  upperNear: number | null;
  lowerNear: number | null;
}

/** One plotted point with what the rules found. */
export interface SpcPoint {
  month: string;
  /** null when the month has no figure (a gap: not plotted, breaks runs and trends). */
  value: number | null;
  /** |x_i − x_{i−1}|; null for the first point of a segment or after a gap. */
  movingRange: number | null;
  /** The rules this point is part of a triggering run for (every point of the run is flagged). */
  rules: SpcRule[];
  /** Whether a special cause at this point is an improvement, a concern or neutral (no direction). */
  special: "improvement" | "concern" | "neutral" | null;
  /** The limits of the point's segment (set by `xmr` and `xmrWithRebases`). */
  limits?: SpcLimits;
}

/** The variation icon: from the last point and the direction. */
export type VariationIcon = "common_cause" | "special_improvement_high" | "special_improvement_low" | "special_concern_high" | "special_concern_low" | "special_neutral_high" | "special_neutral_low";

/** The assurance icon: whether the process will consistently meet the target. */
export type AssuranceIcon = "consistently_pass" | "consistently_fail" | "hit_and_miss" | "none";

export interface SpcResult {
  points: SpcPoint[];
  mean: number | null;
  /** Mean moving range of the baseline. */
  mrBar: number | null;
  upperLimit: number | null;
  lowerLimit: number | null;
  upperNear: number | null;
  lowerNear: number | null;
  /** Fewer than minBaseline points in the baseline: the limits are trial limits. */
  trial: boolean;
  baseline: { from: number; length: number };
  variation: VariationIcon;
  assurance: AssuranceIcon;
}

/** Making Data Count's colours: orange for concern, blue for improvement, grey for common cause, purple for neutral. */
export const MDC_COLOURS = { concern: "#ED8B00", improvement: "#41B6E6", common: "#A6A6A6", neutral: "#330072", pass: "#41B6E6", fail: "#ED8B00", hitAndMiss: "#A6A6A6" } as const;
