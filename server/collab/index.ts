/**
 * The collaboration WebSocket endpoint `/collab/<workspaceId>/<doc…>`: authorizes the upgrade,
 * then speaks the stock y-websocket protocol with durable, group-committed persistence.
 */
import { STATUS_CODES, type IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type pino from "pino";
import { WebSocketServer, type WebSocket } from "ws";
import type * as Y from "yjs";
import type { Db } from "../../db/client";
import {
  CLOSE_GOING_AWAY,
  CLOSE_ACCESS_CHANGED,
  CLOSE_FORBIDDEN,
  CLOSE_INTERNAL_ERROR,
  CLOSE_SESSION_ENDED,
  CLOSE_TOO_MANY_CONNECTIONS,
  COLLAB_PATH_PREFIX,
  DEFAULT_LIMITS,
  type CollabLimits,
} from "../../shared/collab/protocol";
import { docProblems, docType, parseRoomPath, type DocRef, type RoomAddress, type Snapshots } from "../../shared/collab/registry";
import type { Problem } from "../../shared/collab/ytools";
import { Connection, type CollabAccess } from "./connection";
import { collabStore, isEmptyUpdate, startWalCheckpointer } from "./persistence";
import { RoomManager, type AfterCommitHook, type RoomStats } from "./rooms";

export type { CollabAccess } from "./connection";
export type { AfterCommitHook, CommittedRow } from "./rooms";
export { UpdateRefused } from "./rooms";
export { appendUpdate, loadDocFromDb, writeCheckpoint } from "./persistence";

export type AuthorizeUpgrade = (
  req: IncomingMessage,
  room: RoomAddress,
) => Promise<CollabAccess | { status: 401 | 403 | 404; message: string }>;

/**
 * Asked again, every `recheckEveryMs`, about each open connection: is its session still valid, is
 * the person still a member, with the same access? (A socket must not outlive what let it open.)
 */
export type RecheckAccess = (access: CollabAccess, address: RoomAddress) => "ok" | "session-ended" | "no-access" | "access-changed";

export interface CollabServerOptions {
  db: Db;
  logger: pino.Logger;
  authorize: AuthorizeUpgrade;
  recheck?: RecheckAccess;
  limits?: Partial<CollabLimits>;
}

export interface CollabServer {
  /** Handles an HTTP upgrade; returns false (touching nothing) when the path is not /collab/. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Commits pending writes, checkpoints every open room and closes every socket with 1001. */
  close(): Promise<void>;
  stats(): { rooms: number; connections: number } & RoomStats;
  /**
   * The typed snapshot of a document as committed (loaded from the log if no one has it open). It is
   * read once per change and shared by every caller: treat it as read-only.
   */
  read<R extends DocRef>(workspaceId: string, ref: R): Promise<Snapshots[R["kind"]]>;
  /** The committed state of a document at its log position, with the SHA-256 of that state. */
  snapshot(workspaceId: string, ref: DocRef): Promise<{ seq: number; state: Uint8Array; sha256: string }>;
  /**
   * A server-side edit (imports, seeding, approvals): `fn` edits the document through the shared
   * accessors; the change is checked like any client's, logged with `authorId` and broadcast. The room
   * is held open while it runs. Resolves with the seq it was logged at (0: nothing changed); rejects
   * with UpdateRefused when it would break the document's rules.
   */
  transact(workspaceId: string, ref: DocRef, fn: (doc: Y.Doc) => void, opts: { authorId: string | null }): Promise<number>;
  /** Persists, applies and broadcasts an encoded update exactly like a client's; resolves after commit. */
  applyServerUpdate(workspaceId: string, ref: DocRef, update: Uint8Array, authorId: string | null): Promise<number>;
  /** Breaches of the document's rules in its committed state (e.g. data logged before checks existed). */
  problems(workspaceId: string, ref: DocRef): Promise<Problem[]>;
  /** Mends a document that breaks its rules, as `authorId`, through the write path; returns what changed. */
  repair(workspaceId: string, ref: DocRef, opts: { authorId: string | null }): Promise<string[]>;
  /** Runs `hook` inside every group commit with the rows it wrote (the audit chain hangs here); returns its removal. */
  afterCommit(hook: AfterCommitHook): () => void;
  /** Closes every connection opened with a session that has just ended (signed out). */
  endSession(sessionId: string): number;
  /** Closes a member's connections to one workspace so they reconnect with their new access. */
  accessChanged(workspaceId: string, userId: string): number;
  /** Closes a removed or deactivated member's connections to one workspace, with a code that stops reconnecting. */
  memberRemoved(workspaceId: string, userId: string): number;
}

/** Creates the collaboration server; the caller routes `upgrade` events to `handleUpgrade`. */
export function createCollabServer(opts: CollabServerOptions): CollabServer {
  const limits: CollabLimits = { ...DEFAULT_LIMITS, ...opts.limits };
  const logger = opts.logger;
  const manager = new RoomManager(collabStore(opts.db), logger, limits);
  const stopWalCheckpointer = startWalCheckpointer(opts.db.$client);
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: limits.maxMessageBytes,
    // Compression costs CPU per frame per recipient; Yjs updates are small and already compact.
    perMessageDeflate: false,
    clientTracking: false,
  });
  const connections = new Set<Connection>();
  const perUser = new Map<string, number>();
  const addresses = new WeakMap<Connection, RoomAddress>();
  /** Recent upgrade times per person, to slow a reconnect loop (DEFAULT_LIMITS.maxUpgradesPerUserPer10s). */
  const upgrades = new Map<string, number[]>();

  function tooManyUpgrades(userId: string): boolean {
    const now = Date.now();
    const recent = (upgrades.get(userId) ?? []).filter((t) => now - t < 10_000);
    recent.push(now);
    upgrades.set(userId, recent);
    if (upgrades.size > 10_000) for (const [id, times] of upgrades) if (times.every((t) => now - t >= 10_000)) upgrades.delete(id);
    return recent.length > limits.maxUpgradesPerUserPer10s;
  }

  const recheckTimer = setInterval(() => {
    if (!opts.recheck) return;
    for (const conn of connections) {
      const address = addresses.get(conn);
      if (!address || conn.closed) continue;
      let verdict: ReturnType<RecheckAccess>;
      try {
        verdict = opts.recheck(conn.access, address);
      } catch (err) {
        logger.error({ err }, "collab recheck failed");
        continue;
      }
      if (verdict === "session-ended") conn.close(CLOSE_SESSION_ENDED, "session ended");
      else if (verdict === "no-access") conn.close(CLOSE_FORBIDDEN, "no longer a member");
      else if (verdict === "access-changed") conn.close(CLOSE_ACCESS_CHANGED, "access changed");
    }
  }, limits.recheckEveryMs);
  recheckTimer.unref();
  let closing = false;

  const pingTimer = setInterval(() => {
    for (const conn of connections) {
      if (!conn.alive) {
        // Dead peer: terminate fires 'close', which clears its presence for everyone else.
        conn.ws.terminate();
        continue;
      }
      conn.alive = false;
      try {
        conn.ws.ping();
      } catch {
        conn.ws.terminate();
      }
    }
  }, limits.pingIntervalMs);
  pingTimer.unref();

  function onConnection(ws: WebSocket, address: RoomAddress, access: CollabAccess): void {
    ws.on("error", (err) => logger.warn({ err, userId: access.userId, room: address.name }, "collab socket error"));
    const count = perUser.get(access.userId) ?? 0;
    if (count >= limits.maxConnectionsPerUser) {
      logger.warn({ userId: access.userId, count }, "collab connection refused: too many connections");
      ws.close(CLOSE_TOO_MANY_CONNECTIONS, "too many connections");
      return;
    }
    let room;
    try {
      room = manager.open(address.workspaceId, address.ref);
    } catch (err) {
      logger.error({ err, workspaceId: address.workspaceId, room: address.name }, "collab room failed to load");
      ws.close(CLOSE_INTERNAL_ERROR, "document failed to load");
      return;
    }
    perUser.set(access.userId, count + 1);
    const conn = new Connection(ws, room, access, manager, limits, logger);
    connections.add(conn);
    addresses.set(conn, address);
    // The session's end is known now: the socket closes then, not at the next recheck.
    const expiry = access.expiresAt
      ? setTimeout(() => conn.close(CLOSE_SESSION_ENDED, "session expired"), Math.min(2 ** 31 - 1, Math.max(0, access.expiresAt - Date.now())))
      : null;
    expiry?.unref();
    manager.attach(room, conn);
    ws.on("message", (data, isBinary) => {
      conn.alive = true;
      conn.onMessage(data as Buffer, isBinary);
    });
    ws.on("pong", () => {
      conn.alive = true;
    });
    ws.on("close", () => {
      if (expiry) clearTimeout(expiry);
      conn.closed = true;
      connections.delete(conn);
      const left = (perUser.get(access.userId) ?? 1) - 1;
      if (left > 0) perUser.set(access.userId, left);
      else perUser.delete(access.userId);
      manager.detach(room, conn, conn.ownedAwarenessIds());
    });
    conn.start();
  }

  function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const pathname = (req.url ?? "").split("?")[0];
    if (!pathname.startsWith(COLLAB_PATH_PREFIX)) return false;
    // A client resetting the socket while authorization is pending must not crash the process.
    socket.on("error", () => socket.destroy());
    if (closing) {
      rejectHttp(socket, 503, "Server is shutting down");
      return true;
    }
    let address: ReturnType<typeof parseRoomPath>;
    try {
      address = parseRoomPath(pathname);
    } catch {
      address = { error: "bad-workspace" };
    }
    if ("error" in address) {
      rejectHttp(socket, 404, "Unknown document");
      return true;
    }
    const room = address;
    // Cross-site WebSocket hijacking: a browser always sends Origin, and a page on another site must
    // not ride on this site's cookie. Exact host match: every *.nhs.uk host is one "site" to SameSite.
    if (!sameOrigin(req)) {
      logger.warn({ origin: req.headers.origin, host: req.headers.host, workspaceId: room.workspaceId }, "collab upgrade refused: foreign origin");
      rejectHttp(socket, 403, "This page may not open a connection to Devolve.");
      return true;
    }
    const authorized = async () => {
      const result = await opts.authorize(req, room);
      if ("status" in result) return result;
      if (tooManyUpgrades(result.userId)) return { status: 429 as const, message: "Too many connections in a short time. Wait a few seconds and try again." };
      // Only after authorization, so a stranger cannot learn which plans exist.
      if (!(await exists(room))) return { status: 404 as const, message: "There is no such document in this workspace." };
      return result;
    };
    authorized().then(
      (result) => {
        if ("status" in result) {
          logger.info({ status: result.status, workspaceId: room.workspaceId, room: room.name }, "collab upgrade refused");
          rejectHttp(socket, result.status, result.message);
          return;
        }
        if (closing) return rejectHttp(socket, 503, "Server is shutting down");
        if (socket.destroyed) return;
        wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, room, result));
      },
      (err) => {
        logger.error({ err }, "collab authorize failed");
        rejectHttp(socket, 500, "Internal error");
      },
    );
    return true;
  }

  async function close(): Promise<void> {
    if (closing) return;
    closing = true;
    clearInterval(pingTimer);
    clearInterval(recheckTimer);
    manager.flushAll();
    const closed = [...connections].map(
      (conn) => new Promise<void>((resolve) => {
        if (conn.ws.readyState === conn.ws.CLOSED) return resolve();
        conn.ws.once("close", () => resolve());
        conn.close(CLOSE_GOING_AWAY, "server shutting down");
      }),
    );
    await Promise.race([Promise.all(closed), new Promise((r) => setTimeout(r, 2_000).unref())]);
    for (const conn of connections) conn.ws.terminate();
    manager.destroy();
    wss.close();
    await stopWalCheckpointer();
  }

  /** Whether the reference names something that exists (a plan's unit is a service line, …). */
  async function exists(address: RoomAddress): Promise<boolean> {
    const type = docType(address.ref);
    if (!type.exists) return true;
    return type.exists(address.ref as never, {
      structure: () => read(address.workspaceId, { kind: "structure" }),
      // An action log's room exists only for a review series of this workspace (issue 13).
      reviewSeries: async (seriesId) => opts.db.$client.prepare("SELECT 1 FROM review_series WHERE workspace_id = ? AND id = ?").get(address.workspaceId, seriesId) !== undefined,
    });
  }

  function roomFor(workspaceId: string, ref: DocRef) {
    if (closing) throw new Error("collab server is closed");
    return manager.open(workspaceId, ref);
  }

  async function read<R extends DocRef>(workspaceId: string, ref: R): Promise<Snapshots[R["kind"]]> {
    return roomFor(workspaceId, ref).read() as Snapshots[R["kind"]];
  }

  async function snapshot(workspaceId: string, ref: DocRef) {
    return manager.snapshotOf(roomFor(workspaceId, ref));
  }

  function transact(workspaceId: string, ref: DocRef, fn: (doc: Y.Doc) => void, o: { authorId: string | null }): Promise<number> {
    try {
      return manager.transact(roomFor(workspaceId, ref), fn, o.authorId);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  function applyServerUpdate(workspaceId: string, ref: DocRef, update: Uint8Array, authorId: string | null): Promise<number> {
    return new Promise((resolve, reject) => {
      try {
        if (isEmptyUpdate(update)) return resolve(0);
        manager.submit(roomFor(workspaceId, ref), new Uint8Array(update), { kind: "server", authorId }, null, (err, seq) => (err ? reject(err) : resolve(seq)));
      } catch (err) {
        reject(err);
      }
    });
  }

  async function problems(workspaceId: string, ref: DocRef): Promise<Problem[]> {
    return docProblems(ref, roomFor(workspaceId, ref).doc);
  }

  async function repair(workspaceId: string, ref: DocRef, o: { authorId: string | null }): Promise<string[]> {
    const type = docType(ref);
    if (!type.repair) return [];
    let changes: string[] = [];
    await transact(workspaceId, ref, (doc) => (changes = type.repair!(doc)), o);
    if (changes.length) logger.warn({ workspaceId, room: ref.kind, authorId: o.authorId, changes }, "collab document repaired");
    return changes;
  }

  function closeWhere(match: (conn: Connection) => boolean, code: number, reason: string): number {
    let n = 0;
    for (const conn of connections) {
      if (!match(conn)) continue;
      conn.close(code, reason);
      n++;
    }
    return n;
  }

  function endSession(sessionId: string): number {
    return closeWhere((c) => c.access.sessionId === sessionId, CLOSE_SESSION_ENDED, "session ended");
  }

  function accessChanged(workspaceId: string, userId: string): number {
    return closeWhere((c) => c.userId === userId && c.room.workspaceId === workspaceId, CLOSE_ACCESS_CHANGED, "access changed");
  }

  /** A member was removed or deactivated: their open documents in that workspace close now, for good. */
  function memberRemoved(workspaceId: string, userId: string): number {
    return closeWhere((c) => c.userId === userId && c.room.workspaceId === workspaceId, CLOSE_FORBIDDEN, "no longer a member");
  }

  return {
    endSession,
    accessChanged,
    memberRemoved,
    handleUpgrade,
    close,
    stats: () => ({ rooms: manager.rooms.size, connections: connections.size, ...manager.currentStats() }),
    read,
    snapshot,
    transact,
    applyServerUpdate,
    problems,
    repair,
    afterCommit: (hook) => manager.afterCommit(hook),
  };
}

/** True when the upgrade has no Origin (not a browser) or one whose host is this request's host. */
function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

function rejectHttp(socket: Duplex, status: number, message: string): void {
  if (socket.destroyed) return;
  const body = `${message}\n`;
  socket.once("finish", () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? "Error"}\r\n` +
      "Connection: close\r\nContent-Type: text/plain; charset=utf-8\r\n" +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
