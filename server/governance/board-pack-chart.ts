/**
 * The structure chart of the Board pack: a top-down tree with the board (or the trust) at the top,
 * its divisions in a row below it, and each division's service lines (and anything under them) as
 * a vertical list under the division's box. A wide structure continues on further pages (the top
 * box repeats), and a list too long for the page continues in a column of its own. The same tree
 * is also given as an indented text outline, the chart's text equivalent.
 */
import { UNIT_KIND_LABELS, type UnitKind } from "../../shared/structure/model";
import { COLOURS, FONTS, type Doc, measure, pageBottom, contentWidth, pdfText } from "./board-pack-layout";

export interface ChartUnit {
  id: string;
  parentId: string | null;
  name: string;
  kind: string;
  leaders: string[];
}

interface TreeNode {
  unit: ChartUnit;
  children: TreeNode[];
}

export function kindLabel(kind: string): string {
  return (UNIT_KIND_LABELS as Record<string, string>)[kind as UnitKind] ?? kind.replace(/_/g, " ");
}

/**
 * The forest of units: roots are units without a (known) parent; units caught in a parent cycle,
 * which no walk from a root reaches, become roots so that none is lost.
 */
export function buildTree(units: readonly ChartUnit[]): TreeNode[] {
  const byId = new Map(units.map((u) => [u.id, u]));
  const kids = new Map<string, ChartUnit[]>();
  const roots: ChartUnit[] = [];
  for (const u of units) {
    if (u.parentId && byId.has(u.parentId) && u.parentId !== u.id) {
      const list = kids.get(u.parentId) ?? [];
      list.push(u);
      kids.set(u.parentId, list);
    } else roots.push(u);
  }
  const seen = new Set<string>();
  const grow = (u: ChartUnit): TreeNode => {
    seen.add(u.id);
    const children = (kids.get(u.id) ?? []).filter((c) => !seen.has(c.id)).map((c) => grow(c));
    return { unit: u, children };
  };
  const forest = roots.map((r) => grow(r));
  for (const u of units) if (!seen.has(u.id)) forest.push(grow(u));
  return forest;
}

/** The tree as indented lines, depth first: the chart's text equivalent. */
export function structureOutline(units: readonly ChartUnit[]): { depth: number; text: string }[] {
  const out: { depth: number; text: string }[] = [];
  const walk = (n: TreeNode, depth: number) => {
    const leaders = n.unit.leaders.filter((l) => l.trim() !== "");
    out.push({ depth, text: `${n.unit.name} (${kindLabel(n.unit.kind)})${leaders.length ? `: ${leaders.join("; ")}` : ""}` });
    for (const c of n.children) walk(c, depth + 1);
  };
  for (const r of buildTree(units)) walk(r, 0);
  return out;
}

interface BoxText {
  name: string;
  sub: string;
  leaders: string;
}

const GAP = 12;
const MIN_COL = 118;
const MAX_COL = 230;
const ITEM_GAP = 5;
const BOX_PAD = 4;
const MAX_LEADERS = 3;

function boxText(u: ChartUnit, showKind: boolean): BoxText {
  const leaders = u.leaders.filter((l) => l.trim() !== "");
  const shown = leaders.slice(0, MAX_LEADERS);
  if (leaders.length > MAX_LEADERS) shown.push(`and ${leaders.length - MAX_LEADERS} more`);
  return { name: pdfText(u.name), sub: showKind ? pdfText(kindLabel(u.kind)) : "", leaders: pdfText(shown.join("\n")) };
}

const SIZES = {
  top: { name: 11, sub: 8, leaders: 7.5 },
  head: { name: 9, sub: 7, leaders: 7 },
  item: { name: 8, sub: 6.5, leaders: 6.5 },
};

type Sizes = (typeof SIZES)[keyof typeof SIZES];

