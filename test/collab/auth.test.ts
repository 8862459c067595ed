import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { delegationRules, readAutonomyRules, setAutonomyRules, setCriterion } from "../../shared/collab/autonomy-rules-doc";
import { addTarget } from "../../shared/collab/plan-doc";
import { CLOSE_SESSION_ENDED, CLOSE_TOO_MANY_CONNECTIONS } from "../../shared/collab/protocol";
import { addDivision, connectProvider, eventually, OTHER_WORKSPACE, startCollabTestServer, TEST_WORKSPACE, whenSynced, type CollabTestEnv } from "./harness";
import { awarenessFrame, closeCode, openRaw, syncFrame, upgradeStatus } from "./wire";

process.setMaxListeners(0);

let env: CollabTestEnv;
const providers: WebsocketProvider[] = [];
beforeAll(async () => {
  env = await startCollabTestServer({ limits: { maxConnectionsPerUser: 4 } });
});
afterAll(async () => {
  for (const p of providers) p.destroy();
  await env.stop();
});

function logRows(room: string): number {
  return (env.db().$client.prepare("SELECT count(*) AS n FROM doc_updates WHERE room = ?").get(room) as { n: number }).n;
}

describe("collab authorization", () => {
  it("refuses upgrades with HTTP 401 / 403 / 404 before the WebSocket opens", async () => {
    const editor = await env.cookie("alice");
    expect(await upgradeStatus(`${env.serverUrl()}/structure`)).toBe(401);
    expect(await upgradeStatus(`${env.serverUrl(OTHER_WORKSPACE)}/structure`, editor)).toBe(404);
    expect(await upgradeStatus(`${env.serverUrl("no-such-trust")}/structure`, editor)).toBe(404);
    expect(await upgradeStatus(`${env.serverUrl()}/not-a-doc`, editor)).toBe(404);
    expect(await upgradeStatus(`${env.serverUrl()}/plan/x/2027`, editor)).toBe(404);
    expect(await upgradeStatus(`${env.serverUrl()}/structure`, editor)).toBe(101);
    expect(await upgradeStatus(`${env.serverUrl()}/plan/sl1/2027-28`, editor)).toBe(101);
  });

  it("refuses, with 404, a document that names something that does not exist, so nobody can create unbounded rooms", async () => {
    const editor = await env.cookie("alice");
    const roomsBefore = env.collab().stats().rooms;
    // A plan for a unit that is not a service line (the board, a division), for a unit that does not exist, malformed years.
    for (const name of ["plan/board/2027-28", "plan/div/2027-28", "plan/nope/2027-28", "plan/sl1/2027-29", "plan/sl1/2027-2028", "plan/sl1/1999-00", "assessment/2027", "structure/x"]) {
      expect(await upgradeStatus(`${env.serverUrl()}/${name}`, editor), name).toBe(404);
    }
    // Signed out, a stranger learns nothing: 401 whether or not the plan exists.
    expect(await upgradeStatus(`${env.serverUrl()}/plan/nope/2027-28`)).toBe(401);
    expect(await upgradeStatus(`${env.serverUrl()}/plan/sl1/2027-28`)).toBe(401);
    // Many made-up plans open no rooms beyond the structure needed to check them.
    await Promise.all(Array.from({ length: 50 }, (_, i) => upgradeStatus(`${env.serverUrl()}/plan/fake${i}/2027-28`, editor)));
    expect(env.collab().stats().rooms).toBeLessThanOrEqual(roomsBefore + 1);
  });

  it("drops a viewer's writes (never applied, logged or broadcast) but keeps it in sync", async () => {
    const editor = connectProvider(env.serverUrl(), "delegation", await env.cookie("alice"));
    const viewer = connectProvider(env.serverUrl(), "delegation", await env.cookie("victor", "ro"));
    providers.push(editor, viewer);
    await Promise.all([whenSynced(editor), whenSynced(viewer)]);
    setAutonomyRules(editor.doc, { promotionMonths: 3 });
    await eventually(() => delegationRules(viewer.doc).get("promotionMonths") === 3, 3_000, "viewer receives edits");
    await eventually(() => logRows("delegation") === 1);

    setAutonomyRules(viewer.doc, { promotionMonths: 1, financialTolerancePct: 50 });
    await new Promise((r) => setTimeout(r, 300));
    expect(logRows("delegation")).toBe(1);
    const server = await env.collab().read(TEST_WORKSPACE, { kind: "delegation" });
    expect(server.rules.promotionMonths).toBe(3);
    expect(delegationRules(editor.doc).get("financialTolerancePct")).toBeUndefined();
    // The viewer's connection stays open and keeps receiving.
    expect(viewer.wsconnected).toBe(true);
    // A field the viewer did not touch: on one it did, its own dropped write may win locally.
    setCriterion(editor.doc, "finance", { label: "Adherence to the financial plan" });
    await eventually(() => readAutonomyRules(viewer.doc).criteria.find((c) => c.id === "finance")?.label === "Adherence to the financial plan", 3_000, "viewer still receives");
  });

  it("refuses presence for another client's id and keeps the connection", async () => {
    const a = connectProvider(env.serverUrl(), "plan/sl9/2027-28", await env.cookie("alice"));
    const b = connectProvider(env.serverUrl(), "plan/sl9/2027-28", await env.cookie("bob"));
    providers.push(a, b);
    await Promise.all([whenSynced(a), whenSynced(b)]);
    a.awareness.setLocalStateField("user", { name: "Alice" });
    // The name others see is the session's ("alice"), not the one the client published.
    await eventually(() => (b.awareness.getStates().get(a.doc.clientID) as { user?: { name: string } })?.user?.name === "alice");

    const mallory = await openRaw(`${env.serverUrl()}/plan/sl9/2027-28`, await env.cookie("mallory"));
    const malloryId = 424242;
    mallory.send(awarenessFrame(malloryId, 1, { user: { name: "Mallory" } }));
    await eventually(() => b.awareness.getStates().has(malloryId), 3_000, "own presence accepted");
    // Impersonate Alice, then try to remove her presence.
    mallory.send(awarenessFrame(a.doc.clientID, 1000, { user: { name: "Not Alice" } }));
    mallory.send(awarenessFrame(a.doc.clientID, 1001, null));
    await new Promise((r) => setTimeout(r, 200));
    expect((b.awareness.getStates().get(a.doc.clientID) as { user: { name: string } }).user.name).toBe("alice");
    expect(mallory.readyState).toBe(mallory.OPEN);
    // Leaving clears Mallory's own presence for everyone.
    mallory.close();
    await eventually(() => !b.awareness.getStates().has(malloryId), 3_000, "presence cleared on close");
  });

  it("caps connections per user with close code 4029", async () => {
    const cookie = await env.cookie("greedy");
    const open = await Promise.all(Array.from({ length: 4 }, () => openRaw(`${env.serverUrl()}/structure`, cookie)));
    const extra = await openRaw(`${env.serverUrl()}/structure`, cookie);
    expect(await closeCode(extra)).toBe(CLOSE_TOO_MANY_CONNECTIONS);
    for (const ws of open) ws.close();
    await eventually(() => env.collab().stats().connections <= 6, 3_000);
  });

  it("does not log empty or already-known updates", async () => {
    const ws = await openRaw(`${env.serverUrl()}/plan/sl9/2027-28`, await env.cookie("alice"));
    const src = new Y.Doc();
    addTarget(src, { domain: "workforce", measure: "Vacancy rate", unit: "%" });
    const update = Y.encodeStateAsUpdate(src);
    ws.send(syncFrame(2, new Uint8Array([0, 0])));
    ws.send(syncFrame(2, update));
    await eventually(() => logRows("plan/sl9/2027-28") === 1);
    ws.send(syncFrame(1, update));
    ws.send(syncFrame(2, update));
    await new Promise((r) => setTimeout(r, 100));
    expect(logRows("plan/sl9/2027-28")).toBe(1);
    ws.close();
  });

  it("closes a signed-out session's sockets with 4401, after which the cookie opens nothing", async () => {
    const cookie = await env.cookie("sam");
    const ws = await openRaw(`${env.serverUrl()}/structure`, cookie);
    const code = closeCode(ws);
    const res = await fetch(`http://127.0.0.1:${env.port}/sign-out`, { method: "POST", redirect: "manual", headers: { Cookie: cookie, Origin: `http://127.0.0.1:${env.port}` } });
    expect(res.status).toBe(302);
    expect(await code).toBe(CLOSE_SESSION_ENDED);
    expect(await upgradeStatus(`${env.serverUrl()}/structure`, cookie)).toBe(401);
  });

  it("reconnects a member whose role changed with the new access", async () => {
    const viewerCookie = await env.cookie("rita", "ro");
    const before = logRows("structure");
    const rita = connectProvider(env.serverUrl(), "structure", viewerCookie);
    providers.push(rita);
    await whenSynced(rita);
    addDivision(rita.doc, "while-viewer");
    await new Promise((r) => setTimeout(r, 200));
    expect(logRows("structure")).toBe(before);
    // Promote her in the database and tell the collaboration server, as the members page does.
    const user = env.db().$client.prepare("SELECT id FROM users WHERE email = ?").get("rita@collab.test") as { id: string };
    env.db().$client.prepare("UPDATE memberships SET role = 'editor' WHERE user_id = ?").run(user.id);
    expect(env.collab().accessChanged(TEST_WORKSPACE, user.id)).toBe(1);
    // The stock provider reconnects and resends what the server lacks: now it is accepted.
    await eventually(() => logRows("structure") > before, 8_000, "the promoted member's edit to be logged");
  });
});
