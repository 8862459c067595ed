import { describe, expect, it } from "vitest";
import { assessMonth, computeLevels, criterionOfIndicator, formatFigure, indicatorMet, latestLevel } from "./assess";
import { defaultAutonomyRules, levelRule, withoutWorkforce } from "./rules";
import { autonomyRulesSchema, monthObservationSchema, type IndicatorObservation, type MonthObservation } from "./types";

const rules = defaultAutonomyRules();

const ind = (over: Partial<IndicatorObservation> & Pick<IndicatorObservation, "code">): IndicatorObservation => ({
  name: over.code,
  kind: "quality",
  value: 0,
  target: 0,
  direction: "lower",
  key: true,
  ...over,
});

/** A month in which everything is met; `fail` lists what to break. */
function month(m: string, fail: { finance?: boolean; qualityKey?: boolean; performanceKey?: boolean; policy?: boolean; nonKey?: boolean } = {}): MonthObservation {
  return {
    month: m,
    indicators: [
      ind({ code: "MRSA", name: "MRSA bacteraemia", value: fail.qualityKey ? 2 : 0, target: 0 }),
      ind({ code: "FALLS", name: "Inpatient falls", value: fail.nonKey ? 5.1 : 4, target: 5, key: false, unit: "per 1,000 bed days" }),
      ind({ code: "AE4", name: "A&E within 4 hours", kind: "performance", value: fail.performanceKey ? 76.2 : 80, target: 78, direction: "higher", unit: "%" }),
      // Recorded as a performance indicator, as figures were before the workforce criterion: its code
      // is a workforce KPI in the catalogue, so rules that rate workforce judge it there.
      ind({ code: "SICK", name: "Sickness absence", kind: "performance", value: 4.1, target: 4.5, key: false, unit: "%" }),
    ],
    finance: { plan: 1_200_000, actual: fail.finance ? 1_150_000 : 1_195_000 },
    policy: fail.policy ? { adherent: false, note: "Incidents reported late" } : { adherent: true },
  };
}

describe("defaultAutonomyRules", () => {
  it("follows the earned-autonomy table", () => {
    expect(autonomyRulesSchema.parse(rules)).toEqual(rules);
    expect(rules.levels.map((l) => [l.level, l.reviewFrequency])).toEqual([
      [1, "6-monthly"],
      [2, "Quarterly"],
      [3, "Monthly"],
      [4, "Weekly or monthly by severity"],
    ]);
    expect(rules.criteria.map((c) => c.id)).toEqual(["finance", "quality", "performance", "workforce", "policy"]);
    expect(rules.criteria.find((c) => c.id === "workforce")!.label).toBe("Workforce");
    expect(rules.workforceThresholds).toEqual({ level1: 0, level2: 1 });
    expect(rules.promotionMonths).toBe(3);
    expect(rules.financialTolerancePct).toBe(1);
    expect(levelRule(rules, 3).reviewFrequency).toBe("Monthly");
  });
});

describe("indicators", () => {
  it("judges direction and formats figures", () => {
    expect(indicatorMet(ind({ code: "A", value: 78, target: 78, direction: "higher" }))).toBe(true);
    expect(indicatorMet(ind({ code: "A", value: 77.9, target: 78, direction: "higher" }))).toBe(false);
    expect(indicatorMet(ind({ code: "A", value: 92, target: 92, direction: "lower" }))).toBe(true);
    expect(formatFigure(76.2, "%")).toBe("76.2%");
    expect(formatFigure(1234)).toBe("1,234");
    expect(formatFigure(4.2, "per 1,000 bed days")).toBe("4.2 per 1,000 bed days");
  });
});

