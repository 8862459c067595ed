import { formatMoney } from "../../../shared/format/money";
import { MONTHS } from "./SectionTable";

/** Money by month, April to March, with the year's total: the table every roll-up shows. */
export function MonthlyTable({ caption, rows }: { caption: string; rows: readonly { label: string; months: readonly number[]; total?: boolean }[] }) {
  return (
    <div className="app-table-scroll" tabIndex={0} role="region" aria-label={caption}>
      <table className="nhsuk-table app-plan-table">
        <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Unit</th>
            {MONTHS.map((m) => (
              <th key={m} scope="col" className="app-plan-num">
                {m}
              </th>
            ))}
            <th scope="col" className="app-plan-num">
              Year
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.label}>
              <th scope="row">{r.total ? <strong>{r.label}</strong> : r.label}</th>
              {r.months.map((v, i) => (
                <td key={i} className="app-plan-num">
                  {formatMoney(v)}
                </td>
              ))}
              <td className="app-plan-num">
                <strong>{formatMoney(r.months.reduce((s, v) => s + v, 0))}</strong>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
