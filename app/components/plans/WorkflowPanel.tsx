import { Form, useNavigation } from "@remix-run/react";
import { formatDate } from "../../../shared/format/dates";
import { EVENT_LABELS, lateNote, PLAN_STATUS_LABELS, SIGNATORIES, SIGNATORY_LABELS, type PlanEvent, type PlanState } from "../../../shared/plans/workflow";

interface Props {
  state: PlanState;
  events: readonly PlanEvent[];
  canDraft: boolean;
  isExecutive: boolean;
  /** Why the plan cannot be agreed now, from the live document. */
  blockers: readonly string[];
  submitBlockers: readonly string[];
  error?: string | null;
}

/** Where the plan stands, who has agreed it, and the next step for the person looking. */
export function WorkflowPanel({ state, events, canDraft, isExecutive, blockers, submitBlockers, error }: Props) {
  const nav = useNavigation();
  const busy = nav.state !== "idle";
  const step = (kind: string, label: string, extra?: { capacity?: string; secondary?: boolean }) => (
    <Form method="post" className="app-inline-form" key={kind + (extra?.capacity ?? "")}>
      <input type="hidden" name="kind" value={kind} />
      {extra?.capacity ? <input type="hidden" name="capacity" value={extra.capacity} /> : null}
      <button type="submit" className={"nhsuk-button nhsuk-button--small" + (extra?.secondary ? " nhsuk-button--secondary" : "")} disabled={busy}>
        {label}
      </button>
    </Form>
  );
  const s = state.status;
  return (
    <section className="app-plan-workflow nhsuk-card" aria-labelledby="workflow-h">
      <div className="nhsuk-card__content">
        <h2 className="nhsuk-heading-m" id="workflow-h">
          Status: <span data-testid="plan-status">{PLAN_STATUS_LABELS[s]}</span>
          {state.version > 0 ? <span className="nhsuk-u-font-size-19"> · version {state.version}</span> : null}
        </h2>
        {error ? (
          <div className="nhsuk-error-summary" role="alert" tabIndex={-1}>
            <h3 className="nhsuk-error-summary__title">That step was not recorded</h3>
            <p className="nhsuk-error-summary__body" data-testid="step-error">
              {error}
            </p>
          </div>
        ) : null}
        {state.late.map((e) => (
          <p key={e.id}>
            <strong className="nhsuk-tag nhsuk-tag--red">Late</strong> {lateNote(e)} (Monitor's SLM framework Part 2 §3: plans agreed before the year starts).
          </p>
        ))}
        {s === "reconciling" || s === "agreed" ? (
          <ul className="nhsuk-list">
            {SIGNATORIES.map((c) => (
              <li key={c}>
                {SIGNATORY_LABELS[c]}: {state.signed[c] ? <strong>agreed by {state.signed[c]!.actorName} on {formatDate(state.signed[c]!.onDate)}</strong> : "not yet"}
              </li>
            ))}
          </ul>
        ) : null}
        {s === "drafting" && submitBlockers.length ? (
          <div className="nhsuk-inset-text">
            <p>Before it can be submitted:</p>
            <ul>
              {submitBlockers.map((b) => (
                <li key={b}>{b}</li>
              ))}
            </ul>
          </div>
        ) : null}
        {s === "reconciling" && blockers.length ? (
          <div className="nhsuk-inset-text" data-testid="blockers">
            <p>Before it can be agreed:</p>
            <ul>
              {blockers.map((b) => (
                <li key={b}>{b}</li>
              ))}
            </ul>
          </div>
        ) : null}
        <div className="app-button-row">
          {s === "drafting" && canDraft ? step("submitted", "Submit the plan") : null}
          {s === "submitted" && isExecutive ? step("reconciling", "Open reconciliation") : null}
          {s === "reconciling" && canDraft ? SIGNATORIES.filter((c) => !state.signed[c]).map((c) => step("signed", `Agree as ${SIGNATORY_LABELS[c].toLowerCase()}`, { capacity: c })) : null}
          {s === "agreed" && isExecutive ? step("division_approved", "Record divisional approval") : null}
          {s === "division_approved" && isExecutive ? step("executive_approved", "Record executive approval") : null}
          {s === "executive_approved" && isExecutive ? (
            // Named like a version's approval: the Board meeting and its minute (decision 042).
            <Form method="post" className="app-board-resolution" key="board_approved">
              <input type="hidden" name="kind" value="board_approved" />
              <div className="nhsuk-form-group">
                <label className="nhsuk-label" htmlFor="board-meeting">
                  Date of the Board meeting
                </label>
                <div className="nhsuk-hint" id="board-meeting-hint">
                  For example, 25 March 2027
                </div>
                <input className="nhsuk-input nhsuk-input--width-10" id="board-meeting" name="meeting" aria-describedby="board-meeting-hint" autoComplete="off" required />
              </div>
              <div className="nhsuk-form-group">
                <label className="nhsuk-label" htmlFor="board-minute">
                  Minute reference of the resolution
                </label>
                <div className="nhsuk-hint" id="board-minute-hint">
                  For example, TB 27/031
                </div>
                <input className="nhsuk-input nhsuk-input--width-10" id="board-minute" name="minute" aria-describedby="board-minute-hint" autoComplete="off" required />
              </div>
              <button type="submit" className="nhsuk-button nhsuk-button--small" disabled={busy}>
                Record Board approval
              </button>
            </Form>
          ) : null}
          {s === "board_approved" && isExecutive ? step("live", "Make the plan live") : null}
          {s === "live" && isExecutive ? step("refreshed", "Refresh for the quarter (new version)") : null}
          {(s === "submitted" || s === "reconciling" || s === "agreed") && isExecutive ? step("returned", "Return to the line", { secondary: true }) : null}
        </div>
        {events.length ? (
          <details className="nhsuk-details">
            <summary className="nhsuk-details__summary">
              <span className="nhsuk-details__summary-text">History ({events.length})</span>
            </summary>
            <div className="nhsuk-details__text">
              <ol className="nhsuk-list">
                {events.map((e) => (
                  <li key={e.id}>
                    {formatDate(e.onDate)}: {EVENT_LABELS[e.kind]}
                    {e.capacity ? ` as ${SIGNATORY_LABELS[e.capacity].toLowerCase()}` : ""} by {e.actorName}
                    {e.note ? ` — ${e.note}` : ""}
                  </li>
                ))}
              </ol>
            </div>
          </details>
        ) : null}
      </div>
    </section>
  );
}
