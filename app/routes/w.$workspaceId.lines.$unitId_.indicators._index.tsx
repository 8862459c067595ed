import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { KPI_DOMAIN_LABELS, KPI_DOMAINS } from "../../shared/kpi";
import { formatMonth } from "../../shared/format";
import { AssuranceIcon, VariationIcon } from "../components/spc/Icons";
import { formatValue } from "../components/spc/model";
import spcCss from "../styles/spc.css?url";
import { requireMember } from "../utils/auth.server";
import { notFound } from "../utils/http";
import { lineIndicators } from "../utils/spc.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: spcCss }];

/**
 * A service line's indicators (issue 14): every indicator that applies to the line, grouped by
 * domain, with the latest figure, the target and the Making Data Count icons, each linked to its
 * chart. (The file name's `$unitId_` keeps this page out of the line page's layout.)
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { workspace } = requireMember(request, context, params.workspaceId);
  const data = await lineIndicators(context, workspace.id, params.unitId ?? "");
  if (!data) notFound("There is no service line with that address. It may have been removed from the structure.");
  const rows = data.indicators.map((i) => ({
    code: i.meta.code,
    name: i.meta.name,
    domain: i.meta.domain,
    unit: i.meta.unit,
    decimals: i.chart.decimals,
    inCatalogue: i.meta.definition !== null,
    latest: i.latest,
    target: i.target ? { value: i.target.value, year: i.target.year } : null,
    variation: i.variation,
    assurance: i.assurance,
    label: i.label,
    assuranceLabel: i.assuranceLabel,
    trial: i.result?.trial ?? false,
    rare: i.rare ? (i.rare[i.rare.length - 1] ?? null) : null,
    threshold: i.meta.annualThreshold,
  }));
  return { workspaceId: workspace.id, line: data.line, rows };
}

export default function LineIndicators() {
  const d = useLoaderData<typeof loader>();
  const base = `/w/${d.workspaceId}/lines/${d.line.unitId}/indicators`;
  // With no catalogue at all, one notice says so; otherwise each uncatalogued indicator is marked.
  const noCatalogue = d.rows.length > 0 && d.rows.every((r) => !r.inCatalogue);
  const domains = KPI_DOMAINS.map((dom) => ({ domain: dom, rows: d.rows.filter((r) => r.domain === dom) })).filter((g) => g.rows.length);
  return (
    <>
      <nav className="nhsuk-breadcrumb" aria-label="Breadcrumb">
        <ol className="nhsuk-breadcrumb__list">
          <li className="nhsuk-breadcrumb__item">
            <Link className="nhsuk-breadcrumb__link" to={`/w/${d.workspaceId}/report`}>
              Performance report
            </Link>
          </li>
          <li className="nhsuk-breadcrumb__item">
            <Link className="nhsuk-breadcrumb__link" to={`/w/${d.workspaceId}/lines/${d.line.unitId}`}>
              {d.line.name}
            </Link>
          </li>
        </ol>
      </nav>
      <span className="nhsuk-caption-l">{d.line.divisionName ? `${d.line.divisionName} division` : "Service line"}</span>
      <h1>{d.line.name}: indicators</h1>
      <p className="nhsuk-lede-text">
        Each indicator&apos;s latest figure, its target and what its statistical process control chart says, in NHS England&apos;s Making Data Count terms: whether the variation is ordinary (common cause) or a signal (special cause), and whether the process can be relied on to meet its target.
      </p>
      <p>
        <Link to={`/w/${d.workspaceId}/report?line=${d.line.unitId}`}>See {d.line.name} in the integrated performance report</Link>
      </p>
      {noCatalogue ? (
        <div className="nhsuk-inset-text">
          <p>The trust&apos;s indicator catalogue is empty, so each indicator is shown with the name, unit and direction its figures give.</p>
        </div>
      ) : null}
      {d.rows.length === 0 ? <p>No indicators apply to this service line and it has no figures yet.</p> : null}
      {domains.map((g) => (
        <section key={g.domain} aria-labelledby={`domain-${g.domain}`}>
          <h2 id={`domain-${g.domain}`}>{KPI_DOMAIN_LABELS[g.domain]}</h2>
          <div className="app-table-scroll" role="region" aria-labelledby={`caption-${g.domain}`} tabIndex={0}>
            <table className="nhsuk-table app-spc-dashboard" data-testid={`indicators-${g.domain}`}>
              <caption className="nhsuk-table__caption nhsuk-u-visually-hidden" id={`caption-${g.domain}`}>
                {KPI_DOMAIN_LABELS[g.domain]} indicators for {d.line.name}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Indicator</th>
                  <th scope="col">Latest</th>
                  <th scope="col">Target</th>
                  <th scope="col">Variation</th>
                  <th scope="col">Assurance</th>
                </tr>
              </thead>
              <tbody>
                {g.rows.map((r) => (
                  <tr key={r.code} data-testid={`indicator-${r.code}`}>
                    <th scope="row">
                      <Link to={`${base}/${r.code}`}>{r.name}</Link>
                      {!r.inCatalogue && !noCatalogue ? <span className="app-spc-note">Not in the catalogue: shown as its figures describe it</span> : null}
                    </th>
                    <td>
                      {r.latest ? (
                        <>
                          <strong>{formatValue(r.latest.value, r.unit, r.decimals)}</strong>
                          <span className="app-spc-note">{formatMonth(r.latest.month)}</span>
                        </>
                      ) : (
                        "No figures yet"
                      )}
                    </td>
                    <td>
                      {r.rare ? (r.threshold !== null ? `At most ${r.threshold} a year` : "None") : r.target ? formatValue(r.target.value, r.unit, r.decimals) : "None"}
                      {r.target?.year && !r.rare ? <span className="app-spc-note">{r.target.year}</span> : null}
                    </td>
                    {r.rare ? (
                      <td colSpan={2}>
                        {r.rare.total} in {r.rare.year} so far
                        {r.rare.threshold !== null ? (
                          <>
                            {" "}
                            against a threshold of {r.rare.threshold}: <strong>{r.rare.over ? "over the threshold" : "within the threshold"}</strong>
                          </>
                        ) : null}
                        <span className="app-spc-note">A rare event: counted against its annual threshold rather than charted for variation.</span>
                      </td>
                    ) : (
                      <>
                        <td>{r.variation ? <VariationIcon icon={r.variation} /> : "Not enough figures"}</td>
                        <td>
                          {r.assurance ? <AssuranceIcon icon={r.assurance} /> : "–"}
                          {r.trial ? <span className="app-spc-note">Trial limits</span> : null}
                        </td>
                      </>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.line.name} indicators – Devolve` : "Indicators – Devolve" }];
