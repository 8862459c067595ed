import { describe, expect, it } from "vitest";
import { computeLevels, indicatorMet, latestLevel } from "./assess";
import { DEMO_SERVICE_LINE_CODES, DEMO_TARGETS, demoIndicatorCodes, demoMonths, demoObservation, demoPatternFor, demoPerformance, demoStory, demoTarget } from "./demo";
import { defaultAutonomyRules } from "./rules";
import { monthObservationSchema } from "./types";
import { assessMonth } from "./assess";
import { defaultRuleIndicators } from "../collab/autonomy-rules-doc";

const rules = defaultAutonomyRules();

/** Making Data Count XmR limits from the first 12 points (the default baseline). */
function limits(values: number[]) {
  const base = values.slice(0, 12);
  const mean = base.reduce((a, b) => a + b, 0) / base.length;
  const mr = base.slice(1).reduce((a, v, i) => a + Math.abs(v - base[i]!), 0) / (base.length - 1);
  return { mean, upper: mean + 2.66 * mr, lower: mean - 2.66 * mr, upperNear: mean + (2 / 3) * 2.66 * mr, lowerNear: mean - (2 / 3) * 2.66 * mr };
}

describe("demoMonths", () => {
  it("gives the 24 months ending with the last complete month before the seed day", () => {
    const months = demoMonths("2026-12-01");
    expect(months).toHaveLength(24);
    expect(months[0]).toBe("2024-12");
    expect(months[23]).toBe("2026-11");
    expect(demoMonths("2027-01-31").at(-1)).toBe("2026-12");
  });
});

