import { and, count, eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { docUpdates } from "../../db/schema";
import type { StructureImportResponse } from "../../shared/structure/import";
import { get } from "../setup/http";
import { DEMO, DEMO_WORKSPACE, startTestServer, type TestServer } from "../setup/server";

let t: TestServer;
let editor: string;
beforeAll(async () => {
  t = await startTestServer();
  editor = await t.signIn(DEMO.editor);
});
afterAll(async () => {
  await t?.stop();
});

const HEADER = "Code,Name,Kind,Parent code,Leaders,Budget holder,Description";

function upload(data: string | Uint8Array, fileName: string, cookie = editor) {
  const form = new FormData();
  const type = fileName.endsWith(".xlsx") ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv";
  form.append("file", new Blob([typeof data === "string" ? data : new Uint8Array(data)], { type }), fileName);
  return fetch(`${t.baseUrl}/w/${DEMO_WORKSPACE}/structure/import`, {
    method: "POST",
    redirect: "manual",
    headers: { Cookie: cookie, Origin: t.baseUrl },
    body: form,
  });
}

async function structureNow() {
  return t.server.services.collab.read(DEMO_WORKSPACE, { kind: "structure" });
}

function updateCount() {
  return t.db
    .select({ n: count() })
    .from(docUpdates)
    .where(and(eq(docUpdates.workspaceId, DEMO_WORKSPACE), eq(docUpdates.room, "structure")))
    .get()!.n;
}

describe("structure import check", () => {
  it("plans a good CSV: adds new codes, updates matching ones, changes nothing on the server", async () => {
    const before = await structureNow();
    const updatesBefore = updateCount();
    const csv = [
      HEADER,
      "CARD,Cardiology,Service line,MED,Clinical Lead: Dr Aisha Rahman; Service Line Manager: Gareth Lloyd,Dr Aisha Rahman,Heart services for Riverside.",
      "VASC,Vascular surgery,Service line,SURG,Clinical Lead: Mr K Obi,Mr K Obi,",
      "VASC-OP,Vascular clinic,POD,VASC,Lead: ,,",
      "HAEM,Haematology,service_line,med,,,",
    ].join("\r\n");
    const res = await upload(csv, "units.csv");
    expect(res.status).toBe(200);
    const body = (await res.json()) as StructureImportResponse;
    expect(body.errors).toEqual([]);
    expect(body.ok).toBe(true);
    expect(body.fileName).toBe("units.csv");
    expect(body.summary).toEqual({ added: 3, updated: 1, unchanged: 0 });
    expect(body.changes.map((c) => (c.action === "add" ? `add ${c.unit.code}` : `update ${c.code}`))).toEqual(["update CARD", "add VASC", "add HAEM", "add VASC-OP"]);
    expect(body.rows.map((r) => [r.row, r.code, r.action])).toEqual([
      [2, "CARD", "update"],
      [3, "VASC", "add"],
      [4, "VASC-OP", "add"],
      [5, "HAEM", "add"],
    ]);
    expect(await structureNow()).toEqual(before);
    expect(updateCount()).toBe(updatesBefore);
  });

  it("plans an Excel file the same way", async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet("Structure");
    sheet.addRow(HEADER.split(","));
    sheet.addRow(["ONC", "Oncology", "Service line", "MED", "Clinical Lead: Dr P Singh", "Dr P Singh", "Cancer services."]);
    sheet.addRow(["ONC-CHEMO", "Chemotherapy day unit", "Point of delivery", "ONC", "Lead: Sister M Lee", null, null]);
    sheet.addRow(["FIN", "Finance", "Corporate support service", "BOARD", "Director: Priya Shah", null, null]);
    const file = new Uint8Array((await wb.xlsx.writeBuffer()) as unknown as ArrayBuffer);
    const res = await upload(file, "structure.xlsx");
    expect(res.status).toBe(200);
    const body = (await res.json()) as StructureImportResponse;
    expect(body.errors).toEqual([]);
    expect(body.summary).toEqual({ added: 2, updated: 0, unchanged: 1 });
  });

  it("names bad rows and changes nothing", async () => {
    const before = await structureNow();
    const updatesBefore = updateCount();
    const csv = [
      HEADER,
      "NEW1,New line,Service line,MED,,,",
      "NEW2,Orphan line,Service line,XYZ,,,",
      ",,,,,,",
      "NEW1,Same code again,Service line,MED,,,",
    ].join("\n");
    const res = await upload(csv, "bad.csv");
    expect(res.status).toBe(200);
    const body = (await res.json()) as StructureImportResponse;
    expect(body.ok).toBe(false);
    expect(body.changes).toEqual([]);
    expect(body.errors).toEqual([
      { row: 3, column: "Parent code", message: "Parent code XYZ is not in the file or the structure." },
      { row: 5, column: "Code", message: expect.stringMatching(/^Code NEW1 is used more than once in the file \(first on row 2\)/) },
    ]);
    expect(await structureNow()).toEqual(before);
    expect(updateCount()).toBe(updatesBefore);
  });

  it("refuses a file it cannot read with a 400 and a plain message", async () => {
    const res = await upload(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1]), "logo.png");
    expect(res.status).toBe(400);
    const body = (await res.json()) as StructureImportResponse;
    expect(body).toMatchObject({ ok: false, errors: [{ row: 0, message: expect.stringMatching(/^The file is not a CSV or Excel \(\.xlsx\) file/) }] });

    const none = await fetch(`${t.baseUrl}/w/${DEMO_WORKSPACE}/structure/import`, { method: "POST", headers: { Cookie: editor, Origin: t.baseUrl }, body: new FormData() });
    expect(none.status).toBe(400);
    expect(((await none.json()) as StructureImportResponse).errors[0]!.message).toBe("Choose a CSV or Excel file to upload.");
  });

  it("refuses people who may not edit the structure, and signed-out visitors", async () => {
    const viewer = await t.signIn(DEMO.viewer);
    const res = await upload(`${HEADER}\nX,X,Division,BOARD,,,`, "x.csv", viewer);
    expect(res.status).toBe(403);
    const contributor = await t.signIn(DEMO.contributor);
    expect((await upload(`${HEADER}\nX,X,Division,BOARD,,,`, "x.csv", contributor)).status).toBe(403);
    const anon = await upload(`${HEADER}\nX,X,Division,BOARD,,,`, "x.csv", "");
    expect(anon.status).toBe(302);
  });
});

