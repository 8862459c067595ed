import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { joinAssessment, readAssessment, setAgreed, setScore } from "../collab/assessment-doc";
import { allSections } from "./framework";
import { allAtLevel4, approvalProblems, compareYears, gapsToLevel4, partProfiles, progress, sectionSpread } from "./scoring";

function agreeAll(doc: Y.Doc, level: (id: string) => 1 | 2 | 3 | 4) {
  for (const s of allSections()) expect(setAgreed(doc, s.id, { agreedLevel: level(s.id), rationale: `Agreed for ${s.id}` }).ok).toBe(true);
}

describe("spread", () => {
  it("counts, ranges and takes the median of the assessors who gave a level", () => {
    const doc = new Y.Doc();
    joinAssessment(doc, { id: "u1", name: "Ann" }, "");
    joinAssessment(doc, { id: "u2", name: "Ben" }, "");
    joinAssessment(doc, { id: "u3", name: "Cal" }, "");
    setScore(doc, "u1", "p1s1", { level: 1 });
    setScore(doc, "u2", "p1s1", { level: 3, rationale: "We drill down to POD" });
    setScore(doc, "u3", "p1s1", { rationale: "Not sure yet" });
    const s = sectionSpread(readAssessment(doc), "p1s1");
    expect(s).toMatchObject({ n: 2, min: 1, max: 3, range: 2, median: 2, counts: [1, 0, 1, 0] });
    expect(s.scores.map((x) => x.name)).toEqual(["Ann", "Ben"]);
    expect(sectionSpread(readAssessment(doc), "p1s2")).toMatchObject({ n: 0, min: null, range: 0, median: null });
  });
});

describe("approval", () => {
  it("is refused while one section is unscored, or scored without a rationale", () => {
    const doc = new Y.Doc();
    agreeAll(doc, () => 2);
    expect(approvalProblems(readAssessment(doc))).toEqual([]);
    setAgreed(doc, "p3s4", { agreedLevel: null });
    expect(approvalProblems(readAssessment(doc))).toEqual([{ sectionId: "p3s4", message: "Part 3 §4 (Key performance indicators) has no agreed level" }]);
    setAgreed(doc, "p3s4", { agreedLevel: 3, rationale: "  " });
    expect(approvalProblems(readAssessment(doc)).map((p) => p.message)).toEqual(["Part 3 §4 (Key performance indicators) has an agreed level but no rationale"]);
    expect(approvalProblems(readAssessment(new Y.Doc()))).toHaveLength(27);
  });
});

describe("profile, gaps and comparison", () => {
  it("profiles each part separately and lists the sections furthest from level 4 with the next descriptor", () => {
    const doc = new Y.Doc();
    agreeAll(doc, (id) => (id.startsWith("p4") ? 3 : id.startsWith("p2") ? 1 : 2));
    setAgreed(doc, "p4s7", { agreedLevel: 4 });
    const a = readAssessment(doc);
    expect(partProfiles(a).map((p) => [p.title, p.mean, p.min, p.max, p.scored, p.total])).toEqual([
      ["Information management", 2, 2, 2, 5, 5],
      ["Strategy and service-line planning", 1, 1, 1, 6, 6],
      ["Performance management", 2, 2, 2, 8, 8],
      ["Organisational structure", 3.1, 3, 4, 8, 8],
    ]);
    const gaps = gapsToLevel4(a, undefined, 3);
    expect(gaps.map((g) => [g.section.id, g.gap, g.nextLevel])).toEqual([["p2s1", 3, 2], ["p2s2", 3, 2], ["p2s3", 3, 2]]);
    expect(gaps[0]!.nextDescriptor).toBe("Service-line strategy developed at the trust and directorate level and agreed by the board");
    expect(gapsToLevel4(a).some((g) => g.section.id === "p4s7")).toBe(false);
    expect(progress(a)).toEqual({ agreed: 27, total: 27 });
    expect(allAtLevel4(a)).toBe(false);

    const earlier = new Y.Doc();
    agreeAll(earlier, (id) => (id.startsWith("p4") ? 2 : 1));
    const cmp = compareYears(a, readAssessment(earlier));
    expect(cmp.parts.map((p) => p.change)).toEqual([1, 0, 1, 1.1]);
    expect(cmp.sections.find((s) => s.id === "p4s7")).toEqual({ id: "p4s7", now: 4, before: 2, change: 2 });
  });

  it("flags the seed's caution only when every section is at level 4", () => {
    const doc = new Y.Doc();
    agreeAll(doc, () => 4);
    expect(allAtLevel4(readAssessment(doc))).toBe(true);
    setAgreed(doc, "p1s1", { agreedLevel: 3 });
    expect(allAtLevel4(readAssessment(doc))).toBe(false);
  });
});
