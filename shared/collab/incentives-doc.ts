import * as Y from "yjs";
import { z } from "zod";
import { AUTONOMY_LEVELS, type AutonomyLevel } from "../autonomy/types";
import {
  consequenceSchema,
  DEFAULT_GATEWAYS,
  emptyFramework,
  emptyReward,
  FRAMEWORK_CAPS,
  gatewaySchema,
  isLevelKey,
  levelKey,
  rewardSchema,
  type ConsequenceRule,
  type FrameworkComment,
  type IncentiveFramework,
  type Reward,
} from "../incentives/framework";
import { can, type MemberAccess } from "../roles/roles";
import { checkWrite, childMap, finite, forEachMap, isId, newId, setIfChanged, type Problem, type Result } from "./ytools";

/**
 * The incentive and consequence framework of one financial year (room `incentives/<2026-27>`,
 * issue 13; the model is `shared/incentives/framework.ts`). Top-level:
 *   meta          Y.Map { summary, capPerLine (pounds, or absent for no cap), gateQuality,
 *                         qualityMonths, gateNeverEvent, gateControlTotal }
 *   rewards       Y.Map<"1".."4", Y.Map { sharePct, capitalAccess, developmentFund, recognition }>
 *   consequences  Y.Map<id, Y.Map { kind, fromLevel, days, months, detail, order }>
 *   comments      Y.Map<id, Y.Map { userId, name, text, at }>
 * Rights: the room is written by those with `incentives.comment`; inside it a person without
 * `incentives.edit` (the executive's) adds, changes or removes only their own comments
 * (`incentivesChangeRefusal`) — Monitor's SLM framework Part 2 §5 level 2, "Clinicians involved in
 * defining incentives and consequences framework"; level 3, "agreed by trust board".
 */
const K = { meta: "meta", rewards: "rewards", consequences: "consequences", comments: "comments" } as const;
export const INCENTIVES_ROOTS = Object.values(K);

export const incentivesMeta = (doc: Y.Doc) => doc.getMap<unknown>(K.meta);
export const incentivesRewards = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>(K.rewards);
export const incentivesConsequences = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>(K.consequences);
export const incentivesComments = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>(K.comments);

const metaFields = z.object({
  summary: z.string().max(FRAMEWORK_CAPS.text, `Keep the summary under ${FRAMEWORK_CAPS.text.toLocaleString("en-GB")} characters`),
  capPerLine: z.number({ message: "Enter the cap in pounds" }).finite().min(0, "A cap cannot be negative").max(1e9, "That cap is too large"),
  gateQuality: z.boolean(),
  qualityMonths: gatewaySchema.shape.qualityMonths,
  gateNeverEvent: z.boolean(),
  gateControlTotal: z.boolean(),
});
const consequenceFields = consequenceSchema.extend({ order: z.number().finite() });
const commentFields = z.object({
  userId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  name: z.string().trim().min(1).max(120),
  text: z.string().trim().min(1, "Write your comment").max(FRAMEWORK_CAPS.text, `Keep a comment under ${FRAMEWORK_CAPS.text.toLocaleString("en-GB")} characters`),
  at: z.string().max(40),
});

const fieldsOf = (m: Y.Map<unknown>) => Object.fromEntries([...m.entries()].map(([k, v]) => [k, v instanceof Y.Text ? v.toString() : v]));
const firstIssue = (e: z.ZodError) => e.issues[0]?.message ?? "not allowed";
const parsedOr = <T>(schema: z.ZodType<T>, v: unknown, fallback: T): T => {
  const p = schema.safeParse(v);
  return p.success ? p.data : fallback;
};

