import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type * as Y from "yjs";
import { z } from "zod";
import { readIncentives } from "../../shared/collab/incentives-doc";
import { docAccess, financialYearSlug, type IncentivesRef } from "../../shared/collab/registry";
import { formatDate, formatFinancialYear } from "../../shared/format/dates";
import { frameworkApprovalProblems, type IncentiveFramework } from "../../shared/incentives/framework";
import { can } from "../../shared/roles/roles";
import { listIncentiveVersions } from "../../server/repositories/incentives";
import { CollabHeader } from "../collab/CollabHeader";
import { useCollabScreen } from "../collab/useCollabScreen";
import { useDocSnapshot } from "../collab/useRoom";
import { FrameworkEditor } from "../components/incentives/FrameworkEditor";
import { IncentivesNav } from "../components/incentives/IncentivesNav";
import incentivesCss from "../styles/incentives.css?url";
import { requireMember, requirePermission } from "../utils/auth.server";
import { approveFramework, incentivesRef } from "../utils/incentives.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: incentivesCss }];
// The rewards table has five columns of fields: the screen uses the whole window width.
export const handle = { wide: true };

/**
 * The incentive and consequence framework of one financial year, co-edited (room
 * `incentives/<2026-27>`): the executive sets rewards, the cap, gateways and consequences; clinicians
 * and managers comment; approval freezes it with the Board's minute (Monitor's SLM framework Part 2
 * §5 level 3: "agreed by trust board and applied to individual service-line leaders"). The ledger
 * applies the latest approval, never the draft.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user, workspace, member } = requireMember(request, context, params.workspaceId);
  const ref = incentivesRef(params.year);
  return {
    me: { id: user.id, name: user.name },
    workspaceId: workspace.id,
    ref,
    initial: await context.collab.read(workspace.id, ref),
    canComment: docAccess(member, ref) === "write",
    canEdit: can(member, "incentives.edit"),
    approvals: listIncentiveVersions(context.db, workspace.id, ref.year).map((v) => ({ id: v.id, number: v.number, resolution: v.resolution, approvedAt: v.approvedAt, approvedByName: v.approvedByName, sha256: v.sha256 })),
  };
}

const approveSchema = z.object({
  intent: z.literal("approve"),
  resolution: z.string().max(120, "Keep the minute under 120 characters"),
  note: z.string().max(2_000, "Keep the note under 2,000 characters").default(""),
});

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, workspace, member } = requireMember(request, context, params.workspaceId);
  requirePermission(member, "incentives.edit", "Only executives and administrators can record the Board's approval of the framework.");
  const ref = incentivesRef(params.year);
  const parsed = approveSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return { ok: false as const, errors: [parsed.error.issues[0]?.message ?? "That request was not understood"] };
  const out = await approveFramework(context, workspace.id, ref, parsed.data, { id: user.id, name: user.name });
  return out.ok ? { ok: true as const, number: out.version.number, sha256: out.version.sha256 } : { ok: false as const, errors: out.errors };
}

const readAll = (doc: Y.Doc): IncentiveFramework => readIncentives(doc);

export default function IncentiveFrameworkScreen() {
  const { me, workspaceId, ref, initial, canComment, canEdit, approvals } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const typed = ref as IncentivesRef;
  const screen = useCollabScreen(workspaceId, typed, me);
  const framework = useDocSnapshot(screen.room, readAll, initial as IncentiveFramework);
  const blocking = frameworkApprovalProblems(framework);
  const label = formatFinancialYear(typed.year);
  return (
    <div className="app-incentives">
      <IncentivesNav workspaceId={workspaceId} yearSlug={financialYearSlug(typed.year)} current="framework" />
      <p className="nhsuk-body-s nhsuk-u-margin-bottom-1">
        <Link to={`/w/${workspaceId}/incentives/framework/${financialYearSlug(typed.year - 1)}`}>{formatFinancialYear(typed.year - 1)}</Link> ·{" "}
        <Link to={`/w/${workspaceId}/incentives/framework/${financialYearSlug(typed.year + 1)}`}>{formatFinancialYear(typed.year + 1)}</Link>
      </p>
      <CollabHeader title={`Incentive and consequence framework ${label}`} screen={screen} readOnly={!canComment} />
      <p className="nhsuk-body">
        {canEdit ? "You can change the framework; clinicians and managers can comment on it." : canComment ? "The executive sets the framework; you can comment on it." : "You can read the framework."} The ledger uses the version the Board approved
        {approvals.length ? ` (version ${approvals.at(-1)!.number}, minute ${approvals.at(-1)!.resolution})` : ", and none is approved yet"}.
      </p>
      <FrameworkEditor framework={framework} doc={screen.room?.doc ?? null} canEdit={canEdit} canComment={canComment} me={me} />

      <section aria-labelledby="approve-h" className="app-incentives-panel">
        <h2 className="nhsuk-heading-m" id="approve-h">
          Board approval
        </h2>
        <p className="nhsuk-body-s">Recording the Board&apos;s approval freezes the framework as it stands now as a version, with its SHA-256 fingerprint and the minute. Comments are not part of it.</p>
        {blocking.length ? (
          <ul className="nhsuk-list nhsuk-body-s" data-testid="approval-blockers">
            {blocking.map((b) => (
              <li key={b}>{b}</li>
            ))}
          </ul>
        ) : null}
        {result && !result.ok ? (
          <div className="nhsuk-error-summary" role="alert" tabIndex={-1}>
            <h3 className="nhsuk-error-summary__title">The framework cannot be approved yet</h3>
            <ul className="nhsuk-list nhsuk-error-summary__list">
              {result.errors.map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
          </div>
        ) : null}
        {result?.ok ? (
          <div className="nhsuk-inset-text" role="status">
            Approved as version {result.number}. Fingerprint (SHA-256) <code>{result.sha256.slice(0, 16)}…</code>
          </div>
        ) : null}
        {canEdit ? (
          <Form method="post">
            <input type="hidden" name="intent" value="approve" />
            <div className="nhsuk-form-group">
              <label className="nhsuk-label" htmlFor="resolution">
                Board minute
              </label>
              <div className="nhsuk-hint" id="resolution-hint">
                For example TB 26/044.
              </div>
              <input className="nhsuk-input nhsuk-input--width-10" id="resolution" name="resolution" maxLength={120} aria-describedby="resolution-hint" />
            </div>
            <div className="nhsuk-form-group">
              <label className="nhsuk-label" htmlFor="note">
                Note for the record (optional)
              </label>
              <input className="nhsuk-input" id="note" name="note" maxLength={2000} />
            </div>
            <button type="submit" className="nhsuk-button" disabled={busy}>
              Record the Board&apos;s approval
            </button>
          </Form>
        ) : null}
        {approvals.length ? (
          <table className="nhsuk-table">
            <caption className="nhsuk-table__caption nhsuk-body-s">Approved versions</caption>
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Minute</th>
                <th scope="col">Recorded</th>
                <th scope="col">By</th>
                <th scope="col">SHA-256</th>
              </tr>
            </thead>
            <tbody>
              {approvals.map((a) => (
                <tr key={a.id}>
                  <td>{a.number}</td>
                  <td>{a.resolution}</td>
                  <td>{formatDate(new Date(a.approvedAt).toISOString().slice(0, 10))}</td>
                  <td>{a.approvedByName}</td>
                  <td>
                    <code>{a.sha256.slice(0, 16)}…</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Incentive framework ${formatFinancialYear(data.ref.year)} – Devolve` : "Incentive framework – Devolve" }];
