import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { appliesTo, byDomain, CHART_TYPE_LABELS, describeAppliesTo, DIRECTION_LABELS, KITEMARK_DIMENSIONS, KITEMARK_LABELS, KPI_DOMAIN_LABELS, KPI_DOMAINS, type KpiDomain } from "../../shared/kpi";
import { can } from "../../shared/roles";
import { listDefinitions } from "../../server/repositories/kpi";
import { KitemarkList } from "../components/kpi/Kitemark";
import { SelectField } from "../components/ui/forms";
import { requireMember } from "../utils/auth.server";
import { serviceLineOptions, unitNamer } from "../utils/kpi.server";

/**
 * The KPI catalogue (issue 14; ULHT §2.5 "KPIs reviewed and set each year, national definitions",
 * §10 kitemarking). One table per domain, filtered by domain and by service line with a GET form so
 * a filtered view can be bookmarked. Every member may read; editing is on each entry's page.
 */

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { workspace, member } = requireMember(request, context, params.workspaceId);
  const lines = await serviceLineOptions(context, workspace.id);
  const nameOf = unitNamer(lines);
  const url = new URL(request.url);
  const domainParam = url.searchParams.get("domain") ?? "";
  const lineParam = url.searchParams.get("line") ?? "";
  // An unknown filter value (an old bookmark) shows everything rather than failing.
  const domain = (KPI_DOMAINS as readonly string[]).includes(domainParam) ? (domainParam as KpiDomain) : null;
  const line = lines.find((l) => l.id === lineParam) ?? null;
  const all = listDefinitions(context.db, workspace.id);
  const shown = all.filter((d) => (!domain || d.domain === domain) && (!line || appliesTo(d, line.id)));
  const groups = byDomain(shown);
  return {
    workspaceId: workspace.id,
    canManage: can(member, "kpi.manage"),
    total: all.length,
    domain,
    line,
    lines,
    domains: KPI_DOMAINS.filter((d) => !domain || d === domain).map((d) => ({
      id: d,
      label: KPI_DOMAIN_LABELS[d],
      rows: groups[d].map((k) => ({
        code: k.code,
        name: k.name,
        unit: k.unit || "Count",
        direction: DIRECTION_LABELS[k.direction],
        chart: CHART_TYPE_LABELS[k.chartType] + (k.chartType === "rare_count" && k.annualThreshold !== null ? ` (threshold ${k.annualThreshold} a year)` : ""),
        dataSource: k.dataSource,
        owner: k.owner,
        kitemark: KITEMARK_DIMENSIONS.map((dim) => ({ dim, label: KITEMARK_LABELS[dim], met: k.kitemark[dim] })),
        reviewedFor: k.reviewedFor,
        applies: describeAppliesTo(k.appliesTo, nameOf),
      })),
    })),
  };
}

export default function Indicators() {
  const d = useLoaderData<typeof loader>();
  const divisions = [...new Set(d.lines.map((l) => l.division))];
  const filtered = Boolean(d.domain || d.line);
  const count = d.domains.reduce((n, g) => n + g.rows.length, 0);
  return (
    <>
      <h1>KPI catalogue</h1>
      <p className="nhsuk-body-l">
        The indicators the trust reports each month: what is counted, where the figures come from, the national definition each follows, who owns it, how far its data can be trusted, and which service lines it applies to. The catalogue is reviewed and set each year.
      </p>
      {d.canManage ? (
        <p>
          <Link to={`/w/${d.workspaceId}/indicators/new`}>Add an indicator to the catalogue</Link>
        </p>
      ) : null}

      <Form method="get" noValidate className="nhsuk-u-margin-bottom-5" aria-label="Filter the catalogue">
        <div className="nhsuk-grid-row">
          <div className="nhsuk-grid-column-one-third">
            <SelectField name="domain" label="Domain" defaultValue={d.domain ?? ""}>
              <option value="">All domains</option>
              {KPI_DOMAINS.map((x) => (
                <option key={x} value={x}>
                  {KPI_DOMAIN_LABELS[x]}
                </option>
              ))}
            </SelectField>
          </div>
          <div className="nhsuk-grid-column-one-third">
            <SelectField name="line" label="Service line" hint="Only the indicators that apply to it" defaultValue={d.line?.id ?? ""}>
              <option value="">All service lines</option>
              {divisions.map((div) => (
                <optgroup key={div} label={div}>
                  {d.lines
                    .filter((l) => l.division === div)
                    .map((l) => (
                      <option key={l.id} value={l.id}>
                        {l.name}
                      </option>
                    ))}
                </optgroup>
              ))}
            </SelectField>
          </div>
        </div>
        <button className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0" type="submit">
          Show
        </button>
        {filtered ? (
          <p className="nhsuk-u-margin-top-3">
            <Link to={`/w/${d.workspaceId}/indicators`}>Show the whole catalogue</Link>
          </p>
        ) : null}
      </Form>

      {d.total === 0 ? <p>The catalogue has no indicators yet.</p> : null}
      {d.total > 0 ? (
        <p role="status">
          {`${count} indicator${count === 1 ? "" : "s"}${d.domain ? ` in the ${KPI_DOMAIN_LABELS[d.domain].toLowerCase()} domain` : ""}${d.line ? ` that ${count === 1 ? "applies" : "apply"} to ${d.line.name}` : ""}${filtered ? ` (of ${d.total} in the catalogue)` : ""}.`}
        </p>
      ) : null}

      {d.domains.map((g) =>
        g.rows.length === 0 ? null : (
          <div key={g.id} role="region" aria-labelledby={`domain-${g.id}`} tabIndex={0} style={{ overflowX: "auto" }}>
            <table className="nhsuk-table">
              <caption className="nhsuk-table__caption" id={`domain-${g.id}`}>
                {g.label}
              </caption>
              <thead className="nhsuk-table__head">
                <tr>
                  <th scope="col">Code</th>
                  <th scope="col">Name</th>
                  <th scope="col">Unit</th>
                  <th scope="col">Direction</th>
                  <th scope="col">Chart</th>
                  <th scope="col">Data source</th>
                  <th scope="col">Owner</th>
                  <th scope="col">Data quality kitemark</th>
                  <th scope="col">Reviewed for</th>
                  <th scope="col">Applies to</th>
                </tr>
              </thead>
              <tbody className="nhsuk-table__body">
                {g.rows.map((r) => (
                  <tr key={r.code}>
                    <th scope="row">
                      <Link to={`/w/${d.workspaceId}/indicators/${r.code}`}>
                        {r.code}
                        <span className="nhsuk-u-visually-hidden">: {r.name}</span>
                      </Link>
                    </th>
                    <td>{r.name}</td>
                    <td>{r.unit}</td>
                    <td>{r.direction}</td>
                    <td>{r.chart}</td>
                    <td>{r.dataSource}</td>
                    <td>{r.owner}</td>
                    <td>
                      <KitemarkList items={r.kitemark} />
                    </td>
                    <td>{r.reviewedFor}</td>
                    <td>{r.applies}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ),
      )}
      {d.total > 0 && count === 0 ? <p>No indicator in the catalogue matches that filter.</p> : null}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "KPI catalogue – Devolve" }];
