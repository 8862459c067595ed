import * as Y from "yjs";
import { z } from "zod";
import { can, type MemberAccess } from "../roles/roles";
import { checkWrite, childMap, forEachMap, isId, newId, setIfChanged, str, type Problem, type Result } from "./ytools";

/**
 * The action log of a review series (room `actions/<seriesId>`), co-edited live during the meeting
 * and kept between meetings. ULHT §5.1: "The meetings will maintain action logs. Actions will be
 * linked back to the Division's priorities … and will link to the delivery of the Trust's
 * objectives"; "the Performance Manager … will be responsible for ensuring the action log is
 * maintained both during and after the meetings". One log per series, not per meeting, so an action
 * raised in May is still open, with its updates, at the June meeting. Top-level:
 *   meta     Y.Map { seriesId, unitId, prefix, chairId, secretaryId }   written only by the server
 *            (when the series is set up or its chair changes): who may write everything
 *   actions  Y.Map<id, Y.Map { ref, action, linkKind, linkRef, linkLabel, unitId, ownerId, ownerName,
 *                              due, rag, status, evidence, closedOn, meetingId, raisedOn, order }>
 *   updates  Y.Map<id, Y.Map { actionId, text, on, byId, byName, meetingId }>  progress notes, one
 *            entry each so two people adding updates at once both keep theirs
 * Rules (`actionLogProblems`): an action is closed only with its evidence and the date it closed
 * (issue 13: "closing an action needs its evidence"). Rights (`actionLogChangeRefusal`): the room is
 * written by those with `review.actions`; inside it the chair and secretary (from meta) and those
 * with `review.record` write anything but meta; anyone else only the actions of their own service
 * lines or owned by them, and only their own updates.
 */
const K = { meta: "meta", actions: "actions", updates: "updates" } as const;
export const ACTION_LOG_ROOTS = Object.values(K);
export const ACTION_LOG_CAPS = { actions: 1_000, updates: 5_000 } as const;

export const ACTION_RAG = ["red", "amber", "green"] as const;
export type ActionRag = (typeof ACTION_RAG)[number];
export const ACTION_RAG_LABELS: Record<ActionRag, string> = { red: "Red: off track", amber: "Amber: at risk", green: "Green: on track" };
export const ACTION_STATES = ["open", "closed"] as const;
export const LINK_KINDS = ["none", "objective", "kpi"] as const;
export const LINK_KIND_LABELS: Record<(typeof LINK_KINDS)[number], string> = { none: "Not linked", objective: "Objective", kpi: "KPI" };

const isoDate = z.string().regex(/^(\d{4}-\d{2}-\d{2})?$/, "Write the date as YYYY-MM-DD");
const idOrEmpty = z.string().regex(/^[A-Za-z0-9_-]{0,64}$/, "Not an id");

const metaFields = z.object({
  seriesId: idOrEmpty,
  unitId: idOrEmpty,
  prefix: z.string().max(12),
  chairId: idOrEmpty,
  secretaryId: idOrEmpty,
});
export const actionFields = z.object({
  ref: z.string().trim().min(1, "Give the action a reference").max(20, "Keep the reference under 20 characters"),
  action: z.string().trim().min(1, "Say what will be done").max(1_000, "Keep the action under 1,000 characters"),
  linkKind: z.enum(LINK_KINDS, { message: "Choose an objective, a KPI or neither" }),
  linkRef: z.string().max(64),
  linkLabel: z.string().max(200),
  /** The service line (or division) the action concerns: its members may update it. */
  unitId: idOrEmpty,
  ownerId: idOrEmpty,
  ownerName: z.string().trim().min(1, "Name the action's owner").max(120),
  due: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Give the due date as YYYY-MM-DD"),
  rag: z.enum(ACTION_RAG, { message: "Choose red, amber or green" }),
  status: z.enum(ACTION_STATES, { message: "An action is open or closed" }),
  evidence: z.string().max(2_000, "Keep the evidence under 2,000 characters"),
  closedOn: isoDate,
  /** The meeting that raised it. */
  meetingId: idOrEmpty,
  raisedOn: isoDate,
  order: z.number().finite(),
});
const updateFields = z.object({
  actionId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "An update belongs to an action"),
  text: z.string().trim().min(1, "Write the update").max(2_000, "Keep the update under 2,000 characters"),
  on: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Give the update's date as YYYY-MM-DD"),
  byId: idOrEmpty,
  byName: z.string().max(120),
  meetingId: idOrEmpty,
});

