import type { AppLoadContext } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { can, type Action, type MemberAccess } from "../../shared/roles";
import { verifyPassword } from "../../server/auth/password";
import { clearSessionCookie, readSessionToken, sessionCookie } from "../../server/auth/cookies";
import { createSession, deleteSession, findSessionUser, hashToken } from "../../server/repositories/sessions";
import { findUserByEmail, normaliseEmail } from "../../server/repositories/users";
import { findMembership, findWorkspace } from "../../server/repositories/workspaces";
import { forbidden, notFound, unauthorized } from "./http";
import { appendAudit } from "../../server/audit/chain";

export type SessionUser = { id: string; email: string; name: string; platformAdmin?: boolean };

/** The signed-in user, or null. */
export function getUser(request: Request, context: AppLoadContext): SessionUser | null {
  const token = readSessionToken(request.headers.get("cookie"));
  return token ? (findSessionUser(context.db, token)?.user ?? null) : null;
}

/**
 * Whether the request wants data rather than a page: a Remix single-fetch (`.data`) request, a
 * fetch that accepts JSON and not HTML, or a file export. A redirect to the sign-in page is no
 * use to these; they get 401 instead.
 */
function wantsData(request: Request, context: AppLoadContext): boolean {
  if (context.dataRequest) return true;
  const accept = request.headers.get("accept") ?? "";
  if (/application\/json/i.test(accept) && !/text\/html/i.test(accept)) return true;
  return /\/export\/?$/.test(new URL(request.url).pathname);
}

/**
 * The signed-in user. Otherwise a page gets a redirect to the sign-in page that comes back here
 * afterwards, and a request for data or a file gets 401.
 */
export function requireUser(request: Request, context: AppLoadContext): SessionUser {
  const user = getUser(request, context);
  if (!user) {
    if (wantsData(request, context)) unauthorized();
    const url = new URL(request.url);
    // A session cookie that no longer opens a session: the session ended (expired or signed out
    // elsewhere), and the sign-in page says so rather than look like a first visit (issue 16).
    const ended = readSessionToken(request.headers.get("cookie")) ? "&ended=1" : "";
    throw redirect(`/sign-in?redirectTo=${encodeURIComponent(url.pathname + url.search)}${ended}`);
  }
  return user;
}

/**
 * The user, workspace and membership for a workspace route. A trust the person is not a member of
 * gets the same 404 as one that does not exist, so the address cannot be used to find out which
 * trusts exist or what they are called.
 */
export function requireMember(request: Request, context: AppLoadContext, workspaceId: string | undefined) {
  const user = requireUser(request, context);
  const workspace = workspaceId ? findWorkspace(context.db, workspaceId) : undefined;
  const member = workspace ? findMembership(context.db, workspace.id, user.id) : undefined;
  if (!workspace || !member) notFound("No such workspace");
  return { user, workspace, member };
}

/** Throws 403 unless the member may take the action. */
export function requirePermission(member: MemberAccess, action: Action, message?: string) {
  if (!can(member, action)) forbidden(message ?? "Your role does not allow this.");
}

export type SignInResult = { ok: true; setCookie: string } | { ok: false; message: string; status: number; retryAfterS?: number };

const NEUTRAL = "The email address or password is not right. Check them and try again.";

/**
 * Checks credentials, slowed per client address and per account (see server/auth/throttle.ts): a
 * stranger's wrong guesses make the next attempts wait a few seconds, but never refuse the right
 * password. The message is the same for an unknown address and a wrong password, so the form cannot
 * be used to find out who has an account.
 */
export async function signIn(context: AppLoadContext, email: string, password: string, userAgent: string | null, signal?: AbortSignal): Promise<SignInResult> {
  const accountKey = normaliseEmail(email);
  let userId: string | undefined;
  const result = await context.signInThrottle.attempt(
    context.clientIp,
    accountKey,
    async () => {
      const user = findUserByEmail(context.db, accountKey);
      userId = user?.id;
      return (await verifyPassword(password, user?.passwordHash ?? null)) && user !== undefined;
    },
    signal,
  );
  switch (result.outcome) {
    case "too-many": {
      const retryAfterS = Math.max(1, Math.ceil(result.retryAfterMs / 1000));
      return { ok: false, status: 429, retryAfterS, message: `Too many sign-in attempts from your network at once. Wait ${retryAfterS} second${retryAfterS === 1 ? "" : "s"} and try again.` };
    }
    case "busy":
    case "aborted":
      return { ok: false, status: 503, retryAfterS: 2, message: "Sign-in is busy at the moment. Wait a few seconds and try again." };
    case "wrong":
      context.logger.warn({ ip: context.clientIp, waitedMs: result.waitedMs }, "failed sign-in");
      return { ok: false, status: 200, message: NEUTRAL };
  }
  const ttl = context.env.SESSION_TTL_HOURS * 3600_000;
  const { token, expiresAt } = createSession(context.db, userId!, ttl, userAgent);
  // Sign-ins are part of the audit trail (issue 11); the record names the account, not its workspaces.
  appendAudit(context.db, { workspaceId: null, actorId: userId!, actorName: null, kind: "auth.sign_in", subject: userId!, detail: { ip: context.clientIp } });
  return { ok: true, setCookie: sessionCookie(token, expiresAt, context.secure) };
}

/** Ends the session in the database (so the cookie is useless even if kept) and clears the cookie. */
export function signOut(request: Request, context: AppLoadContext): string {
  const token = readSessionToken(request.headers.get("cookie"));
  if (token) {
    deleteSession(context.db, token);
    // Open documents in other tabs of this session stop syncing too.
    context.collab.endSession(hashToken(token));
  }
  return clearSessionCookie(context.secure);
}

/** Starts a session for a user who has just set their password through an invitation. */
export function startSession(context: AppLoadContext, userId: string, userAgent: string | null): string {
  const { token, expiresAt } = createSession(context.db, userId, context.env.SESSION_TTL_HOURS * 3600_000, userAgent);
  return sessionCookie(token, expiresAt, context.secure);
}
