import * as Y from "yjs";
import { z } from "zod";
import { CURRENT_FRAMEWORK, frameworkById, isMaturityLevel, isSectionId, type MaturityLevel } from "../maturity/framework";
import { can, type MemberAccess } from "../roles/roles";
import { checkWrite, childMap, forEachMap, isId, newId, setIfChanged, str, textOf, type Problem, type Result } from "./ytools";

/**
 * The SLM maturity self-assessment of one financial year (room `assessment/<2026-27>`, or
 * `assessment/<2026-27>/<divisionId>` for a division), co-edited in a workshop (issue 15; Monitor's
 * SLM framework, `shared/maturity/framework.ts`). Levels are SLM maturity, 1–4 (4 = most mature).
 * Top-level:
 *   meta          Y.Map { framework, workshopDate, overallBefore, overallAfter, overallRationale }
 *                 the framework version the answers were given against; the overall level before
 *                 and after reviewing the sections (the seed's closing question: "would you change
 *                 the SLM implementation level in your trust?")
 *   participants  Y.Map<userId, Y.Map { name, role }>          who is assessing (joined by themselves)
 *   scores        Y.Map<userId, Y.Map<sectionId, Y.Map { level, rationale }>>  each assessor's own view
 *   sections      Y.Map<sectionId, Y.Map { agreedLevel, rationale, targetLevel, targetDate,
 *                                          evidence [{ label, href }], actions [{ id, text, owner, due }] }>
 *                 what the workshop agreed
 * Rights: the room is written by those with `assessment.edit`; inside it a person without
 * `assessment.agree` changes only their own participant entry and their own scores
 * (`assessmentChangeRefusal`): the agreed levels, evidence, targets, actions and overall levels are
 * the facilitating executive's to record, and nobody scores in another assessor's name.
 */
const K = { meta: "meta", participants: "participants", scores: "scores", sections: "sections" } as const;
export const ASSESSMENT_ROOTS = Object.values(K);

export const ASSESSMENT_CAPS = { participants: 60, evidence: 20, actions: 30 } as const;

const level = z
  .number({ message: "Choose a level from 1 to 4" })
  .int("Choose a level from 1 to 4")
  .min(1, "Choose a level from 1 to 4")
  .max(4, "Choose a level from 1 to 4")
  .transform((n) => n as MaturityLevel)
  .nullable();
const isoDate = z.string().regex(/^(\d{4}-\d{2}-\d{2})?$/, "Write the date as YYYY-MM-DD");
const rationale = z.string().max(4_000, "Keep the rationale under 4,000 characters");

const metaFields = z.object({
  framework: z.string().max(80),
  workshopDate: isoDate,
  overallBefore: level,
  overallAfter: level,
  overallRationale: rationale,
});
const participantFields = z.object({ name: z.string().trim().min(1, "Give the participant's name").max(120), role: z.string().max(120) });
const scoreFields = z.object({ level, rationale });
/** A link to evidence: a page of Devolve (a path) or a document elsewhere (https). */
const evidenceItem = z
  .object({
    label: z.string().trim().min(1, "Say what the evidence is").max(200),
    href: z
      .string()
      .max(500)
      .refine((h) => h === "" || (h.startsWith("/") && !h.startsWith("//")) || /^https:\/\/[^\s]+$/.test(h), "Link to a page of Devolve (starting with /) or to an https:// address"),
  })
  .strict();
const actionItem = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
    text: z.string().trim().min(1, "Say what will be done").max(500),
    owner: z.string().max(120),
    due: isoDate,
  })
  .strict();
const sectionFields = z.object({
  agreedLevel: level,
  rationale,
  targetLevel: level,
  targetDate: isoDate,
  evidence: z.array(evidenceItem).max(ASSESSMENT_CAPS.evidence, `A section may cite at most ${ASSESSMENT_CAPS.evidence} pieces of evidence`),
  actions: z.array(actionItem).max(ASSESSMENT_CAPS.actions, `A section may hold at most ${ASSESSMENT_CAPS.actions} actions`),
});

export type EvidenceLink = z.infer<typeof evidenceItem>;
export type AssessmentAction = z.infer<typeof actionItem>;
export interface AssessorScore {
  level: MaturityLevel | null;
  rationale: string;
}
export interface AgreedSection {
  agreedLevel: MaturityLevel | null;
  rationale: string;
  targetLevel: MaturityLevel | null;
  targetDate: string;
  evidence: EvidenceLink[];
  actions: AssessmentAction[];
}
export interface Participant {
  userId: string;
  name: string;
  role: string;
}
export interface Assessment {
  framework: string;
  workshopDate: string;
  overallBefore: MaturityLevel | null;
  overallAfter: MaturityLevel | null;
  overallRationale: string;
  participants: Participant[];
  /** userId → sectionId → that assessor's score. */
  scores: Record<string, Record<string, AssessorScore>>;
  /** sectionId → what was agreed (every section of the framework is present). */
  sections: Record<string, AgreedSection>;
}

