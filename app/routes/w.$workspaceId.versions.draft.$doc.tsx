import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { VERSIONED_DOCS, VERSIONED_DOC_LABELS, type VersionedDoc } from "../../shared/governance/types";
import { can } from "../../shared/roles";
import { ChangeList } from "../components/governance/ChangeList";
import { GovernanceNav } from "../components/governance/GovernanceNav";
import { requireMember } from "../utils/auth.server";
import { notFound } from "../utils/http";
import { changesBetween, draftContent, latestVersionContent, versionRows } from "../utils/versions.server";

/** What the live draft changes against the latest version: the pending changes, not yet approved. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { workspace, member } = requireMember(request, context, params.workspaceId);
  const doc = params.doc as VersionedDoc;
  if (!(VERSIONED_DOCS as readonly string[]).includes(doc)) notFound("There is no such document.");
  const rows = versionRows(context, workspace.id);
  const latest = latestVersionContent(context, workspace.id, doc, rows[doc]);
  const draft = await draftContent(context, workspace.id, doc);
  return {
    workspaceId: workspace.id,
    doc,
    label: VERSIONED_DOC_LABELS[doc],
    latest: latest ? { id: latest.version.id, number: latest.version.number } : null,
    changes: latest ? changesBetween(doc, latest.content as never, draft as never) : [],
    canPropose: can(member, "version.propose"),
  };
}

export default function DraftChanges() {
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <GovernanceNav workspaceId={d.workspaceId} current="versions" />
      <h1>Changes in the draft {d.label.toLowerCase()}</h1>
      <p className="nhsuk-lede-text">
        {d.latest ? (
          <>
            Compared with <Link to={`/w/${d.workspaceId}/versions/${d.latest.id}`}>version {d.latest.number}</Link>. These changes are not approved: nothing that applies limits uses them until the Board approves a new version and it comes into force.
          </>
        ) : (
          "There is no version to compare with yet."
        )}
      </p>
      <ChangeList changes={d.changes} caption="Pending changes" />
      {d.canPropose && d.changes.length > 0 ? (
        <Link className="nhsuk-button" to={`/w/${d.workspaceId}/versions/new?doc=${d.doc}`}>
          Propose the draft as a new version
        </Link>
      ) : null}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Changes in the draft – Devolve" }];
