import { describe, expect, it } from "vitest";
import { addMonths } from "../format/dates";
import {
  NEAR_LIMIT_FACTOR,
  PROCESS_LIMIT_FACTOR,
  assuranceFor,
  periodLabel,
  rebaseIndex,
  spcSummary,
  xmr,
  xmrSegments,
  xmrWithRebases,
  type SeriesPoint,
} from "./spc";
import type { SpcOptions, SpcResult, SpcRule } from "./types";

function monthly(start: string, values: (number | null)[]): SeriesPoint[] {
  return values.map((value, i) => ({ month: addMonths(start, i), value }));
}

/*
 * The worked baseline, October 2025 to September 2026 (12 points):
 *   50, 53, 50, 47, 50, 53, 50, 47, 50, 53, 50, 47
 * sum   = 6 × 50 + 3 × 53 + 3 × 47 = 300 + 159 + 141 = 600   → mean = 600 / 12 = 50
 * MRs   = |53−50|, |50−53|, |47−50|, … = 3 each, 11 of them = 33 → mrBar = 33 / 11 = 3
 * limits = 50 ± 2.66 × 3 = 50 ± 7.98            → upper 57.98, lower 42.02
 * near   = 50 ± (2/3 × 2.66) × 3 = 50 ± 5.32    → upper near 55.32, lower near 44.68
 * Six points sit exactly on the mean, so the baseline itself has no run; it ends below the mean (47).
 * Points appended after it start in October 2026 and are judged against these locked limits.
 */
const B0 = [50, 53, 50, 47, 50, 53, 50, 47, 50, 53, 50, 47];
const START = "2025-10";
const after = (...values: (number | null)[]) => monthly(START, [...B0, ...values]);
const HIGHER: SpcOptions = { direction: "higher" };
const LOWER: SpcOptions = { direction: "lower" };
const NEUTRAL: SpcOptions = { direction: "neutral" };
const flagged = (r: SpcResult, rule: SpcRule) => r.points.flatMap((p, i) => (p.rules.includes(rule) ? [i] : []));
const anyFlag = (r: SpcResult) => r.points.flatMap((p, i) => (p.rules.length ? [i] : []));
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe("xmr: the worked baseline", () => {
  const r = xmr(after(), HIGHER);

  it("computes the mean, mean moving range and limits by hand", () => {
    expect(r.mean).toBe(50);
    expect(r.mrBar).toBe(3);
    expect(r.upperLimit).toBeCloseTo(57.98, 10);
    expect(r.lowerLimit).toBeCloseTo(42.02, 10);
    expect(r.upperNear).toBeCloseTo(55.32, 10);
    expect(r.lowerNear).toBeCloseTo(44.68, 10);
    expect(PROCESS_LIMIT_FACTOR).toBe(2.66);
    expect(NEAR_LIMIT_FACTOR).toBeCloseTo(1.7733, 4);
  });

  it("has moving ranges from the second point and locks a 12-point baseline", () => {
    expect(r.points.map((p) => p.movingRange)).toEqual([null, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3]);
    expect(r.trial).toBe(false);
    expect(r.baseline).toEqual({ from: 0, length: 12 });
    expect(anyFlag(r)).toEqual([]);
    expect(r.points.every((p) => p.special === null)).toBe(true);
    expect(r.variation).toBe("common_cause");
    expect(r.assurance).toBe("none");
  });

  it("gives every point the limits it is judged against", () => {
    expect(r.points[5]!.limits).toEqual({ mean: 50, upper: r.upperLimit, lower: r.lowerLimit, upperNear: r.upperNear, lowerNear: r.lowerNear });
  });

  it("keeps the limits locked whatever comes after the baseline", () => {
    const later = xmr(after(70, 10, 70, 10, 70, 10), HIGHER);
    expect(later.mean).toBe(50);
    expect(later.mrBar).toBe(3);
    expect(later.points[13]!.movingRange).toBe(60);
  });
});

