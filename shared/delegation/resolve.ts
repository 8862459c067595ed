import type { AutonomyLevel } from "../autonomy/types";
import { cellAt, effectiveRight, formatLimit } from "./limits";
import { DECISION_AREAS, type AreaId, type CellMode, type Decision, type LimitKind, type Scheme } from "./types";

/** What a service line may decide now, for one decision. */
export interface ResolvedDecision {
  decisionId: string;
  title: string;
  description: string;
  limitKind: LimitKind;
  unit?: string;
  mode: CellMode;
  held: boolean;
  /** null when not held, held without upper limit, or a yes/no decision. */
  limit: number | null;
  /** Ready to show: "Up to £25,000", "No limit", "Yes", "Not held", "Reserved to the service line". */
  limitText: string;
  holder: string;
  conditions: string;
}

/** One area's decisions as resolved for a service line. */
export interface ResolvedArea {
  area: AreaId;
  label: string;
  decisions: ResolvedDecision[];
}

/** Every decision, by area, as a service line at the given earned autonomy level may take it now. */
export function resolveForServiceLine(scheme: Scheme, autonomyLevel: AutonomyLevel): ResolvedArea[] {
  const sl = scheme.serviceLineLevelId;
  return DECISION_AREAS.map(({ id, label }) => ({
    area: id,
    label,
    decisions: scheme.decisions
      .filter((d) => d.area === id)
      .map((d): ResolvedDecision => {
        const right = effectiveRight(scheme, d, sl, autonomyLevel);
        let limitText: string;
        if (right.mode === "reserved") limitText = "Reserved to the service line";
        else if (!right.held) limitText = "Not held";
        else if (d.limitKind === "yesno") limitText = "Yes";
        else if (right.limit === null) limitText = "No limit";
        else limitText = `Up to ${formatLimit(d, right.limit)}`;
        const out: ResolvedDecision = {
          decisionId: d.id,
          title: d.title,
          description: d.description,
          limitKind: d.limitKind,
          mode: right.mode === "reserved" ? "reserved" : right.held ? "delegated" : "none",
          held: right.held,
          limit: right.held ? right.limit : null,
          limitText,
          holder: right.holder,
          conditions: right.conditions,
        };
        if (d.unit !== undefined) out.unit = d.unit;
        return out;
      }),
  })).filter((a) => a.decisions.length > 0);
}

/** The question put to whoMayApprove. */
export interface ApprovalRequest {
  decisionId: string;
  /** Pounds for money decisions, the number (or band) for counts; ignored for yes/no decisions. */
  amount?: number;
  autonomyLevel: AutonomyLevel;
  serviceLineLevelId?: string;
  /** Used in the reasoning, e.g. "Cardiology is at earned autonomy level 3 …". */
  serviceLineName?: string;
}

/** Who may approve, at what limit, and why, in sentences a board member can read. */
export interface ApprovalRoute {
  approverLevelId: string;
  levelName: string;
  holder: string;
  /** The approver's limit; null when reserved, unlimited, a yes/no decision, or the fallback to the top level. */
  limit: number | null;
  basis: "delegated" | "reserved" | "fallback";
  reasoning: string[];
}

function article(name: string): string {
  return `the ${name}`;
}

function withHolder(name: string, holder: string): string {
  return holder ? `${article(name)} (${holder})` : article(name);
}

/**
 * Walks the levels from the lowest upward to the first whose delegated limit covers the amount; the
 * service line's limit is the one for its earned autonomy level. A reserved level takes the decision
 * outright; if no level covers the amount, it goes to the top level (the Board).
 */
