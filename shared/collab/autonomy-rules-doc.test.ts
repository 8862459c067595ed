import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { defaultAutonomyRules, ratesWorkforce, withoutWorkforce } from "../autonomy/rules";
import {
  addWorkforceCriterion,
  autonomyRulesProblems,
  defaultRuleIndicators,
  delegationRules,
  readAutonomyRules,
  readRuleIndicators,
  removeWorkforceCriterion,
  setCriterion,
  setIndicatorKey,
  setIndicatorSpc,
  setWorkforceThresholds,
  writeAutonomyRules,
} from "./autonomy-rules-doc";

const sync = (from: Y.Doc, to: Y.Doc) => Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
const indicatorMap = (doc: Y.Doc, code: string) => (delegationRules(doc).get("indicators") as Y.Map<Y.Map<unknown>>).get(code)!;

describe("judged by SPC (issue 14)", () => {
  it("is off by default, for new trusts and for an empty document", () => {
    expect(defaultRuleIndicators().some((i) => i.spc)).toBe(false);
    expect(readRuleIndicators(new Y.Doc()).some((i) => i.spc)).toBe(false);
    const doc = new Y.Doc();
    writeAutonomyRules(doc, defaultAutonomyRules(), undefined, defaultRuleIndicators());
    // Off is no field at all, so documents that never used the rule read exactly as before.
    expect(readRuleIndicators(doc)).toEqual(defaultRuleIndicators());
    expect(indicatorMap(doc, "RTT18").has("spc")).toBe(false);
  });

  it("turns on and off for one indicator, leaving the key flag and the others alone", () => {
    const doc = new Y.Doc();
    writeAutonomyRules(doc, defaultAutonomyRules(), undefined, defaultRuleIndicators());
    expect(setIndicatorSpc(doc, "RTT18", true)).toEqual({ ok: true });
    const on = readRuleIndicators(doc);
    expect(on.find((i) => i.code === "RTT18")).toEqual({ code: "RTT18", name: "Referral to treatment within 18 weeks", kind: "performance", key: true, spc: true });
    expect(on.filter((i) => i.spc).map((i) => i.code)).toEqual(["RTT18"]);
    setIndicatorKey(doc, "RTT18", false);
    expect(readRuleIndicators(doc).find((i) => i.code === "RTT18")).toMatchObject({ key: false, spc: true });
    expect(setIndicatorSpc(doc, "RTT18", false)).toEqual({ ok: true });
    expect(readRuleIndicators(doc).find((i) => i.code === "RTT18")!.spc).toBeUndefined();
    expect(indicatorMap(doc, "RTT18").has("spc")).toBe(false);
  });

  it("writes the framework's list first when the document has none, and refuses an unknown indicator or a non-boolean", () => {
    const doc = new Y.Doc();
    expect(setIndicatorSpc(doc, "AE4", true).ok).toBe(true);
    const list = readRuleIndicators(doc);
    expect(list.map((i) => i.code)).toEqual(defaultRuleIndicators().map((i) => i.code));
    expect(list.find((i) => i.code === "AE4")!.spc).toBe(true);
    expect(setIndicatorSpc(doc, "NOPE", true)).toEqual({ ok: false, error: "There is no such indicator" });
    expect(setIndicatorSpc(doc, "AE4", "yes" as unknown as boolean).ok).toBe(false);
    expect(readRuleIndicators(doc).find((i) => i.code === "AE4")!.spc).toBe(true);
  });

  it("is co-edited: one person's change reaches another's copy, beside a concurrent key change", () => {
    const a = new Y.Doc();
    writeAutonomyRules(a, defaultAutonomyRules(), undefined, defaultRuleIndicators());
    const b = new Y.Doc();
    sync(a, b);
    setIndicatorSpc(a, "RTT18", true);
    setIndicatorKey(b, "RTT18", false);
    sync(a, b);
    sync(b, a);
    for (const d of [a, b]) expect(readRuleIndicators(d).find((i) => i.code === "RTT18")).toMatchObject({ key: false, spc: true });
  });

  it("keeps the flag when the whole list is written with it, and clears it when written without", () => {
    const doc = new Y.Doc();
    const list = defaultRuleIndicators().map((i) => (i.code === "DM01" ? { ...i, spc: true } : i));
    writeAutonomyRules(doc, defaultAutonomyRules(), undefined, list);
    expect(readRuleIndicators(doc)).toEqual(list);
    writeAutonomyRules(doc, defaultAutonomyRules(), undefined, defaultRuleIndicators());
    expect(readRuleIndicators(doc)).toEqual(defaultRuleIndicators());
  });

  it("is refused by the server's problems check when a stock client writes anything but true or false", () => {
    const doc = new Y.Doc();
    writeAutonomyRules(doc, defaultAutonomyRules(), undefined, defaultRuleIndicators());
    setIndicatorSpc(doc, "RTT18", true);
    expect(autonomyRulesProblems(doc)).toEqual([]);
    indicatorMap(doc, "RTT18").set("spc", false);
    expect(autonomyRulesProblems(doc)).toEqual([]);
    for (const bad of ["yes", 1, null, { on: true }]) {
      indicatorMap(doc, "RTT18").set("spc", bad);
      expect(autonomyRulesProblems(doc)).toEqual([{ key: "rules:indicator:RTT18:spc", message: "Whether an indicator is judged by SPC is yes or no." }]);
      // And a reader never takes a bad value for "on".
      expect(readRuleIndicators(doc).find((i) => i.code === "RTT18")!.spc).toBeUndefined();
    }
  });
});

