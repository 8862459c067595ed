import { Link } from "@remix-run/react";

/** Says on a co-edited screen that this is the draft, and which version is in force instead. */
export function DraftNotice({ workspaceId, doc, inForce }: { workspaceId: string; doc: "structure" | "delegation"; inForce: { id: string; number: string; effectiveFrom: string } | null }) {
  return (
    <p className="nhsuk-body-s app-draft-notice" data-testid="draft-notice">
      You are editing the <strong>draft</strong>.{" "}
      {inForce ? (
        <>
          The version in force is <Link to={`/w/${workspaceId}/versions/${inForce.id}`}>version {inForce.number}</Link>, from {inForce.effectiveFrom}; edits here take effect only when the Board approves a new version.{" "}
          <Link to={`/w/${workspaceId}/versions/draft/${doc}`}>See the changes in the draft</Link>.
        </>
      ) : (
        <>The Board has not approved a version yet, so pages use this draft and say so.</>
      )}
    </p>
  );
}
