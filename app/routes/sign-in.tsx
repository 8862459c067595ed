import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { Header } from "../components/ui/Header";
import { ErrorSummary, TextField, type FieldErrors, fieldErrors } from "../components/ui/forms";
import { getUser, signIn } from "../utils/auth.server";
import { safeRedirect } from "../utils/http";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get("redirectTo"), request);
  if (getUser(request, context)) throw redirect(redirectTo);
  // Only a checked same-site path goes back into the page, never the raw parameter.
  const ssoUnavailable = new URL(request.url).searchParams.get("sso") === "unavailable";
  return {
    redirectTo,
    sessionEnded: new URL(request.url).searchParams.get("ended") === "1",
    // Single sign-on and password reset are offered only where configured (issue 17).
    sso: context.oidc ? { label: context.oidc.label, unavailable: ssoUnavailable } : null,
    canReset: context.mailer !== null,
  };
}

/** Longest email address echoed back into the form: the most a valid address can be. */
const MAX_ECHO = 254;

const SignInForm = z.object({
  email: z.string().trim().min(1, "Enter your email address").max(254, "Email address must be 254 characters or fewer").email("Enter an email address in the correct format, like name@example.nhs.uk"),
  password: z.string().min(1, "Enter your password").max(200, "Password must be 200 characters or fewer"),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const parsed = SignInForm.safeParse({ email: form.get("email") ?? "", password: form.get("password") ?? "" });
  const entered = form.get("email");
  const email = typeof entered === "string" ? entered.slice(0, MAX_ECHO) : "";
  if (!parsed.success) {
    const errors = fieldErrors(parsed.error);
    return data({ errors, email });
  }
  const result = await signIn(context, parsed.data.email, parsed.data.password, request.headers.get("user-agent"), request.signal);
  if (!result.ok) {
    const headers: HeadersInit = result.retryAfterS ? { "Retry-After": String(result.retryAfterS) } : {};
    return data({ errors: { form: result.message } as FieldErrors, email }, { status: result.status, headers });
  }
  throw redirect(safeRedirect(form.get("redirectTo"), request), { headers: { "Set-Cookie": result.setCookie } });
}

export default function SignIn() {
  const data = useActionData<typeof action>();
  const { redirectTo, sessionEnded, sso, canReset } = useLoaderData<typeof loader>();
  const busy = useNavigation().state !== "idle";
  return (
    <>
      <Header />
      <div className="nhsuk-width-container">
        <main className="nhsuk-main-wrapper" id="maincontent">
          <div className="nhsuk-grid-row">
            <div className="nhsuk-grid-column-two-thirds">
              <ErrorSummary errors={data?.errors} />
              <h1>Sign in to Devolve</h1>
              {sessionEnded && !data?.errors ? (
                <div className="nhsuk-inset-text" role="status" data-testid="session-ended">
                  <p>Your session has ended, so you were signed out. Sign in again to carry on where you were.</p>
                </div>
              ) : null}
              <p>Plan your trust's service lines, scheme of delegation and earned autonomy together.</p>
              {sso ? (
                <>
                  {sso.unavailable ? (
                    <div className="nhsuk-warning-callout" role="status">
                      <h2 className="nhsuk-warning-callout__label">Single sign-on is not answering</h2>
                      <p>Your organisation's sign-in could not be reached. Try again in a few minutes, or sign in with your Devolve password.</p>
                    </div>
                  ) : null}
                  <p>
                    <a className="nhsuk-button" href={`/auth/oidc/start?redirectTo=${encodeURIComponent(redirectTo)}`}>
                      {sso.label}
                    </a>
                  </p>
                  <h2 className="nhsuk-heading-s">Or sign in with your Devolve password</h2>
                </>
              ) : null}
              <Form method="post" action="/sign-in" noValidate>
                <input type="hidden" name="redirectTo" value={redirectTo} />
                <TextField name="email" label="Email address" type="email" autoComplete="username" spellCheck={false} defaultValue={data?.email} error={data?.errors?.email} />
                <TextField name="password" label="Password" type="password" autoComplete="current-password" error={data?.errors?.password} />
                <button className="nhsuk-button" type="submit" disabled={busy}>
                  {busy ? "Signing in…" : "Sign in"}
                </button>
              </Form>
              {canReset ? (
                <p>
                  <Link to="/forgot-password">Forgotten your password?</Link>
                </p>
              ) : null}
            </div>
          </div>
        </main>
      </div>
    </>
  );
}

/** A refused attempt (429/503) tells the client when to come back. */
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : new Headers();
};

export const meta: MetaFunction = () => [{ title: "Sign in – Devolve" }];
