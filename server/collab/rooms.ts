/**
 * Rooms (one in-memory Yjs document each) and the checked, group-committed write path:
 *   check on a scratch copy (integrable, invariants kept, writer's finer rights, size) →
 *   append to the SQLite log (one transaction per tick, after-commit hooks inside it) →
 *   apply to the server copy → broadcast.
 * A refused update is never logged, applied or broadcast. Server-side edits (`transact`) take the
 * same path with their author. See docs/decisions/010 and 030.
 */
import { createHash } from "node:crypto";
import type pino from "pino";
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import { CLOSE_INTERNAL_ERROR, type CollabLimits } from "../../shared/collab/protocol";
import { docName, docProblems, docType, readDoc, type DocRef, type DocType, type DocKind } from "../../shared/collab/registry";
import { encodeAwarenessEntries, encodeAwarenessPayload, encodeUpdate, type AwarenessEntry } from "../../shared/collab/wire";
import { hasPending, isRedundant } from "../../shared/collab/yjs-internals";
import { newProblems, type Problem } from "../../shared/collab/ytools";
import type { MemberAccess } from "../../shared/roles";
import type { CollabStore } from "./persistence";

/** What a room needs from a connection. */
export interface Peer {
  readonly userId: string;
  send(message: Uint8Array): void;
  close(code: number, reason: string): void;
}

/** Who is writing: a person with their membership (finer rights are checked), or server code. */
export type Writer = { kind: "member"; userId: string; member: MemberAccess } | { kind: "server"; authorId: string | null };

/** A row just committed to the log, as after-commit hooks see it (inside the same transaction). */
export interface CommittedRow {
  workspaceId: string;
  room: string;
  seq: number;
  authorId: string | null;
  at: number;
  update: Uint8Array;
}

/** Runs inside the group-commit transaction with the rows it just wrote; throwing rolls it all back. */
export type AfterCommitHook = (rows: readonly CommittedRow[]) => void;

/** Marks the origin of updates the write path applies, so the update event knows whom to skip. */
class ApplyOrigin {
  peer: Peer | null = null;
}

/** Origin of updates applied to a scratch copy (never broadcast; the scratch has no listeners). */
const CHECKING = { checking: true } as const;

interface PendingWrite {
  room: Room;
  update: Uint8Array;
  authorId: string | null;
  peer: Peer | null;
  done?: (err: Error | null, seq: number) => void;
}

/** Why an update was refused, in plain English (sent as the close reason and logged). */
export class UpdateRefused extends Error {}

export class Room {
  readonly key: string;
  readonly name: string;
  readonly type: DocType<DocKind>;
  readonly doc: Y.Doc;
  readonly awareness: awarenessProtocol.Awareness;
  readonly peers = new Set<Peer>();
  /** Highest seq in the log that the in-memory doc reflects. */
  seq: number;
  updatesSinceCheckpoint = 0;
  lastCheckpointAt = Date.now();
  checkpointScheduled = false;
  unloadTimer: NodeJS.Timeout | null = null;
  closed = false;
  /** Server-side edits in progress: the room is not unloaded under them. */
  holds = 0;
  /**
   * The live document plus every accepted update not yet committed. Updates are tried here first;
   * a refused one leaves the live document untouched and the scratch is rebuilt. Created on the first
   * write, so rooms that are only read cost one document.
   */
  scratch: Y.Doc | null = null;
  /** Invariant breaches of the scratch as it stands (an update may keep them, never add one). */
  problems: Problem[] = [];
  /** Typed snapshot of the scratch, kept only for types with finer rights. */
  snapshot: unknown = null;
  /** Updates accepted and queued but not yet committed (re-applied when the scratch is rebuilt). */
  uncommitted: Uint8Array[] = [];
  /** Bytes of the encoded document, approximately (exact at load and at each checkpoint). */
  approxBytes = 0;
  /** Set when the room loaded with skipped updates or pending structs: never checkpointed. */
  degraded = false;
  /** Awareness client id → the person it belongs to; kept a while after they leave (reconnects). */
  readonly presenceOwners = new Map<number, { userId: string; releasedAt: number | null }>();
  /**
   * The bytes the room was loaded from (checkpoint + tail), kept until the first change or the
   * first client with an empty state vector: that client gets them as-is instead of a fresh
   * encode of the whole document, which for a 5 MB document is a sizeable part of a cold join.
   */
  coldState: Uint8Array[] | null = null;
  awarenessBatch: { entries: Map<number, AwarenessEntry>; origin: Peer | null; timer: NodeJS.Timeout | null } | null = null;
  private encodedState: Uint8Array | null = null;
  private readState: unknown = null;

