import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useOutlet } from "@remix-run/react";
import { z } from "zod";
import { formatDate, parseDate } from "../../shared/format/dates";
import { describeQuorumRule, validateQuorumRule } from "../../shared/governance/quorum";
import { CAPACITIES, CAPACITY_LABELS, type Attendance, type BoardMember, type QuorumRule } from "../../shared/governance/types";
import { can } from "../../shared/roles";
import { addBoardMember, addMeeting, endBoardMember, getGovernanceSettings, listBoardMembers, listMeetings, setGovernanceSettings } from "../../server/repositories/governance";
import { GovernanceNav } from "../components/governance/GovernanceNav";
import { ErrorSummary, SelectField, TextField, type FieldErrors, fieldErrors } from "../components/ui/forms";
import { requireMember, requirePermission } from "../utils/auth.server";
import { today } from "../utils/governance.server";

/**
 * The Board: its directors and attendees with their capacity, the quorum rule from the standing
 * orders, and its meetings with attendance. Issue 11: "Board meetings: date, public or private part,
 * attendance with capacity (Chair, Vice-Chair, non-executive director, executive director, non-voting
 * attendee) … a configurable quorum rule (demo: 6 of 12 voting directors, including the Chair or
 * Vice-Chair, at least 2 non-executive and 2 executive directors)". A resolution is only valid at a
 * quorate meeting, so what is recorded here is what an approval is checked against
 * (server/governance/service.ts recordStep). Every member may read; the Board Secretary records
 * ("governance.record", shared/roles/roles.ts).
 */

function inOffice(members: readonly BoardMember[], date: string): BoardMember[] {
  return members.filter((m) => m.from <= date && (m.to === null || date <= m.to));
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { workspace, member } = requireMember(request, context, params.workspaceId);
  const canRecord = can(member, "governance.record");
  const members = listBoardMembers(context.db, workspace.id);
  const { quorum } = getGovernanceSettings(context.db, workspace.id);
  const meetings = listMeetings(context.db, workspace.id).map((m) => ({
    id: m.id,
    title: m.title,
    date: m.date,
    part: m.part,
    present: m.attendance.filter((a) => a.present).length,
    votingPresent: m.attendance.filter((a) => a.present && a.capacity !== "non_voting").length,
    votingInOffice: m.attendance.filter((a) => a.capacity !== "non_voting").length,
  }));
  const now = today();
  // Recording a meeting takes two steps: the date first (a GET, so the page can list who was in
  // office on that day), then attendance. Who may attend depends on the date: terms start and end.
  const dateText = new URL(request.url).searchParams.get("meetingDate") ?? "";
  let meetingDate: { text: string; iso: string | null; error: string | null } = { text: dateText, iso: null, error: null };
  if (canRecord && dateText.trim()) {
    const r = parseDate(dateText);
    if (!r.ok) meetingDate.error = r.error;
    else if (r.value > now) meetingDate.error = "The meeting date cannot be in the future: record a meeting once it has taken place";
    else meetingDate = { text: dateText, iso: r.value, error: null };
  }
  const attendees = meetingDate.iso ? inOffice(members, meetingDate.iso).map((m) => ({ id: m.id, name: m.name, title: m.title, capacity: m.capacity })) : [];
  return {
    workspaceId: workspace.id,
    canRecord,
    today: now,
    members,
    quorum,
    quorumText: describeQuorumRule(quorum),
    meetings,
    meetingDate,
    attendees,
  };
}

const capacitySchema = z.enum(CAPACITIES, { errorMap: () => ({ message: "Choose the member's capacity" }) });

const MemberForm = z.object({
  name: z.string().trim().min(1, "Enter the member's full name").max(120, "The name must be 120 characters or fewer"),
  title: z.string().trim().min(1, "Enter their title, for example Director of Finance").max(160, "The title must be 160 characters or fewer"),
  capacity: capacitySchema,
});

const MeetingForm = z.object({
  title: z.string().trim().min(1, "Enter the meeting's title, for example Board of Directors (meeting in public)").max(160, "The title must be 160 characters or fewer"),
  part: z.enum(["public", "private"], { errorMap: () => ({ message: "Choose whether this was the meeting in public or in private" }) }),
});

type Values = Record<string, string>;
type ActionResult = { ok: false; intent: string; errors: FieldErrors; values: Values } | { ok: true; intent: string; message: string; meetingId?: string };