describe("rule: a point outside the process limits", () => {
  it("flags a point above the upper limit (58 > 57.98)", () => {
    const r = xmr(after(58), HIGHER);
    expect(flagged(r, "outside_limits")).toEqual([12]);
    expect(r.points[12]!.special).toBe("improvement");
    expect(r.variation).toBe("special_improvement_high");
  });

  it("does not flag a point just inside (57.9)", () => {
    expect(anyFlag(xmr(after(57.9), HIGHER))).toEqual([]);
  });

  it("flags a point below the lower limit (42 < 42.02)", () => {
    const r = xmr(after(42), HIGHER);
    expect(flagged(r, "outside_limits")).toEqual([12]);
    expect(r.points[12]!.special).toBe("concern");
    expect(r.variation).toBe("special_concern_low");
  });

  it("does not flag a point exactly on a limit", () => {
    const { upperLimit, lowerLimit } = xmr(after(), HIGHER);
    expect(flagged(xmr(after(upperLimit!), HIGHER), "outside_limits")).toEqual([]);
    expect(flagged(xmr(after(lowerLimit!), HIGHER), "outside_limits")).toEqual([]);
  });
});

describe("rule: a run on one side of the mean", () => {
  it("flags every point of a run of 7 above the mean", () => {
    const r = xmr(after(51, 52, 51, 52, 51, 52, 51), HIGHER);
    expect(flagged(r, "run")).toEqual(range(12, 18));
    expect(flagged(r, "trend")).toEqual([]);
    expect(flagged(r, "two_of_three")).toEqual([]);
    expect(r.points.slice(12).every((p) => p.special === "improvement")).toBe(true);
    expect(r.variation).toBe("special_improvement_high");
  });

  it("does not flag exactly 6 above the mean", () => {
    expect(anyFlag(xmr(after(51, 52, 51, 52, 51, 52), HIGHER))).toEqual([]);
  });

  it("flags every point of a longer run (9), not just 7", () => {
    expect(flagged(xmr(after(51, 52, 51, 52, 51, 52, 51, 52, 51), HIGHER), "run")).toEqual(range(12, 20));
  });

  it("flags a run of 7 below the mean, after a point on the mean", () => {
    const r = xmr(after(50, 49, 48, 49, 48, 49, 48, 49), HIGHER);
    expect(flagged(r, "run")).toEqual(range(13, 19));
    expect(r.points[13]!.special).toBe("concern");
    expect(r.variation).toBe("special_concern_low");
  });

  it("counts baseline points in a run: the baseline's last 47 and 6 more below make 7", () => {
    expect(flagged(xmr(after(49, 48, 49, 48, 49, 48), HIGHER), "run")).toEqual(range(11, 17));
  });

  it("is broken by a point exactly on the mean", () => {
    // After the baseline's 47: + + + then 50 (on the mean) then + + + + + + : runs of 3 and 6.
    const broken = after(51, 52, 51, 50, 52, 51, 52, 51, 52, 51);
    expect(anyFlag(xmr(broken, HIGHER))).toEqual([]);
    // One more above makes the second run 7; the points before the 50 stay unflagged.
    const r = xmr([...broken, { month: addMonths(START, 22), value: 52 }], HIGHER);
    expect(flagged(r, "run")).toEqual(range(16, 22));
  });

  it("is broken by a gap", () => {
    const r = xmr(after(51, 52, 51, null, 52, 51, 52, 51), HIGHER);
    expect(anyFlag(r)).toEqual([]);
    expect(r.points[15]!.value).toBeNull();
    expect(r.points[15]!.movingRange).toBeNull();
    expect(r.points[16]!.movingRange).toBeNull();
    expect(r.points[17]!.movingRange).toBe(1);
  });

  it("uses the configured run length", () => {
    const seven = after(51, 52, 51, 52, 51, 52, 51);
    expect(anyFlag(xmr(seven, { ...HIGHER, runLength: 8 }))).toEqual([]);
    expect(flagged(xmr(after(51, 52, 51, 52, 51), { ...HIGHER, runLength: 5 }), "run")).toEqual(range(12, 16));
  });
});

