import { AUTONOMY_LEVELS, CRITERION_IDS, type AutonomyLevel, type AutonomyRules } from "../autonomy/types";
import { workforceThresholdsOf } from "../autonomy/rules";
import type { RuleIndicator } from "../collab/autonomy-rules-doc";
import { cellAt, formatLimit } from "../delegation/limits";
import { AREA_IDS, areaLabel, conditionText, vatBasisText, type Decision, type DecisionCell, type DelegationLevel, type Scheme } from "../delegation/types";
import { formatMoney } from "../format/money";
import { UNIT_KIND_LABELS, type Leader, type Structure, type SupportLink, type Unit } from "../structure/model";
import { canonicalJson } from "./canonical";
import { roleKey } from "./tenure";
import type { Change, DelegationContent } from "./types";

/**
 * A semantic diff between two versions of a document (or a version and the draft), one plain line
 * per change, for the Board paper's redline and the change history. Monitor's SLM framework Part 4
 * §7 asks for a "change control process in place to amend decision rights"; DOMAIN-REFERENCE.md:
 * "Each version records its change history". Lines say what a director needs to approve ("Authorise
 * non-pay revenue expenditure, service line at level 2: £100,000 → £150,000"), not which keys moved.
 *
 * The scheme model is being extended (several holders per cell, decision conditions, VAT basis,
 * procurement routes…), so fields this module does not know are still compared, generically: any
 * extra field of a scheme, level, decision, cell or cell holder that differs gives a line naming it.
 */

export type ChangeKind = Change["kind"];

/** Every kind of change, in the order a summary lists them. */
export const CHANGE_KINDS = [
  "unit_added",
  "unit_removed",
  "unit_moved",
  "unit_renamed",
  "unit_changed",
  "leaders_changed",
  "link_added",
  "link_removed",
  "level_added",
  "level_removed",
  "level_renamed",
  "decision_added",
  "decision_removed",
  "decision_changed",
  "right_changed",
  "rule_changed",
] as const satisfies readonly ChangeKind[];

// Fails to compile if types.ts gains a kind that is not listed above.
type Unlisted = Exclude<ChangeKind, (typeof CHANGE_KINDS)[number]>;
const _allListed: [Unlisted] extends [never] ? true : never = true;
void _allListed;

/** How many changes of each kind (every kind present, zero where none). */
export function summariseChanges(changes: readonly Change[]): Record<ChangeKind, number> {
  const counts = Object.fromEntries(CHANGE_KINDS.map((k) => [k, 0])) as Record<ChangeKind, number>;
  for (const c of changes) counts[c.kind] += 1;
  return counts;
}

// Values and names ---------------------------------------------------------------------------

const FIELD_LABELS: Record<string, string> = {
  vatBasis: "VAT basis",
  performanceIndependent: "independent of performance",
  procurement: "procurement",
  procurementRoutes: "procurement routes",
  conditions: "conditions",
  reservedOnly: "reserved only",
  jointWith: "jointly with",
};

/** A field name as words: "procurementRoutes" → "procurement routes". */
export function fieldLabel(key: string): string {
  if (FIELD_LABELS[key]) return FIELD_LABELS[key]!;
  return key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .toLowerCase()
    .replace(/\bvat\b/g, "VAT")
    .trim();
}

/** Any value as a short phrase: none, yes/no, text, a list joined by semicolons, or canonical JSON. */
function phrase(value: unknown): string {
  if (value === undefined || value === null || value === "") return "none";
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return "none";
    if (value.every((v) => typeof v === "string" || typeof v === "number")) return value.join("; ");
  }
  try {
    return canonicalJson(value);
  } catch {
    return String(value);
  }
}

/** Text in quotes, or "none" when empty. */
function quoted(text: string | undefined | null): string {
  const t = (text ?? "").trim();
  return t ? `"${t}"` : "none";
}

/** Whether two values are the same data (undefined fields and key order aside). */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  try {
    return canonicalJson(a ?? null) === canonicalJson(b ?? null);
  } catch {
    return false;
  }
}

/** Keys of either object that are not in `known`, sorted. */
function extraKeys(a: object | undefined, b: object | undefined, known: readonly string[]): string[] {
  const keys = new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})]);
  return [...keys].filter((k) => !known.includes(k)).sort();
}

const collator = new Intl.Collator("en-GB", { numeric: true, sensitivity: "base" });

