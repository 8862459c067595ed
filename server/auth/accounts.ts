import type { Db } from "../../db/client";
import { appendAudit } from "../audit/chain";
import { acceptInvitationsBySso } from "../repositories/invitations";
import { createUser, findUserByEmail } from "../repositories/users";
import { addMembership, findMembershipRow, listUserWorkspaces, workspacesForSsoDomain } from "../repositories/workspaces";
import type { OidcClaims } from "./oidc";

export type SsoMatch = { ok: true; userId: string; joined: string[] } | { ok: false; message: string };

/**
 * The member a single sign-on is for, matched by the provider's verified e-mail address only (never
 * by a name or an unverified claim). Someone with no membership yet first takes up the invitations
 * open for their address (the verified address proves what the mailed link would), else joins, as a viewer, the trusts
 * that allow their address's domain (issue 17: "invited on first sign-in if the trust allows its
 * domain"); a deactivated membership stays deactivated.
 */
export function matchSsoUser(db: Db, claims: OidcClaims): SsoMatch {
  if (!claims.email || !claims.emailVerified) {
    return { ok: false, message: "Your organisation's sign-in did not give a verified e-mail address, so Devolve cannot tell which account is yours. Sign in with your Devolve password, or ask your administrator." };
  }
  const email = claims.email;
  const existing = findUserByEmail(db, email);
  if (existing && (existing.platformAdmin || listUserWorkspaces(db, existing.id).length > 0)) return { ok: true, userId: existing.id, joined: [] };
  const invited = acceptInvitationsBySso(db, email, claims.name ?? "");
  if (invited) {
    const user = findUserByEmail(db, email)!;
    for (const a of invited.accepted) appendAudit(db, { workspaceId: a.workspaceId, actorId: invited.userId, actorName: user.name, kind: "invitation.accepted_sso", subject: user.name, detail: { userId: invited.userId, email, role: a.role } });
    return { ok: true, userId: invited.userId, joined: invited.accepted.map((a) => a.workspaceId) };
  }
  const domain = email.split("@")[1] ?? "";
  const trusts = workspacesForSsoDomain(db, domain);
  const joined: string[] = [];
  const userId = db.$client.transaction(() => {
    if (!trusts.length) return null;
    const user = existing ?? createUser(db, { email, name: claims.name?.trim() || email, passwordHash: null });
    for (const t of trusts) {
      if (findMembershipRow(db, t.id, user.id)) continue;
      addMembership(db, { workspaceId: t.id, userId: user.id, role: "viewer" });
      joined.push(t.id);
      appendAudit(db, { workspaceId: t.id, actorId: user.id, actorName: user.name, kind: "member.sso_joined", subject: user.name, detail: { userId: user.id, email, role: "viewer", domain } });
    }
    return joined.length ? user.id : null;
  })();
  if (!userId) return { ok: false, message: `There is no Devolve account for ${email}. Ask your trust's Devolve administrator to invite you.` };
  return { ok: true, userId, joined };
}
