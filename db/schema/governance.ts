import { blob, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users, workspaces } from "./auth";

/**
 * Governance records (docs/decisions/040-versions-and-approval.md). Versions, their lifecycle events,
 * determinations and the audit chain are append-only: triggers in the migration refuse UPDATE and
 * DELETE, so "an approved version cannot change" holds for any code path, not only the app's.
 * Workspaces are never deleted by the app, so these tables carry no cascading foreign keys.
 */

/** An immutable snapshot of a co-edited document at a log position (shared/governance/types.ts DocVersion). */
export const docVersions = sqliteTable(
  "doc_versions",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
    doc: text("doc", { enum: ["structure", "delegation"] }).notNull(),
    number: text("number").notNull(),
    title: text("title").notNull(),
    owner: text("owner").notNull(),
    narrative: text("narrative").notNull(),
    seq: integer("seq").notNull(),
    /** The Yjs state at `seq`, exactly as hashed. */
    state: blob("state", { mode: "buffer" }).notNull(),
    /** The typed content read from `state`, so pages need not decode Yjs (verified by audit:verify). */
    content: text("content").notNull(),
    sha256: text("sha256").notNull(),
    prevSha256: text("prev_sha256"),
    editors: text("editors").notNull(),
    cover: text("cover").notNull(),
    reviewBy: text("review_by").notNull(),
    proposedEffectiveFrom: text("proposed_effective_from").notNull(),
    createdBy: text("created_by"),
    createdAt: integer("created_at", { mode: "number" }).notNull(),
  },
  (t) => [uniqueIndex("doc_versions_number").on(t.workspaceId, t.doc, t.number), index("doc_versions_doc").on(t.workspaceId, t.doc, t.createdAt)],
);

/** A step of a version's lifecycle (shared/governance/types.ts VersionEvent). */
export const versionEvents = sqliteTable(
  "version_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workspaceId: text("workspace_id").notNull(),
    versionId: text("version_id").notNull(),
    kind: text("kind", { enum: ["proposed", "recommended", "returned", "approved", "chair_action", "ratified", "withdrawn"] }).notNull(),
    date: text("date").notNull(),
    committee: text("committee"),
    meetingId: text("meeting_id"),
    minuteRef: text("minute_ref"),
    outcome: text("outcome"),
    effectiveFrom: text("effective_from"),
    reviewBy: text("review_by"),
    consulted: text("consulted").notNull().default("[]"),
    conflicted: text("conflicted").notNull().default("[]"),
    byUserId: text("by_user_id"),
    at: integer("at", { mode: "number" }).notNull(),
  },
  (t) => [index("version_events_version").on(t.workspaceId, t.versionId)],
);

/** The Board's directors and regular attendees, with their capacity. */
export const boardMembers = sqliteTable(
  "board_members",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    title: text("title").notNull(),
    capacity: text("capacity", { enum: ["chair", "vice_chair", "non_executive", "executive", "non_voting"] }).notNull(),
    from: text("from").notNull(),
    to: text("to"),
  },
  (t) => [index("board_members_ws").on(t.workspaceId)],
);

/** The quorum rule from the trust's standing orders (JSON QuorumRule) and whether it is a foundation trust. */
export const governanceSettings = sqliteTable("governance_settings", {
  workspaceId: text("workspace_id")
    .primaryKey()
    .references(() => workspaces.id, { onDelete: "cascade" }),
  quorum: text("quorum").notNull(),
  foundationTrust: integer("foundation_trust", { mode: "boolean" }).notNull().default(true),
});

/** A Board meeting (public or private part) with its attendance. */
export const boardMeetings = sqliteTable(
  "board_meetings",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    date: text("date").notNull(),
    part: text("part", { enum: ["public", "private"] }).notNull(),
    /** JSON Attendance[]: who was there, in which capacity. */
    attendance: text("attendance").notNull(),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: integer("created_at", { mode: "number" }).notNull(),
  },
  (t) => [index("board_meetings_ws").on(t.workspaceId, t.date)],
);

/** Who held which role when (shared/governance/types.ts RoleTenure). */
export const roleTenures = sqliteTable(
  "role_tenures",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    person: text("person").notNull(),
    role: text("role").notNull(),
    levelId: text("level_id").notNull(),
    unitId: text("unit_id"),
    from: text("from").notNull(),
    to: text("to"),
    acting: integer("acting", { mode: "boolean" }).notNull().default(false),
  },
  (t) => [index("role_tenures_ws").on(t.workspaceId)],
);

/** Written temporary delegations of one person's authority to another. */
export const temporaryDelegations = sqliteTable(
  "temporary_delegations",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    delegator: text("delegator").notNull(),
    delegate: text("delegate").notNull(),
    decisionIds: text("decision_ids").notNull(),
    from: text("from").notNull(),
    to: text("to").notNull(),
    reason: text("reason").notNull(),
  },
  (t) => [index("temporary_delegations_ws").on(t.workspaceId)],
);

/** Earned-autonomy determinations: the level in force for a line from a date (append-only). */
export const autonomyDeterminations = sqliteTable(
  "autonomy_determinations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workspaceId: text("workspace_id").notNull(),
    unitId: text("unit_id").notNull(),
    effectiveFrom: text("effective_from").notNull(),
    level: integer("level").notNull(),
    computedLevel: integer("computed_level"),
    basisMonth: text("basis_month"),
    rulesVersionId: text("rules_version_id"),
    figuresHash: text("figures_hash"),
    source: text("source", { enum: ["figures", "override", "review"] }).notNull(),
    reason: text("reason").notNull(),
    /** The review meeting that agreed it (issue 13), for a determination of source "review". */
    reviewMeetingId: text("review_meeting_id"),
    byUserId: text("by_user_id"),
    at: integer("at", { mode: "number" }).notNull(),
  },
  (t) => [index("autonomy_determinations_unit").on(t.workspaceId, t.unitId, t.effectiveFrom)],
);

/**
 * The audit chain: every governance event (versions, resolutions, overrides, imports, role changes,
 * sign-ins) with the hash of the one before. Edits to co-edited drafts are read from doc_updates.
 */
export const auditEvents = sqliteTable(
  "audit_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workspaceId: text("workspace_id"),
    at: integer("at", { mode: "number" }).notNull(),
    actorId: text("actor_id"),
    actorName: text("actor_name"),
    kind: text("kind").notNull(),
    /** What it concerns ("delegation v4.0", a unit id, an e-mail address). */
    subject: text("subject").notNull(),
    /** JSON details. */
    detail: text("detail").notNull(),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [index("audit_events_ws").on(t.workspaceId, t.at)],
);
