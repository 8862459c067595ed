/**
 * The printable organisation chart (issue 16, "the PNG/SVG export … A4-friendly: page numbers, the
 * version and its approval, no half-empty pages, support links that do not cross boxes, no truncated
 * names"). Pure: the structure goes in, A4 landscape pages come out, laid out by ELK and drawn as
 * SVG text. The same pages feed the printable chart, the SVG download and the PNG download.
 *
 * Pages: first the overview (the trust board with its divisions and corporate services), then the
 * units below them, packed onto pages in order: a small division shares a page with the next, a large
 * one continues on further pages (its box repeats, marked "continued"). Each detail page is laid out
 * left to right (a unit, then the units below it), which suits a landscape page: the depth is at most
 * four columns and the length runs down the page.
 */
import type { ELK as ElkApi, ElkExtendedEdge, ElkNode } from "elkjs/lib/elk-api";
import { formatDate } from "../format/dates";
import { indexStructure, UNIT_KIND_LABELS, type Structure, type Unit } from "./model";

/** A4 landscape in CSS pixels (96 to the inch): 297 × 210 mm. */
export const A4 = { width: 1123, height: 794 } as const;
const MARGIN = 38;
const HEADER_H = 46;
const FOOTER_H = 30;
/** Where the chart may be drawn on a page. */
export const CHART_AREA = { x: MARGIN, y: MARGIN + HEADER_H, width: A4.width - 2 * MARGIN, height: A4.height - 2 * MARGIN - HEADER_H - FOOTER_H } as const;
/**
 * The smallest scale a page is drawn at: names are 13 px in a box, so at least 9.4 px (7 pt) on paper.
 * A page that would need less is split instead.
 */
export const MIN_SCALE = 0.72;
/** A page filled less than this (of its height or width) takes part of the next unit rather than end. */
const HALF = 0.5;

const BOX_WIDTH = 200;
const PAD = 8;
const NAME = { size: 13, line: 16, bold: true };
const SMALL = { size: 10.5, line: 13, bold: false };
const LABEL = { size: 10, line: 12, bold: false };
const LABEL_WIDTH = 150;
const FONT = "Arial, Helvetica, sans-serif";

// Text measurement -------------------------------------------------------------------------------

/**
 * Width of a character as a fraction of the font size, rounded up from Arial Bold's metrics (the
 * widest face used), so a measured line is never narrower than the drawn one: names are wrapped,
 * never cut, and a conservative measure means a wrapped line always fits its box.
 */
function charEm(c: string): number {
  if (c === " ") return 0.3;
  if ("iljI.,:;'!|".includes(c)) return 0.3;
  if ("ftr()-[]/".includes(c)) return 0.4;
  if (c === "W" || c === "M" || c === "m" || c === "w" || c === "—" || c === "@") return 0.95;
  if (/[A-Z]/.test(c)) return 0.82;
  if (/[a-z]/.test(c)) return 0.62;
  if (/[0-9]/.test(c)) return 0.58;
  if (c === "&") return 0.75;
  return 0.8;
}

/**
 * The width of a line of text at a font size, measured conservatively: 5% over Arial Bold's widths
 * for bold text, and regular text at 0.92 of that (Arial Regular is narrower than its bold, never wider).
 */
export function textWidth(text: string, size: number, bold = true): number {
  let em = 0;
  for (const c of text) em += charEm(c);
  return em * size * 1.05 * (bold ? 1 : 0.92);
}

/**
 * Wraps text onto lines no wider than `max`: at spaces where it can, and a word longer than a line
 * is broken between characters rather than cut. Every character of the text is kept.
 */
