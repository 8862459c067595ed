/**
 * Attacks on the collaboration endpoint with a stock client and a raw socket, against the real
 * server: foreign pages, sockets that outlive their session, a member stalling the event loop for
 * others, presence and write floods, an unreadable checkpoint, and a commit that fails.
 */
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import type { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { createSession } from "../../server/repositories/sessions";
import { findUserByEmail } from "../../server/repositories/users";
import { setAutonomyRules } from "../../shared/collab/autonomy-rules-doc";
import { CLOSE_ACCESS_CHANGED, CLOSE_FORBIDDEN, CLOSE_INTERNAL_ERROR, CLOSE_RATE_LIMITED, CLOSE_SESSION_ENDED, type CollabLimits } from "../../shared/collab/protocol";
import { readStructure, updateUnit } from "../../shared/collab/structure-doc";
import { encodeQueryAwareness } from "../../shared/collab/wire";
import { addDivision, addedDivisions, connectProvider, ensureMember, eventually, startCollabTestServer, TEST_WORKSPACE, whenSynced, type CollabTestEnv } from "../collab/harness";
import { awarenessFrame, closeCode, openRaw, syncFrame, upgradeStatus } from "../collab/wire";

process.setMaxListeners(0);

let env: CollabTestEnv | null = null;
const providers: WebsocketProvider[] = [];
afterEach(async () => {
  for (const p of providers.splice(0)) p.destroy();
  await env?.stop().catch(() => {});
  env = null;
});

async function start(limits: Partial<CollabLimits> = {}) {
  env = await startCollabTestServer({ limits });
  return env;
}

async function provider(user: string, room = "structure", mode: Parameters<CollabTestEnv["cookie"]>[1] = "rw") {
  const p = connectProvider(env!.serverUrl(), room, await env!.cookie(user, mode));
  providers.push(p);
  await whenSynced(p);
  return p;
}

const rows = (room = "structure") => (env!.db().$client.prepare("SELECT count(*) AS n FROM doc_updates WHERE room = ?").get(room) as { n: number }).n;

/** Time for an honest edit to reach another honest client, and for a page to answer. */
async function honestLatency(a: WebsocketProvider, b: WebsocketProvider, id: string): Promise<{ edit: number; page: number }> {
  const t0 = performance.now();
  addDivision(a.doc, id);
  await eventually(() => addedDivisions(b.doc).includes(id), 5_000, `honest edit ${id}`);
  const edit = performance.now() - t0;
  const t1 = performance.now();
  const res = await fetch(`http://127.0.0.1:${env!.port}/sign-in`);
  expect(res.status).toBe(200);
  return { edit, page: performance.now() - t1 };
}

function userId(name: string): string {
  return findUserByEmail(env!.db(), `${name}@collab.test`)!.id;
}

describe("cross-site WebSocket hijacking", () => {
  it("refuses an upgrade from a foreign Origin even with a valid cookie, and accepts its own", async () => {
    await start();
    const cookie = await env!.cookie("alice");
    const url = `${env!.serverUrl()}/structure`;
    const status = (origin?: string) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(url, { headers: { Cookie: cookie, ...(origin ? { Origin: origin } : {}) } });
        ws.once("open", () => (ws.close(), resolve(101)));
        ws.once("unexpected-response", (_req, res) => resolve(res.statusCode ?? -1));
        ws.once("error", () => resolve(-1));
      });
    expect(await status("https://evil.example")).toBe(403);
    expect(await status("http://trust.nhs.uk.evil.example")).toBe(403);
    expect(await status(`http://localhost:${env!.port}`)).toBe(403); // another host name is another origin
    expect(await status("null")).toBe(403);
    expect(await status(`http://127.0.0.1:${env!.port}`)).toBe(101);
    expect(await status()).toBe(101); // not a browser: no Origin
  });
});

