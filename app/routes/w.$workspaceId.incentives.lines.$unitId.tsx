import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { financialYearSlug } from "../../shared/collab/registry";
import { formatDate, formatFinancialYear } from "../../shared/format/dates";
import { formatMoney } from "../../shared/format/money";
import { CONSEQUENCE_LABELS, type ConsequenceKind } from "../../shared/incentives/framework";
import { LEDGER_STATUS_LABELS } from "../../shared/incentives/ledger";
import { AWARD_LABELS, DRAWDOWN_NATURE_LABELS, DRAWDOWN_NATURES, type AwardKind } from "../../shared/incentives/rules";
import { can } from "../../shared/roles/roles";
import { consequencesFor, ledgerDate, reserves, yearOf, yearPosition } from "../../server/incentives/position";
import { listTenures } from "../../server/repositories/governance";
import { listConsequences, listIncentiveVersions, listRecognition } from "../../server/repositories/incentives";
import { IncentivesNav } from "../components/incentives/IncentivesNav";
import { SuspensionNotice } from "../components/incentives/SuspensionNotice";
import { ErrorSummary, SelectField, TextField, type FieldErrors } from "../components/ui/forms";
import incentivesCss from "../styles/incentives.css?url";
import { requireMember, requirePermission } from "../utils/auth.server";
import { readStructureNow } from "../utils/docs.server";
import { today } from "../utils/governance.server";
import { notFound } from "../utils/http";
import { recordDrawdown, type DrawdownValues } from "../utils/incentives.server";
import { currentScheme } from "../utils/scheme.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: incentivesCss }];

