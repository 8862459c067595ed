import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import type { Assessment } from "../../shared/collab/assessment-doc";
import { emptySnapshot, type AssessmentRef } from "../../shared/collab/registry";
import { formatDate, formatFinancialYear } from "../../shared/format/dates";
import { claimAboveEvidence } from "../../shared/maturity/evidence";
import { allSections, frameworkById, MATURITY_NAME, sectionRef } from "../../shared/maturity/framework";
import { allAtLevel4, compareYears, gapsToLevel4, partProfiles, progress } from "../../shared/maturity/scoring";
import { Descriptor } from "../components/assessment/Descriptor";
import { ProfileChart } from "../components/assessment/ProfileChart";
import assessmentCss from "../styles/assessment.css?url";
import { assessmentPath, assessmentRefFromParams, assessmentResults } from "../utils/assessment.server";
import { requireMember } from "../utils/auth.server";
import { readStructureNow } from "../utils/docs.server";
import { today } from "../utils/governance.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: assessmentCss }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { workspace } = requireMember(request, context, params.workspaceId);
  const url = new URL(request.url);
  const structure = await readStructureNow(context, workspace.id);
  const ref = assessmentRefFromParams(params.year, url.searchParams.get("division"), structure);
  const view = url.searchParams.get("view") === "draft" ? "draft" : "approved";
  const results = await assessmentResults(context, workspace.id, ref, view, today(), structure);
  const exportBase = `/w/${encodeURIComponent(workspace.id)}/assessment/${params.year}/export`;
  const q = new URLSearchParams();
  if (ref.unitId) q.set("division", ref.unitId);
  if (results.source === "draft") q.set("view", "draft");
  return {
    workspaceId: workspace.id,
    results,
    workshopPath: assessmentPath(workspace.id, ref),
    selfPath: assessmentPath(workspace.id, ref, "results"),
    exportBase,
    exportQuery: q.toString(),
  };
}

const lvl = (n: number | null) => (n === null ? "—" : String(n));
const change = (n: number | null) => (n === null ? "—" : n > 0 ? `+${n}` : n === 0 ? "no change" : String(n));