describe("rule: a trend of consecutive increases or decreases", () => {
  it("flags 7 points each higher than the last; the tie before it is not part of it", () => {
    // Baseline ends 47; then 47 (a tie), 48 … 53: the trend is the 7 points 47, 48, …, 53.
    const r = xmr(after(47, 48, 49, 50, 51, 52, 53), HIGHER);
    expect(flagged(r, "trend")).toEqual(range(12, 18));
    expect(flagged(r, "run")).toEqual([]);
    expect(flagged(r, "two_of_three")).toEqual([]);
    expect(r.points[12]!.special).toBe("improvement"); // 47 is below the mean but rising
    expect(r.variation).toBe("special_improvement_high");
    expect(xmr(after(47, 48, 49, 50, 51, 52, 53), LOWER).variation).toBe("special_concern_high");
  });

  it("does not flag 6 rising points", () => {
    expect(anyFlag(xmr(after(47, 48, 49, 50, 51, 52), HIGHER))).toEqual([]);
  });

  it("is broken by a tie", () => {
    // 47, 48, 49, 49, 50, 51, 52, 53: the longest strictly rising stretch is 49 … 53, 5 points.
    expect(flagged(xmr(after(47, 48, 49, 49, 50, 51, 52, 53), HIGHER), "trend")).toEqual([]);
  });

  it("is broken by a gap", () => {
    expect(flagged(xmr(after(47, 48, 49, null, 50, 51, 52, 53), HIGHER), "trend")).toEqual([]);
  });

  it("flags a falling trend; a last point on the mean takes the trend's side", () => {
    // 56 … 50: 7 falling points; 56 … 51 is only 6 above the mean and 50 is on it, so no run.
    const r = xmr(after(56, 55, 54, 53, 52, 51, 50), HIGHER);
    expect(flagged(r, "trend")).toEqual(range(12, 18));
    expect(flagged(r, "run")).toEqual([]);
    expect(r.points[18]!.special).toBe("concern");
    expect(r.variation).toBe("special_concern_low");
  });

  it("gives a peak shared by a rise and a fall the rise that ends at it", () => {
    const r = xmr(after(47, 48, 49, 50, 51, 52, 53, 52, 51, 50, 49, 48, 47), HIGHER);
    expect(flagged(r, "trend")).toEqual(range(12, 24));
    expect(r.points[18]!.special).toBe("improvement");
    expect(r.points[19]!.special).toBe("concern");
    expect(r.variation).toBe("special_concern_low");
  });

  it("uses the configured trend length", () => {
    expect(flagged(xmr(after(47, 48, 49, 50, 51, 52), { ...HIGHER, trendLength: 6 }), "trend")).toEqual(range(12, 17));
    expect(anyFlag(xmr(after(47, 48, 49, 50, 51, 52, 53), { ...HIGHER, trendLength: 8 }))).toEqual([]);
  });

  it("lets a point-position rule decide the side over a trend", () => {
    // 7 rising points all below the mean (a run of 8 with the baseline's 47): the run says low.
    const r = xmr(monthly(START, [...B0.slice(0, 11), 47, 43, 44, 45, 46, 47, 48, 49]), HIGHER);
    expect(r.points[18]!.rules).toEqual(["run", "trend"]);
    expect(r.points[18]!.special).toBe("concern");
    expect(r.variation).toBe("special_concern_low");
  });
});

describe("rule: 2 of 3 points beyond the near-limit on the same side", () => {
  it("flags the two points beyond the upper near-limit, not the third", () => {
    const r = xmr(after(56, 51, 56), HIGHER);
    expect(flagged(r, "two_of_three")).toEqual([12, 14]);
    expect(r.points[13]!.rules).toEqual([]);
    expect(r.variation).toBe("special_improvement_high");
  });

  it("flags two adjacent points beyond the lower near-limit", () => {
    const r = xmr(after(44, 44), HIGHER);
    expect(flagged(r, "two_of_three")).toEqual([12, 13]);
    expect(r.variation).toBe("special_concern_low");
  });

  it("flags all three of 3 of 3", () => {
    expect(flagged(xmr(after(56, 56, 56), HIGHER), "two_of_three")).toEqual([12, 13, 14]);
  });

  it("counts a point beyond the process limit as beyond the near-limit", () => {
    const r = xmr(after(59, 56), HIGHER);
    expect(r.points[12]!.rules).toEqual(["outside_limits", "two_of_three"]);
    expect(r.points[13]!.rules).toEqual(["two_of_three"]);
  });

  it("needs both on the same side and within 3 points", () => {
    expect(anyFlag(xmr(after(56, 44, 51), HIGHER))).toEqual([]);
    expect(anyFlag(xmr(after(56, 51, 51, 56), HIGHER))).toEqual([]);
  });

  it("does not count a point exactly on the near-limit, nor a window across a gap", () => {
    const { upperNear } = xmr(after(), HIGHER);
    expect(anyFlag(xmr(after(upperNear!, upperNear!), HIGHER))).toEqual([]);
    expect(anyFlag(xmr(after(56, null, 56), HIGHER))).toEqual([]);
  });
});

