import * as Y from "yjs";
import { z } from "zod";
import { checkWrite, childMap, finite, forEachMap, isId, newId, setIfChanged, str, textOf, type Problem, type Result } from "./ytools";

/**
 * A service line's annual plan for one financial year (room `plan/<unitId>/<2027-28>`). Monitor's
 * SLM framework Part 2 §2: "quantifiable goals … reconciled top-down and bottom-up": the executive
 * sets a top-down value, the service line proposes its own, and the agreed value is the executive's
 * to record. Part 2 §3: the plan covers "quality, operational, financial and workforce" goals;
 * §1 strategy linked short to long term; §6 evidence-based action plans. Top-level:
 *   targets      Y.Map<id, Y.Map { domain, code, measure, unit, direction, baseline, topDown, bottomUp,
 *                                  agreed, status, rationale, trajectory[12], numerators[12],
 *                                  denominators[12], order }>
 *   objectives   Y.Map<id, Y.Map { title, trustObjective, horizon, aimId, order }>
 *   activity     Y.Map<id, Y.Map { pod, months[12], order }>
 *   budget       Y.Map<id, Y.Map { category, label, wte, annual, months[12], order }>   (whole pounds)
 *   cip          Y.Map<id, Y.Map { name, fullYear, inYear, recurrent, qia, rag, months[12], order }>
 *   workforce    Y.Map<id, Y.Map { staffGroup, establishment, inPost, agencyCap, sicknessPct,
 *                                  turnoverPct, trainingPct, order }>
 *   capital      Y.Map<id, Y.Map { item, amount, priority, justification, order }>
 *   risks        Y.Map<id, Y.Map { description, likelihood, impact, mitigation, owner, order }>
 *   developments Y.Map<id, Y.Map { title, description, investment, income, decisionId, order }>
 *   actions      Y.Map<id, Y.Map { action, evidence, evidenceNote, owner, due, measure, status, order }>
 *   guidance     Y.Map { controlTotal, cipPercent }   the executive's top-down guidance for this line
 *   notes        Y.Text   the line's strategy narrative, typed together
 *   stage        Y.Map { status }   the workflow status, written only by the server when a step is
 *                                   recorded (plan_events is the record; this lets the room lock)
 * Rights: the room is written by those with `plan.edit` for the line; inside it the top-down
 * values, the agreement and the guidance are the executive's (`executiveOnlyChange`).
 */
const K = {
  targets: "targets",
  notes: "notes",
  objectives: "objectives",
  activity: "activity",
  budget: "budget",
  cip: "cip",
  workforce: "workforce",
  capital: "capital",
  risks: "risks",
  developments: "developments",
  actions: "actions",
  guidance: "guidance",
  stage: "stage",
} as const;

export const PLAN_ROOTS = Object.values(K);

export const PLAN_DOMAINS = ["quality", "operational", "financial", "workforce"] as const;
export type PlanDomain = (typeof PLAN_DOMAINS)[number];
export const TARGET_STATUSES = ["open", "agreed", "escalated", "imposed"] as const;
export type TargetStatus = (typeof TARGET_STATUSES)[number];
export const DIRECTIONS = ["higher", "lower", "neutral"] as const;

/** Fields only the executive (`plan.setTargets`) may change: the top-down side and the agreement. */
export const EXECUTIVE_TARGET_FIELDS = ["topDown", "agreed"] as const;
/** Statuses only the executive may set; a line may open or escalate a target itself. */
export const EXECUTIVE_STATUSES: readonly TargetStatus[] = ["agreed", "imposed"];

