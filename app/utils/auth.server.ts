import type { AppLoadContext } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { can, type Action, type MemberAccess } from "../../shared/roles";
import { verifyPassword } from "../../server/auth/password";
import { clearSessionCookie, readSessionToken, sessionCookie } from "../../server/auth/cookies";
import { createSession, deleteSession, findSessionUser, hashToken } from "../../server/repositories/sessions";
import { findUserByEmail, normaliseEmail } from "../../server/repositories/users";
import { findMembership, findWorkspace } from "../../server/repositories/workspaces";
import { forbidden, notFound } from "./http";

export type SessionUser = { id: string; email: string; name: string };

/** The signed-in user, or null. */
export function getUser(request: Request, context: AppLoadContext): SessionUser | null {
  const token = readSessionToken(request.headers.get("cookie"));
  return token ? (findSessionUser(context.db, token)?.user ?? null) : null;
}

/** The signed-in user, or a redirect to the sign-in page that comes back here afterwards. */
export function requireUser(request: Request, context: AppLoadContext): SessionUser {
  const user = getUser(request, context);
  if (!user) {
    const url = new URL(request.url);
    throw redirect(`/sign-in?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return user;
}

/** The user, workspace and membership for a workspace route: 404 if no such trust, 403 if not a member. */
export function requireMember(request: Request, context: AppLoadContext, workspaceId: string | undefined) {
  const user = requireUser(request, context);
  const workspace = workspaceId ? findWorkspace(context.db, workspaceId) : undefined;
  if (!workspace) notFound("No such workspace");
  const member = findMembership(context.db, workspace.id, user.id);
  if (!member) forbidden(`You are not a member of ${workspace.name}. Ask one of its administrators to invite you.`);
  return { user, workspace, member };
}

/** Throws 403 unless the member may take the action. */
export function requirePermission(member: MemberAccess, action: Action, message?: string) {
  if (!can(member, action)) forbidden(message ?? "Your role does not allow this.");
}

export type SignInResult = { ok: true; setCookie: string } | { ok: false; message: string };

const NEUTRAL = "The email address or password is not right. Check them and try again.";

/**
 * Checks credentials with limits per client address and per account. The message is the same for an
 * unknown address and a wrong password, so the form cannot be used to find out who has an account.
 */
export async function signIn(context: AppLoadContext, email: string, password: string, userAgent: string | null): Promise<SignInResult> {
  const { byIp, byAccount } = context.signInLimits;
  const accountKey = normaliseEmail(email);
  const wait = Math.max(byIp.retryAfterMs(context.clientIp), byAccount.retryAfterMs(accountKey));
  if (wait > 0) {
    const minutes = Math.max(1, Math.ceil(wait / 60_000));
    return { ok: false, message: `Too many failed attempts. Wait ${minutes} minute${minutes === 1 ? "" : "s"} and try again.` };
  }
  const user = findUserByEmail(context.db, accountKey);
  const valid = await verifyPassword(password, user?.passwordHash ?? null);
  if (!user || !valid) {
    byIp.fail(context.clientIp);
    byAccount.fail(accountKey);
    context.logger.warn({ ip: context.clientIp }, "failed sign-in");
    return { ok: false, message: NEUTRAL };
  }
  byAccount.reset(accountKey);
  const ttl = context.env.SESSION_TTL_HOURS * 3600_000;
  const { token, expiresAt } = createSession(context.db, user.id, ttl, userAgent);
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
