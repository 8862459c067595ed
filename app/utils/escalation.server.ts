import type { AppLoadContext } from "@remix-run/node";
import { deteriorationIn, escalationView, keyConcernMonths, shouldOpen, type Escalation, type EscalationView, type WorkingCalendar } from "../../shared/escalation/rules";
import { agreedReason, type Agreement } from "../../shared/governance/agreed-levels";
import { canonicalFigures } from "../../shared/governance/determinations";
import { formatDate, londonDate } from "../../shared/format/dates";
import { formatCount } from "../../shared/format";
import { addWorkingDays } from "../../shared/reviews/calendar";
import { sha256Hex } from "../../server/audit/chain";
import { listEscalations, openEscalation } from "../../server/repositories/escalations";
import { addDeterminations, determinationOnDate, listBoardMembers } from "../../server/repositories/governance";
import { listMeetings, listSeries, recordDecision, syncSchedules } from "../../server/repositories/reviews";
import { recommendedLevels } from "./autonomy.server";

/** Working days in England and Wales (bank holidays counted), for the 10-day action-plan clock. */
export const ENGLAND_AND_WALES: WorkingCalendar = { addWorkingDays };

/** The executive directors on the Board on a date: who can agree levels at an accountability review. */
export function executivesOn(context: AppLoadContext, workspaceId: string, date: string) {
  return listBoardMembers(context.db, workspaceId)
    .filter((m) => m.capacity === "executive" && m.from <= date && (m.to === null || m.to >= date))
    .map((m) => ({ name: m.name, title: m.title }));
}

/** Review meeting dates per service line: its own series' meetings, not cancelled. */
function meetingDatesByLine(context: AppLoadContext, workspaceId: string): Map<string, string[]> {
  const series = listSeries(context.db, workspaceId);
  const meetings = listMeetings(context.db, workspaceId, { kind: "performance_review" });
  const out = new Map<string, string[]>();
  for (const s of series) {
    if (!s.unitId) continue;
    const dates = meetings.filter((m) => m.seriesId === s.id).map((m) => m.date);
    out.set(s.unitId, [...(out.get(s.unitId) ?? []), ...dates]);
  }
  return out;
}

export interface EscalationRow extends Escalation {
  view: EscalationView;
}

/** Every escalation with where it stands today (or on `on`), newest first. */
export async function escalationsNow(context: AppLoadContext, workspaceId: string, on = londonDate()): Promise<EscalationRow[]> {
  const list = listEscalations(context.db, workspaceId);
  if (list.length === 0) return [];
  const { histories, observations, keyCodes } = await recommendedLevels(context, workspaceId);
  const meetings = meetingDatesByLine(context, workspaceId);
  return list
    .map((e) => {
      const concerns = keyConcernMonths(observations[e.unitId] ?? [], keyCodes);
      const view = escalationView(e, { today: on, calendar: ENGLAND_AND_WALES, meetings: meetings.get(e.unitId) ?? [], history: histories.get(e.unitId) ?? [], concernMonths: new Set(concerns.keys()) });
      return { ...e, view };
    })
    .sort((a, b) => (a.openedOn < b.openedOn ? 1 : a.openedOn > b.openedOn ? -1 : b.id - a.id));
}

/**
 * After figures are accepted: opens an escalation for each line whose latest month shows a
 * significant deterioration, unless it already has one open (ULHT §4; shared/escalation/rules.ts).
 * The level in force does not change: that is for the accountability review or an executive.
 */
export async function openEscalationsAfterFigures(context: AppLoadContext, workspaceId: string, actor: { id: string; name: string }, unitIds: string[]): Promise<number> {
  const { histories, observations, keyCodes } = await recommendedLevels(context, workspaceId, unitIds);
  const open = (await escalationsNow(context, workspaceId)).filter((e) => e.view.stage !== "closed");
  const today = londonDate();
  let opened = 0;
  for (const unitId of unitIds) {
    const history = histories.get(unitId) ?? [];
    const latest = history.at(-1);
    if (!latest) continue;
    const found = deteriorationIn(history, keyConcernMonths(observations[unitId] ?? [], keyCodes), latest.month);
    if (!shouldOpen(open, unitId, found)) continue;
    openEscalation(context.db, workspaceId, { unitId, openedOn: today, ...found }, actor);
    open.push({ unitId } as EscalationRow);
    opened += 1;
  }
  return opened;
}

/**
 * Records what an accountability review agreed: one determination per line, in force from the
 * agreed date, source "review", naming the meeting, the executives present, the figures'
 * recommendation and the rationale; and, when the review is a recorded meeting, one decision on it.
 */
export async function recordAgreement(context: AppLoadContext, workspaceId: string, actor: { id: string; name: string }, a: Agreement, meetingId: string | null) {
  const { observations, rulesVersionId, computed } = await recommendedLevels(context, workspaceId);
  const dets = a.lines.map((l) => ({
    unitId: l.unitId,
    effectiveFrom: a.effectiveFrom,
    level: l.level,
    computedLevel: l.recommended,
    basisMonth: computed.find((c) => c.unitId === l.unitId)?.month ?? null,
    rulesVersionId,
    figuresHash: sha256Hex(canonicalFigures(observations[l.unitId] ?? [])),
    source: "review" as const,
    reason: agreedReason(a, l),
    reviewMeetingId: meetingId,
  }));
  const changed = a.lines.filter((l) => l.level !== determinationOnDate(context.db, workspaceId, l.unitId, a.meetingDate)?.level).length;
  // One transaction (the inner ones become savepoints): the levels and the meeting's decision together.
  context.db.$client.transaction(() => {
    addDeterminations(context.db, workspaceId, dets, actor);
    if (meetingId) {
      recordDecision(context.db, workspaceId, meetingId, { kind: "levels_agreed", summary: `Earned-autonomy levels agreed for ${formatCount(a.lines.length, "service line")} from ${formatDate(a.effectiveFrom)}: ${formatCount(changed, "level")} changed`, detail: { effectiveFrom: a.effectiveFrom, lines: a.lines } }, actor);
    }
  })();
  // A level change re-plans the line's review schedule from the next month (issue 13; ULHT §5.2).
  syncSchedules(context.db, workspaceId, londonDate());
  return { dets, changed };
}
