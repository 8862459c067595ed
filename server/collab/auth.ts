import type { IncomingMessage } from "node:http";
import type { Db } from "../../db/client";
import { docAccess } from "../../shared/collab/registry";
import type { MemberAccess } from "../../shared/roles";
import { readSessionToken } from "../auth/cookies";
import { findSessionUser, isSessionLive } from "../repositories/sessions";
import { findMembership } from "../repositories/workspaces";
import type { AuthorizeUpgrade, RecheckAccess } from "./index";

/** Authorizes a collaboration upgrade from the session cookie, the membership and the registry's write rights. */
export function sessionAuthorizer(db: Db): AuthorizeUpgrade {
  return async (req: IncomingMessage, room) => {
    const token = readSessionToken(req.headers.cookie);
    const session = token ? findSessionUser(db, token) : undefined;
    if (!session) return { status: 401, message: "Sign in to join this document." };
    const member = findMembership(db, room.workspaceId, session.user.id);
    // The same answer as for a workspace that does not exist: an upgrade must not tell which trusts do.
    if (!member) return { status: 404, message: "There is no such document in this workspace." };
    return {
      userId: session.user.id,
      userName: session.user.name,
      canWrite: docAccess(member, room.ref) === "write",
      member,
      sessionId: session.sessionId,
      expiresAt: session.expiresAt,
    };
  };
}

const sameAccess = (a: MemberAccess, b: MemberAccess) =>
  a.role === b.role && a.boardSignatory === b.boardSignatory && a.serviceLineIds.length === b.serviceLineIds.length && a.serviceLineIds.every((id, i) => b.serviceLineIds[i] === id);

/** Checks an open connection again: its session is live, its owner still a member with the same access. */
export function sessionRecheck(db: Db): RecheckAccess {
  return (access, address) => {
    if (access.sessionId && !isSessionLive(db, access.sessionId)) return "session-ended";
    const member = findMembership(db, address.workspaceId, access.userId);
    if (!member) return "no-access";
    if (access.member && !sameAccess(access.member, member)) return "access-changed";
    return "ok";
  };
}
