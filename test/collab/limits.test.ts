import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { setAutonomyRules } from "../../shared/collab/autonomy-rules-doc";
import { CLOSE_GOING_AWAY, CLOSE_RATE_LIMITED } from "../../shared/collab/protocol";
import { addDivision, connectProvider, eventually, startCollabTestServer, TEST_WORKSPACE, whenSynced, type CollabTestEnv } from "./harness";
import { awarenessFrame, closeCode, openRaw, syncFrame } from "./wire";

process.setMaxListeners(0);

let env: CollabTestEnv | null = null;
afterEach(async () => {
  await env?.stop().catch(() => {});
  env = null;
});

function count(sql: string): number {
  return (env!.db().$client.prepare(sql).get() as { n: number }).n;
}

describe("collab limits and lifecycle", () => {
  it("closes a connection that exceeds its message rate with CLOSE_RATE_LIMITED", async () => {
    env = await startCollabTestServer({ limits: { maxMessagesPerSecond: 20 } });
    const ws = await openRaw(`${env.serverUrl()}/structure`, await env.cookie("spammer"));
    const closed = closeCode(ws);
    for (let i = 0; i < 50; i++) ws.send(syncFrame(0, Y.encodeStateVector(new Y.Doc())));
    expect(await closed).toBe(CLOSE_RATE_LIMITED);
  });

  it("drops a dead connection on missed pongs and clears its presence", async () => {
    env = await startCollabTestServer({ limits: { pingIntervalMs: 100 } });
    const watcher = connectProvider(env.serverUrl(), "structure", await env.cookie("watcher"));
    await whenSynced(watcher);
    const ghost = await openRaw(`${env.serverUrl()}/structure`, await env.cookie("ghost"));
    ghost.send(awarenessFrame(777, 1, { selection: null }));
    await eventually(() => watcher.awareness.getStates().has(777), 3_000, "ghost presence visible");
    // Stop reading: pings go unanswered, as with a vanished laptop.
    (ghost as unknown as { _socket: { pause(): void } })._socket.pause();
    await eventually(() => !watcher.awareness.getStates().has(777), 3_000, "ghost presence cleared");
    await eventually(() => env!.collab().stats().connections === 1, 3_000, "ghost connection dropped");
    watcher.destroy();
    ghost.terminate();
  });

  it("checkpoints every N updates in the background and keeps the whole log", async () => {
    env = await startCollabTestServer({ limits: { checkpointEveryUpdates: 10 } });
    const p = connectProvider(env.serverUrl(), "structure", await env.cookie("alice"));
    await whenSynced(p);
    // The harness's seed is update 1 of the structure room.
    for (let i = 0; i < 35; i++) {
      addDivision(p.doc, `row${i}`);
      await new Promise((r) => setTimeout(r, 2));
    }
    await eventually(() => count("SELECT count(*) AS n FROM doc_updates") === 36, 3_000, "all updates logged");
    await eventually(() => count("SELECT max(seq) AS n FROM doc_checkpoints") >= 30, 3_000, "checkpoint written");
    // Older checkpoints are pruned; the log is not.
    expect(count("SELECT count(*) AS n FROM doc_checkpoints")).toBeLessThanOrEqual(2);
    expect(count("SELECT count(*) AS n FROM doc_updates")).toBe(36);
    p.destroy();
  });

  it("close() flushes, checkpoints every open room and closes sockets with 1001", async () => {
    env = await startCollabTestServer({ limits: { checkpointEveryUpdates: 10_000, checkpointEveryMs: 600_000 } });
    const ws = await openRaw(`${env.serverUrl()}/delegation`, await env.cookie("alice"));
    const closed = closeCode(ws);
    const src = new Y.Doc();
    setAutonomyRules(src, { promotionMonths: 7 });
    ws.send(syncFrame(2, Y.encodeStateAsUpdate(src)));
    await eventually(() => count("SELECT count(*) AS n FROM doc_updates WHERE room = 'delegation'") === 1);
    expect(count("SELECT count(*) AS n FROM doc_checkpoints WHERE room = 'delegation'")).toBe(0);
    const db = env.db();
    await env.collab().close();
    expect(await closed).toBe(CLOSE_GOING_AWAY);
    // Both open rooms (the harness's structure and this one) are checkpointed.
    expect((db.$client.prepare("SELECT count(*) AS n FROM doc_checkpoints WHERE room = 'delegation'").get() as { n: number }).n).toBe(1);
    await env.restart();
    expect((await env.collab().read(TEST_WORKSPACE, { kind: "delegation" })).rules.promotionMonths).toBe(7);
  });
});
