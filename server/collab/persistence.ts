/**
 * SQLite persistence of Yjs documents: an append-only update log plus checkpoints.
 *
 * The hot path (one INSERT per accepted update, grouped into one transaction per event-loop tick)
 * uses raw better-sqlite3 prepared statements through `db.$client`: drizzle builds and maps a query
 * object on every call, which costs more than the insert itself at hundreds of updates a second.
 */
import type Database from "better-sqlite3";
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import * as Y from "yjs";
import type { Db } from "../../db/client";
import { hasPending } from "../../shared/collab/yjs-internals";

export interface UpdateRow {
  seq: number;
  update: Uint8Array;
}

/** Prepared statements over one database connection, cached per connection. */
export class CollabStore {
  readonly sqlite: Database.Database;
  private readonly insertUpdateStmt: Database.Statement;
  private readonly maxSeqStmt: Database.Statement;
  private readonly updatesAfterStmt: Database.Statement;
  private readonly latestCheckpointStmt: Database.Statement;
  private readonly checkpointsStmt: Database.Statement;
  private readonly insertCheckpointStmt: Database.Statement;
  private readonly pruneCheckpointsStmt: Database.Statement;

  constructor(sqlite: Database.Database) {
    this.sqlite = sqlite;
    this.insertUpdateStmt = sqlite.prepare(
      "INSERT INTO doc_updates (workspace_id, room, seq, \"update\", author_id, created_at) VALUES (?, ?, ?, ?, ?, ?)",
    );
    this.maxSeqStmt = sqlite
      .prepare("SELECT max(seq) FROM doc_updates WHERE workspace_id = ? AND room = ?")
      .pluck();
    this.updatesAfterStmt = sqlite.prepare(
      "SELECT seq, \"update\" FROM doc_updates WHERE workspace_id = ? AND room = ? AND seq > ? ORDER BY seq",
    );
    this.latestCheckpointStmt = sqlite.prepare(
      "SELECT seq, state FROM doc_checkpoints WHERE workspace_id = ? AND room = ? ORDER BY seq DESC, id DESC LIMIT 1",
    );
    this.checkpointsStmt = sqlite.prepare(
      "SELECT seq, state FROM doc_checkpoints WHERE workspace_id = ? AND room = ? ORDER BY seq DESC, id DESC",
    );
    this.insertCheckpointStmt = sqlite.prepare(
      "INSERT INTO doc_checkpoints (workspace_id, room, seq, state, created_at) VALUES (?, ?, ?, ?, ?)",
    );
    // Older checkpoints are redundant with the newest one plus the (kept) log; keeping the previous
    // one guards against a checkpoint that turns out unreadable.
    this.pruneCheckpointsStmt = sqlite.prepare(
      `DELETE FROM doc_checkpoints WHERE workspace_id = ? AND room = ? AND id NOT IN
        (SELECT id FROM doc_checkpoints WHERE workspace_id = ? AND room = ? ORDER BY seq DESC, id DESC LIMIT 2)`,
    );
  }

  /** Highest logged seq of a room (0 when none). */
  maxSeq(workspaceId: string, room: string): number {
    return (this.maxSeqStmt.get(workspaceId, room) as number | null) ?? 0;
  }

  /** Appends one row; callers inside a transaction supply the seq. */
  insertUpdate(workspaceId: string, room: string, seq: number, update: Uint8Array, authorId: string | null, at: number): void {
    this.insertUpdateStmt.run(workspaceId, room, seq, toBuffer(update), authorId, at);
  }

  updatesAfter(workspaceId: string, room: string, seq: number): UpdateRow[] {
    return (this.updatesAfterStmt.all(workspaceId, room, seq) as { seq: number; update: Buffer }[]).map((r) => ({
      seq: r.seq,
      update: r.update,
    }));
  }

  latestCheckpoint(workspaceId: string, room: string): { seq: number; state: Uint8Array } | null {
    return (this.latestCheckpointStmt.get(workspaceId, room) as { seq: number; state: Buffer } | undefined) ?? null;
  }

  /** Stores a checkpoint (state includes every update up to `seq`) and prunes older ones. */
  writeCheckpoint(workspaceId: string, room: string, seq: number, state: Uint8Array): void {
    this.sqlite.transaction(() => {
      this.insertCheckpointStmt.run(workspaceId, room, seq, toBuffer(state), Date.now());
      this.pruneCheckpointsStmt.run(workspaceId, room, workspaceId, room);
    })();
  }

