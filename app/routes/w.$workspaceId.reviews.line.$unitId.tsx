import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireMember } from "../utils/auth.server";
import { readStructureNow } from "../utils/docs.server";
import { today } from "../utils/governance.server";
import { notFound } from "../utils/http";
import { lineReviews } from "../utils/reviews.server";

/** Data only: a line's next review and open actions, for the line page's section (LineReviews). */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { workspace } = requireMember(request, context, params.workspaceId);
  const structure = await readStructureNow(context, workspace.id);
  if (!structure.units.some((u) => u.id === params.unitId)) notFound("No such unit");
  return lineReviews(context, workspace.id, structure, params.unitId!, today());
}