describe("sockets do not outlive their session or membership", () => {
  it("closes with 4401 when the session expires, and nothing written after it is kept", async () => {
    await start();
    await ensureMember(env!.db(), "brief");
    const { token } = createSession(env!.db(), userId("brief"), 1_200, "test");
    const ws = await openRaw(`${env!.serverUrl()}/structure`, `devolve_session=${token}`);
    const closed = closeCode(ws, 5_000);
    expect(await closed).toBe(CLOSE_SESSION_ENDED);
    expect(await upgradeStatus(`${env!.serverUrl()}/structure`, `devolve_session=${token}`)).toBe(401);
  });

  it("rechecks open sockets: a revoked session gets 4401, a removed member 4403, a changed role reconnects", async () => {
    await start({ recheckEveryMs: 150 });
    const revoked = await openRaw(`${env!.serverUrl()}/structure`, await env!.cookie("rev"));
    const removed = await openRaw(`${env!.serverUrl()}/structure`, await env!.cookie("gone"));
    const demoted = await openRaw(`${env!.serverUrl()}/structure`, await env!.cookie("demoted", "editor"));
    const codes = [closeCode(revoked, 3_000), closeCode(removed, 3_000), closeCode(demoted, 3_000)];
    const sql = env!.db().$client;
    // As another process (or an administrator on another server) would: straight in the database.
    sql.prepare("DELETE FROM sessions WHERE user_id = ?").run(userId("rev"));
    sql.prepare("DELETE FROM memberships WHERE user_id = ?").run(userId("gone"));
    sql.prepare("UPDATE memberships SET role = 'viewer' WHERE user_id = ?").run(userId("demoted"));
    expect(await Promise.all(codes)).toEqual([CLOSE_SESSION_ENDED, CLOSE_FORBIDDEN, CLOSE_ACCESS_CHANGED]);
  });
});

describe("one member cannot stall the server for others", () => {
  it("a viewer asking for the whole document again and again is cut off; honest editing carries on", async () => {
    await start();
    const a = await provider("alice");
    const b = await provider("bob");
    const quiet = await honestLatency(a, b, "quiet");
    const ws = await openRaw(`${env!.serverUrl()}/structure`, await env!.cookie("vic", "viewer"));
    ws.on("error", () => {});
    const closed = closeCode(ws, 5_000);
    const empty = Y.encodeStateVector(new Y.Doc());
    for (let i = 0; i < 50; i++) ws.send(syncFrame(0, empty));
    expect(await closed).toBe(CLOSE_RATE_LIMITED);
    const during = await honestLatency(a, b, "during");
    expect(during.edit).toBeLessThan(Math.max(500, quiet.edit * 10));
  });

  it("presence queries beyond the budget are ignored without closing, and cost others nothing", async () => {
    await start();
    const a = await provider("alice");
    const b = await provider("bob");
    const ws = await openRaw(`${env!.serverUrl()}/structure`, await env!.cookie("vic", "viewer"));
    let received = 0;
    ws.on("message", () => received++);
    for (let i = 0; i < 150; i++) ws.send(encodeQueryAwareness());
    await new Promise((r) => setTimeout(r, 300));
    expect(ws.readyState).toBe(ws.OPEN);
    // The budget is 12 a minute; the opening sync and presence are a handful of frames more.
    expect(received).toBeLessThan(30);
    const { edit } = await honestLatency(a, b, "q");
    expect(edit).toBeLessThan(1_000);
    ws.close();
  });

  it("a reconnect loop is slowed with HTTP 429, for that person only", async () => {
    await start({ maxUpgradesPerUserPer10s: 10 });
    const cookie = await env!.cookie("looper");
    const statuses: number[] = [];
    for (let i = 0; i < 15; i++) statuses.push(await upgradeStatus(`${env!.serverUrl()}/structure`, cookie));
    expect(statuses.slice(0, 10).every((s) => s === 101)).toBe(true);
    expect(statuses.slice(10).every((s) => s === 429)).toBe(true);
    expect(await upgradeStatus(`${env!.serverUrl()}/structure`, await env!.cookie("someone-else"))).toBe(101);
  });

  it("caps presence states per room", async () => {
    await start({ maxPresencePerRoom: 3 });
    const watcher = await provider("watcher");
    watcher.awareness.setLocalStateField("selection", null);
    const sockets = await Promise.all(["p1", "p2", "p3"].map(async (u) => openRaw(`${env!.serverUrl()}/structure`, await env!.cookie(u))));
    sockets.forEach((ws, i) => ws.send(awarenessFrame(9000 + i, 1, { selection: null })));
    await new Promise((r) => setTimeout(r, 300));
    // The watcher's own state plus two: the third is refused.
    expect(watcher.awareness.getStates().size).toBe(3);
    expect(watcher.awareness.getStates().has(9002)).toBe(false);
    for (const ws of sockets) ws.close();
  });

  it("caps how much one person can have logged per minute", async () => {
    await start({ maxWriteBytesPerUserPerMinute: 20_000 });
    const flood = await provider("flooder");
    const closed = new Promise<number>((resolve) => flood.once("connection-close", (e: CloseEvent | null) => resolve(e?.code ?? -1)));
    for (let i = 0; i < 10; i++) updateUnit(flood.doc, "sl1", { budgetHolder: `${i}`.padEnd(4_000, "x") });
    expect(await closed).toBe(CLOSE_RATE_LIMITED);
    expect(rows()).toBeLessThan(1 + 10);
    flood.destroy();
  });
});

