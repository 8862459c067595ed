import { describe, expect, it } from "vitest";
import { computeLevels, latestLevel } from "./assess";
import { DEMO_SERVICE_LINE_CODES, demoObservation, demoPatternFor, demoPerformance } from "./demo";
import { defaultAutonomyRules } from "./rules";
import { monthObservationSchema } from "./types";
import { assessMonth } from "./assess";

const rules = defaultAutonomyRules();

describe("demoPerformance", () => {
  const demo = demoPerformance();
  const levels = Object.fromEntries(
    Object.entries(demo).map(([code, months]) => [code, computeLevels(months, rules)]),
  );

  it("gives twelve valid months for every line, the same on every run", () => {
    expect(Object.keys(demo)).toEqual([...DEMO_SERVICE_LINE_CODES]);
    for (const months of Object.values(demo)) {
      expect(months).toHaveLength(12);
      expect(months[0]!.month).toBe("2026-04");
      expect(months[11]!.month).toBe("2027-03");
      for (const m of months) expect(monthObservationSchema.parse(m)).toEqual(m);
    }
    expect(demoPerformance()).toEqual(demo);
  });

  it("shows every level 1–4 at the latest month, with CARD at level 2", () => {
    const latest = Object.fromEntries(Object.entries(levels).map(([code, l]) => [code, latestLevel(l).level]));
    expect(new Set(Object.values(latest))).toEqual(new Set([1, 2, 3, 4]));
    expect(latest.CARD).toBe(2);
  });

  it("includes lines that promote after sustained months and one that falls", () => {
    const rose = Object.values(levels).filter((l) => l.some((m) => m.explanation.some((e) => e.startsWith("Moved up"))));
    const fell = Object.values(levels).filter((l) => l.some((m, i) => i > 0 && m.level > l[i - 1]!.level));
    expect(rose.length).toBeGreaterThanOrEqual(3);
    expect(fell.length).toBeGreaterThanOrEqual(1);
  });

  it("accepts any list of codes and months, keeping CARD steady wherever it is", () => {
    expect(demoPatternFor(["X", "CARD", "Y"])).toEqual({ X: "star", CARD: "steady", Y: "faller" });
    const small = demoPerformance(["A", "B", "C", "D"], ["2027-01", "2027-02", "2027-03", "2027-04", "2027-05", "2027-06", "2027-07", "2027-08"]);
    const latest = Object.values(small).map((m) => latestLevel(computeLevels(m, rules)).level);
    expect(new Set(latest)).toEqual(new Set([1, 2, 3, 4]));
  });

  it("drops CARD to level 3 when a following month fails two criteria", () => {
    const next = demoObservation("CARD", "2027-04", { failKey: ["finance", "performance"] });
    const out = computeLevels([...demo.CARD!, next], rules);
    expect(out[11]!.level).toBe(2);
    expect(out[12]!.rawLevel).toBe(3);
    expect(out[12]!.level).toBe(3);
  });

  it("makes months that fail exactly what was asked", () => {
    expect(assessMonth(demoObservation("ORTH", "2027-04"), rules).rawLevel).toBe(1);
    expect(assessMonth(demoObservation("ORTH", "2027-04", { failNonKey: true }), rules).rawLevel).toBe(2);
    expect(assessMonth(demoObservation("ORTH", "2027-04", { failKey: ["quality"] }), rules).failedKey).toEqual(["quality"]);
    expect(assessMonth(demoObservation("ORTH", "2027-04", { failKey: ["finance", "quality", "policy"] }), rules).rawLevel).toBe(4);
  });
});
