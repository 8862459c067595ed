import { parentPort } from "node:worker_threads";
import { readSpreadsheetNow, type ParsedSpreadsheet } from "./read";

/*
 * The worker thread that reads uploads (started by ./worker-pool.ts). One file at a time: a job is
 * { id, bytes, filename } and the answer { id, result }. Anything thrown becomes a plain refusal.
 */

export interface ParseJob {
  id: number;
  bytes: Uint8Array;
  filename: string;
}
export interface ParseAnswer {
  id: number;
  result: ParsedSpreadsheet;
}

const port = parentPort;
if (port) {
  port.on("message", (job: ParseJob) => {
    readSpreadsheetNow(job.bytes, job.filename)
      .catch((): ParsedSpreadsheet => ({ ok: false, error: "The file could not be read. Save it again as CSV or Excel Workbook (.xlsx) and retry." }))
      .then((result) => port.postMessage({ id: job.id, result } satisfies ParseAnswer));
  });
  port.postMessage("ready");
}
