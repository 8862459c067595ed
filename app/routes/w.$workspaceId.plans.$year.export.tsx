import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseFinancialYearSlug } from "../../shared/collab/registry";
import { PLAN_STATUS_LABELS, planState } from "../../shared/plans/workflow";
import { plansWorkbook } from "../../server/plans/xlsx";
import { requireMember } from "../utils/auth.server";
import { notFound } from "../utils/http";
import { rollups, yearData } from "../utils/plans.server";

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** Downloads a year's plans and roll-ups (or one line's plan, `?unit=card`) as Excel; any member may. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { workspace } = requireMember(request, context, params.workspaceId);
  const year = parseFinancialYearSlug(params.year ?? "");
  if (year === null) notFound("Plans are for a financial year such as 2027-28.");
  const unit = new URL(request.url).searchParams.get("unit");
  const data = await yearData(context, workspace.id, year);
  const chosen = unit ? data.lines.filter((l) => l.unit.id === unit) : data.lines;
  if (unit && chosen.length === 0) notFound("There is no such service line.");
  const body = await plansWorkbook(
    year,
    chosen.map((l) => ({ code: l.unit.code, name: l.unit.name, division: l.division?.name ?? "", status: PLAN_STATUS_LABELS[planState(year, l.events).status], plan: l.plan })),
    unit ? null : rollups(context, workspace.id, data, year),
  );
  const slug = `${workspace.id.replace(/[^A-Za-z0-9-]+/g, "-")}-plans-${params.year}${unit ? `-${chosen[0]!.unit.code}` : ""}.xlsx`;
  return new Response(new Uint8Array(body), {
    headers: { "Content-Type": XLSX_TYPE, "Content-Disposition": `attachment; filename="${slug}"`, "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff", "Content-Length": String(body.byteLength) },
  });
}