/** A plain snapshot: junk a stock client wrote is dropped; every level is present. */
export function readIncentives(doc: Y.Doc): IncentiveFramework {
  const f = emptyFramework();
  const meta = incentivesMeta(doc);
  f.summary = parsedOr(metaFields.shape.summary, meta.get("summary"), "");
  const cap = finite(meta.get("capPerLine"));
  f.capPerLine = cap !== null && cap >= 0 ? cap : null;
  f.gateways = {
    quality: parsedOr(z.boolean(), meta.get("gateQuality"), DEFAULT_GATEWAYS.quality),
    qualityMonths: parsedOr(gatewaySchema.shape.qualityMonths, meta.get("qualityMonths"), DEFAULT_GATEWAYS.qualityMonths),
    neverEvent: parsedOr(z.boolean(), meta.get("gateNeverEvent"), DEFAULT_GATEWAYS.neverEvent),
    controlTotal: parsedOr(z.boolean(), meta.get("gateControlTotal"), DEFAULT_GATEWAYS.controlTotal),
  };
  forEachMap(incentivesRewards(doc) as Y.Map<unknown>, (m, key) => {
    if (!isLevelKey(key)) return;
    const base = emptyReward();
    const shape = rewardSchema.shape;
    f.rewards[key] = {
      sharePct: parsedOr(shape.sharePct, m.get("sharePct"), base.sharePct),
      capitalAccess: parsedOr(shape.capitalAccess, m.get("capitalAccess"), ""),
      developmentFund: parsedOr(shape.developmentFund, m.get("developmentFund"), 0),
      recognition: parsedOr(shape.recognition, m.get("recognition"), ""),
    };
  });
  const rules: (ConsequenceRule & { order: number })[] = [];
  forEachMap(incentivesConsequences(doc) as Y.Map<unknown>, (m, id) => {
    const p = consequenceFields.safeParse(fieldsOf(m));
    if (isId(id) && p.success) rules.push({ id, ...p.data });
  });
  f.consequences = rules.sort((a, b) => a.order - b.order || a.id.localeCompare(b.id)).map(({ order: _order, ...r }) => r);
  const comments: FrameworkComment[] = [];
  forEachMap(incentivesComments(doc) as Y.Map<unknown>, (m, id) => {
    const p = commentFields.safeParse(fieldsOf(m));
    if (isId(id) && p.success) comments.push({ id, ...p.data });
  });
  f.comments = comments.sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
  return f;
}

/** Sets one level's reward (share retained, capital access, development fund, recognition). */
export function setReward(doc: Y.Doc, level: AutonomyLevel, patch: Partial<Reward>, origin?: unknown): Result {
  if (!(AUTONOMY_LEVELS as readonly number[]).includes(level)) return { ok: false, error: "Choose a level from 1 to 4" };
  const checked = checkWrite(rewardSchema.partial(), patch);
  if (!checked.ok) return checked;
  doc.transact(() => {
    const m = childMap(incentivesRewards(doc) as Y.Map<unknown>, levelKey(level));
    for (const [k, v] of Object.entries(checked.value)) setIfChanged(m, k, v);
  }, origin);
  return { ok: true };
}

export interface FrameworkSettings {
  summary: string;
  capPerLine: number | null;
  gateQuality: boolean;
  qualityMonths: number;
  gateNeverEvent: boolean;
  gateControlTotal: boolean;
}

/** The summary, the cap (null: no cap) and the gateways. */
export function setSettings(doc: Y.Doc, patch: Partial<FrameworkSettings>, origin?: unknown): Result {
  const { capPerLine, ...rest } = patch;
  const checked = checkWrite(metaFields.omit({ capPerLine: true }).partial(), rest);
  if (!checked.ok) return checked;
  if (capPerLine !== undefined && capPerLine !== null) {
    const cap = checkWrite(metaFields.shape.capPerLine, capPerLine);
    if (!cap.ok) return cap;
  }
  doc.transact(() => {
    const meta = incentivesMeta(doc);
    for (const [k, v] of Object.entries(checked.value)) setIfChanged(meta, k, v);
    if (capPerLine !== undefined) setIfChanged(meta, "capPerLine", capPerLine === null ? undefined : capPerLine);
  }, origin);
  return { ok: true };
}

/** Adds a consequence rule at the end; returns its id. */
export function addConsequence(doc: Y.Doc, input: Omit<ConsequenceRule, "id">, origin?: unknown): Result<{ id: string }> {
  const existing = incentivesConsequences(doc);
  if (existing.size >= FRAMEWORK_CAPS.consequences) return { ok: false, error: `A framework may name at most ${FRAMEWORK_CAPS.consequences} consequences` };
  const checked = checkWrite(consequenceSchema, input);
  if (!checked.ok) return checked;
  const id = newId("c");
  let order = 0;
  existing.forEach((m) => (order = Math.max(order, m instanceof Y.Map ? (finite(m.get("order")) ?? 0) : 0)));
  doc.transact(() => {
    const m = childMap(existing as Y.Map<unknown>, id);
    for (const [k, v] of Object.entries({ ...checked.value, order: order + 1 })) m.set(k, v);
  }, origin);
  return { ok: true, id };
}

export function updateConsequence(doc: Y.Doc, id: string, patch: Partial<Omit<ConsequenceRule, "id">>, origin?: unknown): Result {
  const m = incentivesConsequences(doc).get(id);
  if (!(m instanceof Y.Map)) return { ok: false, error: "That consequence no longer exists" };
  const checked = checkWrite(consequenceSchema.partial(), patch);
  if (!checked.ok) return checked;
  doc.transact(() => {
    for (const [k, v] of Object.entries(checked.value)) setIfChanged(m, k, v);
  }, origin);
  return { ok: true };
}

