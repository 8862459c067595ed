import { describe, expect, it } from "vitest";
import { levelAsOf, levelChanges, levelSince, mergeObservations } from "./history";
import type { AutonomyLevel, MonthLevel } from "./types";

const ml = (month: string, level: AutonomyLevel): MonthLevel => ({ month, rawLevel: level, level, explanation: [] });
const history = [ml("2026-04", 3), ml("2026-05", 3), ml("2026-06", 2), ml("2026-07", 2), ml("2026-09", 3)];

describe("levelAsOf", () => {
  it("gives the latest entry for now, the month's own entry, or the last one before a gap", () => {
    expect(levelAsOf(history, null)?.month).toBe("2026-09");
    expect(levelAsOf(history, "2026-06")?.level).toBe(2);
    expect(levelAsOf(history, "2026-08")?.month).toBe("2026-07");
    expect(levelAsOf(history, "2027-03")?.month).toBe("2026-09");
  });

  it("gives nothing before the first month or with no history", () => {
    expect(levelAsOf(history, "2026-03")).toBeUndefined();
    expect(levelAsOf([], null)).toBeUndefined();
  });
});

describe("levelSince", () => {
  it("finds the start of the current run at the same level", () => {
    expect(levelSince(history)).toBe("2026-09");
    expect(levelSince(history, "2026-07")).toBe("2026-06");
    expect(levelSince(history, "2026-05")).toBe("2026-04");
    expect(levelSince([])).toBeNull();
  });
});

describe("levelChanges", () => {
  it("lists each change of level with where it came from", () => {
    expect(levelChanges(history)).toEqual([
      { month: "2026-04", from: null, to: 3 },
      { month: "2026-06", from: 3, to: 2 },
      { month: "2026-09", from: 2, to: 3 },
    ]);
  });
});

describe("mergeObservations", () => {
  it("upserts indicators by code and replaces finance and policy only when given", () => {
    const ind = (code: string, value: number) => ({ code, name: code, kind: "quality" as const, value, target: 1, direction: "lower" as const, key: true });
    const stored = [
      { month: "2027-03", indicators: [ind("A", 0)], finance: { plan: 10, actual: 10 } },
      { month: "2027-04", indicators: [ind("A", 0), ind("B", 0)], finance: { plan: 10, actual: 10 }, policy: { adherent: true } },
    ];
    const merged = mergeObservations(stored, [
      { month: "2027-04", indicators: [ind("B", 3), ind("C", 1)], policy: { adherent: false } },
      { month: "2027-05", indicators: [ind("A", 2)] },
    ]);
    expect(merged.map((m) => m.month)).toEqual(["2027-03", "2027-04", "2027-05"]);
    expect(merged[1]!.indicators.map((i) => [i.code, i.value])).toEqual([["A", 0], ["B", 3], ["C", 1]]);
    expect(merged[1]!.finance).toEqual({ plan: 10, actual: 10 });
    expect(merged[1]!.policy).toEqual({ adherent: false });
    expect(stored[1]!.indicators[1]!.value).toBe(0); // the stored months are not changed
  });
});
