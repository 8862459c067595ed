import { blob, index, integer, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { workspaces } from "./auth";

/**
 * The incentive and consequence framework and its ledger (issue 13; docs/decisions/048). The
 * framework itself is a co-edited document per year (`incentives/<2026-27>`); what is relational is
 * its approvals (frozen, hashed, chained), each closed year's ledger, the reserve's draw-downs, Board
 * suspensions, the Never Events the gateways read, the consequence log and the recognition register.
 * Triggers in migration 0010 refuse UPDATE and DELETE on approvals, year ends and draw-downs, and
 * DELETE on Never Events.
 */
const workspace = () =>
  text("workspace_id")
    .notNull()
    .references(() => workspaces.id, { onDelete: "cascade" });

export const incentiveVersions = sqliteTable(
  "incentive_versions",
  {
    id: text("id").primaryKey(),
    workspaceId: workspace(),
    /** The financial year's first calendar year (2026 = 2026/27). */
    year: integer("year").notNull(),
    number: integer("number").notNull(),
    seq: integer("seq").notNull(),
    state: blob("state", { mode: "buffer" }).notNull(),
    /** The typed IncentiveFramework read from `state`. */
    content: text("content").notNull(),
    sha256: text("sha256").notNull(),
    prevSha256: text("prev_sha256"),
    /** The Board's minute agreeing it (Part 2 §5 level 3: "agreed by trust board"). */
    resolution: text("resolution").notNull(),
    note: text("note").notNull(),
    approvedBy: text("approved_by"),
    approvedByName: text("approved_by_name"),
    approvedAt: integer("approved_at", { mode: "number" }).notNull(),
  },
  (t) => [uniqueIndex("incentive_versions_number").on(t.workspaceId, t.year, t.number)],
);

export const incentiveYearEnds = sqliteTable(
  "incentive_year_ends",
  {
    id: text("id").primaryKey(),
    workspaceId: workspace(),
    year: integer("year").notNull(),
    versionId: text("version_id")
      .notNull()
      .references(() => incentiveVersions.id),
    asAt: text("as_at").notNull(),
    /** The Ledger as struck, JSON. */
    content: text("content").notNull(),
    sha256: text("sha256").notNull(),
    closedBy: text("closed_by"),
    closedByName: text("closed_by_name"),
    closedAt: integer("closed_at", { mode: "number" }).notNull(),
  },
  (t) => [uniqueIndex("incentive_year_ends_year").on(t.workspaceId, t.year)],
);

export const incentiveDrawdowns = sqliteTable(
  "incentive_drawdowns",
  {
    id: text("id").primaryKey(),
    workspaceId: workspace(),
    unitId: text("unit_id").notNull(),
    amount: real("amount").notNull(),
    purpose: text("purpose").notNull(),
    nature: text("nature").notNull(),
    /** The scheme decision whose authority the draw-down passed. */
    decisionId: text("decision_id").notNull(),
    approver: text("approver").notNull(),
    secondApprover: text("second_approver"),
    onDate: text("on_date").notNull(),
    /** The authority check's answer as it was given (JSON: reasons, scheme version, determination). */
    authority: text("authority").notNull(),
    certificateHash: text("certificate_hash").notNull(),
    recordedBy: text("recorded_by"),
    recordedByName: text("recorded_by_name"),
    at: integer("at", { mode: "number" }).notNull(),
  },
  (t) => [index("incentive_drawdowns_unit").on(t.workspaceId, t.unitId)],
);

export const incentiveSuspensions = sqliteTable("incentive_suspensions", {
  id: text("id").primaryKey(),
  workspaceId: workspace(),
  resolution: text("resolution").notNull(),
  reason: text("reason").notNull(),
  /** "all", "division" or "line". */
  scopeKind: text("scope_kind", { enum: ["all", "division", "line"] }).notNull(),
  scopeUnitId: text("scope_unit_id"),
  scopeName: text("scope_name").notNull(),
  fromDate: text("from_date").notNull(),
  /** The last day it applies; null until the Board lifts it. */
  untilDate: text("until_date"),
  recordedBy: text("recorded_by"),
  at: integer("at", { mode: "number" }).notNull(),
});

export const neverEvents = sqliteTable(
  "never_events",
  {
    id: text("id").primaryKey(),
    workspaceId: workspace(),
    unitId: text("unit_id").notNull(),
    onDate: text("on_date").notNull(),
    reference: text("reference").notNull(),
    description: text("description").notNull(),
    recordedBy: text("recorded_by"),
    at: integer("at", { mode: "number" }).notNull(),
  },
  (t) => [index("never_events_unit").on(t.workspaceId, t.unitId)],
);

export const incentiveConsequences = sqliteTable(
  "incentive_consequences",
  {
    id: text("id").primaryKey(),
    workspaceId: workspace(),
    unitId: text("unit_id").notNull(),
    kind: text("kind").notNull(),
    appliedOn: text("applied_on").notNull(),
    reason: text("reason").notNull(),
    /** What the line must show to leave it (Part 3 §8: "Poor performers are managed and coached to improve quickly"). */
    exitCriteria: text("exit_criteria").notNull(),
    reviewBy: text("review_by"),
    exitedOn: text("exited_on"),
    exitNote: text("exit_note"),
    recordedBy: text("recorded_by"),
    recordedByName: text("recorded_by_name"),
    at: integer("at", { mode: "number" }).notNull(),
  },
  (t) => [index("incentive_consequences_unit").on(t.workspaceId, t.unitId)],
);

export const incentiveRecognition = sqliteTable(
  "incentive_recognition",
  {
    id: text("id").primaryKey(),
    workspaceId: workspace(),
    unitId: text("unit_id").notNull(),
    recipient: text("recipient").notNull(),
    kind: text("kind").notNull(),
    description: text("description").notNull(),
    onDate: text("on_date").notNull(),
    recordedBy: text("recorded_by"),
    recordedByName: text("recorded_by_name"),
    at: integer("at", { mode: "number" }).notNull(),
  },
  (t) => [index("incentive_recognition_unit").on(t.workspaceId, t.unitId)],
);
