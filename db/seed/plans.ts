/**
 * The demo's annual plans (issue 12): the planning round for next year in progress with every line
 * at a realistic stage, Cardiology's plan complete, one division (Surgery) whose lines do not yet
 * add up to its control total, and this year's plans live and phased by month (not flat), with the
 * history of steps that made them live. Dated relative to the seed day: the round is for the
 * financial year after the seed day's, and its steps are recorded in the days before the seed day
 * (the issue's dates are for a seed made on 1 December 2026).
 */
import * as Y from "yjs";
import type { Db } from "../client";
import { collabStore } from "../../server/collab/persistence";
import { sha256Hex } from "../../server/audit/chain";
import { appendPlanEvent, saveDivisionGuidance, saveMilestones, saveRound } from "../../server/repositories/plans";
import { addRow, addTarget, planNotes, readPlan, setGuidance, setStage, type PlanTarget, type RowPatch } from "../../shared/collab/plan-doc";
import { docName } from "../../shared/collab/registry";
import { addDays, financialYearMonths, formatDate, formatFinancialYear, lastWeekdayOf } from "../../shared/format/dates";
import { demoMonthlyPlan, demoTarget } from "../../shared/autonomy/demo";
import { budgetTotals, phase } from "../../shared/plans/budget";
import { defaultMilestones, stageOnTimetable } from "../../shared/plans/round";
import { planState, type PlanEventKind, type PlanStatus, type Signatory } from "../../shared/plans/workflow";
import { DEMO_UNITS } from "./demo-structure";

const SEED = { id: null, name: "Devolve demo set-up" };
/** Working days by month, April to March (bank holidays in April, May, August, December). */
const WORKING_DAYS = [19, 20, 22, 23, 20, 22, 23, 20, 19, 22, 20, 22];
/** Emergency demand: heavier in winter. */
const WINTER = [10, 10, 9, 9, 9, 10, 10, 11, 12, 12, 11, 10];

interface LineSpec {
  code: string;
  /** Annual income, whole pounds. */
  income: number;
  /** Fractions of income spent on pay and non-pay. */
  pay: number;
  nonPay: number;
  emergency?: boolean;
  /** Control total relative to the planned contribution (negative: the plan misses it). */
  controlOffset?: number;
  /** Stage of next year's plan on the seed day. */
  stage: "drafting" | "submitted" | "reconciling" | "agreed";
}

// Income scales from DOMAIN-REFERENCE.md's ~£650m acute trust; lines' direct costs ~75–80% of income.
const LINES: LineSpec[] = [
  { code: "CARD", income: 38_000_000, pay: 0, nonPay: 0, stage: "agreed" },
  { code: "RESP", income: 21_400_000, pay: 0.55, nonPay: 0.19, emergency: true, stage: "reconciling" },
  { code: "GAST", income: 18_200_000, pay: 0.5, nonPay: 0.24, stage: "submitted" },
  { code: "DIAB", income: 9_100_000, pay: 0.56, nonPay: 0.18, stage: "drafting" },
  { code: "UEC", income: 46_500_000, pay: 0.66, nonPay: 0.12, emergency: true, stage: "submitted" },
  { code: "GSUR", income: 32_300_000, pay: 0.48, nonPay: 0.26, controlOffset: -150_000, stage: "reconciling" },
  { code: "ORTH", income: 41_700_000, pay: 0.45, nonPay: 0.3, controlOffset: -262_350, stage: "submitted" },
  { code: "UROL", income: 15_200_000, pay: 0.47, nonPay: 0.27, stage: "drafting" },
  { code: "ENT", income: 9_600_000, pay: 0.49, nonPay: 0.24, stage: "submitted" },
  { code: "CRIT", income: 24_800_000, pay: 0.62, nonPay: 0.17, emergency: true, stage: "submitted" },
  { code: "OBST", income: 29_400_000, pay: 0.6, nonPay: 0.14, stage: "reconciling" },
  { code: "GYNAE", income: 12_300_000, pay: 0.5, nonPay: 0.23, stage: "submitted" },
  { code: "PAED", income: 17_600_000, pay: 0.58, nonPay: 0.16, emergency: true, stage: "submitted" },
  { code: "NEON", income: 14_200_000, pay: 0.63, nonPay: 0.15, stage: "drafting" },
  { code: "THEA", income: 36_900_000, pay: 0.58, nonPay: 0.22, stage: "submitted" },
  { code: "IMAG", income: 22_100_000, pay: 0.46, nonPay: 0.28, stage: "submitted" },
  { code: "PATH", income: 19_400_000, pay: 0.42, nonPay: 0.36, stage: "submitted" },
];