describe("structure export", () => {
  it("downloads CSV with the demo units, which re-imports with no changes", async () => {
    const viewer = await t.signIn(DEMO.viewer);
    const res = await get(t.baseUrl, `/w/${DEMO_WORKSPACE}/structure/export?format=csv`, viewer);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="riverside-structure-\d{4}-\d{2}-\d{2}\.csv"$/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text).toContain(HEADER);
    expect(text).toContain("Cardiology");
    expect(text).toContain("Clinical Lead: Dr Aisha Rahman; Service Line Manager: Gareth Lloyd");
    const lines = text.split("\r\n");
    expect(lines.findIndex((l) => l.startsWith("MED,"))).toBeLessThan(lines.findIndex((l) => l.startsWith("CARD,")));

    const again = await upload(bytes, "riverside-structure.csv");
    const body = (await again.json()) as StructureImportResponse;
    expect(body.errors).toEqual([]);
    expect(body.changes).toEqual([]);
    expect(body.summary).toEqual({ added: 0, updated: 0, unchanged: (await structureNow()).units.length });
  });

  it("downloads Excel with the demo units", async () => {
    const res = await get(t.baseUrl, `/w/${DEMO_WORKSPACE}/structure/export?format=xlsx`, editor);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(res.headers.get("content-disposition")).toMatch(/filename="riverside-structure-\d{4}-\d{2}-\d{2}\.xlsx"$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const sheet = wb.worksheets[0]!;
    expect(sheet.getRow(1).values).toEqual([undefined, ...HEADER.split(",")]);
    const names: string[] = [];
    sheet.eachRow((row, n) => n > 1 && names.push(String(row.getCell(2).value)));
    expect(names).toContain("Cardiology");
    expect(names.length).toBe((await structureNow()).units.length);
  });

  it("refuses an unknown format with a plain message", async () => {
    const res = await get(t.baseUrl, `/w/${DEMO_WORKSPACE}/structure/export?format=pdf`, editor);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/Choose a format of csv or xlsx/);
  });
});
