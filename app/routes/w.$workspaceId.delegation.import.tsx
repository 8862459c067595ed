import type { ActionFunctionArgs } from "@remix-run/node";
import { parseSchemeRows, validateScheme, type Decision } from "../../shared/delegation";
import type { SchemeImportResponse } from "../components/delegation/SchemeImportPanel";
import { requireMember, requirePermission } from "../utils/auth.server";
import { readSpreadsheetUpload } from "../utils/upload.server";
import { currentScheme } from "../utils/scheme.server";

function refuse(message: string, fileName = "", status = 400) {
  const body: SchemeImportResponse = { ok: false, fileName, summary: { added: 0, updated: 0, unchanged: 0 }, errors: [{ row: 0, column: "", message }], decisions: [] };
  return Response.json(body, { status });
}

const same = (a: Decision, b: Decision) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Checks an uploaded scheme of delegation (CSV or .xlsx) against the scheme's current levels and
 * returns a preview with every bad row. It changes nothing: the browser applies the decisions to the
 * live document in one transaction, so everyone sees it at once and one Undo reverses it.
 */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const { workspace, member, user } = requireMember(request, context, params.workspaceId);
  requirePermission(member, "delegation.edit", "Only administrators, executives and editors can import a scheme of delegation.");
  const parsed = await readSpreadsheetUpload(request, context, "delegation", user.id);
  if (!parsed.ok) return refuse(parsed.message, parsed.fileName, parsed.status);
  const { fileName } = parsed;

  const { scheme } = await currentScheme(context, workspace.id);
  const result = parseSchemeRows(parsed.rows, scheme.levels, scheme.serviceLineLevelId);
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
