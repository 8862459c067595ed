import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { financialYearOf, parseFinancialYear } from "../../shared/format/dates";
import {
  APPLIES_MODES,
  CHART_TYPE_LABELS,
  CHART_TYPES,
  describeAppliesTo,
  DIRECTION_LABELS,
  KITEMARK_DIMENSIONS,
  KITEMARK_LABELS,
  KPI_DOMAIN_LABELS,
  KPI_DOMAINS,
  validateDefinition,
  validateTarget,
  type AppliesMode,
  type KpiDefinition,
} from "../../shared/kpi";
import { can } from "../../shared/roles";
import type { Direction } from "../../shared/spc/types";
import { getDefinition, listTargets, saveDefinition, saveTarget } from "../../server/repositories/kpi";
import { KitemarkList } from "../components/kpi/Kitemark";
import { ErrorSummary, SelectField, TextField, type FieldErrors } from "../components/ui/forms";
import { requireMember, requirePermission } from "../utils/auth.server";
import { today } from "../utils/governance.server";
import { forbidden, notFound } from "../utils/http";
import { serviceLineOptions, unitNamer } from "../utils/kpi.server";

/**
 * One catalogue entry: its definition, its targets by year, and for "kpi.manage" the forms to edit it
 * and to set a year's target (issue 14; ULHT §2.5: KPIs reviewed and set each year). `/indicators/new`
 * adds an entry: "new" can never be a code, which is capital letters and digits. An entry's code is
 * fixed once made, because a line's monthly figures are stored under it.
 */

const NEW = "new";
const MANAGE_MESSAGE = "Only editors, executives and administrators can change the KPI catalogue.";
const DIRECTIONS: Direction[] = ["higher", "lower", "neutral"];

const SAVED_MESSAGES = {
  created: (name: string) => `${name} added to the catalogue.`,
  definition: (name: string) => `Changes to ${name} saved.`,
  target: (name: string, year: string) => `Target for ${year} saved for ${name}.`,
};

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { workspace, member } = requireMember(request, context, params.workspaceId);
  const canManage = can(member, "kpi.manage");
  const code = params.code ?? "";
  const isNew = code === NEW;
  if (isNew && !canManage) forbidden(MANAGE_MESSAGE);
  const def = isNew ? null : getDefinition(context.db, workspace.id, code);
  if (!isNew && !def) notFound("There is no indicator with that code in the catalogue.");
  const lines = await serviceLineOptions(context, workspace.id);
  const nameOf = unitNamer(lines);
  const currentYear = financialYearOf(today());
  const url = new URL(request.url);
  const saved = url.searchParams.get("saved");
  const year = parseFinancialYear(url.searchParams.get("year") ?? "");
  // The confirmation is built here from fixed words, never echoed from the address.
  const message = !def
    ? null
    : saved === "created"
      ? SAVED_MESSAGES.created(def.name)
      : saved === "definition"
        ? SAVED_MESSAGES.definition(def.name)
        : saved === "target" && year.ok
          ? SAVED_MESSAGES.target(def.name, year.value.label)
          : null;
  return {
    workspaceId: workspace.id,
    canManage,
    isNew,
    def,
    applies: def ? describeAppliesTo(def.appliesTo, nameOf) : null,
    // Units the entry names that the structure no longer has: shown in the form so that they can be removed.
    missingUnits: def && def.appliesTo.mode !== "all" ? def.appliesTo.unitIds.filter((id) => !lines.some((l) => l.id === id)) : [],
    kitemark: def ? KITEMARK_DIMENSIONS.map((dim) => ({ dim, label: KITEMARK_LABELS[dim], met: def.kitemark[dim] })) : [],
    targets: def ? listTargets(context.db, workspace.id, def.code) : [],
    lines,
    currentYear,
    message,
  };
}

const Intent = z.enum(["save", "addTarget"], { errorMap: () => ({ message: "Choose what to save and try again." }) });

type Values = Record<string, string>;
type ActionResult = { ok: false; intent: string; errors: FieldErrors; values: Values };

/** A number as typed; blank is null and anything else that is not a number is NaN (which validation names). */
function numberOrNull(text: string): number | null {
  const t = text.trim().replace(/,/g, "");
  if (!t) return null;
  return /^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(t) ? Number(t) : Number.NaN;
}

