import type { Plan } from "../collab/plan-doc";
import { formatDate, parseDate } from "../format/dates";
import { phasingProblems } from "./budget";
import { controlTotalGap } from "./reconcile";

/**
 * Where a service line's annual plan stands, derived only from its append-only events, and what may
 * be recorded next. Sources: Monitor's SLM framework Part 2 §3 ("annual planning … agreed before the
 * start of the financial year"; level 2 where plans are agreed late), §4 (plans owned by clinicians
 * with finance and performance teams: the clinical lead, manager and finance partner each agree);
 * issue 12's workflow: drafting → submitted → reconciling → agreed → division approved → executive
 * approved → Board approved → live, and a quarterly refresh that makes a new version.
 */
export const PLAN_STATUSES = ["drafting", "submitted", "reconciling", "agreed", "division_approved", "executive_approved", "board_approved", "live"] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];
export const PLAN_STATUS_LABELS: Record<PlanStatus, string> = {
  drafting: "Drafting",
  submitted: "Submitted",
  reconciling: "Reconciling",
  agreed: "Agreed by the line",
  division_approved: "Division approved",
  executive_approved: "Executive approved",
  board_approved: "Board approved",
  live: "Live",
};

export const PLAN_EVENT_KINDS = ["submitted", "reconciling", "returned", "signed", "division_approved", "executive_approved", "board_approved", "live", "refreshed"] as const;
export type PlanEventKind = (typeof PLAN_EVENT_KINDS)[number];
export const SIGNATORIES = ["clinical_lead", "manager", "finance_partner"] as const;
export type Signatory = (typeof SIGNATORIES)[number];
export const SIGNATORY_LABELS: Record<Signatory, string> = { clinical_lead: "Clinical lead", manager: "Service line manager", finance_partner: "Finance business partner" };

export interface PlanEvent {
  id: number;
  kind: PlanEventKind;
  capacity: Signatory | null;
  note: string;
  actorName: string;
  /** The calendar date it was recorded on (YYYY-MM-DD, London). */
  onDate: string;
}

export interface PlanState {
  status: PlanStatus;
  /** Sign-offs recorded since the plan last entered reconciliation. */
  signed: Partial<Record<Signatory, PlanEvent>>;
  /** Approval events recorded on or after 1 April of the plan's year (Part 2 §3 level 2). */
  late: PlanEvent[];
  /** 1 once the Board has approved it; each quarterly refresh adds one. 0 before. */
  version: number;
}

/** The first day of the financial year starting in April of `year`. */
export const yearStart = (year: number) => `${year}-04-01`;
const APPROVALS: readonly PlanEventKind[] = ["division_approved", "executive_approved", "board_approved"];

/** Whether an approval on `date` is late for the plan of `year`: on or after 1 April of its year. */
export const isLate = (year: number, date: string) => date >= yearStart(year);

/** The state of a plan from its events in the order recorded (unknown orders are ignored). */
export function planState(year: number, events: readonly PlanEvent[]): PlanState {
  let status: PlanStatus = "drafting";
  let signed: PlanState["signed"] = {};
  const late: PlanEvent[] = [];
  let version = 0;
  for (const e of [...events].sort((a, b) => a.id - b.id)) {
    if (refusalFor(status, signed, e.kind, e.capacity)) continue;
    if (e.kind === "submitted") status = "submitted";
    else if (e.kind === "reconciling") {
      status = "reconciling";
      signed = {};
    } else if (e.kind === "returned") {
      status = "drafting";
      signed = {};
    } else if (e.kind === "signed" && e.capacity) {
      signed = { ...signed, [e.capacity]: e };
      if (SIGNATORIES.every((s) => signed[s])) status = "agreed";
    } else if (e.kind === "refreshed") version++;
    else {
      status = e.kind as PlanStatus;
      if (e.kind === "board_approved") version = Math.max(version, 1);
    }
    if (APPROVALS.includes(e.kind) && isLate(year, e.onDate)) late.push(e);
  }
  return { status, signed, late, version };
}

const NEXT: Partial<Record<PlanEventKind, readonly PlanStatus[]>> = {
  submitted: ["drafting"],
  reconciling: ["submitted"],
  returned: ["submitted", "reconciling", "agreed"],
  signed: ["reconciling"],
  division_approved: ["agreed"],
  executive_approved: ["division_approved"],
  board_approved: ["executive_approved"],
  live: ["board_approved"],
  refreshed: ["live"],
};

function refusalFor(status: PlanStatus, signed: PlanState["signed"], kind: PlanEventKind, capacity: Signatory | null): string | null {
  if (!NEXT[kind]?.includes(status)) return `A plan that is ${PLAN_STATUS_LABELS[status].toLowerCase()} cannot be ${EVENT_LABELS[kind].toLowerCase()}.`;
  if (kind === "signed" && (!capacity || signed[capacity])) return capacity ? `The ${SIGNATORY_LABELS[capacity].toLowerCase()} has already agreed this plan.` : "Say in what capacity you agree the plan.";
  return null;
}

