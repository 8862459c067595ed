import type { ParseResult } from "./money";

/** Month names in English, January first. */
export const MONTH_NAMES = [
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
] as const;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/;
const ISO_MONTH = /^(\d{4})-(\d{2})$/;
const FY = /^(?:fy\s*)?(\d{4})\s*[/-]\s*(\d{2}|\d{4})$/i;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function splitDate(iso: string): { year: number; month: number; day: number } {
  // Dates are read as written (calendar dates), never shifted through a time zone.
  const m = ISO_DATE.exec(iso);
  if (!m) throw new RangeError(`Not an ISO date (YYYY-MM-DD): ${iso}`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new RangeError(`Not a real date: ${iso}`);
  }
  return { year, month, day };
}

function splitMonth(month: string): { year: number; month: number } {
  const m = ISO_MONTH.exec(month);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw new RangeError(`Not a month (YYYY-MM): ${month}`);
  return { year: Number(m[1]), month: Number(m[2]) };
}

/** Formats an ISO date (or date-time, read as its calendar date) the GOV.UK way: "1 April 2027". */
export function formatDate(isoDate: string): string {
  const { year, month, day } = splitDate(isoDate);
  return `${day} ${MONTH_NAMES[month - 1]} ${year}`;
}

/** Formats a "YYYY-MM" month as "April 2027". */
export function formatMonth(month: string): string {
  const m = splitMonth(month);
  return `${MONTH_NAMES[m.month - 1]} ${m.year}`;
}

/** True when text is a real "YYYY-MM" month. */
export function isMonth(text: string): boolean {
  try {
    splitMonth(text);
    return true;
  } catch {
    return false;
  }
}

/** Parses a month as people and spreadsheets write it ("2027-04", "April 2027", "Apr 2027", "Apr-27", "04/2027", "2027-04-01") to "YYYY-MM". */
export function parseMonth(text: string): ParseResult<string> {
  const raw = (text ?? "").trim();
  if (raw === "") return { ok: false, error: "Enter a month, for example April 2027 or 2027-04" };
  const bad = { ok: false as const, error: `"${raw}" is not a month; write it as April 2027 or 2027-04` };
  const pad = (y: number, m: number) => `${y}-${String(m).padStart(2, "0")}`;
  let m = /^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?(?:[T ].*)?$/.exec(raw);
  if (m) {
    const month = Number(m[2]);
    if (month < 1 || month > 12) return bad;
    return { ok: true, value: pad(Number(m[1]), month) };
  }
  m = /^(\d{1,2})\/(\d{4})$/.exec(raw);
  if (m) {
    const month = Number(m[1]);
    if (month < 1 || month > 12) return bad;
    return { ok: true, value: pad(Number(m[2]), month) };
  }
  m = /^([a-z]+)[\s-]+(\d{4}|\d{2})$/i.exec(raw);
  if (m) {
    const name = m[1]!.toLowerCase();
    const index = MONTH_NAMES.findIndex(
      (full) => full.toLowerCase() === name || (name.length >= 3 && full.toLowerCase().startsWith(name)),
    );
    if (index < 0) return bad;
    const year = m[2]!.length === 2 ? 2000 + Number(m[2]) : Number(m[2]);
    return { ok: true, value: pad(year, index + 1) };
  }
  return bad;
}