export const emptySection = (): AgreedSection => ({ agreedLevel: null, rationale: "", targetLevel: null, targetDate: "", evidence: [], actions: [] });

export const assessmentMeta = (doc: Y.Doc) => doc.getMap<unknown>(K.meta);
export const assessmentParticipants = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>(K.participants);
export const assessmentScores = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>(K.scores);
export const assessmentSections = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>(K.sections);

const lvl = (v: unknown): MaturityLevel | null => (isMaturityLevel(v) ? v : null);
const date = (v: unknown): string => (typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : "");
const list = <T>(schema: z.ZodType<T>, v: unknown): T[] => (Array.isArray(v) ? v.flatMap((x) => { const p = schema.safeParse(x); return p.success ? [p.data] : []; }) : []);

/** A plain snapshot: junk a stock client wrote is dropped; every framework section is present. */
export function readAssessment(doc: Y.Doc): Assessment {
  const meta = assessmentMeta(doc);
  const framework = str(meta.get("framework"), CURRENT_FRAMEWORK.id);
  const fw = frameworkById(framework);
  const participants: Participant[] = [];
  forEachMap(assessmentParticipants(doc) as Y.Map<unknown>, (m, userId) => {
    const name = str(m.get("name")).trim();
    if (isId(userId) && name) participants.push({ userId, name, role: str(m.get("role")) });
  });
  participants.sort((a, b) => a.name.localeCompare(b.name) || (a.userId < b.userId ? -1 : 1));
  const scores: Assessment["scores"] = {};
  forEachMap(assessmentScores(doc) as Y.Map<unknown>, (byUser, userId) => {
    if (!isId(userId)) return;
    const mine: Record<string, AssessorScore> = {};
    forEachMap(byUser, (m, sectionId) => {
      if (isSectionId(sectionId, fw)) mine[sectionId] = { level: lvl(m.get("level")), rationale: textOf(m.get("rationale")) };
    });
    scores[userId] = mine;
  });
  const sections: Assessment["sections"] = {};
  for (const part of fw.parts) for (const s of part.sections) sections[s.id] = emptySection();
  forEachMap(assessmentSections(doc) as Y.Map<unknown>, (m, id) => {
    if (!isSectionId(id, fw)) return;
    sections[id] = {
      agreedLevel: lvl(m.get("agreedLevel")),
      rationale: textOf(m.get("rationale")),
      targetLevel: lvl(m.get("targetLevel")),
      targetDate: date(m.get("targetDate")),
      evidence: list(evidenceItem, m.get("evidence")),
      actions: list(actionItem, m.get("actions")),
    };
  });
  return {
    framework: fw.id,
    workshopDate: date(meta.get("workshopDate")),
    overallBefore: lvl(meta.get("overallBefore")),
    overallAfter: lvl(meta.get("overallAfter")),
    overallRationale: textOf(meta.get("overallRationale")),
    participants,
    scores,
    sections,
  };
}

/** Records which framework the answers are given against (done once, when the workshop starts). */
export function startAssessment(doc: Y.Doc, input: { workshopDate?: string } = {}, origin?: unknown): Result {
  const checked = checkWrite(metaFields.pick({ workshopDate: true }).partial(), input);
  if (!checked.ok) return checked;
  doc.transact(() => {
    const meta = assessmentMeta(doc);
    if (!meta.has("framework")) meta.set("framework", CURRENT_FRAMEWORK.id);
    if (checked.value.workshopDate !== undefined) setIfChanged(meta, "workshopDate", checked.value.workshopDate);
  }, origin);
  return { ok: true };
}

/** Adds (or renames) a participant: the person themselves, from their session. */
export function joinAssessment(doc: Y.Doc, user: { id: string; name: string }, role: string, origin?: unknown): Result {
  if (!isId(user.id)) return { ok: false, error: "That person cannot be added" };
  const checked = checkWrite(participantFields, { name: user.name, role });
  if (!checked.ok) return checked;
  const people = assessmentParticipants(doc);
  if (!people.has(user.id) && people.size >= ASSESSMENT_CAPS.participants) return { ok: false, error: `A workshop may have at most ${ASSESSMENT_CAPS.participants} participants` };
  doc.transact(() => {
    const meta = assessmentMeta(doc);
    if (!meta.has("framework")) meta.set("framework", CURRENT_FRAMEWORK.id);
    const m = childMap(people as Y.Map<unknown>, user.id);
    setIfChanged(m, "name", checked.value.name);
    setIfChanged(m, "role", checked.value.role);
  }, origin);
  return { ok: true };
}

