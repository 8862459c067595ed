import { describe, expect, it } from "vitest";
import { assessQuorum, describeQuorumRule, isNonExecutive, validateQuorumRule } from "./quorum";
import { DEFAULT_QUORUM, type Attendance, type Capacity, type QuorumRule } from "./types";

// A Board of 12 voting directors (Chair, Vice-Chair, 5 non-executives, 5 executives) and a Board Secretary.
const BOARD: [string, string, Capacity][] = [
  ["chair", "Elaine Baylis", "chair"],
  ["vice", "Chris Gibson", "vice_chair"],
  ["ned1", "Geoff Hayward", "non_executive"],
  ["ned2", "Sarah Dunnett", "non_executive"],
  ["ned3", "Neill Hepburn", "non_executive"],
  ["ned4", "Alison Marriott", "non_executive"],
  ["ned5", "Kevin Turner", "non_executive"],
  ["ceo", "Andrew Morgan", "executive"],
  ["dof", "Paul Matthew", "executive"],
  ["mdir", "Colin Costello", "executive"],
  ["don", "Karen Dunderdale", "executive"],
  ["coo", "Simon Evans", "executive"],
  ["sec", "Jayne Warner", "non_voting"],
];

/** Attendance with the given members present and everyone else absent. */
function attendance(present: string[]): Attendance[] {
  return BOARD.map(([memberId, name, capacity]) => ({ memberId, name, capacity, present: present.includes(memberId) }));
}

