import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { actionLogActions, actionLogChangeRefusal, actionLogProblems, addActionUpdate, addLoggedAction, closeAction, isOverdue, nextActionRef, readActionLog, setActionLogMeta } from "./action-log-doc";

function log() {
  const doc = new Y.Doc();
  setActionLogMeta(doc, { seriesId: "rs1", unitId: "med", prefix: "MED", chairId: "chair", secretaryId: "sec" });
  return doc;
}
const member = (role: "executive" | "editor" | "contributor", userId: string, serviceLineIds: string[] = []) => ({ role, boardSignatory: false, serviceLineIds, userId });

describe("the action log document", () => {
  it("numbers actions in the series' prefix and closes one only with its evidence and date", () => {
    const doc = log();
    const a = addLoggedAction(doc, { action: "Recovery plan", ownerName: "Ann", due: "2026-12-20", unitId: "card" });
    expect(a).toMatchObject({ ok: true, ref: "MED-1" });
    expect(nextActionRef(readActionLog(doc))).toBe("MED-2");
    if (!a.ok) return;
    expect(closeAction(doc, a.id, "", "2026-12-01")).toMatchObject({ ok: false, error: "Action MED-1 cannot be closed without its evidence: say what shows it is done." });
    expect(addLoggedAction(doc, { action: "", ownerName: "Ann", due: "2026-12-20" })).toMatchObject({ ok: false, error: "Say what will be done" });
    expect(isOverdue(readActionLog(doc).actions[0]!, "2026-12-21")).toBe(true);
    // Written around the accessor, the breach is a problem the server refuses to add.
    (actionLogActions(doc).get(a.id) as Y.Map<unknown>).set("status", "closed");
    expect(actionLogProblems(doc).map((p) => p.key)).toEqual([`action:${a.id}:closing`]);
    expect(closeAction(doc, a.id, "Trajectory agreed", "2026-12-01")).toMatchObject({ ok: true });
    expect(actionLogProblems(doc)).toEqual([]);
    expect(isOverdue(readActionLog(doc).actions[0]!, "2026-12-21")).toBe(false);
  });

  it("lets the chair, secretary and executives change anything but meta, and a line only its own actions", () => {
    const doc = log();
    const before = readActionLog(doc);
    const a = addLoggedAction(doc, { action: "Cardiology plan", ownerName: "Ann", due: "2026-12-20", unitId: "card" });
    const added = readActionLog(doc);
    expect(actionLogChangeRefusal(member("editor", "sec"), before, added)).toBeNull();
    expect(actionLogChangeRefusal(member("executive", "x"), before, added)).toBeNull();
    expect(actionLogChangeRefusal(member("contributor", "ann", ["card"]), before, added)).toBeNull();
    expect(actionLogChangeRefusal(member("contributor", "bob", ["resp"]), before, added)).toMatch(/only your own service line's actions/);
    expect(actionLogChangeRefusal(member("editor", "eddie"), before, added)).toMatch(/only your own service line's actions/);
    if (!a.ok) return;
    addActionUpdate(doc, { actionId: a.id, text: "Started", on: "2026-12-02", byId: "chair", byName: "Chair", meetingId: "" });
    expect(actionLogChangeRefusal(member("contributor", "ann", ["card"]), added, readActionLog(doc))).toMatch(/only your own updates/);
    setActionLogMeta(doc, { chairId: "ann" });
    expect(actionLogChangeRefusal(member("executive", "x"), added, readActionLog(doc))).toMatch(/set on the series page/);
  });
});
