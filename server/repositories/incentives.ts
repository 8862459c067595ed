/**
 * The incentive and consequence framework's records (issue 13; docs/decisions/048): approvals of
 * each year's framework, closed year-end ledgers, the reserve's draw-downs, Board suspensions, Never
 * Events, the consequence log and the recognition register. Every query is filtered by workspace,
 * and every write appends to the audit chain in the same transaction.
 */
import { randomUUID } from "node:crypto";
import { and, asc, desc, eq } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client";
import { incentiveConsequences, incentiveDrawdowns, incentiveRecognition, incentiveSuspensions, incentiveVersions, incentiveYearEnds, neverEvents } from "../../db/schema";
import type { IncentiveFramework } from "../../shared/incentives/framework";
import type { Ledger, Suspension, SuspensionScope } from "../../shared/incentives/ledger";
import { appendAudit, sha256Hex } from "../audit/chain";
import { canonicalJson } from "../../shared/governance/canonical";
import type { Actor } from "./governance";

// ---- Approved frameworks ----

export interface IncentiveVersion {
  id: string;
  year: number;
  number: number;
  seq: number;
  sha256: string;
  prevSha256: string | null;
  resolution: string;
  note: string;
  approvedBy: string | null;
  approvedByName: string | null;
  approvedAt: number;
  content: IncentiveFramework;
}

const toVersion = (r: typeof incentiveVersions.$inferSelect): IncentiveVersion => ({
  id: r.id,
  year: r.year,
  number: r.number,
  seq: r.seq,
  sha256: r.sha256,
  prevSha256: r.prevSha256,
  resolution: r.resolution,
  note: r.note,
  approvedBy: r.approvedBy,
  approvedByName: r.approvedByName,
  approvedAt: r.approvedAt,
  content: JSON.parse(r.content) as IncentiveFramework,
});

/** Every approval of a workspace (optionally one year), oldest first. */
export function listIncentiveVersions(db: DbOrTx, workspaceId: string, year?: number): IncentiveVersion[] {
  const where = year === undefined ? eq(incentiveVersions.workspaceId, workspaceId) : and(eq(incentiveVersions.workspaceId, workspaceId), eq(incentiveVersions.year, year));
  return db.select().from(incentiveVersions).where(where).orderBy(asc(incentiveVersions.year), asc(incentiveVersions.number)).all().map(toVersion);
}

/** The latest approval of a year's framework (what the ledger applies), or null. */
export function latestIncentiveVersion(db: DbOrTx, workspaceId: string, year: number): IncentiveVersion | null {
  const r = db.select().from(incentiveVersions).where(and(eq(incentiveVersions.workspaceId, workspaceId), eq(incentiveVersions.year, year))).orderBy(desc(incentiveVersions.number)).limit(1).get();
  return r ? toVersion(r) : null;
}

/** Inserts an approval with its audit record (the table refuses any later change). */
export function insertIncentiveVersion(db: Db, workspaceId: string, v: IncentiveVersion & { state: Uint8Array }, actor: Actor): void {
  db.transaction((tx) => {
    tx.insert(incentiveVersions)
      .values({ ...v, workspaceId, content: JSON.stringify(v.content), state: Buffer.from(v.state) })
      .run();
    appendAudit(tx, { workspaceId, actorId: actor.id, actorName: actor.name, kind: "incentives.approved", subject: `incentives ${v.year} approval ${v.number}`, detail: { id: v.id, seq: v.seq, sha256: v.sha256, prevSha256: v.prevSha256, resolution: v.resolution }, at: v.approvedAt });
  });
}

// ---- Closed year ends ----

export interface YearEnd {
  id: string;
  year: number;
  versionId: string;
  asAt: string;
  ledger: Ledger;
  sha256: string;
  closedByName: string | null;
  closedAt: number;
}

const toYearEnd = (r: typeof incentiveYearEnds.$inferSelect): YearEnd => ({ id: r.id, year: r.year, versionId: r.versionId, asAt: r.asAt, ledger: JSON.parse(r.content) as Ledger, sha256: r.sha256, closedByName: r.closedByName, closedAt: r.closedAt });