export default function AssessmentResults() {
  const { results, workshopPath, selfPath, exportBase, exportQuery } = useLoaderData<typeof loader>();
  const a = results.assessment as Assessment;
  const ref = results.ref as AssessmentRef;
  const fw = frameworkById(a.framework);
  const profiles = partProfiles(a, fw);
  const before = (results.earlier?.assessment as Assessment | undefined) ?? (emptySnapshot(ref) as Assessment);
  const comparison = compareYears(a, before);
  const gaps = gapsToLevel4(a, fw, 8);
  const done = progress(a, fw);
  const bySection = new Map(results.suggestions.map((s) => [s.sectionId, s]));
  const flags = allSections(fw).flatMap((s) => {
    const f = claimAboveEvidence(a.sections[s.id]?.agreedLevel ?? null, bySection.get(s.id));
    return f ? [f] : [];
  });
  const nowLabel = formatFinancialYear(ref.year);
  const sep = exportQuery ? `?${exportQuery}&` : "?";

  return (
    <div className="app-assessment">
      <p className="nhsuk-body-s nhsuk-u-margin-bottom-1">
        <Link to={workshopPath}>Back to the workshop</Link>
      </p>
      <h1 className="nhsuk-heading-l">Results: {results.title}</h1>
      {results.source === "approved" && results.version ? (
        <p className="nhsuk-body" data-testid="results-source">
          Approved version {results.version.number}, {formatDate(new Date(results.version.approvedAt).toISOString().slice(0, 10))}
          {results.version.approvedByName ? ` by ${results.version.approvedByName}` : ""}. <Link to={`${selfPath}${selfPath.includes("?") ? "&" : "?"}view=draft`}>Show the draft</Link>
        </p>
      ) : (
        <p className="nhsuk-body" data-testid="results-source">
          <strong className="nhsuk-tag nhsuk-tag--grey">Draft</strong> Not approved: {done.agreed} of {done.total} sections agreed so far.
          {results.hasApproved ? (
            <>
              {" "}
              <Link to={selfPath}>Show the approved version</Link>
            </>
          ) : null}
        </p>
      )}
      <p className="nhsuk-body-s">Levels are {MATURITY_NAME}. The seed expects levels to vary across the four parts, so each part has its own profile rather than one average.</p>
      <p className="nhsuk-body-s">
        Download: <a href={`${exportBase}${sep}format=pdf`}>PDF</a> · <a href={`${exportBase}${sep}format=xlsx`}>Excel (XLSX)</a>
      </p>
      {allAtLevel4(a, fw) ? (
        <div className="nhsuk-warning-callout" role="note">
          <h2 className="nhsuk-warning-callout__label">Every section is at level 4</h2>
          <p>{fw.caution}</p>
        </div>
      ) : null}

      <h2 className="nhsuk-heading-m">Profile by part</h2>
      <ProfileChart comparison={comparison} nowLabel={nowLabel} beforeLabel={results.earlier?.label ?? null} />
      <table className="nhsuk-table" data-testid="profile-table">
        <caption className="nhsuk-table__caption">
          Mean agreed level of each part
          {results.earlier ? `, ${nowLabel} against ${results.earlier.label}` : ""}
        </caption>
        <thead>
          <tr>
            <th scope="col">Part</th>
            <th scope="col">Sections agreed</th>
            <th scope="col">Lowest</th>
            <th scope="col">Highest</th>
            <th scope="col">Mean {nowLabel}</th>
            {results.earlier ? <th scope="col">Mean {results.earlier.label}</th> : null}
            {results.earlier ? <th scope="col">Change</th> : null}
          </tr>
        </thead>
        <tbody>
          {profiles.map((p, i) => (
            <tr key={p.number}>
              <th scope="row">
                Part {p.number}: {p.title}
              </th>
              <td>
                {p.scored} of {p.total}
              </td>
              <td>{lvl(p.min)}</td>
              <td>{lvl(p.max)}</td>
              <td>{lvl(p.mean)}</td>
              {results.earlier ? <td>{lvl(comparison.parts[i]!.before)}</td> : null}
              {results.earlier ? <td>{change(comparison.parts[i]!.change)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
      {a.overallBefore || a.overallAfter ? (
        <p className="nhsuk-body">
          Overall SLM implementation level: {lvl(a.overallBefore)} before reviewing the sections, {lvl(a.overallAfter)} after.
          {a.overallRationale ? ` ${a.overallRationale}` : ""}
        </p>
      ) : null}

      <h2 className="nhsuk-heading-m">Furthest from level 4</h2>
      {gaps.length ? (
        <table className="nhsuk-table" data-testid="gaps-table">
          <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">Sections furthest from level 4, with the next level as the improvement target</caption>
          <thead>
            <tr>
              <th scope="col">Section</th>
              <th scope="col">Agreed</th>
              <th scope="col">Next level: the improvement target</th>
            </tr>
          </thead>
          <tbody>
            {gaps.map((g) => (
              <tr key={g.section.id}>
                <th scope="row">
                  {sectionRef(g.section)}: {g.section.title}
                </th>
                <td>{g.agreed}</td>
                <td>
                  <strong>Level {g.nextLevel}:</strong> <Descriptor raw={g.nextDescriptor} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="nhsuk-body">No agreed section is below level 4.</p>
      )}

      {flags.length ? (
        <>
          <h2 className="nhsuk-heading-m">Levels above the evidence (advisory)</h2>
          <ul className="nhsuk-list nhsuk-list--bullet">
            {flags.map((f) => (
              <li key={f}>{f}</li>
            ))}
          </ul>
        </>
      ) : null}

      <h2 className="nhsuk-heading-m">Every section</h2>
      <table className="nhsuk-table" data-testid="sections-table">
        <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">Agreed, target and earlier levels of every section</caption>
        <thead>
          <tr>
            <th scope="col">Section</th>
            <th scope="col">Agreed {nowLabel}</th>
            {results.earlier ? <th scope="col">{results.earlier.label}</th> : null}
            <th scope="col">Target</th>
            <th scope="col">Rationale</th>
          </tr>
        </thead>
        <tbody>
          {allSections(fw).map((s) => {
            const x = a.sections[s.id]!;
            const c = comparison.sections.find((y) => y.id === s.id);
            return (
              <tr key={s.id}>
                <th scope="row">
                  {sectionRef(s)}: {s.title}
                </th>
                <td>{lvl(x.agreedLevel)}</td>
                {results.earlier ? <td>{lvl(c?.before ?? null)}</td> : null}
                <td>
                  {lvl(x.targetLevel)}
                  {x.targetDate ? ` by ${formatDate(x.targetDate)}` : ""}
                </td>
                <td>{x.rationale || "—"}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data ? `Results: ${data.results.title} – Devolve` : "SLM maturity results – Devolve",
  },
];
