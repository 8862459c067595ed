/**
 * The server owns the meaning: hostile but valid Yjs updates from stock clients and raw sockets,
 * against the real server. Each refused update must be refused whole: not applied, not logged, not
 * broadcast, the writer told (4422 with the reason), honest clients in the room unaffected.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { collabStore } from "../../server/collab/persistence";
import { addTarget, planTargets, setTargetFields } from "../../shared/collab/plan-doc";
import { CLOSE_UPDATE_REFUSED } from "../../shared/collab/protocol";
import { addSupportLink, addUnit, readStructure, structureUnits, updateUnit } from "../../shared/collab/structure-doc";
import { addDivision, addedDivisions, connectProvider, ensureMember, eventually, startCollabTestServer, TEST_WORKSPACE, whenSynced, type CollabTestEnv } from "./harness";
import { awarenessFrame, closeCode, openRaw, syncFrame } from "./wire";

process.setMaxListeners(0);

let env: CollabTestEnv;
const open: WebsocketProvider[] = [];
beforeAll(async () => {
  env = await startCollabTestServer({ limits: { presenceBindingGraceMs: 2_000 } });
});
afterAll(async () => {
  for (const p of open) p.destroy();
  await env.stop();
});

const rows = (room: string) => (env.db().$client.prepare("SELECT count(*) AS n FROM doc_updates WHERE workspace_id = ? AND room = ?").get(TEST_WORKSPACE, room) as { n: number }).n;

async function provider(user: string, room = "structure", mode: "rw" | "ro" = "rw"): Promise<WebsocketProvider> {
  const p = connectProvider(env.serverUrl(), room, await env.cookie(user, mode));
  open.push(p);
  await whenSynced(p);
  return p;
}

/** The close code the server gives a stock provider (it stops reconnecting on 44xx). */
function nextClose(p: WebsocketProvider): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => p.once("connection-close", (e: CloseEvent | null) => resolve({ code: e?.code ?? -1, reason: e?.reason ?? "" })));
}

/**
 * An attacker with a stock client makes `edit` to its copy; the server must refuse it whole while
 * an honest client in the same room sees nothing of it and keeps editing.
 */
async function expectRefused(edit: (doc: Y.Doc) => void, reason: RegExp, room = "structure", attacker = "mallory") {
  const honest = await provider("honest", room);
  const bad = await provider(attacker, room);
  const before = rows(room);
  const serverBefore = JSON.stringify((await env.collab().snapshot(TEST_WORKSPACE, room === "structure" ? { kind: "structure" } : { kind: "plan", unitId: "sl1", year: 2027 })).state);
  const closed = nextClose(bad);
  let broadcast = false;
  const watch = () => (broadcast = true);
  honest.doc.on("update", watch);
  edit(bad.doc);
  const { code, reason: why } = await closed;
  expect(code).toBe(CLOSE_UPDATE_REFUSED);
  expect(why).toMatch(reason);
  await new Promise((r) => setTimeout(r, 100));
  honest.doc.off("update", watch);
  expect(broadcast).toBe(false);
  expect(rows(room)).toBe(before);
  const after = JSON.stringify((await env.collab().snapshot(TEST_WORKSPACE, room === "structure" ? { kind: "structure" } : { kind: "plan", unitId: "sl1", year: 2027 })).state);
  expect(after).toBe(serverBefore);
  // The stock client was told to stop, not to resend the update for ever.
  await new Promise((r) => setTimeout(r, 400));
  expect(bad.wsconnected).toBe(false);
  bad.destroy();
  if (room === "structure") {
    // Honest edits still arrive.
    const id = `ok${Math.floor(Math.random() * 1e9)}`;
    addDivision(honest.doc, id);
    await eventually(() => rows(room) === before + 1, 3_000, "honest edit logged");
  }
  honest.destroy();
}