/** Sets one assessor's level and/or rationale for one section; they must have joined first. */
export function setScore(doc: Y.Doc, userId: string, sectionId: string, patch: Partial<AssessorScore>, origin?: unknown): Result {
  const fw = frameworkById(str(assessmentMeta(doc).get("framework")) || null);
  if (!isSectionId(sectionId, fw)) return { ok: false, error: "That section is not in the framework" };
  if (!(assessmentParticipants(doc).get(userId) instanceof Y.Map)) return { ok: false, error: "Join the workshop before scoring" };
  const checked = checkWrite(scoreFields.partial(), patch);
  if (!checked.ok) return checked;
  doc.transact(() => {
    const mine = childMap(assessmentScores(doc) as Y.Map<unknown>, userId);
    const m = childMap(mine, sectionId);
    for (const [k, v] of Object.entries(checked.value)) setIfChanged(m, k, v);
  }, origin);
  return { ok: true };
}

export type SectionPatch = Partial<Omit<AgreedSection, "evidence" | "actions">>;

/** Records what the workshop agreed for a section (level, rationale, target level and date). */
export function setAgreed(doc: Y.Doc, sectionId: string, patch: SectionPatch, origin?: unknown): Result {
  const fw = frameworkById(str(assessmentMeta(doc).get("framework")) || null);
  if (!isSectionId(sectionId, fw)) return { ok: false, error: "That section is not in the framework" };
  const checked = checkWrite(sectionFields.omit({ evidence: true, actions: true }).partial(), patch);
  if (!checked.ok) return checked;
  doc.transact(() => {
    const m = childMap(assessmentSections(doc) as Y.Map<unknown>, sectionId);
    for (const [k, v] of Object.entries(checked.value)) setIfChanged(m, k, v);
  }, origin);
  return { ok: true };
}

function setList(doc: Y.Doc, sectionId: string, field: "evidence" | "actions", next: unknown[], origin?: unknown): Result {
  const fw = frameworkById(str(assessmentMeta(doc).get("framework")) || null);
  if (!isSectionId(sectionId, fw)) return { ok: false, error: "That section is not in the framework" };
  const checked = checkWrite(sectionFields.shape[field], next);
  if (!checked.ok) return checked;
  doc.transact(() => setIfChanged(childMap(assessmentSections(doc) as Y.Map<unknown>, sectionId), field, checked.value), origin);
  return { ok: true };
}

/** Cites a piece of evidence for a section. */
export function addEvidence(doc: Y.Doc, sectionId: string, item: EvidenceLink, origin?: unknown): Result {
  const current = readAssessment(doc).sections[sectionId]?.evidence ?? [];
  if (current.some((e) => e.label === item.label.trim() && e.href === item.href)) return { ok: false, error: "That evidence is already cited" };
  return setList(doc, sectionId, "evidence", [...current, { label: item.label.trim(), href: item.href.trim() }], origin);
}

export function removeEvidence(doc: Y.Doc, sectionId: string, index: number, origin?: unknown): Result {
  const current = readAssessment(doc).sections[sectionId]?.evidence ?? [];
  if (!current[index]) return { ok: false, error: "That evidence is no longer cited" };
  return setList(doc, sectionId, "evidence", current.filter((_, i) => i !== index), origin);
}

/** Adds an improvement action to a section; returns its id. */
export function addAction(doc: Y.Doc, sectionId: string, input: Omit<AssessmentAction, "id">, origin?: unknown): Result<{ id: string }> {
  const current = readAssessment(doc).sections[sectionId]?.actions ?? [];
  const id = newId("a");
  const r = setList(doc, sectionId, "actions", [...current, { id, text: input.text.trim(), owner: input.owner.trim(), due: input.due }], origin);
  return r.ok ? { ok: true, id } : r;
}

export function removeAction(doc: Y.Doc, sectionId: string, id: string, origin?: unknown): Result {
  const current = readAssessment(doc).sections[sectionId]?.actions ?? [];
  if (!current.some((a) => a.id === id)) return { ok: false, error: "That action no longer exists" };
  return setList(doc, sectionId, "actions", current.filter((a) => a.id !== id), origin);
}

/** The overall level before and after reviewing the framework, and why it changed (or not). */
export function setOverall(doc: Y.Doc, patch: Partial<Pick<Assessment, "overallBefore" | "overallAfter" | "overallRationale" | "workshopDate">>, origin?: unknown): Result {
  const checked = checkWrite(metaFields.omit({ framework: true }).partial(), patch);
  if (!checked.ok) return checked;
  doc.transact(() => {
    const meta = assessmentMeta(doc);
    if (!meta.has("framework")) meta.set("framework", CURRENT_FRAMEWORK.id);
    for (const [k, v] of Object.entries(checked.value)) setIfChanged(meta, k, v);
  }, origin);
  return { ok: true };
}

