import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { loadDocFromDb } from "../../server/collab";
import { connectProvider, eventually, startCollabTestServer, TEST_WORKSPACE, whenSynced, type CollabTestEnv } from "./harness";

process.setMaxListeners(0);

let env: CollabTestEnv;
let providers: WebsocketProvider[] = [];

beforeEach(async () => {
  env = await startCollabTestServer();
  providers = [];
});
afterEach(async () => {
  for (const p of providers) p.destroy();
  await env.stop();
});

async function join(n: number, room = "structure"): Promise<WebsocketProvider[]> {
  const created = await Promise.all(
    Array.from({ length: n }, async (_, i) => connectProvider(env.serverUrl(), room, await env.cookie(`user${i}`))),
  );
  providers.push(...created);
  await Promise.all(created.map((p) => whenSynced(p)));
  return created;
}

function snapshot(p: WebsocketProvider): string {
  return JSON.stringify(p.doc.getMap("units").toJSON()) + JSON.stringify(p.doc.getArray("log").toJSON());
}

async function editConcurrently(ps: WebsocketProvider[], perClient: number): Promise<void> {
  await Promise.all(
    ps.map(async (p, i) => {
      for (let k = 0; k < perClient; k++) {
        p.doc.transact(() => {
          p.doc.getMap("units").set(`u${k % 5}`, `${i}:${k}`);
          p.doc.getArray("log").push([`${i}:${k}`]);
        });
        if (k % 3 === 0) await new Promise((r) => setTimeout(r, Math.random() * 5));
      }
    }),
  );
}

describe("collab sync", () => {
  it("two providers editing concurrently converge", async () => {
    const ps = await join(2);
    await editConcurrently(ps, 30);
    await eventually(() => ps.every((p) => p.doc.getArray("log").length === 60), 5_000, "all edits delivered");
    expect(snapshot(ps[0])).toBe(snapshot(ps[1]));
  });

  it("ten providers editing concurrently converge, and the log reproduces the state", async () => {
    const ps = await join(10);
    await editConcurrently(ps, 20);
    await eventually(() => ps.every((p) => p.doc.getArray("log").length === 200), 8_000, "all edits delivered");
    const first = snapshot(ps[0]);
    for (const p of ps) expect(snapshot(p)).toBe(first);
    const server = await env.collab().openRoomDoc(TEST_WORKSPACE, "structure");
    expect(server.getArray("log").length).toBe(200);
    const fromDb = loadDocFromDb(env.db(), TEST_WORKSPACE, "structure");
    expect(JSON.stringify(fromDb.getArray("log").toJSON())).toBe(JSON.stringify(ps[0].doc.getArray("log").toJSON()));
  });

  it("restarting the server loses nothing and clients reconnect", async () => {
    const ps = await join(3);
    await editConcurrently(ps, 10);
    await eventually(() => ps.every((p) => p.doc.getArray("log").length === 30), 5_000, "edits delivered");
    await env.restart();
    await Promise.all(ps.map((p) => whenSynced(p, 8_000)));
    // Edits made right after the restart reach everyone through the new server.
    ps[0].doc.getArray("log").push(["after-restart"]);
    await eventually(() => ps.every((p) => p.doc.getArray("log").length === 31), 5_000, "post-restart edit delivered");
    // A fresh client sees the whole history from the server alone.
    const [fresh] = await join(1);
    expect(fresh.doc.getArray("log").length).toBe(31);
    expect(snapshot(fresh)).toBe(snapshot(ps[1]));
  });

  it("unloads idle rooms after the grace period and reloads them from checkpoint + log", async () => {
    const [p] = await join(1, "plan/sl1/2027-28");
    p.doc.getMap("plan").set("budget", 1200000);
    await eventually(() => env.collab().stats().rooms === 1);
    await new Promise((r) => setTimeout(r, 50));
    p.destroy();
    providers = [];
    await eventually(() => env.collab().stats().rooms === 0, 3_000, "room unloaded");
    const checkpoints = env.db().$client.prepare("SELECT count(*) AS n FROM doc_checkpoints WHERE room = ?").get("plan/sl1/2027-28") as { n: number };
    expect(checkpoints.n).toBeGreaterThan(0);
    const doc = await env.collab().openRoomDoc(TEST_WORKSPACE, "plan/sl1/2027-28");
    expect(doc.getMap("plan").get("budget")).toBe(1200000);
  });

  it("applyServerUpdate persists and broadcasts like a client edit", async () => {
    const [p] = await join(1, "delegation");
    const src = new Y.Doc();
    src.getMap("scheme").set("limit", 250000);
    await env.collab().applyServerUpdate(TEST_WORKSPACE, "delegation", Y.encodeStateAsUpdate(src), null);
    await eventually(() => p.doc.getMap("scheme").get("limit") === 250000, 3_000, "server update delivered");
    const rows = env.db().$client.prepare("SELECT author_id FROM doc_updates WHERE room = 'delegation'").all();
    expect(rows).toEqual([{ author_id: null }]);
  });
});
