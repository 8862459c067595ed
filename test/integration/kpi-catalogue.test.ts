/**
 * The KPI catalogue over HTTP against the real server and the demo seeded for 1 December 2026
 * (issue 14). Every member reads it; editors, executives and administrators edit it ("kpi.manage");
 * bad input changes nothing; another trust's catalogue is never shown. Also the repository's series,
 * rebases and annotations against the demo's figures.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addUnit, readStructure } from "../../shared/collab/structure-doc";
import type { KpiDefinition } from "../../shared/kpi";
import { listAuditRecords } from "../../server/repositories/audit";
import { addAnnotation, addBaseline, allSeries, getDefinition, listAnnotations, listBaselines, listDefinitions, listTargets, saveDefinition, seriesFor } from "../../server/repositories/kpi";
import { findUserByEmail } from "../../server/repositories/users";
import { createWorkspace } from "../../server/repositories/workspaces";
import { seedDemoKpis } from "../../db/seed/kpi";
import { get, pageText, postForm } from "../setup/http";
import { DEMO, DEMO_WORKSPACE, startTestServer, type TestServer } from "../setup/server";

let t: TestServer;
let editor: string;
let viewer: string;
let admin: string;
const W = `/w/${DEMO_WORKSPACE}/indicators`;
// The clinical support division and the new lines, if the demo structure does not have them yet.
const NEW_LINES = [
  { id: "uec", name: "Urgent and emergency care", parentId: "med" },
  { id: "crit", name: "Critical care", parentId: "surg" },
  { id: "thea", name: "Theatres", parentId: "css" },
  { id: "imag", name: "Imaging", parentId: "css" },
  { id: "path", name: "Pathology", parentId: "css" },
];
const names = new Map<string, string>();

beforeAll(async () => {
  t = await startTestServer();
  // The seed is not yet part of the demo; once it is, this call finds the catalogue and does nothing.
  seedDemoKpis(t.db, DEMO_WORKSPACE, "2026-12-01");
  await t.server.services.collab.transact(
    DEMO_WORKSPACE,
    { kind: "structure" },
    (doc) => {
      const have = new Set(readStructure(doc).units.map((u) => u.id));
      if (!have.has("css")) addUnit(doc, { id: "css", code: "CSS", name: "Clinical support", kind: "division", parentId: "board", leaders: [], budgetHolder: "" });
      for (const l of NEW_LINES) if (!have.has(l.id)) addUnit(doc, { id: l.id, code: l.id.toUpperCase(), name: l.name, kind: "service_line", parentId: l.parentId, leaders: [], budgetHolder: "" });
    },
    { authorId: null },
  );
  const structure = await t.server.services.collab.read(DEMO_WORKSPACE, { kind: "structure" });
  for (const u of structure.units) names.set(u.id, u.name);
  [editor, viewer, admin] = await Promise.all([t.signIn(DEMO.editor), t.signIn(DEMO.viewer), t.signIn(DEMO.admin)]);
});

afterAll(async () => {
  await t?.stop();
});

const read = (html: string) => pageText(html).replace(/&quot;/g, '"').replace(/ ([,.:;)])/g, "$1").replace(/\( /g, "(");

async function page(path: string, cookie: string) {
  const res = await get(t.baseUrl, path, cookie);
  return { status: res.status, text: read(await res.text()) };
}

async function post(path: string, fields: Record<string, string | string[]>, cookie: string) {
  const res = await postForm(t.baseUrl, path, fields, cookie);
  return { status: res.status, location: res.headers.get("location"), text: read(await res.text()) };
}

/** The edit form's fields for a definition, as the browser would send them. */
function formOf(def: KpiDefinition): Record<string, string | string[]> {
  return {
    intent: "save",
    code: def.code,
    name: def.name,
    domain: def.domain,
    unit: def.unit,
    direction: def.direction,
    chartType: def.chartType,
    annualThreshold: def.annualThreshold === null ? "" : String(def.annualThreshold),
    numerator: def.numerator,
    denominator: def.denominator,
    dataSource: def.dataSource,
    nationalReference: def.nationalReference,
    owner: def.owner,
    reviewedFor: def.reviewedFor,
    kitemark: (Object.keys(def.kitemark) as (keyof KpiDefinition["kitemark"])[]).filter((k) => def.kitemark[k]),
    appliesMode: def.appliesTo.mode,
    appliesUnitIds: def.appliesTo.mode === "all" ? [] : def.appliesTo.unitIds,
  };
}

