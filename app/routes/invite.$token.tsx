import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { hashPassword } from "../../server/auth/password";
import { newPasswordProblem } from "../../server/auth/password-policy";
import { acceptInvitation, findOpenInvitation } from "../../server/repositories/invitations";
import { Header } from "../components/ui/Header";
import { ErrorSummary, TextField, type FieldErrors, fieldErrors } from "../components/ui/forms";
import { getUser, startSession } from "../utils/auth.server";
import { notFound } from "../utils/http";

/*
 * An invitation link either lets a new person choose their password (only the link the address's
 * first open invitation gave, and only while the account has none), or adds the membership for a
 * person who signs in with their own password. Neither page shows anything about the address's
 * account or any other trust: only this invitation's trust, address and the name its administrator
 * typed.
 */

const GONE = "This invitation link is not valid. It may have expired, been cancelled or been used already.";

function openInvitation(context: LoaderFunctionArgs["context"], token: string | undefined) {
  const invite = token && /^[A-Za-z0-9_-]{20,100}$/.test(token) ? findOpenInvitation(context.db, token) : undefined;
  if (!invite) notFound(GONE);
  return { invite, token: token! };
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { invite, token } = openInvitation(context, params.token);
  const user = getUser(request, context);
  return {
    mode: invite.mode,
    name: invite.name,
    email: invite.email,
    workspaceName: invite.workspaceName,
    signedInAs: user ? user.email : null,
    signInHref: `/sign-in?redirectTo=${encodeURIComponent(`/invite/${token}`)}`,
    // Single sign-on with the invited, verified address takes up the invitation too (server/auth/accounts.ts).
    ssoLabel: user ? null : (context.oidc?.label ?? null),
  };
}

// NCSC rules (server/auth/password-policy.ts): length and a deny-list of common passwords, no composition rules.
const passwordForm = (who: { email: string; name: string }) =>
  z
    .object({ password: z.string(), confirm: z.string() })
    .superRefine((v, ctx) => {
      const problem = newPasswordProblem(v.password, v.confirm, who);
      if (problem) ctx.addIssue({ code: "custom", path: [problem.field], message: problem.message });
    });

type ActionResult = { errors: FieldErrors };

export async function action({ request, context, params }: ActionFunctionArgs): Promise<ActionResult> {
  const { invite, token } = openInvitation(context, params.token);
  const form = await request.formData();
  const userAgent = request.headers.get("user-agent");

  if (form.get("intent") === "join") {
    const user = getUser(request, context);
    if (!user) return { errors: { form: "Sign in with your own Devolve password first, then accept the invitation." } };
    const result = acceptInvitation(context.db, token, { signedInUserId: user.id });
    if (!result.ok) {
      if (result.reason === "gone") notFound(GONE);
      return { errors: { form: result.reason === "wrong-account" ? "This invitation is for a different email address. Sign out, then sign in with the address it was sent to." : "Sign in with your own Devolve password first, then accept the invitation." } };
    }
    context.logger.info({ workspace: result.workspaceId, userId: result.userId }, "invitation accepted");
    throw redirect(`/w/${result.workspaceId}`);
  }

  const parsed = passwordForm(invite).safeParse({ password: form.get("password") ?? "", confirm: form.get("confirm") ?? "" });
  if (!parsed.success) return { errors: fieldErrors(parsed.error) };
  // Hashing is slow, so it happens before the transaction, which checks everything again.
  const result = acceptInvitation(context.db, token, { passwordHash: await hashPassword(parsed.data.password) });
  if (!result.ok) {
    if (result.reason === "gone") notFound(GONE);
    return { errors: { form: "This invitation cannot set a password. Sign in with your Devolve password to accept it." } };
  }
  context.logger.info({ workspace: result.workspaceId, userId: result.userId }, "invitation accepted, password chosen");
  throw redirect(`/w/${result.workspaceId}`, { headers: { "Set-Cookie": startSession(context, result.userId, userAgent) } });
}

export default function AcceptInvitation() {
  const { mode, name, email, workspaceName, signedInAs, signInHref, ssoLabel } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const signedInAsInvitee = signedInAs !== null && signedInAs === email;
  return (
    <>
      <Header />
      <div className="nhsuk-width-container">
        <main className="nhsuk-main-wrapper" id="maincontent">
          <div className="nhsuk-grid-row">
            <div className="nhsuk-grid-column-two-thirds">
              <ErrorSummary errors={data?.errors} />
              <h1>Join {workspaceName}</h1>
              {ssoLabel ? (
                <>
                  <p>If {email} is your work account, you can accept with it instead of choosing a password:</p>
                  <p>
                    <a className="nhsuk-button nhsuk-button--secondary" href="/auth/oidc/start?redirectTo=%2F">
                      {ssoLabel}
                    </a>
                  </p>
                </>
              ) : null}
              {mode === "choose-password" ? (
                <>
                  <p>
                    Welcome, {name}. Choose a password for <strong>{email}</strong>.
                  </p>
                  <Form method="post" noValidate>
                    <input type="hidden" name="intent" value="choose-password" />
                    <TextField name="password" label="New password" hint="At least 12 characters. Three random words make a good one; no need for numbers or symbols." type="password" autoComplete="new-password" error={data?.errors?.password} />
                    <TextField name="confirm" label="Confirm password" type="password" autoComplete="new-password" error={data?.errors?.confirm} />
                    <button className="nhsuk-button" type="submit">
                      Set password and continue
                    </button>
                  </Form>
                </>
              ) : signedInAsInvitee ? (
                <>
                  <p>
                    Welcome, {name}. You are signed in as <strong>{email}</strong>.
                  </p>
                  <Form method="post">
                    <input type="hidden" name="intent" value="join" />
                    <button className="nhsuk-button" type="submit">
                      Accept and join
                    </button>
                  </Form>
                </>
              ) : (
                <>
                  <p>
                    Welcome, {name}. This invitation is for <strong>{email}</strong>. To accept it, sign in with that address and your Devolve password.
                  </p>
                  {signedInAs !== null ? (
                    <p>You are signed in with a different address. Sign out first, then sign in as {email}.</p>
                  ) : (
                    <p>
                      <Link className="nhsuk-button" to={signInHref}>
                        Sign in to accept
                      </Link>
                    </p>
                  )}
                  <p className="nhsuk-body-s">If you have not chosen a Devolve password yet, ask the person who invited you for a new invitation link.</p>
                </>
              )}
            </div>
          </div>
        </main>
      </div>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Accept invitation – Devolve" }];
