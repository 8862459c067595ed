import type { LoaderFunctionArgs } from "@remix-run/node";
import { PERFORMANCE_COLUMNS, demoObservation, performanceToRows } from "../../shared/autonomy";
import { addMonths } from "../../shared/format";
import { writeCsv, writeXlsx } from "../../server/imports/spreadsheet";
import { requireMember } from "../utils/auth.server";
import { levelsFor, performanceExportRows } from "../utils/autonomy.server";

async function templateRows(context: LoaderFunctionArgs["context"], workspaceId: string) {
  const { lines } = await levelsFor(context, workspaceId);
  const line = lines[0];
  if (!line) return [];
  const last = line.current.month;
  const month = last ? addMonths(last, 1) : new Date().toISOString().slice(0, 7);
  return performanceToRows({ [line.code]: [demoObservation(line.code, month)] });
}

/**
 * Downloads performance figures in the import layout: every stored figure (`?format=csv|xlsx`), or a
 * template (`?template=1`) with one example month for one line, so people start from the right columns.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { workspace } = requireMember(request, context, params.workspaceId);
  const url = new URL(request.url);
  const template = url.searchParams.get("template") === "1";
  const format = url.searchParams.get("format") === "xlsx" ? "xlsx" : "csv";
  const rows = template ? await templateRows(context, workspace.id) : await performanceExportRows(context, workspace.id);
  const name = template ? "performance-template" : `performance-${workspace.id}`;
  const headers = [...PERFORMANCE_COLUMNS];
  if (format === "xlsx") {
    const body = await writeXlsx("Performance", headers, rows);
    return new Response(new Uint8Array(body), {
      headers: {
        "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Content-Disposition": `attachment; filename="${name}.xlsx"`,
        "Cache-Control": "no-store",
      },
    });
  }
  return new Response(writeCsv(headers, rows), {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${name}.csv"`, "Cache-Control": "no-store" },
  });
}
