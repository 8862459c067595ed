/**
 * Governance records in SQLite: versions and their lifecycle, the Board and its meetings, role
 * tenures, temporary delegations and earned-autonomy determinations. Every write also appends to the
 * audit chain in the same transaction, so a record and its audit entry exist together or not at all.
 */
import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, lte, type SQL } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client";
import { autonomyDeterminations, boardMeetings, boardMembers, docUpdates, docVersions, governanceSettings, roleTenures, temporaryDelegations, users, versionEvents } from "../../db/schema";
import type { AutonomyLevel } from "../../shared/autonomy/types";
import {
  DEFAULT_QUORUM,
  type Attendance,
  type BoardMeeting,
  type BoardMember,
  type CoverPaper,
  type Determination,
  type DocVersion,
  type QuorumRule,
  type RoleTenure,
  type TemporaryDelegation,
  type VersionContents,
  type VersionedDoc,
  type VersionEditor,
  type VersionEvent,
  type VersionEventKind,
} from "../../shared/governance/types";
import { appendAudit, sha256Hex } from "../audit/chain";

/** Who did it, as the audit trail names them. */
export interface Actor {
  id: string | null;
  name: string | null;
}

type VersionRow = typeof docVersions.$inferSelect;

function toVersion(r: Omit<VersionRow, "state" | "content">): DocVersion {
  return {
    id: r.id,
    workspaceId: r.workspaceId,
    doc: r.doc,
    number: r.number,
    title: r.title,
    owner: r.owner,
    narrative: r.narrative,
    seq: r.seq,
    sha256: r.sha256,
    prevSha256: r.prevSha256,
    editors: JSON.parse(r.editors) as VersionEditor[],
    cover: JSON.parse(r.cover) as CoverPaper,
    reviewBy: r.reviewBy,
    proposedEffectiveFrom: r.proposedEffectiveFrom,
    createdBy: r.createdBy,
    createdAt: r.createdAt,
  };
}

const versionColumns = {
  id: docVersions.id,
  workspaceId: docVersions.workspaceId,
  doc: docVersions.doc,
  number: docVersions.number,
  title: docVersions.title,
  owner: docVersions.owner,
  narrative: docVersions.narrative,
  seq: docVersions.seq,
  sha256: docVersions.sha256,
  prevSha256: docVersions.prevSha256,
  editors: docVersions.editors,
  cover: docVersions.cover,
  reviewBy: docVersions.reviewBy,
  proposedEffectiveFrom: docVersions.proposedEffectiveFrom,
  createdBy: docVersions.createdBy,
  createdAt: docVersions.createdAt,
};

/** Every version of a workspace's documents (or one document), oldest first, without their states. */
export function listVersions(db: DbOrTx, workspaceId: string, doc?: VersionedDoc): DocVersion[] {
  const where = doc ? and(eq(docVersions.workspaceId, workspaceId), eq(docVersions.doc, doc)) : eq(docVersions.workspaceId, workspaceId);
  return db.select(versionColumns).from(docVersions).where(where).orderBy(asc(docVersions.createdAt), asc(docVersions.id)).all().map(toVersion);
}

export function getVersion(db: DbOrTx, workspaceId: string, id: string): DocVersion | null {
  const r = db.select(versionColumns).from(docVersions).where(and(eq(docVersions.workspaceId, workspaceId), eq(docVersions.id, id))).get();
  return r ? toVersion(r) : null;
}

// Versions never change (the table refuses UPDATE), so their parsed content can be kept for the
// life of the process; bounded so that a deployment of many trusts does not grow without limit.
const contentCache = new Map<string, unknown>();
const CONTENT_CACHE_MAX = 500;

/** A version's typed content (the scheme and rules, or the structure), parsed once per process. */
export function versionContent<D extends VersionedDoc>(db: DbOrTx, workspaceId: string, id: string, doc: D): VersionContents[D] | null {
  const key = `${workspaceId}\u0000${id}`;
  const cached = contentCache.get(key);
  if (cached) return cached as VersionContents[D];
  const r = db.select({ content: docVersions.content, doc: docVersions.doc }).from(docVersions).where(and(eq(docVersions.workspaceId, workspaceId), eq(docVersions.id, id))).get();
  if (!r || r.doc !== doc) return null;
  const parsed = JSON.parse(r.content) as VersionContents[D];
  if (contentCache.size >= CONTENT_CACHE_MAX) contentCache.delete(contentCache.keys().next().value!);
  contentCache.set(key, parsed);
  return parsed;
}

