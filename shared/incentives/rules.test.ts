import { describe, expect, it } from "vitest";
import { emptyFramework, frameworkApprovalProblems } from "./framework";
import { applicableConsequences, awardRefusal, drawdownAmountRefusal, drawdownNatureRefusal, monthsAtOrWorse } from "./rules";

const dets = [
  { effectiveFrom: "2025-04-01", level: 3 as const },
  { effectiveFrom: "2026-05-01", level: 4 as const },
];

describe("consequences", () => {
  it("counts consecutive months at level 4 from the agreed levels", () => {
    expect(monthsAtOrWorse(dets, 4, "2026-10-15")).toBe(6);
    expect(monthsAtOrWorse(dets, 4, "2026-09-30")).toBe(5);
    expect(monthsAtOrWorse(dets, 3, "2026-10-15")).toBe(19);
    expect(monthsAtOrWorse([], 4, "2026-10-15")).toBe(0);
  });

  it("applies a rule at its level or worse, and special measures only after the months it names", () => {
    const f = emptyFramework();
    f.consequences = [
      { id: "c1", kind: "recovery_plan", fromLevel: 3, days: 10, months: 0, detail: "" },
      { id: "c2", kind: "special_measures", fromLevel: 4, days: 0, months: 6, detail: "Executive-led turnaround" },
    ];
    expect(applicableConsequences(f, 4, dets, "2026-09-30").map((c) => c.text)).toEqual(["Recovery plan within 10 days, at level 3 or worse"]);
    const at6 = applicableConsequences(f, 4, dets, "2026-10-15");
    expect(at6.map((c) => c.text)).toEqual(["Recovery plan within 10 days, at level 3 or worse", "Special measures after 6 consecutive months at level 4: Executive-led turnaround"]);
    expect(at6[1]!.months).toBe(6);
    expect(applicableConsequences(f, 2, dets, "2026-10-15")).toEqual([]);
  });
});

describe("draw-downs and individual incentives", () => {
  it("funds only non-recurrent change and transformation, within the reserve", () => {
    expect(drawdownNatureRefusal("non_recurrent")).toBeNull();
    expect(drawdownNatureRefusal("recurrent")).toMatch(/non-recurrent change and transformation/);
    expect(drawdownNatureRefusal("pay")).toMatch(/cannot be paid to individuals/);
    expect(drawdownNatureRefusal("")).toMatch(/Say what the draw-down is for/);
    expect(drawdownAmountRefusal(50_000, 60_000)).toBeNull();
    expect(drawdownAmountRefusal(70_000, 60_000)).toBe("The reserve holds £60,000: a draw-down cannot be larger than what the line has retained.");
    expect(drawdownAmountRefusal(0, 60_000)).toMatch(/Enter the amount/);
  });

  it("refuses a pay item for an individual", () => {
    expect(awardRefusal("protected_time")).toBeNull();
    expect(awardRefusal("pay")).toMatch(/Individual incentives are non-pay/);
    expect(awardRefusal("car")).toMatch(/Choose/);
  });

  it("will not approve a framework that rewards deterioration or names no consequence", () => {
    const f = emptyFramework();
    expect(frameworkApprovalProblems(f)).toHaveLength(2);
    f.rewards[1].sharePct = 25;
    f.rewards[2].sharePct = 50;
    f.consequences = [{ id: "c1", kind: "coaching", fromLevel: 4, days: 0, months: 0, detail: "" }];
    expect(frameworkApprovalProblems(f)).toEqual(["Level 2 retains a larger share (50%) than level 1 (25%): a share should not grow as autonomy falls."]);
  });
});
