import { AUTONOMY_LEVELS } from "../autonomy/types";
import { formatMoney } from "../format/money";
import { isBand } from "./bands";
import { cellAt, cellLimitFromHolders, formatLimit } from "./limits";
import type { Decision, DelegationLevel, ProcurementRoute, Scheme, SchemeIssue } from "./types";

function hasReason(cell: { exception?: { reason: string } }): boolean {
  return !!cell.exception && cell.exception.reason.trim() !== "";
}

/** The highest limit the service line can hold for a decision at any autonomy level, or null if it holds none. */
function bestServiceLineLimit(d: Decision): number | null {
  const held = AUTONOMY_LEVELS.map((a) => d.serviceLineLimits[a]).filter((v): v is number => v !== null);
  return held.length ? Math.max(...held) : null;
}

/**
 * The nearest level above index i whose limit caps level i: skips levels that do not hold the
 * decision; stops (no cap) at a level that holds it without limit.
 */
function capAbove(scheme: Scheme, d: Decision, i: number): { level: DelegationLevel; limit: number } | null {
  for (let j = i - 1; j >= 0; j--) {
    const level = scheme.levels[j]!;
    // A body that decides only its reserved matters (the Council of Governors) sets no limits.
    if (level.reservedOnly) continue;
    if (level.id === scheme.serviceLineLevelId) {
      const best = bestServiceLineLimit(d);
      if (best !== null) return { level, limit: best };
      continue;
    }
    const cell = cellAt(d, level.id);
    if (cell.mode !== "delegated") continue;
    if (cell.limit === null) return null;
    return { level, limit: cell.limit };
  }
  return null;
}

