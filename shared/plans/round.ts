import { lastWeekdayOf } from "../format/dates";
import type { PlanStatus } from "./workflow";

/**
 * The planning round's timetable for the plans of the financial year starting in April of `year`
 * (Monitor's SLM framework Part 2 §3: "annual planning … agreed before the start of the financial
 * year"; ULHT §2.5). Issue 12's round for 2027/28: Board priorities 30 September 2026, guidance
 * issued 30 October, bottom-up proposals 30 November, confirm-and-challenge meetings December to
 * January, divisional sign-off 12 February 2027, executive approval 5 March, Board 25 March (its
 * last Thursday), plans live 1 April. Each milestone names the plan status every line should have
 * reached by then ("" for a trust-wide step).
 */
export interface MilestoneSpec {
  status: PlanStatus | "";
  label: string;
  due: string;
  dueEnd: string | null;
}

export function defaultMilestones(year: number): MilestoneSpec[] {
  const prev = year - 1;
  return [
    { status: "", label: "Board sets its planning priorities", due: `${prev}-09-30`, dueEnd: null },
    { status: "", label: "Executive issues planning guidance and control totals", due: `${prev}-10-30`, dueEnd: null },
    { status: "submitted", label: "Service lines submit bottom-up proposals", due: `${prev}-11-30`, dueEnd: null },
    { status: "reconciling", label: "Confirm-and-challenge meetings", due: `${prev}-12-01`, dueEnd: `${year}-01-31` },
    { status: "division_approved", label: "Divisional sign-off", due: `${year}-02-12`, dueEnd: null },
    { status: "executive_approved", label: "Executive approval", due: `${year}-03-05`, dueEnd: null },
    { status: "board_approved", label: "Board approves the plans", due: lastWeekdayOf(`${year}-03`, 4), dueEnd: null },
    { status: "live", label: "Plans live", due: `${year}-04-01`, dueEnd: null },
  ];
}

/** Where a milestone stands on a date: done (its span has ended), in progress, or upcoming. */
export function milestonePhase(m: Pick<MilestoneSpec, "due" | "dueEnd">, on: string): "past" | "current" | "upcoming" {
  const end = m.dueEnd ?? m.due;
  if (on > end) return "past";
  if (m.dueEnd && on >= m.due) return "current";
  return on === m.due ? "current" : "upcoming";
}

/** The planning year a date falls in the round for: the financial year after the current one. */
export function roundYearOn(date: string): number {
  const [y, m] = date.split("-").map(Number) as [number, number];
  return (m >= 4 ? y : y - 1) + 1;
}

/**
 * A line's stage on a day (the demo's seed day): the stage the demo's story gives it (for a seed
 * on 1 December, the day confirm-and-challenge begins), never ahead of the round's timetable. Before the guidance is
 * issued every line is drafting; until proposals are due only the keenest lines (those the story has
 * further on) have submitted; a plan is reconciled only from the first confirm-and-challenge
 * meeting. A later seed keeps the story's stages (at most agreed), behind the timetable rather than
 * ahead of it.
 */
export function stageOnTimetable<S extends "drafting" | "submitted" | "reconciling" | "agreed">(intended: S, today: string, milestones: readonly { status: string; due: string }[]): S | "drafting" | "submitted" {
  const due = (status: string) => milestones.find((m) => m.status === status)!.due;
  const guidanceOn = milestones[1]!.due;
  if (today < guidanceOn) return "drafting";
  if (today < due("reconciling")) {
    if (intended === "reconciling" || intended === "agreed") return "submitted";
    return intended === "submitted" && today >= due("submitted") ? "submitted" : "drafting";
  }
  return intended;
}
