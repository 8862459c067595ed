import { describe, expect, it } from "vitest";
import { parsePerformanceRows, performanceToRows, PERFORMANCE_COLUMNS } from "./import";
import { demoPerformance } from "./demo";

const known = ["CARD", "RESP", "GSUR"];

const indicatorRow = (over: Record<string, string> = {}) => ({
  "Service line code": "CARD",
  Month: "2027-04",
  "Measure type": "indicator",
  "Indicator code": "AE4",
  "Indicator name": "A&E within 4 hours",
  Kind: "performance",
  Value: "76.2%",
  Target: "78%",
  Direction: "higher",
  Key: "yes",
  ...over,
});

describe("parsePerformanceRows", () => {
  it("groups indicator, finance and policy rows by service line and month", () => {
    const rows = [
      indicatorRow(),
      indicatorRow({ "Indicator code": "MRSA", "Indicator name": "MRSA bacteraemia", Kind: "quality", Value: "0", Target: "0", Direction: "lower", Key: "" }),
      { "Service line code": "card", Month: "April 2027", "Measure type": "Finance", Plan: "£1,200,000", Actual: "(50,000)" },
      { "Service line code": "CARD", Month: "Apr-27", "Measure type": "policy", Adherent: "no", Note: "Late incident reports" },
      indicatorRow({ Month: "2027-03" }),
      { "Service line code": "", Month: "", "Measure type": "" },
    ];
    const r = parsePerformanceRows(rows, known);
    expect(r.errors).toEqual([]);
    expect(r.rowCount).toBe(5);
    expect(Object.keys(r.observations)).toEqual(["CARD"]);
    const card = r.observations.CARD!;
    expect(card.map((m) => m.month)).toEqual(["2027-03", "2027-04"]);
    expect(card[1]).toEqual({
      month: "2027-04",
      indicators: [
        { code: "AE4", name: "A&E within 4 hours", kind: "performance", value: 76.2, target: 78, direction: "higher", key: true },
        { code: "MRSA", name: "MRSA bacteraemia", kind: "quality", value: 0, target: 0, direction: "lower", key: false },
      ],
      finance: { plan: 1_200_000, actual: -50_000 },
      policy: { adherent: false, note: "Late incident reports" },
    });
  });

  it("accepts headings in any case and spacing", () => {
    const r = parsePerformanceRows(
      [{ "SERVICE_LINE_CODE": "RESP", month: "2027-05", "measure  type": "policy", ADHERENT: "Yes" }],
      known,
    );
    expect(r.errors).toEqual([]);
    expect(r.observations.RESP![0]!.policy).toEqual({ adherent: true });
  });

  it("names the row and column of every bad cell", () => {
    const rows = [
      indicatorRow(),
      indicatorRow({ "Service line code": "XYZ" }),
      indicatorRow({ Month: "Smarch 2027", Value: "lots" }),
      indicatorRow({ Kind: "vibes", Direction: "sideways", Key: "perhaps", Target: "" }),
      { "Service line code": "CARD", Month: "2027-04", "Measure type": "finance", Plan: "1.2m", Actual: "" },
      { "Service line code": "CARD", Month: "2027-04", "Measure type": "policy", Adherent: "" },
      { "Service line code": "CARD", Month: "2027-04", "Measure type": "target" },
      indicatorRow({ "Indicator code": "" }),
    ];
    const r = parsePerformanceRows(rows, known);
    expect(r.errors).toEqual([
      { row: 3, column: "Service line code", message: '"XYZ" is not a known service line code; known codes are CARD, RESP, GSUR' },
      { row: 4, column: "Month", message: '"Smarch 2027" is not a month; write it as April 2027 or 2027-04' },
      { row: 4, column: "Value", message: 'The value must be a number: "lots" is not a number' },
      { row: 5, column: "Kind", message: '"vibes" is not a kind of indicator; use quality, performance or workforce' },
      { row: 5, column: "Target", message: "Enter the target" },
      { row: 5, column: "Direction", message: '"sideways" is not a direction; use higher or lower' },
      { row: 5, column: "Key", message: '"perhaps" is not yes or no' },
      { row: 6, column: "Plan", message: 'The plan must be a number: "1.2m" is not a number' },
      { row: 6, column: "Actual", message: "Enter the actual" },
      { row: 7, column: "Adherent", message: "Enter whether the service line adhered to trust policies: yes or no" },
      { row: 8, column: "Measure type", message: '"target" is not a measure type; use indicator, finance or policy' },
      { row: 9, column: "Indicator code", message: "Enter the indicator code" },
    ]);
    // Only the good row is kept.
    expect(r.observations.CARD).toHaveLength(1);
    expect(r.observations.CARD![0]!.indicators).toHaveLength(1);
  });

  it("refuses duplicates, naming the first row", () => {
    const rows = [
      indicatorRow(),
      indicatorRow({ "Indicator code": "ae4" }),
      { "Service line code": "CARD", Month: "2027-04", "Measure type": "finance", Plan: "1", Actual: "1" },
      { "Service line code": "CARD", Month: "April 2027", "Measure type": "finance", Plan: "2", Actual: "2" },
      { "Service line code": "CARD", Month: "2027-04", "Measure type": "policy", Adherent: "yes" },
      { "Service line code": "CARD", Month: "2027-04", "Measure type": "policy", Adherent: "yes" },
    ];
    const r = parsePerformanceRows(rows, known);
    expect(r.errors).toEqual([
      { row: 3, column: "Indicator code", message: "Indicator ae4 for CARD in April 2027 is already on row 2" },
      { row: 5, column: "Measure type", message: "Financial figures for CARD in April 2027 are already on row 4" },
      { row: 7, column: "Measure type", message: "Policy adherence for CARD in April 2027 is already on row 6" },
    ]);
    expect(r.observations.CARD![0]!.finance).toEqual({ plan: 1, actual: 1 });
  });

  it("reports missing columns and empty files on the header row", () => {
    expect(parsePerformanceRows([], known).errors).toEqual([{ row: 1, column: "", message: "The file has no rows of figures" }]);
    expect(parsePerformanceRows([{ Code: "CARD", Value: "1" }], known).errors).toEqual([
      { row: 1, column: "Service line code", message: 'The "Service line code" column is missing' },
      { row: 1, column: "Month", message: 'The "Month" column is missing' },
      { row: 1, column: "Measure type", message: 'The "Measure type" column is missing' },
    ]);
  });

  it("reads a tolerance and refuses one out of range", () => {
    const ok = parsePerformanceRows([{ "Service line code": "CARD", Month: "2027-04", "Measure type": "finance", Plan: "100", Actual: "99", "Tolerance %": "2%" }], known);
    expect(ok.observations.CARD![0]!.finance).toEqual({ plan: 100, actual: 99, tolerancePct: 2 });
    const bad = parsePerformanceRows([{ "Service line code": "CARD", Month: "2027-04", "Measure type": "finance", Plan: "100", Actual: "99", "Tolerance %": "150" }], known);
    expect(bad.errors).toEqual([{ row: 2, column: "Tolerance %", message: "The tolerance must be a percentage between 0 and 100" }]);
  });

  it("round-trips an export of the demo figures", () => {
    const demo = demoPerformance(["CARD", "RESP", "GSUR"]);
    const rows = performanceToRows(demo);
    expect(Object.keys(rows[0]!)).toEqual([...PERFORMANCE_COLUMNS]);
    const back = parsePerformanceRows(rows, known);
    expect(back.errors).toEqual([]);
    expect(back.observations).toEqual(demo);
  });
});
