import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { addMonths, formatDate, formatMonth, parseDate } from "../../shared/format";
import { EXECUTIVE_OPTION_LABELS, EXECUTIVE_OPTIONS, STAGE_LABELS, SUSTAINED_MONTHS, type EscalationEventKind, type ExecutiveOption } from "../../shared/escalation/rules";
import { can } from "../../shared/roles";
import { addEscalationEvent, openEscalation } from "../../server/repositories/escalations";
import { ErrorSummary, SelectField, TextField, type FieldErrors } from "../components/ui/forms";
import { requireMember } from "../utils/auth.server";
import { recommendedLevels, serviceLinesOf } from "../utils/autonomy.server";
import { escalationsNow } from "../utils/escalation.server";
import { today } from "../utils/governance.server";
import { forbidden } from "../utils/http";

/**
 * Escalations between accountability reviews (issue 13; ULHT §4, §6): a significant deterioration
 * needs an action plan within 10 working days; a line that reaches its next review without one goes
 * to the Finance, Performance and Estates Committee through the Director of Finance; the executive
 * team decides what further action is needed (support, an audit, special measures); the Director of
 * Finance de-escalates once performance is sustained. Where each stands is derived from its dated
 * events (shared/escalation/rules.ts); nothing is edited or deleted.
 */

