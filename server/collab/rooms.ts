/**
 * Rooms (one in-memory Yjs document each) and the group-committed write path:
 * validate → append to the SQLite log (one transaction per tick) → apply to the server copy → broadcast.
 */
import * as encoding from "lib0/encoding";
import type pino from "pino";
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import {
  CLOSE_INTERNAL_ERROR,
  CLOSE_UNSUPPORTED,
  MESSAGE_AWARENESS,
  MESSAGE_SYNC,
  type CollabLimits,
} from "../../shared/collab/protocol";
import type { CollabStore } from "./persistence";

/** What a room needs from a connection. */
export interface Peer {
  readonly userId: string;
  send(message: Uint8Array): void;
  close(code: number, reason: string): void;
}

/** Marks the origin of updates the write path applies, so the update event knows whom to skip. */
class ApplyOrigin {
  peer: Peer | null = null;
}

interface PendingWrite {
  room: Room;
  update: Uint8Array;
  authorId: string | null;
  peer: Peer | null;
  /** Set for direct mutations of a room's doc by server code: broadcast after commit, don't re-apply. */
  applied: boolean;
  done?: (err?: Error) => void;
}

export class Room {
  readonly key: string;
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
  /**
   * The bytes the room was loaded from (checkpoint + tail), kept until the first change or the
   * first client with an empty state vector: that client gets them as-is instead of a fresh
   * encode of the whole document, which for a 5 MB document is a sizeable part of a cold join.
   */
  coldState: Uint8Array[] | null = null;
  awarenessBatch: { entries: Map<number, { clock: number; state: string }>; origin: Peer | null; timer: NodeJS.Timeout | null } | null = null;

  constructor(
    readonly workspaceId: string,
    readonly name: string,
    doc: Y.Doc,
    seq: number,
  ) {
    this.key = roomKey(workspaceId, name);
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

  /**
   * True when applying the update could change nothing: every struct is already known and every
   * deletion already applied. Reconnecting clients resend their whole delete set in sync step 2;
   * logging those again would grow the log by the document's history on every reconnect.
   */
  isRedundant(decoded: ReturnType<typeof Y.decodeUpdate>): boolean {
    const store = this.doc.store;
    for (const s of decoded.structs) {
      if (s instanceof Y.Skip) continue;
      if (s.id.clock + s.length > Y.getState(store, s.id.client)) return false;
    }
    for (const [client, items] of decoded.ds.clients) {
      const structs = store.clients.get(client);
      if (!structs) return false;
      const state = Y.getState(store, client);
      for (const { clock, len } of items) {
        if (len === 0) continue;
        if (clock + len > state) return false;
        let i = Y.findIndexSS(structs, clock);
        const end = clock + len;
        for (;;) {
          const s = structs[i];
          if (!s.deleted) return false;
          if (s.id.clock + s.length >= end) break;
          i++;
        }
      }
    }
    return true;
  }
}

export function roomKey(workspaceId: string, doc: string): string {
  return `${workspaceId}/${doc}`;
}

/** Encodes a y-websocket sync "update" message. */
export function encodeUpdateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  encoding.writeVarUint(encoder, 2);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** Encodes an awareness message for the given client ids of a room. */
export function encodeAwarenessMessage(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
  return encoding.toUint8Array(encoder);
}

/** Owns the open rooms, the pending-write queue and the checkpoint/unload timers. */
export class RoomManager {
  readonly rooms = new Map<string, Room>();
  private pending: PendingWrite[] = [];
  private flushScheduled = false;
  private readonly applying = new ApplyOrigin();
  private readonly checkpointTimer: NodeJS.Timeout;
  private readonly commit: (batch: PendingWrite[], now: number) => Map<Room, Uint8Array[]>;

