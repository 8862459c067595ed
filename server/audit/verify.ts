/**
 * `npm run audit:verify` (scripts/audit-verify.ts) and the audit trail page's "Chain verified" line:
 * checks that nothing stored for governance has been altered since it was written. Issue 11: the audit
 * trail is "stored as a hash chain. `npm run audit:verify` checks the chain and every version's hash
 * against its stored state and names the first broken record; it exits non-zero on any break."
 *
 * What it checks, in this order (the first break found is the one named):
 * 1. audit_events, in id order: each record's prev_hash is the hash of the record before (the first
 *    record's is GENESIS_HASH) and its hash is auditHash(prev_hash, record) (server/audit/chain.ts).
 *    A changed, removed or reordered record breaks the chain at that record.
 * 2. doc_versions, in the order they were made (created_at, id):
 *    - sha256(state) equals the stored sha256;
 *    - prev_sha256 equals the sha256 of the previous version of the same document of the same trust;
 *    - the stored content (what pages read) equals the content read from the state, compared as
 *      canonical JSON (shared/governance/canonical.ts), so a page cannot show other limits than those hashed;
 *    - the state equals the document rebuilt from the room's update log (doc_updates) up to the
 *      version's seq: same state vector and same content. A byte of the edit history altered before a
 *      version is caught here, because the frozen state no longer follows from the attributable log;
 *    - the chain recorded the version when it was made (a "version.created" record naming its id,
 *      sha256 and seq), so a version's hash is anchored in the audit chain and cannot be swapped for
 *      another consistent state, content and log without breaking step 1.
 * One chain per database, across trusts (chain.ts); callers that show a result to one trust pass on
 * only whether the break is that trust's record (`firstBroken.workspaceId`).
 *
 * Not detectable without an outside anchor: removing the newest records of the chain together with
 * everything they describe. Publishing the latest hash (the Board pack's version-control page does
 * for versions) closes that gap.
 */
import type Database from "better-sqlite3";
import * as Y from "yjs";
import type { Db } from "../../db/client";
import { docName, readDoc } from "../../shared/collab/registry";
import { canonicalJson } from "../../shared/governance/canonical";
import { VERSIONED_DOCS, type VersionedDoc } from "../../shared/governance/types";
import { contentOfState } from "../governance/service";
import { auditHash, GENESIS_HASH, sha256Hex } from "./chain";

export interface BrokenRecord {
  /** "audit_events", "doc_versions" or "doc_updates". */
  table: string;
  id: string | number;
  /** Plain English: what does not match. */
  reason: string;
  /** What the record is, for people: "delegation v4.0", "version.approved". */
  label?: string;
  /** The trust the record belongs to (null for records of no trust), so a page can say whose it is without naming it. */
  workspaceId?: string | null;
}

export interface AuditVerification {
  ok: boolean;
  checked: { auditEvents: number; versions: number };
  /** The first record found broken, or null when everything checked is intact. */
  firstBroken: BrokenRecord | null;
  /** The id of the last audit record checked (0 when the chain is empty). */
  lastAuditId: number;
  /** How long the check took, for the page and the benchmark. */
  ms: number;
}

interface AuditRow {
  id: number;
  workspace_id: string | null;
  at: number;
  actor_id: string | null;
  actor_name: string | null;
  kind: string;
  subject: string;
  detail: string;
  prev_hash: string;
  hash: string;
}

interface VersionRow {
  id: string;
  workspace_id: string;
  doc: string;
  number: string;
  seq: number;
  state: Buffer;
  content: string;
  sha256: string;
  prev_sha256: string | null;
  created_at: number;
}

/** What the chain said when each version was made: versionId → { sha256, seq }. */
type Anchors = Map<string, { sha256: unknown; seq: unknown; auditId: number }>;

function checkChain(sqlite: Database.Database, anchors: Anchors): { count: number; lastId: number; broken: BrokenRecord | null } {
  let prev = GENESIS_HASH;
  let count = 0;
  let lastId = 0;
  let broken: BrokenRecord | null = null;
  // iterate() streams rows, so a long chain is not held in memory at once.
  const rows = sqlite.prepare("SELECT id, workspace_id, at, actor_id, actor_name, kind, subject, detail, prev_hash, hash FROM audit_events ORDER BY id").iterate() as IterableIterator<AuditRow>;
  for (const r of rows) {
    count++;
    lastId = r.id;
    if (!broken) {
      const at = { table: "audit_events", id: r.id, workspaceId: r.workspace_id, label: `${r.kind}: ${r.subject}` };
      if (r.prev_hash !== prev) {
        broken = { ...at, reason: count === 1 ? "The first record does not start the chain (its previous hash is not the starting hash): earlier records may have been removed" : "Its previous hash is not the hash of the record before it: a record was removed, inserted or reordered" };
      } else {
        const expected = auditHash(r.prev_hash, { workspaceId: r.workspace_id, at: r.at, actorId: r.actor_id, actorName: r.actor_name, kind: r.kind, subject: r.subject, detail: r.detail });
        if (expected !== r.hash) broken = { ...at, reason: "Its hash does not match what it says: the record was changed after it was written" };
      }
    }
    prev = r.hash;
    if (r.kind === "version.created") {
      try {
        const d = JSON.parse(r.detail) as { versionId?: unknown; sha256?: unknown; seq?: unknown };
        if (typeof d.versionId === "string") anchors.set(d.versionId, { sha256: d.sha256, seq: d.seq, auditId: r.id });
      } catch {
        /* a detail that is not JSON fails its hash unless it was written so; nothing to anchor */
      }
    }
  }
  return { count, lastId, broken };
}

