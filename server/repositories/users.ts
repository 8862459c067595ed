import { eq } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import type { DbOrTx } from "../../db/client";
import { users } from "../../db/schema";

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
export function createUser(db: DbOrTx, input: { email: string; name: string; passwordHash: string | null; id?: string }): User {
  return db
    .insert(users)
    .values({ id: input.id ?? randomUUID(), email: normaliseEmail(input.email), name: input.name.trim(), passwordHash: input.passwordHash })
    .returning()
    .get();
}

export function setPasswordHash(db: DbOrTx, userId: string, passwordHash: string) {
  db.update(users).set({ passwordHash }).where(eq(users.id, userId)).run();
}
