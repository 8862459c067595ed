import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { formatDate, formatMonth } from "../../shared/format";
import { checkAgreement, defaultEffectiveFrom } from "../../shared/governance/agreed-levels";
import { STAGE_LABELS } from "../../shared/escalation/rules";
import { getMeeting, listAttendance, listMeetings } from "../../server/repositories/reviews";
import { LevelBadge } from "../components/autonomy/LevelBadge";
import { ErrorSummary, TextField, type FieldErrors } from "../components/ui/forms";
import autonomyCss from "../styles/autonomy.css?url";
import { requireMember, requirePermission } from "../utils/auth.server";
import { recommendedLevels } from "../utils/autonomy.server";
import { escalationsNow, executivesOn, recordAgreement } from "../utils/escalation.server";
import { today } from "../utils/governance.server";
import { notFound } from "../utils/http";

/**
 * Recording the levels the executive team agreed at an accountability review (issue 13; ULHT §6:
 * "an accountability review for all services, which will occur every six months, at which is agreed
 * the level of escalation and autonomy"). The figures' level is shown as the recommendation; what is
 * agreed becomes the determination the scheme's limits use (docs/decisions/049).
 */

export const links: LinksFunction = () => [{ rel: "stylesheet", href: autonomyCss }];
export const meta: MetaFunction = () => [{ title: "Agree levels at the accountability review – Devolve" }];

async function page(context: LoaderFunctionArgs["context"], workspaceId: string, meetingId: string | null) {
  const on = today();
  const meeting = meetingId ? getMeeting(context.db, workspaceId, meetingId) : null;
  if (meetingId && (!meeting || meeting.kind !== "accountability_review")) return null;
  const { lines, computed } = await recommendedLevels(context, workspaceId);
  const escalations = (await escalationsNow(context, workspaceId)).filter((e) => e.view.stage !== "closed");
  const meetingDate = meeting?.date ?? on;
  const present = meeting ? listAttendance(context.db, workspaceId, meeting.id).filter((a) => a.status === "present").map((a) => a.name) : [];
  const reviews = listMeetings(context.db, workspaceId, { kind: "accountability_review", to: on }).map((m) => ({ id: m.id, date: m.date }));
  return {
    workspaceId,
    today: on,
    meeting: meeting ? { id: meeting.id, date: meeting.date } : null,
    reviews,
    executives: executivesOn(context, workspaceId, meetingDate),
    presentDefault: present,
    effectiveDefault: defaultEffectiveFrom(meetingDate),
    lines: lines.map((l) => {
      const c = computed.find((x) => x.unitId === l.unitId);
      const esc = escalations.find((e) => e.unitId === l.unitId);
      return {
        unitId: l.unitId,
        name: l.name,
        divisionName: l.divisionName,
        inForce: l.inForce?.level ?? null,
        recommended: c?.level ?? null,
        month: c?.month ?? null,
        escalation: esc ? STAGE_LABELS[esc.view.stage] : null,
      };
    }),
  };
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { workspace, member } = requireMember(request, context, params.workspaceId);
  requirePermission(member, "autonomy.override", "Only administrators and executives can record the levels agreed at an accountability review.");
  const meetingId = new URL(request.url).searchParams.get("meeting");
  const data = await page(context, workspace.id, meetingId);
  if (!data) notFound("There is no accountability review with that address. Choose one from the list of reviews.");
  return data;
}

type ActionResult = { ok: false; errors: FieldErrors; values: Record<string, string>; present: string[] } | { ok: true; message: string };

