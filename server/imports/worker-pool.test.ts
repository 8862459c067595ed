import ExcelJS from "exceljs";
import { afterEach, describe, expect, it } from "vitest";
import { MESSAGES, PARSE_HEAP_MB, PARSE_TIMEOUT_MS } from "./limits";
import { parseSpreadsheet } from "./spreadsheet";
import { setReaderLimits } from "./worker-pool";

async function bigWorkbook(rows: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet("Big");
  sheet.addRow(Array.from({ length: 20 }, (_, c) => `Column ${c + 1}`));
  for (let r = 0; r < rows; r++) sheet.addRow(Array.from({ length: 20 }, (_, c) => (c % 2 ? r * c : `text ${r} ${c}`)));
  return Buffer.from((await wb.xlsx.writeBuffer()) as unknown as ArrayBuffer);
}

afterEach(() => setReaderLimits({ timeoutMs: PARSE_TIMEOUT_MS, heapMb: PARSE_HEAP_MB }));

describe("the reader worker", () => {
  it("is stopped when a file takes longer than the time-out, and the next file gets a new reader", async () => {
    const file = await bigWorkbook(10_000);
    await parseSpreadsheet(Buffer.from("Code\nA\n"), "warm.csv");
    setReaderLimits({ timeoutMs: 300 });
    const started = performance.now();
    expect(await parseSpreadsheet(file, "slow.xlsx")).toEqual({ ok: false, error: MESSAGES.timedOut });
    expect(performance.now() - started).toBeLessThan(5_000);
    setReaderLimits({ timeoutMs: PARSE_TIMEOUT_MS });
    const next = await parseSpreadsheet(Buffer.from("Code\nA\n"), "next.csv");
    expect(next.ok && next.rows).toEqual([{ Code: "A" }]);
  }, 60_000);

  it("is stopped when a file needs more memory than its heap limit, without harming this thread", async () => {
    const file = await bigWorkbook(19_000);
    setReaderLimits({ heapMb: 96 });
    expect(await parseSpreadsheet(file, "big.xlsx")).toEqual({ ok: false, error: MESSAGES.outOfMemory, status: 400 });
    setReaderLimits({ heapMb: PARSE_HEAP_MB });
    const res = await parseSpreadsheet(file, "big.xlsx");
    expect(res.ok && res.rows.length).toBe(19_000);
  }, 120_000);
});