export function wrapText(text: string, max: number, size: number, bold = true): string[] {
  const words = text.trim().split(/\s+/).filter(Boolean);
  if (!words.length) return [""];
  const lines: string[] = [];
  let line = "";
  const push = (w: string) => {
    // A word wider than a whole line goes on in pieces.
    let rest = w;
    while (textWidth(rest, size, bold) > max) {
      let n = 1;
      while (n < rest.length && textWidth(rest.slice(0, n + 1), size, bold) <= max) n++;
      lines.push(rest.slice(0, n));
      rest = rest.slice(n);
    }
    return rest;
  };
  for (const w of words) {
    const candidate = line ? `${line} ${w}` : w;
    if (textWidth(candidate, size, bold) <= max) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    line = push(w);
  }
  if (line) lines.push(line);
  return lines;
}

// The page model ----------------------------------------------------------------------------------

export interface ChartLine {
  text: string;
  size: number;
  bold: boolean;
  muted: boolean;
}

export interface ChartBox {
  id: string;
  kind: Unit["kind"];
  x: number;
  y: number;
  width: number;
  height: number;
  lines: ChartLine[];
  /** Drawn on an earlier page too (a division or line whose units run on). */
  continued: boolean;
  /** A corporate service shown on this page only because it supports a unit here. */
  supporting: boolean;
}

export interface ChartEdge {
  id: string;
  kind: "tree" | "support";
  sourceId: string;
  targetId: string;
  /** Orthogonal route from the source box's border to the target's, as ELK drew it. */
  points: { x: number; y: number }[];
  label: { x: number; y: number; width: number; height: number; lines: string[] } | null;
}

export interface ChartPage {
  title: string;
  /** The chart's own size before scaling, and the scale it is drawn at to fit the page. */
  width: number;
  height: number;
  scale: number;
  boxes: ChartBox[];
  edges: ChartEdge[];
}

/** What every page's footer says besides its number. */
export interface ChartFooter {
  trustName: string;
  /** "Version 3, approved by the Board on 25 March 2026" or "Draft — not approved". */
  version: string;
  /** The date printed, e.g. "2 December 2026". */
  printed: string;
}

/** "Version 3, approved by the Board on 25 March 2026"; "Draft — not approved" for the draft. */
export function chartVersionText(version: { number: string; approval: { kind: string; date: string } | null } | null): string {
  if (!version) return "Draft — not approved";
  if (!version.approval) return `Version ${version.number}, not yet approved`;
  const by = version.approval.kind === "chair_action" ? "the Chair's action" : "the Board";
  return `Version ${version.number}, approved by ${by} on ${formatDate(version.approval.date)}`;
}

// Layout -----------------------------------------------------------------------------------------

let elk: Promise<ElkApi> | undefined;
// ELK is large: loaded on first use, in the browser and in Node alike.
const loadElk = () => (elk ??= import("elkjs/lib/elk.bundled.js").then((m) => new m.default()));

function boxLines(u: Unit, opts: { continued: boolean; supporting: boolean }): ChartLine[] {
  const inner = BOX_WIDTH - 2 * PAD;
  const lines: ChartLine[] = wrapText(u.name, inner, NAME.size).map((text) => ({ text, size: NAME.size, bold: true, muted: false }));
  const kind = `${UNIT_KIND_LABELS[u.kind]}${u.code ? ` · ${u.code}` : ""}${opts.continued ? " (continued)" : ""}${opts.supporting ? " (supports units here)" : ""}`;
  for (const text of wrapText(kind, inner, SMALL.size, false)) lines.push({ text, size: SMALL.size, bold: false, muted: true });
  if (!opts.supporting) {
    for (const l of u.leaders) {
      if (!l.name.trim()) continue;
      for (const text of wrapText(`${l.role}: ${l.name}`, inner, SMALL.size, false)) lines.push({ text, size: SMALL.size, bold: false, muted: false });
    }
  }
  return lines;
}

const lineHeight = (l: ChartLine) => (l.size === NAME.size ? NAME.line : SMALL.line);
const boxHeight = (lines: ChartLine[]) => 2 * PAD + 3 + lines.reduce((h, l) => h + lineHeight(l), 0);

interface Placed {
  id: string;
  continued: boolean;
  supporting: boolean;
}

