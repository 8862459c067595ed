import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { Header } from "../components/ui/Header";
import { ErrorSummary, TextField, type FieldErrors, fieldErrors } from "../components/ui/forms";
import { getUser, signIn } from "../utils/auth.server";
import { safeRedirect } from "../utils/http";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get("redirectTo"), request);
  if (getUser(request, context)) throw redirect(redirectTo);
  // Only a checked same-site path goes back into the page, never the raw parameter.
  return { redirectTo };
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
  const { redirectTo } = useLoaderData<typeof loader>();
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
              <p>Plan your trust's service lines, scheme of delegation and earned autonomy together.</p>
              <Form method="post" action="/sign-in" noValidate>
                <input type="hidden" name="redirectTo" value={redirectTo} />
                <TextField name="email" label="Email address" type="email" autoComplete="username" spellCheck={false} defaultValue={data?.email} error={data?.errors?.email} />
                <TextField name="password" label="Password" type="password" autoComplete="current-password" error={data?.errors?.password} />
                <button className="nhsuk-button" type="submit" disabled={busy}>
                  {busy ? "Signing in…" : "Sign in"}
                </button>
              </Form>
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
