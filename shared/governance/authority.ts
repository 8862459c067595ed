import type { AutonomyLevel } from "../autonomy/types";
import { formatLimit, holderName, holderRights, type HolderRight } from "../delegation/limits";
import { whoMayApprove, type ApprovalRoute } from "../delegation/resolve";
import type { Decision, Scheme } from "../delegation/types";
import { formatDate } from "../format/dates";
import { holdersOn, roleKey, rolesOf, delegationsOn, sameRole } from "./tenure";
import type { RoleTenure, TemporaryDelegation } from "./types";

/**
 * The authority check an auditor asks for (issue 11; DOMAIN-REFERENCE.md: "auditors need proof that
 * an approver held the authority at that time"): on a date, under the scheme version then in force and
 * the line's earned-autonomy determination then in force, did the person who approved hold a role
 * (or a written temporary delegation) whose limit covers the amount, and if not, who should have
 * approved. A holder at a higher level may approve what a lower level may: what matters is that the
 * approver's own limit covers the amount.
 */
export interface AuthorityQuestion {
  scheme: Scheme;
  decision: Decision;
  /** The amount in the decision's own terms; ignored for yes/no decisions. */
  amount: number | undefined;
  date: string;
  autonomyLevel: AutonomyLevel;
  lineName: string;
  /** The service line and the units above it (its division), nearest first: unit-level roles count only for these. */
  unitChain: readonly string[];
  approver: string;
  /** For joint approvals: the second person who signed. */
  secondApprover?: string;
  tenures: readonly RoleTenure[];
  delegations: readonly TemporaryDelegation[];
}

/** One role through which someone held a limit for the decision. */
export interface RoleAuthority {
  person: string;
  role: string;
  levelId: string;
  levelName: string;
  holder: string;
  limit: number | null;
  jointWith: string | null;
  acting: boolean;
  /** The delegator, when held by written temporary delegation. */
  delegatedBy: string | null;
}

export interface AuthorityAnswer {
  within: boolean;
  /** The role (or delegation) that gave the authority, when within. */
  by: RoleAuthority | null;
  /** Every limit the approver held for this decision on the date. */
  held: RoleAuthority[];
  route: ApprovalRoute;
  /** Who should have approved: the route's holder and the people who held that role on the date. */
  shouldHave: { text: string; people: string[] };
  reasons: string[];
}

/** Words that name any executive director rather than one post. */
const GENERIC_EXECUTIVE = new Set(["executive director", "executive"]);

/** Whether a tenure is the role a scheme holder names: the same role, or every word of the role in the holder ("Clinical Lead" in "Service line clinical lead and manager"). */
export function tenureMatchesHolder(t: Pick<RoleTenure, "role" | "levelId">, holder: string, levelId: string): boolean {
  if (t.levelId !== levelId) return false;
  if (!holder.trim() || sameRole(t.role, holder)) return true;
  const h = roleKey(holder);
  if (GENERIC_EXECUTIVE.has(h)) return !/\bdeputy\b/i.test(t.role);
  const holderWords = new Set(h.split(" "));
  const roleWords = roleKey(t.role).split(" ").filter((w) => w !== "of" && w !== "and");
  return roleWords.length > 0 && roleWords.every((w) => holderWords.has(w));
}

function covers(h: HolderRight, decision: Decision, amount: number | undefined): boolean {
  return decision.limitKind === "yesno" || h.limit === null || (amount ?? 0) <= h.limit;
}

function inScope(t: RoleTenure, chain: readonly string[]): boolean {
  return t.unitId === null || chain.includes(t.unitId);
}

/** The limits a person held for a decision on a date, through their own roles and written delegations. */
export function authorityOf(q: Omit<AuthorityQuestion, "approver" | "secondApprover">, person: string): RoleAuthority[] {
  const out: RoleAuthority[] = [];
  const add = (t: RoleTenure, delegatedBy: string | null) => {
    if (!inScope(t, q.unitChain)) return;
    const level = q.scheme.levels.find((l) => l.id === t.levelId);
    if (!level) return;
    for (const h of holderRights(q.scheme, q.decision, t.levelId, q.autonomyLevel)) {
      if (!tenureMatchesHolder(t, h.holder, t.levelId) && !(h.jointWith && tenureMatchesHolder(t, h.jointWith, t.levelId))) continue;
      out.push({ person, role: t.role, levelId: t.levelId, levelName: level.name, holder: h.holder, limit: h.limit, jointWith: h.jointWith, acting: t.acting, delegatedBy });
    }
  };
  for (const t of rolesOf(q.tenures, person, q.date)) add(t, null);
  for (const d of delegationsOn(q.delegations, person, q.date, q.decision.id)) for (const t of rolesOf(q.tenures, d.delegator, q.date)) add(t, d.delegator);
  return out;
}

/** "may approve up to £250,000", "may approve any amount", "may decide it". */
function mayText(decision: Decision, limit: number | null): string {
  if (decision.limitKind === "yesno") return "may decide it";
  return limit === null ? "may approve any amount" : `may approve up to ${formatLimit(decision, limit)}`;
}

function roleText(a: RoleAuthority): string {
  if (a.delegatedBy) return `acting for ${a.delegatedBy} (${a.role}) by written temporary delegation`;
  return `${a.acting ? "acting " : ""}${a.role}`;
}