// Structure ----------------------------------------------------------------------------------

const UNIT_RANK: Partial<Record<ChangeKind, number>> = {
  unit_added: 0,
  unit_removed: 1,
  unit_renamed: 2,
  unit_moved: 3,
  unit_changed: 4,
  leaders_changed: 5,
  link_added: 6,
  link_removed: 7,
};

function kindLabel(unit: Unit): string {
  return (UNIT_KIND_LABELS[unit.kind] ?? unit.kind).toLowerCase();
}

function leaderLines(name: string, before: readonly Leader[], after: readonly Leader[]): Change[] {
  // Roles are paired by a loose key ("Clinical lead" = "Clinical Lead"); a unit with two of one role pairs them in order.
  const group = (list: readonly Leader[]) => {
    const m = new Map<string, Leader[]>();
    for (const l of list) m.set(roleKey(l.role), [...(m.get(roleKey(l.role)) ?? []), l]);
    return m;
  };
  const a = group(before);
  const b = group(after);
  const keys = [...new Set([...a.keys(), ...b.keys()])];
  // In the order the roles appear after the change, then roles that went.
  const order = [...after, ...before].map((l) => roleKey(l.role));
  keys.sort((x, y) => order.indexOf(x) - order.indexOf(y));
  const who = (l: Leader) => l.name.trim() || "vacant";
  const out: Change[] = [];
  for (const key of keys) {
    const la = a.get(key) ?? [];
    const lb = b.get(key) ?? [];
    for (let i = 0; i < Math.max(la.length, lb.length); i++) {
      const x = la[i];
      const y = lb[i];
      if (x && y) {
        if (who(x) !== who(y)) out.push({ kind: "leaders_changed", text: `${name}: ${y.role} ${who(x)} → ${who(y)}`, before: who(x), after: who(y) });
      } else if (y) {
        out.push({ kind: "leaders_changed", text: `${name}: ${y.role} added (${who(y)})`, after: who(y) });
      } else if (x) {
        const was = x.name.trim() ? ` (was ${x.name.trim()})` : "";
        out.push({ kind: "leaders_changed", text: `${name}: ${x.role} removed${was}`, before: who(x) });
      }
    }
  }
  return out;
}

/**
 * What changed from structure `a` to structure `b`: units added, removed, renamed, moved (parent
 * changed), code, kind, budget holder or description changed, leaders changed, and support links
 * added or removed. Sorted by unit name. Layout (positions, sibling order) is not a change.
 */
