import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AUTONOMY_LEVELS } from "../../shared/autonomy/types";
import { DECISION_AREAS, cellAt, conditionText, formatLimit, holderName, procurementSpanText, vatBasisText, type Decision, type DecisionCell } from "../../shared/delegation";
import { formatDate, londonDate } from "../../shared/format/dates";
import delegationCss from "../styles/delegation.css?url";
import { requireMember } from "../utils/auth.server";
import { currentScheme } from "../utils/scheme.server";
import { schemeCopy } from "../utils/governance.server";
import { LEVEL_CONDITION } from "../components/autonomy/conditions";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: delegationCss }];
export const handle = { wide: true };


export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { workspace } = requireMember(request, context, params.workspaceId);
  // The printed scheme is the version in force unless a version or the draft is asked for (issue 11).
  const copy = await schemeCopy(context, workspace.id, request.url);
  const { source } = await currentScheme(context, workspace.id);
  return { trustName: workspace.name, workspaceId: workspace.id, scheme: copy.scheme, source, rules: copy.rules, copy: { label: copy.label, isDraft: copy.isDraft }, printed: formatDate(londonDate()) };
}

function valueText(d: Decision, cell: DecisionCell): string {
  if (cell.mode === "reserved") return "Reserved";
  if (cell.mode === "none") return "–";
  if (d.limitKind === "yesno") return "Yes";
  return cell.limit === null ? "No upper limit" : formatLimit(d, cell.limit);
}

/** "Executive director: £250,000", "Chief Executive jointly with the Director of Finance: £1,000,000". */
function holderLines(d: Decision, cell: DecisionCell): string[] {
  if (cell.mode !== "delegated" || !cell.holders?.length) return [];
  return cell.holders.map((h) => `${holderName({ holder: h.holder, jointWith: h.jointWith ?? null })}: ${h.limit === null ? "no upper limit" : formatLimit(d, h.limit)}`);
}

/** What applies to the whole decision: VAT basis, procurement citation, independence of performance. */
function marks(d: Decision): string[] {
  const out: string[] = [];
  if (d.limitKind === "money") out.push(d.vatBasis ? `Limits ${vatBasisText(d.vatBasis)}` : "VAT basis not stated");
  if (d.procurement) out.push("Follows the procurement routes below");
  if (d.performanceIndependent) out.push("Does not depend on performance: the same at every autonomy level");
  return out;
}

function slText(d: Decision, v: number | null): string {
  if (v === null) return "–";
  if (d.limitKind === "yesno") return v >= 1 ? "Yes" : "No";
  return formatLimit(d, v);
}

/** Text as a CSS string literal: quotes and backslashes escaped, line breaks dropped. */
const cssString = (text: string) => `"${text.replace(/[\\"]/g, (c) => `\\${c}`).replace(/[\r\n]+/g, " ")}"`;

