import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MESSAGES } from "../../server/imports/limits";
import { get, pageText } from "../setup/http";
import { DEMO, DEMO_WORKSPACE, startTestServer, type TestServer } from "../setup/server";
import { xlsxBomb } from "./xlsx-fixtures";

// Finding "spreadsheet amplification": a 278 KB .xlsx with millions of cells in one row passed the
// size checks and blocked the event loop for about 11 s (1.3 GB). Uploads are now bounded (rows,
// columns, cells, real uncompressed size) before the spreadsheet library expands them, read in a
// worker thread with a heap limit and a time-out, and one person may run one import at a time.

let t: TestServer;
let editor: string;
let admin: string;
beforeAll(async () => {
  t = await startTestServer();
  editor = await t.signIn(DEMO.editor);
  admin = await t.signIn(DEMO.admin);
});
afterAll(async () => {
  await t?.stop();
});

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const STRUCTURE_CSV = "Code,Name,Kind,Parent code\r\nVASC,Vascular surgery,Service line,SURG\r\n";

function upload(data: string | Uint8Array, fileName: string, cookie: string, route: "structure/import" | "delegation/import" = "structure/import") {
  const form = new FormData();
  form.append("file", new Blob([typeof data === "string" ? data : new Uint8Array(data)], { type: fileName.endsWith(".xlsx") ? XLSX : "text/csv" }), fileName);
  return fetch(`${t.baseUrl}/w/${DEMO_WORKSPACE}/${route}`, { method: "POST", redirect: "manual", headers: { Cookie: cookie, Origin: t.baseUrl, Accept: "application/json" }, body: form });
}

function uploadPerformance(data: string, fileName: string, cookie: string) {
  const form = new FormData();
  form.append("intent", "check");
  form.append("file", new Blob([data], { type: "text/csv" }), fileName);
  return fetch(`${t.baseUrl}/w/${DEMO_WORKSPACE}/autonomy?index`, { method: "POST", redirect: "manual", headers: { Cookie: cookie, Origin: t.baseUrl }, body: form });
}

const firstError = async (res: Response) => ((await res.json()) as { errors: { message: string }[] }).errors[0]?.message;

/**
 * Requests an unrelated page over and over until stopped and reports the slowest answer. The server
 * runs in this process, so a blocked event loop would delay these requests too.
 */
