/**
 * The KPI catalogue, its targets and the SPC records (rebases and annotations) in SQLite, and the
 * monthly series the charts read from performance_indicators. Every write also appends to the audit
 * chain in the same transaction (see governance.ts). Every query is filtered by workspace.
 */
import { and, asc, eq } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client";
import { kpiDefinitions, kpiTargets, performanceIndicators, spcAnnotations, spcBaselines, users } from "../../db/schema";
import { sortDefinitions, sortTargets } from "../../shared/kpi/catalogue";
import type { KpiDefinition, KpiTarget } from "../../shared/kpi/types";
import { appendAudit } from "../audit/chain";
import type { Actor } from "./governance";

export type { Actor };

/** One month of an indicator for a line: the figure and the target stored with it. */
export interface SeriesPoint {
  month: string;
  value: number;
  target: number;
}

export interface StoredBaseline {
  fromMonth: string;
  reason: string;
  approvedBy: string;
  /** Who recorded it (null for set-up or a former member). */
  byName: string | null;
  at: number;
}

export interface StoredAnnotation {
  id: number;
  month: string;
  text: string;
  byName: string | null;
  at: number;
}

const parse = (json: string) => JSON.parse(json) as KpiDefinition;

/** The workspace's catalogue, in catalogue order (domain, then the default order, then code). */
export function listDefinitions(db: DbOrTx, workspaceId: string): KpiDefinition[] {
  const rows = db.select({ definition: kpiDefinitions.definition }).from(kpiDefinitions).where(eq(kpiDefinitions.workspaceId, workspaceId)).all();
  return sortDefinitions(rows.map((r) => parse(r.definition)));
}

/** One catalogue entry, or null. */
export function getDefinition(db: DbOrTx, workspaceId: string, code: string): KpiDefinition | null {
  const r = db.select({ definition: kpiDefinitions.definition }).from(kpiDefinitions).where(and(eq(kpiDefinitions.workspaceId, workspaceId), eq(kpiDefinitions.code, code))).get();
  return r ? parse(r.definition) : null;
}

/** The top-level fields whose values differ, for the audit record. */
function changedFields(before: KpiDefinition | null, after: KpiDefinition): string[] {
  if (!before) return Object.keys(after);
  return (Object.keys(after) as (keyof KpiDefinition)[]).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}

/**
 * Inserts or replaces a catalogue entry (the caller has validated it). Audited as "kpi.saved" with
 * the fields that changed and their new values. Returns whether it was new.
 */
export function saveDefinition(db: DbOrTx, workspaceId: string, def: KpiDefinition, actor: Actor, at = Date.now()): { created: boolean; changed: string[] } {
  return db.transaction((tx) => {
    const before = getDefinition(tx, workspaceId, def.code);
    const changed = changedFields(before, def);
    const definition = JSON.stringify(def);
    tx.insert(kpiDefinitions)
      .values({ workspaceId, code: def.code, definition, updatedBy: actor.id, updatedAt: at })
      .onConflictDoUpdate({ target: [kpiDefinitions.workspaceId, kpiDefinitions.code], set: { definition, updatedBy: actor.id, updatedAt: at } })
      .run();
    const values = Object.fromEntries(changed.map((k) => [k, def[k as keyof KpiDefinition]]));
    appendAudit(tx, { workspaceId, actorId: actor.id, actorName: actor.name, kind: "kpi.saved", subject: `${def.code}: ${def.name}`, detail: { code: def.code, created: !before, changed, values }, at });
    return { created: !before, changed };
  });
}

/** Targets of the workspace (or of one indicator), by code then year. */
export function listTargets(db: DbOrTx, workspaceId: string, code?: string): KpiTarget[] {
  const where = code ? and(eq(kpiTargets.workspaceId, workspaceId), eq(kpiTargets.code, code)) : eq(kpiTargets.workspaceId, workspaceId);
  const rows = db.select({ code: kpiTargets.code, year: kpiTargets.year, value: kpiTargets.value, source: kpiTargets.source }).from(kpiTargets).where(where).all();
  return sortTargets(rows);
}

/** Sets an indicator's target for a year, replacing any set before. Audited as "kpi.target". */
export function saveTarget(db: DbOrTx, workspaceId: string, target: KpiTarget, actor: Actor, at = Date.now()): { created: boolean } {
  return db.transaction((tx) => {
    const before = tx
      .select({ value: kpiTargets.value, source: kpiTargets.source })
      .from(kpiTargets)
      .where(and(eq(kpiTargets.workspaceId, workspaceId), eq(kpiTargets.code, target.code), eq(kpiTargets.year, target.year)))
      .get();
    tx.insert(kpiTargets)
      .values({ workspaceId, code: target.code, year: target.year, value: target.value, source: target.source })
      .onConflictDoUpdate({ target: [kpiTargets.workspaceId, kpiTargets.code, kpiTargets.year], set: { value: target.value, source: target.source } })
      .run();
    appendAudit(tx, {
      workspaceId,
      actorId: actor.id,
      actorName: actor.name,
      kind: "kpi.target",
      subject: `${target.code} ${target.year}`,
      detail: { ...target, previous: before ?? null },
      at,
    });
    return { created: !before };
  });
}

const series = (workspaceId: string, unitId: string, code: string) => (t: typeof spcBaselines | typeof spcAnnotations) =>
  and(eq(t.workspaceId, workspaceId), eq(t.unitId, unitId), eq(t.code, code));

