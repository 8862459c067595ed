import { describe, expect, it } from "vitest";
import { demoScheme } from "./demo";
import { parseSchemeRows, schemeColumns, schemeToRows } from "./rows";
import { DEFAULT_LEVELS } from "./types";

const levels = DEFAULT_LEVELS.map((l) => ({ ...l }));

/** A minimal row as a person might type it, with only the required columns. */
const row = (over: Record<string, string> = {}): Record<string, string> => ({
  Area: "Financial",
  Decision: "Authorise non-pay revenue expenditure",
  "Limit kind": "money",
  Board: "unlimited",
  "Board committee": "-",
  "Chief Executive / executive director": "£500,000",
  Division: "£100,000",
  "Sub-service line / team": "5k",
  "Service line L1": "£100,000",
  "Service line L2": "50k",
  "Service line L3": "£25,000",
  "Service line L4": "-",
  ...over,
});

describe("schemeToRows / parseSchemeRows", () => {
  it("round-trips the demo scheme exactly", () => {
    const scheme = demoScheme();
    const rows = schemeToRows(scheme);
    expect(rows).toHaveLength(scheme.decisions.length);
    expect(Object.keys(rows[0]!)).toEqual(schemeColumns(scheme.levels));
    const back = parseSchemeRows(rows, scheme.levels);
    expect(back.errors).toEqual([]);
    expect(back.decisions).toEqual(scheme.decisions);
  });

  it("writes cells people can read", () => {
    const rows = schemeToRows(demoScheme());
    const revenue = rows.find((r) => r.ID === "revenue-nonpay")!;
    expect(revenue).toMatchObject({
      Area: "Financial",
      Board: "unlimited",
      "Board committee": "-",
      Division: "£100,000",
      "Service line": "by autonomy level",
      "Service line L1": "£250,000",
      "Service line L4": "-",
    });
    expect(rows.find((r) => r.ID === "seal")!).toMatchObject({ Board: "reserved", "Limit kind": "yes/no" });
    expect(rows.find((r) => r.ID === "recruit-funded")!).toMatchObject({ "Limit kind": "band", Division: "Band 8b", "Service line L1": "Band 7", "Board committee": "Very senior manager" });
    expect(rows.find((r) => r.ID === "new-device")!).toMatchObject({ "Service line L1": "yes", "Service line L3": "no" });
    expect(revenue).toMatchObject({
      "VAT basis": "including VAT",
      Conditions: "Within the approved budget; Orders must not be split to avoid a limit",
      "Cites procurement route": "yes",
      "Chief Executive / executive director": "£1,000,000",
      "Chief Executive / executive director holders": "Executive director: £250,000; Chief Executive: £500,000; Chief Executive jointly with the Director of Finance: £1,000,000",
      "Council of Governors": "-",
    });
    expect(rows.find((r) => r.ID === "gifts")!["Same at every autonomy level"]).toBe("yes");
  });

  it("reads holders, VAT basis, conditions and flags typed by hand, and an older sheet's band counts", () => {
    const r = parseSchemeRows(
      [
        row({
          "VAT basis": "inc VAT",
          Conditions: "within the approved budget; Agreed with procurement",
          "Cites procurement route": "Y",
          "Chief Executive / executive director": "£1m",
          "Chief Executive / executive director holders": "Executive director: 250k; Chief Executive jointly with Director of Finance: £1,000,000",
        }),
        row({ "Limit kind": "count", Unit: "band", Division: "8", "Chief Executive / executive director": "9", Board: "-", "Sub-service line / team": "5", "Service line L1": "Band 7", "Service line L2": "7", "Service line L3": "6" }),
      ],
      levels,
    );
    expect(r.errors).toEqual([]);
    const [money, band] = r.decisions;
    expect(money).toMatchObject({ vatBasis: "incl", procurement: true, conditions: ["within-budget", "Agreed with procurement"] });
    expect(money!.cells.executive).toMatchObject({
      limit: 1_000_000,
      holders: [
        { holder: "Executive director", limit: 250_000 },
        { holder: "Chief Executive", jointWith: "Director of Finance", limit: 1_000_000 },
      ],
    });
    expect(band).toMatchObject({ limitKind: "band", serviceLineLimits: { 1: 7, 2: 7, 3: 6, 4: null } });
    expect(band!.unit).toBeUndefined();
    expect(band!.cells.division!.limit).toBe(8.4);
  });

  it("refuses holders that do not add up, a bad VAT basis and a bad band", () => {
    const r = parseSchemeRows(
      [
        row({ "Chief Executive / executive director holders": "Chief Executive: £2,000,000" }),
        row({ "VAT basis": "sometimes", "Same at every autonomy level": "perhaps" }),
        row({ "Limit kind": "band", Division: "8e", Board: "-", "Chief Executive / executive director": "9", "Sub-service line / team": "5", "Service line L1": "7", "Service line L2": "7", "Service line L3": "6" }),
      ],
      levels,
    );
    expect(r.errors).toEqual([
      { row: 2, column: "Chief Executive / executive director", message: "The Chief Executive / executive director limit must be the highest of its holders' limits (£2,000,000)" },
      { row: 3, column: "VAT basis", message: '"sometimes" is not a VAT basis; write "including VAT" or "excluding VAT"' },
      { row: 3, column: "Same at every autonomy level", message: '"perhaps" is not yes or no' },
      { row: 4, column: "Division", message: "There is no Band 8e; Band 8 runs from 8a to 8d" },
    ]);
  });
});

