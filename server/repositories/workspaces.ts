import { and, asc, count, eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { memberships, users, workspaces } from "../../db/schema";
import type { MemberAccess, Role } from "../../shared/roles";

export type Workspace = typeof workspaces.$inferSelect;

export function createWorkspace(db: DbOrTx, id: string, name: string): Workspace {
  return db.insert(workspaces).values({ id, name }).returning().get();
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
    .where(eq(memberships.userId, userId))
    .orderBy(asc(workspaces.name))
    .all();
}

/** A user's access in one workspace, or undefined when not a member. */
export function findMembership(db: DbOrTx, workspaceId: string, userId: string): MemberAccess | undefined {
  const row = db
    .select({ role: memberships.role, boardSignatory: memberships.boardSignatory, serviceLineIds: memberships.serviceLineIds })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)))
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
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.workspaceId, workspaceId))
    .orderBy(asc(users.name))
    .all()
    .map(({ hasPassword, ...m }) => ({ ...m, serviceLineIds: m.serviceLineIds ?? [], active: hasPassword !== null }));
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
      .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.role, "admin")))
      .get()?.n ?? 0
  );
}

// Invitations (and the memberships they grant on acceptance) are in ./invitations.ts.