const auditOf = (kind: string) => listAuditRecords(t.db, DEMO_WORKSPACE).filter((r) => r.kind === kind);

describe("the seed", () => {
  it("writes the catalogue for 2026/27 with the targets of 2025/26 and 2026/27, once", () => {
    const defs = listDefinitions(t.db, DEMO_WORKSPACE);
    expect(defs).toHaveLength(25);
    expect(defs.every((d) => d.reviewedFor === "2026/27")).toBe(true);
    expect(listTargets(t.db, DEMO_WORKSPACE, "AE4").map((x) => `${x.year} ${x.value}`)).toEqual(["2025/26 78", "2026/27 82"]);
    expect(seedDemoKpis(t.db, DEMO_WORKSPACE, "2026-12-01")).toBe(false);
    expect(listDefinitions(t.db, DEMO_WORKSPACE)).toHaveLength(25);
  });
});

describe("the catalogue page", () => {
  it("lists every domain's indicators with the kitemark and the applicability in words", async () => {
    const { status, text } = await page(W, viewer);
    expect(status).toBe(200);
    expect(text).toContain("KPI catalogue");
    for (const caption of ["Quality", "Operational", "Financial", "Workforce"]) expect(text).toContain(caption);
    expect(text).toContain("C. difficile infections");
    expect(text).toContain("Count against an annual threshold (threshold 6 a year)");
    expect(text).toContain("Higher is better");
    expect(text).toContain("Lower is better");
    expect(text).toContain("UKHSA HCAI Data Capture System");
    // The kitemark in words, with ticks and crosses, not colour alone.
    expect(text).toContain("✓ Timely");
    expect(text).toContain("✗ Not audited");
    expect(text).toContain("All service lines");
    expect(text).toContain(`Only: ${names.get("uec")}`);
    expect(text).toContain("Neonatology, Obstetrics and maternity");
    expect(text).toMatch(/All except: [^|]*Neonatology, Obstetrics and maternity/);
    // A viewer is not offered the way to add one.
    expect(text).not.toContain("Add an indicator to the catalogue");
    expect((await page(W, editor)).text).toContain("Add an indicator to the catalogue");
  });

  it("filters by domain and by service line", async () => {
    const workforce = (await page(`${W}?domain=workforce`, viewer)).text;
    expect(workforce).toContain("Sickness absence");
    expect(workforce).not.toContain("A&E within 4 hours");
    expect(workforce).toContain("6 indicators in the workforce domain (of 25 in the catalogue)");
    const neon = (await page(`${W}?line=neon`, viewer)).text;
    expect(neon).toContain("that apply to Neonatology");
    expect(neon).not.toContain("A&E within 4 hours");
    expect(neon).not.toContain("Referral to treatment within 18 weeks");
    expect(neon).toContain("Friends and Family Test");
    const uec = (await page(`${W}?line=uec&domain=operational`, viewer)).text;
    expect(uec).toContain("A&E within 4 hours");
    expect(uec).toContain("Ambulance handovers over 45 minutes");
    expect(uec).not.toContain("Referral to treatment within 18 weeks");
    // An unknown filter shows everything.
    expect((await page(`${W}?domain=nonsense&line=nowhere`, viewer)).text).toContain("25 indicators.");
  });
});

