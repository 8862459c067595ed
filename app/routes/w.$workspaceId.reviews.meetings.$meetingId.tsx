import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import type { ActionLog } from "../../shared/collab/action-log-doc";
import { docAccess } from "../../shared/collab/registry";
import { formatDate } from "../../shared/format/dates";
import { ATTENDANCE, ATTENDANCE_LABELS, agendaInput, decisionInput, MEETING_KIND_LABELS, minutesInput, packInput, quoracy, RATING_LABELS, RATINGS, type AttendanceEntry } from "../../shared/reviews/model";
import { describePack, packDueDates, packState } from "../../shared/reviews/schedule";
import { getMeeting, getSeries, listAttendance, listDecisions, recordDecision, saveAttendance, updateMeeting } from "../../server/repositories/reviews";
import { listMembers } from "../../server/repositories/workspaces";
import { CollabHeader } from "../collab/CollabHeader";
import { useCollabScreen } from "../collab/useCollabScreen";
import { ActionLogPanel } from "../components/reviews/ActionLogPanel";
import { requireMember } from "../utils/auth.server";
import { readStructureNow } from "../utils/docs.server";
import { today } from "../utils/governance.server";
import { forbidden, notFound } from "../utils/http";
import { actionLogRef } from "../utils/reviews-view";
import { canRecordFor, syncActionLogMeta } from "../utils/reviews.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? "Review meeting"} – Devolve` }];

function load(context: LoaderFunctionArgs["context"], workspaceId: string, meetingId: string | undefined) {
  const m = getMeeting(context.db, workspaceId, meetingId ?? "");
  if (!m) notFound("There is no review meeting with that address in this trust.");
  const s = getSeries(context.db, workspaceId, m.seriesId)!;
  return { m, s };
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user, workspace, member } = requireMember(request, context, params.workspaceId);
  const { m, s } = load(context, workspace.id, params.meetingId);
  await syncActionLogMeta(context, workspace.id, s, null);
  const ref = actionLogRef(s.id);
  const structure = await readStructureNow(context, workspace.id);
  const unit = structure.units.find((u) => u.id === s.unitId) ?? null;
  const saved = listAttendance(context.db, workspace.id, m.id);
  // Before anyone records attendance, the terms of reference's essential attendees are listed.
  const attendance: AttendanceEntry[] = saved.length ? saved : s.essentialAttendees.map((a) => ({ ...a, essential: true, status: "absent" }));
  const relevant = structure.units.filter((u) => u.id === s.unitId || u.parentId === s.unitId || (!s.unitId && (u.kind === "division" || u.kind === "service_line")));
  const on = today();
  return {
    me: { id: user.id, name: user.name },
    workspaceId: workspace.id,
    today: on,
    title: `${s.name}, ${formatDate(m.date)}`,
    meeting: m,
    series: { id: s.id, name: s.name, kind: s.kind, quorum: s.quorum, chairName: s.chairName, secretaryName: s.secretaryName, unitId: s.unitId },
    unit: unit ? { id: unit.id, name: unit.name, isLine: unit.kind === "service_line" } : null,
    due: packDueDates(m.date),
    attendance,
    attendanceRecorded: saved.length > 0,
    decisions: listDecisions(context.db, workspace.id, { meetingId: m.id }),
    canRecord: canRecordFor(member, user.id, s),
    canWriteLog: docAccess(member, ref) === "write",
    ownLines: member.serviceLineIds,
    initialLog: await context.collab.read(workspace.id, ref),
    units: relevant.map((u) => ({ id: u.id, name: u.name })),
    people: listMembers(context.db, workspace.id).filter((p) => !p.deactivated).map((p) => ({ id: p.userId, name: p.name })),
  };
}

type Result = { ok: true; message: string } | { ok: false; form: string; error: string };
const firstError = (e: z.ZodError) => e.issues[0]?.message ?? "That was not understood";