/** Points of delivery planned by month (ULHT §2.4 activity plan; the national PbR split). */
export const PODS = ["elective", "day_case", "non_elective", "outpatient_first", "outpatient_follow_up", "procedures"] as const;
export const POD_LABELS: Record<(typeof PODS)[number], string> = {
  elective: "Elective inpatients",
  day_case: "Day cases",
  non_elective: "Non-elective",
  outpatient_first: "Outpatient first attendances",
  outpatient_follow_up: "Outpatient follow-ups",
  procedures: "Outpatient procedures",
};
export const BUDGET_CATEGORIES = ["income", "pay", "nonpay", "recharge"] as const;
export type BudgetCategory = (typeof BUDGET_CATEGORIES)[number];
export const BUDGET_CATEGORY_LABELS: Record<BudgetCategory, string> = { income: "Income", pay: "Pay", nonpay: "Non-pay", recharge: "Recharges and overheads" };
export const RAG = ["red", "amber", "green"] as const;
export const QIA = ["not_started", "in_progress", "approved"] as const;
export const QIA_LABELS: Record<(typeof QIA)[number], string> = { not_started: "Not started", in_progress: "In progress", approved: "Approved" };
export const EVIDENCE = ["financial", "dashboard", "patient_experience", "benchmark"] as const;
export const EVIDENCE_LABELS: Record<(typeof EVIDENCE)[number], string> = { financial: "Financial", dashboard: "Performance dashboard", patient_experience: "Patient experience", benchmark: "Benchmark" };
export const ACTION_STATUSES = ["not_started", "on_track", "at_risk", "done"] as const;
export const ACTION_STATUS_LABELS: Record<(typeof ACTION_STATUSES)[number], string> = { not_started: "Not started", on_track: "On track", at_risk: "At risk", done: "Done" };
export const HORIZONS = ["long", "short"] as const;

const value = z.number().finite().nullable();
const pounds = z.number({ message: "Enter whole pounds" }).int("Enter whole pounds").min(-1e12).max(1e12);
const poundsPlus = pounds.min(0, "Enter an amount of £0 or more");
/** Twelve months, April to March. */
const months = z.array(z.number().finite().min(-1e12).max(1e12)).length(12, "Give twelve months, April to March");
const moneyMonths = z.array(pounds).length(12, "Give twelve months, April to March");
const text = (max: number) => z.string().max(max);
const isoDate = z.string().regex(/^(\d{4}-\d{2}-\d{2})?$/, "Write the date as YYYY-MM-DD");

const targetFields = z.object({
  domain: z.enum(PLAN_DOMAINS, { message: "Choose quality, operational, financial or workforce" }),
  /** The KPI code the target sets (RTT18), so the same measure rolls up across lines. */
  code: text(20),
  measure: z.string().trim().min(1, "Say what is measured").max(200),
  unit: text(40),
  direction: z.enum(DIRECTIONS, { message: "Say whether higher or lower is better" }),
  baseline: value,
  topDown: value,
  bottomUp: value,
  agreed: value,
  status: z.enum(TARGET_STATUSES, { message: "Choose open, agreed, escalated or imposed" }),
  rationale: z.string().max(2_000),
  trajectory: months.nullable(),
  // A percentage is planned as its numerator and denominator (patients seen within 18 weeks of
  // patients waiting), so that it can be rolled up by adding them (issue 12).
  numerators: months.nullable(),
  denominators: months.nullable(),
  order: z.number().finite(),
});