describe("direction and the variation icons", () => {
  it.each([
    [HIGHER, 58, "improvement", "special_improvement_high"],
    [HIGHER, 42, "concern", "special_concern_low"],
    [LOWER, 58, "concern", "special_concern_high"],
    [LOWER, 42, "improvement", "special_improvement_low"],
    [NEUTRAL, 58, "neutral", "special_neutral_high"],
    [NEUTRAL, 42, "neutral", "special_neutral_low"],
  ] as const)("%o with a last point of %d: %s, %s", (options, value, special, icon) => {
    const r = xmr(after(value), options);
    expect(r.points[12]!.special).toBe(special);
    expect(r.variation).toBe(icon);
  });

  it("is common cause when the last point is not flagged, even after a signal", () => {
    expect(xmr(after(58, 50), HIGHER).variation).toBe("common_cause");
  });

  it("takes the icon from the last point with a figure, ignoring trailing gaps", () => {
    expect(xmr(after(58, null, null), HIGHER).variation).toBe("special_improvement_high");
  });
});

describe("assurance against the target", () => {
  const base = after();
  it.each([
    [HIGHER, 40, "consistently_pass"], // 40 < lower limit 42.02: every point meets ≥ 40
    [HIGHER, 60, "consistently_fail"], // 60 > upper limit 57.98: no point reaches it
    [HIGHER, 50, "hit_and_miss"],
    [LOWER, 60, "consistently_pass"], // lower is better: every point stays under 60
    [LOWER, 40, "consistently_fail"],
    [LOWER, 50, "hit_and_miss"],
    [NEUTRAL, 40, "none"],
    [HIGHER, null, "none"],
    [HIGHER, undefined, "none"],
  ] as const)("%o with target %s: %s", (options, target, icon) => {
    expect(xmr(base, { ...options, target }).assurance).toBe(icon);
  });

  it("treats a target exactly on a limit as inside (hit and miss)", () => {
    const { lowerLimit, upperLimit } = xmr(base, HIGHER);
    expect(xmr(base, { ...HIGHER, target: lowerLimit }).assurance).toBe("hit_and_miss");
    expect(xmr(base, { ...LOWER, target: upperLimit }).assurance).toBe("hit_and_miss");
  });

  it("is none without limits (a single point)", () => {
    expect(xmr(monthly(START, [7]), { ...HIGHER, target: 5 }).assurance).toBe("none");
    expect(assuranceFor("higher", 5, null, null)).toBe("none");
  });
});

describe("fewer than 12 points: trial limits", () => {
  // 10, 12, 14, 12, 10: mean 58 / 5 = 11.6; MRs 2, 2, 2, 2 → mrBar 2;
  // limits 11.6 ± 5.32 = 16.92 and 6.28; near 11.6 ± 3.5467.
  const r = xmr(monthly("2026-01", [10, 12, 14, 12, 10]), { ...HIGHER, target: 5 });
  it("computes limits from all the points and marks them trial", () => {
    expect(r.trial).toBe(true);
    expect(r.baseline).toEqual({ from: 0, length: 5 });
    expect(r.mean).toBeCloseTo(11.6, 10);
    expect(r.mrBar).toBe(2);
    expect(r.upperLimit).toBeCloseTo(16.92, 10);
    expect(r.lowerLimit).toBeCloseTo(6.28, 10);
    expect(r.upperNear).toBeCloseTo(11.6 + (2 / 3) * 2.66 * 2, 10);
  });

  it("still computes the assurance (target 5 < lower limit 6.28)", () => {
    expect(r.assurance).toBe("consistently_pass");
  });

  it("is trial with 11 points and locked with 12", () => {
    expect(xmr(monthly(START, B0.slice(0, 11)), HIGHER).trial).toBe(true);
    expect(xmr(monthly(START, B0), HIGHER).trial).toBe(false);
  });

  it("uses minBaseline", () => {
    expect(xmr(monthly("2026-01", [10, 12, 14, 12, 10]), { ...HIGHER, minBaseline: 5 }).trial).toBe(false);
  });

  it("counts only points with a figure towards the baseline", () => {
    const r2 = xmr(monthly(START, [...B0.slice(0, 6), null, ...B0.slice(6), 90]), HIGHER);
    expect(r2.baseline).toEqual({ from: 0, length: 12 });
    expect(r2.mean).toBe(50); // the 90 in month 14 is after the 12 values
    expect(r2.trial).toBe(false);
  });
});