const round1000 = (n: number) => Math.round(n / 1000) * 1000;
const unitOf = (code: string) => DEMO_UNITS.find((u) => u.code === code)!;
const leader = (code: string, role: string) => unitOf(code).leaders.find((l) => l.role.toLowerCase().includes(role))?.name ?? role;

function must<T>(r: { ok: true } & T | { ok: false; error: string }, what: string): T {
  if (!r.ok) throw new Error(`Demo plan ${what}: ${r.error}`);
  return r;
}

function row<S extends Parameters<typeof addRow>[1]>(doc: Y.Doc, section: S, input: RowPatch<S>) {
  must(addRow(doc, section, input), section);
}

/** A percentage target planned as monthly numerators and denominators, rising from `from` to `to` %. */
function ratioMonths(denominator: number, from: number, to: number) {
  const denominators = phase(denominator * 12, WORKING_DAYS);
  const numerators = denominators.map((d, i) => Math.round((d * (from + ((to - from) * i) / 11)) / 100));
  return { numerators, denominators };
}

/** Cardiology's complete plan for the round's year. */
function cardiology(doc: Y.Doc, year: number) {
  planNotes(doc).insert(0, "Cardiology will be the region's heart attack centre: primary PCI around the clock, same-day emergency cardiology to keep patients out of beds, and outpatient follow-up moved to patient-initiated pathways so that new patients are seen within 18 weeks.");
  const aim = must(addRow(doc, "objectives", { title: "Be the regional heart attack centre by 2030, with 24/7 primary PCI", trustObjective: "Outstanding care, every time", horizon: "long" }), "objective").id;
  row(doc, "objectives", { title: "Open a same-day emergency cardiology clinic by October", trustObjective: "Outstanding care, every time", horizon: "short", aimId: aim });
  row(doc, "objectives", { title: "Recruit two interventional consultants to staff a third on-call rota", trustObjective: "A great place to work", horizon: "short", aimId: aim });
  const aim2 = must(addRow(doc, "objectives", { title: "Everyone referred seen and treated within 18 weeks by 2029", trustObjective: "Timely access", horizon: "long" }), "objective").id;
  row(doc, "objectives", { title: "Move 25% of follow-ups to patient-initiated follow-up", trustObjective: "Timely access", horizon: "short", aimId: aim2 });

  const I = (label: string, annual: number) => row(doc, "budget", { category: "income", label, annual, months: phase(annual, WORKING_DAYS) });
  const P = (label: string, annual: number, wte: number) => row(doc, "budget", { category: "pay", label, annual, wte, months: phase(annual) });
  const N = (label: string, annual: number) => row(doc, "budget", { category: "nonpay", label, annual, months: phase(annual, WORKING_DAYS) });
  I("Riverside Integrated Care Board", 27_400_000);
  I("NHS England specialised commissioning", 9_100_000);
  I("Other NHS bodies and private patients", 1_500_000);
  P("Medical staff", 7_350_000, 42);
  P("Nursing and midwifery", 6_900_000, 118.5);
  P("Cardiac physiologists and allied health", 1_850_000, 31);
  P("Administrative and clerical", 820_000, 24);
  N("Drugs", 2_300_000);
  N("Devices and consumables (catheter laboratory)", 5_600_000);
  N("Other non-pay", 1_180_000);
  row(doc, "budget", { category: "recharge", label: "Theatres, imaging, pathology and overheads", annual: 7_450_000, months: phase(7_450_000) });
  // Contribution £12,000,000 against a control total of £11,850,000.
  setGuidance(doc, { controlTotal: 11_850_000, cipPercent: 4 });

  const S = (name: string, fullYear: number, inYear: number, rag: "red" | "amber" | "green", qia: "approved" | "in_progress", recurrent = true, startMonth = 0) => {
    const months = Array.from({ length: 12 }, () => 0);
    const spread = phase(inYear, Array.from({ length: 12 }, (_, i) => (i >= startMonth ? 1 : 0)));
    spread.forEach((v, i) => (months[i] = v));
    row(doc, "cip", { name, fullYear, inYear, recurrent, rag, qia, months });
  };
  S("Catheter laboratory consumables: regional procurement", 320_000, 320_000, "green", "approved");
  S("Agency nursing replaced by e-rostered bank", 340_000, 280_000, "amber", "approved", true, 2);
  S("Patient-initiated follow-up in outpatients", 240_000, 180_000, "amber", "in_progress", true, 3);
  S("Same-day discharge after elective PCI", 190_000, 140_000, "amber", "in_progress", true, 3);
  // Required: 4% of £26,000,000 = £1,040,000; schemes £920,000 in year: a gap of £120,000. The
  // target stays escalated with the executive's decision recorded (an agreed value and its
  // rationale), which is what lets the plan be agreed (issue 12's demo: "escalated and agreed with
  // amber schemes"; shared/plans/workflow.ts agreementBlockers).

  const T = (t: Partial<PlanTarget> & Pick<PlanTarget, "domain" | "measure">) => must(addTarget(doc, t), "target");
  const rtt = ratioMonths(4_200, 60, 67);
  T({ domain: "operational", code: "RTT18", measure: "Patients waiting under 18 weeks", unit: "%", direction: "higher", baseline: 58.4, topDown: 65, bottomUp: 62, agreed: 63.5, status: "agreed", rationale: "Reconciled at confirm and challenge: 62% proposed on current capacity; 63.5% agreed with two extra Saturday catheter lists a month from July.", ...rtt });
  T({ domain: "operational", code: "DM01", measure: "Echocardiograms within 6 weeks", unit: "%", direction: "higher", baseline: 88, topDown: 95, bottomUp: 95, agreed: 95, status: "agreed", rationale: "", trajectory: [90, 91, 92, 93, 94, 95, 95, 95, 95, 95, 95, 95] });
  T({ domain: "quality", code: "PPCI", measure: "Heart attack patients given primary PCI within 120 minutes", unit: "%", direction: "higher", baseline: 83, topDown: 90, bottomUp: 88, agreed: 88, status: "agreed", rationale: "Agreed at 88% while the third on-call rota is recruited.", trajectory: Array.from({ length: 12 }, (_, i) => 84 + Math.round((i * 4) / 11)) });
  T({ domain: "quality", code: "FFT", measure: "Friends and Family Test: good or very good", unit: "%", direction: "higher", baseline: 94, topDown: 95, bottomUp: 95, agreed: 95, status: "agreed", rationale: "" });
  T({ domain: "financial", code: "CONTRIB", measure: "Contribution", unit: "£", direction: "higher", baseline: 11_420_000, topDown: 11_850_000, bottomUp: 12_000_000, agreed: 12_000_000, status: "agreed", rationale: "" });
  T({ domain: "financial", code: "CIP", measure: "Cost-improvement programme (in year)", unit: "£", direction: "higher", baseline: null, topDown: 1_040_000, bottomUp: 920_000, agreed: 920_000, status: "escalated", rationale: "Executive's decision at confirm and challenge on the £120,000 gap to the top-down 4% (£1,040,000): agreed at £920,000 with three amber schemes; the gap is held in Medicine's reserve and reviewed at the quarter 1 refresh." });
  T({ domain: "workforce", code: "VAC", measure: "Vacancy rate", unit: "%", direction: "lower", baseline: 9.1, topDown: 6, bottomUp: 7, agreed: 7, status: "agreed", rationale: "Agreed at 7% given the national shortage of cardiac physiologists." });
  T({ domain: "workforce", code: "SICK", measure: "Sickness absence", unit: "%", direction: "lower", baseline: 4.6, topDown: 4.2, bottomUp: 4.2, agreed: 4.2, status: "agreed", rationale: "" });

  const A = (pod: RowPatch<"activity">["pod"], n: number) => row(doc, "activity", { pod, months: phase(n, pod === "non_elective" ? WINTER : WORKING_DAYS) });
  A("elective", 1_450);
  A("day_case", 3_900);
  A("non_elective", 5_200);
  A("outpatient_first", 14_800);
  A("outpatient_follow_up", 29_500);
  A("procedures", 6_100);

  row(doc, "workforce", { staffGroup: "Medical staff", establishment: 42, inPost: 38, agencyCap: 260_000, sicknessPct: 1.8, turnoverPct: 7, trainingPct: 90 });
  row(doc, "workforce", { staffGroup: "Nursing and midwifery", establishment: 118.5, inPost: 107.2, agencyCap: 310_000, sicknessPct: 5.2, turnoverPct: 11, trainingPct: 92 });
  row(doc, "workforce", { staffGroup: "Cardiac physiologists and allied health", establishment: 31, inPost: 27, agencyCap: 120_000, sicknessPct: 3.9, turnoverPct: 9, trainingPct: 90 });
  row(doc, "workforce", { staffGroup: "Administrative and clerical", establishment: 24, inPost: 23, agencyCap: 0, sicknessPct: 4.4, turnoverPct: 12, trainingPct: 95 });

  row(doc, "capital", { item: "Replacement imaging system for catheter laboratory 2", amount: 1_250_000, priority: "essential", justification: "The system is past its supported life; two unplanned outages last year cancelled 46 procedures." });
  row(doc, "capital", { item: "Two echocardiography machines", amount: 180_000, priority: "desirable", justification: "Needed to hold 95% of echocardiograms within 6 weeks." });
  row(doc, "risks", { description: "Interventional consultant vacancies leave the on-call rota at one in two", likelihood: 4, impact: 4, mitigation: "Two posts out to advert; locum cover agreed with the division", owner: "Dr Aisha Rahman" });
  row(doc, "risks", { description: "Catheter laboratory downtime before the imaging system is replaced", likelihood: 3, impact: 4, mitigation: "Maintenance contract extended; mutual aid with the neighbouring trust", owner: "Gareth Lloyd" });
  row(doc, "risks", { description: "Amber cost-improvement schemes slip", likelihood: 3, impact: 3, mitigation: "Monthly scheme reviews with the finance business partner", owner: "Nadia Kowalski" });
  row(doc, "developments", { title: "Same-day emergency cardiology clinic", description: "Consultant-led clinic five days a week to assess chest pain without admission.", investment: 420_000, income: 610_000, decisionId: "business-case" });
  row(doc, "developments", { title: "Catheter laboratory imaging replacement", description: "See the capital bid.", investment: 1_250_000, income: 0, decisionId: "capital-own" });
  row(doc, "actions", { action: "Move stable follow-ups to patient-initiated follow-up", evidence: "benchmark", evidenceNote: "Model Health System: follow-up ratio 2.3 against a peer median of 1.8", owner: "Gareth Lloyd", due: `${year}-09-30`, measure: "Follow-up ratio 1.9 by March", status: "not_started" });
  row(doc, "actions", { action: "Regional procurement of catheter laboratory consumables", evidence: "financial", evidenceNote: "Service-line report: consumables cost per procedure 14% above the regional average", owner: "Nadia Kowalski", due: `${year}-06-30`, measure: "£320,000 saved in year", status: "on_track" });
  row(doc, "actions", { action: "Extra Saturday catheter lists to clear the longest waits", evidence: "dashboard", evidenceNote: "Performance dashboard: 18-week performance below 60% for six months", owner: "Dr Aisha Rahman", due: `${year}-07-31`, measure: "63.5% within 18 weeks by March", status: "not_started" });
  row(doc, "actions", { action: "Discharge lounge for same-day PCI patients", evidence: "patient_experience", evidenceNote: "Complaints about waiting for transport after day-case procedures", owner: "Sister Joanne Price", due: `${year}-10-31`, measure: "Friends and Family Test 95% or better", status: "not_started" });
}

