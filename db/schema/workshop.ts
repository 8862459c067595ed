import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { workspaces } from "./auth";

/**
 * Corrections and deletions of a line's month of figures, append-only (triggers in migration 0008):
 * what the month held before (`before`, canonical JSON) and why it changed. Issue 16: "allow
 * correcting and deleting a month with a reason (kept in the history)".
 */
export const performanceMonthChanges = sqliteTable(
  "performance_month_changes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    unitId: text("unit_id").notNull(),
    month: text("month").notNull(),
    kind: text("kind", { enum: ["correct", "delete"] }).notNull(),
    reason: text("reason").notNull(),
    before: text("before").notNull(),
    byUserId: text("by_user_id"),
    at: integer("at", { mode: "number" }).notNull(),
  },
  (t) => [index("performance_month_changes_month").on(t.workspaceId, t.unitId, t.month)],
);

/**
 * Months locked by a record that used them, beside the locks determinations imply (every month up to a
 * determination's basis month is locked without a row here). A later review record (issue 13) adds
 * its own months here with `sourceKind` "review" and its id.
 */
export const performanceMonthLocks = sqliteTable(
  "performance_month_locks",
  {
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    unitId: text("unit_id").notNull(),
    month: text("month").notNull(),
    sourceKind: text("source_kind").notNull(),
    sourceId: text("source_id").notNull(),
    reason: text("reason").notNull(),
    at: integer("at", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.unitId, t.month, t.sourceKind, t.sourceId] })],
);
