import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { financialYearSlug, parseFinancialYearSlug } from "../../shared/collab/registry";
import { formatFinancialYear } from "../../shared/format/dates";
import { formatMoney } from "../../shared/format/money";
import { MonthlyTable } from "../components/plans/MonthlyTable";
import { usePoll } from "../components/plans/usePoll";
import plansCss from "../styles/plans.css?url";
import { requireMember } from "../utils/auth.server";
import { notFound } from "../utils/http";
import { rollups, yearData } from "../utils/plans.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: plansCss }];
export const handle = { wide: true };

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { workspace } = requireMember(request, context, params.workspaceId);
  const year = parseFinancialYearSlug(params.year ?? "");
  if (year === null) notFound("Plans are for a financial year such as 2027-28.");
  const data = await yearData(context, workspace.id, year);
  const { trust, ratios } = rollups(context, workspace.id, data, year);
  return { workspaceId: workspace.id, year, trust: { ...trust, divisions: trust.divisions.map(({ lines: _lines, ...d }) => d) }, ratios };
}

const gapText = (gap: number | null, of: string) => (gap === null ? "—" : gap === 0 ? "Adds up exactly" : `${formatMoney(Math.abs(gap))} ${gap < 0 ? "short of" : "better than"} ${of}`);

/** The trust roll-up: divisions plus corporate against the trust plan, to the pound. */
export default function TrustRollupScreen() {
  const { workspaceId, year, trust, ratios } = useLoaderData<typeof loader>();
  usePoll(5_000);
  const base = `/w/${workspaceId}/plans/${financialYearSlug(year)}`;
  return (
    <div className="app-plan">
      <nav className="nhsuk-breadcrumb" aria-label="Breadcrumb">
        <ol className="nhsuk-breadcrumb__list">
          <li className="nhsuk-breadcrumb__item">
            <Link className="nhsuk-breadcrumb__link" to={base}>
              Planning round {formatFinancialYear(year)}
            </Link>
          </li>
        </ol>
      </nav>
      <h1 className="nhsuk-heading-l">Trust roll-up of the {formatFinancialYear(year)} plans</h1>
      <table className="nhsuk-table app-plan-table">
        <caption className="nhsuk-table__caption">Divisions and corporate services against the trust plan</caption>
        <thead>
          <tr>
            <th scope="col">Division</th>
            <th scope="col" className="app-plan-num">
              Lines and reserve
            </th>
            <th scope="col" className="app-plan-num">
              Control total
            </th>
            <th scope="col">Gap</th>
          </tr>
        </thead>
        <tbody>
          {trust.divisions.map((d) => (
            <tr key={d.unitId}>
              <th scope="row">
                <Link to={`${base}/divisions/${d.unitId}`}>{d.name}</Link>
              </th>
              <td className="app-plan-num">{formatMoney(d.total)}</td>
              <td className="app-plan-num">{d.controlTotal === null ? "Not set" : formatMoney(d.controlTotal)}</td>
              <td>{gapText(d.gap, "the control total")}</td>
            </tr>
          ))}
          <tr>
            <th scope="row">Corporate services</th>
            <td className="app-plan-num">{formatMoney(trust.corporate)}</td>
            <td />
            <td />
          </tr>
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Trust</th>
            <td className="app-plan-num">
              <strong data-testid="trust-total">{formatMoney(trust.total)}</strong>
            </td>
            <td className="app-plan-num">{trust.trustPlan === null ? "Not set" : formatMoney(trust.trustPlan)}</td>
            <td data-testid="trust-gap">{gapText(trust.gap, "the trust plan")}</td>
          </tr>
        </tfoot>
      </table>
      <h2 className="nhsuk-heading-m">By month</h2>
      <MonthlyTable caption="Trust contribution by month" rows={[...trust.divisions.map((d) => ({ label: d.name, months: d.monthly })), { label: "Trust, with corporate", months: trust.monthly, total: true }]} />
      {ratios.length ? (
        <>
          <h2 className="nhsuk-heading-m">Percentage targets, by numerator and denominator</h2>
          <p className="nhsuk-hint">Added as numerators and denominators, never by averaging percentages.</p>
          <ul>
            {ratios.map((r) => (
              <li key={r.code}>
                {r.measure} ({r.code}): {r.numerator.toLocaleString("en-GB")} of {r.denominator.toLocaleString("en-GB")} = <strong>{r.percent === null ? "—" : `${r.percent}%`}</strong> across {r.lines} lines
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Trust roll-up ${formatFinancialYear(data.year)} – Devolve` : "Trust roll-up – Devolve" }];