/** A rules document as written before the workforce criterion: four criteria, workforce measures filed as performance. */
function fourCriterionDoc(): Y.Doc {
  const doc = new Y.Doc();
  doc.transact(() => {
    const m = delegationRules(doc);
    m.set("promotionMonths", 3);
    m.set("financialTolerancePct", 1);
    const criteria = new Y.Map<unknown>();
    m.set("criteria", criteria);
    for (const [id, label] of [["finance", "Adherence to the financial plan"], ["quality", "Quality indicators met"], ["performance", "Performance indicators met"], ["policy", "Adherence to trust policies"]]) {
      const c = new Y.Map<unknown>();
      criteria.set(id!, c);
      c.set("label", label);
      c.set("description", "");
    }
    const indicators = new Y.Map<unknown>();
    m.set("indicators", indicators);
    [["RTT18", "Referral to treatment within 18 weeks", "performance", true], ["SICK", "Sickness absence", "performance", false], ["AGENCY", "Agency spend as a share of the pay bill", "performance", false]].forEach(([code, name, kind, key], order) => {
      const im = new Y.Map<unknown>();
      indicators.set(code as string, im);
      im.set("name", name);
      im.set("kind", kind);
      im.set("key", key);
      im.set("order", order);
    });
  });
  return doc;
}

const criteriaMap = (doc: Y.Doc) => delegationRules(doc).get("criteria") as Y.Map<Y.Map<unknown>>;

