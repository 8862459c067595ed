import { and, asc, desc, eq, inArray, min } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client";
import { autonomyDeterminations, autonomyOverrides, performanceFinance, performanceIndicators, performanceMonthChanges, performanceMonthLocks, performancePolicy, users } from "../../db/schema";
import { formatDate, formatMonth } from "../../shared/format";
import { canonicalFigures } from "../../shared/governance/determinations";
import type { AutonomyLevel, IndicatorObservation, LevelOverride, MonthObservation } from "../../shared/autonomy";

export type PerformanceSource = "form" | "import" | "seed";

/** Every stored month of figures in a workspace, by service-line unit id, months in order. */
export function listObservations(db: DbOrTx, workspaceId: string, unitId?: string): Record<string, MonthObservation[]> {
  type Table = typeof performanceIndicators | typeof performanceFinance | typeof performancePolicy;
  const where = (t: Table) => (unitId ? and(eq(t.workspaceId, workspaceId), eq(t.unitId, unitId)) : eq(t.workspaceId, workspaceId));
  const indicators = db.select().from(performanceIndicators).where(where(performanceIndicators)).orderBy(asc(performanceIndicators.id)).all();
  const finance = db.select().from(performanceFinance).where(where(performanceFinance)).all();
  const policy = db.select().from(performancePolicy).where(where(performancePolicy)).all();

  const byUnit = new Map<string, Map<string, MonthObservation>>();
  const slot = (unit: string, month: string): MonthObservation => {
    let months = byUnit.get(unit);
    if (!months) byUnit.set(unit, (months = new Map()));
    let obs = months.get(month);
    if (!obs) months.set(month, (obs = { month, indicators: [] }));
    return obs;
  };
  for (const r of indicators) {
    const ind: IndicatorObservation = { code: r.code, name: r.name, kind: r.kind, value: r.value, target: r.target, direction: r.direction, key: r.key };
    if (r.measureUnit) ind.unit = r.measureUnit;
    slot(r.unitId, r.month).indicators.push(ind);
  }
  for (const r of finance) {
    const obs = slot(r.unitId, r.month);
    obs.finance = { plan: r.plan, actual: r.actual };
    if (r.tolerancePct !== null) obs.finance.tolerancePct = r.tolerancePct;
  }
  for (const r of policy) {
    const obs = slot(r.unitId, r.month);
    obs.policy = { adherent: r.adherent };
    if (r.note) obs.policy.note = r.note;
  }
  const out: Record<string, MonthObservation[]> = {};
  for (const [unit, months] of byUnit) out[unit] = [...months.values()].sort((a, b) => a.month.localeCompare(b.month));
  return out;
}

export interface SaveObservationsInput {
  workspaceId: string;
  /** Months of figures by service-line unit id. */
  byUnit: Record<string, MonthObservation[]>;
  source: PerformanceSource;
  enteredBy: string | null;
  /**
   * true: each month given replaces everything stored for that line and month (the entry form shows
   * the whole month). false: figures are upserted by indicator code, other stored figures stay.
   */
  replaceMonths?: boolean;
  at?: number;
}

/** Writes months of figures for several lines in one transaction: all of them or none. Returns the number of months written. */
export function saveObservations(db: DbOrTx, input: SaveObservationsInput): number {
  const meta = { workspaceId: input.workspaceId, source: input.source, enteredBy: input.enteredBy, enteredAt: input.at ?? Date.now() };
  let months = 0;
  db.transaction((tx) => {
    for (const [unitId, list] of Object.entries(input.byUnit)) {
      for (const obs of list) {
        months += 1;
        const row = { ...meta, unitId, month: obs.month };
        const scope = (t: typeof performanceIndicators | typeof performanceFinance | typeof performancePolicy) =>
          and(eq(t.workspaceId, input.workspaceId), eq(t.unitId, unitId), eq(t.month, obs.month));
        if (input.replaceMonths) {
          tx.delete(performanceIndicators).where(scope(performanceIndicators)).run();
          tx.delete(performanceFinance).where(scope(performanceFinance)).run();
          tx.delete(performancePolicy).where(scope(performancePolicy)).run();
        }
        for (const i of obs.indicators) {
          const values = { name: i.name, kind: i.kind, value: i.value, target: i.target, direction: i.direction, key: i.key, measureUnit: i.unit ?? null, source: row.source, enteredBy: row.enteredBy, enteredAt: row.enteredAt };
          tx.insert(performanceIndicators)
            .values({ ...row, code: i.code, ...values })
            .onConflictDoUpdate({ target: [performanceIndicators.workspaceId, performanceIndicators.unitId, performanceIndicators.month, performanceIndicators.code], set: values })
            .run();
        }
        if (obs.finance) {
          const values = { plan: obs.finance.plan, actual: obs.finance.actual, tolerancePct: obs.finance.tolerancePct ?? null, source: row.source, enteredBy: row.enteredBy, enteredAt: row.enteredAt };
          tx.insert(performanceFinance)
            .values({ ...row, ...values })
            .onConflictDoUpdate({ target: [performanceFinance.workspaceId, performanceFinance.unitId, performanceFinance.month], set: values })
            .run();
        }
        if (obs.policy) {
          const values = { adherent: obs.policy.adherent, note: obs.policy.note ?? null, source: row.source, enteredBy: row.enteredBy, enteredAt: row.enteredAt };
          tx.insert(performancePolicy)
            .values({ ...row, ...values })
            .onConflictDoUpdate({ target: [performancePolicy.workspaceId, performancePolicy.unitId, performancePolicy.month], set: values })
            .run();
        }
      }
    }
  });
  return months;
}

