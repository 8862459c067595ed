import { describe, expect, it } from "vitest";
import { cellText, columnReader, isBlankRow, normaliseHeader, parseYesNo } from "./rows";

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