/** A required date written the UK way; sets the field's error and returns null when it is not one. */
function requiredDate(text: string, field: string, errors: FieldErrors, what: string): string | null {
  if (!text.trim()) {
    errors[field] = `Enter ${what}, for example 1 April 2026`;
    return null;
  }
  const r = parseDate(text);
  if (!r.ok) {
    errors[field] = r.error;
    return null;
  }
  return r.value;
}

/** A whole number typed into a quorum field; NaN (which validateQuorumRule reports) when it is not one. */
function wholeNumber(text: string): number {
  return /^\s*\d{1,3}\s*$/.test(text) ? Number(text) : Number.NaN;
}

export async function action({ request, context, params }: ActionFunctionArgs): Promise<ActionResult> {
  const { workspace, member, user } = requireMember(request, context, params.workspaceId);
  requirePermission(member, "governance.record", "Only the Board Secretary or an administrator can record the Board's members, quorum and meetings.");
  const actor = { id: user.id, name: user.name };
  const form = await request.formData();
  const str = (k: string) => String(form.get(k) ?? "");
  const intent = str("intent");
  const members = listBoardMembers(context.db, workspace.id);
  const now = today();

  if (intent === "quorum") {
    const values = { minVoting: str("minVoting"), votingDirectors: str("votingDirectors"), minNonExecutive: str("minNonExecutive"), minExecutive: str("minExecutive") };
    const rule: QuorumRule = {
      minVoting: wholeNumber(values.minVoting),
      votingDirectors: wholeNumber(values.votingDirectors),
      requireChairOrViceChair: form.get("requireChairOrViceChair") === "on",
      minNonExecutive: wholeNumber(values.minNonExecutive),
      minExecutive: wholeNumber(values.minExecutive),
    };
    const problems = validateQuorumRule(rule);
    if (problems.length) {
      // The rule's sentences are about the rule as a whole; the summary lists each one.
      const errors: FieldErrors = {};
      problems.forEach((p, i) => (errors[i === 0 ? "minVoting" : `quorum-${i}`] = p));
      return { ok: false, intent, errors, values };
    }
    const settings = getGovernanceSettings(context.db, workspace.id);
    setGovernanceSettings(context.db, workspace.id, { quorum: rule, foundationTrust: settings.foundationTrust }, actor);
    return { ok: true, intent, message: `Quorum rule saved: ${describeQuorumRule(rule)}.` };
  }

  if (intent === "addMember") {
    const values = { name: str("name"), title: str("title"), capacity: str("capacity"), from: str("from"), to: str("to") };
    const parsed = MemberForm.safeParse(values);
    const errors: FieldErrors = parsed.success ? {} : fieldErrors(parsed.error);
    const from = requiredDate(values.from, "from", errors, "the date their term began");
    let to: string | null = null;
    if (values.to.trim()) {
      const r = parseDate(values.to);
      if (!r.ok) errors.to = r.error;
      else if (from && r.value < from) errors.to = "The end of the term cannot be before its start";
      else to = r.value;
    }
    if (!parsed.success || Object.keys(errors).length) return { ok: false, intent, errors, values };
    addBoardMember(context.db, workspace.id, { ...parsed.data, from: from!, to }, actor);
    return { ok: true, intent, message: `${parsed.data.name} added to the Board as ${CAPACITY_LABELS[parsed.data.capacity].toLowerCase()} from ${formatDate(from!)}.` };
  }

  if (intent === "endMember") {
    const id = str("memberId");
    const values = { memberId: id, [`to-${id}`]: str("to") };
    const target = members.find((m) => m.id === id);
    if (!target) return { ok: false, intent, errors: { form: "That member is not on this Board." }, values };
    if (target.to) return { ok: false, intent, errors: { form: `${target.name}'s term already ended on ${formatDate(target.to)}.` }, values };
    const errors: FieldErrors = {};
    const to = requiredDate(str("to"), `to-${id}`, errors, `the last day of ${target.name}'s term`);
    if (to && to < target.from) errors[`to-${id}`] = `The term cannot end before it began (${formatDate(target.from)})`;
    if (Object.keys(errors).length) return { ok: false, intent, errors, values };
    endBoardMember(context.db, workspace.id, id, to!, actor);
    return { ok: true, intent, message: `${target.name}'s term on the Board ends on ${formatDate(to!)}.` };
  }

  if (intent === "meeting") {
    const values = { title: str("title"), part: str("part"), date: str("date") };
    const parsed = MeetingForm.safeParse(values);
    const errors: FieldErrors = parsed.success ? {} : fieldErrors(parsed.error);
    const date = requiredDate(values.date, "date", errors, "the meeting date");
    if (date && date > now) errors.date = "The meeting date cannot be in the future: record a meeting once it has taken place";
    const office = date ? inOffice(members, date) : [];
    const present = new Set(form.getAll("present").map(String));
    if (date && !errors.date) {
      if (office.length === 0) errors.date = `Nobody was a member of the Board on ${formatDate(date)}; add the members first`;
      else if ([...present].some((p) => !office.some((m) => m.id === p))) errors.present = "Choose who was present from the members in office on the meeting date";
      else if (present.size === 0) errors.present = "Choose who was present";
    }
    if (!parsed.success || Object.keys(errors).length) return { ok: false, intent, errors, values };
    const attendance: Attendance[] = office.map((m) => ({ memberId: m.id, name: m.name, capacity: m.capacity, present: present.has(m.id) }));
    const meeting = addMeeting(context.db, workspace.id, { title: parsed.data.title, date: date!, part: parsed.data.part, attendance }, actor);
    return { ok: true, intent, message: `${parsed.data.title} on ${formatDate(date!)} recorded, with ${present.size} present.`, meetingId: meeting.id };
  }

  return { ok: false, intent, errors: { form: "Choose what to record and try again." }, values: {} };
}

