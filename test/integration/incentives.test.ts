/**
 * The incentive and consequence framework through the real app (issue 13), on the demo trust seeded
 * for 1 December 2026: last year's ledger closed from the demo's figures, this year's struck from them
 * on every visit (a corrected figure moves it), a cross-subsidised line earning on its improvement, a
 * draw-down refused when its approver did not hold the authority and recorded when they did, pay and
 * recurrent items refused, another trust's data out of reach, and the Board pack section.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../db/client";
import { seedDemoIfEmpty } from "../../db/seed";
import { seedDemoIncentives } from "../../db/seed/incentives";
import { hashPassword } from "../../server/auth/password";
import { buildBoardPack } from "../../server/governance/board-pack";
import { boardPackInput } from "../../server/governance/pack-input";
import { collabStore } from "../../server/collab/persistence";
import { reserves, yearPosition } from "../../server/incentives/position";
import { listDeterminations, listTenures, listVersions } from "../../server/repositories/governance";
import { getYearEnd, listConsequences } from "../../server/repositories/incentives";
import { monthsAtOrWorse } from "../../shared/incentives/rules";
import { saveObservations, listObservations } from "../../server/repositories/performance";
import { createUser } from "../../server/repositories/users";
import { addMembership, createWorkspace } from "../../server/repositories/workspaces";
import { readStructure } from "../../shared/collab/structure-doc";
import { formatDate } from "../../shared/format/dates";
import { formatMoney } from "../../shared/format/money";
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
let dir: string;
let exec: string;
const base = `/w/${DEMO_WORKSPACE}/incentives`;
/** A line's row of the ledger table, as text. */
const row = (html: string, unitId: string) => pageText(new RegExp(`<tr data-line="${unitId}">[\\s\\S]*?</tr>`).exec(html)?.[0] ?? "");
const structure = () => readStructure(collabStore(t.db).load(DEMO_WORKSPACE, "structure").doc);
/** The line with the most in its reserve (or the one named). */
const topReserve = (unitId?: string) => {
  const all = [...reserves(t.db, DEMO_WORKSPACE).values()];
  return unitId ? all.find((r) => r.unitId === unitId)! : all.sort((a, b) => b.balance - a.balance)[0]!;
};
const drawdowns = () => t.db.$client.prepare("SELECT count(*) FROM incentive_drawdowns WHERE workspace_id = ?").pluck().get(DEMO_WORKSPACE) as number;

