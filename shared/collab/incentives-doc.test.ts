import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { addComment, addConsequence, incentivesChangeRefusal, incentivesProblems, incentivesRewards, readIncentives, removeComment, setReward, setSettings } from "./incentives-doc";
import { docName, parseDocName } from "./registry";

const exec = { role: "executive" as const, boardSignatory: false, serviceLineIds: [], userId: "exec" };
const clinician = { role: "contributor" as const, boardSignatory: false, serviceLineIds: ["card"], userId: "u1" };

function copy(doc: Y.Doc): Y.Doc {
  const d = new Y.Doc();
  Y.applyUpdate(d, Y.encodeStateAsUpdate(doc));
  return d;
}

describe("incentives document", () => {
  it("names one room per financial year", () => {
    expect(parseDocName("incentives/2026-27")).toEqual({ kind: "incentives", year: 2026 });
    expect(parseDocName("incentives/2026-28")).toBeNull();
    expect(parseDocName("incentives/2026-27/card")).toBeNull();
    expect(docName({ kind: "incentives", year: 2025 })).toBe("incentives/2025-26");
  });

  it("reads every level and writes through checked accessors", () => {
    const doc = new Y.Doc();
    expect(readIncentives(doc).rewards[3].sharePct).toBe(0);
    expect(setReward(doc, 1, { sharePct: 150 })).toEqual({ ok: false, error: "Enter a percentage from 0 to 100" });
    expect(setReward(doc, 1, { sharePct: 50, capitalAccess: "Own capital allocation", developmentFund: 40_000, recognition: "Chief Executive's award" }).ok).toBe(true);
    expect(setReward(doc, 2, { sharePct: 25 }).ok).toBe(true);
    expect(setSettings(doc, { capPerLine: -1 }).ok).toBe(false);
    expect(setSettings(doc, { capPerLine: 250_000, qualityMonths: 3, summary: "Savings reinvested" }).ok).toBe(true);
    expect(addConsequence(doc, { kind: "special_measures", fromLevel: 4, days: 0, months: 6, detail: "" }).ok).toBe(true);
    expect(addConsequence(doc, { kind: "recovery_plan", fromLevel: 3, days: 10, months: 0, detail: "" }).ok).toBe(true);
    const f = readIncentives(doc);
    expect(f.rewards[1]).toEqual({ sharePct: 50, capitalAccess: "Own capital allocation", developmentFund: 40_000, recognition: "Chief Executive's award" });
    expect(f.capPerLine).toBe(250_000);
    expect(f.consequences.map((c) => c.kind)).toEqual(["special_measures", "recovery_plan"]);
    expect(setSettings(doc, { capPerLine: null }).ok).toBe(true);
    expect(readIncentives(doc).capPerLine).toBeNull();
    expect(incentivesProblems(doc)).toEqual([]);
  });

  it("finds what a stock client could write: a level 5, a share of 900%", () => {
    const doc = new Y.Doc();
    const five = new Y.Map<unknown>();
    incentivesRewards(doc).set("5", five as never);
    const one = new Y.Map<unknown>();
    incentivesRewards(doc).set("1", one as never);
    one.set("sharePct", 900);
    expect(incentivesProblems(doc).map((p) => p.key).sort()).toEqual(["reward:1:fields", "reward:5"]);
    expect(readIncentives(doc).rewards[1].sharePct).toBe(0);
  });

  it("lets a clinician comment in their own name only; the rest is the executive's", () => {
    const doc = new Y.Doc();
    addComment(doc, { id: "u2", name: "Ben" }, "Should level 3 keep something?");
    const before = readIncentives(doc);
    const mine = copy(doc);
    expect(addComment(mine, { id: "u1", name: "Ann" }, "Please add protected time for QI").ok).toBe(true);
    expect(incentivesChangeRefusal(clinician, before, readIncentives(mine))).toBeNull();
    const theirs = copy(doc);
    removeComment(theirs, before.comments[0]!.id);
    expect(incentivesChangeRefusal(clinician, before, readIncentives(theirs))).toBe("You can add, change or remove only your own comments.");
    const forged = copy(doc);
    addComment(forged, { id: "u2", name: "Ben" }, "I agree to 0%");
    expect(incentivesChangeRefusal(clinician, before, readIncentives(forged))).toBe("You can add, change or remove only your own comments.");
    const share = copy(doc);
    setReward(share, 3, { sharePct: 10 });
    expect(incentivesChangeRefusal(clinician, before, readIncentives(share))).toMatch(/Only an executive can change the rewards/);
    expect(incentivesChangeRefusal(exec, before, readIncentives(share))).toBeNull();
    expect(incentivesChangeRefusal({ ...clinician, userId: undefined }, before, readIncentives(mine))).toBe("You can add, change or remove only your own comments.");
  });
});
