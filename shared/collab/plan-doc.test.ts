import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { addRow, addTarget, executiveOnlyChange, planProblems, planSection, readPlan, removeRow, setGuidance, setRowFields, setStage, setTargetFields, stageChange } from "./plan-doc";

describe("the plan's sections", () => {
  it("adds, changes and removes rows through their schema, in order", () => {
    const doc = new Y.Doc();
    const a = addRow(doc, "cip", { name: "Agency", fullYear: 100, inYear: 80, months: [80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] });
    const b = addRow(doc, "risks", { description: "Vacancies", likelihood: 4, impact: 3 });
    expect(a.ok && b.ok).toBe(true);
    expect(setRowFields(doc, "cip", (a as { id: string }).id, { rag: "green" }).ok).toBe(true);
    expect(readPlan(doc).cip[0]).toMatchObject({ name: "Agency", rag: "green", recurrent: true, qia: "not_started" });
    expect(readPlan(doc).risks[0]).toMatchObject({ likelihood: 4, impact: 3 });
    expect(removeRow(doc, "risks", (b as { id: string }).id).ok).toBe(true);
    expect(readPlan(doc).risks).toEqual([]);
  });

  it("refuses bad input with a plain reason and writes nothing", () => {
    const doc = new Y.Doc();
    expect(addRow(doc, "budget", { category: "pay", label: "Nursing", annual: 100.5 })).toEqual({ ok: false, error: "Enter whole pounds" });
    expect(addRow(doc, "budget", { category: "pay", label: "Nursing", annual: 100, months: [1, 2] })).toEqual({ ok: false, error: "Give twelve months, April to March" });
    expect(addRow(doc, "risks", { description: "x", likelihood: 6 })).toEqual({ ok: false, error: "Likelihood is 1 to 5" });
    expect(addRow(doc, "actions", { action: "Do it", due: "30/06/2027" })).toEqual({ ok: false, error: "Write the date as YYYY-MM-DD" });
    expect(setGuidance(doc, { cipPercent: 25 })).toEqual({ ok: false, error: "Between 0% and 20%" });
    expect(readPlan(doc).budget).toEqual([]);
  });

  it("reads junk a stock client wrote field by field, and reports it as a problem", () => {
    const doc = new Y.Doc();
    const m = new Y.Map<unknown>();
    planSection(doc, "workforce").set("wo_1", m);
    m.set("staffGroup", "Nursing");
    m.set("establishment", "lots");
    expect(readPlan(doc).workforce[0]).toMatchObject({ staffGroup: "Nursing", establishment: 0 });
    expect(planProblems(doc).map((p) => p.key)).toEqual(["workforce:wo_1:fields"]);
  });

  it("an imposed target needs its rationale", () => {
    const doc = new Y.Doc();
    const t = addTarget(doc, { domain: "quality", measure: "Falls" }) as { id: string };
    expect(setTargetFields(doc, t.id, { status: "imposed" })).toEqual({ ok: false, error: "Give the rationale for imposing the target" });
    expect(setTargetFields(doc, t.id, { status: "imposed", rationale: "Board priority" }).ok).toBe(true);
    planSectionTargets(doc, t.id).set("rationale", "");
    expect(planProblems(doc).map((p) => p.key)).toEqual([`target:${t.id}:rationale`]);
  });
});

const planSectionTargets = (doc: Y.Doc, id: string) => doc.getMap<Y.Map<unknown>>("targets").get(id)!;

describe("the executive's side", () => {
  it("the guidance and an agreed target are the executive's; the line's own rows are not", () => {
    const doc = new Y.Doc();
    const t = addTarget(doc, { domain: "financial", measure: "Contribution", bottomUp: 10 }) as { id: string };
    const before = readPlan(doc);
    setGuidance(doc, { controlTotal: 1_000 });
    expect(executiveOnlyChange(before, readPlan(doc))).toMatch(/control total/);
    const g = readPlan(doc);
    addRow(doc, "budget", { category: "income", label: "ICB", annual: 0 });
    expect(executiveOnlyChange(g, readPlan(doc))).toBeNull();
    setTargetFields(doc, t.id, { agreed: 10, status: "agreed" });
    const agreed = readPlan(doc);
    setTargetFields(doc, t.id, { bottomUp: 12 });
    expect(executiveOnlyChange(agreed, readPlan(doc))).toMatch(/once it is agreed/);
  });
});

describe("the plan's stage", () => {
  it("is the server's to write, and once agreed locks the line's content", () => {
    const doc = new Y.Doc();
    const drafting = readPlan(doc);
    setStage(doc, "agreed");
    const agreed = readPlan(doc);
    expect(agreed.stage).toBe("agreed");
    expect(stageChange(drafting, agreed)).toMatch(/only when a step is recorded/);
    addRow(doc, "risks", { description: "New risk" });
    expect(executiveOnlyChange(agreed, readPlan(doc))).toMatch(/has been agreed/);
    setStage(doc, "drafting");
    const returned = readPlan(doc);
    addRow(doc, "risks", { description: "Another" });
    expect(executiveOnlyChange(returned, readPlan(doc))).toBeNull();
  });
});
