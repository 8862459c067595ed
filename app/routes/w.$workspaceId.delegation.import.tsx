import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type ActionFunctionArgs,
} from "@remix-run/node";
import { parseSchemeRows, validateScheme, type Decision } from "../../shared/delegation";
import { MAX_SPREADSHEET_BYTES, parseSpreadsheet } from "../../server/imports/spreadsheet";
import type { SchemeImportResponse } from "../components/delegation/SchemeImportPanel";
import { requireMember, requirePermission } from "../utils/auth.server";
import { currentScheme } from "../utils/scheme.server";

function refuse(message: string, fileName = "", status = 400) {
  const body: SchemeImportResponse = { ok: false, fileName, summary: { added: 0, updated: 0, unchanged: 0 }, errors: [{ row: 0, column: "", message }], decisions: [] };
  return Response.json(body, { status });
}

/**
 * Our CSV export prefixes cells that Excel would run as formulas with an apostrophe (so "-", meaning
 * "not held", is written "'-"); read such cells back as written before the prefix.
 */
function unescapeCsvRow(row: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(row)) out[k] = /^'[=+\-@]/.test(v) ? v.slice(1) : v;
  return out;
}

const same = (a: Decision, b: Decision) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Checks an uploaded scheme of delegation (CSV or .xlsx) against the scheme's current levels and
 * returns a preview with every bad row. It changes nothing: the browser applies the decisions to the
 * live document in one transaction, so everyone sees it at once and one Undo reverses it.
 */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const { workspace, member } = requireMember(request, context, params.workspaceId);
  requirePermission(member, "delegation.edit", "Only administrators, executives and editors can import a scheme of delegation.");
  if (request.method !== "POST") return refuse("Send the file with a POST request.", "", 405);
  if (!(request.headers.get("content-type") ?? "").toLowerCase().startsWith("multipart/form-data")) return refuse("Choose a CSV or Excel file to upload.");

  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_SPREADSHEET_BYTES }));
  } catch (err) {
    if (err instanceof MaxPartSizeExceededError) return refuse("The file is larger than 5 MB. Split it into smaller files and upload each one.", "", 413);
    context.logger.warn({ err }, "delegation import: unreadable upload");
    return refuse("The upload could not be read. Try again.");
  }
  const file = form.get("file");
  if (!file || typeof file === "string" || file.size === 0) return refuse("Choose a CSV or Excel file to upload.");
  const fileName = file.name || "upload";
  const parsed = await parseSpreadsheet(new Uint8Array(await file.arrayBuffer()), fileName);
  if (!parsed.ok) return refuse(parsed.error, fileName);

  const { scheme } = await currentScheme(context, workspace.id);
  const rows = /\.csv$/i.test(fileName) ? parsed.rows.map(unescapeCsvRow) : parsed.rows;
  const result = parseSchemeRows(rows, scheme.levels, scheme.serviceLineLevelId);
  // parseSchemeRows numbers rows as if none were blank; name the row the person sees in the file.
  const sheetRow = (row: number) => (row >= 2 ? parsed.rowNumbers[row - 2] ?? row : row);
  const errors = result.errors.map((e) => ({ ...e, row: sheetRow(e.row) }));

  // Rows that read well but break the scheme's rules (a lower level above a higher one…) are refused too.
  // Every non-blank row gives either a decision or at least one error, in file order.
  const failedRows = new Set(result.errors.map((e) => e.row));
  const rowOf = new Map<string, number>();
  let next = 0;
  parsed.rows.forEach((_r, i) => {
    if (failedRows.has(i + 2)) return;
    const d = result.decisions[next++];
    if (d) rowOf.set(d.id, sheetRow(i + 2));
  });
  if (result.decisions.length) {
    for (const issue of validateScheme({ ...scheme, decisions: result.decisions })) {
      const level = scheme.levels.find((l) => l.id === issue.levelId);
      errors.push({ row: rowOf.get(issue.decisionId) ?? 0, column: level?.name ?? "", message: issue.message });
    }
  }
  errors.sort((a, b) => a.row - b.row);

  const existing = new Map(scheme.decisions.map((d) => [d.id, d]));
  const summary = { added: 0, updated: 0, unchanged: 0 };
  for (const d of result.decisions) {
    const old = existing.get(d.id);
    if (!old) summary.added++;
    else if (same(old, d)) summary.unchanged++;
    else summary.updated++;
  }
  context.logger.info({ workspaceId: workspace.id, fileName, rows: parsed.rows.length, errors: errors.length, ...summary }, "delegation import checked");
  const body: SchemeImportResponse = { ok: errors.length === 0, fileName, summary, errors, decisions: result.decisions };
  return Response.json(body);
}
