import ExcelJS from "exceljs";
import Papa from "papaparse";
import { guardCsvCell } from "../../shared/format/rows";
import { numberText, type ParsedSpreadsheet } from "./read";
import { readInWorker } from "./worker-pool";

export { MAX_SPREADSHEET_BYTES, MAX_SPREADSHEET_COLUMNS, MAX_SPREADSHEET_ROWS } from "./limits";
export { numberText, type ParsedSpreadsheet } from "./read";

/**
 * Reads a CSV or .xlsx upload into headed rows of trimmed text, or says in plain English why it
 * cannot. The reading happens in a worker thread with a memory limit and a time-out, after the
 * checks in ./limits.ts, so no file can stall the server; see ./worker-pool.ts.
 */
export async function parseSpreadsheet(data: Buffer | Uint8Array, filename: string): Promise<ParsedSpreadsheet> {
  return readInWorker(data instanceof Uint8Array ? data : new Uint8Array(data), filename);
}

type CellInput = string | number | null | undefined;

/** An .xlsx workbook of one sheet: bold frozen header row, columns sized to their contents. */
export async function writeXlsx(sheetName: string, headers: string[], rows: Record<string, CellInput>[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Devolve";
  // Excel refuses sheet names over 31 characters or with any of : \ / ? * [ ].
  const safeName = sheetName.replace(/[:\\/?*[\]]/g, " ").trim().slice(0, 31) || "Sheet1";
  const sheet = workbook.addWorksheet(safeName, { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.addRow(headers);
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(headers.map((h) => row[h] ?? null));
  headers.forEach((h, i) => {
    let width = h.length;
    for (const row of rows) width = Math.max(width, String(row[h] ?? "").length);
    sheet.getColumn(i + 1).width = Math.min(60, Math.max(8, width + 2));
  });
  const out = await workbook.xlsx.writeBuffer();
  return Buffer.from(out as unknown as ArrayBuffer);
}

/** CSV text with a UTF-8 BOM (so Excel reads £ and accents) and CRLF line ends; cells that could be read as formulas (see guardCsvCell) are prefixed with ' so Excel shows them as text. */
export function writeCsv(headers: string[], rows: Record<string, CellInput>[]): string {
  const data = rows.map((row) =>
    headers.map((h) => {
      const v = row[h];
      return v === null || v === undefined ? "" : typeof v === "number" ? numberText(v) : guardCsvCell(v);
    }),
  );
  return "\uFEFF" + Papa.unparse({ fields: headers.map(guardCsvCell), data }, { newline: "\r\n", escapeFormulae: false });
}
