/** Escalations and their events (docs/decisions/049): append-only rows, read back as `Escalation`. */
import { and, asc, eq } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client";
import { escalationEvents, escalations } from "../../db/schema";
import type { AutonomyLevel } from "../../shared/autonomy/types";
import type { Escalation, EscalationEventKind, EscalationTrigger, ExecutiveOption } from "../../shared/escalation/rules";
import { appendAudit } from "../audit/chain";

export interface Actor {
  id: string | null;
  name: string;
}

/** Every escalation of a workspace (optionally one line's), oldest first, with its events. */
export function listEscalations(db: DbOrTx, workspaceId: string, unitId?: string): Escalation[] {
  const conds = [eq(escalations.workspaceId, workspaceId)];
  if (unitId) conds.push(eq(escalations.unitId, unitId));
  const rows = db.select().from(escalations).where(and(...conds)).orderBy(asc(escalations.openedOn), asc(escalations.id)).all();
  const events = db.select().from(escalationEvents).where(eq(escalationEvents.workspaceId, workspaceId)).orderBy(asc(escalationEvents.date), asc(escalationEvents.id)).all();
  return rows.map((r) => ({
    id: r.id,
    unitId: r.unitId,
    openedOn: r.openedOn,
    month: r.month,
    trigger: r.trigger,
    detail: r.detail,
    levelBefore: r.levelBefore as AutonomyLevel,
    events: events.filter((e) => e.escalationId === r.id).map((e) => ({ id: e.id, kind: e.kind, date: e.date, byName: e.byName, note: e.note, option: e.option })),
  }));
}

export function getEscalation(db: DbOrTx, workspaceId: string, id: number): Escalation | null {
  return listEscalations(db, workspaceId).find((e) => e.id === id) ?? null;
}

/** Opens an escalation and records it in the audit chain, in one transaction. */
export function openEscalation(
  db: Db,
  workspaceId: string,
  e: { unitId: string; openedOn: string; month: string; trigger: EscalationTrigger; detail: string; levelBefore: AutonomyLevel },
  actor: Actor,
  at = Date.now(),
): number {
  return db.transaction((tx) => {
    const row = tx
      .insert(escalations)
      .values({ workspaceId, ...e, byUserId: actor.id, byName: actor.name, at })
      .returning({ id: escalations.id })
      .get();
    appendAudit(tx, { workspaceId, actorId: actor.id, actorName: actor.name, kind: "escalation.opened", subject: e.unitId, detail: { id: row.id, month: e.month, trigger: e.trigger }, at });
    return row.id;
  });
}

export function addEscalationEvent(
  db: Db,
  workspaceId: string,
  escalationId: number,
  ev: { kind: EscalationEventKind; date: string; note: string; option?: ExecutiveOption | null },
  actor: Actor,
  at = Date.now(),
): number {
  return db.transaction((tx) => {
    const row = tx
      .insert(escalationEvents)
      .values({ workspaceId, escalationId, kind: ev.kind, date: ev.date, note: ev.note, option: ev.option ?? null, byUserId: actor.id, byName: actor.name, at })
      .returning({ id: escalationEvents.id })
      .get();
    appendAudit(tx, { workspaceId, actorId: actor.id, actorName: actor.name, kind: `escalation.${ev.kind}`, subject: String(escalationId), detail: { date: ev.date, ...(ev.option ? { option: ev.option } : {}) }, at });
    return row.id;
  });
}