describe("the workforce criterion (docs/decisions/046)", () => {
  it("is rated by new rules and by a document that never wrote the rules, with its thresholds", () => {
    expect(readAutonomyRules(new Y.Doc())).toEqual(defaultAutonomyRules());
    const doc = new Y.Doc();
    writeAutonomyRules(doc, defaultAutonomyRules(), undefined, defaultRuleIndicators());
    const r = readAutonomyRules(doc);
    expect(r.criteria.map((c) => c.id)).toEqual(["finance", "quality", "performance", "workforce", "policy"]);
    expect(r.workforceThresholds).toEqual({ level1: 0, level2: 1 });
    expect(readRuleIndicators(doc).filter((i) => i.kind === "workforce").map((i) => i.code)).toEqual(["SICK", "VAC", "AGENCY", "TURN", "MAND", "APPR"]);
    expect(autonomyRulesProblems(doc)).toEqual([]);
  });

  it("is not part of a document written with four criteria, which reads and is accepted as it was", () => {
    const doc = fourCriterionDoc();
    const r = readAutonomyRules(doc);
    expect(r.criteria.map((c) => c.id)).toEqual(["finance", "quality", "performance", "policy"]);
    expect(r.criteria[0]!.label).toBe("Adherence to the financial plan");
    expect(r.workforceThresholds).toBeUndefined();
    expect(ratesWorkforce(r)).toBe(false);
    expect(readRuleIndicators(doc).map((i) => i.kind)).toEqual(["performance", "performance", "performance"]);
    expect(autonomyRulesProblems(doc)).toEqual([]);
    // Renaming a criterion keeps it four.
    expect(setCriterion(doc, "policy", { label: "Policy adherence" })).toEqual({ ok: true });
    expect(readAutonomyRules(doc).criteria.map((c) => c.id)).toEqual(["finance", "quality", "performance", "policy"]);
    expect(setCriterion(doc, "workforce", { label: "Staffing" }).ok).toBe(false);
    expect(setWorkforceThresholds(doc, { level2: 2 }).ok).toBe(false);
  });

  it("keeps workforce when the first edit of a never-written document renames another criterion", () => {
    const doc = new Y.Doc();
    expect(setCriterion(doc, "finance", { label: "Financial plan delivered" })).toEqual({ ok: true });
    expect(ratesWorkforce(readAutonomyRules(doc))).toBe(true);
  });

  it("can be added to an old document, filing the catalogue's workforce measures under it, and taken out again", () => {
    const doc = fourCriterionDoc();
    expect(addWorkforceCriterion(doc)).toEqual({ ok: true });
    const r = readAutonomyRules(doc);
    expect(r.criteria.find((c) => c.id === "workforce")).toMatchObject({ label: "Workforce" });
    expect(r.workforceThresholds).toEqual({ level1: 0, level2: 1 });
    expect(readRuleIndicators(doc).map((i) => [i.code, i.kind])).toEqual([["RTT18", "performance"], ["SICK", "workforce"], ["AGENCY", "workforce"]]);
    expect(addWorkforceCriterion(doc).ok).toBe(false);
    expect(autonomyRulesProblems(doc)).toEqual([]);
    expect(removeWorkforceCriterion(doc)).toEqual({ ok: true });
    expect(ratesWorkforce(readAutonomyRules(doc))).toBe(false);
    expect(readRuleIndicators(doc).map((i) => i.kind)).toEqual(["performance", "performance", "performance"]);
  });

  it("sets its thresholds, refusing fractions, out-of-range counts and a level 1 looser than level 2", () => {
    const doc = new Y.Doc();
    writeAutonomyRules(doc, defaultAutonomyRules(), undefined, defaultRuleIndicators());
    expect(setWorkforceThresholds(doc, { level1: 1, level2: 2 })).toEqual({ ok: true });
    expect(readAutonomyRules(doc).workforceThresholds).toEqual({ level1: 1, level2: 2 });
    expect(setWorkforceThresholds(doc, { level1: 3 })).toEqual({ ok: false, error: "Level 1 cannot allow more workforce indicators off target than level 2" });
    expect(setWorkforceThresholds(doc, { level2: 1.5 }).ok).toBe(false);
    expect(setWorkforceThresholds(doc, { level2: 21 }).ok).toBe(false);
    expect(readAutonomyRules(doc).workforceThresholds).toEqual({ level1: 1, level2: 2 });
  });

  it("writes rules without workforce as a document without it (an old version's rules restored)", () => {
    const doc = new Y.Doc();
    writeAutonomyRules(doc, defaultAutonomyRules(), undefined, defaultRuleIndicators());
    expect(writeAutonomyRules(doc, withoutWorkforce(defaultAutonomyRules()))).toEqual({ ok: true });
    expect(readAutonomyRules(doc)).toEqual(withoutWorkforce(defaultAutonomyRules()));
    expect(writeAutonomyRules(doc, defaultAutonomyRules())).toEqual({ ok: true });
    expect(readAutonomyRules(doc)).toEqual(defaultAutonomyRules());
  });

  it("is refused by the server's problems check when malformed, with or without workforce otherwise", () => {
    const doc = new Y.Doc();
    writeAutonomyRules(doc, defaultAutonomyRules(), undefined, defaultRuleIndicators());
    const w = criteriaMap(doc).get("workforce")!;
    for (const bad of [-1, 0.5, 21, "1", null]) {
      w.set("maxOffTargetLevel2", bad);
      expect(autonomyRulesProblems(doc)).toEqual([{ key: "rules:workforce:thresholds", message: "Workforce thresholds are whole numbers of indicators from 0 to 20." }]);
    }
    w.set("maxOffTargetLevel2", 1);
    w.set("maxOffTargetLevel1", 2);
    expect(autonomyRulesProblems(doc)).toEqual([{ key: "rules:workforce:order", message: "Level 1 cannot allow more workforce indicators off target than level 2." }]);
    w.set("maxOffTargetLevel1", 0);
    expect(autonomyRulesProblems(doc)).toEqual([]);
    criteriaMap(doc).set("workforce", "yes" as unknown as Y.Map<unknown>);
    expect(autonomyRulesProblems(doc).map((p) => p.key)).toEqual(["rules:criterion:workforce"]);
    criteriaMap(doc).delete("workforce");
    expect(autonomyRulesProblems(doc)).toEqual([]);
    criteriaMap(doc).set("staffing", new Y.Map());
    expect(autonomyRulesProblems(doc).map((p) => p.key)).toEqual(["rules:criterion:staffing"]);
    criteriaMap(doc).delete("staffing");
    indicatorMap(doc, "SICK").set("kind", "people");
    expect(autonomyRulesProblems(doc)).toEqual([{ key: "rules:indicator:SICK", message: "Every indicator needs a name and is a quality, performance or workforce indicator." }]);
  });
});