export async function action({ request, context, params }: ActionFunctionArgs): Promise<ActionResult> {
  const { workspace, member, user } = requireMember(request, context, params.workspaceId);
  requirePermission(member, "autonomy.override", "Only administrators and executives can record the levels agreed at an accountability review.");
  const form = await request.formData();
  const str = (k: string) => {
    const v = form.get(k);
    return typeof v === "string" ? v : "";
  };
  const meetingId = str("meeting") || null;
  const data = await page(context, workspace.id, meetingId);
  if (!data) return { ok: false, errors: { meeting: "There is no accountability review with that address" }, values: {}, present: [] };
  const lines: Record<string, { level: string; rationale: string }> = {};
  for (const [k, v] of form.entries()) {
    const m = /^level-(.+)$/.exec(k);
    if (m && typeof v === "string") lines[m[1]!] = { level: v, rationale: str(`rationale-${m[1]}`) };
  }
  const present = form.getAll("present").filter((p): p is string => typeof p === "string");
  // A recorded meeting fixes the date: the levels were agreed there, not on a date typed beside it.
  const meetingDate = data.meeting?.date ?? str("meetingDate");
  const executives = executivesOn(context, workspace.id, /^\d{4}-\d{2}-\d{2}$/.test(meetingDate) ? meetingDate : data.today);
  const r = checkAgreement(
    { meetingDate, effectiveFrom: str("effectiveFrom"), minuteRef: str("minuteRef"), present, lines },
    { today: data.today, executives, serviceLines: data.lines.map((l) => ({ unitId: l.unitId, name: l.name, recommended: l.recommended })) },
  );
  const values = Object.fromEntries([...form.entries()].filter((e): e is [string, string] => typeof e[1] === "string"));
  if (!r.ok) return { ok: false, errors: r.errors, values, present };
  const { changed } = await recordAgreement(context, workspace.id, { id: user.id, name: user.name }, r.agreement, data.meeting?.id ?? null);
  context.logger.info({ workspace: workspace.id, by: user.id, lines: r.agreement.lines.length, from: r.agreement.effectiveFrom }, "levels agreed at accountability review");
  return {
    ok: true,
    message: `Levels agreed at the accountability review on ${formatDate(r.agreement.meetingDate)} recorded for ${r.agreement.lines.length} service lines, in force from ${formatDate(r.agreement.effectiveFrom)} (${changed} changed). Who decides? and the authority check use them from that date.`,
  };
}