const fieldsOf = (m: Y.Map<unknown>) => Object.fromEntries([...m.entries()].map(([k, v]) => [k, v instanceof Y.Text ? v.toString() : v]));
const firstIssue = (e: z.ZodError) => e.issues[0]?.message ?? "not allowed";

/** Entries that are not what their part holds, fields that do not parse, and caps. */
export function assessmentProblems(doc: Y.Doc): Problem[] {
  const problems: Problem[] = [];
  const meta = assessmentMeta(doc);
  const m = metaFields.partial().strict().safeParse(fieldsOf(meta as Y.Map<unknown>));
  if (!m.success) problems.push({ key: "meta:fields", message: `The assessment's details: ${firstIssue(m.error)}.` });
  const fwId = meta.get("framework");
  if (fwId !== undefined && frameworkById(str(fwId)).id !== fwId) problems.push({ key: "meta:framework", message: "The assessment names a framework Devolve does not hold." });
  const fw = frameworkById(str(fwId) || null);
  const people = assessmentParticipants(doc);
  if (people.size > ASSESSMENT_CAPS.participants) problems.push({ key: "participants:cap", message: `A workshop may have at most ${ASSESSMENT_CAPS.participants} participants.` });
  people.forEach((p, id) => {
    if (!isId(id) || !(p instanceof Y.Map)) return problems.push({ key: `participant:${id}`, message: "A participant entry is not a participant." });
    const parsed = participantFields.strict().safeParse(fieldsOf(p));
    if (!parsed.success) problems.push({ key: `participant:${id}:fields`, message: `A participant: ${firstIssue(parsed.error)}.` });
  });
  assessmentScores(doc).forEach((byUser, userId) => {
    if (!isId(userId) || !(byUser instanceof Y.Map)) return problems.push({ key: `scores:${userId}`, message: "A score entry is not an assessor's scores." });
    // Scores belong to someone who joined the workshop, so the spread names real assessors.
    if (!(people.get(userId) instanceof Y.Map)) problems.push({ key: `scores:${userId}:who`, message: "Scores were given for someone who has not joined the workshop." });
    byUser.forEach((s, sectionId) => {
      if (!isSectionId(sectionId, fw) || !(s instanceof Y.Map)) return problems.push({ key: `score:${userId}:${sectionId}`, message: `A score is for "${String(sectionId).slice(0, 20)}", which is not a section of the framework.` });
      const parsed = scoreFields.partial().strict().safeParse(fieldsOf(s as Y.Map<unknown>));
      if (!parsed.success) problems.push({ key: `score:${userId}:${sectionId}:fields`, message: `A score: ${firstIssue(parsed.error)}.` });
    });
  });
  assessmentSections(doc).forEach((s, sectionId) => {
    if (!isSectionId(sectionId, fw) || !(s instanceof Y.Map)) return problems.push({ key: `section:${sectionId}`, message: `"${String(sectionId).slice(0, 20)}" is not a section of the framework.` });
    const parsed = sectionFields.partial().strict().safeParse(fieldsOf(s));
    if (!parsed.success) problems.push({ key: `section:${sectionId}:fields`, message: `${sectionId}: ${firstIssue(parsed.error)}.` });
  });
  return problems;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Why this member may not make the change from `before` to `after`, or null. Without
 * `assessment.agree` a person changes only their own participant entry and their own scores; the
 * collaboration server supplies `member.userId` (a member without one may change nothing finer).
 */
export function assessmentChangeRefusal(member: MemberAccess & { userId?: string }, before: Assessment, after: Assessment): string | null {
  if (can(member, "assessment.agree")) return null;
  const me = member.userId;
  if (!same(before.sections, after.sections) || before.overallBefore !== after.overallBefore || before.overallAfter !== after.overallAfter || before.overallRationale !== after.overallRationale || before.workshopDate !== after.workshopDate) {
    return "Only an executive can record the agreed levels, evidence, targets, actions and overall level.";
  }
  if (before.framework !== after.framework && before.participants.length > 0) return "Only an executive can change the framework an assessment uses.";
  const people = (a: Assessment) => new Map(a.participants.map((p) => [p.userId, p]));
  const was = people(before);
  const now = people(after);
  for (const id of new Set([...was.keys(), ...now.keys()])) {
    if (id !== me && !same(was.get(id), now.get(id))) return "You can add or change only yourself as a participant.";
  }
  for (const id of new Set([...Object.keys(before.scores), ...Object.keys(after.scores)])) {
    if (id !== me && !same(before.scores[id], after.scores[id])) return "You can change only your own scores.";
  }
  return null;
}
