/**
 * Annual plans over HTTP against the real server and the demo seeded for 1 December 2026 (issue 12):
 * the workflow's steps are checked on the server (a contributor cannot record a step for another
 * line, nor an executive's step, nor agree twice), the round's guidance is the executive's, bad
 * input changes nothing, and the XLSX export adds up to the pound.
 */
import path from "node:path";
import ExcelJS from "exceljs";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getRound, listMilestones, listPlanEvents } from "../../server/repositories/plans";
import { writeCsv } from "../../server/imports/spreadsheet";
import { PERFORMANCE_COLUMNS, demoObservation, performanceToRows } from "../../shared/autonomy";
import { planState } from "../../shared/plans/workflow";
import { get, postForm } from "../setup/http";
import { DEMO, DEMO_WORKSPACE, startTestServer, type TestServer } from "../setup/server";

let t: TestServer;
let contributor: string;
let executive: string;
let viewer: string;
const R = `/w/${DEMO_WORKSPACE}/plans/2027-28`;

beforeAll(async () => {
  t = await startTestServer();
  [contributor, executive, viewer] = await Promise.all([t.signIn(DEMO.contributor), t.signIn(DEMO.executive), t.signIn(DEMO.viewer)]);
});
afterAll(async () => {
  await t.stop();
});

const events = (unitId: string) => listPlanEvents(t.db, DEMO_WORKSPACE, 2027, unitId).length;
const errorOf = (res: Response) => new URL(res.headers.get("location") ?? "", t.baseUrl).searchParams.get("error");

describe("the demo round", () => {
  it("is open for 2027/28 with the issue's timetable, Cardiology agreed and Surgery short of its control total", async () => {
    const res = await get(t.baseUrl, R, viewer);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("30 November 2026");
    expect(html).toContain("25 March 2027");
    expect(html).toMatch(/data-testid="status-card"[^>]*>Agreed by the line/);
    expect(html).toMatch(/data-testid="division-gap-surg"[^>]*>£412,350 short/);
    expect(getRound(t.db, DEMO_WORKSPACE, 2027)?.cipPercent).toBe(4);
  });
});

