import { formatCount, formatMoney, parseMoney } from "../format/money";
import type { AutonomyLevel } from "../autonomy/types";
import { formatBand, parseBand } from "./bands";
import type { Decision, DecisionCell, HolderLimit, ProcurementRoute, Scheme } from "./types";

/** True for units written before the number ("Band 7") rather than after ("12 beds"): older schemes' bands. */
function prefixUnit(unit: string | undefined): boolean {
  return (unit ?? "").trim().toLowerCase() === "band";
}

/** Writes one limit of a decision in its own terms: "£25,000", "Band 8c", "12 programmed activities", "yes". */
export function formatLimit(decision: Pick<Decision, "limitKind" | "unit">, limit: number): string {
  if (decision.limitKind === "money") return formatMoney(limit);
  if (decision.limitKind === "band") return formatBand(limit);
  if (decision.limitKind === "yesno") return limit >= 1 ? "yes" : "no";
  const unit = decision.unit?.trim();
  if (!unit) return formatCount(limit);
  return prefixUnit(unit) ? `Band ${formatCount(limit)}` : `${formatCount(limit)} ${unit}`;
}

export type AmountParse = { ok: true; value: number } | { ok: false; error: string };

/**
 * Reads the amount a person types for a decision (Who decides?): pounds for money ("£750,000",
 * "750k"), a band for bands ("Band 8c", "8c"), a whole number for counts ("12", "12 beds").
 * Yes/no decisions take no amount and always read as 0.
 */
export function parseLimitAmount(decision: Pick<Decision, "limitKind" | "unit">, text: string): AmountParse {
  if (decision.limitKind === "yesno") return { ok: true, value: 0 };
  if (decision.limitKind === "money") {
    const r = parseMoney(text);
    return r.ok ? r : { ok: false, error: text.trim() ? r.error : "Enter the amount in pounds, for example £75,000" };
  }
  if (decision.limitKind === "band") return parseBand(text);
  const unit = decision.unit?.trim().toLowerCase();
  const raw = text.trim().replace(/^band\s*/i, "");
  const m = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\s+([a-z][a-z ]*))?$/i.exec(raw);
  const example = unit ? `12 ${unit}` : "12";
  if (!m) return { ok: false, error: raw ? `"${text.trim()}" is not a whole number; enter a number such as ${example}` : `Enter the number, for example ${example}` };
  const word = m[2]?.trim().toLowerCase();
  const single = (s: string) => (s.endsWith("s") ? s.slice(0, -1) : s);
  if (word && (!unit || single(word) !== single(unit))) return { ok: false, error: `"${text.trim()}" is not a number of ${unit ?? "things"}; enter a number such as ${example}` };
  return { ok: true, value: Number(m[1]!.replace(/,/g, "")) };
}

/** One holder's right at one level once earned autonomy is applied. */
export interface HolderRight {
  holder: string;
  /** null = no upper limit (or a yes/no decision, or a reserved matter). */
  limit: number | null;
  /** The second holder who must approve together with this one; null when the holder acts alone. */
  jointWith: string | null;
}

/** A level's right to a decision once earned autonomy is applied. */
export interface EffectiveRight {
  mode: DecisionCell["mode"];
  held: boolean;
  /** null when held with no upper limit (or for yes/no decisions), or when not held; with several holders, the highest. */
  limit: number | null;
  holder: string;
  conditions: string;
  /** Every holder at the level, lowest limit first (no upper limit last); empty when the level does not hold it. */
  holders: HolderRight[];
}

const NONE: DecisionCell = { mode: "none", limit: null, holder: "", conditions: "" };

/** The cell of a decision at a level, or an empty "not held" cell. */
export function cellAt(decision: Decision, levelId: string): DecisionCell {
  return decision.cells[levelId] ?? NONE;
}

/** The cell limit its holders imply: the highest of their limits, or null when any has no upper limit. */
export function cellLimitFromHolders(holders: readonly Pick<HolderLimit, "limit">[]): number | null {
  if (holders.some((h) => h.limit === null)) return null;
  return holders.length ? Math.max(...holders.map((h) => h.limit as number)) : null;
}

/** Lowest limit first; no upper limit last; ties keep their written order. */
function byLimit(a: HolderRight, b: HolderRight): number {
  if (a.limit === b.limit) return 0;
  if (a.limit === null) return 1;
  if (b.limit === null) return -1;
  return a.limit - b.limit;
}

