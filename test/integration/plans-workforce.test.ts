/**
 * The plan as what performance is judged on, and workforce as its own criterion, over HTTP against
 * the real server and the demo (issue 12; docs/decisions/042 and 046): the line page rates Finance,
 * Workforce, Quality and Operational with the reasons; the versions page and the Board pack show the
 * rules' change from v3.2 (four criteria) to v4.0 (workforce added); a figure stored with a looser
 * target than the live plan's is judged on the plan's target and says so; a tolerance given with the
 * figures cannot loosen the live plan's finance judgement; and Cardiology's cost-improvement gap is
 * escalated with the executive's decision recorded.
 */
import path from "node:path";
import ExcelJS from "exceljs";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listObservations, saveObservations } from "../../server/repositories/performance";
import { get } from "../setup/http";
import { DEMO, DEMO_WORKSPACE, startTestServer, type TestServer } from "../setup/server";

let t: TestServer;
let viewer: string;
const W = `/w/${DEMO_WORKSPACE}`;

beforeAll(async () => {
  t = await startTestServer();
  viewer = await t.signIn(DEMO.viewer);
});
afterAll(async () => {
  await t.stop();
});

const text = (html: string) => html.replace(/<!-- -->/g, "").replace(/<[^>]+>/g, " ").replace(/&#x27;|&#39;/g, "'").replace(/&amp;/g, "&").replace(/\s+/g, " ");
const page = async (url: string) => text(await (await get(t.baseUrl, url, viewer)).text());
/** The latest month's criteria table on a line page, as text. */
const criteriaOf = (html: string) => text(/data-testid="latest-criteria"[\s\S]*?<\/table>/.exec(html)?.[0] ?? "");
const enteredBy = () => (t.db.$client.prepare("SELECT id FROM users WHERE email = ?").get(DEMO.executive) as { id: string }).id;

describe("workforce is rated beside finance, quality and performance", () => {
  it("Cardiology's line page rates five criteria and says agency spend alone is why it is not level 1", async () => {
    const criteria = criteriaOf(await (await get(t.baseUrl, `${W}/lines/card`, viewer)).text());
    expect(criteria).toMatch(/The five criteria in November 2026/);
    for (const label of ["Workforce", "Quality", "Performance"]) expect(criteria).toContain(label);
    expect(criteria).toMatch(/Workforce: 1 of 6 indicators off target \(level 1: none may be off target; level 2: up to 1 may be off target\) — met for level 2, not level 1/);
    expect(criteria).toMatch(/Workforce: Agency[^—]*— not met/);
  });

  it("the versions page and the Board pack show workforce added between v3.2 and v4.0", async () => {
    const v4 = t.db.$client.prepare("SELECT id FROM doc_versions WHERE workspace_id = ? AND doc = 'delegation' AND number = '4.0'").get(DEMO_WORKSPACE) as { id: string } | undefined;
    expect(v4).toBeDefined();
    const diff = await page(`${W}/versions/${v4!.id}`);
    expect(diff).toContain("Criterion added: Workforce (at most 0 workforce indicators off target for level 1, 1 for level 2)");
    const res = await get(t.baseUrl, `${W}/versions/${v4!.id}/pack`, viewer);
    expect(res.status).toBe(200);
    const pdf = await getDocument({ data: new Uint8Array(await res.arrayBuffer()), standardFontDataUrl: path.join(process.cwd(), "node_modules/pdfjs-dist/standard_fonts") + path.sep, verbosity: 0, isEvalSupported: false }).promise;
    const parts: string[] = [];
    for (let n = 1; n <= pdf.numPages; n++) parts.push((await (await pdf.getPage(n)).getTextContent()).items.map((i) => ("str" in i ? i.str : "")).join(" "));
    await pdf.destroy();
    expect(parts.join(" ").replace(/\s+/g, " ")).toMatch(/Criterion added: Workforce/);
  });
});

describe("the live plan sets the targets the figures are judged on", () => {
  it("a sickness figure stored with a looser target than Gastroenterology's live plan is judged on the plan's target, and says so", async () => {
    const held = listObservations(t.db, DEMO_WORKSPACE, "gast").gast!.find((m) => m.month === "2026-11")!;
    const sick = held.indicators.find((i) => i.code === "SICK")!;
    const planned = sick.target;
    // Off the plan's target, within a target two points looser: as if typed in before the plan went live.
    const value = Math.round((planned + 0.6) * 10) / 10;
    saveObservations(t.db, { workspaceId: DEMO_WORKSPACE, byUnit: { gast: [{ month: "2026-11", indicators: [{ ...sick, value, target: planned + 2 }] }] }, source: "form", enteredBy: enteredBy() });
    const criteria = criteriaOf(await (await get(t.baseUrl, `${W}/lines/gast`, viewer)).text());
    const f = (n: number) => `${Math.round(n * 100) / 100}%`;
    expect(criteria).toContain(`Workforce: Sickness absence ${f(value)} against a target of at most ${f(planned)} (the live 2026/27 plan's target; the figures gave ${f(planned + 2)}) — not met`);
  });

  it("a tolerance given with General surgery's figures does not loosen its year-to-date judgement, and is said not to be used", async () => {
    const held = listObservations(t.db, DEMO_WORKSPACE, "gsur").gsur!.find((m) => m.month === "2026-11")!;
    saveObservations(t.db, { workspaceId: DEMO_WORKSPACE, byUnit: { gsur: [{ month: "2026-11", indicators: [], finance: { ...held.finance!, tolerancePct: 50 } }] }, source: "form", enteredBy: enteredBy() });
    const criteria = criteriaOf(await (await get(t.baseUrl, `${W}/lines/gsur`, viewer)).text());
    expect(criteria).toMatch(/year to date \(8 months\) £164,300 behind the year-to-date plan of £[\d,]+ \(the live 2026\/27 plan's phasing\): contribution £[\d,]+ \(1% tolerance, so at least £[\d,]+\) — not met/);
    expect(criteria).toMatch(/the figures reported a plan of £825,000 and a 50% tolerance, not used: the live 2026\/27 plan and the rules set them/);
  });
});

describe("Cardiology's 2027/28 plan", () => {
  it("holds the cost-improvement gap escalated with the executive's decision and amber schemes, and 18 weeks reconciled with a monthly trajectory", async () => {
    const res = await get(t.baseUrl, `${W}/plans/2027-28/export?unit=card`, viewer);
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const rows = (name: string) => {
      const out: unknown[][] = [];
      wb.getWorksheet(name)!.eachRow((r, n) => void (n > 1 && out.push((r.values as unknown[]).slice(1))));
      return out;
    };
    const targets = rows("Targets");
    const cip = targets.find((r) => r[2] === "CIP")!;
    // Line, domain, code, measure, unit, direction, baseline, top-down, bottom-up, agreed, status, rationale.
    expect(cip.slice(7, 11)).toEqual([1_040_000, 920_000, 920_000, "escalated"]);
    expect(cip[11]).toMatch(/^Executive's decision at confirm and challenge on the £120,000 gap to the top-down 4% \(£1,040,000\): agreed at £920,000 with three amber schemes/);
    const schemes = rows("Cost improvement");
    expect(schemes.filter((r) => r[6] === "amber")).toHaveLength(3);
    expect(schemes.reduce((s, r) => s + (r[3] as number), 0)).toBe(920_000);
    const rtt = targets.find((r) => r[2] === "RTT18")!;
    expect(rtt.slice(7, 11)).toEqual([65, 62, 63.5, "agreed"]);
    const trajectory = rtt.slice(12, 24) as number[];
    expect(trajectory).toHaveLength(12);
    expect(new Set(trajectory).size).toBeGreaterThan(1);
    // The round dashboard counts the escalated target apart from open and agreed ones.
    const dashboard = await page(`${W}/plans/2027-28`);
    expect(dashboard).toMatch(/Cardiology Agreed by the line[^/]*? 0 \/ 1 \/ \d+/);
  });
});
