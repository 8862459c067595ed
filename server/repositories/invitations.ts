import { and, asc, desc, eq, gt, isNull, ne } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import type { DbOrTx, Tx } from "../../db/client";
import { invitations, memberships, users, workspaces } from "../../db/schema";
import type { Role } from "../../shared/roles";
import { hashToken } from "./sessions";
import { normaliseEmail } from "./users";

/*
 * Invitations are addressed to an email address and carry the access the inviting administrator
 * chose. Who may do what with a link:
 *
 * - A link may choose the password only if, when it was created, the address had no account with
 *   a password and no other workspace had an open invitation for it (`maySetPassword`), and only
 *   while the account still has no password. The first acceptance that sets a password takes that
 *   ability from every other open invitation for the address.
 * - Every other link only adds its membership, and only for the account's owner: the person must be
 *   signed in, with their own password, as the invited address.
 * - The membership is created when the link is accepted, never before, so another workspace's
 *   administrator cannot gain this workspace's roles by getting hold of the account.
 *
 * Accepting is one immediate SQLite transaction: the link is checked unused, unrevoked and
 * unexpired, the password is set if allowed, the membership added and the link marked accepted.
 */

export type Invitation = typeof invitations.$inferSelect;

/** Runs `fn` atomically: an immediate transaction on the database, a savepoint inside a caller's transaction. */
function atomically<T>(db: DbOrTx, fn: (tx: Tx) => T): T {
  return "$client" in db ? db.transaction(fn, { behavior: "immediate" }) : db.transaction(fn);
}

const isOpen = (now: number) => and(isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now));

/**
 * Creates an invitation for an address to join a workspace, replacing any open one the workspace
 * already sent to that address. Whether the link may choose the password is decided here, from the
 * address's state, and never shown to the inviting administrator.
 */
export function createInvitation(
  db: DbOrTx,
  input: { token: string; workspaceId: string; email: string; name: string; role: Role; boardSignatory: boolean; serviceLineIds: string[]; invitedBy: string; ttlMs: number },
): Invitation {
  const email = normaliseEmail(input.email);
  return atomically(db, (tx) => {
    const now = Date.now();
    tx.update(invitations)
      .set({ revokedAt: now, maySetPassword: false })
      .where(and(eq(invitations.workspaceId, input.workspaceId), eq(invitations.email, email), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
      .run();
    const account = tx.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.email, email)).get();
    const otherOpen = tx
      .select({ id: invitations.id })
      .from(invitations)
      .where(and(eq(invitations.email, email), ne(invitations.workspaceId, input.workspaceId), isOpen(now)))
      .get();
    const maySetPassword = (!account || account.passwordHash === null) && !otherOpen;
    return tx
      .insert(invitations)
      .values({
        id: hashToken(input.token),
        workspaceId: input.workspaceId,
        email,
        name: input.name.trim(),
        role: input.role,
        boardSignatory: input.boardSignatory,
        serviceLineIds: input.serviceLineIds,
        maySetPassword,
        invitedBy: input.invitedBy,
        createdAt: now,
        expiresAt: now + input.ttlMs,
      })
      .returning()
      .get();
  });
}

