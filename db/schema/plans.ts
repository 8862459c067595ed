import { index, integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users, workspaces } from "./auth";

/**
 * The annual planning round and each plan's workflow (issue 12; docs/decisions/042). The plans
 * themselves are co-edited documents (`plan/<unitId>/<2027-28>`); what is relational here is the
 * executive's round (priorities, milestones, divisional control totals) and the append-only record
 * of each plan's steps, which freezes the plan's state at every approval.
 */
export const planRounds = sqliteTable(
  "plan_rounds",
  {
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    /** The financial year's first calendar year (2027 = 2027/28). */
    year: integer("year").notNull(),
    boardPriorities: text("board_priorities").notNull(),
    guidance: text("guidance").notNull(),
    /** The trust-wide cost-improvement requirement, as a percentage of cost base. */
    cipPercent: real("cip_percent").notNull(),
    /** The trust's planned surplus (or deficit, negative), whole pounds. */
    trustPlan: integer("trust_plan"),
    /** Corporate services' net budget, whole pounds (a cost is negative). */
    corporate: integer("corporate").notNull(),
    updatedBy: text("updated_by").references(() => users.id, { onDelete: "set null" }),
    updatedAt: integer("updated_at", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.year] })],
);

export const planMilestones = sqliteTable(
  "plan_milestones",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    year: integer("year").notNull(),
    /** What the milestone expects of each line's plan (a plan status), or "" for a trust-wide date. */
    status: text("status").notNull(),
    label: text("label").notNull(),
    due: text("due").notNull(),
    /** Last day of a span (confirm-and-challenge meetings run December to January); else null. */
    dueEnd: text("due_end"),
    position: integer("position").notNull(),
  },
  (t) => [index("plan_milestones_year").on(t.workspaceId, t.year)],
);

export const planDivisionGuidance = sqliteTable(
  "plan_division_guidance",
  {
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    year: integer("year").notNull(),
    unitId: text("unit_id").notNull(),
    controlTotal: integer("control_total"),
    /** Held back by the division, whole pounds (a cost is negative). */
    reserve: integer("reserve").notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.year, t.unitId] })],
);

/** One recorded step of a plan's workflow. Append-only (triggers in 0007). */
export const planEvents = sqliteTable(
  "plan_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    year: integer("year").notNull(),
    unitId: text("unit_id").notNull(),
    kind: text("kind").notNull(),
    capacity: text("capacity"),
    note: text("note").notNull(),
    actorId: text("actor_id").references(() => users.id, { onDelete: "set null" }),
    actorName: text("actor_name").notNull(),
    onDate: text("on_date").notNull(),
    at: integer("at", { mode: "number" }).notNull(),
    /** The plan's log position and SHA-256 of its state when the step was recorded. */
    seq: integer("seq").notNull(),
    sha256: text("sha256").notNull(),
    /** JSON Plan read from that state: kept for approvals and refreshes (the plan's versions). */
    content: text("content"),
  },
  (t) => [index("plan_events_plan").on(t.workspaceId, t.year, t.unitId)],
);
