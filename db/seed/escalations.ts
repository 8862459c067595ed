/**
 * The demo's escalation in progress (issue 13's demo: "one escalation in progress"), found in the
 * demo's own figures rather than asserted: the latest month since the last accountability review in
 * which a line's recommended level fell (ULHT §4, "significant deterioration"). It is opened on the
 * day that month's figures were accepted, and its action plan recorded within the 10 working days
 * ULHT §4 allows, so on the seed day it is being monitored at the line's reviews.
 */
import type { Db } from "../client";
import type { CriterionId, MonthLevel } from "../../shared/autonomy/types";
import { deteriorationIn } from "../../shared/escalation/rules";
import { addMonths, formatMonth } from "../../shared/format/dates";
import { addWorkingDays } from "../../shared/reviews/calendar";
import { addEscalationEvent, openEscalation } from "../../server/repositories/escalations";
import { DEMO_UNITS } from "./demo-structure";
import { demoCalendar } from "./governance";
import { unitIdForCode } from "./index";

/** Figures for a month are accepted on the 8th working day of the next (the demo's month-end close). */
function figuresAcceptedOn(month: string): string {
  return addWorkingDays(`${addMonths(month, 1)}-01`, 7);
}

/**
 * Cardiology is left without one: the end-to-end test imports a failing month for it and watches an
 * escalation open, and a line with one open would not get a second.
 */
const KEEP_CLEAR = new Set(["card"]);

const AREA: Record<CriterionId, string> = { finance: "the financial plan", quality: "quality", performance: "operational performance", workforce: "workforce", policy: "policy adherence" };
const listOf = (xs: string[]) => (xs.length < 2 ? xs.join("") : `${xs.slice(0, -1).join(", ")} and ${xs.at(-1)}`);

export function seedDemoEscalations(db: Db, workspaceId: string, today: string, histories: ReadonlyMap<string, readonly MonthLevel[]>): number | null {
  // The last accountability review held judged the figures to the month before it (db/seed/governance.ts).
  const lastReview = demoCalendar(today).accountabilityReviews.filter((r) => r.date < today).at(-1);
  const lastReviewBasis = lastReview ? addMonths(lastReview.date.slice(0, 7), -1) : null;
  const found = [...histories]
    .filter(([unitId]) => !KEEP_CLEAR.has(unitId))
    .flatMap(([unitId, history]) =>
      history
        .filter((m) => (lastReviewBasis === null || m.month > lastReviewBasis) && addWorkingDays(figuresAcceptedOn(m.month), 7) <= today)
        .map((m) => ({ unitId, history, d: deteriorationIn(history, new Map(), m.month) })),
    )
    .filter((c) => c.d !== null && c.d.trigger === "level_fall")
    .sort((a, b) => (a.d!.month < b.d!.month ? 1 : a.d!.month > b.d!.month ? -1 : a.unitId.localeCompare(b.unitId)));
  const pick = found[0];
  if (!pick) return null;
  const d = pick.d!;
  const unit = DEMO_UNITS.find((u) => unitIdForCode(u.code) === pick.unitId)!;
  const lead = unit.leaders.find((l) => l.role === "Clinical Lead")?.name ?? unit.leaders[0]!.name;
  const manager = unit.leaders.find((l) => l.role === "Service Line Manager")?.name ?? lead;
  const month = pick.history.find((m) => m.month === d.month);
  const failed = month?.assessment?.criteria.filter((c) => c.rated !== false && c.metKey === false).map((c) => AREA[c.criterion]) ?? [];
  const opened = figuresAcceptedOn(d.month);
  const performanceTeam = { id: null, name: "Devolve demo set-up" };
  const id = openEscalation(db, workspaceId, { unitId: pick.unitId, openedOn: opened, ...d }, performanceTeam, Date.parse(`${opened}T11:00:00Z`));
  const planOn = addWorkingDays(opened, 7);
  addEscalationEvent(
    db,
    workspaceId,
    id,
    {
      kind: "plan_submitted",
      date: planOn,
      note: `Recovery plan agreed by ${lead} (clinical lead) and ${manager} (service line manager)${failed.length ? ` covering ${listOf(failed)}` : ""}: weekly review of the ${formatMonth(d.month)} position at the service line's huddle, actions and owners in the line's action log, and progress reported at each service-line review until the line is back at level ${d.levelBefore} for three months.`,
    },
    { id: null, name: lead },
    Date.parse(`${planOn}T16:00:00Z`),
  );
  return id;
}