export function listYearEnds(db: DbOrTx, workspaceId: string): YearEnd[] {
  return db.select().from(incentiveYearEnds).where(eq(incentiveYearEnds.workspaceId, workspaceId)).orderBy(asc(incentiveYearEnds.year)).all().map(toYearEnd);
}

export function getYearEnd(db: DbOrTx, workspaceId: string, year: number): YearEnd | null {
  const r = db.select().from(incentiveYearEnds).where(and(eq(incentiveYearEnds.workspaceId, workspaceId), eq(incentiveYearEnds.year, year))).get();
  return r ? toYearEnd(r) : null;
}

/** Closes a year: the ledger as struck, hashed, never changed afterwards; its credits fill the reserves. */
export function insertYearEnd(db: Db, workspaceId: string, input: { year: number; versionId: string; ledger: Ledger }, actor: Actor, at = Date.now()): YearEnd {
  const content = canonicalJson(input.ledger);
  const row = { id: `ye_${randomUUID()}`, workspaceId, year: input.year, versionId: input.versionId, asAt: input.ledger.asAt, content, sha256: sha256Hex(content), closedBy: actor.id, closedByName: actor.name, closedAt: at };
  db.transaction((tx) => {
    tx.insert(incentiveYearEnds).values(row).run();
    appendAudit(tx, { workspaceId, actorId: actor.id, actorName: actor.name, kind: "incentives.year_end", subject: `incentives ${input.year} year end`, detail: { id: row.id, versionId: input.versionId, sha256: row.sha256, credited: input.ledger.totals.credited }, at });
  });
  return toYearEnd(row);
}

// ---- Draw-downs ----

export interface Drawdown {
  id: string;
  unitId: string;
  amount: number;
  purpose: string;
  nature: string;
  decisionId: string;
  approver: string;
  secondApprover: string | null;
  onDate: string;
  authority: { reasons: string[]; citation: string; level: number; decision: string; schemeVersion: string | null };
  certificateHash: string;
  recordedByName: string | null;
  at: number;
}

const toDrawdown = (r: typeof incentiveDrawdowns.$inferSelect): Drawdown => ({
  id: r.id,
  unitId: r.unitId,
  amount: r.amount,
  purpose: r.purpose,
  nature: r.nature,
  decisionId: r.decisionId,
  approver: r.approver,
  secondApprover: r.secondApprover,
  onDate: r.onDate,
  authority: JSON.parse(r.authority) as Drawdown["authority"],
  certificateHash: r.certificateHash,
  recordedByName: r.recordedByName,
  at: r.at,
});

export function listDrawdowns(db: DbOrTx, workspaceId: string, unitId?: string): Drawdown[] {
  const where = unitId ? and(eq(incentiveDrawdowns.workspaceId, workspaceId), eq(incentiveDrawdowns.unitId, unitId)) : eq(incentiveDrawdowns.workspaceId, workspaceId);
  return db.select().from(incentiveDrawdowns).where(where).orderBy(asc(incentiveDrawdowns.onDate), asc(incentiveDrawdowns.at)).all().map(toDrawdown);
}

export function insertDrawdown(db: Db, workspaceId: string, d: Omit<Drawdown, "id" | "recordedByName" | "at">, actor: Actor, at = Date.now()): Drawdown {
  const row = { ...d, id: `dd_${randomUUID()}`, workspaceId, authority: JSON.stringify(d.authority), recordedBy: actor.id, recordedByName: actor.name, at };
  db.transaction((tx) => {
    tx.insert(incentiveDrawdowns).values(row).run();
    appendAudit(tx, { workspaceId, actorId: actor.id, actorName: actor.name, kind: "incentives.drawdown", subject: d.unitId, detail: { id: row.id, amount: d.amount, purpose: d.purpose, decisionId: d.decisionId, approver: d.approver, onDate: d.onDate, certificateHash: d.certificateHash }, at });
  });
  return toDrawdown(row);
}

