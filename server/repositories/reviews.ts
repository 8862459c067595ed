/**
 * Review meetings in SQLite (issue 13; docs/decisions/047): series, their yearly schedules, meetings,
 * attendance, decisions and the schedule log. Schedules are planned by the pure functions of
 * shared/reviews/schedule.ts; this module keeps them in step with the determinations in force
 * (ULHT §5.2: the level sets the frequency) and writes each change with its audit entry in one
 * transaction.
 */
import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, gte, inArray, lte, sql, type SQL } from "drizzle-orm";
import type { Db, DbOrTx } from "../../db/client";
import { auditEvents, autonomyDeterminations, reviewAttendance, reviewDecisions, reviewMeetings, reviewScheduleLog, reviewSeries, users } from "../../db/schema";
import type { AutonomyLevel } from "../../shared/autonomy/types";
import { addMonths, formatDate } from "../../shared/format/dates";
import type { Determination } from "../../shared/governance/types";
import type { Agenda, AttendanceEntry, MeetingKind, Rating, ReviewDecision, ReviewMeeting, ReviewSeries, ScheduleLogEntry, SeriesInput } from "../../shared/reviews/model";
import { CADENCE_LABELS, cadenceForLevel, meetingDates, replan, replanFrom, yearEnd, yearsToPlan, yearStart, type Cadence, type DayRule, type Severity } from "../../shared/reviews/schedule";
import { appendAudit } from "../audit/chain";
import { determinationOnDate, type Actor } from "./governance";

/** A line with no determination yet meets monthly, as at level 3 (the demo and the app start lines there). */
export const DEFAULT_LEVEL: AutonomyLevel = 3;

type SeriesRow = typeof reviewSeries.$inferSelect;
type MeetingRow = typeof reviewMeetings.$inferSelect;

function toSeries(r: SeriesRow): ReviewSeries {
  return {
    id: r.id,
    workspaceId: r.workspaceId,
    kind: r.kind as MeetingKind,
    tier: r.tier as ReviewSeries["tier"],
    unitId: r.unitId,
    name: r.name,
    chairName: r.chairName,
    chairUserId: r.chairUserId,
    secretaryName: r.secretaryName,
    secretaryUserId: r.secretaryUserId,
    essentialAttendees: JSON.parse(r.essentialAttendees) as ReviewSeries["essentialAttendees"],
    quorum: r.quorum,
    frequency: r.frequency as ReviewSeries["frequency"],
    cadence: (r.cadence ?? null) as Cadence | null,
    severity: r.severity as Severity,
    rule: { nth: r.ruleNth as DayRule["nth"], weekday: r.ruleWeekday as DayRule["weekday"] },
    plannedLevel: (r.plannedLevel ?? null) as AutonomyLevel | null,
    plannedDeterminationId: r.plannedDeterminationId ?? null,
    actionPrefix: r.actionPrefix,
    createdAt: r.createdAt,
  };
}

function toMeeting(r: MeetingRow): ReviewMeeting {
  return {
    id: r.id,
    workspaceId: r.workspaceId,
    seriesId: r.seriesId,
    kind: r.kind as MeetingKind,
    year: r.year,
    date: r.date,
    status: r.status as ReviewMeeting["status"],
    level: (r.level ?? null) as AutonomyLevel | null,
    packToUnitOn: r.packToUnitOn,
    packToInviteesOn: r.packToInviteesOn,
    packLink: r.packLink,
    agenda: JSON.parse(r.agenda) as Agenda,
    rating: (r.rating ?? null) as Rating | null,
    minutes: r.minutes,
    cancelledReason: r.cancelledReason,
    updatedAt: r.updatedAt,
  };
}

// ---- Series ----

export function listSeries(db: DbOrTx, workspaceId: string): ReviewSeries[] {
  return db.select().from(reviewSeries).where(eq(reviewSeries.workspaceId, workspaceId)).orderBy(asc(reviewSeries.tier), asc(reviewSeries.name)).all().map(toSeries);
}

export function getSeries(db: DbOrTx, workspaceId: string, id: string): ReviewSeries | null {
  const r = db.select().from(reviewSeries).where(and(eq(reviewSeries.workspaceId, workspaceId), eq(reviewSeries.id, id))).get();
  return r ? toSeries(r) : null;
}

