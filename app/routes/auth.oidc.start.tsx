import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { serialize } from "cookie";
import { OIDC_COOKIE } from "../../server/auth/oidc";
import { notFound, safeRedirect } from "../utils/http";

/** Sends the browser to the trust's identity provider (Microsoft Entra ID for NHSmail). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  if (!context.oidc) notFound("Single sign-on is not set up on this Devolve.");
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get("redirectTo"), request);
  let started: { url: string; flowId: string };
  try {
    started = await context.oidc.start(redirectTo);
  } catch (err) {
    context.logger.error({ err }, "single sign-on provider unreachable");
    throw redirect(`/sign-in?sso=unavailable`);
  }
  // The callback is a top-level navigation back from the provider, which SameSite=Lax lets through.
  const cookie = serialize(OIDC_COOKIE, started.flowId, { httpOnly: true, sameSite: "lax", secure: context.secure, path: "/auth/oidc", maxAge: 600 });
  throw redirect(started.url, { headers: { "Set-Cookie": cookie } });
}