export async function action({ request, context, params }: ActionFunctionArgs): Promise<Result> {
  const { user, workspace, member } = requireMember(request, context, params.workspaceId);
  const { m, s } = load(context, workspace.id, params.meetingId);
  if (!canRecordFor(member, user.id, s)) forbidden("Only the chair, the secretary or an executive can record this meeting.");
  const actor = { id: user.id, name: user.name };
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const values = Object.fromEntries([...form.entries()].filter(([k]) => !k.startsWith("att-")).map(([k, v]) => [k, String(v)]));
  const on = today();
  if (m.status === "cancelled") return { ok: false, form: intent, error: "This meeting was cancelled; it cannot be recorded." };
  if (intent === "pack") {
    const p = packInput.safeParse(values);
    if (!p.success) return { ok: false, form: intent, error: firstError(p.error) };
    for (const d of [p.data.packToUnitOn, p.data.packToInviteesOn]) if (d && d > on) return { ok: false, form: intent, error: "A pack cannot have been circulated on a date still to come." };
    updateMeeting(context.db, workspace.id, m.id, p.data, actor);
    return { ok: true, message: "Pack dates recorded." };
  }
  if (intent === "agenda") {
    const p = agendaInput.safeParse(values);
    if (!p.success) return { ok: false, form: intent, error: firstError(p.error) };
    updateMeeting(context.db, workspace.id, m.id, { agenda: p.data }, actor);
    return { ok: true, message: "Agenda saved." };
  }
  if (intent === "attendance") {
    const rows: AttendanceEntry[] = [];
    const count = Math.min(Number(form.get("count") ?? 0) || 0, 60);
    for (let i = 0; i < count; i++) {
      const name = String(form.get(`att-name-${i}`) ?? "").trim();
      const status = String(form.get(`att-status-${i}`) ?? "");
      if (!name) continue;
      if (!(ATTENDANCE as readonly string[]).includes(status)) return { ok: false, form: intent, error: `Say whether ${name} was present, sent apologies or was absent.` };
      if (name.length > 120) return { ok: false, form: intent, error: "Keep each name under 120 characters." };
      rows.push({ name, role: String(form.get(`att-role-${i}`) ?? "").trim().slice(0, 120), essential: form.get(`att-essential-${i}`) === "yes", status: status as AttendanceEntry["status"] });
    }
    const extra = String(form.get("att-new") ?? "").trim();
    if (extra) {
      const [name, ...role] = extra.split(",");
      rows.push({ name: name!.trim().slice(0, 120), role: role.join(",").trim().slice(0, 120), essential: false, status: "present" });
    }
    if (rows.length === 0) return { ok: false, form: intent, error: "Record at least one attendee." };
    saveAttendance(context.db, workspace.id, m.id, rows, actor);
    const q = quoracy(rows, s.quorum);
    return { ok: true, message: `Attendance recorded: ${q.present} present, ${q.quorate ? "quorate" : "not quorate"}.` };
  }
  if (intent === "minutes") {
    const p = minutesInput.safeParse(values);
    if (!p.success) return { ok: false, form: intent, error: firstError(p.error) };
    if (p.data.held === "yes" && m.date > on) return { ok: false, form: intent, error: `The meeting is on ${formatDate(m.date)}; it cannot be recorded as held before then.` };
    if (p.data.held === "yes" && !p.data.minutes.trim()) return { ok: false, form: intent, error: "Write the minutes before recording the meeting as held." };
    updateMeeting(context.db, workspace.id, m.id, { minutes: p.data.minutes, rating: p.data.rating ?? null, status: p.data.held === "yes" ? "held" : m.status }, actor);
    return { ok: true, message: p.data.held === "yes" ? "Minutes saved; the meeting is recorded as held." : "Minutes saved." };
  }
  if (intent === "decision") {
    const p = decisionInput.safeParse(values);
    if (!p.success) return { ok: false, form: intent, error: firstError(p.error) };
    recordDecision(context.db, workspace.id, m.id, { kind: "decision", unitId: p.data.unitId || null, summary: p.data.summary }, actor);
    return { ok: true, message: "Decision recorded." };
  }
  return { ok: false, form: intent, error: "That request was not understood." };
}

function Feedback({ result, form }: { result: Result | undefined; form: string }) {
  if (!result) return null;
  if (!result.ok && result.form === form)
    return (
      <p className="nhsuk-error-message" role="alert" data-testid={`${form}-error`}>
        {result.error}
      </p>
    );
  return null;
}

