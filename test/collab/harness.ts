/**
 * Collaboration tests run the real app server (test/setup/server.ts): real sign-in, real sessions,
 * the real cookie → session → membership → room authorization, a temp SQLite file. Test users are
 * created on demand as members of workspace "w1" (executive = read-write, viewer = read-only);
 * workspace "w2" exists but none of them belong to it.
 */
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { createDb, type Db } from "../../db/client";
import { hashPassword } from "../../server/auth/password";
import type { CollabServer } from "../../server/collab";
import { createSession } from "../../server/repositories/sessions";
import { createUser, findUserByEmail } from "../../server/repositories/users";
import { addMembership, createWorkspace, findWorkspace } from "../../server/repositories/workspaces";
import type { CollabLimits } from "../../shared/collab/protocol";
import type { Role } from "../../shared/roles";
import { addUnit, readStructure, structureUnits } from "../../shared/collab/structure-doc";
import { startTestServer, type TestServer } from "../setup/server";

export const TEST_WORKSPACE = "w1";
export const OTHER_WORKSPACE = "w2";
const PASSWORD = "collab-test-password";
let passwordHash: Promise<string> | undefined;

export interface CollabTestEnv {
  /** ws://host:port/collab/<workspace> — the y-websocket serverUrl for a workspace. */
  serverUrl(workspaceId?: string): string;
  port: number;
  dbPath: string;
  db(): Db;
  collab(): CollabServer;
  /** Cookie header of a signed-in member of the test workspace who can write (`rw`) or only read (`ro`). */
  cookie(userId: string, mode?: MemberMode): Promise<string>;
  /** Closes the server (flushing) and starts a new one on the same DB file and port; `between` runs while it is down. */
  restart(between?: (db: Db) => void): Promise<void>;
  stop(): Promise<void>;
}

/** How a test member may edit: "rw" (an executive), "ro" (a viewer), or any role (a contributor's line is sl1). */
export type MemberMode = "rw" | "ro" | Role;

/** Creates the test workspaces and a member with a real password and session; returns its Cookie header. */
export async function ensureMember(db: Db, userId: string, mode: MemberMode = "rw"): Promise<{ email: string; token?: string }> {
  for (const [id, name] of [
    [TEST_WORKSPACE, "Collaboration Test Trust"],
    [OTHER_WORKSPACE, "Another Trust"],
  ])
    if (!findWorkspace(db, id)) createWorkspace(db, id, name);
  const email = `${userId}@collab.test`;
  if (!findUserByEmail(db, email)) {
    const user = createUser(db, { email, name: userId, passwordHash: await (passwordHash ??= hashPassword(PASSWORD)) });
    const role: Role = mode === "rw" ? "executive" : mode === "ro" ? "viewer" : mode;
    addMembership(db, { workspaceId: TEST_WORKSPACE, userId: user.id, role, serviceLineIds: role === "contributor" ? ["sl1"] : [] });
  }
  return { email };
}

/** A session straight in the database, for a server running in another process. */
export async function sessionCookieFor(db: Db, userId: string, mode: MemberMode = "rw"): Promise<string> {
  const { email } = await ensureMember(db, userId, mode);
  const { token } = createSession(db, findUserByEmail(db, email)!.id, 3600_000, "collab-test");
  return `devolve_session=${token}`;
}

/** The test trust's structure: a board, one division and two service lines (sl1, sl9). */
export function seedTestStructure(doc: Y.Doc): void {
  if (structureUnits(doc).size > 0) return;
  const unit = (id: string, kind: "board" | "division" | "service_line", parentId: string | null, name: string) => {
    const r = addUnit(doc, { id, kind, parentId, code: id.toUpperCase(), name, leaders: [], budgetHolder: "" });
    if ("error" in r) throw new Error(r.error);
  };
  unit("board", "board", null, "Trust board");
  unit("div", "division", "board", "Medicine");
  unit("sl1", "service_line", "div", "Cardiology");
  unit("sl9", "service_line", "div", "Respiratory");
}

/** Adds a division under the test board: a valid edit whose id a test can count and look for. */
export function addDivision(doc: Y.Doc, id: string, name = id): void {
  const r = addUnit(doc, { id, kind: "division", parentId: "board", code: id.toUpperCase(), name, leaders: [], budgetHolder: "" });
  if ("error" in r) throw new Error(`addDivision ${id}: ${r.error}`);
}

/** Ids of the divisions added with addDivision (every division but the seeded one). */
export function addedDivisions(doc: Y.Doc): string[] {
  return readStructure(doc)
    .units.filter((u) => u.kind === "division" && u.id !== "div")
    .map((u) => u.id)
    .sort();
}

/** Starts the real app on a temp DB; port 0 unless given. */
export async function startCollabTestServer(opts: { limits?: Partial<CollabLimits>; dbPath?: string; port?: number } = {}): Promise<CollabTestEnv> {
  // Tests connect the same few people hundreds of times a minute; the reconnect limit has its own test.
  const collabLimits = { unloadGraceMs: 200, maxUpgradesPerUserPer10s: 10_000, ...opts.limits };
  let t: TestServer = await startTestServer({ seed: "none", dbPath: opts.dbPath, port: opts.port, collabLimits });
  const dbPath = t.dbPath;
  await ensureMember(t.db, "seed");
  await t.server.services.collab.transact(TEST_WORKSPACE, { kind: "structure" }, seedTestStructure, { authorId: null });
  const cookies = new Map<string, string>();
  return {
    serverUrl: (workspaceId = TEST_WORKSPACE) => `ws://127.0.0.1:${t.port}/collab/${workspaceId}`,
    get port() {
      return t.port;
    },
    dbPath,
    db: () => t.db,
    collab: () => t.server.services.collab,
    cookie: async (userId, mode = "rw") => {
      const key = `${userId}:${mode}`;
      if (!cookies.has(key)) {
        const { email } = await ensureMember(t.db, userId, mode);
        cookies.set(key, await t.signIn(email, PASSWORD));
      }
      return cookies.get(key)!;
    },
    restart: async (between) => {
      const port = t.port;
      await t.server.close();
      if (between) {
        const db = createDb(dbPath);
        between(db);
        db.$client.close();
      }
      t = await startTestServer({ seed: "none", dbPath, port, collabLimits });
    },
    stop: () => t.stop(),
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
