import ExcelJS from "exceljs";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { MAX_SPREADSHEET_ROWS, numberText, parseSpreadsheet, writeCsv, writeXlsx } from "./spreadsheet";

const utf8 = (s: string) => new TextEncoder().encode(s);

async function xlsxOf(build: (sheet: ExcelJS.Worksheet, wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet("Units");
  build(sheet, wb);
  return Buffer.from((await wb.xlsx.writeBuffer()) as unknown as ArrayBuffer);
}

describe("parseSpreadsheet: CSV", () => {
  it("reads a header row, trims cells, skips blank lines and keeps spreadsheet row numbers", async () => {
    const csv = "\uFEFFCode , Name,Budget\r\n CARD ,Cardiology, £1,200 \r\n\r\n,,\r\nRESP,\"Respiratory, medicine\",\r\n";
    const res = await parseSpreadsheet(Buffer.from(csv, "utf8"), "units.csv");
    expect(res).toEqual({
      ok: true,
      headers: ["Code", "Name", "Budget"],
      rows: [
        { Code: "CARD", Name: "Cardiology", Budget: "£1" },
        { Code: "RESP", Name: "Respiratory, medicine", Budget: "" },
      ],
      rowNumbers: [2, 5],
    });
  });

  it("keeps quoted line breaks in one cell and fills short rows with empty cells", async () => {
    const res = await parseSpreadsheet(utf8('Code,Description,Extra\nA,"Line one\nLine two"\nB\n'), "x.csv");
    expect(res.ok && res.rows).toEqual([
      { Code: "A", Description: "Line one\nLine two", Extra: "" },
      { Code: "B", Description: "", Extra: "" },
    ]);
  });

  it("reads semicolon-separated files and Windows-1252 text (Excel's plain CSV)", async () => {
    const semi = await parseSpreadsheet(utf8("Code;Name\nA;Alpha\n"), "x.csv");
    expect(semi.ok && semi.rows).toEqual([{ Code: "A", Name: "Alpha" }]);
    const cp1252 = Buffer.from([...utf8("Name,Limit\nFinance,"), 0xa3, ...utf8("500\n")]);
    const res = await parseSpreadsheet(cp1252, "x.csv");
    expect(res.ok && res.rows).toEqual([{ Name: "Finance", Limit: "£500" }]);
  });

  it("gives plain-English errors for files it cannot read", async () => {
    const err = async (data: Uint8Array, name: string) => {
      const res = await parseSpreadsheet(data, name);
      expect(res.ok).toBe(false);
      return res.ok ? "" : res.error;
    };
    expect(await err(new Uint8Array(), "x.csv")).toBe("The file is empty.");
    expect(await err(utf8("\n\n"), "x.csv")).toMatch(/^The file has no header row/);
    expect(await err(utf8("Code,,Name\nA,,B"), "x.csv")).toMatch(/Column B in the header row has no heading/);
    expect(await err(utf8("Code,code\nA,B"), "x.csv")).toMatch(/two columns called "code"/);
    expect(await err(utf8('Code,Name\nA,"unclosed\n'), "x.csv")).toMatch(/quote mark that is never closed/);
    expect(await err(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]), "logo.png")).toMatch(/^The file is not a CSV or Excel \(\.xlsx\) file/);
    expect(await err(new Uint8Array([0x25, 0x50, 0x44, 0x46, 0, 1, 2]), "report")).toMatch(/^The file is not a CSV or Excel/);
    expect(await err(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 1, 2, 3]), "old.xls")).toMatch(/\.xls\) files cannot be read/);
    expect(await err(utf8("Code,Name\n"), "units.xlsx")).toMatch(/not an Excel workbook/);
    expect(await err(new Uint8Array(5_000_001).fill(65), "big.csv")).toMatch(/larger than 5 MB/);
    const many = "Code\n" + Array.from({ length: MAX_SPREADSHEET_ROWS + 1 }, (_, i) => `C${i}`).join("\n");
    expect(await err(utf8(many), "many.csv")).toMatch(/more than 20,000 rows/);
  });

  it("accepts exactly the row limit", async () => {
    const csv = "Code\n" + Array.from({ length: MAX_SPREADSHEET_ROWS }, (_, i) => `C${i}`).join("\n");
    const res = await parseSpreadsheet(utf8(csv), "ok.csv");
    expect(res.ok && res.rows.length).toBe(MAX_SPREADSHEET_ROWS);
  });
});

