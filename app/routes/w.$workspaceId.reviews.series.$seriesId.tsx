import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { formatDate, formatFinancialYear } from "../../shared/format/dates";
import { can } from "../../shared/roles/roles";
import { MEETING_KIND_LABELS, TIER_LABELS } from "../../shared/reviews/model";
import { CADENCE_LABELS, financialYearOfDate, SEVERITIES, SEVERITY_LABELS } from "../../shared/reviews/schedule";
import { determinationOnDate } from "../../server/repositories/governance";
import { getSeries, listMeetings, listScheduleLog, setSeverity } from "../../server/repositories/reviews";
import { ScheduleTable } from "../components/reviews/ScheduleTable";
import { ErrorSummary, SelectField, TextField, fieldErrors, type FieldErrors } from "../components/ui/forms";
import { requireMember, requirePermission } from "../utils/auth.server";
import { readStructureNow } from "../utils/docs.server";
import { today } from "../utils/governance.server";
import { notFound } from "../utils/http";
import { frequencyText } from "../utils/reviews-view";
import { syncActionLogMeta, syncReviews } from "../utils/reviews.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.series.name ?? "Review series"} – Devolve` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { workspace, member } = requireMember(request, context, params.workspaceId);
  const on = today();
  syncReviews(context, workspace.id, on);
  const s = getSeries(context.db, workspace.id, params.seriesId ?? "");
  if (!s) notFound("There is no review series with that address in this trust.");
  await syncActionLogMeta(context, workspace.id, s, null);
  const structure = await readStructureNow(context, workspace.id);
  const unit = structure.units.find((u) => u.id === s.unitId);
  const url = new URL(request.url);
  const asked = Number(url.searchParams.get("year"));
  const year = Number.isInteger(asked) && asked >= 2000 && asked <= 2099 ? asked : financialYearOfDate(on);
  const det = s.frequency === "by_level" && s.unitId ? determinationOnDate(context.db, workspace.id, s.unitId, on) : null;
  return {
    workspaceId: workspace.id,
    today: on,
    year,
    created: url.searchParams.get("created") === "1",
    canSetUp: can(member, "review.setup"),
    series: { ...s, frequencyText: frequencyText(s) },
    unit: unit ? { id: unit.id, name: unit.name, isLine: unit.kind === "service_line" } : null,
    level: det ? { level: det.level, from: det.effectiveFrom, reason: det.reason } : null,
    meetings: listMeetings(context.db, workspace.id, { seriesId: s.id, year, includeCancelled: true }),
    log: listScheduleLog(context.db, workspace.id, s.id),
  };
}

const severityForm = z.object({
  severity: z.enum(SEVERITIES, { message: "Choose moderate or severe" }),
  reason: z.string().trim().min(5, "Give the reason for the severity, in a few words").max(1_000, "Keep the reason under 1,000 characters"),
});

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { workspace, member, user } = requireMember(request, context, params.workspaceId);
  requirePermission(member, "review.setup", "Only executives and administrators can change a series.");
  const s = getSeries(context.db, workspace.id, params.seriesId ?? "");
  if (!s) notFound("There is no review series with that address in this trust.");
  const values = Object.fromEntries([...(await request.formData()).entries()].map(([k, v]) => [k, String(v)]));
  const parsed = severityForm.safeParse(values);
  if (!parsed.success) return { ok: false as const, errors: fieldErrors(parsed.error) as FieldErrors };
  setSeverity(context.db, workspace.id, s.id, parsed.data.severity, parsed.data.reason, { id: user.id, name: user.name }, today());
  return { ok: true as const, message: `Severity recorded: ${SEVERITY_LABELS[parsed.data.severity].toLowerCase()}.` };
}