describe("the baseline option", () => {
  const shifted = monthly(START, [...B0, ...B0.map((v) => v + 10)]);

  it("computes limits from the points from `from`, and judges the earlier points against them", () => {
    const r = xmr(shifted, { ...HIGHER, baseline: { from: 12 } });
    expect(r.mean).toBe(60);
    expect(r.mrBar).toBe(3); // MRs within months 13–24 only; the 47 → 60 step is outside the baseline
    expect(r.baseline).toEqual({ from: 12, length: 12 });
    expect(flagged(r, "run")).toEqual(range(0, 11));
    expect(r.points[3]!.rules).toEqual(["outside_limits", "run", "two_of_three"]); // 47 < 52.02
  });

  it("takes a longer baseline when asked", () => {
    const r = xmr(shifted, { ...HIGHER, baseline: { from: 0, length: 24 } });
    expect(r.mean).toBe(55);
    // 22 MRs of 3 and the 47 → 60 step of 13: (66 + 13) / 23.
    expect(r.mrBar).toBeCloseTo(79 / 23, 10);
    expect(r.trial).toBe(false);
  });
});

describe("edge cases", () => {
  it("handles an empty series", () => {
    expect(xmr([], { ...HIGHER, target: 5 })).toEqual({
      points: [],
      mean: null,
      mrBar: null,
      upperLimit: null,
      lowerLimit: null,
      upperNear: null,
      lowerNear: null,
      trial: true,
      baseline: { from: 0, length: 0 },
      variation: "common_cause",
      assurance: "none",
    });
  });

  it("handles a single point: a mean but no limits", () => {
    const r = xmr(monthly(START, [7]), HIGHER);
    expect(r.mean).toBe(7);
    expect(r.mrBar).toBeNull();
    expect(r.upperLimit).toBeNull();
    expect(r.trial).toBe(true);
    expect(r.points).toEqual([{ month: START, value: 7, movingRange: null, rules: [], special: null, limits: { mean: 7, upper: null, lower: null, upperNear: null, lowerNear: null } }]);
    expect(r.variation).toBe("common_cause");
  });

  it("handles an all-null series", () => {
    const r = xmr(monthly(START, [null, null]), HIGHER);
    expect(r.mean).toBeNull();
    expect(r.baseline).toEqual({ from: 0, length: 0 });
    expect(r.variation).toBe("common_cause");
  });

  it("handles a flat series: limits equal the mean, and a later different point is outside them", () => {
    const flat = xmr(monthly(START, new Array(12).fill(5)), { ...HIGHER, target: 5 });
    expect([flat.mean, flat.mrBar, flat.upperLimit, flat.lowerLimit, flat.upperNear, flat.lowerNear]).toEqual([5, 0, 5, 5, 5, 5]);
    expect(anyFlag(flat)).toEqual([]); // every point is on the mean
    expect(flat.assurance).toBe("hit_and_miss");
    expect(xmr(monthly(START, new Array(12).fill(5)), { ...HIGHER, target: 4 }).assurance).toBe("consistently_pass");
    const r = xmr(monthly(START, [...new Array(12).fill(5), 6]), HIGHER);
    expect(r.points[12]!.rules).toEqual(["outside_limits"]);
    expect(r.variation).toBe("special_improvement_high");
  });

  it("treats a flat series of 0.1 (mean 0.0999…) as on its mean", () => {
    const r = xmr(monthly(START, new Array(14).fill(0.1)), HIGHER);
    expect(anyFlag(r)).toEqual([]);
  });

  it("handles negative values", () => {
    // The worked baseline less 55: mean −5, mrBar 3, limits 2.98 and −12.98.
    const r = xmr(monthly(START, [...B0.map((v) => v - 55), -13]), LOWER);
    expect(r.mean).toBe(-5);
    expect(r.upperLimit).toBeCloseTo(2.98, 10);
    expect(r.lowerLimit).toBeCloseTo(-12.98, 10);
    expect(r.points[12]!.rules).toEqual(["outside_limits"]);
    expect(r.variation).toBe("special_improvement_low");
  });

  it("starts the baseline at the first figure when the series opens with nulls", () => {
    const r = xmr(monthly(START, [null, null, ...B0]), HIGHER);
    expect(r.baseline).toEqual({ from: 2, length: 12 });
    expect(r.mean).toBe(50);
    expect(r.mrBar).toBe(3);
    expect(r.points.slice(0, 4).map((p) => p.movingRange)).toEqual([null, null, null, 3]);
  });

  it("leaves the moving range across a gap out of the mean moving range", () => {
    // 10, 12, gap, 16, 14: mean 52 / 4 = 13; MRs null, 2, null, null, 2 → mrBar 2 (not 12 → 16).
    const r = xmr(monthly("2026-01", [10, 12, null, 16, 14]), HIGHER);
    expect(r.mean).toBe(13);
    expect(r.points.map((p) => p.movingRange)).toEqual([null, 2, null, null, 2]);
    expect(r.mrBar).toBe(2);
  });

  it("treats a calendar month missing from the series as a gap", () => {
    const r = xmr([{ month: "2026-01", value: 10 }, { month: "2026-02", value: 12 }, { month: "2026-04", value: 16 }, { month: "2026-05", value: 14 }], HIGHER);
    expect(r.points.map((p) => p.movingRange)).toEqual([null, 2, null, 2]);
    expect(r.mrBar).toBe(2);
  });

  it("carries a year boundary as consecutive months", () => {
    const r = xmr([{ month: "2026-12", value: 10 }, { month: "2027-01", value: 12 }], HIGHER);
    expect(r.points[1]!.movingRange).toBe(2);
  });
});