/** A version's stored Yjs state, exactly as hashed. */
export function versionState(db: DbOrTx, workspaceId: string, id: string): Uint8Array | null {
  return db.select({ state: docVersions.state }).from(docVersions).where(and(eq(docVersions.workspaceId, workspaceId), eq(docVersions.id, id))).get()?.state ?? null;
}

export interface NewVersion {
  workspaceId: string;
  doc: VersionedDoc;
  number: string;
  title: string;
  owner: string;
  narrative: string;
  seq: number;
  state: Uint8Array;
  content: unknown;
  editors: VersionEditor[];
  cover: CoverPaper;
  reviewBy: string;
  proposedEffectiveFrom: string;
  /** The date it is proposed (the event's date). */
  date: string;
  at?: number;
}

/**
 * Freezes a snapshot as a version and records that it was proposed. Its hash chains to the previous
 * version of the same document.
 */
export function createVersion(db: Db, input: NewVersion, actor: Actor): DocVersion {
  const at = input.at ?? Date.now();
  return db.transaction((tx) => {
    const prev = tx
      .select({ sha256: docVersions.sha256 })
      .from(docVersions)
      .where(and(eq(docVersions.workspaceId, input.workspaceId), eq(docVersions.doc, input.doc)))
      .orderBy(desc(docVersions.createdAt), desc(docVersions.id))
      .limit(1)
      .get();
    const id = randomUUID();
    const sha256 = sha256Hex(input.state);
    tx.insert(docVersions)
      .values({
        id,
        workspaceId: input.workspaceId,
        doc: input.doc,
        number: input.number,
        title: input.title,
        owner: input.owner,
        narrative: input.narrative,
        seq: input.seq,
        state: Buffer.from(input.state),
        content: JSON.stringify(input.content),
        sha256,
        prevSha256: prev?.sha256 ?? null,
        editors: JSON.stringify(input.editors),
        cover: JSON.stringify(input.cover),
        reviewBy: input.reviewBy,
        proposedEffectiveFrom: input.proposedEffectiveFrom,
        createdBy: actor.id,
        createdAt: at,
      })
      .run();
    appendAudit(tx, { workspaceId: input.workspaceId, actorId: actor.id, actorName: actor.name, kind: "version.created", subject: `${input.doc} v${input.number}`, detail: { versionId: id, sha256, seq: input.seq }, at });
    addEventIn(tx, { workspaceId: input.workspaceId, versionId: id, kind: "proposed", date: input.date, at }, actor, `${input.doc} v${input.number}`);
    return getVersion(tx, input.workspaceId, id)!;
  });
}

export interface NewEvent {
  workspaceId: string;
  versionId: string;
  kind: VersionEventKind;
  date: string;
  committee?: string | null;
  meetingId?: string | null;
  minuteRef?: string | null;
  outcome?: string | null;
  effectiveFrom?: string | null;
  reviewBy?: string | null;
  consulted?: string[];
  conflicted?: string[];
  at?: number;
}

function addEventIn(tx: DbOrTx, e: NewEvent, actor: Actor, subject: string): number {
  const at = e.at ?? Date.now();
  const row = tx
    .insert(versionEvents)
    .values({
      workspaceId: e.workspaceId,
      versionId: e.versionId,
      kind: e.kind,
      date: e.date,
      committee: e.committee ?? null,
      meetingId: e.meetingId ?? null,
      minuteRef: e.minuteRef ?? null,
      outcome: e.outcome ?? null,
      effectiveFrom: e.effectiveFrom ?? null,
      reviewBy: e.reviewBy ?? null,
      consulted: JSON.stringify(e.consulted ?? []),
      conflicted: JSON.stringify(e.conflicted ?? []),
      byUserId: actor.id,
      at,
    })
    .returning({ id: versionEvents.id })
    .get();
  const { workspaceId: _w, versionId: _v, at: _a, ...detail } = e;
  appendAudit(tx, { workspaceId: e.workspaceId, actorId: actor.id, actorName: actor.name, kind: `version.${e.kind}`, subject, detail: { versionId: e.versionId, eventId: row.id, ...detail }, at });
  return row.id;
}

