import type { AppLoadContext } from "@remix-run/node";
import { isOverdue, setActionLogMeta, type ActionLog, type LoggedAction } from "../../shared/collab/action-log-doc";
import { actionLogRef } from "./reviews-view";
import { can, type MemberAccess } from "../../shared/roles/roles";
import type { ReviewMeeting, ReviewSeries } from "../../shared/reviews/model";
import type { Structure } from "../../shared/structure/model";
import { listMeetings, listSeries, syncSchedules } from "../../server/repositories/reviews";


/**
 * Brings every schedule up to date before a reviews page reads it: next year's generated from
 * 1 January, and a series re-planned when its line's level has changed (issue 13). Cheap when
 * nothing changed (one determination lookup per by-level series).
 */
export function syncReviews(context: AppLoadContext, workspaceId: string, today: string): void {
  const changed = syncSchedules(context.db, workspaceId, today);
  if (changed) context.logger.info({ workspace: workspaceId, changed }, "review schedules generated or re-planned");
}

/** Whether a person may record a series' meetings: executives, and the chair and secretary it names. */
export function canRecordFor(member: MemberAccess, userId: string, series: Pick<ReviewSeries, "chairUserId" | "secretaryUserId">): boolean {
  return can(member, "review.record") || (!!userId && (series.chairUserId === userId || series.secretaryUserId === userId));
}

/**
 * Writes who the series' action log belongs to and who may write all of it (its chair and
 * secretary) into the log's meta, through the checked write path as server code: members cannot
 * change it, so the finer rights in the room follow the series page.
 */
export async function syncActionLogMeta(context: AppLoadContext, workspaceId: string, s: ReviewSeries, authorId: string | null): Promise<void> {
  const want = { seriesId: s.id, unitId: s.unitId ?? "", prefix: s.actionPrefix, chairId: s.chairUserId ?? "", secretaryId: s.secretaryUserId ?? "" };
  const log = await context.collab.read(workspaceId, actionLogRef(s.id));
  if (JSON.stringify(log.meta) === JSON.stringify(want)) return;
  await context.collab.transact(workspaceId, actionLogRef(s.id), (doc) => void setActionLogMeta(doc, want), { authorId });
}

export interface ActionRow extends LoggedAction {
  seriesId: string;
  seriesName: string;
  overdue: boolean;
  lastUpdate: string | null;
}

/** Every action of every series, from the live logs, with its series and whether it is overdue. */
export async function allActions(context: AppLoadContext, workspaceId: string, today: string, series?: readonly ReviewSeries[]): Promise<ActionRow[]> {
  const list = series ?? listSeries(context.db, workspaceId);
  const logs: [ReviewSeries, ActionLog][] = await Promise.all(list.map(async (s) => [s, await context.collab.read(workspaceId, actionLogRef(s.id))] as [ReviewSeries, ActionLog]));
  return logs.flatMap(([s, log]) =>
    log.actions.map((a) => {
      const last = log.updates.filter((u) => u.actionId === a.id).at(-1);
      return { ...a, seriesId: s.id, seriesName: s.name, overdue: isOverdue(a, today), lastUpdate: last ? last.text : null };
    }),
  );
}

/** Overdue actions grouped by owner, most overdue owners first (issue 13: "Overdue actions by owner across the trust"). */
export function overdueByOwner(rows: readonly ActionRow[]): { owner: string; actions: ActionRow[] }[] {
  const groups = new Map<string, ActionRow[]>();
  for (const a of rows) if (a.overdue) groups.set(a.ownerName, [...(groups.get(a.ownerName) ?? []), a]);
  return [...groups.entries()]
    .map(([owner, actions]) => ({ owner, actions: actions.sort((x, y) => (x.due < y.due ? -1 : 1)) }))
    .sort((a, b) => b.actions.length - a.actions.length || a.owner.localeCompare(b.owner));
}

/** The series that review a unit: its own, and its division's (a line is reviewed within its division too). */
export function seriesForUnit(series: readonly ReviewSeries[], structure: Structure, unitId: string): ReviewSeries[] {
  const unit = structure.units.find((u) => u.id === unitId);
  const ids = new Set([unitId, ...(unit?.parentId ? [unit.parentId] : [])]);
  return series.filter((s) => s.unitId && ids.has(s.unitId));
}

/** A line's next review and its open actions, for the line page (app/components/reviews/LineReviews.tsx). */
export async function lineReviews(context: AppLoadContext, workspaceId: string, structure: Structure, unitId: string, today: string) {
  const series = seriesForUnit(listSeries(context.db, workspaceId), structure, unitId);
  const next: (ReviewMeeting & { seriesName: string })[] = [];
  for (const s of series) {
    const m = listMeetings(context.db, workspaceId, { seriesId: s.id, from: today }).find((x) => x.status === "scheduled");
    if (m) next.push({ ...m, seriesName: s.name });
  }
  next.sort((a, b) => (a.date < b.date ? -1 : 1));
  const actions = (await allActions(context, workspaceId, today, series)).filter((a) => a.status === "open" && (a.unitId === unitId || series.some((s) => s.id === a.seriesId && s.unitId === unitId)));
  return { next: next.slice(0, 2).map((m) => ({ id: m.id, date: m.date, seriesName: m.seriesName })), actions: actions.map((a) => ({ id: a.id, ref: a.ref, action: a.action, ownerName: a.ownerName, due: a.due, rag: a.rag, overdue: a.overdue, seriesId: a.seriesId })) };
}