// ---- Board suspensions ----

const toSuspension = (r: typeof incentiveSuspensions.$inferSelect): Suspension => ({
  id: r.id,
  resolution: r.resolution,
  reason: r.reason,
  scope: (r.scopeKind === "all" ? { kind: "all" } : { kind: r.scopeKind, unitId: r.scopeUnitId ?? "", name: r.scopeName }) as SuspensionScope,
  from: r.fromDate,
  until: r.untilDate,
});

export function listSuspensions(db: DbOrTx, workspaceId: string): Suspension[] {
  return db.select().from(incentiveSuspensions).where(eq(incentiveSuspensions.workspaceId, workspaceId)).orderBy(asc(incentiveSuspensions.fromDate), asc(incentiveSuspensions.at)).all().map(toSuspension);
}

export function addSuspension(db: Db, workspaceId: string, s: Omit<Suspension, "id">, actor: Actor, at = Date.now()): Suspension {
  const id = `su_${randomUUID()}`;
  db.transaction((tx) => {
    tx.insert(incentiveSuspensions)
      .values({ id, workspaceId, resolution: s.resolution, reason: s.reason, scopeKind: s.scope.kind, scopeUnitId: s.scope.kind === "all" ? null : s.scope.unitId, scopeName: s.scope.kind === "all" ? "" : s.scope.name, fromDate: s.from, untilDate: s.until, recordedBy: actor.id, at })
      .run();
    appendAudit(tx, { workspaceId, actorId: actor.id, actorName: actor.name, kind: "incentives.suspended", subject: s.resolution, detail: { id, ...s }, at });
  });
  return { id, ...s };
}

/** Records the Board lifting a suspension: its last day. */
export function liftSuspension(db: Db, workspaceId: string, id: string, until: string, actor: Actor, at = Date.now()): boolean {
  return db.transaction((tx) => {
    const n = tx.update(incentiveSuspensions).set({ untilDate: until }).where(and(eq(incentiveSuspensions.workspaceId, workspaceId), eq(incentiveSuspensions.id, id))).run().changes;
    if (n) appendAudit(tx, { workspaceId, actorId: actor.id, actorName: actor.name, kind: "incentives.suspension_lifted", subject: id, detail: { id, until }, at });
    return n > 0;
  });
}

// ---- Never Events ----

export interface NeverEvent {
  id: string;
  unitId: string;
  date: string;
  reference: string;
  description: string;
}

export function listNeverEvents(db: DbOrTx, workspaceId: string): NeverEvent[] {
  return db
    .select()
    .from(neverEvents)
    .where(eq(neverEvents.workspaceId, workspaceId))
    .orderBy(asc(neverEvents.onDate))
    .all()
    .map((r) => ({ id: r.id, unitId: r.unitId, date: r.onDate, reference: r.reference, description: r.description }));
}

export function addNeverEvent(db: Db, workspaceId: string, e: Omit<NeverEvent, "id">, actor: Actor, at = Date.now()): NeverEvent {
  const id = `ne_${randomUUID()}`;
  db.transaction((tx) => {
    tx.insert(neverEvents).values({ id, workspaceId, unitId: e.unitId, onDate: e.date, reference: e.reference, description: e.description, recordedBy: actor.id, at }).run();
    appendAudit(tx, { workspaceId, actorId: actor.id, actorName: actor.name, kind: "incentives.never_event", subject: e.unitId, detail: { id, ...e }, at });
  });
  return { id, ...e };
}

// ---- Consequence log ----

export interface ConsequenceEntry {
  id: string;
  unitId: string;
  kind: string;
  appliedOn: string;
  reason: string;
  exitCriteria: string;
  reviewBy: string | null;
  exitedOn: string | null;
  exitNote: string | null;
  recordedByName: string | null;
}

