/**
 * The planning round (priorities, milestones, divisional control totals) and each plan's
 * append-only workflow steps (issue 12; docs/decisions/042). Every write also appends to the audit
 * chain in the same transaction. Every query is filtered by workspace.
 */
import { and, asc, eq } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client";
import { planDivisionGuidance, planEvents, planMilestones, planRounds } from "../../db/schema";
import type { Plan } from "../../shared/collab/plan-doc";
import type { PlanEvent, PlanEventKind, PlanStatus, Signatory } from "../../shared/plans/workflow";
import { appendAudit } from "../audit/chain";
import type { Actor } from "./governance";

export interface PlanRound {
  year: number;
  boardPriorities: string;
  guidance: string;
  cipPercent: number;
  trustPlan: number | null;
  corporate: number;
}

export interface Milestone {
  id: number;
  status: PlanStatus | "";
  label: string;
  due: string;
  dueEnd: string | null;
}

export interface DivisionGuidance {
  unitId: string;
  controlTotal: number | null;
  reserve: number;
}

export interface StoredPlanEvent extends PlanEvent {
  unitId: string;
  seq: number;
  sha256: string;
  at: number;
  /** The plan as it stood (kept for approvals and refreshes). */
  content: Plan | null;
}

/** The round for a year, or null if the executive has not opened one. */
export function getRound(db: DbOrTx, workspaceId: string, year: number): PlanRound | null {
  const r = db.select().from(planRounds).where(and(eq(planRounds.workspaceId, workspaceId), eq(planRounds.year, year))).get();
  return r ? { year: r.year, boardPriorities: r.boardPriorities, guidance: r.guidance, cipPercent: r.cipPercent, trustPlan: r.trustPlan, corporate: r.corporate } : null;
}

/** Years that have a round, newest first. */
export function roundYears(db: DbOrTx, workspaceId: string): number[] {
  return db
    .select({ year: planRounds.year })
    .from(planRounds)
    .where(eq(planRounds.workspaceId, workspaceId))
    .all()
    .map((r) => r.year)
    .sort((a, b) => b - a);
}

/** Creates or changes the round's trust-wide guidance. */
export function saveRound(db: Db, workspaceId: string, round: PlanRound, actor: Actor, at = Date.now()): void {
  db.transaction((tx) => {
    tx.insert(planRounds)
      .values({ workspaceId, ...round, updatedBy: actor.id, updatedAt: at })
      .onConflictDoUpdate({ target: [planRounds.workspaceId, planRounds.year], set: { boardPriorities: round.boardPriorities, guidance: round.guidance, cipPercent: round.cipPercent, trustPlan: round.trustPlan, corporate: round.corporate, updatedBy: actor.id, updatedAt: at } })
      .run();
    appendAudit(tx, { workspaceId, actorId: actor.id, actorName: actor.name, kind: "plan.round", subject: `Planning round ${round.year}`, detail: { ...round }, at });
  });
}

export function listMilestones(db: DbOrTx, workspaceId: string, year: number): Milestone[] {
  return db
    .select()
    .from(planMilestones)
    .where(and(eq(planMilestones.workspaceId, workspaceId), eq(planMilestones.year, year)))
    .orderBy(asc(planMilestones.position), asc(planMilestones.id))
    .all()
    .map((m) => ({ id: m.id, status: m.status as Milestone["status"], label: m.label, due: m.due, dueEnd: m.dueEnd }));
}

/** Replaces the round's milestones (the executive edits them as one list). */
export function saveMilestones(db: Db, workspaceId: string, year: number, milestones: Omit<Milestone, "id">[], actor: Actor, at = Date.now()): void {
  db.transaction((tx) => {
    tx.delete(planMilestones)
      .where(and(eq(planMilestones.workspaceId, workspaceId), eq(planMilestones.year, year)))
      .run();
    milestones.forEach((m, position) => tx.insert(planMilestones).values({ workspaceId, year, status: m.status, label: m.label, due: m.due, dueEnd: m.dueEnd, position }).run());
    appendAudit(tx, { workspaceId, actorId: actor.id, actorName: actor.name, kind: "plan.milestones", subject: `Planning round ${year}`, detail: { milestones }, at });
  });
}

export function listDivisionGuidance(db: DbOrTx, workspaceId: string, year: number): DivisionGuidance[] {
  return db
    .select()
    .from(planDivisionGuidance)
    .where(and(eq(planDivisionGuidance.workspaceId, workspaceId), eq(planDivisionGuidance.year, year)))
    .all()
    .map((g) => ({ unitId: g.unitId, controlTotal: g.controlTotal, reserve: g.reserve }));
}

export function saveDivisionGuidance(db: Db, workspaceId: string, year: number, g: DivisionGuidance, actor: Actor, at = Date.now()): void {
  db.transaction((tx) => {
    tx.insert(planDivisionGuidance)
      .values({ workspaceId, year, ...g })
      .onConflictDoUpdate({ target: [planDivisionGuidance.workspaceId, planDivisionGuidance.year, planDivisionGuidance.unitId], set: { controlTotal: g.controlTotal, reserve: g.reserve } })
      .run();
    appendAudit(tx, { workspaceId, actorId: actor.id, actorName: actor.name, kind: "plan.division_guidance", subject: `Division ${g.unitId}, ${year}`, detail: { ...g }, at });
  });
}

const toEvent = (r: typeof planEvents.$inferSelect): StoredPlanEvent => ({
  id: r.id,
  unitId: r.unitId,
  kind: r.kind as PlanEventKind,
  capacity: (r.capacity as Signatory | null) ?? null,
  note: r.note,
  actorName: r.actorName,
  onDate: r.onDate,
  at: r.at,
  seq: r.seq,
  sha256: r.sha256,
  content: r.content ? (JSON.parse(r.content) as Plan) : null,
});

/** Every recorded step of every plan of a year (for the dashboard), in the order recorded. */
export function listPlanEvents(db: DbOrTx, workspaceId: string, year: number, unitId?: string): StoredPlanEvent[] {
  const where = unitId ? and(eq(planEvents.workspaceId, workspaceId), eq(planEvents.year, year), eq(planEvents.unitId, unitId)) : and(eq(planEvents.workspaceId, workspaceId), eq(planEvents.year, year));
  return db.select().from(planEvents).where(where).orderBy(asc(planEvents.id)).all().map(toEvent);
}

export interface NewPlanEvent {
  year: number;
  unitId: string;
  kind: PlanEventKind;
  capacity: Signatory | null;
  note: string;
  onDate: string;
  seq: number;
  sha256: string;
  content: Plan | null;
}

/** Appends one step with its audit record. */
export function appendPlanEvent(db: Db, workspaceId: string, e: NewPlanEvent, actor: Actor, at = Date.now()): number {
  return db.transaction((tx) => {
    const row = tx
      .insert(planEvents)
      .values({ workspaceId, year: e.year, unitId: e.unitId, kind: e.kind, capacity: e.capacity, note: e.note, actorId: actor.id, actorName: actor.name ?? "Devolve", onDate: e.onDate, at, seq: e.seq, sha256: e.sha256, content: e.content ? JSON.stringify(e.content) : null })
      .returning({ id: planEvents.id })
      .get();
    appendAudit(tx, { workspaceId, actorId: actor.id, actorName: actor.name, kind: `plan.${e.kind}`, subject: `Plan ${e.unitId} ${e.year}`, detail: { kind: e.kind, capacity: e.capacity, note: e.note, seq: e.seq, sha256: e.sha256 }, at });
    return row.id;
  });
}
