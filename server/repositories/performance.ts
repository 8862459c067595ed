import { and, asc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { autonomyOverrides, performanceFinance, performanceIndicators, performancePolicy, users } from "../../db/schema";
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
