/**
 * Low-level layout for the Board pack (see board-pack.ts): text that the built-in PDF fonts can
 * show, and tables whose cells wrap and whose rows split across pages under a repeated header row.
 * Every piece of text is drawn with an explicit width (and, in tables, an explicit height), so
 * nothing overflows the page or silently adds one.
 */
export type Doc = PDFKit.PDFDocument;

/** NHS identity colours (NHS England's colour palette); body text is NHS black. */
export const COLOURS = {
  nhsBlue: "#005EB8",
  darkBlue: "#003087",
  text: "#212B32",
  secondary: "#4C6272",
  border: "#AEB7BD",
  paleGrey: "#F0F4F5",
  paleBlue: "#E8F1FA",
  red: "#8A1538",
  green: "#006747",
  white: "#FFFFFF",
} as const;

export const FONTS = {
  regular: "Helvetica",
  bold: "Helvetica-Bold",
  italic: "Helvetica-Oblique",
  boldItalic: "Helvetica-BoldOblique",
  mono: "Courier",
} as const;

/** Characters outside Windows-1252 (what the built-in Helvetica can encode) and what to write instead. */
const FALLBACKS: Record<string, string> = {
  "\u2192": "->", // →
  "\u2190": "<-",
  "\u2194": "<->",
  "\u21d2": "=>",
  "\u2264": "<=",
  "\u2265": ">=",
  "\u2260": "!=",
  "\u2212": "-", // minus sign
  "\u2010": "-",
  "\u2011": "-",
  "\u2012": "-",
  "\u2015": "-",
  "\u2032": "'",
  "\u2033": '"',
  "\u2713": "Yes",
  "\u2714": "Yes",
  "\u2717": "No",
  "\u2718": "No",
  "\u2248": "~",
  "\u2022": "\u2022",
  "\u00a0": " ",
  "\u2002": " ",
  "\u2003": " ",
  "\u2009": " ",
  "\u202f": " ",
  "\u200b": "",
  "\u200c": "",
  "\u200d": "",
  "\ufeff": "",
  "\t": "    ",
  "\r": "",
};

/** The characters of Windows-1252 above 0x7F that are not Latin-1 (PDFKit's WinAnsi map). */
const CP1252_EXTRA = new Set(
  [0x20ac, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x017d,
    0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x017e, 0x0178],
);

function encodable(code: number): boolean {
  return code === 0x0a || (code >= 0x20 && code <= 0x7e) || (code >= 0xa1 && code <= 0xff) || CP1252_EXTRA.has(code);
}

/**
 * Text the built-in fonts can show and a reader can extract: unsupported characters become plain
 * equivalents ("→" becomes "->"), accents that do not exist in Windows-1252 are dropped, anything
 * else becomes "?". Control characters other than newlines go.
 */
export function pdfText(value: string | null | undefined): string {
  if (value == null) return "";
  let out = "";
  for (const ch of String(value).normalize("NFC")) {
    const code = ch.codePointAt(0)!;
    if (encodable(code)) {
      out += ch;
      continue;
    }
    const fallback = FALLBACKS[ch];
    if (fallback !== undefined) {
      out += fallback;
      continue;
    }
    if (code < 0x20 || (code >= 0x7f && code < 0xa0)) continue;
    const stripped = ch.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
    out += [...stripped].every((c) => encodable(c.codePointAt(0)!)) && stripped !== "" ? stripped : "?";
  }
  return out;
}

export interface Cell {
  text: string;
  bold?: boolean;
  italic?: boolean;
  strike?: boolean;
  mono?: boolean;
  color?: string;
}
export type CellInput = string | Cell;

export interface Column {
  header: string;
  /** Relative width. */
  weight: number;
}

export type TableRow = { cells: CellInput[] } | { group: string };

export interface TableOptions {
  columns: Column[];
  rows: TableRow[];
  fontSize?: number;
  /** Shown above the repeated header row on each page the table continues on: "<caption> (continued)". */
  caption?: string;
  /** Adds a page of the current section (same size and orientation). */
  newPage: () => void;
  /** Draw the header row (default true); the cover sheet's key-value table has none. */
  header?: boolean;
}

const PAD = 4;
const LINE_GAP = 1;
/** The least room worth starting a split row in; less and the row moves to the next page. */
const MIN_SPLIT = 36;

function toCell(c: CellInput | undefined): Cell {
  if (c == null) return { text: "" };
  return typeof c === "string" ? { text: pdfText(c) } : { ...c, text: pdfText(c.text) };
}

function fontOf(cell: Cell): string {
  if (cell.mono) return FONTS.mono;
  if (cell.bold && cell.italic) return FONTS.boldItalic;
  if (cell.bold) return FONTS.bold;
  if (cell.italic) return FONTS.italic;
  return FONTS.regular;
}

export function pageBottom(doc: Doc): number {
  return doc.page.height - doc.page.margins.bottom;
}

