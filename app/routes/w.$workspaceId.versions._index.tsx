import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatDate } from "../../shared/format";
import { VERSIONED_DOCS, VERSIONED_DOC_LABELS, type VersionedDoc } from "../../shared/governance/types";
import { can } from "../../shared/roles";
import { GovernanceNav } from "../components/governance/GovernanceNav";
import { requireMember } from "../utils/auth.server";
import { today } from "../utils/governance.server";
import { changesBetween, draftContent, latestVersionContent, versionRows } from "../utils/versions.server";

/**
 * The published view (issue 11): for every member, the versions in force with their effective dates
 * and resolutions, and the earlier ones; what is waiting for approval; and how far the live draft has
 * moved from the latest version. Proposing is for the executive; recording steps for the Board Secretary.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { workspace, member } = requireMember(request, context, params.workspaceId);
  const on = today();
  const rows = versionRows(context, workspace.id, on);
  const docs = await Promise.all(
    VERSIONED_DOCS.map(async (doc) => {
      const latest = latestVersionContent(context, workspace.id, doc, rows[doc]);
      const draft = await draftContent(context, workspace.id, doc);
      const pending = latest ? changesBetween(doc, latest.content as never, draft as never).length : null;
      return {
        doc,
        label: VERSIONED_DOC_LABELS[doc],
        latestNumber: latest?.version.number ?? null,
        draftChanges: pending,
        versions: rows[doc].map((r) => ({
          id: r.version.id,
          number: r.version.number,
          title: r.version.title,
          status: r.status,
          statusLabel: r.statusLabel,
          effectiveFrom: r.state.effectiveFrom,
          reviewBy: r.state.reviewBy,
          resolution: r.resolution,
          overdue: r.overdue,
          awaitingRatification: r.state.awaitingRatification,
        })),
      };
    }),
  );
  return { workspaceId: workspace.id, on, docs, canPropose: can(member, "version.propose") };
}

const STATUS_TAG: Record<string, string> = {
  in_force: "nhsuk-tag--green",
  approved: "nhsuk-tag--aqua-green",
  proposed: "nhsuk-tag--blue",
  recommended: "nhsuk-tag--purple",
  returned: "nhsuk-tag--orange",
  superseded: "nhsuk-tag--grey",
  withdrawn: "nhsuk-tag--grey",
};

export default function Versions() {
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <GovernanceNav workspaceId={d.workspaceId} current="versions" />
      <h1>Versions and approval</h1>
      <p className="nhsuk-lede-text">
        What the Board has approved, in force from which date, and what is waiting for approval. Who decides?, each service line&apos;s powers and the printed scheme use the version in force on the date asked, never the draft.
      </p>
      {d.docs.map((doc) => {
        const inForce = doc.versions.find((v) => v.status === "in_force");
        const pending = doc.versions.filter((v) => ["proposed", "recommended", "returned", "approved"].includes(v.status));
        const earlier = doc.versions.filter((v) => v.status === "superseded" || v.status === "withdrawn");
        return (
          <section key={doc.doc} className="nhsuk-u-margin-bottom-7" aria-labelledby={`h-${doc.doc}`} data-testid={`versions-${doc.doc}`}>
            <h2 id={`h-${doc.doc}`}>{doc.label}</h2>
            {inForce ? (
              <div className={`nhsuk-card ${inForce.overdue ? "app-card--overdue" : ""}`}>
                <div className="nhsuk-card__content">
                  <h3 className="nhsuk-card__heading">
                    <Link to={`/w/${d.workspaceId}/versions/${inForce.id}`}>
                      Version {inForce.number}: {inForce.title}
                    </Link>{" "}
                    <strong className="nhsuk-tag nhsuk-tag--green">In force</strong>
                  </h3>
                  <p className="nhsuk-body">
                    In force from {formatDate(inForce.effectiveFrom!)}. {inForce.resolution}.
                  </p>
                  {inForce.overdue ? (
                    <p className="nhsuk-body nhsuk-u-font-weight-bold app-overdue" role="status">
                      Overdue for review: it was due for review by {formatDate(inForce.reviewBy!)}.
                    </p>
                  ) : (
                    <p className="nhsuk-body">Review by {formatDate(inForce.reviewBy!)}.</p>
                  )}
                </div>
              </div>
            ) : (
              <p className="nhsuk-body">No version is in force today{doc.versions.length === 0 ? ": the Board has not approved one yet, so pages use the draft and say so" : ""}.</p>
            )}
            <p className="nhsuk-body">
              {doc.latestNumber === null
                ? "The draft has not been proposed as a version yet."
                : doc.draftChanges === 0
                  ? `The draft is the same as version ${doc.latestNumber}.`
                  : `The draft has ${doc.draftChanges} change${doc.draftChanges === 1 ? "" : "s"} since version ${doc.latestNumber}, not yet approved.`}{" "}
              {doc.draftChanges ? <Link to={`/w/${d.workspaceId}/versions/draft/${doc.doc}`}>See the changes in the draft</Link> : null}
              {d.canPropose && doc.draftChanges !== 0 ? (
                <>
                  {" · "}
                  <Link to={`/w/${d.workspaceId}/versions/new?doc=${doc.doc}`}>Propose the draft as a new version</Link>
                </>
              ) : null}
            </p>
            {pending.length || earlier.length ? (
              <table className="nhsuk-table">
                <caption className="nhsuk-table__caption nhsuk-table__caption--s">Other versions of the {doc.label.toLowerCase()}</caption>
                <thead className="nhsuk-table__head">
                  <tr>
                    <th scope="col">Version</th>
                    <th scope="col">Status</th>
                    <th scope="col">In force from</th>
                    <th scope="col">Resolution</th>
                  </tr>
                </thead>
                <tbody className="nhsuk-table__body">
                  {[...pending, ...earlier].map((v) => (
                    <tr key={v.id}>
                      <td>
                        <Link to={`/w/${d.workspaceId}/versions/${v.id}`}>
                          {v.number}: {v.title}
                        </Link>
                      </td>
                      <td>
                        <strong className={`nhsuk-tag ${STATUS_TAG[v.status] ?? ""}`}>{v.statusLabel}</strong>
                      </td>
                      <td>{v.effectiveFrom ? formatDate(v.effectiveFrom) : "—"}</td>
                      <td>{v.resolution ?? "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
          </section>
        );
      })}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Versions and approval – Devolve" }];

export type { VersionedDoc };