describe("the server refuses updates that break the structure", () => {
  it("a cycle: a division moved under its own service line", async () => {
    await expectRefused((doc) => structureUnits(doc).get("div")!.set("parentId", "sl1"), /sits under itself/);
    expect(readStructure(await docFromServer()).units.find((u) => u.id === "div")!.parentId).toBe("board");
  });

  it("a unit that is its own parent", async () => {
    await expectRefused((doc) => structureUnits(doc).get("sl9")!.set("parentId", "sl9"), /sits under itself/);
  });

  it("a kind under a parent it may not have: a point of delivery straight under the board", async () => {
    await expectRefused(
      (doc) =>
        doc.transact(() => {
          const m = new Y.Map<unknown>();
          structureUnits(doc).set("pod1", m);
          m.set("kind", "pod");
          m.set("name", "Rogue clinic");
          m.set("parentId", "board");
        }),
      /point of delivery must sit under a service line or sub-service line/,
    );
  });

  it("a reference to a unit that does not exist, and a support link to nowhere", async () => {
    await expectRefused((doc) => updateUnit(doc, "sl1", {}) && structureUnits(doc).get("sl1")!.set("parentId", "u_not_here"), /does not exist/);
    await expectRefused(
      (doc) =>
        doc.transact(() => {
          addUnit(doc, { id: "fin", kind: "corporate", parentId: "board", code: "FIN", name: "Finance", leaders: [], budgetHolder: "" });
          addSupportLink(doc, { fromId: "fin", toId: "sl1", description: "" });
          const l = new Y.Map<unknown>();
          doc.getMap("links").set("l_ghost", l);
          l.set("fromId", "fin");
          l.set("toId", "gone");
        }),
      /support link/,
    );
  });

  it("a second trust board, junk entries, fields of the wrong type, and parts the document does not have", async () => {
    await expectRefused((doc) => void addUnit(doc, { id: "b2", kind: "board", parentId: null, code: "B2", name: "Shadow board", leaders: [], budgetHolder: "" }), /more than one trust board/);
    await expectRefused((doc) => structureUnits(doc).set("junk", "not a unit" as never), /not a unit/);
    await expectRefused((doc) => structureUnits(doc).get("sl1")!.set("leaders", "everyone"), /wrong type/);
    await expectRefused((doc) => doc.getArray("payload").insert(0, ["x".repeat(1000)]), /no part called "payload"/);
  });
});

describe("the server refuses updates Yjs could not integrate", () => {
  it("an update with a clock gap (it depends on an edit the server never saw)", async () => {
    const honest = await provider("honest");
    const attacker = new Y.Doc();
    Y.applyUpdate(attacker, (await env.collab().snapshot(TEST_WORKSPACE, { kind: "structure" })).state);
    updateUnit(attacker, "sl1", { budgetHolder: "first" });
    const sv = Y.encodeStateVector(attacker);
    updateUnit(attacker, "sl1", { budgetHolder: "second" });
    const second = Y.encodeStateAsUpdate(attacker, sv);
    const ws = await openRaw(`${env.serverUrl()}/structure`, await env.cookie("mallory"));
    const before = rows("structure");
    const closed = closeCode(ws);
    ws.send(syncFrame(2, second));
    expect(await closed).toBe(CLOSE_UPDATE_REFUSED);
    expect(rows("structure")).toBe(before);
    // The room is not left waiting for the missing edit: honest edits go straight through.
    addDivision(honest.doc, "after-gap");
    await eventually(() => rows("structure") === before + 1, 3_000, "honest edit after a refused gap");
    expect(readStructure(await docFromServer()).units.find((u) => u.id === "sl1")!.budgetHolder).toBe("");
    honest.destroy();
  });

  it("a delete set for a client that does not exist (a pending delete set)", async () => {
    const ghost = new Y.Doc();
    ghost.clientID = 987654321;
    ghost.getArray("x").insert(0, [1, 2, 3]);
    ghost.getArray("x").delete(0, 3);
    const deleteOnly = Y.diffUpdate(Y.encodeStateAsUpdate(ghost), Y.encodeStateVector(ghost));
    const ws = await openRaw(`${env.serverUrl()}/structure`, await env.cookie("mallory"));
    const before = rows("structure");
    const closed = closeCode(ws);
    ws.send(syncFrame(2, deleteOnly));
    expect(await closed).toBe(CLOSE_UPDATE_REFUSED);
    expect(rows("structure")).toBe(before);
    // Many of them leave nothing behind: the room answers a new client at once.
    for (let i = 0; i < 20; i++) {
      const w = await openRaw(`${env.serverUrl()}/structure`, await env.cookie("mallory"));
      const c = closeCode(w);
      w.send(syncFrame(2, deleteOnly));
      expect(await c).toBe(CLOSE_UPDATE_REFUSED);
    }
    const t0 = performance.now();
    const fresh = await provider("late");
    expect(performance.now() - t0).toBeLessThan(2_000);
    expect(addedDivisions(fresh.doc)).toContain("after-gap");
    fresh.destroy();
  });
});