describe("validation", () => {
  const s = after();
  it.each([
    [{ direction: "up" }, /direction/],
    [{ direction: "higher", runLength: 1 }, /runLength/],
    [{ direction: "higher", runLength: 6.5 }, /runLength/],
    [{ direction: "higher", trendLength: 2 }, /trendLength/],
    [{ direction: "higher", minBaseline: 1 }, /minBaseline/],
    [{ direction: "higher", target: Number.NaN }, /target/],
    [{ direction: "higher", target: Infinity }, /target/],
    [{ direction: "higher", baseline: { from: -1 } }, /baseline.from/],
    [{ direction: "higher", baseline: { from: 1.5 } }, /baseline.from/],
    [{ direction: "higher", baseline: { from: 12 } }, /past the last point/],
    [{ direction: "higher", baseline: { from: 0, length: 1 } }, /baseline.length/],
  ])("rejects %o", (options, message) => {
    expect(() => xmr(s, options as SpcOptions)).toThrow(RangeError);
    expect(() => xmr(s, options as SpcOptions)).toThrow(message);
  });

  it("rejects bad figures and months", () => {
    expect(() => xmr([{ month: "2026-01", value: Number.NaN }], HIGHER)).toThrow(/finite number/);
    expect(() => xmr([{ month: "2026-01", value: Infinity }], HIGHER)).toThrow(RangeError);
    expect(() => xmr([{ month: "2026-13", value: 1 }], HIGHER)).toThrow(/YYYY-MM/);
    expect(() => xmr([{ month: "January 2026", value: 1 }], HIGHER)).toThrow(/YYYY-MM/);
    expect(() => xmr([{ month: "2026-02", value: 1 }, { month: "2026-01", value: 2 }], HIGHER)).toThrow(/in order/);
    expect(() => xmr([{ month: "2026-02", value: 1 }, { month: "2026-02", value: 2 }], HIGHER)).toThrow(/repeats/);
  });
});