/** Every section apart from targets: its fields' schema and the defaults of a new row. */
export const SECTION_SCHEMAS = {
  objectives: z.object({
    title: z.string().trim().min(1, "Say what the objective is").max(300),
    trustObjective: text(200),
    horizon: z.enum(HORIZONS, { message: "Choose long-term aim or short-term step" }),
    aimId: text(64),
    order: z.number().finite(),
  }),
  activity: z.object({ pod: z.enum(PODS, { message: "Choose a point of delivery" }), months: z.array(z.number().int("Activity is whole cases").min(0, "Activity cannot be negative").max(1e7)).length(12, "Give twelve months, April to March"), order: z.number().finite() }),
  budget: z.object({
    category: z.enum(BUDGET_CATEGORIES, { message: "Choose income, pay, non-pay or recharges" }),
    label: z.string().trim().min(1, "Name the commissioner, staff group or item").max(120),
    wte: z.number().finite().min(0, "WTE cannot be negative").max(100_000).nullable(),
    annual: poundsPlus,
    months: moneyMonths,
    order: z.number().finite(),
  }),
  cip: z.object({
    name: z.string().trim().min(1, "Name the scheme").max(200),
    fullYear: poundsPlus,
    inYear: poundsPlus,
    recurrent: z.boolean(),
    qia: z.enum(QIA),
    rag: z.enum(RAG),
    months: moneyMonths,
    order: z.number().finite(),
  }),
  workforce: z.object({
    staffGroup: z.string().trim().min(1, "Name the staff group").max(120),
    establishment: z.number().finite().min(0).max(100_000),
    inPost: z.number().finite().min(0).max(100_000),
    agencyCap: poundsPlus,
    sicknessPct: z.number().finite().min(0).max(100),
    turnoverPct: z.number().finite().min(0).max(100),
    trainingPct: z.number().finite().min(0).max(100),
    order: z.number().finite(),
  }),
  capital: z.object({ item: z.string().trim().min(1, "Name the bid").max(200), amount: poundsPlus, priority: z.enum(["essential", "desirable"]), justification: text(2_000), order: z.number().finite() }),
  risks: z.object({
    description: z.string().trim().min(1, "Describe the risk").max(500),
    likelihood: z.number().int().min(1, "Likelihood is 1 to 5").max(5, "Likelihood is 1 to 5"),
    impact: z.number().int().min(1, "Impact is 1 to 5").max(5, "Impact is 1 to 5"),
    mitigation: text(1_000),
    owner: text(120),
    order: z.number().finite(),
  }),
  developments: z.object({
    title: z.string().trim().min(1, "Name the development").max(200),
    description: text(2_000),
    investment: poundsPlus,
    income: poundsPlus,
    /** The decision in the scheme of delegation that would approve it (e.g. a business case). */
    decisionId: text(64),
    order: z.number().finite(),
  }),
  actions: z.object({
    action: z.string().trim().min(1, "Say what will be done").max(500),
    evidence: z.enum(EVIDENCE, { message: "Choose the evidence it rests on" }),
    evidenceNote: text(500),
    owner: text(120),
    due: isoDate,
    measure: text(300),
    status: z.enum(ACTION_STATUSES),
    order: z.number().finite(),
  }),
} as const;
export type SectionName = keyof typeof SECTION_SCHEMAS;
export const SECTIONS = Object.keys(SECTION_SCHEMAS) as SectionName[];
type Row<S extends SectionName> = z.infer<(typeof SECTION_SCHEMAS)[S]> & { id: string };
export type PlanObjective = Row<"objectives">;
export type PlanActivity = Row<"activity">;
export type PlanBudgetLine = Row<"budget">;
export type PlanScheme = Row<"cip">;
export type PlanWorkforce = Row<"workforce">;
export type PlanCapitalBid = Row<"capital">;
export type PlanRisk = Row<"risks">;
export type PlanDevelopment = Row<"developments">;
export type PlanAction = Row<"actions">;

const zero12 = () => Array.from({ length: 12 }, () => 0);
const SECTION_DEFAULTS: { [S in SectionName]: () => Omit<Row<S>, "id" | "order"> } = {
  objectives: () => ({ title: "", trustObjective: "", horizon: "short", aimId: "" }),
  activity: () => ({ pod: "elective", months: zero12() }),
  budget: () => ({ category: "income", label: "", wte: null, annual: 0, months: zero12() }),
  cip: () => ({ name: "", fullYear: 0, inYear: 0, recurrent: true, qia: "not_started", rag: "amber", months: zero12() }),
  workforce: () => ({ staffGroup: "", establishment: 0, inPost: 0, agencyCap: 0, sicknessPct: 0, turnoverPct: 0, trainingPct: 0 }),
  capital: () => ({ item: "", amount: 0, priority: "essential", justification: "" }),
  risks: () => ({ description: "", likelihood: 3, impact: 3, mitigation: "", owner: "" }),
  developments: () => ({ title: "", description: "", investment: 0, income: 0, decisionId: "" }),
  actions: () => ({ action: "", evidence: "financial", evidenceNote: "", owner: "", due: "", measure: "", status: "not_started" }),
};