describe("assessQuorum", () => {
  it("is quorate with 6 voting directors including the Chair, 2 non-executives and 2 executives", () => {
    const r = assessQuorum(DEFAULT_QUORUM, attendance(["chair", "ned1", "ned2", "ceo", "dof", "mdir"]), []);
    expect(r).toEqual({ quorate: true, voting: 6, chairOrVice: true, nonExecutive: 3, executive: 3, reasons: [] });
  });

  it("accepts the Vice-Chair when the Chair is absent", () => {
    const r = assessQuorum(DEFAULT_QUORUM, attendance(["vice", "ned1", "ned2", "ceo", "dof", "mdir"]), []);
    expect(r.quorate).toBe(true);
    expect(r.chairOrVice).toBe(true);
  });

  it("is not quorate with neither the Chair nor the Vice-Chair", () => {
    const r = assessQuorum(DEFAULT_QUORUM, attendance(["ned1", "ned2", "ned3", "ceo", "dof", "mdir"]), []);
    expect(r.quorate).toBe(false);
    expect(r.chairOrVice).toBe(false);
    expect(r.reasons).toEqual(["Neither the Chair nor the Vice-Chair is present without a conflict of interest."]);
  });

  it("never counts the Board Secretary, who attends without a vote", () => {
    const r = assessQuorum(DEFAULT_QUORUM, attendance(["chair", "ned1", "ceo", "dof", "mdir", "sec"]), []);
    expect(r.voting).toBe(5);
    expect(r.quorate).toBe(false);
    expect(r.reasons).toEqual(["Only 5 voting directors are present without a conflict of interest; 6 are needed."]);
  });

  it("does not count absent directors", () => {
    const r = assessQuorum(DEFAULT_QUORUM, attendance([]), []);
    expect(r).toMatchObject({ quorate: false, voting: 0, chairOrVice: false, nonExecutive: 0, executive: 0 });
    expect(r.reasons).toEqual([
      "No voting directors are present without a conflict of interest; 6 are needed.",
      "Neither the Chair nor the Vice-Chair is present without a conflict of interest.",
      "No non-executive directors are present without a conflict of interest; 2 are needed.",
      "No executive directors are present without a conflict of interest; 2 are needed.",
    ]);
  });

  it("takes conflicted directors out of the count for the item", () => {
    const present = attendance(["chair", "ned1", "ned2", "ceo", "dof", "mdir"]);
    expect(assessQuorum(DEFAULT_QUORUM, present, []).quorate).toBe(true);
    const r = assessQuorum(DEFAULT_QUORUM, present, ["mdir"]);
    expect(r.voting).toBe(5);
    expect(r.executive).toBe(2);
    expect(r.reasons).toEqual(["Only 5 voting directors are present without a conflict of interest; 6 are needed."]);
  });

  it("does not let a conflicted Chair satisfy the Chair or Vice-Chair condition", () => {
    const present = attendance(["chair", "ned1", "ned2", "ned3", "ceo", "dof", "mdir"]);
    const r = assessQuorum(DEFAULT_QUORUM, present, ["chair"]);
    expect(r.chairOrVice).toBe(false);
    expect(r.voting).toBe(6);
    expect(r.reasons).toEqual(["Neither the Chair nor the Vice-Chair is present without a conflict of interest."]);
    // The Vice-Chair, present and unconflicted, can take the item instead.
    expect(assessQuorum(DEFAULT_QUORUM, attendance(["chair", "vice", "ned1", "ned2", "ceo", "dof", "mdir"]), ["chair"]).quorate).toBe(true);
  });

  it("counts the Chair and Vice-Chair as non-executive directors", () => {
    const r = assessQuorum(DEFAULT_QUORUM, attendance(["chair", "vice", "ceo", "dof", "mdir", "don"]), []);
    expect(r).toMatchObject({ quorate: true, nonExecutive: 2, executive: 4 });
  });

  it("says, in the singular, how few non-executive and executive directors there are", () => {
    const r = assessQuorum(DEFAULT_QUORUM, attendance(["chair", "ceo", "dof", "mdir", "don", "coo"]), []);
    expect(r.reasons).toEqual(["Only 1 non-executive director is present without a conflict of interest; 2 are needed."]);
    const r2 = assessQuorum(DEFAULT_QUORUM, attendance(["chair", "vice", "ned1", "ned2", "ned3", "ceo"]), []);
    expect(r2.reasons).toEqual(["Only 1 executive director is present without a conflict of interest; 2 are needed."]);
    const one: QuorumRule = { ...DEFAULT_QUORUM, minVoting: 3, minExecutive: 1 };
    expect(assessQuorum(one, attendance(["chair", "vice", "ned1"]), []).reasons).toEqual([
      "No executive directors are present without a conflict of interest; 1 is needed.",
    ]);
    expect(assessQuorum(DEFAULT_QUORUM, attendance(["chair"]), []).reasons[0]).toBe(
      "Only 1 voting director is present without a conflict of interest; 6 are needed.",
    );
  });

  it("ignores conflicts declared by people who are absent or do not vote", () => {
    const r = assessQuorum(DEFAULT_QUORUM, attendance(["chair", "ned1", "ned2", "ceo", "dof", "mdir", "sec"]), ["sec", "coo"]);
    expect(r.quorate).toBe(true);
    expect(r.voting).toBe(6);
  });

  it("counts a director listed twice once", () => {
    const list = attendance(["chair", "ned1", "ned2", "ceo", "dof"]);
    list.push({ memberId: "dof", name: "Paul Matthew", capacity: "executive", present: true });
    expect(assessQuorum(DEFAULT_QUORUM, list, []).voting).toBe(5);
  });

  it("does without the Chair when the rule does not ask for them", () => {
    const rule: QuorumRule = { ...DEFAULT_QUORUM, requireChairOrViceChair: false };
    expect(assessQuorum(rule, attendance(["ned1", "ned2", "ned3", "ceo", "dof", "mdir"]), []).quorate).toBe(true);
  });
});

describe("isNonExecutive", () => {
  it.each([
    ["chair", true],
    ["vice_chair", true],
    ["non_executive", true],
    ["executive", false],
    ["non_voting", false],
  ] as const)("%s → %s", (capacity, expected) => {
    expect(isNonExecutive(capacity)).toBe(expected);
  });
});

