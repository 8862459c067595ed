import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setServiceLineLimit } from "../../shared/collab/scheme-doc";
import { updateUnit } from "../../shared/collab/structure-doc";
import { addDays, londonDate } from "../../shared/format/dates";
import { listMeetings, listVersionEvents, listVersions } from "../../server/repositories/governance";
import { DEMO, DEMO_WORKSPACE, startTestServer, type TestServer } from "../setup/server";
import { get, pageText, postForm } from "../setup/http";

let t: TestServer;
let admin: string;
let executive: string;
let viewer: string;
beforeAll(async () => {
  t = await startTestServer();
  [admin, executive, viewer] = await Promise.all([t.signIn(DEMO.admin), t.signIn(DEMO.executive), t.signIn(DEMO.viewer)]);
});
afterAll(async () => {
  await t?.stop();
});

const W = `/w/${DEMO_WORKSPACE}`;
const read = (html: string) => pageText(html).replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/ ([,.:;)])/g, "$1").replace(/\( /g, "(");
const ask = async (query: string) => read(await (await get(t.baseUrl, `${W}/ask?${query}`, viewer)).text());
const headline = (text: string) => /Approve at: [^.]*?limit £[\d,]+/.exec(text)?.[0] ?? /Approve at: .{0,120}/.exec(text)?.[0];
const version = (number: string) => listVersions(t.db, DEMO_WORKSPACE, "delegation").find((v) => v.number === number)!;
const CAPITAL = "line=card&decision=capital-own&amount=40000";

describe("versions: the scheme in force, not the draft", () => {
  it("answers from the version in force on the date asked: v3.2 on 31 March 2026, v4.0 on 1 April 2026", async () => {
    const before = await ask("line=card&decision=revenue-nonpay&amount=75000&on=31+March+2026");
    const after = await ask("line=card&decision=revenue-nonpay&amount=75000&on=1+April+2026");
    expect(before).toContain("Limits from: Scheme of delegation v3.2, in force from 1 April 2025");
    expect(after).toContain("Limits from: Scheme of delegation v4.0, in force from 1 April 2026");
    expect(headline(before)).toContain("Division");
    expect(headline(after)).toContain("Service line");
  });

  it("shows the draft beside today's answer but does not apply it", async () => {
    const text = await ask(CAPITAL);
    expect(headline(text)).toContain("Division (Managing Director), limit £50,000");
    expect(text).toContain("In draft: service line at level 2: £25,000 → £50,000, not yet approved.");
  });

  it("leaves Who decides? unchanged by an edit to the draft", async () => {
    const before = headline(await ask("line=card&decision=revenue-nonpay&amount=150000"));
    await t.server.services.collab.transact(DEMO_WORKSPACE, { kind: "delegation" }, (doc) => void setServiceLineLimit(doc, "revenue-nonpay", 2, 150_000), { authorId: null });
    const text = await ask("line=card&decision=revenue-nonpay&amount=150000");
    expect(headline(text)).toBe(before);
    expect(text).toContain("In draft: service line at level 2: £100,000 → £150,000, not yet approved.");
  });

  it("refuses a proposal with bad numbers or dates, changing nothing", async () => {
    const n = listVersions(t.db, DEMO_WORKSPACE).length;
    const res = await postForm(t.baseUrl, `${W}/versions/new?doc=delegation`, { number: "4.0", title: "", owner: "x", narrative: "x", purpose: "x", sponsor: "x", recommendation: "x", effectiveFrom: "1 April 2027", reviewBy: "1 April 2029" }, executive);
    const text = read(await res.text());
    expect(text).toContain("Version 4.0 of the scheme of delegation already exists");
    expect(text).toContain("Give the version a title");
    expect(text).toContain("no later than 1 April 2028");
    expect(listVersions(t.db, DEMO_WORKSPACE).length).toBe(n);
    expect((await postForm(t.baseUrl, `${W}/versions/new?doc=delegation`, { number: "5.0" }, viewer)).status).toBe(403);
  });

  let v5 = "";
  it("lets the executive propose the draft as v5.0, frozen with its hash chained to v4.0", async () => {
    const res = await postForm(t.baseUrl, `${W}/versions/new?doc=delegation`, {
      number: "5.0",
      title: "Scheme of reservation and delegation 2027/28",
      owner: "Helen Carter, Board Secretary",
      narrative: "Annual review for 2027/28.",
      purpose: "To approve the annual review",
      sponsor: "Priya Shah, Director of Finance",
      author: "",
      previousConsideration: "Audit Committee",
      recommendation: "The Board is asked to approve version 5.0.",
      effectiveFrom: addDays(londonDate(), 1),
      reviewBy: addDays(londonDate(), 300),
    }, executive);
    expect(res.status).toBe(302);
    const v = version("5.0");
    v5 = v.id;
    expect(v.prevSha256).toBe(version("4.0").sha256);
    expect(v.editors.map((e) => e.name)).toEqual(expect.arrayContaining(["Tom Reid"]));
    // Editing the draft afterwards does not change the version.
    await t.server.services.collab.transact(DEMO_WORKSPACE, { kind: "delegation" }, (doc) => void setServiceLineLimit(doc, "revenue-nonpay", 2, 175_000), { authorId: null });
    expect(version("5.0").sha256).toBe(v.sha256);
    expect(() => t.db.$client.prepare("UPDATE doc_versions SET title = 'Tampered' WHERE id = ?").run(v.id)).toThrow(/cannot be changed/);
    expect(() => t.db.$client.prepare("DELETE FROM version_events WHERE version_id = ?").run(v.id)).toThrow(/cannot be deleted/);
  });

  it("refuses to approve at an inquorate meeting, with the reasons", async () => {
    await postForm(t.baseUrl, `${W}/versions/${v5}`, { kind: "recommended", committee: "Audit Committee", date: londonDate(), minuteRef: "AC 26/101", outcome: "" }, admin);
    const meetingId = addMeeting(londonDate(), ["Dame Elizabeth Hart", "Dr James Okafor", "Priya Shah", "Mark Ellis"]);
    const res = await postForm(t.baseUrl, `${W}/versions/${v5}`, { kind: "approved", meetingId, minuteRef: "TB 26/120" }, admin);
    const text = read(await res.text());
    expect(text).toContain("The meeting was not quorate for this item");
    expect(listVersionEvents(t.db, DEMO_WORKSPACE).filter((e) => e.versionId === v5).map((e) => e.kind)).toEqual(["proposed", "recommended"]);
  });

  it("does not count a conflicted director towards the quorum", async () => {
    const six = ["Dame Elizabeth Hart", "Professor Sarah Whitfield", "Mark Ellis", "Dr James Okafor", "Priya Shah", "Angela Moore"];
    const meetingId = addMeeting(londonDate(), six);
    const conflicted = listMeetings(t.db, DEMO_WORKSPACE).find((m) => m.id === meetingId)!.attendance.find((a) => a.name === "Angela Moore")!.memberId;
    const text = read(await (await postForm(t.baseUrl, `${W}/versions/${v5}`, { kind: "approved", meetingId, minuteRef: "TB 26/121", conflicted }, admin)).text());
    expect(text).toContain("not quorate");
    expect((await postForm(t.baseUrl, `${W}/versions/${v5}`, { kind: "approved", meetingId, minuteRef: "TB 26/121" }, viewer)).status).toBe(403);
    expect((await postForm(t.baseUrl, `${W}/versions/${v5}`, { kind: "approved", meetingId, minuteRef: "TB 26/121" }, executive)).status).toBe(403);
  });

  it("approves at a quorate meeting; Who decides? changes only from the effective date", async () => {
    const meetingId = addMeeting(londonDate(), ["Dame Elizabeth Hart", "Professor Sarah Whitfield", "Mark Ellis", "Anil Mehta", "Dr James Okafor", "Priya Shah", "Angela Moore"]);
    const res = await postForm(t.baseUrl, `${W}/versions/${v5}`, { kind: "approved", meetingId, minuteRef: "TB 26/122", effectiveFrom: "", reviewBy: "" }, admin);
    expect(read(await res.text())).toContain("Approved by Board resolution: recorded with your name.");
    const today = await ask(CAPITAL);
    expect(headline(today)).toContain("Division");
    const tomorrow = await ask(`${CAPITAL}&on=${addDays(londonDate(), 1)}`);
    expect(headline(tomorrow)).toContain("Service line");
    expect(tomorrow).toContain("Limits from: Scheme of delegation v5.0");
    // Approving again is refused: an approved version's record is settled.
    const again = read(await (await postForm(t.baseUrl, `${W}/versions/${v5}`, { kind: "approved", meetingId, minuteRef: "TB 26/123" }, admin)).text());
    expect(again).toContain("cannot be approved");
  });

  it("publishes the versions to every member without approval controls", async () => {
    const text = read(await (await get(t.baseUrl, `${W}/versions`, viewer)).text());
    expect(text).toContain("Version 4.0: Scheme of reservation and delegation 2026/27");
    expect(text).toContain("Approved by the Board of Directors on 26 March 2026 (minute TB 26/043)");
    expect(text).toContain("3.2: Scheme of reservation and delegation 2025/26");
    expect(text).not.toContain("Propose the draft");
    const page = read(await (await get(t.baseUrl, `${W}/versions/${v5}`, viewer)).text());
    expect(page).not.toContain("Record the next step");
  });

  it("compares any two versions, and a version with the draft, in plain words", async () => {
    const v32 = version("3.2");
    const v40 = version("4.0");
    const forward = read(await (await get(t.baseUrl, `${W}/versions/${v32.id}?compare=${v40.id}`, viewer)).text());
    expect(forward).toContain("What version 4.0 changes since this one");
    expect(forward).toContain("Authorise non-pay revenue expenditure, service line at level 2: £50,000 → £100,000");
    const back = read(await (await get(t.baseUrl, `${W}/versions/${v40.id}?compare=${v32.id}`, viewer)).text());
    expect(back).toContain("What it changes since version 3.2");
    expect(back).toContain("£50,000 → £100,000");
    const draft = read(await (await get(t.baseUrl, `${W}/versions/${v40.id}?compare=draft`, viewer)).text());
    expect(draft).toContain("What the draft changes since this version");
  });

  it("gives 404 for another trust's or a made-up version", async () => {
    expect((await get(t.baseUrl, `${W}/versions/not-a-version`, viewer)).status).toBe(404);
    expect((await get(t.baseUrl, `/w/another-trust/versions/${v5}`, viewer)).status).toBe(404);
  });
});

describe("a Chair's urgent action", () => {
  it("needs two non-executive directors consulted, stays flagged, and is ratified at a later meeting", async () => {
    await t.server.services.collab.transact(DEMO_WORKSPACE, { kind: "structure" }, (doc) => void updateUnit(doc, "gynae", { name: "Gynaecology and fertility" }), { authorId: null });
    const proposed = await postForm(t.baseUrl, `${W}/versions/new?doc=structure`, {
      number: "2.1", title: "Fertility services", owner: "Helen Carter", narrative: "Renames Gynaecology to take in fertility services.", purpose: "Urgent change", sponsor: "Simon Clarke", recommendation: "Approve by Chair's action.",
      effectiveFrom: londonDate(), reviewBy: addDays(londonDate(), 100),
    }, executive);
    expect(proposed.status).toBe(302);
    const id = listVersions(t.db, DEMO_WORKSPACE, "structure").find((v) => v.number === "2.1")!.id;
    await postForm(t.baseUrl, `${W}/versions/${id}`, { kind: "recommended", committee: "Executive Management Team", date: londonDate(), minuteRef: "EMT 26/200" }, admin);
    const wrong = read(await (await postForm(t.baseUrl, `${W}/versions/${id}`, { kind: "chair_action", date: londonDate(), consulted1: "Dr James Okafor", consulted2: "Mark Ellis" }, admin)).text());
    expect(wrong).toContain("Dr James Okafor was not a non-executive director on that date");
    const once = read(await (await postForm(t.baseUrl, `${W}/versions/${id}`, { kind: "chair_action", date: londonDate(), consulted1: "Mark Ellis", consulted2: "Mark Ellis" }, admin)).text());
    expect(once).toContain("Name the two non-executive directors");
    const ok = read(await (await postForm(t.baseUrl, `${W}/versions/${id}`, { kind: "chair_action", date: londonDate(), consulted1: "Mark Ellis", consulted2: "Anil Mehta" }, admin)).text());
    expect(ok).toContain("Approved by Chair's urgent action: recorded with your name.");
    expect(read(await (await get(t.baseUrl, `${W}/versions`, viewer)).text())).toContain("awaiting ratification by the Board");
    const meetingId = addMeeting(londonDate(), ["Dame Elizabeth Hart", "Professor Sarah Whitfield", "Mark Ellis", "Dr James Okafor", "Priya Shah", "Angela Moore"]);
    const ratified = read(await (await postForm(t.baseUrl, `${W}/versions/${id}`, { kind: "ratified", meetingId, minuteRef: "TB 26/160" }, admin)).text());
    expect(ratified).toContain("Chair's action ratified by the Board: recorded with your name.");
    const page = read(await (await get(t.baseUrl, `${W}/versions`, viewer)).text());
    expect(page).toMatch(/Approved by Chair's action on \d+ \w+ \d{4} after consulting Mark Ellis and Anil Mehta; ratified by the Board on/);
  });
});

/** Records a Board meeting with these directors present (the Board page's form is tested end to end). */
function addMeeting(date: string, present: string[]): string {
  const members = t.db.$client.prepare("SELECT id, name, capacity, \"from\", \"to\" FROM board_members WHERE workspace_id = ?").all(DEMO_WORKSPACE) as { id: string; name: string; capacity: string; from: string; to: string | null }[];
  const attendance = members.filter((m) => m.from <= date && (m.to === null || m.to >= date)).map((m) => ({ memberId: m.id, name: m.name, capacity: m.capacity, present: present.includes(m.name) }));
  const id = `m-${Math.random().toString(36).slice(2)}`;
  t.db.$client.prepare("INSERT INTO board_meetings (id, workspace_id, title, date, part, attendance, created_by, created_at) VALUES (?, ?, 'Board of Directors (meeting in public)', ?, 'public', ?, NULL, ?)").run(id, DEMO_WORKSPACE, date, JSON.stringify(attendance), Date.now());
  return id;
}
