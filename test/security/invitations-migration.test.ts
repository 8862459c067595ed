import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "../../db/client";
import { invitations, memberships } from "../../db/schema";
import { hashToken } from "../../server/repositories/sessions";

// Invitations made before migration 0002 were tied to a user row without a password and came with
// an active membership. The migration must carry them over without keeping the flaw: of a person's
// open invitations only the earliest may still choose the password, and the memberships of people
// who never chose one wait in their invitations instead of being granted.

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "devolve-migration-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function databaseBefore0002(file: string) {
  const folder = path.join(dir, "migrations");
  fs.cpSync(path.resolve("db/migrations"), folder, { recursive: true });
  const journalPath = path.join(folder, "meta/_journal.json");
  const journal = JSON.parse(fs.readFileSync(journalPath, "utf8")) as { entries: { tag: string }[] };
  journal.entries = journal.entries.filter((e) => e.tag === "0000_init" || e.tag === "0001_performance");
  fs.writeFileSync(journalPath, JSON.stringify(journal));
  const sqlite = new Database(file);
  migrate(drizzle(sqlite), { migrationsFolder: folder });
  return sqlite;
}

describe("migration 0002 on invitations made before it", () => {
  it("keeps one password-choosing link per person and moves never-used memberships into invitations", () => {
    const file = path.join(dir, "old.sqlite");
    const old = databaseBefore0002(file);
    const now = Date.now();
    const day = 24 * 3600_000;
    old.exec(`
      INSERT INTO workspaces (id, name) VALUES ('a', 'Trust A'), ('b', 'Trust B');
      INSERT INTO users (id, email, name, password_hash) VALUES
        ('admin-a', 'admin@a.example', 'Admin A', 'scrypt$x'),
        ('admin-b', 'admin@b.example', 'Admin B', 'scrypt$x'),
        ('both', 'both@nhs.example', 'Invited By Both', NULL),
        ('active', 'active@nhs.example', 'Has Password', 'scrypt$y');
      INSERT INTO memberships (workspace_id, user_id, role, service_line_ids) VALUES
        ('a', 'admin-a', 'admin', '[]'), ('b', 'admin-b', 'admin', '[]'),
        ('a', 'both', 'executive', '[]'), ('b', 'both', 'contributor', '["card"]'),
        ('a', 'active', 'viewer', '[]');
    `);
    const insert = old.prepare("INSERT INTO invitations (id, workspace_id, user_id, invited_by, created_at, expires_at, accepted_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
    insert.run(hashToken("token-from-a"), "a", "both", "admin-a", now - 2 * day, now + 12 * day, null);
    insert.run(hashToken("token-from-b"), "b", "both", "admin-b", now - day, now + 13 * day, null);
    insert.run(hashToken("token-used"), "a", "active", "admin-a", now - 5 * day, now + 9 * day, now - 4 * day);
    old.close();

    const db = createDb(file);
    const rows = db.select().from(invitations).all();
    const byToken = (token: string) => rows.find((r) => r.id === hashToken(token))!;
    expect(byToken("token-from-a")).toMatchObject({ email: "both@nhs.example", name: "Invited By Both", role: "executive", maySetPassword: true, userId: null, acceptedAt: null });
    expect(byToken("token-from-b")).toMatchObject({ email: "both@nhs.example", role: "contributor", serviceLineIds: ["card"], maySetPassword: false, userId: null });
    expect(byToken("token-used")).toMatchObject({ email: "active@nhs.example", maySetPassword: false, userId: "active" });
    const kept = db.select().from(memberships).all().map((m) => `${m.workspaceId}:${m.userId}`).sort();
    expect(kept).toEqual(["a:active", "a:admin-a", "b:admin-b"]);
    db.$client.close();
  });
});