export default function MeetingPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const screen = useCollabScreen(d.workspaceId, actionLogRef(d.series.id), d.me);
  const m = d.meeting;
  const q = quoracy(d.attendance, d.series.quorum);
  const disabled = !d.canRecord || m.status === "cancelled";
  const packRow = (label: string, due: string, on: string | null, testId: string) => {
    const late = ["late", "overdue"].includes(packState(due, on, d.today));
    return (
      <div className="nhsuk-summary-list__row">
        <dt className="nhsuk-summary-list__key">{label}</dt>
        <dd className="nhsuk-summary-list__value" data-testid={testId}>
          {late ? <strong className="nhsuk-tag nhsuk-tag--red">Late</strong> : null} {describePack(due, on, d.today)}
        </dd>
      </div>
    );
  };
  return (
    <>
      <p className="nhsuk-body-s">
        <Link to={`/w/${d.workspaceId}/reviews`}>All reviews</Link> · <Link to={`/w/${d.workspaceId}/reviews/series/${d.series.id}`}>{d.series.name}</Link>
      </p>
      <CollabHeader title={d.title} screen={screen} readOnly={!d.canWriteLog} describe={(sel) => (sel.kind === "action" ? "an action" : undefined)} />
      <p className="nhsuk-body" data-testid="meeting-summary">
        {MEETING_KIND_LABELS[m.kind]} · {m.status === "held" ? "Held" : m.status === "cancelled" ? `Cancelled${m.cancelledReason ? `: ${m.cancelledReason}` : ""}` : "Scheduled"} · chaired by {d.series.chairName}
        {m.level ? ` · planned at level ${m.level}` : ""}
      </p>
      {result?.ok ? (
        <div className="nhsuk-inset-text" role="status">
          <p>{result.message}</p>
        </div>
      ) : null}

      <h2>Pack</h2>
      <dl className="nhsuk-summary-list">
        {packRow("To the unit (a week before)", d.due.unit, m.packToUnitOn, "pack-unit")}
        {packRow("To invitees (two working days before)", d.due.invitees, m.packToInviteesOn, "pack-invitees")}
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">Figures</dt>
          <dd className="nhsuk-summary-list__value">
            {d.unit?.isLine ? <Link to={`/w/${d.workspaceId}/lines/${d.unit.id}`}>{d.unit.name}: levels and figures</Link> : <Link to={`/w/${d.workspaceId}/report`}>Performance report</Link>}
            {m.packLink ? (
              <>
                {" "}
                · <a href={m.packLink}>The pack</a>
              </>
            ) : null}
          </dd>
        </div>
      </dl>
      {!disabled ? (
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="pack" />
          <Feedback result={result} form="pack" />
          <div className="nhsuk-form-group">
            <label className="nhsuk-label" htmlFor="packToUnitOn">
              Circulated to the unit on
            </label>
            <input className="nhsuk-input nhsuk-input--width-10" type="date" id="packToUnitOn" name="packToUnitOn" defaultValue={m.packToUnitOn ?? ""} />
          </div>
          <div className="nhsuk-form-group">
            <label className="nhsuk-label" htmlFor="packToInviteesOn">
              Circulated to invitees on
            </label>
            <input className="nhsuk-input nhsuk-input--width-10" type="date" id="packToInviteesOn" name="packToInviteesOn" defaultValue={m.packToInviteesOn ?? ""} />
          </div>
          <div className="nhsuk-form-group">
            <label className="nhsuk-label" htmlFor="packLink">
              Link to the pack
            </label>
            <input className="nhsuk-input" id="packLink" name="packLink" defaultValue={m.packLink} />
          </div>
          <button className="nhsuk-button nhsuk-button--secondary" type="submit" disabled={busy}>
            Save the pack dates
          </button>
        </Form>
      ) : null}

      <h2>Agenda</h2>
      <h3>Key lines of enquiry</h3>
      {m.agenda.kloe.length ? (
        <ul className="nhsuk-list nhsuk-list--bullet">
          {m.agenda.kloe.map((k) => (
            <li key={k}>{k}</li>
          ))}
        </ul>
      ) : (
        <p>None recorded.</p>
      )}
      <h3>Key risks</h3>
      {m.agenda.risks.length ? (
        <ul className="nhsuk-list nhsuk-list--bullet">
          {m.agenda.risks.map((k) => (
            <li key={k}>{k}</li>
          ))}
        </ul>
      ) : (
        <p>None recorded.</p>
      )}
      {!disabled ? (
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="agenda" />
          <Feedback result={result} form="agenda" />
          <div className="nhsuk-form-group">
            <label className="nhsuk-label" htmlFor="kloe">
              Key lines of enquiry, one a line
            </label>
            <textarea className="nhsuk-textarea" id="kloe" name="kloe" rows={3} defaultValue={m.agenda.kloe.join("\n")} />
          </div>
          <div className="nhsuk-form-group">
            <label className="nhsuk-label" htmlFor="risks">
              Key risks, one a line
            </label>
            <textarea className="nhsuk-textarea" id="risks" name="risks" rows={3} defaultValue={m.agenda.risks.join("\n")} />
          </div>
          <button className="nhsuk-button nhsuk-button--secondary" type="submit" disabled={busy}>
            Save the agenda
          </button>
        </Form>
      ) : null}

      <h2>Attendance</h2>
      <p data-testid="quoracy">
        {d.attendanceRecorded ? (
          <>
            {q.present} present; {q.essentialPresent} of {d.series.quorum} essential attendees needed for quorum: <strong className={`nhsuk-tag ${q.quorate ? "nhsuk-tag--green" : "nhsuk-tag--red"}`}>{q.quorate ? "Quorate" : "Not quorate"}</strong>
          </>
        ) : (
          `Not yet recorded. The terms of reference need ${d.series.quorum} essential attendees present.`
        )}
      </p>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="attendance" />
        <input type="hidden" name="count" value={d.attendance.length} />
        <Feedback result={result} form="attendance" />
        <table className="nhsuk-table" data-testid="attendance">
          <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">Attendance</caption>
          <thead className="nhsuk-table__head">
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Essential</th>
              <th scope="col">Attendance</th>
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {d.attendance.map((a, i) => (
              <tr key={`${a.name}-${i}`}>
                <th scope="row">
                  {a.name}
                  <input type="hidden" name={`att-name-${i}`} value={a.name} />
                  <input type="hidden" name={`att-role-${i}`} value={a.role} />
                  <input type="hidden" name={`att-essential-${i}`} value={a.essential ? "yes" : "no"} />
                </th>
                <td>{a.role}</td>
                <td>{a.essential ? "Yes" : "No"}</td>
                <td>
                  <label className="nhsuk-u-visually-hidden" htmlFor={`att-status-${i}`}>
                    Attendance of {a.name}
                  </label>
                  <select className="nhsuk-select" id={`att-status-${i}`} name={`att-status-${i}`} defaultValue={d.attendanceRecorded ? a.status : ""} disabled={disabled}>
                    <option value="">Not recorded</option>
                    {ATTENDANCE.map((s) => (
                      <option key={s} value={s}>
                        {ATTENDANCE_LABELS[s]}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {!disabled ? (
          <>
            <div className="nhsuk-form-group">
              <label className="nhsuk-label" htmlFor="att-new">
                Someone else present (name, role)
              </label>
              <input className="nhsuk-input" id="att-new" name="att-new" />
            </div>
            <button className="nhsuk-button nhsuk-button--secondary" type="submit" disabled={busy}>
              Save the attendance
            </button>
          </>
        ) : null}
      </Form>

      <h2>Rating and minutes</h2>
      <p data-testid="rating">{m.rating ? RATING_LABELS[m.rating] : "Not yet rated."}</p>
      {m.minutes ? (
        <div className="nhsuk-inset-text" data-testid="minutes">
          {m.minutes.split(/\n+/).map((p, i) => (
            <p key={i}>{p}</p>
          ))}
        </div>
      ) : null}
      {!disabled ? (
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="minutes" />
          <Feedback result={result} form="minutes" />
          <div className="nhsuk-form-group">
            <label className="nhsuk-label" htmlFor="rating-select">
              Assurance rating
            </label>
            <select className="nhsuk-select" id="rating-select" name="rating" defaultValue={m.rating ?? ""}>
              <option value="">Not rated</option>
              {RATINGS.map((r) => (
                <option key={r} value={r}>
                  {RATING_LABELS[r]}
                </option>
              ))}
            </select>
          </div>
          <div className="nhsuk-form-group">
            <label className="nhsuk-label" htmlFor="minutes-text">
              Minutes
            </label>
            <textarea className="nhsuk-textarea" id="minutes-text" name="minutes" rows={6} defaultValue={m.minutes} />
          </div>
          <div className="nhsuk-form-group">
            <label className="nhsuk-label" htmlFor="held">
              Held
            </label>
            <select className="nhsuk-select" id="held" name="held" defaultValue={m.status === "held" ? "yes" : "no"}>
              <option value="yes">Yes: record the meeting as held</option>
              <option value="no">Not yet: save a draft</option>
            </select>
          </div>
          <button className="nhsuk-button" type="submit" disabled={busy}>
            Save the minutes
          </button>
        </Form>
      ) : null}

      <h2>Decisions</h2>
      {d.decisions.length ? (
        <ol className="nhsuk-list nhsuk-list--number" data-testid="decisions">
          {d.decisions.map((x) => (
            <li key={x.id}>
              {x.summary} <span className="nhsuk-body-s">({x.recordedByName})</span>
            </li>
          ))}
        </ol>
      ) : (
        <p>No decisions recorded.</p>
      )}
      {!disabled ? (
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="decision" />
          <Feedback result={result} form="decision" />
          <div className="nhsuk-form-group">
            <label className="nhsuk-label" htmlFor="decision-summary">
              Decision
            </label>
            <textarea className="nhsuk-textarea" id="decision-summary" name="summary" rows={2} />
          </div>
          <button className="nhsuk-button nhsuk-button--secondary" type="submit" disabled={busy}>
            Record the decision
          </button>
        </Form>
      ) : null}

      <ActionLogPanel
        screen={screen}
        initial={d.initialLog as ActionLog}
        me={d.me}
        meetingId={m.id}
        meetingDate={m.date}
        today={d.today}
        writeAll={d.canRecord}
        readOnly={!d.canWriteLog}
        ownLines={d.ownLines}
        units={d.units}
        defaultUnitId={d.series.unitId ?? ""}
        people={d.people}
      />
    </>
  );
}