export async function action({ request, context, params }: ActionFunctionArgs): Promise<ActionResult> {
  const { workspace, member, user } = requireMember(request, context, params.workspaceId);
  requirePermission(member, "kpi.manage", MANAGE_MESSAGE);
  const actor = { id: user.id, name: user.name };
  const isNew = params.code === NEW;
  const existing = isNew ? null : getDefinition(context.db, workspace.id, params.code ?? "");
  if (!isNew && !existing) notFound("There is no indicator with that code in the catalogue.");
  const form = await request.formData();
  const str = (k: string) => String(form.get(k) ?? "");
  const list = (k: string) => form.getAll(k).map(String);
  const base = `/w/${workspace.id}/indicators`;
  const intent = Intent.safeParse(str("intent"));
  if (!intent.success) return { ok: false, intent: str("intent"), errors: { form: intent.error.issues[0]!.message }, values: {} };

  if (intent.data === "save") {
    const kitemarks = list("kitemark");
    const unitIds = [...list("appliesUnitIds")];
    const mode = str("appliesMode") as AppliesMode;
    const values: Values = {
      code: existing ? existing.code : str("code"),
      name: str("name"),
      domain: str("domain"),
      unit: str("unit"),
      direction: str("direction"),
      chartType: str("chartType"),
      annualThreshold: str("annualThreshold"),
      numerator: str("numerator"),
      denominator: str("denominator"),
      dataSource: str("dataSource"),
      nationalReference: str("nationalReference"),
      owner: str("owner"),
      reviewedFor: str("reviewedFor"),
      appliesMode: mode,
      appliesUnitIds: unitIds.join(","),
      kitemark: kitemarks.join(","),
    };
    const def: KpiDefinition = {
      // A new code is read in capitals; an existing entry keeps its code whatever the form says.
      code: existing ? existing.code : values.code.trim().toUpperCase(),
      name: values.name.trim(),
      domain: values.domain as KpiDefinition["domain"],
      unit: values.unit.trim(),
      direction: values.direction as Direction,
      chartType: values.chartType as KpiDefinition["chartType"],
      numerator: values.numerator.trim(),
      denominator: values.denominator.trim(),
      dataSource: values.dataSource.trim(),
      nationalReference: values.nationalReference.trim(),
      owner: values.owner.trim(),
      kitemark: { timely: kitemarks.includes("timely"), complete: kitemarks.includes("complete"), validated: kitemarks.includes("validated"), audited: kitemarks.includes("audited") },
      annualThreshold: numberOrNull(values.annualThreshold),
      reviewedFor: values.reviewedFor.trim(),
      appliesTo: mode === "all" ? { mode: "all" } : { mode, unitIds: [...new Set(unitIds)] },
    };
    const lines = await serviceLineOptions(context, workspace.id);
    const errors: FieldErrors = validateDefinition(def, lines.map((l) => l.id));
    if (!(APPLIES_MODES as readonly string[]).includes(mode)) errors.appliesTo = "Choose which service lines it applies to";
    if (isNew && !errors.code && getDefinition(context.db, workspace.id, def.code)) errors.code = `${def.code} is already in the catalogue; choose another code or edit that entry`;
    if (Object.keys(errors).length) return { ok: false, intent: "save", errors, values };
    saveDefinition(context.db, workspace.id, def, actor);
    throw redirect(`${base}/${def.code}?saved=${isNew ? "created" : "definition"}`);
  }

  // addTarget
  if (!existing) return { ok: false, intent: "addTarget", errors: { form: "Add the indicator to the catalogue before setting its targets." }, values: {} };
  const values: Values = { targetYear: str("targetYear"), targetValue: str("targetValue"), targetSource: str("targetSource") };
  const fy = parseFinancialYear(values.targetYear);
  const target = { code: existing.code, year: fy.ok ? fy.value.label : values.targetYear.trim(), value: numberOrNull(values.targetValue) ?? Number.NaN, source: values.targetSource.trim() };
  const problems = validateTarget(target, existing);
  const errors: FieldErrors = {};
  if (problems.year) errors.targetYear = problems.year;
  if (problems.value) errors.targetValue = problems.value;
  if (problems.source) errors.targetSource = problems.source;
  if (problems.code) errors.form = problems.code;
  if (Object.keys(errors).length) return { ok: false, intent: "addTarget", errors, values };
  saveTarget(context.db, workspace.id, target, actor);
  throw redirect(`${base}/${existing.code}?saved=target&year=${encodeURIComponent(target.year)}`);
}

const formatValue = (value: number, unit: string) => (unit === "%" ? `${value}%` : unit ? `${value} ${unit}` : String(value));