function contentJson(doc: VersionedDoc, state: Uint8Array): string {
  return canonicalJson(contentOfState(doc, state));
}

function readContent(doc: VersionedDoc, ydoc: Y.Doc): string {
  const snap = readDoc({ kind: doc }, ydoc) as unknown as Record<string, unknown>;
  // The same fields contentOfState keeps (server/governance/service.ts): a delegation snapshot's
  // `empty` flag is derived, not content.
  return canonicalJson(doc === "delegation" ? { scheme: snap.scheme, rules: snap.rules, indicators: snap.indicators } : snap);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a).equals(Buffer.from(b));
}

/**
 * Rebuilds one room from its log, stopping at each version's seq (lowest first) to compare; one pass
 * over the log per room rather than one per version. Returns each failing version's reason, and a
 * log row that could not be applied or a seq that is missing, which is named instead.
 */
function checkRebuilds(sqlite: Database.Database, workspaceId: string, doc: VersionedDoc, versions: VersionRow[], stateContent: Map<string, string | null>): Map<string, BrokenRecord> {
  const out = new Map<string, BrokenRecord>();
  const bySeq = [...versions].sort((a, b) => a.seq - b.seq);
  const maxSeq = bySeq.at(-1)?.seq ?? 0;
  const ydoc = new Y.Doc();
  try {
    const rows = sqlite
      .prepare('SELECT id, seq, "update" AS u FROM doc_updates WHERE workspace_id = ? AND room = ? AND seq <= ? ORDER BY seq')
      .iterate(workspaceId, docName({ kind: doc }), maxSeq) as IterableIterator<{ id: number; seq: number; u: Buffer }>;
    let expected = 1;
    let i = 0;
    let logBroken: BrokenRecord | null = null;
    // The log position of the last version that matched: an alteration lies after it.
    let lastGood = 0;
    const range = (seq: number) => (lastGood + 1 === seq ? `update ${seq}` : `one of updates ${lastGood + 1} to ${seq}`);
    const settle = (upTo: number) => {
      // Every version at or below this log position is compared against the document as rebuilt so far.
      while (i < bySeq.length && bySeq[i]!.seq <= upTo) {
        const v = bySeq[i++]!;
        if (logBroken) {
          out.set(v.id, logBroken);
          continue;
        }
        const frozen = new Y.Doc();
        try {
          Y.applyUpdate(frozen, v.state);
          if (!sameBytes(Y.encodeStateVector(frozen), Y.encodeStateVector(ydoc))) {
            out.set(v.id, { table: "doc_versions", id: v.id, workspaceId, label: `${doc} v${v.number}`, reason: `Its state is not the document rebuilt from the edit history up to update ${v.seq}: ${range(v.seq)} of the history, or the version's state, was altered` });
            continue;
          }
          // Equal encodings mean equal documents; only when they differ (the same content can be
          // encoded differently, e.g. after garbage collection) is the content read and compared.
          if (sameBytes(Y.encodeStateAsUpdate(frozen), Y.encodeStateAsUpdate(ydoc))) {
            lastGood = v.seq;
            continue;
          }
          const stored = stateContent.get(v.id);
          if (stored !== undefined && stored !== null && stored !== readContent(doc, ydoc)) {
            out.set(v.id, { table: "doc_versions", id: v.id, workspaceId, label: `${doc} v${v.number}`, reason: `Its content differs from the document rebuilt from the edit history up to update ${v.seq}: ${range(v.seq)} of the history, or the version's state, was altered` });
            continue;
          }
          lastGood = v.seq;
        } catch (err) {
          out.set(v.id, { table: "doc_versions", id: v.id, workspaceId, label: `${doc} v${v.number}`, reason: `Its state cannot be compared with the edit history: ${(err as Error).message}` });
        } finally {
          frozen.destroy();
        }
      }
    };
    for (const r of rows) {
      if (logBroken) break;
      if (r.seq !== expected) {
        settle(expected - 1);
        logBroken = { table: "doc_updates", id: r.id, workspaceId, label: `${doc} update ${r.seq}`, reason: `Update ${expected} of the ${doc} edit history is missing (the next is ${r.seq}): the history was altered` };
        break;
      }
      settle(r.seq - 1);
      try {
        Y.applyUpdate(ydoc, r.u);
      } catch (err) {
        logBroken = { table: "doc_updates", id: r.id, workspaceId, label: `${doc} update ${r.seq}`, reason: `Update ${r.seq} of the ${doc} edit history cannot be read (${(err as Error).message}): it was altered` };
        break;
      }
      expected = r.seq + 1;
    }
    if (!logBroken && expected <= maxSeq) {
      // The log ends before the newest version's position: rows were removed from its end.
      const missing = expected;
      settle(missing - 1);
      for (const v of bySeq.slice(i)) out.set(v.id, { table: "doc_versions", id: v.id, workspaceId, label: `${doc} v${v.number}`, reason: `The edit history ends at update ${missing - 1}, before this version's update ${v.seq}: the history was altered` });
      i = bySeq.length;
    }
    settle(Number.MAX_SAFE_INTEGER);
  } finally {
    ydoc.destroy();
  }
  return out;
}

