/**
 * The workforce criterion (docs/decisions/046) against the real server with stock clients: a rules
 * document written with four criteria (as every trust's was before it) is accepted and judged as
 * four; adding workforce is accepted; malformed workforce rules are refused whole.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { defaultAutonomyRules, withoutWorkforce } from "../../shared/autonomy/rules";
import { addWorkforceCriterion, delegationRules, setWorkforceThresholds, writeAutonomyRules } from "../../shared/collab/autonomy-rules-doc";
import { CLOSE_UPDATE_REFUSED } from "../../shared/collab/protocol";
import { connectProvider, eventually, startCollabTestServer, TEST_WORKSPACE, whenSynced, type CollabTestEnv } from "./harness";

let env: CollabTestEnv;
const open: WebsocketProvider[] = [];
beforeAll(async () => {
  env = await startCollabTestServer();
});
afterAll(async () => {
  for (const p of open) p.destroy();
  await env.stop();
});

const rows = () => (env.db().$client.prepare("SELECT count(*) AS n FROM doc_updates WHERE workspace_id = ? AND room = 'delegation'").get(TEST_WORKSPACE) as { n: number }).n;
const serverRules = async () => (await env.collab().read(TEST_WORKSPACE, { kind: "delegation" })).rules;

async function provider(user: string): Promise<WebsocketProvider> {
  const p = connectProvider(env.serverUrl(), "delegation", await env.cookie(user));
  open.push(p);
  await whenSynced(p);
  return p;
}

function nextClose(p: WebsocketProvider): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => p.once("connection-close", (e: CloseEvent | null) => resolve({ code: e?.code ?? -1, reason: e?.reason ?? "" })));
}

describe("workforce in the rules document", () => {
  it("accepts rules written with four criteria and judges them as four; then accepts workforce added", async () => {
    const alice = await provider("alice");
    // As a trust's document was written before the criterion: four criteria, no workforce entry.
    writeAutonomyRules(alice.doc, withoutWorkforce(defaultAutonomyRules()));
    await eventually(() => rows() >= 1, 3_000, "four-criterion rules logged");
    await eventually(() => alice.wsconnected, 3_000, "still connected");
    const four = await serverRules();
    expect(four.criteria.map((c) => c.id)).toEqual(["finance", "quality", "performance", "policy"]);
    expect(four.workforceThresholds).toBeUndefined();

    expect(addWorkforceCriterion(alice.doc)).toEqual({ ok: true });
    expect(setWorkforceThresholds(alice.doc, { level2: 2 })).toEqual({ ok: true });
    await eventually(() => rows() >= 3, 3_000, "workforce logged");
    const five = await serverRules();
    expect(five.criteria.map((c) => c.id)).toEqual(["finance", "quality", "performance", "workforce", "policy"]);
    expect(five.workforceThresholds).toEqual({ level1: 0, level2: 2 });
  });

  it.each([
    ["a threshold that is not a whole number", (doc: Y.Doc) => ((delegationRules(doc).get("criteria") as Y.Map<Y.Map<unknown>>).get("workforce")!.set("maxOffTargetLevel2", 1.5)), /whole numbers of indicators/],
    ["level 1 looser than level 2", (doc: Y.Doc) => ((delegationRules(doc).get("criteria") as Y.Map<Y.Map<unknown>>).get("workforce")!.set("maxOffTargetLevel1", 5)), /Level 1 cannot allow more/],
    ["a criterion that does not exist", (doc: Y.Doc) => void (delegationRules(doc).get("criteria") as Y.Map<unknown>).set("staffing", new Y.Map()), /criteria are finance, quality, performance, workforce and policy/],
  ])("refuses the whole update with %s, and the honest client sees nothing of it", async (_what, edit, reason) => {
    const honest = await provider("honest");
    const bad = await provider("mallory");
    const before = rows();
    const rulesBefore = await serverRules();
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
    expect(rows()).toBe(before);
    expect(await serverRules()).toEqual(rulesBefore);
  });
});