/** The cadence a series meets at with a line at `level` (ULHT §5.2), or its fixed cadence. */
export function seriesCadence(s: Pick<ReviewSeries, "frequency" | "cadence" | "severity">, level: AutonomyLevel | null): Cadence {
  if (s.frequency === "fixed") return s.cadence ?? "monthly";
  return cadenceForLevel(level ?? DEFAULT_LEVEL, s.severity);
}

/** The determination in force for the series' line on a date (by-level series only). */
function levelFor(db: DbOrTx, s: ReviewSeries, date: string): Determination | null {
  if (s.frequency !== "by_level" || !s.unitId) return null;
  return determinationOnDate(db, s.workspaceId, s.unitId, date);
}

/** Sets up a series and generates its schedule for the years due (this one, and next from January). */
export function createSeries(db: Db, workspaceId: string, input: SeriesInput, actor: Actor, today: string, opts: { id?: string; at?: number; plan?: { year: number; asOf: string }[] } = {}): ReviewSeries {
  const id = opts.id ?? `rs_${randomUUID().slice(0, 18)}`;
  const at = opts.at ?? Date.now();
  db.transaction((tx) => {
    tx.insert(reviewSeries)
      .values({
        id,
        workspaceId,
        kind: input.kind,
        tier: input.tier,
        unitId: input.unitId || null,
        name: input.name,
        chairName: input.chairName,
        chairUserId: input.chairUserId || null,
        secretaryName: input.secretaryName,
        secretaryUserId: input.secretaryUserId || null,
        essentialAttendees: JSON.stringify(input.essentialAttendees),
        quorum: input.quorum,
        frequency: input.frequency,
        cadence: input.frequency === "fixed" ? (input.cadence ?? "monthly") : null,
        severity: input.severity,
        ruleNth: input.ruleNth,
        ruleWeekday: input.ruleWeekday,
        actionPrefix: input.actionPrefix,
        createdBy: actor.id,
        createdAt: at,
      })
      .run();
    appendAudit(tx, { workspaceId, actorId: actor.id, actorName: actor.name, kind: "review.series", subject: id, detail: { id, ...input }, at });
    const s = getSeries(tx, workspaceId, id)!;
    // The demo plans its years as of the days they would have been planned; the app, as of today.
    for (const p of opts.plan ?? yearsToPlan(today).map((year) => ({ year, asOf: today }))) generateYear(tx, s, p.year, p.asOf, actor, at);
  });
  return getSeries(db, workspaceId, id)!;
}

/** Changes a series' severity (a level-4 line meets weekly or monthly): re-plans from next month, logged. */
export function setSeverity(db: Db, workspaceId: string, id: string, severity: Severity, reason: string, actor: Actor, today: string, at = Date.now()): void {
  db.transaction((tx) => {
    const s = getSeries(tx, workspaceId, id);
    if (!s || s.severity === severity) return;
    tx.update(reviewSeries).set({ severity }).where(eq(reviewSeries.id, id)).run();
    appendAudit(tx, { workspaceId, actorId: actor.id, actorName: actor.name, kind: "review.severity", subject: id, detail: { id, severity, reason }, at });
    const before = seriesCadence(s, s.plannedLevel);
    const after = seriesCadence({ ...s, severity }, s.plannedLevel);
    if (before !== after) replanSeries(tx, { ...s, severity }, replanFrom(today, today), { levelBefore: s.plannedLevel, levelAfter: s.plannedLevel, cadenceBefore: before, reason, determinationId: null, actor }, at);
  });
}

// ---- Schedules ----

function insertMeetings(tx: DbOrTx, s: ReviewSeries, year: number, dates: readonly string[], level: AutonomyLevel | null, actor: Actor, at: number): void {
  for (const date of dates) {
    tx.insert(reviewMeetings)
      .values({
        id: `rm_${randomUUID().slice(0, 18)}`,
        workspaceId: s.workspaceId,
        seriesId: s.id,
        kind: s.kind,
        year,
        date,
        status: "scheduled",
        level,
        packLink: "",
        agenda: JSON.stringify({ kloe: [], risks: [] }),
        minutes: "",
        updatedBy: actor.id,
        updatedAt: at,
      })
      .run();
  }
}

