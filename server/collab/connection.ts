/**
 * One WebSocket connection speaking the y-websocket protocol (sync step 1/2, updates, awareness,
 * awareness query), with the per-connection checks: write permission, presence ownership, size and
 * rate limits, frame validation. Anything malformed closes this connection only.
 */
import type pino from "pino";
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import type { WebSocket } from "ws";
import { bindPresence } from "../../shared/collab/presence";
import {
  CLOSE_MESSAGE_TOO_BIG,
  CLOSE_PROTOCOL_ERROR,
  CLOSE_RATE_LIMITED,
  CLOSE_TRY_AGAIN_LATER,
  CLOSE_UNSUPPORTED,
  CLOSE_UPDATE_REFUSED,
  type CollabLimits,
} from "../../shared/collab/protocol";
import {
  decodeAwarenessEntries,
  decodeMessage,
  encodeAwareness,
  encodeAwarenessEntries,
  encodeSyncStep1,
  encodeSyncStep2,
  WireError,
  type AwarenessEntry,
} from "../../shared/collab/wire";
import type { MemberAccess } from "../../shared/roles";
import { UpdateRefused, type Peer, type Room, type RoomManager } from "./rooms";

export interface CollabAccess {
  userId: string;
  userName: string;
  canWrite: boolean;
  /** The writer's membership, for rights finer than the room (absent: no finer rights apply). */
  member?: MemberAccess;
  /** The session that opened the connection, so signing out can close it. */
  sessionId?: string;
  /** When that session expires (ms since the epoch): the connection closes with 4401 then. */
  expiresAt?: number;
}
/** Presence entries in one awareness message; stock clients send one, echoes a few. */
const MAX_AWARENESS_ENTRIES = 256;
/** Repeated warnings of the same kind from one connection are summarised at most this often. */
const LOG_EVERY_MS = 10_000;

/** Thrown for frames that do not follow the protocol; mapped to a close code. */
class FrameError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export class Connection implements Peer {
  readonly userId: string;
  /** The awareness client id this connection may publish presence for (bound on first use). */
  awarenessId: number | null = null;
  alive = true;
  closed = false;
  private windowStart = 0;
  private windowMessages = 0;
  private windowBytes = 0;
  private windowAwareness = 0;
  /** Per-minute budgets for the requests that cost the server most (see DEFAULT_LIMITS). */
  private minuteStart = 0;
  private minuteSyncs = 0;
  private minuteFullSyncs = 0;
  private minuteQueries = 0;
  private readonly lastWarn = new Map<string, { at: number; suppressed: number }>();

  constructor(
    readonly ws: WebSocket,
    readonly room: Room,
    readonly access: CollabAccess,
    private readonly manager: RoomManager,
    private readonly limits: CollabLimits,
    private readonly logger: pino.Logger,
  ) {
    this.userId = access.userId;
  }

  /** Sends the opening sync step 1 and the room's current presence. */
  start(): void {
    this.send(encodeSyncStep1(Y.encodeStateVector(this.room.doc)));
    const states = this.room.awareness.getStates();
    if (states.size > 0) this.send(encodeAwareness(this.room.awareness, [...states.keys()]));
  }

