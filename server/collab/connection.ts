/**
 * One WebSocket connection speaking the y-websocket protocol (sync step 1/2, updates, awareness,
 * awareness query), with the per-connection checks: write permission, presence ownership, size and
 * rate limits, frame validation. Anything malformed closes this connection only.
 */
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import type pino from "pino";
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import type { WebSocket } from "ws";
import {
  CLOSE_MESSAGE_TOO_BIG,
  CLOSE_PROTOCOL_ERROR,
  CLOSE_RATE_LIMITED,
  CLOSE_TRY_AGAIN_LATER,
  CLOSE_UNSUPPORTED,
  MESSAGE_AWARENESS,
  MESSAGE_QUERY_AWARENESS,
  MESSAGE_SYNC,
  type CollabLimits,
} from "../../shared/collab/protocol";
import { encodeAwarenessMessage, type Peer, type Room, type RoomManager } from "./rooms";

export interface CollabAccess {
  userId: string;
  userName: string;
  canWrite: boolean;
  /** The session that opened the connection, so signing out can close it. */
  sessionId?: string;
}

const SYNC_STEP1 = 0;
const SYNC_STEP2 = 1;
const SYNC_UPDATE = 2;
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
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    encoding.writeVarUint(encoder, SYNC_STEP1);
    encoding.writeVarUint8Array(encoder, Y.encodeStateVector(this.room.doc));
    this.send(encoding.toUint8Array(encoder));
    const states = this.room.awareness.getStates();
    if (states.size > 0) this.send(encodeAwarenessMessage(this.room.awareness, [...states.keys()]));
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
      else this.reject(CLOSE_PROTOCOL_ERROR, `malformed frame: ${(err as Error)?.message ?? String(err)}`);
    }
  }

  private reject(code: number, reason: string): void {
    this.logger.warn(
      { userId: this.userId, workspaceId: this.room.workspaceId, room: this.room.name, code, reason },
      "collab connection closed: bad input",
    );
    this.close(code, reason);
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

  private dispatch(message: Uint8Array): void {
    const decoder = decoding.createDecoder(message);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MESSAGE_SYNC:
        return this.onSync(decoder);
      case MESSAGE_AWARENESS:
        return this.onAwareness(decoding.readVarUint8Array(decoder));
      case MESSAGE_QUERY_AWARENESS: {
        const states = this.room.awareness.getStates();
        if (states.size > 0) this.send(encodeAwarenessMessage(this.room.awareness, [...states.keys()]));
        return;
      }
      default:
        // Includes MESSAGE_AUTH: the server sends permission messages, clients never do.
        throw new FrameError(CLOSE_UNSUPPORTED, `unknown message type ${type}`);
    }
  }

  private onSync(decoder: decoding.Decoder): void {
    const syncType = decoding.readVarUint(decoder);
    if (syncType === SYNC_STEP1) {
      const sv = decoding.readVarUint8Array(decoder);
      const cold = this.room.coldState;
      if (cold && sv.byteLength === 1 && sv[0] === 0) {
        // An empty state vector wants everything: send the loaded bytes, then forget them.
        this.room.coldState = null;
        this.send(encodeSyncMessage(SYNC_STEP2, cold[0]));
        for (let i = 1; i < cold.length; i++) this.send(encodeSyncMessage(SYNC_UPDATE, cold[i]));
        return;
      }
      let diff: Uint8Array;
      try {
        diff = Y.encodeStateAsUpdate(this.room.doc, sv);
      } catch {
        throw new FrameError(CLOSE_PROTOCOL_ERROR, "state vector does not decode");
      }
      this.send(encodeSyncMessage(SYNC_STEP2, diff));
      // Our state vector back: it tells the client which of its edits are committed here (the
      // browser shows "n changes not yet saved" from it). Stock clients answer with a sync step 2
      // of anything we lack, which is empty or already-known and so dropped without logging.
      this.send(encodeSyncMessage(SYNC_STEP1, Y.encodeStateVector(this.room.doc)));
      return;
    }
    if (syncType !== SYNC_STEP2 && syncType !== SYNC_UPDATE) throw new FrameError(CLOSE_UNSUPPORTED, `unknown sync message ${syncType}`);
    const update = decoding.readVarUint8Array(decoder);
    if (!this.access.canWrite) {
      // A viewer's provider answers the server's sync step 1 and forwards local edits; dropping
      // (not closing) keeps its read-only view live.
      this.warnThrottled("readonly", "collab update from read-only connection dropped");
      return;
    }
    let decoded: ReturnType<typeof Y.decodeUpdate>;
    try {
      // Decoding reads every struct and the delete set, so garbage is refused before it is logged.
      decoded = Y.decodeUpdate(update);
    } catch {
      throw new FrameError(CLOSE_UNSUPPORTED, "update does not decode");
    }
    if (decoded.structs.length === 0 && decoded.ds.clients.size === 0) return;
    let redundant = false;
    try {
      redundant = this.room.isRedundant(decoded);
    } catch {
      redundant = false;
    }
    if (redundant) return;
    // Copy: the frame may be a view into a larger socket buffer that the doc would otherwise retain.
    this.manager.enqueue(this.room, new Uint8Array(update), this.userId, this);
  }

  private onAwareness(payload: Uint8Array): void {
    const decoder = decoding.createDecoder(payload);
    const count = decoding.readVarUint(decoder);
    if (count > MAX_AWARENESS_ENTRIES) throw new FrameError(CLOSE_PROTOCOL_ERROR, "too many awareness entries");
    const awareness = this.room.awareness;
    const own: Array<{ clientID: number; clock: number; state: string }> = [];
    let spoofed: number | null = null;
    for (let i = 0; i < count; i++) {
      const clientID = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const state = decoding.readVarString(decoder);
      try {
        JSON.parse(state);
      } catch {
        throw new FrameError(CLOSE_UNSUPPORTED, "awareness state is not JSON");
      }
      if (clientID === this.awarenessId) {
        own.push({ clientID, clock, state });
        continue;
      }
      const meta = awareness.meta.get(clientID);
      // Stock providers echo other clients' presence back to the server; those carry a clock the
      // server already has and change nothing, so they are ignored without a warning. This also
      // stops an echoed null at the same clock from removing someone else's presence.
      if (meta && clock <= meta.clock) continue;
      if (this.awarenessId === null && this.canBind(clientID)) {
        this.awarenessId = clientID;
        own.push({ clientID, clock, state });
        continue;
      }
      spoofed = clientID;
    }
    if (spoofed !== null) {
      this.logger.warn(
        { userId: this.userId, room: this.room.name, workspaceId: this.room.workspaceId, clientID: spoofed, own: this.awarenessId },
        "collab presence for another client refused",
      );
      return;
    }
    if (own.length === 0) return;
    this.windowAwareness += 1;
    if (this.windowAwareness > this.limits.maxAwarenessPerSecond) {
      this.warnThrottled("awareness-rate", "collab presence update over rate dropped");
      return;
    }
    let update = payload;
    if (own.length !== count) {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, own.length);
      for (const e of own) {
        encoding.writeVarUint(encoder, e.clientID);
        encoding.writeVarUint(encoder, e.clock);
        encoding.writeVarString(encoder, e.state);
      }
      update = encoding.toUint8Array(encoder);
    }
    awarenessProtocol.applyAwarenessUpdate(awareness, update, this);
  }

  /** A client id may be bound unless another user's connection in the room already owns it. */
  private canBind(clientID: number): boolean {
    for (const peer of this.room.peers) {
      if (peer === this || !(peer instanceof Connection) || peer.awarenessId !== clientID) continue;
      if (peer.userId !== this.userId) return false;
      // The same user reconnecting before the old socket was found dead takes the id over.
      peer.awarenessId = null;
    }
    return true;
  }

  /** Presence ids to clear when this connection goes away. */
  ownedAwarenessIds(): number[] {
    return this.awarenessId === null ? [] : [this.awarenessId];
  }

  private warnThrottled(kind: string, msg: string): void {
    const now = Date.now();
    const entry = this.lastWarn.get(kind);
    if (entry && now - entry.at < LOG_EVERY_MS) {
      entry.suppressed += 1;
      return;
    }
    this.logger.warn(
      { userId: this.userId, workspaceId: this.room.workspaceId, room: this.room.name, suppressed: entry?.suppressed ?? 0 },
      msg,
    );
    this.lastWarn.set(kind, { at: now, suppressed: 0 });
  }
}

function encodeSyncMessage(kind: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  encoding.writeVarUint(encoder, kind);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

function toUint8(data: Buffer | ArrayBuffer | Buffer[]): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return data;
}
