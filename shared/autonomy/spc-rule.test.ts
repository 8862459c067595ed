import { describe, expect, it } from "vitest";
import { addMonths } from "../format/dates";
import { assessMonth, computeLevels, indicatorMet } from "./assess";
import { defaultAutonomyRules } from "./rules";
import { applySpcJudgement, spcCodesOf, spcJudgement } from "./spc-rule";
import type { IndicatorObservation, MonthObservation } from "./types";

const rules = defaultAutonomyRules();
const FIRST = "2025-01";

function ind(value: number, target: number, over: Partial<IndicatorObservation> = {}): IndicatorObservation {
  return { code: "RTT18", name: "Referral to treatment within 18 weeks", kind: "performance", value, target, direction: "higher", key: true, unit: "%", ...over };
}

/** Months from January 2025, one indicator each (plus a passing quality and workforce indicator, finance and policy so the month is fully assessed). */
function line(values: number[], target: number | ((i: number) => number), over: Partial<IndicatorObservation> = {}): MonthObservation[] {
  return values.map((v, i) => ({
    month: addMonths(FIRST, i),
    indicators: [ind(v, typeof target === "number" ? target : target(i), over), { code: "VTE", name: "VTE risk assessment", kind: "quality", value: 97, target: 95, direction: "higher", key: true, unit: "%" }, { code: "SICK", name: "Sickness absence", kind: "workforce", value: 4, target: 4.5, direction: "lower", key: false, unit: "%" }],
    finance: { plan: 100_000, actual: 101_000 },
    policy: { adherent: true },
  }));
}

const judged = (months: MonthObservation[], codes = ["RTT18"]) => applySpcJudgement(months, new Set(codes)).map((m) => m.indicators.find((i) => i.code.toUpperCase() === "RTT18")!);
const failedAt = (months: MonthObservation[]) => judged(months).flatMap((i, k) => (i.spc!.failed ? [k] : []));

/** Twelve points alternating about 75 (mean 75, mean moving range 1: limits 72.34–77.66, near-limits 73.23–76.77), the 12th above the mean. */
const BASE = Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? 74.5 : 75.5));
/** The same, the 12th below the mean. */
const BASE_ENDS_LOW = Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? 75.5 : 74.5));