function logSchedule(tx: DbOrTx, s: ReviewSeries, e: Omit<ScheduleLogEntry, "id" | "seriesId" | "actorName" | "at">, actor: Actor, at: number): void {
  tx.insert(reviewScheduleLog)
    .values({
      workspaceId: s.workspaceId,
      seriesId: s.id,
      year: e.year,
      kind: e.kind,
      fromDate: e.fromDate,
      levelBefore: e.levelBefore,
      levelAfter: e.levelAfter,
      cadenceBefore: e.cadenceBefore,
      cadenceAfter: e.cadenceAfter,
      added: JSON.stringify(e.added),
      cancelled: JSON.stringify(e.cancelled),
      reason: e.reason,
      determinationId: e.determinationId,
      actorId: actor.id,
      actorName: actor.name ?? "Devolve",
      at,
    })
    .run();
  appendAudit(tx, { workspaceId: s.workspaceId, actorId: actor.id, actorName: actor.name, kind: `review.schedule.${e.kind}`, subject: s.id, detail: { ...e }, at });
}

function hasYear(tx: DbOrTx, s: ReviewSeries, year: number): boolean {
  return !!tx
    .select({ id: reviewScheduleLog.id })
    .from(reviewScheduleLog)
    .where(and(eq(reviewScheduleLog.workspaceId, s.workspaceId), eq(reviewScheduleLog.seriesId, s.id), eq(reviewScheduleLog.year, year), eq(reviewScheduleLog.kind, "generated")))
    .get();
}

/**
 * Generates a financial year's schedule (ULHT §5.1: "a clear and consistent schedule … agreed at the
 * start of each new financial year"), at the level in force on 1 April, or today if later. Once only.
 */
export function generateYear(tx: DbOrTx, s: ReviewSeries, year: number, today: string, actor: Actor, at = Date.now()): boolean {
  if (hasYear(tx, s, year)) return false;
  const on = today > yearStart(year) ? today : yearStart(year);
  const det = levelFor(tx, s, on);
  const level = s.frequency === "by_level" ? (det?.level ?? DEFAULT_LEVEL) : null;
  const cadence = seriesCadence(s, level);
  // A series set up part-way through a year is planned from the next month, like a re-plan.
  const from = today > yearStart(year) ? replanFrom(today, today) : yearStart(year);
  const dates = meetingDates(year, cadence, s.rule, from);
  insertMeetings(tx, s, year, dates, level, actor, at);
  const why =
    s.frequency === "by_level"
      ? det
        ? `Level ${det.level} in force from ${formatDate(det.effectiveFrom)}: ${CADENCE_LABELS[cadence].toLowerCase()} (ULHT §5.2).`
        : `No level recorded yet for the line: planned at level ${DEFAULT_LEVEL}, ${CADENCE_LABELS[cadence].toLowerCase()}.`
      : `${CADENCE_LABELS[cadence]} by the terms of reference.`;
  logSchedule(tx, s, { year, kind: "generated", fromDate: from, levelBefore: null, levelAfter: level, cadenceBefore: null, cadenceAfter: cadence, added: dates, cancelled: [], reason: why, determinationId: det?.id ?? null }, actor, at);
  if (s.frequency === "by_level" && on <= today) tx.update(reviewSeries).set({ plannedLevel: level, plannedDeterminationId: det?.id ?? null }).where(eq(reviewSeries.id, s.id)).run();
  else if (s.frequency === "by_level" && s.plannedLevel === null) tx.update(reviewSeries).set({ plannedLevel: level, plannedDeterminationId: det?.id ?? null }).where(eq(reviewSeries.id, s.id)).run();
  return true;
}

interface ReplanWhy {
  levelBefore: AutonomyLevel | null;
  levelAfter: AutonomyLevel | null;
  cadenceBefore: Cadence;
  reason: string;
  determinationId: number | null;
  actor: Actor;
}