  constructor(
    readonly workspaceId: string,
    readonly ref: DocRef,
    doc: Y.Doc,
    seq: number,
  ) {
    this.name = docName(ref);
    this.type = docType(ref);
    this.key = roomKey(workspaceId, this.name);
    this.doc = doc;
    this.seq = seq;
    this.awareness = new awarenessProtocol.Awareness(doc);
    // The server has no presence of its own.
    this.awareness.setLocalState(null);
  }

  /** Sends to every peer but `except`; the message is encoded once by the caller. */
  broadcast(message: Uint8Array, except: Peer | null): void {
    for (const peer of this.peers) if (peer !== except) peer.send(message);
  }

  /** The whole committed document, encoded once per change (every empty-state-vector sync sends it). */
  fullState(): Uint8Array {
    return (this.encodedState ??= Y.encodeStateAsUpdate(this.doc));
  }

  /**
   * The typed snapshot of the committed document, read once per change: every page load reads the
   * structure, and every plan upgrade checks its unit against it.
   */
  read(): unknown {
    return (this.readState ??= readDoc(this.ref, this.doc));
  }

  /** Forgets the cached encoding and snapshot (the document changed). */
  changed(): void {
    this.encodedState = null;
    this.readState = null;
    this.coldState = null;
  }

  /** True when the update could change nothing (judged against what has been accepted so far). */
  isRedundant(decoded: ReturnType<typeof Y.decodeUpdate>): boolean {
    try {
      return isRedundant(this.scratch ?? this.doc, decoded);
    } catch {
      return false;
    }
  }
}

export function roomKey(workspaceId: string, name: string): string {
  return `${workspaceId}/${name}`;
}

/** Counters for the health output. */
export interface RoomStats {
  /** Logged updates skipped on load because they failed to apply (each also logged with room and seq). */
  skippedOnLoad: number;
  /** Updates refused by the checks (broken invariants, rights, pending structs, size). */
  refusedUpdates: number;
  /** Rooms currently open in a degraded state (loaded with skipped updates). */
  degradedRooms: number;
  /** Checkpoints found unreadable on load (the room loaded from an earlier one and the log). */
  unreadableCheckpoints: number;
}

/** Owns the open rooms, the pending-write queue and the checkpoint/unload timers. */
export class RoomManager {
  readonly rooms = new Map<string, Room>();
  readonly stats: Omit<RoomStats, "degradedRooms"> = { skippedOnLoad: 0, refusedUpdates: 0, unreadableCheckpoints: 0 };
  private pending: PendingWrite[] = [];
  private flushScheduled = false;
  private readonly applying = new ApplyOrigin();
  private readonly checkpointTimer: NodeJS.Timeout;
  private readonly commit: (batch: PendingWrite[], now: number) => void;
  private readonly hooks: AfterCommitHook[] = [];

  constructor(
    private readonly store: CollabStore,
    private readonly logger: pino.Logger,
    private readonly limits: CollabLimits,
  ) {
    this.commit = store.sqlite.transaction((batch: PendingWrite[], now: number) => {
      // This manager is the only writer to the log while it runs, so a room's seq is its own.
      const rows: CommittedRow[] = [];
      for (const w of batch) {
        const room = w.room;
        room.seq += 1;
        store.insertUpdate(room.workspaceId, room.name, room.seq, w.update, w.authorId, now);
        rows.push({ workspaceId: room.workspaceId, room: room.name, seq: room.seq, authorId: w.authorId, at: now, update: w.update });
      }
      for (const hook of this.hooks) hook(rows);
    });
    const every = Math.max(20, Math.min(1000, limits.checkpointEveryMs));
    this.checkpointTimer = setInterval(() => this.checkpointDue(), every);
    this.checkpointTimer.unref();
  }

