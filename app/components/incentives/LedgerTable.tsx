import { Link } from "@remix-run/react";
import { formatMoney } from "../../../shared/format/money";
import { LEDGER_STATUS_LABELS, type GatewayId, type LedgerLine } from "../../../shared/incentives/ledger";

const GATEWAY_SHORT: Record<GatewayId, string> = { quality: "key quality", neverEvent: "Never Event", controlTotal: "control total" };

const statusTag = (l: LedgerLine) =>
  l.status === "credited" ? "nhsuk-tag--green" : l.status === "gateway_failed" ? "nhsuk-tag--red" : l.status === "deferred" ? "nhsuk-tag--orange" : "nhsuk-tag--grey";

/**
 * The ledger for the trust: one row per service line, every figure a person needs to check the
 * share (variance to plan, agreed level, share, cap, gateways) and what it comes to.
 */
export function LedgerTable({ workspaceId, lines, caption }: { workspaceId: string; lines: LedgerLine[]; caption: string }) {
  return (
    <div className="app-incentives-scroll" role="region" aria-label={caption} tabIndex={0}>
      <table className="nhsuk-table" data-testid="incentive-ledger">
        <caption className="nhsuk-table__caption">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Service line</th>
            <th scope="col">Agreed level</th>
            <th scope="col" className="app-num">
              Plan to date
            </th>
            <th scope="col" className="app-num">
              Actual to date
            </th>
            <th scope="col" className="app-num">
              Variance
            </th>
            <th scope="col" className="app-num">
              Share
            </th>
            <th scope="col" className="app-num">
              Earned
            </th>
            <th scope="col">Gateways</th>
            <th scope="col" className="app-num">
              Credited
            </th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => (
            <tr key={l.unitId} data-line={l.unitId}>
              <th scope="row">
                <Link to={`/w/${workspaceId}/incentives/lines/${l.unitId}`}>{l.name}</Link>
                {l.divisionName ? <span className="nhsuk-body-s"> ({l.divisionName})</span> : null}
              </th>
              <td>{l.level}</td>
              <td className="app-num">{formatMoney(l.ytdPlan)}</td>
              <td className="app-num">{formatMoney(l.ytdActual)}</td>
              <td className="app-num">{formatMoney(l.variance)}</td>
              <td className="app-num">{l.sharePct}%</td>
              <td className="app-num">
                {formatMoney(l.afterCap)}
                {l.capped ? <span className="nhsuk-body-s"> (capped from {formatMoney(l.earned)})</span> : null}
              </td>
              <td>{l.gateways.length === 0 ? "None set" : l.gatewaysPassed ? "All met" : `Not met: ${l.gateways.filter((g) => !g.passed).map((g) => GATEWAY_SHORT[g.id]).join(", ")}`}</td>
              <td className="app-num">{formatMoney(l.credited)}{l.deferred ? <span className="nhsuk-body-s"> ({formatMoney(l.deferred)} deferred)</span> : null}</td>
              <td>
                <strong className={`nhsuk-tag ${statusTag(l)}`}>{LEDGER_STATUS_LABELS[l.status]}</strong>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
