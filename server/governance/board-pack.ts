/**
 * The Board pack for a proposed version of a document: an NHS Board paper as a PDF, with the cover
 * sheet, the redline from the previous version, which service lines gain or lose which powers,
 * exceptions, the full scheme and service-line limits, the structure chart and version control.
 *
 * Plain data in (the caller reads it from the database and formats money), bytes out. Built with
 * PDFKit and its built-in Helvetica, so the text is real, extractable text and nothing is
 * downloaded. Every page carries the running header and "Page n of N"; papers for the private part
 * of a meeting are marked "Private and confidential". The same input gives the same bytes: the
 * document's dates come from preparedAt, never the clock.
 */
import type { MaturityReport } from "../../shared/maturity/report";
import { drawMaturityReport } from "./maturity-export";
import { drawIncentives, type IncentivesPackSection } from "./pack-incentives";
import PDFDocument from "pdfkit";
import { formatDate } from "../../shared/format";
import type { Change, CoverPaper } from "../../shared/governance/types";
import { drawStructureChart, structureOutline } from "./board-pack-chart";
import {
  COLOURS,
  FONTS,
  type Doc,
  type TableRow,
  contentWidth,
  drawTable,
  ensureRoom,
  measure,
  paragraph,
  pdfText,
  textBox,
} from "./board-pack-layout";

export interface BoardPackInput {
  trustName: string;
  /** "Scheme of delegation" or "Service-line structure". */
  docLabel: string;
  version: {
    number: string;
    title: string;
    owner: string;
    narrative: string;
    sha256: string;
    prevSha256: string | null;
    proposedEffectiveFrom: string;
    reviewBy: string;
  };
  cover: CoverPaper;
  /** The Board meeting the paper goes to. */
  meeting?: { title: string; date: string; part: "public" | "private" } | null;
  /** The redline: from the previous version to this one. */
  changes: Change[];
  previousNumber: string | null;
  /** Which lines gain or lose which powers on the effective date. */
  autonomyImpact: { line: string; division: string | null; level: number; gains: string[]; loses: string[] }[];
  exceptions: { decision: string; level: string; limit: string; reason: string }[];
  /**
   * Null for a structure version. Cells are formatted text, one per level column; notes are the
   * conditions, VAT basis, joint holders, performance-independent flags.
   */
  schemeByArea: { area: string; levels: string[]; rows: { decision: string; cells: string[]; notes: string[] }[] }[] | null;
  /** Service-line limits by earned autonomy level 1-4 (level 1 = most autonomy). */
  serviceLineLimits: { area: string; rows: { decision: string; byLevel: [string, string, string, string] }[] }[] | null;
  /** The structure in force (or proposed), for the chart. */
  structure: { units: { id: string; parentId: string | null; name: string; kind: string; leaders: string[] }[] };
  versionControl: {
    number: string;
    status: string;
    owner: string;
    recommendedAt: string | null;
    approvedAt: string | null;
    effectiveFrom: string | null;
    reviewBy: string | null;
    summary: string;
  }[];
  /**
   * The integrated performance report's summary for the trust (issue 14: "a section of the Board
   * pack"): the variation × assurance counts and the concerns, as formatted text. Null or absent: the
   * section says there are no indicators.
   */
  performance?: {
    asAt: string | null;
    total: number;
    grid: { variation: string; counts: string[] }[];
    assuranceHeaders: string[];
    concerns: { line: string; indicator: string; latest: string; target: string; variation: string; assurance: string }[];
  } | null;
  /** The trust's latest approved SLM maturity self-assessment (issue 15); null or absent: none approved yet. */
  maturity?: MaturityReport | null;
  /** This year's incentive ledger to date, reserves and consequences (issue 13); null or absent: no framework approved. */
  incentives?: IncentivesPackSection | null;
  /**
   * The annual plans of the round in progress (issue 12: "a plans section in the Board pack"): each
   * division's lines and reserve against its control total, the trust against its plan, to the pound,
   * and each line's stage, as formatted text. Null or absent: the section says no round is open.
   */
  plans?: {
    year: string;
    divisions: { name: string; total: string; controlTotal: string; gap: string }[];
    trust: { total: string; plan: string; gap: string };
    lines: { division: string; line: string; status: string; late: boolean }[];
  } | null;
  preparedBy: string;
  /** ISO date (or date-time). */
  preparedAt: string;
}