/** Lays out one page's units with ELK; tree edges and support links are routed orthogonally. */
async function layoutPage(structure: Structure, placed: Placed[], direction: "RIGHT" | "DOWN", title: string): Promise<ChartPage> {
  const byId = new Map(structure.units.map((u) => [u.id, u]));
  const on = new Set(placed.map((p) => p.id));
  const info = new Map<string, { lines: ChartLine[]; p: Placed }>();
  const children: ElkNode[] = placed.map((p) => {
    const lines = boxLines(byId.get(p.id)!, p);
    info.set(p.id, { lines, p });
    return { id: p.id, width: BOX_WIDTH, height: boxHeight(lines) };
  });
  const edges: (ElkExtendedEdge & { kind: "tree" | "support"; text: string[] })[] = [];
  for (const p of placed) {
    const u = byId.get(p.id)!;
    if (!p.supporting && u.parentId && u.parentId !== u.id && on.has(u.parentId)) edges.push({ id: `t-${u.id}`, sources: [u.parentId], targets: [u.id], kind: "tree", text: [] });
  }
  for (const l of structure.links) {
    if (!on.has(l.fromId) || !on.has(l.toId) || l.fromId === l.toId) continue;
    const text = l.description.trim() ? wrapText(l.description.trim(), LABEL_WIDTH, LABEL.size, false) : [];
    edges.push({
      id: `s-${l.id}`,
      sources: [l.fromId],
      targets: [l.toId],
      kind: "support",
      text,
      // ELK places only labels that carry their text.
      labels: text.length ? [{ id: `sl-${l.id}`, text: text.join(" "), width: Math.max(...text.map((t) => textWidth(t, LABEL.size, false))) + 6, height: text.length * LABEL.line + 4 }] : [],
    });
  }
  const graph: ElkNode = {
    id: "page",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": direction,
      "elk.edgeRouting": "ORTHOGONAL",
      "elk.spacing.nodeNode": "14",
      "elk.layered.spacing.nodeNodeBetweenLayers": "40",
      "elk.spacing.edgeNode": "10",
      "elk.spacing.edgeEdge": "6",
      "elk.layered.spacing.edgeNodeBetweenLayers": "10",
      "elk.spacing.edgeLabel": "2",
      "elk.edgeLabels.placement": "CENTER",
      // Units keep their order among siblings (the outline's order), as the reader expects.
      "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES",
      "elk.layered.crossingMinimization.forceNodeModelOrder": "true",
      "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
      "elk.separateConnectedComponents": "false",
      // A parent's lines to its units share one trunk, as on a paper chart.
      "elk.layered.mergeEdges": "true",
      "elk.padding": "[top=2,left=2,bottom=2,right=2]",
    },
    children,
    edges: edges.map(({ kind: _k, text: _t, ...e }) => e),
  };
  const out = await (await loadElk()).layout(graph);
  const width = out.width ?? 0;
  const height = out.height ?? 0;
  const boxes: ChartBox[] = (out.children ?? []).map((c) => {
    const { lines, p } = info.get(c.id)!;
    return { id: c.id, kind: byId.get(c.id)!.kind, x: c.x ?? 0, y: c.y ?? 0, width: c.width ?? BOX_WIDTH, height: c.height ?? 0, lines, continued: p.continued, supporting: p.supporting };
  });
  const kinds = new Map(edges.map((e) => [e.id, e]));
  const drawn: ChartEdge[] = (out.edges ?? []).map((e) => {
    const src = kinds.get(e.id)!;
    const s = e.sections?.[0];
    const points = s ? [s.startPoint, ...(s.bendPoints ?? []), s.endPoint].map((p) => ({ x: p.x, y: p.y })) : [];
    const l = e.labels?.[0];
    return {
      id: e.id,
      kind: src.kind,
      sourceId: src.sources[0]!,
      targetId: src.targets[0]!,
      points,
      label: l && src.text.length ? { x: l.x ?? 0, y: l.y ?? 0, width: l.width ?? 0, height: l.height ?? 0, lines: src.text } : null,
    };
  });
  const scale = Math.min(1, CHART_AREA.width / Math.max(width, 1), CHART_AREA.height / Math.max(height, 1));
  return { title, width, height, scale, boxes, edges: drawn };
}