  constructor(
    private readonly store: CollabStore,
    private readonly logger: pino.Logger,
    private readonly limits: CollabLimits,
  ) {
    this.commit = store.sqlite.transaction((batch: PendingWrite[], now: number) => {
      // Rows appended by another writer (e.g. the standalone appendUpdate) since this room loaded
      // are picked up here, so seqs never collide and the checkpoint seq stays truthful.
      let foreign: Map<Room, Uint8Array[]> | null = null;
      const checked = new Set<Room>();
      for (const w of batch) {
        const room = w.room;
        if (!checked.has(room)) {
          checked.add(room);
          const max = store.maxSeq(room.workspaceId, room.name);
          if (max > room.seq) {
            foreign ??= new Map();
            foreign.set(room, store.updatesAfter(room.workspaceId, room.name, room.seq).map((r) => r.update));
            room.seq = max;
          }
        }
        room.seq += 1;
        store.insertUpdate(room.workspaceId, room.name, room.seq, w.update, w.authorId, now);
      }
      return foreign ?? new Map();
    });
    const every = Math.max(20, Math.min(1000, limits.checkpointEveryMs));
    this.checkpointTimer = setInterval(() => this.checkpointDue(), every);
    this.checkpointTimer.unref();
  }

  /** Returns the open room, loading it (checkpoint + later updates) if needed. */
  open(workspaceId: string, name: string): Room {
    const key = roomKey(workspaceId, name);
    const existing = this.rooms.get(key);
    if (existing) return existing;
    const started = performance.now();
    const loaded = this.store.load(workspaceId, name);
    const room = new Room(workspaceId, name, loaded.doc, loaded.seq);
    room.updatesSinceCheckpoint = loaded.tail;
    if (loaded.parts && loaded.parts.length > 0 && loaded.parts.length <= 64) room.coldState = loaded.parts;
    loaded.doc.on("update", (update: Uint8Array, origin: unknown) => this.onDocUpdate(room, update, origin));
    room.awareness.on("update", ({ added, updated, removed }: AwarenessChange, origin: unknown) => {
      const changed = added.concat(updated, removed);
      if (changed.length === 0) return;
      const from = isPeer(origin) ? origin : null;
      if (this.limits.awarenessBatchMs <= 0) {
        room.broadcast(encodeAwarenessMessage(room.awareness, changed), from);
        return;
      }
      // Entries are captured now (the clock of a departed client is forgotten on detach), and the
      // latest entry per client wins when the batch is sent.
      const batch = (room.awarenessBatch ??= { entries: new Map(), origin: from, timer: null });
      if (batch.origin !== from) batch.origin = null;
      for (const id of changed) {
        const state = room.awareness.getStates().get(id);
        batch.entries.set(id, { clock: room.awareness.meta.get(id)?.clock ?? 0, state: JSON.stringify(state ?? null) });
      }
      batch.timer ??= setTimeout(() => this.flushAwareness(room), this.limits.awarenessBatchMs);
    });
    this.rooms.set(key, room);
    this.logger.info(
      { workspaceId, room: name, seq: loaded.seq, tail: loaded.tail, ms: Math.round(performance.now() - started) },
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
      for (const id of awarenessIds) room.awareness.meta.delete(id);
    }
    this.scheduleUnloadIfIdle(room);
  }

  /** Queues a validated, non-empty update; it is committed with everything else queued this tick. */
  enqueue(room: Room, update: Uint8Array, authorId: string | null, peer: Peer | null, done?: (err?: Error) => void): void {
    this.pending.push({ room, update, authorId, peer, applied: false, done });
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
    let foreign: Map<Room, Uint8Array[]>;
    try {
      foreign = this.commit(batch, Date.now());
    } catch (err) {
      this.failBatch(batch, err as Error);
      return;
    }
    for (const [room, updates] of foreign) {
      this.applying.peer = null;
      for (const u of updates) this.applyCommitted(room, u, null);
    }
    const touched = new Set<Room>();
    for (const w of batch) {
      touched.add(w.room);
      w.room.updatesSinceCheckpoint += 1;
      if (w.applied) {
        w.room.broadcast(encodeUpdateMessage(w.update), null);
        w.done?.();
        continue;
      }
      const err = this.applyCommitted(w.room, w.update, w.peer);
      if (err) {
        w.peer?.close(CLOSE_UNSUPPORTED, "update could not be applied");
        w.done?.(err);
      } else w.done?.();
    }
    for (const room of touched) {
      if (room.updatesSinceCheckpoint >= this.limits.checkpointEveryUpdates && !room.checkpointScheduled) {
        room.checkpointScheduled = true;
        setImmediate(() => {
          room.checkpointScheduled = false;
          this.checkpoint(room);
        });
      }
    }
  }

