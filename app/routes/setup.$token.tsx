import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { createTrust } from "../../db/seed/new-trust";
import { appendAudit } from "../../server/audit/chain";
import { hashPassword } from "../../server/auth/password";
import { newPasswordProblem } from "../../server/auth/password-policy";
import { countUsers, createUser } from "../../server/repositories/users";
import { addMembership } from "../../server/repositories/workspaces";
import { TrustDetailsFields } from "../components/accounts/TrustFields";
import { Header } from "../components/ui/Header";
import { ErrorSummary, TextField, type FieldErrors, fieldErrors } from "../components/ui/forms";
import { startSession } from "../utils/auth.server";
import { notFound } from "../utils/http";
import { TrustFields, trustFieldsFrom } from "../utils/trust-form";

/*
 * First run (issue 17): "a one-time setup link (… a random token, valid until used or the server
 * restarts). That page creates the first trust … and its first administrator …, then signs them in.
 * The link then stops working." The first account is also the platform administrator, who can add
 * further trusts.
 */

const GONE = "This set-up link is not valid. It works once, until the server restarts. If Devolve is already set up, sign in instead.";

function requireOpenLink(context: LoaderFunctionArgs["context"], token: string | undefined) {
  if (!context.setupLink.matches(token) || countUsers(context.db) > 0) notFound(GONE);
}

export async function loader({ context, params }: LoaderFunctionArgs) {
  requireOpenLink(context, params.token);
  return null;
}

const AdminFields = z
  .object({
    adminName: z.string().trim().min(1, "Enter your full name").max(120, "Your name must be 120 characters or fewer"),
    adminEmail: z.string().trim().min(1, "Enter your e-mail address").max(254, "E-mail address must be 254 characters or fewer").email("Enter an e-mail address in the correct format, like name@example.nhs.uk"),
    password: z.string(),
    confirm: z.string(),
  })
  .superRefine((v, ctx) => {
    const problem = newPasswordProblem(v.password, v.confirm, { email: v.adminEmail, name: v.adminName });
    if (problem) ctx.addIssue({ code: "custom", path: [problem.field], message: problem.message });
  });

export async function action({ request, context, params }: ActionFunctionArgs) {
  requireOpenLink(context, params.token);
  const form = await request.formData();
  const values = Object.fromEntries(["trustName", "odsCode", "foundationTrust", "financialYearStartMonth", "adminName", "adminEmail"].map((k) => [k, String(form.get(k) ?? "").slice(0, 254)]));
  if (form.get("fromDemoScheme") === "on") values.fromDemoScheme = "on";
  const trust = TrustFields.safeParse(trustFieldsFrom(form));
  const admin = AdminFields.safeParse({ adminName: form.get("adminName") ?? "", adminEmail: form.get("adminEmail") ?? "", password: form.get("password") ?? "", confirm: form.get("confirm") ?? "" });
  if (!trust.success || !admin.success) {
    const errors: FieldErrors = { ...(trust.success ? {} : fieldErrors(trust.error)), ...(admin.success ? {} : fieldErrors(admin.error)) };
    return { errors, values };
  }
  const passwordHash = await hashPassword(admin.data.password);
  // Checked again after the slow hash and closed before anything is written, with no await between:
  // two forms sent at once cannot both create a first administrator.
  requireOpenLink(context, params.token);
  context.setupLink.close();
  const { workspace, userId } = context.db.$client.transaction(() => {
    const user = createUser(context.db, { email: admin.data.adminEmail, name: admin.data.adminName, passwordHash, platformAdmin: true });
    const ws = createTrust(context.db, { name: trust.data.trustName, odsCode: trust.data.odsCode, foundationTrust: trust.data.foundationTrust, financialYearStartMonth: trust.data.financialYearStartMonth, fromDemoScheme: trust.data.fromDemoScheme }, user.id);
    addMembership(context.db, { workspaceId: ws.id, userId: user.id, role: "admin" });
    appendAudit(context.db, { workspaceId: ws.id, actorId: user.id, actorName: user.name, kind: "trust.created", subject: ws.name, detail: { odsCode: trust.data.odsCode, foundationTrust: trust.data.foundationTrust, financialYearStartMonth: trust.data.financialYearStartMonth, fromDemoScheme: trust.data.fromDemoScheme, firstAdministrator: user.id, via: "setup" } });
    return { workspace: ws, userId: user.id };
  })();
  context.logger.info({ workspace: workspace.id }, "first trust and administrator created; the set-up link is closed");
  throw redirect(`/w/${workspace.id}`, { headers: { "Set-Cookie": startSession(context, userId, request.headers.get("user-agent")) } });
}

export default function Setup() {
  const data = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <>
      <Header />
      <div className="nhsuk-width-container">
        <main className="nhsuk-main-wrapper" id="maincontent">
          <div className="nhsuk-grid-row">
            <div className="nhsuk-grid-column-two-thirds">
              <ErrorSummary errors={data?.errors} />
              <h1>Set up Devolve</h1>
              <p>Create your trust and its first administrator. You will be signed in, and this link will stop working.</p>
              <Form method="post" noValidate>
                <h2>Your trust</h2>
                <TrustDetailsFields errors={data?.errors} values={data?.values} />
                <h2>You, the first administrator</h2>
                <TextField name="adminName" label="Full name" autoComplete="name" defaultValue={data?.values?.adminName} error={data?.errors?.adminName} />
                <TextField name="adminEmail" label="E-mail address" type="email" autoComplete="username" spellCheck={false} defaultValue={data?.values?.adminEmail} error={data?.errors?.adminEmail} />
                <TextField name="password" label="Password" hint="At least 12 characters. Three random words make a good one; no need for numbers or symbols." type="password" autoComplete="new-password" error={data?.errors?.password} />
                <TextField name="confirm" label="Confirm password" type="password" autoComplete="new-password" error={data?.errors?.confirm} />
                <button className="nhsuk-button" type="submit" disabled={busy}>
                  Create trust and sign in
                </button>
              </Form>
            </div>
          </div>
        </main>
      </div>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Set up Devolve" }];
