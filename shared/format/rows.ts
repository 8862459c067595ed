/** A problem with one cell of an imported spreadsheet; row 1 is the header row, as a spreadsheet numbers it. */
export interface RowError {
  row: number;
  column: string;
  message: string;
}

/**
 * One imported row: heading to cell. Cells are usually strings (CSV), but spreadsheet readers may give
 * numbers, booleans or dates, so any value is accepted and read as text.
 */
export type ImportRow = Record<string, unknown>;

/** Reads any cell value as trimmed text; dates become ISO dates (YYYY-MM-DD, UTC as spreadsheet readers give them). */
export function cellText(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "" : value.toISOString().slice(0, 10);
  return String(value).trim();
}

/** Normalises a column heading so "Service_Line  Code" and "service line code" match. */
export function normaliseHeader(header: string): string {
  return header
    .toLowerCase()
    .replace(/[_\s]+/g, " ")
    .trim();
}

/**
 * Finds cells by any of several accepted headings, whatever their case and spacing, and remembers
 * the heading as written in the file so that errors name the column the person can see.
 */
export function columnReader(rows: ImportRow[]): {
  has(...names: string[]): boolean;
  heading(...names: string[]): string;
  get(row: ImportRow, ...names: string[]): string;
} {
  const byNorm = new Map<string, string>();
  for (const row of rows) {
    for (const key of Object.keys(row)) {
      const norm = normaliseHeader(key);
      if (!byNorm.has(norm)) byNorm.set(norm, key);
    }
  }
  const find = (names: string[]) => {
    for (const n of names) {
      const key = byNorm.get(normaliseHeader(n));
      if (key !== undefined) return key;
    }
    return undefined;
  };
  return {
    has: (...names) => find(names) !== undefined,
    heading: (...names) => find(names) ?? names[0]!,
    get: (row, ...names) => {
      // Looked up in the row itself, so rows with differently written headings still read correctly.
      const wanted = names.map(normaliseHeader);
      for (const w of wanted) {
        for (const key of Object.keys(row)) {
          if (normaliseHeader(key) !== w) continue;
          return cellText(row[key]);
        }
      }
      return "";
    },
  };
}

/** Reads "yes"/"no" as people write them in spreadsheets (y, n, true, false, 1, 0); null if neither. */
export function parseYesNo(text: string): boolean | null {
  const s = (text ?? "").trim().toLowerCase();
  if (["yes", "y", "true", "1"].includes(s)) return true;
  if (["no", "n", "false", "0"].includes(s)) return false;
  return null;
}

/** True when every cell of an imported row is blank, so the row can be skipped. */
export function isBlankRow(row: ImportRow): boolean {
  return Object.values(row).every((v) => cellText(v) === "");
}

// CSV injection: a spreadsheet that opens a CSV runs a cell as a formula when its text begins with
// = + - or @ (Excel, LibreOffice and Google Sheets all skip leading spaces and line breaks first,
// and some also read the full-width forms), and a leading tab or carriage return can start one too.
// eslint-disable-next-line no-control-regex -- control characters before the sign are exactly what is looked for
const FORMULA_START = /^[\s\u0000-\u001f]*[=+\-@\uff1d\uff0b\uff0d\uff20]/;
const CONTROL_START = /^[\t\r\n]/;
/** Negative amounts, which must stay numbers: "-500", "-1,200.50". */
const NEGATIVE_NUMBER = /^-\d[\d,]*(?:\.\d+)?$/;

/** Whether a spreadsheet opening a CSV could read this cell as a formula. */
export function looksLikeFormula(cell: string): boolean {
  if (NEGATIVE_NUMBER.test(cell)) return false;
  return CONTROL_START.test(cell) || FORMULA_START.test(cell);
}

/** A cell as written to CSV: prefixed with ' when it could be read as a formula, so it shows as text. */
export function guardCsvCell(cell: string): string {
  return looksLikeFormula(cell) ? `'${cell}` : cell;
}

/** Undoes guardCsvCell, so a file Devolve exported imports back unchanged ("'=x" → "=x"); an apostrophe the guard would not have added stays. */
export function unguardCsvCell(cell: string): string {
  return cell.startsWith("'") && looksLikeFormula(cell.slice(1)) ? cell.slice(1) : cell;
}
