import { describe, expect, it } from "vitest";
import { addDays } from "../format/dates";
import { daysBetweenEvents, rareEventYear, T_CHART_EXPONENT } from "./rare";

const m = (month: string, value: number | null) => ({ month, value });

describe("rareEventYear: counts against an annual threshold", () => {
  it("accumulates by month and finds when the threshold was exceeded", () => {
    // Threshold 5. April 1, May 0, June 2, July 1, August 2 → 1, 1, 3, 4, 6: over 5 in August.
    const [y, ...rest] = rareEventYear([m("2026-04", 1), m("2026-05", 0), m("2026-06", 2), m("2026-07", 1), m("2026-08", 2)], 5);
    expect(rest).toEqual([]);
    expect(y!.year).toBe("2026/27");
    expect(y!.months.map((x) => x.month)).toEqual(["2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11", "2026-12", "2027-01", "2027-02", "2027-03"]);
    expect(y!.months.map((x) => x.cumulative)).toEqual([1, 1, 3, 4, 6, null, null, null, null, null, null, null]);
    expect(y!.months[5]).toEqual({ month: "2026-09", count: null, cumulative: null });
    expect(y!).toMatchObject({ threshold: 5, total: 6, monthsReported: 5, missingMonths: [], reachedIn: "2026-08", exceeded: true, exceededIn: "2026-08", remaining: 0, projectedToExceed: true });
    // At 6 in 5 months, the year ends at 6 / 5 × 12 = 14.4.
    expect(y!.projected).toBeCloseTo(14.4, 10);
  });

  it("distinguishes reaching the threshold from exceeding it", () => {
    // Threshold 4: 1, 0, 2, 1 → 4 in July (reached, not exceeded); projected 4 / 4 × 12 = 12.
    const [y] = rareEventYear([m("2026-04", 1), m("2026-05", 0), m("2026-06", 2), m("2026-07", 1)], 4);
    expect(y).toMatchObject({ total: 4, reachedIn: "2026-07", exceeded: false, exceededIn: null, remaining: 0, projected: 12, projectedToExceed: true });
  });

  it("is within threshold and on track", () => {
    // Threshold 10: 2 in 6 months → projected 4.
    const [y] = rareEventYear([m("2026-04", 0), m("2026-05", 1), m("2026-06", 0), m("2026-07", 0), m("2026-08", 1), m("2026-09", 0)], 10);
    expect(y).toMatchObject({ total: 2, reachedIn: null, exceeded: false, remaining: 8, projected: 4, projectedToExceed: false });
  });

  it("splits financial years at April", () => {
    const years = rareEventYear([m("2026-02", 1), m("2026-03", 2), m("2026-04", 1)], 3);
    expect(years.map((y) => [y.year, y.total])).toEqual([["2025/26", 3], ["2026/27", 1]]);
    expect(years[0]!.months.slice(10).map((x) => x.cumulative)).toEqual([1, 3]);
    expect(years[0]!.months[0]!.cumulative).toBe(0); // April 2025 has no figure but is before the last reported month
    expect(years[0]!.missingMonths).toHaveLength(10);
    expect(years[0]!.monthsReported).toBe(2);
    expect(years[0]!.projected).toBe(18);
  });

  it("treats a missing month as unknown, not zero", () => {
    const [y] = rareEventYear([m("2026-04", 1), m("2026-05", null), m("2026-06", 1)], 5);
    expect(y!.months.slice(0, 3)).toEqual([
      { month: "2026-04", count: 1, cumulative: 1 },
      { month: "2026-05", count: null, cumulative: 1 },
      { month: "2026-06", count: 1, cumulative: 2 },
    ]);
    expect(y!.missingMonths).toEqual(["2026-05"]);
    expect(y!.monthsReported).toBe(2);
    expect(y!.projected).toBe(12);
  });

  it("uses another year start: January gives calendar years", () => {
    const [y] = rareEventYear([m("2026-01", 1), m("2026-12", 1)], 2, 1);
    expect(y!.year).toBe("2026");
    expect(y!.months[0]!.month).toBe("2026-01");
    expect(y!.months[11]!).toEqual({ month: "2026-12", count: 1, cumulative: 2 });
    expect(rareEventYear([m("2026-06", 1)], 2, 7)[0]!.year).toBe("2025/26");
  });

  it("handles a zero threshold (any event fails) and a year with no figures", () => {
    expect(rareEventYear([m("2026-04", 0)], 0)[0]).toMatchObject({ reachedIn: "2026-04", exceeded: false, projected: 0 });
    expect(rareEventYear([m("2026-04", 0), m("2026-05", 1)], 0)[0]).toMatchObject({ exceeded: true, exceededIn: "2026-05" });
    const [empty] = rareEventYear([m("2026-04", null)], 3);
    expect(empty).toMatchObject({ total: 0, monthsReported: 0, projected: null, projectedToExceed: false, reachedIn: null, remaining: 3 });
    expect(empty!.months.every((x) => x.cumulative === null)).toBe(true);
    expect(rareEventYear([], 3)).toEqual([]);
  });

  it("rejects bad input", () => {
    expect(() => rareEventYear([m("2026-04", -1)], 3)).toThrow(RangeError);
    expect(() => rareEventYear([m("2026-04", 1.5)], 3)).toThrow(/whole number/);
    expect(() => rareEventYear([m("2026-4", 1)], 3)).toThrow(/YYYY-MM/);
    expect(() => rareEventYear([m("2026-04", 1), m("2026-04", 2)], 3)).toThrow(/twice/);
    expect(() => rareEventYear([], -1)).toThrow(/threshold/);
    expect(() => rareEventYear([], Number.NaN)).toThrow(/threshold/);
    expect(() => rareEventYear([], 3, 13)).toThrow(/financialYearStart/);
    expect(() => rareEventYear([], 3, 0)).toThrow(/financialYearStart/);
  });
});

