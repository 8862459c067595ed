import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { DECISION_AREAS } from "../../shared/delegation";
import { listTenures } from "../../server/repositories/governance";
import { GovernanceNav } from "../components/governance/GovernanceNav";
import { ErrorSummary, TextField } from "../components/ui/forms";
import { LineDecisionFields } from "../components/governance/LineDecisionFields";
import { requireMember } from "../utils/auth.server";
import { authorityValues, runAuthorityCheck } from "../utils/authority.server";
import { serviceLinesOf } from "../utils/autonomy.server";
import { currentScheme } from "../utils/scheme.server";

/**
 * "Did the approver hold the authority at that time?" (issue 11; DOMAIN-REFERENCE.md: auditors need
 * proof that an approver held the authority at that time). A GET form, so each check has an address,
 * and its certificate another.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { workspace } = requireMember(request, context, params.workspaceId);
  const values = authorityValues(request.url);
  const [lines, draft] = await Promise.all([serviceLinesOf(context, workspace.id), currentScheme(context, workspace.id)]);
  const options = {
    lines: lines.map((l) => ({ id: l.unit.id, name: l.unit.name, division: l.division?.name ?? null })),
    areas: DECISION_AREAS.map((a) => ({ id: a.id, label: a.label, decisions: draft.scheme.decisions.filter((d) => d.area === a.id).map((d) => ({ id: d.id, title: d.title })) })).filter((a) => a.decisions.length),
    people: [...new Set(listTenures(context.db, workspace.id).map((t) => t.person))].sort(),
  };
  const asked = new URL(request.url).searchParams.has("approver");
  const check = asked ? await runAuthorityCheck(context, workspace.id, values) : { errors: null, result: null };
  const certificate = check.result ? `/w/${workspace.id}/governance/authority/certificate?${new URLSearchParams({ ...values })}` : null;
  return { workspaceId: workspace.id, values, options, errors: check.errors, result: check.result, certificate };
}

export default function AuthorityCheck() {
  const d = useLoaderData<typeof loader>();
  const busy = useNavigation().state === "loading";
  const r = d.result;
  return (
    <>
      {d.errors ? <ErrorSummary errors={d.errors} /> : null}
      <GovernanceNav workspaceId={d.workspaceId} current="authority" />
      <h1>Authority check</h1>
      <p className="nhsuk-lede-text">Check an approval that was made: under the scheme in force on that date and the service line&apos;s earned-autonomy level then, did the person who approved it hold the authority?</p>
      <Form method="get" noValidate aria-label="Check an approval">
        <LineDecisionFields options={d.options} values={d.values} errors={d.errors} />
        <TextField name="amount" label="Amount approved" hint="For example £180,000, or a band such as 8c." className="nhsuk-input--width-10" defaultValue={d.values.amount} error={d.errors?.amount} />
        <TextField name="on" label="Date it was approved" hint="For example 14 May 2026." className="nhsuk-input--width-10" defaultValue={d.values.on} error={d.errors?.on} />
        <TextField name="approver" label="Who approved it" hint="Their name as recorded in Who held which role." list="people" defaultValue={d.values.approver} error={d.errors?.approver} />
        <TextField name="second" label="Second approver (for joint approvals)" hint="Leave blank if one person approved it." list="people" defaultValue={d.values.second} />
        <datalist id="people">
          {d.options.people.map((p) => (
            <option key={p} value={p} />
          ))}
        </datalist>
        <button className="nhsuk-button" type="submit" disabled={busy}>
          Check
        </button>
      </Form>
      {r ? (
        <section aria-labelledby="result-h" data-testid="authority-result" aria-live="polite" className={`app-answer ${r.within ? "app-answer--ok" : "app-answer--bad"}`}>
          <h2 id="result-h" className="app-answer__headline" data-testid="authority-headline">
            {r.within ? "Within authority" : "Outside authority"}
          </h2>
          <ul className="app-why">
            {r.reasons.map((x) => (
              <li key={x}>{x}</li>
            ))}
          </ul>
          <p className="nhsuk-body">
            <strong>Who should have approved it:</strong> {r.shouldHave.text}
            {r.shouldHave.people.length ? `, held on ${r.onText} by ${r.shouldHave.people.join(", ")}` : ""}.
          </p>
          <h3 className="nhsuk-heading-s">The scheme&apos;s route for this decision</h3>
          <ul className="app-why nhsuk-body-s">
            {r.routeReasoning.map((x) => (
              <li key={x}>{x}</li>
            ))}
          </ul>
          <p className="nhsuk-body-s">{r.levelExplanation}</p>
          <p className="nhsuk-body-s">Limits from: {r.citation}.</p>
          {d.certificate ? (
            <p className="nhsuk-body">
              <Link to={d.certificate}>Open the printable certificate</Link>
            </p>
          ) : null}
        </section>
      ) : null}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Authority check – Devolve" }];