export const EVENT_LABELS: Record<PlanEventKind, string> = {
  submitted: "Submitted",
  reconciling: "Opened for reconciliation",
  returned: "Returned to the line",
  signed: "Agreed",
  division_approved: "Approved by the division",
  executive_approved: "Approved by the executive",
  board_approved: "Approved by the Board",
  live: "Made live",
  refreshed: "Refreshed for the quarter",
};

/** Who records each step: the line (those who may draft it) or the executive. */
export const EVENT_ACTOR: Record<PlanEventKind, "line" | "executive"> = {
  submitted: "line",
  reconciling: "executive",
  returned: "executive",
  signed: "line",
  division_approved: "executive",
  executive_approved: "executive",
  board_approved: "executive",
  live: "executive",
  refreshed: "executive",
};

/**
 * Why the plan cannot yet be agreed, or an empty list. A target still open blocks agreement; an
 * escalated one needs the executive's decision recorded (an agreed value with its rationale)
 * (issue 12: "A plan cannot be agreed while any target is open, unless it was escalated and an
 * executive decision is recorded"). The phasing must sum and the budget must meet its control total.
 */
export function agreementBlockers(plan: Plan): string[] {
  const out: string[] = [];
  for (const t of plan.targets) {
    if (t.status === "open") out.push(`Target "${t.measure}" is still open.`);
    else if (t.status === "escalated" && (t.agreed === null || !t.rationale.trim())) out.push(`Target "${t.measure}" was escalated; the executive's decision is not yet recorded.`);
  }
  out.push(...submissionBlockers(plan));
  const gap = controlTotalGap(plan);
  if (gap !== null && gap < 0) out.push(`The budget's contribution is £${(-gap).toLocaleString("en-GB")} short of the control total.`);
  return out;
}

/** What must be right before a line submits: the budget and schemes are phased to the year. */
export function submissionBlockers(plan: Plan): string[] {
  const out: string[] = [];
  for (const p of phasingProblems(plan.budget)) out.push(`Budget line "${p.label}": the months add up to £${p.phased.toLocaleString("en-GB")}, not £${p.annual.toLocaleString("en-GB")}.`);
  for (const p of phasingProblems(plan.cip.map((s) => ({ id: s.id, name: s.name, inYear: s.inYear, months: s.months })))) out.push(`Scheme "${p.label}": the months add up to £${p.phased.toLocaleString("en-GB")}, not its in-year effect of £${p.annual.toLocaleString("en-GB")}.`);
  return out;
}

export interface StepRequest {
  kind: PlanEventKind;
  capacity?: Signatory | null;
  /** Whether the person may record the executive's steps (`plan.setTargets`). */
  isExecutive: boolean;
  /** Whether the person may draft this line's plan (`plan.edit` for it). */
  canDraft: boolean;
}

/** Why this step cannot be recorded now, or null. */
export function checkStep(year: number, events: readonly PlanEvent[], plan: Plan, req: StepRequest): string | null {
  const state = planState(year, events);
  const who = EVENT_ACTOR[req.kind];
  if (who === "executive" && !req.isExecutive) return "Only an executive can record that step.";
  if (who === "line" && !req.canDraft) return "Only the service line's own leaders (or an executive) can record that step.";
  const refused = refusalFor(state.status, state.signed, req.kind, req.capacity ?? null);
  if (refused) return refused;
  if (req.kind === "submitted") {
    const b = submissionBlockers(plan);
    if (b.length) return `The plan cannot be submitted yet: ${b[0]}`;
  }
  if (req.kind === "signed") {
    const b = agreementBlockers(plan);
    if (b.length) return `The plan cannot be agreed yet: ${b.join(" ")}`;
  }
  return null;
}

/** "Approved on 2 April 2027, after the year began" for a late approval. */
export const lateNote = (e: PlanEvent) => `${EVENT_LABELS[e.kind]} on ${formatDate(e.onDate)}, after the financial year began`;

/**
 * The Board's approval names its meeting and resolution, as a version's approval does (decision 040:
 * "the Board meeting and its minute"); the step is dated the meeting's day, which cannot be in the
 * future nor before the executive approved the plan (issue 12: "Board-approved roll-up (a version,
 * as in the versions issue)"; decision 042).
 */
export function boardResolution(meeting: string, minute: string, today: string, executiveApprovedOn: string | null): { ok: true; onDate: string; note: string } | { ok: false; error: string } {
  const date = parseDate(meeting);
  if (!date.ok) return { ok: false, error: `Board meeting: ${date.error}` };
  const ref = minute.trim().replace(/\s+/g, " ");
  if (!ref) return { ok: false, error: "Give the minute reference of the Board's resolution, for example TB 27/031" };
  if (ref.length > 40) return { ok: false, error: "The minute reference is longer than 40 characters" };
  if (date.value > today) return { ok: false, error: `The Board meeting on ${formatDate(date.value)} has not happened yet` };
  if (executiveApprovedOn && date.value < executiveApprovedOn) return { ok: false, error: `The Board cannot approve the plan on ${formatDate(date.value)}, before the executive approved it on ${formatDate(executiveApprovedOn)}` };
  return { ok: true, onDate: date.value, note: `Trust Board meeting on ${formatDate(date.value)}, minute ${ref}` };
}