/** Whether a cell's own holders list applies (delegated, limited decisions, not the service line). */
function usesHolders(decision: Decision, cell: DecisionCell, isServiceLine: boolean): cell is DecisionCell & { holders: HolderLimit[] } {
  return !isServiceLine && cell.mode === "delegated" && decision.limitKind !== "yesno" && !!cell.holders && cell.holders.length > 0;
}

/** What one level may decide for one decision; the service-line level reads its limit from the autonomy level. */
export function effectiveRight(scheme: Scheme, decision: Decision, levelId: string, autonomyLevel: AutonomyLevel, serviceLineLevelId = scheme.serviceLineLevelId): EffectiveRight {
  const cell = cellAt(decision, levelId);
  const base = { mode: cell.mode, holder: cell.holder, conditions: cell.conditions };
  const single = (limit: number | null): HolderRight[] => [{ holder: cell.holder, limit, jointWith: null }];
  if (cell.mode === "reserved") return { ...base, held: true, limit: null, holders: single(null) };
  if (levelId === serviceLineLevelId) {
    const v = decision.serviceLineLimits[autonomyLevel];
    if (decision.limitKind === "yesno") {
      const held = v !== null && v >= 1;
      return { ...base, held, limit: null, holders: held ? single(null) : [] };
    }
    return { ...base, held: v !== null, limit: v, holders: v !== null ? single(v) : [] };
  }
  if (cell.mode === "none") return { ...base, held: false, limit: null, holders: [] };
  if (decision.limitKind === "yesno") return { ...base, held: true, limit: null, holders: single(null) };
  if (usesHolders(decision, cell, false)) {
    const holders = cell.holders.map((h): HolderRight => ({ holder: h.holder, limit: h.limit, jointWith: h.jointWith?.trim() ? h.jointWith.trim() : null })).sort(byLimit);
    return { ...base, held: true, limit: cellLimitFromHolders(holders), holders };
  }
  return { ...base, held: true, limit: cell.limit, holders: single(cell.limit) };
}

/**
 * Every holder of a decision at one level with the limit each holds (the service-line level: its one
 * holder with the limit for the autonomy level), lowest first; empty when the level does not hold it.
 * For checking whether a named role held the authority for an amount.
 */
export function holderRights(scheme: Scheme, decision: Decision, levelId: string, autonomyLevel: AutonomyLevel): HolderRight[] {
  return effectiveRight(scheme, decision, levelId, autonomyLevel).holders;
}

/** The holder at a level with the lowest limit that covers the amount, or null when none does. */
export function holderFor(holders: readonly HolderRight[], amount: number): HolderRight | null {
  return holders.find((h) => h.limit === null || amount <= h.limit) ?? null;
}

/** "Chief Executive jointly with the Director of Finance"; a lone holder is just its name. */
export function holderName(h: Pick<HolderRight, "holder" | "jointWith">): string {
  if (!h.jointWith) return h.holder;
  return `${h.holder} jointly with ${/^(the|a|an)\s/i.test(h.jointWith) ? h.jointWith : `the ${h.jointWith}`}`;
}

/** The procurement route an amount (including VAT) falls in, with its span; `to` is the next threshold (exclusive), null for the top route. */
export interface ProcurementBand {
  route: string;
  from: number;
  to: number | null;
}

/** The scheme's procurement route for an amount including VAT, or null when the scheme lists none. */
export function procurementRouteFor(routes: readonly ProcurementRoute[] | undefined, amount: number): ProcurementBand | null {
  if (!routes?.length) return null;
  const sorted = [...routes].sort((a, b) => a.from - b.from);
  let i = -1;
  for (let j = 0; j < sorted.length; j++) if (sorted[j]!.from <= amount) i = j;
  if (i < 0) return null;
  return { route: sorted[i]!.route, from: sorted[i]!.from, to: sorted[i + 1]?.from ?? null };
}

/** A route's span in words: "Under £10,000", "£10,000 to £24,999", "£207,720 and above". */
export function procurementSpanText(band: Pick<ProcurementBand, "from" | "to">): string {
  if (band.to === null) return `${formatMoney(band.from)} and above`;
  const upper = Number.isInteger(band.to) ? formatMoney(band.to - 1) : `under ${formatMoney(band.to)}`;
  if (band.from === 0) return `Under ${formatMoney(band.to)}`;
  return `${formatMoney(band.from)} to ${upper}`;
}