export function diffStructure(a: Structure, b: Structure): Change[] {
  const aById = new Map(a.units.map((u) => [u.id, u]));
  const bById = new Map(b.units.map((u) => [u.id, u]));
  const nameOf = (id: string | null, first: Map<string, Unit>, second: Map<string, Unit>) =>
    id === null ? null : first.get(id)?.name ?? second.get(id)?.name ?? "a unit that no longer exists";
  const out: { sortName: string; change: Change }[] = [];
  const add = (sortName: string, change: Change) => out.push({ sortName, change });

  for (const ub of b.units) {
    const ua = aById.get(ub.id);
    if (!ua) {
      const parent = nameOf(ub.parentId, bById, aById);
      add(ub.name, { kind: "unit_added", text: `${ub.name} (${kindLabel(ub)}) added${parent ? ` under ${parent}` : ""}`, after: ub.name });
      continue;
    }
    const name = ub.name;
    if (ua.name !== ub.name) add(name, { kind: "unit_renamed", text: `${ua.name} renamed to ${ub.name}`, before: ua.name, after: ub.name });
    if ((ua.parentId ?? null) !== (ub.parentId ?? null)) {
      const from = nameOf(ua.parentId, aById, bById) ?? "the top";
      const to = nameOf(ub.parentId, bById, aById) ?? "the top";
      add(name, { kind: "unit_moved", text: `${name} moved from ${from} to ${to}`, before: from, after: to });
    }
    if (ua.code !== ub.code) add(name, { kind: "unit_changed", text: `${name}: code ${ua.code || "none"} → ${ub.code || "none"}`, before: ua.code, after: ub.code });
    if (ua.kind !== ub.kind) {
      add(name, { kind: "unit_changed", text: `${name}: ${kindLabel(ua)} → ${kindLabel(ub)}`, before: kindLabel(ua), after: kindLabel(ub) });
    }
    if ((ua.budgetHolder ?? "").trim() !== (ub.budgetHolder ?? "").trim()) {
      const x = ua.budgetHolder.trim() || "none";
      const y = ub.budgetHolder.trim() || "none";
      add(name, { kind: "unit_changed", text: `${name}: budget holder ${x} → ${y}`, before: x, after: y });
    }
    if ((ua.description ?? "").trim() !== (ub.description ?? "").trim()) {
      add(name, { kind: "unit_changed", text: `${name}: description changed`, before: ua.description, after: ub.description });
    }
    for (const c of leaderLines(name, ua.leaders, ub.leaders)) add(name, c);
  }
  for (const ua of a.units) {
    if (bById.has(ua.id)) continue;
    const parent = nameOf(ua.parentId, aById, bById);
    add(ua.name, { kind: "unit_removed", text: `${ua.name} (${kindLabel(ua)}) removed${parent ? ` from ${parent}` : ""}`, before: ua.name });
  }

  // Links are matched by the two units they join: a link deleted and drawn again is no change.
  const pairs = (links: readonly SupportLink[]) => {
    const m = new Map<string, SupportLink>();
    for (const l of links) if (!m.has(`${l.fromId}\u0000${l.toId}`)) m.set(`${l.fromId}\u0000${l.toId}`, l);
    return m;
  };
  const la = pairs(a.links);
  const lb = pairs(b.links);
  const unitName = (id: string) => bById.get(id)?.name ?? aById.get(id)?.name ?? "a unit that no longer exists";
  for (const [key, l] of lb) {
    const from = unitName(l.fromId);
    const to = unitName(l.toId);
    const old = la.get(key);
    if (!old) {
      add(from, { kind: "link_added", text: `${from} now supports ${to}${l.description.trim() ? `: ${l.description.trim()}` : ""}`, after: l.description });
    } else if (old.description.trim() !== l.description.trim()) {
      add(from, {
        kind: "unit_changed",
        text: `Support from ${from} to ${to}: ${quoted(old.description)} → ${quoted(l.description)}`,
        before: old.description,
        after: l.description,
      });
    }
  }
  for (const [key, l] of la) {
    if (lb.has(key)) continue;
    add(unitName(l.fromId), { kind: "link_removed", text: `${unitName(l.fromId)} no longer supports ${unitName(l.toId)}`, before: l.description });
  }

  return out
    .map((o, seq) => ({ ...o, seq }))
    .sort((x, y) => collator.compare(x.sortName, y.sortName) || UNIT_RANK[x.change.kind]! - UNIT_RANK[y.change.kind]! || x.seq - y.seq)
    .map((o) => o.change);
}

// Scheme of delegation -----------------------------------------------------------------------

/**
 * Ranks for a merged order of two lists by id: the later list's order, with items only in the
 * earlier list placed just after the item that preceded them there.
 */
function mergedRanks<T extends { id: string }>(before: readonly T[], after: readonly T[]): Map<string, number> {
  const rank = new Map<string, number>();
  after.forEach((x, i) => rank.set(x.id, i));
  let prev = -1;
  before.forEach((x, j) => {
    const r = rank.get(x.id);
    if (r !== undefined) prev = r;
    else rank.set(x.id, prev + (j + 1) / (before.length + 2));
  });
  return rank;
}

const KNOWN_SCHEME = ["levels", "serviceLineLevelId", "decisions"];
const KNOWN_LEVEL = ["id", "name"];
const KNOWN_DECISION = ["id", "area", "title", "description", "limitKind", "unit", "cells", "serviceLineLimits"];
const KNOWN_CELL = ["mode", "limit", "holder", "conditions", "exception", "holders"];
const KNOWN_HOLDER = ["holder", "limit", "jointWith"];

const LIMIT_KIND_WORDS: Record<string, string> = { money: "an amount of money", band: "an Agenda for Change band", count: "a count", yesno: "yes or no" };

/** A right as a director reads it: "reserved", "not held", "£25,000", "no upper limit", "yes". */
function rightText(decision: Decision, cell: DecisionCell, serviceLine: boolean): string {
  if (cell.mode === "reserved") return "reserved";
  if (cell.mode === "none") return "not held";
  // The service line's limits come from earned autonomy (diffed per level below); its own limit is unused.
  if (serviceLine) return "delegated by earned autonomy";
  if (decision.limitKind === "yesno") return "yes";
  if (cell.limit === null) return "no upper limit";
  return formatLimit(decision, cell.limit);
}

