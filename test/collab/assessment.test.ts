/**
 * The SLM maturity self-assessment over the wire (issue 15): stock y-websocket clients signed in as
 * workshop participants. A participant joins and scores for themselves; scoring in someone else's
 * name, recording the agreed level, writing a section the framework does not have or a level outside
 * 1–4 is refused whole: not applied, not logged, not broadcast, the writer told why (4422).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { findUserByEmail } from "../../server/repositories/users";
import { assessmentSections, joinAssessment, readAssessment, setAgreed, setScore } from "../../shared/collab/assessment-doc";
import { CLOSE_UPDATE_REFUSED } from "../../shared/collab/protocol";
import { connectProvider, ensureMember, eventually, startCollabTestServer, TEST_WORKSPACE, whenSynced, type CollabTestEnv, type MemberMode } from "./harness";
import { upgradeStatus } from "./wire";

process.setMaxListeners(0);

let env: CollabTestEnv;
const open: WebsocketProvider[] = [];
const ROOM = "assessment/2026-27";
const REF = { kind: "assessment", year: 2026 } as const;

beforeAll(async () => {
  env = await startCollabTestServer();
});
afterAll(async () => {
  for (const p of open) p.destroy();
  await env.stop();
});

const rows = () => (env.db().$client.prepare("SELECT count(*) AS n FROM doc_updates WHERE workspace_id = ? AND room = ?").get(TEST_WORKSPACE, ROOM) as { n: number }).n;
const serverState = async () => Buffer.from((await env.collab().snapshot(TEST_WORKSPACE, REF)).state).toString("base64");

async function person(name: string, mode: MemberMode): Promise<{ id: string; name: string; p: WebsocketProvider }> {
  const cookie = await env.cookie(name, mode);
  const { email } = await ensureMember(env.db(), name, mode);
  const p = connectProvider(env.serverUrl(), ROOM, cookie);
  open.push(p);
  await whenSynced(p);
  return { id: findUserByEmail(env.db(), email)!.id, name, p };
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

describe("the assessment room", () => {
  it("a participant joins and scores for themselves; everyone sees it; the rest is refused", async () => {
    const exec = await person("facilitator", "executive");
    const ann = await person("ann", "contributor");
    joinAssessment(exec.p.doc, exec, "Director of Finance");
    joinAssessment(ann.p.doc, ann, "Clinical lead");
    expect(setScore(ann.p.doc, ann.id, "p1s1", { level: 2, rationale: "Monthly statements" }).ok).toBe(true);
    await eventually(() => readAssessment(exec.p.doc).scores[ann.id]?.p1s1?.level === 2, 3_000, "Ann's score reaches the facilitator");
    await eventually(() => rows() >= 3, 3_000, "logged");
    // Ann's own edits are attributed to her.
    const hers = env.db().$client.prepare("SELECT count(*) AS n FROM doc_updates WHERE workspace_id = ? AND room = ? AND author_id = ?").get(TEST_WORKSPACE, ROOM, ann.id) as { n: number };
    expect(hers.n).toBeGreaterThanOrEqual(2);

    // Scoring in the facilitator's name.
    await expectRefused(ann.p, exec.p, (doc) => setScore(doc, exec.id, "p1s1", { level: 4 }), /only your own scores/);
    // Recording the agreed level.
    const ann2 = await person("ann", "contributor");
    await expectRefused(ann2.p, exec.p, (doc) => setAgreed(doc, "p4s7", { agreedLevel: 4 }), /Only an executive can record the agreed levels/);
    // Renaming someone else.
    const ann3 = await person("ann", "contributor");
    await expectRefused(ann3.p, exec.p, (doc) => joinAssessment(doc, { id: exec.id, name: "Someone else" }, ""), /only yourself as a participant/);
  });

  it("even an executive cannot write a section the framework lacks or a level outside 1–4", async () => {
    const exec = await person("facilitator", "executive");
    const watcher = await person("watcher", "executive");
    await expectRefused(exec.p, watcher.p, (doc) => assessmentSections(doc).set("p9s1", new Y.Map() as never), /not a section of the framework/);
    const exec2 = await person("facilitator", "executive");
    await expectRefused(
      exec2.p,
      watcher.p,
      (doc) =>
        doc.transact(() => {
          const m = new Y.Map<unknown>();
          assessmentSections(doc).set("p1s2", m as never);
          m.set("agreedLevel", 7);
        }),
      /Choose a level from 1 to 4/,
    );
    // An honest agreement still goes through and is seen.
    const exec3 = await person("facilitator", "executive");
    expect(setAgreed(exec3.p.doc, "p1s1", { agreedLevel: 2, rationale: "Agreed in the room" }).ok).toBe(true);
    await eventually(() => readAssessment(watcher.p.doc).sections.p1s1!.agreedLevel === 2, 3_000, "agreement seen");
  });

  it("a viewer's edits are never stored; a division assessment needs a division", async () => {
    const viewer = await person("vera", "viewer");
    const before = rows();
    joinAssessment(viewer.p.doc, { id: "x", name: "Vera" }, "");
    await new Promise((r) => setTimeout(r, 300));
    expect(rows()).toBe(before);
    const cookie = await env.cookie("facilitator", "executive");
    expect(await upgradeStatus(`${env.serverUrl()}/assessment/2026-27/sl1`, cookie)).toBe(404);
    expect(await upgradeStatus(`${env.serverUrl()}/assessment/2026-28`, cookie)).toBe(404);
  });
});
