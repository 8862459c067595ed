import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { treeProblems } from "../structure/model";
import { addSupportLink, addUnit, readStructure, repairStructure, structureLinks, structureProblems, structureUnits } from "./structure-doc";

function demo(): Y.Doc {
  const doc = new Y.Doc();
  const add = (id: string, kind: Parameters<typeof addUnit>[1]["kind"], parentId: string | null, name = id) => {
    const r = addUnit(doc, { id, kind, parentId, code: id.toUpperCase(), name, leaders: [], budgetHolder: "" });
    if ("error" in r) throw new Error(r.error);
  };
  add("board", "board", null, "Trust board");
  add("med", "division", "board", "Medicine");
  add("card", "service_line", "med", "Cardiology");
  add("cath", "sub_service_line", "card", "Cath lab");
  add("op", "pod", "cath", "Outpatients");
  add("fin", "corporate", "board", "Finance");
  addSupportLink(doc, { fromId: "fin", toId: "card", description: "Business partnering" });
  return doc;
}

const keys = (doc: Y.Doc) => structureProblems(doc).map((p) => p.key).sort();

describe("structure invariants", () => {
  it("a structure built through the accessors has no problems", () => {
    expect(structureProblems(demo())).toEqual([]);
    expect(structureProblems(new Y.Doc())).toEqual([]);
  });

  it("finds a cycle, naming every unit in it, without hanging", () => {
    const doc = demo();
    structureUnits(doc).get("med")!.set("parentId", "cath");
    expect(keys(doc)).toEqual(["unit:card:cycle", "unit:cath:cycle", "unit:med:cycle", "unit:med:kind"]);
    expect(structureProblems(doc)[0]!.message).toMatch(/sits under itself/);
    // A unit that is its own parent.
    structureUnits(doc).get("op")!.set("parentId", "op");
    expect(keys(doc)).toContain("unit:op:cycle");
  });

  it("finds kinds under the wrong parent, missing parents, a second board and junk", () => {
    const doc = demo();
    structureUnits(doc).get("op")!.set("parentId", "med");
    structureUnits(doc).get("card")!.set("parentId", "nowhere");
    const board2 = new Y.Map<unknown>();
    structureUnits(doc).set("b2", board2);
    board2.set("kind", "board");
    board2.set("name", "Shadow board");
    board2.set("parentId", null);
    structureUnits(doc).set("junk", "x" as never);
    const bad = new Y.Map<unknown>();
    structureUnits(doc).set("bad", bad);
    bad.set("kind", "division");
    bad.set("parentId", "board");
    bad.set("leaders", "not a list");
    expect(keys(doc)).toEqual(["board:many", "unit:bad:fields", "unit:card:parent", "unit:junk", "unit:op:kind"]);
  });

  it("finds support links between units that do not exist or cannot support", () => {
    const doc = demo();
    structureUnits(doc).delete("card");
    expect(keys(doc)).toEqual(expect.arrayContaining([expect.stringMatching(/^link:/)]));
  });

  it("checks 10,000 units in linear time", () => {
    const units = Array.from({ length: 10_000 }, (_, i) => ({ id: `u${i}`, kind: i === 0 ? ("board" as const) : ("division" as const), parentId: i === 0 ? null : "u0", name: `U${i}` }));
    const t0 = performance.now();
    expect(treeProblems(units)).toEqual([]);
    // Generous: the quadratic version took seconds.
    expect(performance.now() - t0).toBeLessThan(1_000);
  });
});

describe("repairStructure", () => {
  it("mends a cycle by moving each unit to where it may sit, deleting nothing valid", () => {
    const doc = demo();
    structureUnits(doc).get("med")!.set("parentId", "cath");
    const changes = repairStructure(doc);
    expect(changes.length).toBeGreaterThan(0);
    expect(structureProblems(doc)).toEqual([]);
    expect(readStructure(doc).units.map((u) => u.id).sort()).toEqual(["board", "card", "cath", "fin", "med", "op"]);
    expect(readStructure(doc).units.find((u) => u.id === "med")!.parentId).toBe("board");
  });

  it("removes junk, adds a missing board, demotes a second one and drops broken links", () => {
    const doc = demo();
    structureUnits(doc).set("junk", "x" as never);
    const b2 = new Y.Map<unknown>();
    structureUnits(doc).set("b2", b2);
    b2.set("kind", "board");
    b2.set("name", "Shadow board");
    b2.set("parentId", null);
    b2.set("order", 5);
    const l = new Y.Map<unknown>();
    structureLinks(doc).set("l_bad", l);
    l.set("fromId", "card");
    l.set("toId", "fin");
    repairStructure(doc);
    expect(structureProblems(doc)).toEqual([]);
    expect(readStructure(doc).units.find((u) => u.id === "b2")!.kind).toBe("division");

    const orphaned = new Y.Doc();
    const m = new Y.Map<unknown>();
    structureUnits(orphaned).set("card", m);
    m.set("kind", "service_line");
    m.set("name", "Cardiology");
    m.set("parentId", "gone");
    repairStructure(orphaned);
    expect(structureProblems(orphaned)).toEqual([]);
    expect(readStructure(orphaned).units.map((u) => u.kind).sort()).toEqual(["board", "service_line"]);
  });
});