describe("workflow steps are checked on the server", () => {
  it("a contributor cannot record a step for another line's plan", async () => {
    const before = events("diab");
    const res = await postForm(t.baseUrl, `${R}/diab`, { kind: "submitted" }, contributor);
    expect(res.status).toBe(302);
    expect(errorOf(res)).toMatch(/own leaders/);
    expect(events("diab")).toBe(before);
  });

  it("a contributor cannot record the executive's steps on their own line", async () => {
    const before = events("card");
    const res = await postForm(t.baseUrl, `${R}/card`, { kind: "division_approved" }, contributor);
    expect(errorOf(res)).toMatch(/Only an executive/);
    expect(events("card")).toBe(before);
  });

  it("refuses an agreement recorded twice, and a step that is not one", async () => {
    const before = events("card");
    expect(errorOf(await postForm(t.baseUrl, `${R}/card`, { kind: "signed", capacity: "manager" }, contributor))).toMatch(/cannot be agreed/);
    expect(errorOf(await postForm(t.baseUrl, `${R}/card`, { kind: "approve-everything" }, executive))).toBe("Choose a step");
    expect(events("card")).toBe(before);
  });

  it("the executive records divisional approval, freezing the plan's state", async () => {
    const res = await postForm(t.baseUrl, `${R}/card`, { kind: "division_approved" }, executive);
    expect(errorOf(res)).toBeNull();
    const last = listPlanEvents(t.db, DEMO_WORKSPACE, 2027, "card").at(-1)!;
    expect(last).toMatchObject({ kind: "division_approved", actorName: "Priya Shah" });
    expect(last.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(last.content?.guidance.controlTotal).toBe(11_850_000);
  });
});

describe("the round's guidance", () => {
  it("is the executive's: a contributor is refused", async () => {
    const res = await postForm(t.baseUrl, R, { intent: "guidance", boardPriorities: "x", guidance: "x", cipPercent: "9", trustPlan: "", corporate: "0" }, contributor);
    expect(res.status).toBe(403);
    expect(getRound(t.db, DEMO_WORKSPACE, 2027)?.cipPercent).toBe(4);
  });

  it("bad input changes nothing and says why", async () => {
    const was = getRound(t.db, DEMO_WORKSPACE, 2027);
    const res = await postForm(t.baseUrl, R, { intent: "guidance", boardPriorities: "New", guidance: "New", cipPercent: "45", trustPlan: "2m", corporate: "0" }, executive);
    expect(errorOf(res)).toMatch(/between 0 and 20/);
    expect(getRound(t.db, DEMO_WORKSPACE, 2027)).toEqual(was);
    const pence = await postForm(t.baseUrl, R, { intent: "guidance", boardPriorities: "New", guidance: "New", cipPercent: "4", trustPlan: "2,000,000.50", corporate: "0" }, executive);
    expect(errorOf(pence)).toMatch(/whole pounds/);
    expect(getRound(t.db, DEMO_WORKSPACE, 2027)).toEqual(was);
  });
});

describe("the XLSX export", () => {
  it("holds the roll-up, and its lines, reserves and corporate add up to the trust total to the pound", async () => {
    const res = await get(t.baseUrl, `${R}/export`, viewer);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("spreadsheetml");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["Roll-up 2027-28", "Monthly contribution", "Targets", "Budget", "Cost improvement", "Workforce", "Action plan", "Plan status"]);
    const ws = wb.getWorksheet("Roll-up 2027-28")!;
    let parts = 0;
    let trust = 0;
    let surgGap: unknown = null;
    ws.eachRow((row, n) => {
      if (n === 1) return;
      const [, division, line, amount, , gap] = row.values as unknown[];
      if (line === "Division total") {
        if (division === "Surgery") surgGap = gap;
        return;
      }
      if (division === "Trust") trust = amount as number;
      else parts += amount as number;
    });
    expect(parts).toBe(trust);
    expect(surgGap).toBe(-412_350);
  });

  it("one line's plan alone, and 404 for a line that is not one", async () => {
    expect((await get(t.baseUrl, `${R}/export?unit=card`, viewer)).status).toBe(200);
    expect((await get(t.baseUrl, `${R}/export?unit=nope`, viewer)).status).toBe(404);
  });
});

describe("the Board pack", () => {
  it("has a service-line plans section with the roll-up to the pound and each plan's stage", async () => {
    const { id } = t.db.$client.prepare("SELECT id FROM doc_versions WHERE workspace_id = ? ORDER BY rowid DESC LIMIT 1").get(DEMO_WORKSPACE) as { id: string };
    const res = await get(t.baseUrl, `/w/${DEMO_WORKSPACE}/versions/${id}/pack`, viewer);
    expect(res.status).toBe(200);
    const pdf = await getDocument({ data: new Uint8Array(await res.arrayBuffer()), standardFontDataUrl: path.join(process.cwd(), "node_modules/pdfjs-dist/standard_fonts") + path.sep, verbosity: 0, isEvalSupported: false }).promise;
    const parts: string[] = [];
    for (let n = 1; n <= pdf.numPages; n++) parts.push((await (await pdf.getPage(n)).getTextContent()).items.map((i) => ("str" in i ? i.str : "")).join(" "));
    await pdf.destroy();
    const text = parts.join(" ").replace(/\s+/g, " ");
    expect(text).toMatch(/Service-line plans/);
    expect(text).toMatch(/The 2027\/28 plans/);
    expect(text).toMatch(/£412,350 short of the control total/);
    // Divisional approval was recorded earlier in this file.
    expect(text).toMatch(/Cardiology Division approved/);
    expect(text).toMatch(/Diabetes and endocrinology Drafting/);
  });
});