function limitOrNone(decision: Decision, limit: unknown): string {
  if (limit === null || limit === undefined) return "no upper limit";
  return typeof limit === "number" && Number.isFinite(limit) ? formatLimit(decision, limit) : phrase(limit);
}

/** A cell's named holder (the model's HolderLimit), read loosely so newer fields are still compared. */
interface HolderEntry {
  holder: string;
  limit?: number | null;
  jointWith?: unknown;
  [k: string]: unknown;
}

function holdersOf(cell: DecisionCell): HolderEntry[] | null {
  const h = (cell as Record<string, unknown>).holders;
  return Array.isArray(h) ? (h.filter((x) => x && typeof x === "object" && typeof (x as HolderEntry).holder === "string") as HolderEntry[]) : null;
}

function holderLines(prefix: string, da: Decision, db: Decision, a: HolderEntry[], b: HolderEntry[]): { text: string; before?: string; after?: string }[] {
  // A holder is the person or pair who approve: "Chief Executive" alone and "Chief Executive with the
  // Director of Finance" are two different authorities at one level, each with its own limit.
  const joint = (h: HolderEntry) => (h.jointWith === undefined || h.jointWith === null || h.jointWith === "" ? "" : phrase(h.jointWith));
  const label = (h: HolderEntry) => (joint(h) ? `${h.holder} jointly with ${joint(h)}` : h.holder);
  const keyed = (list: HolderEntry[]) => {
    const m = new Map<string, HolderEntry>();
    const seen = new Map<string, number>();
    for (const h of list) {
      const base = `${roleKey(h.holder)}\u0000${roleKey(joint(h))}`;
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      m.set(`${base}\u0000${n}`, h);
    }
    return m;
  };
  const am = keyed(a);
  const bm = keyed(b);
  const out: { text: string; before?: string; after?: string }[] = [];
  for (const [key, hb] of bm) {
    const ha = am.get(key);
    if (!ha) {
      const terms = db.limitKind === "yesno" ? "" : ` (${hb.limit === null || hb.limit === undefined ? "no upper limit" : `up to ${limitOrNone(db, hb.limit)}`})`;
      out.push({ text: `${prefix}: ${label(hb)} added as a holder${terms}`, after: label(hb) });
      continue;
    }
    const x = limitOrNone(da, ha.limit);
    const y = limitOrNone(db, hb.limit);
    if (x !== y) out.push({ text: `${prefix}: ${label(hb)} ${x} → ${y}`, before: x, after: y });
    for (const k of extraKeys(ha, hb, KNOWN_HOLDER)) {
      if (!same(ha[k], hb[k])) out.push({ text: `${prefix}: ${label(hb)} ${fieldLabel(k)} ${phrase(ha[k])} → ${phrase(hb[k])}`, before: phrase(ha[k]), after: phrase(hb[k]) });
    }
  }
  for (const [key, ha] of am) {
    if (!bm.has(key)) out.push({ text: `${prefix}: ${label(ha)} no longer a holder`, before: label(ha) });
  }
  return out;
}

interface Sorted {
  section: number;
  area: number;
  decision: number;
  level: number;
  autonomy: number;
  change: Change;
}

function stringList(v: unknown): string[] | null {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) && v.every((x) => typeof x === "string") ? (v as string[]) : null;
}

interface Route {
  from: number;
  route: string;
}

function routeList(v: unknown): Route[] | null {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) return null;
  return v.every((r) => r && typeof r === "object" && typeof r.route === "string" && typeof r.from === "number" && Number.isFinite(r.from)) ? (v as Route[]) : null;
}

/** Procurement routes matched by what they require; a route whose threshold moved is one change. */
function routeLines(a: Route[], b: Route[]): Change[] {
  const key = (r: Route) => r.route.trim().toLowerCase();
  const am = new Map(a.map((r) => [key(r), r]));
  const bm = new Map(b.map((r) => [key(r), r]));
  const out: Change[] = [];
  for (const r of b) {
    const o = am.get(key(r));
    if (!o) out.push({ kind: "rule_changed", text: `Procurement route added from ${formatMoney(r.from)}: ${r.route}`, after: formatMoney(r.from) });
    else if (o.from !== r.from) {
      out.push({ kind: "rule_changed", text: `Procurement route ${quoted(r.route)}: from ${formatMoney(o.from)} → from ${formatMoney(r.from)}`, before: formatMoney(o.from), after: formatMoney(r.from) });
    }
  }
  for (const o of a) if (!bm.has(key(o))) out.push({ kind: "rule_changed", text: `Procurement route removed: ${o.route}`, before: formatMoney(o.from) });
  return out;
}