const PART_LABELS = { public: "Meeting in public", private: "Meeting in private" } as const;

export default function Board() {
  // One meeting (w.$workspaceId.governance.board.$meetingId.tsx) is this route's child by its file
  // name; it has a page of its own, so when it matches it is shown instead of the Board's page.
  const outlet = useOutlet();
  if (outlet) return outlet;
  return <BoardPage />;
}

function BoardPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const failed = result && !result.ok ? result : null;
  const err = (intent: string, field: string) => (failed?.intent === intent ? failed.errors[field] : undefined);
  const val = (intent: string, field: string) => (failed?.intent === intent ? failed.values[field] : undefined);
  const base = `/w/${d.workspaceId}/governance/board`;
  const dateErrors: FieldErrors = d.meetingDate.error ? { meetingDate: d.meetingDate.error } : {};
  return (
    <>
      <GovernanceNav workspaceId={d.workspaceId} current="board" />
      {failed ? <ErrorSummary errors={failed.errors} /> : <ErrorSummary errors={dateErrors} />}
      {result?.ok ? (
        <div className="nhsuk-inset-text" role="status">
          <p>
            {result.message}
            {result.meetingId ? (
              <>
                {" "}
                <Link to={`${base}/${result.meetingId}`}>See the meeting and its quorum</Link>.
              </>
            ) : null}
          </p>
        </div>
      ) : null}
      <h1>The Board</h1>
      <p className="nhsuk-body-l">Who sits on the Board, in which capacity, the quorum its standing orders set, and its meetings. Versions of the structure and the scheme are approved by a resolution at a quorate meeting.</p>

      <h2 id="members">Directors and attendees</h2>
      <table className="nhsuk-table">
        <caption className="nhsuk-table__caption">Board members, with their capacity and term</caption>
        <thead className="nhsuk-table__head">
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Title</th>
            <th scope="col">Capacity</th>
            <th scope="col">From</th>
            <th scope="col">To</th>
            {d.canRecord ? <th scope="col">End term</th> : null}
          </tr>
        </thead>
        <tbody className="nhsuk-table__body">
          {d.members.map((m) => (
            <tr key={m.id}>
              <td>{m.name}</td>
              <td>{m.title}</td>
              <td>{CAPACITY_LABELS[m.capacity]}</td>
              <td>{formatDate(m.from)}</td>
              <td>{m.to ? formatDate(m.to) : "In office"}</td>
              {d.canRecord ? (
                <td>
                  {m.to ? null : (
                    <details className="nhsuk-details nhsuk-u-margin-bottom-0" open={Boolean(err("endMember", `to-${m.id}`))}>
                      <summary className="nhsuk-details__summary">
                        <span className="nhsuk-details__summary-text">
                          End term<span className="nhsuk-u-visually-hidden"> of {m.name}</span>
                        </span>
                      </summary>
                      <div className="nhsuk-details__text">
                        <Form method="post" noValidate>
                          <input type="hidden" name="intent" value="endMember" />
                          <input type="hidden" name="memberId" value={m.id} />
                          <TextField
                            name="to"
                            id={`to-${m.id}`}
                            label={`Last day of ${m.name}'s term`}
                            hint="For example 31 March 2027"
                            autoComplete="off"
                            defaultValue={val("endMember", `to-${m.id}`)}
                            error={err("endMember", `to-${m.id}`)}
                          />
                          <button className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" type="submit" disabled={busy}>
                            End term<span className="nhsuk-u-visually-hidden"> of {m.name}</span>
                          </button>
                        </Form>
                      </div>
                    </details>
                  )}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
      {d.members.length === 0 ? <p>No Board members have been recorded yet.</p> : null}

      {d.canRecord ? (
        <details className="nhsuk-details" open={failed?.intent === "addMember"}>
          <summary className="nhsuk-details__summary">
            <span className="nhsuk-details__summary-text">Add a member of the Board</span>
          </summary>
          <div className="nhsuk-details__text">
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="addMember" />
              <TextField name="name" label="Full name" autoComplete="off" defaultValue={val("addMember", "name")} error={err("addMember", "name")} />
              <TextField name="title" label="Title" hint="For example Director of Finance, or Board Secretary" autoComplete="off" defaultValue={val("addMember", "title")} error={err("addMember", "title")} />
              <SelectField name="capacity" label="Capacity" hint="The Board Secretary and other attendees who do not vote are non-voting attendees." defaultValue={val("addMember", "capacity") || "non_executive"} error={err("addMember", "capacity")}>
                {CAPACITIES.map((c) => (
                  <option key={c} value={c}>
                    {CAPACITY_LABELS[c]}
                  </option>
                ))}
              </SelectField>
              <TextField name="from" label="Term began" hint="For example 1 April 2026" autoComplete="off" defaultValue={val("addMember", "from")} error={err("addMember", "from")} />
              <TextField name="to" label="Term ends (optional)" hint="Leave blank while they are in office" autoComplete="off" defaultValue={val("addMember", "to")} error={err("addMember", "to")} />
              <button className="nhsuk-button" type="submit" disabled={busy}>
                Add member
              </button>
            </Form>
          </div>
        </details>
      ) : null}

      <h2 id="quorum">Quorum</h2>
      <p>
        The quorum is <strong>{d.quorumText}</strong>. Non-voting attendees never count, and a director who declares a conflict of interest for an item does not count towards its quorum.
      </p>
      {d.canRecord ? (
        <details className="nhsuk-details" open={failed?.intent === "quorum"}>
          <summary className="nhsuk-details__summary">
            <span className="nhsuk-details__summary-text">Change the quorum rule</span>
          </summary>
          <div className="nhsuk-details__text">
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="quorum" />
              {failed?.intent === "quorum"
                ? Object.entries(failed.errors)
                    .filter(([k]) => k.startsWith("quorum-"))
                    .map(([k, m]) => (
                      <p key={k} id={k} className="nhsuk-error-message">
                        <span className="nhsuk-u-visually-hidden">Error:</span> {m}
                      </p>
                    ))
                : null}
              <TextField name="votingDirectors" label="Voting directors on the Board" inputMode="numeric" className="nhsuk-input--width-3" defaultValue={val("quorum", "votingDirectors") ?? String(d.quorum.votingDirectors)} />
              <TextField name="minVoting" label="Voting directors needed for a quorum" inputMode="numeric" className="nhsuk-input--width-3" defaultValue={val("quorum", "minVoting") ?? String(d.quorum.minVoting)} error={err("quorum", "minVoting")} />
              <TextField name="minNonExecutive" label="Of whom non-executive directors, at least" hint="The Chair and Vice-Chair count as non-executive directors." inputMode="numeric" className="nhsuk-input--width-3" defaultValue={val("quorum", "minNonExecutive") ?? String(d.quorum.minNonExecutive)} />
              <TextField name="minExecutive" label="Of whom executive directors, at least" inputMode="numeric" className="nhsuk-input--width-3" defaultValue={val("quorum", "minExecutive") ?? String(d.quorum.minExecutive)} />
              <div className="nhsuk-checkboxes nhsuk-u-margin-bottom-4">
                <div className="nhsuk-checkboxes__item">
                  <input className="nhsuk-checkboxes__input" id="requireChairOrViceChair" name="requireChairOrViceChair" type="checkbox" defaultChecked={d.quorum.requireChairOrViceChair} />
                  <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor="requireChairOrViceChair">
                    The Chair or the Vice-Chair must be present
                  </label>
                </div>
              </div>
              <button className="nhsuk-button" type="submit" disabled={busy}>
                Save quorum rule
              </button>
            </Form>
          </div>
        </details>
      ) : null}

      <h2 id="meetings">Meetings</h2>
      {d.meetings.length ? (
        <table className="nhsuk-table">
          <caption className="nhsuk-table__caption">Board meetings, newest first</caption>
          <thead className="nhsuk-table__head">
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Meeting</th>
              <th scope="col">Part</th>
              <th scope="col">Present</th>
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {d.meetings.map((m) => (
              <tr key={m.id}>
                <td>
                  <Link to={`${base}/${m.id}`}>{formatDate(m.date)}</Link>
                </td>
                <td>{m.title}</td>
                <td>{PART_LABELS[m.part]}</td>
                <td>
                  {m.present} present, {m.votingPresent} of {m.votingInOffice} voting directors
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>No Board meetings have been recorded yet.</p>
      )}

      {d.canRecord ? (
        <>
          <h2 id="record-meeting">Record a meeting</h2>
          <p>First give the date of the meeting, so that the list shows the members in office that day.</p>
          <Form method="get" action="#record-meeting" noValidate aria-label="Choose the meeting date">
            <TextField name="meetingDate" label="Date of the meeting" hint="For example 26 March 2026. It cannot be in the future." autoComplete="off" defaultValue={d.meetingDate.text} error={d.meetingDate.error ?? undefined} />
            <button className="nhsuk-button nhsuk-button--secondary" type="submit">
              Choose date
            </button>
          </Form>
          {d.meetingDate.iso ? (
            <Form method="post" noValidate aria-label={`Record the meeting of ${formatDate(d.meetingDate.iso)}`}>
              <input type="hidden" name="intent" value="meeting" />
              <input type="hidden" name="date" value={d.meetingDate.iso} />
              <p className="nhsuk-body-l">Meeting of {formatDate(d.meetingDate.iso)}</p>
              <TextField name="title" label="Title" autoComplete="off" defaultValue={val("meeting", "title") ?? "Board of Directors (meeting in public)"} error={err("meeting", "title")} />
              <div className={"nhsuk-form-group" + (err("meeting", "part") ? " nhsuk-form-group--error" : "")}>
                <fieldset className="nhsuk-fieldset" id="part">
                  <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Part</legend>
                  {err("meeting", "part") ? <span className="nhsuk-error-message">{err("meeting", "part")}</span> : null}
                  <div className="nhsuk-radios nhsuk-radios--inline">
                    {(["public", "private"] as const).map((p) => (
                      <div className="nhsuk-radios__item" key={p}>
                        <input className="nhsuk-radios__input" id={`part-${p}`} name="part" type="radio" value={p} defaultChecked={(val("meeting", "part") || "public") === p} />
                        <label className="nhsuk-label nhsuk-radios__label" htmlFor={`part-${p}`}>
                          {PART_LABELS[p]}
                        </label>
                      </div>
                    ))}
                  </div>
                </fieldset>
              </div>
              <div className={"nhsuk-form-group" + (err("meeting", "present") || err("meeting", "date") ? " nhsuk-form-group--error" : "")}>
                <fieldset className="nhsuk-fieldset" id="present" aria-describedby="present-hint">
                  <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Who was present</legend>
                  <div className="nhsuk-hint" id="present-hint">
                    The members in office on {formatDate(d.meetingDate.iso)}, with their capacity.
                  </div>
                  {err("meeting", "present") ? <span className="nhsuk-error-message">{err("meeting", "present")}</span> : null}
                  {err("meeting", "date") ? (
                    <span className="nhsuk-error-message" id="date">
                      {err("meeting", "date")}
                    </span>
                  ) : null}
                  {d.attendees.length ? (
                    <div className="nhsuk-checkboxes nhsuk-checkboxes--small">
                      {d.attendees.map((a) => (
                        <div className="nhsuk-checkboxes__item" key={a.id}>
                          <input className="nhsuk-checkboxes__input" id={`present-${a.id}`} name="present" type="checkbox" value={a.id} />
                          <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={`present-${a.id}`}>
                            {a.name}, {a.title} <span className="nhsuk-body-s">({CAPACITY_LABELS[a.capacity]})</span>
                          </label>
                        </div>
                      ))}
                    </div>
                  ) : (
                    <p>Nobody was a member of the Board on that date.</p>
                  )}
                </fieldset>
              </div>
              <button className="nhsuk-button" type="submit" disabled={busy || d.attendees.length === 0}>
                Record meeting
              </button>
            </Form>
          ) : null}
        </>
      ) : null}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "The Board – Devolve" }];
