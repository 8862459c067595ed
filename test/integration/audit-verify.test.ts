/**
 * `npm run audit:verify` (scripts/audit-verify.ts, server/audit/verify.ts). Issue 11: "`audit:verify`
 * fails after a stored byte is altered" and "names the first broken record; it exits non-zero on any
 * break". The seeded demo verifies; then, each in a fresh copy of the database with the immutability
 * triggers dropped (as someone with the file and a SQLite shell could), one byte is altered in an
 * audit record, a version's state and the edit history before a version, and the check names the
 * record that no longer matches. With the triggers in place, changing a version is refused outright.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../db/client";
import { verifyAudit } from "../../server/audit/verify";
import { startTestServer, DEMO_WORKSPACE, type TestServer } from "../setup/server";

const root = path.resolve(import.meta.dirname, "../..");

let server: TestServer;
let dir: string;

beforeAll(async () => {
  server = await startTestServer();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "devolve-audit-"));
});

afterAll(async () => {
  await server?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** A consistent copy of the live database (VACUUM INTO reads one snapshot, WAL and all). */
function copyOf(name: string): string {
  const file = path.join(dir, `${name}.sqlite`);
  server.db.$client.prepare("VACUUM INTO ?").run(file);
  return file;
}

/** Alters a copy with raw SQL after dropping the triggers that would refuse it. */
function tamper(name: string, alter: (raw: Database.Database) => void): string {
  const file = copyOf(name);
  const raw = new Database(file);
  const triggers = raw.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").pluck().all() as string[];
  for (const t of triggers) raw.exec(`DROP TRIGGER "${t}"`);
  alter(raw);
  raw.close();
  return file;
}

/** Flips one bit of the byte at `index`. */
function flip(bytes: Buffer, index: number): Buffer {
  expect(index).toBeGreaterThanOrEqual(0);
  const out = Buffer.from(bytes);
  out[index]! ^= 0x01;
  return out;
}

function verifyFile(file: string) {
  const db = createDb(file);
  try {
    return verifyAudit(db);
  } finally {
    db.$client.close();
  }
}

function cli(file: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile("npx", ["tsx", "scripts/audit-verify.ts", "--db", file], { cwd: root, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? ((err as { code?: number }).code ?? 1) : 0;
      resolve({ code: typeof code === "number" ? code : 1, out: stdout + stderr });
    });
  });
}

function versionId(raw: Database.Database, doc: string, number: string): string {
  return raw.prepare("SELECT id FROM doc_versions WHERE workspace_id = ? AND doc = ? AND number = ?").pluck().get(DEMO_WORKSPACE, doc, number) as string;
}

