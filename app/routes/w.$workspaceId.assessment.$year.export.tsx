import type { LoaderFunctionArgs } from "@remix-run/node";
import { formatDate } from "../../shared/format/dates";
import { maturityReport } from "../../shared/maturity/report";
import { maturityPdf, maturityXlsx } from "../../server/governance/maturity-export";
import { assessmentRefFromParams, assessmentResults } from "../utils/assessment.server";
import { requireMember } from "../utils/auth.server";
import { readStructureNow } from "../utils/docs.server";
import { today } from "../utils/governance.server";
import { notFound } from "../utils/http";

/** Downloads an assessment's results: `?format=pdf|xlsx`, the approved version or `?view=draft`. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { workspace } = requireMember(request, context, params.workspaceId);
  const url = new URL(request.url);
  const format = url.searchParams.get("format");
  if (format !== "pdf" && format !== "xlsx") notFound("Choose the PDF or the XLSX download");
  const structure = await readStructureNow(context, workspace.id);
  const ref = assessmentRefFromParams(params.year, url.searchParams.get("division"), structure);
  const results = await assessmentResults(context, workspace.id, ref, url.searchParams.get("view") === "draft" ? "draft" : "approved", today(), structure);
  const status = results.version
    ? `Approved version ${results.version.number}, ${formatDate(new Date(results.version.approvedAt).toISOString().slice(0, 10))}${
        results.version.approvedByName ? `, by ${results.version.approvedByName}` : ""
      }. SHA-256 ${results.version.sha256}.`
    : "DRAFT: not approved. The levels may still change.";
  const report = maturityReport({
    title: `${structure.trustName}: ${results.title}`,
    status,
    assessment: results.assessment,
    earlier: results.earlier,
    suggestions: results.suggestions,
  });
  const name = `slm-maturity-${params.year}${ref.unitId ? `-${ref.unitId}` : ""}${results.version ? "" : "-draft"}`;
  if (format === "pdf") {
    const pdf = await maturityPdf(report, results.version ? new Date(results.version.approvedAt) : new Date());
    return new Response(new Uint8Array(pdf), {
      headers: {
        "Content-Type": "application/pdf",
        "Content-Disposition": `attachment; filename="${name}.pdf"`,
        "Cache-Control": "no-store",
      },
    });
  }
  const xlsx = await maturityXlsx(report);
  return new Response(new Uint8Array(xlsx), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="${name}.xlsx"`,
      "Cache-Control": "no-store",
    },
  });
}
