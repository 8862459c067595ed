/**
 * The Board, one meeting, who held which role when, and the audit trail, over HTTP against the real
 * server and the demo seeded for 1 December 2026 (issue 11's demo dates). Everyone in the workspace
 * reads them; only the Board Secretary or an administrator sees and may post the forms; bad input
 * changes nothing; another trust's records are never shown.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { updateUnit } from "../../shared/collab/structure-doc";
import { listDelegations, listMeetings, listTenures, getGovernanceSettings, addMeeting } from "../../server/repositories/governance";
import { findUserByEmail } from "../../server/repositories/users";
import { createWorkspace } from "../../server/repositories/workspaces";
import { get, pageText, postForm } from "../setup/http";
import { DEMO, DEMO_WORKSPACE, startTestServer, type TestServer } from "../setup/server";

let server: TestServer;
let admin: string;
let viewer: string;
const ws = `/w/${DEMO_WORKSPACE}/governance`;

beforeAll(async () => {
  server = await startTestServer();
  [admin, viewer] = await Promise.all([server.signIn(DEMO.admin), server.signIn(DEMO.viewer)]);
});

afterAll(async () => {
  await server?.stop();
});

async function page(path: string, cookie: string) {
  const res = await get(server.baseUrl, path, cookie);
  const html = await res.text();
  return { status: res.status, html, text: pageText(html) };
}

async function post(path: string, fields: Record<string, string | string[]>, cookie: string) {
  const res = await postForm(server.baseUrl, path, fields, cookie);
  const html = await res.text();
  return { status: res.status, text: pageText(html) };
}

describe("the Board", () => {
  it("lists the directors, the quorum and the meetings for every member", async () => {
    for (const cookie of [admin, viewer]) {
      const p = await page(`${ws}/board`, cookie);
      expect(p.status).toBe(200);
      expect(p.text).toContain("Dame Elizabeth Hart");
      expect(p.text).toContain("Professor Sarah Whitfield");
      expect(p.text).toContain("Vice-Chair");
      expect(p.text).toContain("The quorum is 6 of the 12 voting directors, including the Chair or Vice-Chair, at least 2 non-executive directors and 2 executive directors");
      expect(p.text).toContain("26 March 2026");
      expect(p.html).toMatch(/<caption[^>]*>Board meetings, newest first/);
    }
  });

  it("shows the forms to the Board Secretary only, and refuses a viewer's post", async () => {
    const mine = await page(`${ws}/board?meetingDate=26%20March%202026`, admin);
    expect(mine.text).toContain("Record a meeting");
    expect(mine.text).toContain("Add a member of the Board");
    // Attendance is chosen from the members in office on the date: Dr Richard Stone left in June 2025.
    expect(mine.html).toMatch(/<label[^>]*for="present-[^"]+"[^>]*>Dr Hannah Brooks/);
    expect(mine.html).not.toMatch(/<label[^>]*for="present-[^"]+"[^>]*>Dr Richard Stone/);

    const theirs = await page(`${ws}/board?meetingDate=26%20March%202026`, viewer);
    expect(theirs.html).not.toMatch(/name="intent"/);
    expect(theirs.text).not.toContain("Record a meeting");
    const refused = await post(`${ws}/board`, { intent: "meeting", date: "2026-11-26", title: "Board", part: "public" }, viewer);
    expect(refused.status).toBe(403);
    expect((await post(`${ws}/board`, { intent: "quorum", minVoting: "1", votingDirectors: "1", minNonExecutive: "0", minExecutive: "0" }, viewer)).status).toBe(403);
    expect(getGovernanceSettings(server.db, DEMO_WORKSPACE).quorum.minVoting).toBe(6);
  });

  it("refuses a meeting in the future, and an unsound quorum, changing nothing", async () => {
    const before = listMeetings(server.db, DEMO_WORKSPACE).length;
    const member = listMeetings(server.db, DEMO_WORKSPACE)[0]!.attendance[0]!.memberId;
    const future = await post(`${ws}/board`, { intent: "meeting", date: "1 January 2030", title: "Board of Directors", part: "public", present: [member] }, admin);
    expect(future.status).toBe(200);
    expect(future.text).toContain("There is a problem");
    expect(future.text).toContain("The meeting date cannot be in the future");
    expect(listMeetings(server.db, DEMO_WORKSPACE)).toHaveLength(before);

    const dateStep = await page(`${ws}/board?meetingDate=1%20January%202030`, admin);
    expect(dateStep.text).toContain("The meeting date cannot be in the future");
    expect(dateStep.html).not.toMatch(/name="present"/);

    const quorum = await post(`${ws}/board`, { intent: "quorum", minVoting: "13", votingDirectors: "12", minNonExecutive: "2", minExecutive: "2", requireChairOrViceChair: "on" }, admin);
    expect(quorum.text).toContain("cannot be more than the Board's 12 voting directors");
    expect(getGovernanceSettings(server.db, DEMO_WORKSPACE).quorum.minVoting).toBe(6);
  });

  it("records a meeting with its attendance, and the trail says who did", async () => {
    const office = listMeetings(server.db, DEMO_WORKSPACE).find((m) => m.date === "2026-03-26")!.attendance;
    const present = office.filter((a) => a.name !== "David Lowe").map((a) => a.memberId);
    const res = await post(`${ws}/board`, { intent: "meeting", date: "2026-11-26", title: "Board of Directors (meeting in private)", part: "private", present }, admin);
    expect(res.text).toContain("recorded, with");
    const meeting = listMeetings(server.db, DEMO_WORKSPACE).find((m) => m.date === "2026-11-26")!;
    expect(meeting.part).toBe("private");
    expect(meeting.attendance.filter((a) => a.present)).toHaveLength(present.length);

    const list = await page(`${ws}/board`, viewer);
    expect(list.text).toContain("26 November 2026");
    const trail = await page(`${ws}/audit?person=${findUserByEmail(server.db, DEMO.admin)!.id}`, viewer);
    expect(trail.text).toContain("Helen Carter recorded the Board of Directors (meeting in private) of 26 November 2026");
  });
});

describe("one Board meeting", () => {
  it("shows attendance, the quorum and each item with its conflicts", async () => {
    const meeting = listMeetings(server.db, DEMO_WORKSPACE).find((m) => m.date === "2026-03-26")!;
    const p = await page(`${ws}/board/${meeting.id}`, viewer);
    expect(p.status).toBe(200);
    expect(p.text).toContain("26 March 2026");
    expect(p.text).toContain("Members in office on 26 March 2026 and whether they were present");
    expect(p.text).toMatch(/David Lowe Non-executive director Absent/);
    expect(p.text).toContain("Quorate");
    // Structure v2.0: the Medical Director declared an interest; scheme v4.0: no conflicts.
    expect(p.text).toContain("Service-line structure version 2.0");
    expect(p.text).toContain("Scheme of delegation version 4.0");
    expect(p.text).toContain("Dr Hannah Brooks");
    expect(p.text).toContain("TB 26/043");
    expect(p.html).toMatch(new RegExp(`href="/w/${DEMO_WORKSPACE}/versions/[0-9a-f-]{36}"`));
  });

  it("is a 404 for another trust's meeting", async () => {
    createWorkspace(server.db, "elsewhere", "Elsewhere NHS Foundation Trust");
    const other = addMeeting(server.db, "elsewhere", { title: "Elsewhere Board of Directors", date: "2026-06-25", part: "public", attendance: [] }, { id: null, name: "Test" });
    expect((await get(server.baseUrl, `${ws}/board/${other.id}`, admin)).status).toBe(404);
    expect((await get(server.baseUrl, `/w/elsewhere/governance/board/${other.id}`, admin)).status).toBe(404);
    expect((await get(server.baseUrl, `${ws}/board/no-such-meeting`, admin)).status).toBe(404);
    // Nor does its record reach this trust's audit trail.
    const trail = await page(`${ws}/audit?what=kind:board`, admin);
    expect(trail.text).not.toContain("Elsewhere");
  });
});

describe("who held which role when", () => {
  it("lists tenures with level and unit, ended ones included, and filters by date", async () => {
    const all = await page(`${ws}/roles`, viewer);
    expect(all.status).toBe(200);
    expect(all.text).toMatch(/Dr Lisa Moran Clinical Lead Service line Respiratory medicine 1 April 2019 31 October 2025 Substantive/i);
    expect(all.text).toContain("Mark Jennings");
    expect(all.html).not.toMatch(/name="intent"/);

    const before = await page(`${ws}/roles?on=31%20October%202025`, viewer);
    expect(before.text).toContain("Roles held on 31 October 2025");
    expect(before.text).toContain("Dr Lisa Moran");
    const after = await page(`${ws}/roles?on=1%20November%202025`, viewer);
    expect(after.text).not.toContain("Dr Lisa Moran");

    const bad = await page(`${ws}/roles?on=31%20Smarch%202025`, viewer);
    expect(bad.text).toContain("There is a problem");
  });

  it("refuses a delegation that ends before it starts, and a viewer's post", async () => {
    const count = listDelegations(server.db, DEMO_WORKSPACE).length;
    const res = await post(`${ws}/roles`, { intent: "addDelegation", delegator: "Dr James Okafor", delegate: "Simon Clarke", scope: "all", dFrom: "10 August 2026", dTo: "1 August 2026", reason: "Annual leave" }, admin);
    expect(res.status).toBe(200);
    expect(res.text).toContain("The last day cannot be before the first");
    expect(listDelegations(server.db, DEMO_WORKSPACE)).toHaveLength(count);

    const tenure = listTenures(server.db, DEMO_WORKSPACE).find((t) => t.person === "Priya Shah")!;
    const end = await post(`${ws}/roles`, { intent: "endTenure", tenureId: tenure.id, to: "1 January 2020" }, admin);
    expect(end.text).toContain("The last day cannot be before the tenure began (1 April 2022)");
    expect(listTenures(server.db, DEMO_WORKSPACE).find((t) => t.id === tenure.id)!.to).toBeNull();

    expect((await post(`${ws}/roles`, { intent: "endTenure", tenureId: tenure.id, to: "1 December 2026" }, viewer)).status).toBe(403);
    expect(listTenures(server.db, DEMO_WORKSPACE).find((t) => t.id === tenure.id)!.to).toBeNull();
  });

  it("records a tenure and a delegation for some decisions", async () => {
    const res = await post(`${ws}/roles`, { intent: "addTenure", person: "Dr Sam Okoye", role: "Clinical Lead", levelId: "service-line", unitId: "card", acting: "acting", from: "1 November 2026", to: "" }, admin);
    expect(res.text).toContain("Dr Sam Okoye recorded as acting Clinical Lead from 1 November 2026");
    const p = await page(`${ws}/roles?on=2%20November%202026`, viewer);
    expect(p.text).toMatch(/Dr Sam Okoye Clinical Lead Service line Cardiology 1 November 2026 Still held Acting/);

    const del = await post(`${ws}/roles`, { intent: "addDelegation", delegator: "Priya Shah", delegate: "Mark Jennings", scope: "some", decisionIds: [], dFrom: "1 December 2026", dTo: "5 December 2026", reason: "Conference" }, admin);
    expect(del.text).toContain("Choose the decisions it covers");
  });
});

describe("the audit trail", () => {
  it("records sign-ins of the trust's members and changes to a member's role", async () => {
    const editor = findUserByEmail(server.db, DEMO.editor)!;
    await server.signIn(DEMO.editor);
    const saved = await post(`/w/${DEMO_WORKSPACE}/members`, { intent: "update", userId: editor.id, role: "executive" }, admin);
    expect(saved.text).toContain("Role saved.");
    await post(`/w/${DEMO_WORKSPACE}/members`, { intent: "update", userId: editor.id, role: "editor" }, admin);
    const p = await page(`${ws}/audit`, admin);
    expect(p.text).toContain("changed Tom Reid's access to Executive");
    expect(p.text).toContain("changed Tom Reid's access to Editor");
    expect(p.text).toMatch(/Tom Reid signed in/);
  });

  it("shows the records with hashes, the verified chain and grouped edits, newest first, 50 a page", async () => {
    const tom = findUserByEmail(server.db, DEMO.editor)!;
    for (const name of ["Cardiology services", "Cardiology"]) {
      await server.server.services.collab.transact(DEMO_WORKSPACE, { kind: "structure" }, (doc) => void updateUnit(doc, "card", { name }), { authorId: tom.id });
    }
    const p = await page(`${ws}/audit`, viewer);
    expect(p.status).toBe(200);
    expect(p.text).toMatch(/Chain verified up to record \d+/);
    // Consecutive edits of one document by one person within 10 minutes are one line (the demo's own
    // seeded edits by Tom Reid included, as they were made moments before).
    const tomsStructure = server.db.$client.prepare("SELECT count(*) FROM doc_updates WHERE workspace_id = ? AND room = 'structure' AND author_id = ?").pluck().get(DEMO_WORKSPACE, tom.id) as number;
    expect(tomsStructure).toBeGreaterThanOrEqual(2);
    expect(p.text).toMatch(new RegExp(`\\d\\d:\\d\\d(–\\d\\d:\\d\\d)?, \\d{1,2} [A-Z][a-z]+ 20\\d\\d Tom Reid edited the Service-line structure \\(${tomsStructure} changes\\)`));
    // The scheme's seeded draft edits are older than the first page of the (larger) demo trust's records.
    const schemeEdits = await page(`${ws}/audit?what=doc:delegation`, viewer);
    expect(schemeEdits.text).toMatch(/edited the Scheme of delegation \(\d+ changes?\)/);
    expect(p.text).toContain("recorded Dr Lisa Moran as Clinical Lead of Respiratory medicine from 1 April 2019 to 31 October 2025");
    const resolutions = await page(`${ws}/audit?what=kind:version`, viewer);
    expect(resolutions.text).toContain("recorded the Board's approval of version 4.0 of the Scheme of delegation at its meeting on 26 March 2026 (minute TB 26/043), in force from 1 April 2026");
    expect(resolutions.text).toContain("recorded the Chair's urgent action approving version 1.1 of the Service-line structure");
    expect(p.html).toMatch(/<code[^>]*>[0-9a-f]{12}<\/code>/);
    expect(p.html).toMatch(/<caption[^>]*>\d+ entries, page 1 of \d+</);
    expect(p.text).toContain("Older");
    expect(p.text).not.toContain("Newer");
    // Newest first: Tom's edit was the last thing done.
    expect(p.text).toMatch(/When What happened Record \d\d:\d\d[–:\d]*, \d{1,2} [A-Z][a-z]+ \d{4} Tom Reid edited the Service-line structure/);

    const two = await page(`${ws}/audit?page=2`, viewer);
    expect(two.text).toContain("Newer");
    expect(two.text).toMatch(/page 2 of/);
  });

  it("filters by person, document and dates", async () => {
    const tom = findUserByEmail(server.db, DEMO.editor)!;
    const byTom = await page(`${ws}/audit?person=${tom.id}`, viewer);
    expect(byTom.text).toContain("Tom Reid edited the Service-line structure");
    expect(byTom.text).not.toContain("Dame Elizabeth Hart");

    const scheme = await page(`${ws}/audit?what=doc:delegation`, viewer);
    expect(scheme.text).toContain("version 4.0 of the Scheme of delegation");
    expect(scheme.text).not.toContain("edited the Service-line structure");
    expect(scheme.text).not.toContain("added Dame Elizabeth Hart");

    const none = await page(`${ws}/audit?from=1%20January%202020&to=31%20December%202020`, viewer);
    expect(none.text).toContain("Nothing in the trail matches these filters");
    const wrong = await page(`${ws}/audit?from=2%20December%202026&to=1%20December%202026`, viewer);
    expect(wrong.text).toContain("The end of the period cannot be before its start");
  });
});
