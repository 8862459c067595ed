import { describe, expect, it } from "vitest";
import { assessMonth } from "./assess";
import { defaultAutonomyRules } from "./rules";
import type { MonthObservation } from "./types";
import { judgeAgainstLivePlans, withYearToDate } from "./ytd";

const met = [
  { code: "FFT", name: "Friends and Family Test", kind: "quality" as const, value: 96, target: 95, direction: "higher" as const, key: true },
  { code: "RTT18", name: "Waiting under 18 weeks", kind: "performance" as const, value: 93, target: 92, direction: "higher" as const, key: true },
  { code: "SICK", name: "Sickness absence", kind: "workforce" as const, value: 4, target: 4.5, direction: "lower" as const, key: false },
];
const month = (m: string, plan: number, actual: number): MonthObservation => ({ month: m, indicators: met, finance: { plan, actual }, policy: { adherent: true } });

describe("finance judged year to date", () => {
  // Ahead in May and July, behind for the year: judged month by month it earns level 1 in those
  // months; judged year to date it cannot.
  const months = [month("2026-04", 500_000, 440_000), month("2026-05", 500_000, 520_000), month("2026-06", 500_000, 430_000), month("2026-07", 500_000, 530_000)];
  const rules = defaultAutonomyRules();

  it("sums plan and actual over the financial year so far, starting again each April", () => {
    const y = withYearToDate([...months, month("2027-04", 100, 100)]);
    expect(y.map((o) => o.finance!.ytd)).toEqual([
      { plan: 500_000, actual: 440_000, months: 1 },
      { plan: 1_000_000, actual: 960_000, months: 2 },
      { plan: 1_500_000, actual: 1_390_000, months: 3 },
      { plan: 2_000_000, actual: 1_920_000, months: 4 },
      { plan: 100, actual: 100, months: 1 },
    ]);
  });

  it("a line ahead in some months but behind for the year loses the top level", () => {
    expect(assessMonth(months[3]!, rules).rawLevel).toBe(1);
    const judged = withYearToDate(months);
    const july = assessMonth(judged[3]!, rules);
    expect(july.rawLevel).toBe(3);
    expect(july.failedKey).toEqual(["finance"]);
    expect(july.explanation.join(" ")).toMatch(/year to date \(4 months\) £80,000 behind the year-to-date plan of £2,000,000: contribution £1,920,000/);
  });

  it("a line on plan for the year keeps it", () => {
    const judged = withYearToDate([month("2026-04", 100_000, 98_000), month("2026-05", 100_000, 103_000)]);
    expect(assessMonth(judged[1]!, rules).rawLevel).toBe(1);
  });
});

describe("finance judged against the line's live plan", () => {
  const rules = defaultAutonomyRules();
  // Reported figures say 500,000 a month was planned; the live plan is phased higher in April and June.
  const reported = [month("2026-03", 500_000, 520_000), month("2026-04", 500_000, 540_000), month("2026-05", 500_000, 520_000), month("2026-06", 500_000, 480_000)];
  const phasing = [600_000, 450_000, 600_000, 450_000, 500_000, 500_000, 500_000, 500_000, 500_000, 450_000, 450_000, 500_000];

  it("takes each month's plan from the live plan's phasing and sums the year from April", () => {
    const judged = judgeAgainstLivePlans(reported, new Map([["2026/27", phasing]]));
    expect(judged.map((o) => o.finance!.plan)).toEqual([500_000, 600_000, 450_000, 600_000]);
    expect(judged[3]!.finance!.ytd).toEqual({ plan: 1_650_000, actual: 1_540_000, months: 3 });
    expect(judged[3]!.finance!.ytdPlanName).toBe("the live 2026/27 plan");
    // £10,000 ahead after May; June's £120,000 miss leaves the year £110,000 behind: not the top level.
    expect(assessMonth(judged[2]!, rules).criteria[0]!.lines[0]).toMatch(/£10,000 ahead of the year-to-date plan of £1,050,000 \(the live 2026\/27 plan's phasing\)/);
    const june = assessMonth(judged[3]!, rules);
    expect(june.failedKey).toEqual(["finance"]);
    expect(june.explanation.join(" ")).toMatch(/£110,000 behind the year-to-date plan of £1,650,000/);
  });

  it("judges a year without a live plan month by month, and says so", () => {
    const judged = judgeAgainstLivePlans(reported, new Map([["2026/27", phasing]]));
    expect(judged[0]!.finance!.ytd).toBeUndefined();
    const march = assessMonth(judged[0]!, rules);
    expect(march.rawLevel).toBe(1);
    expect(march.criteria[0]!.lines[0]).toMatch(/contribution £520,000 against a plan of £500,000 .*— met \(judged month by month: there is no live plan for 2025\/26\)/);
  });

  it("uses the rules' tolerance, not one the figures give, and says what they reported", () => {
    // June is £110,000 (6.7%) behind the year to date: a 10% tolerance in the file would pass it.
    const loose = reported.map((o) => ({ ...o, finance: { ...o.finance!, tolerancePct: 10 } }));
    expect(assessMonth(withYearToDate(loose.slice(1))[2]!, rules).failedKey).toEqual([]);
    const judged = judgeAgainstLivePlans(loose, new Map([["2026/27", phasing]]));
    expect(judged[3]!.finance!.tolerancePct).toBeUndefined();
    expect(judged[3]!.finance!.reported).toEqual({ plan: 500_000, tolerancePct: 10 });
    const june = assessMonth(judged[3]!, rules);
    expect(june.failedKey).toEqual(["finance"]);
    expect(june.criteria[0]!.lines[0]).toMatch(/\(1% tolerance, so at least £1,633,500\) — not met; this month £480,000 against £600,000; the figures reported a plan of £500,000 and a 10% tolerance, not used: the live 2026\/27 plan and the rules set them$/);
    // A month whose figures agree with the live plan says nothing more; a year without one keeps its tolerance.
    const agreeing = judgeAgainstLivePlans([month("2026-05", 450_000, 450_000)], new Map([["2026/27", phasing]]));
    expect(agreeing[0]!.finance!.reported).toBeUndefined();
    expect(judged[0]!.finance!.tolerancePct).toBe(10);
  });

  it("leaves the figures it was given unchanged", () => {
    const copy = structuredClone(reported);
    judgeAgainstLivePlans(reported, new Map([["2026/27", phasing]]));
    expect(reported).toEqual(copy);
  });
});
