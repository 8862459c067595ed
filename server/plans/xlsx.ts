import ExcelJS from "exceljs";
import { BUDGET_CATEGORY_LABELS, QIA_LABELS, type Plan } from "../../shared/collab/plan-doc";
import { formatFinancialYear } from "../../shared/format/dates";
import type { DivisionRollup, TrustRollup } from "../../shared/plans/rollup";

const MONTHS = ["Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar"];
const GBP = '"£"#,##0;-"£"#,##0';

export interface ExportLine {
  code: string;
  name: string;
  division: string;
  status: string;
  plan: Plan;
}

/**
 * The plans of a year and their roll-ups as a workbook: the roll-up to the pound, monthly
 * contribution, then every line's targets, budget and schemes as rows. Money cells are numbers in
 * whole pounds with a £ format, so finance teams can add them up again.
 */
export async function plansWorkbook(year: number, lines: readonly ExportLine[], rollup: { divisions: readonly DivisionRollup[]; trust: TrustRollup } | null): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "Devolve";
  const sheet = (name: string, headers: string[], moneyCols: number[]) => {
    const ws = wb.addWorksheet(name);
    ws.addRow(headers).font = { bold: true };
    ws.views = [{ state: "frozen", ySplit: 1 }];
    for (const c of moneyCols) ws.getColumn(c).numFmt = GBP;
    ws.columns.forEach((col) => (col.width = 16));
    return ws;
  };
  if (rollup) {
    const ws = sheet(`Roll-up ${formatFinancialYear(year).replace("/", "-")}`, ["Division", "Service line", "Contribution", "Control total", "Gap"], [3, 4, 5]);
    for (const d of rollup.divisions) {
      for (const l of d.lines) ws.addRow([d.name, l.name, l.contribution, l.controlTotal, null]);
      ws.addRow([d.name, "Divisional reserve", d.reserve, null, null]);
      ws.addRow([d.name, "Division total", d.total, d.controlTotal, d.gap]).font = { bold: true };
    }
    ws.addRow(["Corporate services", "", rollup.trust.corporate, null, null]);
    ws.addRow(["Trust", "", rollup.trust.total, rollup.trust.trustPlan, rollup.trust.gap]).font = { bold: true };
    const m = sheet("Monthly contribution", ["Division", "Service line", ...MONTHS, "Year"], Array.from({ length: 13 }, (_, i) => i + 3));
    for (const d of rollup.divisions) {
      for (const l of d.lines) m.addRow([d.name, l.name, ...l.monthly, l.monthly.reduce((s, v) => s + v, 0)]);
      m.addRow([d.name, "Division, with reserve", ...d.monthly, d.total]).font = { bold: true };
    }
    m.addRow(["Trust", "", ...rollup.trust.monthly, rollup.trust.total]).font = { bold: true };
  }
  const t = sheet("Targets", ["Line", "Domain", "Code", "Measure", "Unit", "Direction", "Baseline", "Top-down", "Bottom-up", "Agreed", "Status", "Rationale", ...MONTHS.map((x) => `Trajectory ${x}`)], []);
  const b = sheet("Budget", ["Line", "Category", "Commissioner, staff group or item", "WTE", "Year", ...MONTHS], [5, ...MONTHS.map((_, i) => i + 6)]);
  const c = sheet("Cost improvement", ["Line", "Scheme", "Full-year effect", "In-year effect", "Recurrent", "Quality impact assessment", "RAG", ...MONTHS], [3, 4, ...MONTHS.map((_, i) => i + 8)]);
  const w = sheet("Workforce", ["Line", "Staff group", "Establishment WTE", "In post WTE", "Vacancies WTE", "Agency cap", "Sickness %", "Turnover %", "Training %"], [6]);
  const a = sheet("Action plan", ["Line", "Action", "Evidence", "What it shows", "Owner", "Due", "Success measure", "Status"], []);
  const s = sheet("Plan status", ["Division", "Line", "Status"], []);
  for (const l of lines) {
    s.addRow([l.division, l.name, l.status]);
    for (const x of l.plan.targets) {
      const traj = x.numerators && x.denominators ? x.numerators.map((n, i) => (x.denominators![i] ? Math.round((n / x.denominators![i]!) * 1000) / 10 : null)) : (x.trajectory ?? []);
      t.addRow([l.name, x.domain, x.code, x.measure, x.unit, x.direction, x.baseline, x.topDown, x.bottomUp, x.agreed, x.status, x.rationale, ...traj]);
    }
    for (const x of l.plan.budget) b.addRow([l.name, BUDGET_CATEGORY_LABELS[x.category], x.label, x.wte, x.annual, ...x.months]);
    for (const x of l.plan.cip) c.addRow([l.name, x.name, x.fullYear, x.inYear, x.recurrent ? "Yes" : "No", QIA_LABELS[x.qia], x.rag, ...x.months]);
    for (const x of l.plan.workforce) w.addRow([l.name, x.staffGroup, x.establishment, x.inPost, Math.round((x.establishment - x.inPost) * 100) / 100, x.agencyCap, x.sicknessPct, x.turnoverPct, x.trainingPct]);
    for (const x of l.plan.actions) a.addRow([l.name, x.action, x.evidence, x.evidenceNote, x.owner, x.due, x.measure, x.status]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
