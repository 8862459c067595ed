/**
 * Annual plans over the wire (issue 12): a stock y-websocket client signed in as a contributor can
 * draft their own line's bottom-up content, but writing the executive's side (a top-down value, the
 * guidance, an agreed target) or another line's plan changes nothing: not applied, not logged, not
 * broadcast. Real server, real clients (the pattern of invariants.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { addRow, addTarget, planSection, planTargets, readPlan, setGuidance, setStage, setTargetFields } from "../../shared/collab/plan-doc";
import { CLOSE_UPDATE_REFUSED } from "../../shared/collab/protocol";
import { phase } from "../../shared/plans/budget";
import { connectProvider, ensureMember, eventually, startCollabTestServer, TEST_WORKSPACE, whenSynced, type CollabTestEnv } from "./harness";

process.setMaxListeners(0);

let env: CollabTestEnv;
const open: WebsocketProvider[] = [];
const ROOM = "plan/sl1/2027-28";
const OTHER = "plan/sl9/2027-28";

beforeAll(async () => {
  env = await startCollabTestServer();
  const { email } = await ensureMember(env.db(), "lina", "contributor");
  expect(email).toBeTruthy();
});
afterAll(async () => {
  for (const p of open) p.destroy();
  await env.stop();
});

const rows = (room: string) => (env.db().$client.prepare("SELECT count(*) AS n FROM doc_updates WHERE workspace_id = ? AND room = ?").get(TEST_WORKSPACE, room) as { n: number }).n;
const state = async (unitId: string) => Buffer.from((await env.collab().snapshot(TEST_WORKSPACE, { kind: "plan", unitId, year: 2027 })).state).toString("base64");

async function provider(user: string, room: string, mode: Parameters<CollabTestEnv["cookie"]>[1] = "rw"): Promise<WebsocketProvider> {
  const p = connectProvider(env.serverUrl(), room, await env.cookie(user, mode));
  open.push(p);
  await whenSynced(p);
  return p;
}

function nextClose(p: WebsocketProvider): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => p.once("connection-close", (e: CloseEvent | null) => resolve({ code: e?.code ?? -1, reason: e?.reason ?? "" })));
}

/** The contributor's stock client makes `edit`; the server must refuse it whole. */
async function expectRefused(edit: (doc: Y.Doc) => void, reason: RegExp) {
  const exec = await provider("exec", ROOM);
  const bad = await provider("lina", ROOM, "contributor");
  const before = rows(ROOM);
  const was = await state("sl1");
  const closed = nextClose(bad);
  let broadcast = false;
  const watch = () => (broadcast = true);
  exec.doc.on("update", watch);
  edit(bad.doc);
  const { code, reason: why } = await closed;
  expect(code).toBe(CLOSE_UPDATE_REFUSED);
  expect(why).toMatch(reason);
  await new Promise((r) => setTimeout(r, 100));
  exec.doc.off("update", watch);
  expect(broadcast).toBe(false);
  expect(rows(ROOM)).toBe(before);
  expect(await state("sl1")).toBe(was);
  bad.destroy();
  exec.destroy();
}

