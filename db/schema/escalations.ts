import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Escalations of deteriorating service lines (issue 13; docs/decisions/049). Append-only: triggers in
 * migration 0011 refuse UPDATE and DELETE; where an escalation stands is derived from its events by
 * `shared/escalation/rules.ts`.
 */
export const escalations = sqliteTable(
  "escalations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workspaceId: text("workspace_id").notNull(),
    unitId: text("unit_id").notNull(),
    openedOn: text("opened_on").notNull(),
    month: text("month").notNull(),
    trigger: text("trigger", { enum: ["spc_concern", "level_fall"] }).notNull(),
    detail: text("detail").notNull(),
    levelBefore: integer("level_before").notNull(),
    byUserId: text("by_user_id"),
    byName: text("by_name").notNull(),
    at: integer("at", { mode: "number" }).notNull(),
  },
  (t) => [index("escalations_unit").on(t.workspaceId, t.unitId)],
);

export const escalationEvents = sqliteTable(
  "escalation_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workspaceId: text("workspace_id").notNull(),
    escalationId: integer("escalation_id")
      .notNull()
      .references(() => escalations.id),
    kind: text("kind", { enum: ["plan_submitted", "escalated", "executive_decision", "progress", "deescalated"] }).notNull(),
    date: text("date").notNull(),
    option: text("option", { enum: ["support", "audit", "special_measures"] }),
    note: text("note").notNull(),
    byUserId: text("by_user_id"),
    byName: text("by_name").notNull(),
    at: integer("at", { mode: "number" }).notNull(),
  },
  (t) => [index("escalation_events_escalation").on(t.workspaceId, t.escalationId)],
);
