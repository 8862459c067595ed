import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { requireMember } from "../utils/auth.server";
import { readStructureNow } from "../utils/docs.server";
import { notFound } from "../utils/http";
import { lineIncentives } from "../utils/incentives.server";

/**
 * A line's incentives at a glance, as data (issue 13: "Shown on the line's page"): this year's share
 * to date, its reserve, the consequences that apply and any Board suspension. A resource route, so
 * the line page's loader stays as it is (app/components/incentives/LineIncentives.tsx loads it).
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { workspace } = requireMember(request, context, params.workspaceId);
  const structure = await readStructureNow(context, workspace.id);
  if (!structure.units.some((u) => u.id === params.unitId && u.kind === "service_line")) notFound("No such service line");
  return json(lineIncentives(context, workspace.id, structure, params.unitId!));
}
