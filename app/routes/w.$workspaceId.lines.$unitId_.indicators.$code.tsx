import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { toPng, toSvg } from "html-to-image";
import { useRef, useState } from "react";
import { z } from "zod";
import { CHART_TYPE_LABELS, DIRECTION_LABELS, KITEMARK_DIMENSIONS, KITEMARK_LABELS, KPI_DOMAIN_LABELS } from "../../shared/kpi";
import { formatDate, formatMonth, londonDate } from "../../shared/format";
import { SPC_DEFAULTS } from "../../shared/spc";
import { AssuranceIcon, VariationIcon } from "../components/spc/Icons";
import { RareCountChart, RareCountTable } from "../components/spc/RareCountChart";
import { SpcTable } from "../components/spc/SpcTable";
import { XmrChart } from "../components/spc/XmrChart";
import { formatValue } from "../components/spc/model";
import { ErrorSummary, SelectField, TextField, type FieldErrors, fieldErrors } from "../components/ui/forms";
import spcCss from "../styles/spc.css?url";
import { requireMember } from "../utils/auth.server";
import { forbidden, notFound } from "../utils/http";
import { canManageKpis, lineIndicator, recordAnnotation, recordRebase } from "../utils/spc.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: spcCss }];

const on = (at: number) => formatDate(londonDate(at));
const MIN_BASELINE = SPC_DEFAULTS.minBaseline;

