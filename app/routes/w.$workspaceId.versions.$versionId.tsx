import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { formatDate, parseDate } from "../../shared/format";
import { allowedNextSteps } from "../../shared/governance/lifecycle";
import { assessQuorum } from "../../shared/governance/quorum";
import { CAPACITY_LABELS, VERSIONED_DOC_LABELS, type VersionEventKind } from "../../shared/governance/types";
import { can } from "../../shared/roles";
import { getGovernanceSettings, listMeetings, versionContent } from "../../server/repositories/governance";
import { recordStep } from "../../server/governance/service";
import { ChangeList } from "../components/governance/ChangeList";
import { GovernanceNav } from "../components/governance/GovernanceNav";
import { BoardPackButton } from "../components/governance/BoardPackButton";
import { ErrorSummary, SelectField, TextField, type FieldErrors } from "../components/ui/forms";
import { requireMember, requirePermission } from "../utils/auth.server";
import { today } from "../utils/governance.server";
import { notFound } from "../utils/http";
import { changesBetween, draftContent, versionRows } from "../utils/versions.server";

const STEP_LABELS: Record<VersionEventKind, string> = {
  proposed: "Proposed",
  recommended: "Recommended by a committee",
  returned: "Returned with comments",
  approved: "Approved by Board resolution",
  chair_action: "Approved by Chair's urgent action",
  ratified: "Chair's action ratified by the Board",
  withdrawn: "Withdrawn",
};

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { workspace, member } = requireMember(request, context, params.workspaceId);
  const on = today();
  const rows = versionRows(context, workspace.id, on);
  const all = [...rows.structure, ...rows.delegation];
  const row = all.find((r) => r.version.id === params.versionId);
  if (!row) notFound("There is no version with that address in this trust.");
  const doc = row.version.doc;
  const siblings = rows[doc];
  const idx = siblings.indexOf(row);
  const previous = siblings.slice(idx + 1).find((r) => r.status !== "withdrawn") ?? null;
  const content = versionContent(context.db, workspace.id, row.version.id, doc)!;
  const prevContent = previous ? versionContent(context.db, workspace.id, previous.version.id, doc) : null;
  // Compare with the previous version (default), the live draft, or any other version of the same document.
  const asked = new URL(request.url).searchParams.get("compare") ?? "";
  const other = asked && asked !== "draft" ? siblings.find((r) => r.version.id === asked && r.version.id !== row.version.id) : undefined;
  const compare = asked === "draft" ? "draft" : other ? "other" : "previous";
  const otherContent = other ? versionContent(context.db, workspace.id, other.version.id, doc) : null;
  const changes =
    compare === "draft"
      ? changesBetween(doc, content as never, (await draftContent(context, workspace.id, doc)) as never)
      : compare === "other"
        ? // Older to newer, whichever way round they were asked.
          other!.version.createdAt < row.version.createdAt
          ? changesBetween(doc, otherContent as never, content as never)
          : changesBetween(doc, content as never, otherContent as never)
        : changesBetween(doc, prevContent as never, content as never);
  const meetings = listMeetings(context.db, workspace.id);
  const quorumRule = getGovernanceSettings(context.db, workspace.id).quorum;
  const canRecord = can(member, "governance.record");
  return {
    workspaceId: workspace.id,
    on,
    doc,
    docLabel: VERSIONED_DOC_LABELS[doc],
    version: {
      id: row.version.id,
      number: row.version.number,
      title: row.version.title,
      owner: row.version.owner,
      narrative: row.version.narrative,
      sha256: row.version.sha256,
      prevSha256: row.version.prevSha256,
      seq: row.version.seq,
      cover: row.version.cover,
      proposedEffectiveFrom: row.version.proposedEffectiveFrom,
      reviewBy: row.version.reviewBy,
      editors: row.version.editors,
      createdAt: row.version.createdAt,
    },
    status: row.status,
    statusLabel: row.statusLabel,
    resolution: row.resolution,
    effectiveFrom: row.state.effectiveFrom,
    reviewByApproved: row.state.reviewBy,
    overdue: row.overdue,
    events: row.events.map((e) => ({ ...e, label: STEP_LABELS[e.kind], meeting: meetings.find((m) => m.id === e.meetingId)?.title ?? null })),
    previous: previous ? { id: previous.version.id, number: previous.version.number } : null,
    compare,
    other: other ? { id: other.version.id, number: other.version.number, older: other.version.createdAt < row.version.createdAt } : null,
    siblings: siblings.filter((r) => r.version.id !== row.version.id).map((r) => ({ id: r.version.id, number: r.version.number, title: r.version.title })),
    changes,
    counts: doc === "delegation" ? { decisions: (content as { scheme: { decisions: unknown[] } }).scheme.decisions.length } : { units: (content as { units: unknown[] }).units.length },
    canRecord,
    next: canRecord ? allowedNextSteps(row.status, row.state.awaitingRatification).filter((k) => k !== "proposed") : [],
    meetings: canRecord
      ? meetings.map((m) => ({
          id: m.id,
          label: `${m.title}, ${formatDate(m.date)}`,
          date: m.date,
          attendance: m.attendance.filter((a) => a.present).map((a) => ({ id: a.memberId, name: a.name, capacity: CAPACITY_LABELS[a.capacity], voting: a.capacity !== "non_voting" })),
          quorate: assessQuorum(quorumRule, m.attendance, []).quorate,
        }))
      : [],
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { workspace, member, user } = requireMember(request, context, params.workspaceId);
  requirePermission(member, "governance.record", "Only the Board Secretary records committee recommendations and Board resolutions.");
  const form = await request.formData();
  const kind = String(form.get("kind") ?? "") as VersionEventKind;
  const text = (k: string) => String(form.get(k) ?? "").slice(0, 2000);
  const errors: FieldErrors = {};
  const dateOf = (k: string, required: boolean) => {
    const raw = text(k);
    if (!raw.trim()) {
      if (required) errors[k] = "Enter the date, for example 26 March 2026";
      return "";
    }
    const r = parseDate(raw);
    if (!r.ok) errors[k] = r.error;
    return r.ok ? r.value : "";
  };
  const needsMeeting = kind === "approved" || kind === "ratified";
  const date = needsMeeting ? "" : dateOf("date", true);
  const effectiveFrom = kind === "approved" || kind === "chair_action" ? dateOf("effectiveFrom", false) : "";
  const reviewBy = kind === "approved" || kind === "chair_action" ? dateOf("reviewBy", false) : "";
  if (Object.keys(errors).length) return { ok: false as const, errors, kind };
  const meeting = needsMeeting ? listMeetings(context.db, workspace.id).find((m) => m.id === text("meetingId")) : undefined;
  const result = recordStep(
    context.db,
    workspace.id,
    params.versionId!,
    {
      kind,
      date: meeting?.date ?? date,
      committee: text("committee"),
      meetingId: text("meetingId"),
      minuteRef: text("minuteRef"),
      outcome: text("outcome"),
      effectiveFrom,
      reviewBy,
      consulted: [text("consulted1"), text("consulted2")],
      conflicted: form.getAll("conflicted").map(String),
    },
    { id: user.id, name: user.name },
    today(),
  );
  if (!result.ok) {
    // An attempt to change what is settled (approving twice, returning an approved version) is
    // refused and logged, so the audit log shows it was tried.
    if (result.errors.kind) context.logger.warn({ workspace: workspace.id, by: user.id, version: params.versionId, kind, reason: result.errors.kind }, "refused a step on a version");
    return { ok: false as const, errors: result.errors as FieldErrors, kind };
  }
  context.logger.info({ workspace: workspace.id, by: user.id, version: params.versionId, kind }, "version step recorded");
  return { ok: true as const, message: `${STEP_LABELS[kind]}: recorded with your name.` };
}