describe("an entry's page", () => {
  it("shows the definition and its targets by year with their sources", async () => {
    const { status, text } = await page(`${W}/AE4`, viewer);
    expect(status).toBe(200);
    expect(text).toContain("AE4: A&E within 4 hours");
    expect(text).toContain("Emergency Care Data Set (ECDS)");
    expect(text).toContain(`Only: ${names.get("uec")}`);
    expect(text).toContain("At least 82%");
    expect(text).toContain("82% within 4 hours by March 2027");
    expect(text).toContain("At least 78%");
    expect(text).not.toContain("Edit this catalogue entry");
    expect((await page(`${W}/AE4`, editor)).text).toContain("Edit this catalogue entry");
  });

  it("is a 404 for an unknown code or another trust, and a 403 for a viewer adding one", async () => {
    expect((await page(`${W}/NOPE`, viewer)).status).toBe(404);
    expect((await page(`${W}/ae4`, viewer)).status).toBe(404);
    createWorkspace(t.db, "elsewhere", "Elsewhere NHS Foundation Trust");
    seedDemoKpis(t.db, "elsewhere", "2026-12-01");
    saveDefinition(t.db, "elsewhere", { ...getDefinition(t.db, "elsewhere", "SICK")!, code: "ELSE1", name: "Elsewhere's own indicator" }, { id: null, name: "test" });
    expect((await page(`/w/elsewhere/indicators/AE4`, admin)).status).toBe(404);
    expect((await page(`/w/elsewhere/indicators`, admin)).status).toBe(404);
    expect((await page(`${W}/ELSE1`, admin)).status).toBe(404);
    expect((await page(W, admin)).text).not.toContain("Elsewhere's own indicator");
    expect((await post(`/w/elsewhere/indicators/SICK`, formOf(getDefinition(t.db, "elsewhere", "SICK")!), admin)).status).toBe(404);
    expect((await page(`${W}/new`, viewer)).status).toBe(403);
    expect((await page(`${W}/new`, editor)).text).toContain("Add an indicator to the catalogue");
  });
});

