/**
 * What one spreadsheet upload may hold. A file is refused, with a plain-English reason, as soon as
 * one of these is passed; the reading itself happens in a worker thread with its own memory limit
 * and time-out (./worker-pool.ts), so a file that slips past these still cannot stall the server.
 */

/** Largest upload accepted, in bytes (the upload handler refuses bigger parts before we see them). */
export const MAX_SPREADSHEET_BYTES = 5_000_000;
/** Most data rows (after the header row) read from one file. */
export const MAX_SPREADSHEET_ROWS = 20_000;
/** Most columns in any row. Every import needs a few dozen at most. */
export const MAX_SPREADSHEET_COLUMNS = 500;
/** Longest cell, in characters: Excel's own limit. */
export const MAX_CELL_CHARS = 32_767;
/** Most CSV records, blank ones included (a file of line breaks would otherwise cost a row each). */
export const MAX_CSV_RECORDS = 5 * MAX_SPREADSHEET_ROWS;

/** Most bytes all the parts of an .xlsx may expand to, checked against what inflating really gives. */
export const MAX_XLSX_UNCOMPRESSED_BYTES = 64 * 1024 * 1024;
/** Most parts (files) in an .xlsx. */
export const MAX_XLSX_ENTRIES = 2_000;
/** Most cells in all the sheets of an .xlsx: 20,000 rows of 20 columns. */
export const MAX_XLSX_CELLS = 400_000;
/** Most row elements in all the sheets of an .xlsx (formatted empty rows count too). */
export const MAX_XLSX_ROWS = 5 * MAX_SPREADSHEET_ROWS;
/** Most cell formats in styles.xml (Excel allows about 64,000). */
export const MAX_XLSX_STYLES = 65_536;
/** Excel's own grid. */
export const XLSX_MAX_ROW = 1_048_576;
export const XLSX_MAX_COLUMN = 16_384;

/** How long one file may take to read before its worker is stopped. */
export const PARSE_TIMEOUT_MS = 20_000;
/** The reading worker's JavaScript heap limit. */
export const PARSE_HEAP_MB = 512;
/** Files read at once across the server; more wait for a free reader for up to PARSE_QUEUE_MS. */
export const MAX_PARALLEL_PARSES = 2;
export const PARSE_QUEUE_MS = 10_000;

const n = (v: number) => v.toLocaleString("en-GB");

export const MESSAGES = {
  empty: "The file is empty.",
  tooLarge: "The file is larger than 5 MB. Split it into smaller files and upload each one.",
  notSpreadsheet: "The file is not a CSV or Excel (.xlsx) file. Save it as CSV or Excel Workbook (.xlsx) and try again.",
  oldExcel: "Old Excel 97–2003 (.xls) files cannot be read. Open the file in Excel, save it as Excel Workbook (.xlsx) or CSV, and upload that.",
  misnamedXlsx: "The file is named .xlsx but is not an Excel workbook. It may be damaged; save it again from Excel and retry.",
  unreadableXlsx: "The Excel file could not be read. It may be damaged or password-protected. Open it in Excel, save it again as Excel Workbook (.xlsx) and retry.",
  tooMuchXlsx: "The Excel file holds too much data to read. Split it into smaller files and upload each one.",
  tooManyRows: `The file has more than ${n(MAX_SPREADSHEET_ROWS)} rows. Split it into smaller files and upload each one.`,
  tooManyLines: `The file has more than ${n(MAX_CSV_RECORDS)} lines, counting blank ones. Delete the blank lines, or split it into smaller files.`,
  tooManyCells: `The Excel file has more than ${n(MAX_XLSX_CELLS)} cells. Delete the columns and rows the import does not need, or split it into smaller files.`,
  tooManyColumns: (row: number) => `Row ${n(row)} has more than ${n(MAX_SPREADSHEET_COLUMNS)} columns. Delete the columns the import does not need and try again.`,
  cellTooLong: (row: number) => `Row ${n(row)} has a cell longer than ${n(MAX_CELL_CHARS)} characters. Shorten it and try again.`,
  outsideGrid: "The Excel file refers to cells beyond Excel's own grid, so it is damaged. Open it in Excel, save it again as Excel Workbook (.xlsx) and retry.",
  timedOut: "The file took too long to read. Split it into smaller files, or save it as CSV, and upload again.",
  outOfMemory: "The file needs too much memory to read. Split it into smaller files and upload each one.",
  busy: "The server is busy reading other files. Wait a minute and try again.",
  failed: "The file could not be checked just now. Try again, and if it keeps happening tell your administrator.",
  oneAtATime: "You already have a file being checked. Wait for it to finish, then upload the next one.",
} as const;
