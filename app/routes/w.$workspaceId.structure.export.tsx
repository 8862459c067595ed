import { londonDate } from "../../shared/format/dates";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { STRUCTURE_COLUMNS, structureToRows } from "../../shared/structure/import";
import { writeCsv, writeXlsx } from "../../server/imports/spreadsheet";
import { requireMember } from "../utils/auth.server";
import { readStructureNow } from "../utils/docs.server";

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";


/** Downloads the structure as CSV or Excel, in the columns the import reads; any member may. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { workspace } = requireMember(request, context, params.workspaceId);
  const format = new URL(request.url).searchParams.get("format") ?? "csv";
  if (format !== "csv" && format !== "xlsx") {
    return new Response("Choose a format of csv or xlsx, for example ?format=csv.", { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  const structure = await readStructureNow(context, workspace.id);
  const rows = structureToRows(structure);
  const headers = [...STRUCTURE_COLUMNS];
  const slug = workspace.id.replace(/[^A-Za-z0-9-]+/g, "-") || "workspace";
  // Today in the UK: a file downloaded at 00:30 BST carries that day's date.
  const fileName = `${slug}-structure-${londonDate()}.${format}`;
  const common = {
    "Content-Disposition": `attachment; filename="${fileName}"`,
    "Cache-Control": "private, no-store",
    "X-Content-Type-Options": "nosniff",
  };
  if (format === "csv") {
    return new Response(writeCsv(headers, rows), { headers: { ...common, "Content-Type": "text/csv; charset=utf-8" } });
  }
  const body = await writeXlsx("Structure", headers, rows);
  return new Response(new Uint8Array(body), { headers: { ...common, "Content-Type": XLSX_TYPE, "Content-Length": String(body.byteLength) } });
}