describe("assessMonth: the earned-autonomy table", () => {
  it("level 1 when all five criteria are met on all indicators", () => {
    const a = assessMonth(month("2027-04"), rules);
    expect(a.rawLevel).toBe(1);
    expect(a.failedKey).toEqual([]);
    expect(a.explanation[0]).toBe("April 2027: level 1 — all 5 criteria met on all indicators.");
    expect(a.explanation).toContain("Workforce: all 1 indicator met");
    expect(a.criteria.map((c) => c.criterion)).toEqual(["finance", "quality", "performance", "workforce", "policy"]);
    expect(a.explanation).toContain("Quality: all 2 indicators met");
  });

  it("level 2 when all are met on key indicators but a non-key indicator misses", () => {
    const a = assessMonth(month("2027-04", { nonKey: true }), rules);
    expect(a.rawLevel).toBe(2);
    expect(a.criteria.find((c) => c.criterion === "quality")).toMatchObject({ metAll: false, metKey: true });
    expect(a.explanation).toContain("Quality: Inpatient falls 5.1 per 1,000 bed days against a target of at most 5 per 1,000 bed days — not met");
    expect(a.explanation[0]).toMatch(/level 2 — all 5 criteria met on key indicators, but not on all indicators \(quality indicators\)/);
  });

  it.each([
    [{ finance: true }, ["finance"]],
    [{ qualityKey: true }, ["quality"]],
    [{ performanceKey: true }, ["performance"]],
    [{ policy: true }, ["policy"]],
    [{ finance: true, policy: true }, ["finance", "policy"]],
    [{ qualityKey: true, performanceKey: true }, ["quality", "performance"]],
  ])("level 3 when one or two criteria fail on key indicators (%j)", (fail, failed) => {
    const a = assessMonth(month("2027-04", fail), rules);
    expect(a.rawLevel).toBe(3);
    expect(a.failedKey).toEqual(failed);
  });

  it.each([
    [{ finance: true, qualityKey: true, performanceKey: true }],
    [{ qualityKey: true, performanceKey: true, policy: true }],
    [{ finance: true, qualityKey: true, performanceKey: true, policy: true }],
  ])("level 4 when more than two criteria fail (%j)", (fail) => {
    const a = assessMonth(month("2027-04", fail), rules);
    expect(a.rawLevel).toBe(4);
    expect(a.explanation[0]).toMatch(/^April 2027: level 4 — [34] of the 5 criteria failed on key indicators/);
  });

  it("explains each failure with the criterion, indicator, figure and target", () => {
    const a = assessMonth(month("2027-04", { qualityKey: true, performanceKey: true, finance: true, policy: true }), rules);
    expect(a.explanation).toContain("Quality: MRSA bacteraemia 2 against a target of at most 0 (key indicator) — not met");
    expect(a.explanation).toContain("Performance: A&E within 4 hours 76.2% against a target of at least 78% (key indicator) — not met");
    expect(a.explanation).toContain("Financial plan: contribution £1,150,000 against a plan of £1,200,000 (1% tolerance, so at least £1,188,000) — not met");
    expect(a.explanation).toContain("Trust policies: not fully adherent (Incidents reported late) — not met");
  });

  it("counts a shortfall within the financial tolerance as adherence, and honours a month's own tolerance", () => {
    const base = month("2027-04");
    expect(assessMonth({ ...base, finance: { plan: 1_000_000, actual: 990_000 } }, rules).rawLevel).toBe(1);
    expect(assessMonth({ ...base, finance: { plan: 1_000_000, actual: 989_999 } }, rules).rawLevel).toBe(3);
    expect(assessMonth({ ...base, finance: { plan: 1_000_000, actual: 960_000, tolerancePct: 5 } }, rules).rawLevel).toBe(1);
    // A planned deficit: tolerance is on the size of the plan, so -£101,000 against -£100,000 is within 1%.
    expect(assessMonth({ ...base, finance: { plan: -100_000, actual: -101_000 } }, rules).rawLevel).toBe(1);
    expect(assessMonth({ ...base, finance: { plan: -100_000, actual: -101_001 } }, rules).rawLevel).toBe(3);
  });

  it("judges on all indicators of a kind when none is marked key", () => {
    const obs = month("2027-04");
    obs.indicators = obs.indicators.map((i) => ({ ...i, key: false }));
    obs.indicators[0]!.value = 3;
    const a = assessMonth(obs, rules);
    expect(a.failedKey).toEqual(["quality"]);
    expect(a.rawLevel).toBe(3);
  });

  it("cannot earn level 1 or 2 when a criterion has no figures, but missing figures are not failures", () => {
    const { finance: _f, ...noFinance } = month("2027-04");
    const a = assessMonth(noFinance, rules);
    expect(a.rawLevel).toBe(3);
    expect(a.failedKey).toEqual([]);
    expect(a.explanation[0]).toMatch(/financial plan could not be assessed/);
    expect(a.explanation).toContain("Financial plan: no financial figures reported — not assessed");
    const b = assessMonth({ ...month("2027-04", { finance: true, qualityKey: true, performanceKey: true }), policy: undefined }, rules);
    expect(b.rawLevel).toBe(4);
  });
});