  send(message: Uint8Array): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    if (this.ws.bufferedAmount > this.limits.maxBufferedBytes) {
      this.close(CLOSE_TRY_AGAIN_LATER, "too slow to keep up");
      return;
    }
    this.ws.send(message);
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.ws.close(code, reason);
    } catch {
      this.ws.terminate();
    }
    // A peer that never completes the closing handshake must not hold the slot.
    setTimeout(() => this.ws.terminate(), 5_000).unref();
  }

  /** Entry point for every frame. Never throws. */
  onMessage(data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): void {
    if (this.closed) return;
    const message = toUint8(data);
    if (message.byteLength > this.limits.maxMessageBytes) return this.reject(CLOSE_MESSAGE_TOO_BIG, "message too big");
    if (!isBinary) return this.reject(CLOSE_UNSUPPORTED, "text frames are not part of the protocol");
    if (!this.withinRate(message.byteLength)) return this.reject(CLOSE_RATE_LIMITED, "rate limit exceeded");
    try {
      this.dispatch(message);
    } catch (err) {
      if (err instanceof FrameError) this.reject(err.code, err.message);
      else if (err instanceof UpdateRefused) this.refuseUpdate(err.message);
      else if (err instanceof WireError) this.reject(/^unknown/.test(err.message) ? CLOSE_UNSUPPORTED : CLOSE_PROTOCOL_ERROR, err.message);
      else this.reject(CLOSE_PROTOCOL_ERROR, `malformed frame: ${(err as Error)?.message ?? String(err)}`);
    }
  }

  /**
   * The update was refused on its effect: nothing was applied, logged or broadcast. The connection
   * closes with 4422 and the reason, so a stock client stops (rather than resend it for ever) and
   * Devolve's client reloads the document as the server holds it.
   */
  private refuseUpdate(reason: string): void {
    this.logger.warn({ userId: this.userId, workspaceId: this.room.workspaceId, room: this.room.name, reason }, "collab update refused");
    this.close(CLOSE_UPDATE_REFUSED, truncateReason(`Change refused: ${reason}`));
  }

  private reject(code: number, reason: string): void {
    this.logger.warn(
      { userId: this.userId, workspaceId: this.room.workspaceId, room: this.room.name, code, reason },
      "collab connection closed: bad input",
    );
    this.close(code, reason);
  }

  /** Counts a costly request against this connection's budget for the current minute. */
  private withinMinute(kind: "sync" | "full" | "query"): boolean {
    const now = Date.now();
    if (now - this.minuteStart >= 60_000) {
      this.minuteStart = now;
      this.minuteSyncs = 0;
      this.minuteFullSyncs = 0;
      this.minuteQueries = 0;
    }
    if (kind === "query") return ++this.minuteQueries <= this.limits.maxAwarenessQueriesPerMinute;
    if (kind === "full" && ++this.minuteFullSyncs > this.limits.maxFullSyncsPerMinute) return false;
    return ++this.minuteSyncs <= this.limits.maxSyncRequestsPerMinute;
  }

  private withinRate(bytes: number): boolean {
    const now = Date.now();
    if (now - this.windowStart >= 1000) {
      this.windowStart = now;
      this.windowMessages = 0;
      this.windowBytes = 0;
      this.windowAwareness = 0;
    }
    this.windowMessages += 1;
    this.windowBytes += bytes;
    return this.windowMessages <= this.limits.maxMessagesPerSecond && this.windowBytes <= this.limits.maxBytesPerSecond;
  }

  private dispatch(bytes: Uint8Array): void {
    const message = decodeMessage(bytes);
    switch (message.type) {
      case "sync-step-1":
        return this.onSyncStep1(message.stateVector);
      case "sync-step-2":
      case "update":
        return this.onUpdate(message.update);
      case "awareness":
        return this.onAwareness(message.payload);
      case "query-awareness": {
        if (!this.withinMinute("query")) {
          this.warnThrottled("awareness-query", "collab presence query over budget ignored");
          return;
        }
        const states = this.room.awareness.getStates();
        if (states.size > 0) this.send(encodeAwareness(this.room.awareness, [...states.keys()]));
        return;
      }
      case "auth":
        // The server sends permission messages; clients never do.
        throw new FrameError(CLOSE_UNSUPPORTED, "unknown message type 2");
    }
  }

  private onSyncStep1(sv: Uint8Array): void {
    const wantsAll = sv.byteLength === 1 && sv[0] === 0;
    if (!this.withinMinute(wantsAll ? "full" : "sync")) throw new FrameError(CLOSE_RATE_LIMITED, "too many sync requests");
    const cold = this.room.coldState;
    if (cold && wantsAll) {
      // An empty state vector wants everything: send the loaded bytes, then forget them.
      // One step 2 with everything: a client counts itself synced on step 2, so the log's tail must
      // not follow as separate updates (a fresh reader would briefly miss the newest edits).
      this.room.coldState = null;
      this.send(encodeSyncStep2(cold.length === 1 ? cold[0]! : Y.mergeUpdates(cold)));
      return;
    }
    let diff: Uint8Array;
    try {
      // The whole document is encoded once per change, however many connections ask for it.
      diff = wantsAll ? this.room.fullState() : Y.encodeStateAsUpdate(this.room.doc, sv);
    } catch {
      throw new FrameError(CLOSE_PROTOCOL_ERROR, "state vector does not decode");
    }
    this.send(encodeSyncStep2(diff));
    // Our state vector back: it tells the client which of its edits are committed here (the
    // browser shows "n changes not yet saved" from it). Stock clients answer with a sync step 2
    // of anything we lack, which is empty or already-known and so dropped without logging.
    this.send(encodeSyncStep1(Y.encodeStateVector(this.room.doc)));
  }

  private onUpdate(update: Uint8Array): void {
    if (!this.access.canWrite) {
      // A viewer's provider answers the server's sync step 1 and forwards local edits; dropping
      // (not closing) keeps its read-only view live.
      this.warnThrottled("readonly", "collab update from read-only connection dropped");
      return;
    }
    let decoded: ReturnType<typeof Y.decodeUpdate>;
    try {
      // Decoding reads every struct and the delete set, so garbage is refused before anything else.
      decoded = Y.decodeUpdate(update);
    } catch {
      throw new FrameError(CLOSE_UNSUPPORTED, "update does not decode");
    }
    if (decoded.structs.length === 0 && decoded.ds.clients.size === 0) return;
    if (this.room.isRedundant(decoded)) return;
    const writer = this.access.member
      ? ({ kind: "member", userId: this.userId, member: this.access.member } as const)
      : ({ kind: "server", authorId: this.userId } as const);
    if (!this.manager.spendWriteBudget(this.userId, update.byteLength)) throw new FrameError(CLOSE_RATE_LIMITED, "too much written in the last minute");
    // Copy: the frame may be a view into a larger socket buffer that the doc would otherwise retain.
    this.manager.submit(this.room, new Uint8Array(update), writer, this);
  }

  private onAwareness(payload: Uint8Array): void {
    const entries = decodeAwarenessEntries(payload, MAX_AWARENESS_ENTRIES);
    const awareness = this.room.awareness;
    const own: AwarenessEntry[] = [];
    let spoofed: number | null = null;
    for (const entry of entries) {
      const { clientID, clock } = entry;
      if (clientID !== this.awarenessId) {
        const meta = awareness.meta.get(clientID);
        // Stock providers echo other clients' presence back to the server; those carry a clock the
        // server already has and change nothing, so they are ignored without a warning. This also
        // stops an echoed null at the same clock from removing someone else's presence.
        if (meta && clock <= meta.clock) continue;
        if (this.awarenessId !== null || !this.bind(clientID)) {
          spoofed = clientID;
          continue;
        }
      }
      const state = this.boundState(entry.state);
      if (state === undefined) continue;
      own.push({ clientID, clock, state });
    }
    if (spoofed !== null) {
      this.warnThrottled("presence-spoof", "collab presence for another client refused", { clientID: spoofed, own: this.awarenessId });
    }
    if (own.length === 0) return;
    this.windowAwareness += 1;
    if (this.windowAwareness > this.limits.maxAwarenessPerSecond) {
      this.warnThrottled("awareness-rate", "collab presence update over rate dropped");
      return;
    }
    awarenessProtocol.applyAwarenessUpdate(awareness, encodeAwarenessEntries(own), this);
  }

  /**
   * The state others will see: validated, capped in size, and carrying the session's identity
   * whatever the client claimed. Undefined (dropped, with a warning) when it is not a presence state.
   */
  private boundState(json: string): string | undefined {
    if (json.length > this.limits.maxPresenceBytes) {
      this.warnThrottled("presence-size", "collab presence state over the size cap dropped");
      return undefined;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch {
      throw new FrameError(CLOSE_UNSUPPORTED, "awareness state is not JSON");
    }
    if (parsed === null) return "null";
    const bound = bindPresence(parsed, { id: this.userId, name: this.access.userName });
    if (!bound) {
      this.warnThrottled("presence-invalid", "collab presence state that is not a presence state dropped");
      return undefined;
    }
    return JSON.stringify(bound);
  }

  /**
   * Binds an awareness client id to this connection's person. Refused while the id belongs to
   * someone else, including for a grace period after they disconnect (their browser reconnects with
   * the same id); the same person reconnecting takes it over from their old socket.
   */
  private bind(clientID: number): boolean {
    const owners = this.room.presenceOwners;
    const now = Date.now();
    const owner = owners.get(clientID);
    if (owner && owner.userId !== this.userId && (owner.releasedAt === null || now - owner.releasedAt < this.limits.presenceBindingGraceMs)) return false;
    if (!owner && this.room.awareness.getStates().size >= this.limits.maxPresencePerRoom) {
      this.warnThrottled("presence-room-full", "collab presence refused: the room holds its maximum of presence states");
      return false;
    }
    for (const peer of this.room.peers) {
      if (peer !== this && peer instanceof Connection && peer.awarenessId === clientID) peer.awarenessId = null;
    }
    // Expired bindings are forgotten as new ones are made, so the map stays the size of the room.
    for (const [id, o] of owners) if (o.releasedAt !== null && now - o.releasedAt >= this.limits.presenceBindingGraceMs) owners.delete(id);
    owners.set(clientID, { userId: this.userId, releasedAt: null });
    this.awarenessId = clientID;
    return true;
  }

  /** Presence ids to clear when this connection goes away. */
  ownedAwarenessIds(): number[] {
    return this.awarenessId === null ? [] : [this.awarenessId];
  }

  private warnThrottled(kind: string, msg: string, extra: Record<string, unknown> = {}): void {
    const now = Date.now();
    const entry = this.lastWarn.get(kind);
    if (entry && now - entry.at < LOG_EVERY_MS) {
      entry.suppressed += 1;
      return;
    }
    this.logger.warn(
      { userId: this.userId, workspaceId: this.room.workspaceId, room: this.room.name, suppressed: entry?.suppressed ?? 0, ...extra },
      msg,
    );
    this.lastWarn.set(kind, { at: now, suppressed: 0 });
  }
}

/** WebSocket close reasons are at most 123 bytes of UTF-8. */
function truncateReason(reason: string): string {
  if (Buffer.byteLength(reason) <= 123) return reason;
  let out = reason;
  while (Buffer.byteLength(out + "…") > 123) out = out.slice(0, -1);
  return out + "…";
}

function toUint8(data: Buffer | ArrayBuffer | Buffer[]): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return data;
}