/** Records one step of a version's lifecycle (the caller has checked that it may be taken). */
export function addVersionEvent(db: Db, e: NewEvent, actor: Actor): number {
  const v = getVersion(db, e.workspaceId, e.versionId);
  if (!v) throw new RangeError("No such version");
  return db.transaction((tx) => addEventIn(tx, e, actor, `${v.doc} v${v.number}`));
}

export interface StoredVersionEvent extends VersionEvent {
  conflicted: string[];
  byName: string | null;
}

/** Every lifecycle step of a workspace's versions, in the order recorded. */
export function listVersionEvents(db: DbOrTx, workspaceId: string): StoredVersionEvent[] {
  return db
    .select({ e: versionEvents, byName: users.name })
    .from(versionEvents)
    .leftJoin(users, eq(users.id, versionEvents.byUserId))
    .where(eq(versionEvents.workspaceId, workspaceId))
    .orderBy(asc(versionEvents.id))
    .all()
    .map(({ e, byName }) => ({
      id: e.id,
      versionId: e.versionId,
      kind: e.kind,
      date: e.date,
      committee: e.committee,
      meetingId: e.meetingId,
      minuteRef: e.minuteRef,
      outcome: e.outcome,
      effectiveFrom: e.effectiveFrom,
      reviewBy: e.reviewBy,
      consulted: JSON.parse(e.consulted) as string[],
      conflicted: JSON.parse(e.conflicted) as string[],
      byUserId: e.byUserId,
      byName,
      at: e.at,
    }));
}

/** Who edited a room's draft between two log positions (exclusive, inclusive), from the update log. */
export function editorsBetween(db: Db, workspaceId: string, room: string, afterSeq: number, toSeq: number): VersionEditor[] {
  const rows = db.$client
    .prepare(
      `SELECT u.author_id AS userId, us.name AS name, count(*) AS updates, min(u.created_at) AS first, max(u.created_at) AS last
       FROM doc_updates u LEFT JOIN users us ON us.id = u.author_id
       WHERE u.workspace_id = ? AND u.room = ? AND u.seq > ? AND u.seq <= ?
       GROUP BY u.author_id ORDER BY count(*) DESC`,
    )
    .all(workspaceId, room, afterSeq, toSeq) as { userId: string | null; name: string | null; updates: number; first: number; last: number }[];
  return rows.map((r) => ({ userId: r.userId, name: r.name ?? (r.userId ? "A former member" : "Devolve (imports and set-up)"), updates: r.updates, first: r.first, last: r.last }));
}

/** The highest log position of a room. */
export function latestSeq(db: DbOrTx, workspaceId: string, room: string): number {
  return db.select({ seq: docUpdates.seq }).from(docUpdates).where(and(eq(docUpdates.workspaceId, workspaceId), eq(docUpdates.room, room))).orderBy(desc(docUpdates.seq)).limit(1).get()?.seq ?? 0;
}

// ---- The Board ----

export function getGovernanceSettings(db: DbOrTx, workspaceId: string): { quorum: QuorumRule; foundationTrust: boolean } {
  const r = db.select().from(governanceSettings).where(eq(governanceSettings.workspaceId, workspaceId)).get();
  return r ? { quorum: JSON.parse(r.quorum) as QuorumRule, foundationTrust: r.foundationTrust } : { quorum: DEFAULT_QUORUM, foundationTrust: true };
}

export function setGovernanceSettings(db: Db, workspaceId: string, s: { quorum: QuorumRule; foundationTrust: boolean }, actor: Actor): void {
  db.transaction((tx) => {
    tx.insert(governanceSettings)
      .values({ workspaceId, quorum: JSON.stringify(s.quorum), foundationTrust: s.foundationTrust })
      .onConflictDoUpdate({ target: governanceSettings.workspaceId, set: { quorum: JSON.stringify(s.quorum), foundationTrust: s.foundationTrust } })
      .run();
    appendAudit(tx, { workspaceId, actorId: actor.id, actorName: actor.name, kind: "board.quorum", subject: "Quorum rule", detail: { ...s.quorum, foundationTrust: s.foundationTrust } });
  });
}

