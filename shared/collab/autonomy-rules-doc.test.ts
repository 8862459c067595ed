import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { defaultAutonomyRules } from "../autonomy/rules";
import { autonomyRulesProblems, defaultRuleIndicators, delegationRules, readRuleIndicators, setIndicatorKey, setIndicatorSpc, writeAutonomyRules } from "./autonomy-rules-doc";

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