/**
 * One service line's incentives (issue 13): its ledger for each year with a framework, the gateways
 * and why, its reserve (credited at each closed year end) and its draw-downs, the consequences that
 * apply at its agreed level and its consequence log, and what it has been recognised for.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { workspace, member } = requireMember(request, context, params.workspaceId);
  const structure = await readStructureNow(context, workspace.id);
  const unit = structure.units.find((u) => u.id === params.unitId && u.kind === "service_line");
  if (!unit) notFound("No such service line");
  const on = today();
  const current = yearOf(on);
  const years = [...new Set([current, ...listIncentiveVersions(context.db, workspace.id).map((v) => v.year)])].sort((a, b) => b - a);
  const positions = years.map((y) => yearPosition(context.db, workspace.id, structure, y, on));
  const reserve = reserves(context.db, workspace.id).get(unit.id) ?? { unitId: unit.id, credits: [], drawdowns: [], balance: 0 };
  const thisYear = positions.find((p) => p.year === current);
  const { scheme } = await currentScheme(context, workspace.id);
  return {
    workspaceId: workspace.id,
    unit: { id: unit.id, name: unit.name },
    yearSlug: financialYearSlug(current),
    years: positions.map((p) => ({ year: p.year, label: formatFinancialYear(p.year), closed: p.closed !== null, approved: p.version !== null, line: p.ledger?.lines.find((l) => l.unitId === unit.id) ?? null, suspensions: p.ledger?.suspensions ?? [] })),
    reserve,
    applies: thisYear?.version ? consequencesFor(context.db, workspace.id, thisYear.version.content, unit.id, ledgerDate(current, on)).map((c) => ({ text: c.text, months: c.months ?? null, kind: c.rule.kind })) : [],
    log: listConsequences(context.db, workspace.id, unit.id),
    recognition: listRecognition(context.db, workspace.id, unit.id),
    canRecord: can(member, "incentives.edit"),
    decisions: scheme.decisions.map((d) => ({ id: d.id, title: d.title })),
    people: [...new Set(listTenures(context.db, workspace.id).map((t) => t.person))].sort(),
    today: on,
  };
}

type ActionResult = { ok: true; message: string } | { ok: false; errors: FieldErrors; refusal?: string[]; values: DrawdownValues };

export async function action({ request, context, params }: ActionFunctionArgs): Promise<ActionResult> {
  const { workspace, member, user } = requireMember(request, context, params.workspaceId);
  requirePermission(member, "incentives.edit", "Only executives and administrators can record a draw-down from a line's reserve.");
  const form = await request.formData();
  const str = (k: string) => String(form.get(k) ?? "").slice(0, 600);
  const values: DrawdownValues = { line: params.unitId ?? "", amount: str("amount"), purpose: str("purpose"), nature: str("nature"), decision: str("decision"), on: str("on"), approver: str("approver"), second: str("second") };
  const out = await recordDrawdown(context, workspace.id, values, { id: user.id, name: user.name });
  return out.ok ? out : { ...out, values };
}

export default function LineIncentives() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const failed = result && !result.ok ? result : null;
  const v = failed?.values;
  const label = (k: string) => CONSEQUENCE_LABELS[k as ConsequenceKind] ?? k;
  return (
    <div className="app-incentives">
      <IncentivesNav workspaceId={d.workspaceId} yearSlug={d.yearSlug} current="line" />
      <p className="nhsuk-body-s nhsuk-u-margin-bottom-1">
        <Link to={`/w/${d.workspaceId}/lines/${d.unit.id}`}>{d.unit.name}</Link>
      </p>
      <h1>Incentives: {d.unit.name}</h1>
      <SuspensionNotice suspensions={d.years[0]?.suspensions ?? []} />

      {d.years.map((y) => (
        <section key={y.year} aria-labelledby={`y-${y.year}`} className="app-incentives-panel" data-testid={`line-year-${y.year}`}>
          <h2 className="nhsuk-heading-m" id={`y-${y.year}`}>
            {y.label} {y.closed ? "(closed at the year end)" : y.approved ? "(to date)" : ""}
          </h2>
          {!y.line ? (
            <p className="nhsuk-body">{y.approved ? "No figures for this line in the ledger." : "No framework approved for this year."}</p>
          ) : (
            <>
              <dl className="nhsuk-summary-list">
                {(
                  [
                    ["Variance against plan", `${formatMoney(y.line.variance)} (${formatMoney(y.line.ytdActual)} against ${formatMoney(y.line.ytdPlan)})`],
                    ["Agreed level and share", `Level ${y.line.level}: ${y.line.sharePct}%`],
                    ["Earned", `${formatMoney(y.line.afterCap)}${y.line.capped ? ` (capped from ${formatMoney(y.line.earned)})` : ""}`],
                    [y.closed ? "Credited to the reserve" : "To be credited", `${formatMoney(y.line.credited)}${y.line.deferred ? ` (${formatMoney(y.line.deferred)} deferred by the Board)` : ""}`],
                    ["Status", LEDGER_STATUS_LABELS[y.line.status]],
                  ] as const
                ).map(([k, val]) => (
                  <div className="nhsuk-summary-list__row" key={k}>
                    <dt className="nhsuk-summary-list__key">{k}</dt>
                    <dd className="nhsuk-summary-list__value">{val}</dd>
                  </div>
                ))}
              </dl>
              <h3 className="nhsuk-heading-s">Gateways</h3>
              <ul className="nhsuk-list">
                {y.line.gateways.map((g) => (
                  <li key={g.id}>
                    <strong>{g.passed ? "Met" : "Not met"}:</strong> {g.label}. {g.reason}
                  </li>
                ))}
              </ul>
              <h3 className="nhsuk-heading-s">How it was worked out</h3>
              <ul className="nhsuk-list nhsuk-body-s">
                {y.line.explanation.map((e) => (
                  <li key={e}>{e}</li>
                ))}
              </ul>
            </>
          )}
        </section>
      ))}

      <section aria-labelledby="reserve-h" className="app-incentives-panel">
        <h2 className="nhsuk-heading-m" id="reserve-h">
          Reserve for reinvestment
        </h2>
        <p className="nhsuk-body-l" data-testid="reserve-balance">
          Balance {formatMoney(d.reserve.balance)}
        </p>
        <table className="nhsuk-table">
          <caption className="nhsuk-table__caption nhsuk-body-s">Credits and draw-downs</caption>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">What</th>
              <th scope="col" className="app-num">
                Amount
              </th>
            </tr>
          </thead>
          <tbody>
            {d.reserve.credits.map((c) => (
              <tr key={`c${c.year}`}>
                <td>31 March {c.year + 1}</td>
                <td>Share credited at the close of {formatFinancialYear(c.year)}</td>
                <td className="app-num">{formatMoney(c.amount)}</td>
              </tr>
            ))}
            {d.reserve.drawdowns.map((x) => (
              <tr key={x.id} data-testid="drawdown-row">
                <td>{formatDate(x.onDate)}</td>
                <td>
                  {x.purpose}. Approved by {x.approver}
                  {x.secondApprover ? ` with ${x.secondApprover}` : ""} ({x.authority.decision}; {x.authority.citation}, level {x.authority.level}).{" "}
                  <span className="nhsuk-body-s">Check fingerprint {x.certificateHash.slice(0, 12)}…</span>
                </td>
                <td className="app-num">−{formatMoney(x.amount)}</td>
              </tr>
            ))}
            {d.reserve.credits.length + d.reserve.drawdowns.length === 0 ? (
              <tr>
                <td colSpan={3}>Nothing credited yet.</td>
              </tr>
            ) : null}
          </tbody>
        </table>
        {d.canRecord ? (
          <>
            {result?.ok ? (
              <p className="nhsuk-inset-text" role="status">
                {result.message}
              </p>
            ) : null}
            {failed?.refusal ? (
              <div className="nhsuk-error-summary" role="alert" tabIndex={-1} data-testid="drawdown-refused">
                <h3 className="nhsuk-error-summary__title">The draw-down was refused: the approver did not hold the authority</h3>
                <ul className="nhsuk-list">
                  {failed.refusal.map((r) => (
                    <li key={r}>{r}</li>
                  ))}
                </ul>
              </div>
            ) : (
              <ErrorSummary errors={failed?.errors} />
            )}
            <Form method="post" noValidate aria-labelledby="dd-h">
              <h3 className="nhsuk-heading-s" id="dd-h">
                Record a draw-down
              </h3>
              <p className="nhsuk-body-s">A draw-down is a decision: it must be for non-recurrent change and transformation and approved by someone who held the authority for it on the day, under the scheme and the line&apos;s level then in force.</p>
              <TextField name="amount" label="Amount" className="nhsuk-input--width-10" defaultValue={v?.amount} error={failed?.errors.amount} />
              <TextField name="purpose" label="What it is for" defaultValue={v?.purpose} error={failed?.errors.purpose} />
              <div className={"nhsuk-form-group" + (failed?.errors.nature ? " nhsuk-form-group--error" : "")}>
                <fieldset className="nhsuk-fieldset" aria-describedby={failed?.errors.nature ? "nature-error" : undefined}>
                  <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">What kind of spending it is</legend>
                  {failed?.errors.nature ? (
                    <span className="nhsuk-error-message" id="nature-error">
                      <span className="nhsuk-u-visually-hidden">Error:</span> {failed.errors.nature}
                    </span>
                  ) : null}
                  <div className="nhsuk-radios" id="nature">
                    {DRAWDOWN_NATURES.map((n) => (
                      <div className="nhsuk-radios__item" key={n}>
                        <input className="nhsuk-radios__input" id={`nature-${n}`} name="nature" type="radio" value={n} defaultChecked={(v?.nature ?? "non_recurrent") === n} />
                        <label className="nhsuk-label nhsuk-radios__label" htmlFor={`nature-${n}`}>
                          {DRAWDOWN_NATURE_LABELS[n]}
                        </label>
                      </div>
                    ))}
                  </div>
                </fieldset>
              </div>
              <SelectField name="decision" label="Decision in the scheme" defaultValue={v?.decision ?? "revenue-nonpay"} error={failed?.errors.decision}>
                {d.decisions.map((x) => (
                  <option key={x.id} value={x.id}>
                    {x.title}
                  </option>
                ))}
              </SelectField>
              <TextField name="on" label="Date approved" hint="For example 14 May 2026." className="nhsuk-input--width-10" defaultValue={v?.on ?? formatDate(d.today)} error={failed?.errors.on} />
              <TextField name="approver" label="Who approved it" list="dd-people" defaultValue={v?.approver} error={failed?.errors.approver} />
              <TextField name="second" label="Second approver (for joint approvals)" list="dd-people" defaultValue={v?.second} />
              <datalist id="dd-people">
                {d.people.map((p) => (
                  <option key={p} value={p} />
                ))}
              </datalist>
              <button className="nhsuk-button" type="submit" disabled={busy}>
                Record the draw-down
              </button>
            </Form>
          </>
        ) : null}
      </section>

      <section aria-labelledby="cons-h" className="app-incentives-panel">
        <h2 className="nhsuk-heading-m" id="cons-h">
          Consequences
        </h2>
        {d.applies.length ? (
          <ul className="nhsuk-list" data-testid="line-consequences">
            {d.applies.map((c) => (
              <li key={c.text}>
                {c.kind === "special_measures" ? <strong className="nhsuk-tag nhsuk-tag--red">Special measures</strong> : null} {c.text}
                {c.months ? ` (${c.months} consecutive months at level 4)` : ""}
              </li>
            ))}
          </ul>
        ) : (
          <p className="nhsuk-body">None apply at the line&apos;s agreed level.</p>
        )}
        {d.log.length ? (
          <table className="nhsuk-table">
            <caption className="nhsuk-table__caption nhsuk-body-s">Consequence log</caption>
            <thead>
              <tr>
                <th scope="col">Applied</th>
                <th scope="col">Consequence</th>
                <th scope="col">Exit criteria</th>
                <th scope="col">Exited</th>
              </tr>
            </thead>
            <tbody>
              {d.log.map((c) => (
                <tr key={c.id}>
                  <td>{formatDate(c.appliedOn)}</td>
                  <td>{`${label(c.kind)}: ${c.reason}`}</td>
                  <td>{c.exitCriteria}</td>
                  <td>{c.exitedOn ? `${formatDate(c.exitedOn)}: ${c.exitNote ?? ""}` : "Open"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>

      <section aria-labelledby="rec-h" className="app-incentives-panel">
        <h2 className="nhsuk-heading-m" id="rec-h">
          Recognition
        </h2>
        {d.recognition.length ? (
          <ul className="nhsuk-list">
            {d.recognition.map((r) => (
              <li key={r.id}>
                {formatDate(r.onDate)}: <strong>{r.recipient}</strong>, {AWARD_LABELS[r.kind as AwardKind]?.split(" (")[0] ?? r.kind}: {r.description}
              </li>
            ))}
          </ul>
        ) : (
          <p className="nhsuk-body">Nothing recorded yet.</p>
        )}
        <p className="nhsuk-body-s">
          <Link to={`/w/${d.workspaceId}/incentives/register`}>The consequence log and recognition register for the trust</Link>
        </p>
      </section>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Incentives: ${data.unit.name} – Devolve` : "Incentives – Devolve" }];
