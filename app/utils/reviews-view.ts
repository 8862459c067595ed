/** Small views of review data shared by the reviews screens (no server-only code). */
import { CADENCE_LABELS, describeRule, SEVERITY_LABELS } from "../../shared/reviews/schedule";
import type { ReviewMeeting, ReviewSeries, Tier } from "../../shared/reviews/model";
import type { Structure } from "../../shared/structure/model";
import type { ActionLogRef } from "../../shared/collab/registry";

/** The action log room of a series. */
export const actionLogRef = (seriesId: string): ActionLogRef => ({ kind: "actions", seriesId });

/** "Monthly, the second Tuesday of the month" or "By level (now level 2: quarterly), the second Tuesday of the month". */
export function frequencyText(s: Pick<ReviewSeries, "frequency" | "cadence" | "rule" | "plannedLevel" | "severity">): string {
  const day = describeRule(s.rule);
  if (s.frequency === "fixed") return `${CADENCE_LABELS[s.cadence ?? "monthly"]}, ${s.cadence === "weekly" ? describeRule(s.rule, "weekly") : day}`;
  const level = s.plannedLevel;
  const cadence = level === 1 ? "six_monthly" : level === 2 ? "quarterly" : level === 4 && s.severity === "severe" ? "weekly" : "monthly";
  const sev = level === 4 ? `; ${SEVERITY_LABELS[s.severity].toLowerCase()}` : "";
  return `By level (now level ${level ?? "not yet recorded"}: ${CADENCE_LABELS[cadence].toLowerCase()}${sev}), ${cadence === "weekly" ? describeRule(s.rule, "weekly") : day}`;
}

/** The next scheduled meetings of a series on or after a date. */
export function nextMeetings<M extends Pick<ReviewMeeting, "seriesId" | "date" | "status">>(meetings: readonly M[], seriesId: string, from: string, n: number): M[] {
  return meetings.filter((m) => m.seriesId === seriesId && m.status === "scheduled" && m.date >= from).slice(0, n);
}

const TIER_OF: Partial<Record<string, Tier>> = { division: "division", service_line: "service_line", sub_service_line: "team", pod: "team" };

/** Units a series may review, with their tier: divisions, service lines, and teams below them. */
export function reviewableUnits(structure: Structure): { id: string; name: string; tier: Tier }[] {
  return structure.units.flatMap((u) => {
    const tier = TIER_OF[u.kind];
    return tier ? [{ id: u.id, name: u.name, tier }] : [];
  });
}