function levelLines(a: Scheme, b: Scheme, push: (s: Omit<Sorted, "area" | "decision" | "autonomy">) => void) {
  const am = new Map(a.levels.map((l) => [l.id, l]));
  const bm = new Map(b.levels.map((l) => [l.id, l]));
  const ranks = mergedRanks(a.levels, b.levels);
  for (const lb of b.levels) {
    const la = am.get(lb.id);
    const level = ranks.get(lb.id)!;
    if (!la) {
      push({ section: 0, level, change: { kind: "level_added", text: `Level added: ${lb.name}`, levelId: lb.id, after: lb.name } });
      continue;
    }
    if (la.name !== lb.name) push({ section: 0, level, change: { kind: "level_renamed", text: `Level ${la.name} renamed to ${lb.name}`, levelId: lb.id, before: la.name, after: lb.name } });
    const ra = la as Record<string, unknown>;
    const rb = lb as Record<string, unknown>;
    for (const k of extraKeys(la, lb, KNOWN_LEVEL)) {
      if (same(ra[k], rb[k])) continue;
      push({ section: 0, level, change: { kind: "rule_changed", text: `Level ${lb.name}: ${fieldLabel(k)} ${phrase(ra[k])} → ${phrase(rb[k])}`, levelId: lb.id, before: phrase(ra[k]), after: phrase(rb[k]) } });
    }
  }
  for (const la of a.levels) {
    if (!bm.has(la.id)) push({ section: 0, level: ranks.get(la.id)!, change: { kind: "level_removed", text: `Level removed: ${la.name}`, levelId: la.id, before: la.name } });
  }
  // A change in which of the kept levels sits above which changes what "the level above" means.
  const kept = (levels: readonly DelegationLevel[]) => levels.filter((l) => am.has(l.id) && bm.has(l.id)).map((l) => l.id);
  if (kept(a.levels).join("\u0000") !== kept(b.levels).join("\u0000")) {
    const names = (levels: readonly DelegationLevel[]) => levels.filter((l) => am.has(l.id) && bm.has(l.id)).map((l) => l.name).join(", ");
    push({ section: 0, level: -1, change: { kind: "rule_changed", text: `Levels reordered: ${names(a.levels)} → ${names(b.levels)}`, before: names(a.levels), after: names(b.levels) } });
  }
  if (a.serviceLineLevelId !== b.serviceLineLevelId) {
    const x = am.get(a.serviceLineLevelId)?.name ?? a.serviceLineLevelId;
    const y = bm.get(b.serviceLineLevelId)?.name ?? b.serviceLineLevelId;
    push({ section: 0, level: ranks.get(b.serviceLineLevelId) ?? 0, change: { kind: "rule_changed", text: `The service-line level is now ${y} (was ${x})`, levelId: b.serviceLineLevelId, before: x, after: y } });
  }
  const sa = a as Record<string, unknown>;
  const sb = b as Record<string, unknown>;
  for (const k of extraKeys(a, b, KNOWN_SCHEME)) {
    if (same(sa[k], sb[k])) continue;
    if (k === "procurementRoutes" && routeList(sa[k]) && routeList(sb[k])) {
      for (const change of routeLines(routeList(sa[k])!, routeList(sb[k])!)) push({ section: 0, level: Number.MAX_SAFE_INTEGER, change });
      continue;
    }
    const label = fieldLabel(k);
    push({ section: 0, level: Number.MAX_SAFE_INTEGER, change: { kind: "rule_changed", text: `${label.charAt(0).toUpperCase()}${label.slice(1)}: ${phrase(sa[k])} → ${phrase(sb[k])}`, before: phrase(sa[k]), after: phrase(sb[k]) } });
  }
}