describe("rights finer than a room", () => {
  it("a contributor drafts their line's plan, but the server refuses their top-down target whole", async () => {
    const { email } = await ensureMember(env.db(), "carla");
    const carla = env.db().$client.prepare("SELECT id FROM users WHERE email = ?").get(email) as { id: string };
    env.db().$client.prepare("UPDATE memberships SET role = 'contributor', service_line_ids = ? WHERE user_id = ?").run(JSON.stringify(["sl1"]), carla.id);
    const room = "plan/sl1/2027-28";
    const exec = await provider("exec", room);
    const line = await provider("carla", room);
    const res = addTarget(line.doc, { domain: "financial", measure: "Surplus", unit: "£", bottomUp: 150_000 });
    expect(res.ok).toBe(true);
    const id = (res as { id: string }).id;
    await eventually(() => planTargets(exec.doc).has(id), 3_000, "bottom-up proposal reaches the executive");
    expect(rows(room)).toBe(1);

    // The executive sets the top-down value; the contributor tries to overwrite it.
    setTargetFields(exec.doc, id, { topDown: 250_000 });
    await eventually(() => (planTargets(line.doc).get(id)!.get("topDown") as number) === 250_000, 3_000, "top-down value reaches the line");
    await new Promise((r) => setTimeout(r, 50));
    const logged = rows(room);
    const closed = nextClose(line);
    let broadcast = false;
    exec.doc.on("update", () => (broadcast = true));
    setTargetFields(line.doc, id, { topDown: 150_000, bottomUp: 140_000 });
    const { code, reason } = await closed;
    expect(code).toBe(CLOSE_UPDATE_REFUSED);
    expect(reason).toMatch(/Only an executive/);
    await new Promise((r) => setTimeout(r, 100));
    expect(broadcast).toBe(false);
    expect(rows(room)).toBe(logged);
    const plan = await env.collab().read(TEST_WORKSPACE, { kind: "plan", unitId: "sl1", year: 2027 });
    expect(plan.targets[0]).toMatchObject({ topDown: 250_000, bottomUp: 150_000 });

    // Creating a target that arrives already "agreed" is refused too.
    const again = await provider("carla", room);
    const closed2 = nextClose(again);
    addTarget(again.doc, { domain: "quality", measure: "Falls", agreed: 3 });
    expect((await closed2).code).toBe(CLOSE_UPDATE_REFUSED);
    // And the executive's own change is accepted.
    setTargetFields(exec.doc, id, { agreed: 200_000, status: "agreed" });
    await eventually(() => rows(room) === logged + 1, 3_000, "executive's agreement logged");
    for (const p of [exec, line, again]) p.destroy();
  });

  it("content with different writers in rooms whose permission differs: a contributor's structure edits are dropped", async () => {
    const line = await provider("carla");
    const before = rows("structure");
    addDivision(line.doc, "carla-was-here");
    await new Promise((r) => setTimeout(r, 300));
    expect(rows("structure")).toBe(before);
    expect(line.wsconnected).toBe(true);
    expect((await env.collab().read(TEST_WORKSPACE, { kind: "structure" })).units.some((u) => u.id === "carla-was-here")).toBe(false);
    line.destroy();
  });
});

