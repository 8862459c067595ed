import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../server/auth/password";
import { createUser } from "../../server/repositories/users";
import { addMembership, createWorkspace } from "../../server/repositories/workspaces";
import { listVersionEvents, listVersions } from "../../server/repositories/governance";
import { get, postForm } from "../setup/http";
import { DEMO, DEMO_WORKSPACE, startTestServer, type TestServer } from "../setup/server";

// Governance as an attacker sees it: another trust's versions and meetings, forged steps, and a
// member who asks for Board packs in a loop.

let t: TestServer;
let admin: string;
let viewer: string;
let other: string;
const W = `/w/${DEMO_WORKSPACE}`;
beforeAll(async () => {
  t = await startTestServer();
  [admin, viewer] = await Promise.all([t.signIn(DEMO.admin), t.signIn(DEMO.viewer)]);
  createWorkspace(t.db, "northgate", "Northgate Community Health NHS Trust");
  const lead = createUser(t.db, { email: "secretary@northgate.example", name: "N Secretary", passwordHash: await hashPassword("northgate-password-1") });
  addMembership(t.db, { workspaceId: "northgate", userId: lead.id, role: "admin", boardSignatory: true });
  other = await t.signIn("secretary@northgate.example", "northgate-password-1");
});
afterAll(async () => {
  await t?.stop();
});

const v40 = () => listVersions(t.db, DEMO_WORKSPACE, "delegation").find((v) => v.number === "4.0")!;

describe("governance across trusts", () => {
  it("gives another trust's secretary 404 for this trust's versions, packs and certificates, and records nothing", async () => {
    const before = listVersionEvents(t.db, DEMO_WORKSPACE).length;
    for (const path of [`/versions/${v40().id}`, `/versions/${v40().id}/pack`, "/governance/board", "/governance/audit", "/governance/authority?line=card"]) {
      expect((await get(t.baseUrl, `${W}${path}`, other)).status, path).toBe(404);
    }
    expect((await postForm(t.baseUrl, `${W}/versions/${v40().id}`, { kind: "withdrawn", date: "1 December 2026", outcome: "x" }, other)).status).toBe(404);
    // Naming this trust's version under the attacker's own trust finds nothing either.
    expect((await get(t.baseUrl, `/w/northgate/versions/${v40().id}`, other)).status).toBe(404);
    expect(listVersionEvents(t.db, DEMO_WORKSPACE).length).toBe(before);
  });

  it("refuses a resolution that names another trust's meeting or a made-up one", async () => {
    const proposedId = listVersions(t.db, DEMO_WORKSPACE).find((v) => v.number === "1.0")!.id;
    const res = await postForm(t.baseUrl, `${W}/versions/${proposedId}`, { kind: "ratified", meetingId: "not-a-meeting", minuteRef: "TB 1" }, admin);
    expect(res.status).toBe(200);
    const events = listVersionEvents(t.db, DEMO_WORKSPACE).filter((e) => e.versionId === proposedId).map((e) => e.kind);
    expect(events).not.toContain("ratified");
  });

  it("refuses forged step kinds, signed-out requests and viewers", async () => {
    const id = v40().id;
    expect((await postForm(t.baseUrl, `${W}/versions/${id}`, { kind: "approved" })).status).not.toBe(200);
    expect((await postForm(t.baseUrl, `${W}/versions/${id}`, { kind: "approved" }, viewer)).status).toBe(403);
    const before = listVersionEvents(t.db, DEMO_WORKSPACE).length;
    const res = await postForm(t.baseUrl, `${W}/versions/${id}`, { kind: "drop table", date: "1 December 2026" }, admin);
    expect(res.status).toBe(200);
    expect(listVersionEvents(t.db, DEMO_WORKSPACE).length).toBe(before);
  });
});

describe("Board packs on demand", () => {
  it("builds a few for one person, then answers 429 without building more, while others are still served", async () => {
    const id = v40().id;
    const statuses: number[] = [];
    for (let i = 0; i < 14; i++) {
      const res = await fetch(`${t.baseUrl}${W}/versions/${id}/pack`, { headers: { Cookie: viewer } });
      await res.arrayBuffer();
      statuses.push(res.status);
    }
    expect(statuses.filter((s) => s === 200).length).toBe(10);
    expect(statuses.slice(10)).toEqual([429, 429, 429, 429]);
    // Someone else's pack and pages are unaffected.
    const theirs = await fetch(`${t.baseUrl}${W}/versions/${id}/pack`, { headers: { Cookie: admin } });
    expect(theirs.status).toBe(200);
    expect(theirs.headers.get("content-type")).toBe("application/pdf");
    expect((await get(t.baseUrl, `${W}/ask?line=card&decision=revenue-nonpay&amount=1000`, viewer)).status).toBe(200);
  });

  it("does not let one person read another's pack job", async () => {
    const id = v40().id;
    const started = await fetch(`${t.baseUrl}${W}/versions/${id}/pack`, { method: "POST", headers: { Cookie: admin, Origin: t.baseUrl, Accept: "application/json" } });
    const { job } = (await started.json()) as { job: string };
    expect(job).toBeTruthy();
    expect((await get(t.baseUrl, `${W}/versions/${id}/pack?job=${job}`, viewer)).status).toBe(404);
    expect((await get(t.baseUrl, `/w/northgate/versions/${id}/pack?job=${job}`, other)).status).toBe(404);
  });
});