export function contentWidth(doc: Doc): number {
  return doc.page.width - doc.page.margins.left - doc.page.margins.right;
}

/** Height of text in a font at a width (0 for empty text). */
export function measure(doc: Doc, text: string, font: string, size: number, width: number, lineGap = LINE_GAP): number {
  if (text === "") return 0;
  doc.font(font).fontSize(size);
  return doc.heightOfString(text, { width, lineGap });
}

/**
 * Splits text into the longest head that fits in maxHeight at width, and the rest: by words, and
 * by characters for a single word longer than the room.
 */
export function splitToFit(doc: Doc, text: string, font: string, size: number, width: number, maxHeight: number): [string, string] {
  if (measure(doc, text, font, size, width) <= maxHeight) return [text, ""];
  const tokens = text.match(/\S+\s*|\s+/g) ?? [text];
  const fits = (s: string) => measure(doc, s, font, size, width) <= maxHeight;
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(tokens.slice(0, mid).join("").trimEnd())) lo = mid;
    else hi = mid - 1;
  }
  if (lo > 0) return [tokens.slice(0, lo).join("").trimEnd(), tokens.slice(lo).join("").trimStart()];
  // Not even the first word fits: split it by characters.
  const chars = [...text];
  let a = 0;
  let b = chars.length;
  while (a < b) {
    const mid = Math.ceil((a + b) / 2);
    if (fits(chars.slice(0, mid).join(""))) a = mid;
    else b = mid - 1;
  }
  return [chars.slice(0, a).join(""), chars.slice(a).join("")];
}

/**
 * Draws text at (x, y) wrapped to width and clipped to height (never adding a page), leaving
 * doc.x and doc.y as they were; returns the height it took.
 */
export function textBox(
  doc: Doc,
  text: string,
  x: number,
  y: number,
  width: number,
  opts: { font?: string; size?: number; color?: string; align?: "left" | "center" | "right"; strike?: boolean; height?: number; lineGap?: number } = {},
): number {
  const t = pdfText(text);
  const font = opts.font ?? FONTS.regular;
  const size = opts.size ?? 10;
  const lineGap = opts.lineGap ?? LINE_GAP;
  const h = measure(doc, t, font, size, width, lineGap);
  if (t === "") return 0;
  const { x: keepX, y: keepY } = doc;
  doc.font(font).fontSize(size).fillColor(opts.color ?? COLOURS.text);
  doc.text(t, x, y, { width, height: opts.height ?? h + 1, lineGap, align: opts.align ?? "left", strike: opts.strike, ellipsis: opts.height != null });
  // Positioned text leaves the flow where it was; callers move it by the height returned.
  doc.x = keepX;
  doc.y = keepY;
  return h;
}

/**
 * Flowing text at the left margin from the current y: wraps to the page width and continues on new
 * pages of the same orientation when it runs past the bottom margin (PDFKit's own flow).
 */
export function paragraph(
  doc: Doc,
  text: string,
  newPage: () => void,
  opts: { font?: string; size?: number; color?: string; indent?: number; gap?: number } = {},
): void {
  const indent = opts.indent ?? 0;
  const t = pdfText(text);
  if (t === "") return;
  doc.font(opts.font ?? FONTS.regular).fontSize(opts.size ?? 10).fillColor(opts.color ?? COLOURS.text);
  const x = doc.page.margins.left + indent;
  const width = contentWidth(doc) - indent;
  // Start on a new page rather than leave a single orphaned line at the bottom.
  if (doc.y + doc.currentLineHeight(true) * 2 > pageBottom(doc)) newPage();
  doc.text(t, x, doc.y, { width, lineGap: 2 });
  doc.x = doc.page.margins.left;
  doc.y += opts.gap ?? 6;
}

/** Ensures `height` points of room below the current y, adding a page if not. */
export function ensureRoom(doc: Doc, height: number, newPage: () => void): void {
  if (doc.y + height > pageBottom(doc)) newPage();
}

/**
 * A table across the content width from the current y. Cells wrap; a row that does not fit moves to
 * the next page, or, if it would not fit on a page of its own, splits there; the header row repeats
 * on every page the table runs onto; a group row (a full-width band) stays with the row after it.
 */