describe("editing the catalogue", () => {
  it("lets an editor save a change, with an audit record", async () => {
    const before = getDefinition(t.db, DEMO_WORKSPACE, "VTE")!;
    const audits = auditOf("kpi.saved").length;
    const fields = { ...formOf(before), owner: "Chief Medical Officer", kitemark: ["timely", "complete", "validated", "audited"], appliesMode: "except", appliesUnitIds: ["paed", "neon", "thea", "imag", "path", "obst"] };
    const res = await post(`${W}/VTE`, fields, editor);
    expect(res.status).toBe(302);
    expect(res.location).toBe(`${W}/VTE?saved=definition`);
    const after = getDefinition(t.db, DEMO_WORKSPACE, "VTE")!;
    expect(after.owner).toBe("Chief Medical Officer");
    expect(after.kitemark.audited).toBe(true);
    expect(after.appliesTo).toEqual({ mode: "except", unitIds: ["paed", "neon", "thea", "imag", "path", "obst"] });
    const records = auditOf("kpi.saved");
    expect(records).toHaveLength(audits + 1);
    const editorId = findUserByEmail(t.db, DEMO.editor)!.id;
    expect(records[0]).toMatchObject({ actorId: editorId, subject: "VTE: VTE risk assessment" });
    expect(records[0]!.detail).toMatchObject({ code: "VTE", created: false, changed: ["owner", "kitemark", "appliesTo"] });
    const shown = (await page(`${W}/VTE?saved=definition`, editor)).text;
    expect(shown).toContain("Changes to VTE risk assessment saved.");
    expect(shown).toContain("Chief Medical Officer");
    const except = ["paed", "neon", "thea", "imag", "path", "obst"].map((id) => names.get(id)!).sort((a, b) => a.localeCompare(b));
    expect(shown).toContain(`All except: ${except.join(", ")}`);
  });

  it("lets an editor add an indicator", async () => {
    const fields = { ...formOf(getDefinition(t.db, DEMO_WORKSPACE, "SICK")!), code: "long1", name: "Long-term sickness absence" };
    const res = await post(`${W}/new`, fields, editor);
    expect(res.status).toBe(302);
    expect(res.location).toBe(`${W}/LONG1?saved=created`);
    expect(getDefinition(t.db, DEMO_WORKSPACE, "LONG1")?.name).toBe("Long-term sickness absence");
    expect(auditOf("kpi.saved")[0]!.detail).toMatchObject({ code: "LONG1", created: true });
    expect((await page(`${W}/LONG1?saved=created`, viewer)).text).toContain("Long-term sickness absence added to the catalogue.");
    // The same code again is refused.
    const again = await post(`${W}/new`, fields, editor);
    expect(again.status).toBe(200);
    expect(again.text).toContain("LONG1 is already in the catalogue");
  });

  it("refuses a viewer's POST with 403, changing nothing", async () => {
    const before = getDefinition(t.db, DEMO_WORKSPACE, "FFT")!;
    const n = listAuditRecords(t.db, DEMO_WORKSPACE).length;
    expect((await post(`${W}/FFT`, { ...formOf(before), owner: "Someone else" }, viewer)).status).toBe(403);
    expect((await post(`${W}/new`, { ...formOf(before), code: "VIEW1" }, viewer)).status).toBe(403);
    expect((await post(`${W}/FFT`, { intent: "addTarget", targetYear: "2027/28", targetValue: "1", targetSource: "x" }, viewer)).status).toBe(403);
    expect(getDefinition(t.db, DEMO_WORKSPACE, "FFT")).toEqual(before);
    expect(getDefinition(t.db, DEMO_WORKSPACE, "VIEW1")).toBeNull();
    expect(listAuditRecords(t.db, DEMO_WORKSPACE).length).toBe(n);
  });

  it("refuses a bad code, a negative threshold and an unknown service line with messages, saving nothing", async () => {
    const count = listDefinitions(t.db, DEMO_WORKSPACE).length;
    const audits = listAuditRecords(t.db, DEMO_WORKSPACE).length;
    const cdiff = getDefinition(t.db, DEMO_WORKSPACE, "CDIFF")!;
    const res = await post(`${W}/new`, { ...formOf(cdiff), code: "rtt-18!", annualThreshold: "-1", appliesMode: "only", appliesUnitIds: ["card", "nowhere"] }, editor);
    expect(res.status).toBe(200);
    expect(res.text).toContain("There is a problem");
    expect(res.text).toContain("Enter a code of 2 to 12 capital letters or digits that starts with a letter");
    expect(res.text).toContain("The annual threshold cannot be negative");
    expect(res.text).toContain("nowhere is not a service line of the structure");
    // The edit form keeps what was typed.
    expect(res.text).toContain("Add to the catalogue");

    const edit = await post(`${W}/CDIFF`, { ...formOf(cdiff), annualThreshold: "-3", name: "", reviewedFor: "2026" }, editor);
    expect(edit.status).toBe(200);
    expect(edit.text).toContain("The annual threshold cannot be negative");
    expect(edit.text).toContain("Enter the indicator's name");
    expect(edit.text).toContain("Enter the financial year it was reviewed and set for, for example 2026/27");

    const notCount = await post(`${W}/FFT`, { ...formOf(getDefinition(t.db, DEMO_WORKSPACE, "FFT")!), annualThreshold: "4" }, editor);
    expect(notCount.text).toContain("Only a count against an annual threshold has an annual threshold");

    expect(listDefinitions(t.db, DEMO_WORKSPACE)).toHaveLength(count);
    expect(getDefinition(t.db, DEMO_WORKSPACE, "CDIFF")).toEqual(cdiff);
    expect(listAuditRecords(t.db, DEMO_WORKSPACE).length).toBe(audits);
  });

  it("sets a year's target, and refuses a bad one", async () => {
    const res = await post(`${W}/AE4`, { intent: "addTarget", targetYear: "2027-28", targetValue: "85", targetSource: "NHS England medium term planning framework: 85% in 2028/29 (trust trajectory)" }, editor);
    expect(res.status).toBe(302);
    expect(res.location).toBe(`${W}/AE4?saved=target&year=2027%2F28`);
    expect(listTargets(t.db, DEMO_WORKSPACE, "AE4").map((x) => `${x.year} ${x.value}`)).toEqual(["2025/26 78", "2026/27 82", "2027/28 85"]);
    expect(auditOf("kpi.target")[0]).toMatchObject({ subject: "AE4 2027/28" });
    expect((await page(`${W}/AE4?saved=target&year=2027%2F28`, editor)).text).toContain("Target for 2027/28 saved for A&E within 4 hours.");

    const n = listTargets(t.db, DEMO_WORKSPACE).length;
    const bad = await post(`${W}/AE4`, { intent: "addTarget", targetYear: "2027", targetValue: "lots", targetSource: "" }, editor);
    expect(bad.status).toBe(200);
    expect(bad.text).toContain("Enter the financial year the target is for, for example 2026/27");
    expect(bad.text).toContain("Enter the target as a number");
    expect(bad.text).toContain("Name the target's source");
    const count = await post(`${W}/MRSA`, { intent: "addTarget", targetYear: "2027/28", targetValue: "-1", targetSource: "x" }, editor);
    expect(count.text).toContain("The target is a count: enter a whole number, 0 or more");
    expect(listTargets(t.db, DEMO_WORKSPACE)).toHaveLength(n);
  });
});

