import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { financialYearSlug } from "../../shared/collab/registry";
import { roundYearOn } from "../../shared/plans/round";
import { roundYears } from "../../server/repositories/plans";
import { requireMember } from "../utils/auth.server";
import { today } from "../utils/governance.server";

/** Plans open at the round in progress: next year's, or the newest round if that is not open yet. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { workspace } = requireMember(request, context, params.workspaceId);
  const years = roundYears(context.db, workspace.id);
  const next = roundYearOn(today());
  const year = years.includes(next) || years.length === 0 ? next : years[0]!;
  return redirect(`/w/${workspace.id}/plans/${financialYearSlug(year)}`);
}
