import { MAX_XLSX_CELLS, MAX_XLSX_ENTRIES, MAX_XLSX_ROWS, MAX_XLSX_STYLES, MAX_XLSX_UNCOMPRESSED_BYTES, MESSAGES, XLSX_MAX_COLUMN, XLSX_MAX_ROW } from "./limits";
import { inflateEntry, readZipDirectory, storedZip } from "./zip";

/*
 * An .xlsx is a zip of XML parts, and the spreadsheet library (exceljs) expands what it reads without
 * limits: every part into one string, every cell into an object, and some ranges into one entry per
 * cell (merged cells, data validations, defined names, column formats), so a 1 KB part can ask for
 * billions. Before it sees a file we therefore:
 *
 * 1. read the zip's directory and refuse too many parts or too many declared bytes;
 * 2. inflate every part ourselves, each capped at its declared size, so a lying directory cannot
 *    expand further;
 * 3. keep only the parts that hold values (workbook, sheets, shared strings, styles, themes,
 *    properties), and drop from the sheets and workbook the elements whose ranges it would expand
 *    and that no import needs (column formats, merges, validations, hyperlinks, conditional
 *    formats, drawings, defined names…);
 * 4. count cells, rows, shared strings and styles, and refuse references outside Excel's grid;
 * 5. hand the library a plain stored zip of exactly what was checked.
 */

export type GuardResult = { ok: true; zip: Buffer } | { ok: false; error: string };

const KEEP = [
  /^\[Content_Types\]\.xml$/,
  /^_rels\/\.rels$/,
  /^xl\/workbook\.xml$/,
  /^xl\/_rels\/workbook\.xml\.rels$/,
  /^xl\/sharedStrings\.xml$/,
  /^xl\/styles\.xml$/,
  /^xl\/theme\/[A-Za-z0-9]+\.xml$/,
  /^xl\/worksheets\/[^/]+\.xml$/,
  /^docProps\/(?:core|app)\.xml$/,
];
const SHEET = /^xl\/worksheets\/[^/]+\.xml$/;

/** Sheet elements outside the cell data that are dropped (their ranges would be expanded, and no import reads them). */
const SHEET_DROP = ["cols", "mergeCells", "dataValidations", "hyperlinks", "conditionalFormatting", "drawing", "legacyDrawing", "legacyDrawingHF", "tableParts", "picture", "oleObjects", "controls", "extLst"];
const WORKBOOK_DROP = ["definedNames", "extLst"];

const GT = 0x3e;
const SLASH = 0x2f;
const isDelimiter = (b: number | undefined) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d || b === GT || b === SLASH;

/** Start of the next `<name` element (not one whose name merely begins so) at or after `from`, below `to`; -1 if none. */
function nextElement(xml: Buffer, name: string, from: number, to: number): number {
  const needle = `<${name}`;
  let at = xml.indexOf(needle, from);
  while (at !== -1 && at < to) {
    if (isDelimiter(xml[at + needle.length])) return at;
    at = xml.indexOf(needle, at + 1);
  }
  return -1;
}

/** End (exclusive) of the element starting at `at`: its self-closing tag, or its closing tag. -1 if it never ends. */
function elementEnd(xml: Buffer, name: string, at: number): number {
  const tagEnd = xml.indexOf(GT, at);
  if (tagEnd === -1) return -1;
  if (xml[tagEnd - 1] === SLASH) return tagEnd + 1;
  const close = xml.indexOf(`</${name}>`, tagEnd);
  return close === -1 ? -1 : close + name.length + 3;
}

/** The XML without the named elements found in [from, to); null when one never ends. */
function dropElements(xml: Buffer, names: string[], regions: [number, number][]): Buffer | null {
  const cuts: [number, number][] = [];
  for (const [from, to] of regions) {
    for (const name of names) {
      let at = nextElement(xml, name, from, to);
      while (at !== -1) {
        const end = elementEnd(xml, name, at);
        if (end === -1) return null;
        cuts.push([at, end]);
        at = nextElement(xml, name, end, to);
      }
    }
  }
  if (cuts.length === 0) return xml;
  cuts.sort((a, b) => a[0] - b[0]);
  const parts: Buffer[] = [];
  let pos = 0;
  for (const [start, end] of cuts) {
    if (end <= pos) continue; // inside a cut already made
    if (start > pos) parts.push(xml.subarray(pos, start));
    pos = Math.max(pos, end);
  }
  parts.push(xml.subarray(pos));
  return Buffer.concat(parts);
}

/** The value of attribute `name` in the start tag at [at, tagEnd), as ASCII; undefined when absent. */
const ATTRIBUTE = new Map<string, RegExp>();
function attribute(xml: Buffer, at: number, tagEnd: number, name: string): string | undefined {
  let re = ATTRIBUTE.get(name);
  if (!re) ATTRIBUTE.set(name, (re = new RegExp(`\\s${name}\\s*=\\s*["']([^"']*)["']`)));
  return re.exec(xml.toString("latin1", at, tagEnd))?.[1];
}

