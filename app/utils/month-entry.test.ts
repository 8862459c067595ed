import { describe, expect, it } from "vitest";
import { indField, parseMonthEntry } from "./month-entry";

const row = (i: number, v: Record<string, string>) => Object.fromEntries(Object.entries(v).map(([k, val]) => [indField(i, k as "code"), val]));

describe("parseMonthEntry", () => {
  it("reads indicators, finance and policy, skipping blank rows", () => {
    const res = parseMonthEntry(
      {
        line: "card",
        month: "April 2027",
        rows: "3",
        ...row(0, { code: "RTT18", name: "RTT", kind: "performance", value: "61.5", target: "65", direction: "higher", key: "on", unit: "%" }),
        ...row(2, { code: "FALLS", kind: "quality", value: "4", target: "5", direction: "lower" }),
        plan: "250,000",
        actual: "-£1,200",
        tolerance: "",
        adherent: "no",
        note: "Training below 85%",
      },
      ["card"],
    );
    expect(res).toEqual({
      ok: true,
      unitId: "card",
      observation: {
        month: "2027-04",
        indicators: [
          { code: "RTT18", name: "RTT", kind: "performance", value: 61.5, target: 65, direction: "higher", key: true, unit: "%" },
          { code: "FALLS", name: "FALLS", kind: "quality", value: 4, target: 5, direction: "lower", key: false },
        ],
        finance: { plan: 250000, actual: -1200 },
        policy: { adherent: false, note: "Training below 85%" },
      },
    });
  });

  it("names the field of every problem", () => {
    const res = parseMonthEntry(
      { line: "nope", month: "Smarch", rows: "2", ...row(0, { code: "A", value: "lots", target: "1", kind: "x", direction: "higher" }), ...row(1, { code: "a", value: "1", target: "1", kind: "quality", direction: "lower" }), plan: "10", actual: "", tolerance: "150" },
      ["card"],
    );
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(Object.keys(res.errors).sort()).toEqual(["actual", "ind-0-kind", "ind-0-value", "ind-1-code", "line", "month", "tolerance"].sort());
    expect(res.errors["ind-0-value"]).toBe("Indicator row 1 (A): the value must be a number, like 78.5");
    expect(res.errors["ind-1-code"]).toMatch(/already on row 1/);
  });

  it("refuses an empty month", () => {
    const res = parseMonthEntry({ line: "card", month: "2027-04", rows: "1" }, ["card"]);
    expect(res).toEqual({ ok: false, errors: { form: "Enter at least one indicator, the financial figures or policy adherence" } });
  });
});

describe("parseMonthEntry: each quantity for what it is", () => {
  const base = { line: "card", month: "2026-10", rows: "1", "ind-0-code": "CDIFF", "ind-0-kind": "quality", "ind-0-direction": "lower", "ind-0-target": "1" };
  it("refuses a negative count of infections", () => {
    const res = parseMonthEntry({ ...base, "ind-0-value": "-2" }, ["card"]);
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.errors["ind-0-value"]).toMatch(/cannot be negative/);
  });
  it("refuses a fractional count but accepts a fractional rate with its unit", () => {
    const frac = parseMonthEntry({ ...base, "ind-0-value": "1.5" }, ["card"]);
    expect(frac.ok).toBe(false);
    if (!frac.ok) expect(frac.errors["ind-0-value"]).toMatch(/whole number/);
    expect(parseMonthEntry({ ...base, "ind-0-value": "1.5", "ind-0-unit": "per 1,000 bed days" }, ["card"]).ok).toBe(true);
  });
});
