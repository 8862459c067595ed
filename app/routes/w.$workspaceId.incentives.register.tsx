import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { financialYearSlug } from "../../shared/collab/registry";
import { formatDate, parseDate } from "../../shared/format/dates";
import { CONSEQUENCE_KINDS, CONSEQUENCE_LABELS, type ConsequenceKind } from "../../shared/incentives/framework";
import { describeScope } from "../../shared/incentives/ledger";
import { AWARD_KINDS, AWARD_LABELS, type AwardKind } from "../../shared/incentives/rules";
import { can } from "../../shared/roles/roles";
import { yearOf } from "../../server/incentives/position";
import { liftSuspension, listConsequences, listNeverEvents, listRecognition, listSuspensions } from "../../server/repositories/incentives";
import { IncentivesNav } from "../components/incentives/IncentivesNav";
import { ErrorSummary, SelectField, TextField, type FieldErrors } from "../components/ui/forms";
import incentivesCss from "../styles/incentives.css?url";
import { requireMember, requirePermission } from "../utils/auth.server";
import { readStructureNow } from "../utils/docs.server";
import { today } from "../utils/governance.server";
import { recordConsequence, recordExit, recordNeverEvent, recordRecognition, recordSuspension } from "../utils/incentives.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: incentivesCss }];

/**
 * The trust's registers (issue 13): the consequence log with exit criteria (Monitor's SLM framework
 * Part 3 §8: "Failure to achieve is identified and action is usually taken"; "Poor performers are
 * managed and coached to improve quickly"), the recognition register (Part 3 §7: good performance
 * "recognised and acknowledged and linked to rewards"; individual incentives are non-pay), the Never
 * Events the gateways read, and the Board's suspensions of the shares.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { workspace, member } = requireMember(request, context, params.workspaceId);
  const structure = await readStructureNow(context, workspace.id);
  const name = new Map(structure.units.map((u) => [u.id, u.name]));
  const named = <T extends { unitId: string }>(x: T) => ({ ...x, line: name.get(x.unitId) ?? x.unitId });
  return {
    workspaceId: workspace.id,
    yearSlug: financialYearSlug(yearOf(today())),
    canRecord: can(member, "incentives.edit"),
    lines: structure.units.filter((u) => u.kind === "service_line").map((u) => ({ id: u.id, name: u.name })).sort((a, b) => a.name.localeCompare(b.name)),
    divisions: structure.units.filter((u) => u.kind === "division").map((u) => ({ id: u.id, name: u.name })),
    consequences: listConsequences(context.db, workspace.id).map(named),
    recognition: listRecognition(context.db, workspace.id).map(named),
    neverEvents: listNeverEvents(context.db, workspace.id).map(named),
    suspensions: listSuspensions(context.db, workspace.id),
  };
}

type ActionResult = { ok: true; intent: string; message: string } | { ok: false; intent: string; errors: FieldErrors; values: Record<string, string> };

export async function action({ request, context, params }: ActionFunctionArgs): Promise<ActionResult> {
  const { workspace, member, user } = requireMember(request, context, params.workspaceId);
  requirePermission(member, "incentives.edit", "Only executives and administrators can record consequences, recognition, Never Events and suspensions.");
  const actor = { id: user.id, name: user.name };
  const form = await request.formData();
  const str = (k: string) => String(form.get(k) ?? "").slice(0, 1_200);
  const intent = str("intent");
  const structure = await readStructureNow(context, workspace.id);
  const values = Object.fromEntries([...form.keys()].map((k) => [k, str(k)]));
  const done = (r: { ok: true } | { ok: false; errors: FieldErrors }, message: string): ActionResult => (r.ok ? { ok: true, intent, message } : { ok: false, intent, errors: r.errors, values });
  if (intent === "consequence") return done(recordConsequence(context, workspace.id, structure, { line: str("line"), kind: str("kind"), on: str("on"), reason: str("reason"), exit: str("exit"), reviewBy: str("reviewBy") }, actor), "Consequence recorded.");
  if (intent === "exit") return done(recordExit(context, workspace.id, { id: str("id"), on: str("exitOn"), note: str("exitNote") }, actor), "Exit recorded.");
  if (intent === "recognition") return done(recordRecognition(context, workspace.id, structure, { line: str("line"), recipient: str("recipient"), kind: str("kind"), description: str("description"), on: str("on") }, actor), "Recognition recorded.");
  if (intent === "never") return done(recordNeverEvent(context, workspace.id, structure, { line: str("line"), on: str("on"), reference: str("reference"), description: str("description") }, actor), "Never Event recorded: the line's gateway is shut for the year.");
  if (intent === "suspend") return done(recordSuspension(context, workspace.id, structure, { resolution: str("resolution"), reason: str("reason"), scope: str("scope"), from: str("from"), until: str("until") }, actor), "Suspension recorded: every share in its scope is deferred while it is in force.");
  if (intent === "lift") {
    const until = parseDate(str("until"));
    if (!until.ok) return { ok: false, intent, errors: { until: str("until").trim() ? until.error : "Enter the last day the suspension applies" }, values };
    return liftSuspension(context.db, workspace.id, str("id"), until.value, actor) ? { ok: true, intent, message: `Suspension lifted from ${formatDate(until.value)}.` } : { ok: false, intent, errors: { until: "That suspension is not in this trust's register" }, values };
  }
  return { ok: false, intent, errors: { form: "That request was not understood" }, values };
}

/** Each form's fields carry its prefix, so ids are unique on the page and the error summary links reach them. */
const PREFIX: Record<string, string> = { consequence: "cons", recognition: "rec", never: "ne", suspend: "su", exit: "exit", lift: "lift" };