/** How much of the chart area a laid-out page fills, 0–1 (the larger of its height and width). */
export function pageFill(p: Pick<ChartPage, "width" | "height" | "scale">): number {
  return Math.max((p.width * p.scale) / CHART_AREA.width, (p.height * p.scale) / CHART_AREA.height);
}

/** A run of units drawn on a detail page: a unit and everything below it, under its context. */
interface Item {
  rootId: string;
  /** The units above it (nearest last) shown for context, down from a top-level unit. */
  context: string[];
}

/**
 * The whole chart as A4 landscape pages. Units whose parent is missing (a draft with a problem to
 * resolve) are drawn as top-level units, so nothing is left out.
 */
export async function layoutChart(structure: Structure): Promise<ChartPage[]> {
  const { byId, children } = indexStructure(structure.units);
  const kids = (id: string) => (children.get(id) ?? []).filter((c) => c.id !== id);
  const roots = children.get(null) ?? [];
  const board = roots.find((u) => u.kind === "board");
  // The top level: the board's own units (divisions, corporate services), then any without a parent.
  const top = [...(board ? kids(board.id) : []), ...roots.filter((u) => u !== board)];
  /** Units a detail page has drawn already. */
  const drawnBefore = new Set<string>();
  const pages: ChartPage[] = [];

  // The overview: the board and the top level, in whichever direction fits the page larger.
  const overview: Placed[] = [...(board ? [board] : []), ...top].map((u) => ({ id: u.id, continued: false, supporting: false }));
  if (overview.length) {
    // Support links are drawn on the detail pages, beside the units they support.
    const bare = { ...structure, links: [] };
    const [right, down] = await Promise.all([layoutPage(bare, overview, "RIGHT", "Overview"), layoutPage(bare, overview, "DOWN", "Overview")]);
    pages.push(down.scale >= right.scale ? down : right);
  }

  const queue: Item[] = top.flatMap((t) => kids(t.id).map((k) => ({ rootId: k.id, context: [t.id] })));
  const subtree = (id: string, out: string[] = [], seen = new Set<string>()): string[] => {
    if (seen.has(id)) return out;
    seen.add(id);
    out.push(id);
    for (const k of kids(id)) subtree(k.id, out, seen);
    return out;
  };
  const supportsOf = (ids: Set<string>) => structure.links.filter((l) => ids.has(l.toId) && !ids.has(l.fromId) && byId.has(l.fromId)).map((l) => l.fromId);

  const compose = async (items: Item[]): Promise<{ page: ChartPage; placed: Placed[] }> => {
    const ids: string[] = [];
    const seen = new Set<string>();
    const add = (id: string) => {
      if (seen.has(id)) return;
      seen.add(id);
      ids.push(id);
    };
    for (const it of items) {
      for (const c of it.context) add(c);
      for (const id of subtree(it.rootId)) add(id);
    }
    const placed: Placed[] = ids.map((id) => ({ id, continued: drawnBefore.has(id), supporting: false }));
    for (const s of new Set(supportsOf(seen))) placed.push({ id: s, continued: false, supporting: true });
    // The overview's boxes are not "continued": only a unit a previous detail page drew is.
    const heads = [...new Set(items.map((it) => it.context[0]!))].map((id) => byId.get(id)!.name + (drawnBefore.has(id) ? " (continued)" : ""));
    return { page: await layoutPage(structure, placed, "RIGHT", heads.join(" · ")), placed };
  };

  let current: Item[] = [];
  let laid: { page: ChartPage; placed: Placed[] } | null = null;
  const close = () => {
    if (!laid) return;
    pages.push(laid.page);
    for (const p of laid.placed) if (!p.supporting) drawnBefore.add(p.id);
    current = [];
    laid = null;
  };
  // Bounded: each pass places an item or splits one into its (fewer-unit) children.
  for (let guard = 0; queue.length && guard < 20 * structure.units.length + 100; guard++) {
    const item = queue.shift()!;
    const trial = await compose([...current, item]);
    if (trial.page.scale >= MIN_SCALE) {
      current = [...current, item];
      laid = trial;
      continue;
    }
    const below = kids(item.rootId);
    // Too big to join this page: split it when the page is still mostly empty (or it is alone and
    // too big for any page); otherwise this page is full enough and the item starts the next.
    if (below.length && (!laid || pageFill(laid.page) < HALF)) {
      queue.unshift(...below.map((k) => ({ rootId: k.id, context: [...item.context, item.rootId] })));
      continue;
    }
    if (!laid) {
      // A single unit too large for a page at the smallest scale (a very long name): drawn smaller.
      laid = trial;
      current = [item];
      close();
      continue;
    }
    close();
    queue.unshift(item);
  }
  close();
  return pages;
}

