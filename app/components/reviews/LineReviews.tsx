import { Link, useFetcher } from "@remix-run/react";
import { useEffect } from "react";
import { formatDate } from "../../../shared/format/dates";

interface Data {
  next: { id: string; date: string; seriesName: string }[];
  actions: { id: string; ref: string; action: string; ownerName: string; due: string; rag: string; overdue: boolean; seriesId: string }[];
}

/**
 * A line's next review and its open actions (issue 13), on the line page. It loads its own data from
 * the reviews resource route so the line page's loader stays as it is.
 */
export function LineReviews({ workspaceId, unitId }: { workspaceId: string; unitId: string }) {
  const fetcher = useFetcher<Data>();
  const { load } = fetcher;
  useEffect(() => {
    load(`/w/${workspaceId}/reviews/line/${unitId}`);
  }, [load, workspaceId, unitId]);
  const d = fetcher.data;
  return (
    <section aria-labelledby="line-reviews-h" data-testid="line-reviews">
      <h2 id="line-reviews-h">Performance reviews</h2>
      {!d ? (
        <p className="nhsuk-body-s">Loading the line's reviews…</p>
      ) : (
        <>
          <p>
            {d.next.length ? (
              <>
                Next review:{" "}
                {d.next.map((m, i) => (
                  <span key={m.id}>
                    {i ? "; " : ""}
                    <Link to={`/w/${workspaceId}/reviews/meetings/${m.id}`}>
                      {m.seriesName}, {formatDate(m.date)}
                    </Link>
                  </span>
                ))}
              </>
            ) : (
              "No review is scheduled."
            )}
          </p>
          {d.actions.length ? (
            <table className="nhsuk-table">
              <caption className="nhsuk-table__caption">Open actions ({d.actions.length})</caption>
              <thead className="nhsuk-table__head">
                <tr>
                  <th scope="col">Action</th>
                  <th scope="col">Owner</th>
                  <th scope="col">Due</th>
                  <th scope="col">RAG</th>
                </tr>
              </thead>
              <tbody className="nhsuk-table__body">
                {d.actions.map((a) => (
                  <tr key={a.id}>
                    <th scope="row">
                      <Link to={`/w/${workspaceId}/reviews/series/${a.seriesId}`}>{a.ref}</Link>: {a.action}
                    </th>
                    <td>{a.ownerName}</td>
                    <td>
                      {formatDate(a.due)}
                      {a.overdue ? <strong className="nhsuk-tag nhsuk-tag--red"> Overdue</strong> : null}
                    </td>
                    <td>{a.rag.toUpperCase()}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p>No open actions.</p>
          )}
        </>
      )}
    </section>
  );
}
