import * as client from "openid-client";

import type { Env } from "../env";
import type { Logger } from "../logger";
import { randomToken } from "./password";

/*
 * OpenID Connect sign-in (Microsoft Entra ID for NHSmail, or any certified provider) through
 * openid-client, a certified relying-party library: discovery, the authorization code flow with
 * PKCE, and state, nonce, ID-token signature and claims checked by the library. Nothing here parses
 * or verifies a JWT by hand.
 *
 * The flow's secrets (PKCE verifier, state, nonce) stay on the server, keyed by a random id in a
 * short-lived HttpOnly cookie: the browser carries only a handle, and a callback without the
 * matching cookie (another browser, a replayed link) finds nothing.
 */

export const OIDC_COOKIE = "devolve_oidc";
const FLOW_TTL_MS = 10 * 60_000;
const MAX_PENDING = 10_000;

interface PendingFlow {
  verifier: string;
  state: string;
  nonce: string;
  redirectTo: string;
  expiresAt: number;
}

export interface OidcClaims {
  email: string | null;
  emailVerified: boolean;
  name: string | null;
  subject: string;
}

export type OidcOutcome = { ok: true; claims: OidcClaims; redirectTo: string } | { ok: false; message: string };

export interface OidcService {
  label: string;
  redirectUri: string;
  /** Starts a sign-in: the provider's address to send the browser to and the flow id for the cookie. */
  start(redirectTo: string): Promise<{ url: string; flowId: string }>;
  /** Finishes it: the code is exchanged and the ID token checked; any failure is a refusal, never a session. */
  finish(flowId: string | null, callbackUrl: URL): Promise<OidcOutcome>;
}

const isLocalHttp = (url: URL) => url.protocol === "http:" && (url.hostname === "127.0.0.1" || url.hostname === "localhost" || url.hostname === "[::1]");

/** The OIDC relying party configured by OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET, or null. */
export function createOidcService(env: Env, logger: Logger): OidcService | null {
  if (!env.OIDC_ISSUER || !env.OIDC_CLIENT_ID || !env.OIDC_CLIENT_SECRET || !env.PUBLIC_URL) return null;
  const issuer = new URL(env.OIDC_ISSUER);
  const redirectUri = `${env.PUBLIC_URL}/auth/oidc/callback`;
  const pending = new Map<string, PendingFlow>();
  let config: Promise<client.Configuration> | null = null;

  const configuration = () => {
    // The ID token's signature is always verified against the provider's published keys
    // (enableNonRepudiationChecks): openid-client otherwise trusts a token fetched over TLS unsigned,
    // as OIDC Core allows, and a tampered token would then be believed. Plain http is allowed only
    // for a provider on this machine (tests, local trials), never elsewhere.
    const execute = [client.enableNonRepudiationChecks, ...(isLocalHttp(issuer) ? [client.allowInsecureRequests] : [])];
    config ??= client
      .discovery(issuer, env.OIDC_CLIENT_ID!, env.OIDC_CLIENT_SECRET!, undefined, { execute })
      .catch((err: unknown) => {
        config = null;
        throw err;
      });
    return config;
  };

  const prune = (now: number) => {
    for (const [id, f] of pending) if (f.expiresAt <= now) pending.delete(id);
  };

  return {
    label: env.OIDC_LABEL,
    redirectUri,
    async start(redirectTo) {
      const cfg = await configuration();
      const now = Date.now();
      prune(now);
      // Bounded: a flood of abandoned starts pushes out the oldest, it does not grow memory.
      while (pending.size >= MAX_PENDING) pending.delete(pending.keys().next().value!);
      const verifier = client.randomPKCECodeVerifier();
      const flow: PendingFlow = { verifier, state: client.randomState(), nonce: client.randomNonce(), redirectTo, expiresAt: now + FLOW_TTL_MS };
      const flowId = randomToken();
      pending.set(flowId, flow);
      const url = client.buildAuthorizationUrl(cfg, {
        redirect_uri: redirectUri,
        scope: "openid email profile",
        response_type: "code",
        code_challenge: await client.calculatePKCECodeChallenge(verifier),
        code_challenge_method: "S256",
        state: flow.state,
        nonce: flow.nonce,
      });
      return { url: url.href, flowId };
    },
    async finish(flowId, callbackUrl) {
      const flow = flowId ? pending.get(flowId) : undefined;
      // One use: a second callback with the same cookie finds nothing.
      if (flowId) pending.delete(flowId);
      if (!flow || flow.expiresAt <= Date.now()) return { ok: false, message: "This sign-in took too long or was started in another browser. Start again from the sign-in page." };
      const providerError = callbackUrl.searchParams.get("error");
      if (providerError) return { ok: false, message: "Your organisation's sign-in did not complete. Try again, or sign in with your Devolve password." };
      try {
        const cfg = await configuration();
        const tokens = await client.authorizationCodeGrant(cfg, callbackUrl, { pkceCodeVerifier: flow.verifier, expectedState: flow.state, expectedNonce: flow.nonce, idTokenExpected: true });
        const claims = tokens.claims();
        if (!claims) return { ok: false, message: "Your organisation's sign-in did not say who you are. Try again." };
        const email = typeof claims.email === "string" ? claims.email.trim().toLowerCase() : null;
        // Entra ID does not send email_verified; its optional claim xms_edov says the domain's owner verified the address.
        const emailVerified = claims.email_verified === true || claims.xms_edov === true || claims.xms_edov === "1" || claims.xms_edov === "true";
        return { ok: true, redirectTo: flow.redirectTo, claims: { email, emailVerified, name: typeof claims.name === "string" ? claims.name : null, subject: claims.sub } };
      } catch (err) {
        logger.warn({ err: err instanceof Error ? { name: err.name, message: err.message, code: (err as { code?: string }).code } : String(err) }, "single sign-on refused");
        return { ok: false, message: "Your organisation's sign-in could not be checked, so you have not been signed in. Start again from the sign-in page." };
      }
    },
  };
}