const guidanceFields = z.object({
  /** The contribution (income less direct costs) the line's budget must meet, in whole pounds. */
  controlTotal: pounds.nullable(),
  /** The cost-improvement requirement, as a percentage of the line's cost base (e.g. 4). */
  cipPercent: z.number().finite().min(0, "Between 0% and 20%").max(20, "Between 0% and 20%").nullable(),
});
export type PlanGuidance = z.infer<typeof guidanceFields>;

/** Statuses from which the line's own content is locked: the plan has been agreed (issue 12). */
export const LOCKED_STAGES = ["agreed", "division_approved", "executive_approved", "board_approved", "live"] as const;
const STAGES = ["drafting", "submitted", "reconciling", ...LOCKED_STAGES] as const;
export type PlanStage = (typeof STAGES)[number];

export type PlanTarget = z.infer<typeof targetFields> & { id: string };
export interface Plan {
  targets: PlanTarget[];
  notes: string;
  objectives: PlanObjective[];
  activity: PlanActivity[];
  budget: PlanBudgetLine[];
  cip: PlanScheme[];
  workforce: PlanWorkforce[];
  capital: PlanCapitalBid[];
  risks: PlanRisk[];
  developments: PlanDevelopment[];
  actions: PlanAction[];
  guidance: PlanGuidance;
  /** The workflow status as the server last recorded it ("drafting" before any step). */
  stage: PlanStage;
}
export type TargetPatch = Partial<Omit<PlanTarget, "id">>;
export type RowPatch<S extends SectionName> = Partial<Omit<Row<S>, "id">>;

export const planTargets = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>(K.targets);
export const planNotes = (doc: Y.Doc) => doc.getText(K.notes);
export const planSection = (doc: Y.Doc, section: SectionName) => doc.getMap<Y.Map<unknown>>(K[section]);
export const planGuidance = (doc: Y.Doc) => doc.getMap<unknown>(K.guidance);
export const planStage = (doc: Y.Doc) => doc.getMap<unknown>(K.stage);

/** Records the workflow status in the document: only server code calls this (see executiveOnlyChange). */
export function setStage(doc: Y.Doc, stage: PlanStage, origin?: unknown): Result {
  if (!(STAGES as readonly string[]).includes(stage)) return { ok: false, error: "Not a plan status" };
  doc.transact(() => setIfChanged(planStage(doc), "status", stage), origin);
  return { ok: true };
}

const pick = <T extends readonly string[]>(list: T, v: unknown, fallback: T[number]): T[number] => ((list as readonly unknown[]).includes(v) ? (v as T[number]) : fallback);
const twelve = (v: unknown): number[] | null => (Array.isArray(v) && v.length === 12 && v.every((n) => typeof n === "number" && Number.isFinite(n)) ? (v as number[]).slice() : null);

function readTarget(id: string, m: Y.Map<unknown>): PlanTarget | null {
  const domain = m.get("domain");
  if (!(PLAN_DOMAINS as readonly unknown[]).includes(domain)) return null;
  return {
    id,
    domain: domain as PlanDomain,
    code: str(m.get("code")),
    measure: str(m.get("measure")),
    unit: str(m.get("unit")),
    direction: pick(DIRECTIONS, m.get("direction"), "neutral"),
    baseline: finite(m.get("baseline")),
    topDown: finite(m.get("topDown")),
    bottomUp: finite(m.get("bottomUp")),
    agreed: finite(m.get("agreed")),
    status: pick(TARGET_STATUSES, m.get("status"), "open"),
    rationale: textOf(m.get("rationale")),
    trajectory: twelve(m.get("trajectory")),
    numerators: twelve(m.get("numerators")),
    denominators: twelve(m.get("denominators")),
    order: finite(m.get("order")) ?? 0,
  };
}

