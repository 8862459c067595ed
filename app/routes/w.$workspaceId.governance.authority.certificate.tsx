import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { formatDate } from "../../shared/format";
import { requireMember } from "../utils/auth.server";
import { authorityValues, runAuthorityCheck } from "../utils/authority.server";
import { notFound } from "../utils/http";

export const handle = { print: true };

/** The printable certificate of one authority check, at its own address: re-run on every view, so it cannot drift from the records. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { workspace, user } = requireMember(request, context, params.workspaceId);
  const check = await runAuthorityCheck(context, workspace.id, authorityValues(request.url));
  if (!check.result) notFound("This certificate's question is incomplete. Run the authority check again.");
  return { trust: workspace.name, by: user.name, r: check.result };
}

export default function Certificate() {
  const { trust, by, r } = useLoaderData<typeof loader>();
  const rows: [string, string][] = [
    ["Service line", r.line],
    ["Decision", r.decision],
    ["Amount", r.amount ?? "Not applicable (a yes-or-no decision)"],
    ["Date approved", r.onText],
    ["Approved by", r.second ? `${r.approver} with ${r.second}` : r.approver],
    ["Scheme in force", r.citation],
    ["Scheme version SHA-256", r.schemeSha256 ?? "No approved version"],
    ["Earned-autonomy level", `Level ${r.level}. ${r.levelExplanation}`],
    ["Determination", r.determination ? `Record ${r.determination.id}, in force from ${formatDate(r.determination.effectiveFrom)}${r.determination.figuresHash ? `; figures SHA-256 ${r.determination.figuresHash}` : ""}` : "None recorded"],
    ["Should have approved", `${r.shouldHave.text}${r.shouldHave.people.length ? ` (${r.shouldHave.people.join(", ")})` : ""}`],
  ];
  return (
    <article className="app-certificate" data-testid="certificate">
      <p className="nhsuk-caption-l">{trust}</p>
      <h1>Certificate of authority check</h1>
      <p className="app-answer__headline" data-testid="certificate-headline">
        {r.within ? "Within authority" : "Outside authority"}
      </p>
      <ul className="app-why">
        {r.reasons.map((x) => (
          <li key={x}>{x}</li>
        ))}
      </ul>
      <dl className="nhsuk-summary-list">
        {rows.map(([k, v]) => (
          <div className="nhsuk-summary-list__row" key={k}>
            <dt className="nhsuk-summary-list__key">{k}</dt>
            <dd className="nhsuk-summary-list__value app-break">{v}</dd>
          </div>
        ))}
      </dl>
      <p className="nhsuk-body-s">
        Checked by {by} on {formatDate(r.checkedOn)} in Devolve. Certificate fingerprint (SHA-256 of the question and answer): <span className="app-break">{r.certificateHash}</span>. Opening this address again re-runs the check against the stored records.
      </p>
    </article>
  );
}

export const meta: MetaFunction = () => [{ title: "Certificate of authority check – Devolve" }];