describe("rebases", () => {
  // The worked baseline, then the same pattern 10 higher from October 2026 (mean 60, mrBar 3).
  const shifted = monthly(START, [...B0, ...B0.map((v) => v + 10)]);

  it("without a rebase the shift is special cause", () => {
    const r = xmr(shifted, HIGHER);
    expect(flagged(r, "run")).toEqual(range(12, 23));
    expect(r.variation).toBe("special_improvement_high");
  });

  it("rebaseIndex finds the first point in or after the month", () => {
    expect(rebaseIndex(shifted, "2026-10")).toEqual({ from: 12 });
    expect(rebaseIndex(shifted, "2020-01")).toEqual({ from: 0 });
    expect(xmr(shifted, { ...HIGHER, baseline: rebaseIndex(shifted, "2026-10") }).mean).toBe(60);
    expect(() => rebaseIndex(shifted, "2030-01")).toThrow(RangeError);
    expect(() => rebaseIndex(shifted, "Oct 2026")).toThrow(RangeError);
  });

  it("xmrSegments gives each segment its own baseline and limits", () => {
    const [before, since, ...rest] = xmrSegments(shifted, HIGHER, ["2026-10"]);
    expect(rest).toEqual([]);
    expect(before!.points).toHaveLength(12);
    expect(before!.mean).toBe(50);
    expect(since!.mean).toBe(60);
    expect(since!.mrBar).toBe(3);
    expect(since!.upperLimit).toBeCloseTo(67.98, 10);
    expect(since!.baseline).toEqual({ from: 0, length: 12 });
    expect(since!.points[0]!.movingRange).toBeNull(); // no moving range across a rebase
    expect(anyFlag(before!)).toEqual([]);
    expect(anyFlag(since!)).toEqual([]);
  });

  it("xmrWithRebases plots every point against its segment's limits", () => {
    const r = xmrWithRebases(shifted, HIGHER, ["2026-10"]);
    expect(r.points).toHaveLength(24);
    expect(r.points[11]!.limits!.mean).toBe(50);
    expect(r.points[12]!.limits!.mean).toBe(60);
    expect(r.points[12]!.limits!.lower).toBeCloseTo(52.02, 10);
    expect(r.points[12]!.movingRange).toBeNull();
    expect(r.points[13]!.movingRange).toBe(3);
    expect(r.mean).toBe(60);
    expect(r.baseline).toEqual({ from: 12, length: 12 });
    expect(r.trial).toBe(false);
    expect(anyFlag(r)).toEqual([]);
    expect(r.variation).toBe("common_cause");
    // Target 50: inside the old limits (hit and miss) but below the new lower limit 52.02 (pass).
    expect(xmr(shifted, { ...HIGHER, target: 50 }).assurance).toBe("hit_and_miss");
    expect(xmrWithRebases(shifted, { ...HIGHER, target: 50 }, ["2026-10"]).assurance).toBe("consistently_pass");
  });

  it("gives trial limits to a recent rebase with fewer than 12 points", () => {
    const r = xmrWithRebases(shifted, HIGHER, ["2027-04"]);
    expect(r.trial).toBe(true);
    expect(r.baseline).toEqual({ from: 18, length: 6 });
    expect(r.points[0]!.limits!.mean).toBe(50); // the first segment (18 points) keeps its 12-point baseline
  });

  it("ignores rebases at or before the first point and after the last, and repeats", () => {
    const plain = xmrWithRebases(shifted, HIGHER, []);
    expect(xmrWithRebases(shifted, HIGHER, ["2025-10", "2020-01", "2031-01"])).toEqual(plain);
    expect(xmrSegments(shifted, HIGHER, ["2026-10", "2026-10", "2026-09"]).map((r) => r.points.length)).toEqual([11, 1, 12]);
    expect(plain.points.map(({ limits: _l, ...p }) => p)).toEqual(xmr(shifted, HIGHER).points.map(({ limits: _l, ...p }) => p));
  });

  it("starts a rebase at the next point when the month has no point, and rejects bad months", () => {
    const gappy = shifted.filter((p) => p.month !== "2026-10");
    expect(xmrSegments(gappy, HIGHER, ["2026-10"])[1]!.points[0]!.month).toBe("2026-11");
    expect(() => xmrSegments(shifted, HIGHER, ["October"])).toThrow(RangeError);
  });

  it("applies baseline.length to every segment and baseline.from to the first", () => {
    const [a, b] = xmrSegments(shifted, { ...HIGHER, baseline: { from: 1, length: 4 } }, ["2026-10"]);
    expect(a!.baseline).toEqual({ from: 1, length: 4 }); // 53, 50, 47, 50 → mean 50
    expect(a!.mean).toBe(50);
    expect(b!.baseline).toEqual({ from: 0, length: 4 }); // 60, 63, 60, 57 → mean 60
    expect(b!.mean).toBe(60);
    expect(a!.trial).toBe(true);
  });

  it("handles an empty series", () => {
    expect(xmrSegments([], HIGHER, ["2026-01"])).toHaveLength(1);
    expect(xmrWithRebases([], HIGHER, ["2026-01"]).points).toEqual([]);
  });
});