export function listBoardMembers(db: DbOrTx, workspaceId: string): BoardMember[] {
  return db
    .select({ id: boardMembers.id, name: boardMembers.name, title: boardMembers.title, capacity: boardMembers.capacity, from: boardMembers.from, to: boardMembers.to })
    .from(boardMembers)
    .where(eq(boardMembers.workspaceId, workspaceId))
    .orderBy(asc(boardMembers.from), asc(boardMembers.name))
    .all();
}

export function addBoardMember(db: Db, workspaceId: string, m: Omit<BoardMember, "id">, actor: Actor): BoardMember {
  const id = randomUUID();
  db.transaction((tx) => {
    tx.insert(boardMembers).values({ id, workspaceId, ...m }).run();
    appendAudit(tx, { workspaceId, actorId: actor.id, actorName: actor.name, kind: "board.member_added", subject: m.name, detail: { id, ...m } });
  });
  return { id, ...m };
}

export function endBoardMember(db: Db, workspaceId: string, id: string, to: string, actor: Actor): boolean {
  return db.transaction((tx) => {
    const r = tx.update(boardMembers).set({ to }).where(and(eq(boardMembers.workspaceId, workspaceId), eq(boardMembers.id, id))).run();
    if (r.changes === 0) return false;
    appendAudit(tx, { workspaceId, actorId: actor.id, actorName: actor.name, kind: "board.member_ended", subject: id, detail: { id, to } });
    return true;
  });
}

export function listMeetings(db: DbOrTx, workspaceId: string): BoardMeeting[] {
  return db
    .select()
    .from(boardMeetings)
    .where(eq(boardMeetings.workspaceId, workspaceId))
    .orderBy(desc(boardMeetings.date))
    .all()
    .map((r) => ({ id: r.id, date: r.date, part: r.part, title: r.title, attendance: JSON.parse(r.attendance) as Attendance[] }));
}

export function getMeeting(db: DbOrTx, workspaceId: string, id: string): BoardMeeting | null {
  return listMeetings(db, workspaceId).find((m) => m.id === id) ?? null;
}

export function addMeeting(db: Db, workspaceId: string, m: Omit<BoardMeeting, "id">, actor: Actor): BoardMeeting {
  const id = randomUUID();
  db.transaction((tx) => {
    tx.insert(boardMeetings).values({ id, workspaceId, title: m.title, date: m.date, part: m.part, attendance: JSON.stringify(m.attendance), createdBy: actor.id, createdAt: Date.now() }).run();
    appendAudit(tx, { workspaceId, actorId: actor.id, actorName: actor.name, kind: "board.meeting", subject: `${m.title}, ${m.date}`, detail: { id, ...m } });
  });
  return { id, ...m };
}

// ---- Who held which role when ----

export function listTenures(db: DbOrTx, workspaceId: string): RoleTenure[] {
  return db
    .select({ id: roleTenures.id, person: roleTenures.person, role: roleTenures.role, levelId: roleTenures.levelId, unitId: roleTenures.unitId, from: roleTenures.from, to: roleTenures.to, acting: roleTenures.acting })
    .from(roleTenures)
    .where(eq(roleTenures.workspaceId, workspaceId))
    .orderBy(asc(roleTenures.role), asc(roleTenures.from))
    .all();
}

export function addTenure(db: Db, workspaceId: string, t: Omit<RoleTenure, "id">, actor: Actor): RoleTenure {
  const id = randomUUID();
  db.transaction((tx) => {
    tx.insert(roleTenures).values({ id, workspaceId, ...t }).run();
    appendAudit(tx, { workspaceId, actorId: actor.id, actorName: actor.name, kind: "role.tenure_added", subject: `${t.person}: ${t.role}`, detail: { id, ...t } });
  });
  return { id, ...t };
}

