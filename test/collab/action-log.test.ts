/**
 * The live action log of a review series over the wire (issue 13): stock y-websocket clients signed
 * in as the chair, the secretary, a line's clinician and others. The chair adds actions; a line's
 * member updates their own line's; closing an action without evidence, changing another line's
 * action, writing as someone who is neither chair nor secretary, or changing who chairs the log is
 * refused whole: not applied, not logged, not broadcast, the writer told why (4422).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { createSeries } from "../../server/repositories/reviews";
import { findUserByEmail } from "../../server/repositories/users";
import { actionLogActions, actionLogMeta, addActionUpdate, addLoggedAction, closeAction, readActionLog, setActionLogMeta } from "../../shared/collab/action-log-doc";
import { CLOSE_UPDATE_REFUSED } from "../../shared/collab/protocol";
import { seriesInput } from "../../shared/reviews/model";
import { connectProvider, ensureMember, eventually, startCollabTestServer, TEST_WORKSPACE, whenSynced, type CollabTestEnv, type MemberMode } from "./harness";
import { upgradeStatus } from "./wire";

process.setMaxListeners(0);

let env: CollabTestEnv;
const open: WebsocketProvider[] = [];
const SERIES = "rs_medicine";
const ROOM = `actions/${SERIES}`;
const REF = { kind: "actions", seriesId: SERIES } as const;

const rows = () => (env.db().$client.prepare("SELECT count(*) AS n FROM doc_updates WHERE workspace_id = ? AND room = ?").get(TEST_WORKSPACE, ROOM) as { n: number }).n;
const serverState = async () => Buffer.from((await env.collab().snapshot(TEST_WORKSPACE, REF)).state).toString("base64");
const idOf = async (name: string, mode: MemberMode) => findUserByEmail(env.db(), (await ensureMember(env.db(), name, mode)).email)!.id;

beforeAll(async () => {
  env = await startCollabTestServer();
  const chair = await idOf("chair", "executive");
  const secretary = await idOf("secretary", "editor");
  const input = seriesInput.parse({
    name: "Medicine divisional review",
    kind: "performance_review",
    tier: "division",
    unitId: "div",
    chairName: "chair",
    chairUserId: chair,
    secretaryName: "secretary",
    secretaryUserId: secretary,
    essentialAttendees: "chair, Chief Executive\nsecretary, Performance Manager",
    quorum: "2",
    frequency: "fixed",
    cadence: "monthly",
    ruleNth: "2",
    ruleWeekday: "2",
    actionPrefix: "MED",
  });
  createSeries(env.db(), TEST_WORKSPACE, input, { id: chair, name: "chair" }, "2026-12-01", { id: SERIES });
  await env.collab().transact(TEST_WORKSPACE, REF, (doc) => void setActionLogMeta(doc, { seriesId: SERIES, unitId: "div", prefix: "MED", chairId: chair, secretaryId: secretary }), { authorId: null });
});
afterAll(async () => {
  for (const p of open) p.destroy();
  await env.stop();
});

async function person(name: string, mode: MemberMode): Promise<{ id: string; name: string; p: WebsocketProvider }> {
  const cookie = await env.cookie(name, mode);
  const id = await idOf(name, mode);
  const p = connectProvider(env.serverUrl(), ROOM, cookie);
  open.push(p);
  await whenSynced(p);
  return { id, name, p };
}

function nextClose(p: WebsocketProvider): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => p.once("connection-close", (e: CloseEvent | null) => resolve({ code: e?.code ?? -1, reason: e?.reason ?? "" })));
}

async function expectRefused(attacker: WebsocketProvider, honest: WebsocketProvider, edit: (doc: Y.Doc) => void, reason: RegExp) {
  const before = rows();
  const state = await serverState();
  let broadcast = false;
  const watch = () => (broadcast = true);
  honest.doc.on("update", watch);
  const closed = nextClose(attacker);
  edit(attacker.doc);
  const { code, reason: why } = await closed;
  expect(code).toBe(CLOSE_UPDATE_REFUSED);
  expect(why).toMatch(reason);
  await new Promise((r) => setTimeout(r, 150));
  honest.doc.off("update", watch);
  expect(broadcast).toBe(false);
  expect(rows()).toBe(before);
  expect(await serverState()).toBe(state);
  attacker.destroy();
}

/** Sets fields of an action straight in the document, as a stock client could (no accessor checks). */
const rawSet = (id: string, fields: Record<string, unknown>) => (doc: Y.Doc) =>
  doc.transact(() => {
    const m = actionLogActions(doc).get(id) as Y.Map<unknown>;
    for (const [k, v] of Object.entries(fields)) m.set(k, v);
  });

