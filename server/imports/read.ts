import ExcelJS from "exceljs";
import Papa from "papaparse";
import { unguardCsvCell } from "../../shared/format/rows";
import { MAX_CELL_CHARS, MAX_CSV_RECORDS, MAX_SPREADSHEET_BYTES, MAX_SPREADSHEET_COLUMNS, MAX_SPREADSHEET_ROWS, MESSAGES } from "./limits";
import { guardXlsx } from "./xlsx-guard";

/*
 * Reading a spreadsheet in this thread. The server never calls this directly: parseSpreadsheet
 * (./spreadsheet.ts) runs it in a worker thread with a memory limit and a time-out.
 */

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
  /** `status` is an HTTP status for the refusal when it is not the file's fault (busy, one at a time). */
  | { ok: false; error: string; status?: number };

/** Reads a CSV or .xlsx upload into headed rows of trimmed text, or says in plain English why it cannot. */
export async function readSpreadsheetNow(data: Uint8Array, filename: string): Promise<ParsedSpreadsheet> {
  const bytes = data;
  if (bytes.byteLength === 0) return { ok: false, error: MESSAGES.empty };
  if (bytes.byteLength > MAX_SPREADSHEET_BYTES) return { ok: false, error: MESSAGES.tooLarge };

  const ext = (filename.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1] ?? "").trim();
  const isZip = bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  // Old binary Excel (.xls) and other Office compound files start with this signature.
  const isOle = bytes.length >= 4 && bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0;

  if (isOle || ext === "xls") return { ok: false, error: MESSAGES.oldExcel };
  if (isZip) {
    if (ext && ext !== "xlsx" && ext !== "xlsm") return { ok: false, error: MESSAGES.notSpreadsheet };
    return parseXlsx(bytes);
  }
  if (ext === "xlsx" || ext === "xlsm") return { ok: false, error: MESSAGES.misnamedXlsx };
  if (ext && !["csv", "txt", "tsv"].includes(ext)) return { ok: false, error: MESSAGES.notSpreadsheet };
  const text = decodeText(bytes);
  if (text === null) return { ok: false, error: MESSAGES.notSpreadsheet };
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

const refuse = (error: string) => ({ ok: false as const, error });

function finish(table: NumberedRow[]): ParsedSpreadsheet {
  const first = table[0];
  const headerCells = first && first.number === 1 ? first.cells : undefined;
  if (!headerCells || headerCells.every((c) => c === "")) {
    return refuse("The file has no header row. Put the column headings in row 1 and try again.");
  }
  let width = headerCells.length;
  while (width > 0 && headerCells[width - 1] === "") width--;
  const headers = headerCells.slice(0, width);
  const seen = new Set<string>();
  for (let i = 0; i < headers.length; i++) {
    const h = headers[i]!;
    if (h === "") return refuse(`Column ${columnLetter(i)} in the header row has no heading. Give every column a heading, or delete the empty column.`);
    const key = h.toLowerCase();
    if (seen.has(key)) return refuse(`The header row has two columns called "${h}". Rename or delete one of them.`);
    seen.add(key);
  }
  const rows: Record<string, string>[] = [];
  const rowNumbers: number[] = [];
  for (const { number, cells } of table.slice(1)) {
    if (cells.every((c) => c === "")) continue;
    if (rows.length >= MAX_SPREADSHEET_ROWS) return refuse(MESSAGES.tooManyRows);
    const row: Record<string, string> = {};
    headers.forEach((h, i) => (row[h] = cells[i] ?? ""));
    rows.push(row);
    rowNumbers.push(number);
  }
  return { ok: true, headers, rows, rowNumbers };
}