function StepForm({ kind, d, errors }: { kind: VersionEventKind; d: ReturnType<typeof useLoaderData<typeof loader>>; errors?: FieldErrors }) {
  const busy = useNavigation().state === "submitting";
  const [meetingId, setMeetingId] = useState("");
  const meeting = d.meetings.find((m) => m.id === meetingId);
  return (
    <Form method="post" noValidate className="app-step-form" aria-label={STEP_LABELS[kind]}>
      <input type="hidden" name="kind" value={kind} />
      <fieldset className="nhsuk-fieldset">
        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{STEP_LABELS[kind]}</legend>
        {kind === "recommended" ? (
          <>
            <TextField name="committee" label="Committee" hint="For example the Audit Committee." error={errors?.committee} />
            <TextField name="date" label="Date of the meeting" className="nhsuk-input--width-10" error={errors?.date} />
            <TextField name="minuteRef" label="Minute reference" className="nhsuk-input--width-10" error={errors?.minuteRef} />
            <TextField name="outcome" label="Outcome" hint="Leave blank for: Recommended for approval." error={errors?.outcome} />
          </>
        ) : null}
        {kind === "returned" || kind === "withdrawn" ? (
          <>
            <TextField name="date" label="Date" className="nhsuk-input--width-10" error={errors?.date} />
            <TextField name="outcome" label={kind === "returned" ? "Comments it was returned with" : "Reason"} error={errors?.outcome} />
          </>
        ) : null}
        {kind === "approved" || kind === "ratified" ? (
          <>
            <SelectField name="meetingId" label="Board meeting" error={errors?.meetingId} value={meetingId} onChange={(e) => setMeetingId(e.currentTarget.value)} hint="Record the meeting and its attendance on the Board page first.">
              <option value="">Choose the meeting</option>
              {d.meetings.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.label}
                </option>
              ))}
            </SelectField>
            {meeting ? (
              <div className="nhsuk-form-group">
                <fieldset className="nhsuk-fieldset" aria-describedby="conflicts-hint">
                  <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Declared conflicts of interest for this item</legend>
                  <div className="nhsuk-hint" id="conflicts-hint">
                    Directors with a conflict do not count towards the quorum for this item.
                  </div>
                  <div className="nhsuk-checkboxes nhsuk-checkboxes--small">
                    {meeting.attendance
                      .filter((a) => a.voting)
                      .map((a) => (
                        <div className="nhsuk-checkboxes__item" key={a.id}>
                          <input className="nhsuk-checkboxes__input" id={`conf-${a.id}`} name="conflicted" type="checkbox" value={a.id} />
                          <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={`conf-${a.id}`}>
                            {a.name} ({a.capacity})
                          </label>
                        </div>
                      ))}
                  </div>
                </fieldset>
              </div>
            ) : null}
            <TextField name="minuteRef" label="Board minute reference" className="nhsuk-input--width-10" error={errors?.minuteRef} />
          </>
        ) : null}
        {kind === "chair_action" ? (
          <>
            <p className="nhsuk-body-s">The Chair and the Chief Executive may act urgently between meetings after consulting two non-executive directors; it stays flagged until a later Board meeting ratifies it.</p>
            <TextField name="date" label="Date of the Chair's action" className="nhsuk-input--width-10" error={errors?.date} />
            <TextField name="consulted1" label="First non-executive director consulted" error={errors?.consulted} />
            <TextField name="consulted2" label="Second non-executive director consulted" />
          </>
        ) : null}
        {kind === "approved" || kind === "chair_action" ? (
          <>
            <TextField name="effectiveFrom" label="In force from" hint={`Leave blank for the date proposed, ${formatDate(d.version.proposedEffectiveFrom)}.`} className="nhsuk-input--width-10" error={errors?.effectiveFrom} />
            <TextField name="reviewBy" label="Review by" hint={`Leave blank for ${formatDate(d.version.reviewBy)}; at most 12 months after it takes effect.`} className="nhsuk-input--width-10" error={errors?.reviewBy} />
          </>
        ) : null}
        <button className={`nhsuk-button ${kind === "withdrawn" || kind === "returned" ? "nhsuk-button--secondary" : ""}`} type="submit" disabled={busy}>
          Record: {STEP_LABELS[kind].toLowerCase()}
        </button>
      </fieldset>
    </Form>
  );
}

