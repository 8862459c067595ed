import type { MonthObservation } from "./types";

/**
 * Marks each indicator key or not as the trust's rules say (the scheme's list of indicators), so that
 * changing which indicators are key in the rules changes the levels at once. Indicators the rules do
 * not list keep the flag they were recorded with.
 */
export function applyKeyIndicators(months: readonly MonthObservation[], keyByCode: ReadonlyMap<string, boolean>): MonthObservation[] {
  if (keyByCode.size === 0) return [...months];
  return months.map((m) => ({
    ...m,
    indicators: m.indicators.map((i) => {
      const key = keyByCode.get(i.code.toUpperCase());
      return key === undefined || key === i.key ? i : { ...i, key };
    }),
  }));
}
