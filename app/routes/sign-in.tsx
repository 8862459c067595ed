import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { Header } from "../components/ui/Header";
import { ErrorSummary, TextField, type FieldErrors, fieldErrors } from "../components/ui/forms";
import { getUser, signIn } from "../utils/auth.server";
import { safeRedirect } from "../utils/http";

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (getUser(request, context)) throw redirect(safeRedirect(new URL(request.url).searchParams.get("redirectTo")));
  return null;
}

const SignInForm = z.object({
  email: z.string().trim().min(1, "Enter your email address").max(254, "Email address must be 254 characters or fewer").email("Enter an email address in the correct format, like name@example.nhs.uk"),
  password: z.string().min(1, "Enter your password").max(200, "Password must be 200 characters or fewer"),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const parsed = SignInForm.safeParse({ email: form.get("email") ?? "", password: form.get("password") ?? "" });
  const email = String(form.get("email") ?? "");
  if (!parsed.success) {
    const errors = fieldErrors(parsed.error);
    return { errors, email };
  }
  const result = await signIn(context, parsed.data.email, parsed.data.password, request.headers.get("user-agent"));
  if (!result.ok) return { errors: { form: result.message } as FieldErrors, email };
  throw redirect(safeRedirect(form.get("redirectTo")), { headers: { "Set-Cookie": result.setCookie } });
}

export default function SignIn() {
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
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
              <Form method="post" noValidate>
                <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/"} />
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

export const meta: MetaFunction = () => [{ title: "Sign in – Devolve" }];