describe("assessMonth: workforce (ULHT §5.2 rates Finance, Workforce, Quality and Operational)", () => {
  const wf = (code: string, value: number, target: number, over: Partial<IndicatorObservation> = {}) =>
    ind({ code, name: code, kind: "workforce", value, target, direction: "lower", key: false, unit: "%", ...over });
  /** A month met on everything but the workforce figures given. */
  const withWorkforce = (...workforce: IndicatorObservation[]): MonthObservation => {
    const base = month("2027-04");
    return { ...base, indicators: [...base.indicators.filter((i) => i.code !== "SICK"), ...workforce] };
  };

  it("judges workforce by its own thresholds: none off target for level 1, one for level 2, two fail it", () => {
    const onTarget = assessMonth(withWorkforce(wf("SICK", 4.1, 4.5), wf("VAC", 6, 8)), rules);
    expect(onTarget.rawLevel).toBe(1);
    const one = assessMonth(withWorkforce(wf("SICK", 4.9, 4.5), wf("VAC", 6, 8)), rules);
    expect(one.rawLevel).toBe(2);
    expect(one.criteria.find((c) => c.criterion === "workforce")).toMatchObject({ metAll: false, metKey: true });
    expect(one.explanation[0]).toMatch(/level 2 — all 5 criteria met on key indicators, but not on all indicators \(workforce indicators\)/);
    expect(one.explanation).toContain("Workforce: SICK 4.9% against a target of at most 4.5% — not met");
    expect(one.explanation).toContain("Workforce: 1 of 2 indicators off target (level 1: none may be off target; level 2: up to 1 may be off target) — met for level 2, not level 1");
    const two = assessMonth(withWorkforce(wf("SICK", 4.9, 4.5), wf("VAC", 9.5, 8)), rules);
    expect(two.rawLevel).toBe(3);
    expect(two.failedKey).toEqual(["workforce"]);
    expect(two.explanation[0]).toBe("April 2027: level 3 — 1 of the 5 criteria failed on key indicators (workforce indicators).");
  });

  it("fails workforce on a key workforce indicator off target, whatever the count", () => {
    const a = assessMonth(withWorkforce(wf("SICK", 4.9, 4.5, { key: true }), wf("VAC", 6, 8)), rules);
    expect(a.failedKey).toEqual(["workforce"]);
    expect(a.explanation.join("\n")).toMatch(/1 of 2 indicators off target, a key one among them .* — not met/);
  });

  it("takes the thresholds from the rules", () => {
    const loose = { ...rules, workforceThresholds: { level1: 1, level2: 2 } };
    expect(assessMonth(withWorkforce(wf("SICK", 4.9, 4.5), wf("VAC", 6, 8)), loose).rawLevel).toBe(1);
    expect(assessMonth(withWorkforce(wf("SICK", 4.9, 4.5), wf("VAC", 9, 8)), loose).rawLevel).toBe(2);
    const strict = { ...rules, workforceThresholds: { level1: 0, level2: 0 } };
    expect(assessMonth(withWorkforce(wf("SICK", 4.9, 4.5), wf("VAC", 6, 8)), strict).failedKey).toEqual(["workforce"]);
  });

  it("counts workforce among the criteria for level 4: more than two of the five failed", () => {
    const base = withWorkforce(wf("SICK", 4.9, 4.5), wf("VAC", 9.5, 8));
    const a = assessMonth({ ...base, finance: { plan: 1_200_000, actual: 1_000_000 }, policy: { adherent: false } }, rules);
    expect(a.failedKey).toEqual(["finance", "workforce", "policy"]);
    expect(a.rawLevel).toBe(4);
    expect(a.explanation[0]).toMatch(/^April 2027: level 4 — 3 of the 5 criteria failed/);
  });

  it("cannot earn level 1 or 2 without workforce figures under rules that rate it", () => {
    const a = assessMonth(withWorkforce(), rules);
    expect(a.rawLevel).toBe(3);
    expect(a.failedKey).toEqual([]);
    expect(a.explanation).toContain("Workforce: no workforce indicators reported — not assessed");
  });

  it("files indicators by kind, and workforce codes recorded as performance under workforce where the rules rate it", () => {
    expect(criterionOfIndicator({ code: "SICK", kind: "performance" }, true)).toBe("workforce");
    expect(criterionOfIndicator({ code: "agency", kind: "performance" }, true)).toBe("workforce");
    expect(criterionOfIndicator({ code: "XSTAFF", kind: "workforce" }, true)).toBe("workforce");
    expect(criterionOfIndicator({ code: "XSTAFF", kind: "workforce" }, false)).toBe("performance");
    expect(criterionOfIndicator({ code: "SICK", kind: "performance" }, false)).toBe("performance");
    expect(criterionOfIndicator({ code: "RTT18", kind: "performance" }, true)).toBe("performance");
    expect(criterionOfIndicator({ code: "SICK", kind: "quality" }, true)).toBe("quality");
  });
});

