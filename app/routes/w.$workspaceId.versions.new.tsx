import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { formatDate, parseDate } from "../../shared/format";
import { latestReviewBy } from "../../shared/governance/lifecycle";
import { VERSIONED_DOCS, VERSIONED_DOC_LABELS, type VersionedDoc } from "../../shared/governance/types";
import { proposeVersion } from "../../server/governance/service";
import { ChangeList } from "../components/governance/ChangeList";
import { GovernanceNav } from "../components/governance/GovernanceNav";
import { ErrorSummary, TextField, type FieldErrors } from "../components/ui/forms";
import { requireMember, requirePermission } from "../utils/auth.server";
import { today } from "../utils/governance.server";
import { notFound } from "../utils/http";
import { changesBetween, draftContent, latestVersionContent, versionRows } from "../utils/versions.server";

function docParam(url: string): VersionedDoc {
  const doc = new URL(url).searchParams.get("doc") ?? "";
  if (!(VERSIONED_DOCS as readonly string[]).includes(doc)) notFound("Choose the structure or the scheme of delegation to propose.");
  return doc as VersionedDoc;
}

/** The next number after the latest: a new major version for the annual review. */
function nextNumber(latest: string | null): string {
  if (!latest) return "1.0";
  const major = Number(latest.split(".")[0]);
  return `${major + 1}.0`;
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { workspace, member } = requireMember(request, context, params.workspaceId);
  requirePermission(member, "version.propose", "Only executives and administrators can propose a version for approval.");
  const doc = docParam(request.url);
  const rows = versionRows(context, workspace.id);
  const latest = latestVersionContent(context, workspace.id, doc, rows[doc]);
  const draft = await draftContent(context, workspace.id, doc);
  const now = today();
  // Schemes take effect at the start of a financial year: the next 1 April.
  const [y, m] = now.split("-").map(Number) as [number, number];
  const nextApril = `${m >= 4 ? y + 1 : y}-04-01`;
  return {
    workspaceId: workspace.id,
    doc,
    label: VERSIONED_DOC_LABELS[doc],
    latestNumber: latest?.version.number ?? null,
    changes: latest ? changesBetween(doc, latest.content as never, draft as never) : [],
    defaults: { number: nextNumber(latest?.version.number ?? null), effectiveFrom: formatDate(nextApril), reviewBy: formatDate(`${Number(nextApril.slice(0, 4)) + 1}-03-31`) },
    maxReview: formatDate(latestReviewBy(nextApril)),
  };
}

const FIELDS = ["number", "title", "owner", "narrative", "purpose", "sponsor", "author", "previousConsideration", "recommendation", "effectiveFrom", "reviewBy"] as const;

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { workspace, member, user } = requireMember(request, context, params.workspaceId);
  requirePermission(member, "version.propose", "Only executives and administrators can propose a version for approval.");
  const doc = docParam(request.url);
  const form = await request.formData();
  const values = Object.fromEntries(FIELDS.map((f) => [f, String(form.get(f) ?? "").slice(0, 5000)])) as Record<(typeof FIELDS)[number], string>;
  const errors: FieldErrors = {};
  const eff = parseDate(values.effectiveFrom);
  const rev = parseDate(values.reviewBy);
  if (!eff.ok) errors.effectiveFrom = eff.error;
  if (!rev.ok) errors.reviewBy = rev.error;
  if (Object.keys(errors).length) return { errors, values };
  const result = await proposeVersion(
    context,
    workspace.id,
    doc,
    {
      number: values.number.trim(),
      title: values.title.trim(),
      owner: values.owner.trim(),
      narrative: values.narrative.trim(),
      cover: { purpose: values.purpose.trim(), sponsor: values.sponsor.trim(), author: values.author.trim() || user.name, previousConsideration: values.previousConsideration.trim(), recommendation: values.recommendation.trim() },
      proposedEffectiveFrom: eff.ok ? eff.value : "",
      reviewBy: rev.ok ? rev.value : "",
      date: today(),
    },
    { id: user.id, name: user.name },
  );
  if (!result.ok) return { errors: result.errors as FieldErrors, values };
  context.logger.info({ workspace: workspace.id, by: user.id, doc, version: result.value.number }, "version proposed");
  throw redirect(`/w/${workspace.id}/versions/${result.value.id}`);
}

export default function ProposeVersion() {
  const d = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const v = r?.values;
  const e = r?.errors;
  return (
    <>
      {e ? <ErrorSummary errors={e} /> : null}
      <GovernanceNav workspaceId={d.workspaceId} current="versions" />
      <h1>Propose a new version of the {d.label.toLowerCase()}</h1>
      <p className="nhsuk-lede-text">
        The draft as it stands now is frozen as the version: its content cannot change afterwards. Co-editors can go on editing the draft; their later changes go into the next version.
      </p>
      <h2 className="nhsuk-heading-m">What it changes{d.latestNumber ? ` since version ${d.latestNumber}` : ""}</h2>
      <ChangeList changes={d.changes} caption="Changes" />
      <Form method="post" noValidate aria-label="Propose a version">
        {e?.draft ? (
          <p className="nhsuk-error-message" id="draft">
            {e.draft}
          </p>
        ) : null}
        <h2 className="nhsuk-heading-m">The version</h2>
        <TextField name="number" label="Version number" hint="Major and minor, for example 5.0 for the annual review or 4.1 for an in-year change." className="nhsuk-input--width-5" defaultValue={v?.number ?? d.defaults.number} error={e?.number} />
        <TextField name="title" label="Title" defaultValue={v?.title ?? ""} error={e?.title} />
        <TextField name="owner" label="Owner" hint="Who owns the document, for example the Board Secretary." defaultValue={v?.owner ?? ""} error={e?.owner} />
        <TextField name="narrative" label="What changed and why" defaultValue={v?.narrative ?? ""} error={e?.narrative} />
        <TextField name="effectiveFrom" label="To take effect from" hint="For example 1 April 2027." className="nhsuk-input--width-10" defaultValue={v?.effectiveFrom ?? d.defaults.effectiveFrom} error={e?.effectiveFrom} />
        <TextField name="reviewBy" label="Review by" hint={`At most 12 months after it takes effect: for 1 April, no later than ${d.maxReview}.`} className="nhsuk-input--width-10" defaultValue={v?.reviewBy ?? d.defaults.reviewBy} error={e?.reviewBy} />
        <h2 className="nhsuk-heading-m">Cover paper for the Board</h2>
        <TextField name="purpose" label="Purpose" defaultValue={v?.purpose ?? ""} error={e?.purpose} />
        <TextField name="sponsor" label="Executive sponsor" defaultValue={v?.sponsor ?? ""} error={e?.sponsor} />
        <TextField name="author" label="Author" hint="Leave blank to name yourself." defaultValue={v?.author ?? ""} error={e?.author} />
        <TextField name="previousConsideration" label="Previously considered by" hint="For example the Audit Committee, or None." defaultValue={v?.previousConsideration ?? ""} error={e?.previousConsideration} />
        <TextField name="recommendation" label="Recommendation" hint="For example: The Board is asked to approve version 5.0 from 1 April 2027." defaultValue={v?.recommendation ?? ""} error={e?.recommendation} />
        <button className="nhsuk-button" type="submit" disabled={busy}>
          {busy ? "Freezing the draft…" : "Propose this version"}
        </button>
      </Form>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Propose a version – Devolve" }];
