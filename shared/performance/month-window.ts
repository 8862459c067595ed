import { formatMonth } from "../format/dates";

/**
 * The months figures may be entered for: from January of the data's first year to the current month.
 * Issue 16: figures entered for January 2099 through the address became "now" for Who decides?
 * across the trust. A month after the current one cannot have happened; one before the data's first
 * year is almost always a typing slip (2062 for 2026). DESIGN.md: "It never shows the future as past."
 */
export interface MonthWindow {
  /** First month accepted, "YYYY-MM". */
  first: string;
  /** Last month accepted (the current month), "YYYY-MM". */
  last: string;
}

/** How many years back a trust with no figures yet may start entering them. */
export const EMPTY_HISTORY_YEARS = 10;

/** The window for a trust given today's date and its earliest stored month (null when it has none). */
export function monthWindow(today: string, earliestStored: string | null): MonthWindow {
  const last = today.slice(0, 7);
  const firstYear = earliestStored ? Number(earliestStored.slice(0, 4)) : Number(last.slice(0, 4)) - EMPTY_HISTORY_YEARS;
  return { first: `${firstYear}-01`, last };
}

/** Why a month cannot take figures, or null when it can. */
export function monthWindowError(month: string, window: MonthWindow): string | null {
  if (month > window.last) return `${formatMonth(month)} has not happened yet: figures can be entered up to ${formatMonth(window.last)}`;
  if (month < window.first) return `${formatMonth(month)} is before the first year of this trust's figures (${window.first.slice(0, 4)}); check the year`;
  return null;
}