describe("targets come from the live plan", () => {
  function upload(cookie: string, csv: string) {
    const form = new FormData();
    form.append("intent", "check");
    form.append("file", new Blob([csv], { type: "text/csv" }), "figures.csv");
    return fetch(`${t.baseUrl}/w/${DEMO_WORKSPACE}/autonomy?index`, { method: "POST", redirect: "manual", headers: { Cookie: cookie, Origin: t.baseUrl }, body: form });
  }
  const text = async (res: Response) => (await res.text()).replace(/<[^>]+>/g, " ").replace(/&#x27;|&#39;/g, "'").replace(/\s+/g, " ");

  it("an import with a looser 18-week target than Gynaecology's live 2026/27 plan is refused, and says the plan's value", async () => {
    const rows = performanceToRows({ GYNAE: [demoObservation("GYNAE", "2026-10")] });
    const i = rows.findIndex((r) => r["Indicator code"] === "RTT18");
    expect(i).toBeGreaterThanOrEqual(0);
    const planned = rows[i]!.Target;
    const loose = rows.map((r, j) => (j === i ? { ...r, Target: "50" } : r));
    const refused = await text(await upload(executive, writeCsv([...PERFORMANCE_COLUMNS], loose)));
    expect(refused).toContain(`Gynaecology's live plan sets the RTT18 target for October 2026 at ${planned}%; the file says 50.`);
    // The same figures with the plan's own target raise no such refusal.
    const same = await text(await upload(executive, writeCsv([...PERFORMANCE_COLUMNS], rows)));
    expect(same).not.toContain("live plan sets");
  });
});

describe("addresses and a new round", () => {
  it("answers 404 for a year or a unit that is not a plan's", async () => {
    expect((await get(t.baseUrl, `/w/${DEMO_WORKSPACE}/plans/2027-29`, viewer)).status).toBe(404);
    expect((await get(t.baseUrl, `${R}/med`, viewer)).status).toBe(404);
    expect((await get(t.baseUrl, `${R}/divisions/card`, viewer)).status).toBe(404);
    expect((await get(t.baseUrl, `/w/${DEMO_WORKSPACE}/plans/2028-29/card`, viewer)).status).toBe(200);
  });

  it("the executive opens the next round with the usual timetable, once", async () => {
    const next = `/w/${DEMO_WORKSPACE}/plans/2028-29`;
    expect((await postForm(t.baseUrl, next, { intent: "open" }, contributor)).status).toBe(403);
    expect(getRound(t.db, DEMO_WORKSPACE, 2028)).toBeNull();
    expect(errorOf(await postForm(t.baseUrl, next, { intent: "open" }, executive))).toBeNull();
    expect(listMilestones(t.db, DEMO_WORKSPACE, 2028).map((m) => m.due)).toEqual(["2027-09-30", "2027-10-30", "2027-11-30", "2027-12-01", "2028-02-12", "2028-03-05", "2028-03-30", "2028-04-01"]);
    expect(errorOf(await postForm(t.baseUrl, next, { intent: "open" }, executive))).toMatch(/already open/);
  });
});

describe("a live plan", () => {
  it("is refreshed for the quarter as a new version, keeping the old one", async () => {
    const before = listPlanEvents(t.db, DEMO_WORKSPACE, 2026, "gsur");
    expect(planState(2026, before)).toMatchObject({ status: "live", version: 1 });
    expect(errorOf(await postForm(t.baseUrl, `/w/${DEMO_WORKSPACE}/plans/2026-27/gsur`, { kind: "refreshed" }, executive))).toBeNull();
    const after = listPlanEvents(t.db, DEMO_WORKSPACE, 2026, "gsur");
    expect(planState(2026, after)).toMatchObject({ status: "live", version: 2 });
    // The Board-approved version is still there, with its content and hash.
    const approved = after.find((e) => e.kind === "board_approved")!;
    expect(approved.content?.budget.length).toBeGreaterThan(0);
    expect(after.at(-1)!.content).not.toBeNull();
    // Pathology's approvals after 1 April are flagged late.
    expect(planState(2026, listPlanEvents(t.db, DEMO_WORKSPACE, 2026, "path")).late.map((e) => e.kind)).toEqual(["executive_approved", "board_approved"]);
  });

  it("shows General surgery ahead in some months but behind for the year", async () => {
    const html = await (await get(t.baseUrl, `/w/${DEMO_WORKSPACE}/plans/2026-27/gsur`, viewer)).text();
    const summary = /data-testid="ytd-summary"[^>]*>([\s\S]*?)<\/p>/.exec(html)![1]!.replace(/<[^>]+>/g, "").replace(/<!-- -->/g, "");
    expect(summary).toMatch(/met its plan in [1-7] months? of 8/);
    expect(summary).toMatch(/behind plan after November 2026, outside the 1% tolerance, so it cannot hold level 1/);
  });

  it("refuses a Board approval that does not name the meeting and its minute, and records nothing", async () => {
    const before = events("card");
    const noMinute = errorOf(await postForm(t.baseUrl, `${R}/card`, { kind: "board_approved", meeting: "25 November 2026", minute: " " }, executive));
    expect(noMinute).toBe("Give the minute reference of the Board's resolution, for example TB 27/031");
    const future = errorOf(await postForm(t.baseUrl, `${R}/card`, { kind: "board_approved", meeting: "25 March 2027", minute: "TB 27/031" }, executive));
    expect(future).toBe("The Board meeting on 25 March 2027 has not happened yet");
    // Named properly, it is still refused: Cardiology's plan is agreed, not yet approved by the executive.
    const early = errorOf(await postForm(t.baseUrl, `${R}/card`, { kind: "board_approved", meeting: "1 December 2026", minute: "TB 26/090" }, executive));
    expect(early).toMatch(/cannot be approved by the board/i);
    expect(events("card")).toBe(before);
    // The live plans' Board steps name theirs.
    const board = listPlanEvents(t.db, DEMO_WORKSPACE, 2026, "card").find((e) => e.kind === "board_approved")!;
    expect(board.note).toBe("Trust Board meeting on 26 March 2026, minute TB 26/044");
  });

  it("judges General surgery's finance year to date against its live plan, so it loses level 1", async () => {
    const text = (html: string) => html.replace(/<!-- -->/g, "").replace(/<[^>]+>/g, " ").replace(/&#x27;/g, "'").replace(/\s+/g, " ");
    const autonomy = text(await (await get(t.baseUrl, `/w/${DEMO_WORKSPACE}/autonomy`, viewer)).text());
    const row = /General surgery Surgery (Level \d)[^£]*?(£[\d,]+ behind the year-to-date plan of £[\d,]+ \(the live 2026\/27 plan\))/.exec(autonomy);
    expect(row?.[1]).toBe("Level 3");
    expect(row?.[2]).toMatch(/^£164,300 behind/);
    // A line on its plan for the year is judged the same way and keeps its level.
    expect(autonomy).toMatch(/Gastroenterology Medicine Level 1 .*?In November 2026: £[\d,]+ ahead of the year-to-date plan of £[\d,]+ \(the live 2026\/27 plan\)/);
    const line = text(await (await get(t.baseUrl, `/w/${DEMO_WORKSPACE}/lines/gsur`, viewer)).text());
    expect(line).toMatch(/Finance in November 2026: £164,300 behind the year-to-date plan of £[\d,]+ \(the live 2026\/27 plan\)/);
    expect(line).toMatch(/year to date \(8 months\) £164,300 behind the year-to-date plan of £[\d,]+ \(the live 2026\/27 plan's phasing\): contribution £[\d,]+ \(1% tolerance, so at least £[\d,]+\) — not met/);
  });
});
