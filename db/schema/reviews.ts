import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users, workspaces } from "./auth";

/**
 * Review meetings (issue 13; docs/decisions/047; ULHT §5.1–5.2, §6): series per division, service
 * line or team with their terms of reference and frequency, the meetings of each financial year,
 * who attended, what was decided, and how each year's schedule was generated and re-planned. The
 * action log of each series is a co-edited document (`actions/<seriesId>`).
 */
export const reviewSeries = sqliteTable(
  "review_series",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    /** "performance_review" | "accountability_review" (shared/reviews/model.ts MEETING_KINDS). */
    kind: text("kind").notNull(),
    /** "trust" | "division" | "service_line" | "team". */
    tier: text("tier").notNull(),
    /** The structure unit reviewed; null for a trust-wide series (the accountability review). */
    unitId: text("unit_id"),
    name: text("name").notNull(),
    chairName: text("chair_name").notNull(),
    chairUserId: text("chair_user_id").references(() => users.id, { onDelete: "set null" }),
    secretaryName: text("secretary_name").notNull(),
    secretaryUserId: text("secretary_user_id").references(() => users.id, { onDelete: "set null" }),
    /** JSON [{ name, role }]: the terms of reference's essential attendees. */
    essentialAttendees: text("essential_attendees").notNull(),
    /** How many essential attendees make the meeting quorate. */
    quorum: integer("quorum").notNull(),
    /** "fixed" | "by_level". */
    frequency: text("frequency").notNull(),
    /** The fixed cadence; null when the line's level sets it. */
    cadence: text("cadence"),
    /** ULHT §5.2 "depending on severity" at level 4: "moderate" (monthly) | "severe" (weekly). */
    severity: text("severity").notNull(),
    ruleNth: integer("rule_nth").notNull(),
    ruleWeekday: integer("rule_weekday").notNull(),
    /** The level the current schedule follows, and the determination it came from. */
    plannedLevel: integer("planned_level"),
    plannedDeterminationId: integer("planned_determination_id"),
    actionPrefix: text("action_prefix").notNull(),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: integer("created_at", { mode: "number" }).notNull(),
  },
  (t) => [index("review_series_workspace").on(t.workspaceId, t.unitId)],
);

export const reviewMeetings = sqliteTable(
  "review_meetings",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    seriesId: text("series_id")
      .notNull()
      .references(() => reviewSeries.id, { onDelete: "cascade" }),
    /** The series' kind, copied so meetings can be listed by kind alone. */
    kind: text("kind").notNull(),
    /** The financial year's first calendar year. */
    year: integer("year").notNull(),
    date: text("date").notNull(),
    /** "scheduled" | "held" | "cancelled". */
    status: text("status").notNull(),
    /** The line's level when the meeting was planned (by-level series). */
    level: integer("level"),
    packToUnitOn: text("pack_to_unit_on"),
    packToInviteesOn: text("pack_to_invitees_on"),
    packLink: text("pack_link").notNull(),
    /** JSON { kloe: string[], risks: string[] }: key lines of enquiry and key risks (ULHT §5.1). */
    agenda: text("agenda").notNull(),
    /** Assurance rating: "substantial" | "reasonable" | "limited" | "none"; null until rated. */
    rating: text("rating"),
    minutes: text("minutes").notNull(),
    cancelledReason: text("cancelled_reason"),
    updatedBy: text("updated_by").references(() => users.id, { onDelete: "set null" }),
    updatedAt: integer("updated_at", { mode: "number" }).notNull(),
  },
  (t) => [index("review_meetings_series").on(t.workspaceId, t.seriesId, t.date), index("review_meetings_date").on(t.workspaceId, t.date)],
);

export const reviewAttendance = sqliteTable(
  "review_attendance",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    meetingId: text("meeting_id")
      .notNull()
      .references(() => reviewMeetings.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    name: text("name").notNull(),
    role: text("role").notNull(),
    essential: integer("essential", { mode: "boolean" }).notNull(),
    /** "present" | "apologies" | "absent". */
    status: text("status").notNull(),
  },
  (t) => [index("review_attendance_meeting").on(t.meetingId)],
);

/** A decision recorded at a meeting. Never updated (trigger in 0009): a correction is a new decision. */
export const reviewDecisions = sqliteTable(
  "review_decisions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    meetingId: text("meeting_id")
      .notNull()
      .references(() => reviewMeetings.id, { onDelete: "cascade" }),
    /** "decision" for a plain decision; other kinds (an agreed level, an escalation) are added by their features. */
    kind: text("kind").notNull(),
    unitId: text("unit_id"),
    summary: text("summary").notNull(),
    /** JSON, the kind's own fields. */
    detail: text("detail"),
    recordedBy: text("recorded_by").references(() => users.id, { onDelete: "set null" }),
    recordedByName: text("recorded_by_name").notNull(),
    at: integer("at", { mode: "number" }).notNull(),
  },
  (t) => [index("review_decisions_meeting").on(t.workspaceId, t.meetingId)],
);

/** How a year's schedule was generated and re-planned: who, when, why. Never updated (0009). */
export const reviewScheduleLog = sqliteTable(
  "review_schedule_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    seriesId: text("series_id")
      .notNull()
      .references(() => reviewSeries.id, { onDelete: "cascade" }),
    year: integer("year").notNull(),
    /** "generated" | "replanned". */
    kind: text("kind").notNull(),
    fromDate: text("from_date").notNull(),
    levelBefore: integer("level_before"),
    levelAfter: integer("level_after"),
    cadenceBefore: text("cadence_before"),
    cadenceAfter: text("cadence_after").notNull(),
    /** JSON string[] of dates added, and of dates cancelled. */
    added: text("added").notNull(),
    cancelled: text("cancelled").notNull(),
    reason: text("reason").notNull(),
    determinationId: integer("determination_id"),
    actorId: text("actor_id").references(() => users.id, { onDelete: "set null" }),
    actorName: text("actor_name").notNull(),
    at: integer("at", { mode: "number" }).notNull(),
  },
  (t) => [index("review_schedule_log_series").on(t.workspaceId, t.seriesId)],
);