function LineSelect({ prefix, lines, value, error }: { prefix: string; lines: { id: string; name: string }[]; value?: string; error?: string }) {
  return (
    <SelectField id={`${prefix}-line`} name="line" label="Service line" defaultValue={value ?? ""} error={error}>
      <option value="">Choose a service line</option>
      {lines.map((l) => (
        <option key={l.id} value={l.id}>
          {l.name}
        </option>
      ))}
    </SelectField>
  );
}

export default function IncentiveRegister() {
  const d = useLoaderData<typeof loader>();
  const r = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const failed = (intent: string) => (r && !r.ok && r.intent === intent ? r : null);
  const label = (k: string) => CONSEQUENCE_LABELS[k as ConsequenceKind] ?? k;
  const c = failed("consequence");
  const rec = failed("recognition");
  const ne = failed("never");
  const su = failed("suspend");
  return (
    <div className="app-incentives">
      <IncentivesNav workspaceId={d.workspaceId} yearSlug={d.yearSlug} current="register" />
      <h1>Consequences and recognition</h1>
      {r?.ok ? (
        <p className="nhsuk-inset-text" role="status">
          {r.message}
        </p>
      ) : null}
      {r && !r.ok ? <ErrorSummary errors={Object.fromEntries(Object.entries(r.errors).map(([k, v]) => [k === "form" ? k : `${PREFIX[r.intent] ?? r.intent}-${k}`, v]))} /> : null}

      <section aria-labelledby="log-h">
        <h2 className="nhsuk-heading-m" id="log-h">
          Consequence log
        </h2>
        <div className="app-incentives-scroll" role="region" aria-label="Consequence log" tabIndex={0}>
          <table className="nhsuk-table" data-testid="consequence-log">
            <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">Consequence log</caption>
            <thead>
              <tr>
                <th scope="col">Service line</th>
                <th scope="col">Consequence</th>
                <th scope="col">Applied</th>
                <th scope="col">Exit criteria</th>
                <th scope="col">Review by</th>
                <th scope="col">Exited</th>
              </tr>
            </thead>
            <tbody>
              {d.consequences.map((x) => (
                <tr key={x.id}>
                  <th scope="row">{x.line}</th>
                  <td>
                    {label(x.kind)}
                    <div className="nhsuk-body-s">{x.reason}</div>
                  </td>
                  <td>{formatDate(x.appliedOn)}</td>
                  <td>{x.exitCriteria}</td>
                  <td>{x.reviewBy ? formatDate(x.reviewBy) : ""}</td>
                  <td>
                    {x.exitedOn ? (
                      `${formatDate(x.exitedOn)}: ${x.exitNote ?? ""}`
                    ) : d.canRecord ? (
                      <Form method="post" aria-label={`Record ${x.line} leaving ${label(x.kind).toLowerCase()}`}>
                        <input type="hidden" name="intent" value="exit" />
                        <input type="hidden" name="id" value={x.id} />
                        <TextField id={`exitOn-${x.id}`} name="exitOn" label="Date the exit criteria were met" className="nhsuk-input--width-10" />
                        <TextField id={`exitNote-${x.id}`} name="exitNote" label="How they were met" />
                        <button className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" type="submit" disabled={busy}>
                          Record the exit
                        </button>
                      </Form>
                    ) : (
                      "Open"
                    )}
                  </td>
                </tr>
              ))}
              {d.consequences.length === 0 ? (
                <tr>
                  <td colSpan={6}>No consequences recorded.</td>
                </tr>
              ) : null}
            </tbody>
          </table>
        </div>
        {d.canRecord ? (
          <Form method="post" noValidate aria-labelledby="add-cons-h" className="app-incentives-panel">
            <h3 className="nhsuk-heading-s" id="add-cons-h">
              Record a consequence
            </h3>
            <input type="hidden" name="intent" value="consequence" />
            <LineSelect prefix="cons" lines={d.lines} value={c?.values.line} error={c?.errors.line} />
            <SelectField id="cons-kind" name="kind" label="Consequence" defaultValue={c?.values.kind ?? "recovery_plan"} error={c?.errors.kind}>
              {CONSEQUENCE_KINDS.map((k) => (
                <option key={k} value={k}>
                  {CONSEQUENCE_LABELS[k]}
                </option>
              ))}
            </SelectField>
            <TextField id="cons-on" name="on" label="Date applied" className="nhsuk-input--width-10" defaultValue={c?.values.on} error={c?.errors.on} />
            <TextField id="cons-reason" name="reason" label="Why" defaultValue={c?.values.reason} error={c?.errors.reason} />
            <TextField id="cons-exit" name="exit" label="Exit criteria" hint="What the line must achieve to leave it." defaultValue={c?.values.exit} error={c?.errors.exit} />
            <TextField id="cons-reviewBy" name="reviewBy" label="Review by (optional)" className="nhsuk-input--width-10" defaultValue={c?.values.reviewBy} error={c?.errors.reviewBy} />
            <button className="nhsuk-button" type="submit" disabled={busy}>
              Record the consequence
            </button>
          </Form>
        ) : null}
      </section>

      <section aria-labelledby="rec-h" className="app-incentives-panel">
        <h2 className="nhsuk-heading-m" id="rec-h">
          Recognition register
        </h2>
        <table className="nhsuk-table" data-testid="recognition-register">
          <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">Recognition register</caption>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Service line</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
            </tr>
          </thead>
          <tbody>
            {d.recognition.map((x) => (
              <tr key={x.id}>
                <td>{formatDate(x.onDate)}</td>
                <td>{x.line}</td>
                <td>{x.recipient}</td>
                <td>
                  {AWARD_LABELS[x.kind as AwardKind]?.split(" (")[0] ?? x.kind}: {x.description}
                </td>
              </tr>
            ))}
            {d.recognition.length === 0 ? (
              <tr>
                <td colSpan={4}>Nothing recorded yet.</td>
              </tr>
            ) : null}
          </tbody>
        </table>
        {d.canRecord ? (
          <Form method="post" noValidate aria-labelledby="add-rec-h" className="app-incentives-panel">
            <h3 className="nhsuk-heading-s" id="add-rec-h">
              Record recognition or an individual incentive
            </h3>
            <p className="nhsuk-body-s">Individual incentives are non-pay: objectives, development or protected time.</p>
            <input type="hidden" name="intent" value="recognition" />
            <LineSelect prefix="rec" lines={d.lines} value={rec?.values.line} error={rec?.errors.line} />
            <TextField id="rec-recipient" name="recipient" label="Team or person" defaultValue={rec?.values.recipient} error={rec?.errors.recipient} />
            <SelectField id="rec-kind" name="kind" label="Kind" defaultValue={rec?.values.kind ?? "recognition"} error={rec?.errors.kind}>
              {AWARD_KINDS.map((k) => (
                <option key={k} value={k}>
                  {AWARD_LABELS[k]}
                </option>
              ))}
            </SelectField>
            <TextField id="rec-description" name="description" label="What is recognised" defaultValue={rec?.values.description} error={rec?.errors.description} />
            <TextField id="rec-on" name="on" label="Date" className="nhsuk-input--width-10" defaultValue={rec?.values.on} error={rec?.errors.on} />
            <button className="nhsuk-button" type="submit" disabled={busy}>
              Record it
            </button>
          </Form>
        ) : null}
      </section>

      <section aria-labelledby="ne-h" className="app-incentives-panel">
        <h2 className="nhsuk-heading-m" id="ne-h">
          Never Events
        </h2>
        <p className="nhsuk-body-s">A Never Event at a line shuts its gateway for the financial year: it earns no share, whatever its variance.</p>
        {d.neverEvents.length ? (
          <ul className="nhsuk-list" data-testid="never-events">
            {d.neverEvents.map((x) => (
              <li key={x.id}>
                {formatDate(x.date)}: {x.line}, {x.reference}. {x.description}
              </li>
            ))}
          </ul>
        ) : (
          <p className="nhsuk-body">None reported.</p>
        )}
        {d.canRecord ? (
          <Form method="post" noValidate aria-labelledby="add-ne-h">
            <h3 className="nhsuk-heading-s" id="add-ne-h">
              Report a Never Event
            </h3>
            <input type="hidden" name="intent" value="never" />
            <LineSelect prefix="ne" lines={d.lines} value={ne?.values.line} error={ne?.errors.line} />
            <TextField id="ne-on" name="on" label="Date it happened" className="nhsuk-input--width-10" defaultValue={ne?.values.on} error={ne?.errors.on} />
            <TextField id="ne-reference" name="reference" label="Incident reference" defaultValue={ne?.values.reference} error={ne?.errors.reference} />
            <TextField id="ne-description" name="description" label="What happened" defaultValue={ne?.values.description} />
            <button className="nhsuk-button nhsuk-button--secondary" type="submit" disabled={busy}>
              Report it
            </button>
          </Form>
        ) : null}
      </section>

      <section aria-labelledby="su-h" className="app-incentives-panel">
        <h2 className="nhsuk-heading-m" id="su-h">
          Board suspensions
        </h2>
        <p className="nhsuk-body-s">While a suspension is in force every share in its scope is deferred, and every line is shown it.</p>
        {d.suspensions.length ? (
          <ul className="nhsuk-list" data-testid="suspensions">
            {d.suspensions.map((s) => (
              <li key={s.id}>
                {s.resolution}: {describeScope(s.scope)}, from {formatDate(s.from)} {s.until ? `until ${formatDate(s.until)}` : "until lifted"}. {s.reason}
                {d.canRecord && !s.until ? (
                  <Form method="post" aria-label={`Record the Board lifting ${s.resolution}`}>
                    <input type="hidden" name="intent" value="lift" />
                    <input type="hidden" name="id" value={s.id} />
                    <TextField id={`until-${s.id}`} name="until" label="Last day it applies" className="nhsuk-input--width-10" />
                    <button className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" type="submit" disabled={busy}>
                      Record the Board lifting it
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="nhsuk-body">None recorded.</p>
        )}
        {d.canRecord ? (
          <Form method="post" noValidate aria-labelledby="add-su-h">
            <h3 className="nhsuk-heading-s" id="add-su-h">
              Record a Board suspension
            </h3>
            <input type="hidden" name="intent" value="suspend" />
            <TextField id="su-resolution" name="resolution" label="Board minute" defaultValue={su?.values.resolution} error={su?.errors.resolution} />
            <TextField id="su-reason" name="reason" label="Why" defaultValue={su?.values.reason} error={su?.errors.reason} />
            <SelectField id="su-scope" name="scope" label="Applies to" defaultValue={su?.values.scope ?? "all"} error={su?.errors.scope}>
              <option value="all">Every service line</option>
              <optgroup label="A division">
                {d.divisions.map((x) => (
                  <option key={x.id} value={x.id}>
                    {x.name}
                  </option>
                ))}
              </optgroup>
              <optgroup label="A service line">
                {d.lines.map((x) => (
                  <option key={x.id} value={x.id}>
                    {x.name}
                  </option>
                ))}
              </optgroup>
            </SelectField>
            <TextField id="su-from" name="from" label="From" className="nhsuk-input--width-10" defaultValue={su?.values.from} error={su?.errors.from} />
            <TextField id="su-until" name="until" label="Until (optional)" hint="Leave blank until the Board lifts it." className="nhsuk-input--width-10" defaultValue={su?.values.until} error={su?.errors.until} />
            <button className="nhsuk-button nhsuk-button--warning" type="submit" disabled={busy}>
              Record the suspension
            </button>
          </Form>
        ) : null}
      </section>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Consequences and recognition – Devolve" }];