function boxHeight(doc: Doc, t: BoxText, width: number, s: Sizes): number {
  const w = width - BOX_PAD * 2;
  let h = BOX_PAD * 2 + measure(doc, t.name, FONTS.bold, s.name, w);
  if (t.sub) h += measure(doc, t.sub, FONTS.italic, s.sub, w) + 1;
  if (t.leaders) h += measure(doc, t.leaders, FONTS.regular, s.leaders, w) + 2;
  return h;
}

function drawBox(
  doc: Doc,
  t: BoxText,
  x: number,
  y: number,
  width: number,
  height: number,
  s: Sizes,
  style: { fill: string; stroke: string; text: string; subText: string },
): void {
  doc.save().lineWidth(0.75).roundedRect(x, y, width, height, 3).fillAndStroke(style.fill, style.stroke).restore();
  const w = width - BOX_PAD * 2;
  let cy = y + BOX_PAD;
  const put = (text: string, font: string, size: number, color: string, gapBefore: number) => {
    if (!text) return;
    cy += gapBefore;
    const h = measure(doc, text, font, size, w);
    const room = y + height - BOX_PAD - cy;
    if (room <= 0) return;
    doc.font(font).fontSize(size).fillColor(color);
    doc.text(text, x + BOX_PAD, cy, { width: w, height: Math.min(h, room) + 1, lineGap: 1, ellipsis: h > room });
    cy += h;
  };
  put(t.name, FONTS.bold, s.name, style.text, 0);
  put(t.sub, FONTS.italic, s.sub, style.subText, 1);
  put(t.leaders, FONTS.regular, s.leaders, style.subText, 2);
}

function line(doc: Doc, x1: number, y1: number, x2: number, y2: number): void {
  doc.save().lineWidth(0.75).strokeColor(COLOURS.secondary).moveTo(x1, y1).lineTo(x2, y2).stroke().restore();
}

interface Item {
  text: BoxText;
  depth: number;
  height: number;
}
interface ChartColumn {
  head: BoxText;
  continued: boolean;
  items: Item[];
}

/**
 * Draws the chart from the current y, adding pages (via newPage, which must start a page in the same
 * orientation and leave y at its top margin) for whatever does not fit.
 */
