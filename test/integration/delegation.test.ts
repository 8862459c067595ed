import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { defaultAutonomyRules } from "../../shared/autonomy/rules";
import { DEMO_DRAFT_CHANGES, demoDraftScheme, demoScheme as demoSchemeInForce, schemeColumns, schemeToRows } from "../../shared/delegation";
import { writeCsv } from "../../server/imports/spreadsheet";
import { DEMO, DEMO_WORKSPACE, startTestServer, type TestServer } from "../setup/server";
import { get } from "../setup/http";

let t: TestServer;
const cookies: Record<string, string> = {};
beforeAll(async () => {
  t = await startTestServer();
  for (const who of ["editor", "viewer", "contributor"] as const) cookies[who] = await t.signIn(DEMO[who]);
});
afterAll(async () => {
  await t?.stop();
});

async function upload(cookie: string, fileName: string, content: string | Uint8Array<ArrayBuffer>, type = "text/csv") {
  const body = new FormData();
  body.append("file", new Blob([content], { type }), fileName);
  return fetch(`${t.baseUrl}/w/${DEMO_WORKSPACE}/delegation/import`, { method: "POST", body, headers: { Cookie: cookie, Origin: t.baseUrl, Accept: "application/json" } });
}

const live = () => t.server.services.collab.read(DEMO_WORKSPACE, { kind: "delegation" });

// The seed writes v3.2, then v4.0, then the v5.0 draft's pending changes: the live document is the draft.
const demoScheme = demoDraftScheme;

describe("the scheme of delegation document", () => {
  it("is seeded with the demo scheme (v4.0 with the v5.0 draft's changes) and the default autonomy rules", async () => {
    const { scheme, rules } = await live();
    expect(scheme).toEqual(demoScheme());
    expect(rules).toEqual(defaultAutonomyRules());
  });
});

describe("importing a scheme", () => {
  const scheme = demoScheme();
  const headers = schemeColumns(scheme.levels);

  it("previews a good CSV without changing the document", async () => {
    const before = (await t.server.services.collab.snapshot(DEMO_WORKSPACE, { kind: "delegation" })).sha256;
    const rows = schemeToRows({ ...scheme, decisions: scheme.decisions.slice(0, 3) });
    rows[0]!.Decision = "Authorise non-pay spending";
    rows.push({ ...rows[1]!, ID: "capital-new", Decision: "Spend capital on a new ward" });
    const res = await upload(cookies.editor!, "scheme.csv", writeCsv(headers, rows));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.ok).toBe(true);
    expect(body.errors).toEqual([]);
    expect(body.summary).toEqual({ added: 1, updated: 1, unchanged: 2 });
    expect(body.decisions.map((d: { id: string }) => d.id)).toEqual(["revenue-nonpay", "capital-own", "supplier-contract", "capital-new"]);
    expect((await t.server.services.collab.snapshot(DEMO_WORKSPACE, { kind: "delegation" })).sha256).toEqual(before);
  });

  it("names every bad row and column, and changes nothing", async () => {
    const before = (await t.server.services.collab.snapshot(DEMO_WORKSPACE, { kind: "delegation" })).sha256;
    const rows = schemeToRows({ ...scheme, decisions: scheme.decisions.slice(0, 4) });
    rows[0]!.Division = "-£5,000"; // row 2: negative
    rows[1]!.Area = "Catering"; // row 3: no such area
    rows[3]!["Sub-service line / team"] = "£9,000,000"; // row 5: above the level above
    const res = await upload(cookies.editor!, "bad.csv", writeCsv(headers, rows));
    const body = await res.json();
    expect(body.ok).toBe(false);
    const byRow = (row: number) => body.errors.filter((e: { row: number }) => e.row === row);
    expect(byRow(2)[0]).toMatchObject({ column: "Division", message: "The amount cannot be negative" });
    expect(byRow(3)[0]).toMatchObject({ column: "Area" });
    expect(byRow(3)[0].message).toContain('"Catering" is not an area');
    expect(byRow(4)).toEqual([]);
    expect(byRow(5)[0]).toMatchObject({ column: "Sub-service line / team" });
    expect(byRow(5)[0].message).toContain("mark it as an exception");
    expect((await t.server.services.collab.snapshot(DEMO_WORKSPACE, { kind: "delegation" })).sha256).toEqual(before);
  });

  it("refuses a file that is not a spreadsheet", async () => {
    const res = await upload(cookies.editor!, "notes.pdf", "%PDF-1.4 junk", "application/pdf");
    const body = await res.json();
    expect(body.ok).toBe(false);
    expect(body.errors[0].message).toMatch(/CSV or Excel/);
  });

  it("forbids viewers and contributors", async () => {
    const rows = schemeToRows(scheme);
    for (const who of ["viewer", "contributor"] as const) {
      const res = await upload(cookies[who]!, "scheme.csv", writeCsv(headers, rows));
      expect(res.status).toBe(403);
    }
  });
});

describe("exporting a scheme", () => {
  it("downloads Excel that imports back to the same scheme", async () => {
    const res = await get(t.baseUrl, `/w/${DEMO_WORKSPACE}/delegation/export?format=xlsx`, cookies.viewer);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("spreadsheetml");
    // The download is the version in force (issue 11), named so; the live draft differs from it.
    expect(res.headers.get("content-disposition")).toMatch(/attachment; filename="riverside-scheme-of-delegation-v4\.0-\d{4}-\d{2}-\d{2}\.xlsx"/);
    const xlsx = new Uint8Array(await res.arrayBuffer()) as Uint8Array<ArrayBuffer>;
    const back = await (await upload(cookies.editor!, "scheme.xlsx", xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")).json();
    expect(back.errors).toEqual([]);
    const pending = new Set(DEMO_DRAFT_CHANGES.map((c) => c.decisionId)).size;
    expect(back.summary).toEqual({ added: 0, updated: pending, unchanged: demoSchemeInForce().decisions.length - pending });
    expect(back.decisions).toEqual(demoSchemeInForce().decisions);
  });

  it("downloads CSV that imports back too, and refuses an unknown format", async () => {
    const csv = await get(t.baseUrl, `/w/${DEMO_WORKSPACE}/delegation/export?format=csv&version=draft`, cookies.viewer);
    expect(csv.headers.get("content-disposition")).toMatch(/scheme-of-delegation-draft-/);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const text = await csv.text();
    expect(text).toContain("Authorise non-pay revenue expenditure");
    const back = await (await upload(cookies.editor!, "scheme.csv", text)).json();
    expect(back.errors).toEqual([]);
    expect(back.summary).toEqual({ added: 0, updated: 0, unchanged: demoDraftScheme().decisions.length });
    expect(back.decisions).toEqual(demoDraftScheme().decisions);
    expect((await get(t.baseUrl, `/w/${DEMO_WORKSPACE}/delegation/export?format=pdf`, cookies.viewer)).status).toBe(400);
  });

  it("has a printable view with limits in pounds and the date printed", async () => {
    const res = await get(t.baseUrl, `/w/${DEMO_WORKSPACE}/delegation/print`, cookies.viewer);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("£250,000");
    expect(html).toMatch(/Printed (<!-- -->)?\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}/);
    expect(html).toContain("6-monthly");
  });
});
