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
