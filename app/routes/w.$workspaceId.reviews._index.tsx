import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { formatFinancialYear } from "../../shared/format/dates";
import { can } from "../../shared/roles/roles";
import { MEETING_KIND_LABELS, seriesInput, TIER_LABELS } from "../../shared/reviews/model";
import { financialYearOfDate } from "../../shared/reviews/schedule";
import { listMembers } from "../../server/repositories/workspaces";
import { createSeries, listMeetings, listSeries } from "../../server/repositories/reviews";
import { ScheduleTable } from "../components/reviews/ScheduleTable";
import { SeriesForm } from "../components/reviews/SeriesForm";
import { fieldErrors, ErrorSummary, type FieldErrors } from "../components/ui/forms";
import { requireMember, requirePermission } from "../utils/auth.server";
import { readStructureNow } from "../utils/docs.server";
import { today } from "../utils/governance.server";
import { frequencyText, nextMeetings, reviewableUnits } from "../utils/reviews-view";
import { syncActionLogMeta, syncReviews } from "../utils/reviews.server";

export const meta: MetaFunction = () => [{ title: "Performance reviews – Devolve" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { workspace, member } = requireMember(request, context, params.workspaceId);
  const on = today();
  syncReviews(context, workspace.id, on);
  const structure = await readStructureNow(context, workspace.id);
  const year = financialYearOfDate(on);
  const series = listSeries(context.db, workspace.id);
  const meetings = listMeetings(context.db, workspace.id, { year });
  const names = new Map(series.map((s) => [s.id, s.name]));
  return {
    workspaceId: workspace.id,
    today: on,
    year,
    canSetUp: can(member, "review.setup"),
    series: series.map((s) => ({ id: s.id, name: s.name, kind: s.kind, tier: s.tier, unit: structure.units.find((u) => u.id === s.unitId)?.name ?? "Trust-wide", chairName: s.chairName, frequency: frequencyText(s), next: nextMeetings(meetings, s.id, on, 1)[0]?.date ?? null })),
    meetings: meetings.map((m) => ({ id: m.id, date: m.date, status: m.status, kind: m.kind, seriesName: names.get(m.seriesId) ?? "", packToUnitOn: m.packToUnitOn, packToInviteesOn: m.packToInviteesOn })),
    units: reviewableUnits(structure),
    people: listMembers(context.db, workspace.id).filter((p) => !p.deactivated).map((p) => ({ id: p.userId, name: p.name })),
  };
}

type ActionResult = { ok: false; errors: FieldErrors; values: Record<string, string> };

export async function action({ request, context, params }: ActionFunctionArgs): Promise<ActionResult | Response> {
  const { workspace, member, user } = requireMember(request, context, params.workspaceId);
  requirePermission(member, "review.setup", "Only executives and administrators can set up review series.");
  const form = await request.formData();
  const values = Object.fromEntries([...form.entries()].map(([k, v]) => [k, String(v)]));
  const parsed = seriesInput.safeParse(values);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error), values };
  const input = parsed.data;
  const structure = await readStructureNow(context, workspace.id);
  const units = reviewableUnits(structure);
  const unit = units.find((u) => u.id === input.unitId);
  if (input.tier !== "trust" && (!unit || unit.tier !== input.tier)) return { ok: false, errors: { unitId: `Choose a ${TIER_LABELS[input.tier].toLowerCase()} of the trust's structure` }, values };
  const people = new Set(listMembers(context.db, workspace.id).filter((p) => !p.deactivated).map((p) => p.userId));
  for (const [field, who] of [["chairUserId", "chair"], ["secretaryUserId", "secretary"]] as const) {
    if (input[field] && !people.has(input[field])) return { ok: false, errors: { [field]: `The ${who} must be a member of this trust in Devolve, or left blank` }, values };
  }
  const on = today();
  const s = createSeries(context.db, workspace.id, { ...input, unitId: input.tier === "trust" ? "" : input.unitId }, { id: user.id, name: user.name }, on);
  await syncActionLogMeta(context, workspace.id, s, user.id);
  return redirect(`/w/${workspace.id}/reviews/series/${s.id}?created=1`);
}

export default function ReviewsIndex() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result && "errors" in result ? result.errors : undefined;
  return (
    <>
      <ErrorSummary errors={errors} />
      <h1>Performance reviews</h1>
      <p className="nhsuk-lede-text">
        Review meetings hold divisions and service lines to account against their plans and key indicators. How often a line meets follows its earned-autonomy level: level 1 six-monthly, level 2 quarterly, level 3 monthly, level 4
        weekly or monthly by severity (ULHT §5.2).
      </p>
      <p>
        <Link to={`/w/${d.workspaceId}/reviews/actions`}>Overdue actions by owner</Link>
      </p>
      <h2>Series</h2>
      {d.series.length === 0 ? (
        <p>No review series yet.</p>
      ) : (
        <table className="nhsuk-table" data-testid="series-table">
          <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">Review series</caption>
          <thead className="nhsuk-table__head">
            <tr>
              <th scope="col">Series</th>
              <th scope="col">Kind</th>
              <th scope="col">Tier</th>
              <th scope="col">Reviews</th>
              <th scope="col">Chair</th>
              <th scope="col">Frequency</th>
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {d.series.map((s) => (
              <tr key={s.id}>
                <th scope="row">
                  <Link to={`/w/${d.workspaceId}/reviews/series/${s.id}`}>{s.name}</Link>
                </th>
                <td>{MEETING_KIND_LABELS[s.kind]}</td>
                <td>{TIER_LABELS[s.tier]}</td>
                <td>{s.unit}</td>
                <td>{s.chairName}</td>
                <td>{s.frequency}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Schedule for {formatFinancialYear(d.year)}</h2>
      <ScheduleTable workspaceId={d.workspaceId} today={d.today} meetings={d.meetings} showSeries testId="year-schedule" />
      {d.canSetUp ? (
        <details className="nhsuk-details" open={!!errors}>
          <summary className="nhsuk-details__summary">
            <span className="nhsuk-details__summary-text">Set up a review series</span>
          </summary>
          <div className="nhsuk-details__text">
            <SeriesForm units={d.units} people={d.people} errors={errors} values={result && "values" in result ? result.values : undefined} />
          </div>
        </details>
      ) : null}
    </>
  );
}