describe("spcSummary", () => {
  const label = (values: (number | null)[], options: SpcOptions = HIGHER) => spcSummary(xmr(after(...values), options), options).label;

  it("says common cause with the latest month", () => {
    const s = spcSummary(xmr(after(), HIGHER), HIGHER);
    expect(s).toEqual({
      variation: "common_cause",
      assurance: "none",
      latest: { month: "2026-09", value: 47 },
      label: "Common cause variation: no special cause at the latest point (September 2026)",
      assuranceLabel: "No assurance: no target",
      trial: false,
    });
  });

  it("describes each rule", () => {
    expect(label([58])).toBe("Special cause improvement: a point above the upper process limit (October 2026)");
    expect(label([42, 41])).toBe("Special cause concern: 2 consecutive points below the lower process limit (October–November 2026)");
    expect(label([44, 44])).toBe("Special cause concern: 2 of 3 points beyond the lower near-limit (October–November 2026)");
    expect(label([56, 51, 56])).toBe("Special cause improvement: 2 of 3 points beyond the upper near-limit (October–December 2026)");
    expect(label([56, 56, 56])).toBe("Special cause improvement: 3 of 3 points beyond the upper near-limit (October–December 2026)");
    expect(label([51, 52, 51, 52, 51, 52, 51])).toBe("Special cause improvement: a run of 7 points above the mean (October 2026–April 2027)");
    expect(label([49, 48, 49, 48, 49, 48])).toBe("Special cause concern: a run of 7 points below the mean (September 2026–March 2027)");
    expect(label([56, 55, 54, 53, 52, 51, 50])).toBe("Special cause concern: 7 consecutive points falling (October 2026–April 2027)");
    expect(label([47, 48, 49, 50, 51, 52, 53], LOWER)).toBe("Special cause concern: 7 consecutive points rising (October 2026–April 2027)");
    expect(label([58], NEUTRAL)).toBe("Special cause neutral: a point above the upper process limit (October 2026)");
  });

  it("names the point-position rule when a trend and a run disagree", () => {
    const r = xmr(monthly(START, [...B0.slice(0, 11), 47, 43, 44, 45, 46, 47, 48, 49]), HIGHER);
    expect(spcSummary(r, HIGHER).label).toBe("Special cause concern: a run of 8 points below the mean (September 2026–April 2027)");
  });

  it("ignores trailing gaps and says when there are no figures", () => {
    const s = spcSummary(xmr(after(58, null), HIGHER), HIGHER);
    expect(s.latest).toEqual({ month: "2026-10", value: 58 });
    expect(s.label).toMatch(/^Special cause improvement: a point above/);
    const empty = spcSummary(xmr([], HIGHER), HIGHER);
    expect(empty.latest).toBeNull();
    expect(empty.label).toBe("No figures yet");
  });

  it("describes the assurance", () => {
    const base = xmr(after(), { ...HIGHER, target: 40 });
    expect(spcSummary(base, { ...HIGHER, target: 40 }).assuranceLabel).toBe("Consistently passes: the target of 40 is below the lower process limit");
    const fail = xmr(after(), { ...HIGHER, target: 60 });
    expect(spcSummary(fail, { ...HIGHER, target: 60 }).assuranceLabel).toBe("Consistently fails: the target of 60 is above the upper process limit, so the process must change to meet it");
    const lowFail = xmr(after(), { ...LOWER, target: 40 });
    expect(spcSummary(lowFail, { ...LOWER, target: 40 }).assuranceLabel).toBe("Consistently fails: the target of 40 is below the lower process limit, so the process must change to meet it");
    const hit = xmr(after(), { ...HIGHER, target: 52.5 });
    expect(spcSummary(hit, { ...HIGHER, target: 52.5, formatValue: (v) => `${v.toFixed(1)}%` }).assuranceLabel).toBe("Hit and miss: the target of 52.5% lies within the process limits");
    expect(spcSummary(base, { ...NEUTRAL, target: 40 }).assuranceLabel).toBe("No assurance: the indicator has no better direction");
    expect(spcSummary(xmr(monthly(START, [1]), HIGHER), { ...HIGHER, target: 1 }).assuranceLabel).toBe("No assurance: too few points for limits");
  });

  it("says when the limits are trial", () => {
    const options = { ...HIGHER, target: 5 };
    const s = spcSummary(xmr(monthly("2026-01", [10, 12, 14, 12, 10]), options), options);
    expect(s.trial).toBe(true);
    expect(s.assuranceLabel).toBe("Consistently passes: the target of 5 is below the lower process limit (trial limits, fewer than 12 points)");
  });

  it("judges a rebased chart's points against their own segment", () => {
    const shifted = monthly(START, [...B0, ...B0.map((v) => v + 10), 53, 53]);
    const s = spcSummary(xmrWithRebases(shifted, HIGHER, ["2026-10"]), HIGHER);
    expect(s.label).toBe("Special cause concern: 2 of 3 points beyond the lower near-limit (October–November 2027)");
  });

  it("writes periods", () => {
    expect(periodLabel("2026-10", "2026-10")).toBe("October 2026");
    expect(periodLabel("2026-10", "2026-11")).toBe("October–November 2026");
    expect(periodLabel("2026-11", "2027-01")).toBe("November 2026–January 2027");
    expect(periodLabel("2026-03-03", "2026-05-05")).toBe("3 March 2026–5 May 2026");
    expect(periodLabel("week 1", "week 2")).toBe("week 1–week 2");
  });
});