/**
 * One indicator on one service line (issue 14): the XmR chart in Making Data Count's style with its
 * table, icons and baseline statement, the rebase history, and the rebase and annotation forms for
 * those with "kpi.manage". Rare events show their cumulative count against the annual threshold.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { workspace, member } = requireMember(request, context, params.workspaceId);
  const data = await lineIndicator(context, workspace.id, params.unitId ?? "", params.code ?? "");
  if (!data) notFound("That service line has no indicator with that code.");
  const { line, indicator: i, rebases, annotations } = data;
  const r = i.result;
  const rows = i.chart.rows;
  const valued = rows.filter((x) => x.value !== null);
  const baseline = r && r.baseline.length ? { fromMonth: rows[r.baseline.from]?.month ?? null, toMonth: valued.filter((x) => x.month >= (rows[r.baseline.from]?.month ?? ""))[r.baseline.length - 1]?.month ?? null, length: r.baseline.length } : null;
  const d = i.meta.definition;
  return {
    workspaceId: workspace.id,
    line,
    meta: {
      code: i.meta.code,
      name: i.meta.name,
      domain: KPI_DOMAIN_LABELS[i.meta.domain],
      unit: i.meta.unit,
      direction: DIRECTION_LABELS[i.meta.direction],
      chartType: i.meta.chartType,
      chartTypeLabel: CHART_TYPE_LABELS[i.meta.chartType],
      threshold: i.meta.annualThreshold,
    },
    definition: d
      ? {
          numerator: d.numerator,
          denominator: d.denominator,
          dataSource: d.dataSource,
          nationalReference: d.nationalReference,
          owner: d.owner,
          reviewedFor: d.reviewedFor,
          kitemark: KITEMARK_DIMENSIONS.map((k) => ({ label: KITEMARK_LABELS[k], met: d.kitemark[k] })),
        }
      : null,
    chart: i.chart,
    rare: i.rare,
    variation: i.variation,
    assurance: i.assurance,
    label: i.label,
    assuranceLabel: i.assuranceLabel,
    latest: i.latest,
    target: i.target,
    trial: r?.trial ?? false,
    mean: r?.mean ?? null,
    limits: r ? { lower: r.lowerLimit, upper: r.upperLimit } : null,
    baseline,
    flagged: rows.filter((x) => x.special).length,
    rebases: rebases.map((b) => ({ fromMonth: b.fromMonth, reason: b.reason, approvedBy: b.approvedBy, byName: b.byName, on: on(b.at) })).reverse(),
    annotations: annotations.map((a) => ({ month: a.month, text: a.text, byName: a.byName, on: on(a.at) })),
    months: valued.map((x) => x.month),
    canManage: canManageKpis(member),
  };
}

const month = (message: string) => z.string().regex(/^\d{4}-\d{2}$/, message);
const RebaseForm = z.object({
  intent: z.literal("rebase"),
  fromMonth: month("Choose the month the new baseline starts from"),
  reason: z.string().trim().min(1, "Give the reason for the rebase").max(2000, "The reason must be 2,000 characters or fewer"),
  approvedBy: z.string().trim().min(1, "Give the name of the person who approved the rebase").max(200, "The name must be 200 characters or fewer"),
});
const AnnotationForm = z.object({
  intent: z.literal("annotate"),
  month: month("Choose the month the note is about"),
  text: z.string().trim().min(1, "Write the note").max(500, "The note must be 500 characters or fewer"),
});

type ActionResult = { ok: false; form: "rebase" | "annotate"; errors: FieldErrors; values: Record<string, string> } | { ok: true; message: string; warning?: string };

export async function action({ request, context, params }: ActionFunctionArgs): Promise<ActionResult> {
  const { workspace, member, user } = requireMember(request, context, params.workspaceId);
  if (!canManageKpis(member)) forbidden("Only those who manage the indicators can rebase a chart or annotate it.");
  const data = await lineIndicator(context, workspace.id, params.unitId ?? "", params.code ?? "");
  if (!data) notFound("That service line has no indicator with that code.");
  const { line, indicator } = data;
  const months = indicator.chart.rows.filter((x) => x.value !== null).map((x) => x.month);
  const form = Object.fromEntries([...(await request.formData()).entries()].map(([k, v]) => [k, String(v)]));
  const actor = { id: user.id, name: user.name };
  if (form.intent === "rebase") {
    const parsed = RebaseForm.safeParse(form);
    const errors: FieldErrors = parsed.success ? {} : fieldErrors(parsed.error);
    // The month must be one of the series' own; a rebase at the first point changes nothing.
    if (parsed.success && !months.slice(1).includes(parsed.data.fromMonth)) errors.fromMonth = "Choose a month of the chart after its first";
    if (!parsed.success || Object.keys(errors).length) return { ok: false, form: "rebase", errors, values: form };
    const { fromMonth, reason, approvedBy } = parsed.data;
    recordRebase(context.db, workspace.id, { unitId: line.unitId, code: indicator.meta.code, fromMonth, reason, approvedBy }, actor);
    context.logger.info({ workspace: workspace.id, by: user.id, unit: line.unitId, code: indicator.meta.code, fromMonth }, "spc rebased");
    const remaining = months.filter((m) => m >= fromMonth).length;
    return {
      ok: true,
      message: `${indicator.meta.name} rebased from ${formatMonth(fromMonth)}. Recorded with your name, the reason and who approved it.`,
      warning: remaining < MIN_BASELINE ? `Only ${remaining} ${remaining === 1 ? "point" : "points"} from ${formatMonth(fromMonth)}: the new limits are trial limits until there are ${MIN_BASELINE}.` : undefined,
    };
  }
  if (form.intent === "annotate") {
    const parsed = AnnotationForm.safeParse(form);
    const errors: FieldErrors = parsed.success ? {} : fieldErrors(parsed.error);
    if (parsed.success && !months.includes(parsed.data.month)) errors.month = "Choose a month of the chart";
    if (!parsed.success || Object.keys(errors).length) return { ok: false, form: "annotate", errors, values: form };
    recordAnnotation(context.db, workspace.id, { unitId: line.unitId, code: indicator.meta.code, month: parsed.data.month, text: parsed.data.text }, actor);
    return { ok: true, message: `Note added to ${formatMonth(parsed.data.month)}.` };
  }
  throw new Response("Unknown form", { status: 400 });
}

function ExportButtons({ target, file }: { target: React.RefObject<HTMLDivElement | null>; file: string }) {
  const [status, setStatus] = useState<string | null>(null);
  const save = async (format: "png" | "svg") => {
    const node = target.current;
    if (!node) return;
    setStatus(`Preparing the ${format.toUpperCase()}…`);
    try {
      const options = { backgroundColor: "#ffffff", pixelRatio: 2 };
      const url = format === "png" ? await toPng(node, options) : await toSvg(node, options);
      const a = document.createElement("a");
      a.href = url;
      a.download = `${file}.${format}`;
      a.click();
      setStatus(null);
    } catch {
      setStatus(`The ${format.toUpperCase()} could not be made. Try again, or copy the table.`);
    }
  };
  return (
    <div className="app-spc-export">
      <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => save("png")}>
        Download the chart (PNG)
      </button>
      <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => save("svg")}>
        Download the chart (SVG)
      </button>
      <span role="status" className="nhsuk-body-s">
        {status}
      </span>
    </div>
  );
}

function TextArea({ name, label, hint, error, defaultValue, rows = 3 }: { name: string; label: string; hint?: string; error?: string; defaultValue?: string; rows?: number }) {
  const describedBy = [hint ? `${name}-hint` : null, error ? `${name}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={"nhsuk-form-group" + (error ? " nhsuk-form-group--error" : "")}>
      <label className="nhsuk-label" htmlFor={name}>
        {label}
      </label>
      {hint ? (
        <div className="nhsuk-hint" id={`${name}-hint`}>
          {hint}
        </div>
      ) : null}
      {error ? (
        <span className="nhsuk-error-message" id={`${name}-error`}>
          <span className="nhsuk-u-visually-hidden">Error:</span> {error}
        </span>
      ) : null}
      <textarea className={"nhsuk-textarea" + (error ? " nhsuk-textarea--error" : "")} id={name} name={name} rows={rows} defaultValue={defaultValue} aria-describedby={describedBy} aria-invalid={error ? true : undefined} />
    </div>
  );
}

export default function IndicatorChart() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const chartRef = useRef<HTMLDivElement>(null);
  const failed = result && !result.ok ? result : null;
  const rebaseErrors = failed?.form === "rebase" ? failed.errors : undefined;
  const noteErrors = failed?.form === "annotate" ? failed.errors : undefined;
  const rebaseMonths = d.months.slice(1).reverse();
  const [rebaseFrom, setRebaseFrom] = useState(failed?.form === "rebase" ? (failed.values.fromMonth ?? "") : "");
  const remaining = rebaseFrom ? d.months.filter((m) => m >= rebaseFrom).length : null;
  const f = (v: number | null | undefined, extra = 1) => formatValue(v ?? null, d.meta.unit, d.chart.decimals + extra);
  const isRare = d.rare !== null;
  const file = `${d.line.unitId}-${d.meta.code}`.toLowerCase();
  return (
    <>
      {failed ? <ErrorSummary errors={failed.errors} /> : null}
      {result?.ok ? (
        <div className="nhsuk-inset-text" role="status">
          <p>{result.message}</p>
          {result.warning ? <p className="nhsuk-u-font-weight-bold">{result.warning}</p> : null}
        </div>
      ) : null}
      <nav className="nhsuk-breadcrumb" aria-label="Breadcrumb">
        <ol className="nhsuk-breadcrumb__list">
          <li className="nhsuk-breadcrumb__item">
            <Link className="nhsuk-breadcrumb__link" to={`/w/${d.workspaceId}/lines/${d.line.unitId}`}>
              {d.line.name}
            </Link>
          </li>
          <li className="nhsuk-breadcrumb__item">
            <Link className="nhsuk-breadcrumb__link" to={`/w/${d.workspaceId}/lines/${d.line.unitId}/indicators`}>
              Indicators
            </Link>
          </li>
        </ol>
      </nav>
      <span className="nhsuk-caption-l">
        {d.line.name} · {d.meta.domain}
      </span>
      <h1>{d.meta.name}</h1>

      <dl className="nhsuk-summary-list" data-testid="indicator-facts">
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">Latest</dt>
          <dd className="nhsuk-summary-list__value">{d.latest ? `${f(d.latest.value, 0)} in ${formatMonth(d.latest.month)}` : "No figures yet"}</dd>
        </div>
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">{isRare ? "Annual threshold" : "Target"}</dt>
          <dd className="nhsuk-summary-list__value">
            {isRare ? (d.meta.threshold !== null ? `At most ${d.meta.threshold} a year` : "None set") : d.target ? `${f(d.target.value, 0)}${d.target.source ? ` (${d.target.source})` : ""}` : "None set"}
          </dd>
        </div>
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">Better is</dt>
          <dd className="nhsuk-summary-list__value">{d.meta.direction}</dd>
        </div>
      </dl>

      {isRare ? (
        <>
          <h2>Count against the annual threshold</h2>
          <p>
            {d.meta.name} is a rare event: too few a month for an XmR chart to show a signal, so each financial year&apos;s running total is shown against the threshold. {d.label}.
          </p>
          <RareCountChart ref={chartRef} name={d.meta.name} years={d.rare ?? []} />
          <ExportButtons target={chartRef} file={file} />
          <RareCountTable years={d.rare ?? []} />
        </>
      ) : d.mean === null ? (
        <p>There are no figures for this indicator on {d.line.name} yet.</p>
      ) : (
        <>
          <section aria-labelledby="icons-h">
            <h2 id="icons-h">What the chart says</h2>
            <div className="app-spc-icons" data-testid="spc-icons">
              {d.variation ? <VariationIcon icon={d.variation} testId="variation-icon" /> : null}
              {d.assurance ? <AssuranceIcon icon={d.assurance} testId="assurance-icon" /> : null}
            </div>
            <p data-testid="spc-label">{d.label}.</p>
            <p data-testid="assurance-label">{d.assuranceLabel}.</p>
            <p data-testid="baseline-statement">
              Mean {f(d.mean)}; process limits {f(d.limits?.lower)} to {f(d.limits?.upper)}.{" "}
              {d.baseline?.fromMonth
                ? d.trial
                  ? `These are trial limits, calculated from the ${d.baseline.length} ${d.baseline.length === 1 ? "point" : "points"} from ${formatMonth(d.baseline.fromMonth)}: fewer than the ${MIN_BASELINE} a baseline needs, so they are recalculated as each month is added until there are ${MIN_BASELINE}.`
                  : `The limits are calculated from the ${d.baseline.length} points from ${formatMonth(d.baseline.fromMonth)}${d.baseline.toMonth ? ` to ${formatMonth(d.baseline.toMonth)}` : ""} and are locked until the chart is rebased.`
                : ""}{" "}
              {d.flagged ? `${d.flagged} ${d.flagged === 1 ? "point is" : "points are"} flagged as special cause.` : "No point is flagged as special cause."}
            </p>
          </section>
          <XmrChart ref={chartRef} model={d.chart} />
          <ExportButtons target={chartRef} file={file} />
          <SpcTable model={d.chart} caption={`${d.meta.name}, ${d.line.name}: each month's figure, the mean and limits that apply to it, the target and the rules it triggered`} />
        </>
      )}

      <h2>Rebases</h2>
      {d.rebases.length ? (
        <table className="nhsuk-table" data-testid="rebases">
          <caption className="nhsuk-table__caption nhsuk-table__caption--s">Each time the limits were recalculated from a new baseline, latest first</caption>
          <thead>
            <tr>
              <th scope="col">From</th>
              <th scope="col">Reason</th>
              <th scope="col">Approved by</th>
              <th scope="col">Recorded by</th>
            </tr>
          </thead>
          <tbody>
            {d.rebases.map((b, i) => (
              <tr key={i}>
                <td>{formatMonth(b.fromMonth)}</td>
                <td>{b.reason}</td>
                <td>{b.approvedBy}</td>
                <td>
                  {b.byName ?? "A former member"}, {b.on}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>The chart has not been rebased: its limits come from its first {MIN_BASELINE} points (or all of them, while there are fewer).</p>
      )}

      {d.annotations.length ? (
        <>
          <h2>Notes on the chart</h2>
          <ul data-testid="annotations">
            {d.annotations.map((a, i) => (
              <li key={i}>
                <strong>{formatMonth(a.month)}:</strong> {a.text} <span className="app-spc-note">{`${a.byName ?? "A former member"}, ${a.on}`}</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}

      {d.canManage && !isRare && d.months.length > 1 ? (
        <details className="nhsuk-details" open={Boolean(rebaseErrors)}>
          <summary className="nhsuk-details__summary">
            <span className="nhsuk-details__summary-text">Rebase the chart</span>
          </summary>
          <div className="nhsuk-details__text">
            <p>A rebase recalculates the mean and limits from a new baseline, after a sustained change in the process (a new pathway, a change of definition). Record why, and who approved it; both are shown with the chart.</p>
            <Form method="post" noValidate aria-label="Rebase the chart">
              <input type="hidden" name="intent" value="rebase" />
              <SelectField name="fromMonth" label="New baseline from" value={rebaseFrom} onChange={(e) => setRebaseFrom(e.currentTarget.value)} error={rebaseErrors?.fromMonth}>
                <option value="">Choose a month</option>
                {rebaseMonths.map((m) => (
                  <option key={m} value={m}>
                    {formatMonth(m)}
                  </option>
                ))}
              </SelectField>
              {remaining !== null && remaining < MIN_BASELINE ? (
                <div className="nhsuk-warning-callout" data-testid="rebase-warning">
                  <h3 className="nhsuk-warning-callout__label">
                    <span role="text">Fewer than {MIN_BASELINE} points</span>
                  </h3>
                  <p aria-live="polite">
                    Only {remaining} {remaining === 1 ? "point remains" : "points remain"} from {formatMonth(rebaseFrom)}: the new limits will be trial limits until there are {MIN_BASELINE}.
                  </p>
                </div>
              ) : null}
              <TextArea name="reason" label="Reason for the rebase" hint="For example: new ambulatory pathway from June 2026 changed the process." error={rebaseErrors?.reason} defaultValue={failed?.form === "rebase" ? failed.values.reason : ""} />
              <TextField name="approvedBy" label="Approved by" hint="The name and role of the person who approved it." error={rebaseErrors?.approvedBy} defaultValue={failed?.form === "rebase" ? failed.values.approvedBy : ""} />
              <button className="nhsuk-button nhsuk-button--warning" type="submit" disabled={busy}>
                Rebase
              </button>
            </Form>
          </div>
        </details>
      ) : null}

      {d.canManage && d.months.length ? (
        <details className="nhsuk-details" open={Boolean(noteErrors)}>
          <summary className="nhsuk-details__summary">
            <span className="nhsuk-details__summary-text">Add a note to a month</span>
          </summary>
          <div className="nhsuk-details__text">
            <Form method="post" noValidate aria-label="Add a note to a month">
              <input type="hidden" name="intent" value="annotate" />
              <SelectField name="month" label="Month" defaultValue={failed?.form === "annotate" ? failed.values.month : d.months[d.months.length - 1]} error={noteErrors?.month}>
                {[...d.months].reverse().map((m) => (
                  <option key={m} value={m}>
                    {formatMonth(m)}
                  </option>
                ))}
              </SelectField>
              <TextArea name="text" label="Note" hint="What happened that month, for example: new escalation policy started." error={noteErrors?.text} defaultValue={failed?.form === "annotate" ? failed.values.text : ""} rows={2} />
              <button className="nhsuk-button nhsuk-button--secondary" type="submit" disabled={busy}>
                Add note
              </button>
            </Form>
          </div>
        </details>
      ) : null}

      <h2>About this indicator</h2>
      {d.definition ? (
        <dl className="nhsuk-summary-list" data-testid="definition">
          {[
            ["Numerator", d.definition.numerator],
            ["Denominator", d.definition.denominator],
            ["Data source", d.definition.dataSource],
            ["National definition", d.definition.nationalReference],
            ["Owner", d.definition.owner],
            ["Chart", d.meta.chartTypeLabel],
            ["Reviewed and set for", d.definition.reviewedFor],
            ["Data quality", d.definition.kitemark.map((k) => `${k.label}: ${k.met ? "yes" : "no"}`).join("; ")],
          ].map(([k, v]) => (
            <div className="nhsuk-summary-list__row" key={k}>
              <dt className="nhsuk-summary-list__key">{k}</dt>
              <dd className="nhsuk-summary-list__value">{v}</dd>
            </div>
          ))}
        </dl>
      ) : (
        <p>This indicator is not in the trust&apos;s catalogue yet, so its name, unit and direction are taken from its figures.</p>
      )}
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.meta.name}, ${data.line.name} – Devolve` : "Indicator – Devolve" }];