describe("series, rebases and annotations", () => {
  it("reads a line's series in month order, and every series in one go", () => {
    const s = seriesFor(t.db, DEMO_WORKSPACE, "card", "VTE");
    expect(s.length).toBeGreaterThanOrEqual(12);
    expect(s.map((p) => p.month)).toEqual([...s.map((p) => p.month)].sort());
    expect(s[0]).toEqual({ month: expect.stringMatching(/^\d{4}-\d{2}$/), value: expect.any(Number), target: expect.any(Number) });
    const all = allSeries(t.db, DEMO_WORKSPACE);
    expect(all.get("card")?.get("VTE")).toEqual(s);
    expect(seriesFor(t.db, "elsewhere", "card", "VTE")).toEqual([]);
    expect(allSeries(t.db, "elsewhere").size).toBe(0);
  });

  it("records rebases and annotations with who did it, audited, per workspace", () => {
    const user = findUserByEmail(t.db, DEMO.editor)!;
    const actor = { id: user.id, name: user.name };
    addBaseline(t.db, DEMO_WORKSPACE, { unitId: "card", code: "VTE", fromMonth: "2026-04", reason: "New electronic VTE assessment went live", approvedBy: "Medical Director" }, actor);
    addAnnotation(t.db, DEMO_WORKSPACE, { unitId: "card", code: "VTE", month: "2026-05", text: "Ward 7 closed for refurbishment" }, actor);
    expect(listBaselines(t.db, DEMO_WORKSPACE, "card", "VTE")).toEqual([{ fromMonth: "2026-04", reason: "New electronic VTE assessment went live", approvedBy: "Medical Director", byName: user.name, at: expect.any(Number) }]);
    expect(listAnnotations(t.db, DEMO_WORKSPACE, "card", "VTE")).toMatchObject([{ month: "2026-05", text: "Ward 7 closed for refurbishment", byName: user.name }]);
    expect(listBaselines(t.db, "elsewhere", "card", "VTE")).toEqual([]);
    expect(listAnnotations(t.db, DEMO_WORKSPACE, "resp", "VTE")).toEqual([]);
    expect(auditOf("spc.rebase")[0]).toMatchObject({ actorId: user.id, detail: { unitId: "card", code: "VTE", fromMonth: "2026-04" } });
    expect(auditOf("spc.annotation")[0]).toMatchObject({ actorId: user.id, detail: { month: "2026-05" } });
  });
});