/** Checks a scheme against the rules that keep it coherent; an empty list means it is sound. */
export function validateScheme(scheme: Scheme): SchemeIssue[] {
  const issues: SchemeIssue[] = [];
  const levelIds = new Set(scheme.levels.map((l) => l.id));
  const sl = scheme.serviceLineLevelId;
  const slIndex = scheme.levels.findIndex((l) => l.id === sl);
  const seen = new Set<string>();

  for (const d of scheme.decisions) {
    const add = (message: string, levelId?: string) => issues.push(levelId ? { decisionId: d.id, levelId, message } : { decisionId: d.id, message });
    const fmt = (v: number) => formatLimit(d, v);

    if (seen.has(d.id)) add(`Another decision already has the id "${d.id}"`);
    seen.add(d.id);
    if (!d.title.trim()) add("Give the decision a title");
    if (d.limitKind === "count" && !d.unit?.trim()) add("Say what the limit counts (for example posts, beds or sessions)");
    // DOMAIN-REFERENCE.md: "non-pay order within budget (incl. VAT)"; every money limit states its VAT basis.
    if (d.limitKind === "money" && !d.vatBasis) add("Say whether the limits include or exclude VAT");
    if (d.procurement && d.limitKind === "money" && !scheme.procurementRoutes?.length) add("Answers are to cite the procurement route, but the scheme lists no procurement routes");
    d.conditions?.forEach((c, n) => {
      if (!c.trim()) add(`Condition ${n + 1} is blank; write it or remove it`);
    });
    const notBand = (v: number | null) => d.limitKind === "band" && v !== null && !isBand(v);

    for (const levelId of Object.keys(d.cells)) {
      if (!levelIds.has(levelId)) add(`There is a cell for "${levelId}", which is not a level of this scheme`, levelId);
    }

    for (const level of scheme.levels) {
      const cell = d.cells[level.id];
      if (!cell) continue;
      if (cell.limit !== null && cell.limit < 0) add(`The ${level.name} limit cannot be negative`, level.id);
      if (cell.exception && !hasReason(cell)) add(`Give a reason for the exception at ${level.name}`, level.id);
      if (level.reservedOnly && cell.mode === "delegated") add(`The ${level.name} decides only the matters reserved to it; mark this reserved or not held`, level.id);
      if (level.id !== sl && cell.mode === "delegated" && notBand(cell.limit)) add(`The ${level.name} limit is not an Agenda for Change band`, level.id);
      if (cell.holders?.length) {
        if (level.id === sl) add("The service line has one holder, whose limit depends on earned autonomy; name it as the holder instead", level.id);
        else if (cell.mode !== "delegated") add(`Only a delegated cell can name holders with their own limits (${level.name})`, level.id);
        else if (d.limitKind === "yesno") add(`A yes/no decision has no limits to share between holders (${level.name})`, level.id);
        else {
          cell.holders.forEach((h, n) => {
            if (!h.holder.trim()) add(`Holder ${n + 1} at ${level.name} needs a name`, level.id);
            if (h.limit !== null && h.limit < 0) add(`The limit of ${h.holder || `holder ${n + 1}`} at ${level.name} cannot be negative`, level.id);
            if (notBand(h.limit)) add(`The limit of ${h.holder || `holder ${n + 1}`} at ${level.name} is not an Agenda for Change band`, level.id);
            if (h.jointWith !== undefined && h.jointWith.trim() === h.holder.trim()) add(`${h.holder} cannot approve jointly with itself at ${level.name}`, level.id);
          });
          const implied = cellLimitFromHolders(cell.holders);
          if (implied !== cell.limit) {
            add(`The ${level.name} limit (${cell.limit === null ? "no upper limit" : fmt(cell.limit)}) must be the highest of its holders' limits (${implied === null ? "no upper limit" : fmt(implied)})`, level.id);
          }
        }
      }
    }

    // The service line's limits by earned autonomy.
    for (const a of AUTONOMY_LEVELS) {
      const v = d.serviceLineLimits[a];
      if (v === null) continue;
      if (v < 0) add(`The service-line limit at autonomy level ${a} cannot be negative`, sl);
      if (d.limitKind === "yesno" && v !== 0 && v !== 1) add(`At autonomy level ${a}, a yes/no decision must be yes (1), no (0) or not held`, sl);
      if (notBand(v)) add(`The service-line limit at autonomy level ${a} is not an Agenda for Change band`, sl);
    }
    // Gifts and hospitality, conflicts of interest, dismissal: rights that do not vary with performance.
    if (d.performanceIndependent) {
      const values = AUTONOMY_LEVELS.map((a) => d.serviceLineLimits[a]);
      if (values.some((v) => v !== values[0])) {
        const text = AUTONOMY_LEVELS.map((a) => {
          const v = d.serviceLineLimits[a];
          return `level ${a}: ${v === null ? "not held" : d.limitKind === "yesno" ? (v >= 1 ? "yes" : "no") : fmt(v)}`;
        }).join(", ");
        add(`This right does not depend on performance, so the service line's limit must be the same at every autonomy level (${text})`, sl);
      }
    }
    for (const a of [1, 2, 3] as const) {
      const upper = d.serviceLineLimits[a];
      const lower = d.serviceLineLimits[(a + 1) as 2 | 3 | 4];
      if (lower === null) continue;
      if (upper === null) {
        add(`A service line at autonomy level ${a + 1} holds this decision but one at level ${a} does not; limits must not grow as autonomy falls`, sl);
      } else if (lower > upper) {
        add(`The service-line limit at autonomy level ${a + 1} (${fmt(lower)}) is above the one at level ${a} (${fmt(upper)}); limits must not grow as autonomy falls`, sl);
      }
    }
    const slCell = cellAt(d, sl);
    const best = bestServiceLineLimit(d);
    const slHolds = d.limitKind === "yesno" ? (best ?? 0) >= 1 : best !== null;
    if (slCell.mode === "none" && slHolds) add("The service line is marked as not holding this decision, yet it has limits by autonomy level", sl);
    if (slCell.mode === "delegated" && !slHolds) add("The service line is marked as holding this decision, yet no autonomy level gives it a limit", sl);
    if (d.limitKind !== "yesno" && slIndex >= 0 && !hasReason(slCell)) {
      const cap = capAbove(scheme, d, slIndex);
      if (cap) {
        for (const a of AUTONOMY_LEVELS) {
          const v = d.serviceLineLimits[a];
          if (v !== null && v > cap.limit) {
            add(`At autonomy level ${a} the service-line limit (${fmt(v)}) is above the ${cap.level.name} limit (${fmt(cap.limit)}); mark it as an exception with a reason if that is intended`, sl);
          }
        }
      }
    }

    // A lower level may not exceed the level above it, unless marked as an exception.
    if (d.limitKind !== "yesno") {
      scheme.levels.forEach((level, i) => {
        if (level.id === sl || level.reservedOnly) return;
        const cell = cellAt(d, level.id);
        if (cell.mode !== "delegated" || hasReason(cell)) return;
        const cap = capAbove(scheme, d, i);
        if (!cap) return;
        if (cell.limit === null) {
          add(`${level.name} has no upper limit, but ${cap.level.name} above it is limited to ${fmt(cap.limit)}; mark it as an exception with a reason if that is intended`, level.id);
        } else if (cell.limit > cap.limit) {
          add(`The ${level.name} limit (${fmt(cell.limit)}) is above the ${cap.level.name} limit (${fmt(cap.limit)}); mark it as an exception with a reason if that is intended`, level.id);
        }
      });
    }

    // A reserved matter is decided only at its level; nobody below may also hold it.
    const reservedAt = scheme.levels.findIndex((l) => cellAt(d, l.id).mode === "reserved");
    if (reservedAt >= 0) {
      const reservedName = scheme.levels[reservedAt]!.name;
      scheme.levels.slice(reservedAt + 1).forEach((level) => {
        const holds = level.id === sl ? slHolds || cellAt(d, sl).mode === "reserved" : cellAt(d, level.id).mode !== "none";
        if (holds) add(`This decision is reserved to ${reservedName}, so ${level.name} cannot also hold it`, level.id);
      });
    }
  }
  return issues;
}

/**
 * What is wrong with a scheme's procurement routes, in plain English: thresholds are amounts of at
 * least £0 in rising order, starting at £0, and each route says what it requires. An empty list is sound.
 */
export function procurementRouteProblems(routes: readonly ProcurementRoute[]): string[] {
  const problems: string[] = [];
  routes.forEach((r, i) => {
    if (!Number.isFinite(r.from) || r.from < 0) problems.push(`Route ${i + 1}: a threshold is an amount of at least £0`);
    if (!r.route.trim()) problems.push(`Route ${i + 1}: say what the route requires, for example "Three written quotations"`);
    const prev = routes[i - 1];
    if (prev && Number.isFinite(prev.from) && Number.isFinite(r.from) && r.from <= prev.from) {
      problems.push(`Route ${i + 1} starts at ${formatMoney(r.from)}, which is not above the route before it (${formatMoney(prev.from)}); list the routes from the lowest amount up`);
    }
  });
  if (routes.length && routes[0]!.from !== 0) problems.push("The first route must start at £0, so every amount has a route");
  return problems;
}