describe("demoPerformance", () => {
  const demo = demoPerformance();
  const levels = Object.fromEntries(Object.entries(demo).map(([code, months]) => [code, computeLevels(months, rules)]));
  const latest = Object.fromEntries(Object.entries(levels).map(([code, l]) => [code, latestLevel(l).level]));
  const series = (line: string, code: string) => demo[line]!.map((m) => m.indicators.find((i) => i.code === code)!.value);

  it("gives 24 valid months for every line, December 2024 to November 2026, the same on every run", () => {
    expect(Object.keys(demo)).toEqual([...DEMO_SERVICE_LINE_CODES]);
    for (const months of Object.values(demo)) {
      expect(months).toHaveLength(24);
      expect(months[0]!.month).toBe("2024-12");
      expect(months[23]!.month).toBe("2026-11");
      for (const m of months) expect(monthObservationSchema.parse(m)).toEqual(m);
    }
    expect(demoPerformance()).toEqual(demo);
  });

  it("earns in each month exactly the level its line's story says", () => {
    for (const [code, months] of Object.entries(demo)) {
      months.forEach((m, i) => expect([code, m.month, assessMonth(m, rules).rawLevel]).toEqual([code, m.month, demoStory(code, m.month, i, months.length)!.raw]));
    }
  });

  it("shows every level 1–4 at the latest month, with CARD at level 2 from June 2025", () => {
    expect(new Set(Object.values(latest))).toEqual(new Set([1, 2, 3, 4]));
    expect(latest).toEqual({ GAST: 1, DIAB: 1, GSUR: 1, IMAG: 1, CARD: 2, UEC: 2, ENT: 2, GYNAE: 2, PAED: 2, RESP: 3, ORTH: 3, CRIT: 3, OBST: 3, THEA: 3, PATH: 3, UROL: 4, NEON: 4 });
    const card = levels.CARD!;
    expect(card.filter((m) => m.month >= "2025-06").every((m) => m.level === 2)).toBe(true);
    expect(card.find((m) => m.month === "2025-05")!.level).toBe(3);
  });

  it("misses only agency spend for Cardiology in November 2026", () => {
    const nov = demo.CARD!.at(-1)!;
    expect(nov.indicators.filter((i) => !indicatorMet(i)).map((i) => i.code)).toEqual(["AGENCY"]);
    expect(nov.finance!.actual).toBeGreaterThanOrEqual(nov.finance!.plan * 0.99);
  });

  it("includes lines that promote after sustained months and lines that fall", () => {
    const rose = Object.values(levels).filter((l) => l.some((m) => m.explanation.some((e) => e.startsWith("Moved up"))));
    const fell = Object.values(levels).filter((l) => l.some((m, i) => i > 0 && m.level > l[i - 1]!.level));
    expect(rose.length).toBeGreaterThanOrEqual(3);
    expect(fell.length).toBeGreaterThanOrEqual(3);
  });

  it("gives each line the indicators of its specialty", () => {
    expect(demoIndicatorCodes("UEC")).toEqual(expect.arrayContaining(["AE4", "AE12", "AMBHO", "FFT"]));
    for (const code of DEMO_SERVICE_LINE_CODES.filter((c) => c !== "UEC")) expect(demoIndicatorCodes(code)).not.toContain("AE4");
    for (const code of ["OBST", "NEON", "UEC", "CRIT", "THEA", "IMAG", "PATH"]) expect(demoIndicatorCodes(code)).not.toContain("RTT18");
    expect(demoIndicatorCodes("PATH")).not.toContain("FFT");
    expect(demoIndicatorCodes("CRIT")).toContain("CCDELAY");
    expect(demoIndicatorCodes("THEA")).toContain("THUTIL");
    expect(demoIndicatorCodes("PATH")).toContain("TAT");
    for (const code of DEMO_SERVICE_LINE_CODES) expect(demoIndicatorCodes(code)).toEqual(expect.arrayContaining(["SICK", "AGENCY", "VAC", "TURN", "MAND", "APPR"]));
    // Every line's figures carry a target for every indicator, in the year they apply to.
    for (const months of Object.values(demo)) for (const m of months) for (const i of m.indicators) expect(i.target).toBe(demoTarget(i.code, m.month));
  });

  it("marks as key exactly the indicators the scheme's rules list as key", () => {
    const keyInRules = new Set(defaultRuleIndicators().filter((i) => i.key).map((i) => i.code));
    for (const months of Object.values(demo)) for (const i of months[0]!.indicators) expect([i.code, i.key]).toEqual([i.code, keyInRules.has(i.code)]);
  });

  it("uses each year's planning ambition as the target", () => {
    expect([demoTarget("AE4", "2025-03"), demoTarget("AE4", "2026-03"), demoTarget("AE4", "2026-04")]).toEqual([78, 78, 82]);
    expect([demoTarget("RTT18", "2025-04"), demoTarget("RTT18", "2026-04")]).toEqual([65, 70]);
    expect(demoTarget("AE4", "2027-04")).toBe(82);
    expect(DEMO_TARGETS.every((t) => t.source.length > 0)).toBe(true);
  });

  it("plans some lines at a loss and others at a profit, tens to hundreds of thousands a month", () => {
    const plans = Object.fromEntries(Object.entries(demo).map(([code, m]) => [code, m.at(-1)!.finance!.plan]));
    for (const code of ["PAED", "NEON", "CRIT"]) expect(plans[code]).toBeLessThan(0);
    for (const code of ["GSUR", "ORTH", "CARD"]) expect(plans[code]).toBeGreaterThan(0);
    for (const p of Object.values(plans)) expect(Math.abs(p)).toBeGreaterThanOrEqual(50_000);
    for (const p of Object.values(plans)) expect(Math.abs(p)).toBeLessThan(1_500_000);
  });

  describe("planted special causes", () => {
    it("a shift: urgent care's 4-hour performance above the mean from February 2026 (month 14)", () => {
      const v = series("UEC", "AE4");
      const l = limits(v);
      expect(v.slice(14).every((x) => x > l.upper)).toBe(true);
      expect(v.slice(0, 14).every((x) => x < 78)).toBe(true);
      expect(v.slice(16).every((x) => x >= 82)).toBe(true);
    });

    it("a trend: orthopaedics' 18-week performance falls ten months running from January 2026", () => {
      const v = series("ORTH", "RTT18");
      for (let i = 14; i <= 22; i++) expect(v[i]!).toBeLessThan(v[i - 1]!);
      expect(v[15]!).toBeGreaterThanOrEqual(65);
      expect(v[16]!).toBeLessThan(70);
    });

    it("two of three: urology's cancer 62-day points beyond the lower near-limit in August and October 2026, inside the limits", () => {
      const v = series("UROL", "CAN62");
      const l = limits(v);
      for (const i of [20, 22]) {
        expect(v[i]!).toBeLessThan(l.lowerNear);
        expect(v[i]!).toBeGreaterThan(l.lower);
        expect(v[i]!).toBeGreaterThan(80);
      }
      expect(v[21]!).toBeGreaterThan(l.lowerNear);
    });

    it("a point outside the limits: respiratory falls in January 2026", () => {
      const v = series("RESP", "FALLS");
      const l = limits(v);
      expect(v[13]!).toBeGreaterThan(l.upper);
      expect(v.filter((x) => x > l.upper)).toHaveLength(1);
    });
  });

  it("accepts any list of codes and months, keeping CARD steady wherever it is", () => {
    expect(demoPatternFor(["X", "CARD", "Y"])).toEqual({ X: "star", CARD: "steady", Y: "faller" });
    const small = demoPerformance(["A", "B", "C", "D"], ["2027-01", "2027-02", "2027-03", "2027-04", "2027-05", "2027-06", "2027-07", "2027-08"]);
    const levelsNow = Object.values(small).map((m) => latestLevel(computeLevels(m, rules)).level);
    expect(new Set(levelsNow)).toEqual(new Set([1, 2, 3, 4]));
  });

  it("drops CARD to level 3 when a following month fails two criteria", () => {
    const next = demoObservation("CARD", "2026-12", { failKey: ["finance", "performance"] });
    const out = computeLevels([...demo.CARD!, next], rules);
    expect(out[23]!.level).toBe(2);
    expect(out[24]!.rawLevel).toBe(3);
    expect(out[24]!.level).toBe(3);
  });

  it("makes months that fail exactly what was asked", () => {
    for (const code of ["ORTH", "CRIT", "NEON", "UEC"]) {
      expect(assessMonth(demoObservation(code, "2027-04"), rules).rawLevel).toBe(1);
      expect(assessMonth(demoObservation(code, "2027-04", { failNonKey: true }), rules).rawLevel).toBe(2);
      expect(assessMonth(demoObservation(code, "2027-04", { failKey: ["quality"] }), rules).failedKey).toEqual(["quality"]);
      expect(assessMonth(demoObservation(code, "2027-04", { failKey: ["finance", "quality", "policy"] }), rules).rawLevel).toBe(4);
    }
  });
});