describe("a contributor's stock client on their own line's plan", () => {
  let targetId = "";

  it("writes the line's bottom-up content: a budget line, a scheme and a bottom-up proposal", async () => {
    const exec = await provider("exec", ROOM);
    const line = await provider("lina", ROOM, "contributor");
    expect(addRow(line.doc, "budget", { category: "income", label: "Integrated care board", annual: 1_200_000, months: phase(1_200_000) }).ok).toBe(true);
    const t = addTarget(line.doc, { domain: "operational", code: "RTT18", measure: "Patients waiting under 18 weeks", unit: "%", bottomUp: 62 });
    expect(t.ok).toBe(true);
    targetId = (t as { id: string }).id;
    await eventually(() => planTargets(exec.doc).has(targetId) && planSection(exec.doc, "budget").size === 1, 3_000, "the line's content reaches the executive");
    // The executive sets the top-down side and the guidance in the same room.
    expect(setTargetFields(exec.doc, targetId, { topDown: 65 }).ok).toBe(true);
    expect(setGuidance(exec.doc, { controlTotal: 1_000_000, cipPercent: 4 }).ok).toBe(true);
    await eventually(() => readPlan(line.doc).guidance.controlTotal === 1_000_000, 3_000, "guidance reaches the line");
    const plan = await env.collab().read(TEST_WORKSPACE, { kind: "plan", unitId: "sl1", year: 2027 });
    expect(plan.targets[0]).toMatchObject({ topDown: 65, bottomUp: 62 });
    expect(plan.budget[0]).toMatchObject({ annual: 1_200_000 });
    line.destroy();
    exec.destroy();
  });

  it("cannot write a top-down value", async () => {
    await expectRefused((doc) => setTargetFields(doc, targetId, { topDown: 60 }), /Only an executive/);
  });

  it("cannot write the top-down value raw, bypassing the accessors", async () => {
    await expectRefused((doc) => (planTargets(doc).get(targetId) as Y.Map<unknown>).set("topDown", 55), /Only an executive/);
  });

  it("cannot change the control total or the cost-improvement requirement", async () => {
    await expectRefused((doc) => setGuidance(doc, { controlTotal: 900_000 }), /control total/);
    await expectRefused((doc) => doc.getMap("guidance").delete("cipPercent"), /control total or the cost-improvement/);
  });

  it("cannot agree a target, nor reword one the executive has agreed", async () => {
    await expectRefused((doc) => setTargetFields(doc, targetId, { status: "agreed" }), /Only an executive/);
    const exec = await provider("exec", ROOM);
    expect(setTargetFields(exec.doc, targetId, { agreed: 63.5, status: "agreed" }).ok).toBe(true);
    await eventually(() => readPlan(exec.doc).targets[0]!.status === "agreed", 3_000);
    await new Promise((r) => setTimeout(r, 200));
    exec.destroy();
    await expectRefused((doc) => setTargetFields(doc, targetId, { bottomUp: 70 }), /once it is agreed/);
  });

  it("cannot write a budget line that breaks its schema (eleven months, pence)", async () => {
    await expectRefused(
      (doc) =>
        doc.transact(() => {
          const m = new Y.Map<unknown>();
          doc.getMap("budget").set("bu_bad", m);
          m.set("category", "pay");
          m.set("annual", 100.5);
          m.set("months", [1, 2, 3]);
        }),
      /whole pounds|twelve months/,
    );
  });
});

describe("the plan's stage", () => {
  it("no client may write it, not even an executive's", async () => {
    await expectRefused((doc) => setStage(doc, "agreed"), /only when a step is recorded/);
    const exec = await provider("exec", ROOM);
    const before = rows(ROOM);
    const closed = nextClose(exec);
    setStage(exec.doc, "live");
    expect((await closed).code).toBe(CLOSE_UPDATE_REFUSED);
    expect(rows(ROOM)).toBe(before);
    exec.destroy();
  });

  it("once the server records the plan as agreed, the line's edits are refused", async () => {
    await env.collab().transact(TEST_WORKSPACE, { kind: "plan", unitId: "sl1", year: 2027 }, (doc) => void setStage(doc, "agreed"), { authorId: null });
    await expectRefused((doc) => addRow(doc, "risks", { description: "Late addition" }), /has been agreed/);
    await env.collab().transact(TEST_WORKSPACE, { kind: "plan", unitId: "sl1", year: 2027 }, (doc) => void setStage(doc, "drafting"), { authorId: null });
  });
});

describe("a contributor's stock client on another line's plan", () => {
  it("changes nothing: the room is read-only to them", async () => {
    const exec = await provider("exec", OTHER);
    expect(addRow(exec.doc, "budget", { category: "income", label: "ICB", annual: 500_000, months: phase(500_000) }).ok).toBe(true);
    await eventually(() => rows(OTHER) === 1, 3_000, "the executive's edit logged");
    const before = rows(OTHER);
    const was = await state("sl9");
    const intruder = await provider("lina", OTHER, "contributor");
    let broadcast = false;
    exec.doc.on("update", () => (broadcast = true));
    addRow(intruder.doc, "budget", { category: "pay", label: "Not mine", annual: 1, months: [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] });
    setGuidance(intruder.doc, { controlTotal: 1 });
    await new Promise((r) => setTimeout(r, 500));
    expect(broadcast).toBe(false);
    expect(rows(OTHER)).toBe(before);
    expect(await state("sl9")).toBe(was);
    const plan = await env.collab().read(TEST_WORKSPACE, { kind: "plan", unitId: "sl9", year: 2027 });
    expect(plan.budget.map((b) => b.label)).toEqual(["ICB"]);
    expect(plan.guidance.controlTotal).toBeNull();
    intruder.destroy();
    exec.destroy();
  });
});