  /** Adds a hook run inside every group commit (e.g. the audit chain); returns its removal. */
  afterCommit(hook: AfterCommitHook): () => void {
    this.hooks.push(hook);
    return () => {
      const i = this.hooks.indexOf(hook);
      if (i >= 0) this.hooks.splice(i, 1);
    };
  }

  private readonly writeBudgets = new Map<string, { start: number; bytes: number }>();

  /**
   * Counts bytes one person asks to have logged; false once they pass their budget for the minute
   * (DEFAULT_LIMITS.maxWriteBytesPerUserPerMinute), so nobody can fill the disk for everyone.
   */
  spendWriteBudget(userId: string, bytes: number): boolean {
    const now = Date.now();
    let b = this.writeBudgets.get(userId);
    if (!b || now - b.start >= 60_000) {
      b = { start: now, bytes: 0 };
      this.writeBudgets.set(userId, b);
      // Entries of people who stopped writing are dropped as others start a new minute.
      if (this.writeBudgets.size > 1_000) for (const [id, e] of this.writeBudgets) if (now - e.start >= 60_000) this.writeBudgets.delete(id);
    }
    b.bytes += bytes;
    return b.bytes <= this.limits.maxWriteBytesPerUserPerMinute;
  }

  private destroyed = false;

  /** Returns the open room, loading it (checkpoint + later updates) if needed. */
  open(workspaceId: string, ref: DocRef): Room {
    const key = roomKey(workspaceId, docName(ref));
    const existing = this.rooms.get(key);
    if (existing) return existing;
    // A room loaded during shutdown would never be saved or freed.
    if (this.destroyed) throw new Error("the collaboration server is shutting down");
    const started = performance.now();
    const name = docName(ref);
    const loaded = this.store.load(workspaceId, name);
    const room = new Room(workspaceId, ref, loaded.doc, loaded.seq);
    room.updatesSinceCheckpoint = loaded.tail;
    room.approxBytes = loaded.bytes;
    if (loaded.unreadableCheckpoints.length > 0) {
      this.stats.unreadableCheckpoints += loaded.unreadableCheckpoints.length;
      this.logger.error(
        { workspaceId, room: name, unreadable: loaded.unreadableCheckpoints, loadedFrom: loaded.checkpointSeq ? `checkpoint at seq ${loaded.checkpointSeq}` : "the whole log" },
        "collab checkpoint unreadable: loaded from an earlier checkpoint and the log instead",
      );
    }
    if (loaded.skipped.length > 0 || hasPending(loaded.doc)) {
      room.degraded = true;
      this.stats.skippedOnLoad += loaded.skipped.length;
      for (const s of loaded.skipped) {
        this.logger.error({ workspaceId, room: name, seq: s.seq, err: s.error }, "collab logged update skipped on load: it failed to apply");
      }
      if (hasPending(loaded.doc)) this.logger.error({ workspaceId, room: name }, "collab room loaded with updates Yjs could not integrate");
    }
    if (!room.degraded && loaded.parts && loaded.parts.length > 0 && loaded.parts.length <= 64) room.coldState = loaded.parts;
    loaded.doc.on("update", (update: Uint8Array, origin: unknown) => this.onDocUpdate(room, update, origin));
    room.awareness.on("update", ({ added, updated, removed }: AwarenessChange, origin: unknown) => {
      const changed = added.concat(updated, removed);
      if (changed.length === 0) return;
      const from = isPeer(origin) ? origin : null;
      if (this.limits.awarenessBatchMs <= 0) {
        room.broadcast(encodeAwarenessPayload(awarenessProtocol.encodeAwarenessUpdate(room.awareness, changed)), from);
        return;
      }
      // Entries are captured now (the clock of a departed client is forgotten on detach), and the
      // latest entry per client wins when the batch is sent.
      const batch = (room.awarenessBatch ??= { entries: new Map(), origin: from, timer: null });
      if (batch.origin !== from) batch.origin = null;
      for (const id of changed) {
        const state = room.awareness.getStates().get(id);
        batch.entries.set(id, { clientID: id, clock: room.awareness.meta.get(id)?.clock ?? 0, state: JSON.stringify(state ?? null) });
      }
      batch.timer ??= setTimeout(() => this.flushAwareness(room), this.limits.awarenessBatchMs);
    });
    this.rooms.set(key, room);
    this.logger.info(
      { workspaceId, room: name, seq: loaded.seq, tail: loaded.tail, ms: Math.round(performance.now() - started), degraded: room.degraded || undefined },
      "collab room loaded",
    );
    this.scheduleUnloadIfIdle(room);
    return room;
  }

