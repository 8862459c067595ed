import { describe, expect, it } from "vitest";
import { createDb } from "../../db/client";
import { appendAudit, auditHash, GENESIS_HASH } from "./chain";

describe("the audit chain", () => {
  it("links each record to the one before and detects a changed record", () => {
    const db = createDb(":memory:");
    const a = appendAudit(db, { workspaceId: "w1", actorId: null, actorName: "Test", kind: "version.created", subject: "delegation v1.0", detail: { seq: 1 }, at: 1 });
    const b = appendAudit(db, { workspaceId: "w1", actorId: null, actorName: "Test", kind: "version.approved", subject: "delegation v1.0", detail: { minuteRef: "TB 1" }, at: 2 });
    const rows = db.$client.prepare("SELECT * FROM audit_events ORDER BY id").all() as { workspace_id: string; at: number; actor_id: null; actor_name: string; kind: string; subject: string; detail: string; prev_hash: string; hash: string }[];
    expect(rows[0]!.prev_hash).toBe(GENESIS_HASH);
    expect(rows[1]!.prev_hash).toBe(a.hash);
    expect(rows[1]!.hash).toBe(b.hash);
    const recompute = (r: (typeof rows)[number]) => auditHash(r.prev_hash, { workspaceId: r.workspace_id, at: r.at, actorId: r.actor_id, actorName: r.actor_name, kind: r.kind, subject: r.subject, detail: r.detail });
    expect(rows.map(recompute)).toEqual([a.hash, b.hash]);
    // The same record with one character of its detail changed no longer matches its hash.
    expect(recompute({ ...rows[1]!, detail: rows[1]!.detail.replace("TB 1", "TB 2") })).not.toBe(b.hash);
    // And the table refuses to be changed at all.
    expect(() => db.$client.prepare("UPDATE audit_events SET subject = 'x' WHERE id = 1").run()).toThrow(/cannot be changed/);
    expect(() => db.$client.prepare("DELETE FROM audit_events").run()).toThrow(/cannot be deleted/);
  });
});
