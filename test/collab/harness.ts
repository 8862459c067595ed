/**
 * A small, deterministic stand-in for the real app server while test/setup/server.ts lands:
 * a Node http.Server with the collab endpoint, a temp SQLite file and a cookie-based authorize
 * (`devolve_test_user=<id>:<rw|ro>`, member of workspace "w1" only). Tests only use the
 * `CollabTestEnv` interface, so switching to the real server is one adapter away.
 */
import fs from "node:fs";
import http, { type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { createDb, type Db } from "../../db/client";
import { createCollabServer, type AuthorizeUpgrade, type CollabServer } from "../../server/collab";
import type { CollabLimits, RoomAddress } from "../../shared/collab/protocol";

export const TEST_WORKSPACE = "w1";
export const OTHER_WORKSPACE = "w2";
export const TEST_COOKIE = "devolve_test_user";

export interface CollabTestEnv {
  /** ws://host:port/collab/<workspace> — the y-websocket serverUrl for a workspace. */
  serverUrl(workspaceId?: string): string;
  port: number;
  dbPath: string;
  db(): Db;
  collab(): CollabServer;
  /** Cookie header for a user that can write (`rw`) or only read (`ro`) in the test workspace. */
  cookie(userId: string, mode?: "rw" | "ro"): Promise<string>;
  /** Closes the server (flushing) and starts a new one on the same DB file and port. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** Authorizes from the test cookie: no cookie → 401, other workspace → 403. */
export const testAuthorize: AuthorizeUpgrade = async (req: IncomingMessage, room: RoomAddress) => {
  const raw = req.headers.cookie ?? "";
  const match = new RegExp(`(?:^|;\\s*)${TEST_COOKIE}=([^;]+)`).exec(raw);
  if (!match) return { status: 401, message: "Sign in first" };
  const [userId, mode] = decodeURIComponent(match[1]).split(":");
  if (!userId) return { status: 401, message: "Sign in first" };
  if (room.workspaceId !== TEST_WORKSPACE) return { status: 403, message: "Not a member of this workspace" };
  return { userId, userName: userId, canWrite: mode !== "ro" };
};

export function testLogger(): pino.Logger {
  return pino({ level: process.env.COLLAB_TEST_LOG ?? "silent" });
}

export function tempDbPath(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), "devolve-collab-")), "test.sqlite");
}

/** Starts http.Server + collab endpoint on a temp DB; port 0 unless given. */
export async function startCollabTestServer(opts: { limits?: Partial<CollabLimits>; dbPath?: string; port?: number } = {}): Promise<CollabTestEnv> {
  const dbPath = opts.dbPath ?? tempDbPath();
  const limits = { unloadGraceMs: 200, ...opts.limits };
  let db: Db;
  let collab: CollabServer;
  let server: http.Server;
  let port = opts.port ?? 0;

  async function boot(): Promise<void> {
    db = createDb(dbPath);
    collab = createCollabServer({ db, logger: testLogger(), authorize: testAuthorize, limits });
    server = http.createServer((_req, res) => res.writeHead(404).end());
    server.on("upgrade", (req, socket, head) => {
      if (!collab.handleUpgrade(req, socket, head)) socket.destroy();
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve());
    });
    port = (server.address() as AddressInfo).port;
  }

  async function shutdown(): Promise<void> {
    await collab.close();
    server.closeAllConnections?.();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    db.$client.close();
  }

  await boot();
  return {
    serverUrl: (workspaceId = TEST_WORKSPACE) => `ws://127.0.0.1:${port}/collab/${workspaceId}`,
    get port() {
      return port;
    },
    dbPath,
    db: () => db,
    collab: () => collab,
    cookie: async (userId, mode = "rw") => `${TEST_COOKIE}=${userId}:${mode}`,
    restart: async () => {
      await shutdown();
      await boot();
    },
    stop: shutdown,
  };
}

/** A `ws` WebSocket class that sends the given Cookie header (browsers send it themselves). */
export function wsWithCookie(cookie: string): typeof WebSocket {
  return class extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers: { Cookie: cookie } });
    }
  } as typeof WebSocket;
}

/** A stock y-websocket provider in Node, as a browser tab would use it. */
export function connectProvider(serverUrl: string, room: string, cookie: string, doc = new Y.Doc()): WebsocketProvider {
  return new WebsocketProvider(serverUrl, room, doc, {
    WebSocketPolyfill: wsWithCookie(cookie) as unknown as typeof globalThis.WebSocket,
    // Node 20 has BroadcastChannel: providers in one process would otherwise sync around the server.
    disableBc: true,
    maxBackoffTime: 300,
  });
}

export function whenSynced(provider: WebsocketProvider, timeoutMs = 5_000): Promise<void> {
  if (provider.synced) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`provider ${provider.roomname} did not sync in ${timeoutMs} ms`)), timeoutMs);
    provider.once("sync", (synced: boolean) => {
      if (synced) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}

/** Polls until `check` holds (or throws after timeoutMs). */
export async function eventually(check: () => boolean, timeoutMs = 5_000, what = "condition"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