  attach(room: Room, peer: Peer): void {
    if (room.unloadTimer) {
      clearTimeout(room.unloadTimer);
      room.unloadTimer = null;
    }
    room.peers.add(peer);
  }

  detach(room: Room, peer: Peer, awarenessIds: number[]): void {
    if (!room.peers.delete(peer)) return;
    if (awarenessIds.length) {
      awarenessProtocol.removeAwarenessStates(room.awareness, awarenessIds, null);
      // Forgetting the clock lets the same client's unchanged state apply again when it reconnects
      // (y-protocols ignores a state whose clock is not newer), and keeps `meta` from growing.
      for (const id of awarenessIds) {
        room.awareness.meta.delete(id);
        const owner = room.presenceOwners.get(id);
        if (owner) owner.releasedAt = Date.now();
      }
    }
    this.scheduleUnloadIfIdle(room);
  }

  /**
   * Checks an update on the room's scratch copy and queues it for the next group commit. Throws
   * UpdateRefused (changing nothing) when the update cannot be integrated, breaks an invariant the
   * document did not already break, changes what the writer may not change, or makes it too large.
   */
  submit(room: Room, update: Uint8Array, writer: Writer, peer: Peer | null, done?: PendingWrite["done"]): void {
    if (room.closed) throw new UpdateRefused("the document was closed");
    this.check(room, (scratch) => Y.applyUpdate(scratch, update, CHECKING), writer, update.byteLength);
    this.queue(room, update, writer.kind === "member" ? writer.userId : writer.authorId, peer, done);
  }

  /**
   * A server-side edit: `fn` runs on the scratch copy (the document as accepted so far), and what it
   * changed is checked, logged with its author and broadcast like any client's update. Resolves with
   * the seq it was logged at (0 when it changed nothing).
   */
  transact(room: Room, fn: (doc: Y.Doc) => void, authorId: string | null): Promise<number> {
    return new Promise((resolve, reject) => {
      if (room.closed) return reject(new Error("the document was closed"));
      room.holds += 1;
      let captured: Uint8Array[] = [];
      try {
        this.check(
          room,
          (scratch) => {
            const capture = (u: Uint8Array) => captured.push(u);
            scratch.on("update", capture);
            try {
              scratch.transact(() => fn(scratch), CHECKING);
            } finally {
              scratch.off("update", capture);
            }
          },
          { kind: "server", authorId },
          0,
        );
      } catch (err) {
        captured = [];
        reject(err);
      } finally {
        room.holds -= 1;
      }
      if (captured.length === 0) {
        this.scheduleUnloadIfIdle(room);
        return resolve(0);
      }
      const update = captured.length === 1 ? captured[0]! : Y.mergeUpdates(captured);
      this.queue(room, update, authorId, null, (err, seq) => (err ? reject(err) : resolve(seq)));
    });
  }