describe("daysBetweenEvents: the T chart", () => {
  it("transforms the intervals, charts them and back-transforms the lines (worked by hand)", () => {
    // Events given out of order; sorted: 1 Jan, 11 Jan, 10 Feb, 10 Feb, 12 Mar → 10, 30, 0, 30 days.
    // y = t^(1/3.6): 10 → e^(ln 10 / 3.6) = e^0.63959 = 1.89574; 30 → e^(3.40120 / 3.6) = 2.57224; 0 → 0.
    // mean y = (1.89574 + 2.57224 + 0 + 2.57224) / 4 = 1.76005; MRs 0.67650, 2.57224, 2.57224 → mrBar 1.94033.
    // Upper y = 1.76005 + 2.66 × 1.94033 = 6.92133 → 6.92133^3.6 = 1058.5 days; centre 1.76005^3.6 = 7.654 days.
    // Lower y = 1.76005 − 5.16128 < 0 → no lower limit.
    const t = daysBetweenEvents(["2026-02-10", "2026-01-01", "2026-03-12", "2026-01-11", "2026-02-10"]);
    expect(t.intervals).toEqual([
      { from: "2026-01-01", to: "2026-01-11", days: 10 },
      { from: "2026-01-11", to: "2026-02-10", days: 30 },
      { from: "2026-02-10", to: "2026-02-10", days: 0 },
      { from: "2026-02-10", to: "2026-03-12", days: 30 },
    ]);
    expect(t.transformed.points.map((p) => p.value)).toEqual([10 ** (1 / 3.6), 30 ** (1 / 3.6), 0, 30 ** (1 / 3.6)]);
    expect(t.transformed.points[0]!.month).toBe("2026-01-11");
    expect(t.transformed.mean).toBeCloseTo(1.76005, 5);
    expect(t.transformed.mrBar).toBeCloseTo(1.94033, 5);
    expect(t.centre).toBeCloseTo(7.654, 3);
    expect(t.upperLimit).toBeCloseTo(1058.48, 2);
    expect(t.upperNear).toBeCloseTo(378.34, 2);
    expect(t.lowerLimit).toBeNull();
    expect(t.lowerNear).toBeNull();
    expect(t.transformed.trial).toBe(true);
    expect(T_CHART_EXPONENT).toBe(3.6);
  });

  it("flags a long interval as an improvement and a short one as a concern", () => {
    // Events every 30 days: flat transformed series, limits at 30 days; then a 90-day gap.
    const dates = Array.from({ length: 14 }, (_, i) => addDays("2025-01-01", 30 * i));
    const flat = daysBetweenEvents(dates);
    expect(flat.centre).toBeCloseTo(30, 8);
    expect(flat.upperLimit).toBeCloseTo(30, 8);
    expect(flat.lowerLimit).toBeCloseTo(30, 8);
    expect(flat.transformed.variation).toBe("common_cause");
    const longer = daysBetweenEvents([...dates, addDays(dates[13]!, 90)]);
    expect(longer.transformed.points[13]!.rules).toEqual(["outside_limits"]);
    expect(longer.transformed.variation).toBe("special_improvement_high");
    const shorter = daysBetweenEvents([...dates, addDays(dates[13]!, 5)]);
    expect(shorter.transformed.variation).toBe("special_concern_low");
  });

  it("takes options: direction, target in days, run lengths", () => {
    const dates = Array.from({ length: 14 }, (_, i) => addDays("2025-01-01", 30 * i));
    expect(daysBetweenEvents(dates, { target: 20 }).transformed.assurance).toBe("consistently_pass");
    expect(daysBetweenEvents(dates, { target: 40 }).transformed.assurance).toBe("consistently_fail");
    expect(daysBetweenEvents([...dates, addDays(dates[13]!, 90)], { direction: "lower" }).transformed.variation).toBe("special_concern_high");
    expect(() => daysBetweenEvents(dates, { runLength: 1 })).toThrow(RangeError);
    expect(() => daysBetweenEvents(dates, { target: -1 })).toThrow(/target/);
  });

  it("handles fewer than two events and rejects bad dates", () => {
    expect(daysBetweenEvents([])).toMatchObject({ intervals: [], centre: null, upperLimit: null, lowerLimit: null });
    expect(daysBetweenEvents(["2026-01-01"]).intervals).toEqual([]);
    expect(() => daysBetweenEvents(["2026-02-30"])).toThrow(RangeError);
    expect(() => daysBetweenEvents(["1 March 2026"])).toThrow(/YYYY-MM-DD/);
  });
});