// Drawing ----------------------------------------------------------------------------------------

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const n = (v: number) => (Math.round(v * 100) / 100).toString();

const FILL: Record<Unit["kind"], string> = {
  board: "#005eb8",
  division: "#e8edee",
  service_line: "#ffffff",
  sub_service_line: "#ffffff",
  pod: "#ffffff",
  corporate: "#f0e6ec",
};

function drawBox(b: ChartBox): string {
  const dark = b.kind === "board";
  const stroke = b.supporting ? "#7c2855" : dark ? "#003087" : "#768692";
  const dash = b.supporting || b.continued ? ` stroke-dasharray="5 3"` : "";
  let y = b.y + PAD + 1;
  const text = b.lines
    .map((l) => {
      y += lineHeight(l);
      const fill = dark ? "#ffffff" : l.muted ? "#4c6272" : "#212b32";
      return `<text x="${n(b.x + PAD)}" y="${n(y - 4)}" font-size="${l.size}"${l.bold ? ` font-weight="700"` : ""} fill="${fill}">${esc(l.text)}</text>`;
    })
    .join("");
  return `<g data-unit="${esc(b.id)}"><rect x="${n(b.x)}" y="${n(b.y)}" width="${n(b.width)}" height="${n(b.height)}" rx="4" fill="${FILL[b.kind]}" stroke="${stroke}" stroke-width="1.2"${dash}/>${text}</g>`;
}

function drawEdge(e: ChartEdge): string {
  if (e.points.length < 2) return "";
  const d = e.points.map((p, i) => `${i ? "L" : "M"}${n(p.x)} ${n(p.y)}`).join(" ");
  const line =
    e.kind === "tree"
      ? `<path d="${d}" fill="none" stroke="#768692" stroke-width="1.4"/>`
      : `<path d="${d}" fill="none" stroke="#7c2855" stroke-width="1.4" stroke-dasharray="6 4" marker-end="url(#chart-arrow)"/>`;
  const label = e.label
    ? `<rect x="${n(e.label.x)}" y="${n(e.label.y)}" width="${n(e.label.width)}" height="${n(e.label.height)}" fill="#ffffff" fill-opacity="0.92"/>` +
      e.label.lines.map((t, i) => `<text x="${n(e.label!.x + 3)}" y="${n(e.label!.y + 2 + (i + 1) * LABEL.line - 3)}" font-size="${LABEL.size}" fill="#7c2855">${esc(t)}</text>`).join("")
    : "";
  return line + label;
}