/** A generated plan for the other lines: budget by category phased by month, a few targets and schemes. */
function generic(doc: Y.Doc, spec: LineSpec, year: number, opts: { controlTotal: boolean; agreedTargets: boolean }, contributionMonths?: number[]) {
  const income = spec.income;
  const pay = round1000(income * spec.pay);
  const nonPay = round1000(income * spec.nonPay);
  const profile = spec.emergency ? WINTER : WORKING_DAYS;
  row(doc, "budget", { category: "income", label: "Riverside Integrated Care Board", annual: round1000(income * 0.82), months: phase(round1000(income * 0.82), profile) });
  row(doc, "budget", { category: "income", label: "NHS England and other commissioners", annual: income - round1000(income * 0.82), months: phase(income - round1000(income * 0.82), profile) });
  row(doc, "budget", { category: "pay", label: "Medical staff", annual: round1000(pay * 0.4), wte: Math.round((pay * 0.4) / 160_000), months: phase(round1000(pay * 0.4)) });
  row(doc, "budget", { category: "pay", label: "Nursing and other clinical staff", annual: pay - round1000(pay * 0.4), wte: Math.round((pay * 0.6) / 52_000), months: phase(pay - round1000(pay * 0.4)) });
  if (contributionMonths) {
    // A live plan phased to the month: non-pay is what income less pay leaves after the planned
    // contribution, month by month, so the plan's phasing is the one performance is judged on.
    const plan = readPlan(doc);
    const incomeM = plan.budget.filter((b) => b.category === "income").reduce((a, b) => a.map((v, i) => v + b.months[i]!), Array(12).fill(0) as number[]);
    const payM = plan.budget.filter((b) => b.category === "pay").reduce((a, b) => a.map((v, i) => v + b.months[i]!), Array(12).fill(0) as number[]);
    const months = incomeM.map((v, i) => v - payM[i]! - contributionMonths[i]!);
    row(doc, "budget", { category: "nonpay", label: "Drugs, devices and other non-pay", annual: months.reduce((s, v) => s + v, 0), months });
  } else row(doc, "budget", { category: "nonpay", label: "Drugs, devices and other non-pay", annual: nonPay, months: phase(nonPay, profile) });
  row(doc, "budget", { category: "recharge", label: "Support services and overheads", annual: round1000(income * 0.15), months: phase(round1000(income * 0.15)) });
  const contribution = budgetTotals(readPlan(doc).budget).contribution;
  if (opts.controlTotal) setGuidance(doc, { controlTotal: contribution - (spec.controlOffset ?? 0), cipPercent: 4 });
  const cip = round1000((pay + nonPay) * 0.04);
  const found = spec.stage === "drafting" ? Math.round(cip * 0.5) : round1000(cip * 0.85);
  row(doc, "cip", { name: "Workforce: agency and bank reduction", fullYear: round1000(found * 0.6), inYear: round1000(found * 0.6), recurrent: true, rag: "amber", qia: "in_progress", months: phase(round1000(found * 0.6)) });
  row(doc, "cip", { name: "Procurement and non-pay", fullYear: found - round1000(found * 0.6), inYear: found - round1000(found * 0.6), recurrent: true, rag: "green", qia: "approved", months: phase(found - round1000(found * 0.6)) });
  const status = opts.agreedTargets ? "agreed" : "open";
  must(addTarget(doc, { domain: "financial", code: "CONTRIB", measure: "Contribution", unit: "£", direction: "higher", topDown: opts.controlTotal ? contribution - (spec.controlOffset ?? 0) : null, bottomUp: contribution, agreed: opts.agreedTargets ? contribution : null, status }), "target");
  if (spec.code !== "THEA" && spec.code !== "IMAG" && spec.code !== "PATH" && spec.code !== "UEC" && spec.code !== "CRIT") {
    if (contributionMonths) {
      // A live plan's agreed targets are the ones the monthly figures are judged against.
      const v = demoTarget("RTT18", `${year}-04`);
      must(addTarget(doc, { domain: "operational", code: "RTT18", measure: "Patients waiting under 18 weeks", unit: "%", direction: "higher", baseline: v - 3, topDown: v, bottomUp: v, agreed: v, status, trajectory: Array(12).fill(v) }), "target");
    } else {
      const waiting = Math.round(spec.income / 9_000);
      const r = ratioMonths(waiting, 55, 62);
      must(addTarget(doc, { domain: "operational", code: "RTT18", measure: "Patients waiting under 18 weeks", unit: "%", direction: "higher", baseline: 55, topDown: opts.controlTotal ? 65 : null, bottomUp: 60, agreed: opts.agreedTargets ? 60 : null, status, ...r }), "target");
    }
  }
  const sick = contributionMonths ? demoTarget("SICK", `${year}-04`) : 4.5;
  must(addTarget(doc, { domain: "workforce", code: "SICK", measure: "Sickness absence", unit: "%", direction: "lower", baseline: 4.8, topDown: opts.controlTotal ? (contributionMonths ? sick : 4.2) : null, bottomUp: sick, agreed: opts.agreedTargets ? sick : null, status }), "target");
  row(doc, "workforce", { staffGroup: "All staff", establishment: Math.round(pay / 48_000), inPost: Math.round((pay / 48_000) * 0.92), agencyCap: round1000(pay * 0.03), sicknessPct: 4.8, turnoverPct: 10, trainingPct: 88 });
  planNotes(doc).insert(0, `${unitOf(spec.code).name}: plan for ${year}/${String((year + 1) % 100).padStart(2, "0")} in preparation.`);
  return contribution;
}