function keepAsking(path = `/w/${DEMO_WORKSPACE}/ask`) {
  let stopped = false;
  let slowest = 0;
  let answered = 0;
  const loop = (async () => {
    while (!stopped) {
      const started = performance.now();
      const res = await get(t.baseUrl, path, admin);
      await res.arrayBuffer();
      expect(res.status).toBe(200);
      slowest = Math.max(slowest, performance.now() - started);
      answered++;
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  return async () => {
    stopped = true;
    await loop;
    return { slowest, answered };
  };
}

/** A genuine workbook that takes exceljs a few seconds to read: 19,000 rows of 20 columns. */
async function heavyWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet("Heavy");
  sheet.addRow(Array.from({ length: 20 }, (_, c) => `Column ${c + 1}`));
  for (let r = 0; r < 19_000; r++) sheet.addRow(Array.from({ length: 20 }, (_, c) => (c % 2 ? r * c : `t${r}`)));
  return Buffer.from((await wb.xlsx.writeBuffer()) as unknown as ArrayBuffer);
}

let heavy: Buffer;

describe("spreadsheet uploads cannot stall the server", () => {
  it("refuses a crafted .xlsx bomb quickly, with a clear message, while other pages keep answering", async () => {
    const bomb = await xlsxBomb(3_000_000);
    expect(bomb.length).toBeLessThan(1_000_000); // a few hundred KB: well under the 5 MB limit
    await (await get(t.baseUrl, `/w/${DEMO_WORKSPACE}/ask`, admin)).arrayBuffer();
    const stop = keepAsking();
    const started = performance.now();
    const res = await upload(bomb, "bomb.xlsx", editor);
    const took = performance.now() - started;
    const { slowest, answered } = await stop();
    expect(res.status).toBe(400);
    expect(await firstError(res)).toBe(MESSAGES.tooManyCells);
    expect(took).toBeLessThan(8_000);
    expect(answered).toBeGreaterThan(0);
    expect(slowest).toBeLessThan(1_000);
  });

  it("reads a file that takes seconds off the event loop: other pages answer meanwhile", async () => {
    heavy = await heavyWorkbook();
    expect(heavy.length).toBeLessThan(5_000_000);
    const stop = keepAsking();
    const started = performance.now();
    const res = await upload(heavy, "heavy.xlsx", editor);
    const took = performance.now() - started;
    const { slowest, answered } = await stop();
    // Read in full (then refused by the structure import for its columns, which is not the point).
    expect(res.status).toBe(200);
    expect(await firstError(res)).toMatch(/has no Code column/);
    expect(took).toBeGreaterThan(500);
    expect(answered).toBeGreaterThan(3);
    expect(slowest).toBeLessThan(1_000);
  });

  it("refuses a CSV with 200,000 columns", async () => {
    const csv = Array.from({ length: 200_000 }, (_, i) => `c${i}`).join(",") + "\r\nA\r\n";
    const started = performance.now();
    const res = await upload(csv, "wide.csv", editor);
    expect(res.status).toBe(400);
    expect(await firstError(res)).toBe(MESSAGES.tooManyColumns(1));
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it("refuses a CSV of millions of line breaks and a cell longer than Excel allows", async () => {
    const blank = await upload("Code,Name\n" + "\n".repeat(4_000_000), "blank.csv", editor);
    expect(await firstError(blank)).toBe(MESSAGES.tooManyLines);
    const long = await upload(`Code,Name,Kind\r\nX,${"y".repeat(40_000)},Service line\r\n`, "long.csv", editor);
    expect(await firstError(long)).toBe(MESSAGES.cellTooLong(2));
  });

  it("allows one import at a time per person, on every import screen, and others are not held up", async () => {
    const first = upload(heavy, "heavy.xlsx", editor);
    await new Promise((r) => setTimeout(r, 300));
    const second = await upload(STRUCTURE_CSV, "units.csv", editor);
    expect(second.status).toBe(429);
    expect(await firstError(second)).toBe(MESSAGES.oneAtATime);
    const delegation = await upload("Area,Decision\r\n", "scheme.csv", editor, "delegation/import");
    expect(delegation.status).toBe(429);
    const performanceCheck = await uploadPerformance("Service line code,Month\r\n", "figures.csv", editor);
    expect(performanceCheck.status).toBe(429);
    expect(pageText(await performanceCheck.text())).toContain(MESSAGES.oneAtATime);
    // Someone else's import goes ahead meanwhile.
    const other = await upload(STRUCTURE_CSV, "units.csv", admin);
    expect(other.status).toBe(200);
    expect(((await other.json()) as { ok: boolean }).ok).toBe(true);
    expect((await first).status).toBe(200);
    // Once the first has finished, the next one is accepted.
    const after = await upload(STRUCTURE_CSV, "units.csv", editor);
    expect(after.status).toBe(200);
    expect(((await after.json()) as { ok: boolean }).ok).toBe(true);
  });

  it("still reads ordinary CSV and Excel files after all that", async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet("Structure");
    sheet.addRows([
      ["Code", "Name", "Kind", "Parent code"],
      ["ONC", "Oncology", "Service line", "MED"],
    ]);
    const xlsx = Buffer.from((await wb.xlsx.writeBuffer()) as unknown as ArrayBuffer);
    for (const res of [await upload(STRUCTURE_CSV, "units.csv", editor), await upload(xlsx, "units.xlsx", editor)]) {
      expect(res.status).toBe(200);
      const body = (await res.json()) as { ok: boolean; summary: { added: number } };
      expect(body.ok).toBe(true);
      expect(body.summary.added).toBe(1);
    }
  });
});
