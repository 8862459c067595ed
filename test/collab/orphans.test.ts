/**
 * Decision record 045, orphans: a unit added offline under a unit someone else deleted meanwhile is
 * kept (as a problem to resolve), not refused; who added a unit is recorded and bound to the writer.
 * Everything else that leaves a unit without a parent is still refused. Real server, stock clients.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { findUserByEmail } from "../../server/repositories/users";
import { CLOSE_UPDATE_REFUSED } from "../../shared/collab/protocol";
import { addUnit, deleteUnit, readOrphans, readStructure, structureUnits } from "../../shared/collab/structure-doc";
import { connectProvider, eventually, startCollabTestServer, TEST_WORKSPACE, whenSynced, type CollabTestEnv } from "./harness";

process.setMaxListeners(0);

let env: CollabTestEnv;
const open: WebsocketProvider[] = [];
beforeAll(async () => {
  env = await startCollabTestServer();
});
afterAll(async () => {
  for (const p of open) p.destroy();
  await env.stop();
});

async function provider(user: string): Promise<WebsocketProvider> {
  const p = connectProvider(env.serverUrl(), "structure", await env.cookie(user));
  open.push(p);
  await whenSynced(p);
  return p;
}
const idOf = (user: string) => findUserByEmail(env.db(), `${user}@collab.test`)!.id;
const live = async () => env.collab().read(TEST_WORKSPACE, { kind: "structure" });
const nextClose = (p: WebsocketProvider) => new Promise<{ code: number; reason: string }>((resolve) => p.once("connection-close", (e: CloseEvent | null) => resolve({ code: e?.code ?? -1, reason: e?.reason ?? "" })));

describe("orphans and who added a unit", () => {
  it("keeps a unit added offline under a unit deleted meanwhile, as an orphan naming its maker; the tree is whole again once it is placed", async () => {
    const a = await provider("anna");
    const b = await provider("ben");
    // Both have a service line to work on.
    const sl = addUnit(a.doc, { id: "slx", kind: "service_line", parentId: "div", code: "SLX", name: "Urology", leaders: [], budgetHolder: "" });
    expect("id" in sl).toBe(true);
    await eventually(() => readStructure(b.doc).units.some((u) => u.id === "slx"), 3_000, "B has Urology");
    // B goes offline and adds a point of delivery under it; A deletes it meanwhile.
    b.disconnect();
    const pod = addUnit(b.doc, { id: "podx", kind: "pod", parentId: "slx", code: "PODX", name: "Stone clinic", leaders: [], budgetHolder: "", createdBy: idOf("ben") });
    expect("id" in pod).toBe(true);
    expect(deleteUnit(a.doc, "slx", "cascade")).toEqual({ ok: true });
    await eventually(() => !structureUnits(a.doc).has("slx"), 3_000, "A deleted it");
    await new Promise((r) => setTimeout(r, 300));
    expect((await live()).units.some((u) => u.id === "slx")).toBe(false);
    // B comes back: the server keeps the new unit, without a parent, rather than refusing it.
    b.connect();
    await eventually(() => readStructure(a.doc).units.some((u) => u.id === "podx"), 5_000, "A sees the orphan");
    expect(b.wsconnected).toBe(true);
    expect((await live()).units.find((u) => u.id === "podx")?.parentId).toBe("slx");
    expect(readOrphans(a.doc)).toEqual([{ id: "podx", name: "Stone clinic", kind: "pod", parentId: "slx", parentDeleted: true, createdBy: idOf("ben") }]);
    const problems = await env.collab().problems(TEST_WORKSPACE, { kind: "structure" });
    expect(problems.map((p) => p.message)).toEqual(["Stone clinic needs a parent: the unit it was added under has been deleted."]);
    // Other edits go on while it waits; placing it clears the problem.
    const ok = addUnit(a.doc, { id: "sly", kind: "service_line", parentId: "div", code: "SLY", name: "Renal", leaders: [], budgetHolder: "", createdBy: idOf("anna") });
    expect("id" in ok).toBe(true);
    await eventually(() => readStructure(b.doc).units.some((u) => u.id === "sly"), 3_000, "B sees Renal");
    b.doc.transact(() => structureUnits(b.doc).get("podx")!.set("parentId", "sly"));
    await eventually(() => readOrphans(a.doc).length === 0, 3_000, "placed");
    expect(await env.collab().problems(TEST_WORKSPACE, { kind: "structure" })).toEqual([]);
    a.destroy();
    b.destroy();
  });

  it("still refuses an existing unit moved under a deleted unit, a unit under an id never held, and a maker who is not the writer", async () => {
    // One client at a time: stock providers of one room in one process share edits with each other.
    const refused = async (edit: (doc: Y.Doc) => void, reason: RegExp) => {
      const p = await provider("mallory");
      const closed = nextClose(p);
      edit(p.doc);
      const { code, reason: why } = await Promise.race([closed, new Promise<{ code: number; reason: string }>((r) => setTimeout(() => r({ code: 0, reason: `timed out waiting for ${String(reason).length} refusal` }), 5_000))]);
      expect(why).toMatch(reason);
      expect(code).toBe(CLOSE_UPDATE_REFUSED);
      p.destroy();
    };
    // "slx" was deleted in the test above: an existing unit may not be moved under it.
    await refused((doc) => structureUnits(doc).get("sl9")!.set("parentId", "slx"), /does not exist|has been deleted/);
    // Written raw: addUnit itself refuses a parent that is not there.
    await refused(
      (doc) =>
        doc.transact(() => {
          const g = new Y.Map<unknown>();
          structureUnits(doc).set("ghost1", g);
          g.set("kind", "pod");
          g.set("name", "Ghost");
          g.set("parentId", "u_never");
        }),
      /does not exist/,
    );
    await refused((doc) => void addUnit(doc, { id: "forged", kind: "division", parentId: "board", code: "FG", name: "Forged", leaders: [], budgetHolder: "", createdBy: idOf("anna") }), /added by the person adding it/);
    await refused((doc) => structureUnits(doc).get("sly")!.set("createdBy", idOf("mallory")), /cannot be changed/);
    // The writer's own id is accepted.
    const m = await provider("mallory");
    const own = addUnit(m.doc, { id: "mine", kind: "division", parentId: "board", code: "MINE", name: "Mine", leaders: [], budgetHolder: "", createdBy: idOf("mallory") });
    expect("id" in own).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    expect(m.wsconnected).toBe(true);
    expect((await live()).units.some((u) => u.id === "mine")).toBe(true);
    m.destroy();
  });
});