export default function Indicator() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const failed = result && !result.ok ? result : null;
  const err = (intent: string, field: string) => (failed?.intent === intent ? failed.errors[field] : undefined);
  const def = d.def;
  // What the edit form shows: what was just refused, else the entry as stored, else blanks for a new one.
  const v = (field: string, stored: string) => (failed?.intent === "save" ? (failed.values[field] ?? "") : stored);
  const set = (field: string, stored: string[]) => new Set(failed?.intent === "save" ? (failed.values[field] ?? "").split(",").filter(Boolean) : stored);
  const storedIds = def && def.appliesTo.mode !== "all" ? def.appliesTo.unitIds : [];
  const chosenIds = set("appliesUnitIds", storedIds);
  const chosenMarks = set("kitemark", def ? KITEMARK_DIMENSIONS.filter((k) => def.kitemark[k]) : []);
  const mode = v("appliesMode", def?.appliesTo.mode ?? "all");
  const divisions = [...new Set(d.lines.map((l) => l.division))];
  const title = def ? `${def.code}: ${def.name}` : "Add an indicator to the catalogue";

  const editForm = (
    <Form method="post" noValidate>
      <input type="hidden" name="intent" value="save" />
      {d.isNew ? (
        <TextField name="code" label="Code" hint="2 to 12 capital letters or digits, starting with a letter, for example RTT18. It cannot be changed later." autoComplete="off" spellCheck={false} defaultValue={v("code", "")} error={err("save", "code")} />
      ) : null}
      <TextField name="name" label="Name" autoComplete="off" defaultValue={v("name", def?.name ?? "")} error={err("save", "name")} />
      <SelectField name="domain" label="Domain" defaultValue={v("domain", def?.domain ?? "quality")} error={err("save", "domain")}>
        {KPI_DOMAINS.map((x) => (
          <option key={x} value={x}>
            {KPI_DOMAIN_LABELS[x]}
          </option>
        ))}
      </SelectField>
      <TextField name="unit" label="Unit" hint="For example % or per 1,000 bed days; leave blank for a count" autoComplete="off" defaultValue={v("unit", def?.unit ?? "")} error={err("save", "unit")} />
      <div className={"nhsuk-form-group" + (err("save", "direction") ? " nhsuk-form-group--error" : "")}>
        <fieldset className="nhsuk-fieldset" id="direction">
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Improvement direction</legend>
          {err("save", "direction") ? <span className="nhsuk-error-message">{err("save", "direction")}</span> : null}
          <div className="nhsuk-radios nhsuk-radios--inline">
            {DIRECTIONS.map((x) => (
              <div className="nhsuk-radios__item" key={x}>
                <input className="nhsuk-radios__input" id={`direction-${x}`} name="direction" type="radio" value={x} defaultChecked={v("direction", def?.direction ?? "higher") === x} />
                <label className="nhsuk-label nhsuk-radios__label" htmlFor={`direction-${x}`}>
                  {DIRECTION_LABELS[x]}
                </label>
              </div>
            ))}
          </div>
        </fieldset>
      </div>
      <SelectField name="chartType" label="Chart" defaultValue={v("chartType", def?.chartType ?? "xmr")} error={err("save", "chartType")}>
        {CHART_TYPES.map((x) => (
          <option key={x} value={x}>
            {CHART_TYPE_LABELS[x]}
          </option>
        ))}
      </SelectField>
      <TextField
        name="annualThreshold"
        label="Annual threshold (for a count against an annual threshold only)"
        hint="The most events a year before it counts as failed, for example 0 for MRSA. Leave blank for any other chart."
        inputMode="numeric"
        autoComplete="off"
        className="nhsuk-input--width-5"
        defaultValue={v("annualThreshold", def?.annualThreshold === null || def?.annualThreshold === undefined ? "" : String(def.annualThreshold))}
        error={err("save", "annualThreshold")}
      />
      <TextField name="numerator" label="Numerator: what is counted" autoComplete="off" defaultValue={v("numerator", def?.numerator ?? "")} error={err("save", "numerator")} />
      <TextField name="denominator" label="Denominator (optional)" hint="What the count is divided by; leave blank for a count" autoComplete="off" defaultValue={v("denominator", def?.denominator ?? "")} error={err("save", "denominator")} />
      <TextField name="dataSource" label="Data source" hint="The system or return the figures come from" autoComplete="off" defaultValue={v("dataSource", def?.dataSource ?? "")} error={err("save", "dataSource")} />
      <TextField name="nationalReference" label="National definition" hint="The national definition it follows, or Local definition" autoComplete="off" defaultValue={v("nationalReference", def?.nationalReference ?? "")} error={err("save", "nationalReference")} />
      <TextField name="owner" label="Owner" hint="For example Chief Operating Officer" autoComplete="off" defaultValue={v("owner", def?.owner ?? "")} error={err("save", "owner")} />
      <div className={"nhsuk-form-group" + (err("save", "kitemark") ? " nhsuk-form-group--error" : "")}>
        <fieldset className="nhsuk-fieldset" id="kitemark" aria-describedby="kitemark-hint">
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Data quality kitemark</legend>
          <div className="nhsuk-hint" id="kitemark-hint">
            Tick each part the data meets.
          </div>
          {err("save", "kitemark") ? <span className="nhsuk-error-message">{err("save", "kitemark")}</span> : null}
          <div className="nhsuk-checkboxes">
            {KITEMARK_DIMENSIONS.map((k) => (
              <div className="nhsuk-checkboxes__item" key={k}>
                <input className="nhsuk-checkboxes__input" id={`kitemark-${k}`} name="kitemark" type="checkbox" value={k} defaultChecked={chosenMarks.has(k)} />
                <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={`kitemark-${k}`}>
                  {KITEMARK_LABELS[k]}
                </label>
              </div>
            ))}
          </div>
        </fieldset>
      </div>
      <TextField name="reviewedFor" label="Reviewed and set for" hint={`The financial year, for example ${d.currentYear}`} autoComplete="off" className="nhsuk-input--width-10" defaultValue={v("reviewedFor", def?.reviewedFor ?? d.currentYear)} error={err("save", "reviewedFor")} />
      <div className={"nhsuk-form-group" + (err("save", "appliesTo") ? " nhsuk-form-group--error" : "")}>
        <fieldset className="nhsuk-fieldset" id="appliesTo">
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Which service lines it applies to</legend>
          {err("save", "appliesTo") ? <span className="nhsuk-error-message">{err("save", "appliesTo")}</span> : null}
          <div className="nhsuk-radios">
            {(
              [
                ["all", "All service lines"],
                ["only", "Only the service lines ticked below"],
                ["except", "All except the service lines ticked below"],
              ] as const
            ).map(([m, label]) => (
              <div className="nhsuk-radios__item" key={m}>
                <input className="nhsuk-radios__input" id={`appliesMode-${m}`} name="appliesMode" type="radio" value={m} defaultChecked={mode === m} />
                <label className="nhsuk-label nhsuk-radios__label" htmlFor={`appliesMode-${m}`}>
                  {label}
                </label>
              </div>
            ))}
          </div>
          {divisions.map((div) => (
            <fieldset className="nhsuk-fieldset nhsuk-u-margin-top-3" key={div}>
              <legend className="nhsuk-fieldset__legend">{div}</legend>
              <div className="nhsuk-checkboxes nhsuk-checkboxes--small">
                {d.lines
                  .filter((l) => l.division === div)
                  .map((l) => (
                    <div className="nhsuk-checkboxes__item" key={l.id}>
                      <input className="nhsuk-checkboxes__input" id={`line-${l.id}`} name="appliesUnitIds" type="checkbox" value={l.id} defaultChecked={chosenIds.has(l.id)} />
                      <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={`line-${l.id}`}>
                        {l.name}
                      </label>
                    </div>
                  ))}
              </div>
            </fieldset>
          ))}
          {d.missingUnits.length ? (
            <fieldset className="nhsuk-fieldset nhsuk-u-margin-top-3">
              <legend className="nhsuk-fieldset__legend">Named by this entry but not in the structure</legend>
              <div className="nhsuk-checkboxes nhsuk-checkboxes--small">
                {d.missingUnits.map((id) => (
                  <div className="nhsuk-checkboxes__item" key={id}>
                    <input className="nhsuk-checkboxes__input" id={`line-${id}`} name="appliesUnitIds" type="checkbox" value={id} defaultChecked={chosenIds.has(id)} />
                    <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={`line-${id}`}>
                      {id}: untick to save the entry
                    </label>
                  </div>
                ))}
              </div>
            </fieldset>
          ) : null}
        </fieldset>
      </div>
      <button className="nhsuk-button" type="submit" disabled={busy}>
        {d.isNew ? "Add to the catalogue" : "Save changes"}
      </button>
    </Form>
  );

  return (
    <>
      <nav className="nhsuk-breadcrumb" aria-label="Breadcrumb">
        <ol className="nhsuk-breadcrumb__list">
          <li className="nhsuk-breadcrumb__item">
            <Link className="nhsuk-breadcrumb__link" to={`/w/${d.workspaceId}/indicators`}>
              KPI catalogue
            </Link>
          </li>
        </ol>
      </nav>
      <ErrorSummary errors={failed?.errors} />
      {d.message ? (
        <div className="nhsuk-inset-text" role="status">
          <p>{d.message}</p>
        </div>
      ) : null}
      <h1>{title}</h1>

      {d.isNew ? (
        editForm
      ) : def ? (
        <>
          {def.reviewedFor < d.currentYear ? (
            <div className="nhsuk-warning-callout">
              <h2 className="nhsuk-warning-callout__label">
                <span role="text">Due for review</span>
              </h2>
              <p>
                This indicator was last reviewed and set for {def.reviewedFor}; the catalogue is reviewed each year ({d.currentYear} now).
              </p>
            </div>
          ) : null}
          <dl className="nhsuk-summary-list">
            {(
              [
                ["Code", def.code],
                ["Domain", KPI_DOMAIN_LABELS[def.domain]],
                ["Unit", def.unit || "Count"],
                ["Improvement direction", DIRECTION_LABELS[def.direction]],
                ["Chart", CHART_TYPE_LABELS[def.chartType]],
                ...(def.chartType === "rare_count" ? ([["Annual threshold", `${def.annualThreshold ?? "Not set"} a year`]] as const) : []),
                ["Numerator", def.numerator],
                ["Denominator", def.denominator || "None"],
                ["Data source", def.dataSource],
                ["National definition", def.nationalReference],
                ["Owner", def.owner],
                ["Reviewed and set for", def.reviewedFor],
                ["Applies to", d.applies],
              ] as const
            ).map(([k, value]) => (
              <div className="nhsuk-summary-list__row" key={k}>
                <dt className="nhsuk-summary-list__key">{k}</dt>
                <dd className="nhsuk-summary-list__value">{value}</dd>
              </div>
            ))}
            <div className="nhsuk-summary-list__row">
              <dt className="nhsuk-summary-list__key">Data quality kitemark</dt>
              <dd className="nhsuk-summary-list__value">
                <KitemarkList items={d.kitemark} />
              </dd>
            </div>
          </dl>

          <h2 id="targets">Targets by year</h2>
          {d.targets.length ? (
            <table className="nhsuk-table">
              <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">Targets for {def.name} by financial year</caption>
              <thead className="nhsuk-table__head">
                <tr>
                  <th scope="col">Financial year</th>
                  <th scope="col">Target</th>
                  <th scope="col">Source</th>
                </tr>
              </thead>
              <tbody className="nhsuk-table__body">
                {d.targets.map((t) => (
                  <tr key={t.year}>
                    <td>{t.year}</td>
                    <td>
                      {def.direction === "higher" ? "At least " : def.direction === "lower" ? "At most " : ""}
                      {formatValue(t.value, def.unit)}
                      {def.chartType === "rare_count" ? " a year" : ""}
                    </td>
                    <td>{t.source}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p>No targets have been set for this indicator.</p>
          )}

          {d.canManage ? (
            <>
              <details className="nhsuk-details" open={failed?.intent === "addTarget"}>
                <summary className="nhsuk-details__summary">
                  <span className="nhsuk-details__summary-text">Set a target for a year</span>
                </summary>
                <div className="nhsuk-details__text">
                  <p>A target already set for the year is replaced.</p>
                  <Form method="post" noValidate>
                    <input type="hidden" name="intent" value="addTarget" />
                    <TextField name="targetYear" label="Financial year" hint={`For example ${d.currentYear}`} autoComplete="off" className="nhsuk-input--width-10" defaultValue={failed?.intent === "addTarget" ? failed.values.targetYear : undefined} error={err("addTarget", "targetYear")} />
                    <TextField name="targetValue" label={`Target${def.unit ? ` (${def.unit})` : ""}`} inputMode="decimal" autoComplete="off" className="nhsuk-input--width-10" defaultValue={failed?.intent === "addTarget" ? failed.values.targetValue : undefined} error={err("addTarget", "targetValue")} />
                    <TextField name="targetSource" label="Source" hint="Name it with its year, for example NHS England planning guidance 2026/27: 82% by March 2027" autoComplete="off" defaultValue={failed?.intent === "addTarget" ? failed.values.targetSource : undefined} error={err("addTarget", "targetSource")} />
                    <button className="nhsuk-button" type="submit" disabled={busy}>
                      Set target
                    </button>
                  </Form>
                </div>
              </details>
              <details className="nhsuk-details" open={failed?.intent === "save"}>
                <summary className="nhsuk-details__summary">
                  <span className="nhsuk-details__summary-text">Edit this catalogue entry</span>
                </summary>
                <div className="nhsuk-details__text">{editForm}</div>
              </details>
            </>
          ) : null}
        </>
      ) : null}
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.def ? `${data.def.code}: ${data.def.name}` : "Add an indicator"} – KPI catalogue – Devolve` }];