function decisionLines(a: Scheme, b: Scheme, da: Decision, db: Decision, levelRank: Map<string, number>, push: (level: number, autonomy: number, change: Change) => void) {
  const id = db.id;
  const title = db.title;
  const dc = (text: string, before?: string, after?: string) => push(-1, 0, { kind: "decision_changed", text, decisionId: id, before, after });
  if (da.title !== db.title) dc(`"${da.title}" retitled "${db.title}"`, da.title, db.title);
  if (da.area !== db.area) dc(`${title}: moved from ${areaLabel(da.area)} to ${areaLabel(db.area)}`, areaLabel(da.area), areaLabel(db.area));
  if ((da.description ?? "").trim() !== (db.description ?? "").trim()) dc(`${title}: description changed`, da.description, db.description);
  if (da.limitKind !== db.limitKind) {
    const x = LIMIT_KIND_WORDS[da.limitKind] ?? da.limitKind;
    const y = LIMIT_KIND_WORDS[db.limitKind] ?? db.limitKind;
    dc(`${title}: the limit is now ${y} (was ${x})`, x, y);
  }
  if ((da.unit ?? "").trim() !== (db.unit ?? "").trim()) dc(`${title}: counted in ${da.unit?.trim() || "none"} → ${db.unit?.trim() || "none"}`, da.unit ?? "", db.unit ?? "");
  const ra = da as Record<string, unknown>;
  const rb = db as Record<string, unknown>;
  for (const k of extraKeys(da, db, KNOWN_DECISION)) {
    if (same(ra[k], rb[k])) continue;
    if (k === "conditions" && stringList(ra[k]) && stringList(rb[k])) {
      // Standard conditions are stored by id; say them in their words, one line each.
      const x = stringList(ra[k])!;
      const y = stringList(rb[k])!;
      for (const c of y) if (!x.includes(c)) dc(`${title}: condition added: ${quoted(conditionText(c))}`, undefined, conditionText(c));
      for (const c of x) if (!y.includes(c)) dc(`${title}: condition removed: ${quoted(conditionText(c))}`, conditionText(c), undefined);
      continue;
    }
    if (k === "vatBasis") {
      const vat = (v: unknown) => (v === "incl" || v === "excl" ? vatBasisText(v) : "VAT basis not stated");
      dc(`${title}: limits ${vat(ra[k])} → ${vat(rb[k])}`, vat(ra[k]), vat(rb[k]));
      continue;
    }
    dc(`${title}: ${fieldLabel(k)} ${phrase(ra[k])} → ${phrase(rb[k])}`, phrase(ra[k]), phrase(rb[k]));
  }

  // Cells of the levels the later scheme has; a removed level's cells go with it (level_removed says so).
  for (const level of b.levels) {
    const rank = levelRank.get(level.id)!;
    const prefix = `${title}, ${level.name}`;
    const ca = cellAt(da, level.id);
    const cb = cellAt(db, level.id);
    const rc = (text: string, before?: string, after?: string, autonomyLevel?: AutonomyLevel) =>
      push(rank, autonomyLevel ?? 0, { kind: "right_changed", text, decisionId: id, levelId: level.id, ...(autonomyLevel ? { autonomyLevel } : {}), before, after });
    const x = rightText(da, ca, level.id === a.serviceLineLevelId);
    const y = rightText(db, cb, level.id === b.serviceLineLevelId);
    if (x !== y) rc(`${prefix}: ${x} → ${y}`, x, y);
    // Who holds it and on what terms matter only where it is still held.
    if (cb.mode !== "none") {
      if ((ca.holder ?? "").trim() !== (cb.holder ?? "").trim()) {
        rc(`${prefix}: holder ${ca.holder.trim() || "none"} → ${cb.holder.trim() || "none"}`, ca.holder, cb.holder);
      }
      if ((ca.conditions ?? "").trim() !== (cb.conditions ?? "").trim()) {
        rc(`${prefix}: conditions ${quoted(ca.conditions)} → ${quoted(cb.conditions)}`, ca.conditions, cb.conditions);
      }
      const ea = ca.exception?.reason;
      const eb = cb.exception?.reason;
      if (ea === undefined && eb !== undefined) rc(`${prefix}: exception added (${quoted(eb)})`, undefined, eb);
      else if (ea !== undefined && eb === undefined) rc(`${prefix}: exception removed`, ea, undefined);
      else if (ea !== undefined && eb !== undefined && ea.trim() !== eb.trim()) rc(`${prefix}: exception reason ${quoted(ea)} → ${quoted(eb)}`, ea, eb);
      const ha = holdersOf(ca);
      const hb = holdersOf(cb);
      if (ha || hb) for (const h of holderLines(prefix, da, db, ha ?? [], hb ?? [])) rc(h.text, h.before, h.after);
      const xa = ca as Record<string, unknown>;
      const xb = cb as Record<string, unknown>;
      for (const k of extraKeys(ca, cb, KNOWN_CELL)) {
        if (!same(xa[k], xb[k])) rc(`${prefix}: ${fieldLabel(k)} ${phrase(xa[k])} → ${phrase(xb[k])}`, phrase(xa[k]), phrase(xb[k]));
      }
    }
    if (level.id === b.serviceLineLevelId) {
      for (const al of AUTONOMY_LEVELS) {
        const va = da.serviceLineLimits?.[al] ?? null;
        const vb = db.serviceLineLimits?.[al] ?? null;
        const sx = va === null ? "not held" : formatLimit(da, va);
        const sy = vb === null ? "not held" : formatLimit(db, vb);
        if (sx !== sy) rc(`${title}, service line at level ${al}: ${sx} → ${sy}`, sx, sy, al);
      }
    }
  }
}