  private flushAwareness(room: Room): void {
    const batch = room.awarenessBatch;
    room.awarenessBatch = null;
    if (!batch || room.closed || batch.entries.size === 0) return;
    const inner = encoding.createEncoder();
    encoding.writeVarUint(inner, batch.entries.size);
    for (const [id, e] of batch.entries) {
      encoding.writeVarUint(inner, id);
      encoding.writeVarUint(inner, e.clock);
      encoding.writeVarString(inner, e.state);
    }
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(encoder, encoding.toUint8Array(inner));
    // Skipping the origin is only right when every entry came from that one connection.
    room.broadcast(encoding.toUint8Array(encoder), batch.origin);
  }

  private applyCommitted(room: Room, update: Uint8Array, peer: Peer | null): Error | null {
    if (room.closed) return null;
    this.applying.peer = peer;
    try {
      Y.applyUpdate(room.doc, update, this.applying);
      return null;
    } catch (err) {
      this.logger.warn({ err, workspaceId: room.workspaceId, room: room.name }, "collab update logged but failed to apply");
      return err as Error;
    } finally {
      this.applying.peer = null;
    }
  }

  private onDocUpdate(room: Room, update: Uint8Array, origin: unknown): void {
    room.coldState = null;
    if (origin === this.applying) {
      room.broadcast(encodeUpdateMessage(update), this.applying.peer);
    } else {
      // Server code changed the doc directly: log it like any write and broadcast after commit.
      this.pending.push({ room, update, authorId: null, peer: null, applied: true });
      this.scheduleFlush();
    }
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
    }
    for (const w of batch) {
      // Nothing was applied or broadcast. Closing the writer makes its provider reconnect and
      // resend what the server lacks in sync step 2; a doc mutated in place is reloaded instead.
      w.peer?.close(CLOSE_INTERNAL_ERROR, "could not persist update");
      if (w.applied) this.evict(w.room, CLOSE_INTERNAL_ERROR);
      w.done?.(err);
    }
  }

  /** Encodes the in-memory doc and stores it as the room's checkpoint (the log is kept). */
  checkpoint(room: Room): void {
    if (room.closed || room.updatesSinceCheckpoint === 0) return;
    try {
      const started = performance.now();
      const state = Y.encodeStateAsUpdate(room.doc);
      this.store.writeCheckpoint(room.workspaceId, room.name, room.seq, state);
      room.updatesSinceCheckpoint = 0;
      room.lastCheckpointAt = Date.now();
      this.logger.debug(
        { workspaceId: room.workspaceId, room: room.name, seq: room.seq, bytes: state.byteLength, ms: Math.round(performance.now() - started) },
        "collab checkpoint",
      );
    } catch (err) {
      this.logger.error({ err, workspaceId: room.workspaceId, room: room.name }, "collab checkpoint failed");
    }
  }

  private checkpointDue(): void {
    const now = Date.now();
    for (const room of this.rooms.values()) {
      if (room.updatesSinceCheckpoint > 0 && now - room.lastCheckpointAt >= this.limits.checkpointEveryMs) this.checkpoint(room);
    }
  }

  private scheduleUnloadIfIdle(room: Room): void {
    if (room.peers.size > 0 || room.unloadTimer || room.closed) return;
    room.unloadTimer = setTimeout(() => {
      room.unloadTimer = null;
      if (room.peers.size === 0) this.unload(room);
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
    room.doc.destroy();
  }

  /** Commits everything queued and checkpoints every open room (shutdown). */
  flushAll(): void {
    this.flush();
    for (const room of this.rooms.values()) this.checkpoint(room);
  }

  /** Stops timers and frees every room (after flushAll). */
  destroy(): void {
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
