import { describe, expect, it } from "vitest";
import { cellText, columnReader, guardCsvCell, isBlankRow, looksLikeFormula, normaliseHeader, parseYesNo, unguardCsvCell } from "./rows";

describe("row helpers", () => {
  it("normalises headings", () => {
    expect(normaliseHeader("  Service_Line   Code ")).toBe("service line code");
  });
  it("reads cells by any accepted heading and names the column as written", () => {
    const rows = [{ "Service Line CODE": " CARD ", Month: "2027-04" }];
    const cols = columnReader(rows);
    expect(cols.has("service line code")).toBe(true);
    expect(cols.has("nothing")).toBe(false);
    expect(cols.get(rows[0]!, "code", "service line code")).toBe("CARD");
    expect(cols.heading("service line code")).toBe("Service Line CODE");
    expect(cols.heading("absent column")).toBe("absent column");
    expect(cols.get(rows[0]!, "absent")).toBe("");
  });
  it("reads yes and no", () => {
    expect(parseYesNo("Yes")).toBe(true);
    expect(parseYesNo("y")).toBe(true);
    expect(parseYesNo("FALSE")).toBe(false);
    expect(parseYesNo("0")).toBe(false);
    expect(parseYesNo("maybe")).toBeNull();
    expect(parseYesNo("")).toBeNull();
  });
  it("spots blank rows", () => {
    expect(isBlankRow({ a: "", b: "  " })).toBe(true);
    expect(isBlankRow({ a: "", b: "x" })).toBe(false);
  });
});

describe("cellText", () => {
  it("reads numbers, booleans and dates from spreadsheet readers", () => {
    expect(cellText(78.5)).toBe("78.5");
    expect(cellText(true)).toBe("true");
    expect(cellText(new Date(Date.UTC(2027, 3, 1)))).toBe("2027-04-01");
    expect(cellText(null)).toBe("");
    expect(cellText("  x ")).toBe("x");
  });
});

describe("CSV formula guard", () => {
  it("marks cells a spreadsheet would run as formulas, however they start", () => {
    const dangerous = [
      "=1+1",
      "+1",
      "-rm",
      "@SUM(A1)",
      "  =HYPERLINK(\"http://evil.example\",\"click\")",
      "\n=1+1",
      "\r\n=1+1",
      "\t=1+1",
      " \t @x",
      "\u00a0=1",
      "\u3000=1",
      "\uff1dcmd",
      "\tplain text after a tab",
      "\rcarriage return",
      "-",
      "-1+2",
      "- 5",
    ];
    for (const cell of dangerous) {
      expect(looksLikeFormula(cell), JSON.stringify(cell)).toBe(true);
      expect(guardCsvCell(cell)).toBe(`'${cell}`);
    }
  });

  it("leaves ordinary text and negative numbers alone", () => {
    for (const cell of ["", "Cardiology", "a=b", "500", "-500", "-1,200.50", "-0.5", "'quoted", "email@example.nhs.uk", "Budget - revenue"]) {
      expect(looksLikeFormula(cell), JSON.stringify(cell)).toBe(false);
      expect(guardCsvCell(cell)).toBe(cell);
    }
  });

  it("undoes exactly what it added", () => {
    for (const cell of ["  =HYPERLINK(1)", "\n=1+1", "=x", "@y", "-rm", "-500", "plain", "'already marked", "'-5", "'"]) {
      expect(unguardCsvCell(guardCsvCell(cell)), JSON.stringify(cell)).toBe(cell);
    }
    expect(unguardCsvCell("'=x")).toBe("=x");
    expect(unguardCsvCell("'  =x")).toBe("  =x");
    expect(unguardCsvCell("'text")).toBe("'text");
  });
});
