import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { parseFinancialYearSlug } from "../../shared/collab/registry";
import { assessmentPath, assessmentRefFromParams } from "../utils/assessment.server";
import { requireMember } from "../utils/auth.server";
import { readStructureNow } from "../utils/docs.server";
import { notFound } from "../utils/http";

/** The "Open a workshop" form's target: checks the year and division, then goes to the workshop. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { workspace } = requireMember(request, context, params.workspaceId);
  const url = new URL(request.url);
  const year = url.searchParams.get("year") ?? "";
  if (parseFinancialYearSlug(year) === null) notFound("Choose a financial year, for example 2026/27");
  const structure = await readStructureNow(context, workspace.id);
  const ref = assessmentRefFromParams(year, url.searchParams.get("division") || null, structure);
  return redirect(assessmentPath(workspace.id, ref));
}