/** Re-plans every generated year from `from` at the series' cadence for `why.levelAfter`, logging each year changed. */
function replanSeries(tx: DbOrTx, s: ReviewSeries, from: string, why: ReplanWhy, at: number): number {
  const cadence = seriesCadence(s, why.levelAfter);
  let changed = 0;
  const years = tx.selectDistinct({ year: reviewScheduleLog.year }).from(reviewScheduleLog).where(and(eq(reviewScheduleLog.seriesId, s.id), eq(reviewScheduleLog.kind, "generated"))).all().map((r) => r.year);
  for (const year of years.sort()) {
    if (yearEnd(year) < from) continue;
    const existing = listMeetings(tx, s.workspaceId, { seriesId: s.id, year });
    const yearFrom = from > yearStart(year) ? from : yearStart(year);
    const plan = replan(existing, year, cadence, s.rule, yearFrom);
    // The year the change falls in is logged even when its dates stand (quarterly to six-monthly
    // from January keeps March): the level and the reason are still the record.
    if (plan.cancel.length === 0 && plan.add.length === 0 && !(from >= yearStart(year) && from <= yearEnd(year))) continue;
    const cancelledDates = existing.filter((m) => plan.cancel.includes(m.id)).map((m) => m.date);
    if (plan.cancel.length) {
      tx.update(reviewMeetings)
        .set({ status: "cancelled", cancelledReason: `Re-planned: ${why.reason}`, updatedBy: why.actor.id, updatedAt: at })
        .where(inArray(reviewMeetings.id, plan.cancel))
        .run();
    }
    insertMeetings(tx, s, year, plan.add, why.levelAfter, why.actor, at);
    logSchedule(tx, s, { year, kind: "replanned", fromDate: yearFrom, levelBefore: why.levelBefore, levelAfter: why.levelAfter, cadenceBefore: why.cadenceBefore, cadenceAfter: cadence, added: plan.add, cancelled: cancelledDates, reason: why.reason, determinationId: why.determinationId }, why.actor, at);
    changed++;
  }
  return changed;
}

function firstOfNextMonth(date: string): string {
  return `${addMonths(date.slice(0, 7), 1)}-01`;
}

function actorOfDetermination(tx: DbOrTx, workspaceId: string, id: number): Actor {
  const r = tx.select({ by: autonomyDeterminations.byUserId }).from(autonomyDeterminations).where(and(eq(autonomyDeterminations.workspaceId, workspaceId), eq(autonomyDeterminations.id, id))).get();
  const u = r?.by ? tx.select({ name: users.name }).from(users).where(eq(users.id, r.by)).get() : undefined;
  if (u) return { id: r!.by, name: u.name };
  // Recorded without a member (the demo set-up, an import): the audit chain names who recorded it.
  const audited = tx
    .select({ name: auditEvents.actorName })
    .from(auditEvents)
    .where(and(eq(auditEvents.workspaceId, workspaceId), eq(auditEvents.kind, "autonomy.determination"), sql`json_extract(${auditEvents.detail}, '$.id') = ${id}`))
    .get();
  return { id: null, name: audited?.name ?? "Devolve (from the recorded determination)" };
}

/**
 * Keeps every series' schedule in step on `today`: generates the years due (next year's from
 * 1 January) and re-plans a by-level series whose line has a new determination with a different
 * level, from the month after it takes effect (issue 13: "a level change re-plans from the next
 * month and is logged"). The log names the person who recorded the determination and gives its
 * reason. Idempotent: the lead also calls it right after recording determinations. Returns how many
 * schedules changed.
 */
export function syncSchedules(db: Db, workspaceId: string, today: string, at = Date.now()): number {
  let changed = 0;
  db.transaction((tx) => {
    for (const s of listSeries(tx, workspaceId)) {
      for (const year of yearsToPlan(today)) if (generateYear(tx, s, year, today, { id: null, name: "Devolve (yearly schedule)" }, at)) changed++;
      if (s.frequency !== "by_level") continue;
      const fresh = getSeries(tx, workspaceId, s.id)!;
      // What is in force from next month: a review agrees levels from the first of the month after it.
      const det = levelFor(tx, fresh, firstOfNextMonth(today)) ?? null;
      if (!det || det.id === fresh.plannedDeterminationId) continue;
      const before = fresh.plannedLevel;
      tx.update(reviewSeries).set({ plannedLevel: det.level, plannedDeterminationId: det.id }).where(eq(reviewSeries.id, s.id)).run();
      if (before === det.level || seriesCadence(fresh, before) === seriesCadence(fresh, det.level)) continue;
      const from = replanFrom(det.effectiveFrom, today);
      const reason = `Level ${before ?? "none"} → ${det.level} from ${formatDate(det.effectiveFrom)}: ${det.reason}`;
      changed += replanSeries(tx, { ...fresh, plannedLevel: det.level }, from, { levelBefore: before, levelAfter: det.level, cadenceBefore: seriesCadence(fresh, before), reason, determinationId: det.id, actor: actorOfDetermination(tx, workspaceId, det.id) }, at);
    }
  });
  return changed;
}