export default function SeriesPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const s = d.series;
  const replans = d.log.filter((e) => e.kind === "replanned");
  return (
    <>
      <ErrorSummary errors={result && !result.ok ? result.errors : undefined} />
      <p className="nhsuk-body-s">
        <Link to={`/w/${d.workspaceId}/reviews`}>All reviews</Link>
      </p>
      {d.created ? (
        <div className="nhsuk-inset-text" role="status">
          <p>The series is set up and its schedule generated.</p>
        </div>
      ) : null}
      {result?.ok ? (
        <div className="nhsuk-inset-text" role="status">
          <p>{result.message}</p>
        </div>
      ) : null}
      <h1>{s.name}</h1>
      <dl className="nhsuk-summary-list">
        {(
          [
            ["Kind", MEETING_KIND_LABELS[s.kind]],
            ["Tier", TIER_LABELS[s.tier]],
            ["Reviews", d.unit ? d.unit.name : "Trust-wide"],
            ["Chair", s.chairName],
            ["Secretary", s.secretaryName],
            ["Frequency", s.frequencyText],
            ["Quorum", `${s.quorum} of ${s.essentialAttendees.length} essential attendees`],
          ] as const
        ).map(([k, v]) => (
          <div className="nhsuk-summary-list__row" key={k}>
            <dt className="nhsuk-summary-list__key">{k}</dt>
            <dd className="nhsuk-summary-list__value" data-testid={`series-${k.toLowerCase()}`}>
              {v}
            </dd>
          </div>
        ))}
        {d.level ? (
          <div className="nhsuk-summary-list__row">
            <dt className="nhsuk-summary-list__key">Level in force</dt>
            <dd className="nhsuk-summary-list__value">
              Level {d.level.level} from {formatDate(d.level.from)}
              {d.unit?.isLine ? (
                <>
                  {" "}
                  · <Link to={`/w/${d.workspaceId}/lines/${d.unit.id}`}>the line's figures</Link>
                </>
              ) : null}
            </dd>
          </div>
        ) : null}
      </dl>
      <h2>Terms of reference: essential attendees</h2>
      <ul className="nhsuk-list nhsuk-list--bullet">
        {s.essentialAttendees.map((a) => (
          <li key={a.name}>
            {a.name}
            {a.role ? `, ${a.role}` : ""}
          </li>
        ))}
      </ul>
      <h2>Schedule for {formatFinancialYear(d.year)}</h2>
      <p className="nhsuk-body-s">
        <Link to={`?year=${d.year - 1}`}>{formatFinancialYear(d.year - 1)}</Link> · <Link to={`?year=${d.year + 1}`}>{formatFinancialYear(d.year + 1)}</Link>
      </p>
      <ScheduleTable workspaceId={d.workspaceId} today={d.today} meetings={d.meetings} testId="series-schedule" />
      <h2>How the schedule was planned</h2>
      {replans.length === 0 ? <p data-testid="no-replans">The schedule has not been re-planned.</p> : null}
      <table className="nhsuk-table" data-testid="schedule-log">
        <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">Schedule log</caption>
        <thead className="nhsuk-table__head">
          <tr>
            <th scope="col">When</th>
            <th scope="col">What</th>
            <th scope="col">Who</th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody className="nhsuk-table__body">
          {d.log.map((e) => (
            <tr key={e.id}>
              <td>{formatDate(new Date(e.at).toISOString())}</td>
              <td>
                {e.kind === "generated" ? `${formatFinancialYear(e.year)} generated: ${e.added.length} meeting${e.added.length === 1 ? "" : "s"}, ${CADENCE_LABELS[e.cadenceAfter].toLowerCase()}` : `${formatFinancialYear(e.year)} re-planned from ${formatDate(e.fromDate)}: ${CADENCE_LABELS[e.cadenceBefore ?? e.cadenceAfter].toLowerCase()} → ${CADENCE_LABELS[e.cadenceAfter].toLowerCase()}; ${e.added.length} added, ${e.cancelled.length} cancelled`}
              </td>
              <td>{e.actorName}</td>
              <td>{e.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {d.canSetUp && s.frequency === "by_level" ? (
        <Form method="post" noValidate>
          <h2>Severity at level 4</h2>
          <SelectField name="severity" label="Severity (ULHT §5.2: weekly or monthly depending on severity)" defaultValue={s.severity} error={result && !result.ok ? result.errors.severity : undefined}>
            {SEVERITIES.map((x) => (
              <option key={x} value={x}>
                {SEVERITY_LABELS[x]}
              </option>
            ))}
          </SelectField>
          <TextField name="reason" label="Reason" error={result && !result.ok ? result.errors.reason : undefined} />
          <button className="nhsuk-button nhsuk-button--secondary" type="submit" disabled={busy}>
            Record the severity
          </button>
        </Form>
      ) : null}
    </>
  );
}
