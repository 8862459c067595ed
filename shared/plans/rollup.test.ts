import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { addRow, addTarget, readPlan, setGuidance } from "../collab/plan-doc";
import { phase } from "./budget";
import { divisionRollup, pooledPercent, ratioRollups, trustRollup } from "./rollup";

function plan(income: number, pay: number, controlTotal: number | null = null, ratio?: { n: number[]; d: number[] }) {
  const doc = new Y.Doc();
  addRow(doc, "budget", { category: "income", label: "NHS England", annual: income, months: phase(income) });
  addRow(doc, "budget", { category: "pay", label: "Nursing", annual: pay, months: phase(pay), wte: 10 });
  if (controlTotal !== null) setGuidance(doc, { controlTotal });
  if (ratio) addTarget(doc, { domain: "operational", measure: "RTT within 18 weeks", code: "RTT18", unit: "%", numerators: ratio.n, denominators: ratio.d });
  return readPlan(doc);
}

describe("roll-ups add up to the pound", () => {
  it("lines plus the divisional reserve against the division's control total, with the exact gap", () => {
    const d = divisionRollup({ unitId: "med", name: "Medicine", reserve: -250_001, controlTotal: 3_000_000, lines: [{ unitId: "a", name: "A", plan: plan(10_000_003, 7_000_000) }, { unitId: "b", name: "B", plan: plan(2_000_000, 1_750_001) }] });
    expect(d.total).toBe(3_000_003 + 249_999 - 250_001);
    expect(d.gap).toBe(d.total - 3_000_000);
    expect(d.gap).toBe(1);
    expect(d.monthly.reduce((s, v) => s + v, 0)).toBe(d.total);
  });
  it("divisions plus corporate against the trust plan", () => {
    const med = divisionRollup({ unitId: "med", name: "Medicine", reserve: 0, controlTotal: null, lines: [{ unitId: "a", name: "A", plan: plan(5_000_000, 1_000_000) }] });
    const surg = divisionRollup({ unitId: "surg", name: "Surgery", reserve: -100_000, controlTotal: null, lines: [{ unitId: "b", name: "B", plan: plan(3_000_000, 1_000_000) }] });
    const t = trustRollup([med, surg], -5_900_007, 0);
    expect(t.total).toBe(4_000_000 + 1_900_000 - 5_900_007);
    expect(t.gap).toBe(-7);
    expect(t.monthly.reduce((s, v) => s + v, 0)).toBe(t.total);
  });
  it("is unmoved by the order lines are given in", () => {
    const lines = [1, 2, 3].map((i) => ({ unitId: `l${i}`, name: `L${i}`, plan: plan(1_000_000 * i + 7, 333_333 * i) }));
    const a = divisionRollup({ unitId: "d", name: "D", reserve: 11, controlTotal: 1, lines });
    const b = divisionRollup({ unitId: "d", name: "D", reserve: 11, controlTotal: 1, lines: [...lines].reverse() });
    expect(a.total).toBe(b.total);
  });
});

describe("percentages roll up by numerators and denominators", () => {
  it("600 of 1,000 and 90 of 100 is 62.7%, not 75%", () => {
    expect(pooledPercent([{ numerator: 600, denominator: 1_000 }, { numerator: 90, denominator: 100 }])).toBe(62.7);
    const twelfths = (n: number) => phase(n);
    const r = ratioRollups([plan(0, 0, null, { n: twelfths(600), d: twelfths(1_000) }), plan(0, 0, null, { n: twelfths(90), d: twelfths(100) })]);
    expect(r).toEqual([{ code: "RTT18", measure: "RTT within 18 weeks", numerator: 690, denominator: 1_100, percent: 62.7, lines: 2 }]);
  });
  it("has no percentage without a denominator", () => {
    expect(pooledPercent([{ numerator: 0, denominator: 0 }])).toBeNull();
  });
});
