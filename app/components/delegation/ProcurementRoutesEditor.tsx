import { useEffect, useId, useState } from "react";
import { setProcurementRoutes } from "../../../shared/collab/scheme-doc";
import { procurementRouteProblems, procurementSpanText, type ProcurementRoute } from "../../../shared/delegation";
import { formatMoney, parseMoney } from "../../../shared/format/money";
import { LOCAL_ORIGIN, type Room } from "../../collab/useRoom";

interface Row {
  key: number;
  from: string;
  route: string;
}
let rowKey = 0;
const toRows = (routes: ProcurementRoute[]): Row[] => routes.map((r) => ({ key: ++rowKey, from: formatMoney(r.from), route: r.route }));

/**
 * The scheme's procurement routes: thresholds by value including VAT (quotations, tender, Find a
 * Tender) that answers cite. They are not decision rights, so they live here rather than in the matrix.
 */
export function ProcurementRoutesEditor({ room, routes, readOnly }: { room: Room; routes: ProcurementRoute[]; readOnly: boolean }) {
  const id = useId();
  const key = JSON.stringify(routes);
  const [rows, setRows] = useState<Row[]>(() => toRows(routes));
  const [errors, setErrors] = useState<string[]>([]);
  const [saved, setSaved] = useState<string | null>(null);
  // Someone else's change replaces the table, unless this person has unsaved edits.
  const [dirty, setDirty] = useState(false);
  useEffect(() => {
    if (!dirty) setRows(toRows(routes));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  const edit = (next: Row[]) => {
    setRows(next);
    setDirty(true);
    setSaved(null);
  };
  const save = () => {
    const problems: string[] = [];
    const parsed: ProcurementRoute[] = rows.map((r, i) => {
      const m = parseMoney(r.from);
      if (!m.ok) problems.push(`Route ${i + 1}: ${m.error}`);
      return { from: m.ok ? m.value : NaN, route: r.route.trim() };
    });
    if (!problems.length) problems.push(...procurementRouteProblems(parsed));
    setErrors(problems);
    if (problems.length) return;
    const r = setProcurementRoutes(room.doc, parsed, LOCAL_ORIGIN);
    if (!r.ok) return setErrors([r.error]);
    setDirty(false);
    setSaved("Saved the procurement routes.");
  };

  return (
    <div className="dlg-routes">
      <p className="nhsuk-body-s">
        How a purchase must be bought, by its total value including VAT. Answers for decisions marked “Answers cite the procurement route” name the route
        the amount falls in. Each route runs from its threshold up to the next one.
      </p>
      {errors.length ? (
        <div className="nhsuk-error-summary" role="alert" aria-labelledby={`${id}-errors`} tabIndex={-1}>
          <h3 className="nhsuk-error-summary__title" id={`${id}-errors`}>
            The routes were not saved
          </h3>
          <ul className="nhsuk-list nhsuk-error-summary__list">
            {errors.map((e, i) => (
              <li key={i}>{e}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <table className="dlg-routes__table">
        <caption className="nhsuk-u-visually-hidden">Procurement routes</caption>
        <thead>
          <tr>
            <th scope="col">From (£, including VAT)</th>
            <th scope="col">Route</th>
            <th scope="col">Applies to</th>
            {!readOnly ? <th scope="col"><span className="nhsuk-u-visually-hidden">Actions</span></th> : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => {
            const from = parseMoney(r.from);
            const next = rows[i + 1] ? parseMoney(rows[i + 1]!.from) : null;
            const span = from.ok && (!next || next.ok) ? procurementSpanText({ from: from.value, to: next && next.ok ? next.value : null }) : "";
            return (
              <tr key={r.key}>
                <td>
                  <label className="nhsuk-u-visually-hidden" htmlFor={`${id}-from-${r.key}`}>
                    Route {i + 1} starts at (£, including VAT)
                  </label>
                  <input
                    id={`${id}-from-${r.key}`}
                    className="nhsuk-input nhsuk-input--width-10"
                    inputMode="decimal"
                    value={r.from}
                    readOnly={readOnly}
                    onChange={(e) => edit(rows.map((x) => (x.key === r.key ? { ...x, from: e.target.value } : x)))}
                    onBlur={() => from.ok && setRows((list) => list.map((x) => (x.key === r.key ? { ...x, from: formatMoney(from.value) } : x)))}
                  />
                </td>
                <td>
                  <label className="nhsuk-u-visually-hidden" htmlFor={`${id}-route-${r.key}`}>
                    Route {i + 1}: what it requires
                  </label>
                  <input id={`${id}-route-${r.key}`} className="nhsuk-input" value={r.route} readOnly={readOnly} onChange={(e) => edit(rows.map((x) => (x.key === r.key ? { ...x, route: e.target.value } : x)))} />
                </td>
                <td className="nhsuk-body-s">{span}</td>
                {!readOnly ? (
                  <td>
                    <button type="button" className="app-link-button" onClick={() => edit(rows.filter((x) => x.key !== r.key))} aria-label={`Remove route ${i + 1}`}>
                      Remove
                    </button>
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </table>
      {!readOnly ? (
        <p>
          <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => edit([...rows, { key: ++rowKey, from: "", route: "" }])}>
            Add a route
          </button>{" "}
          <button type="button" className="nhsuk-button nhsuk-button--small" onClick={save} disabled={!dirty}>
            Save routes
          </button>
        </p>
      ) : null}
      {saved ? (
        <p className="nhsuk-body-s" role="status">
          {saved}
        </p>
      ) : null}
    </div>
  );
}
