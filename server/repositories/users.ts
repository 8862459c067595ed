import { and, count, eq, gt, isNull } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import type { DbOrTx } from "../../db/client";
import { passwordResets, users } from "../../db/schema";
import { hashToken } from "./sessions";

export type User = typeof users.$inferSelect;

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

export function findUserByEmail(db: DbOrTx, email: string): User | undefined {
  return db.select().from(users).where(eq(users.email, normaliseEmail(email))).get();
}

export function findUserById(db: DbOrTx, id: string): User | undefined {
  return db.select().from(users).where(eq(users.id, id)).get();
}

/**
 * Creates a user. Invitations create the account only when their link is accepted, with the password
 * chosen there (server/repositories/invitations.ts); a null `passwordHash` is left only by invitations
 * made before migration 0002, and such an account cannot be signed in to.
 */
export function createUser(db: DbOrTx, input: { email: string; name: string; passwordHash: string | null; id?: string; platformAdmin?: boolean }): User {
  return db
    .insert(users)
    .values({ id: input.id ?? randomUUID(), email: normaliseEmail(input.email), name: input.name.trim(), passwordHash: input.passwordHash, platformAdmin: input.platformAdmin ?? false })
    .returning()
    .get();
}

export function setPasswordHash(db: DbOrTx, userId: string, passwordHash: string) {
  db.update(users).set({ passwordHash }).where(eq(users.id, userId)).run();
}

export function countUsers(db: DbOrTx): number {
  return db.select({ n: count() }).from(users).get()?.n ?? 0;
}

/**
 * Records a password-reset link for a user (the token's SHA-256 only) and cancels any earlier open
 * one, so only the newest link in the person's mailbox works.
 */
export function createPasswordReset(db: DbOrTx, userId: string, token: string, ttlMs: number) {
  const now = Date.now();
  db.update(passwordResets).set({ usedAt: now }).where(and(eq(passwordResets.userId, userId), isNull(passwordResets.usedAt))).run();
  db.insert(passwordResets).values({ id: hashToken(token), userId, createdAt: now, expiresAt: now + ttlMs }).run();
}

/** The account an open (unused, unexpired) reset link is for, or undefined. */
export function findOpenPasswordReset(db: DbOrTx, token: string) {
  return db
    .select({ userId: users.id, email: users.email, name: users.name })
    .from(passwordResets)
    .innerJoin(users, eq(users.id, passwordResets.userId))
    .where(and(eq(passwordResets.id, hashToken(token)), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, Date.now())))
    .get();
}

/**
 * Uses a reset link: marks it used and sets the password in one statement pair, so a link that two
 * requests race to use sets the password once. Returns the user id, or undefined when the link is
 * used, expired or unknown.
 */
export function consumePasswordReset(db: DbOrTx, token: string, passwordHash: string): string | undefined {
  const run = (tx: DbOrTx) => {
    const now = Date.now();
    const row = tx
      .update(passwordResets)
      .set({ usedAt: now })
      .where(and(eq(passwordResets.id, hashToken(token)), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, now)))
      .returning({ userId: passwordResets.userId })
      .get();
    if (!row) return undefined;
    tx.update(users).set({ passwordHash }).where(eq(users.id, row.userId)).run();
    return row.userId;
  };
  return "$client" in db ? db.transaction((tx) => run(tx), { behavior: "immediate" }) : run(db);
}