export function drawTable(doc: Doc, opts: TableOptions): void {
  const size = opts.fontSize ?? 8.5;
  const left = doc.page.margins.left;
  const total = contentWidth(doc);
  const weightSum = opts.columns.reduce((s, c) => s + c.weight, 0);
  const widths = opts.columns.map((c) => (c.weight / weightSum) * total);
  const xs: number[] = [];
  widths.reduce((x, w) => (xs.push(x), x + w), left);
  const inner = (i: number) => Math.max(4, widths[i] - PAD * 2);

  const cellHeight = (c: Cell, i: number) => measure(doc, c.text, fontOf(c), size, inner(i));
  const rowHeight = (cells: Cell[]) => Math.max(size + LINE_GAP, ...cells.map(cellHeight)) + PAD * 2;
  const headerCells = opts.columns.map((c) => ({ text: pdfText(c.header), bold: true }) as Cell);
  const headerH = opts.header === false ? 0 : rowHeight(headerCells);
  const captionText = opts.caption ? pdfText(`${opts.caption} (continued)`) : "";
  const captionH = captionText && opts.header !== false ? measure(doc, captionText, FONTS.italic, size, total) + 3 : 0;
  const groupH = (text: string) => measure(doc, text, FONTS.bold, size, total - PAD * 2) + PAD * 2;

  let y = doc.y;

  const drawRow = (cells: Cell[], h: number, fill: string | null) => {
    if (fill) doc.save().rect(left, y, total, h).fill(fill).restore();
    doc.save().lineWidth(0.5).strokeColor(COLOURS.border);
    for (let i = 0; i < widths.length; i++) doc.rect(xs[i], y, widths[i], h).stroke();
    doc.restore();
    cells.forEach((c, i) => {
      if (i >= widths.length || c.text === "") return;
      doc.font(fontOf(c)).fontSize(size).fillColor(c.color ?? COLOURS.text);
      doc.text(c.text, xs[i] + PAD, y + PAD, { width: inner(i), height: h - PAD * 2 + 1, lineGap: LINE_GAP, strike: c.strike });
    });
    y += h;
  };
  const showHeader = opts.header !== false;
  const drawHeader = (continued: boolean) => {
    if (!showHeader) return;
    if (continued && captionText) {
      doc.font(FONTS.italic).fontSize(size).fillColor(COLOURS.secondary);
      doc.text(captionText, left, y, { width: total, height: captionH, lineGap: LINE_GAP });
      y += captionH;
    }
    drawRow(headerCells, headerH, COLOURS.paleBlue);
  };
  let group: string | null = null;
  const drawGroup = (text: string) => {
    const gh = groupH(text);
    doc.save().rect(left, y, total, gh).fill(COLOURS.paleGrey).restore();
    doc.save().lineWidth(0.5).strokeColor(COLOURS.border).rect(left, y, total, gh).stroke().restore();
    doc.font(FONTS.bold).fontSize(size).fillColor(COLOURS.darkBlue);
    doc.text(text, left + PAD, y + PAD, { width: total - PAD * 2, height: gh - PAD * 2 + 1, lineGap: LINE_GAP });
    y += gh;
  };
  const freshPage = () => {
    opts.newPage();
    y = doc.page.margins.top;
    drawHeader(true);
    // A group that runs onto the page is named again.
    if (group !== null) drawGroup(pdfText(`${group} (continued)`));
  };
  const bottom = () => pageBottom(doc);
  const firstRowH = (i: number): number => {
    const r = opts.rows[i];
    if (!r) return 0;
    if ("group" in r) return groupH(pdfText(r.group)) + firstRowH(i + 1);
    return Math.min(rowHeight(r.cells.map(toCell)), MIN_SPLIT + headerH);
  };

  if (y + headerH + Math.min(firstRowH(0), 80) > bottom()) {
    opts.newPage();
    y = doc.page.margins.top;
  }
  drawHeader(false);

  opts.rows.forEach((row, index) => {
    if ("group" in row) {
      const text = pdfText(row.group);
      group = null;
      if (y + groupH(text) + Math.min(firstRowH(index + 1), 60) > bottom()) freshPage();
      drawGroup(text);
      group = text;
      return;
    }
    let cells = opts.columns.map((_, i) => toCell(row.cells[i]));
    for (let guard = 0; guard < 10_000; guard++) {
      const h = rowHeight(cells);
      const room = bottom() - y;
      if (h <= room) {
        drawRow(cells, h, null);
        return;
      }
      const onFreshPage = bottom() - doc.page.margins.top - captionH - headerH;
      if (h <= onFreshPage || room < MIN_SPLIT) {
        freshPage();
        continue;
      }
      // Taller than a page: fill this page with as much of each cell as fits, carry the rest over.
      const heads: Cell[] = [];
      const tails: Cell[] = [];
      cells.forEach((c, i) => {
        const [head, tail] = splitToFit(doc, c.text, fontOf(c), size, inner(i), room - PAD * 2);
        heads.push({ ...c, text: head });
        tails.push({ ...c, text: tail });
      });
      drawRow(heads, room, null);
      // Say which row carries on: a column that has ended (usually the decision's name) is repeated, marked continued.
      cells = tails.map((c, i) => (c.text === "" && heads[i].text !== "" && i === 0 ? { text: heads[i].text.endsWith(" (continued)") ? heads[i].text : `${heads[i].text} (continued)`, italic: true, color: COLOURS.secondary } : c));
      freshPage();
    }
  });
  doc.x = left;
  doc.y = y + 10;
}