/** One page as the inner SVG content (0,0 to A4), with its header and footer. */
function pageContent(page: ChartPage, index: number, count: number, footer: ChartFooter): string {
  const w = page.width * page.scale;
  // Centred across the page, from the top: a page's blank space gathers at the bottom, as on paper.
  const ox = CHART_AREA.x + (CHART_AREA.width - w) / 2;
  const oy = CHART_AREA.y;
  const fy = A4.height - MARGIN;
  const heading = `${footer.trustName}: organisation chart`;
  // The page number and date on the right; the trust and version on the left, on two lines if long.
  const right = `Printed ${footer.printed} · Page ${index + 1} of ${count}`;
  const room = A4.width - 2 * MARGIN - textWidth(right, 10, false) - 24;
  const footerLeft = wrapText(`${footer.trustName} · ${footer.version}`, room, 10, false);
  return [
    `<rect width="${A4.width}" height="${A4.height}" fill="#ffffff"/>`,
    `<text x="${MARGIN}" y="${MARGIN + 16}" font-size="18" font-weight="700" fill="#212b32">${esc(heading)}</text>`,
    `<text x="${MARGIN}" y="${MARGIN + 36}" font-size="13" fill="#4c6272">${esc(page.title)}</text>`,
    `<g transform="translate(${n(ox)} ${n(oy)}) scale(${n(page.scale)})">`,
    ...page.edges.map(drawEdge),
    ...page.boxes.map(drawBox),
    `</g>`,
    `<line x1="${MARGIN}" y1="${fy - 24}" x2="${A4.width - MARGIN}" y2="${fy - 24}" stroke="#aeb7bd" stroke-width="0.8"/>`,
    ...footerLeft.map((t, i) => `<text x="${MARGIN}" y="${fy - (footerLeft.length - 1 - i) * 12}" font-size="10" fill="#212b32">${esc(t)}</text>`),
    `<text x="${A4.width - MARGIN}" y="${fy}" font-size="10" fill="#212b32" text-anchor="end">${esc(right)}</text>`,
  ].join("");
}

const DEFS = `<defs><marker id="chart-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" fill="#7c2855"/></marker></defs>`;

/** One page as a standalone A4 landscape SVG (for the printable chart, one page per sheet). */
export function chartPageSvg(page: ChartPage, index: number, count: number, footer: ChartFooter): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="297mm" height="210mm" viewBox="0 0 ${A4.width} ${A4.height}" font-family="${FONT}" role="img" aria-label="${esc(`Organisation chart, page ${index + 1} of ${count}: ${page.title}`)}">${DEFS}${pageContent(page, index, count, footer)}</svg>`;
}

/** Gap between pages in the one-file SVG, so they read as sheets. */
export const PAGE_GAP = 24;

/**
 * Every page in one SVG file, stacked top to bottom, each an A4 landscape sheet (297 × 210 mm at
 * the file's natural size): one file to send or insert, and each sheet prints on its own.
 */
export function chartSvg(pages: ChartPage[], footer: ChartFooter): string {
  const height = pages.length * A4.height + Math.max(0, pages.length - 1) * PAGE_GAP;
  const sheets = pages.map((p, i) => `<svg x="0" y="${i * (A4.height + PAGE_GAP)}" width="${A4.width}" height="${A4.height}" viewBox="0 0 ${A4.width} ${A4.height}">${pageContent(p, i, pages.length, footer)}</svg>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="${A4.width}" height="${height}" viewBox="0 0 ${A4.width} ${height}" font-family="${FONT}"><title>${esc(`${footer.trustName}: organisation chart, ${footer.version}`)}</title>${DEFS}<rect width="${A4.width}" height="${height}" fill="#d8dde0"/>${sheets.join("")}</svg>`;
}

/** Whether an axis-aligned segment passes through the inside of a rectangle (touching its edge is not). */
export function segmentCrossesBox(a: { x: number; y: number }, b: { x: number; y: number }, r: { x: number; y: number; width: number; height: number }, inset = 0.5): boolean {
  const x0 = r.x + inset;
  const x1 = r.x + r.width - inset;
  const y0 = r.y + inset;
  const y1 = r.y + r.height - inset;
  const minX = Math.min(a.x, b.x);
  const maxX = Math.max(a.x, b.x);
  const minY = Math.min(a.y, b.y);
  const maxY = Math.max(a.y, b.y);
  return maxX > x0 && minX < x1 && maxY > y0 && minY < y1;
}
