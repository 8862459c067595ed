/**
 * The audit chain: each governance event stores the hash of the one before it, so altering, removing
 * or reordering any stored record breaks every hash after it. `npm run audit:verify` walks it
 * (scripts/audit-verify.ts). One chain per database, in id order, across workspaces: a gap anywhere
 * is visible without knowing which trust it belonged to.
 */
import { createHash } from "node:crypto";
import { desc } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { auditEvents } from "../../db/schema";
import { canonicalJson } from "../../shared/governance/canonical";

export const GENESIS_HASH = "0".repeat(64);

export function sha256Hex(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** What an audit record says; `at` is the time it was recorded. */
export interface AuditInput {
  workspaceId: string | null;
  actorId: string | null;
  actorName: string | null;
  kind: string;
  subject: string;
  detail: Record<string, unknown>;
  at?: number;
}

/** The hash of one record given the hash before it; the fields are fixed in order by canonical JSON. */
export function auditHash(prevHash: string, r: { workspaceId: string | null; at: number; actorId: string | null; actorName: string | null; kind: string; subject: string; detail: string }): string {
  return sha256Hex(prevHash + canonicalJson({ workspaceId: r.workspaceId, at: r.at, actorId: r.actorId, actorName: r.actorName, kind: r.kind, subject: r.subject, detail: r.detail }));
}

/**
 * Appends one record to the chain. better-sqlite3 is synchronous and the server has one connection,
 * so reading the last hash and inserting cannot interleave with another append in this process;
 * the immediate transaction keeps a second process (a script) from forking the chain.
 */
export function appendAudit(db: DbOrTx, input: AuditInput): { id: number; hash: string } {
  const run = () => {
    const last = db.select({ hash: auditEvents.hash }).from(auditEvents).orderBy(desc(auditEvents.id)).limit(1).get();
    const prevHash = last?.hash ?? GENESIS_HASH;
    const row = {
      workspaceId: input.workspaceId,
      at: input.at ?? Date.now(),
      actorId: input.actorId,
      actorName: input.actorName,
      kind: input.kind,
      subject: input.subject,
      detail: canonicalJson(input.detail),
    };
    const hash = auditHash(prevHash, row);
    const inserted = db.insert(auditEvents).values({ ...row, prevHash, hash }).returning({ id: auditEvents.id }).get();
    return { id: inserted.id, hash };
  };
  // Inside a caller's transaction a nested transaction is a savepoint; outside, take the write lock first.
  const client = (db as { $client?: { inTransaction: boolean; transaction: (fn: () => unknown) => { immediate: () => unknown } } }).$client;
  if (client && !client.inTransaction) return client.transaction(run).immediate() as { id: number; hash: string };
  return run();
}