describe("assessMonth: rules approved before the workforce criterion", () => {
  const old = withoutWorkforce(defaultAutonomyRules());
  const sick = (value: number): MonthObservation => {
    const base = month("2027-04");
    return { ...base, indicators: base.indicators.map((i) => (i.code === "SICK" ? { ...i, kind: "workforce" as const, value } : i)) };
  };

  it("reads as four criteria, and parses", () => {
    expect(old.criteria.map((c) => c.id)).toEqual(["finance", "quality", "performance", "policy"]);
    expect(old.workforceThresholds).toBeUndefined();
    expect(autonomyRulesSchema.parse(old)).toEqual(old);
  });

  it("judges workforce indicators with performance, as it did, and shows workforce as not rated in this version", () => {
    const a = assessMonth(sick(4.1), old);
    expect(a.rawLevel).toBe(1);
    expect(a.explanation[0]).toBe("April 2027: level 1 — all 4 criteria met on all indicators.");
    expect(a.explanation).toContain("Performance: all 2 indicators met");
    const w = a.criteria.find((c) => c.criterion === "workforce")!;
    expect(w).toMatchObject({ rated: false, metAll: null, metKey: null });
    expect(w.lines).toEqual(["Workforce: not rated in this version of the rules — workforce indicators are judged with performance"]);
    // A non-key miss is a performance miss under these rules: level 2, not a failed or unassessed criterion.
    const miss = assessMonth(sick(4.9), old);
    expect(miss.rawLevel).toBe(2);
    expect(miss.explanation[0]).toMatch(/all 4 criteria met on key indicators, but not on all indicators \(performance indicators\)/);
    expect(miss.explanation).toContain("Performance: Sickness absence 4.9% against a target of at most 4.5% — not met");
    expect(miss.failedKey).toEqual([]);
  });

  it("gives the same levels the same figures earned before the criterion existed", () => {
    const data = ["2027-04", "2027-05", "2027-06", "2027-07"].map((m, i) => ({ ...sick(i === 1 ? 5 : 4), month: m }));
    expect(computeLevels(data, old).map((o) => o.level)).toEqual([3, 3, 2, 2]);
    expect(computeLevels(data, old).map((o) => o.rawLevel)).toEqual([1, 2, 1, 1]);
  });
});

describe("autonomyRulesSchema", () => {
  it("accepts four or five criteria, each once, and refuses rules without a required one", () => {
    expect(autonomyRulesSchema.safeParse(rules).success).toBe(true);
    expect(autonomyRulesSchema.safeParse(withoutWorkforce(rules)).success).toBe(true);
    expect(autonomyRulesSchema.safeParse({ ...rules, criteria: rules.criteria.filter((c) => c.id !== "policy") }).success).toBe(false);
    expect(autonomyRulesSchema.safeParse({ ...rules, criteria: [...rules.criteria.slice(0, 4), rules.criteria[0]] }).success).toBe(false);
    expect(autonomyRulesSchema.safeParse({ ...rules, workforceThresholds: { level1: 2, level2: 1 } }).success).toBe(false);
    expect(autonomyRulesSchema.safeParse({ ...rules, workforceThresholds: { level1: 0.5, level2: 1 } }).success).toBe(false);
  });
});

