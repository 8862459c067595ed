import { AUTONOMY_LEVELS } from "../autonomy/types";
import { cellAt, formatLimit } from "./limits";
import type { Decision, DelegationLevel, Scheme, SchemeIssue } from "./types";

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
    if (d.limitKind === "count" && !d.unit?.trim()) add("Say what the limit counts (for example posts, beds or band)");

    for (const levelId of Object.keys(d.cells)) {
      if (!levelIds.has(levelId)) add(`There is a cell for "${levelId}", which is not a level of this scheme`, levelId);
    }

    for (const level of scheme.levels) {
      const cell = d.cells[level.id];
      if (!cell) continue;
      if (cell.limit !== null && cell.limit < 0) add(`The ${level.name} limit cannot be negative`, level.id);
      if (cell.exception && !hasReason(cell)) add(`Give a reason for the exception at ${level.name}`, level.id);
    }

    // The service line's limits by earned autonomy.
    for (const a of AUTONOMY_LEVELS) {
      const v = d.serviceLineLimits[a];
      if (v === null) continue;
      if (v < 0) add(`The service-line limit at autonomy level ${a} cannot be negative`, sl);
      if (d.limitKind === "yesno" && v !== 0 && v !== 1) add(`At autonomy level ${a}, a yes/no decision must be yes (1), no (0) or not held`, sl);
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
        if (level.id === sl) return;
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
