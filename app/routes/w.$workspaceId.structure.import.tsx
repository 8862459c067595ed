import type { ActionFunctionArgs } from "@remix-run/node";
import { planStructureImport, type StructureImportResponse } from "../../shared/structure/import";
import { requireMember, requirePermission } from "../utils/auth.server";
import { readSpreadsheetUpload } from "../utils/upload.server";
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
  const { workspace, member, user } = requireMember(request, context, params.workspaceId);
  requirePermission(member, "structure.edit", "Only administrators, executives and editors can import a structure.");
  const parsed = await readSpreadsheetUpload(request, context, "structure", user.id);
  if (!parsed.ok) return refuse(parsed.message, parsed.fileName, parsed.status);
  const { fileName } = parsed;

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
