import type { AppLoadContext } from "@remix-run/node";
import { MaxPartSizeExceededError, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import { claimImportSlot } from "../../server/imports/import-slots";
import { MAX_SPREADSHEET_BYTES, parseSpreadsheet } from "../../server/imports/spreadsheet";

type Parsed = Extract<Awaited<ReturnType<typeof parseSpreadsheet>>, { ok: true }>;

export type SpreadsheetUpload = ({ ok: true } & Parsed & { fileName: string }) | { ok: false; message: string; fileName: string; status: number };

/**
 * Reads the `file` field of a multipart POST as a spreadsheet (CSV or .xlsx), with the size limit and
 * plain-English refusals every import shares. `what` names the import in the log. The file is read
 * in a worker thread (see server/imports/worker-pool.ts), and each person has one import at a time:
 * a second upload from `userId` while one is in progress is refused with 429.
 */
export async function readSpreadsheetUpload(request: Request, context: AppLoadContext, what: string, userId: string): Promise<SpreadsheetUpload> {
  const refuse = (message: string, status = 400, fileName = "") => ({ ok: false as const, message, status, fileName });
  if (request.method !== "POST") return refuse("Send the file with a POST request.", 405);
  if (!(request.headers.get("content-type") ?? "").toLowerCase().startsWith("multipart/form-data")) return refuse("Choose a CSV or Excel file to upload.");
  const slot = claimImportSlot(userId);
  if (!slot.ok) return refuse(slot.message, slot.status);
  try {
    return await readUpload(request, context, what, refuse);
  } finally {
    slot.release();
  }
}

async function readUpload(request: Request, context: AppLoadContext, what: string, refuse: (message: string, status?: number, fileName?: string) => SpreadsheetUpload): Promise<SpreadsheetUpload> {
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_SPREADSHEET_BYTES }));
  } catch (err) {
    if (err instanceof MaxPartSizeExceededError) return refuse("The file is larger than 5 MB. Split it into smaller files and upload each one.", 413);
    context.logger.warn({ err }, `${what} import: unreadable upload`);
    return refuse("The upload could not be read. Try again.");
  }
  const file = form.get("file");
  if (!file || typeof file === "string" || file.size === 0) return refuse("Choose a CSV or Excel file to upload.");
  const fileName = file.name || "upload";
  const parsed = await parseSpreadsheet(new Uint8Array(await file.arrayBuffer()), fileName);
  if (!parsed.ok) {
    if (parsed.status === 500) context.logger.error({ fileName }, `${what} import: the spreadsheet reader failed`);
    return refuse(parsed.error, parsed.status ?? 400, fileName);
  }
  return { ...parsed, fileName };
}
