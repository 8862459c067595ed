import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatDate } from "../../shared/format/dates";
import { workingDaysBetween } from "../../shared/reviews/calendar";
import { requireMember } from "../utils/auth.server";
import { today } from "../utils/governance.server";
import { allActions, overdueByOwner } from "../utils/reviews.server";

export const meta: MetaFunction = () => [{ title: "Overdue actions by owner – Devolve" }];

/** Overdue actions across the trust, by owner (issue 13), from every series' live action log. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { workspace } = requireMember(request, context, params.workspaceId);
  const on = today();
  const rows = await allActions(context, workspace.id, on);
  return {
    workspaceId: workspace.id,
    today: on,
    open: rows.filter((a) => a.status === "open").length,
    groups: overdueByOwner(rows).map((g) => ({ owner: g.owner, actions: g.actions.map((a) => ({ id: a.id, ref: a.ref, action: a.action, due: a.due, rag: a.rag, seriesId: a.seriesId, seriesName: a.seriesName, lastUpdate: a.lastUpdate, late: workingDaysBetween(a.due, on) })) })),
  };
}

export default function OverdueActions() {
  const d = useLoaderData<typeof loader>();
  const overdue = d.groups.reduce((n, g) => n + g.actions.length, 0);
  return (
    <>
      <p className="nhsuk-body-s">
        <Link to={`/w/${d.workspaceId}/reviews`}>All reviews</Link>
      </p>
      <h1>Overdue actions by owner</h1>
      <p className="nhsuk-lede-text" data-testid="overdue-summary">
        {overdue} of {d.open} open actions are past their due date on {formatDate(d.today)}.
      </p>
      {d.groups.length === 0 ? <p>No action is overdue.</p> : null}
      {d.groups.map((g) => (
        <section key={g.owner} aria-label={g.owner}>
          <h2>
            {g.owner} ({g.actions.length})
          </h2>
          <table className="nhsuk-table" data-testid={`overdue-${g.owner}`}>
            <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">Overdue actions of {g.owner}</caption>
            <thead className="nhsuk-table__head">
              <tr>
                <th scope="col">Action</th>
                <th scope="col">Series</th>
                <th scope="col">Due</th>
                <th scope="col">Working days late</th>
                <th scope="col">Latest update</th>
              </tr>
            </thead>
            <tbody className="nhsuk-table__body">
              {g.actions.map((a) => (
                <tr key={a.id}>
                  <th scope="row">
                    {a.ref}: {a.action}
                  </th>
                  <td>
                    <Link to={`/w/${d.workspaceId}/reviews/series/${a.seriesId}`}>{a.seriesName}</Link>
                  </td>
                  <td>{formatDate(a.due)}</td>
                  <td>{a.late}</td>
                  <td>{a.lastUpdate ?? "None"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </>
  );
}