  /**
   * Loads a room: the newest readable checkpoint, then every later update, applied in one Yjs
   * transaction. A checkpoint that does not apply (or leaves structs Yjs cannot integrate) is passed
   * over for the previous one, then for a full replay of the log, which is never truncated; the
   * caller is told (`unreadableCheckpoints`). A logged update that fails to apply is skipped and
   * reported in `skipped` with its seq, rather than making the room unloadable.
   */
  load(workspaceId: string, room: string): LoadedRoom {
    const checkpoints = this.checkpointsStmt.all(workspaceId, room) as { seq: number; state: Buffer }[];
    const unreadableCheckpoints: number[] = [];
    let base: { seq: number; state: Uint8Array } | null = null;
    let doc = new Y.Doc();
    for (const c of checkpoints) {
      try {
        Y.applyUpdate(doc, c.state);
        if (!hasPending(doc)) {
          base = c;
          break;
        }
      } catch {
        /* unreadable: try the one before */
      }
      unreadableCheckpoints.push(c.seq);
      doc.destroy();
      doc = new Y.Doc();
    }
    const checkpointSeq = base?.seq ?? 0;
    const rows = this.updatesAfter(workspaceId, room, checkpointSeq);
    const skipped: LoadedRoom["skipped"] = [];
    let clean = true;
    try {
      // One transaction for the whole tail: observers and struct merging run once, not per update.
      doc.transact(() => {
        for (const r of rows) Y.applyUpdate(doc, r.update);
      });
    } catch {
      clean = false;
      doc.destroy();
      doc = new Y.Doc();
      if (base) Y.applyUpdate(doc, base.state);
      for (const r of rows) {
        try {
          Y.applyUpdate(doc, r.update);
        } catch (err) {
          skipped.push({ seq: r.seq, error: (err as Error)?.message ?? String(err) });
        }
      }
    }
    const parts = base ? [base.state, ...rows.map((r) => r.update)] : rows.map((r) => r.update);
    const seq = Math.max(checkpointSeq, rows.length ? rows[rows.length - 1]!.seq : 0, this.maxSeq(workspaceId, room));
    const bytes = parts.reduce((n, p) => n + p.byteLength, 0);
    return { doc, seq, checkpointSeq, tail: rows.length, parts: clean ? parts : null, skipped, unreadableCheckpoints, bytes };
  }
}

export interface LoadedRoom {
  doc: Y.Doc;
  seq: number;
  checkpointSeq: number;
  tail: number;
  /** The bytes it was loaded from, when every part applied (sent as-is to a first empty client). */
  parts: Uint8Array[] | null;
  /** Logged updates that failed to apply, by seq. */
  skipped: { seq: number; error: string }[];
  /** Checkpoints (by seq) that could not be read and were passed over. */
  unreadableCheckpoints: number[];
  /** Bytes read: the checkpoint plus the tail. */
  bytes: number;
}

const stores = new WeakMap<Database.Database, CollabStore>();

/** The cached statement set for a database connection. */
export function collabStore(db: Db): CollabStore {
  let store = stores.get(db.$client);
  if (!store) {
    store = new CollabStore(db.$client);
    stores.set(db.$client, store);
  }
  return store;
}

function toBuffer(u: Uint8Array): Buffer {
  return Buffer.isBuffer(u) ? u : Buffer.from(u.buffer, u.byteOffset, u.byteLength);
}

/** Reads a document without a running server: latest checkpoint + later updates. */
export function loadDocFromDb(db: Db, workspaceId: string, doc: string): Y.Doc {
  return collabStore(db).load(workspaceId, doc).doc;
}

/**
 * Appends one update to a room's log while no collaboration server is running on this database (the
 * demo seed, which runs before the server starts; benchmark fixtures). A running server is the only
 * writer of the log: its rooms' seqs are their own, so use its `transact` instead.
 */
export function appendUpdate(db: Db, workspaceId: string, doc: string, update: Uint8Array, authorId: string | null): number {
  if (isEmptyUpdate(update)) throw new Error("appendUpdate: empty update");
  const store = collabStore(db);
  return store.sqlite.transaction(() => {
    const seq = store.maxSeq(workspaceId, doc) + 1;
    store.insertUpdate(workspaceId, doc, seq, update, authorId, Date.now());
    return seq;
  }).immediate();
}

/**
 * Writes a checkpoint of a document encoded from memory (e.g. after a bulk seed). `ydoc` must hold
 * every update logged for the room so far, since loading skips the log up to the checkpoint's seq.
 */
export function writeCheckpoint(db: Db, workspaceId: string, doc: string, ydoc: Y.Doc): number {
  const store = collabStore(db);
  const seq = store.maxSeq(workspaceId, doc);
  store.writeCheckpoint(workspaceId, doc, seq, Y.encodeStateAsUpdate(ydoc));
  return seq;
}

/** True for an update that carries neither structs nor deletions. Throws if it does not decode. */
export function isEmptyUpdate(update: Uint8Array): boolean {
  const { structs, ds } = Y.decodeUpdate(update);
  return structs.length === 0 && ds.clients.size === 0;
}

const WAL_CHECKPOINTER = `
const { workerData, parentPort } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma("busy_timeout = 1000");
db.pragma("synchronous = NORMAL");
const run = () => { try { db.pragma("wal_checkpoint(PASSIVE)"); } catch {} };
const timer = setInterval(run, workerData.everyMs);
parentPort.on("message", (m) => { if (m === "stop") { clearInterval(timer); run(); db.close(); parentPort.close(); } });
`;

/**
 * Moves SQLite's WAL checkpoints (the only step that fsyncs under synchronous=NORMAL) off the event
 * loop: SQLite would otherwise run one inline in whichever commit crosses 1,000 WAL pages, stalling
 * every broadcast queued behind it. A worker thread with its own connection checkpoints PASSIVEly
 * (never blocking writers) every `everyMs`. Returns a stop function that restores the default.
 */
export function startWalCheckpointer(sqlite: Database.Database, everyMs = 1_000): () => Promise<void> {
  if (sqlite.memory || !sqlite.name) return async () => {};
  const worker = new Worker(WAL_CHECKPOINTER, {
    eval: true,
    workerData: { file: sqlite.name, driver: createRequire(import.meta.url).resolve("better-sqlite3"), everyMs },
  });
  worker.unref();
  worker.on("error", () => sqlite.pragma("wal_autocheckpoint = 1000"));
  sqlite.pragma("wal_autocheckpoint = 0");
  return async () => {
    if (sqlite.open) sqlite.pragma("wal_autocheckpoint = 1000");
    const exited = new Promise((r) => worker.once("exit", r));
    worker.postMessage("stop");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 2_000).unref())]);
    await worker.terminate();
  };
}