/** Reads one row field by field: a field a stock client wrote badly falls back to its default. */
function readRow<S extends SectionName>(section: S, id: string, m: Y.Map<unknown>): Row<S> {
  const shape = SECTION_SCHEMAS[section].shape as Record<string, z.ZodTypeAny>;
  const row: Record<string, unknown> = { ...SECTION_DEFAULTS[section](), order: 0 };
  for (const [k, schema] of Object.entries(shape)) {
    const raw = m.get(k);
    const v = raw instanceof Y.Text ? raw.toString() : raw;
    if (v !== undefined && schema.safeParse(v).success) row[k] = Array.isArray(v) ? v.slice() : v;
  }
  return { ...(row as Omit<Row<S>, "id">), id } as Row<S>;
}

const byOrder = <T extends { order: number; id: string }>(a: T, b: T) => a.order - b.order || (a.id < b.id ? -1 : 1);

/** The rows of one section in their order. */
export function readSection<S extends SectionName>(doc: Y.Doc, section: S): Row<S>[] {
  const rows: Row<S>[] = [];
  forEachMap(planSection(doc, section) as Y.Map<unknown>, (m, id) => {
    if (isId(id)) rows.push(readRow(section, id, m));
  });
  return rows.sort((a, b) => byOrder(a as { order: number; id: string }, b as { order: number; id: string }));
}

/** The executive's guidance for the line (nulls until it is issued). */
export function readGuidance(doc: Y.Doc): PlanGuidance {
  const g = planGuidance(doc);
  const ct = g.get("controlTotal");
  const cp = g.get("cipPercent");
  return {
    controlTotal: guidanceFields.shape.controlTotal.safeParse(ct).success ? (ct as number | null) ?? null : null,
    cipPercent: guidanceFields.shape.cipPercent.safeParse(cp).success ? (cp as number | null) ?? null : null,
  };
}

/** A plain snapshot of a plan: every section in its order, and the narrative. */
export function readPlan(doc: Y.Doc): Plan {
  const targets: PlanTarget[] = [];
  forEachMap(planTargets(doc) as Y.Map<unknown>, (m, id) => {
    const t = readTarget(id, m);
    if (t) targets.push(t);
  });
  targets.sort(byOrder);
  return {
    targets,
    notes: planNotes(doc).toString(),
    objectives: readSection(doc, "objectives"),
    activity: readSection(doc, "activity"),
    budget: readSection(doc, "budget"),
    cip: readSection(doc, "cip"),
    workforce: readSection(doc, "workforce"),
    capital: readSection(doc, "capital"),
    risks: readSection(doc, "risks"),
    developments: readSection(doc, "developments"),
    actions: readSection(doc, "actions"),
    guidance: readGuidance(doc),
    stage: pick(STAGES, planStage(doc).get("status"), "drafting"),
  };
}

/** Adds a target; its top-down and agreed values are the executive's to set later. */
export function addTarget(doc: Y.Doc, input: Pick<PlanTarget, "domain" | "measure"> & TargetPatch, origin?: unknown): Result<{ id: string }> {
  const order = Math.max(-1, ...readPlan(doc).targets.map((t) => t.order)) + 1;
  const full = { code: "", unit: "", direction: "neutral", baseline: null, topDown: null, bottomUp: null, agreed: null, status: "open", rationale: "", trajectory: null, numerators: null, denominators: null, order, ...input };
  const checked = checkWrite(targetFields, full);
  if (!checked.ok) return checked;
  const id = newId("t");
  doc.transact(() => {
    const m = childMap(planTargets(doc) as Y.Map<unknown>, id);
    for (const [k, v] of Object.entries(checked.value)) m.set(k, v);
  }, origin);
  return { ok: true, id };
}

/** Changes only the given fields of a target. */
export function setTargetFields(doc: Y.Doc, id: string, patch: TargetPatch, origin?: unknown): Result {
  const m = planTargets(doc).get(id);
  if (!(m instanceof Y.Map)) return { ok: false, error: "That target no longer exists" };
  const checked = checkWrite(targetFields.partial(), patch);
  if (!checked.ok) return checked;
  const next = { ...readTarget(id, m)!, ...checked.value };
  if (next.status === "imposed" && !next.rationale.trim()) return { ok: false, error: "Give the rationale for imposing the target" };
  doc.transact(() => {
    for (const [k, v] of Object.entries(checked.value)) setIfChanged(m, k, v);
  }, origin);
  return { ok: true };
}

