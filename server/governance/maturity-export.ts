/**
 * PDF (pdfkit) and XLSX (exceljs) exports of an SLM maturity self-assessment's results, from the
 * same formatted report as the Board pack section (shared/maturity/report.ts).
 */
import ExcelJS from "exceljs";
import PDFDocument from "pdfkit";
import { COLOURS, FONTS, drawTable, paragraph } from "./board-pack-layout";
import type { MaturityReport } from "../../shared/maturity/report";

/** Draws the report's tables into an open PDF document (also used by the Board pack section). */
export function drawMaturityReport(doc: PDFKit.PDFDocument, r: MaturityReport, newPage: () => void, opts: { full: boolean }): void {
  const para = (t: string, o: Parameters<typeof paragraph>[3] = {}) => paragraph(doc, t, newPage, o);
  const sub = (t: string) => para(t, { font: FONTS.bold, size: 12, color: COLOURS.darkBlue, gap: 4 });
  para(r.status, { color: COLOURS.secondary });
  para(r.scaleNote, { size: 9, color: COLOURS.secondary });
  if (r.caution) para(r.caution, { font: FONTS.italic });
  sub("Profile by part");
  drawTable(doc, {
    columns: [
      { header: "Part", weight: 3 },
      { header: "Agreed", weight: 1 },
      { header: "Lowest", weight: 0.8 },
      { header: "Highest", weight: 0.8 },
      { header: "Mean", weight: 0.8 },
      ...(r.earlierLabel ? [{ header: `Mean ${r.earlierLabel}`, weight: 1.1 }, { header: "Change", weight: 1 }] : []),
    ],
    rows: r.parts.map((p) => ({ cells: [{ text: p.part, bold: true }, p.agreed, p.lowest, p.highest, p.mean, ...(r.earlierLabel ? [p.earlier, p.change] : [])] })),
    caption: "Profile by part",
    newPage,
  });
  doc.y += 8;
  if (r.overall) para(r.overall);
  sub("Furthest from level 4: the next level is the improvement target");
  if (r.gaps.length === 0) para("No agreed section is below level 4.");
  else
    drawTable(doc, {
      columns: [
        { header: "Section", weight: 2.4 },
        { header: "Agreed", weight: 0.7 },
        { header: "Next level", weight: 5 },
      ],
      rows: r.gaps.map((g) => ({ cells: [{ text: g.section, bold: true }, g.agreed, g.target] })),
      caption: "Furthest from level 4",
      newPage,
    });
  doc.y += 8;
  if (r.flags.length) {
    sub("Levels above the evidence in Devolve's records (advisory)");
    for (const f of r.flags) para(`- ${f}`, { size: 9 });
  }
  if (!opts.full) return;
  sub("Every section");
  drawTable(doc, {
    columns: [
      { header: "Section", weight: 2.2 },
      { header: "Agreed", weight: 0.7 },
      ...(r.earlierLabel ? [{ header: r.earlierLabel, weight: 0.8 }] : []),
      { header: "Target", weight: 1.1 },
      { header: "Rationale", weight: 3.2 },
      { header: "Evidence and actions", weight: 3 },
    ],
    rows: r.sections.map((s) => ({ cells: [{ text: s.section, bold: true }, s.agreed, ...(r.earlierLabel ? [s.earlier] : []), s.target, s.rationale || "-", [s.evidence, s.actions].filter(Boolean).join(" | Actions: ") || "-"] })),
    caption: "Every section",
    newPage,
  });
}

/** The results as a PDF. */
export async function maturityPdf(r: MaturityReport, preparedAt: Date): Promise<Buffer> {
  const doc = new PDFDocument({ size: "A4", layout: "landscape", margins: { top: 50, bottom: 50, left: 40, right: 40 }, info: { Title: r.title, Author: "Devolve", CreationDate: preparedAt, ModDate: preparedAt }, bufferPages: true });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  const newPage = () => doc.addPage({ size: "A4", layout: "landscape", margins: { top: 50, bottom: 50, left: 40, right: 40 } });
  paragraph(doc, r.title, newPage, { font: FONTS.bold, size: 18, color: COLOURS.nhsBlue, gap: 8 });
  drawMaturityReport(doc, r, newPage, { full: true });
  doc.end();
  return done;
}

/** The results as a workbook: profile, gaps, sections and each assessor's scores on their own sheets. */
export async function maturityXlsx(r: MaturityReport): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "Devolve";
  const sheet = (name: string, headers: string[], rows: (string | number | null)[][]) => {
    const s = wb.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1 }] });
    s.addRow(headers);
    s.getRow(1).font = { bold: true };
    for (const row of rows) s.addRow(row);
    headers.forEach((h, i) => {
      let w = h.length;
      for (const row of rows) w = Math.max(w, String(row[i] ?? "").length);
      s.getColumn(i + 1).width = Math.min(80, Math.max(8, w + 2));
    });
  };
  // Numbers stay numbers so a trust can chart them; "-" (none) becomes an empty cell.
  const n = (v: string) => (v === "-" ? null : Number.isFinite(Number(v)) ? Number(v) : v);
  sheet("Profile", ["Part", "Sections agreed", "Lowest", "Highest", "Mean", ...(r.earlierLabel ? [`Mean ${r.earlierLabel}`, "Change"] : [])], r.parts.map((p) => [p.part, p.agreed, n(p.lowest), n(p.highest), n(p.mean), ...(r.earlierLabel ? [n(p.earlier), p.change] : [])]));
  sheet("Furthest from level 4", ["Section", "Agreed", "Next level (improvement target)"], r.gaps.map((g) => [g.section, n(g.agreed), g.target]));
  sheet("Sections", ["Section", "Agreed", ...(r.earlierLabel ? [r.earlierLabel] : []), "Target", "Rationale", "Evidence", "Actions"], r.sections.map((s) => [s.section, n(s.agreed), ...(r.earlierLabel ? [n(s.earlier)] : []), s.target, s.rationale, s.evidence, s.actions]));
  sheet("Assessors' scores", ["Section", "Assessor", "Level", "Rationale"], r.scores.map((s) => [s.section, s.assessor, n(s.level), s.rationale]));
  sheet("About", ["Item", "Value"], [["Title", r.title], ["Status", r.status], ["Scale", r.scaleNote], ["Overall", r.overall ?? ""], ...r.flags.map((f) => ["Above the evidence", f]), ...(r.caution ? [["Caution", r.caution]] : [])]);
  const out = await wb.xlsx.writeBuffer();
  return Buffer.from(out as unknown as ArrayBuffer);
}
