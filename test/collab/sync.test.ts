import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { loadDocFromDb } from "../../server/collab";
import { readRuleIndicators, setAutonomyRules, delegationRules } from "../../shared/collab/autonomy-rules-doc";
import { addTarget } from "../../shared/collab/plan-doc";
import { readStructure, structureUnits, updateUnit } from "../../shared/collab/structure-doc";
import { addDivision, addedDivisions, connectProvider, eventually, startCollabTestServer, TEST_WORKSPACE, whenSynced, type CollabTestEnv } from "./harness";

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

/** The structure as plain data, units sorted by id (map iteration follows local insertion). */
function snapshot(doc: Y.Doc): string {
  const s = readStructure(doc);
  return JSON.stringify({ ...s, units: [...s.units].sort((a, b) => (a.id < b.id ? -1 : 1)) });
}
const count = (p: WebsocketProvider) => addedDivisions(p.doc).length;

/** Each client renames the same two service lines (conflicting writes) and adds its own divisions. */
async function editConcurrently(ps: WebsocketProvider[], perClient: number): Promise<void> {
  await Promise.all(
    ps.map(async (p, i) => {
      for (let k = 0; k < perClient; k++) {
        p.doc.transact(() => {
          updateUnit(p.doc, k % 2 ? "sl1" : "sl9", { budgetHolder: `${i}:${k}` });
          addDivision(p.doc, `d${i}-${k}`);
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
    await eventually(() => ps.every((p) => count(p) === 60), 5_000, "all edits delivered");
    expect(snapshot(ps[0]!.doc)).toBe(snapshot(ps[1]!.doc));
  });

  it("ten providers editing concurrently converge, and the log reproduces the state", async () => {
    const ps = await join(10);
    await editConcurrently(ps, 20);
    await eventually(() => ps.every((p) => count(p) === 200), 8_000, "all edits delivered");
    const first = snapshot(ps[0]!.doc);
    for (const p of ps) expect(snapshot(p.doc)).toBe(first);
    const server = await env.collab().read(TEST_WORKSPACE, { kind: "structure" });
    expect(server.units.filter((u) => u.kind === "division").length).toBe(201);
    const fromDb = loadDocFromDb(env.db(), TEST_WORKSPACE, "structure");
    expect(snapshot(fromDb)).toBe(first);
  });

  it("restarting the server loses nothing and clients reconnect", async () => {
    const ps = await join(3);
    await editConcurrently(ps, 10);
    await eventually(() => ps.every((p) => count(p) === 30), 5_000, "edits delivered");
    await env.restart();
    await Promise.all(ps.map((p) => whenSynced(p, 8_000)));
    // Edits made right after the restart reach everyone through the new server.
    addDivision(ps[0]!.doc, "after-restart");
    await eventually(() => ps.every((p) => count(p) === 31), 5_000, "post-restart edit delivered");
    // A fresh client sees the whole history from the server alone.
    const [fresh] = await join(1);
    expect(count(fresh!)).toBe(31);
    expect(snapshot(fresh!.doc)).toBe(snapshot(ps[1]!.doc));
  });

  it("unloads idle rooms after the grace period and reloads them from checkpoint + log", async () => {
    const [p] = await join(1, "plan/sl1/2027-28");
    expect(addTarget(p!.doc, { domain: "financial", measure: "Budget", unit: "£", bottomUp: 1_200_000 }).ok).toBe(true);
    await eventually(() => (env.db().$client.prepare("SELECT count(*) AS n FROM doc_updates WHERE room = ?").get("plan/sl1/2027-28") as { n: number }).n === 1);
    p!.destroy();
    providers = [];
    await eventually(() => env.collab().stats().rooms === 0, 3_000, "room unloaded");
    const checkpoints = env.db().$client.prepare("SELECT count(*) AS n FROM doc_checkpoints WHERE room = ?").get("plan/sl1/2027-28") as { n: number };
    expect(checkpoints.n).toBeGreaterThan(0);
    const plan = await env.collab().read(TEST_WORKSPACE, { kind: "plan", unitId: "sl1", year: 2027 });
    expect(plan.targets.map((t) => t.bottomUp)).toEqual([1_200_000]);
  });

  it("applyServerUpdate persists and broadcasts like a client edit", async () => {
    const [p] = await join(1, "delegation");
    const src = new Y.Doc();
    setAutonomyRules(src, { promotionMonths: 4 });
    await env.collab().applyServerUpdate(TEST_WORKSPACE, { kind: "delegation" }, Y.encodeStateAsUpdate(src), null);
    await eventually(() => delegationRules(p!.doc).get("promotionMonths") === 4, 3_000, "server update delivered");
    const rows = env.db().$client.prepare("SELECT author_id FROM doc_updates WHERE room = 'delegation'").all();
    expect(rows).toEqual([{ author_id: null }]);
  });

  it("transact edits through the room with its author: logged, broadcast, and the snapshot hashes what is logged", async () => {
    const [p] = await join(1, "delegation");
    const author = env.db().$client.prepare("SELECT id FROM users WHERE email = ?").get("user0@collab.test") as { id: string };
    const seq = await env.collab().transact(TEST_WORKSPACE, { kind: "delegation" }, (doc) => setAutonomyRules(doc, { promotionMonths: 6 }), { authorId: author.id });
    expect(seq).toBeGreaterThan(0);
    await eventually(() => delegationRules(p!.doc).get("promotionMonths") === 6, 3_000, "transact delivered");
    const row = env.db().$client.prepare("SELECT seq, author_id FROM doc_updates WHERE room = 'delegation' ORDER BY seq DESC LIMIT 1").get();
    expect(row).toEqual({ seq, author_id: author.id });
    // Nothing changed: nothing logged.
    expect(await env.collab().transact(TEST_WORKSPACE, { kind: "delegation" }, (doc) => setAutonomyRules(doc, { promotionMonths: 6 }), { authorId: author.id })).toBe(0);

    const snap = await env.collab().snapshot(TEST_WORKSPACE, { kind: "delegation" });
    expect(snap.seq).toBe(seq);
    const { createHash } = await import("node:crypto");
    expect(snap.sha256).toBe(createHash("sha256").update(snap.state).digest("hex"));
    const copy = new Y.Doc();
    Y.applyUpdate(copy, snap.state);
    expect(delegationRules(copy).get("promotionMonths")).toBe(6);
    expect(readRuleIndicators(copy).length).toBeGreaterThan(0);

    // A server-side edit that would break the rules is refused whole, like a client's.
    await expect(env.collab().transact(TEST_WORKSPACE, { kind: "structure" }, (doc) => structureUnits(doc).get("div")!.set("parentId", "sl1"), { authorId: null })).rejects.toThrow(/sits under itself|must sit under/);
    expect((await env.collab().read(TEST_WORKSPACE, { kind: "structure" })).units.find((u) => u.id === "div")!.parentId).toBe("board");
  });

  it("runs after-commit hooks inside the group commit with the rows just written", async () => {
    const seen: { room: string; seq: number }[] = [];
    env.collab().afterCommit((rows) => seen.push(...rows.map((r) => ({ room: r.room, seq: r.seq }))));
    const seq = await env.collab().transact(TEST_WORKSPACE, { kind: "plan", unitId: "sl9", year: 2027 }, (doc) => void addTarget(doc, { domain: "quality", measure: "Falls per 1,000 bed days" }), { authorId: null });
    expect(seen).toContainEqual({ room: "plan/sl9/2027-28", seq });
    expect((await env.collab().read(TEST_WORKSPACE, { kind: "plan", unitId: "sl9", year: 2027 })).targets).toHaveLength(1);
  });
});