describe("applySpcJudgement", () => {
  it("passes an indicator that misses its target by common-cause variation, and says so", () => {
    // Target 75 lies inside the limits: hit and miss. Every low month misses the target, none fails by SPC.
    const months = line([...BASE, 75.5, 74.5, 75.5, 74.5], 75);
    const out = judged(months);
    expect(out.filter((i) => i.value < i.target)).toHaveLength(8);
    // Only the first month, with too few figures for limits, is judged against its target.
    expect(failedAt(months)).toEqual([0]);
    expect(out[15]!.spc!.reason).toBe("common cause variation, not consistently failing its target");
    expect(indicatorMet(out[15]!)).toBe(true);
    const a = assessMonth(applySpcJudgement(months, new Set(["RTT18"]))[15]!, rules);
    expect(a.rawLevel).toBe(1);
    expect(a.criteria.find((c) => c.criterion === "performance")!.lines).toEqual([
      "Performance: Referral to treatment within 18 weeks 74.5% against a target of at least 75% (key indicator) — judged by SPC: common cause variation, not consistently failing its target — met",
    ]);
    // Judged by its target alone the same month fails a key indicator: level 3.
    expect(assessMonth(months[15]!, rules).rawLevel).toBe(3);
  });

  it("fails a point outside the process limits, even above its target", () => {
    const months = line([...BASE, 75.5, 72], 70);
    expect(failedAt(months)).toEqual([13]);
    const last = judged(months)[13]!;
    expect(last.spc!.reason).toBe("special cause concern (a point below the lower process limit, February 2026)");
    expect(indicatorMet(last)).toBe(false);
    const a = assessMonth(applySpcJudgement(months, new Set(["RTT18"]))[13]!, rules);
    expect(a.failedKey).toEqual(["performance"]);
    expect(a.explanation).toContain(
      "Performance: Referral to treatment within 18 weeks 72% against a target of at least 70% (key indicator) — judged by SPC: special cause concern (a point below the lower process limit, February 2026) — not met",
    );
  });

  it("fails the month a run of 7 below the mean completes, not the months before it (no look-ahead)", () => {
    const months = line([...BASE, ...Array(7).fill(74.8)], 70);
    expect(failedAt(months)).toEqual([18]);
    expect(judged(months)[18]!.spc!.reason).toBe("special cause concern (a run of 7 points below the mean, January–July 2026)");
    // Month 17 on its own (six below the mean) is common cause, whatever comes after it.
    expect(judged(months.slice(0, 18))[17]!.spc).toEqual(judged(months)[17]!.spc);
  });

  it("fails a falling trend of 7 inside the limits and on both sides of the mean", () => {
    const trend = [75.35, 75.25, 75.15, 75.05, 74.95, 74.85, 74.75];
    // The baseline ends low, so the trend starts with the first point after it.
    const months = line([...BASE_ENDS_LOW, ...trend], 70);
    expect(failedAt(months)).toEqual([18]);
    expect(judged(months)[18]!.spc!.reason).toBe("special cause concern (7 consecutive points falling, January–July 2026)");
  });

  it("fails 2 of 3 points beyond the near-limit on the worse side", () => {
    const months = line([...BASE, 73, 75, 73], 70);
    expect(failedAt(months)).toEqual([14]);
    expect(judged(months)[14]!.spc!.reason).toBe("special cause concern (2 of 3 points beyond the lower near-limit, January–March 2026)");
  });

  it("judges 'lower is better' the other way round: a run above the mean is a concern", () => {
    const falls = BASE_ENDS_LOW.map((v) => v / 20); // mean 3.75 per 1,000 bed days, the 12th below it
    const months = line([...falls, ...Array(7).fill(3.8)], 5, { code: "FALLS", name: "Inpatient falls", kind: "quality", direction: "lower", key: false, unit: "per 1,000 bed days" });
    const out = applySpcJudgement(months, new Set(["falls"])).map((m) => m.indicators[0]!);
    expect(out.flatMap((i, k) => (i.spc!.failed ? [k] : []))).toEqual([18]);
    // A run below the mean is an improvement: it passes.
    const better = line([...BASE.map((v) => v / 20), ...Array(7).fill(3.7)], 5, { code: "FALLS", name: "Inpatient falls", kind: "quality", direction: "lower", key: false, unit: "per 1,000 bed days" });
    const good = applySpcJudgement(better, new Set(["FALLS"])).map((m) => m.indicators[0]!);
    expect(good.some((i) => i.spc!.failed)).toBe(false);
    expect(good[18]!.spc!.reason).toBe("special cause improvement (a run of 7 points below the mean, January–July 2026), not consistently failing its target");
  });

  it("passes a special-cause improvement, even below its target, unless the target is consistently failed", () => {
    // Target 77 is inside the limits (hit and miss): a point above the upper limit is an improvement.
    const months = line([...BASE, 78, 74.5], 77);
    const out = judged(months);
    // Only the first month, judged against its target (too few figures for limits), fails.
    expect(failedAt(months)).toEqual([0]);
    expect(out[12]!.spc!.reason).toBe("special cause improvement (a point above the upper process limit, January 2026), not consistently failing its target");
    expect(out[13]!.value).toBeLessThan(out[13]!.target);
    expect(out[13]!.spc!.failed).toBe(false);
  });

  it("fails every month once the target lies beyond the limits (consistently failing), improvement or not", () => {
    const months = line([...BASE, 75.5, 78], 80);
    const out = judged(months);
    // The first month by its target (74.5 < 80), then by SPC.
    expect(failedAt(months)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    expect(out[12]!.spc!.reason).toBe("common cause variation, but consistently failing its target (the target of 80% is above the upper process limit)");
    expect(out[13]!.spc!.reason).toBe("special cause improvement (a point above the upper process limit, February 2026), but consistently failing its target (the target of 80% is above the upper process limit)");
    // Both a concern and consistently failing.
    const worse = judged(line([...BASE, 72], 80))[12]!;
    expect(worse.spc).toEqual({ failed: true, reason: "special cause concern (a point below the lower process limit, January 2026) and consistently failing its target (the target of 80% is above the upper process limit)" });
  });

  it("uses trial limits from the points so far before there are 12, and locks them on the first 12", () => {
    const short = line([75.5, 74.5, 75.5, 74.5, 75.5, 74.5, 75.5, 60], 50);
    const out = judged(short);
    expect(failedAt(short)).toEqual([7]);
    expect(out[7]!.spc!.reason).toBe("special cause concern (a point below the lower process limit, August 2025) (trial limits: fewer than 12 points)");
    expect(out[6]!.spc!.reason).toBe("common cause variation, not consistently failing its target (trial limits: fewer than 12 points)");
    // After 12 points the limits are locked: a later slide does not widen them, so each point of it stays outside.
    const locked = line([...BASE, 72, 71, 70, 69], 60);
    expect(failedAt(locked)).toEqual([12, 13, 14, 15]);
    expect(judged(locked)[15]!.spc!.reason).toBe("special cause concern (4 consecutive points below the lower process limit, January–April 2026)");
  });

  it("judges by the target, and says so, with fewer than 2 points or no two consecutive months", () => {
    const [first] = judged(line([64], 65));
    expect(first!.spc).toEqual({ failed: true, reason: "too few figures for process limits yet, so judged against the target" });
    expect(judged(line([66], 65))[0]!.spc!.failed).toBe(false);
    const gappy: MonthObservation[] = [line([64], 65)[0]!, { ...line([64], 65)[0]!, month: "2025-03" }];
    expect(judged(gappy).map((i) => i.spc)).toEqual([
      { failed: true, reason: "too few figures for process limits yet, so judged against the target" },
      { failed: true, reason: "too few figures for process limits yet, so judged against the target" },
    ]);
    const a = assessMonth(applySpcJudgement(line([64], 65), new Set(["RTT18"]))[0]!, rules);
    expect(a.explanation).toContain(
      "Performance: Referral to treatment within 18 weeks 64% against a target of at least 65% (key indicator) — judged by SPC: too few figures for process limits yet, so judged against the target — not met",
    );
  });

  it("uses each month's own target (a new financial year's ambition)", () => {
    // Limits 72.34–77.66; a target raised to 78 in month 12 lies above them: consistently failing from then.
    const months = line([...BASE, 75.5, 74.5], (i) => (i < 12 ? 70 : 78));
    expect(failedAt(months)).toEqual([12, 13]);
  });

  it("touches only the codes asked for, matching codes in any case, and does not change its input", () => {
    const months = line([...BASE, 72], 70);
    const copy = structuredClone(months);
    expect(applySpcJudgement(months, new Set())).toEqual(months);
    const out = applySpcJudgement(months, new Set(["rtt18"]));
    expect(months).toEqual(copy);
    expect(out.every((m) => m.indicators[1]!.spc === undefined)).toBe(true);
    expect(out.every((m) => m.indicators[0]!.spc !== undefined)).toBe(true);
    expect(applySpcJudgement(months, new Set(["DM01"]))).toEqual(months);
  });

  it("changes the levels computeLevels gives: a concern above target fails, a common-cause miss does not", () => {
    // Target 60 is met throughout; the run of 7 below the mean completes in July 2026.
    const months = line([...BASE, ...Array(7).fill(74.8)], 60);
    const byTarget = computeLevels(months, rules);
    const bySpc = computeLevels(applySpcJudgement(months, new Set(["RTT18"])), rules);
    expect(byTarget.at(-1)!.rawLevel).toBe(1);
    expect(bySpc.at(-1)!.rawLevel).toBe(3);
    expect(bySpc.at(-1)!.level).toBe(3);
    expect(bySpc.slice(0, -1).map((m) => m.level)).toEqual(byTarget.slice(0, -1).map((m) => m.level));
  });
});

describe("spcJudgement", () => {
  it("judges the last point of a series", () => {
    const points = BASE.map((value, i) => ({ month: addMonths(FIRST, i), value }));
    expect(spcJudgement(points, ind(74.5, 70)).failed).toBe(false);
    expect(spcJudgement([...points, { month: "2026-01", value: 70 }], ind(70, 65)).failed).toBe(true);
  });
});

describe("spcCodesOf", () => {
  it("gives the upper-cased codes of the indicators judged by SPC", () => {
    expect([...spcCodesOf([{ code: "rtt18", spc: true }, { code: "AE4" }, { code: "DM01", spc: false }])]).toEqual(["RTT18"]);
  });
});