  private check(room: Room, apply: (scratch: Y.Doc) => void, writer: Writer, bytes: number): void {
    const scratch = this.scratchOf(room);
    const refuse = (reason: string): never => {
      this.stats.refusedUpdates += 1;
      this.rebuildScratch(room);
      throw new UpdateRefused(reason);
    };
    if (room.approxBytes + bytes > room.type.maxBytes) {
      this.stats.refusedUpdates += 1;
      throw new UpdateRefused("the document has reached its size limit");
    }
    let textOnly = true;
    // Entries of the type's `localFields` root whose listed fields alone changed, or null once
    // anything else changed.
    const local = room.type.localFields;
    let localEntries: Map<Y.Map<unknown>, Set<string>> | null = local ? new Map() : null;
    const seeChanges = (tr: Y.Transaction) => {
      for (const [type, keys] of tr.changed) {
        // A root-level text counts as structure: a stock client could create one under any name.
        if (type instanceof Y.Text && type._item !== null) continue;
        textOnly = false;
        if (!localEntries || !local) continue;
        const parent = type._item?.parent;
        const isEntry = type instanceof Y.Map && parent instanceof Y.Map && (parent as unknown) === scratch.share.get(local.root) && type._item!.id.clock < (tr.beforeState.get(type._item!.id.client) ?? 0);
        if (!isEntry || [...keys].some((k) => k === null || !Object.hasOwn(local.fields, k))) {
          localEntries = null;
          continue;
        }
        const seen = localEntries.get(type as Y.Map<unknown>) ?? new Set<string>();
        for (const k of keys) seen.add(k!);
        localEntries.set(type as Y.Map<unknown>, seen);
      }
    };
    // Entries of the type's `authoredEntries` root that this update creates, and existing entries
    // whose author field it changes (which nobody may do).
    const authored = room.type.authoredEntries;
    const createdKeys = new Set<string>();
    const reauthored: string[] = [];
    // The root is typed as a map before the update lands, so its entries read as maps during it.
    const authoredRoot = authored ? scratch.getMap<unknown>(authored.root) : null;
    const seeAuthors = (tr: Y.Transaction) => {
      const root = authoredRoot;
      if (!root) return;
      for (const [type, keys] of tr.changed) {
        if ((type as unknown) === root) {
          for (const k of keys) {
            const e = k === null ? undefined : root.get(k);
            if (e instanceof Y.Map && e._item && e._item.id.clock >= (tr.beforeState.get(e._item.id.client) ?? 0)) createdKeys.add(k!);
          }
        } else if (type instanceof Y.Map && type._item && (type._item.parent as unknown) === root && keys.has(authored!.field)) {
          reauthored.push(type._item.parentSub ?? "");
        }
      }
    };
    scratch.on("afterTransaction", seeChanges);
    if (authored) scratch.on("afterTransaction", seeAuthors);
    try {
      apply(scratch);
    } catch (err) {
      if (err instanceof UpdateRefused) throw err;
      if (writer.kind === "server") {
        this.rebuildScratch(room);
        throw err;
      }
      refuse("the update could not be applied");
    } finally {
      scratch.off("afterTransaction", seeChanges);
      scratch.off("afterTransaction", seeAuthors);
    }
    if (authored && authoredRoot && writer.kind === "member") {
      const root = authoredRoot;
      if (reauthored.some((k) => !createdKeys.has(k))) refuse("who added an entry cannot be changed");
      for (const k of createdKeys) {
        const by = (root.get(k) as Y.Map<unknown>).get(authored.field);
        if (by !== undefined && by !== writer.userId) refuse("an entry can only be recorded as added by the person adding it");
      }
    }
    if (hasPending(scratch)) refuse("the update depends on changes the server does not have");
    // Typing into a text field (the most frequent update) changes only Y.Text content, which no
    // invariant reads: the full check, linear in the document, is skipped for it.
    if (textOnly && !room.type.refuseChange) return;
    // Setting a unit's name or budget holder cannot break the tree: only those fields' types are
    // checked. A document that already has breaches takes the whole pass, so its record stays exact.
    if (localEntries && localEntries.size > 0 && room.problems.length === 0 && !room.type.refuseChange && local) {
      let fine = true;
      for (const [entry, keys] of localEntries) for (const k of keys) if (entry.has(k) && !local.fields[k]!(entry.get(k))) fine = false;
      if (fine) return;
    }
    const after = docProblems(room.ref, scratch);
    // A breach another person's concurrent edit caused, on an entry this update creates, stands as a
    // problem to resolve rather than losing the writer's work (decision record 045, orphans).
    const added = newProblems(room.problems, after).filter((p) => {
      const key = authored?.tolerated(p, scratch);
      return !(key && createdKeys.has(key));
    });
    if (added.length > 0) refuse(added[0]!.message);
    let snapshot: unknown = null;
    if (room.type.refuseChange) {
      snapshot = readDoc(room.ref, scratch);
      if (writer.kind === "member") {
        const why = room.type.refuseChange({ ...writer.member, userId: writer.userId }, room.ref as never, room.snapshot as never, snapshot as never);
        if (why) refuse(why);
      }
    }
    room.problems = after;
    room.snapshot = snapshot;
  }

