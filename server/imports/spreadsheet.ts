import ExcelJS from "exceljs";
import Papa from "papaparse";

/** Largest upload accepted, in bytes (the upload handler refuses bigger parts before we see them). */
export const MAX_SPREADSHEET_BYTES = 5_000_000;
/** Most data rows (after the header row) read from one file. */
export const MAX_SPREADSHEET_ROWS = 20_000;
/**
 * Most bytes the parts of an .xlsx may expand to. A 5 MB zip of repetitive XML can inflate a
 * hundredfold, and exceljs holds all of it in memory, so we read the zip's own size records first.
 */
const MAX_XLSX_UNCOMPRESSED_BYTES = 150_000_000;

export type ParsedSpreadsheet =
  | {
      ok: true;
      /** Column headings as written in the file, trimmed. */
      headers: string[];
      /** Non-blank data rows, every heading present as a key ("" for an empty cell). */
      rows: Record<string, string>[];
      /** The spreadsheet row number of each entry in `rows` (the header is row 1), so errors can name the row a person sees even after blank rows were skipped. */
      rowNumbers: number[];
    }
  | { ok: false; error: string };

const NOT_A_SPREADSHEET = "The file is not a CSV or Excel (.xlsx) file. Save it as CSV or Excel Workbook (.xlsx) and try again.";

/** Reads a CSV or .xlsx upload into headed rows of trimmed text, or says in plain English why it cannot. */
export async function parseSpreadsheet(data: Buffer | Uint8Array, filename: string): Promise<ParsedSpreadsheet> {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  if (bytes.byteLength === 0) return { ok: false, error: "The file is empty." };
  if (bytes.byteLength > MAX_SPREADSHEET_BYTES) return { ok: false, error: "The file is larger than 5 MB. Split it into smaller files and upload each one." };

  const ext = (filename.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1] ?? "").trim();
  const isZip = bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  // Old binary Excel (.xls) and other Office compound files start with this signature.
  const isOle = bytes.length >= 4 && bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0;

  if (isOle || ext === "xls") {
    return { ok: false, error: "Old Excel 97–2003 (.xls) files cannot be read. Open the file in Excel, save it as Excel Workbook (.xlsx) or CSV, and upload that." };
  }
  if (isZip) {
    if (ext && ext !== "xlsx" && ext !== "xlsm") return { ok: false, error: NOT_A_SPREADSHEET };
    return parseXlsx(bytes);
  }
  if (ext === "xlsx" || ext === "xlsm") {
    return { ok: false, error: "The file is named .xlsx but is not an Excel workbook. It may be damaged; save it again from Excel and retry." };
  }
  if (ext && !["csv", "txt", "tsv"].includes(ext)) return { ok: false, error: NOT_A_SPREADSHEET };
  const text = decodeText(bytes);
  if (text === null) return { ok: false, error: NOT_A_SPREADSHEET };
  return parseCsv(text);
}

/** UTF-8 (with or without BOM), falling back to Windows-1252, which Excel's plain "CSV" uses for £. */
function decodeText(bytes: Uint8Array): string | null {
  // A NUL byte means binary content (or UTF-16, which Excel only writes for "Unicode text").
  if (bytes.subarray(0, 8192).includes(0)) return null;
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder("windows-1252").decode(bytes);
  }
}

/** A row of cell text and its spreadsheet row number (1 = the header row). */
type NumberedRow = { number: number; cells: string[] };

const tooManyRows = () => ({
  ok: false as const,
  error: `The file has more than ${MAX_SPREADSHEET_ROWS.toLocaleString("en-GB")} rows. Split it into smaller files and upload each one.`,
});

function finish(table: NumberedRow[]): ParsedSpreadsheet {
  const first = table[0];
  const headerCells = first && first.number === 1 ? first.cells : undefined;
  if (!headerCells || headerCells.every((c) => c === "")) {
    return { ok: false, error: "The file has no header row. Put the column headings in row 1 and try again." };
  }
  let width = headerCells.length;
  while (width > 0 && headerCells[width - 1] === "") width--;
  const headers = headerCells.slice(0, width);
  const seen = new Set<string>();
  for (let i = 0; i < headers.length; i++) {
    const h = headers[i]!;
    if (h === "") return { ok: false, error: `Column ${columnLetter(i)} in the header row has no heading. Give every column a heading, or delete the empty column.` };
    const key = h.toLowerCase();
    if (seen.has(key)) return { ok: false, error: `The header row has two columns called "${h}". Rename or delete one of them.` };
    seen.add(key);
  }
  const rows: Record<string, string>[] = [];
  const rowNumbers: number[] = [];
  for (const { number, cells } of table.slice(1)) {
    if (cells.every((c) => c === "")) continue;
    if (rows.length >= MAX_SPREADSHEET_ROWS) return tooManyRows();
    const row: Record<string, string> = {};
    headers.forEach((h, i) => (row[h] = cells[i] ?? ""));
    rows.push(row);
    rowNumbers.push(number);
  }
  return { ok: true, headers, rows, rowNumbers };
}

