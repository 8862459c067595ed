import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { createTrust } from "../../db/seed/new-trust";
import { appendAudit } from "../../server/audit/chain";
import { findWorkspaceByOdsCode, listAllWorkspaces } from "../../server/repositories/workspaces";
import { formatDate, londonDate } from "../../shared/format/dates";
import { TrustDetailsFields } from "../components/accounts/TrustFields";
import { Header } from "../components/ui/Header";
import { ErrorSummary, TextField, type FieldErrors, fieldErrors } from "../components/ui/forms";
import { inviteByMail } from "../utils/accounts.server";
import { requireUser } from "../utils/auth.server";
import { notFound } from "../utils/http";
import { TrustFields, trustFieldsFrom } from "../utils/trust-form";

/*
 * Platform administration (issue 17): "a platform administrator role (the first account) can create
 * trusts and their first administrators; a trust administrator sees only their trust." Everyone
 * else gets the same 404 as a page that does not exist. The platform administrator sees each trust's
 * name and member count, never its content, unless a trust also makes them a member.
 */
function requirePlatformAdmin(request: Request, context: LoaderFunctionArgs["context"]) {
  const user = requireUser(request, context);
  if (!user.platformAdmin) notFound("Not found");
  return user;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requirePlatformAdmin(request, context);
  return { user, trusts: listAllWorkspaces(context.db).map((t) => ({ ...t, created: formatDate(londonDate(t.createdAt)) })), mailConfigured: context.mailer !== null };
}

const FirstAdmin = z.object({
  adminName: z.string().trim().min(1, "Enter the first administrator's full name").max(120, "Name must be 120 characters or fewer"),
  adminEmail: z.string().trim().min(1, "Enter the first administrator's e-mail address").max(254, "E-mail address must be 254 characters or fewer").email("Enter an e-mail address in the correct format, like name@example.nhs.uk"),
});

type ActionResult = { ok: false; errors: FieldErrors; values: Record<string, string> } | { ok: true; message: string; inviteLink?: string; warning?: string; trustId: string };

export async function action({ request, context }: ActionFunctionArgs): Promise<ActionResult> {
  const user = requirePlatformAdmin(request, context);
  const form = await request.formData();
  const values = Object.fromEntries(["trustName", "odsCode", "foundationTrust", "financialYearStartMonth", "adminName", "adminEmail"].map((k) => [k, String(form.get(k) ?? "").slice(0, 254)]));
  if (form.get("fromDemoScheme") === "on") values.fromDemoScheme = "on";
  const trust = TrustFields.safeParse(trustFieldsFrom(form));
  const admin = FirstAdmin.safeParse({ adminName: form.get("adminName") ?? "", adminEmail: form.get("adminEmail") ?? "" });
  if (!trust.success || !admin.success) return { ok: false, errors: { ...(trust.success ? {} : fieldErrors(trust.error)), ...(admin.success ? {} : fieldErrors(admin.error)) }, values };
  const clash = findWorkspaceByOdsCode(context.db, trust.data.odsCode);
  if (clash) return { ok: false, errors: { odsCode: `${trust.data.odsCode} is already the ODS code of ${clash.name}` }, values };
  const workspace = context.db.$client.transaction(() => {
    const ws = createTrust(context.db, { name: trust.data.trustName, odsCode: trust.data.odsCode, foundationTrust: trust.data.foundationTrust, financialYearStartMonth: trust.data.financialYearStartMonth, fromDemoScheme: trust.data.fromDemoScheme }, user.id);
    appendAudit(context.db, { workspaceId: ws.id, actorId: user.id, actorName: user.name, kind: "trust.created", subject: ws.name, detail: { odsCode: trust.data.odsCode, foundationTrust: trust.data.foundationTrust, financialYearStartMonth: trust.data.financialYearStartMonth, fromDemoScheme: trust.data.fromDemoScheme, via: "platform" } });
    return ws;
  })();
  // The first administrator is invited like anyone else, so they choose their own password.
  const outcome = await inviteByMail(context, request, { workspaceId: workspace.id, trustName: workspace.name, email: admin.data.adminEmail, name: admin.data.adminName, role: "admin", boardSignatory: false, serviceLineIds: [], inviter: user });
  const until = formatDate(londonDate(outcome.expiresAt));
  context.logger.info({ workspace: workspace.id, by: user.id }, "trust created");
  if (outcome.mailed) return { ok: true, trustId: workspace.id, message: `${workspace.name} has been created. An invitation to be its administrator has been e-mailed to ${admin.data.adminName} (${admin.data.adminEmail}); it works until ${until}.` };
  if (outcome.mailError) return { ok: true, trustId: workspace.id, message: `${workspace.name} has been created.`, warning: outcome.mailError };
  return { ok: true, trustId: workspace.id, message: `${workspace.name} has been created. There is no mail server set up, so send ${admin.data.adminName} this link to become its administrator; it works until ${until}.`, inviteLink: outcome.link };
}

export default function PlatformTrusts() {
  const { user, trusts } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <>
      <Header user={user} />
      <div className="nhsuk-width-container">
        <main className="nhsuk-main-wrapper" id="maincontent">
          {result && !result.ok ? <ErrorSummary errors={result.errors} /> : null}
          {result?.ok ? (
            <div className="nhsuk-inset-text" role="status">
              <p>{result.message}</p>
              {result.inviteLink ? <code className="app-invite-link" data-testid="invite-link">{result.inviteLink}</code> : null}
              {result.warning ? <p>{result.warning}</p> : null}
            </div>
          ) : null}
          <h1>Trusts on this Devolve</h1>
          <table className="nhsuk-table">
            <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">Every trust in this deployment</caption>
            <thead className="nhsuk-table__head">
              <tr>
                <th scope="col">Trust</th>
                <th scope="col">ODS code</th>
                <th scope="col">Foundation trust</th>
                <th scope="col">Active members</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody className="nhsuk-table__body">
              {trusts.map((t) => (
                <tr key={t.id}>
                  <td>{t.name}</td>
                  <td>{t.odsCode ?? "—"}</td>
                  <td>{t.foundationTrust ? "Yes" : "No"}</td>
                  <td>{t.members.toLocaleString("en-GB")}</td>
                  <td>{t.created}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>Add a trust</h2>
          <Form method="post" noValidate>
            <TrustDetailsFields errors={result && !result.ok ? result.errors : undefined} values={result && !result.ok ? result.values : undefined} />
            <h3>Its first administrator</h3>
            <p>They will be invited by e-mail and choose their own password.</p>
            <TextField name="adminName" label="Full name" autoComplete="off" defaultValue={result && !result.ok ? result.values.adminName : undefined} error={result && !result.ok ? result.errors.adminName : undefined} />
            <TextField name="adminEmail" label="E-mail address" type="email" autoComplete="off" spellCheck={false} defaultValue={result && !result.ok ? result.values.adminEmail : undefined} error={result && !result.ok ? result.errors.adminEmail : undefined} />
            <button className="nhsuk-button" type="submit" disabled={busy}>
              Create trust and invite its administrator
            </button>
          </Form>
        </main>
      </div>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Trusts – Devolve" }];