/**
 * Logs the plan as one update, dated when the demo's story drafted it (not the seed's moment, which
 * would put every plan at the top of the audit trail as if all were edited just now).
 */
function logPlan(db: Db, workspaceId: string, unitId: string, year: number, doc: Y.Doc, at: number): { seq: number; sha256: string } {
  const state = Y.encodeStateAsUpdate(doc);
  const store = collabStore(db);
  const room = docName({ kind: "plan", unitId, year });
  const seq = store.maxSeq(workspaceId, room) + 1;
  store.insertUpdate(workspaceId, room, seq, state, null, at);
  return { seq, sha256: sha256Hex(state) };
}

/** The later of two ISO dates. */
const later = (a: string, b: string) => (a > b ? a : b);
/** The earlier of two ISO dates. */
const earlier = (a: string, b: string) => (a < b ? a : b);



function steps(db: Db, workspaceId: string, unitId: string, year: number, frozen: { seq: number; sha256: string }, doc: Y.Doc, list: { kind: PlanEventKind; on: string; by: string; capacity?: Signatory; note?: string }[]) {
  const content = readPlan(doc);
  for (const s of list) {
    const keep = !["submitted", "reconciling", "signed", "returned"].includes(s.kind);
    appendPlanEvent(db, workspaceId, { year, unitId, kind: s.kind, capacity: s.capacity ?? null, note: s.note ?? "", onDate: s.on, seq: frozen.seq, sha256: frozen.sha256, content: keep ? content : null }, { id: null, name: s.by }, Date.parse(`${s.on}T10:00:00Z`));
  }
}

