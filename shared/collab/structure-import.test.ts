import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { planStructureImport, structureToRows } from "../structure/import";
import { structureErrors } from "../structure/model";
import { addUnit, deleteUnit, readStructure, structureUnits, unitDescription } from "./structure-doc";
import { applyStructureImport } from "./structure-import";

const ORIGIN = { import: true };

function demoDoc() {
  const doc = new Y.Doc();
  const add = (u: Parameters<typeof addUnit>[1]) => {
    const r = addUnit(doc, u);
    if ("error" in r) throw new Error(r.error);
  };
  add({ id: "board", code: "BOARD", name: "Trust Board", kind: "board", parentId: null, leaders: [], budgetHolder: "" });
  add({ id: "med", code: "MED", name: "Medicine", kind: "division", parentId: "board", leaders: [], budgetHolder: "" });
  add({ id: "surg", code: "SURG", name: "Surgery", kind: "division", parentId: "board", leaders: [], budgetHolder: "" });
  add({ id: "card", code: "CARD", name: "Cardiology", kind: "service_line", parentId: "med", leaders: [], budgetHolder: "", description: "Old text." });
  add({ id: "card-int", code: "CARD-INT", name: "Interventional", kind: "sub_service_line", parentId: "card", leaders: [], budgetHolder: "" });
  return doc;
}

const rows = (...r: [string, string, string, string, string?][]) =>
  r.map(([Code, Name, Kind, parent, Description]) => ({ Code, Name, Kind, "Parent code": parent, ...(Description !== undefined ? { Description } : {}) }));

describe("applyStructureImport", () => {
  it("applies adds, updates, moves and descriptions in one transaction that one Undo reverses", () => {
    const doc = demoDoc();
    const before = readStructure(doc);
    const plan = planStructureImport(
      rows(
        ["VASC-OP", "Vascular clinic", "pod", "VASC"],
        ["VASC", "Vascular surgery", "service line", "SURG", "Arteries and veins."],
        ["CARD", "Cardiology and vascular", "service line", "SURG", "New text."],
      ),
      before.units,
    );
    expect(plan.errors).toEqual([]);
    const undo = new Y.UndoManager(structureUnits(doc), { trackedOrigins: new Set([ORIGIN]), captureTimeout: 0 });
    let transactions = 0;
    doc.on("afterTransaction", () => transactions++);

    expect(applyStructureImport(doc, plan.changes, ORIGIN)).toEqual({ ok: true, added: 2, updated: 1 });
    expect(transactions).toBe(1);
    const after = readStructure(doc);
    expect(structureErrors(after)).toEqual([]);
    const card = after.units.find((u) => u.code === "CARD")!;
    expect(card).toMatchObject({ name: "Cardiology and vascular", parentId: "surg", description: "New text." });
    const vasc = after.units.find((u) => u.code === "VASC")!;
    expect(vasc).toMatchObject({ parentId: "surg", description: "Arteries and veins." });
    expect(after.units.find((u) => u.code === "VASC-OP")!.parentId).toBe(vasc.id);
    // Re-planning the same file against the result finds nothing left to do.
    expect(planStructureImport(structureToRows(after), after.units).summary).toEqual({ added: 0, updated: 0, unchanged: 7 });

    expect(undo.undoStack.length).toBe(1);
    undo.undo();
    expect(readStructure(doc)).toEqual(before);
    expect(unitDescription(doc, "card")!.toString()).toBe("Old text.");
  });

  it("moves an existing unit under a unit the same import adds, whatever the row order", () => {
    const doc = demoDoc();
    const plan = planStructureImport(rows(["CARD-INT", "Interventional", "sub-service line", "NEW"], ["CARD", "Cardiology", "service line", "SURG"], ["NEW", "New line", "service line", "MED"]), readStructure(doc).units);
    expect(plan.errors).toEqual([]);
    expect(applyStructureImport(doc, plan.changes)).toEqual({ ok: true, added: 1, updated: 2 });
    const s = readStructure(doc);
    expect(structureErrors(s)).toEqual([]);
    expect(s.units.find((u) => u.code === "CARD-INT")!.parentId).toBe(s.units.find((u) => u.code === "NEW")!.id);
  });

  it("changes nothing when the structure moved on since the plan was made", () => {
    const doc = demoDoc();
    const plan = planStructureImport(rows(["LINE", "New line", "service line", "SURG"], ["CARD", "Cardiology", "service line", "SURG"]), readStructure(doc).units);
    expect(plan.errors).toEqual([]);
    const gone = deleteUnit(doc, "surg", "cascade");
    expect(gone).toEqual({ ok: true });
    const snapshot = Y.encodeStateAsUpdate(doc);
    const res = applyStructureImport(doc, plan.changes);
    expect(res).toEqual({ ok: false, error: expect.stringMatching(/^The structure has changed since the file was checked/) });
    expect(Y.encodeStateAsUpdate(doc)).toEqual(snapshot);

    const doc2 = demoDoc();
    const plan2 = planStructureImport(rows(["LINE", "New line", "service line", "SURG"]), readStructure(doc2).units);
    addUnit(doc2, { code: "line", name: "Someone else's", kind: "service_line", parentId: "med", leaders: [], budgetHolder: "" });
    expect(applyStructureImport(doc2, plan2.changes)).toEqual({ ok: false, error: expect.stringMatching(/code LINE now exists/) });
  });
});