describe("presence bound to the session", () => {
  it("shows the session's name whatever the client claims, and drops invalid or oversized states", async () => {
    const watcher = await provider("watcher", "delegation");
    const ws = await openRaw(`${env.serverUrl()}/delegation`, await env.cookie("mallory"));
    ws.send(awarenessFrame(5151, 1, { user: { id: "ceo", name: "Chief Executive", colour: "#000000" }, selection: { kind: "cell", id: "d1:board" } }));
    await eventually(() => watcher.awareness.getStates().has(5151), 3_000, "presence shown");
    const seen = watcher.awareness.getStates().get(5151) as { user: { id: string; name: string }; selection: unknown };
    expect(seen.user.name).toBe("mallory");
    expect(seen.user.id).not.toBe("ceo");
    expect(seen.selection).toEqual({ kind: "cell", id: "d1:board" });
    // Not a presence state, then far too big: neither replaces the valid one.
    ws.send(awarenessFrame(5151, 2, { selection: 42 }));
    ws.send(awarenessFrame(5151, 3, { selection: { kind: "unit", id: "x".repeat(5_000) } }));
    ws.send(awarenessFrame(5151, 4, { selection: { kind: "unit", id: "a".repeat(150) }, junk: "y".repeat(5_000) }));
    await new Promise((r) => setTimeout(r, 200));
    expect((watcher.awareness.getStates().get(5151) as { selection: unknown }).selection).toEqual({ kind: "cell", id: "d1:board" });
    expect(ws.readyState).toBe(ws.OPEN);
    ws.close();
    watcher.destroy();
  });

  it("keeps a presence id with the person who first used it, across their brief disconnection", async () => {
    const watcher = await provider("watcher", "delegation");
    const alice = await openRaw(`${env.serverUrl()}/delegation`, await env.cookie("alice"));
    alice.send(awarenessFrame(6161, 1, { selection: null }));
    await eventually(() => (watcher.awareness.getStates().get(6161) as { user?: { name: string } })?.user?.name === "alice", 3_000, "alice shown");
    alice.close();
    await eventually(() => !watcher.awareness.getStates().has(6161), 3_000, "alice gone");
    // Mallory grabs the id while Alice's browser is reconnecting: refused.
    const mallory = await openRaw(`${env.serverUrl()}/delegation`, await env.cookie("mallory"));
    mallory.send(awarenessFrame(6161, 5, { selection: { kind: "cell", id: "x" } }));
    await new Promise((r) => setTimeout(r, 200));
    expect(watcher.awareness.getStates().has(6161)).toBe(false);
    // Alice comes back with her id and gets it.
    const back = await openRaw(`${env.serverUrl()}/delegation`, await env.cookie("alice"));
    back.send(awarenessFrame(6161, 6, { selection: null }));
    await eventually(() => (watcher.awareness.getStates().get(6161) as { user?: { name: string } })?.user?.name === "alice", 3_000, "alice back");
    for (const w of [mallory, back]) w.close();
    watcher.destroy();
  });
});

