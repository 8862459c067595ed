import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { financialYearSlug } from "../../shared/collab/registry";
import { formatDate, formatFinancialYear, formatMonth } from "../../shared/format/dates";
import { formatMoney } from "../../shared/format/money";
import { can } from "../../shared/roles/roles";
import { yearOf, yearPosition } from "../../server/incentives/position";
import { listIncentiveVersions, listYearEnds } from "../../server/repositories/incentives";
import { IncentivesNav } from "../components/incentives/IncentivesNav";
import { LedgerTable } from "../components/incentives/LedgerTable";
import { SuspensionNotice } from "../components/incentives/SuspensionNotice";
import incentivesCss from "../styles/incentives.css?url";
import { requireMember, requirePermission } from "../utils/auth.server";
import { readStructureNow } from "../utils/docs.server";
import { today } from "../utils/governance.server";
import { closeYear, yearFromQuery } from "../utils/incentives.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: incentivesCss }];
// The ledger is a wide table: the screen uses the whole window width.
export const handle = { wide: true };

/**
 * The incentive ledger for the trust (issue 13): for a financial year, each service line's
 * favourable variance to plan, agreed level, share, cap, gateways and what is credited to its reserve
 * for reinvestment. A closed year shows its frozen year-end ledger; the current year is struck from
 * the figures on every visit, under the approved framework.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { workspace, member } = requireMember(request, context, params.workspaceId);
  const structure = await readStructureNow(context, workspace.id);
  const on = today();
  const year = yearFromQuery(request.url, on);
  const pos = yearPosition(context.db, workspace.id, structure, year, on);
  const years = [...new Set([yearOf(on), ...listIncentiveVersions(context.db, workspace.id).map((v) => v.year)])].sort((a, b) => b - a);
  const closed = new Set(listYearEnds(context.db, workspace.id).map((y) => y.year));
  return {
    workspaceId: workspace.id,
    year,
    yearSlug: financialYearSlug(year),
    years: years.map((y) => ({ year: y, slug: financialYearSlug(y), label: formatFinancialYear(y), closed: closed.has(y) })),
    ledger: pos.ledger,
    version: pos.version ? { number: pos.version.number, resolution: pos.version.resolution, sha256: pos.version.sha256, approvedAt: pos.version.approvedAt } : null,
    closed: pos.closed ? { closedAt: pos.closed.closedAt, closedByName: pos.closed.closedByName, sha256: pos.closed.sha256 } : null,
    canClose: can(member, "incentives.edit") && !pos.closed && pos.version !== null && on > `${year + 1}-03-31`,
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { workspace, member, user } = requireMember(request, context, params.workspaceId);
  requirePermission(member, "incentives.edit", "Only executives and administrators can close a year's ledger.");
  const form = await request.formData();
  if (form.get("intent") !== "close") return { ok: false as const, error: "That request was not understood" };
  const year = yearFromQuery(request.url);
  const structure = await readStructureNow(context, workspace.id);
  const r = closeYear(context, workspace.id, structure, year, { id: user.id, name: user.name });
  return r.ok ? { ok: true as const, error: null } : { ok: false as const, error: r.error };
}

export default function IncentiveLedger() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const label = formatFinancialYear(d.year);
  const l = d.ledger;
  return (
    <div className="app-incentives">
      <IncentivesNav workspaceId={d.workspaceId} yearSlug={d.yearSlug} current="ledger" />
      <h1>Incentive ledger {label}</h1>
      <p className="nhsuk-lede-text">
        A share of each service line&apos;s favourable variance against its plan is retained by the line and reinvested in service-line change and transformation. Lines planned at a loss earn on their improvement against that plan.
      </p>
      <nav aria-label="Financial years" className="nhsuk-body-s">
        Year:{" "}
        {d.years.map((y, i) => (
          <span key={y.slug}>
            {i ? " · " : ""}
            {y.year === d.year ? <strong aria-current="page">{y.label}</strong> : <Link to={`?year=${y.slug}`}>{y.label}</Link>}
            {y.closed ? " (closed)" : ""}
          </span>
        ))}
      </nav>
      {result?.error ? (
        <p className="nhsuk-error-message" role="alert">
          {result.error}
        </p>
      ) : null}
      {!l || !d.version ? (
        <div className="nhsuk-inset-text">
          <p>
            No incentive and consequence framework has been approved for {label}, so no share is earned.{" "}
            <Link to={`/w/${d.workspaceId}/incentives/framework/${d.yearSlug}`}>Open the {label} framework</Link>.
          </p>
        </div>
      ) : (
        <>
          <SuspensionNotice suspensions={l.suspensions} />
          <p className="nhsuk-body" data-testid="ledger-basis">
            {d.closed
              ? `Closed at the year end (${formatDate(l.asAt)}) on ${formatDate(new Date(d.closed.closedAt).toISOString().slice(0, 10))}${d.closed.closedByName ? ` by ${d.closed.closedByName}` : ""}; its credits are in the lines' reserves. Fingerprint (SHA-256) ${d.closed.sha256.slice(0, 16)}…`
              : `Position to date, struck on ${formatDate(l.asAt)} from the figures reported${l.lines.some((x) => x.lastMonth) ? ` to ${formatMonth(l.lines.map((x) => x.lastMonth ?? "").sort().at(-1)!)}` : ""}; shares are credited when the year is closed.`}{" "}
            Framework version {d.version.number}, agreed by the Board (minute {d.version.resolution}).
          </p>
          <dl className="nhsuk-summary-list" data-testid="ledger-totals">
            <div className="nhsuk-summary-list__row">
              <dt className="nhsuk-summary-list__key">The trust against its control total</dt>
              <dd className="nhsuk-summary-list__value">
                {formatMoney(l.trust.actual)} against {formatMoney(l.trust.plan)}: {l.trust.atOrAbove ? "at or above" : "below"} by {formatMoney(Math.abs(l.trust.variance))}
              </dd>
            </div>
            <div className="nhsuk-summary-list__row">
              <dt className="nhsuk-summary-list__key">Favourable variance eligible</dt>
              <dd className="nhsuk-summary-list__value">{formatMoney(l.totals.eligible)}</dd>
            </div>
            <div className="nhsuk-summary-list__row">
              <dt className="nhsuk-summary-list__key">{d.closed ? "Credited to reserves" : "To be credited"}</dt>
              <dd className="nhsuk-summary-list__value">
                {formatMoney(l.totals.credited)}
                {l.totals.deferred ? ` (${formatMoney(l.totals.deferred)} deferred by the Board)` : ""}
              </dd>
            </div>
          </dl>
          <LedgerTable workspaceId={d.workspaceId} lines={l.lines} caption={`Each service line, ${label}`} />
          {d.canClose ? (
            <Form method="post" className="app-incentives-panel">
              <input type="hidden" name="intent" value="close" />
              <p className="nhsuk-body">{label} has ended. Closing it freezes this ledger at 31 March and credits each line&apos;s share to its reserve.</p>
              <button className="nhsuk-button" type="submit" disabled={busy}>
                Close {label}
              </button>
            </Form>
          ) : null}
        </>
      )}
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Incentive ledger ${formatFinancialYear(data.year)} – Devolve` : "Incentive ledger – Devolve" }];