export function removeTarget(doc: Y.Doc, id: string, origin?: unknown): Result {
  if (!planTargets(doc).has(id)) return { ok: false, error: "That target no longer exists" };
  doc.transact(() => planTargets(doc).delete(id), origin);
  return { ok: true };
}

/** Adds a row to a section, checked against its schema; returns its id. */
export function addRow<S extends SectionName>(doc: Y.Doc, section: S, input: RowPatch<S>, origin?: unknown): Result<{ id: string }> {
  const existing = readSection(doc, section);
  if (existing.length >= PLAN_CAPS.rows) return { ok: false, error: `A section may hold at most ${PLAN_CAPS.rows} rows` };
  const order = Math.max(-1, ...existing.map((r) => r.order)) + 1;
  const checked = checkWrite(SECTION_SCHEMAS[section], { ...SECTION_DEFAULTS[section](), order, ...input });
  if (!checked.ok) return checked;
  const id = newId(section.slice(0, 2));
  doc.transact(() => {
    const m = childMap(planSection(doc, section) as Y.Map<unknown>, id);
    for (const [k, v] of Object.entries(checked.value as Record<string, unknown>)) m.set(k, v);
  }, origin);
  return { ok: true, id };
}

/** Changes only the given fields of a row. */
export function setRowFields<S extends SectionName>(doc: Y.Doc, section: S, id: string, patch: RowPatch<S>, origin?: unknown): Result {
  const m = planSection(doc, section).get(id);
  if (!(m instanceof Y.Map)) return { ok: false, error: "That row no longer exists" };
  const checked = checkWrite((SECTION_SCHEMAS[section] as z.AnyZodObject).partial(), patch);
  if (!checked.ok) return checked;
  doc.transact(() => {
    for (const [k, v] of Object.entries(checked.value as Record<string, unknown>)) setIfChanged(m, k, v);
  }, origin);
  return { ok: true };
}

export function removeRow(doc: Y.Doc, section: SectionName, id: string, origin?: unknown): Result {
  if (!planSection(doc, section).has(id)) return { ok: false, error: "That row no longer exists" };
  doc.transact(() => planSection(doc, section).delete(id), origin);
  return { ok: true };
}

/** Sets the executive's guidance for the line. */
export function setGuidance(doc: Y.Doc, patch: Partial<PlanGuidance>, origin?: unknown): Result {
  const checked = checkWrite(guidanceFields.partial(), patch);
  if (!checked.ok) return checked;
  doc.transact(() => {
    for (const [k, v] of Object.entries(checked.value)) setIfChanged(planGuidance(doc), k, v);
  }, origin);
  return { ok: true };
}

export const PLAN_CAPS = { targets: 500, rows: 500 } as const;

const fieldsOf = (m: Y.Map<unknown>) => Object.fromEntries([...m.entries()].map(([k, v]) => [k, v instanceof Y.Text ? v.toString() : v]));

