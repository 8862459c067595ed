import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { addRow, addTarget, readPlan, setGuidance } from "../collab/plan-doc";
import { phase } from "./budget";
import { cipSummary, controlTotalGap, ratioTrajectory, reconcileTarget, trajectoryProblems } from "./reconcile";

describe("reconciling top-down and bottom-up", () => {
  it("says whether the proposal meets the top-down value in the improvement direction", () => {
    const doc = new Y.Doc();
    addTarget(doc, { domain: "operational", measure: "RTT", direction: "higher", topDown: 92, bottomUp: 88 });
    addTarget(doc, { domain: "quality", measure: "Falls", direction: "lower", topDown: 10, bottomUp: 8 });
    addTarget(doc, { domain: "financial", measure: "CIP", direction: "higher", topDown: null, bottomUp: 8 });
    const [rtt, falls, cip] = readPlan(doc).targets.map(reconcileTarget);
    expect(rtt).toMatchObject({ gap: -4, meetsTopDown: false, planValue: null });
    expect(falls).toMatchObject({ gap: -2, meetsTopDown: true });
    expect(cip).toMatchObject({ gap: null, meetsTopDown: null });
  });
  it("a cost-improvement requirement against the schemes, with the gap to the pound", () => {
    const doc = new Y.Doc();
    addRow(doc, "budget", { category: "pay", label: "Nursing", annual: 10_000_000, months: phase(10_000_000) });
    addRow(doc, "budget", { category: "nonpay", label: "Drugs", annual: 2_500_000, months: phase(2_500_000) });
    setGuidance(doc, { cipPercent: 4 });
    addRow(doc, "cip", { name: "Agency reduction", fullYear: 300_000, inYear: 250_000, recurrent: true, rag: "amber", months: phase(250_000) });
    addRow(doc, "cip", { name: "Procurement", fullYear: 100_000, inYear: 100_000, recurrent: false, rag: "green", months: phase(100_000) });
    const s = cipSummary(readPlan(doc));
    expect(s).toMatchObject({ required: 500_000, planned: 350_000, gap: 150_000, fullYear: 400_000, recurrent: 300_000, byRag: { red: 0, amber: 250_000, green: 100_000 } });
  });
  it("the budget against its control total", () => {
    const doc = new Y.Doc();
    expect(controlTotalGap(readPlan(doc))).toBeNull();
    addRow(doc, "budget", { category: "income", label: "ICB", annual: 5_000_000, months: phase(5_000_000) });
    setGuidance(doc, { controlTotal: 5_000_001 });
    expect(controlTotalGap(readPlan(doc))).toBe(-1);
  });
  it("a percentage trajectory comes from its numerators and denominators", () => {
    const doc = new Y.Doc();
    addTarget(doc, { domain: "operational", measure: "RTT", unit: "%", numerators: Array(12).fill(690), denominators: [...Array(11).fill(1_100), 600] });
    const t = readPlan(doc).targets[0]!;
    expect(ratioTrajectory(t)![0]).toBe(62.7);
    expect(trajectoryProblems(t)).toEqual(["Month 12: the numerator is larger than the denominator"]);
  });
});