describe("describeQuorumRule", () => {
  it("writes the demo rule as standing orders do", () => {
    expect(describeQuorumRule(DEFAULT_QUORUM)).toBe(
      "6 of the 12 voting directors, including the Chair or Vice-Chair, at least 2 non-executive directors and 2 executive directors",
    );
  });
  it.each<[Partial<QuorumRule>, string]>([
    [{ requireChairOrViceChair: false }, "6 of the 12 voting directors, including at least 2 non-executive directors and 2 executive directors"],
    [{ minExecutive: 0 }, "6 of the 12 voting directors, including the Chair or Vice-Chair and at least 2 non-executive directors"],
    [{ minNonExecutive: 1, minExecutive: 0 }, "6 of the 12 voting directors, including the Chair or Vice-Chair and at least 1 non-executive director"],
    [{ minNonExecutive: 0, minExecutive: 1 }, "6 of the 12 voting directors, including the Chair or Vice-Chair and at least 1 executive director"],
    [{ minNonExecutive: 0, minExecutive: 0 }, "6 of the 12 voting directors, including the Chair or Vice-Chair"],
    [{ requireChairOrViceChair: false, minNonExecutive: 0, minExecutive: 0 }, "6 of the 12 voting directors"],
    [{ minVoting: 12 }, "all 12 voting directors, including the Chair or Vice-Chair, at least 2 non-executive directors and 2 executive directors"],
    [{ minVoting: 1, votingDirectors: 1, requireChairOrViceChair: false, minNonExecutive: 0, minExecutive: 0 }, "the 1 voting director"],
    [{ minVoting: 1, votingDirectors: 3, requireChairOrViceChair: false, minNonExecutive: 0, minExecutive: 0 }, "1 of the 3 voting directors"],
  ])("writes %j", (patch, text) => {
    expect(describeQuorumRule({ ...DEFAULT_QUORUM, ...patch })).toBe(text);
  });
});

describe("validateQuorumRule", () => {
  it("accepts the demo rule", () => {
    expect(validateQuorumRule(DEFAULT_QUORUM)).toEqual([]);
  });
  it("accepts a quorum of every director", () => {
    expect(validateQuorumRule({ ...DEFAULT_QUORUM, minVoting: 12 })).toEqual([]);
  });
  it("refuses a quorum larger than the Board", () => {
    expect(validateQuorumRule({ ...DEFAULT_QUORUM, minVoting: 13 })).toEqual(["The quorum (13) cannot be more than the Board's 12 voting directors."]);
  });
  it("refuses numbers that are not whole and 0 or more", () => {
    expect(validateQuorumRule({ ...DEFAULT_QUORUM, minVoting: 5.5, minExecutive: -1 })).toEqual([
      "The number of voting directors needed must be a whole number, 0 or more.",
      "The number of executive directors needed must be a whole number, 0 or more.",
    ]);
    expect(validateQuorumRule({ ...DEFAULT_QUORUM, votingDirectors: NaN })).toEqual(["The number of voting directors must be a whole number, 0 or more."]);
    expect(validateQuorumRule({ ...DEFAULT_QUORUM, minNonExecutive: Infinity })).toEqual([
      "The number of non-executive directors needed must be a whole number, 0 or more.",
    ]);
  });
  it("refuses a quorum of nobody", () => {
    expect(validateQuorumRule({ minVoting: 0, votingDirectors: 12, requireChairOrViceChair: false, minNonExecutive: 0, minExecutive: 0 })).toEqual([
      "A quorum needs at least 1 voting director.",
    ]);
  });
  it("refuses requirements that add up to more than the quorum", () => {
    expect(validateQuorumRule({ ...DEFAULT_QUORUM, minVoting: 4, minNonExecutive: 3, minExecutive: 2 })).toEqual([
      "The quorum (4) must be at least the 5 non-executive and executive directors it requires.",
    ]);
    expect(validateQuorumRule({ ...DEFAULT_QUORUM, minVoting: 4, minNonExecutive: 2, minExecutive: 2 })).toEqual([]);
  });
  it("counts the Chair or Vice-Chair as a non-executive director it requires", () => {
    expect(validateQuorumRule({ ...DEFAULT_QUORUM, minVoting: 4, minNonExecutive: 0, minExecutive: 4 })).toEqual([
      "The quorum (4) must be at least the 5 non-executive and executive directors it requires (counting the Chair or Vice-Chair).",
    ]);
    expect(validateQuorumRule({ ...DEFAULT_QUORUM, minVoting: 4, minNonExecutive: 0, minExecutive: 4, requireChairOrViceChair: false })).toEqual([]);
  });
});
