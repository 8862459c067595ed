import type { AutonomyLevel } from "../autonomy/types";
import { cellAt, effectiveRight, formatLimit, holderFor, holderName, procurementRouteFor, procurementSpanText, type HolderRight, type ProcurementBand } from "./limits";
import { DECISION_AREAS, conditionText, vatBasisText, type AreaId, type CellMode, type Decision, type LimitKind, type Scheme, type VatBasis } from "./types";

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
  /** The service line's own conditions, as written in its cell. */
  conditions: string;
  /** The decision's conditions that every answer lists ("Within the approved budget", …), as words. */
  decisionConditions: string[];
  /** Whether the money limits include VAT; null for decisions that are not money. */
  vatBasis: VatBasis | null;
  /** True for a right that does not depend on performance (the same at every autonomy level). */
  performanceIndependent: boolean;
  /** The reason the service line may exceed the level above, when its cell is marked as an exception. */
  exception: string | null;
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
          decisionConditions: (d.conditions ?? []).map(conditionText),
          vatBasis: d.limitKind === "money" ? d.vatBasis ?? null : null,
          performanceIndependent: !!d.performanceIndependent,
          exception: cellAt(d, sl).exception?.reason ?? null,
        };
        if (d.unit !== undefined) out.unit = d.unit;
        return out;
      }),
  })).filter((a) => a.decisions.length > 0);
}

/** The question put to whoMayApprove. */
export interface ApprovalRequest {
  decisionId: string;
  /** Pounds for money decisions, the band value for bands (see parseBand), the number for counts; ignored for yes/no. */
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
  /** The holder who approves: at a level with several holders, the one with the lowest limit that covers the amount. */
  holder: string;
  /** The second holder who must approve together with `holder`, or null. */
  jointWith: string | null;
  /** The approver's limit; null when reserved, unlimited, a yes/no decision, or the fallback to the Board. */
  limit: number | null;
  basis: "delegated" | "reserved" | "fallback";
  /** Every condition the approval is subject to: the decision's own (within budget, no splitting…), then the approver's. */
  conditions: string[];
  /** The procurement route the amount falls in, when the decision cites one. */
  procurement: ProcurementBand | null;
  /** Whether the money limits include VAT; null for decisions that are not money. */
  vatBasis: VatBasis | null;
  /** True for a right that does not depend on performance (the same at every autonomy level). */
  performanceIndependent: boolean;
  reasoning: string[];
}

function article(name: string): string {
  return `the ${name}`;
}

function withHolder(name: string, holder: string): string {
  return holder ? `${article(name)} (${holder})` : article(name);
}

const capital = (s: string) => `${s.charAt(0).toUpperCase()}${s.slice(1)}`;

/** The sentences every answer ends with: VAT basis, procurement route, conditions, performance-independence. */
function closingSentences(decision: Decision, procurement: ProcurementBand | null, amountText: string, conditions: string[], performanceIndependent: boolean): string[] {
  const out: string[] = [];
  if (decision.limitKind === "money" && decision.vatBasis) {
    const verb = decision.vatBasis === "incl" ? "include" : "exclude";
    out.push(`This decision's limits ${verb} VAT, so ${amountText} is the amount ${vatBasisText(decision.vatBasis)}.`);
  }
  if (procurement) {
    out.push(`At ${amountText} the purchase follows the procurement route for ${procurementSpanText(procurement).replace(/^Under/, "under")} (including VAT): ${procurement.route.replace(/\.$/, "")}.`);
    if (decision.vatBasis === "excl") out.push("Procurement thresholds include VAT: add VAT to the amount before choosing the route.");
  }
  if (conditions.length) {
    const text = conditions.map((c) => c.trim().replace(/[.;]$/, "")).join("; ");
    out.push(`Conditions: ${text}.`);
  }
  if (performanceIndependent) out.push("This right does not depend on performance: it is the same at every earned autonomy level.");
  return out;
}

