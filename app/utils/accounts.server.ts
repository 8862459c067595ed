import type { AppLoadContext } from "@remix-run/node";
import { randomToken } from "../../server/auth/password";
import { appendAudit } from "../../server/audit/chain";
import { invitationMail, passwordResetMail } from "../../server/mail";
import { createInvitation } from "../../server/repositories/invitations";
import { deleteUserSessions } from "../../server/repositories/sessions";
import { createPasswordReset, findUserByEmail } from "../../server/repositories/users";
import type { Role } from "../../shared/roles";
import { formatDate, londonDate } from "../../shared/format/dates";

/**
 * The address links are built from: PUBLIC_URL when set (always with mail or single sign-on, see
 * server/env.ts), so a request's Host header can never point a mailed link at another site.
 */
export function publicBase(context: AppLoadContext, request: Request): string {
  return context.env.PUBLIC_URL ?? new URL(request.url).origin;
}

/** Ends every session of a user and closes their open documents everywhere. */
export function endAllSessions(context: AppLoadContext, userId: string): number {
  const ids = deleteUserSessions(context.db, userId);
  for (const id of ids) context.collab.endSession(id);
  return ids.length;
}

export type InviteOutcome = { mailed: true; expiresAt: number } | { mailed: false; link: string; expiresAt: number; mailError?: string };

/**
 * Creates an invitation (replacing any open one this workspace sent the address) and e-mails its
 * link. The link is returned for the administrator to pass on only when no mail server is
 * configured; when sending fails the invitation stands and the administrator is told to resend.
 */
export async function inviteByMail(
  context: AppLoadContext,
  request: Request,
  input: { workspaceId: string; trustName: string; email: string; name: string; role: Role; boardSignatory: boolean; serviceLineIds: string[]; inviter: { id: string; name: string } },
): Promise<InviteOutcome> {
  const token = randomToken();
  const ttlMs = context.env.INVITE_TTL_DAYS * 24 * 3600_000;
  const invite = createInvitation(context.db, { token, workspaceId: input.workspaceId, email: input.email, name: input.name, role: input.role, boardSignatory: input.boardSignatory, serviceLineIds: input.serviceLineIds, invitedBy: input.inviter.id, ttlMs });
  appendAudit(context.db, { workspaceId: input.workspaceId, actorId: input.inviter.id, actorName: input.inviter.name, kind: "invitation.sent", subject: invite.name, detail: { email: invite.email, role: input.role, boardSecretary: input.boardSignatory, serviceLineIds: input.serviceLineIds, expiresAt: invite.expiresAt, mailed: context.mailer !== null } });
  const link = `${publicBase(context, request)}/invite/${token}`;
  if (!context.mailer) return { mailed: false, link, expiresAt: invite.expiresAt };
  try {
    await context.mailer.send(invitationMail({ to: invite.email, name: invite.name, trustName: input.trustName, inviterName: input.inviter.name, link, expiresAt: invite.expiresAt, formatDate: (ms) => formatDate(londonDate(ms)) }));
    return { mailed: true, expiresAt: invite.expiresAt };
  } catch (err) {
    context.logger.error({ err, workspace: input.workspaceId }, "invitation e-mail could not be sent");
    // The link is not shown even now: a mail server is configured, so the person must get it by mail.
    return { mailed: false, link: "", expiresAt: invite.expiresAt, mailError: "The invitation was saved but the e-mail could not be sent. Check the mail server, then choose Resend." };
  }
}

/**
 * Sends a password-reset link to an address if it has an account. The caller says the same thing
 * whatever happened, so the form cannot be used to find out who has an account.
 */
export async function sendPasswordReset(context: AppLoadContext, request: Request, email: string, requestedBy: { id: string; name: string } | null): Promise<void> {
  if (!context.mailer) return;
  const user = findUserByEmail(context.db, email);
  if (!user) return;
  const token = randomToken();
  const minutes = context.env.PASSWORD_RESET_TTL_MINUTES;
  createPasswordReset(context.db, user.id, token, minutes * 60_000);
  appendAudit(context.db, { workspaceId: null, actorId: requestedBy?.id ?? null, actorName: requestedBy?.name ?? null, kind: "auth.password_reset_requested", subject: user.id, detail: { ip: context.clientIp } });
  try {
    await context.mailer.send(passwordResetMail({ to: user.email, name: user.name, link: `${publicBase(context, request)}/reset-password/${token}`, minutes }));
  } catch (err) {
    context.logger.error({ err }, "password reset e-mail could not be sent");
  }
}
