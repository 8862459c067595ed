import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type ActionFunctionArgs,
} from "@remix-run/node";
import { planStructureImport, type StructureImportResponse } from "../../shared/structure/import";
import { MAX_SPREADSHEET_BYTES, parseSpreadsheet } from "../../server/imports/spreadsheet";
import { requireMember, requirePermission } from "../utils/auth.server";
import { readStructureNow } from "../utils/docs.server";

/** Rows sent back for the preview table; the summary and errors always cover the whole file. */
const PREVIEW_ROWS = 500;

function refuse(message: string, fileName = "", status = 400) {
  const body: StructureImportResponse = {
    ok: false,
    fileName,
    summary: { added: 0, updated: 0, unchanged: 0 },
    errors: [{ row: 0, message }],
    changes: [],
    rows: [],
    rowCount: 0,
  };
  return Response.json(body, { status });
}

/**
 * Checks an uploaded structure spreadsheet and returns the plan. It changes nothing here: the
 * browser applies the plan to the live document in one transaction, so it reaches everyone at once
 * and one Undo reverses it.
 */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const { workspace, member } = requireMember(request, context, params.workspaceId);
  requirePermission(member, "structure.edit", "Only administrators, executives and editors can import a structure.");
  if (request.method !== "POST") return refuse("Send the file with a POST request.", "", 405);
  if (!(request.headers.get("content-type") ?? "").toLowerCase().startsWith("multipart/form-data")) {
    return refuse("Choose a CSV or Excel file to upload.");
  }

  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_SPREADSHEET_BYTES }));
  } catch (err) {
    if (err instanceof MaxPartSizeExceededError) return refuse("The file is larger than 5 MB. Split it into smaller files and upload each one.", "", 413);
    context.logger.warn({ err }, "structure import: unreadable upload");
    return refuse("The upload could not be read. Try again.");
  }
  const file = form.get("file");
  if (!file || typeof file === "string" || file.size === 0) return refuse("Choose a CSV or Excel file to upload.");

  const fileName = file.name || "upload";
  const parsed = await parseSpreadsheet(new Uint8Array(await file.arrayBuffer()), fileName);
  if (!parsed.ok) return refuse(parsed.error, fileName);

  const structure = await readStructureNow(context, workspace.id);
  const plan = planStructureImport(parsed.rows, structure.units, { rowNumbers: parsed.rowNumbers, headers: parsed.headers });
  context.logger.info(
    { workspaceId: workspace.id, fileName, rows: parsed.rows.length, errors: plan.errors.length, ...plan.summary },
    "structure import checked",
  );
  const body: StructureImportResponse = {
    ok: plan.errors.length === 0,
    fileName,
    summary: plan.summary,
    errors: plan.errors,
    changes: plan.changes,
    rows: plan.preview.slice(0, PREVIEW_ROWS),
    rowCount: plan.preview.length,
  };
  return Response.json(body);
}
