import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { boardPackInput } from "../../server/governance/pack-input";
import { finished, packJob, startPackJob } from "../../server/governance/pack-jobs";
import { getVersion } from "../../server/repositories/governance";
import { requireMember } from "../utils/auth.server";
import { today } from "../utils/governance.server";
import { packPerformance } from "../utils/pack-performance.server";
import { packPlans } from "../utils/plans.server";
import { notFound } from "../utils/http";

/**
 * The Board pack (PDF) of a version. Without script, GET builds and downloads it at once. The page's
 * button POSTs to start a background build, polls `?job=` for progress, then downloads `?job=&download=1`.
 * Every member may read a version, so every member may download its pack.
 */
async function input(request: Request, context: LoaderFunctionArgs["context"], params: LoaderFunctionArgs["params"]) {
  const { workspace, user } = requireMember(request, context, params.workspaceId);
  const version = getVersion(context.db, workspace.id, params.versionId ?? "");
  if (!version) notFound("There is no version with that address in this trust.");
  const packInput = { ...boardPackInput(context.db, workspace.id, workspace.name, version.id, user.name, today())!, performance: await packPerformance(context, workspace.id), plans: await packPlans(context, workspace.id) };
  const filename = `${version.doc === "delegation" ? "scheme-of-delegation" : "service-line-structure"}-v${version.number}-board-pack.pdf`;
  return { workspace, user, packInput, filename };
}

function pdfResponse(pdf: Buffer, filename: string) {
  return new Response(new Uint8Array(pdf), { headers: { "Content-Type": "application/pdf", "Content-Disposition": `attachment; filename="${filename}"`, "Cache-Control": "no-store" } });
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const jobId = url.searchParams.get("job");
  if (jobId) {
    const { workspace, user } = requireMember(request, context, params.workspaceId);
    const job = packJob(jobId, user.id, workspace.id);
    if (!job) notFound("That Board pack is no longer available. Build it again.");
    if (url.searchParams.get("download") === "1") {
      if (!job.pdf) return Response.json({ error: "The Board pack is not ready yet" }, { status: 409 });
      return pdfResponse(job.pdf, job.filename);
    }
    return Response.json({ step: job.progress.step, done: job.progress.done, total: job.progress.total, ready: !!job.pdf, pages: job.pages, error: job.error });
  }
  // Without script: the same bounded build queue, waited for here.
  const { workspace, user, packInput, filename } = await input(request, context, params);
  const started = startPackJob(user.id, workspace.id, packInput, filename);
  if (!started.ok) return new Response(started.message, { status: started.status, headers: { "Content-Type": "text/plain; charset=utf-8", "Retry-After": "60" } });
  const job = await finished(started.id);
  if (!job?.pdf) return new Response(job?.error ?? "The Board pack could not be built.", { status: 500, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return pdfResponse(job.pdf, filename);
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { workspace, user, packInput, filename } = await input(request, context, params);
  const started = startPackJob(user.id, workspace.id, packInput, filename);
  if (!started.ok) return Response.json({ error: started.message }, { status: started.status, headers: { "Retry-After": "60" } });
  return Response.json({ job: started.id });
}