describe("audit:verify", () => {
  it("finds the seeded demo intact, on the live database and through the CLI", async () => {
    const result = verifyAudit(server.db);
    expect(result.firstBroken).toBeNull();
    expect(result.ok).toBe(true);
    // The demo's chain: Board, meetings, versions and their steps, tenures, determinations.
    expect(result.checked.auditEvents).toBeGreaterThan(50);
    expect(result.checked.versions).toBe(5);
    // Fast enough to run on every view of the audit trail page.
    expect(result.ms).toBeLessThan(2000);

    const run = await cli(copyOf("intact"));
    expect(run.out).toContain("Intact");
    expect(run.out).toMatch(/Versions checked\s+5/);
    expect(run.code).toBe(0);
  });

  it("refuses to change a version, or the trail, through SQL while the triggers are in place", () => {
    expect(() => server.db.$client.prepare("UPDATE doc_versions SET title = 'Something else'").run()).toThrow("A version cannot be changed once made");
    expect(() => server.db.$client.prepare("UPDATE doc_versions SET state = x'00' WHERE number = '4.0'").run()).toThrow("A version cannot be changed once made");
    expect(() => server.db.$client.prepare("UPDATE audit_events SET detail = '{}' WHERE id = 1").run()).toThrow("The audit trail cannot be changed");
    expect(verifyAudit(server.db).ok).toBe(true);
  });

  it("names the audit record whose detail was altered by one byte", async () => {
    let id = 0;
    const file = tamper("audit-detail", (raw) => {
      const row = raw.prepare("SELECT id, detail FROM audit_events WHERE kind = 'role.delegation'").get() as { id: number; detail: string };
      id = row.id;
      const at = row.detail.indexOf("Annual leave");
      raw.prepare("UPDATE audit_events SET detail = ? WHERE id = ?").run(row.detail.slice(0, at) + "a" + row.detail.slice(at + 1), id);
    });
    const result = verifyFile(file);
    expect(result.ok).toBe(false);
    expect(result.firstBroken).toMatchObject({ table: "audit_events", id, workspaceId: DEMO_WORKSPACE });
    expect(result.firstBroken!.reason).toMatch(/changed after it was written/);

    const run = await cli(file);
    expect(run.code).toBe(1);
    expect(run.out).toContain(`First broken record: audit_events ${id}`);
  });

  it("names the record after one that was removed from the chain", () => {
    let next = 0;
    const file = tamper("audit-gap", (raw) => {
      const ids = raw.prepare("SELECT id FROM audit_events ORDER BY id LIMIT 2 OFFSET 10").pluck().all() as number[];
      next = ids[1]!;
      raw.prepare("DELETE FROM audit_events WHERE id = ?").run(ids[0]);
    });
    expect(verifyFile(file).firstBroken).toMatchObject({ table: "audit_events", id: next });
  });

  it("names the version whose stored state was altered by one byte", async () => {
    let id = "";
    const file = tamper("version-state", (raw) => {
      id = versionId(raw, "delegation", "4.0");
      const state = raw.prepare("SELECT state FROM doc_versions WHERE id = ?").pluck().get(id) as Buffer;
      raw.prepare("UPDATE doc_versions SET state = ? WHERE id = ?").run(flip(state, state.indexOf("expenditure")), id);
    });
    const result = verifyFile(file);
    expect(result.firstBroken).toMatchObject({ table: "doc_versions", id, label: "delegation v4.0" });
    expect(result.firstBroken!.reason).toMatch(/does not match its SHA-256/);

    const run = await cli(file);
    expect(run.code).toBe(1);
    expect(run.out).toContain(`First broken record: doc_versions ${id} (delegation v4.0)`);
  });

  it("names the first version that no longer follows from an edit history altered by one byte before it", async () => {
    let id = "";
    const file = tamper("update-blob", (raw) => {
      // The structure's first logged update, at or before version 1.0's log position (and so every later version's).
      id = versionId(raw, "structure", "1.0");
      const seq = raw.prepare("SELECT seq FROM doc_versions WHERE id = ?").pluck().get(id) as number;
      const row = raw.prepare('SELECT id, "update" AS u FROM doc_updates WHERE workspace_id = ? AND room = \'structure\' AND seq <= ? ORDER BY seq LIMIT 1').get(DEMO_WORKSPACE, seq) as { id: number; u: Buffer };
      raw.prepare('UPDATE doc_updates SET "update" = ? WHERE id = ?').run(flip(row.u, row.u.indexOf("Cardiology") + 1), row.id);
    });
    const result = verifyFile(file);
    expect(result.firstBroken).toMatchObject({ table: "doc_versions", id, label: "structure v1.0" });
    expect(result.firstBroken!.reason).toMatch(/edit history/);

    const run = await cli(file);
    expect(run.code).toBe(1);
    expect(run.out).toContain(`doc_versions ${id} (structure v1.0)`);
  });

  it("names a version whose edit history lost an update", () => {
    let id = "";
    const file = tamper("update-removed", (raw) => {
      id = versionId(raw, "delegation", "4.0");
      const seq = raw.prepare("SELECT seq FROM doc_versions WHERE id = ?").pluck().get(id) as number;
      raw.prepare("DELETE FROM doc_updates WHERE workspace_id = ? AND room = 'delegation' AND seq = ?").run(DEMO_WORKSPACE, seq);
    });
    const result = verifyFile(file);
    // The log now ends before the version's position: the version no longer follows from it.
    expect(result.ok).toBe(false);
    expect(result.firstBroken).toMatchObject({ table: "doc_versions", id, label: "delegation v4.0" });
    expect(result.firstBroken!.reason).toMatch(/edit history ends at update 1/);
  });

  it("names the update after a gap in the edit history", () => {
    const file = tamper("update-gap", (raw) => {
      // Structure versions 1.0, 1.1 and 2.0 sit at updates 1, 2 and 3: remove the middle one.
      raw.prepare("DELETE FROM doc_updates WHERE workspace_id = ? AND room = 'structure' AND seq = 2").run(DEMO_WORKSPACE);
    });
    const result = verifyFile(file);
    expect(result.firstBroken).toMatchObject({ table: "doc_updates", label: "structure update 3", workspaceId: DEMO_WORKSPACE });
    expect(result.firstBroken!.reason).toContain("Update 2 of the structure edit history is missing");
  });
});