describe("the action log room", () => {
  let mine = "";
  let theirs = "";

  it("the chair adds actions and a line's clinician sees them live and updates their own", async () => {
    const chair = await person("chair", "executive");
    const ann = await person("ann", "contributor");
    const a = addLoggedAction(chair.p.doc, { action: "Recovery plan for cardiology 18 weeks", ownerName: "ann", ownerId: "", due: "2026-11-30", unitId: "sl1", linkKind: "kpi", linkRef: "RTT18", linkLabel: "RTT18" });
    const b = addLoggedAction(chair.p.doc, { action: "Respiratory sickness absence review", ownerName: "Becky", due: "2027-01-15", unitId: "sl9" });
    expect(a.ok && b.ok).toBe(true);
    if (!a.ok || !b.ok) return;
    expect([a.ref, b.ref]).toEqual(["MED-1", "MED-2"]);
    mine = a.id;
    theirs = b.id;
    await eventually(() => readActionLog(ann.p.doc).actions.length === 2, 3_000, "actions reach the clinician");
    expect(addActionUpdate(ann.p.doc, { actionId: mine, text: "Extra Saturday lists from January", on: "2026-12-01", byId: ann.id, byName: "ann", meetingId: "" }).ok).toBe(true);
    await eventually(() => readActionLog(chair.p.doc).updates.length === 1, 3_000, "the update reaches the chair");
    const hers = env.db().$client.prepare("SELECT count(*) AS n FROM doc_updates WHERE workspace_id = ? AND room = ? AND author_id = ?").get(TEST_WORKSPACE, ROOM, ann.id) as { n: number };
    expect(hers.n).toBe(1);
  });

  it("refuses closing an action without evidence, even from the chair", async () => {
    const watcher = await person("watcher", "executive");
    const chair = await person("chair", "executive");
    // The accessor refuses first, with the same rule…
    expect(closeAction(chair.p.doc, mine, "  ", "2026-12-01")).toEqual({ ok: false, error: expect.stringMatching(/cannot be closed without its evidence/) });
    // …and the server refuses a stock client that writes it anyway.
    await expectRefused(chair.p, watcher.p, rawSet(mine, { status: "closed", closedOn: "2026-12-01", evidence: "" }), /MED-1 cannot be closed without its evidence/);
    const ann = await person("ann", "contributor");
    await expectRefused(ann.p, watcher.p, rawSet(mine, { status: "closed", closedOn: "", evidence: "Lists running since 3 January" }), /without the date it was closed/);
  });

  it("refuses a line's member changing another line's action, or an update in someone else's name", async () => {
    const watcher = await person("watcher", "executive");
    const ann = await person("ann", "contributor");
    await expectRefused(ann.p, watcher.p, rawSet(theirs, { rag: "green" }), /only your own service line's actions/);
    const ann2 = await person("ann", "contributor");
    // Moving her own action to another line is changing another line's action too.
    await expectRefused(ann2.p, watcher.p, rawSet(mine, { unitId: "sl9" }), /only your own service line's actions/);
    const ann3 = await person("ann", "contributor");
    await expectRefused(ann3.p, watcher.p, (doc) => void addActionUpdate(doc, { actionId: mine, text: "Done, says the chair", on: "2026-12-01", byId: watcher.id, byName: "watcher", meetingId: "" }), /only your own updates/);
  });

  it("only the chair, the secretary and executives add actions; nobody changes who chairs the log", async () => {
    const watcher = await person("watcher", "executive");
    const eddie = await person("eddie", "editor");
    await expectRefused(eddie.p, watcher.p, (doc) => void addLoggedAction(doc, { action: "Something", ownerName: "eddie", due: "2027-01-01" }), /only your own service line's actions or those you own/);
    const secretary = await person("secretary", "editor");
    expect(addLoggedAction(secretary.p.doc, { action: "Minute the escalation to FPEC", ownerName: "secretary", due: "2027-01-20" }).ok).toBe(true);
    await eventually(() => readActionLog(watcher.p.doc).actions.length === 3, 3_000, "the secretary's action is accepted");
    const chair = await person("chair", "executive");
    await expectRefused(chair.p, watcher.p, (doc) => actionLogMeta(doc).set("secretaryId", "someone"), /set on the series page/);
  });

  it("a line's member closes their own action with its evidence; a viewer's edits are never stored; an unknown series is 404", async () => {
    const chair = await person("chair", "executive");
    const ann = await person("ann", "contributor");
    expect(closeAction(ann.p.doc, mine, "Backlog over 18 weeks down from 412 to 260 (December figures)", "2026-12-01").ok).toBe(true);
    await eventually(() => readActionLog(chair.p.doc).actions.find((a) => a.id === mine)?.status === "closed", 3_000, "closure reaches the chair");
    const viewer = await person("vera", "viewer");
    const before = rows();
    addLoggedAction(viewer.p.doc, { action: "Mine", ownerName: "vera", due: "2027-01-01" });
    await new Promise((r) => setTimeout(r, 300));
    expect(rows()).toBe(before);
    const cookie = await env.cookie("chair", "executive");
    expect(await upgradeStatus(`${env.serverUrl()}/actions/rs_nope`, cookie)).toBe(404);
  });
});