export type ActionLogMeta = z.infer<typeof metaFields>;
export type LoggedAction = z.infer<typeof actionFields> & { id: string };
export type ActionUpdate = z.infer<typeof updateFields> & { id: string };
export interface ActionLog {
  meta: ActionLogMeta;
  actions: LoggedAction[];
  updates: ActionUpdate[];
}
export type NewAction = Pick<LoggedAction, "action" | "ownerName" | "due"> & Partial<Omit<LoggedAction, "id" | "order">>;
export type ActionPatch = Partial<Omit<LoggedAction, "id">>;

/** Evidence that closes an action: a few words at least, not a blank. */
const MIN_EVIDENCE = 3;

export const actionLogMeta = (doc: Y.Doc) => doc.getMap<unknown>(K.meta);
export const actionLogActions = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>(K.actions);
export const actionLogUpdates = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>(K.updates);

const EMPTY_META: ActionLogMeta = { seriesId: "", unitId: "", prefix: "", chairId: "", secretaryId: "" };
const ACTION_DEFAULTS = { ref: "", action: "", linkKind: "none", linkRef: "", linkLabel: "", unitId: "", ownerId: "", ownerName: "", due: "", rag: "amber", status: "open", evidence: "", closedOn: "", meetingId: "", raisedOn: "", order: 0 } as const;

/** Reads an object field by field against its schema: a field written badly falls back to its default. */
function readFields<T extends Record<string, unknown>>(schema: z.AnyZodObject, m: Y.Map<unknown>, defaults: T): T {
  const out: Record<string, unknown> = { ...defaults };
  for (const [k, s] of Object.entries(schema.shape as Record<string, z.ZodTypeAny>)) {
    const v = m.get(k);
    if (v !== undefined && s.safeParse(v).success) out[k] = v;
  }
  return out as T;
}

export function readActionLog(doc: Y.Doc): ActionLog {
  const meta = readFields(metaFields, actionLogMeta(doc) as Y.Map<unknown>, EMPTY_META);
  const actions: LoggedAction[] = [];
  forEachMap(actionLogActions(doc) as Y.Map<unknown>, (m, id) => {
    if (isId(id)) actions.push({ ...readFields(actionFields, m, ACTION_DEFAULTS as unknown as z.infer<typeof actionFields>), id });
  });
  actions.sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : 1));
  const updates: ActionUpdate[] = [];
  forEachMap(actionLogUpdates(doc) as Y.Map<unknown>, (m, id) => {
    if (!isId(id)) return;
    const u = readFields(updateFields, m, { actionId: "", text: "", on: "", byId: "", byName: "", meetingId: "" });
    if (u.actionId) updates.push({ ...u, id });
  });
  updates.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : a.id < b.id ? -1 : 1));
  return { meta, actions, updates };
}

/** Writes who the log belongs to and who chairs it: server code only (members are refused). */
export function setActionLogMeta(doc: Y.Doc, patch: Partial<ActionLogMeta>, origin?: unknown): Result {
  const checked = checkWrite(metaFields.partial(), patch);
  if (!checked.ok) return checked;
  doc.transact(() => {
    for (const [k, v] of Object.entries(checked.value)) setIfChanged(actionLogMeta(doc), k, v);
  }, origin);
  return { ok: true };
}

/** The next reference in the series' numbering: "MED-7". */
export function nextActionRef(log: ActionLog): string {
  const prefix = log.meta.prefix || "A";
  let n = 0;
  for (const a of log.actions) {
    const m = /-(\d+)$/.exec(a.ref);
    if (m) n = Math.max(n, Number(m[1]));
  }
  return `${prefix}-${n + 1}`;
}