/** A line's rebases of an indicator, in the order recorded. */
export function listBaselines(db: DbOrTx, workspaceId: string, unitId: string, code: string): StoredBaseline[] {
  return db
    .select({ fromMonth: spcBaselines.fromMonth, reason: spcBaselines.reason, approvedBy: spcBaselines.approvedBy, byName: users.name, at: spcBaselines.at })
    .from(spcBaselines)
    .leftJoin(users, eq(users.id, spcBaselines.byUserId))
    .where(series(workspaceId, unitId, code)(spcBaselines))
    .orderBy(asc(spcBaselines.at), asc(spcBaselines.id))
    .all();
}

/** Records a rebase: the limits are recomputed from `fromMonth` on. Append-only (the table refuses changes). Audited as "spc.rebase". */
export function addBaseline(db: DbOrTx, workspaceId: string, b: { unitId: string; code: string; fromMonth: string; reason: string; approvedBy: string }, actor: Actor, at = Date.now()): void {
  db.transaction((tx) => {
    tx.insert(spcBaselines).values({ workspaceId, unitId: b.unitId, code: b.code, fromMonth: b.fromMonth, reason: b.reason, approvedBy: b.approvedBy, byUserId: actor.id, at }).run();
    appendAudit(tx, { workspaceId, actorId: actor.id, actorName: actor.name, kind: "spc.rebase", subject: `${b.code} for ${b.unitId} from ${b.fromMonth}`, detail: { ...b }, at });
  });
}

/** A line's annotations on an indicator's points, by month then in the order written. */
export function listAnnotations(db: DbOrTx, workspaceId: string, unitId: string, code: string): StoredAnnotation[] {
  return db
    .select({ id: spcAnnotations.id, month: spcAnnotations.month, text: spcAnnotations.text, byName: users.name, at: spcAnnotations.at })
    .from(spcAnnotations)
    .leftJoin(users, eq(users.id, spcAnnotations.byUserId))
    .where(series(workspaceId, unitId, code)(spcAnnotations))
    .orderBy(asc(spcAnnotations.month), asc(spcAnnotations.id))
    .all();
}

/** Annotates one month's point. Audited as "spc.annotation". */
export function addAnnotation(db: DbOrTx, workspaceId: string, a: { unitId: string; code: string; month: string; text: string }, actor: Actor, at = Date.now()): number {
  return db.transaction((tx) => {
    const row = tx.insert(spcAnnotations).values({ workspaceId, unitId: a.unitId, code: a.code, month: a.month, text: a.text, byUserId: actor.id, at }).returning({ id: spcAnnotations.id }).get();
    appendAudit(tx, { workspaceId, actorId: actor.id, actorName: actor.name, kind: "spc.annotation", subject: `${a.code} for ${a.unitId}, ${a.month}`, detail: { id: row.id, ...a }, at });
    return row.id;
  });
}

/** A line's monthly figures for one indicator, months in order. */
export function seriesFor(db: DbOrTx, workspaceId: string, unitId: string, code: string): SeriesPoint[] {
  return db
    .select({ month: performanceIndicators.month, value: performanceIndicators.value, target: performanceIndicators.target })
    .from(performanceIndicators)
    .where(and(eq(performanceIndicators.workspaceId, workspaceId), eq(performanceIndicators.unitId, unitId), eq(performanceIndicators.code, code)))
    .orderBy(asc(performanceIndicators.month))
    .all();
}

/** Every line's series of every indicator in one query: unit id → code → months in order. */
export function allSeries(db: DbOrTx, workspaceId: string): Map<string, Map<string, SeriesPoint[]>> {
  const rows = db
    .select({ unitId: performanceIndicators.unitId, code: performanceIndicators.code, month: performanceIndicators.month, value: performanceIndicators.value, target: performanceIndicators.target })
    .from(performanceIndicators)
    .where(eq(performanceIndicators.workspaceId, workspaceId))
    .orderBy(asc(performanceIndicators.unitId), asc(performanceIndicators.code), asc(performanceIndicators.month))
    .all();
  const out = new Map<string, Map<string, SeriesPoint[]>>();
  for (const r of rows) {
    let byCode = out.get(r.unitId);
    if (!byCode) out.set(r.unitId, (byCode = new Map()));
    let list = byCode.get(r.code);
    if (!list) byCode.set(r.code, (list = []));
    list.push({ month: r.month, value: r.value, target: r.target });
  }
  return out;
}

/** Every rebase month of a workspace, by line and indicator ("unitId\u0000code"), in one query for the trust report. */
export function allBaselineMonths(db: DbOrTx, workspaceId: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const rows = db.select({ unitId: spcBaselines.unitId, code: spcBaselines.code, fromMonth: spcBaselines.fromMonth }).from(spcBaselines).where(eq(spcBaselines.workspaceId, workspaceId)).orderBy(asc(spcBaselines.at), asc(spcBaselines.id)).all();
  for (const r of rows) {
    const key = `${r.unitId}\u0000${r.code}`;
    out.set(key, [...(out.get(key) ?? []), r.fromMonth]);
  }
  return out;
}

/**
 * A key that changes whenever anything the SPC pages read changes: figures (entered or imported,
 * counted and timed), and every catalogue, target, rebase and annotation write (each is audited).
 */
export function kpiDataVersion(db: Db, workspaceId: string): string {
  const row = db.$client
    .prepare(
      `SELECT (SELECT coalesce(max(entered_at), 0) || ':' || count(*) FROM performance_indicators WHERE workspace_id = ?) AS figures,
              (SELECT coalesce(max(id), 0) FROM audit_events WHERE workspace_id = ?) AS audit`,
    )
    .get(workspaceId, workspaceId) as { figures: string; audit: number };
  return `${row.figures}|${row.audit}`;
}
