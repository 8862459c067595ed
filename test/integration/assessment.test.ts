/**
 * The SLM maturity self-assessment through the real app (issue 15): approval refused while a section
 * is unagreed and stored, hashed and append-only once every section is agreed; the PDF and XLSX
 * exports; the Board pack section. The demo trust is seeded for 1 December 2026.
 */
import path from "node:path";
import ExcelJS from "exceljs";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildBoardPack } from "../../server/governance/board-pack";
import { boardPackInput } from "../../server/governance/pack-input";
import { listVersions } from "../../server/repositories/governance";
import { addAction, setAgreed } from "../../shared/collab/assessment-doc";
import { allSections } from "../../shared/maturity/framework";
import { get, pageText, postForm } from "../setup/http";
import { DEMO, DEMO_WORKSPACE, startTestServer, type TestServer } from "../setup/server";

const root = path.resolve(import.meta.dirname, "../..");
const standardFontDataUrl = path.join(root, "node_modules/pdfjs-dist/standard_fonts") + path.sep;

async function pdfText(pdf: Buffer): Promise<string> {
  const doc = await getDocument({ data: new Uint8Array(pdf), standardFontDataUrl, verbosity: 0, isEvalSupported: false, useSystemFonts: false }).promise;
  let text = "";
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    text += " " + content.items.map((i) => ("str" in i ? i.str : "")).join(" ");
  }
  await doc.destroy();
  return text.replace(/\s+/g, " ");
}

let t: TestServer;
let exec: string;
const base = `/w/${DEMO_WORKSPACE}/assessment`;
const REF = { kind: "assessment", year: 2026 } as const;
const versions = () => t.db.$client.prepare("SELECT count(*) AS n FROM assessment_versions WHERE workspace_id = ?").pluck().get(DEMO_WORKSPACE) as number;

beforeAll(async () => {
  t = await startTestServer();
  exec = await t.signIn(DEMO.executive);
});
afterAll(async () => t?.stop());

describe("the demo", () => {
  it("lists last March's approved assessment and this year's draft", async () => {
    const res = await get(t.baseUrl, base, await t.signIn(DEMO.viewer));
    expect(res.status).toBe(200);
    const text = pageText(await res.text());
    expect(text).toMatch(/2026\/27 Trust Draft under way/);
    expect(text).toMatch(/2025\/26 Trust Approved \(version 1, 19 March 2026\)/);
    // Information management around 2, strategy lower, performance around 2, structure around 3.
    expect(text).toMatch(/Part 1: 1\.8 · Part 2: 1\.5 · Part 3: 1\.9 · Part 4: 3/);
  });

  it("keeps the document type's rules (the seed writes the log before the server checks anything)", async () => {
    for (const year of [2025, 2026]) expect(await t.server.services.collab.problems(DEMO_WORKSPACE, { kind: "assessment", year })).toEqual([]);
  });
});

describe("approval", () => {
  it("is refused while a section is unagreed, and changes nothing", async () => {
    const before = versions();
    const res = await postForm(t.baseUrl, `${base}/2026-27?index`, { intent: "approve", note: "" }, exec);
    expect(res.status).toBe(200);
    const text = pageText(await res.text());
    expect(text).toMatch(/The assessment cannot be approved yet/);
    expect(text).toMatch(/Part 2 §1 \(Service-line strategy\) has no agreed level/);
    expect(versions()).toBe(before);
  });

  it("is not a contributor's to give", async () => {
    const res = await postForm(t.baseUrl, `${base}/2026-27?index`, { intent: "approve" }, await t.signIn(DEMO.contributor));
    expect(res.status).toBe(403);
  });

  it("freezes the assessment with its hash once every section is agreed with a rationale; the record cannot change", async () => {
    const collab = t.server.services.collab;
    await collab.transact(DEMO_WORKSPACE, REF, (doc) => {
      for (const s of allSections()) if (!s.id.startsWith("p1")) setAgreed(doc, s.id, { agreedLevel: s.id.startsWith("p4") ? 3 : 2, rationale: "Agreed at the December workshop" });
    }, { authorId: null });
    const snap = await collab.snapshot(DEMO_WORKSPACE, REF);
    const res = await postForm(t.baseUrl, `${base}/2026-27?index`, { intent: "approve", note: "Agreed in December" }, exec);
    const text = pageText(await res.text());
    expect(text).toMatch(/Approved as version 1/);
    const row = t.db.$client.prepare("SELECT * FROM assessment_versions WHERE workspace_id = ? AND year = 2026").get(DEMO_WORKSPACE) as { id: string; sha256: string; seq: number; content: string };
    expect(row.sha256).toBe(snap.sha256);
    expect(row.seq).toBe(snap.seq);
    expect(JSON.parse(row.content).sections.p4s7.agreedLevel).toBe(3);
    const audit = t.db.$client.prepare("SELECT kind, subject FROM audit_events WHERE kind = 'assessment.approved' ORDER BY id DESC LIMIT 1").get() as { subject: string };
    expect(audit.subject).toBe("assessment/2026-27 approval 1");
    expect(() => t.db.$client.prepare("UPDATE assessment_versions SET note = 'x' WHERE id = ?").run(row.id)).toThrow(/cannot be changed/);
    expect(() => t.db.$client.prepare("DELETE FROM assessment_versions WHERE id = ?").run(row.id)).toThrow(/cannot be deleted/);
    // Approving again without a change is refused.
    const again = pageText(await (await postForm(t.baseUrl, `${base}/2026-27?index`, { intent: "approve" }, exec)).text());
    expect(again).toMatch(/Nothing has changed since approval 1/);
  });
});

