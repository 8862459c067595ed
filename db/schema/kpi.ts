import { index, integer, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users, workspaces } from "./auth";

/**
 * The KPI catalogue and its SPC records (issue 14; see shared/kpi/types.ts and shared/spc/types.ts).
 * The monthly values themselves stay in performance_indicators (docs/decisions/021).
 */
export const kpiDefinitions = sqliteTable(
  "kpi_definitions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    code: text("code").notNull(),
    /** JSON KpiDefinition: the catalogue entry as written. */
    definition: text("definition").notNull(),
    updatedBy: text("updated_by").references(() => users.id, { onDelete: "set null" }),
    updatedAt: integer("updated_at", { mode: "number" }).notNull(),
  },
  (t) => [uniqueIndex("kpi_definitions_code").on(t.workspaceId, t.code)],
);

export const kpiTargets = sqliteTable(
  "kpi_targets",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    code: text("code").notNull(),
    year: text("year").notNull(),
    value: real("value").notNull(),
    source: text("source").notNull(),
  },
  (t) => [uniqueIndex("kpi_targets_code_year").on(t.workspaceId, t.code, t.year)],
);

/** A rebase: limits for a line's indicator are computed from `fromMonth` on; recorded with the reason and approver. Append-only. */
export const spcBaselines = sqliteTable(
  "spc_baselines",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    unitId: text("unit_id").notNull(),
    code: text("code").notNull(),
    fromMonth: text("from_month").notNull(),
    reason: text("reason").notNull(),
    approvedBy: text("approved_by").notNull(),
    byUserId: text("by_user_id").references(() => users.id, { onDelete: "set null" }),
    at: integer("at", { mode: "number" }).notNull(),
  },
  (t) => [index("spc_baselines_series").on(t.workspaceId, t.unitId, t.code)],
);

export const spcAnnotations = sqliteTable(
  "spc_annotations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    unitId: text("unit_id").notNull(),
    code: text("code").notNull(),
    month: text("month").notNull(),
    text: text("text").notNull(),
    byUserId: text("by_user_id").references(() => users.id, { onDelete: "set null" }),
    at: integer("at", { mode: "number" }).notNull(),
  },
  (t) => [index("spc_annotations_series").on(t.workspaceId, t.unitId, t.code)],
);