export function listScheduleLog(db: DbOrTx, workspaceId: string, seriesId: string): ScheduleLogEntry[] {
  return db
    .select()
    .from(reviewScheduleLog)
    .where(and(eq(reviewScheduleLog.workspaceId, workspaceId), eq(reviewScheduleLog.seriesId, seriesId)))
    .orderBy(desc(reviewScheduleLog.at), desc(reviewScheduleLog.id))
    .all()
    .map((r) => ({
      id: r.id,
      seriesId: r.seriesId,
      year: r.year,
      kind: r.kind as ScheduleLogEntry["kind"],
      fromDate: r.fromDate,
      levelBefore: (r.levelBefore ?? null) as AutonomyLevel | null,
      levelAfter: (r.levelAfter ?? null) as AutonomyLevel | null,
      cadenceBefore: (r.cadenceBefore ?? null) as Cadence | null,
      cadenceAfter: r.cadenceAfter as Cadence,
      added: JSON.parse(r.added) as string[],
      cancelled: JSON.parse(r.cancelled) as string[],
      reason: r.reason,
      determinationId: r.determinationId ?? null,
      actorName: r.actorName,
      at: r.at,
    }));
}

// ---- Meetings ----

export interface MeetingFilter {
  seriesId?: string;
  year?: number;
  kind?: MeetingKind;
  from?: string;
  to?: string;
  /** Cancelled meetings are left out unless asked for. */
  includeCancelled?: boolean;
}

/** Meetings of a workspace in date order, filtered. The lead lists accountability reviews with `{ kind: "accountability_review" }`. */
export function listMeetings(db: DbOrTx, workspaceId: string, f: MeetingFilter = {}): ReviewMeeting[] {
  const where: SQL[] = [eq(reviewMeetings.workspaceId, workspaceId)];
  if (f.seriesId) where.push(eq(reviewMeetings.seriesId, f.seriesId));
  if (f.year !== undefined) where.push(eq(reviewMeetings.year, f.year));
  if (f.kind) where.push(eq(reviewMeetings.kind, f.kind));
  if (f.from) where.push(gte(reviewMeetings.date, f.from));
  if (f.to) where.push(lte(reviewMeetings.date, f.to));
  const rows = db.select().from(reviewMeetings).where(and(...where)).orderBy(asc(reviewMeetings.date), asc(reviewMeetings.id)).all().map(toMeeting);
  return f.includeCancelled ? rows : rows.filter((m) => m.status !== "cancelled");
}

/** One meeting of the workspace; null for another trust's id (the page answers 404). */
export function getMeeting(db: DbOrTx, workspaceId: string, id: string): ReviewMeeting | null {
  const r = db.select().from(reviewMeetings).where(and(eq(reviewMeetings.workspaceId, workspaceId), eq(reviewMeetings.id, id))).get();
  return r ? toMeeting(r) : null;
}

export type MeetingPatch = Partial<Pick<ReviewMeeting, "packToUnitOn" | "packToInviteesOn" | "packLink" | "agenda" | "rating" | "minutes" | "status" | "date">>;

/** Changes a meeting's record, with its audit entry. */
export function updateMeeting(db: Db, workspaceId: string, id: string, patch: MeetingPatch, actor: Actor, at = Date.now()): ReviewMeeting | null {
  return db.transaction((tx) => {
    const m = getMeeting(tx, workspaceId, id);
    if (!m) return null;
    const set: Partial<MeetingRow> = { updatedBy: actor.id, updatedAt: at };
    if ("packToUnitOn" in patch) set.packToUnitOn = patch.packToUnitOn ?? null;
    if ("packToInviteesOn" in patch) set.packToInviteesOn = patch.packToInviteesOn ?? null;
    if (patch.packLink !== undefined) set.packLink = patch.packLink;
    if (patch.agenda) set.agenda = JSON.stringify(patch.agenda);
    if ("rating" in patch) set.rating = patch.rating ?? null;
    if (patch.minutes !== undefined) set.minutes = patch.minutes;
    if (patch.status) set.status = patch.status;
    if (patch.date) set.date = patch.date;
    tx.update(reviewMeetings).set(set).where(eq(reviewMeetings.id, id)).run();
    appendAudit(tx, { workspaceId, actorId: actor.id, actorName: actor.name, kind: "review.meeting", subject: id, detail: { id, ...patch }, at });
    return getMeeting(tx, workspaceId, id);
  });
}