function parseCsv(text: string): ParsedSpreadsheet {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // Parse without papaparse's header mode so that we keep each record's position: error messages
  // must name the row Excel shows, which skipped blank rows would otherwise shift.
  // Guess the separator (Excel writes ";" in some locales) ignoring blank lines, which upset the guess.
  const delimiter = Papa.parse<string[]>(body, { preview: 20, skipEmptyLines: "greedy", delimitersToGuess: [",", "\t", ";", "|"] }).meta.delimiter || ",";
  const result = Papa.parse<string[]>(body, { header: false, skipEmptyLines: false, delimiter });
  const fatal = result.errors.find((e) => e.type === "Quotes");
  if (fatal) {
    const row = typeof fatal.row === "number" ? ` in row ${fatal.row + 1}` : "";
    return { ok: false, error: `The file has a quote mark that is never closed${row}. Check that text containing commas is wrapped in a matching pair of quotes.` };
  }
  return finish(result.data.map((cells, i) => ({ number: i + 1, cells: Array.isArray(cells) ? cells.map((c) => unguard(String(c ?? "").trim())) : [] })));
}

/** Sums the uncompressed sizes recorded in a zip's central directory; null if it cannot be read. */
function zipUncompressedSize(bytes: Uint8Array): number | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const stop = Math.max(0, bytes.length - 22 - 0xffff);
  for (let i = bytes.length - 22; i >= stop; i--) {
    if (view.getUint32(i, true) !== 0x06054b50) continue;
    const entries = view.getUint16(i + 10, true);
    let p = view.getUint32(i + 16, true);
    let total = 0;
    for (let n = 0; n < entries; n++) {
      if (p + 46 > bytes.length || view.getUint32(p, true) !== 0x02014b50) return null;
      const size = view.getUint32(p + 24, true);
      if (size === 0xffffffff) return Number.POSITIVE_INFINITY; // zip64: far beyond anything we accept
      total += size;
      p += 46 + view.getUint16(p + 28, true) + view.getUint16(p + 30, true) + view.getUint16(p + 32, true);
    }
    return total;
  }
  return null;
}

async function parseXlsx(bytes: Uint8Array): Promise<ParsedSpreadsheet> {
  const unreadable = "The Excel file could not be read. It may be damaged or password-protected. Open it in Excel, save it again as Excel Workbook (.xlsx) and retry.";
  const expanded = zipUncompressedSize(bytes);
  if (expanded === null) return { ok: false, error: unreadable };
  if (expanded > MAX_XLSX_UNCOMPRESSED_BYTES) return { ok: false, error: "The Excel file holds too much data to read. Split it into smaller files and upload each one." };

  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  } catch {
    return { ok: false, error: unreadable };
  }
  const sheet = workbook.worksheets[0];
  if (!sheet || sheet.actualRowCount === 0) return { ok: false, error: "The file has no header row. Put the column headings in row 1 of the first sheet and try again." };
  if (sheet.actualRowCount > MAX_SPREADSHEET_ROWS + 1) return tooManyRows();
  const table: NumberedRow[] = [];
  // eachRow skips rows that hold nothing, so a stray format on row 1,000,000 costs nothing.
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    const cells: string[] = [];
    // cellCount is the row's last used column; empty cells in between come back as null values.
    for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c).value).trim());
    table.push({ number, cells });
  });
  return finish(table);
}

/** A number as a person reads it: no binary float noise (0.1 + 0.2 → "0.3"), no exponent for ordinary sizes. */
export function numberText(n: number): string {
  if (!Number.isFinite(n)) return "";
  const clean = Number(n.toPrecision(15));
  if (Math.abs(clean) >= 1e21 || (clean !== 0 && Math.abs(clean) < 1e-6)) return String(clean);
  return clean.toLocaleString("en-US", { useGrouping: false, maximumFractionDigits: 20 });
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** A date as YYYY-MM-DD (with HH:MM if it has a time); exceljs gives dates as UTC instants. */
function dateText(d: Date): string {
  if (Number.isNaN(d.getTime())) return "";
  const day = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const h = d.getUTCHours();
  const m = d.getUTCMinutes();
  return h || m ? `${day} ${pad(h)}:${pad(m)}` : day;
}

function cellText(value: ExcelJS.CellValue | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number") return numberText(value);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value instanceof Date) return dateText(value);
  if (typeof value === "object") {
    const v = value as unknown as Record<string, unknown>;
    if (Array.isArray(v.richText)) return (v.richText as { text?: string }[]).map((p) => p.text ?? "").join("");
    if ("formula" in v || "sharedFormula" in v) return cellText(v.result as ExcelJS.CellValue | undefined);
    if ("error" in v) return String(v.error ?? "");
    if ("text" in v) return cellText(v.text as ExcelJS.CellValue);
  }
  return "";
}

function columnLetter(index: number): string {
  let n = index + 1;
  let s = "";
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
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

/** Undoes writeCsv's formula guard, so a file we exported imports back unchanged ("'-" → "-"). */
const unguard = (cell: string) => (/^'[=+\-@]/.test(cell) ? cell.slice(1) : cell);

// Text that Excel would run as a formula when opening a CSV (CSV injection), but not a negative number.
const FORMULA_START = /^(?:[=+@\t\r]|-(?!\d[\d,]*(?:\.\d+)?$))/;

/** CSV text with a UTF-8 BOM (so Excel reads £ and accents) and CRLF line ends; cells that look like formulas are prefixed with ' so Excel shows them as text. */
export function writeCsv(headers: string[], rows: Record<string, CellInput>[]): string {
  const data = rows.map((row) => headers.map((h) => {
    const v = row[h];
    return v === null || v === undefined ? "" : typeof v === "number" ? numberText(v) : v;
  }));
  return "\uFEFF" + Papa.unparse({ fields: headers, data }, { newline: "\r\n", escapeFormulae: FORMULA_START });
}