export interface BoardPackProgress {
  step: string;
  /** Steps finished before this one. */
  done: number;
  total: number;
}

export interface BoardPack {
  pdf: Buffer;
  pages: number;
}

/** The sections, in order; each starts on a new page. */
export const BOARD_PACK_SECTIONS = [
  "Cover paper",
  "Summary of changes",
  "Autonomy impact",
  "Exceptions",
  "Scheme of delegation",
  "Structure chart",
  "Integrated performance summary",
  "Version control",
  "SLM maturity self-assessment",
  "Service-line plans",
  "Incentives and consequences",
] as const;

/** The last progress step, after the sections: page numbers, headers and the file itself. */
export const BOARD_PACK_FINISH_STEP = "Page numbers and finishing";

type Layout = "portrait" | "landscape";

const MARGINS: Record<Layout, { top: number; bottom: number; left: number; right: number }> = {
  portrait: { top: 60, bottom: 56, left: 50, right: 50 },
  landscape: { top: 56, bottom: 50, left: 40, right: 40 },
};

/** A date the UK way ("1 April 2026"); text that is not an ISO date is shown as it is. */
export function ukDate(value: string | null | undefined, empty = "Not yet"): string {
  if (value == null || value.trim() === "") return empty;
  try {
    return formatDate(value.trim());
  } catch {
    return value;
  }
}

function creationDate(preparedAt: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(preparedAt.trim());
  if (m) {
    const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0)));
    if (!Number.isNaN(d.getTime())) return d;
  }
  const d = new Date(preparedAt);
  return Number.isNaN(d.getTime()) ? new Date(0) : d;
}

/** Groups of change kinds, in the order the redline shows them. */
const CHANGE_GROUPS: { label: string; kinds: Change["kind"][] }[] = [
  { label: "Structure: units", kinds: ["unit_added", "unit_removed", "unit_moved", "unit_renamed", "unit_changed"] },
  { label: "Structure: leaders", kinds: ["leaders_changed"] },
  { label: "Structure: corporate support links", kinds: ["link_added", "link_removed"] },
  { label: "Levels of delegation", kinds: ["level_added", "level_removed", "level_renamed"] },
  { label: "Decisions", kinds: ["decision_added", "decision_removed", "decision_changed"] },
  { label: "Decision rights and limits", kinds: ["right_changed"] },
  { label: "Earned autonomy rules", kinds: ["rule_changed"] },
];

