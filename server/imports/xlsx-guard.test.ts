import { describe, expect, it } from "vitest";
import { cell, sheetXml, xlsxBomb, xlsxWith } from "../../test/security/xlsx-fixtures";
import { MAX_SPREADSHEET_COLUMNS, MAX_XLSX_CELLS, MESSAGES } from "./limits";
import { readSpreadsheetNow } from "./read";
import { guardXlsx } from "./xlsx-guard";

const header = `<row r="1">${cell("A1", "Code")}${cell("B1", "Name")}</row><row r="2">${cell("A2", "CARD")}${cell("B2", "Cardiology")}</row>`;
const GOOD = [{ Code: "CARD", Name: "Cardiology" }];

function columnName(n: number): string {
  let s = "";
  for (; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

async function timed<T>(fn: () => Promise<T> | T): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - started };
}

describe("guardXlsx: amplification", () => {
  it("refuses millions of cells in one row from a few hundred KB, before exceljs sees them", async () => {
    const bomb = await xlsxBomb(3_000_000);
    expect(bomb.length).toBeLessThan(1_000_000);
    const { value, ms } = await timed(() => readSpreadsheetNow(bomb, "bomb.xlsx"));
    expect(value).toEqual({ ok: false, error: MESSAGES.tooManyCells });
    expect(ms).toBeLessThan(2_000);
  });

  it("accepts a sheet at the cell limit's scale and counts every sheet", async () => {
    const rows = Array.from({ length: 100 }, (_, i) => `<row r="${i + 3}">${cell(`A${i + 3}`, `C${i}`)}</row>`).join("");
    const res = await readSpreadsheetNow(await xlsxWith(sheetXml(header + rows)), "ok.xlsx");
    expect(res.ok && res.rows.length).toBe(101);
    expect(MAX_XLSX_CELLS).toBeGreaterThanOrEqual(20_000 * 20);
  });

  it("refuses an entry that inflates past the size its zip directory declares", async () => {
    const sheet = sheetXml(header + "<row>" + "<c/>".repeat(200_000) + "</row>");
    const lying = await xlsxWith(sheet, {}, { "xl/worksheets/sheet1.xml": 1_000 });
    expect(guardXlsx(lying)).toEqual({ ok: false, error: MESSAGES.unreadableXlsx });
  });

  it("refuses declared sizes over the limit without inflating anything", async () => {
    const file = await xlsxWith(sheetXml(header), {}, { "xl/worksheets/sheet1.xml": 100 * 1024 * 1024 });
    const { value, ms } = await timed(() => guardXlsx(file));
    expect(value).toEqual({ ok: false, error: MESSAGES.tooMuchXlsx });
    expect(ms).toBeLessThan(200);
  });

  it("refuses cells and rows outside Excel's grid (exceljs would size arrays by them)", async () => {
    expect(guardXlsx(await xlsxWith(sheetXml(`${header}<row r="3">${cell("ZZZZ3", "x")}</row>`)))).toEqual({ ok: false, error: MESSAGES.outsideGrid });
    expect(guardXlsx(await xlsxWith(sheetXml(`${header}<row r="999999999">${cell("A999999999", "x")}</row>`)))).toEqual({ ok: false, error: MESSAGES.outsideGrid });
  });

  it("refuses a row wider than the column limit after reading", async () => {
    const wide = Array.from({ length: MAX_SPREADSHEET_COLUMNS + 5 }, (_, i) => `<c r="${columnName(i + 1)}3" t="n"><v>${i}</v></c>`).join("");
    const res = await readSpreadsheetNow(await xlsxWith(sheetXml(`${header}<row r="3">${wide}</row>`)), "wide.xlsx");
    expect(res).toEqual({ ok: false, error: MESSAGES.tooManyColumns(3) });
  });

  it("drops the ranges exceljs would expand cell by cell, and still reads the values", async () => {
    const ranges = {
      before: '<cols><col min="1" max="2000000000" width="12" customWidth="1"/></cols>',
      after:
        '<mergeCells count="1"><mergeCell ref="A3:XFD1048576"/></mergeCells>' +
        '<dataValidations count="1"><dataValidation type="list" allowBlank="1" sqref="A1:XFD1048576"><formula1>"a,b"</formula1></dataValidation></dataValidations>' +
        '<conditionalFormatting sqref="A1:XFD1048576"><cfRule type="expression" priority="1"><formula>TRUE</formula></cfRule></conditionalFormatting>',
    };
    const workbook =
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
      '<sheets><sheet name="Units" sheetId="1" r:id="rId4"/></sheets><definedNames><definedName name="everything">Units!$A$1:$XFD$1048576</definedName></definedNames></workbook>';
    const file = await xlsxWith(sheetXml(header, ranges), { "xl/workbook.xml": workbook });
    const { value, ms } = await timed(() => readSpreadsheetNow(file, "ranges.xlsx"));
    expect(value.ok && value.rows).toEqual(GOOD);
    expect(ms).toBeLessThan(3_000);
  });
});

describe("CSV bounds", () => {
  const utf8 = (s: string) => new TextEncoder().encode(s);
  it("refuses a row of 200,000 columns", async () => {
    const { value, ms } = await timed(() => readSpreadsheetNow(utf8("Code,Name\n" + "x,".repeat(200_000) + "\n"), "wide.csv"));
    expect(value).toEqual({ ok: false, error: MESSAGES.tooManyColumns(2) });
    expect(ms).toBeLessThan(2_000);
  });
  it("refuses a cell longer than Excel allows", async () => {
    expect(await readSpreadsheetNow(utf8(`Code,Name\nA,${"x".repeat(40_000)}\n`), "long.csv")).toEqual({ ok: false, error: MESSAGES.cellTooLong(2) });
  });
  it("refuses a file of line breaks without keeping a row for each", async () => {
    expect(await readSpreadsheetNow(utf8("Code\n" + "\n".repeat(2_000_000)), "blank.csv")).toEqual({ ok: false, error: MESSAGES.tooManyLines });
  });
  it("reads a file Devolve exported with guarded cells back unchanged", async () => {
    const res = await readSpreadsheetNow(utf8("Code,Name\r\n\"'  =HYPERLINK(1)\",'-rm\r\n"), "x.csv");
    expect(res.ok && res.rows).toEqual([{ Code: "=HYPERLINK(1)", Name: "-rm" }]);
  });
});