export function endTenure(db: Db, workspaceId: string, id: string, to: string, actor: Actor): boolean {
  return db.transaction((tx) => {
    const r = tx.update(roleTenures).set({ to }).where(and(eq(roleTenures.workspaceId, workspaceId), eq(roleTenures.id, id))).run();
    if (r.changes === 0) return false;
    appendAudit(tx, { workspaceId, actorId: actor.id, actorName: actor.name, kind: "role.tenure_ended", subject: id, detail: { id, to } });
    return true;
  });
}

export function listDelegations(db: DbOrTx, workspaceId: string): TemporaryDelegation[] {
  return db
    .select()
    .from(temporaryDelegations)
    .where(eq(temporaryDelegations.workspaceId, workspaceId))
    .orderBy(desc(temporaryDelegations.from))
    .all()
    .map((r) => ({ id: r.id, delegator: r.delegator, delegate: r.delegate, decisionIds: JSON.parse(r.decisionIds) as string[], from: r.from, to: r.to, reason: r.reason }));
}

export function addDelegation(db: Db, workspaceId: string, d: Omit<TemporaryDelegation, "id">, actor: Actor): TemporaryDelegation {
  const id = randomUUID();
  db.transaction((tx) => {
    tx.insert(temporaryDelegations).values({ id, workspaceId, delegator: d.delegator, delegate: d.delegate, decisionIds: JSON.stringify(d.decisionIds), from: d.from, to: d.to, reason: d.reason }).run();
    appendAudit(tx, { workspaceId, actorId: actor.id, actorName: actor.name, kind: "role.delegation", subject: `${d.delegator} → ${d.delegate}`, detail: { id, ...d } });
  });
  return { id, ...d };
}

// ---- Determinations ----

export function listDeterminations(db: DbOrTx, workspaceId: string, unitId?: string): Determination[] {
  const where = unitId ? and(eq(autonomyDeterminations.workspaceId, workspaceId), eq(autonomyDeterminations.unitId, unitId)) : eq(autonomyDeterminations.workspaceId, workspaceId);
  return determinationsWhere(db, where!);
}

function determinationsWhere(db: DbOrTx, where: SQL, newestOnly = false): Determination[] {
  const q = db
    .select()
    .from(autonomyDeterminations)
    .where(where)
    .orderBy(...(newestOnly ? [desc(autonomyDeterminations.effectiveFrom), desc(autonomyDeterminations.id)] : [asc(autonomyDeterminations.effectiveFrom), asc(autonomyDeterminations.id)]));
  return (newestOnly ? q.limit(1) : q)
    .all()
    .map((r) => ({
      id: r.id,
      unitId: r.unitId,
      effectiveFrom: r.effectiveFrom,
      level: r.level as AutonomyLevel,
      computedLevel: (r.computedLevel ?? null) as AutonomyLevel | null,
      basisMonth: r.basisMonth,
      rulesVersionId: r.rulesVersionId,
      figuresHash: r.figuresHash,
      source: r.source,
      reason: r.reason,
      ...(r.reviewMeetingId ? { reviewMeetingId: r.reviewMeetingId } : {}),
    }));
}

/**
 * The determination in force for a line on a date: the latest effective on or before it, ties to the
 * later record (as determinationOn decides), found by the index as one row.
 */
export function determinationOnDate(db: DbOrTx, workspaceId: string, unitId: string, date: string): Determination | null {
  return determinationsWhere(db, and(eq(autonomyDeterminations.workspaceId, workspaceId), eq(autonomyDeterminations.unitId, unitId), lte(autonomyDeterminations.effectiveFrom, date))!, true)[0] ?? null;
}

export function addDeterminations(db: Db, workspaceId: string, dets: Omit<Determination, "id">[], actor: Actor, at = Date.now()): void {
  if (dets.length === 0) return;
  db.transaction((tx) => {
    for (const d of dets) {
      const row = tx.insert(autonomyDeterminations).values({ workspaceId, ...d, byUserId: actor.id, at }).returning({ id: autonomyDeterminations.id }).get();
      appendAudit(tx, { workspaceId, actorId: actor.id, actorName: actor.name, kind: "autonomy.determination", subject: d.unitId, detail: { id: row.id, ...d }, at });
    }
  });
}