export default function AgreeLevels() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors = result && !result.ok ? result.errors : undefined;
  const values = result && !result.ok ? result.values : undefined;
  const present = new Set(result && !result.ok ? result.present : d.presentDefault);
  return (
    <>
      <nav className="nhsuk-breadcrumb" aria-label="Breadcrumb">
        <ol className="nhsuk-breadcrumb__list">
          <li className="nhsuk-breadcrumb__item">
            <Link className="nhsuk-breadcrumb__link" to={`/w/${d.workspaceId}/autonomy`}>
              Earned autonomy
            </Link>
          </li>
        </ol>
      </nav>
      <h1>Agree levels at the accountability review</h1>
      {result?.ok ? (
        <div className="nhsuk-inset-text" role="status" data-testid="agree-result">
          <p>{result.message}</p>
        </div>
      ) : null}
      <ErrorSummary errors={errors} />
      <p className="nhsuk-lede-text">
        Every six months the executive team agrees each service line&apos;s level of autonomy and escalation. The figures&apos; level is the recommendation; where you agree a different
        level, say why. The agreed level is what the scheme&apos;s limits use from the date it takes effect.
      </p>
      {d.reviews.length > 0 && !d.meeting ? (
        <p>
          Recorded accountability reviews:{" "}
          {d.reviews.map((m, i) => (
            <span key={m.id}>
              {i > 0 ? ", " : ""}
              <Link to={`?meeting=${encodeURIComponent(m.id)}`}>{formatDate(m.date)}</Link>
            </span>
          ))}
          .
        </p>
      ) : null}
      <Form method="post" noValidate>
        {d.meeting ? (
          <>
            <input type="hidden" name="meeting" value={d.meeting.id} />
            <p data-testid="agree-meeting">
              The accountability review on <strong>{formatDate(d.meeting.date)}</strong>.
            </p>
          </>
        ) : (
          <TextField name="meetingDate" label="Date of the accountability review" hint="For example, 17 September 2026" defaultValue={values?.meetingDate ?? ""} error={errors?.meetingDate} />
        )}
        <TextField name="effectiveFrom" label="Levels take effect from" hint={`Usually the first of the next month, for example ${formatDate(d.effectiveDefault)}`} defaultValue={values?.effectiveFrom ?? ""} error={errors?.effectiveFrom} />
        <TextField name="minuteRef" label="Minute reference (optional)" defaultValue={values?.minuteRef ?? ""} error={errors?.minuteRef} />
        <div className={"nhsuk-form-group" + (errors?.present ? " nhsuk-form-group--error" : "")}>
          <fieldset className="nhsuk-fieldset" aria-describedby={errors?.present ? "present-error" : undefined}>
            <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Executive directors present</legend>
            {errors?.present ? (
              <span className="nhsuk-error-message" id="present-error">
                <span className="nhsuk-u-visually-hidden">Error:</span> {errors.present}
              </span>
            ) : null}
            <div className="nhsuk-checkboxes">
              {d.executives.map((e, i) => (
                <div className="nhsuk-checkboxes__item" key={e.name}>
                  <input className="nhsuk-checkboxes__input" id={`present-${i}`} name="present" type="checkbox" value={e.name} defaultChecked={present.has(e.name)} />
                  <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={`present-${i}`}>
                    {e.name}, {e.title}
                  </label>
                </div>
              ))}
            </div>
          </fieldset>
        </div>
        <table className="nhsuk-table" data-testid="agree-table">
          <caption className="nhsuk-table__caption">Levels by service line</caption>
          <thead>
            <tr>
              <th scope="col">Service line</th>
              <th scope="col">In force now</th>
              <th scope="col">Recommended by the figures</th>
              <th scope="col">Escalation</th>
              <th scope="col">Agreed level</th>
              <th scope="col">Rationale (needed where it differs from the recommendation)</th>
            </tr>
          </thead>
          <tbody>
            {d.lines.map((l) => (
              <tr key={l.unitId} data-testid={`agree-${l.unitId}`}>
                <th scope="row">
                  {l.name}
                  {l.divisionName ? <div className="nhsuk-body-s nhsuk-u-margin-bottom-0">{l.divisionName}</div> : null}
                </th>
                <td>{l.inForce ? <LevelBadge level={l.inForce} /> : "None yet"}</td>
                <td>
                  {l.recommended ? <LevelBadge level={l.recommended} /> : "No figures"}
                  {l.month ? <div className="nhsuk-body-s nhsuk-u-margin-bottom-0">Figures to {formatMonth(l.month)}</div> : null}
                </td>
                <td>{l.escalation ?? "None"}</td>
                <td>
                  <div className={"nhsuk-form-group nhsuk-u-margin-bottom-0" + (errors?.[`level-${l.unitId}`] ? " nhsuk-form-group--error" : "")}>
                    <label className="nhsuk-label nhsuk-u-visually-hidden" htmlFor={`level-${l.unitId}`}>
                      Agreed level for {l.name}
                    </label>
                    {errors?.[`level-${l.unitId}`] ? (
                      <span className="nhsuk-error-message" id={`level-${l.unitId}-error`}>
                        {errors[`level-${l.unitId}`]}
                      </span>
                    ) : null}
                    <select className="nhsuk-select" id={`level-${l.unitId}`} name={`level-${l.unitId}`} defaultValue={values?.[`level-${l.unitId}`] ?? String(l.recommended ?? l.inForce ?? 3)}>
                      {[1, 2, 3, 4].map((n) => (
                        <option key={n} value={n}>
                          Level {n}
                        </option>
                      ))}
                    </select>
                  </div>
                </td>
                <td>
                  <div className={"nhsuk-form-group nhsuk-u-margin-bottom-0" + (errors?.[`rationale-${l.unitId}`] ? " nhsuk-form-group--error" : "")}>
                    <label className="nhsuk-label nhsuk-u-visually-hidden" htmlFor={`rationale-${l.unitId}`}>
                      Rationale for {l.name}
                    </label>
                    {errors?.[`rationale-${l.unitId}`] ? (
                      <span className="nhsuk-error-message" id={`rationale-${l.unitId}-error`}>
                        {errors[`rationale-${l.unitId}`]}
                      </span>
                    ) : null}
                    <textarea className="nhsuk-textarea" id={`rationale-${l.unitId}`} name={`rationale-${l.unitId}`} rows={2} defaultValue={values?.[`rationale-${l.unitId}`] ?? ""} />
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="submit" className="nhsuk-button" disabled={busy}>
          {busy ? "Recording…" : "Record the agreed levels"}
        </button>
      </Form>
    </>
  );
}
