import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { hashPassword } from "../../server/auth/password";
import { setPasswordHash } from "../../server/repositories/users";
import { findOpenInvitation, markInvitationAccepted } from "../../server/repositories/workspaces";
import { Header } from "../components/ui/Header";
import { ErrorSummary, TextField, fieldErrors } from "../components/ui/forms";
import { startSession } from "../utils/auth.server";
import { notFound } from "../utils/http";

function openInvitation(context: LoaderFunctionArgs["context"], token: string | undefined) {
  const invite = token && /^[A-Za-z0-9_-]{20,100}$/.test(token) ? findOpenInvitation(context.db, token) : undefined;
  if (!invite) notFound("This invitation link is not valid. It may have expired or been used already.");
  return invite;
}

export async function loader({ context, params }: LoaderFunctionArgs) {
  const invite = openInvitation(context, params.token);
  return { name: invite.name, email: invite.email, workspaceName: invite.workspaceName };
}

const PasswordForm = z
  .object({
    password: z.string().min(12, "Your password must be at least 12 characters").max(200, "Your password must be 200 characters or fewer"),
    confirm: z.string(),
  })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "The passwords do not match" });

export async function action({ request, context, params }: ActionFunctionArgs) {
  const invite = openInvitation(context, params.token);
  const form = await request.formData();
  const parsed = PasswordForm.safeParse({ password: form.get("password") ?? "", confirm: form.get("confirm") ?? "" });
  if (!parsed.success) {
    const errors = fieldErrors(parsed.error);
    return { errors };
  }
  setPasswordHash(context.db, invite.userId, await hashPassword(parsed.data.password));
  markInvitationAccepted(context.db, invite.id);
  throw redirect(`/w/${invite.workspaceId}`, { headers: { "Set-Cookie": startSession(context, invite.userId, request.headers.get("user-agent")) } });
}

export default function AcceptInvitation() {
  const { name, email, workspaceName } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  return (
    <>
      <Header />
      <div className="nhsuk-width-container">
        <main className="nhsuk-main-wrapper" id="maincontent">
          <div className="nhsuk-grid-row">
            <div className="nhsuk-grid-column-two-thirds">
              <ErrorSummary errors={data?.errors} />
              <h1>Join {workspaceName}</h1>
              <p>
                Welcome, {name}. Choose a password for <strong>{email}</strong>.
              </p>
              <Form method="post" noValidate>
                <TextField name="password" label="New password" hint="At least 12 characters. A short phrase is easier to remember." type="password" autoComplete="new-password" error={data?.errors?.password} />
                <TextField name="confirm" label="Confirm password" type="password" autoComplete="new-password" error={data?.errors?.confirm} />
                <button className="nhsuk-button" type="submit">
                  Set password and continue
                </button>
              </Form>
            </div>
          </div>
        </main>
      </div>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Accept invitation – Devolve" }];