describe("an unreadable checkpoint", () => {
  it("is passed over for the previous checkpoint and the log; nothing is lost and it is reported", async () => {
    await start({ checkpointEveryUpdates: 5 });
    const a = await provider("alice");
    for (let i = 0; i < 12; i++) {
      addDivision(a.doc, `cp${i}`);
      await new Promise((r) => setTimeout(r, 15));
    }
    await eventually(() => (env!.db().$client.prepare("SELECT count(*) AS n FROM doc_checkpoints WHERE room = 'structure'").get() as { n: number }).n >= 2, 5_000, "two checkpoints");
    a.destroy();
    providers.length = 0;
    await env!.restart((db) => {
      // Corrupt the newest checkpoint as a bad disk sector would.
      db.$client.prepare("UPDATE doc_checkpoints SET state = x'00ff13370000' WHERE id = (SELECT max(id) FROM doc_checkpoints WHERE room = 'structure')").run();
    });
    const s = await env!.collab().read(TEST_WORKSPACE, { kind: "structure" });
    expect(s.units.filter((u) => u.id.startsWith("cp")).length).toBe(12);
    expect(env!.collab().stats().unreadableCheckpoints).toBe(1);
    expect(env!.collab().stats().degradedRooms).toBe(0);
  });
});

describe("a commit that fails", () => {
  it("is broadcast to nobody, logged nowhere, and the writer is told; after it the clients converge", async () => {
    await start();
    const a = await provider("alice", "delegation");
    const b = await provider("bob", "delegation");
    const before = rows("delegation");
    let fail = true;
    const remove = env!.collab().afterCommit(() => {
      if (fail) throw new Error("disk full (injected)");
    });
    let bSaw = false;
    b.doc.on("update", () => (bSaw = true));
    const closed = new Promise<number>((resolve) => a.once("connection-close", (e: CloseEvent | null) => resolve(e?.code ?? -1)));
    setAutonomyRules(a.doc, { promotionMonths: 9 });
    expect(await closed).toBe(CLOSE_INTERNAL_ERROR);
    await new Promise((r) => setTimeout(r, 200));
    expect(bSaw).toBe(false);
    expect(rows("delegation")).toBe(before);
    fail = false;
    remove();
    // The stock provider reconnects and resends what the server lacks.
    await eventually(() => b.doc.getMap("autonomyRules").get("promotionMonths") === 9, 8_000, "the edit arrives once the disk is back");
    expect(rows("delegation")).toBe(before + 1);
  });
});

describe("shutdown", () => {
  it("opens no rooms once closing", async () => {
    await start();
    await env!.collab().close();
    await expect(env!.collab().read(TEST_WORKSPACE, { kind: "delegation" })).rejects.toThrow(/closed|shutting down/);
    const s = readStructure(new Y.Doc());
    expect(s.units).toEqual([]);
  });
});