/** The whole scheme and its earned-autonomy rules, laid out to print (A4 landscape). */
export default function PrintScheme() {
  const { trustName, workspaceId, scheme, source, rules, printed, copy } = useLoaderData<typeof loader>();
  const sl = scheme.serviceLineLevelId;
  // Every printed page names the version and its approval (or says draft), the trust and the date,
  // in the page's margin boxes; the page number is in the stylesheet's bottom-right box.
  const footer = `@media print { @page { @bottom-left { content: ${cssString(`${trustName} · ${copy.label}`)}; } @top-right { content: ${cssString(`Scheme of delegation · Printed ${printed}`)}; font-size: 8pt; color: #4c6272; } } }`;
  return (
    <div className="dlg-print">
      <style>{footer}</style>
      <p className="dlg-print__actions nhsuk-body-s">
        <Link className="nhsuk-link" to={`/w/${workspaceId}/delegation`}>
          Back to the scheme
        </Link>{" "}
        ·{" "}
        <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => window.print()}>
          Print
        </button>
      </p>
      <h1 className="nhsuk-heading-l nhsuk-u-margin-bottom-2">Scheme of delegation</h1>
      <p className="nhsuk-body">
        <strong>{trustName}</strong> · Printed {printed}
        {source === "default" ? " · The trust has not written its own scheme yet; this is the typical scheme." : ""}
      </p>
      <p className={copy.isDraft ? "nhsuk-body dlg-print__draft" : "nhsuk-body"} data-testid="print-version">
        <strong>{copy.label}</strong>
        {copy.isDraft ? null : (
          <>
            {" · "}
            <Link className="nhsuk-link dlg-print__actions" to={`/w/${workspaceId}/delegation/print?version=draft`}>
              Print the draft instead
            </Link>
          </>
        )}
      </p>
      <p className="nhsuk-body-s">
        Limits are in pounds unless stated, including or excluding VAT as each decision says. “Reserved” means only that level may decide. The service
        line’s limits depend on its earned autonomy level (L1 most autonomy, L4 least), except for rights marked as not depending on performance.
        Where a level names several holders, each holds its own limit; “jointly with” means both must approve.
        {scheme.levels.some((l) => l.reservedOnly)
          ? ` ${scheme.levels.filter((l) => l.reservedOnly).map((l) => `The ${l.name}`).join(" and ")} decides only the matters reserved to it.`
          : ""}
      </p>

      {DECISION_AREAS.map((area) => {
        const list = scheme.decisions.filter((d) => d.area === area.id);
        if (!list.length) return null;
        return (
          <section key={area.id} className="dlg-print__area">
            <h2 className="nhsuk-heading-m">{area.label}</h2>
            <table className="dlg-print__table">
              <thead>
                <tr>
                  <th scope="col" rowSpan={2}>
                    Decision
                  </th>
                  {scheme.levels.map((l) =>
                    l.id === sl ? (
                      <th scope="colgroup" colSpan={4} key={l.id}>
                        {l.name}
                      </th>
                    ) : (
                      <th scope="col" rowSpan={2} key={l.id}>
                        {l.name}
                      </th>
                    ),
                  )}
                </tr>
                <tr>
                  {AUTONOMY_LEVELS.map((a) => (
                    <th scope="col" key={a}>
                      L{a}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {list.map((d) => (
                  <tr key={d.id}>
                    <th scope="row">
                      {d.title}
                      {d.description ? <span className="dlg-print__holder">{d.description}</span> : null}
                      {marks(d).map((m) => (
                        <span key={m} className="dlg-print__marks">
                          {m}
                        </span>
                      ))}
                      {d.conditions?.length ? (
                        <span className="dlg-print__conditions">Conditions: {d.conditions.map(conditionText).join("; ")}</span>
                      ) : null}
                    </th>
                    {scheme.levels.map((l) => {
                      const cell = cellAt(d, l.id);
                      if (l.id === sl) {
                        if (cell.mode === "reserved") {
                          return (
                            <td key={l.id} colSpan={4}>
                              Reserved
                              {cell.holder ? <span className="dlg-print__holder">{cell.holder}</span> : null}
                            </td>
                          );
                        }
                        return AUTONOMY_LEVELS.map((a) => (
                          <td key={`${l.id}-${a}`}>
                            {slText(d, d.serviceLineLimits[a])}
                            {a === 1 && cell.mode !== "none" && cell.holder ? <span className="dlg-print__holder">{cell.holder}</span> : null}
                            {a === 1 && cell.mode !== "none" && cell.conditions ? <span className="dlg-print__conditions">{cell.conditions}</span> : null}
                            {a === 1 && cell.exception ? <span className="dlg-print__conditions">Exception: {cell.exception.reason}</span> : null}
                          </td>
                        ));
                      }
                      return (
                        <td key={l.id}>
                          {valueText(d, cell)}
                          {cell.mode !== "none" && cell.holder ? <span className="dlg-print__holder">{cell.holder}</span> : null}
                          {holderLines(d, cell).map((line, i) => (
                            <span key={i} className="dlg-print__holder">
                              {line}
                            </span>
                          ))}
                          {cell.mode !== "none" && cell.conditions ? <span className="dlg-print__conditions">{cell.conditions}</span> : null}
                          {cell.exception ? <span className="dlg-print__conditions">Exception: {cell.exception.reason}</span> : null}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        );
      })}

      {scheme.procurementRoutes?.length ? (
        <section className="dlg-print__area">
          <h2 className="nhsuk-heading-m">Procurement routes</h2>
          <table className="dlg-print__table dlg-print__table--routes">
            <thead>
              <tr>
                <th scope="col">Total value, including VAT</th>
                <th scope="col">Route</th>
              </tr>
            </thead>
            <tbody>
              {scheme.procurementRoutes.map((r, i, all) => (
                <tr key={r.from}>
                  <th scope="row">{procurementSpanText({ from: r.from, to: all[i + 1]?.from ?? null })}</th>
                  <td>{r.route}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}

      <section className="dlg-print__area">
        <h2 className="nhsuk-heading-m">Earned autonomy</h2>
        <table className="dlg-print__table">
          <thead>
            <tr>
              <th scope="col">Level</th>
              <th scope="col">When</th>
              <th scope="col">Performance review (PRM)</th>
            </tr>
          </thead>
          <tbody>
            {rules.levels.map((l) => (
              <tr key={l.level}>
                <th scope="row">{l.label}</th>
                <td>{LEVEL_CONDITION[l.level]}</td>
                <td>{l.reviewFrequency}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="nhsuk-body-s">
          Criteria each month: {rules.criteria.map((c) => c.label).join("; ")}. A line moves up a level after {rules.promotionMonths} consecutive{" "}
          {rules.promotionMonths === 1 ? "month" : "months"} of achievement and falls at once. A shortfall of up to {rules.financialTolerancePct}% of
          the financial plan still counts as adherence.
        </p>
      </section>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Scheme of delegation (print) – Devolve" }];
