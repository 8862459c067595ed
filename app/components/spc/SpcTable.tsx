import { formatMonth } from "../../../shared/format";
import { annotationNumbers } from "./XmrChart";
import { formatValue, rulesText, type ChartModel } from "./model";

const SPECIAL_TEXT = { concern: "Special cause concern", improvement: "Special cause improvement", neutral: "Special cause (neither better nor worse)" } as const;

/**
 * The chart's table equivalent: one row per month with a figure, with the mean and limits that apply
 * to it, the target, the rules it is flagged by and its annotations. In a focusable scroll region so
 * that keyboard users can reach and scroll it.
 */
export function SpcTable({ model, caption, id = "spc-table" }: { model: ChartModel; caption: string; id?: string }) {
  const numbers = annotationNumbers(model.rows);
  // A long unit ("per 1,000 bed days") goes in the column headings, not in every cell.
  const inCells = model.unit === "%" ? "%" : "";
  const inHeads = inCells ? "" : model.unit ? ` (${model.unit})` : "";
  const f = (v: number | null, extra = 1) => formatValue(v, inCells, model.decimals + extra);
  const rows = model.rows.filter((r) => r.value !== null || r.annotations.length);
  return (
    <div className="app-table-scroll" role="region" aria-labelledby={`${id}-caption`} tabIndex={0} data-testid="spc-table-region">
      <table className="nhsuk-table app-spc-table" id={id} data-testid="spc-table">
        <caption className="nhsuk-table__caption" id={`${id}-caption`}>
          {caption}
        </caption>
        <thead>
          <tr>
            <th scope="col">Month</th>
            <th scope="col">Value{inHeads}</th>
            <th scope="col">Mean{inHeads}</th>
            <th scope="col">Process limits{inHeads}</th>
            <th scope="col">Target{inHeads}</th>
            <th scope="col">Rules triggered</th>
            <th scope="col">Annotation</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.month} data-testid="spc-row" data-month={r.month} data-special={r.special ?? "none"} className={r.special ? `app-spc-row--${r.special}` : undefined}>
              <th scope="row">{formatMonth(r.month)}</th>
              <td>{f(r.value, 0)}</td>
              <td>{f(r.mean)}</td>
              <td>
                {r.lower === null && r.upper === null ? "–" : `${f(r.lower)} to ${f(r.upper)}`}
                {r.trial && r.mean !== null ? <span className="app-spc-note"> (trial)</span> : null}
                {r.baselineStart && r !== model.rows[0] ? <span className="app-spc-note"> New baseline from here</span> : null}
              </td>
              <td>{r.target === null ? "None" : f(r.target, 0)}</td>
              <td>
                {r.special ? (
                  <>
                    <strong>{SPECIAL_TEXT[r.special]}:</strong> {rulesText(r.rules)}
                  </>
                ) : r.rules.length ? (
                  rulesText(r.rules)
                ) : (
                  "None"
                )}
              </td>
              <td>{r.annotations.length ? `${numbers.get(r.month)}. ${r.annotations.join(" ")}` : ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
