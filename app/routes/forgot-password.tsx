import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { normaliseEmail } from "../../server/repositories/users";
import { Header } from "../components/ui/Header";
import { ErrorSummary, TextField, fieldErrors } from "../components/ui/forms";
import { sendPasswordReset } from "../utils/accounts.server";

export async function loader({ context }: LoaderFunctionArgs) {
  return { mailConfigured: context.mailer !== null, minutes: context.env.PASSWORD_RESET_TTL_MINUTES };
}

const ForgotForm = z.object({
  email: z.string().trim().min(1, "Enter your e-mail address").max(254, "E-mail address must be 254 characters or fewer").email("Enter an e-mail address in the correct format, like name@example.nhs.uk"),
});

// Reset mails are bounded per address and per client address, so the form cannot flood a mailbox.
const WINDOW_MS = 15 * 60_000;
const PER_ACCOUNT = 3;
const PER_IP = 20;
const recent = new Map<string, number[]>();
function allowed(key: string, limit: number, now: number): boolean {
  const times = (recent.get(key) ?? []).filter((t) => now - t < WINDOW_MS);
  if (recent.size > 50_000) recent.clear();
  if (times.length >= limit) return false;
  times.push(now);
  recent.set(key, times);
  return true;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const parsed = ForgotForm.safeParse({ email: form.get("email") ?? "" });
  if (!parsed.success) return { errors: fieldErrors(parsed.error), sent: false };
  const email = normaliseEmail(parsed.data.email);
  const now = Date.now();
  if (allowed(`ip:${context.clientIp}`, PER_IP, now) && allowed(`account:${email}`, PER_ACCOUNT, now)) await sendPasswordReset(context, request, email, null);
  // The same answer whether or not the address has an account, or was throttled.
  return { errors: undefined, sent: true };
}

export default function ForgotPassword() {
  const { mailConfigured, minutes } = useLoaderData<typeof loader>();
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
              <h1>Reset your password</h1>
              {!mailConfigured ? (
                <p>This Devolve has no mail server set up, so it cannot send a reset link. Ask your trust's Devolve administrator for help.</p>
              ) : data?.sent ? (
                <div className="nhsuk-inset-text" role="status">
                  <p>If there is a Devolve account for that address, we have sent it a link to choose a new password. The link works once, for {minutes} minutes.</p>
                  <p>If nothing arrives within a few minutes, check your junk folder.</p>
                </div>
              ) : (
                <Form method="post" noValidate>
                  <TextField name="email" label="E-mail address" hint="We will send a link to choose a new password." type="email" autoComplete="username" spellCheck={false} error={data?.errors?.email} />
                  <button className="nhsuk-button" type="submit" disabled={busy}>
                    Send reset link
                  </button>
                </Form>
              )}
              <p>
                <Link to="/sign-in">Back to sign in</Link>
              </p>
            </div>
          </div>
        </main>
      </div>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Reset your password – Devolve" }];