export default function VersionPage() {
  const d = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>();
  const errors = r && !r.ok ? r.errors : undefined;
  const base = `/w/${d.workspaceId}/versions/${d.version.id}`;
  return (
    <>
      {errors ? <ErrorSummary errors={errors} /> : null}
      {r?.ok ? (
        <div className="nhsuk-inset-text" role="status">
          <p>{r.message}</p>
        </div>
      ) : null}
      <GovernanceNav workspaceId={d.workspaceId} current="versions" />
      <span className="nhsuk-caption-l">{d.docLabel}</span>
      <h1>
        Version {d.version.number}: {d.version.title}
      </h1>
      <p className="nhsuk-body-l" data-testid="version-status">
        <strong className="nhsuk-tag">{d.statusLabel}</strong>
        {d.effectiveFrom ? ` In force from ${formatDate(d.effectiveFrom)}.` : ` Proposed to take effect from ${formatDate(d.version.proposedEffectiveFrom)}.`}
        {d.resolution ? ` ${d.resolution}.` : ""}
      </p>
      {d.overdue ? <p className="nhsuk-body app-overdue">Overdue for review: it was due for review by {formatDate(d.reviewByApproved!)}.</p> : null}
      <dl className="nhsuk-summary-list">
        {(
          [
            ["Owner", d.version.owner],
            ["What changed and why", d.version.narrative],
            ["Review by", formatDate(d.reviewByApproved ?? d.version.reviewBy)],
            ["Content", "decisions" in d.counts ? `${d.counts.decisions} decisions with their limits and the earned-autonomy rules` : `${d.counts.units} units`],
            ["Edited since the previous version by", d.version.editors.length ? d.version.editors.map((e) => `${e.name} (${e.updates} change${e.updates === 1 ? "" : "s"})`).join(", ") : "No one"],
            ["SHA-256", d.version.sha256],
            ["Previous version's SHA-256", d.version.prevSha256 ?? "None: the first version"],
          ] as const
        ).map(([k, v]) => (
          <div className="nhsuk-summary-list__row" key={k}>
            <dt className="nhsuk-summary-list__key">{k}</dt>
            <dd className="nhsuk-summary-list__value app-break">{v}</dd>
          </div>
        ))}
      </dl>
      <p className="nhsuk-body">
        <Link to={`/w/${d.workspaceId}/delegation/print?version=${d.version.id}`} hidden={d.doc !== "delegation"}>
          Read this version of the scheme in full (printable)
        </Link>
      </p>
      <BoardPackButton href={`${base}/pack`} />

      <h2 className="nhsuk-heading-m">Cover paper</h2>
      <dl className="nhsuk-summary-list">
        {(
          [
            ["Purpose", d.version.cover.purpose],
            ["Sponsor", d.version.cover.sponsor],
            ["Author", d.version.cover.author],
            ["Previously considered by", d.version.cover.previousConsideration || "None"],
            ["Recommendation", d.version.cover.recommendation],
          ] as const
        ).map(([k, v]) => (
          <div className="nhsuk-summary-list__row" key={k}>
            <dt className="nhsuk-summary-list__key">{k}</dt>
            <dd className="nhsuk-summary-list__value">{v}</dd>
          </div>
        ))}
      </dl>

      <h2 className="nhsuk-heading-m">History</h2>
      <ol className="app-timeline" data-testid="version-history">
        {d.events.map((e) => (
          <li key={e.id}>
            <strong>{e.label}</strong> on {formatDate(e.date)}
            {e.committee ? `, ${e.committee}` : ""}
            {e.meeting ? `, ${e.meeting}` : ""}
            {e.minuteRef ? ` (minute ${e.minuteRef})` : ""}
            {e.outcome ? `: ${e.outcome}` : ""}
            {e.effectiveFrom ? `. In force from ${formatDate(e.effectiveFrom)}` : ""}
            {e.consulted.length ? `. Consulted: ${e.consulted.join(" and ")}` : ""}
            {e.byName ? `. Recorded by ${e.byName}` : ""}.
          </li>
        ))}
      </ol>

      {d.canRecord && d.next.length ? (
        <>
          <h2 className="nhsuk-heading-m">Record the next step</h2>
          {d.next.map((k) => (
            <StepForm key={k} kind={k} d={d} errors={r && !r.ok && r.kind === k ? r.errors : undefined} />
          ))}
        </>
      ) : null}

      <h2 className="nhsuk-heading-m">
        {d.compare === "draft"
          ? "What the draft changes since this version"
          : d.other
            ? d.other.older
              ? `What it changes since version ${d.other.number}`
              : `What version ${d.other.number} changes since this one`
            : d.previous
              ? `What it changes since version ${d.previous.number}`
              : "What it changes"}
      </h2>
      <Form method="get" className="app-inline-form" aria-label="Compare with">
        <SelectField name="compare" label="Compare with" defaultValue={d.compare === "draft" ? "draft" : (d.other?.id ?? "")}>
          <option value="">{d.previous ? `The previous version (${d.previous.number})` : "The previous version"}</option>
          <option value="draft">The live draft</option>
          {d.siblings.map((s) => (
            <option key={s.id} value={s.id}>
              Version {s.number}: {s.title}
            </option>
          ))}
        </SelectField>
        <button className="nhsuk-button nhsuk-button--secondary" type="submit">
          Compare
        </button>
      </Form>
      {d.previous || d.compare !== "previous" ? <ChangeList changes={d.changes} caption={d.compare === "draft" ? "Draft changes" : "Changes"} /> : <p className="nhsuk-body">This is the first version.</p>}
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.docLabel} v${data.version.number} – Devolve` : "Version – Devolve" }];