describe("parseSpreadsheet: Excel", () => {
  it("reads the first sheet's text, numbers, dates, rich text, formulas and hyperlinks as text", async () => {
    const file = await xlsxOf((sheet, wb) => {
      sheet.addRow(["Code", "Amount", "Ratio", "Start", "Note", "Total", "Link", "Flag"]);
      sheet.addRow([
        "  CARD ",
        1200,
        0.1 + 0.2,
        new Date(Date.UTC(2027, 3, 1)),
        { richText: [{ text: "Cardio", font: { bold: true } }, { text: "logy" }] },
        { formula: "B2*2", result: 2400 },
        { text: "NHS", hyperlink: "https://www.nhs.uk" },
        true,
      ]);
      sheet.addRow([]);
      sheet.addRow(["RESP", null, 1e-3, null, "", { formula: "1/0", result: { error: "#DIV/0!" } }]);
      wb.addWorksheet("Ignored").addRow(["Not", "read"]);
    });
    const res = await parseSpreadsheet(file, "Units.XLSX");
    expect(res).toEqual({
      ok: true,
      headers: ["Code", "Amount", "Ratio", "Start", "Note", "Total", "Link", "Flag"],
      rows: [
        { Code: "CARD", Amount: "1200", Ratio: "0.3", Start: "2027-04-01", Note: "Cardiology", Total: "2400", Link: "NHS", Flag: "TRUE" },
        { Code: "RESP", Amount: "", Ratio: "0.001", Start: "", Note: "", Total: "#DIV/0!", Link: "", Flag: "" },
      ],
      rowNumbers: [2, 4],
    });
  });

  it("reads an xlsx even when the name does not say so, and refuses a damaged one", async () => {
    const file = await xlsxOf((sheet) => sheet.addRows([["Code"], ["A"]]));
    const unnamed = await parseSpreadsheet(file, "download");
    expect(unnamed.ok && unnamed.rows).toEqual([{ Code: "A" }]);
    const damaged = await parseSpreadsheet(file.subarray(0, 200), "x.xlsx");
    expect(damaged).toEqual({ ok: false, error: expect.stringMatching(/could not be read/) });
    const empty = await parseSpreadsheet(await xlsxOf(() => {}), "x.xlsx");
    expect(empty).toEqual({ ok: false, error: expect.stringMatching(/^The file has no header row/) });
  });

  it("round-trips what writeXlsx writes", async () => {
    const rows = [
      { Code: "FIN", Name: "Finance £", Limit: 250000.5 },
      { Code: "=cmd", Name: "Équipe", Limit: "" },
    ];
    const file = await writeXlsx("Structure: 2027/28 [draft] with a long name", ["Code", "Name", "Limit"], rows);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.name).toBe("Structure  2027 28  draft  with");
    const res = await parseSpreadsheet(file, "x.xlsx");
    expect(res.ok && res.rows).toEqual([
      { Code: "FIN", Name: "Finance £", Limit: "250000.5" },
      { Code: "=cmd", Name: "Équipe", Limit: "" },
    ]);
  });
});

describe("writeCsv", () => {
  it("starts with a BOM, uses CRLF, quotes where needed and defuses formulas but not negative numbers", async () => {
    const csv = writeCsv(["Code", "Name", "Amount"], [
      { Code: "A", Name: 'Says "hi", twice', Amount: -500 },
      { Code: "=HYPERLINK(1)", Name: "-rm", Amount: "-1,200.50" },
    ]);
    expect(csv.startsWith("\uFEFFCode,Name,Amount\r\n")).toBe(true);
    const parsed = Papa.parse<string[]>(csv.slice(1)).data;
    expect(parsed).toEqual([
      ["Code", "Name", "Amount"],
      ["A", 'Says "hi", twice', "-500"],
      ["'=HYPERLINK(1)", "'-rm", "-1,200.50"],
    ]);
    const back = await parseSpreadsheet(Buffer.from(csv, "utf8"), "x.csv");
    expect(back.ok && back.headers).toEqual(["Code", "Name", "Amount"]);
  });

  it("defuses formulas hidden behind spaces, line breaks, tabs and full-width signs, and reads its own guard back", async () => {
    const sneaky = ["  =HYPERLINK(\"http://evil.example\",\"x\")", "\n=1+1", "\r\n@SUM(A1)", "\t+1", " -cmd", "\uff1d1+1"];
    const csv = writeCsv(["Code", "Name"], sneaky.map((s, i) => ({ Code: `C${i}`, Name: s })));
    const cells = Papa.parse<string[]>(csv.slice(1)).data.slice(1).filter((r) => r.length === 2).map((r) => r[1]);
    expect(cells).toEqual(sneaky.map((s) => `'${s}`));
    const back = await parseSpreadsheet(Buffer.from(csv, "utf8"), "x.csv");
    expect(back.ok && back.rows.map((r) => r.Name)).toEqual(sneaky.map((s) => s.trim()));
  });

  it("writes numbers without float noise", () => {
    expect(numberText(0.1 + 0.2)).toBe("0.3");
    expect(numberText(1234567.891)).toBe("1234567.891");
    expect(numberText(-42)).toBe("-42");
    expect(numberText(Number.NaN)).toBe("");
  });
});