describe("parseSchemeRows", () => {
  it("reads a hand-made sheet with headings in any case, deriving ids and the service line's mode", () => {
    const r = parseSchemeRows(
      [
        row(),
        row({ Decision: "Authorise non-pay revenue expenditure", Area: "finance" }),
        {
          AREA: "clinical and operational",
          TITLE: "Close beds temporarily",
          "LIMIT KIND": "count",
          UNIT: "beds",
          board: "",
          "board committee": "",
          "chief executive / executive director": "unlimited",
          division: "10",
          "sub-service line / team": "no",
          "service line l1": "4 beds",
          "service line l2": "2",
          "service line l3": "",
          "service line l4": "none",
        },
        row({ Area: "Strategic", Decision: "Close a service", "Limit kind": "Yes/No", Board: "Reserved", "Chief Executive / executive director": "-", Division: "-", "Sub-service line / team": "-", "Service line L1": "-", "Service line L2": "-", "Service line L3": "-", "Service line L4": "-" }),
        { Area: "", Decision: "" },
      ],
      levels,
    );
    expect(r.errors).toEqual([]);
    expect(r.decisions.map((d) => d.id)).toEqual([
      "authorise-non-pay-revenue-expenditure",
      "authorise-non-pay-revenue-expenditure-2",
      "close-beds-temporarily",
      "close-a-service",
    ]);
    const [first, , beds, closure] = r.decisions;
    expect(first!.cells.team).toEqual({ mode: "delegated", limit: 5_000, holder: "", conditions: "" });
    expect(first!.cells.board).toEqual({ mode: "delegated", limit: null, holder: "", conditions: "" });
    expect(first!.cells["service-line"]!.mode).toBe("delegated");
    expect(first!.serviceLineLimits).toEqual({ 1: 100_000, 2: 50_000, 3: 25_000, 4: null });
    expect(beds).toMatchObject({ area: "clinical", limitKind: "count", unit: "beds", serviceLineLimits: { 1: 4, 2: 2, 3: null, 4: null } });
    expect(beds!.cells.division).toMatchObject({ mode: "delegated", limit: 10 });
    expect(beds!.cells.team!.mode).toBe("none");
    expect(closure).toMatchObject({ area: "strategic", limitKind: "yesno" });
    expect(closure!.cells.board!.mode).toBe("reserved");
    expect(closure!.cells["service-line"]!.mode).toBe("none");
  });

  it("names the row and column of every bad cell, keeping only sound rows", () => {
    const r = parseSchemeRows(
      [
        row(),
        row({ Area: "Catering" }),
        row({ Decision: "", Division: "lots" }),
        row({ "Limit kind": "percent" }),
        row({ "Service line L2": "-£5,000", "Sub-service line / team": "1,25,0" }),
        row({ "Service line": "£25,000" }),
        row({ "Limit kind": "yes/no", Division: "maybe", "Service line L1": "perhaps", "Service line L2": "-", "Service line L3": "-", "Service line L4": "-", Board: "yes", "Chief Executive / executive director": "yes", "Sub-service line / team": "-" }),
        row({ "Limit kind": "count", Unit: "beds", Division: "10 chairs", "Service line L1": "unlimited", "Service line L2": "2", "Service line L3": "1", "Sub-service line / team": "-", "Chief Executive / executive director": "20" }),
        row({ ID: "dup" }),
        row({ ID: "dup" }),
      ],
      levels,
    );
    expect(r.errors).toEqual([
      { row: 3, column: "Area", message: '"Catering" is not an area; use HR, Financial, Clinical & operational or Strategic & service development' },
      { row: 4, column: "Decision", message: "Enter the decision" },
      { row: 4, column: "Division", message: '"lots" is not an amount of money; enter a number such as £25,000, 250k or 1.25m' },
      { row: 5, column: "Limit kind", message: '"percent" is not a kind of limit; use money, band, count or yes/no' },
      { row: 6, column: "Sub-service line / team", message: '"1,25,0" is not an amount of money; enter a number such as £25,000, 250k or 1.25m' },
      { row: 6, column: "Service line L2", message: "The amount cannot be negative" },
      {
        row: 7,
        column: "Service line",
        message: '"£25,000" is not understood here; the service line\'s limits go in the columns Service line L1, Service line L2, Service line L3, Service line L4, so write "by autonomy level", "reserved" or "-"',
      },
      { row: 8, column: "Division", message: '"maybe" is not an answer for a yes/no decision; use yes, no or reserved' },
      { row: 8, column: "Service line L1", message: '"perhaps" is not yes, no or -' },
      { row: 9, column: "Division", message: '"10 chairs" is not a count of beds; enter a whole number such as 12' },
      { row: 9, column: "Service line L1", message: "A service line's limit must be an amount, not unlimited" },
      { row: 11, column: "ID", message: 'The id "dup" is already used on row 10' },
    ]);
    expect(r.decisions).toHaveLength(2);
  });

  it("reports missing columns on the header row", () => {
    const r = parseSchemeRows([{ Decision: "x", Board: "-" }], levels);
    expect(r.decisions).toEqual([]);
    expect(r.errors.map((e) => e.column)).toEqual([
      "Area",
      "Board committee",
      "Chief Executive / executive director",
      "Division",
      "Sub-service line / team",
      "Service line L1",
      "Service line L2",
      "Service line L3",
      "Service line L4",
    ]);
    expect(r.errors[0]).toEqual({ row: 1, column: "Area", message: 'The "Area" column is missing' });
    expect(r.errors[1]!.message).toBe('The "Board committee" column is missing; add it, with "-" where the level holds nothing');
    expect(parseSchemeRows([], levels).errors).toEqual([{ row: 1, column: "", message: "The file has no decisions in it" }]);
  });

  it("reads holders, conditions and exceptions", () => {
    const r = parseSchemeRows(
      [row({ "Division holder": "Managing Director", "Division conditions": "Within budget", "Service line exception": "Agreed by the Board in May 2027", "Service line L1": "£250,000" })],
      levels,
    );
    expect(r.errors).toEqual([]);
    expect(r.decisions[0]!.cells.division).toEqual({ mode: "delegated", limit: 100_000, holder: "Managing Director", conditions: "Within budget" });
    expect(r.decisions[0]!.cells["service-line"]!.exception).toEqual({ reason: "Agreed by the Board in May 2027" });
  });
});
