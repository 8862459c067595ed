import { forwardRef } from "react";
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";
import { formatMonth } from "../../../shared/format";
import { MDC_COLOURS } from "../../../shared/spc/types";
import type { RareYearModel } from "./model";

const YEAR_COLOURS = ["#aeb7bd", "#768692", "#005eb8", "#330072"];
const MONTHS = ["Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar"];

/**
 * Rare events (C. difficile, MRSA) are too few for an XmR chart: the cumulative count through each
 * financial year is drawn against the annual threshold instead (the table below carries the same).
 */
export const RareCountChart = forwardRef<HTMLDivElement, { name: string; years: RareYearModel[]; height?: number }>(function RareCountChart({ name, years, height = 340 }, ref) {
  const threshold = years.find((y) => y.threshold !== null)?.threshold ?? null;
  const data = MONTHS.map((label, i) => ({ label, ...Object.fromEntries(years.map((y) => [y.year, y.months[i]?.cumulative ?? null])) }));
  return (
    <div className="app-spc-chart" ref={ref} data-testid="rare-chart">
      <p className="app-spc-chart__title" aria-hidden="true">
        {name}: cumulative count by financial year{threshold !== null ? `, against the annual threshold of ${threshold}` : ""}
      </p>
      <div aria-hidden="true">
        <LineChart data={data} responsive style={{ width: "100%", height }} margin={{ top: 20, right: 24, bottom: 8, left: 0 }} accessibilityLayer={false}>
          <CartesianGrid stroke="#e8edee" vertical={false} />
          <XAxis dataKey="label" tick={{ fontSize: 12, fill: "#4c6272" }} />
          <YAxis allowDecimals={false} tick={{ fontSize: 12, fill: "#4c6272" }} domain={[0, (max: number) => Math.max(max, (threshold ?? 0) + 1)]} />
          <Tooltip isAnimationActive={false} />
          <Legend wrapperStyle={{ fontSize: 14 }} />
          {threshold !== null ? <ReferenceLine y={threshold} stroke={MDC_COLOURS.concern} strokeWidth={2} strokeDasharray="8 4" label={{ value: `Annual threshold ${threshold}`, position: "insideTopLeft", fontSize: 12, fill: "#212b32" }} /> : null}
          {years.map((y, i) => (
            <Line key={y.year} name={y.year} dataKey={y.year} type="stepAfter" stroke={YEAR_COLOURS[Math.max(0, YEAR_COLOURS.length - years.length + i)]} strokeWidth={i === years.length - 1 ? 3 : 2} dot={{ r: 3 }} isAnimationActive={false} connectNulls={false} />
          ))}
        </LineChart>
      </div>
    </div>
  );
});

/** The rare-count chart's table: each month's count and the running total, per financial year. */
export function RareCountTable({ years }: { years: RareYearModel[] }) {
  return (
    <>
      {[...years].reverse().map((y) => (
        <div className="app-table-scroll" role="region" aria-labelledby={`rare-${y.year.replace("/", "-")}`} tabIndex={0} key={y.year} data-testid="spc-table-region">
          <table className="nhsuk-table" data-testid="rare-table">
            <caption className="nhsuk-table__caption nhsuk-table__caption--s" id={`rare-${y.year.replace("/", "-")}`}>
              {y.year}: {y.total} {y.months.every((m) => m.count !== null) ? "in the year" : "so far"}{y.threshold !== null ? ` against a threshold of ${y.threshold}${y.over ? " – over the threshold" : ""}` : ""}
            </caption>
            <thead>
              <tr>
                <th scope="col">Month</th>
                <th scope="col">Count</th>
                <th scope="col">Cumulative</th>
              </tr>
            </thead>
            <tbody>
              {y.months
                .filter((m) => m.count !== null)
                .map((m) => (
                  <tr key={m.month} data-testid="spc-row">
                    <th scope="row">{formatMonth(m.month)}</th>
                    <td>{m.count}</td>
                    <td>{m.cumulative}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      ))}
    </>
  );
}