/** Upserts one line's month of figures in one transaction (see saveObservations for `replaceMonths`). */
export function saveMonth(db: DbOrTx, input: Omit<SaveObservationsInput, "byUnit"> & { unitId: string; observation: MonthObservation }): void {
  saveObservations(db, { ...input, byUnit: { [input.unitId]: [input.observation] } });
}

/** An override as stored, with the name of the person who made it. */
export interface StoredOverride extends LevelOverride {
  id: number;
  unitId: string;
  byUserId: string;
}

/** Overrides in a workspace (optionally for some lines), oldest first. */
export function listOverrides(db: DbOrTx, workspaceId: string, unitIds?: string[]): StoredOverride[] {
  const cond = unitIds ? and(eq(autonomyOverrides.workspaceId, workspaceId), inArray(autonomyOverrides.unitId, unitIds)) : eq(autonomyOverrides.workspaceId, workspaceId);
  return db
    .select({ o: autonomyOverrides, name: users.name })
    .from(autonomyOverrides)
    .innerJoin(users, eq(users.id, autonomyOverrides.byUserId))
    .where(cond)
    .orderBy(asc(autonomyOverrides.at), asc(autonomyOverrides.id))
    .all()
    .map(({ o, name }) => ({
      id: o.id,
      unitId: o.unitId,
      byUserId: o.byUserId,
      month: o.monthFrom,
      level: o.level as AutonomyLevel,
      reason: o.reason,
      by: name,
      at: new Date(o.at).toISOString(),
    }));
}

/** Records an override; they are never edited, so the history of who decided what stays whole. */
export function addOverride(db: DbOrTx, input: { workspaceId: string; unitId: string; monthFrom: string; level: AutonomyLevel; reason: string; byUserId: string; at?: number }): number {
  const row = db
    .insert(autonomyOverrides)
    .values({ workspaceId: input.workspaceId, unitId: input.unitId, monthFrom: input.monthFrom, level: input.level, reason: input.reason, byUserId: input.byUserId, at: input.at ?? Date.now() })
    .returning({ id: autonomyOverrides.id })
    .get();
  return row.id;
}

/** Removes an override (e.g. one recorded in error); the caller logs who did so. */
export function deleteOverride(db: DbOrTx, workspaceId: string, id: number): boolean {
  return db.delete(autonomyOverrides).where(and(eq(autonomyOverrides.workspaceId, workspaceId), eq(autonomyOverrides.id, id))).run().changes > 0;
}

/** Whether a workspace has any performance figures yet (so seeding runs once). */
export function hasPerformanceData(db: DbOrTx, workspaceId: string): boolean {
  return db.select({ id: performanceIndicators.id }).from(performanceIndicators).where(eq(performanceIndicators.workspaceId, workspaceId)).limit(1).get() !== undefined;
}

/** The earliest month of figures stored in a workspace, or null when it has none. */
export function earliestStoredMonth(db: DbOrTx, workspaceId: string): string | null {
  const first = (t: typeof performanceIndicators | typeof performanceFinance | typeof performancePolicy) =>
    db.select({ month: min(t.month) }).from(t).where(eq(t.workspaceId, workspaceId)).get()?.month ?? null;
  const months = [first(performanceIndicators), first(performanceFinance), first(performancePolicy)].filter((m): m is string => !!m);
  return months.length ? months.sort()[0]! : null;
}

/** Why one line's month is locked; `by` names the record that used it. */
export interface MonthLock {
  month: string;
  reason: string;
}

/**
 * Which of a line's months are locked, and why: every month up to the basis month of a level
 * determination (autonomy_determinations, issue 11: the reviews that use figures today; its figures
 * hash covers them all), and any month a record added to performance_month_locks (a review's own
 * months, later). Returns a lookup: the lock of a month, or null.
 */