/** Adds an open action; returns its id and reference. */
export function addLoggedAction(doc: Y.Doc, input: NewAction, origin?: unknown): Result<{ id: string; ref: string }> {
  const log = readActionLog(doc);
  if (log.actions.length >= ACTION_LOG_CAPS.actions) return { ok: false, error: `An action log may hold at most ${ACTION_LOG_CAPS.actions} actions` };
  const order = Math.max(-1, ...log.actions.map((a) => a.order)) + 1;
  const ref = input.ref?.trim() || nextActionRef(log);
  const checked = checkWrite(actionFields, { ...ACTION_DEFAULTS, ...input, ref, order, status: "open", evidence: input.evidence ?? "", closedOn: "" });
  if (!checked.ok) return checked;
  const id = newId("ac");
  doc.transact(() => {
    const m = childMap(actionLogActions(doc) as Y.Map<unknown>, id);
    for (const [k, v] of Object.entries(checked.value)) m.set(k, v);
  }, origin);
  return { ok: true, id, ref };
}

/** Changes only the given fields of an action; closing one needs its evidence. */
export function setActionFields(doc: Y.Doc, id: string, patch: ActionPatch, origin?: unknown): Result {
  const m = actionLogActions(doc).get(id);
  if (!(m instanceof Y.Map)) return { ok: false, error: "That action no longer exists" };
  const checked = checkWrite(actionFields.partial(), patch);
  if (!checked.ok) return checked;
  const current = readActionLog(doc).actions.find((a) => a.id === id)!;
  const next = { ...current, ...checked.value };
  const why = closingProblem(next);
  if (why) return { ok: false, error: why };
  doc.transact(() => {
    for (const [k, v] of Object.entries(checked.value)) setIfChanged(m, k, v);
  }, origin);
  return { ok: true };
}

/** Closes an action with its evidence on a date. */
export function closeAction(doc: Y.Doc, id: string, evidence: string, on: string, origin?: unknown): Result {
  return setActionFields(doc, id, { status: "closed", evidence: evidence.trim(), closedOn: on, rag: "green" }, origin);
}

/** Reopens a closed action (the evidence did not hold up). */
export function reopenAction(doc: Y.Doc, id: string, origin?: unknown): Result {
  return setActionFields(doc, id, { status: "open", closedOn: "" }, origin);
}

export function removeLoggedAction(doc: Y.Doc, id: string, origin?: unknown): Result {
  if (!actionLogActions(doc).has(id)) return { ok: false, error: "That action no longer exists" };
  doc.transact(() => {
    actionLogActions(doc).delete(id);
    for (const u of readActionLog(doc).updates) if (u.actionId === id) actionLogUpdates(doc).delete(u.id);
  }, origin);
  return { ok: true };
}

/** Adds a progress note to an action. */
export function addActionUpdate(doc: Y.Doc, input: Omit<ActionUpdate, "id">, origin?: unknown): Result<{ id: string }> {
  if (!(actionLogActions(doc).get(input.actionId) instanceof Y.Map)) return { ok: false, error: "That action no longer exists" };
  if (actionLogUpdates(doc).size >= ACTION_LOG_CAPS.updates) return { ok: false, error: "This action log has too many updates" };
  const checked = checkWrite(updateFields, input);
  if (!checked.ok) return checked;
  const id = newId("up");
  doc.transact(() => {
    const m = childMap(actionLogUpdates(doc) as Y.Map<unknown>, id);
    for (const [k, v] of Object.entries(checked.value)) m.set(k, v);
  }, origin);
  return { ok: true, id };
}

/** Why an action in this state breaks the log's rules, or null. */
function closingProblem(a: Pick<LoggedAction, "status" | "evidence" | "closedOn" | "ref">): string | null {
  if (a.status !== "closed") return null;
  if (a.evidence.trim().length < MIN_EVIDENCE) return `Action ${a.ref} cannot be closed without its evidence: say what shows it is done.`;
  if (!a.closedOn) return `Action ${a.ref} cannot be closed without the date it was closed.`;
  return null;
}

/** Whether an action is past its due date and still open on a date. */
export function isOverdue(a: Pick<LoggedAction, "status" | "due">, today: string): boolean {
  return a.status === "open" && !!a.due && a.due < today;
}

