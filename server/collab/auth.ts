import type { IncomingMessage } from "node:http";
import type { Db } from "../../db/client";
import { roomAccess } from "../../shared/roles";
import { readSessionToken } from "../auth/cookies";
import { findSessionUser } from "../repositories/sessions";
import { findMembership } from "../repositories/workspaces";
import type { AuthorizeUpgrade } from "./index";

/** Authorizes a collaboration upgrade from the session cookie and the role rules in `shared/roles`. */
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
      canWrite: roomAccess(member, room.kind, room.doc) === "write",
      sessionId: session.sessionId,
    };
  };
}
