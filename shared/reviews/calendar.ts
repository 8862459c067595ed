/**
 * England and Wales bank holidays, computed for any year, and working-day arithmetic. Review packs
 * are due a number of working days before a meeting (ULHT §5.1: "circulated to all invitees no
 * later than 2 days before the PRM"), and a pack due on Easter Monday is really due on the Thursday
 * before it, so the count must know the holidays.
 *
 * The rules (Banking and Financial Dealings Act 1971 and the royal proclamations that follow it):
 * New Year's Day, Good Friday, Easter Monday, the first Monday in May, the last Monday in May, the
 * last Monday in August, Christmas Day and Boxing Day; a holiday that falls at a weekend is
 * substituted by the next weekday that is not already a holiday.
 *
 * One-off changes by proclamation, included from 1995 (no earlier figures are used by Devolve):
 *   1995 early May moved to Monday 8 May (VE Day 50th anniversary)
 *   1999 Friday 31 December (Millennium)
 *   2002 spring moved to Tuesday 4 June, and Monday 3 June (Golden Jubilee)
 *   2011 Friday 29 April (Royal Wedding)
 *   2012 spring moved to Monday 4 June, and Tuesday 5 June (Diamond Jubilee)
 *   2020 early May moved to Friday 8 May (VE Day 75th anniversary)
 *   2022 spring moved to Thursday 2 June, and Friday 3 June (Platinum Jubilee);
 *        Monday 19 September (State Funeral of Queen Elizabeth II)
 *   2023 Monday 8 May (Coronation of King Charles III)
 * None is known after 2023; a future one-off is added here when it is proclaimed.
 */
import { addDays, lastWeekdayOf, nthWeekdayOf, weekdayOf } from "../format/dates";

export interface BankHoliday {
  date: string;
  name: string;
}

/** Easter Sunday of a year (Gregorian; the anonymous "Meeus/Jones/Butcher" algorithm). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** Moves of a regular holiday by proclamation: year → which holiday → its date that year. */
const MOVED: Record<number, Partial<Record<"earlyMay" | "spring", string>>> = {
  1995: { earlyMay: "1995-05-08" },
  2002: { spring: "2002-06-04" },
  2012: { spring: "2012-06-04" },
  2020: { earlyMay: "2020-05-08" },
  2022: { spring: "2022-06-02" },
};
/** Extra one-off holidays by proclamation. */
export const ONE_OFF_HOLIDAYS: readonly BankHoliday[] = [
  { date: "1999-12-31", name: "Millennium Day" },
  { date: "2002-06-03", name: "Golden Jubilee bank holiday" },
  { date: "2011-04-29", name: "Royal Wedding bank holiday" },
  { date: "2012-06-05", name: "Diamond Jubilee bank holiday" },
  { date: "2022-06-03", name: "Platinum Jubilee bank holiday" },
  { date: "2022-09-19", name: "Bank holiday for the State Funeral of Queen Elizabeth II" },
  { date: "2023-05-08", name: "Bank holiday for the coronation of King Charles III" },
];

const isWeekend = (date: string) => {
  const w = weekdayOf(date);
  return w === 0 || w === 6;
};

const cache = new Map<number, readonly BankHoliday[]>();

/** The bank holidays in England and Wales in a calendar year, in date order. */
export function bankHolidays(year: number): readonly BankHoliday[] {
  const hit = cache.get(year);
  if (hit) return hit;
  const y = String(year).padStart(4, "0");
  const easter = easterSunday(year);
  const taken = new Set<string>();
  const out: BankHoliday[] = [];
  const fixed = (date: string, name: string) => {
    taken.add(date);
    out.push({ date, name });
  };
  // Weekday holidays first, so substitutes skip past them (Christmas on a Saturday: Monday 27th
  // for Christmas, Tuesday 28th for Boxing Day).
  fixed(addDays(easter, -2), "Good Friday");
  fixed(addDays(easter, 1), "Easter Monday");
  fixed(MOVED[year]?.earlyMay ?? nthWeekdayOf(`${y}-05`, 1, 1), "Early May bank holiday");
  fixed(MOVED[year]?.spring ?? lastWeekdayOf(`${y}-05`, 1), "Spring bank holiday");
  fixed(lastWeekdayOf(`${y}-08`, 1), "Summer bank holiday");
  for (const h of ONE_OFF_HOLIDAYS) if (h.date.startsWith(`${y}-`)) fixed(h.date, h.name);
  const dated: [string, string][] = [
    [`${y}-01-01`, "New Year's Day"],
    [`${y}-12-25`, "Christmas Day"],
    [`${y}-12-26`, "Boxing Day"],
  ];
  // Those on weekdays first, then substitutes in date order: Christmas on a Sunday gives Boxing Day
  // on Monday 26th and Christmas's substitute on Tuesday 27th, as gov.uk lists them.
  for (const [date, name] of dated) if (!isWeekend(date)) fixed(date, name);
  for (const [date, name] of dated) {
    if (!isWeekend(date)) continue;
    let d = date;
    while (isWeekend(d) || taken.has(d)) d = addDays(d, 1);
    fixed(d, `${name} (substitute day)`);
  }
  out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  cache.set(year, out);
  return out;
}

/** The bank holiday on a date, or null. */
export function bankHolidayOn(date: string): BankHoliday | null {
  return bankHolidays(Number(date.slice(0, 4))).find((h) => h.date === date) ?? null;
}

/** Monday to Friday and not a bank holiday in England and Wales. */
export function isWorkingDay(date: string): boolean {
  return !isWeekend(date) && !bankHolidayOn(date);
}

/**
 * The date `n` working days after `date` (before it when n is negative); `date` itself is not
 * counted. addWorkingDays(Wednesday, -2) is the Monday, or the Thursday before when Friday and Monday
 * are Good Friday and Easter Monday.
 */
export function addWorkingDays(date: string, n: number): string {
  const step = n < 0 ? -1 : 1;
  let d = date;
  for (let left = Math.abs(n); left > 0; ) {
    d = addDays(d, step);
    if (isWorkingDay(d)) left--;
  }
  return d;
}

/** The working day on or after a date (a meeting set for a bank holiday moves to the next). */
export function nextWorkingDay(date: string): string {
  let d = date;
  while (!isWorkingDay(d)) d = addDays(d, 1);
  return d;
}

/** The working day on or before a date. */
export function previousWorkingDay(date: string): string {
  let d = date;
  while (!isWorkingDay(d)) d = addDays(d, -1);
  return d;
}

/** Working days after `from` up to and including `to` (0 when `to` is not after `from`). */
export function workingDaysBetween(from: string, to: string): number {
  let n = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorkingDay(d)) n++;
  return n;
}
