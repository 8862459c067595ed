import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, primaryKey } from "drizzle-orm/sqlite-core";

export const users = sqliteTable("users", {
  id: text("id").primaryKey(),
  email: text("email").notNull().unique(),
  name: text("name").notNull(),
  /** scrypt$N$r$p$salt$hash; null until an invited person sets a password. */
  passwordHash: text("password_hash"),
  /** May create trusts and their first administrators (the deployment's first account). */
  platformAdmin: integer("platform_admin", { mode: "boolean" }).notNull().default(false),
  createdAt: integer("created_at", { mode: "number" }).notNull().default(sql`(unixepoch() * 1000)`),
});

export const sessions = sqliteTable(
  "sessions",
  {
    /** SHA-256 of the cookie token, so a leaked database does not leak live sessions. */
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: integer("created_at", { mode: "number" }).notNull(),
    expiresAt: integer("expires_at", { mode: "number" }).notNull(),
    userAgent: text("user_agent"),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

export const workspaces = sqliteTable("workspaces", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  /** The trust's ODS organisation code (e.g. RXX); null for trusts made before migration 0005. */
  odsCode: text("ods_code"),
  /** A foundation trust's scheme starts with its Council of Governors. */
  foundationTrust: integer("foundation_trust", { mode: "boolean" }).notNull().default(true),
  /** The month (1–12) the financial year starts; 4 (April) for every NHS trust today. */
  financialYearStartMonth: integer("financial_year_start_month", { mode: "number" }).notNull().default(4),
  /** E-mail domains whose people, verified by single sign-on, join as viewers on first sign-in. */
  ssoDomains: text("sso_domains", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
  createdAt: integer("created_at", { mode: "number" }).notNull().default(sql`(unixepoch() * 1000)`),
});

export const memberships = sqliteTable(
  "memberships",
  {
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text("role", { enum: ["admin", "executive", "editor", "contributor", "viewer"] }).notNull(),
    boardSignatory: integer("board_signatory", { mode: "boolean" }).notNull().default(false),
    /** For contributors: the service-line unit ids they may edit (JSON array). */
    serviceLineIds: text("service_line_ids", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    createdAt: integer("created_at", { mode: "number" }).notNull().default(sql`(unixepoch() * 1000)`),
    /** Set while the member is deactivated: no access, but the row (and their history) stays. */
    deactivatedAt: integer("deactivated_at", { mode: "number" }),
    deactivatedBy: text("deactivated_by").references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.userId] }), index("memberships_user_idx").on(t.userId)],
);

/**
 * An invitation to join one workspace, addressed to an email address. It carries the access the
 * inviting administrator chose; the membership is created only when the link is accepted. The
 * invitation never reads or shows anything about the address's account or its other workspaces.
 */
export const invitations = sqliteTable(
  "invitations",
  {
    /** SHA-256 of the invitation token. */
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    /** The invited address, normalised (trimmed, lower case). */
    email: text("email").notNull(),
    /** The name as the inviting administrator typed it; shown only in this workspace. */
    name: text("name").notNull(),
    role: text("role", { enum: ["admin", "executive", "editor", "contributor", "viewer"] }).notNull(),
    boardSignatory: integer("board_signatory", { mode: "boolean" }).notNull().default(false),
    serviceLineIds: text("service_line_ids", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    /**
     * Whether this link may choose the password of the address's account. Only when it was created
     * while the address had no account with a password and no other workspace's invitation was open,
     * and only until some invitation for the address is accepted. Otherwise accepting needs the
     * person to be signed in with their own password.
     */
    maySetPassword: integer("may_set_password", { mode: "boolean" }).notNull().default(false),
    /** The account that accepted it; null until then. */
    userId: text("user_id").references(() => users.id, { onDelete: "cascade" }),
    invitedBy: text("invited_by").references(() => users.id),
    createdAt: integer("created_at", { mode: "number" }).notNull(),
    expiresAt: integer("expires_at", { mode: "number" }).notNull(),
    acceptedAt: integer("accepted_at", { mode: "number" }),
    /** Set when an administrator cancels it or sends a new invitation to the same address. */
    revokedAt: integer("revoked_at", { mode: "number" }),
  },
  (t) => [index("invitations_email_idx").on(t.email), index("invitations_workspace_idx").on(t.workspaceId)],
);

/** A one-time password-reset link, stored by the SHA-256 of its token; single use, expiring. */
export const passwordResets = sqliteTable(
  "password_resets",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: integer("created_at", { mode: "number" }).notNull(),
    expiresAt: integer("expires_at", { mode: "number" }).notNull(),
    usedAt: integer("used_at", { mode: "number" }),
  },
  (t) => [index("password_resets_user_idx").on(t.userId)],
);
