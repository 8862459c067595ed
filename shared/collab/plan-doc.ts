import * as Y from "yjs";
import { z } from "zod";
import { checkWrite, childMap, finite, forEachMap, isId, newId, setIfChanged, str, textOf, type Problem, type Result } from "./ytools";

/**
 * A service line's annual plan for one financial year (room `plan/<unitId>/<2027-28>`). Monitor's
 * SLM framework Part 2 §2: "quantifiable goals … reconciled top-down and bottom-up": the executive
 * sets a top-down value, the service line proposes its own, and the agreed value is the executive's
 * to record. Top-level:
 *   targets  Y.Map<targetId, Y.Map { domain, measure, unit, direction, baseline, topDown, bottomUp,
 *                                     agreed, status, rationale, order }>
 *   notes    Y.Text   the line's narrative, typed together
 * The screens, trajectories, actions and the planning round come with the plans issue; this module
 * is the part the server must already understand, including who may write which field.
 */
const K = { targets: "targets", notes: "notes" } as const;

export const PLAN_ROOTS = [K.targets, K.notes] as const;

export const PLAN_DOMAINS = ["quality", "operational", "financial", "workforce"] as const;
export type PlanDomain = (typeof PLAN_DOMAINS)[number];
export const TARGET_STATUSES = ["open", "agreed", "escalated", "imposed"] as const;
export type TargetStatus = (typeof TARGET_STATUSES)[number];
export const DIRECTIONS = ["higher", "lower", "neutral"] as const;

/** Fields only the executive (`plan.setTargets`) may change: the top-down side and the agreement. */
export const EXECUTIVE_TARGET_FIELDS = ["topDown", "agreed"] as const;
/** Statuses only the executive may set; a line may open or escalate a target itself. */
export const EXECUTIVE_STATUSES: readonly TargetStatus[] = ["agreed", "imposed"];

const value = z.number().finite().nullable();
const targetFields = z.object({
  domain: z.enum(PLAN_DOMAINS, { message: "Choose quality, operational, financial or workforce" }),
  measure: z.string().trim().min(1, "Say what is measured").max(200),
  unit: z.string().max(40),
  direction: z.enum(DIRECTIONS, { message: "Say whether higher or lower is better" }),
  baseline: value,
  topDown: value,
  bottomUp: value,
  agreed: value,
  status: z.enum(TARGET_STATUSES, { message: "Choose open, agreed, escalated or imposed" }),
  rationale: z.string().max(2_000),
  order: z.number().finite(),
});

export type PlanTarget = z.infer<typeof targetFields> & { id: string };
export interface Plan {
  targets: PlanTarget[];
  notes: string;
}
export type TargetPatch = Partial<Omit<PlanTarget, "id">>;

export const planTargets = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>(K.targets);
export const planNotes = (doc: Y.Doc) => doc.getText(K.notes);

const pick = <T extends readonly string[]>(list: T, v: unknown, fallback: T[number]): T[number] => ((list as readonly unknown[]).includes(v) ? (v as T[number]) : fallback);

function readTarget(id: string, m: Y.Map<unknown>): PlanTarget | null {
  const domain = m.get("domain");
  if (!(PLAN_DOMAINS as readonly unknown[]).includes(domain)) return null;
  return {
    id,
    domain: domain as PlanDomain,
    measure: str(m.get("measure")),
    unit: str(m.get("unit")),
    direction: pick(DIRECTIONS, m.get("direction"), "neutral"),
    baseline: finite(m.get("baseline")),
    topDown: finite(m.get("topDown")),
    bottomUp: finite(m.get("bottomUp")),
    agreed: finite(m.get("agreed")),
    status: pick(TARGET_STATUSES, m.get("status"), "open"),
    rationale: textOf(m.get("rationale")),
    order: finite(m.get("order")) ?? 0,
  };
}

/** A plain snapshot of a plan: targets in their order, and the narrative. */
export function readPlan(doc: Y.Doc): Plan {
  const targets: PlanTarget[] = [];
  forEachMap(planTargets(doc) as Y.Map<unknown>, (m, id) => {
    const t = readTarget(id, m);
    if (t) targets.push(t);
  });
  targets.sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : 1));
  return { targets, notes: planNotes(doc).toString() };
}

/** Adds a target; its top-down and agreed values are the executive's to set later. */
export function addTarget(doc: Y.Doc, input: Pick<PlanTarget, "domain" | "measure"> & TargetPatch, origin?: unknown): Result<{ id: string }> {
  const order = Math.max(-1, ...readPlan(doc).targets.map((t) => t.order)) + 1;
  const full = { unit: "", direction: "neutral", baseline: null, topDown: null, bottomUp: null, agreed: null, status: "open", rationale: "", order, ...input };
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

export const PLAN_CAPS = { targets: 500 } as const;

/** Entries that are not targets, or targets whose fields do not parse. */
export function planProblems(doc: Y.Doc): Problem[] {
  const problems: Problem[] = [];
  const targets = planTargets(doc);
  if (targets.size > PLAN_CAPS.targets) problems.push({ key: "targets:cap", message: `A plan may hold at most ${PLAN_CAPS.targets} targets.` });
  targets.forEach((m, id) => {
    if (!isId(id) || !(m instanceof Y.Map)) return problems.push({ key: `target:${id}`, message: "A target entry is not a target." });
    const fields = Object.fromEntries([...m.entries()].map(([k, v]) => [k, v instanceof Y.Text ? v.toString() : v]));
    const parsed = targetFields.partial().strict().safeParse(fields);
    if (!parsed.success || !(PLAN_DOMAINS as readonly unknown[]).includes(fields.domain)) {
      problems.push({ key: `target:${id}:fields`, message: `Target "${str(fields.measure, id)}": ${parsed.success ? "choose a domain" : parsed.error.issues[0]?.message}.` });
    }
  });
  return problems;
}

/**
 * Why a member without `plan.setTargets` may not make this change, or null: it touches the top-down
 * value, the agreed value, or sets a status that records the executive's agreement. Compared on the
 * snapshots before and after, so a target created, changed or deleted with those set counts alike.
 */
export function executiveOnlyChange(before: Plan, after: Plan): string | null {
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
  }
  return null;
}
