import { describe, expect, it } from "vitest";
import type { PlanBudgetLine } from "../collab/plan-doc";
import { budgetTotals, phase, phasingProblems } from "./budget";

const line = (id: string, category: PlanBudgetLine["category"], annual: number, months = phase(annual), wte: number | null = null): PlanBudgetLine => ({ id, category, label: id, annual, months, wte, order: 0 });

describe("budget totals", () => {
  it("contribution is income less pay and non-pay; margin less recharges; WTE from pay", () => {
    const t = budgetTotals([line("nhse", "income", 12_000_001), line("nurses", "pay", 5_000_000, undefined, 95.5), line("drugs", "nonpay", 2_000_000), line("overheads", "recharge", 1_500_000)]);
    expect(t).toMatchObject({ income: 12_000_001, pay: 5_000_000, nonPay: 2_000_000, contribution: 5_000_001, recharges: 1_500_000, margin: 3_500_001, wte: 95.5 });
    expect(t.monthlyContribution.reduce((s, v) => s + v, 0)).toBe(5_000_001);
  });
  it("refuses money that is not whole pounds", () => {
    expect(() => budgetTotals([line("x", "income", 10.5, Array(12).fill(0))])).toThrow(/whole pounds/);
  });
});

describe("phasing must sum to the year", () => {
  it("phase spreads whole pounds exactly, by profile", () => {
    const even = phase(1_000_003);
    expect(even.reduce((s, v) => s + v, 0)).toBe(1_000_003);
    expect(Math.max(...even) - Math.min(...even)).toBeLessThanOrEqual(1);
    const winter = phase(140_000, [1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 1, 1]);
    expect(winter[8]).toBe(20_000);
    expect(winter[0]).toBe(10_000);
    expect(phase(-7, Array(12).fill(1)).reduce((s, v) => s + v, 0)).toBe(-7);
    expect(() => phase(10, Array(12).fill(0))).toThrow();
  });
  it("names the lines whose months do not add up, and by how much", () => {
    const good = line("a", "income", 1_200);
    const bad = { ...line("b", "pay", 1_200), months: [100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 99] };
    expect(phasingProblems([good, bad])).toEqual([{ id: "b", label: "b", annual: 1_200, phased: 1_199, difference: 1 }]);
  });
});
