import { describe, expect, it } from "vitest";
import { defaultRuleIndicators } from "../collab/autonomy-rules-doc";
import { DEMO_SPC_INDICATOR, demoRuleIndicators } from "../delegation/demo";
import { computeLevels, latestLevel } from "./assess";
import { demoPerformance } from "./demo";
import { defaultAutonomyRules } from "./rules";
import { applySpcJudgement, spcCodesOf } from "./spc-rule";

const rules = defaultAutonomyRules();

/**
 * The demo's rules judge one key indicator, 18 weeks, by SPC (issue 14). demo.test.ts checks the
 * figures and stories judged against targets alone; this checks what the demo's own rules make of them.
 */
describe("the demo's SPC rule", () => {
  const demo = demoPerformance();
  const spc = spcCodesOf(demoRuleIndicators());
  const byTarget = Object.fromEntries(Object.entries(demo).map(([code, months]) => [code, computeLevels(months, rules)]));
  const bySpc = Object.fromEntries(Object.entries(demo).map(([code, months]) => [code, computeLevels(applySpcJudgement(months, spc), rules)]));
  const latest = Object.fromEntries(Object.entries(bySpc).map(([code, l]) => [code, latestLevel(l).level]));

  it("is on for exactly one key indicator in the demo, and off for a new trust", () => {
    expect([...spc]).toEqual([DEMO_SPC_INDICATOR]);
    expect(demoRuleIndicators().find((i) => i.code === DEMO_SPC_INDICATOR)!.key).toBe(true);
    expect(spcCodesOf(defaultRuleIndicators()).size).toBe(0);
    expect(demoRuleIndicators().map(({ spc: _s, ...i }) => i)).toEqual(defaultRuleIndicators());
  });

  it("still shows every level 1–4 at the latest month, with Cardiology at level 2 from June 2025", () => {
    expect(new Set(Object.values(latest))).toEqual(new Set([1, 2, 3, 4]));
    // Respiratory medicine's 18-week misses in 2026/27 are common cause (its figures hover about the 70% target), so they no longer fail it: level 2, not 3.
    expect(latest).toEqual({ GAST: 1, DIAB: 1, GSUR: 1, IMAG: 1, CARD: 2, UEC: 2, ENT: 2, GYNAE: 2, PAED: 2, RESP: 2, ORTH: 3, CRIT: 3, OBST: 3, THEA: 3, PATH: 3, UROL: 4, NEON: 4 });
    expect(bySpc.CARD!.map((m) => m.level)).toEqual(byTarget.CARD!.map((m) => m.level));
    expect(bySpc.CARD!.filter((m) => m.month >= "2025-06").every((m) => m.level === 2)).toBe(true);
  });

  it("fails Trauma and orthopaedics from the first month its falling 18 weeks is a special-cause concern, before it misses the target in April 2026", () => {
    const rtt = (m: { assessment?: { criteria: { lines: string[] }[] } }) => m.assessment!.criteria.flatMap((c) => c.lines).find((l) => l.includes("Referral to treatment"))!;
    const orth = bySpc.ORTH!;
    const firstConcern = orth.find((m) => rtt(m).includes("judged by SPC: special cause concern"))!;
    // Judged against its target, the line falls when the 2026/27 target of 70% is missed, in April 2026.
    expect(byTarget.ORTH!.find((m, i) => i > 0 && m.level > byTarget.ORTH![i - 1]!.level && m.month >= "2026-01")!.month).toBe("2026-04");
    // Judged by SPC it falls with the first point outside the limits, while still above its target.
    expect(firstConcern.month >= "2026-01" && firstConcern.month < "2026-04").toBe(true);
    expect(firstConcern.level).toBe(3);
    expect(firstConcern.assessment!.failedKey).toEqual(["performance"]);
    expect(rtt(firstConcern)).toMatch(/^Performance: Referral to treatment within 18 weeks [\d.]+% against a target of at least 65% \(key indicator\) — judged by SPC: special cause concern \(a point below the lower process limit, \w+ 2026\) — not met$/);
    expect(orth.filter((m) => m.month < firstConcern.month && m.month >= "2025-06").every((m) => m.level === 1)).toBe(true);
    expect(orth.filter((m) => m.month >= firstConcern.month).every((m) => m.level === 3)).toBe(true);
    expect(rtt(orth.at(-1)!)).toMatch(/judged by SPC: special cause concern \(\d+ consecutive points below the lower process limit, \w+–November 2026\) — not met$/);
  });

  it("changes only the lines that report 18 weeks", () => {
    const changed = Object.keys(demo).filter((code) => JSON.stringify(bySpc[code]!.map((m) => m.level)) !== JSON.stringify(byTarget[code]!.map((m) => m.level)));
    // Trauma and orthopaedics (the planted trend), Respiratory (common-cause misses pass), and chance special causes in
    // common-cause series: ENT (2 of 3 on trial limits in June 2025, a point below the limit in November 2025) and
    // Paediatrics (a point below the limit in March 2026), each for a month or two, neither changing its latest level.
    expect(changed.sort()).toEqual(["ENT", "ORTH", "PAED", "RESP"]);
    for (const code of changed) expect(demo[code]![0]!.indicators.some((i) => i.code === "RTT18")).toBe(true);
  });
});