/** Adds (or with a negative n, subtracts) whole months to a "YYYY-MM" month. */
export function addMonths(month: string, n: number): string {
  const m = splitMonth(month);
  const total = m.year * 12 + (m.month - 1) + n;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, "0")}`;
}

/** Formats the financial year that starts in April of startYear: 2027 -> "2027/28". */
export function formatFinancialYear(startYear: number): string {
  return `${startYear}/${String((startYear + 1) % 100).padStart(2, "0")}`;
}

/** The NHS financial year (April to March) that an ISO date or "YYYY-MM" month falls in: "2027/28". */
export function financialYearOf(isoDateOrMonth: string): string {
  const { year, month } = ISO_MONTH.test(isoDateOrMonth) ? splitMonth(isoDateOrMonth) : splitDate(isoDateOrMonth);
  return formatFinancialYear(month >= 4 ? year : year - 1);
}

/** Parses a financial year ("2027/28", "2027-28", "2027/2028", "FY2027/28") to its canonical form and first calendar year. */
export function parseFinancialYear(text: string): ParseResult<{ label: string; startYear: number }> {
  const raw = (text ?? "").trim();
  const m = FY.exec(raw);
  if (!m) return { ok: false, error: `"${raw}" is not a financial year; write it as 2027/28` };
  const startYear = Number(m[1]);
  const end = m[2]!;
  const endYear = end.length === 2 ? Math.floor(startYear / 100) * 100 + Number(end) : Number(end);
  // "1999/00" crosses a century; accept it by comparing the last two digits.
  if ((endYear % 100) !== ((startYear + 1) % 100) || (end.length === 4 && endYear !== startYear + 1)) {
    return { ok: false, error: `A financial year runs April to March, so one starting in ${startYear} is written ${formatFinancialYear(startYear)}` };
  }
  return { ok: true, value: { label: formatFinancialYear(startYear), startYear } };
}

/** The twelve "YYYY-MM" months of a financial year, April first. */
export function financialYearMonths(financialYear: string): string[] {
  const parsed = parseFinancialYear(financialYear);
  if (!parsed.ok) throw new RangeError(parsed.error);
  const start = `${parsed.value.startYear}-04`;
  return Array.from({ length: 12 }, (_, i) => addMonths(start, i));
}

/** True when text is a real calendar date written YYYY-MM-DD. */
export function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  try {
    splitDate(text);
    return true;
  } catch {
    return false;
  }
}

/** The calendar date in England at an instant (governance dates are UK dates, whatever the server's zone). */
export function londonDate(at: number | Date = Date.now()): string {
  const parts = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  return `${get("year")}-${get("month")}-${get("day")}`;
}

/** An ISO date moved by whole days. */
export function addDays(isoDate: string, n: number): string {
  const { year, month, day } = splitDate(isoDate);
  return new Date(Date.UTC(year, month - 1, day + n)).toISOString().slice(0, 10);
}

/** The weekday (0 = Sunday) of an ISO date. */
export function weekdayOf(isoDate: string): number {
  const { year, month, day } = splitDate(isoDate);
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

/** The last given weekday (0 = Sunday) of a month, as an ISO date: Board meetings are often "the last Thursday". */
export function lastWeekdayOf(month: string, weekday: number): string {
  const { year, month: m } = splitMonth(month);
  let d = `${month}-${String(daysInMonth(year, m)).padStart(2, "0")}`;
  while (weekdayOf(d) !== weekday) d = addDays(d, -1);
  return d;
}

/** The nth given weekday of a month (n from 1), as an ISO date. */
export function nthWeekdayOf(month: string, weekday: number, n: number): string {
  let d = `${month}-01`;
  while (weekdayOf(d) !== weekday) d = addDays(d, 1);
  return addDays(d, 7 * (n - 1));
}

/**
 * Parses a date as people write it ("1 April 2026", "01/04/2026", "2026-04-01") to YYYY-MM-DD.
 * Day first, the UK way.
 */
export function parseDate(text: string): ParseResult<string> {
  const raw = (text ?? "").trim();
  if (!raw) return { ok: false, error: "Enter a date, for example 1 April 2026" };
  let y: number, m: number, d: number;
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(raw);
  if (match) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if ((match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(raw))) [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if ((match = /^(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})$/.exec(raw))) {
    const name = match[2]!.toLowerCase();
    const idx = MONTH_NAMES.findIndex((n) => n.toLowerCase() === name || n.toLowerCase().slice(0, 3) === name.slice(0, 3));
    if (idx < 0 || name.length < 3) return { ok: false, error: `"${raw}" is not a date; write it like 1 April 2026` };
    [d, m, y] = [Number(match[1]), idx + 1, Number(match[3])];
  } else return { ok: false, error: `"${raw}" is not a date; write it like 1 April 2026` };
  const iso = `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
  if (!isIsoDate(iso)) return { ok: false, error: `"${raw}" is not a real date` };
  return { ok: true, value: iso };
}