/** Counts `<name` elements in [from, to), stopping past `max`; `check` sees each start tag and may refuse it. */
function countElements(xml: Buffer, name: string, from: number, to: number, max: number, check?: (at: number, tagEnd: number) => boolean): number | "refused" {
  let count = 0;
  let at = nextElement(xml, name, from, to);
  while (at !== -1) {
    if (++count > max) return count;
    if (check) {
      const tagEnd = xml.indexOf(GT, at);
      if (tagEnd === -1 || !check(at, tagEnd)) return "refused";
    }
    at = nextElement(xml, name, at + name.length + 1, to);
  }
  return count;
}

function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/** Checks an .xlsx and returns the stored zip the library may read, or why it is refused. */
export function guardXlsx(bytes: Uint8Array): GuardResult {
  const dir = readZipDirectory(bytes, { maxEntries: MAX_XLSX_ENTRIES, maxTotalBytes: MAX_XLSX_UNCOMPRESSED_BYTES });
  if (!dir.ok) return { ok: false, error: dir.reason === "too-big" ? MESSAGES.tooMuchXlsx : MESSAGES.unreadableXlsx };

  const kept: { name: string; data: Buffer }[] = [];
  const seen = new Set<string>();
  for (const entry of dir.entries) {
    const name = entry.name.startsWith("/") ? entry.name.slice(1) : entry.name;
    if (name.endsWith("/")) continue;
    // Every part is inflated, kept or not, so the declared sizes are proven, not trusted.
    const data = inflateEntry(bytes, entry);
    if (!data) return { ok: false, error: MESSAGES.unreadableXlsx };
    if (!KEEP.some((re) => re.test(name))) continue;
    if (seen.has(name)) return { ok: false, error: MESSAGES.unreadableXlsx };
    seen.add(name);
    kept.push({ name, data });
  }

  let cells = 0;
  let rows = 0;
  for (let i = 0; i < kept.length; i++) {
    const part = kept[i]!;
    if (SHEET.test(part.name)) {
      const xml = part.data;
      const dataStart = nextElement(xml, "sheetData", 0, xml.length);
      const dataEnd = dataStart === -1 ? -1 : elementEnd(xml, "sheetData", dataStart);
      if (dataStart !== -1 && dataEnd === -1) return { ok: false, error: MESSAGES.unreadableXlsx };
      const [from, to] = dataStart === -1 ? [0, 0] : [dataStart, dataEnd];

      let outside = false;
      const rowCount = countElements(xml, "row", from, to, MAX_XLSX_ROWS - rows, (at, tagEnd) => {
        const r = attribute(xml, at, tagEnd, "r");
        if (r !== undefined && !(/^\d{1,7}$/.test(r) && Number(r) >= 1 && Number(r) <= XLSX_MAX_ROW)) outside = true;
        return !outside;
      });
      if (rowCount === "refused") return { ok: false, error: outside ? MESSAGES.outsideGrid : MESSAGES.unreadableXlsx };
      rows += rowCount;
      if (rows > MAX_XLSX_ROWS) return { ok: false, error: MESSAGES.tooManyRows };

      const cellCount = countElements(xml, "c", from, to, MAX_XLSX_CELLS - cells, (at, tagEnd) => {
        const r = attribute(xml, at, tagEnd, "r");
        if (r === undefined) return true;
        const m = /^\$?([A-Z]{1,3})\$?(\d{1,7})$/.exec(r);
        if (!m || columnNumber(m[1]!) > XLSX_MAX_COLUMN || Number(m[2]) < 1 || Number(m[2]) > XLSX_MAX_ROW) outside = true;
        return !outside;
      });
      if (cellCount === "refused") return { ok: false, error: outside ? MESSAGES.outsideGrid : MESSAGES.unreadableXlsx };
      cells += cellCount;
      if (cells > MAX_XLSX_CELLS) return { ok: false, error: MESSAGES.tooManyCells };

      const regions: [number, number][] = dataStart === -1 ? [[0, xml.length]] : [[0, from], [to, xml.length]];
      const stripped = dropElements(xml, SHEET_DROP, regions);
      if (!stripped) return { ok: false, error: MESSAGES.unreadableXlsx };
      kept[i] = { name: part.name, data: stripped };
    } else if (part.name === "xl/workbook.xml") {
      const stripped = dropElements(part.data, WORKBOOK_DROP, [[0, part.data.length]]);
      if (!stripped) return { ok: false, error: MESSAGES.unreadableXlsx };
      kept[i] = { name: part.name, data: stripped };
    } else if (part.name === "xl/sharedStrings.xml") {
      const strings = countElements(part.data, "si", 0, part.data.length, MAX_XLSX_CELLS);
      if (strings === "refused" || strings > MAX_XLSX_CELLS) return { ok: false, error: MESSAGES.tooManyCells };
    } else if (part.name === "xl/styles.xml") {
      const styles = countElements(part.data, "xf", 0, part.data.length, MAX_XLSX_STYLES);
      if (styles === "refused" || styles > MAX_XLSX_STYLES) return { ok: false, error: MESSAGES.tooMuchXlsx };
    }
  }
  if (!seen.has("xl/workbook.xml")) return { ok: false, error: MESSAGES.unreadableXlsx };
  return { ok: true, zip: storedZip(kept) };
}
