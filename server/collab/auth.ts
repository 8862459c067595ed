import type { IncomingMessage } from "node:http";
import type { Db } from "../../db/client";
import { docAccess } from "../../shared/collab/registry";
import { readSessionToken } from "../auth/cookies";
import { findSessionUser } from "../repositories/sessions";
import { findMembership } from "../repositories/workspaces";
import type { AuthorizeUpgrade } from "./index";

/** Authorizes a collaboration upgrade from the session cookie, the membership and the registry's write rights. */
export function sessionAuthorizer(db: Db): AuthorizeUpgrade {
  return async (req: IncomingMessage, room) => {
    const token = readSessionToken(req.headers.cookie);
    const session = token ? findSessionUser(db, token) : undefined;
    if (!session) return { status: 401, message: "Sign in to join this document." };
    const member = findMembership(db, room.workspaceId, session.user.id);
    if (!member) return { status: 403, message: "You are not a member of this workspace." };
    return {
      userId: session.user.id,
      userName: session.user.name,
      canWrite: docAccess(member, room.ref) === "write",
      member,
      sessionId: session.sessionId,
    };
  };
}