export function listAttendance(db: DbOrTx, workspaceId: string, meetingId: string): AttendanceEntry[] {
  return db
    .select()
    .from(reviewAttendance)
    .where(and(eq(reviewAttendance.workspaceId, workspaceId), eq(reviewAttendance.meetingId, meetingId)))
    .orderBy(asc(reviewAttendance.position))
    .all()
    .map((r) => ({ name: r.name, role: r.role, essential: r.essential, status: r.status as AttendanceEntry["status"] }));
}

/** Replaces a meeting's attendance. */
export function saveAttendance(db: Db, workspaceId: string, meetingId: string, entries: readonly AttendanceEntry[], actor: Actor, at = Date.now()): void {
  db.transaction((tx) => {
    tx.delete(reviewAttendance).where(and(eq(reviewAttendance.workspaceId, workspaceId), eq(reviewAttendance.meetingId, meetingId))).run();
    entries.forEach((e, position) => tx.insert(reviewAttendance).values({ workspaceId, meetingId, position, ...e }).run());
    appendAudit(tx, { workspaceId, actorId: actor.id, actorName: actor.name, kind: "review.attendance", subject: meetingId, detail: { meetingId, entries }, at });
  });
}

// ---- Decisions ----

export interface NewDecision {
  /** "decision" for a plain one; the accountability review adds its own kinds (an agreed level…). */
  kind: string;
  unitId?: string | null;
  summary: string;
  detail?: unknown;
}

/** Records a decision of a meeting (append-only), with its audit entry; returns its id. Callers check rights. */
export function recordDecision(db: DbOrTx, workspaceId: string, meetingId: string, d: NewDecision, actor: Actor, at = Date.now()): number {
  const run = (tx: DbOrTx) => {
    if (!getMeeting(tx, workspaceId, meetingId)) throw new Error(`No review meeting ${meetingId} in ${workspaceId}`);
    const row = tx
      .insert(reviewDecisions)
      .values({ workspaceId, meetingId, kind: d.kind, unitId: d.unitId ?? null, summary: d.summary, detail: d.detail === undefined ? null : JSON.stringify(d.detail), recordedBy: actor.id, recordedByName: actor.name ?? "Devolve", at })
      .returning({ id: reviewDecisions.id })
      .get();
    appendAudit(tx, { workspaceId, actorId: actor.id, actorName: actor.name, kind: "review.decision", subject: meetingId, detail: { id: row.id, meetingId, ...d }, at });
    return row.id;
  };
  return db.transaction(run);
}

/** Decisions of one meeting, or of every meeting, oldest first; optionally of one kind. */
export function listDecisions(db: DbOrTx, workspaceId: string, f: { meetingId?: string; kind?: string; unitId?: string } = {}): ReviewDecision[] {
  const where: SQL[] = [eq(reviewDecisions.workspaceId, workspaceId)];
  if (f.meetingId) where.push(eq(reviewDecisions.meetingId, f.meetingId));
  if (f.kind) where.push(eq(reviewDecisions.kind, f.kind));
  if (f.unitId) where.push(eq(reviewDecisions.unitId, f.unitId));
  return db
    .select()
    .from(reviewDecisions)
    .where(and(...where))
    .orderBy(asc(reviewDecisions.at), asc(reviewDecisions.id))
    .all()
    .map((r) => ({ id: r.id, meetingId: r.meetingId, kind: r.kind, unitId: r.unitId, summary: r.summary, detail: r.detail === null ? null : (JSON.parse(r.detail) as unknown), recordedBy: r.recordedBy, recordedByName: r.recordedByName, at: r.at }));
}
