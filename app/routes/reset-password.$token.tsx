import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { appendAudit } from "../../server/audit/chain";
import { hashPassword } from "../../server/auth/password";
import { newPasswordProblem } from "../../server/auth/password-policy";
import { consumePasswordReset, findOpenPasswordReset } from "../../server/repositories/users";
import { Header } from "../components/ui/Header";
import { ErrorSummary, TextField, type FieldErrors } from "../components/ui/forms";
import { endAllSessions } from "../utils/accounts.server";
import { startSession } from "../utils/auth.server";
import { notFound } from "../utils/http";

const GONE = "This password reset link is not valid. It may have expired or been used already. Ask for a new one from the sign-in page.";

function openReset(context: LoaderFunctionArgs["context"], token: string | undefined) {
  const reset = token && /^[A-Za-z0-9_-]{20,100}$/.test(token) ? findOpenPasswordReset(context.db, token) : undefined;
  if (!reset) notFound(GONE);
  return { reset, token: token! };
}

export async function loader({ context, params }: LoaderFunctionArgs) {
  const { reset } = openReset(context, params.token);
  return { email: reset.email };
}

export async function action({ request, context, params }: ActionFunctionArgs): Promise<{ errors: FieldErrors }> {
  const { reset, token } = openReset(context, params.token);
  const form = await request.formData();
  const password = String(form.get("password") ?? "");
  const problem = newPasswordProblem(password, String(form.get("confirm") ?? ""), { email: reset.email, name: reset.name });
  if (problem) return { errors: { [problem.field]: problem.message } };
  const userId = consumePasswordReset(context.db, token, await hashPassword(password));
  if (!userId) notFound(GONE);
  // Whoever knew the old password is signed out everywhere, open documents included.
  const ended = endAllSessions(context, userId);
  appendAudit(context.db, { workspaceId: null, actorId: userId, actorName: reset.name, kind: "auth.password_reset", subject: userId, detail: { ip: context.clientIp, sessionsEnded: ended } });
  context.logger.info({ userId, sessionsEnded: ended }, "password reset");
  throw redirect("/", { headers: { "Set-Cookie": startSession(context, userId, request.headers.get("user-agent")) } });
}

export default function ResetPassword() {
  const { email } = useLoaderData<typeof loader>();
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
              <h1>Choose a new password</h1>
              <p>
                For <strong>{email}</strong>. Choosing it signs you out everywhere else.
              </p>
              <Form method="post" noValidate>
                <TextField name="password" label="New password" hint="At least 12 characters. Three random words make a good one; no need for numbers or symbols." type="password" autoComplete="new-password" error={data?.errors?.password} />
                <TextField name="confirm" label="Confirm new password" type="password" autoComplete="new-password" error={data?.errors?.confirm} />
                <button className="nhsuk-button" type="submit" disabled={busy}>
                  Save password and sign in
                </button>
              </Form>
            </div>
          </div>
        </main>
      </div>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Choose a new password – Devolve" }];