function parseCsv(text: string): ParsedSpreadsheet {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // Guess the separator (Excel writes ";" in some locales) from the first lines, ignoring blank lines,
  // which upset the guess. Only the first 64 KB are looked at, so one enormous line costs nothing here.
  const delimiter = Papa.parse<string[]>(body.slice(0, 65_536), { preview: 20, skipEmptyLines: "greedy", delimitersToGuess: [",", "\t", ";", "|"] }).meta.delimiter || ",";
  // Record by record, without papaparse's header mode, so that we keep each record's position (error
  // messages must name the row Excel shows) and can stop at the first record over a limit.
  const table: NumberedRow[] = [];
  let records = 0;
  let kept = 0;
  let refusal: string | null = null;
  Papa.parse<string[]>(body, {
    header: false,
    skipEmptyLines: false,
    delimiter,
    step(result, parser) {
      records++;
      const number = records;
      const quotes = result.errors.find((e) => e.type === "Quotes");
      if (quotes) {
        refusal = `The file has a quote mark that is never closed in row ${number}. Check that text containing commas is wrapped in a matching pair of quotes.`;
        return parser.abort();
      }
      if (records > MAX_CSV_RECORDS) {
        refusal = MESSAGES.tooManyLines;
        return parser.abort();
      }
      const fields = Array.isArray(result.data) ? result.data : [];
      if (fields.length > MAX_SPREADSHEET_COLUMNS) {
        refusal = MESSAGES.tooManyColumns(number);
        return parser.abort();
      }
      const cells: string[] = [];
      for (const f of fields) {
        const raw = String(f ?? "");
        if (raw.length > MAX_CELL_CHARS) {
          refusal = MESSAGES.cellTooLong(number);
          return parser.abort();
        }
        cells.push(unguardCsvCell(raw.trim()).trim());
      }
      // Blank records only matter as row 1 (no header); the rest are skipped without being kept.
      if (number !== 1 && cells.every((c) => c === "")) return;
      if (++kept > MAX_SPREADSHEET_ROWS + 1) {
        refusal = MESSAGES.tooManyRows;
        return parser.abort();
      }
      table.push({ number, cells });
    },
  });
  if (refusal) return refuse(refusal);
  return finish(table);
}

async function parseXlsx(bytes: Uint8Array): Promise<ParsedSpreadsheet> {
  const guarded = guardXlsx(bytes);
  if (!guarded.ok) return refuse(guarded.error);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(guarded.zip.buffer.slice(guarded.zip.byteOffset, guarded.zip.byteOffset + guarded.zip.byteLength) as ArrayBuffer);
  } catch {
    return refuse(MESSAGES.unreadableXlsx);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet || sheet.actualRowCount === 0) return refuse("The file has no header row. Put the column headings in row 1 of the first sheet and try again.");
  if (sheet.actualRowCount > MAX_SPREADSHEET_ROWS + 1) return refuse(MESSAGES.tooManyRows);
  const table: NumberedRow[] = [];
  let refusal: string | null = null;
  // eachRow skips rows that hold nothing, so a stray format on row 1,000,000 costs nothing.
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    if (refusal) return;
    // cellCount is the row's last used column; empty cells in between come back as null values.
    if (row.cellCount > MAX_SPREADSHEET_COLUMNS) {
      refusal = MESSAGES.tooManyColumns(number);
      return;
    }
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) {
      const text = cellText(row.getCell(c).value);
      if (text.length > MAX_CELL_CHARS) {
        refusal = MESSAGES.cellTooLong(number);
        return;
      }
      cells.push(text.trim());
    }
    table.push({ number, cells });
  });
  if (refusal) return refuse(refusal);
  return finish(table);
}

// One formatter for every cell: toLocaleString builds a new one per call, which made numbers the
// slowest part of reading a large sheet.
const PLAIN_NUMBER = new Intl.NumberFormat("en-US", { useGrouping: false, maximumFractionDigits: 20 });

/** A number as a person reads it: no binary float noise (0.1 + 0.2 → "0.3"), no exponent for ordinary sizes. */
export function numberText(n: number): string {
  if (!Number.isFinite(n)) return "";
  const clean = Number(n.toPrecision(15));
  if (Math.abs(clean) >= 1e21 || (clean !== 0 && Math.abs(clean) < 1e-6)) return String(clean);
  return PLAIN_NUMBER.format(clean);
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