/** Cancels a workspace's open invitations to an address; returns how many. */
export function revokeInvitations(db: DbOrTx, workspaceId: string, email: string): number {
  return db
    .update(invitations)
    .set({ revokedAt: Date.now(), maySetPassword: false })
    .where(and(eq(invitations.workspaceId, workspaceId), eq(invitations.email, normaliseEmail(email)), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
    .run().changes;
}

/** A workspace's invitations that are neither accepted nor cancelled (expired ones too, flagged), newest first per address. */
export function listPendingInvitations(db: DbOrTx, workspaceId: string) {
  const now = Date.now();
  return db
    .select({ email: invitations.email, name: invitations.name, role: invitations.role, boardSignatory: invitations.boardSignatory, serviceLineIds: invitations.serviceLineIds, expiresAt: invitations.expiresAt })
    .from(invitations)
    .where(and(eq(invitations.workspaceId, workspaceId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
    .orderBy(asc(invitations.name), asc(invitations.email))
    .all()
    .map((i) => ({ ...i, serviceLineIds: i.serviceLineIds ?? [], expired: i.expiresAt <= now }));
}

/** How an open invitation can be accepted. */
export type AcceptMode = "choose-password" | "sign-in";

/**
 * An open (unaccepted, uncancelled, unexpired) invitation by its token, with its workspace's name
 * and how it can be accepted. It says nothing about the address's account beyond that.
 */
export function findOpenInvitation(db: DbOrTx, token: string) {
  const row = db
    .select({
      id: invitations.id,
      email: invitations.email,
      name: invitations.name,
      workspaceId: workspaces.id,
      workspaceName: workspaces.name,
      maySetPassword: invitations.maySetPassword,
      expiresAt: invitations.expiresAt,
    })
    .from(invitations)
    .innerJoin(workspaces, eq(workspaces.id, invitations.workspaceId))
    .where(and(eq(invitations.id, hashToken(token)), isOpen(Date.now())))
    .get();
  if (!row) return undefined;
  const account = db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.email, row.email)).get();
  const mode: AcceptMode = row.maySetPassword && (!account || account.passwordHash === null) ? "choose-password" : "sign-in";
  return { ...row, mode };
}

export type AcceptResult =
  | { ok: true; userId: string; workspaceId: string; passwordSet: boolean }
  /** gone: used, cancelled, expired or unknown. sign-in: it may not choose a password (now); the person must sign in. wrong-account: signed in as someone else. */
  | { ok: false; reason: "gone" | "sign-in" | "wrong-account" };

/**
 * Accepts an invitation in one immediate transaction. With `passwordHash`, the link must still be
 * allowed to choose the password and the account must still have none; with `signedInUserId`, the
 * signed-in account must be the invited address. Either way the link is checked open, the
 * membership added (an existing one is left as it is) and the link marked accepted; after a
 * password is set no other open invitation for the address can choose one.
 */
export function acceptInvitation(db: DbOrTx, token: string, how: { passwordHash: string } | { signedInUserId: string }): AcceptResult {
  const id = hashToken(token);
  // A failed check throws to roll back anything written so far; the result says why.
  class Refused extends Error {
    constructor(readonly reason: "gone" | "sign-in" | "wrong-account") {
      super(reason);
    }
  }
  try {
    return atomically(db, (tx) => {
      const now = Date.now();
      const invite = tx.select().from(invitations).where(and(eq(invitations.id, id), isOpen(now))).get();
      if (!invite) throw new Refused("gone");
      const account = tx.select({ id: users.id, passwordHash: users.passwordHash }).from(users).where(eq(users.email, invite.email)).get();
      let userId: string;
      let passwordSet = false;
      if ("passwordHash" in how) {
        if (!invite.maySetPassword || (account && account.passwordHash !== null)) throw new Refused("sign-in");
        if (account) {
          // Only an account that still has no password (one invited before invitations carried their access).
          const set = tx.update(users).set({ passwordHash: how.passwordHash }).where(and(eq(users.id, account.id), isNull(users.passwordHash))).run();
          if (set.changes !== 1) throw new Refused("sign-in");
          userId = account.id;
        } else {
          userId = tx.insert(users).values({ id: randomUUID(), email: invite.email, name: invite.name, passwordHash: how.passwordHash }).returning({ id: users.id }).get().id;
        }
        passwordSet = true;
      } else {
        if (!account || account.passwordHash === null) throw new Refused("sign-in");
        if (account.id !== how.signedInUserId) throw new Refused("wrong-account");
        userId = account.id;
      }
      tx.insert(memberships)
        .values({ workspaceId: invite.workspaceId, userId, role: invite.role, boardSignatory: invite.boardSignatory, serviceLineIds: invite.serviceLineIds ?? [] })
        .onConflictDoNothing()
        .run();
      const accepted = tx
        .update(invitations)
        .set({ acceptedAt: now, userId, maySetPassword: false })
        .where(and(eq(invitations.id, id), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
        .run();
      if (accepted.changes !== 1) throw new Refused("gone");
      // The account has a password now (or had one): no other link for the address may choose one.
      tx.update(invitations).set({ maySetPassword: false }).where(and(eq(invitations.email, invite.email), isNull(invitations.acceptedAt))).run();
      return { ok: true as const, userId, workspaceId: invite.workspaceId, passwordSet };
    });
  } catch (err) {
    if (err instanceof Refused) return { ok: false, reason: err.reason };
    throw err;
  }
}

/** A workspace's newest open or expired (not accepted, not cancelled) invitation to an address, for resending. */
export function findPendingInvitation(db: DbOrTx, workspaceId: string, email: string): Invitation | undefined {
  return db
    .select()
    .from(invitations)
    .where(and(eq(invitations.workspaceId, workspaceId), eq(invitations.email, normaliseEmail(email)), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
    .orderBy(desc(invitations.createdAt))
    .get();
}

/**
 * Accepts every open invitation to an address whose owner has just proved it through single sign-on
 * (the provider verified the address, which is what following the mailed link proves). Creates the
 * account, without a password, when there is none. Returns the invitations accepted.
 */
export function acceptInvitationsBySso(db: DbOrTx, email: string, name: string): { userId: string; accepted: { workspaceId: string; name: string; role: Role }[] } | undefined {
  const address = normaliseEmail(email);
  return atomically(db, (tx) => {
    const now = Date.now();
    const open = tx.select().from(invitations).where(and(eq(invitations.email, address), isOpen(now))).all();
    if (!open.length) return undefined;
    const account = tx.select({ id: users.id }).from(users).where(eq(users.email, address)).get();
    const userId = account?.id ?? tx.insert(users).values({ id: randomUUID(), email: address, name: name.trim() || open[0]!.name, passwordHash: null }).returning({ id: users.id }).get().id;
    const accepted: { workspaceId: string; name: string; role: Role }[] = [];
    for (const invite of open) {
      tx.insert(memberships)
        .values({ workspaceId: invite.workspaceId, userId, role: invite.role, boardSignatory: invite.boardSignatory, serviceLineIds: invite.serviceLineIds ?? [] })
        .onConflictDoNothing()
        .run();
      tx.update(invitations).set({ acceptedAt: now, userId, maySetPassword: false }).where(eq(invitations.id, invite.id)).run();
      accepted.push({ workspaceId: invite.workspaceId, name: invite.name, role: invite.role });
    }
    return { userId, accepted };
  });
}
