import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { addAction, addEvidence, assessmentChangeRefusal, assessmentProblems, assessmentScores, assessmentSections, joinAssessment, readAssessment, removeAction, setAgreed, setOverall, setScore } from "./assessment-doc";
import { parseDocName, docName } from "./registry";

const exec = { role: "executive" as const, boardSignatory: false, serviceLineIds: [], userId: "exec" };
const clinician = { role: "contributor" as const, boardSignatory: false, serviceLineIds: ["card"], userId: "u1" };

function copy(doc: Y.Doc): Y.Doc {
  const d = new Y.Doc();
  Y.applyUpdate(d, Y.encodeStateAsUpdate(doc));
  return d;
}

describe("assessment document", () => {
  it("names rooms by financial year, for the trust or a division", () => {
    expect(parseDocName("assessment/2026-27")).toEqual({ kind: "assessment", year: 2026 });
    expect(parseDocName("assessment/2026-27/med")).toEqual({ kind: "assessment", year: 2026, unitId: "med" });
    expect(parseDocName("assessment/2026-28")).toBeNull();
    expect(parseDocName("assessment")).toBeNull();
    expect(docName({ kind: "assessment", year: 2027 })).toBe("assessment/2027-28");
  });

  it("reads every section, and writes through checked accessors", () => {
    const doc = new Y.Doc();
    expect(setScore(doc, "u1", "p1s1", { level: 2 })).toEqual({ ok: false, error: "Join the workshop before scoring" });
    expect(joinAssessment(doc, { id: "u1", name: "Dr Aisha Rahman" }, "Clinical director").ok).toBe(true);
    expect(setScore(doc, "u1", "p1s1", { level: 5 as never })).toEqual({ ok: false, error: "Choose a level from 1 to 4" });
    expect(setScore(doc, "u1", "p9s9", { level: 2 })).toEqual({ ok: false, error: "That section is not in the framework" });
    expect(setScore(doc, "u1", "p1s1", { level: 2, rationale: "Monthly I&E for every line" }).ok).toBe(true);
    expect(setAgreed(doc, "p1s1", { agreedLevel: 2, rationale: "Agreed", targetLevel: 3, targetDate: "2027-03-31" }).ok).toBe(true);
    expect(addEvidence(doc, "p1s1", { label: "SLR pack", href: "javascript:alert(1)" }).ok).toBe(false);
    expect(addEvidence(doc, "p1s1", { label: "Scheme v4.0", href: "/w/ws1/versions/v40" }).ok).toBe(true);
    const act = addAction(doc, "p1s1", { text: "Roll out PLICS", owner: "Director of Finance", due: "2027-01-31" });
    expect(act.ok).toBe(true);
    expect(setOverall(doc, { overallBefore: 2, overallAfter: 2 }).ok).toBe(true);
    const a = readAssessment(doc);
    expect(Object.keys(a.sections)).toHaveLength(27);
    expect(a.sections.p1s1).toMatchObject({ agreedLevel: 2, targetLevel: 3, evidence: [{ label: "Scheme v4.0" }], actions: [{ text: "Roll out PLICS" }] });
    expect(a.scores.u1!.p1s1).toEqual({ level: 2, rationale: "Monthly I&E for every line" });
    if (act.ok) expect(removeAction(doc, "p1s1", act.id).ok).toBe(true);
    expect(assessmentProblems(doc)).toEqual([]);
  });

  it("finds what a stock client could write: junk sections, bad levels, scores for someone not there", () => {
    const doc = new Y.Doc();
    joinAssessment(doc, { id: "u1", name: "Ann" }, "");
    const s = new Y.Map<unknown>();
    assessmentSections(doc).set("p9s1", s as never);
    const bad = new Y.Map<unknown>();
    assessmentSections(doc).set("p1s1", bad as never);
    bad.set("agreedLevel", 7);
    const ghost = new Y.Map<unknown>();
    assessmentScores(doc).set("ghost", ghost as never);
    expect(assessmentProblems(doc).map((p) => p.key).sort()).toEqual(["scores:ghost:who", "section:p1s1:fields", "section:p9s1"]);
    // The reader drops it all.
    expect(readAssessment(doc).sections.p1s1!.agreedLevel).toBeNull();
  });

  it("lets a participant change only their own entry and scores; the agreed record is the executive's", () => {
    const doc = new Y.Doc();
    joinAssessment(doc, { id: "u1", name: "Ann" }, "");
    joinAssessment(doc, { id: "u2", name: "Ben" }, "");
    const before = readAssessment(doc);
    const mine = copy(doc);
    setScore(mine, "u1", "p1s1", { level: 3 });
    expect(assessmentChangeRefusal(clinician, before, readAssessment(mine))).toBeNull();
    const theirs = copy(doc);
    setScore(theirs, "u2", "p1s1", { level: 1 });
    expect(assessmentChangeRefusal(clinician, before, readAssessment(theirs))).toBe("You can change only your own scores.");
    expect(assessmentChangeRefusal(exec, before, readAssessment(theirs))).toBeNull();
    const agreed = copy(doc);
    setAgreed(agreed, "p4s7", { agreedLevel: 4 });
    expect(assessmentChangeRefusal(clinician, before, readAssessment(agreed))).toMatch(/Only an executive can record the agreed levels/);
    const renamed = copy(doc);
    joinAssessment(renamed, { id: "u2", name: "Someone else" }, "");
    expect(assessmentChangeRefusal(clinician, before, readAssessment(renamed))).toBe("You can add or change only yourself as a participant.");
    // Without knowing who is writing, nothing finer than the room is allowed.
    expect(assessmentChangeRefusal({ ...clinician, userId: undefined }, before, readAssessment(mine))).toBe("You can change only your own scores.");
  });
});
