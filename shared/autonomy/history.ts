import type { AutonomyLevel, MonthLevel, MonthObservation } from "./types";

/**
 * The entry that applied in a month: that month's own, or else the latest before it (a level holds until
 * the next month with figures or an override). undefined before the first entry or with no history.
 */
export function levelAsOf(levels: readonly MonthLevel[], month: string | null): MonthLevel | undefined {
  if (month === null) return levels[levels.length - 1];
  let found: MonthLevel | undefined;
  for (const l of levels) {
    if (l.month > month) break;
    found = l;
  }
  return found;
}

/** The first month of the unbroken run at the level held in `upTo` (default: the latest month); null with no history. */
export function levelSince(levels: readonly MonthLevel[], upTo: string | null = null): string | null {
  const last = levelAsOf(levels, upTo);
  if (!last) return null;
  const end = levels.indexOf(last);
  let since = last.month;
  for (let i = end - 1; i >= 0 && levels[i]!.level === last.level; i--) since = levels[i]!.month;
  return since;
}

/** Every month in which a line's level changed, oldest first, for a short "moved from … to …" history. */
export function levelChanges(levels: readonly MonthLevel[]): { month: string; from: AutonomyLevel | null; to: AutonomyLevel }[] {
  const out: { month: string; from: AutonomyLevel | null; to: AutonomyLevel }[] = [];
  let prev: AutonomyLevel | null = null;
  for (const l of levels) {
    if (l.level !== prev) out.push({ month: l.month, from: prev, to: l.level });
    prev = l.level;
  }
  return out;
}

/**
 * Stored months with incoming ones laid over them as an upsert would: an incoming indicator replaces the
 * stored one with its code, incoming finance or policy replaces the stored one, everything else stays.
 * Used to preview the levels an import would give before anything is written.
 */
export function mergeObservations(stored: readonly MonthObservation[], incoming: readonly MonthObservation[]): MonthObservation[] {
  const byMonth = new Map(stored.map((m) => [m.month, { ...m, indicators: [...m.indicators] }]));
  for (const inc of incoming) {
    const cur = byMonth.get(inc.month);
    if (!cur) {
      byMonth.set(inc.month, { ...inc, indicators: [...inc.indicators] });
      continue;
    }
    for (const ind of inc.indicators) {
      const at = cur.indicators.findIndex((i) => i.code === ind.code);
      if (at >= 0) cur.indicators[at] = ind;
      else cur.indicators.push(ind);
    }
    if (inc.finance) cur.finance = inc.finance;
    if (inc.policy) cur.policy = inc.policy;
  }
  return [...byMonth.values()].sort((a, b) => a.month.localeCompare(b.month));
}
