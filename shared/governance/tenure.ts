import type { RoleTenure, TemporaryDelegation } from "./types";

/**
 * Who held a role on a date, and whose authority someone held by written temporary delegation.
 * DOMAIN-REFERENCE.md lists the known pain this answers: "auditors need proof that an approver
 * held the authority at that time". Scheme cells name roles as people write them ("Service line
 * clinical lead and manager", "The Director of Finance", "Executive Directors"), so roles are
 * matched loosely by sameRole rather than by exact text. Dates are ISO calendar dates and both
 * ends of a tenure or delegation are inclusive.
 */

function covers(from: string, to: string | null, date: string): boolean {
  return from <= date && (to === null || date <= to);
}

function normaliseWords(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/['’]s\b/g, "") // "Chief Executive's" → "chief executive"
    .replace(/[^a-z0-9]+/g, " ")
    .trim()
    .split(" ")
    .filter(Boolean);
}

/** A role name reduced to a comparable key: lower case, no leading "the", "&" as "and", plurals as singulars. */
export function roleKey(role: string): string {
  const words = normaliseWords(role);
  if (words[0] === "the") words.shift();
  // Plurals as singulars, so "Executive Directors" matches "Executive Director". Words ending "ss"
  // ("business") keep their s; both sides are reduced alike, so an odd stem still compares equal.
  return words.map((w) => (w.length > 3 && w.endsWith("s") && !w.endsWith("ss") ? w.slice(0, -1) : w)).join(" ");
}

/** Whether two role names mean the same role: case, a leading "the", "&" for "and" and plurals aside. */
export function sameRole(a: string, b: string): boolean {
  return roleKey(a) === roleKey(b);
}

function samePerson(a: string, b: string): boolean {
  return normaliseWords(a).join(" ") === normaliseWords(b).join(" ");
}

const byFrom = (a: RoleTenure, b: RoleTenure) => (a.from < b.from ? -1 : a.from > b.from ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The tenures of a role covering a date, earliest start first. With a unitId, that unit's holders
 * and the trust-wide holders (a trust-wide role covers every unit); with null, trust-wide only.
 */
export function holdersOn(tenures: readonly RoleTenure[], role: string, date: string, unitId?: string | null): RoleTenure[] {
  return tenures
    .filter((t) => sameRole(t.role, role) && covers(t.from, t.to, date))
    .filter((t) => unitId === undefined || t.unitId === null || t.unitId === unitId)
    .sort(byFrom);
}

/** The roles a person held on a date, earliest start first. */
export function rolesOf(tenures: readonly RoleTenure[], person: string, date: string): RoleTenure[] {
  return tenures.filter((t) => samePerson(t.person, person) && covers(t.from, t.to, date)).sort(byFrom);
}

/** The written temporary delegations that let `delegate` act for someone on `decisionId` on a date (an empty list of decisions covers them all). */
export function delegationsOn(delegations: readonly TemporaryDelegation[], delegate: string, date: string, decisionId: string): TemporaryDelegation[] {
  return delegations
    .filter((d) => samePerson(d.delegate, delegate) && covers(d.from, d.to, date))
    .filter((d) => d.decisionIds.length === 0 || d.decisionIds.includes(decisionId))
    .sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : a.id < b.id ? -1 : 1));
}
