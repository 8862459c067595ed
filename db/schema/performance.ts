import { index, integer, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users, workspaces } from "./auth";

/**
 * Monthly performance observations per service line. Relational rather than in a Yjs document: they are
 * imported or entered as figures (not co-edited text), summed and filtered across lines and months, and
 * every level computed from them must be reproducible for an auditor. See docs/decisions/021-performance-data.md.
 * `unitId` is the service line's id in the structure document; months are written YYYY-MM.
 */
const SOURCES = ["form", "import", "seed"] as const;

export const performanceIndicators = sqliteTable(
  "performance_indicators",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    unitId: text("unit_id").notNull(),
    month: text("month").notNull(),
    code: text("code").notNull(),
    name: text("name").notNull(),
    kind: text("kind", { enum: ["quality", "performance", "workforce"] }).notNull(),
    value: real("value").notNull(),
    target: real("target").notNull(),
    direction: text("direction", { enum: ["higher", "lower"] }).notNull(),
    key: integer("key", { mode: "boolean" }).notNull().default(false),
    /** What the figure is measured in ("%", "per 1,000 bed days"); null for counts. */
    measureUnit: text("measure_unit"),
    source: text("source", { enum: SOURCES }).notNull(),
    enteredBy: text("entered_by").references(() => users.id, { onDelete: "set null" }),
    enteredAt: integer("entered_at", { mode: "number" }).notNull(),
  },
  (t) => [
    uniqueIndex("performance_indicators_unique").on(t.workspaceId, t.unitId, t.month, t.code),
    index("performance_indicators_month_idx").on(t.workspaceId, t.month),
  ],
);

export const performanceFinance = sqliteTable(
  "performance_finance",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    unitId: text("unit_id").notNull(),
    month: text("month").notNull(),
    /** Planned and actual net contribution for the month, in pounds. */
    plan: real("plan").notNull(),
    actual: real("actual").notNull(),
    /** Shortfall still counted as adherence, % of plan; null = the trust's rule. */
    tolerancePct: real("tolerance_pct"),
    source: text("source", { enum: SOURCES }).notNull(),
    enteredBy: text("entered_by").references(() => users.id, { onDelete: "set null" }),
    enteredAt: integer("entered_at", { mode: "number" }).notNull(),
  },
  (t) => [uniqueIndex("performance_finance_unique").on(t.workspaceId, t.unitId, t.month)],
);

export const performancePolicy = sqliteTable(
  "performance_policy",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    unitId: text("unit_id").notNull(),
    month: text("month").notNull(),
    adherent: integer("adherent", { mode: "boolean" }).notNull(),
    note: text("note"),
    source: text("source", { enum: SOURCES }).notNull(),
    enteredBy: text("entered_by").references(() => users.id, { onDelete: "set null" }),
    enteredAt: integer("entered_at", { mode: "number" }).notNull(),
  },
  (t) => [uniqueIndex("performance_policy_unique").on(t.workspaceId, t.unitId, t.month)],
);

/** An executive's decision to set a line's level from a month onward; never edited, only added. */
export const autonomyOverrides = sqliteTable(
  "autonomy_overrides",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    unitId: text("unit_id").notNull(),
    monthFrom: text("month_from").notNull(),
    level: integer("level").notNull(),
    reason: text("reason").notNull(),
    byUserId: text("by_user_id")
      .notNull()
      .references(() => users.id),
    at: integer("at", { mode: "number" }).notNull(),
  },
  (t) => [index("autonomy_overrides_unit_idx").on(t.workspaceId, t.unitId)],
);
