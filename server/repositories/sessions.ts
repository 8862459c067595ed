import { and, eq, gt, lt } from "drizzle-orm";
import { createHash } from "node:crypto";
import type { DbOrTx } from "../../db/client";
import { sessions, users } from "../../db/schema";
import { randomToken } from "../auth/password";

/** Sessions are stored by the SHA-256 of their token: the cookie alone can open one. */
export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** Creates a session and returns the cookie token (never stored in clear). */
export function createSession(db: DbOrTx, userId: string, ttlMs: number, userAgent: string | null): { token: string; expiresAt: number } {
  const token = randomToken();
  const now = Date.now();
  const expiresAt = now + ttlMs;
  db.insert(sessions).values({ id: hashToken(token), userId, createdAt: now, expiresAt, userAgent: userAgent?.slice(0, 200) ?? null }).run();
  return { token, expiresAt };
}

/** The signed-in user for a cookie token, or undefined when unknown or expired. */
export function findSessionUser(db: DbOrTx, token: string) {
  return db
    .select({ sessionId: sessions.id, expiresAt: sessions.expiresAt, user: { id: users.id, email: users.email, name: users.name, platformAdmin: users.platformAdmin } })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, hashToken(token)), gt(sessions.expiresAt, Date.now())))
    .get();
}

export function deleteSession(db: DbOrTx, token: string) {
  db.delete(sessions).where(eq(sessions.id, hashToken(token))).run();
}

/** Revokes every session of a user (e.g. after a password change); returns their ids so open sockets can be closed. */
export function deleteUserSessions(db: DbOrTx, userId: string): string[] {
  return db.delete(sessions).where(eq(sessions.userId, userId)).returning({ id: sessions.id }).all().map((r) => r.id);
}

/** Deletes sessions past their expiry; returns how many. The server runs it periodically. */
export function deleteExpiredSessions(db: DbOrTx): number {
  return db.delete(sessions).where(lt(sessions.expiresAt, Date.now())).run().changes;
}

/** Whether a session (by its stored id, the token's hash) still exists and has not expired. */
export function isSessionLive(db: DbOrTx, sessionId: string): boolean {
  return !!db.select({ id: sessions.id }).from(sessions).where(and(eq(sessions.id, sessionId), gt(sessions.expiresAt, Date.now()))).get();
}
