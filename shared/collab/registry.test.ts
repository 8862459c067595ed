import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { MemberAccess } from "../roles/roles";
import { addTarget, setTargetFields } from "./plan-doc";
import { docAccess, docName, docProblems, DOC_TYPES, emptySnapshot, financialYearSlug, parseDocName, parseFinancialYearSlug, parseRoomPath, readDoc, roomPath, type DocRef } from "./registry";
import { addUnit, structureUnits } from "./structure-doc";

const member = (role: MemberAccess["role"], serviceLineIds: string[] = []): MemberAccess => ({ role, boardSignatory: false, serviceLineIds });

describe("document names", () => {
  it("parses each type's name into a typed reference and builds it back", () => {
    const refs: DocRef[] = [{ kind: "structure" }, { kind: "delegation" }, { kind: "plan", unitId: "card", year: 2027 }];
    for (const ref of refs) expect(parseDocName(docName(ref))).toEqual(ref);
    expect(docName({ kind: "plan", unitId: "card", year: 2027 })).toBe("plan/card/2027-28");
    expect(docName({ kind: "plan", unitId: "x", year: 2099 })).toBe("plan/x/2099-00");
  });

  it("refuses names that are not documents, malformed years and odd spellings", () => {
    for (const bad of ["secrets", "structure/extra", "plan/card", "plan/card/2027-29", "plan/card/2027/28", "plan/card/27-28", "plan/../2027-28", "plan/card/1999-00", "__proto__", "constructor", ""]) {
      expect(parseDocName(bad), bad).toBeNull();
    }
    expect(parseFinancialYearSlug("2027-28")).toBe(2027);
    expect(parseFinancialYearSlug("2027-2028")).toBeNull();
    expect(financialYearSlug(2027)).toBe("2027-28");
  });

  it("parses upgrade paths, canonical names only", () => {
    expect(parseRoomPath("/collab/riverside/structure")).toEqual({ workspaceId: "riverside", ref: { kind: "structure" }, name: "structure" });
    expect(parseRoomPath("/collab/riverside/plan/card/2027-28")).toEqual({ workspaceId: "riverside", ref: { kind: "plan", unitId: "card", year: 2027 }, name: "plan/card/2027-28" });
    expect(parseRoomPath("/collab/riverside/secrets")).toEqual({ error: "unknown-doc" });
    expect(parseRoomPath("/collab/../structure")).toEqual({ error: "bad-workspace" });
    expect(parseRoomPath("/collab/%E0%A4%A/structure")).toEqual({ error: "bad-workspace" });
    expect(parseRoomPath("/other")).toEqual({ error: "not-collab" });
    expect(roomPath("riverside", { kind: "plan", unitId: "card", year: 2027 })).toBe("/collab/riverside/plan/card/2027-28");
  });
});

describe("access", () => {
  const plan: DocRef = { kind: "plan", unitId: "card", year: 2027 };
  it("gives admins, executives and editors write access to the structure, the scheme and every plan", () => {
    for (const role of ["admin", "executive", "editor"] as const) {
      for (const ref of [{ kind: "structure" }, { kind: "delegation" }, plan] as DocRef[]) expect(docAccess(member(role), ref)).toBe("write");
    }
  });
  it("lets contributors write only the plans of their own service lines", () => {
    const c = member("contributor", ["card"]);
    expect(docAccess(c, plan)).toBe("write");
    expect(docAccess(c, { kind: "plan", unitId: "resp", year: 2027 })).toBe("read");
    expect(docAccess(c, { kind: "structure" })).toBe("read");
    expect(docAccess(c, { kind: "delegation" })).toBe("read");
  });
  it("keeps viewers read-only everywhere", () => {
    const v = member("viewer", ["card"]);
    for (const ref of [{ kind: "structure" }, { kind: "delegation" }, plan] as DocRef[]) expect(docAccess(v, ref)).toBe("read");
  });
});

describe("snapshots and problems", () => {
  it("reads an empty document of every type without throwing", () => {
    expect(emptySnapshot({ kind: "structure" })).toEqual({ trustName: "", units: [], links: [] });
    expect(emptySnapshot({ kind: "delegation" }).empty).toBe(true);
    // Every section of the plan is empty, and no guidance has been issued (issue 12 added the sections).
    expect(emptySnapshot({ kind: "plan", unitId: "card", year: 2027 })).toEqual({ targets: [], notes: "", objectives: [], activity: [], budget: [], cip: [], workforce: [], capital: [], risks: [], developments: [], actions: [], guidance: { controlTotal: null, cipPercent: null }, stage: "drafting" });
    for (const kind of Object.keys(DOC_TYPES)) expect(DOC_TYPES[kind as keyof typeof DOC_TYPES].kind).toBe(kind);
  });

  it("flags content under a top-level name the type does not have", () => {
    const doc = new Y.Doc();
    doc.getMap("units");
    expect(docProblems({ kind: "structure" }, doc)).toEqual([]);
    doc.getArray("junk").insert(0, [1]);
    expect(docProblems({ kind: "structure" }, doc).map((p) => p.key)).toEqual(["root:junk"]);
  });

  it("keeps the executive's side of a plan to the executive", () => {
    const ref = { kind: "plan", unitId: "card", year: 2027 } as const;
    const doc = new Y.Doc();
    const before = readDoc(ref, doc);
    const res = addTarget(doc, { domain: "financial", measure: "Surplus", unit: "£", bottomUp: 100_000 });
    expect(res.ok).toBe(true);
    const added = readDoc(ref, doc);
    const refuse = DOC_TYPES.plan.refuseChange!;
    expect(refuse(member("contributor", ["card"]), ref, before, added)).toBeNull();
    const id = (res as { id: string }).id;
    setTargetFields(doc, id, { topDown: 250_000 });
    expect(refuse(member("contributor", ["card"]), ref, added, readDoc(ref, doc))).toMatch(/Only an executive/);
    expect(refuse(member("executive"), ref, added, readDoc(ref, doc))).toBeNull();
    expect(setTargetFields(doc, id, { status: "imposed" as never, measure: "" })).toEqual({ ok: false, error: "Say what is measured" });
  });

  it("plan problems catch fields a stock client could write", () => {
    const doc = new Y.Doc();
    const m = new Y.Map<unknown>();
    doc.getMap("targets").set("t_1", m);
    m.set("domain", "financial");
    m.set("topDown", "a lot");
    expect(docProblems({ kind: "plan", unitId: "card", year: 2027 }, doc).map((p) => p.key)).toEqual(["target:t_1:fields"]);
  });

  it("structure problems are those of the tree", () => {
    const doc = new Y.Doc();
    addUnit(doc, { id: "board", kind: "board", parentId: null, code: "B", name: "Board", leaders: [], budgetHolder: "" });
    addUnit(doc, { id: "div", kind: "division", parentId: "board", code: "D", name: "Medicine", leaders: [], budgetHolder: "" });
    expect(docProblems({ kind: "structure" }, doc)).toEqual([]);
    structureUnits(doc).get("div")!.set("kind", "pod");
    expect(docProblems({ kind: "structure" }, doc).map((p) => p.key)).toEqual(["unit:div:kind"]);
  });
});