  private scratchOf(room: Room): Y.Doc {
    if (!room.scratch) this.rebuildScratch(room);
    return room.scratch!;
  }

  /** The live document plus what is accepted but not yet committed, as a fresh copy. */
  private rebuildScratch(room: Room): void {
    room.scratch?.destroy();
    const scratch = new Y.Doc({ gc: room.doc.gc });
    Y.applyUpdate(scratch, Y.encodeStateAsUpdate(room.doc), CHECKING);
    for (const u of room.uncommitted) Y.applyUpdate(scratch, u, CHECKING);
    room.scratch = scratch;
    room.problems = docProblems(room.ref, scratch);
    room.snapshot = room.type.refuseChange ? readDoc(room.ref, scratch) : null;
  }

  private queue(room: Room, update: Uint8Array, authorId: string | null, peer: Peer | null, done?: PendingWrite["done"]): void {
    room.uncommitted.push(update);
    room.approxBytes += update.byteLength;
    this.pending.push({ room, update, authorId, peer, done });
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // setImmediate runs after the poll phase, so every frame read from every socket in this
    // loop iteration lands in the same transaction (group commit).
    setImmediate(() => this.flush());
  }

  /** Commits every queued update in one transaction, then applies and broadcasts them. */
  flush(): void {
    this.flushScheduled = false;
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    try {
      this.commit(batch, Date.now());
    } catch (err) {
      this.failBatch(batch, err as Error);
      return;
    }
    const touched = new Set<Room>();
    for (const w of batch) {
      touched.add(w.room);
      w.room.updatesSinceCheckpoint += 1;
      w.room.uncommitted.shift();
      const err = this.applyCommitted(w.room, w.update, w.peer);
      w.done?.(err, w.room.seq);
    }
    for (const room of touched) {
      if (room.updatesSinceCheckpoint >= this.limits.checkpointEveryUpdates && !room.checkpointScheduled) {
        room.checkpointScheduled = true;
        setImmediate(() => {
          room.checkpointScheduled = false;
          this.checkpoint(room);
        });
      }
      this.scheduleUnloadIfIdle(room);
    }
  }

  private flushAwareness(room: Room): void {
    const batch = room.awarenessBatch;
    room.awarenessBatch = null;
    if (!batch || room.closed || batch.entries.size === 0) return;
    // Skipping the origin is only right when every entry came from that one connection.
    room.broadcast(encodeAwarenessPayload(encodeAwarenessEntries(batch.entries.values())), batch.origin);
  }

  private applyCommitted(room: Room, update: Uint8Array, peer: Peer | null): Error | null {
    if (room.closed) return null;
    this.applying.peer = peer;
    try {
      Y.applyUpdate(room.doc, update, this.applying);
      return null;
    } catch (err) {
      // The scratch accepted it, so this is a bug rather than bad input; the log holds it.
      this.logger.error({ err, workspaceId: room.workspaceId, room: room.name }, "collab update logged but failed to apply");
      return err as Error;
    } finally {
      this.applying.peer = null;
    }
  }

  private onDocUpdate(room: Room, update: Uint8Array, origin: unknown): void {
    room.changed();
    if (origin === this.applying) {
      room.broadcast(encodeUpdate(update), this.applying.peer);
      return;
    }
    // Only the write path may change a room's document; anything else would be unlogged. Reload.
    this.logger.error({ workspaceId: room.workspaceId, room: room.name }, "collab room document changed outside the write path; reloading it");
    setImmediate(() => this.evict(room, CLOSE_INTERNAL_ERROR));
  }

  private failBatch(batch: PendingWrite[], err: Error): void {
    this.logger.error({ err, updates: batch.length }, "collab group commit failed; affected connections resync");
    const rooms = new Set(batch.map((w) => w.room));
    for (const room of rooms) {
      try {
        room.seq = this.store.maxSeq(room.workspaceId, room.name);
      } catch {
        /* the database is unusable; the next write fails again and is reported again */
      }
      // Nothing of the batch was applied or broadcast; the scratch forgets it too.
      room.uncommitted = [];
      room.approxBytes = Math.max(0, room.approxBytes - batch.filter((w) => w.room === room).reduce((n, w) => n + w.update.byteLength, 0));
      if (!room.closed) this.rebuildScratch(room);
    }
    for (const w of batch) {
      // Closing the writer makes its provider reconnect and resend what the server lacks.
      w.peer?.close(CLOSE_INTERNAL_ERROR, "could not persist update");
      w.done?.(err, 0);
    }
  }