const EXEC = "Priya Shah";

/** The same year's total, phased higher in alternate months from April to November and lower in the winter. */
function frontLoaded(months: number[]): number[] {
  const lift = [1.12, 0.97, 1.12, 0.97, 1.12, 0.97, 1.1, 0.97];
  const out = months.map((m, i) => (i < 8 ? Math.round((m * lift[i]!) / 1000) * 1000 : m));
  const extra = out.reduce((s, v) => s + v, 0) - months.reduce((s, v) => s + v, 0);
  const take = phase(extra, [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1]);
  return out.map((v, i) => v - take[i]!);
}

/**
 * This year's live plan phasing for a line (contribution by month, April first): the demo's monthly
 * finance plan, except General surgery's, phased higher in the summer. The determinations seeded for
 * this year judge finance against it, as the app does once a plan is live (issue 12).
 */
export function demoLivePhasing(code: string, current: number): number[] {
  const phased = financialYearMonths(formatFinancialYear(current)).map((m) => demoMonthlyPlan(code, m));
  // General surgery's live plan expects its contribution early in the year (theatre lists moved
  // into the summer): judged month by month it is ahead in some months, but year to date it is
  // behind, so it cannot hold level 1 once finance is judged on the year.
  return code === "GSUR" ? frontLoaded(phased) : phased;
}