export function drawStructureChart(doc: Doc, units: readonly ChartUnit[], opts: { trustName: string; newPage: () => void }): { pages: number } {
  const forest = buildTree(units);
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  if (forest.length === 0) return { pages: 1 };

  const topUnit: ChartUnit =
    forest.length === 1 ? forest[0].unit : { id: "", parentId: null, name: opts.trustName, kind: "board", leaders: [] };
  const columnsOf: TreeNode[] = forest.length === 1 ? forest[0].children : forest;

  const maxCols = Math.max(1, Math.floor((width + GAP) / (MIN_COL + GAP)));
  const perPage = Math.max(1, Math.min(maxCols, columnsOf.length));
  const colW = Math.min(MAX_COL, (width - GAP * (perPage - 1)) / perPage);

  const top = boxText(topUnit, true);
  const topW = Math.min(300, width);
  const topH = boxHeight(doc, top, topW, SIZES.top);

  // Each first-level unit with everything below it as an indented list.
  const heads = columnsOf.map((n) => {
    const items: Item[] = [];
    const walk = (c: TreeNode, depth: number) => {
      const text = boxText(c.unit, c.unit.kind !== "service_line");
      const indent = 14 + (depth - 1) * 10;
      items.push({ text, depth, height: boxHeight(doc, text, Math.max(40, colW - indent), SIZES.item) });
      for (const g of c.children) walk(g, depth + 1);
    };
    for (const c of n.children) walk(c, 1);
    return { node: n, items };
  });
  const headBox = (n: TreeNode, continued: boolean) => {
    const t = boxText(n.unit, true);
    return continued ? { ...t, name: `${t.name} (continued)` } : t;
  };
  const headH = Math.max(0, ...heads.map((h) => boxHeight(doc, headBox(h.node, true), colW, SIZES.head)));

  // Split long lists into continuation columns that fit under the heads on a page.
  const pageTop = (first: boolean, startY: number) => (first ? startY : doc.page.margins.top);
  const itemsTop = (y0: number) => y0 + topH + 16 + 14 + headH + 10;
  const listRoom = (y0: number) => pageBottom(doc) - itemsTop(y0);
  const startY = doc.y;
  // The room on a continuation page is what every page but the first offers; the first may have less.
  const room = Math.max(60, Math.min(listRoom(startY), listRoom(doc.page.margins.top)));
  const columns: ChartColumn[] = [];
  for (const h of heads) {
    let chunk: Item[] = [];
    let used = 0;
    let continued = false;
    for (const it of h.items) {
      const need = Math.min(it.height, room) + (chunk.length ? ITEM_GAP : 0);
      if (chunk.length && used + need > room) {
        columns.push({ head: headBox(h.node, continued), continued, items: chunk });
        chunk = [];
        used = 0;
        continued = true;
      }
      chunk.push({ ...it, height: Math.min(it.height, room) });
      used += Math.min(it.height, room) + (chunk.length > 1 ? ITEM_GAP : 0);
    }
    columns.push({ head: headBox(h.node, continued), continued, items: chunk });
  }

  const topStyle = { fill: COLOURS.nhsBlue, stroke: COLOURS.darkBlue, text: COLOURS.white, subText: COLOURS.white };
  const headStyle = { fill: COLOURS.paleBlue, stroke: COLOURS.darkBlue, text: COLOURS.darkBlue, subText: COLOURS.text };
  const itemStyle = { fill: COLOURS.white, stroke: COLOURS.nhsBlue, text: COLOURS.text, subText: COLOURS.secondary };

  let pages = 0;
  for (let p = 0; p === 0 || p * perPage < columns.length; p++) {
    if (p > 0) opts.newPage();
    pages++;
    const y0 = pageTop(p === 0, startY);
    const onPage = columns.slice(p * perPage, (p + 1) * perPage);
    const rowW = onPage.length * colW + Math.max(0, onPage.length - 1) * GAP;
    const x0 = left + (width - rowW) / 2;
    const topX = left + (width - topW) / 2;
    drawBox(doc, p > 0 ? { ...top, name: `${top.name} (continued)` } : top, topX, y0, topW, topH, SIZES.top, topStyle);
    if (onPage.length === 0) {
      doc.font(FONTS.italic).fontSize(9).fillColor(COLOURS.secondary);
      doc.text("No units sit under the top of the structure.", left, y0 + topH + 12, { width, height: 14 });
      continue;
    }
    const busY = y0 + topH + 16;
    const centres = onPage.map((_, i) => x0 + i * (colW + GAP) + colW / 2);
    line(doc, left + width / 2, y0 + topH, left + width / 2, busY);
    line(doc, Math.min(centres[0], left + width / 2), busY, Math.max(centres[centres.length - 1], left + width / 2), busY);
    const headY = busY + 14;
    onPage.forEach((col, i) => {
      const cx = x0 + i * (colW + GAP);
      line(doc, centres[i], busY, centres[i], headY);
      drawBox(doc, col.head, cx, headY, colW, headH, SIZES.head, headStyle);
      let y = headY + headH + 10;
      const spineX = cx + 7;
      let lastMid = headY + headH;
      for (const it of col.items) {
        const indent = 14 + (it.depth - 1) * 10;
        const bx = cx + indent;
        drawBox(doc, it.text, bx, y, colW - indent, it.height, SIZES.item, itemStyle);
        const mid = y + Math.min(it.height / 2, 10);
        line(doc, spineX, mid, bx, mid);
        lastMid = mid;
        y += it.height + ITEM_GAP;
      }
      if (col.items.length) line(doc, spineX, headY + headH, spineX, lastMid);
    });
    doc.y = pageBottom(doc);
  }
  doc.x = left;
  return { pages };
}