/** Entries that are not what their section holds, or whose fields do not parse. */
export function planProblems(doc: Y.Doc): Problem[] {
  const problems: Problem[] = [];
  const targets = planTargets(doc);
  if (targets.size > PLAN_CAPS.targets) problems.push({ key: "targets:cap", message: `A plan may hold at most ${PLAN_CAPS.targets} targets.` });
  targets.forEach((m, id) => {
    if (!isId(id) || !(m instanceof Y.Map)) return problems.push({ key: `target:${id}`, message: "A target entry is not a target." });
    const fields = fieldsOf(m);
    const parsed = targetFields.partial().strict().safeParse(fields);
    if (!parsed.success || !(PLAN_DOMAINS as readonly unknown[]).includes(fields.domain)) {
      problems.push({ key: `target:${id}:fields`, message: `Target "${str(fields.measure, id)}": ${parsed.success ? "choose a domain" : parsed.error.issues[0]?.message}.` });
    } else if (fields.status === "imposed" && !str(fields.rationale).trim()) {
      // Issue 12: a target is "imposed with a rationale"; an imposition without one is refused.
      problems.push({ key: `target:${id}:rationale`, message: `Target "${str(fields.measure, id)}": give the rationale for imposing it.` });
    }
  });
  for (const section of SECTIONS) {
    const rows = planSection(doc, section);
    if (rows.size > PLAN_CAPS.rows) problems.push({ key: `${section}:cap`, message: `A section may hold at most ${PLAN_CAPS.rows} rows.` });
    rows.forEach((m, id) => {
      if (!isId(id) || !(m instanceof Y.Map)) return problems.push({ key: `${section}:${id}`, message: `An entry in ${section} is not a row.` });
      const parsed = (SECTION_SCHEMAS[section] as z.AnyZodObject).partial().strict().safeParse(fieldsOf(m));
      if (!parsed.success) problems.push({ key: `${section}:${id}:fields`, message: `${section[0]!.toUpperCase()}${section.slice(1)}: ${parsed.error.issues[0]?.message}.` });
    });
  }
  const g = guidanceFields.partial().strict().safeParse(Object.fromEntries(planGuidance(doc).entries()));
  if (!g.success) problems.push({ key: "guidance:fields", message: `Guidance: ${g.error.issues[0]?.message}.` });
  const st = z.object({ status: z.enum(STAGES) }).partial().strict().safeParse(Object.fromEntries(planStage(doc).entries()));
  if (!st.success) problems.push({ key: "stage:fields", message: "The plan's status is not one Devolve knows." });
  return problems;
}

/**
 * Why a member without `plan.setTargets` may not make this change, or null: it touches the top-down
 * value, the agreed value, sets a status that records the executive's agreement, or changes the
 * executive's guidance (control total, cost-improvement percentage). Compared on the snapshots
 * before and after, so a target created, changed or deleted with those set counts alike.
 */
export function executiveOnlyChange(before: Plan, after: Plan): string | null {
  const locked = lockedChange(before, after);
  if (locked) return locked;
  const was = new Map(before.targets.map((t) => [t.id, t]));
  const now = new Map(after.targets.map((t) => [t.id, t]));
  for (const id of new Set([...was.keys(), ...now.keys()])) {
    const a = was.get(id);
    const b = now.get(id);
    for (const f of EXECUTIVE_TARGET_FIELDS) {
      if ((a?.[f] ?? null) !== (b?.[f] ?? null)) return "Only an executive can set a top-down target or record the agreed value.";
    }
    const execStatus = (t?: PlanTarget) => (t && EXECUTIVE_STATUSES.includes(t.status) ? t.status : null);
    if (execStatus(a) !== execStatus(b)) return "Only an executive can agree or impose a target.";
    // An agreed or imposed target is the executive's decision; the line cannot reword it afterwards.
    if (a && b && execStatus(a) && JSON.stringify({ ...a, order: 0 }) !== JSON.stringify({ ...b, order: 0 })) return "Only an executive can change a target once it is agreed or imposed.";
  }
  const g0 = before.guidance ?? { controlTotal: null, cipPercent: null };
  const g1 = after.guidance ?? { controlTotal: null, cipPercent: null };
  if (g0.controlTotal !== g1.controlTotal || g0.cipPercent !== g1.cipPercent) return "Only an executive can set the control total or the cost-improvement requirement.";
  return null;
}

/**
 * Why no member may make this change, or null: the workflow status is the server's to write (a step
 * is recorded through the plan's page, checked against its rules); and once the plan is agreed the
 * line's content is locked to those without `plan.setTargets` until the executive returns it.
 */
export function stageChange(before: Plan, after: Plan): string | null {
  return (before.stage ?? "drafting") !== (after.stage ?? "drafting") ? "The plan's status changes only when a step is recorded on its page." : null;
}

function lockedChange(before: Plan, after: Plan): string | null {
  if (!(LOCKED_STAGES as readonly string[]).includes(before.stage ?? "drafting")) return null;
  const strip = (p: Plan) => JSON.stringify({ ...p, stage: null });
  return strip(before) !== strip(after) ? "The plan has been agreed; only an executive can change it now, or return it to the line." : null;
}
