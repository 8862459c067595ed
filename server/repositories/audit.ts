/**
 * Reads for the audit trail screen (issue 11: "A readable audit trail: who changed what and when, per
 * document, from the update log (filterable by person, document and dates), plus versions,
 * resolutions, overrides, imports, role changes and sign-ins"). Every query is for one workspace:
 * the chain is global (server/audit/chain.ts) but a trust only ever sees its own records.
 */
import type { Db } from "../../db/client";

/** One record of the audit chain, as the screen shows it. */
export interface AuditRecord {
  id: number;
  at: number;
  actorId: string | null;
  /** The name recorded with it, else the account's current name. */
  actorName: string | null;
  kind: string;
  subject: string;
  detail: Record<string, unknown>;
  hash: string;
}

/** Every audit record of a workspace, newest first. */
export function listAuditRecords(db: Db, workspaceId: string): AuditRecord[] {
  const rows = db.$client
    .prepare(
      `SELECT a.id, a.at, a.actor_id AS actorId, coalesce(a.actor_name, u.name) AS actorName, a.kind, a.subject, a.detail, a.hash
       FROM audit_events a LEFT JOIN users u ON u.id = a.actor_id
       WHERE a.workspace_id = ?
          -- Sign-ins belong to the account, not a trust: a trust sees its own members' sign-ins.
          OR (a.workspace_id IS NULL AND a.kind = 'auth.sign_in' AND a.actor_id IN (SELECT user_id FROM memberships WHERE workspace_id = ?))
       ORDER BY a.id DESC`,
    )
    .all(workspaceId, workspaceId) as (Omit<AuditRecord, "detail"> & { detail: string })[];
  return rows.map((r) => {
    let detail: Record<string, unknown> = {};
    try {
      const parsed = JSON.parse(r.detail) as unknown;
      if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) detail = parsed as Record<string, unknown>;
    } catch {
      /* shown by its subject alone; audit:verify reports a record that was altered */
    }
    return { ...r, detail };
  });
}

/** A run of edits to one co-edited document by one person, from the update log. */
export interface EditSession {
  room: string;
  authorId: string | null;
  authorName: string | null;
  changes: number;
  first: number;
  last: number;
  fromSeq: number;
  toSeq: number;
}

/** Edits more than this far apart, or by someone else in between, are separate lines of the trail. */
export const EDIT_SESSION_GAP_MS = 10 * 60_000;

/**
 * A workspace's edits grouped into sessions: consecutive updates of one room by the same author,
 * each within EDIT_SESSION_GAP_MS of the one before, are one session. Grouped in SQL with window
 * functions so a long log is not carried into JavaScript row by row. Newest first.
 */
export function listEditSessions(db: Db, workspaceId: string, gapMs = EDIT_SESSION_GAP_MS): EditSession[] {
  return db.$client
    .prepare(
      `WITH marked AS (
         SELECT room, seq, author_id, created_at,
           CASE WHEN lag(author_id) OVER w IS author_id AND created_at - lag(created_at) OVER w <= ? THEN 0 ELSE 1 END AS starts
         FROM doc_updates WHERE workspace_id = ?
         WINDOW w AS (PARTITION BY room ORDER BY seq)
       ), grouped AS (
         SELECT *, sum(starts) OVER (PARTITION BY room ORDER BY seq ROWS UNBOUNDED PRECEDING) AS session FROM marked
       )
       SELECT g.room, g.author_id AS authorId, u.name AS authorName, count(*) AS changes,
         min(g.created_at) AS first, max(g.created_at) AS last, min(g.seq) AS fromSeq, max(g.seq) AS toSeq
       FROM grouped g LEFT JOIN users u ON u.id = g.author_id
       GROUP BY g.room, g.session
       ORDER BY last DESC, g.room`,
    )
    .all(gapMs, workspaceId) as EditSession[];
}

/**
 * Changes whenever anything audit:verify reads changes (a new record, version or logged update), so a
 * page can reuse the last verification until then.
 */
export function auditFingerprint(db: Db): string {
  const r = db.$client
    .prepare(
      `SELECT (SELECT coalesce(max(id), 0) || ':' || coalesce((SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1), '') FROM audit_events) AS a,
              (SELECT count(*) FROM doc_versions) AS v,
              (SELECT coalesce(max(id), 0) FROM doc_updates) AS u`,
    )
    .get() as { a: string; v: number; u: number };
  return `${r.a}/${r.v}/${r.u}`;
}