/** "at most 0 off target for level 1, 1 for level 2" (workforce indicators). */
function thresholdsText(r: AutonomyRules): string {
  const t = workforceThresholdsOf(r);
  return `at most ${t.level1} workforce indicator${t.level1 === 1 ? "" : "s"} off target for level 1, ${t.level2} for level 2`;
}

function rulesLines(a: AutonomyRules, b: AutonomyRules, ia: readonly RuleIndicator[], ib: readonly RuleIndicator[]): Change[] {
  const out: Change[] = [];
  const rule = (text: string, before?: string, after?: string, autonomyLevel?: AutonomyLevel) =>
    out.push({ kind: "rule_changed", text, before, after, ...(autonomyLevel ? { autonomyLevel } : {}) });
  if (a.promotionMonths !== b.promotionMonths) {
    rule(`Months of better performance needed to move up a level: ${a.promotionMonths} → ${b.promotionMonths}`, String(a.promotionMonths), String(b.promotionMonths));
  }
  if (a.financialTolerancePct !== b.financialTolerancePct) {
    rule(`Tolerance on the financial plan: ${a.financialTolerancePct}% → ${b.financialTolerancePct}%`, `${a.financialTolerancePct}%`, `${b.financialTolerancePct}%`);
  }
  for (const cid of CRITERION_IDS) {
    const ca = a.criteria.find((c) => c.id === cid);
    const cb = b.criteria.find((c) => c.id === cid);
    // Workforce is the one criterion a set of rules may lack (a version approved before it; docs/decisions/046).
    if (!ca && cb) rule(`Criterion added: ${cb.label}${cb.id === "workforce" ? ` (${thresholdsText(b)})` : ""}`, undefined, cb.label);
    if (ca && !cb) rule(`Criterion removed: ${ca.label} (no longer rated)`, ca.label, undefined);
    if (!ca || !cb) continue;
    if (cid === "workforce" && thresholdsText(a) !== thresholdsText(b)) rule(`${cb.label}: ${thresholdsText(a)} → ${thresholdsText(b)}`, thresholdsText(a), thresholdsText(b));
    if (ca.label !== cb.label) rule(`Criterion ${quoted(ca.label)} renamed ${quoted(cb.label)}`, ca.label, cb.label);
    if (ca.description.trim() !== cb.description.trim()) rule(`${cb.label}: description ${quoted(ca.description)} → ${quoted(cb.description)}`, ca.description, cb.description);
  }
  for (const al of AUTONOMY_LEVELS) {
    const la = a.levels.find((l) => l.level === al);
    const lb = b.levels.find((l) => l.level === al);
    if (!la || !lb) continue;
    if (la.label !== lb.label) rule(`Autonomy level ${al}: name ${quoted(la.label)} → ${quoted(lb.label)}`, la.label, lb.label, al);
    if (la.when.trim() !== lb.when.trim()) rule(`Autonomy level ${al}: applies when ${quoted(la.when)} → ${quoted(lb.when)}`, la.when, lb.when, al);
    if (la.reviewFrequency !== lb.reviewFrequency) rule(`Autonomy level ${al}: performance review ${la.reviewFrequency} → ${lb.reviewFrequency}`, la.reviewFrequency, lb.reviewFrequency, al);
  }
  const am = new Map(ia.map((i) => [i.code, i]));
  const bm = new Map(ib.map((i) => [i.code, i]));
  for (const i of ib) {
    const o = am.get(i.code);
    if (!o) {
      rule(`Indicator added: ${i.name} (${i.code}, ${i.kind}${i.key ? ", key" : ""}${i.spc ? ", judged by SPC" : ""})`, undefined, i.name);
      continue;
    }
    if (o.name !== i.name) rule(`Indicator ${i.code} renamed: ${o.name} → ${i.name}`, o.name, i.name);
    if (o.kind !== i.kind) rule(`${i.name}: now a ${i.kind} indicator (was ${o.kind})`, o.kind, i.kind);
    if (o.key !== i.key) rule(i.key ? `${i.name} is now a key indicator` : `${i.name} is no longer a key indicator`, o.key ? "key" : "not key", i.key ? "key" : "not key");
    // A version saved before the SPC rule has no flag: the same as off.
    const spcBefore = o.spc === true;
    const spcAfter = i.spc === true;
    if (spcBefore !== spcAfter) {
      rule(spcAfter ? `${i.name} is now judged by SPC (fails only on a special-cause concern or when consistently failing its target)` : `${i.name} is no longer judged by SPC (judged against its target)`, spcBefore ? "judged by SPC" : "judged against its target", spcAfter ? "judged by SPC" : "judged against its target");
    }
  }
  for (const o of ia) if (!bm.has(o.code)) rule(`Indicator removed: ${o.name} (${o.code})`, o.name, undefined);
  return out;
}