/**
 * Walks the levels from the lowest upward to the first whose delegated limit covers the amount; the
 * service line's limit is the one for its earned autonomy level. At a level with several holders the
 * one with the lowest limit that covers the amount approves (jointly with a second holder where the
 * scheme says so). A reserved level takes the decision outright; if no level covers the amount, it
 * goes to the first level that is not reserved-only (the Board, never the Council of Governors).
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
  const top = levels.find((l) => !l.reservedOnly) ?? levels[0]!;
  const amountText = yesno ? "" : formatLimit(decision, amount);
  const verb = decision.limitKind === "money" ? "authorise" : "approve";
  const money = decision.limitKind === "money";
  const procurement = money && decision.procurement ? procurementRouteFor(scheme.procurementRoutes, amount) : null;
  const vatBasis = money ? decision.vatBasis ?? null : null;
  const performanceIndependent = !!decision.performanceIndependent;
  const decisionConditions = (decision.conditions ?? []).map(conditionText).filter((c) => c.trim());
  const common = { procurement, vatBasis, performanceIndependent };
  const finish = (cellConditions: string) => {
    const conditions = cellConditions.trim() ? [...decisionConditions, cellConditions.trim()] : decisionConditions;
    return { conditions, closing: closingSentences(decision, procurement, amountText, conditions, performanceIndependent) };
  };

  // A reserved matter is decided only where it is reserved; the lowest such level is the most specific.
  for (let i = levels.length - 1; i >= 0; i--) {
    const level = levels[i]!;
    const cell = cellAt(decision, level.id);
    if (cell.mode !== "reserved") continue;
    const reasoning = [
      `This decision is reserved to ${withHolder(level.name, cell.holder)}, so only ${article(level.name)} may decide it${yesno ? "" : ", whatever the amount"}.`,
    ];
    const { conditions, closing } = finish(cell.conditions);
    reasoning.push(...closing);
    return { approverLevelId: level.id, levelName: level.name, holder: cell.holder, jointWith: null, limit: null, basis: "reserved", conditions, ...common, reasoning };
  }

  const rights = levels.map((l) => {
    const r = effectiveRight(scheme, decision, l.id, request.autonomyLevel, sl);
    // A body that decides only its reserved matters holds nothing delegated.
    return l.reservedOnly ? { ...r, held: false, limit: null, holders: [] } : r;
  });
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

  const several = (i: number) => levels[i]!.id !== sl && rights[i]!.holders.length > 1;
  const powerOf = (limit: number | null) => (yesno ? "may decide this" : limit === null ? `may ${verb} any amount` : `may ${verb} up to ${formatLimit(decision, limit)}`);
  const describe = (i: number): string => {
    const level = levels[i]!;
    const r = rights[i]!;
    if (several(i)) {
      const [first, ...rest] = r.holders;
      const others = rest.map((h) => `${holderName(h)} ${h.limit === null ? "without limit" : `up to ${formatLimit(decision, h.limit)}`}`);
      return `${capital(article(level.name))}: ${holderName(first!)} ${powerOf(first!.limit)}${others.length ? `; ${others.join("; ")}` : ""}`;
    }
    const power = !r.held ? "does not hold this decision" : powerOf(r.limit);
    if (level.id === sl) {
      const who = request.serviceLineName ?? "The service line";
      return `${who} is at earned autonomy level ${request.autonomyLevel}, so a service line ${power}`;
    }
    const only = r.holders[0];
    const subject = only?.jointWith ? withHolder(level.name, holderName(only)) : withHolder(level.name, r.holder);
    return `${capital(subject)} ${power}`;
  };
  const chosenAt = (i: number): HolderRight | null => holderFor(rights[i]!.holders, yesno ? 0 : amount);
  const destination = (i: number): string => {
    const level = levels[i]!;
    const r = rights[i]!;
    if (level.id === sl) return article(level.name.toLowerCase());
    const chosen = chosenAt(i);
    const name = chosen ? holderName(chosen) : r.holder;
    const limit = chosen ? chosen.limit : r.limit;
    const joint = !!chosen?.jointWith;
    const whose = yesno ? "" : limit === null ? ", which has no upper limit" : `, whose ${joint ? "joint " : ""}limit is ${formatLimit(decision, limit)}`;
    return `${withHolder(level.name, name)}${whose}`;
  };

  const reasoning: string[] = [];
  // Levels below the approver (all of them when nothing covers the amount), lowest first; reserved-only bodies are not part of the walk.
  for (let i = levels.length - 1; i > approver; i--) {
    if (levels[i]!.reservedOnly) continue;
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
    const { conditions, closing } = finish("");
    reasoning.push(...closing);
    return { approverLevelId: top.id, levelName: top.name, holder: cell.holder, jointWith: null, limit: null, basis: "fallback", conditions, ...common, reasoning };
  }

  const r = rights[approver]!;
  const level = levels[approver]!;
  const chosen = level.id === sl ? null : chosenAt(approver);
  const limit = yesno ? null : chosen ? chosen.limit : r.limit;
  const firstAsked = levels.slice(approver + 1).every((l) => l.reservedOnly);
  if (firstAsked || level.id === sl) {
    // The approver's own sentence carries the limit when it is the first level asked, or the service line.
    if (several(approver)) {
      reasoning.push(`${describe(approver)}.`);
      reasoning.push(`So it goes to ${destination(approver)}, which covers ${amountText}.`);
    } else reasoning.push(`${describe(approver)}${yesno ? "" : r.limit === null ? "" : `, which covers ${amountText}`}.`);
  }
  if (chosen?.jointWith) reasoning.push(`${capital(/^(the|a|an)\s/i.test(chosen.holder) ? chosen.holder : `the ${chosen.holder}`)} and ${/^(the|a|an)\s/i.test(chosen.jointWith) ? chosen.jointWith : `the ${chosen.jointWith}`} must both approve it.`);
  const { conditions, closing } = finish(r.conditions);
  reasoning.push(...closing);
  return {
    approverLevelId: level.id,
    levelName: level.name,
    holder: chosen ? chosen.holder : r.holder,
    jointWith: chosen?.jointWith ?? null,
    limit,
    basis: "delegated",
    conditions,
    ...common,
    reasoning,
  };
}

/** The decision with an id, or undefined; a convenience for callers that hold only the id. */
export function findDecision(scheme: Scheme, decisionId: string): Decision | undefined {
  return scheme.decisions.find((d) => d.id === decisionId);
}