beforeAll(async () => {
  // The demo as the server seeds it, with the incentives seed run once more in case the demo set-up
  // does not call it yet (it returns at once when it has already run).
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "devolve-incentives-"));
  const dbPath = path.join(dir, "devolve.sqlite");
  const db = createDb(dbPath);
  await seedDemoIfEmpty(db, { today: "2026-12-01" });
  db.$client.transaction(() => seedDemoIncentives(db, DEMO_WORKSPACE, "2026-12-01"))();
  db.$client.close();
  t = await startTestServer({ dbPath });
  exec = await t.signIn(DEMO.executive);
});
afterAll(async () => {
  await t?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("the ledger", () => {
  it("closed last year from the demo's figures: the level's share of each line's favourable variance", async () => {
    const closed = getYearEnd(t.db, DEMO_WORKSPACE, 2025)!;
    const top = [...closed.ledger.lines].sort((a, b) => b.credited - a.credited)[0]!;
    const sums = t.db.$client
      .prepare("SELECT sum(actual) - sum(plan) AS v FROM performance_finance WHERE workspace_id = ? AND unit_id = ? AND month BETWEEN '2025-04' AND '2026-03'")
      .get(DEMO_WORKSPACE, top.unitId) as { v: number };
    expect(sums.v).toBeGreaterThan(0);
    expect([1, 2]).toContain(top.level);
    expect(top).toMatchObject({ sharePct: top.level === 1 ? 50 : 25, variance: sums.v, credited: Math.round(sums.v * top.sharePct) / 100, status: "credited" });
    // Lines at level 3 or 4 keep nothing under the demo's framework.
    for (const l of closed.ledger.lines.filter((x) => x.level >= 3)) expect(l.credited).toBe(0);
    const res = await get(t.baseUrl, `${base}?year=2025-26`, await t.signIn(DEMO.viewer));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(pageText(html)).toMatch(/Closed at the year end \(31 March 2026\)/);
    expect(row(html, top.unitId)).toContain(formatMoney(top.credited));
    expect(row(html, top.unitId)).toContain("Credited");
  });

  it("keeps the document type's rules (the seed writes the log before the server checks anything)", async () => {
    for (const year of [2025, 2026]) {
      expect(await t.server.services.collab.problems(DEMO_WORKSPACE, { kind: "incentives", year })).toEqual([]);
      expect((await t.server.services.collab.read(DEMO_WORKSPACE, { kind: "incentives", year })).rewards[1].sharePct).toBe(50);
    }
  });

  it("strikes this year's position from the figures on every visit: a corrected month moves it", async () => {
    const html1 = await (await get(t.baseUrl, `${base}?year=2026-27`, exec)).text();
    expect(pageText(html1)).toMatch(/Position to date, struck on/);
    const now = yearPosition(t.db, DEMO_WORKSPACE, structure(), 2026, "2026-12-02").ledger!;
    // A line planned at a loss (cross-subsidised) still earns on its improvement against that plan.
    const subsidised = now.lines.find((l) => l.ytdPlan < 0 && l.credited > 0) ?? getYearEnd(t.db, DEMO_WORKSPACE, 2025)!.ledger.lines.find((l) => l.ytdPlan < 0 && l.credited > 0);
    expect(subsidised).toBeDefined();
    // The line with this year's Never Event has its gateway shut whatever its variance.
    const never = t.db.$client.prepare("SELECT unit_id FROM never_events WHERE workspace_id = ?").pluck().get(DEMO_WORKSPACE) as string;
    expect(row(html1, never)).toMatch(/Gateway not met/);
    // The credited figure is the last amount, just before the status.
    const credited = (text: string) => Number(/£([\d,.]+)\s+Credited\s*$/.exec(text)?.[1]?.replace(/,/g, "") ?? NaN);
    const line = now.lines.filter((l) => l.status === "credited").sort((a, b) => a.credited - b.credited)[0]!;
    expect(credited(row(html1, line.unitId))).toBe(line.credited);
    // The month's actual £100,000 better: the share rises by the level's share of it.
    const last = listObservations(t.db, DEMO_WORKSPACE, line.unitId)[line.unitId]!.filter((o) => o.finance).at(-1)!;
    saveObservations(t.db, { workspaceId: DEMO_WORKSPACE, byUnit: { [line.unitId]: [{ ...last, finance: { ...last.finance!, actual: last.finance!.actual + 100_000 } }] }, source: "form", enteredBy: null });
    const after = row(await (await get(t.baseUrl, `${base}?year=2026-27`, exec)).text(), line.unitId);
    expect(credited(after)).toBe(Math.min(line.credited + (100_000 * line.sharePct) / 100, 250_000));
  });

  it("shows the line's share, reserve and consequences on its own pages", async () => {
    const top = topReserve();
    const summary = await get(t.baseUrl, `${base}/summary/${top.unitId}`, exec);
    expect(summary.status).toBe(200);
    expect(await summary.text()).toContain(`"reserve":${top.balance}`);
    const page = pageText(await (await get(t.baseUrl, `${base}/lines/${top.unitId}`, exec)).text());
    expect(page).toMatch(/Share credited at the close of 2025\/26/);
    expect(page).toContain(`Balance ${formatMoney(top.balance)}`);
    expect(page).toMatch(/A six-month pilot of a nurse-led same-day clinic/);
    // The demo's special-measures trigger: a spell of six consecutive months at level 4, in the log.
    const special = t.db.$client.prepare("SELECT unit_id FROM incentive_consequences WHERE workspace_id = ? AND kind = 'special_measures'").pluck().get(DEMO_WORKSPACE) as string | undefined;
    expect(special).toBeDefined();
    const sm = pageText(await (await get(t.baseUrl, `${base}/lines/${special}`, exec)).text());
    expect(sm).toMatch(/Consequence log/);
    expect(sm).toMatch(/Special measures ?: 6 consecutive months at level 4 \(from 1 [A-Z][a-z]+ \d{4}\)/);
  });
});

describe("draw-downs", () => {
  /** The line with the most in its reserve, the seeded draw-down's approver and date, and another line's clinical lead. */
  const who = () => {
    const top = topReserve();
    const seeded = top.drawdowns[0]!;
    const name = structure().units.find((u) => u.id === top.unitId)!.name;
    const outsider = listTenures(t.db, DEMO_WORKSPACE).find((x) => x.role === "Clinical Lead" && x.unitId && x.unitId !== top.unitId && x.to === null)!.person;
    return { top, name, approver: seeded.approver, on: formatDate(seeded.onDate), outsider };
  };
  const form = (over: Record<string, string> = {}) => ({ amount: "£5,000", purpose: "Training for the team in a new technique", nature: "non_recurrent", decision: "revenue-nonpay", on: who().on, approver: who().approver, second: "", ...over });

  it("refuses an approver who did not hold the authority on the day, and records nothing", async () => {
    const { top, name, outsider, on } = who();
    const n = drawdowns();
    const res = await postForm(t.baseUrl, `${base}/lines/${top.unitId}`, form({ approver: outsider }), exec);
    expect(res.status).toBe(200);
    const text = pageText(await res.text());
    expect(text).toMatch(/The draw-down was refused: the approver did not hold the authority/);
    expect(text).toContain(`None of the roles ${outsider} held on ${on} (Clinical Lead) holds this decision for ${name}`);
    expect(drawdowns()).toBe(n);
  });

  it("refuses pay and recurrent spending, and more than the reserve holds", async () => {
    const { top } = who();
    const n = drawdowns();
    const post = async (over: Record<string, string>) => pageText(await (await postForm(t.baseUrl, `${base}/lines/${top.unitId}`, form(over), exec)).text());
    expect(await post({ nature: "pay" })).toMatch(/The reserve cannot be paid to individuals: incentives for individuals are non-pay/);
    expect(await post({ nature: "recurrent" })).toMatch(/a recurrent cost \(such as a permanent post\) must be funded through the line's budget/);
    expect(await post({ amount: "£900,000" })).toMatch(/a draw-down cannot be larger than what the line has retained/);
    expect(drawdowns()).toBe(n);
    // An individual incentive that is pay is refused too.
    const rec = await postForm(t.baseUrl, `${base}/register`, { intent: "recognition", line: top.unitId, recipient: "A clinical lead", kind: "pay", description: "A bonus", on: "20 November 2026" }, exec);
    expect(pageText(await rec.text())).toMatch(/Individual incentives are non-pay/);
    expect(t.db.$client.prepare("SELECT count(*) FROM incentive_recognition WHERE kind = 'pay'").pluck().get()).toBe(0);
  });

  it("records a draw-down the approver held the authority for, and the reserve falls by it", async () => {
    const { top, name, approver, on } = who();
    const n = drawdowns();
    const res = await postForm(t.baseUrl, `${base}/lines/${top.unitId}`, form(), exec);
    expect(pageText(await res.text())).toContain(`Draw-down of £5,000 recorded for ${name}, approved by ${approver} on ${on}.`);
    expect(drawdowns()).toBe(n + 1);
    expect(topReserve(top.unitId).balance).toBe(top.balance - 5_000);
    expect(() => t.db.$client.prepare("UPDATE incentive_drawdowns SET amount = 1").run()).toThrow(/A draw-down cannot be changed/);
  });

  it("is not a contributor's to record", async () => {
    const res = await postForm(t.baseUrl, `${base}/lines/${who().top.unitId}`, form(), await t.signIn(DEMO.contributor));
    expect(res.status).toBe(403);
  });
});

describe("the consequence log", () => {
  it("in the demo, special measures came after 6 consecutive months at level 4, from the agreed levels, and ended on leaving it", () => {
    const special = listConsequences(t.db, DEMO_WORKSPACE).filter((c) => c.kind === "special_measures");
    expect(special.length).toBeGreaterThan(0);
    for (const c of special) {
      expect(monthsAtOrWorse(listDeterminations(t.db, DEMO_WORKSPACE, c.unitId), 4, c.appliedOn)).toBe(6);
      expect(c.exitCriteria).not.toBe("");
    }
    // The one this year (Pathology, at level 4 from 1 April 2026 to the September review).
    expect(special.some((c) => c.appliedOn >= "2026-04-01")).toBe(true);
  });

  it("refuses a consequence without exit criteria, and an exit without how they were met", async () => {
    const n = () => listConsequences(t.db, DEMO_WORKSPACE, "urol").length;
    const before = n();
    const fields = { intent: "consequence", line: "urol", kind: "coaching", on: "20 November 2026", reason: "Two key indicators failed in a row", exit: "", reviewBy: "" };
    const refused = pageText(await (await postForm(t.baseUrl, `${base}/register`, fields, exec)).text());
    expect(refused).toContain("Say what the line must achieve to leave it (the exit criteria)");
    expect(n()).toBe(before);
    const ok = pageText(await (await postForm(t.baseUrl, `${base}/register`, { ...fields, exit: "Both indicators met for three consecutive months" }, exec)).text());
    expect(ok).toContain("Consequence recorded.");
    expect(n()).toBe(before + 1);
    const entry = listConsequences(t.db, DEMO_WORKSPACE, "urol")[0]!;
    const noNote = pageText(await (await postForm(t.baseUrl, `${base}/register`, { intent: "exit", id: entry.id, exitOn: "30 November 2026", exitNote: "" }, exec)).text());
    expect(noNote).toContain("Say how the exit criteria were met");
    expect(listConsequences(t.db, DEMO_WORKSPACE, "urol")[0]!.exitedOn).toBeNull();
  });
});

describe("another trust", () => {
  it("cannot reach this trust's ledger, lines, summary or registers, and sees none of it in its own", async () => {
    createWorkspace(t.db, "elsewhere", "Elsewhere Hospitals NHS Trust");
    const someone = createUser(t.db, { email: "exec@elsewhere.example", name: "An Executive", passwordHash: await hashPassword("another-password-1") });
    addMembership(t.db, { workspaceId: "elsewhere", userId: someone.id, role: "executive" });
    const other = await t.signIn("exec@elsewhere.example", "another-password-1");
    for (const p of [base, `${base}?year=2025-26`, `${base}/lines/gast`, `${base}/summary/gast`, `${base}/register`, `${base}/framework/2026-27`]) expect((await get(t.baseUrl, p, other)).status).toBe(404);
    expect((await postForm(t.baseUrl, `${base}/lines/gast`, { amount: "£1", purpose: "x", nature: "non_recurrent", decision: "revenue-nonpay", on: "20 November 2026", approver: "Dr Meera Iyer" }, other)).status).toBe(404);
    const own = await get(t.baseUrl, "/w/elsewhere/incentives", other);
    expect(own.status).toBe(200);
    const text = pageText(await own.text());
    expect(text).toMatch(/No incentive and consequence framework has been approved/);
    expect(text).not.toMatch(/Gastroenterology|Cardiology/);
    expect((await get(t.baseUrl, "/w/elsewhere/incentives/lines/gast", other)).status).toBe(404);
  });
});

describe("the Board pack", () => {
  it("has an incentives section struck on the pack's date", async () => {
    const v = listVersions(t.db, DEMO_WORKSPACE, "delegation").at(-1)!;
    const input = boardPackInput(t.db, DEMO_WORKSPACE, "Riverside", v.id, "Helen Carter", "2026-12-02")!;
    expect(input.incentives?.title).toBe("Incentives and consequences 2026/27");
    const text = await pdfText((await buildBoardPack(input)).pdf);
    expect(text).toMatch(/Incentives and consequences/);
    expect(text).toMatch(/Division Service line Agreed level Variance to plan Share To credit Status/);
    expect(text).toMatch(/(Medicine|Surgery|Women and Children|Clinical support services) [A-Z][a-z ,]+ 1 -?£[\d,]+ 50% £[\d,]+ Credited/);
    expect(text).toMatch(/\d+% £0 Gateway not met/);
    expect(text).toMatch(/Reserves for reinvestment/);
    // Every special-measures entry of this year is reported, even for a line that has since left it.
    const thisYear = t.db.$client.prepare("SELECT applied_on FROM incentive_consequences WHERE workspace_id = ? AND kind = 'special_measures' AND applied_on >= '2026-04-01'").pluck().all(DEMO_WORKSPACE) as string[];
    for (const on of thisYear) expect(text).toContain(`in special measures from ${formatDate(on)}`);
  });
});