/**
 * What changed from scheme content `a` to `b`: levels, decisions (added, removed, retitled, area
 * or kind changed, and any extra field), each level's right (mode and limit, holder, conditions,
 * exception, holders), the service line's limit at each earned-autonomy level, and the autonomy
 * rules and key indicators. Ordered: levels first, then decisions by area, decision order and level
 * order, then the rules.
 */
export function diffDelegation(a: DelegationContent, b: DelegationContent): Change[] {
  const out: Sorted[] = [];
  levelLines(a.scheme, b.scheme, (s) => out.push({ ...s, area: 0, decision: 0, autonomy: 0 }));

  const levelRank = mergedRanks(a.scheme.levels, b.scheme.levels);
  const decisionRank = mergedRanks(a.scheme.decisions, b.scheme.decisions);
  const am = new Map(a.scheme.decisions.map((d) => [d.id, d]));
  const bm = new Map(b.scheme.decisions.map((d) => [d.id, d]));
  const areaIndex = (d: Decision) => {
    const i = (AREA_IDS as readonly string[]).indexOf(d.area);
    return i < 0 ? AREA_IDS.length : i;
  };
  for (const db of b.scheme.decisions) {
    const da = am.get(db.id);
    const base = { section: 1, area: areaIndex(db), decision: decisionRank.get(db.id)! };
    if (!da) {
      out.push({ ...base, level: -1, autonomy: 0, change: { kind: "decision_added", text: `Decision added: ${db.title} (${areaLabel(db.area)})`, decisionId: db.id, after: db.title } });
      continue;
    }
    decisionLines(a.scheme, b.scheme, da, db, levelRank, (level, autonomy, change) => out.push({ ...base, level, autonomy, change }));
  }
  for (const da of a.scheme.decisions) {
    if (bm.has(da.id)) continue;
    out.push({
      section: 1,
      area: areaIndex(da),
      decision: decisionRank.get(da.id)!,
      level: -1,
      autonomy: 0,
      change: { kind: "decision_removed", text: `Decision removed: ${da.title} (${areaLabel(da.area)})`, decisionId: da.id, before: da.title },
    });
  }
  for (const change of rulesLines(a.rules, b.rules, a.indicators, b.indicators)) {
    out.push({ section: 2, area: 0, decision: 0, level: 0, autonomy: change.autonomyLevel ?? 0, change });
  }
  return out
    .map((o, seq) => ({ ...o, seq }))
    .sort((x, y) => x.section - y.section || x.area - y.area || x.decision - y.decision || x.level - y.level || (x.section === 2 ? 0 : x.autonomy - y.autonomy) || x.seq - y.seq)
    .map((o) => o.change);
}