function beforeText(c: Change): string {
  if (c.before != null && c.before !== "") return c.before;
  return c.kind.endsWith("_added") ? "(not in the previous version)" : "";
}
function afterText(c: Change): string {
  if (c.after != null && c.after !== "") return c.after;
  return c.kind.endsWith("_removed") ? "(removed)" : "";
}

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Builds the Board pack PDF, reporting progress at the start of each section and of the finish. */
export async function buildBoardPack(input: BoardPackInput, onProgress?: (p: BoardPackProgress) => void): Promise<BoardPack> {
  const when = creationDate(input.preparedAt);
  const title = `${input.docLabel} v${input.version.number}: Board paper`;
  const doc: Doc = new PDFDocument({
    size: "A4",
    margins: MARGINS.portrait,
    autoFirstPage: false,
    bufferPages: true,
    compress: true,
    lang: "en-GB",
    displayTitle: true,
    info: {
      Title: title,
      Author: input.preparedBy,
      Subject: `${input.trustName}: ${input.version.title}`,
      Creator: "Devolve",
      Producer: "Devolve (PDFKit)",
      CreationDate: when,
      ModDate: when,
    },
  });
  const chunks: Buffer[] = [];
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  const total = BOARD_PACK_SECTIONS.length + 1;
  const report = (step: string, done: number) => onProgress?.({ step, done, total });

  // Which section each page belongs to (pages are added by us and by PDFKit's own text flow).
  const pageSection: number[] = [];
  const sectionStart: number[] = [];
  let section = 0;
  let layout: Layout = "portrait";
  doc.on("pageAdded", () => pageSection.push(section));
  const addPage = (l: Layout = layout) => {
    layout = l;
    doc.addPage({ size: "A4", layout: l, margins: MARGINS[l] });
  };
  const newPage = () => addPage();

  const startSection = (index: number, l: Layout) => {
    section = index;
    addPage(l);
    sectionStart[index] = doc.bufferedPageRange().count - 1;
    const heading = `${index + 1}. ${BOARD_PACK_SECTIONS[index]}`;
    doc.outline.addItem(heading);
    const h = textBox(doc, heading, doc.page.margins.left, doc.page.margins.top, contentWidth(doc), { font: FONTS.bold, size: 16, color: COLOURS.nhsBlue });
    doc.y = doc.page.margins.top + h + 10;
  };
  const subheading = (text: string) => {
    const t = pdfText(text);
    const h = measure(doc, t, FONTS.bold, 12, contentWidth(doc));
    ensureRoom(doc, h + 60, newPage);
    textBox(doc, t, doc.page.margins.left, doc.y, contentWidth(doc), { font: FONTS.bold, size: 12, color: COLOURS.darkBlue });
    doc.y += h + 6;
  };
  const para = (text: string, opts: Parameters<typeof paragraph>[3] = {}) => paragraph(doc, text, newPage, opts);

  const v = input.version;
  const meeting = input.meeting ?? null;
  const isPrivate = meeting?.part === "private";

  // 1. Cover paper ------------------------------------------------------------------------------
  report(BOARD_PACK_SECTIONS[0], 0);
  startSection(0, "portrait");
  const contentsAt: { page: number; y: number; index: number }[] = [];
  {
    const left = doc.page.margins.left;
    const w = contentWidth(doc);
    const kicker = meeting ? `${meeting.title}: ${ukDate(meeting.date)}` : "Board of Directors";
    doc.y += textBox(doc, kicker, left, doc.y, w, { font: FONTS.bold, size: 10, color: COLOURS.secondary }) + 4;
    doc.y += textBox(doc, `${input.docLabel}: version ${v.number}`, left, doc.y, w, { font: FONTS.bold, size: 20, color: COLOURS.text }) + 4;
    if (v.title.trim()) doc.y += textBox(doc, v.title, left, doc.y, w, { font: FONTS.regular, size: 13, color: COLOURS.text }) + 12;
    else doc.y += 8;

    const rows: [string, string][] = [
      ["Trust", input.trustName],
      ["Meeting", meeting ? meeting.title : "To be confirmed"],
      ["Date of meeting", meeting ? ukDate(meeting.date) : "To be confirmed"],
      ["Part of meeting", meeting ? (meeting.part === "private" ? "Private (Part 2): private and confidential" : "Public (Part 1)") : "To be confirmed"],
      ["Report title", `${input.docLabel}, version ${v.number}${v.title.trim() ? `: ${v.title}` : ""}`],
      ["Purpose", input.cover.purpose || "For approval"],
      ["Executive sponsor", input.cover.sponsor],
      ["Author", input.cover.author],
      ["Document owner", v.owner],
      ["Previous consideration", input.cover.previousConsideration || "None"],
      ["Previous version", input.previousNumber ? `Version ${input.previousNumber}` : "None: this is the first version"],
      ["Proposed to take effect", ukDate(v.proposedEffectiveFrom)],
      ["Review by", ukDate(v.reviewBy)],
    ];
    drawTable(doc, {
      columns: [{ header: "", weight: 1.3 }, { header: "", weight: 3.7 }],
      rows: rows.map(([k, val]) => ({ cells: [{ text: k, bold: true }, val] })),
      header: false,
      fontSize: 9.5,
      newPage,
    });

    subheading("Recommendation");
    const ask =
      `The Board is asked to approve the ${input.docLabel.toLowerCase()}, version ${v.number}` +
      `${v.title.trim() ? ` (${v.title})` : ""}, to take effect from ${ukDate(v.proposedEffectiveFrom)} ` +
      `and to be reviewed by ${ukDate(v.reviewBy)}.`;
    para(ask, { font: FONTS.bold });
    if (input.cover.recommendation.trim()) para(input.cover.recommendation);

    // Contents: the page numbers are written once every page exists.
    subheading("Contents");
    for (let i = 1; i < BOARD_PACK_SECTIONS.length; i++) {
      ensureRoom(doc, 14, newPage);
      const label = `${i + 1}. ${BOARD_PACK_SECTIONS[i]}`;
      textBox(doc, label, left + 10, doc.y, w - 90, { size: 10 });
      contentsAt.push({ page: doc.bufferedPageRange().count - 1, y: doc.y, index: i });
      doc.y += 14;
    }
    doc.y += 8;

    subheading("Summary of this version");
    const narrative = v.narrative.trim() || "No narrative was given with this version.";
    for (const p of narrative.split(/\n\s*\n/)) para(p.trim());
  }
  await yieldToLoop();

  // 2. Summary of changes (redline) -------------------------------------------------------------
  report(BOARD_PACK_SECTIONS[1], 1);
  startSection(1, "portrait");
  {
    const from = input.previousNumber ? `version ${input.previousNumber}` : null;
    if (!from) {
      para(`This is the first version of the ${input.docLabel.toLowerCase()}; there is no previous version to compare it with.`);
    }
    if (input.changes.length === 0) {
      para(from ? `No changes from ${from} to version ${v.number}.` : "No changes.", { font: FONTS.bold });
    } else {
      para(
        `${input.changes.length} change${input.changes.length === 1 ? "" : "s"}${from ? ` from ${from}` : ""} to version ${v.number}. ` +
          "In the Before column, the previous version's text is struck through; the After column, in bold, is this version's.",
      );
      const rows: TableRow[] = [];
      const known = new Set<Change["kind"]>(CHANGE_GROUPS.flatMap((g) => g.kinds));
      const groups = [...CHANGE_GROUPS, { label: "Other changes", kinds: [] as Change["kind"][] }];
      for (const g of groups) {
        const inGroup = input.changes.filter((c) => (g.kinds.length ? g.kinds.includes(c.kind) : !known.has(c.kind)));
        if (inGroup.length === 0) continue;
        rows.push({ group: `${g.label} (${inGroup.length})` });
        for (const c of inGroup) {
          rows.push({
            cells: [c.text, { text: beforeText(c), strike: c.before != null && c.before !== "", color: COLOURS.red }, { text: afterText(c), bold: true, color: COLOURS.green }],
          });
        }
      }
      drawTable(doc, {
        columns: [
          { header: "Change", weight: 3 },
          { header: "Before (struck through)", weight: 2 },
          { header: "After", weight: 2 },
        ],
        rows,
        caption: "Summary of changes",
        newPage,
      });
    }
  }
  await yieldToLoop();

  // 3. Autonomy impact --------------------------------------------------------------------------
  report(BOARD_PACK_SECTIONS[2], 2);
  startSection(2, "portrait");
  {
    para(
      `Which service lines gain or lose which powers when this version takes effect on ${ukDate(v.proposedEffectiveFrom)}, ` +
        "at the earned autonomy level each holds (level 1 is the most autonomy, level 4 the least).",
    );
    const rows = input.autonomyImpact.filter((r) => r.gains.length || r.loses.length);
    if (rows.length === 0) {
      para("No service line gains or loses any power.", { font: FONTS.bold });
    } else {
      const list = (xs: string[]) => (xs.length ? xs.map((x) => `\u2022 ${x}`).join("\n") : "None");
      drawTable(doc, {
        columns: [
          { header: "Service line", weight: 2 },
          { header: "Division", weight: 1.7 },
          { header: "Level", weight: 0.7 },
          { header: "Gains", weight: 3 },
          { header: "Loses", weight: 3 },
        ],
        rows: rows.map((r) => ({
          cells: [{ text: r.line, bold: true }, r.division ?? "None", String(r.level), { text: list(r.gains), color: COLOURS.green }, { text: list(r.loses), color: COLOURS.red }],
        })),
        caption: "Autonomy impact",
        newPage,
      });
    }
    const unchanged = input.autonomyImpact.length - rows.length;
    if (unchanged > 0 && rows.length > 0) para(`${unchanged} other service line${unchanged === 1 ? " neither gains nor loses" : "s neither gain nor lose"} any power.`);
  }
  await yieldToLoop();

  // 4. Exceptions -------------------------------------------------------------------------------
  report(BOARD_PACK_SECTIONS[3], 3);
  startSection(3, "portrait");
  {
    if (input.exceptions.length === 0) {
      para("There are no exceptions: no level's limit is above the limit of the level above it.", { font: FONTS.bold });
    } else {
      para(
        `${input.exceptions.length} limit${input.exceptions.length === 1 ? " is" : "s are"} set above the limit of the level above, ` +
          "each by exception with the reason below. The Board's approval of this version approves these exceptions.",
      );
      drawTable(doc, {
        columns: [
          { header: "Decision", weight: 2.4 },
          { header: "Level", weight: 1.6 },
          { header: "Limit", weight: 1.2 },
          { header: "Reason", weight: 4 },
        ],
        rows: input.exceptions.map((e) => ({ cells: [{ text: e.decision, bold: true }, e.level, e.limit, e.reason] })),
        caption: "Exceptions",
        newPage,
      });
    }
  }
  await yieldToLoop();

  // 5. The scheme by area and the service-line limits -------------------------------------------
  report(BOARD_PACK_SECTIONS[4], 4);
  startSection(4, "landscape");
  {
    const scheme = input.schemeByArea;
    const limits = input.serviceLineLimits;
    if (!scheme && !limits) {
      para(`This paper concerns the ${input.docLabel.toLowerCase()}; the scheme of delegation is not part of it.`);
    }
    if (scheme) {
      para("The full scheme as proposed, area by area: who may decide what, up to which limit, at each level of delegation.");
      scheme.forEach((area, i) => {
        if (i > 0) doc.y += 6;
        subheading(`5.${i + 1} ${area.area}`);
        if (area.rows.length === 0) {
          para("No decisions in this area.");
          return;
        }
        drawTable(doc, {
          columns: [{ header: "Decision", weight: 2.3 }, ...area.levels.map((l) => ({ header: l, weight: 1 })), { header: "Notes", weight: 2 }],
          rows: area.rows.map((r) => ({
            cells: [{ text: r.decision, bold: true }, ...area.levels.map((_, k) => r.cells[k] ?? ""), r.notes.filter((n) => n.trim()).join("\n")],
          })),
          caption: area.area,
          fontSize: 8,
          newPage,
        });
      });
    }
    if (limits) {
      if (scheme) addPage("landscape");
      const n = scheme ? scheme.length + 1 : 1;
      subheading(`5.${n} Service-line limits by earned autonomy level`);
      para("The limits a service line holds at each earned autonomy level. Level 1 is the most autonomy and level 4 the least.");
      const rows: TableRow[] = [];
      for (const area of limits) {
        if (area.rows.length === 0) continue;
        rows.push({ group: area.area });
        for (const r of area.rows) rows.push({ cells: [{ text: r.decision, bold: true }, ...r.byLevel] });
      }
      if (rows.length === 0) para("No decisions have service-line limits.");
      else
        drawTable(doc, {
          columns: [
            { header: "Decision", weight: 3 },
            { header: "Level 1 (most autonomy)", weight: 1.2 },
            { header: "Level 2", weight: 1.2 },
            { header: "Level 3", weight: 1.2 },
            { header: "Level 4 (least autonomy)", weight: 1.2 },
          ],
          rows,
          caption: "Service-line limits by earned autonomy level",
          fontSize: 8,
          newPage,
        });
    }
  }
  await yieldToLoop();

  // 6. Structure chart and its text equivalent ----------------------------------------------------
  report(BOARD_PACK_SECTIONS[5], 5);
  startSection(5, "landscape");
  {
    const units = input.structure.units;
    if (units.length === 0) {
      para("No structure is recorded.");
    } else {
      drawStructureChart(doc, units, { trustName: input.trustName, newPage });
      addPage("portrait");
      subheading("Text equivalent of the structure chart");
      para("The same structure as an indented outline: each unit with its kind and its leaders.", { color: COLOURS.secondary });
      for (const line of structureOutline(units)) {
        para(`${line.depth === 0 ? "" : "\u2022 "}${line.text}`, {
          indent: Math.min(line.depth, 8) * 16,
          font: line.depth <= 1 ? FONTS.bold : FONTS.regular,
          size: 9.5,
          gap: 2,
        });
      }
    }
  }
  await yieldToLoop();

  // 7. Integrated performance summary ------------------------------------------------------------
  report(BOARD_PACK_SECTIONS[6], 6);
  startSection(6, "landscape");
  {
    const perf = input.performance;
    if (!perf || perf.total === 0) {
      para("No indicators with monthly figures are recorded.");
    } else {
      para(
        `The Making Data Count summary of ${perf.total} indicator${perf.total === 1 ? "" : "s"} across the service lines${perf.asAt ? `, with figures up to ${perf.asAt}` : ""}: ` +
          "how each varies (special cause concern or improvement, or common cause) and whether it can be relied on to meet its target.",
      );
      drawTable(doc, {
        columns: [{ header: "Variation", weight: 2.4 }, ...perf.assuranceHeaders.map((h) => ({ header: h, weight: 1.3 }))],
        rows: perf.grid.map((g) => ({ cells: [{ text: g.variation, bold: true }, ...g.counts] })),
        caption: "Variation and assurance",
        newPage,
      });
      if (perf.concerns.length) {
        subheading(`Special cause concerns and consistent failures (${perf.concerns.length})`);
        drawTable(doc, {
          columns: [
            { header: "Service line", weight: 1.8 },
            { header: "Indicator", weight: 2.6 },
            { header: "Latest", weight: 1.3 },
            { header: "Target", weight: 1.1 },
            { header: "Variation", weight: 2 },
            { header: "Assurance", weight: 1.6 },
          ],
          rows: perf.concerns.map((c) => ({ cells: [{ text: c.line, bold: true }, c.indicator, c.latest, c.target, { text: c.variation, color: COLOURS.red }, c.assurance] })),
          caption: "Concerns",
          newPage,
        });
      }
    }
  }
  await yieldToLoop();

  // 8. Version control ----------------------------------------------------------------------------
  report(BOARD_PACK_SECTIONS[7], 7);
  startSection(7, "landscape");
  {
    if (input.versionControl.length === 0) para("No versions are recorded.");
    else
      drawTable(doc, {
        columns: [
          { header: "Version", weight: 0.8 },
          { header: "Status", weight: 1.5 },
          { header: "Owner", weight: 1.6 },
          { header: "Recommended", weight: 1.3 },
          { header: "Approved", weight: 1.3 },
          { header: "Effective from", weight: 1.3 },
          { header: "Review by", weight: 1.3 },
          { header: "Summary", weight: 4 },
        ],
        rows: input.versionControl.map((r) => ({
          cells: [
            { text: r.number, bold: r.number === v.number },
            r.status,
            r.owner,
            ukDate(r.recommendedAt),
            ukDate(r.approvedAt),
            ukDate(r.effectiveFrom),
            ukDate(r.reviewBy, "None"),
            r.summary,
          ],
        })),
        caption: "Version control",
        newPage,
      });
    subheading("Integrity");
    para(
      "Each version is frozen when it is proposed and identified by the SHA-256 hash of its content; " +
        "each records its predecessor's hash, so the versions form a chain that shows any later alteration.",
    );
    const left = doc.page.margins.left;
    const w = contentWidth(doc);
    const hashLine = (label: string, hash: string | null) => {
      ensureRoom(doc, 34, newPage);
      doc.y += textBox(doc, label, left, doc.y, w, { font: FONTS.bold, size: 9.5 }) + 2;
      doc.y += textBox(doc, hash ?? "None: this is the first version", left + 10, doc.y, w - 10, { font: hash ? FONTS.mono : FONTS.italic, size: 9.5 }) + 8;
    };
    hashLine(`SHA-256 of this version (version ${v.number})`, v.sha256);
    hashLine(`SHA-256 of the previous version${input.previousNumber ? ` (version ${input.previousNumber})` : ""}`, v.prevSha256);
    doc.y += 6;
    para(`Prepared by ${input.preparedBy} on ${ukDate(input.preparedAt)}.`, { color: COLOURS.secondary });
  }
  await yieldToLoop();

  // SLM maturity self-assessment (issue 15) -------------------------------------------------------
  {
    const index = BOARD_PACK_SECTIONS.indexOf("SLM maturity self-assessment");
    report(BOARD_PACK_SECTIONS[index], index);
    startSection(index, "landscape");
    if (input.maturity) drawMaturityReport(doc, input.maturity, newPage, { full: false });
    else para("The trust has not approved an SLM maturity self-assessment yet.");
  }
  await yieldToLoop();

  // Service-line plans (issue 12) -----------------------------------------------------------------
  {
    const index = BOARD_PACK_SECTIONS.indexOf("Service-line plans");
    report(BOARD_PACK_SECTIONS[index], index);
    startSection(index, "landscape");
    const plans = input.plans;
    if (!plans) para("No planning round is open.");
    else {
      para(`The ${plans.year} plans: each division's service lines and reserve against its control total, and the trust against its plan, to the pound. Trust: ${plans.trust.total} against a plan of ${plans.trust.plan} (${plans.trust.gap}).`);
      drawTable(doc, {
        columns: [
          { header: "Division", weight: 2 },
          { header: "Lines and reserve", weight: 1.4 },
          { header: "Control total", weight: 1.4 },
          { header: "Gap", weight: 2.2 },
        ],
        rows: plans.divisions.map((d) => ({ cells: [{ text: d.name, bold: true }, d.total, d.controlTotal, d.gap] })),
        caption: "Roll-up by division",
        newPage,
      });
      subheading("Where each plan stands");
      drawTable(doc, {
        columns: [
          { header: "Division", weight: 1.6 },
          { header: "Service line", weight: 2.2 },
          { header: "Stage", weight: 2 },
        ],
        rows: plans.lines.map((l) => ({ cells: [l.division, { text: l.line, bold: true }, l.late ? { text: `${l.status} (late)`, color: COLOURS.red } : l.status] })),
        caption: "Plans",
        newPage,
      });
    }
  }
  await yieldToLoop();

  // Incentives and consequences (issue 13) ----------------------------------------------------------
  {
    const index = BOARD_PACK_SECTIONS.indexOf("Incentives and consequences");
    report(BOARD_PACK_SECTIONS[index], index);
    startSection(index, "landscape");
    drawIncentives(doc, input.incentives, { para, subheading, newPage });
  }
  await yieldToLoop();

  // Headers, footers, page numbers and the contents' page numbers ----------------------------------
  report(BOARD_PACK_FINISH_STEP, BOARD_PACK_SECTIONS.length);
  const range = doc.bufferedPageRange();
  const pages = range.count;
  const running = `${input.trustName} \u2014 ${input.docLabel} v${v.number} \u2014 Board paper`;
  for (let i = 0; i < pages; i++) {
    doc.switchToPage(range.start + i);
    const { left, right } = doc.page.margins;
    const w = doc.page.width - left - right;
    const headY = 24;
    if (isPrivate) {
      const mark = "Private and confidential";
      doc.font(FONTS.bold).fontSize(8);
      const markW = Math.min(w / 3, doc.widthOfString(mark) + 2);
      textBox(doc, running, left, headY, w - markW - 10, { size: 8, color: COLOURS.secondary, height: 10 });
      textBox(doc, mark, left + w - markW, headY, markW, { font: FONTS.bold, size: 8, color: COLOURS.red, align: "right", height: 10 });
    } else {
      textBox(doc, running, left, headY, w, { size: 8, color: COLOURS.secondary, height: 10 });
    }
    doc.save().lineWidth(0.5).strokeColor(COLOURS.nhsBlue).moveTo(left, headY + 13).lineTo(left + w, headY + 13).stroke().restore();

    const footY = doc.page.height - 34;
    doc.save().lineWidth(0.5).strokeColor(COLOURS.border).moveTo(left, footY - 5).lineTo(left + w, footY - 5).stroke().restore();
    const third = w / 3;
    const sectionName = `${(pageSection[i] ?? 0) + 1}. ${BOARD_PACK_SECTIONS[pageSection[i] ?? 0]}`;
    textBox(doc, isPrivate ? "Private and confidential" : `Prepared ${ukDate(input.preparedAt)}`, left, footY, third, {
      size: 8,
      color: isPrivate ? COLOURS.red : COLOURS.secondary,
      font: isPrivate ? FONTS.bold : FONTS.regular,
      height: 10,
    });
    textBox(doc, `Page ${i + 1} of ${pages}`, left + third, footY, third, { size: 8, align: "center", height: 10 });
    textBox(doc, sectionName, left + 2 * third, footY, third, { size: 8, color: COLOURS.secondary, align: "right", height: 10 });
  }
  for (const c of contentsAt) {
    doc.switchToPage(range.start + c.page);
    const { left, right } = doc.page.margins;
    const w = doc.page.width - left - right;
    textBox(doc, `page ${(sectionStart[c.index] ?? 0) + 1}`, left + w - 80, c.y, 80, { size: 10, align: "right", height: 13 });
  }
  // Leave the document on its last page, so nothing later lands on the cover.
  doc.switchToPage(range.start + pages - 1);
  doc.end();
  const pdf = await finished;
  report("Done", total);
  return { pdf, pages };
}