export function monthLocks(db: DbOrTx, workspaceId: string, unitId: string): (month: string) => MonthLock | null {
  const dets = db
    .select({ basis: autonomyDeterminations.basisMonth, from: autonomyDeterminations.effectiveFrom, level: autonomyDeterminations.level })
    .from(autonomyDeterminations)
    .where(and(eq(autonomyDeterminations.workspaceId, workspaceId), eq(autonomyDeterminations.unitId, unitId)))
    .all()
    .filter((d): d is { basis: string; from: string; level: number } => !!d.basis)
    .sort((a, b) => a.basis.localeCompare(b.basis));
  const rows = db
    .select({ month: performanceMonthLocks.month, reason: performanceMonthLocks.reason })
    .from(performanceMonthLocks)
    .where(and(eq(performanceMonthLocks.workspaceId, workspaceId), eq(performanceMonthLocks.unitId, unitId)))
    .all();
  const explicit = new Map(rows.map((r) => [r.month, r.reason]));
  return (month) => {
    const reason = explicit.get(month);
    if (reason) return { month, reason };
    // The first determination whose figures included this month is the one that used it.
    const det = dets.find((d) => d.basis >= month);
    return det ? { month, reason: `used by the level ${det.level} determination in force from ${formatDate(det.from)}` } : null;
  };
}

/** Locks months for a record that used them (a review); idempotent per record. */
export function lockMonths(db: DbOrTx, input: { workspaceId: string; unitId: string; months: string[]; sourceKind: string; sourceId: string; reason: string; at?: number }): void {
  const at = input.at ?? Date.now();
  for (const month of input.months) {
    db.insert(performanceMonthLocks)
      .values({ workspaceId: input.workspaceId, unitId: input.unitId, month, sourceKind: input.sourceKind, sourceId: input.sourceId, reason: input.reason, at })
      .onConflictDoNothing()
      .run();
  }
}

/** One recorded correction or deletion of a month. */
export interface MonthChange {
  id: number;
  month: string;
  kind: "correct" | "delete";
  reason: string;
  before: MonthObservation;
  byName: string | null;
  at: number;
}

/** The corrections and deletions of one line's months, newest first. */
export function listMonthChanges(db: DbOrTx, workspaceId: string, unitId: string): MonthChange[] {
  return db
    .select({ c: performanceMonthChanges, name: users.name })
    .from(performanceMonthChanges)
    .leftJoin(users, eq(users.id, performanceMonthChanges.byUserId))
    .where(and(eq(performanceMonthChanges.workspaceId, workspaceId), eq(performanceMonthChanges.unitId, unitId)))
    .orderBy(desc(performanceMonthChanges.id))
    .all()
    .map(({ c, name }) => {
      // Stored as canonicalFigures writes it: a list of the one month.
      const parsed = JSON.parse(c.before) as MonthObservation | MonthObservation[];
      return { id: c.id, month: c.month, kind: c.kind, reason: c.reason, before: Array.isArray(parsed) ? parsed[0]! : parsed, byName: name, at: c.at };
    });
}

/**
 * Corrects (replaces) or deletes a line's stored month with a reason, keeping what it held in the
 * history, in one transaction. Refuses a locked month. Returns an error sentence or null.
 */
export function changeStoredMonth(
  db: Db,
  input: { workspaceId: string; unitId: string; month: string; reason: string; byUserId: string; replacement?: MonthObservation; source?: PerformanceSource },
): string | null {
  const lock = monthLocks(db, input.workspaceId, input.unitId)(input.month);
  if (lock) return `${formatMonth(input.month)} is locked: it was ${lock.reason}. Record a new determination instead of changing the figures it used.`;
  const before = listObservations(db, input.workspaceId, input.unitId)[input.unitId]?.find((m) => m.month === input.month);
  if (!before) return `There are no figures for ${formatMonth(input.month)} to ${input.replacement ? "correct" : "delete"}.`;
  db.transaction((tx) => {
    tx.insert(performanceMonthChanges)
      .values({ workspaceId: input.workspaceId, unitId: input.unitId, month: input.month, kind: input.replacement ? "correct" : "delete", reason: input.reason, before: canonicalFigures(before), byUserId: input.byUserId, at: Date.now() })
      .run();
    if (input.replacement) {
      saveObservations(tx, { workspaceId: input.workspaceId, byUnit: { [input.unitId]: [input.replacement] }, source: input.source ?? "form", enteredBy: input.byUserId, replaceMonths: true });
    } else {
      for (const t of [performanceIndicators, performanceFinance, performancePolicy] as const) {
        tx.delete(t)
          .where(and(eq(t.workspaceId, input.workspaceId), eq(t.unitId, input.unitId), eq(t.month, input.month)))
          .run();
      }
    }
  });
  return null;
}
