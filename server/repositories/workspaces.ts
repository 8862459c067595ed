import { and, asc, count, eq, isNull, ne } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { memberships, users, workspaces } from "../../db/schema";
import type { MemberAccess, Role } from "../../shared/roles";

export type Workspace = typeof workspaces.$inferSelect;

export function createWorkspace(
  db: DbOrTx,
  id: string,
  name: string,
  details: { odsCode?: string | null; foundationTrust?: boolean; financialYearStartMonth?: number; ssoDomains?: string[] } = {},
): Workspace {
  return db.insert(workspaces).values({ id, name, ...details }).returning().get();
}

/** Every trust in the deployment, for the platform administrator: names and counts only. */
export function listAllWorkspaces(db: DbOrTx) {
  return db
    .select({ id: workspaces.id, name: workspaces.name, odsCode: workspaces.odsCode, foundationTrust: workspaces.foundationTrust, createdAt: workspaces.createdAt, members: count(memberships.userId) })
    .from(workspaces)
    .leftJoin(memberships, and(eq(memberships.workspaceId, workspaces.id), isNull(memberships.deactivatedAt)))
    .groupBy(workspaces.id)
    .orderBy(asc(workspaces.name))
    .all();
}

/** A trust with this ODS code, if any: a code names one organisation. */
export function findWorkspaceByOdsCode(db: DbOrTx, odsCode: string): Workspace | undefined {
  return db.select().from(workspaces).where(eq(workspaces.odsCode, odsCode.toUpperCase())).get();
}

/** Trusts that let people of an e-mail domain join on their first single sign-on. */
export function workspacesForSsoDomain(db: DbOrTx, domain: string): Workspace[] {
  const d = domain.toLowerCase();
  return db.select().from(workspaces).all().filter((w) => (w.ssoDomains ?? []).includes(d));
}

export function setSsoDomains(db: DbOrTx, workspaceId: string, domains: string[]) {
  db.update(workspaces).set({ ssoDomains: domains }).where(eq(workspaces.id, workspaceId)).run();
}

export function countWorkspaces(db: DbOrTx): number {
  return db.select({ n: count() }).from(workspaces).get()?.n ?? 0;
}

export function findWorkspace(db: DbOrTx, id: string): Workspace | undefined {
  return db.select().from(workspaces).where(eq(workspaces.id, id)).get();
}

/** Workspaces a user belongs to, with their role in each. */
export function listUserWorkspaces(db: DbOrTx, userId: string) {
  return db
    .select({ id: workspaces.id, name: workspaces.name, role: memberships.role, boardSignatory: memberships.boardSignatory })
    .from(memberships)
    .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
    .where(and(eq(memberships.userId, userId), isNull(memberships.deactivatedAt)))
    .orderBy(asc(workspaces.name))
    .all();
}

/** A user's access in one workspace, or undefined when not a member or deactivated there. */
export function findMembership(db: DbOrTx, workspaceId: string, userId: string): MemberAccess | undefined {
  const row = db
    .select({ role: memberships.role, boardSignatory: memberships.boardSignatory, serviceLineIds: memberships.serviceLineIds })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId), isNull(memberships.deactivatedAt)))
    .get();
  return row ? { role: row.role, boardSignatory: row.boardSignatory, serviceLineIds: row.serviceLineIds ?? [] } : undefined;
}

export function listMembers(db: DbOrTx, workspaceId: string) {
  return db
    .select({
      userId: users.id,
      name: users.name,
      email: users.email,
      role: memberships.role,
      boardSignatory: memberships.boardSignatory,
      serviceLineIds: memberships.serviceLineIds,
      hasPassword: users.passwordHash,
      deactivatedAt: memberships.deactivatedAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.workspaceId, workspaceId))
    .orderBy(asc(users.name))
    .all()
    .map(({ hasPassword, ...m }) => ({ ...m, serviceLineIds: m.serviceLineIds ?? [], active: hasPassword !== null, deactivated: m.deactivatedAt !== null }));
}

export function addMembership(db: DbOrTx, input: { workspaceId: string; userId: string; role: Role; boardSignatory?: boolean; serviceLineIds?: string[] }) {
  db.insert(memberships)
    .values({ ...input, boardSignatory: input.boardSignatory ?? false, serviceLineIds: input.serviceLineIds ?? [] })
    .run();
}

export function updateMembership(db: DbOrTx, workspaceId: string, userId: string, patch: { role: Role; boardSignatory: boolean; serviceLineIds: string[] }) {
  db.update(memberships)
    .set(patch)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)))
    .run();
}

export function countAdmins(db: DbOrTx, workspaceId: string): number {
  return (
    db
      .select({ n: count() })
      .from(memberships)
      .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.role, "admin"), isNull(memberships.deactivatedAt)))
      .get()?.n ?? 0
  );
}

/** The membership row whatever its state: `deactivated` tells a deactivated member from a stranger. */
export function findMembershipRow(db: DbOrTx, workspaceId: string, userId: string) {
  const row = db
    .select({ role: memberships.role, boardSignatory: memberships.boardSignatory, serviceLineIds: memberships.serviceLineIds, deactivatedAt: memberships.deactivatedAt })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)))
    .get();
  return row ? { ...row, serviceLineIds: row.serviceLineIds ?? [], deactivated: row.deactivatedAt !== null } : undefined;
}

/**
 * Deactivates (with `by`) or reactivates (`null`) a membership. A deactivated member has no access
 * but keeps their row, so their edits, versions and audit records stay attributed to a named person.
 */
export function setMembershipActive(db: DbOrTx, workspaceId: string, userId: string, by: string | null): boolean {
  return (
    db
      .update(memberships)
      .set(by ? { deactivatedAt: Date.now(), deactivatedBy: by } : { deactivatedAt: null, deactivatedBy: null })
      .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)))
      .run().changes === 1
  );
}

/** Removes a membership; the account (and so the attribution of everything they did) stays. */
export function removeMembership(db: DbOrTx, workspaceId: string, userId: string): boolean {
  return db.delete(memberships).where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId))).run().changes === 1;
}

/** Whether the user is an active member of any workspace other than `exceptWorkspaceId`. */
export function hasOtherActiveMembership(db: DbOrTx, userId: string, exceptWorkspaceId: string): boolean {
  return !!db
    .select({ w: memberships.workspaceId })
    .from(memberships)
    .where(and(eq(memberships.userId, userId), ne(memberships.workspaceId, exceptWorkspaceId), isNull(memberships.deactivatedAt)))
    .get();
}

// Invitations (and the memberships they grant on acceptance) are in ./invitations.ts.
