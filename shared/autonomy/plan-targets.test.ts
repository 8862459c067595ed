import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { addTarget, readPlan } from "../collab/plan-doc";
import { assessMonth } from "./assess";
import { judgeTargetsAgainstLivePlans, planTargetMonths } from "./plan-targets";
import { defaultAutonomyRules } from "./rules";
import type { IndicatorObservation, MonthObservation } from "./types";

/** A live plan's targets: sickness on a falling trajectory, vacancies agreed at 7%, an open FFT target that sets nothing. */
function targets() {
  const doc = new Y.Doc();
  addTarget(doc, { domain: "workforce", code: "SICK", measure: "Sickness absence", unit: "%", direction: "lower", status: "agreed", agreed: 4.2, trajectory: [4.5, 4.5, 4.4, 4.4, 4.3, 4.3, 4.2, 4.2, 4.2, 4.2, 4.1, 4.1] });
  addTarget(doc, { domain: "workforce", code: "vac", measure: "Vacancy rate", unit: "%", direction: "lower", status: "agreed", agreed: 7 });
  addTarget(doc, { domain: "quality", code: "FFT", measure: "FFT", status: "open", bottomUp: 95 });
  return planTargetMonths(readPlan(doc).targets);
}

const wf = (code: string, value: number, target: number): IndicatorObservation => ({ code, name: code === "SICK" ? "Sickness absence" : "Vacancy rate", kind: "workforce", value, target, direction: "lower", key: false, unit: "%" });
const month = (m: string, sick: number, vac: number): MonthObservation => ({
  month: m,
  indicators: [
    { code: "VTE", name: "VTE risk assessment", kind: "quality", value: 97, target: 95, direction: "higher", key: true, unit: "%" },
    { code: "RTT18", name: "Referral to treatment within 18 weeks", kind: "performance", value: 75, target: 70, direction: "higher", key: true, unit: "%" },
    wf("SICK", sick, 4.5),
    wf("VAC", vac, 8),
  ],
  finance: { plan: 100_000, actual: 100_000 },
  policy: { adherent: true },
});

describe("workforce targets from the live plan (issue 12: the plan is what performance is judged on)", () => {
  it("reads the plan's targets month by month by code, leaving out targets not agreed", () => {
    const t = targets();
    expect([...t.keys()]).toEqual(["SICK", "VAC"]);
    expect(t.get("SICK")![2]).toBe(4.4);
    expect(t.get("VAC")).toEqual(Array(12).fill(7));
  });

  it("judges workforce indicators against the plan's target in its year, and says so", () => {
    const figures = [month("2026-03", 4.4, 7.5), month("2026-06", 4.42, 7.5)];
    const judged = judgeTargetsAgainstLivePlans(figures, new Map([["2026/27", targets()]]));
    // March 2026 is 2025/26: no live plan, judged against the reported targets.
    expect(judged[0]).toBe(figures[0]);
    expect(assessMonth(judged[0]!, defaultAutonomyRules()).rawLevel).toBe(1);
    // June 2026: the plan's 4.4% and 7% replace the reported 4.5% and 8%; both miss, so workforce fails.
    const june = judged[1]!.indicators.filter((i) => i.kind === "workforce");
    expect(june.map((i) => [i.code, i.target, i.planTarget])).toEqual([
      ["SICK", 4.4, { plan: "the live 2026/27 plan", reported: 4.5 }],
      ["VAC", 7, { plan: "the live 2026/27 plan", reported: 8 }],
    ]);
    const a = assessMonth(judged[1]!, defaultAutonomyRules());
    expect(a.failedKey).toEqual(["workforce"]);
    expect(a.explanation).toContain("Workforce: Sickness absence 4.42% against a target of at most 4.4% (the live 2026/27 plan's target; the figures gave 4.5%) — not met");
    // The same month judged against the reported targets met them all.
    expect(assessMonth(figures[1]!, defaultAutonomyRules()).rawLevel).toBe(1);
    expect(figures[1]!.indicators[2]!.target).toBe(4.5);
  });

  it("leaves indicators the plan does not target, and months whose target already matches, unchanged", () => {
    const figures = [{ ...month("2026-04", 4, 6), indicators: [wf("SICK", 4, 4.5), wf("TURN", 9, 12)] }];
    const judged = judgeTargetsAgainstLivePlans(figures, new Map([["2026/27", targets()]]));
    expect(judged[0]).toBe(figures[0]);
    expect(judgeTargetsAgainstLivePlans(figures, new Map())).toEqual(figures);
  });
});
