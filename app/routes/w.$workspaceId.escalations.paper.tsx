import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { addDays, addMonths, formatDate, formatMonth, isMonth } from "../../shared/format";
import { EXECUTIVE_OPTION_LABELS, STAGE_LABELS } from "../../shared/escalation/rules";
import { RATING_LABELS, TIER_LABELS } from "../../shared/reviews/model";
import { listMeetings, listSeries } from "../../server/repositories/reviews";
import { requireMember } from "../utils/auth.server";
import { levelsFor } from "../utils/autonomy.server";
import { escalationsNow } from "../utils/escalation.server";
import { today } from "../utils/governance.server";
import { notFound } from "../utils/http";

/**
 * The summary paper for the Finance, Performance and Estates Committee after a round of performance
 * reviews (issue 13). ULHT §5.1: "After each round of PRMs the Performance Manager and the Senior
 * Planning & Performance Manager will write a summary paper for the FPEC committee highlighting any
 * areas of escalation"; §6: "The Director of Finance will then feed responses and deescalate these
 * issues". A round is a calendar month's reviews; the paper is drawn from the review and escalation
 * records as they stood at the month's end (or today, for the month in progress), so printing it again
 * later gives the same paper.
 */

export const meta: MetaFunction = () => [{ title: "Summary paper for the Finance, Performance and Estates Committee – Devolve" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { workspace } = requireMember(request, context, params.workspaceId);
  const on = today();
  const asked = new URL(request.url).searchParams.get("round");
  const meetings = listMeetings(context.db, workspace.id, { kind: "performance_review", to: on }).filter((m) => m.status === "held");
  const latestRound = meetings.at(-1)?.date.slice(0, 7) ?? on.slice(0, 7);
  if (asked !== null && (!isMonth(asked) || asked > on.slice(0, 7))) notFound("There is no round of reviews for that month. Choose a month up to this one.");
  const round = asked ?? latestRound;
  const end = addDays(`${addMonths(round, 1)}-01`, -1);
  const asOf = end < on ? end : on;
  const series = new Map(listSeries(context.db, workspace.id).map((s) => [s.id, s]));
  const [{ lines }, escalations] = await Promise.all([levelsFor(context, workspace.id), escalationsNow(context, workspace.id, asOf)]);
  const name = new Map(lines.map((l) => [l.unitId, l.name]));
  const held = meetings
    .filter((m) => m.date.slice(0, 7) === round)
    .map((m) => {
      const s = series.get(m.seriesId);
      return { id: m.id, date: m.date, name: s?.name ?? "Review", tier: s ? TIER_LABELS[s.tier] : "", chair: s?.chairName ?? "", rating: m.rating ? RATING_LABELS[m.rating] : "Not rated" };
    });
  const known = escalations.filter((e) => e.openedOn <= asOf);
  const row = (e: (typeof known)[number]) => ({
    id: e.id,
    line: name.get(e.unitId) ?? "A service line no longer in the structure",
    openedOn: e.openedOn,
    detail: e.detail,
    stage: STAGE_LABELS[e.view.stage],
    headline: e.view.headline,
    decisions: e.view.decisions.map((d) => `${formatDate(d.date)}: ${d.option ? EXECUTIVE_OPTION_LABELS[d.option] : "decision"}${d.note ? ` (${d.note})` : ""}`),
  });
  const inRound = (date: string | null) => date !== null && date.slice(0, 7) === round;
  return {
    workspaceId: workspace.id,
    round,
    asOf,
    previous: addMonths(round, -1),
    next: round < on.slice(0, 7) ? addMonths(round, 1) : null,
    held,
    forCommittee: known.filter((e) => e.view.stage === "committee_due" || e.view.stage === "with_committee").map(row),
    opened: known.filter((e) => inRound(e.openedOn)).map(row),
    plansOutstanding: known.filter((e) => e.view.stage === "awaiting_plan" || e.view.stage === "plan_overdue").map(row),
    monitoring: known.filter((e) => e.view.stage === "monitoring").map(row),
    deescalation: known.filter((e) => e.view.stage === "ready_to_close" || inRound(e.view.closedOn)).map(row),
    levels: lines
      .filter((l) => l.inForce && l.inForce.level !== l.current.level)
      .map((l) => ({ unitId: l.unitId, name: l.name, inForce: l.inForce!.level, recommended: l.current.level, month: l.current.month })),
  };
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["opened"][number];

function Rows({ rows, empty, testId }: { rows: Row[]; empty: string; testId: string }) {
  if (rows.length === 0) return <p data-testid={testId}>{empty}</p>;
  return (
    <table className="nhsuk-table" data-testid={testId}>
      <thead>
        <tr>
          <th scope="col">Service line</th>
          <th scope="col">Opened</th>
          <th scope="col">Where it stands</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id}>
            <td>{r.line}</td>
            <td>
              {formatDate(r.openedOn)}
              <div className="nhsuk-body-s nhsuk-u-margin-bottom-0">{r.detail}</div>
            </td>
            <td>
              <strong>{r.stage}.</strong> {r.headline}
              {r.decisions.length > 0 ? <div className="nhsuk-body-s nhsuk-u-margin-bottom-0">Executive decisions: {r.decisions.join("; ")}</div> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default function CommitteePaper() {
  const d = useLoaderData<typeof loader>();
  return (
    <article className="app-paper">
      <nav className="nhsuk-breadcrumb app-no-print" aria-label="Breadcrumb">
        <ol className="nhsuk-breadcrumb__list">
          <li className="nhsuk-breadcrumb__item">
            <Link className="nhsuk-breadcrumb__link" to={`/w/${d.workspaceId}/escalations`}>
              Escalations
            </Link>
          </li>
        </ol>
      </nav>
      <span className="nhsuk-caption-l">Finance, Performance and Estates Committee</span>
      <h1>Performance review round, {formatMonth(d.round)}: summary paper</h1>
      <p className="nhsuk-body-s">
        Areas for escalation after the {formatMonth(d.round)} round of performance reviews, as the review and escalation records stood on {formatDate(d.asOf)}. For the Director of
        Finance to present and feed back the committee&apos;s responses.
      </p>
      <p className="app-no-print">
        <Link to={`?round=${d.previous}`}>Previous round ({formatMonth(d.previous)})</Link>
        {d.next ? (
          <>
            {" · "}
            <Link to={`?round=${d.next}`}>Next round ({formatMonth(d.next)})</Link>
          </>
        ) : null}
        {" · "}
        <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small nhsuk-u-margin-bottom-0" onClick={() => window.print()}>
          Print or save as PDF
        </button>
      </p>

      <h2>1. Areas for escalation to the committee</h2>
      <Rows rows={d.forCommittee} empty="No service line is escalated to the committee." testId="paper-committee" />

      <h2>2. Reviews held in the round</h2>
      {d.held.length === 0 ? (
        <p>No performance review was recorded as held in {formatMonth(d.round)}.</p>
      ) : (
        <table className="nhsuk-table" data-testid="paper-held">
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Review</th>
              <th scope="col">Chair</th>
              <th scope="col">Assurance</th>
            </tr>
          </thead>
          <tbody>
            {d.held.map((m) => (
              <tr key={m.id}>
                <td>{formatDate(m.date)}</td>
                <td>
                  {m.name}
                  {m.tier ? <div className="nhsuk-body-s nhsuk-u-margin-bottom-0">{m.tier}</div> : null}
                </td>
                <td>{m.chair}</td>
                <td>{m.rating}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>3. New deteriorations this round</h2>
      <Rows rows={d.opened} empty="No new significant deterioration." testId="paper-opened" />

      <h2>4. Action plans outstanding</h2>
      <Rows rows={d.plansOutstanding} empty="Every escalated line has an action plan." testId="paper-plans" />

      <h2>5. Recovery under monitoring</h2>
      <Rows rows={d.monitoring} empty="None." testId="paper-monitoring" />

      <h2>6. De-escalation</h2>
      <Rows rows={d.deescalation} empty="No line is ready to be de-escalated." testId="paper-deescalation" />

      <h2>7. Levels for the next accountability review</h2>
      {d.levels.length === 0 ? (
        <p>Every line&apos;s figures recommend the level it holds.</p>
      ) : (
        <table className="nhsuk-table" data-testid="paper-levels">
          <caption className="nhsuk-table__caption nhsuk-table__caption--s">Lines whose figures now recommend a different level from the one agreed</caption>
          <thead>
            <tr>
              <th scope="col">Service line</th>
              <th scope="col">Level in force</th>
              <th scope="col">Recommended by the figures</th>
            </tr>
          </thead>
          <tbody>
            {d.levels.map((l) => (
              <tr key={l.unitId}>
                <td>{l.name}</td>
                <td>Level {l.inForce}</td>
                <td>
                  Level {l.recommended}
                  {l.month ? ` (figures to ${formatMonth(l.month)})` : ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </article>
  );
}