/** The unit ids of the lines that have a live plan this year, with its phasing. */
export function demoLivePhasings(current: number): Map<string, number[]> {
  return new Map(LINES.map((l) => [l.code.toLowerCase(), demoLivePhasing(l.code, current)]));
}

/**
 * Seeds the round and the plans. This year's live plans are phased to the demo's monthly finance
 * plan (shared/autonomy/demo.ts), so the live plan is what performance is judged on.
 */
export function seedDemoPlans(db: Db, workspaceId: string, today: string): void {
  const [ty, tm] = today.split("-").map(Number) as [number, number];
  const current = tm >= 4 ? ty : ty - 1;
  const next = current + 1;

  // ---- Next year's round, in progress ----
  // Each step is dated inside the round's timetable and never after the seed day (the issue's demo:
  // "every line at a realistic stage"; for a seed on 1 December 2026, proposals were due on
  // 30 November and confirm-and-challenge begins that day).
  const timetable = defaultMilestones(next);
  const dueOf = (status: string) => timetable.find((m) => m.status === status)!.due;
  const guidanceOn = earlier(timetable[1]!.due, today);
  saveMilestones(db, workspaceId, next, timetable, SEED, Date.parse(`${earlier(timetable[0]!.due, today)}T09:00:00Z`));

  const contributions = new Map<string, number>();
  LINES.forEach((spec, i) => {
    const unitId = spec.code.toLowerCase();
    const doc = new Y.Doc();
    if (spec.code === "CARD") cardiology(doc, next);
    else generic(doc, spec, next, { controlTotal: true, agreedTargets: spec.stage === "agreed" });
    contributions.set(spec.code, budgetTotals(readPlan(doc).budget).contribution);
    const stage = stageOnTimetable(spec.stage, today, timetable);
    setStage(doc, stage);
    const lead = leader(spec.code, "clinical lead");
    const list: Parameters<typeof steps>[6] = [];
    // Submitted in the last days before the deadline (or by the seed day, if that is earlier).
    const submittedOn = later(guidanceOn, earlier(addDays(dueOf("submitted"), -(i % 4)), today));
    const reconcilingOn = later(dueOf("reconciling"), earlier(addDays(today, -(i % 3)), today));
    if (stage !== "drafting") list.push({ kind: "submitted", on: submittedOn, by: lead });
    if (stage === "reconciling" || stage === "agreed") list.push({ kind: "reconciling", on: reconcilingOn, by: EXEC });
    if (stage === "agreed") {
      const signOn = later(reconcilingOn, addDays(today, -1));
      list.push({ kind: "signed", capacity: "clinical_lead", on: signOn, by: lead });
      list.push({ kind: "signed", capacity: "manager", on: signOn, by: leader(spec.code, "manager") });
      list.push({ kind: "signed", capacity: "finance_partner", on: today, by: leader(spec.code, "finance") });
    }
    // Drafted over the weeks after the guidance, before its first step (or the seed day).
    const draftedOn = later(guidanceOn, addDays(list[0]?.on ?? today, -(1 + (i % 12))));
    const frozen = logPlan(db, workspaceId, unitId, next, doc, Date.parse(`${earlier(draftedOn, today)}T${String(9 + (i % 8)).padStart(2, "0")}:15:00Z`));
    steps(db, workspaceId, unitId, next, frozen, doc, list);
    doc.destroy();
  });
  const sumOf = (codes: string[]) => codes.reduce((s, c) => s + contributions.get(c)!, 0);
  // Medicine, Women and Children, and Clinical support add up to the pound with their reserves;
  // Surgery's lines are £412,350 short of its control total (General surgery and Orthopaedics
  // propose less than their control totals), and the gap is shown exactly.
  const divisions: [string, string[], number, number][] = [
    ["med", ["CARD", "RESP", "GAST", "DIAB", "UEC"], -500_000, 0],
    ["surg", ["GSUR", "ORTH", "UROL", "ENT", "CRIT"], -400_000, 412_350],
    ["wch", ["OBST", "GYNAE", "PAED", "NEON"], -250_000, 0],
    ["css", ["THEA", "IMAG", "PATH"], -150_000, 0],
  ];
  let divTotal = 0;
  for (const [unitId, codes, reserve, short] of divisions) {
    const controlTotal = sumOf(codes) + reserve + short;
    divTotal += controlTotal;
    saveDivisionGuidance(db, workspaceId, next, { unitId, controlTotal, reserve }, SEED, Date.parse(`${guidanceOn}T09:00:00Z`));
  }
  // Corporate services cost what the divisions contribute above the £2,000,000 surplus.
  saveRound(db, workspaceId, { year: next, boardPriorities: "1. Recover elective waiting times: 65% of patients waiting under 18 weeks by March.\n2. Deliver the financial plan: a surplus of £2,000,000 with 4% cost improvement, most of it recurrent.\n3. Reduce vacancies and agency spend, keeping agency below 3.2% of the pay bill.", guidance: "Control totals are set on each line's contribution. Cost improvement is 4% of pay and non-pay. Percentage targets are planned as numerators and denominators. Proposals are due by the end of November; confirm-and-challenge meetings run through December and January.", cipPercent: 4, trustPlan: 2_000_000, corporate: 2_000_000 - divTotal }, SEED, Date.parse(`${guidanceOn}T09:00:00Z`));

  // ---- This year's plans: live since 1 April, phased by month ----
  saveRound(db, workspaceId, { year: current, boardPriorities: "Recover the elective backlog; break even; reduce agency spend.", guidance: "Control totals on contribution; 3.5% cost improvement.", cipPercent: 3.5, trustPlan: 0, corporate: 0 }, SEED, Date.parse(`${current - 1}-10-30T09:00:00Z`));
  saveMilestones(db, workspaceId, current, defaultMilestones(current), SEED, Date.parse(`${current - 1}-10-30T09:00:00Z`));
  const board = lastWeekdayOf(`${current}-03`, 4);
  let liveTotal = 0;
  const liveDivisions = new Map<string, number>();
  LINES.forEach((spec, i) => {
    const unitId = spec.code.toLowerCase();
    const doc = new Y.Doc();
    const base = { ...spec, income: round1000(spec.income * 0.96), pay: spec.pay || 0.5, nonPay: spec.nonPay || 0.22, stage: "agreed" as const };
    const phased = demoLivePhasing(spec.code, current);
    generic(doc, base, current, { controlTotal: true, agreedTargets: true }, phased);
    const contribution = budgetTotals(readPlan(doc).budget).contribution;
    liveTotal += contribution;
    const div = divisions.find(([, codes]) => codes.includes(spec.code))![0];
    liveDivisions.set(div, (liveDivisions.get(div) ?? 0) + contribution);
    const lead = leader(spec.code, "clinical lead");
    // Pathology's executive approval came after 1 April: flagged late (Part 2 §3 level 2).
    const late = spec.code === "PATH";
    const list: Parameters<typeof steps>[6] = [
      { kind: "submitted", on: `${current - 1}-11-28`, by: lead },
      { kind: "reconciling", on: `${current - 1}-12-08`, by: EXEC },
      { kind: "signed", capacity: "clinical_lead", on: `${current}-01-20`, by: lead },
      { kind: "signed", capacity: "manager", on: `${current}-01-20`, by: leader(spec.code, "manager") },
      { kind: "signed", capacity: "finance_partner", on: `${current}-01-21`, by: leader(spec.code, "finance") },
      { kind: "division_approved", on: late ? `${current}-03-20` : `${current}-02-12`, by: EXEC },
      { kind: "executive_approved", on: late ? `${current}-04-08` : `${current}-03-05`, by: EXEC },
      { kind: "board_approved", on: late ? `${current}-04-29` : board, by: "Helen Carter", note: `Trust Board meeting on ${formatDate(late ? `${current}-04-29` : board)}, minute TB ${String(current).slice(2)}/${late ? "061" : "044"}` },
      { kind: "live", on: late ? `${current}-04-30` : `${current}-04-01`, by: EXEC },
    ];
    // A seed made in April, before Pathology's late approvals, shows them still to come.
    const done = list.filter((s) => s.on <= today);
    const stage: PlanStatus = planState(current, done.map((s, id) => ({ id, kind: s.kind, capacity: s.capacity ?? null, note: "", actorName: s.by, onDate: s.on }))).status;
    setStage(doc, stage);
    const frozen = logPlan(db, workspaceId, unitId, current, doc, Date.parse(`${current - 1}-11-${String(14 + (i % 12)).padStart(2, "0")}T${String(9 + (i % 8)).padStart(2, "0")}:40:00Z`));
    steps(db, workspaceId, unitId, current, frozen, doc, done);
    doc.destroy();
  });
  for (const [unitId, , reserve] of divisions) saveDivisionGuidance(db, workspaceId, current, { unitId, controlTotal: liveDivisions.get(unitId)! + reserve, reserve }, SEED, Date.parse(`${current - 1}-10-30T09:00:00Z`));
  const reserves = divisions.reduce((s, [, , r]) => s + r, 0);
  saveRound(db, workspaceId, { year: current, boardPriorities: "Recover the elective backlog; break even; reduce agency spend.", guidance: "Control totals on contribution; 3.5% cost improvement.", cipPercent: 3.5, trustPlan: 0, corporate: -(liveTotal + reserves) }, SEED, Date.parse(`${current - 1}-10-30T09:00:00Z`));
}