export function removeConsequence(doc: Y.Doc, id: string, origin?: unknown): Result {
  const map = incentivesConsequences(doc);
  if (!map.has(id)) return { ok: false, error: "That consequence no longer exists" };
  doc.transact(() => map.delete(id), origin);
  return { ok: true };
}

/** Adds a comment in the person's own name; returns its id. */
export function addComment(doc: Y.Doc, user: { id: string; name: string }, text: string, at = new Date().toISOString(), origin?: unknown): Result<{ id: string }> {
  const map = incentivesComments(doc);
  if (map.size >= FRAMEWORK_CAPS.comments) return { ok: false, error: `The framework holds at most ${FRAMEWORK_CAPS.comments} comments` };
  const checked = checkWrite(commentFields, { userId: user.id, name: user.name, text, at });
  if (!checked.ok) return checked;
  const id = newId("k");
  doc.transact(() => {
    const m = childMap(map as Y.Map<unknown>, id);
    for (const [k, v] of Object.entries(checked.value)) m.set(k, v);
  }, origin);
  return { ok: true, id };
}

export function removeComment(doc: Y.Doc, id: string, origin?: unknown): Result {
  const map = incentivesComments(doc);
  if (!map.has(id)) return { ok: false, error: "That comment no longer exists" };
  doc.transact(() => map.delete(id), origin);
  return { ok: true };
}

/** Entries that are not what their part holds, fields that do not parse, and caps. */
export function incentivesProblems(doc: Y.Doc): Problem[] {
  const problems: Problem[] = [];
  const meta = metaFields.partial().strict().safeParse(fieldsOf(incentivesMeta(doc) as Y.Map<unknown>));
  if (!meta.success) problems.push({ key: "meta:fields", message: `The framework's settings: ${firstIssue(meta.error)}.` });
  incentivesRewards(doc).forEach((m, key) => {
    if (!isLevelKey(key) || !(m instanceof Y.Map)) return problems.push({ key: `reward:${key}`, message: `"${String(key).slice(0, 20)}" is not an earned-autonomy level.` });
    const p = rewardSchema.partial().strict().safeParse(fieldsOf(m));
    if (!p.success) problems.push({ key: `reward:${key}:fields`, message: `Level ${key}: ${firstIssue(p.error)}.` });
  });
  const consequences = incentivesConsequences(doc);
  if (consequences.size > FRAMEWORK_CAPS.consequences) problems.push({ key: "consequences:cap", message: `A framework may name at most ${FRAMEWORK_CAPS.consequences} consequences.` });
  consequences.forEach((m, id) => {
    if (!isId(id) || !(m instanceof Y.Map)) return problems.push({ key: `consequence:${id}`, message: "A consequence entry is not a consequence." });
    const p = consequenceFields.strict().safeParse(fieldsOf(m));
    if (!p.success) problems.push({ key: `consequence:${id}:fields`, message: `A consequence: ${firstIssue(p.error)}.` });
  });
  const comments = incentivesComments(doc);
  if (comments.size > FRAMEWORK_CAPS.comments) problems.push({ key: "comments:cap", message: `The framework holds at most ${FRAMEWORK_CAPS.comments} comments.` });
  comments.forEach((m, id) => {
    if (!isId(id) || !(m instanceof Y.Map)) return problems.push({ key: `comment:${id}`, message: "A comment entry is not a comment." });
    const p = commentFields.strict().safeParse(fieldsOf(m));
    if (!p.success) problems.push({ key: `comment:${id}:fields`, message: `A comment: ${firstIssue(p.error)}.` });
  });
  return problems;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Why this member may not make the change from `before` to `after`, or null. Without
 * `incentives.edit` a person changes only comments written in their own name; the collaboration
 * server supplies `member.userId` (without it nothing finer than the room is allowed).
 */
export function incentivesChangeRefusal(member: MemberAccess, before: IncentiveFramework, after: IncentiveFramework): string | null {
  if (can(member, "incentives.edit")) return null;
  const { comments: bc, ...restBefore } = before;
  const { comments: ac, ...restAfter } = after;
  if (!same(restBefore, restAfter)) return "Only an executive can change the rewards, consequences and gateways of the incentive framework; you may comment on it.";
  const was = new Map(bc.map((c) => [c.id, c]));
  const now = new Map(ac.map((c) => [c.id, c]));
  for (const id of new Set([...was.keys(), ...now.keys()])) {
    const a = was.get(id);
    const b = now.get(id);
    if (same(a, b)) continue;
    const owner = (a ?? b)!.userId;
    if (!member.userId || owner !== member.userId || (a && b && a.userId !== b.userId)) return "You can add, change or remove only your own comments.";
  }
  return null;
}