export function checkAuthority(q: AuthorityQuestion): AuthorityAnswer {
  const { decision } = q;
  const route = whoMayApprove(q.scheme, { decisionId: decision.id, amount: q.amount, autonomyLevel: q.autonomyLevel, serviceLineName: q.lineName });
  const on = formatDate(q.date);
  const amountText = decision.limitKind === "yesno" ? "this decision" : formatLimit(decision, q.amount ?? 0);
  const held = authorityOf(q, q.approver);
  const reasons: string[] = [];

  const routeLevel = q.scheme.levels.find((l) => l.id === route.approverLevelId);
  const routeTenures = route.basis === "reserved" || route.basis === "fallback" ? [] : holdersOn(q.tenures, route.holder, q.date).filter((t) => t.levelId === route.approverLevelId && inScope(t, q.unitChain));
  const holding = (holder: string) =>
    [...new Set(q.tenures.filter((t) => t.levelId === route.approverLevelId && tenureMatchesHolder(t, holder, route.approverLevelId) && inScope(t, q.unitChain) && t.from <= q.date && (t.to === null || t.to >= q.date)).map((t) => t.person))];
  let people = [...new Set((routeTenures.length ? routeTenures.map((t) => t.person) : holding(route.holder)))];
  // A joint approval needs both: name the pairs ("Dr James Okafor with Priya Shah").
  if (route.jointWith) {
    const partners = holding(route.jointWith);
    people = people.flatMap((p) => partners.filter((x) => x !== p).map((x) => `${p} with ${x}`));
  }
  const shouldText = route.basis === "reserved" || route.basis === "fallback"
    ? `${routeLevel?.name ?? route.levelName}${route.holder ? ` (${route.holder})` : ""}`
    : `${holderName(route)}${route.limit !== null ? ` (up to ${formatLimit(decision, route.limit)})` : ""}`;
  const shouldHave = { text: shouldText, people };

  if (held.length === 0) {
    const ended = q.tenures.filter((t) => t.person.trim().toLowerCase() === q.approver.trim().toLowerCase() && t.to !== null && t.to < q.date).sort((a, b) => (a.to! < b.to! ? 1 : -1))[0];
    const future = q.tenures.find((t) => t.person.trim().toLowerCase() === q.approver.trim().toLowerCase() && t.from > q.date);
    if (ended) reasons.push(`${q.approver}'s tenure as ${ended.role} ended on ${formatDate(ended.to!)}, so on ${on} ${q.approver} did not hold the role.`);
    else if (future) reasons.push(`${q.approver} took up the role of ${future.role} on ${formatDate(future.from)}, after ${on}.`);
    else if (rolesOf(q.tenures, q.approver, q.date).length === 0) reasons.push(`${q.approver} held no role recorded in Devolve on ${on}, and no written delegation.`);
    else reasons.push(`None of the roles ${q.approver} held on ${on} (${rolesOf(q.tenures, q.approver, q.date).map((t) => t.role).join(", ")}) holds this decision for ${q.lineName}.`);
    return { within: false, by: null, held, route, shouldHave, reasons };
  }

  // A reserved matter is decided only where it is reserved.
  const usable = route.basis === "reserved" ? held.filter((a) => a.levelId === route.approverLevelId) : held;
  const alone = usable.filter((a) => !a.jointWith && covers({ holder: a.holder, limit: a.limit, jointWith: null }, decision, q.amount));
  const jointly = usable.filter((a) => a.jointWith && covers({ holder: a.holder, limit: a.limit, jointWith: a.jointWith }, decision, q.amount));
  const best = alone.sort((a, b) => (a.limit ?? Infinity) - (b.limit ?? Infinity))[0];
  if (best) {
    reasons.push(`On ${on} ${q.approver} was ${roleText(best)}; under the scheme in force the ${best.holder} ${mayText(decision, best.limit)}, which covers ${amountText}.`);
    return { within: true, by: best, held, route, shouldHave, reasons };
  }
  for (const j of jointly) {
    const partner = sameRole(j.role, j.holder) || tenureMatchesHolder({ role: j.role, levelId: j.levelId }, j.holder, j.levelId) ? j.jointWith! : j.holder;
    const second = q.secondApprover ? authorityOf(q, q.secondApprover).some((a) => tenureMatchesHolder({ role: a.role, levelId: a.levelId }, partner, a.levelId)) : false;
    if (second) {
      reasons.push(`On ${on} ${q.approver} (${roleText(j)}) and ${q.secondApprover} approved jointly; the ${holderName(j)} ${mayText(decision, j.limit)}, which covers ${amountText}.`);
      return { within: true, by: j, held, route, shouldHave, reasons };
    }
    reasons.push(`${amountText} needs the ${holderName(j)}; ${q.secondApprover ? `${q.secondApprover} did not hold the role of ${partner} on ${on}` : `no second approver (the ${partner}) is recorded`}.`);
  }
  const top = [...held].sort((a, b) => (b.limit ?? Infinity) - (a.limit ?? Infinity))[0]!;
  if (route.basis === "reserved") reasons.push(`This decision is reserved to the ${route.levelName}; ${q.approver} (${roleText(top)}) could not decide it.`);
  else if (jointly.length === 0) reasons.push(`On ${on} ${q.approver} was ${roleText(top)}, whose limit for this decision was ${top.limit === null ? "unlimited" : formatLimit(decision, top.limit)}${top.levelId === q.scheme.serviceLineLevelId ? ` (${q.lineName} was at earned autonomy level ${q.autonomyLevel})` : ""}: ${amountText} is above it.`);
  return { within: false, by: null, held, route, shouldHave, reasons };
}