const toConsequence = (r: typeof incentiveConsequences.$inferSelect): ConsequenceEntry => ({
  id: r.id,
  unitId: r.unitId,
  kind: r.kind,
  appliedOn: r.appliedOn,
  reason: r.reason,
  exitCriteria: r.exitCriteria,
  reviewBy: r.reviewBy,
  exitedOn: r.exitedOn,
  exitNote: r.exitNote,
  recordedByName: r.recordedByName,
});

export function listConsequences(db: DbOrTx, workspaceId: string, unitId?: string): ConsequenceEntry[] {
  const where = unitId ? and(eq(incentiveConsequences.workspaceId, workspaceId), eq(incentiveConsequences.unitId, unitId)) : eq(incentiveConsequences.workspaceId, workspaceId);
  return db.select().from(incentiveConsequences).where(where).orderBy(desc(incentiveConsequences.appliedOn), desc(incentiveConsequences.at)).all().map(toConsequence);
}

export function addConsequenceEntry(db: Db, workspaceId: string, c: Omit<ConsequenceEntry, "id" | "exitedOn" | "exitNote" | "recordedByName">, actor: Actor, at = Date.now()): ConsequenceEntry {
  const row = { ...c, id: `cq_${randomUUID()}`, workspaceId, exitedOn: null, exitNote: null, recordedBy: actor.id, recordedByName: actor.name, at };
  db.transaction((tx) => {
    tx.insert(incentiveConsequences).values(row).run();
    appendAudit(tx, { workspaceId, actorId: actor.id, actorName: actor.name, kind: "incentives.consequence", subject: c.unitId, detail: { id: row.id, kind: c.kind, appliedOn: c.appliedOn, exitCriteria: c.exitCriteria }, at });
  });
  return toConsequence(row);
}

/** Records that a line met a consequence's exit criteria. */
export function exitConsequence(db: Db, workspaceId: string, id: string, exit: { on: string; note: string }, actor: Actor, at = Date.now()): boolean {
  return db.transaction((tx) => {
    const n = tx
      .update(incentiveConsequences)
      .set({ exitedOn: exit.on, exitNote: exit.note })
      .where(and(eq(incentiveConsequences.workspaceId, workspaceId), eq(incentiveConsequences.id, id)))
      .run().changes;
    if (n) appendAudit(tx, { workspaceId, actorId: actor.id, actorName: actor.name, kind: "incentives.consequence_exited", subject: id, detail: { id, ...exit }, at });
    return n > 0;
  });
}

// ---- Recognition register ----

export interface RecognitionEntry {
  id: string;
  unitId: string;
  recipient: string;
  kind: string;
  description: string;
  onDate: string;
  recordedByName: string | null;
}

export function listRecognition(db: DbOrTx, workspaceId: string, unitId?: string): RecognitionEntry[] {
  const where = unitId ? and(eq(incentiveRecognition.workspaceId, workspaceId), eq(incentiveRecognition.unitId, unitId)) : eq(incentiveRecognition.workspaceId, workspaceId);
  return db
    .select()
    .from(incentiveRecognition)
    .where(where)
    .orderBy(desc(incentiveRecognition.onDate), desc(incentiveRecognition.at))
    .all()
    .map((r) => ({ id: r.id, unitId: r.unitId, recipient: r.recipient, kind: r.kind, description: r.description, onDate: r.onDate, recordedByName: r.recordedByName }));
}

export function addRecognition(db: Db, workspaceId: string, e: Omit<RecognitionEntry, "id" | "recordedByName">, actor: Actor, at = Date.now()): RecognitionEntry {
  const id = `rc_${randomUUID()}`;
  db.transaction((tx) => {
    tx.insert(incentiveRecognition).values({ id, workspaceId, ...e, recordedBy: actor.id, recordedByName: actor.name, at }).run();
    appendAudit(tx, { workspaceId, actorId: actor.id, actorName: actor.name, kind: "incentives.recognition", subject: e.unitId, detail: { id, ...e }, at });
  });
  return { id, ...e, recordedByName: actor.name };
}
