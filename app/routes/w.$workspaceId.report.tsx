import { redirect, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { formatMonth } from "../../shared/format";
import type { AssuranceIcon as Assurance } from "../../shared/spc/types";
import { AssuranceIcon, VariationIcon } from "../components/spc/Icons";
import { ASSURANCE_LABELS, ASSURANCE_ORDER, VARIATION_KIND_LABELS, VARIATION_KINDS, formatValue, type VariationKind } from "../components/spc/model";
import { SelectField } from "../components/ui/forms";
import spcCss from "../styles/spc.css?url";
import { requireMember } from "../utils/auth.server";
import { notFound } from "../utils/http";
import { reportMatrix, type ReportRow, type ReportScope } from "../utils/spc.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: spcCss }];

const SORTS = { concern: "Concern first", indicator: "By indicator", line: "By service line" } as const;
type Sort = keyof typeof SORTS;

/**
 * The integrated performance report (issue 14; ULHT §2.2): the Making Data Count summary matrix
 * (variation × assurance) and every line-indicator behind it, for the trust, a division
 * (?division=id) or a service line (?line=id), each row linked to its chart. A GET form, so each
 * view has an address for the Board pack.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { workspace } = requireMember(request, context, params.workspaceId);
  const url = new URL(request.url);
  const q = url.searchParams;
  // The chooser submits one "view" field; turn it into the page's canonical address.
  const view = q.get("view");
  if (view !== null) {
    const next = new URLSearchParams();
    const [kind, id] = view.split(":", 2);
    if (kind === "division" && id) next.set("division", id);
    if (kind === "line" && id) next.set("line", id);
    const sortParam = q.get("sort");
    if (sortParam && sortParam in SORTS && sortParam !== "concern") next.set("sort", sortParam);
    throw redirect(`${url.pathname}${next.size ? `?${next}` : ""}`);
  }
  const scope: ReportScope = q.get("line") ? { kind: "line", id: q.get("line")! } : q.get("division") ? { kind: "division", id: q.get("division")! } : { kind: "trust" };
  const matrix = await reportMatrix(context, workspace.id, scope);
  if (!matrix) notFound(scope.kind === "line" ? "There is no service line with that id." : "There is no division with that id.");
  const sort: Sort = (q.get("sort") as Sort) in SORTS ? (q.get("sort") as Sort) : "concern";
  const variation = VARIATION_KINDS.find((k) => k === q.get("variation")) ?? null;
  const assurance = ASSURANCE_ORDER.find((a) => a === q.get("assurance")) ?? null;
  let rows = matrix.rows;
  if (variation || assurance) rows = rows.filter((r) => (!variation || r.variationKind === variation) && (!assurance || r.assurance === assurance));
  if (sort === "indicator") rows = [...rows].sort((a, b) => a.name.localeCompare(b.name) || a.lineName.localeCompare(b.lineName));
  if (sort === "line") rows = [...rows].sort((a, b) => (a.divisionName ?? "").localeCompare(b.divisionName ?? "") || a.lineName.localeCompare(b.lineName) || a.name.localeCompare(b.name));
  const scopeParams = scope.kind === "trust" ? {} : { [scope.kind]: scope.id };
  const rare = matrix.rows.filter((r) => r.rare);
  // A trust's report lists every line's every indicator (1,500 for a large trust): a page at a time,
  // concerns first, so the page stays quick to send and to read; the grid above counts them all.
  const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
  const pageNumber = Math.min(pages, Math.max(1, Math.trunc(Number(q.get("page")) || 1)));
  const shown = rows.slice((pageNumber - 1) * PAGE_SIZE, pageNumber * PAGE_SIZE);
  return {
    workspaceId: workspace.id,
    title: matrix.title,
    scope,
    scopeParams,
    view: scope.kind === "trust" ? "trust" : `${scope.kind}:${scope.id}`,
    sort,
    filter: variation || assurance ? { variation, assurance } : null,
    total: matrix.rows.length,
    matching: rows.length,
    page: { number: pageNumber, count: pages, first: (pageNumber - 1) * PAGE_SIZE + 1 },
    rows: shown,
    grid: matrix.grid,
    rareOver: rare.filter((r) => r.rare?.over).length,
    rareCount: rare.length,
    asAt: matrix.asAt,
    lines: matrix.lines.map((l) => ({ id: l.unitId, name: l.name, division: l.divisionName })),
    divisions: matrix.divisions,
  };
}

const PAGE_SIZE = 100;

function hrefWith(base: Record<string, string>, extra: Record<string, string | null>): string {
  const p = new URLSearchParams(base);
  for (const [k, v] of Object.entries(extra)) if (v) p.set(k, v);
  return `?${p}`;
}

function Latest({ r }: { r: ReportRow }) {
  if (!r.latest) return <>No figures</>;
  return (
    <>
      {formatValue(r.latest.value, r.unit, r.decimals)}
      <span className="app-spc-note">{formatMonth(r.latest.month)}</span>
    </>
  );
}

export default function PerformanceReport() {
  const d = useLoaderData<typeof loader>();
  const busy = useNavigation().state === "loading";
  const showLine = d.scope.kind !== "line";
  const total = (kind: VariationKind) => ASSURANCE_ORDER.reduce((n, a) => n + d.grid[kind][a], 0);
  const columnTotal = (a: Assurance) => VARIATION_KINDS.reduce((n, k) => n + d.grid[k][a], 0);
  const sortParam: Record<string, string> = d.sort === "concern" ? {} : { sort: d.sort };
  const filterParams: Record<string, string> = { ...(d.filter?.variation ? { variation: d.filter.variation } : {}), ...(d.filter?.assurance ? { assurance: d.filter.assurance } : {}) };
  return (
    <>
      <span className="nhsuk-caption-l">Integrated performance report</span>
      <h1>{d.title}</h1>
      <p className="nhsuk-lede-text">
        Every indicator&apos;s latest figure and what its statistical process control chart says, in NHS England&apos;s Making Data Count terms{d.asAt ? `, with figures to ${formatMonth(d.asAt)}` : ""}. Special-cause concerns and indicators that will consistently miss their target come first.
      </p>
      <p className="nhsuk-body">
        <Link to={`/w/${d.workspaceId}/indicators`}>The KPI catalogue</Link>: each indicator&apos;s definition, data-quality kitemark, the service lines it applies to and its targets by year.
      </p>

      <Form method="get" noValidate aria-label="Choose the report" className="app-spc-filter">
        <SelectField name="view" label="Show the report for" defaultValue={d.view}>
          <option value="trust">The whole trust</option>
          <optgroup label="Divisions">
            {d.divisions.map((v) => (
              <option key={v.id} value={`division:${v.id}`}>
                {v.name} division
              </option>
            ))}
          </optgroup>
          <optgroup label="Service lines">
            {d.lines.map((l) => (
              <option key={l.id} value={`line:${l.id}`}>
                {l.name}
              </option>
            ))}
          </optgroup>
        </SelectField>
        <SelectField name="sort" label="Order" defaultValue={d.sort}>
          {Object.entries(SORTS).map(([k, v]) => (
            <option key={k} value={k}>
              {v}
            </option>
          ))}
        </SelectField>
        <button className="nhsuk-button" type="submit" disabled={busy}>
          Show
        </button>
      </Form>

      <h2 id="matrix-h">Summary: variation and assurance</h2>
      <div className="app-table-scroll" role="region" aria-labelledby="matrix-caption" tabIndex={0}>
        <table className="nhsuk-table app-spc-grid" data-testid="summary-grid">
          <caption className="nhsuk-table__caption nhsuk-table__caption--s" id="matrix-caption">
            How many indicators fall in each combination of variation (rows) and assurance (columns), as in the Making Data Count matrix. Select a number to list those indicators.
          </caption>
          <thead>
            <tr>
              <td />
              {ASSURANCE_ORDER.map((a) => (
                <th scope="col" key={a}>
                  <AssuranceIcon icon={a} />
                </th>
              ))}
              <th scope="col">All</th>
            </tr>
          </thead>
          <tbody>
            {VARIATION_KINDS.map((k) => (
              <tr key={k} data-testid={`grid-${k}`}>
                <th scope="row">
                  <VariationIcon icon={k === "concern" ? "special_concern_high" : k === "improvement" ? "special_improvement_high" : k === "neutral" ? "special_neutral_high" : "common_cause"} letter="H/L" label={VARIATION_KIND_LABELS[k]} />
                </th>
                {ASSURANCE_ORDER.map((a) => {
                  const n = d.grid[k][a];
                  const hot = (k === "concern" || a === "consistently_fail") && n > 0;
                  return (
                    <td key={a} className={hot ? "app-spc-grid__cell--hot" : undefined} data-testid={`cell-${k}-${a}`}>
                      {n ? (
                        <Link className="app-spc-grid__count" to={hrefWith({ ...d.scopeParams, ...sortParam }, { variation: k, assurance: a }) + "#indicators-h"} aria-label={`${n}: ${VARIATION_KIND_LABELS[k]}, ${ASSURANCE_LABELS[a].toLowerCase()}`}>
                          {n}
                        </Link>
                      ) : (
                        <span className="app-spc-grid__count">0</span>
                      )}
                    </td>
                  );
                })}
                <td className="app-spc-grid__count">{total(k)}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">All</th>
              {ASSURANCE_ORDER.map((a) => (
                <td key={a} className="app-spc-grid__count">
                  {columnTotal(a)}
                </td>
              ))}
              <td className="app-spc-grid__count">{VARIATION_KINDS.reduce((n, k) => n + total(k), 0)}</td>
            </tr>
          </tbody>
        </table>
      </div>
      {d.rareCount ? (
        <p data-testid="rare-summary">
          Rare events ({d.rareCount} {d.rareCount === 1 ? "indicator" : "indicators"}) are counted against their annual threshold rather than charted for variation: {d.rareOver} {d.rareOver === 1 ? "is" : "are"} over the threshold this year.
        </p>
      ) : null}

      <h2 id="indicators-h">Indicators</h2>
      {d.filter ? (
        <p role="status">
          Showing {d.matching} of {d.total}: {d.filter.variation ? VARIATION_KIND_LABELS[d.filter.variation].toLowerCase() : "any variation"}, {d.filter.assurance ? ASSURANCE_LABELS[d.filter.assurance].toLowerCase() : "any assurance"}.{" "}
          <Link to={hrefWith({ ...d.scopeParams, ...sortParam }, {})}>Show every indicator</Link>
        </p>
      ) : null}
      {d.rows.length === 0 ? (
        <p>There are no figures for {d.scope.kind === "trust" ? "the trust" : d.title} yet.</p>
      ) : (
        <div className="app-table-scroll" role="region" aria-labelledby="report-caption" tabIndex={0}>
          <table className="nhsuk-table" data-testid="report-table">
            <caption className="nhsuk-table__caption nhsuk-table__caption--s" id="report-caption">
              {d.title}: {d.matching} {d.matching === 1 ? "indicator" : showLine ? "line indicators" : "indicators"}, {SORTS[d.sort].toLowerCase()}
              {d.page.count > 1 ? `; ${d.page.first} to ${d.page.first + d.rows.length - 1} shown` : ""}. Each links to its chart.
            </caption>
            <thead>
              <tr>
                <th scope="col">Indicator</th>
                {showLine ? <th scope="col">Service line</th> : null}
                <th scope="col">Variation</th>
                <th scope="col">Assurance</th>
                <th scope="col">Latest</th>
                <th scope="col">Target</th>
              </tr>
            </thead>
            <tbody>
              {d.rows.map((r) => (
                <tr key={`${r.unitId}-${r.code}`} data-testid="report-row" data-variation={r.variation ?? "rare"} data-assurance={r.assurance ?? "rare"}>
                  <th scope="row">
                    <Link to={r.href}>{showLine ? <>{r.name}<span className="nhsuk-u-visually-hidden">, {r.lineName}</span></> : r.name}</Link>
                  </th>
                  {showLine ? (
                    <td>
                      {r.lineName}
                      {r.divisionName && d.scope.kind === "trust" ? <span className="app-spc-note">{r.divisionName}</span> : null}
                    </td>
                  ) : null}
                  {r.rare ? (
                    <td colSpan={2}>
                      {r.rare.total} in {r.rare.year}
                      {r.rare.threshold !== null ? <>: <strong>{r.rare.over ? "over" : "within"} the threshold of {r.rare.threshold}</strong></> : null}
                    </td>
                  ) : (
                    <>
                      <td>{r.variation ? <VariationIcon icon={r.variation} /> : "–"}</td>
                      <td>{r.assurance ? <AssuranceIcon icon={r.assurance} /> : "–"}</td>
                    </>
                  )}
                  <td>
                    <Latest r={r} />
                  </td>
                  <td>{r.rare ? (r.rare.threshold !== null ? `At most ${r.rare.threshold} a year` : "None") : r.target !== null ? formatValue(r.target, r.unit, r.decimals) : "None"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {d.page.count > 1 ? (
        <nav className="nhsuk-pagination" role="navigation" aria-label="Pages of indicators">
          <ul className="nhsuk-list nhsuk-pagination__list">
            {d.page.number > 1 ? (
              <li className="nhsuk-pagination-item--previous">
                <Link className="nhsuk-pagination__link nhsuk-pagination__link--prev" to={hrefWith({ ...d.scopeParams, ...sortParam, ...filterParams }, { page: String(d.page.number - 1) }) + "#indicators-h"}>
                  <span className="nhsuk-pagination__title">Previous</span>
                  <span className="nhsuk-u-visually-hidden">:</span>
                  <span className="nhsuk-pagination__page">Page {d.page.number - 1} of {d.page.count}</span>
                </Link>
              </li>
            ) : null}
            {d.page.number < d.page.count ? (
              <li className="nhsuk-pagination-item--next">
                <Link className="nhsuk-pagination__link nhsuk-pagination__link--next" to={hrefWith({ ...d.scopeParams, ...sortParam, ...filterParams }, { page: String(d.page.number + 1) }) + "#indicators-h"}>
                  <span className="nhsuk-pagination__title">Next</span>
                  <span className="nhsuk-u-visually-hidden">:</span>
                  <span className="nhsuk-pagination__page">Page {d.page.number + 1} of {d.page.count}</span>
                </Link>
              </li>
            ) : null}
          </ul>
        </nav>
      ) : null}
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Performance report: ${data.title} – Devolve` : "Performance report – Devolve" }];
