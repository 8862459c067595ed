import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { formatDate, formatFinancialYear } from "../../shared/format/dates";
import { MATURITY_NAME } from "../../shared/maturity/framework";
import { partProfiles } from "../../shared/maturity/scoring";
import assessmentCss from "../styles/assessment.css?url";
import { assessmentPath, financialYearStart, listAssessmentYears } from "../utils/assessment.server";
import { requireMember } from "../utils/auth.server";
import { readStructureNow } from "../utils/docs.server";
import { today } from "../utils/governance.server";
import { financialYearSlug } from "../../shared/collab/registry";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: assessmentCss }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { workspace } = requireMember(request, context, params.workspaceId);
  const structure = await readStructureNow(context, workspace.id);
  const divisions = structure.units.filter((u) => u.kind === "division").map((u) => ({ id: u.id, name: u.name }));
  const current = financialYearStart(today());
  const rows = listAssessmentYears(context.db, workspace.id).map((r) => ({
    label: r.label,
    scope: r.ref.unitId ? divisions.find((d) => d.id === r.ref.unitId)?.name ?? r.ref.unitId : "Trust",
    workshop: assessmentPath(workspace.id, r.ref),
    results: assessmentPath(workspace.id, r.ref, "results"),
    draftStarted: r.draftStarted,
    approved: r.approved
      ? {
          number: r.approved.number,
          date: new Date(r.approved.approvedAt).toISOString().slice(0, 10),
          profile: partProfiles(r.approved.content).map((p) => ({
            number: p.number,
            mean: p.mean,
          })),
        }
      : null,
  }));
  return {
    workspaceId: workspace.id,
    rows,
    divisions,
    years: [current, current + 1].map((y) => ({
      slug: financialYearSlug(y),
      label: formatFinancialYear(y),
    })),
  };
}

export default function AssessmentIndex() {
  const { workspaceId, rows, divisions, years } = useLoaderData<typeof loader>();
  return (
    <div className="app-assessment">
      <h1 className="nhsuk-heading-l">SLM maturity self-assessment</h1>
      <p className="nhsuk-body">
        Each year the trust (or a division) assesses how far service-line management is embedded, against Monitor's framework: four parts, 27 sections, each described at levels 1 to 4. Levels are{" "}
        <strong>{MATURITY_NAME}</strong>, not earned-autonomy levels. The assessment is scored together in a workshop: each participant gives a level and rationale, the group sees the spread and
        agrees a level, evidence, a target and actions.
      </p>
      <h2 className="nhsuk-heading-m">Assessments</h2>
      {rows.length ? (
        <table className="nhsuk-table" data-testid="assessment-years">
          <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">Assessments by financial year</caption>
          <thead>
            <tr>
              <th scope="col">Financial year</th>
              <th scope="col">Scope</th>
              <th scope="col">Status</th>
              <th scope="col">Mean level by part (1 to 4)</th>
              <th scope="col">Open</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.workshop}>
                <th scope="row">{r.label}</th>
                <td>{r.scope}</td>
                <td>
                  {r.approved ? `Approved (version ${r.approved.number}, ${formatDate(r.approved.date)})` : "Draft under way"}
                  {r.approved && r.draftStarted ? "" : ""}
                </td>
                <td>{r.approved ? r.approved.profile.map((p) => `Part ${p.number}: ${p.mean ?? "—"}`).join(" · ") : "—"}</td>
                <td>
                  <Link to={r.workshop}>
                    Workshop
                    <span className="nhsuk-u-visually-hidden">
                      {" "}
                      {r.label} {r.scope}
                    </span>
                  </Link>{" "}
                  ·{" "}
                  <Link to={r.results}>
                    Results
                    <span className="nhsuk-u-visually-hidden">
                      {" "}
                      {r.label} {r.scope}
                    </span>
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="nhsuk-body">No assessment has been started yet.</p>
      )}
      <h2 className="nhsuk-heading-m">Open a workshop</h2>
      <Form method="get" action={`/w/${workspaceId}/assessment/go`} className="app-assessment-inline" reloadDocument>
        <label className="nhsuk-label" htmlFor="go-year">
          Financial year
        </label>
        <select className="nhsuk-select" id="go-year" name="year" defaultValue={years[0]!.slug}>
          {years.map((y) => (
            <option key={y.slug} value={y.slug}>
              {y.label}
            </option>
          ))}
        </select>
        <label className="nhsuk-label" htmlFor="go-scope">
          Scope
        </label>
        <select className="nhsuk-select" id="go-scope" name="division" defaultValue="">
          <option value="">The whole trust</option>
          {divisions.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name} division
            </option>
          ))}
        </select>
        <button type="submit" className="nhsuk-button nhsuk-button--secondary">
          Open the workshop
        </button>
      </Form>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "SLM maturity self-assessment – Devolve" }];