describe("computeLevels", () => {
  const months = (n: number, start = "2027-04") => {
    const list: string[] = [];
    let [y, m] = start.split("-").map(Number) as [number, number];
    for (let i = 0; i < n; i++) {
      list.push(`${y}-${String(m).padStart(2, "0")}`);
      m += 1;
      if (m > 12) {
        m = 1;
        y += 1;
      }
    }
    return list;
  };

  it("starts at level 3 with no data", () => {
    expect(computeLevels([], rules)).toEqual([]);
    expect(latestLevel([])).toEqual({ month: null, level: 3, explanation: ["No performance data yet"] });
  });

  it("moves up one level only after three consecutive better months, then needs another run", () => {
    const data = months(7).map((m) => month(m));
    const out = computeLevels(data, rules);
    expect(out.map((o) => o.rawLevel)).toEqual([1, 1, 1, 1, 1, 1, 1]);
    expect(out.map((o) => o.level)).toEqual([3, 3, 2, 2, 2, 1, 1]);
    expect(out[0]!.explanation[0]).toBe("1 of 3 consecutive months better than level 3 needed to move up; stays at level 3.");
    expect(out[2]!.explanation[0]).toBe("Moved up from level 3 to level 2 after 3 consecutive months better than level 3.");
    expect(out[5]!.explanation[0]).toBe("Moved up from level 2 to level 1 after 3 consecutive months better than level 2.");
    expect(latestLevel(out).level).toBe(1);
  });

  it("honours a different promotion period", () => {
    const out = computeLevels(months(4).map((m) => month(m)), { ...rules, promotionMonths: 2 });
    expect(out.map((o) => o.level)).toEqual([3, 2, 2, 1]);
  });

  it("falls at once, straight to the month's level, then climbs back one level per run", () => {
    const data = [
      month("2027-04", { nonKey: true }),
      month("2027-05", { finance: true, qualityKey: true, performanceKey: true }),
      month("2027-06"),
      month("2027-07"),
      month("2027-08", { policy: true }),
      month("2027-09"),
      month("2027-10"),
      month("2027-11"),
    ];
    const out = computeLevels(data, rules, { startLevel: 2 });
    expect(out.map((o) => o.rawLevel)).toEqual([2, 4, 1, 1, 3, 1, 1, 1]);
    expect(out.map((o) => o.level)).toEqual([2, 4, 4, 4, 3, 3, 3, 2]);
    expect(out[1]!.explanation[0]).toBe("Fell from level 2 to level 4 at once, because this month's performance was at level 4.");
    expect(out[0]!.explanation[0]).toBe("Performance matched level 2, so the level stays at 2.");
  });

  it("treats a gap in the months as the end of a run", () => {
    const out = computeLevels([month("2027-04"), month("2027-05"), month("2027-07")], rules);
    expect(out.map((o) => o.level)).toEqual([3, 3, 3]);
    expect(out[2]!.explanation[0]).toMatch(/no figures for the month before/);
  });

  it("applies an override from its month on and records it", () => {
    const data = months(5).map((m) => month(m, { nonKey: true }));
    const override = { month: "2027-05", level: 4 as const, reason: "Never event under investigation", by: "Chief Executive", at: "2027-05-20T10:00:00Z" };
    const out = computeLevels(data, rules, { overrides: [override] });
    expect(out.map((o) => o.level)).toEqual([3, 4, 4, 4, 3]);
    expect(out[1]!.override).toEqual(override);
    expect(out[1]!.explanation[0]).toBe("Level set to 4 by Chief Executive on 20 May 2027: Never event under investigation.");
    expect(out[2]!.override).toBeUndefined();
  });

  it("uses the latest override when two share a month, and shows an override for a month without data", () => {
    const first = { month: "2027-05", level: 1 as const, reason: "a", by: "A", at: "2027-05-01T00:00:00Z" };
    const second = { month: "2027-05", level: 2 as const, reason: "b", by: "B", at: "2027-05-02T00:00:00Z" };
    const out = computeLevels([month("2027-04", { finance: true })], rules, { overrides: [second, first] });
    expect(out).toHaveLength(2);
    expect(out[1]).toMatchObject({ month: "2027-05", rawLevel: null, level: 2, override: second });
  });

  it("holds the level through a month with no figures", () => {
    const out = computeLevels([month("2027-04"), { month: "2027-05", indicators: [] }, month("2027-06")], rules);
    expect(out.map((o) => [o.rawLevel, o.level])).toEqual([[1, 3], [null, 3], [1, 3]]);
    expect(out[1]!.explanation).toEqual(["No performance data for this month, so the level stays at 3."]);
  });

  it("accepts months out of order but refuses two sets for one month", () => {
    const out = computeLevels([month("2027-05"), month("2027-04")], rules);
    expect(out.map((o) => o.month)).toEqual(["2027-04", "2027-05"]);
    expect(() => computeLevels([month("2027-04"), month("2027-04")], rules)).toThrow(/Two sets of figures for April 2027/);
  });

  it("builds observations that pass the schema", () => {
    expect(monthObservationSchema.safeParse(month("2027-04")).success).toBe(true);
    expect(monthObservationSchema.safeParse({ ...month("2027-04"), month: "April" }).success).toBe(false);
  });
});
