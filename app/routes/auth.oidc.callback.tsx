import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { parse, serialize } from "cookie";
import { appendAudit } from "../../server/audit/chain";
import { matchSsoUser } from "../../server/auth/accounts";
import { OIDC_COOKIE } from "../../server/auth/oidc";
import { Header } from "../components/ui/Header";
import { startSession } from "../utils/auth.server";
import { notFound, safeRedirect } from "../utils/http";

/**
 * Where the identity provider sends the browser back (register `<PUBLIC_URL>/auth/oidc/callback` as
 * the redirect URI). The code is exchanged and the ID token checked by openid-client; the person is
 * matched by verified e-mail. Any failure shows why and signs nobody in.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  if (!context.oidc) notFound("Single sign-on is not set up on this Devolve.");
  const flowId = parse(request.headers.get("cookie") ?? "")[OIDC_COOKIE] ?? null;
  const clear = serialize(OIDC_COOKIE, "", { httpOnly: true, sameSite: "lax", secure: context.secure, path: "/auth/oidc", maxAge: 0 });
  // The provider redirected to PUBLIC_URL; the exchange must present exactly that address.
  const incoming = new URL(request.url);
  const callbackUrl = new URL(context.oidc.redirectUri);
  callbackUrl.search = incoming.search;
  const outcome = await context.oidc.finish(flowId, callbackUrl);
  if (!outcome.ok) return data({ message: outcome.message }, { status: 400, headers: { "Set-Cookie": clear } });
  const match = matchSsoUser(context.db, outcome.claims);
  if (!match.ok) return data({ message: match.message }, { status: 403, headers: { "Set-Cookie": clear } });
  appendAudit(context.db, { workspaceId: null, actorId: match.userId, actorName: null, kind: "auth.sso_sign_in", subject: match.userId, detail: { ip: context.clientIp, subject: outcome.claims.subject, joined: match.joined } });
  const headers = new Headers();
  headers.append("Set-Cookie", clear);
  headers.append("Set-Cookie", startSession(context, match.userId, request.headers.get("user-agent")));
  throw redirect(safeRedirect(outcome.redirectTo, request), { headers });
}

export default function OidcCallback() {
  const { message } = useLoaderData<typeof loader>();
  return (
    <>
      <Header />
      <div className="nhsuk-width-container">
        <main className="nhsuk-main-wrapper" id="maincontent">
          <h1>You have not been signed in</h1>
          <p data-testid="sso-refused">{message}</p>
          <p>
            <Link to="/sign-in">Back to sign in</Link>
          </p>
        </main>
      </div>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Sign-in not completed – Devolve" }];
