/**
 * The incentive and consequence framework over the wire (issue 13): stock y-websocket clients. The
 * executive sets the shares and consequences and everyone sees them; a clinician comments in their
 * own name; a clinician changing a share, removing or forging someone else's comment, or an executive
 * writing a level 5 or a share of 900% is refused whole — not applied, not logged, not broadcast, the
 * writer told why (4422). A viewer's edits are never stored; a malformed year is no room.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { findUserByEmail } from "../../server/repositories/users";
import { addComment, addConsequence, incentivesRewards, readIncentives, removeComment, setReward } from "../../shared/collab/incentives-doc";
import { CLOSE_UPDATE_REFUSED } from "../../shared/collab/protocol";
import { connectProvider, ensureMember, eventually, OTHER_WORKSPACE, startCollabTestServer, TEST_WORKSPACE, whenSynced, type CollabTestEnv, type MemberMode } from "./harness";
import { upgradeStatus } from "./wire";

process.setMaxListeners(0);

let env: CollabTestEnv;
const open: WebsocketProvider[] = [];
const ROOM = "incentives/2026-27";
const REF = { kind: "incentives", year: 2026 } as const;

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

describe("the incentives room", () => {
  it("the executive sets the framework and a clinician comments; everyone sees both", async () => {
    const dof = await person("dof", "executive");
    const ann = await person("ann", "contributor");
    expect(setReward(dof.p.doc, 1, { sharePct: 50 }).ok).toBe(true);
    expect(addConsequence(dof.p.doc, { kind: "special_measures", fromLevel: 4, days: 0, months: 6, detail: "" }).ok).toBe(true);
    await eventually(() => readIncentives(ann.p.doc).rewards[1].sharePct === 50 && readIncentives(ann.p.doc).consequences.length === 1, 3_000, "the framework reaches the clinician");
    expect(addComment(ann.p.doc, ann, "Please keep something for level 3 lines that improve").ok).toBe(true);
    await eventually(() => readIncentives(dof.p.doc).comments.some((c) => c.userId === ann.id), 3_000, "the comment reaches the executive");
    const hers = env.db().$client.prepare("SELECT count(*) AS n FROM doc_updates WHERE workspace_id = ? AND room = ? AND author_id = ?").get(TEST_WORKSPACE, ROOM, ann.id) as { n: number };
    expect(hers.n).toBeGreaterThanOrEqual(1);
    expect((await env.collab().read(TEST_WORKSPACE, REF)).rewards[1].sharePct).toBe(50);
  });

  it("refuses a clinician's change to the shares, and any change to someone else's comment", async () => {
    const dof = await person("dof", "executive");
    const ben = await person("ben", "contributor");
    await expectRefused(ben.p, dof.p, (doc) => setReward(doc, 3, { sharePct: 10 }), /Only an executive can change the rewards/);
    const ben2 = await person("ben", "contributor");
    const annComment = readIncentives(ben2.p.doc).comments[0]!;
    await expectRefused(ben2.p, dof.p, (doc) => removeComment(doc, annComment.id), /only your own comments/);
    const ben3 = await person("ben", "contributor");
    const annId = annComment.userId;
    await expectRefused(ben3.p, dof.p, (doc) => addComment(doc, { id: annId, name: "ann" }, "I withdraw my comment"), /only your own comments/);
  });

  it("even an executive cannot write a level 5 or a share of 900%", async () => {
    const dof = await person("dof", "executive");
    const watcher = await person("watcher", "executive");
    await expectRefused(dof.p, watcher.p, (doc) => incentivesRewards(doc).set("5", new Y.Map() as never), /not an earned-autonomy level/);
    const dof2 = await person("dof", "executive");
    await expectRefused(
      dof2.p,
      watcher.p,
      (doc) =>
        doc.transact(() => {
          const m = incentivesRewards(doc).get("2")!;
          if (m instanceof Y.Map) m.set("sharePct", 900);
          else {
            const n = new Y.Map<unknown>();
            incentivesRewards(doc).set("2", n as never);
            n.set("sharePct", 900);
          }
        }),
      /percentage from 0 to 100/,
    );
  });

  it("never stores a viewer's edit; a malformed year and another trust's room are refused", async () => {
    const viewer = await person("vera", "viewer");
    const before = rows();
    setReward(viewer.p.doc, 4, { sharePct: 5 });
    await new Promise((r) => setTimeout(r, 300));
    expect(rows()).toBe(before);
    const cookie = await env.cookie("dof", "executive");
    expect(await upgradeStatus(`${env.serverUrl()}/incentives/2026-28`, cookie)).toBe(404);
    expect(await upgradeStatus(`${env.serverUrl()}/incentives/2026-27/sl1`, cookie)).toBe(404);
    expect(await upgradeStatus(`${env.serverUrl(OTHER_WORKSPACE)}/incentives/2026-27`, cookie)).toBe(404);
  });
});
