/**
 * The year's schedule of a review series, pure: how often it meets (fixed, or set by the line's
 * earned-autonomy level), on which day ("the second Tuesday of the month"), re-planning after a level
 * change, and when its pack is due.
 *
 * ULHT §5.2, "Each Division will be assessed against an agreed set of criteria … that will form the
 * frequency of the meetings and autonomy of the Division": achievement of all criteria, 6 monthly;
 * all key criteria, quarterly; "failure of any one-two", monthly; "failure of more than two", weekly
 * or monthly depending on severity. In Devolve's earned-autonomy levels 1 is the MOST autonomy
 * (shared/autonomy/types.ts), so level 1 meets six-monthly and level 4 weekly or monthly.
 * ULHT §5.1: "There will be a clear and consistent schedule … agreed at the start of each new
 * financial year"; "Data packs will be provided to the Division no later than 1 week before the PRM
 * and will be circulated to all invitees no later than 2 days before the PRM."
 */
import type { AutonomyLevel } from "../autonomy/types";
import { addDays, formatDate, lastWeekdayOf, nthWeekdayOf, weekdayOf } from "../format/dates";
import { addWorkingDays, nextWorkingDay, previousWorkingDay } from "./calendar";

export const CADENCES = ["weekly", "monthly", "quarterly", "six_monthly"] as const;
export type Cadence = (typeof CADENCES)[number];
export const CADENCE_LABELS: Record<Cadence, string> = { weekly: "Weekly", monthly: "Monthly", quarterly: "Quarterly", six_monthly: "Six-monthly" };

/** ULHT §5.2's "depending on severity" for a line at level 4, as recorded on the series. */
export const SEVERITIES = ["moderate", "severe"] as const;
export type Severity = (typeof SEVERITIES)[number];
export const SEVERITY_LABELS: Record<Severity, string> = { moderate: "Moderate: meet monthly", severe: "Severe: meet weekly" };

/** How often a line at a level meets (ULHT §5.2's table, level 1 = most autonomy). */
export function cadenceForLevel(level: AutonomyLevel, severity: Severity = "moderate"): Cadence {
  if (level === 1) return "six_monthly";
  if (level === 2) return "quarterly";
  if (level === 3) return "monthly";
  return severity === "severe" ? "weekly" : "monthly";
}

/**
 * Months of the financial year (0 = April) a cadence meets in. Quarterly and six-monthly meetings
 * close their quarter or half (June, September, December, March; September and March), so a line
 * that moves between them meets on the same days, and the six-monthly accountability review (ULHT
 * §6) falls in March and September.
 */
const MONTHS: Record<Exclude<Cadence, "weekly">, readonly number[]> = {
  monthly: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
  quarterly: [2, 5, 8, 11],
  six_monthly: [5, 11],
};

/** Which day of the month: the nth (1–4, or -1 for the last) given weekday (1 = Monday … 5 = Friday). */
export interface DayRule {
  nth: 1 | 2 | 3 | 4 | -1;
  weekday: 1 | 2 | 3 | 4 | 5;
}
export const WEEKDAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;
const NTH_NAMES: Record<DayRule["nth"], string> = { 1: "first", 2: "second", 3: "third", 4: "fourth", [-1]: "last" };

/** "the second Tuesday of the month"; for weekly meetings, "every Tuesday". */
export function describeRule(rule: DayRule, cadence?: Cadence): string {
  if (cadence === "weekly") return `every ${WEEKDAY_NAMES[rule.weekday]}`;
  return `the ${NTH_NAMES[rule.nth]} ${WEEKDAY_NAMES[rule.weekday]} of the month`;
}

/** The financial year (its first calendar year) a date falls in: 2027-03-31 → 2026. */
export function financialYearOfDate(date: string): number {
  const y = Number(date.slice(0, 4));
  return Number(date.slice(5, 7)) >= 4 ? y : y - 1;
}
export const yearStart = (year: number) => `${year}-04-01`;
export const yearEnd = (year: number) => `${year + 1}-03-31`;

function monthOf(year: number, index: number): string {
  const m = 4 + index;
  return m <= 12 ? `${year}-${String(m).padStart(2, "0")}` : `${year + 1}-${String(m - 12).padStart(2, "0")}`;
}

/**
 * The meeting dates of a financial year for a cadence and day rule, on or after `from` when given.
 * A date that falls on a bank holiday moves to the next working day (the first Monday in May is one).
 */
