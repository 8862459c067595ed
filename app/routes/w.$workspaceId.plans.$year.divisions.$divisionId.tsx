import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { financialYearSlug, parseFinancialYearSlug } from "../../shared/collab/registry";
import { formatFinancialYear } from "../../shared/format/dates";
import { formatMoney } from "../../shared/format/money";
import { PLAN_STATUS_LABELS, planState } from "../../shared/plans/workflow";
import { ratioRollups } from "../../shared/plans/rollup";
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
  const { divisions } = rollups(context, workspace.id, data, year);
  const d = divisions.find((x) => x.unitId === params.divisionId);
  if (!d) notFound("There is no such division.");
  const lines = data.lines.filter((l) => l.division?.id === d.unitId);
  return {
    workspaceId: workspace.id,
    year,
    division: d,
    status: Object.fromEntries(lines.map((l) => [l.unit.id, planState(year, l.events).status])),
    ratios: ratioRollups(lines.map((l) => l.plan)),
  };
}

/** A division's roll-up: its lines plus its reserve against its control total, to the pound. */
export default function DivisionRollupScreen() {
  const { workspaceId, year, division: d, status, ratios } = useLoaderData<typeof loader>();
  usePoll(3_000);
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
      <h1 className="nhsuk-heading-l">
        {d.name}: roll-up of the {formatFinancialYear(year)} plans
      </h1>
      <table className="nhsuk-table app-plan-table">
        <caption className="nhsuk-table__caption">Contribution by service line, with the divisional reserve, against the control total</caption>
        <thead>
          <tr>
            <th scope="col">Service line</th>
            <th scope="col">Plan status</th>
            <th scope="col" className="app-plan-num">
              Income
            </th>
            <th scope="col" className="app-plan-num">
              Pay
            </th>
            <th scope="col" className="app-plan-num">
              Non-pay
            </th>
            <th scope="col" className="app-plan-num">
              Contribution
            </th>
            <th scope="col" className="app-plan-num">
              Line's control total
            </th>
          </tr>
        </thead>
        <tbody>
          {d.lines.map((l) => (
            <tr key={l.unitId} data-line={l.unitId}>
              <th scope="row">
                <Link to={`${base}/${l.unitId}`}>{l.name}</Link>
              </th>
              <td>{PLAN_STATUS_LABELS[status[l.unitId]!]}</td>
              <td className="app-plan-num">{formatMoney(l.income)}</td>
              <td className="app-plan-num">{formatMoney(l.pay)}</td>
              <td className="app-plan-num">{formatMoney(l.nonPay)}</td>
              <td className="app-plan-num" data-testid={`contribution-${l.unitId}`}>
                {formatMoney(l.contribution)}
              </td>
              <td className="app-plan-num">{l.controlTotal === null ? "—" : formatMoney(l.controlTotal)}</td>
            </tr>
          ))}
          <tr>
            <th scope="row">Divisional reserve</th>
            <td colSpan={4} />
            <td className="app-plan-num">{formatMoney(d.reserve)}</td>
            <td />
          </tr>
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Lines and reserve</th>
            <td colSpan={4} />
            <td className="app-plan-num">
              <strong data-testid="division-total">{formatMoney(d.total)}</strong>
            </td>
            <td />
          </tr>
          <tr>
            <th scope="row">Division's control total</th>
            <td colSpan={4} />
            <td className="app-plan-num">{d.controlTotal === null ? "Not set" : formatMoney(d.controlTotal)}</td>
            <td />
          </tr>
          <tr>
            <th scope="row">Gap</th>
            <td colSpan={4} />
            <td className="app-plan-num" data-testid="division-gap">
              {d.gap === null ? "—" : d.gap === 0 ? "Adds up exactly" : <strong className={d.gap < 0 ? "app-plan-gap-bad" : "app-plan-gap-ok"}>{`${formatMoney(Math.abs(d.gap))} ${d.gap < 0 ? "short of" : "better than"} the control total`}</strong>}
            </td>
            <td />
          </tr>
        </tfoot>
      </table>
      <h2 className="nhsuk-heading-m">By month</h2>
      <MonthlyTable caption={`${d.name}: contribution by month`} rows={[...d.lines.map((l) => ({ label: l.name, months: l.monthly })), { label: "Division, with reserve", months: d.monthly, total: true }]} />
      {ratios.length ? (
        <>
          <h2 className="nhsuk-heading-m">Percentage targets, by numerator and denominator</h2>
          <table className="nhsuk-table">
            <thead>
              <tr>
                <th scope="col">Measure</th>
                <th scope="col" className="app-plan-num">
                  Numerator
                </th>
                <th scope="col" className="app-plan-num">
                  Denominator
                </th>
                <th scope="col" className="app-plan-num">
                  Division
                </th>
              </tr>
            </thead>
            <tbody>
              {ratios.map((r) => (
                <tr key={r.code}>
                  <th scope="row">
                    {r.measure} ({r.code}, {r.lines} lines)
                  </th>
                  <td className="app-plan-num">{r.numerator.toLocaleString("en-GB")}</td>
                  <td className="app-plan-num">{r.denominator.toLocaleString("en-GB")}</td>
                  <td className="app-plan-num">{r.percent === null ? "—" : `${r.percent}%`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.division.name} plans ${formatFinancialYear(data.year)} – Devolve` : "Division roll-up – Devolve" }];