/** Checks the audit chain and every version against its hash, its predecessor, its content and the edit history; names the first broken record. */
export function verifyAudit(db: Db): AuditVerification {
  const started = performance.now();
  const sqlite = db.$client;
  // One read transaction, so the chain and the versions are checked as of one moment even while the
  // server keeps appending.
  return sqlite
    .transaction((): AuditVerification => {
      const anchors: Anchors = new Map();
      const chain = checkChain(sqlite, anchors);
      let firstBroken: BrokenRecord | null = chain.broken;

      const versions = sqlite
        .prepare("SELECT id, workspace_id, doc, number, seq, state, content, sha256, prev_sha256, created_at FROM doc_versions ORDER BY created_at, id")
        .all() as VersionRow[];
      const own = new Map<string, BrokenRecord>();
      const stateContent = new Map<string, string | null>();
      const lastSha = new Map<string, string>();
      const groups = new Map<string, { workspaceId: string; doc: VersionedDoc; versions: VersionRow[] }>();
      for (const v of versions) {
        const fail = (reason: string) => {
          if (!own.has(v.id)) own.set(v.id, { table: "doc_versions", id: v.id, workspaceId: v.workspace_id, label: `${v.doc} v${v.number}`, reason });
        };
        if (!(VERSIONED_DOCS as readonly string[]).includes(v.doc)) {
          fail(`It is of an unknown document, "${v.doc}"`);
          continue;
        }
        const doc = v.doc as VersionedDoc;
        const key = `${v.workspace_id}\u0000${doc}`;
        const label = `${doc} v${v.number}`;
        if (sha256Hex(v.state) !== v.sha256) fail(`The stored state of ${label} does not match its SHA-256: the state or the hash was altered`);
        const prev = lastSha.get(key) ?? null;
        if ((v.prev_sha256 ?? null) !== prev) fail(`The previous-version hash of ${label} is not the hash of the version before it: a version was altered, removed or inserted`);
        lastSha.set(key, v.sha256);
        let fromState: string | null = null;
        try {
          fromState = contentJson(doc, v.state);
        } catch (err) {
          fail(`The stored state of ${label} cannot be read: ${(err as Error).message}`);
        }
        stateContent.set(v.id, fromState);
        if (fromState !== null) {
          let stored: string | null = null;
          try {
            stored = canonicalJson(JSON.parse(v.content));
          } catch {
            /* not JSON: reported below */
          }
          if (stored !== fromState) fail(`The content pages read for ${label} is not what its state holds: the content was altered`);
        }
        const anchor = anchors.get(v.id);
        if (!anchor) fail(`The audit chain has no record of ${label} being made`);
        else if (anchor.sha256 !== v.sha256 || anchor.seq !== v.seq) fail(`${label} does not match the hash and log position the audit chain recorded when it was made (record ${anchor.auditId})`);
        const g = groups.get(key);
        if (g) g.versions.push(v);
        else groups.set(key, { workspaceId: v.workspace_id, doc, versions: [v] });
      }
      const rebuilt = new Map<string, BrokenRecord>();
      for (const g of groups.values()) {
        for (const [id, b] of checkRebuilds(sqlite, g.workspaceId, g.doc, g.versions, stateContent)) rebuilt.set(id, b);
      }
      if (!firstBroken) {
        for (const v of versions) {
          const b = own.get(v.id) ?? rebuilt.get(v.id);
          if (b) {
            firstBroken = b;
            break;
          }
        }
      }
      return { ok: firstBroken === null, checked: { auditEvents: chain.count, versions: versions.length }, firstBroken, lastAuditId: chain.lastId, ms: Math.round(performance.now() - started) };
    })
    .deferred();
}