export function whoMayApprove(scheme: Scheme, request: ApprovalRequest): ApprovalRoute {
  const decision = scheme.decisions.find((d) => d.id === request.decisionId);
  if (!decision) throw new RangeError(`No decision with id "${request.decisionId}" in this scheme`);
  const yesno = decision.limitKind === "yesno";
  const amount = request.amount ?? 0;
  if (!yesno && (request.amount === undefined || !Number.isFinite(amount) || amount < 0)) {
    throw new RangeError("An amount of zero or more is needed for this decision");
  }
  const sl = request.serviceLineLevelId ?? scheme.serviceLineLevelId;
  const levels = scheme.levels;
  const top = levels[0]!;
  const amountText = yesno ? "" : formatLimit(decision, amount);
  const verb = decision.limitKind === "money" ? "authorise" : "approve";

  // A reserved matter is decided only where it is reserved; the lowest such level is the most specific.
  for (let i = levels.length - 1; i >= 0; i--) {
    const level = levels[i]!;
    const cell = cellAt(decision, level.id);
    if (cell.mode !== "reserved") continue;
    const reasoning = [
      `This decision is reserved to ${withHolder(level.name, cell.holder)}, so only ${article(level.name)} may decide it${yesno ? "" : ", whatever the amount"}.`,
    ];
    if (cell.conditions) reasoning.push(`Conditions: ${cell.conditions}`);
    return { approverLevelId: level.id, levelName: level.name, holder: cell.holder, limit: null, basis: "reserved", reasoning };
  }

  const rights = levels.map((l) => effectiveRight(scheme, decision, l.id, request.autonomyLevel, sl));
  const covers = (i: number) => {
    const r = rights[i]!;
    return r.held && (yesno || r.limit === null || amount <= r.limit);
  };
  let approver = -1;
  for (let i = levels.length - 1; i >= 0; i--) {
    if (covers(i)) {
      approver = i;
      break;
    }
  }

  const describe = (i: number): string => {
    const level = levels[i]!;
    const r = rights[i]!;
    const power = !r.held
      ? "does not hold this decision"
      : yesno
        ? "may decide this"
        : r.limit === null
          ? `may ${verb} any amount`
          : `may ${verb} up to ${formatLimit(decision, r.limit)}`;
    if (level.id === sl) {
      const who = request.serviceLineName ?? "The service line";
      return `${who} is at earned autonomy level ${request.autonomyLevel}, so a service line ${power}`;
    }
    const subject = withHolder(level.name, r.holder);
    return `${subject.charAt(0).toUpperCase()}${subject.slice(1)} ${power}`;
  };
  const destination = (i: number): string => {
    const level = levels[i]!;
    const r = rights[i]!;
    if (level.id === sl) return article(level.name.toLowerCase());
    const whose = yesno ? "" : r.limit === null ? ", which has no upper limit" : `, whose limit is ${formatLimit(decision, r.limit)}`;
    return `${withHolder(level.name, r.holder)}${whose}`;
  };

  const reasoning: string[] = [];
  // Levels below the approver (all of them when nothing covers the amount), lowest first.
  for (let i = levels.length - 1; i > approver; i--) {
    const exceeded = rights[i]!.held && !yesno;
    if (approver !== -1 && i - 1 === approver) {
      reasoning.push(`${describe(i)}.`);
      reasoning.push(exceeded ? `${amountText} is above that, so it goes to ${destination(approver)}.` : `So it goes to ${destination(approver)}.`);
    } else {
      reasoning.push(exceeded ? `${describe(i)}. ${amountText} is above that.` : `${describe(i)}.`);
    }
  }

  if (approver === -1) {
    const cell = cellAt(decision, top.id);
    reasoning.push(`No level's delegated limit covers ${yesno ? "this decision" : amountText}, so it goes to ${article(top.name)}.`);
    return { approverLevelId: top.id, levelName: top.name, holder: cell.holder, limit: null, basis: "fallback", reasoning };
  }

  const r = rights[approver]!;
  const level = levels[approver]!;
  if (approver === levels.length - 1 || level.id === sl) {
    // The approver's own sentence carries the limit when it is the first level asked, or the service line.
    reasoning.push(`${describe(approver)}${yesno ? "" : r.limit === null ? "" : `, which covers ${amountText}`}.`);
  }
  if (r.conditions) reasoning.push(`Conditions: ${r.conditions}`);
  return { approverLevelId: level.id, levelName: level.name, holder: r.holder, limit: yesno ? null : r.limit, basis: "delegated", reasoning };
}

/** The decision with an id, or undefined; a convenience for callers that hold only the id. */
export function findDecision(scheme: Scheme, decisionId: string): Decision | undefined {
  return scheme.decisions.find((d) => d.id === decisionId);
}
