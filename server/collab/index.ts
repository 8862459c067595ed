/**
 * The collaboration WebSocket endpoint `/collab/<workspaceId>/<doc…>`: authorizes the upgrade,
 * then speaks the stock y-websocket protocol with durable, group-committed persistence.
 */
import { STATUS_CODES, type IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type pino from "pino";
import { WebSocketServer, type WebSocket } from "ws";
import * as Y from "yjs";
import type { Db } from "../../db/client";
import {
  CLOSE_GOING_AWAY,
  CLOSE_ACCESS_CHANGED,
  CLOSE_INTERNAL_ERROR,
  CLOSE_SESSION_ENDED,
  CLOSE_TOO_MANY_CONNECTIONS,
  COLLAB_PATH_PREFIX,
  DEFAULT_LIMITS,
  parseDocName,
  parseRoomPath,
  type CollabLimits,
  type RoomAddress,
} from "../../shared/collab/protocol";
import { Connection, type CollabAccess } from "./connection";
import { collabStore, isEmptyUpdate, startWalCheckpointer } from "./persistence";
import { RoomManager } from "./rooms";

export type { CollabAccess } from "./connection";
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
  stats(): { rooms: number; connections: number };
  /** Loads (or returns) a room's server copy. Read it; write through applyServerUpdate or doc.transact. */
  openRoomDoc(workspaceId: string, doc: string): Promise<Y.Doc>;
  /** Persists, applies and broadcasts an update exactly like a client's; resolves after commit. */
  applyServerUpdate(workspaceId: string, doc: string, update: Uint8Array, authorId: string | null): Promise<void>;
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
    ws.on("error", (err) => logger.warn({ err, userId: access.userId, room: address.doc }, "collab socket error"));
    const count = perUser.get(access.userId) ?? 0;
    if (count >= limits.maxConnectionsPerUser) {
      logger.warn({ userId: access.userId, count }, "collab connection refused: too many connections");
      ws.close(CLOSE_TOO_MANY_CONNECTIONS, "too many connections");
      return;
    }
    let room;
    try {
      room = manager.open(address.workspaceId, address.doc);
    } catch (err) {
      logger.error({ err, workspaceId: address.workspaceId, room: address.doc }, "collab room failed to load");
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
    opts.authorize(req, room).then(
      (result) => {
        if ("status" in result) {
          logger.info({ status: result.status, workspaceId: room.workspaceId, room: room.doc }, "collab upgrade refused");
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

  async function openRoomDoc(workspaceId: string, doc: string): Promise<Y.Doc> {
    if (!parseDocName(doc)) throw new Error(`unknown document name: ${doc}`);
    return manager.open(workspaceId, doc).doc;
  }

  function applyServerUpdate(workspaceId: string, doc: string, update: Uint8Array, authorId: string | null): Promise<void> {
    return new Promise((resolve, reject) => {
      if (closing) return reject(new Error("collab server is closed"));
      if (!parseDocName(doc)) return reject(new Error(`unknown document name: ${doc}`));
      try {
        if (isEmptyUpdate(update)) return resolve();
      } catch (err) {
        return reject(err);
      }
      const room = manager.open(workspaceId, doc);
      manager.enqueue(room, new Uint8Array(update), authorId, null, (err) => (err ? reject(err) : resolve()));
    });
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
    stats: () => ({ rooms: manager.rooms.size, connections: connections.size }),
    openRoomDoc,
    applyServerUpdate,
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