describe("data that is already bad", () => {
  it("loads, accepts edits that add no new breach, refuses ones that do, and can be repaired; skipped updates are counted", async () => {
    // Write a cycle into the log while the server is down, as a server without the checks would have.
    let seq = 0;
    await env.restart((db) => {
      const store = collabStore(db);
      const bad = store.load(TEST_WORKSPACE, "structure").doc;
      const sv = Y.encodeStateVector(bad);
      structureUnits(bad).get("div")!.set("parentId", "sl1");
      seq = store.maxSeq(TEST_WORKSPACE, "structure") + 1;
      store.insertUpdate(TEST_WORKSPACE, "structure", seq, Y.encodeStateAsUpdate(bad, sv), null, Date.now());
      // And a row that does not decode at all, which loading must skip, log and count.
      store.insertUpdate(TEST_WORKSPACE, "structure", seq + 1, new Uint8Array([0, 1, 2, 250, 3]), null, Date.now());
    });
    open.length = 0;

    const problems = await env.collab().problems(TEST_WORKSPACE, { kind: "structure" });
    expect(problems.map((p) => p.key)).toContain("unit:div:cycle");
    expect(env.collab().stats().skippedOnLoad).toBe(1);
    expect(env.collab().stats().degradedRooms).toBe(1);

    const p = await provider("honest");
    updateUnit(p.doc, "sl9", { budgetHolder: "Jo Bloggs" });
    await eventually(() => rows("structure") === seq + 2, 3_000, "an edit that adds no breach is accepted");
    const closed = nextClose(p);
    structureUnits(p.doc).get("sl9")!.set("parentId", "nowhere");
    expect((await closed).code).toBe(CLOSE_UPDATE_REFUSED);

    const author = await ensureMember(env.db(), "fixer");
    const fixer = env.db().$client.prepare("SELECT id FROM users WHERE email = ?").get(author.email) as { id: string };
    const changes = await env.collab().repair(TEST_WORKSPACE, { kind: "structure" }, { authorId: fixer.id });
    expect(changes.join(" ")).toMatch(/Moved/);
    expect(await env.collab().problems(TEST_WORKSPACE, { kind: "structure" })).toEqual([]);
    const row = env.db().$client.prepare("SELECT author_id FROM doc_updates WHERE room = 'structure' ORDER BY seq DESC LIMIT 1").get() as { author_id: string };
    expect(row.author_id).toBe(fixer.id);
    const after = await provider("late");
    expect(readStructure(after.doc).units.find((u) => u.id === "sl9")!.budgetHolder).toBe("Jo Bloggs");

    const health = await fetch(`http://127.0.0.1:${env.port}/healthz`).then((r) => r.json());
    expect(health).toMatchObject({ status: "ok", collab: { skippedOnLoad: 1 } });
    p.destroy();
    after.destroy();
  });
});

async function docFromServer(): Promise<Y.Doc> {
  const d = new Y.Doc();
  Y.applyUpdate(d, (await env.collab().snapshot(TEST_WORKSPACE, { kind: "structure" })).state);
  return d;
}

describe("typing", () => {
  it("text typed into a field passes quickly, but a top-level text under a name the document lacks is refused", async () => {
    const p = await provider("typist");
    const before = rows("structure");
    p.doc.transact(() => {
      const t = structureUnits(p.doc).get("sl1")!.get("description") as Y.Text;
      t.insert(0, "Cardiology provides ");
    });
    await eventually(() => rows("structure") === before + 1, 3_000, "typing logged");
    const closed = nextClose(p);
    p.doc.getText("essay").insert(0, "not part of a structure");
    expect((await closed).code).toBe(CLOSE_UPDATE_REFUSED);
    p.destroy();
  });
});

describe("field edits", () => {
  it("a unit's name is checked on its own, but a wrong type in that field is still refused", async () => {
    const p = await provider("namer");
    const before = rows("structure");
    updateUnit(p.doc, "sl9", { name: "Respiratory medicine" });
    await eventually(() => rows("structure") === before + 1, 3_000, "rename logged");
    const closed = nextClose(p);
    structureUnits(p.doc).get("sl9")!.set("name", 42);
    expect((await closed).code).toBe(CLOSE_UPDATE_REFUSED);
    expect(rows("structure")).toBe(before + 1);
    p.destroy();
  });
});
