import { Link, useFetcher } from "@remix-run/react";
import { useEffect } from "react";
import { formatDate } from "../../../shared/format/dates";
import { formatMoney } from "../../../shared/format/money";
import { describeScope, LEDGER_STATUS_LABELS } from "../../../shared/incentives/ledger";
import type { LineIncentivesSummary as Data } from "../../../shared/incentives/summary";

/**
 * A line's incentives on its page (issue 13): this year's share to date and why, its reserve, the
 * consequences its agreed level brings, and any Board suspension (shown to every line). It loads its
 * own data from a resource route so the line page's loader stays as it is.
 */
export function LineIncentives({ workspaceId, unitId }: { workspaceId: string; unitId: string }) {
  const fetcher = useFetcher<Data>();
  const { load } = fetcher;
  useEffect(() => {
    load(`/w/${workspaceId}/incentives/summary/${unitId}`);
  }, [load, workspaceId, unitId]);
  const d = fetcher.data;
  const l = d?.line;
  return (
    <section aria-labelledby="line-incentives-h" data-testid="line-incentives">
      <h2 id="line-incentives-h">Incentives and consequences</h2>
      {!d ? (
        <p className="nhsuk-body-s">Loading the line&apos;s incentives…</p>
      ) : (
        <>
          {d.suspensions.map((s) => (
            <p key={s.id} className="nhsuk-inset-text">
              The Board ({s.resolution}) has suspended the shares of {describeScope(s.scope)} from {formatDate(s.from)}
              {s.until ? ` until ${formatDate(s.until)}` : ""}: {s.reason}
            </p>
          ))}
          <p>
            {!d.approved
              ? `No incentive framework is approved for ${d.label}.`
              : l
                ? `${d.label} to date: ${formatMoney(l.variance)} against plan at level ${l.level} (${l.sharePct}% retained) — ${LEDGER_STATUS_LABELS[l.status].toLowerCase()}${l.credited || l.deferred ? `, ${formatMoney(l.credited || l.deferred)}` : ""}.`
                : `${d.label}: no figures in the ledger yet.`}{" "}
            Reserve for reinvestment: <strong>{formatMoney(d.reserve)}</strong>.
          </p>
          {l && !l.gatewaysPassed ? (
            <ul className="nhsuk-list nhsuk-body-s">
              {l.gateways
                .filter((g) => !g.passed)
                .map((g) => (
                  <li key={g.id}>
                    Gateway not met: {g.reason}
                  </li>
                ))}
            </ul>
          ) : null}
          {d.consequences.length ? (
            <ul className="nhsuk-list">
              {d.consequences.map((c) => (
                <li key={c.rule.id}>{c.rule.kind === "special_measures" ? <strong>{c.text}</strong> : c.text}</li>
              ))}
            </ul>
          ) : null}
          <p className="nhsuk-body-s">
            <Link to={`/w/${workspaceId}/incentives/lines/${unitId}`}>The line&apos;s ledger, reserve, consequences and recognition</Link>
            {d.openConsequences ? ` (${d.openConsequences} open consequence${d.openConsequences === 1 ? "" : "s"})` : ""}
          </p>
        </>
      )}
    </section>
  );
}