  /** Encodes the in-memory doc and stores it as the room's checkpoint (the log is kept). */
  checkpoint(room: Room): void {
    if (room.closed || room.updatesSinceCheckpoint === 0) return;
    if (room.degraded) {
      // A checkpoint of a room that lost updates on load would make the loss permanent.
      this.logger.warn({ workspaceId: room.workspaceId, room: room.name }, "collab checkpoint skipped: the room loaded in a degraded state");
      return;
    }
    try {
      const started = performance.now();
      const state = Y.encodeStateAsUpdate(room.doc);
      this.store.writeCheckpoint(room.workspaceId, room.name, room.seq, state);
      room.updatesSinceCheckpoint = 0;
      room.lastCheckpointAt = Date.now();
      room.approxBytes = state.byteLength + room.uncommitted.reduce((n, u) => n + u.byteLength, 0);
      this.logger.debug(
        { workspaceId: room.workspaceId, room: room.name, seq: room.seq, bytes: state.byteLength, ms: Math.round(performance.now() - started) },
        "collab checkpoint",
      );
    } catch (err) {
      this.logger.error({ err, workspaceId: room.workspaceId, room: room.name }, "collab checkpoint failed");
    }
  }

  /** The committed state of a room: what is in the log up to `seq`, with its SHA-256. */
  snapshotOf(room: Room): { seq: number; state: Uint8Array; sha256: string } {
    const state = Y.encodeStateAsUpdate(room.doc);
    return { seq: room.seq, state, sha256: createHash("sha256").update(state).digest("hex") };
  }

  private checkpointDue(): void {
    const now = Date.now();
    for (const room of this.rooms.values()) {
      if (room.updatesSinceCheckpoint > 0 && now - room.lastCheckpointAt >= this.limits.checkpointEveryMs) this.checkpoint(room);
    }
  }

  private scheduleUnloadIfIdle(room: Room): void {
    if (room.peers.size > 0 || room.unloadTimer || room.closed || room.holds > 0) return;
    room.unloadTimer = setTimeout(() => {
      room.unloadTimer = null;
      if (room.peers.size === 0 && room.holds === 0) this.unload(room);
    }, this.limits.unloadGraceMs);
    room.unloadTimer.unref();
  }

  /** Flushes and checkpoints a room, then frees it. */
  unload(room: Room): void {
    if (room.closed) return;
    if (this.pending.some((w) => w.room === room)) this.flush();
    this.checkpoint(room);
    this.evict(room, null);
    this.logger.info({ workspaceId: room.workspaceId, room: room.name }, "collab room unloaded");
  }

  private evict(room: Room, closeCode: number | null): void {
    if (room.closed) return;
    room.closed = true;
    if (room.unloadTimer) clearTimeout(room.unloadTimer);
    if (room.awarenessBatch?.timer) clearTimeout(room.awarenessBatch.timer);
    if (closeCode !== null) for (const peer of [...room.peers]) peer.close(closeCode, "room reset");
    room.peers.clear();
    if (this.rooms.get(room.key) === room) this.rooms.delete(room.key);
    room.awareness.destroy();
    room.scratch?.destroy();
    room.doc.destroy();
  }

  /** Counters for the health output. */
  currentStats(): RoomStats {
    let degradedRooms = 0;
    for (const room of this.rooms.values()) if (room.degraded) degradedRooms++;
    return { ...this.stats, degradedRooms };
  }

  /** Commits everything queued and checkpoints every open room (shutdown). */
  flushAll(): void {
    this.flush();
    for (const room of this.rooms.values()) this.checkpoint(room);
  }

  /** Stops timers and frees every room (after flushAll). */
  destroy(): void {
    this.destroyed = true;
    clearInterval(this.checkpointTimer);
    for (const room of [...this.rooms.values()]) this.evict(room, null);
  }
}

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}

function isPeer(origin: unknown): origin is Peer {
  return typeof origin === "object" && origin !== null && "send" in origin && "userId" in origin;
}
