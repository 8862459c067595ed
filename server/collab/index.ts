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
  CLOSE_INTERNAL_ERROR,
  CLOSE_SESSION_ENDED,
  CLOSE_TOO_MANY_CONNECTIONS,
  COLLAB_PATH_PREFIX,
  DEFAULT_LIMITS,
  type CollabLimits,
} from "../../shared/collab/protocol";
import { docProblems, docType, parseRoomPath, readDoc, type DocRef, type RoomAddress, type Snapshots } from "../../shared/collab/registry";
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

export interface CollabServerOptions {
  db: Db;
  logger: pino.Logger;
  authorize: AuthorizeUpgrade;
  limits?: Partial<CollabLimits>;
}

export interface CollabServer {
  /** Handles an HTTP upgrade; returns false (touching nothing) when the path is not /collab/. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Commits pending writes, checkpoints every open room and closes every socket with 1001. */
  close(): Promise<void>;
  stats(): { rooms: number; connections: number } & RoomStats;
  /** The typed snapshot of a document as committed (loaded from the log if no one has it open). */
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
  /** Runs `hook` inside every group commit with the rows it wrote (the audit chain hangs here). */
  afterCommit(hook: AfterCommitHook): void;
  /** Closes every connection opened with a session that has just ended (signed out). */
  endSession(sessionId: string): number;
  /** Closes a member's connections to one workspace so they reconnect with their new access. */
  accessChanged(workspaceId: string, userId: string): number;
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
    manager.attach(room, conn);
    ws.on("message", (data, isBinary) => {
      conn.alive = true;
      conn.onMessage(data as Buffer, isBinary);
    });
    ws.on("pong", () => {
      conn.alive = true;
    });
    ws.on("close", () => {
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
    const authorized = async () => {
      const result = await opts.authorize(req, room);
      if ("status" in result) return result;
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
    return type.exists(address.ref as never, { structure: () => read(address.workspaceId, { kind: "structure" }) });
  }

  function roomFor(workspaceId: string, ref: DocRef) {
    if (closing) throw new Error("collab server is closed");
    return manager.open(workspaceId, ref);
  }

  async function read<R extends DocRef>(workspaceId: string, ref: R): Promise<Snapshots[R["kind"]]> {
    return readDoc(ref, roomFor(workspaceId, ref).doc);
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

  return {
    endSession,
    accessChanged,
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
