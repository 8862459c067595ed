import { blob, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/**
 * Approved SLM maturity self-assessments (docs/decisions/044): the co-edited document frozen at one
 * log position, with its SHA-256 and the previous approval's hash for the same year and scope.
 * Append-only: triggers in migration 0006 refuse UPDATE and DELETE.
 */
export const assessmentVersions = sqliteTable(
  "assessment_versions",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    /** The financial year's starting calendar year (2026 = 2026/27). */
    year: integer("year").notNull(),
    /** "" for the trust; a division's unit id for a division's assessment. */
    unitId: text("unit_id").notNull().default(""),
    number: integer("number").notNull(),
    framework: text("framework").notNull(),
    seq: integer("seq").notNull(),
    state: blob("state", { mode: "buffer" }).notNull(),
    /** The typed Assessment read from `state`. */
    content: text("content").notNull(),
    sha256: text("sha256").notNull(),
    prevSha256: text("prev_sha256"),
    note: text("note").notNull(),
    approvedBy: text("approved_by"),
    approvedByName: text("approved_by_name"),
    approvedAt: integer("approved_at", { mode: "number" }).notNull(),
  },
  (t) => [uniqueIndex("assessment_versions_number").on(t.workspaceId, t.year, t.unitId, t.number)],
);