export const meta: MetaFunction = () => [{ title: "Escalations – Devolve" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { workspace, member } = requireMember(request, context, params.workspaceId);
  const show = new URL(request.url).searchParams.get("show") === "closed" ? "closed" : "open";
  const [rows, lines] = await Promise.all([escalationsNow(context, workspace.id), serviceLinesOf(context, workspace.id)]);
  const name = new Map(lines.map((l) => [l.unit.id, l.unit.name]));
  const list = rows
    .filter((r) => (show === "closed" ? r.view.stage === "closed" : r.view.stage !== "closed"))
    .map((r) => ({
      id: r.id,
      unitId: r.unitId,
      lineName: name.get(r.unitId) ?? "A service line no longer in the structure",
      openedOn: r.openedOn,
      month: r.month,
      detail: r.detail,
      levelBefore: r.levelBefore,
      stage: r.view.stage,
      stageLabel: STAGE_LABELS[r.view.stage],
      headline: r.view.headline,
      planDue: r.view.planDue,
      nextMeeting: r.view.nextMeeting,
      monthsRecovered: r.view.monthsRecovered,
      events: r.events.map((e) => ({ ...e, optionLabel: e.option ? EXECUTIVE_OPTION_LABELS[e.option] : null })),
      canPlan: can(member, "escalation.plan", { unitId: r.unitId }),
    }));
  return {
    workspaceId: workspace.id,
    today: today(),
    show,
    openCount: rows.filter((r) => r.view.stage !== "closed").length,
    closedCount: rows.filter((r) => r.view.stage === "closed").length,
    list,
    canManage: can(member, "escalation.manage"),
    lines: lines.map((l) => ({ id: l.unit.id, name: l.unit.name })),
  };
}

type ActionResult = { ok: false; id: string; errors: FieldErrors } | { ok: true; id: string; message: string };

const KINDS: Record<string, EscalationEventKind> = { plan: "plan_submitted", progress: "progress", escalate: "escalated", decision: "executive_decision", deescalate: "deescalated" };

export async function action({ request, context, params }: ActionFunctionArgs): Promise<ActionResult> {
  const { workspace, member, user } = requireMember(request, context, params.workspaceId);
  const form = await request.formData();
  const str = (k: string) => {
    const v = form.get(k);
    return typeof v === "string" ? v.trim() : "";
  };
  const intent = str("intent");
  const on = today();
  const actor = { id: user.id, name: user.name };

  if (intent === "open") {
    if (!can(member, "escalation.manage")) forbidden("Only administrators and executives can open an escalation.");
    const lines = await serviceLinesOf(context, workspace.id);
    const line = lines.find((l) => l.unit.id === str("unitId"));
    const detail = str("detail");
    const errors: FieldErrors = {};
    if (!line) errors.unitId = "Choose the service line";
    if (!detail) errors.detail = "Describe the deterioration: what has gone wrong, and in which figures";
    else if (detail.length > 2000) errors.detail = "The description must be 2,000 characters or fewer";
    if (Object.keys(errors).length > 0) return { ok: false, id: "open", errors };
    const open = (await escalationsNow(context, workspace.id)).find((e) => e.unitId === line!.unit.id && e.view.stage !== "closed");
    if (open) return { ok: false, id: "open", errors: { unitId: `${line!.unit.name} already has an open escalation, opened on ${formatDate(open.openedOn)}` } };
    const { histories } = await recommendedLevels(context, workspace.id, [line!.unit.id]);
    const last = histories.get(line!.unit.id)?.at(-1);
    const id = openEscalation(context.db, workspace.id, { unitId: line!.unit.id, openedOn: on, month: last?.month ?? addMonths(on.slice(0, 7), -1), trigger: "level_fall", detail, levelBefore: last?.level ?? 3 }, actor);
    return { ok: true, id: "open", message: `Escalation ${id} opened for ${line!.unit.name}. An action plan is due within 10 working days.` };
  }

  const kind = KINDS[intent];
  if (!kind) throw new Response("Unknown action", { status: 400 });
  const id = Number(str("escalationId"));
  const all = await escalationsNow(context, workspace.id);
  const e = Number.isInteger(id) ? all.find((x) => x.id === id) : undefined;
  // Another trust's escalation, or none: the same answer, so ids reveal nothing.
  if (!e) throw new Response("There is no such escalation.", { status: 404 });
  const key = String(e.id);
  const manager = can(member, "escalation.manage");
  if (kind === "plan_submitted" || kind === "progress") {
    if (!can(member, "escalation.plan", { unitId: e.unitId })) forbidden("Only the service line's own people, editors and executives can record its action plan.");
  } else if (!manager) forbidden("Only administrators and executives can escalate, record the executive team's decision or de-escalate.");

  const errors: FieldErrors = {};
  let date = on;
  if (str("date")) {
    const r = parseDate(str("date"));
    if (!r.ok) errors.date = r.error;
    else date = r.value;
  }
  if (!errors.date && date > on) errors.date = "The date cannot be in the future";
  else if (!errors.date && date < e.openedOn) errors.date = `The date cannot be before the escalation was opened on ${formatDate(e.openedOn)}`;
  const note = str("note");
  if (note.length > 4000) errors.note = "The note must be 4,000 characters or fewer";
  let option: ExecutiveOption | null = null;
  const stage = e.view.stage;
  if (stage === "closed") errors.form = "This escalation has been de-escalated: open a new one if performance deteriorates again";
  else if (kind === "plan_submitted") {
    if (!note) errors.note = "Summarise the action plan, or link to it";
    if (e.view.planSubmittedOn) errors.form = `An action plan was recorded on ${formatDate(e.view.planSubmittedOn)}: record its progress instead`;
  } else if (kind === "progress") {
    if (!note) errors.note = "Describe the progress";
  } else if (kind === "escalated") {
    if (e.view.escalatedOn) errors.form = `Already escalated on ${formatDate(e.view.escalatedOn)}`;
  } else if (kind === "executive_decision") {
    const o = str("option");
    if (!(EXECUTIVE_OPTIONS as readonly string[]).includes(o)) errors.option = "Choose what the executive team decided";
    else option = o as ExecutiveOption;
    if (!e.view.escalatedOn) errors.form = "The executive team decides further action once the line has been escalated to the committee";
  } else if (kind === "deescalated") {
    if (stage !== "ready_to_close") {
      errors.form = `Not yet sustained: the line has been back at level ${e.levelBefore} or better for ${e.view.monthsRecovered} of ${SUSTAINED_MONTHS} consecutive months`;
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, id: key, errors };
  addEscalationEvent(context.db, workspace.id, e.id, { kind, date, note, option }, actor);
  const words: Record<EscalationEventKind, string> = {
    plan_submitted: "Action plan recorded",
    progress: "Progress recorded",
    escalated: "Escalated to the Finance, Performance and Estates Committee",
    executive_decision: `Executive team's decision recorded: ${option ? EXECUTIVE_OPTION_LABELS[option].toLowerCase() : ""}`,
    deescalated: "De-escalated",
  };
  return { ok: true, id: key, message: `${words[kind]} on ${formatDate(date)}.` };
}

function EventForm({ id, intent, label, button, result, withOption, dateDefault }: { id: number; intent: string; label: string; button: string; result: ActionResult | undefined; withOption?: boolean; dateDefault: string }) {
  const mine = result && !result.ok && result.id === String(id) ? result.errors : undefined;
  return (
    <details className="nhsuk-details">
      <summary className="nhsuk-details__summary">
        <span className="nhsuk-details__summary-text">{button}</span>
      </summary>
      <div className="nhsuk-details__text">
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value={intent} />
          <input type="hidden" name="escalationId" value={id} />
          {withOption ? (
            <SelectField name="option" id={`option-${intent}-${id}`} label="What the executive team decided" error={mine?.option}>
              <option value="">Choose…</option>
              {EXECUTIVE_OPTIONS.map((o) => (
                <option key={o} value={o}>
                  {EXECUTIVE_OPTION_LABELS[o]}
                </option>
              ))}
            </SelectField>
          ) : null}
          <TextField name="date" id={`date-${intent}-${id}`} label="Date" hint={`For example, ${formatDate(dateDefault)}. Leave blank for today.`} error={mine?.date} />
          <div className={"nhsuk-form-group" + (mine?.note ? " nhsuk-form-group--error" : "")}>
            <label className="nhsuk-label" htmlFor={`note-${intent}-${id}`}>
              {label}
            </label>
            {mine?.note ? (
              <span className="nhsuk-error-message" id={`note-${intent}-${id}-error`}>
                {mine.note}
              </span>
            ) : null}
            <textarea className="nhsuk-textarea" id={`note-${intent}-${id}`} name="note" rows={3} />
          </div>
          <button type="submit" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small">
            {button}
          </button>
        </Form>
      </div>
    </details>
  );
}

export default function Escalations() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const formErrors = result && !result.ok ? result.errors : undefined;
  return (
    <>
      <h1>Escalations</h1>
      <p className="nhsuk-lede-text">
        A significant deterioration — a worse level recommended by the figures, or a special-cause concern on a key indicator — needs an action plan within 10 working days. A line
        that reaches its next review without one is escalated to the Finance, Performance and Estates Committee through the Director of Finance, and the executive team decides what
        further action is needed. A line is de-escalated after {SUSTAINED_MONTHS} consecutive months back at its level.
      </p>
      <p>
        <Link to={`/w/${d.workspaceId}/escalations/paper`}>Summary paper for the Finance, Performance and Estates Committee</Link>
      </p>
      {result?.ok ? (
        <div className="nhsuk-inset-text" role="status" data-testid="escalation-result">
          <p>{result.message}</p>
        </div>
      ) : null}
      <ErrorSummary errors={formErrors} />
      <nav aria-label="Which escalations" className="nhsuk-u-margin-bottom-4">
        {d.show === "open" ? <strong>Open ({d.openCount})</strong> : <Link to="?show=open">Open ({d.openCount})</Link>}
        {" · "}
        {d.show === "closed" ? <strong>De-escalated ({d.closedCount})</strong> : <Link to="?show=closed">De-escalated ({d.closedCount})</Link>}
      </nav>
      {d.list.length === 0 ? <p>{d.show === "open" ? "No service line is escalated." : "No escalation has been closed yet."}</p> : null}
      {d.list.map((e) => (
        <section key={e.id} className="nhsuk-card" aria-labelledby={`esc-${e.id}`} data-testid={`escalation-${e.unitId}`}>
          <div className="nhsuk-card__content">
            <h2 className="nhsuk-card__heading nhsuk-heading-m" id={`esc-${e.id}`}>
              <Link to={`/w/${d.workspaceId}/lines/${e.unitId}`}>{e.lineName}</Link>: {e.stageLabel}
            </h2>
            <p data-testid="escalation-headline">{e.headline}</p>
            <dl className="nhsuk-summary-list">
              <div className="nhsuk-summary-list__row">
                <dt className="nhsuk-summary-list__key">Opened</dt>
                <dd className="nhsuk-summary-list__value">
                  {formatDate(e.openedOn)}, on the figures for {formatMonth(e.month)}. {e.detail}
                </dd>
              </div>
              <div className="nhsuk-summary-list__row">
                <dt className="nhsuk-summary-list__key">Action plan due</dt>
                <dd className="nhsuk-summary-list__value">{formatDate(e.planDue)}</dd>
              </div>
              <div className="nhsuk-summary-list__row">
                <dt className="nhsuk-summary-list__key">Next review</dt>
                <dd className="nhsuk-summary-list__value">{e.nextMeeting ? formatDate(e.nextMeeting) : "None scheduled"}</dd>
              </div>
              <div className="nhsuk-summary-list__row">
                <dt className="nhsuk-summary-list__key">Recovery</dt>
                <dd className="nhsuk-summary-list__value">
                  {e.monthsRecovered} of {SUSTAINED_MONTHS} consecutive months back at level {e.levelBefore} or better
                </dd>
              </div>
            </dl>
            {e.events.length > 0 ? (
              <table className="nhsuk-table">
                <caption className="nhsuk-table__caption nhsuk-table__caption--s">What has happened</caption>
                <thead>
                  <tr>
                    <th scope="col">Date</th>
                    <th scope="col">What</th>
                    <th scope="col">By</th>
                  </tr>
                </thead>
                <tbody>
                  {e.events.map((ev) => (
                    <tr key={ev.id}>
                      <td>{formatDate(ev.date)}</td>
                      <td>
                        <strong>{EVENT_LABELS[ev.kind]}</strong>
                        {ev.optionLabel ? `: ${ev.optionLabel}` : ""}
                        {ev.note ? <div>{ev.note}</div> : null}
                      </td>
                      <td>{ev.byName}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
            {e.stage !== "closed" && !busy ? (
              <>
                {e.canPlan && !e.events.some((ev) => ev.kind === "plan_submitted") ? <EventForm id={e.id} intent="plan" label="The action plan (a summary or a link)" button="Record the action plan" result={result} dateDefault={d.today} /> : null}
                {e.canPlan ? <EventForm id={e.id} intent="progress" label="Progress" button="Record progress" result={result} dateDefault={d.today} /> : null}
                {d.canManage && !e.events.some((ev) => ev.kind === "escalated") ? <EventForm id={e.id} intent="escalate" label="Note for the committee (optional)" button="Escalate to the committee" result={result} dateDefault={d.today} /> : null}
                {d.canManage && e.events.some((ev) => ev.kind === "escalated") ? <EventForm id={e.id} intent="decision" label="Note (optional)" button="Record the executive team's decision" result={result} withOption dateDefault={d.today} /> : null}
                {d.canManage && e.stage === "ready_to_close" ? <EventForm id={e.id} intent="deescalate" label="Note (optional)" button="De-escalate" result={result} dateDefault={d.today} /> : null}
              </>
            ) : null}
          </div>
        </section>
      ))}
      {d.canManage ? (
        <section aria-labelledby="open-heading">
          <h2 id="open-heading">Open an escalation</h2>
          <p>Deteriorations in the figures open one automatically when the figures are accepted. Open one here for a concern the figures do not show.</p>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="open" />
            <SelectField name="unitId" label="Service line" error={result && !result.ok && result.id === "open" ? result.errors.unitId : undefined}>
              <option value="">Choose…</option>
              {d.lines.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.name}
                </option>
              ))}
            </SelectField>
            <TextField name="detail" label="What has deteriorated" error={result && !result.ok && result.id === "open" ? result.errors.detail : undefined} />
            <button type="submit" className="nhsuk-button nhsuk-button--secondary">
              Open the escalation
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}

const EVENT_LABELS: Record<EscalationEventKind, string> = {
  plan_submitted: "Action plan recorded",
  progress: "Progress",
  escalated: "Escalated to the Finance, Performance and Estates Committee",
  executive_decision: "Executive team's decision",
  deescalated: "De-escalated",
};