const fieldsOf = (m: Y.Map<unknown>) => Object.fromEntries([...m.entries()].map(([k, v]) => [k, v instanceof Y.Text ? v.toString() : v]));
const firstIssue = (e: z.ZodError) => e.issues[0]?.message ?? "not allowed";

/** Entries that are not what their part holds, fields that do not parse, caps, and closing without evidence. */
export function actionLogProblems(doc: Y.Doc): Problem[] {
  const problems: Problem[] = [];
  const meta = metaFields.partial().strict().safeParse(fieldsOf(actionLogMeta(doc) as Y.Map<unknown>));
  if (!meta.success) problems.push({ key: "meta:fields", message: `The action log's details: ${firstIssue(meta.error)}.` });
  const actions = actionLogActions(doc);
  if (actions.size > ACTION_LOG_CAPS.actions) problems.push({ key: "actions:cap", message: `An action log may hold at most ${ACTION_LOG_CAPS.actions} actions.` });
  actions.forEach((m, id) => {
    if (!isId(id) || !(m instanceof Y.Map)) return problems.push({ key: `action:${id}`, message: "An entry in the action log is not an action." });
    const fields = fieldsOf(m);
    const parsed = actionFields.strict().safeParse(fields);
    if (!parsed.success) return problems.push({ key: `action:${id}:fields`, message: `Action ${str(fields.ref, "")}: ${firstIssue(parsed.error)}.`.replace("  ", " ") });
    const why = closingProblem(parsed.data);
    if (why) problems.push({ key: `action:${id}:closing`, message: why });
  });
  const updates = actionLogUpdates(doc);
  if (updates.size > ACTION_LOG_CAPS.updates) problems.push({ key: "updates:cap", message: "This action log has too many updates." });
  updates.forEach((m, id) => {
    if (!isId(id) || !(m instanceof Y.Map)) return problems.push({ key: `update:${id}`, message: "An entry in the updates is not an update." });
    const parsed = updateFields.strict().safeParse(fieldsOf(m));
    if (!parsed.success) return problems.push({ key: `update:${id}:fields`, message: `An update: ${firstIssue(parsed.error)}.` });
    if (!(actions.get(parsed.data.actionId) instanceof Y.Map)) problems.push({ key: `update:${id}:action`, message: "An update is for an action that is not in the log." });
  });
  return problems;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Why this member may not make the change from `before` to `after`, or null. Nobody changes meta
 * (the server writes it). The chair, the secretary and those with `review.record` change anything
 * else; anyone else only actions of their own service lines or that they own — before and after the
 * change, so an action cannot be handed to someone else's line — and only updates they wrote.
 */
export function actionLogChangeRefusal(member: MemberAccess & { userId?: string }, before: ActionLog, after: ActionLog): string | null {
  if (!same(before.meta, after.meta)) return "The action log's series and chair are set on the series page, not here.";
  const me = member.userId ?? "";
  if (can(member, "review.record")) return null;
  if (me && (me === before.meta.chairId || me === before.meta.secretaryId)) return null;
  const mine = (a: LoggedAction | undefined) => !a || (!!a.unitId && member.serviceLineIds.includes(a.unitId)) || (!!me && a.ownerId === me);
  const was = new Map(before.actions.map((a) => [a.id, a]));
  const now = new Map(after.actions.map((a) => [a.id, a]));
  for (const id of new Set([...was.keys(), ...now.keys()])) {
    const a = was.get(id);
    const b = now.get(id);
    if (same(a, b)) continue;
    if (!mine(a) || !mine(b)) return "You can change only your own service line's actions or those you own.";
  }
  const upWas = new Map(before.updates.map((u) => [u.id, u]));
  const upNow = new Map(after.updates.map((u) => [u.id, u]));
  for (const id of new Set([...upWas.keys(), ...upNow.keys()])) {
    const a = upWas.get(id);
    const b = upNow.get(id);
    if (same(a, b)) continue;
    const action = (u: ActionUpdate | undefined) => (u ? (now.get(u.actionId) ?? was.get(u.actionId)) : undefined);
    if ((a && a.byId !== me) || (b && b.byId !== me)) return "You can add or change only your own updates.";
    if ((a && !mine(action(a))) || (b && !mine(action(b)))) return "You can update only your own service line's actions or those you own.";
  }
  return null;
}
