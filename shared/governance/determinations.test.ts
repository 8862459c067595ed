import { describe, expect, it } from "vitest";
import type { MonthObservation } from "../autonomy/types";
import { canonicalFigures, determinationOn, determinationsToRecord } from "./determinations";
import type { Determination } from "./types";

function det(id: number, unitId: string, effectiveFrom: string, level: 1 | 2 | 3 | 4, patch: Partial<Determination> = {}): Determination {
  return {
    id,
    unitId,
    effectiveFrom,
    level,
    computedLevel: level,
    basisMonth: null,
    rulesVersionId: null,
    figuresHash: null,
    source: "figures",
    reason: "",
    ...patch,
  };
}

const DETS: Determination[] = [
  det(1, "cardiology", "2026-05-01", 3),
  det(2, "cardiology", "2026-08-01", 2),
  det(3, "respiratory", "2026-05-01", 4),
  det(4, "cardiology", "2026-08-01", 3, { source: "override", computedLevel: 2, reason: "Never event in July" }),
  det(5, "cardiology", "2026-11-01", 1),
];

describe("determinationOn", () => {
  it("is null before the first determination", () => {
    expect(determinationOn(DETS, "cardiology", "2026-04-30")).toBeNull();
    expect(determinationOn(DETS, "urology", "2026-09-01")).toBeNull();
    expect(determinationOn([], "cardiology", "2026-09-01")).toBeNull();
  });
  it("takes effect on its date", () => {
    expect(determinationOn(DETS, "cardiology", "2026-05-01")?.id).toBe(1);
    expect(determinationOn(DETS, "cardiology", "2026-07-31")?.id).toBe(1);
  });
  it("breaks a tie of dates by the highest id (the later record)", () => {
    expect(determinationOn(DETS, "cardiology", "2026-08-01")?.id).toBe(4);
    expect(determinationOn([...DETS].reverse(), "cardiology", "2026-10-31")?.id).toBe(4);
  });
  it("keeps each line's own record", () => {
    expect(determinationOn(DETS, "respiratory", "2026-12-01")?.level).toBe(4);
    expect(determinationOn(DETS, "cardiology", "2026-12-01")?.level).toBe(1);
  });
});

describe("canonicalFigures", () => {
  const april: MonthObservation = {
    month: "2026-04",
    indicators: [
      { code: "RTT18", name: "Referral to treatment within 18 weeks", kind: "performance", value: 66.2, target: 65, direction: "higher", key: true, unit: "%" },
      { code: "CDIFF", name: "C. difficile infections", kind: "quality", value: 1, target: 2, direction: "lower", key: true },
    ],
    finance: { plan: 410_000, actual: 402_500 },
    policy: { adherent: true },
  };
  const may: MonthObservation = { month: "2026-05", indicators: [], finance: { plan: 410_000, actual: 415_000, tolerancePct: 1 } };

  it("writes sorted keys and indicators by code", () => {
    expect(canonicalFigures(may)).toBe('[{"finance":{"actual":415000,"plan":410000,"tolerancePct":1},"indicators":[],"month":"2026-05"}]');
    const text = canonicalFigures(april);
    expect(text.indexOf('"code":"CDIFF"')).toBeLessThan(text.indexOf('"code":"RTT18"'));
    expect(JSON.parse(text)[0].indicators[1]).toEqual(april.indicators[0]);
  });
  it("is the same however the months, indicators and keys were ordered", () => {
    const shuffled: MonthObservation = {
      policy: { adherent: true },
      finance: { actual: 402_500, plan: 410_000 },
      indicators: [...april.indicators].reverse(),
      month: "2026-04",
    };
    expect(canonicalFigures([may, shuffled])).toBe(canonicalFigures([april, may]));
  });
  it("changes when a figure changes", () => {
    const changed = { ...april, finance: { plan: 410_000, actual: 402_501 } };
    expect(canonicalFigures(changed)).not.toBe(canonicalFigures(april));
    expect(canonicalFigures({ ...april, policy: { adherent: false } })).not.toBe(canonicalFigures(april));
  });
  it("treats an absent optional field and an undefined one alike", () => {
    expect(canonicalFigures({ ...may, policy: undefined })).toBe(canonicalFigures(may));
  });
  it("does not reorder the caller's arrays", () => {
    const list = [may, april];
    canonicalFigures(list);
    expect(list[0]).toBe(may);
    expect(april.indicators[0]!.code).toBe("RTT18");
  });
  it("sorts two rows with one code by their content", () => {
    const a = { ...april.indicators[1]!, value: 3 };
    const b = { ...april.indicators[1]!, value: 1 };
    expect(canonicalFigures({ ...may, indicators: [a, b] })).toBe(canonicalFigures({ ...may, indicators: [b, a] }));
  });
  it("refuses figures that are not finite", () => {
    expect(() => canonicalFigures({ ...may, finance: { plan: NaN, actual: 1 } })).toThrow();
  });
  it("writes an empty list as []", () => {
    expect(canonicalFigures([])).toBe("[]");
  });
});

describe("determinationsToRecord", () => {
  it("records only lines whose level changes or that have none", () => {
    const out = determinationsToRecord(
      DETS,
      [
        { unitId: "respiratory", month: "2026-06", level: 3, rawLevel: 3 },
        { unitId: "cardiology", month: "2026-06", level: 3, rawLevel: 2 },
        { unitId: "urology", month: "2026-06", level: 2, rawLevel: 2 },
      ],
      "2026-07-01",
    );
    expect(out).toEqual([
      {
        unitId: "respiratory",
        effectiveFrom: "2026-07-01",
        level: 3,
        computedLevel: 3,
        basisMonth: "2026-06",
        source: "figures",
        reason: "The figures for June 2026 put the line at level 3; it was at level 4.",
      },
      {
        unitId: "urology",
        effectiveFrom: "2026-07-01",
        level: 2,
        computedLevel: 2,
        basisMonth: "2026-06",
        source: "figures",
        reason: "The figures for June 2026 put the line at level 2; no level was recorded before.",
      },
    ]);
  });
  it("compares with the determination in force on the effective date, including an override", () => {
    // On 1 August the override (id 4, level 3) is in force, so level 2 from the figures is a change.
    const out = determinationsToRecord(DETS, [{ unitId: "cardiology", month: "2026-07", level: 2, rawLevel: 1 }], "2026-08-01");
    expect(out).toHaveLength(1);
    expect(out[0]!.reason).toBe(
      "The figures for July 2026 put the line at level 2; it was at level 3. That month on its own met level 1; the rules on sustained performance set level 2.",
    );
    expect(determinationsToRecord(DETS, [{ unitId: "cardiology", month: "2026-07", level: 3, rawLevel: 3 }], "2026-08-01")).toEqual([]);
  });
  it("judges a line listed for several months on its latest", () => {
    const out = determinationsToRecord(
      [],
      [
        { unitId: "cardiology", month: "2026-06", level: 3, rawLevel: 3 },
        { unitId: "cardiology", month: "2026-05", level: 4, rawLevel: 4 },
      ],
      "2026-07-01",
    );
    expect(out.map((d) => [d.basisMonth, d.level])).toEqual([["2026-06", 3]]);
  });
  it("records nothing when nothing was computed", () => {
    expect(determinationsToRecord(DETS, [], "2026-07-01")).toEqual([]);
  });
  it("does not mention a raw level for a month without figures", () => {
    const [d] = determinationsToRecord([], [{ unitId: "cardiology", month: "2026-06", level: 3, rawLevel: null }], "2026-07-01");
    expect(d!.reason).toBe("The figures for June 2026 put the line at level 3; no level was recorded before.");
  });
});
