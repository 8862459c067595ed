import type { Attendance, Capacity, QuorumResult, QuorumRule } from "./types";

/**
 * Whether a Board meeting may decide an item. A trust's standing orders set the quorum (the demo
 * rule, DEFAULT_QUORUM in ./types: 6 of 12 voting directors, including the Chair or Vice-Chair, at
 * least 2 non-executive and 2 executive directors). DOMAIN-REFERENCE.md: a scheme version records
 * "Board approval", and auditors need proof the approver "held the authority at that time" — for
 * the Board that means the meeting was quorate for the item when it resolved.
 */

/** The Chair and Vice-Chair are non-executive directors too, so they count towards that minimum. */
const NON_EXECUTIVE: readonly Capacity[] = ["chair", "vice_chair", "non_executive"];

/** Whether a capacity is a non-executive director's (the Chair and Vice-Chair are). */
export function isNonExecutive(capacity: Capacity): boolean {
  return NON_EXECUTIVE.includes(capacity);
}

function directors(n: number, kind: string): string {
  return `${n} ${kind} director${n === 1 ? "" : "s"}`;
}

function shortfall(have: number, need: number, kind: string): string {
  const needed = `${need} ${need === 1 ? "is" : "are"} needed`;
  if (have === 0) return `No ${kind} directors are present without a conflict of interest; ${needed}.`;
  return `Only ${directors(have, kind)} ${have === 1 ? "is" : "are"} present without a conflict of interest; ${needed}.`;
}

/**
 * Whether the people present make a quorum for an item. Only present directors count; the Board
 * Secretary and other non-voting attendees never do; a director who declared a conflict for the item
 * does not count towards its quorum (MeetingItem.conflicted). Someone listed twice counts once.
 */
export function assessQuorum(rule: QuorumRule, attendance: readonly Attendance[], conflicted: readonly string[]): QuorumResult {
  const conflicts = new Set(conflicted);
  const counted = new Map<string, Capacity>();
  for (const a of attendance) {
    if (!a.present || a.capacity === "non_voting" || conflicts.has(a.memberId)) continue;
    if (!counted.has(a.memberId)) counted.set(a.memberId, a.capacity);
  }
  const capacities = [...counted.values()];
  const voting = capacities.length;
  const chairOrVice = capacities.some((c) => c === "chair" || c === "vice_chair");
  const nonExecutive = capacities.filter(isNonExecutive).length;
  const executive = capacities.filter((c) => c === "executive").length;

  const reasons: string[] = [];
  if (voting < rule.minVoting) reasons.push(shortfall(voting, rule.minVoting, "voting"));
  if (rule.requireChairOrViceChair && !chairOrVice) {
    reasons.push("Neither the Chair nor the Vice-Chair is present without a conflict of interest.");
  }
  if (nonExecutive < rule.minNonExecutive) reasons.push(shortfall(nonExecutive, rule.minNonExecutive, "non-executive"));
  if (executive < rule.minExecutive) reasons.push(shortfall(executive, rule.minExecutive, "executive"));
  return { quorate: reasons.length === 0, voting, chairOrVice, nonExecutive, executive, reasons };
}

/** The quorum in words, as standing orders put it: "6 of the 12 voting directors, including the Chair or Vice-Chair, at least 2 non-executive directors and 2 executive directors". */
export function describeQuorumRule(rule: QuorumRule): string {
  const head =
    rule.minVoting === rule.votingDirectors
      ? rule.votingDirectors === 1
        ? "the 1 voting director"
        : `all ${rule.votingDirectors} voting directors`
      : `${rule.minVoting} of the ${directors(rule.votingDirectors, "voting")}`;
  const counts: string[] = [];
  if (rule.minNonExecutive > 0) counts.push(directors(rule.minNonExecutive, "non-executive"));
  if (rule.minExecutive > 0) counts.push(directors(rule.minExecutive, "executive"));
  const atLeast = counts.length ? `at least ${counts.join(" and ")}` : "";
  const chair = rule.requireChairOrViceChair ? "the Chair or Vice-Chair" : "";
  let including: string;
  if (chair && atLeast) including = counts.length === 2 ? `${chair}, ${atLeast}` : `${chair} and ${atLeast}`;
  else including = chair || atLeast;
  // Lower case throughout so a page can embed it: "The quorum is all 12 voting directors".
  return including ? `${head}, including ${including}` : head;
}

function wholeNumber(n: number): boolean {
  return Number.isInteger(n) && n >= 0;
}

/** What is wrong with a quorum rule, one plain sentence each; empty when it is sound. */
export function validateQuorumRule(rule: QuorumRule): string[] {
  const errors: string[] = [];
  const fields: [keyof QuorumRule, string][] = [
    ["votingDirectors", "The number of voting directors"],
    ["minVoting", "The number of voting directors needed"],
    ["minNonExecutive", "The number of non-executive directors needed"],
    ["minExecutive", "The number of executive directors needed"],
  ];
  for (const [key, label] of fields) {
    if (!wholeNumber(rule[key] as number)) errors.push(`${label} must be a whole number, 0 or more.`);
  }
  if (errors.length) return errors;
  // A quorum of none would let one person, or nobody, bind the Board.
  if (rule.minVoting < 1) errors.push("A quorum needs at least 1 voting director.");
  if (rule.minVoting > rule.votingDirectors) {
    errors.push(`The quorum (${rule.minVoting}) cannot be more than the Board's ${directors(rule.votingDirectors, "voting")}.`);
  }
  // The Chair and Vice-Chair are non-executive, so requiring one of them requires at least one.
  const nonExecutive = Math.max(rule.minNonExecutive, rule.requireChairOrViceChair ? 1 : 0);
  if (nonExecutive + rule.minExecutive > rule.minVoting) {
    const chair = rule.requireChairOrViceChair && rule.minNonExecutive === 0 ? " (counting the Chair or Vice-Chair)" : "";
    errors.push(
      `The quorum (${rule.minVoting}) must be at least the ${nonExecutive + rule.minExecutive} non-executive and executive directors it requires${chair}.`,
    );
  }
  return errors;
}