export function meetingDates(year: number, cadence: Cadence, rule: DayRule, from?: string): string[] {
  const out: string[] = [];
  if (cadence === "weekly") {
    let d = yearStart(year);
    while (weekdayOf(d) !== rule.weekday) d = addDays(d, 1);
    for (; d <= yearEnd(year); d = addDays(d, 7)) out.push(nextWorkingDay(d));
  } else {
    for (const i of MONTHS[cadence]) {
      const month = monthOf(year, i);
      out.push(nextWorkingDay(rule.nth === -1 ? lastWeekdayOf(month, rule.weekday) : nthWeekdayOf(month, rule.weekday, rule.nth)));
    }
  }
  // A weekly meeting moved off a holiday never lands on next week's day; dates stay in the year.
  return [...new Set(out)].filter((d) => d <= yearEnd(year) && (!from || d >= from));
}

/**
 * Where re-planning starts: "the next month" after a level change (issue 13). A change agreed now to
 * take effect on the first of a later month (the accountability review agrees levels from the month
 * after it) re-plans from that first; otherwise from the first of the month after the change, or
 * after today if the change is already past: re-planning never rewrites the past.
 */
export function replanFrom(changeDate: string, today: string): string {
  if (changeDate > today && changeDate.endsWith("-01")) return changeDate;
  const base = changeDate > today ? changeDate : today;
  const y = Number(base.slice(0, 4));
  const m = Number(base.slice(5, 7));
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, "0")}-01`;
}

export interface ScheduledMeeting {
  id: string;
  date: string;
  status: "scheduled" | "held" | "cancelled";
}

/** What re-planning a year's schedule from a date changes: meetings to cancel and dates to add. */
export interface Replan {
  from: string;
  cancel: string[];
  add: string[];
  keep: string[];
}

/**
 * Re-plans the rest of a year from `from` (ULHT §5.2: the level sets the frequency): scheduled
 * meetings on or after it that the new cadence does not hold are cancelled, its dates that have no
 * meeting are added; meetings already held, and everything before `from`, stay as they are.
 */
export function replan(existing: readonly ScheduledMeeting[], year: number, cadence: Cadence, rule: DayRule, from: string): Replan {
  const wanted = new Set(meetingDates(year, cadence, rule, from));
  const live = existing.filter((m) => m.status !== "cancelled" && m.date >= from);
  const cancel = live.filter((m) => m.status === "scheduled" && !wanted.has(m.date)).map((m) => m.id);
  const have = new Set(live.map((m) => m.date));
  const add = [...wanted].filter((d) => !have.has(d));
  const keep = live.filter((m) => !cancel.includes(m.id)).map((m) => m.id);
  return { from, cancel, add, keep };
}

export interface PackDue {
  /** To the division or line: a week before, on a working day (ULHT §5.1). */
  unit: string;
  /** To every invitee: two working days before, counting bank holidays. */
  invitees: string;
}

/** When a meeting's pack is due to the unit and to the invitees. */
export function packDueDates(meetingDate: string): PackDue {
  return { unit: previousWorkingDay(addDays(meetingDate, -7)), invitees: addWorkingDays(meetingDate, -2) };
}

export type PackState = "on_time" | "late" | "not_yet_due" | "overdue";

/** Whether a pack went out on time: circulated on or before its due date, or not yet circulated. */
export function packState(due: string, circulatedOn: string | null, today: string): PackState {
  if (circulatedOn) return circulatedOn <= due ? "on_time" : "late";
  return today > due ? "overdue" : "not_yet_due";
}

/** "Circulated 3 March 2027, on time" / "Due 3 March 2027, late: circulated 5 March 2027". */
export function describePack(due: string, circulatedOn: string | null, today: string): string {
  const s = packState(due, circulatedOn, today);
  if (s === "on_time") return `Circulated ${formatDate(circulatedOn!)}, on time (due ${formatDate(due)})`;
  if (s === "late") return `Late: circulated ${formatDate(circulatedOn!)}, due ${formatDate(due)}`;
  if (s === "overdue") return `Late: not circulated, due ${formatDate(due)}`;
  return `Due ${formatDate(due)}`;
}

/**
 * Whether next year's schedule should exist by now. ULHT §5.1 wants it "agreed at the start of each
 * new financial year", so Devolve generates it in the last quarter (from 1 January), before 1 April.
 */
export function yearsToPlan(today: string): number[] {
  const current = financialYearOfDate(today);
  return Number(today.slice(5, 7)) <= 3 ? [current, current + 1] : [current];
}
