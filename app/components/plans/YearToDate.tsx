import { formatMonth } from "../../../shared/format/dates";
import { formatCount, formatMoney } from "../../../shared/format/money";
import type { YtdMonth } from "../../../shared/plans/ytd";

/**
 * The live plan against the contribution reported each month, and year to date. A line can be
 * ahead in some months and still behind for the year; judged year to date it cannot then hold the
 * top level of earned autonomy (issue 12; Monitor's SLM framework Part 2 §3).
 */
export function YearToDate({ months, tolerancePct }: { months: readonly YtdMonth[]; tolerancePct: number }) {
  const last = months[months.length - 1]!;
  const monthsMet = months.filter((m) => m.monthMet).length;
  return (
    <section aria-labelledby="ytd-h" className="app-plan-section">
      <h2 className="nhsuk-heading-m" id="ytd-h">
        Year to date against the phased plan
      </h2>
      <p data-testid="ytd-summary">
        Judged month by month, the line met its plan in {formatCount(monthsMet, "month")} of {months.length}. Judged year to date, it is{" "}
        <strong className={last.ytdMet ? "app-plan-gap-ok" : "app-plan-gap-bad"}>
          {formatMoney(Math.abs(last.ytdVariance))} {last.ytdVariance >= 0 ? "ahead of" : "behind"} plan after {formatMonth(last.month)}
        </strong>
        {last.ytdMet ? ", within tolerance." : `, outside the ${formatCount(tolerancePct)}% tolerance, so it cannot hold level 1 of earned autonomy while it stays behind.`}
      </p>
      <div className="app-table-scroll" tabIndex={0} role="region" aria-label="Contribution by month and year to date">
        <table className="nhsuk-table app-plan-table">
          <thead>
            <tr>
              <th scope="col">Month</th>
              <th scope="col" className="app-plan-num">
                Plan
              </th>
              <th scope="col" className="app-plan-num">
                Actual
              </th>
              <th scope="col">This month</th>
              <th scope="col" className="app-plan-num">
                Plan to date
              </th>
              <th scope="col" className="app-plan-num">
                Actual to date
              </th>
              <th scope="col" className="app-plan-num">
                Variance to date
              </th>
              <th scope="col">Year to date</th>
            </tr>
          </thead>
          <tbody>
            {months.map((m) => (
              <tr key={m.month}>
                <th scope="row">{formatMonth(m.month)}</th>
                <td className="app-plan-num">{formatMoney(m.plan)}</td>
                <td className="app-plan-num">{formatMoney(m.actual)}</td>
                <td>{m.monthMet ? "Met" : "Not met"}</td>
                <td className="app-plan-num">{formatMoney(m.ytdPlan)}</td>
                <td className="app-plan-num">{formatMoney(m.ytdActual)}</td>
                <td className="app-plan-num">{formatMoney(m.ytdVariance)}</td>
                <td>{m.ytdMet ? "Met" : "Not met"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