describe("copying an action into a service line's plan", () => {
  it("adds it to that line's plan for the year, through the plan's write path; others cannot", async () => {
    let id = "";
    await t.server.services.collab.transact(DEMO_WORKSPACE, REF, (doc) => {
      const r = addAction(doc, "p2s3", { text: "Agree Cardiology's bottom-up goals before 1 April", owner: "Clinical Director, Cardiology", due: "2027-02-28" });
      if (r.ok) id = r.id;
    }, { authorId: null });
    expect(id).not.toBe("");
    const data = `${base}/2026-27?index`;
    const said = async (res: Response) => pageText(await res.text());
    const refused = await postForm(t.baseUrl, data, { intent: "copy-action", sectionId: "p2s3", actionId: id, unitId: "card" }, await t.signIn(DEMO.contributor));
    expect(await said(refused)).toMatch(/Your role does not allow adding actions to Cardiology's plan/);
    const res = await postForm(t.baseUrl, data, { intent: "copy-action", sectionId: "p2s3", actionId: id, unitId: "card" }, exec);
    expect(await said(res)).toMatch(/Added to Cardiology's plan for 2026\/27/);
    const plan = await t.server.services.collab.read(DEMO_WORKSPACE, { kind: "plan", unitId: "card", year: 2026 });
    expect(plan.actions.find((a) => a.action === "Agree Cardiology's bottom-up goals before 1 April")).toMatchObject({ owner: "Clinical Director, Cardiology", due: "2027-02-28", evidenceNote: "SLM maturity self-assessment 2026/27, Part 2 §3" });
    const bad = await postForm(t.baseUrl, data, { intent: "copy-action", sectionId: "p2s3", actionId: id, unitId: "nope" }, exec);
    expect(await said(bad)).toMatch(/Choose a service line of the trust/);
  });
});

describe("results and exports", () => {
  it("the results page shows the profile per part and the comparison with the earlier year", async () => {
    const text = pageText(await (await get(t.baseUrl, `${base}/2026-27/results`, exec)).text());
    expect(text).toMatch(/Approved version 1/);
    expect(text).toMatch(/Mean agreed level of each part ?, 2026\/27 against 2025\/26/);
    // Each part's mean now and then: strategy and planning up from 1.5, structure unchanged at 3.
    expect(text).toMatch(/Part 2 ?: Strategy and service-line planning 6 of 6 2 2 2 1\.5 \+0\.5/);
    expect(text).toMatch(/Part 4 ?: Organisational structure 8 of 8 3 3 3 3 no change/);
  });

  it("downloads a PDF with real text and an XLSX with a sheet per table", async () => {
    const pdfRes = await get(t.baseUrl, `${base}/2026-27/export?format=pdf`, exec);
    expect(pdfRes.status).toBe(200);
    expect(pdfRes.headers.get("content-type")).toBe("application/pdf");
    const text = await pdfText(Buffer.from(await pdfRes.arrayBuffer()));
    expect(text).toMatch(/SLM maturity self-assessment 2026\/27/);
    expect(text).toMatch(/Profile by part/);
    expect(text).toMatch(/Mean 2025\/26/);
    expect(text).toMatch(/Furthest from level 4/);

    const xlsxRes = await get(t.baseUrl, `${base}/2025-26/export?format=xlsx`, exec);
    expect(xlsxRes.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await xlsxRes.arrayBuffer()) as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["Profile", "Furthest from level 4", "Sections", "Assessors' scores", "About"]);
    const profile = wb.getWorksheet("Profile")!;
    expect(profile.getRow(5).values).toEqual([undefined, "Part 4: Organisational structure", "8 of 8", 2, 4, 3]);
    const scores = wb.getWorksheet("Assessors' scores")!;
    expect(scores.rowCount - 1).toBe(27 * 4);

    const draft = await get(t.baseUrl, `${base}/2026-27/export?format=pdf&view=draft`, exec);
    expect(await pdfText(Buffer.from(await draft.arrayBuffer()))).toMatch(/DRAFT: not approved/);
    expect((await get(t.baseUrl, `${base}/2026-27/export?format=docx`, exec)).status).toBe(404);
    expect((await get(t.baseUrl, `${base}/2026-28/results`, exec)).status).toBe(404);
  });

  it("the Board pack has an SLM maturity section from the latest approval", async () => {
    const v = listVersions(t.db, DEMO_WORKSPACE, "delegation").at(-1)!;
    const input = boardPackInput(t.db, DEMO_WORKSPACE, "Riverside", v.id, "Helen Carter", "2026-12-02")!;
    expect(input.maturity?.title).toBe("SLM maturity self-assessment 2026/27");
    expect(input.maturity?.earlierLabel).toBe("2025/26");
    const pack = await buildBoardPack(input);
    const text = await pdfText(pack.pdf);
    expect(text).toMatch(/SLM maturity self-assessment/);
    expect(text).toMatch(/Part 2: Strategy and service-line planning/);
  });
});
