import { londonDate } from "../../shared/format/dates";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { schemeColumns, schemeToRows } from "../../shared/delegation";
import { writeCsv, writeXlsx } from "../../server/imports/spreadsheet";
import { requireMember } from "../utils/auth.server";
import { schemeCopy } from "../utils/governance.server";

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";


/** Downloads the scheme of delegation as Excel or CSV, in the columns the import reads; any member may. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { workspace } = requireMember(request, context, params.workspaceId);
  const format = new URL(request.url).searchParams.get("format") ?? "xlsx";
  if (format !== "csv" && format !== "xlsx") {
    return new Response("Choose a format of xlsx or csv, for example ?format=xlsx.", { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  // The version in force by default; `?version=draft` for the draft (to edit and import back).
  const { scheme, slug: which } = await schemeCopy(context, workspace.id, request.url);
  const headers = schemeColumns(scheme.levels);
  const rows = schemeToRows(scheme);
  const slug = workspace.id.replace(/[^A-Za-z0-9-]+/g, "-") || "workspace";
  const fileName = `${slug}-scheme-of-delegation-${which}-${londonDate()}.${format}`;
  const common = { "Content-Disposition": `attachment; filename="${fileName}"`, "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff" };
  if (format === "csv") return new Response(writeCsv(headers, rows), { headers: { ...common, "Content-Type": "text/csv; charset=utf-8" } });
  const body = await writeXlsx("Scheme of delegation", headers, rows);
  return new Response(new Uint8Array(body), { headers: { ...common, "Content-Type": XLSX_TYPE, "Content-Length": String(body.byteLength) } });
}
