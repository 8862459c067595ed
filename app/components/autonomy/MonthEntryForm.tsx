import { Form, useNavigation } from "@remix-run/react";
import type { MonthObservation } from "../../../shared/autonomy";
import { formatDate, formatMonth } from "../../../shared/format";
import { indField } from "../../utils/month-entry";

const EXTRA_ROWS = 2;

function numText(n: number | undefined): string {
  return n === undefined || Number.isNaN(n) ? "" : String(n);
}

/**
 * One service line's figures for one month: indicator rows (code, name, kind, value, target, direction,
 * key, unit), the financial plan and actual, and policy adherence. Saving replaces that month's figures.
 */
export interface MonthEntry {
  unitId: string;
  name: string;
  month: string;
  template: MonthObservation;
  existing: boolean;
  /** Why the month cannot be changed (a determination used it), or null. */
  lock: string | null;
  /** Earlier corrections and deletions of this month, newest first. */
  history: { id: number; kind: "correct" | "delete"; reason: string; byName: string | null; on: string }[];
  /** Indicator codes (upper case) the trust's rules mark key or not: the rules decide those, not this form. */
  ruleKeys: Record<string, boolean>;
}

export function MonthEntryForm({
  entry,
  errors,
  values,
  deleteErrors,
}: {
  entry: MonthEntry;
  errors?: Record<string, string>;
  values?: Record<string, string>;
  deleteErrors?: Record<string, string>;
}) {
  const busy = useNavigation().state === "submitting";
  const rows = entry.template.indicators.length + EXTRA_ROWS;
  const v = (key: string, fallback: string) => (values ? (values[key] ?? "") : fallback);
  const err = (key: string) => errors?.[key];
  const cls = (base: string, key: string) => base + (err(key) ? ` ${base}--error` : "");
  const t = entry.template;
  const history = entry.history.length ? (
    <>
      <h4 id="entry-history-heading">Changes to {formatMonth(entry.month)}</h4>
      <ul className="nhsuk-list" aria-labelledby="entry-history-heading">
        {entry.history.map((c) => (
          <li key={c.id}>
            {c.kind === "delete" ? "Deleted" : "Corrected"} on {formatDate(c.on)}
            {c.byName ? ` by ${c.byName}` : ""}: {c.reason}
          </li>
        ))}
      </ul>
    </>
  ) : null;
  if (entry.lock) {
    return (
      <section aria-labelledby="entry-form-heading">
        <h3 id="entry-form-heading">
          {entry.name}, {formatMonth(entry.month)}
        </h3>
        <div className="nhsuk-inset-text" data-testid="month-locked">
          <p>
            These figures are locked: they were {entry.lock}. A month a review has used cannot be corrected or deleted, so the record it made stays true to the
            figures it saw.
          </p>
        </div>
        {history}
      </section>
    );
  }
  return (
    <>
    <Form method="post" noValidate aria-labelledby="entry-form-heading">
      <h3 id="entry-form-heading">
        {entry.name}, {formatMonth(entry.month)}
      </h3>
      <p>{entry.existing ? "These are the figures already held for this month; saving corrects them, and the reason is kept in the month's history." : "Indicators and plan are carried over from the month before; enter this month's values."}</p>
      <input type="hidden" name="intent" value="enter" />
      <input type="hidden" name="line" value={entry.unitId} />
      <input type="hidden" name="month" value={entry.month} />
      <input type="hidden" name="rows" value={rows} />
      <div className="app-table-scroll">
        <table className="nhsuk-table app-entry-table">
          <caption className="nhsuk-table__caption nhsuk-table__caption--s">Indicators (leave a row empty to leave it out)</caption>
          <thead>
            <tr>
              <th scope="col">Code</th>
              <th scope="col">Name</th>
              <th scope="col">Kind</th>
              <th scope="col">Value</th>
              <th scope="col">Target</th>
              <th scope="col">Better when</th>
              <th scope="col">Key</th>
              <th scope="col">Unit</th>
            </tr>
          </thead>
          <tbody>
            {Array.from({ length: rows }, (_, i) => {
              const ind = t.indicators[i];
              const label = (what: string) => `${what}, indicator row ${i + 1}${ind ? ` (${ind.name})` : ""}`;
              const cell = (name: Parameters<typeof indField>[1]) => ({ id: indField(i, name), name: indField(i, name), "aria-invalid": err(indField(i, name)) ? true : undefined });
              return (
                <tr key={i}>
                  <td className="app-entry-table__code">
                    <input {...cell("code")} className={cls("nhsuk-input", indField(i, "code"))} aria-label={label("Code")} defaultValue={v(indField(i, "code"), ind?.code ?? "")} />
                    {err(indField(i, "code")) ? <span className="app-cell-error">{err(indField(i, "code"))}</span> : null}
                  </td>
                  <td>
                    <input {...cell("name")} className="nhsuk-input" aria-label={label("Name")} defaultValue={v(indField(i, "name"), ind?.name ?? "")} />
                  </td>
                  <td>
                    <select {...cell("kind")} className={cls("nhsuk-select", indField(i, "kind"))} aria-label={label("Kind")} defaultValue={v(indField(i, "kind"), ind?.kind ?? "")}>
                      <option value="">Choose</option>
                      <option value="quality">Quality</option>
                      <option value="performance">Performance</option>
                      <option value="workforce">Workforce</option>
                    </select>
                  </td>
                  <td className="app-entry-table__num">
                    <input {...cell("value")} className={cls("nhsuk-input", indField(i, "value"))} inputMode="decimal" aria-label={label("Value")} defaultValue={v(indField(i, "value"), numText(ind?.value))} />
                    {err(indField(i, "value")) ? <span className="app-cell-error">{err(indField(i, "value"))}</span> : null}
                  </td>
                  <td className="app-entry-table__num">
                    <input {...cell("target")} className={cls("nhsuk-input", indField(i, "target"))} inputMode="decimal" aria-label={label("Target")} defaultValue={v(indField(i, "target"), numText(ind?.target))} />
                  </td>
                  <td>
                    <select {...cell("direction")} className={cls("nhsuk-select", indField(i, "direction"))} aria-label={label("Better when")} defaultValue={v(indField(i, "direction"), ind?.direction ?? "")}>
                      <option value="">Choose</option>
                      <option value="higher">Higher</option>
                      <option value="lower">Lower</option>
                    </select>
                  </td>
                  <td>
                    {ind && entry.ruleKeys[ind.code.toUpperCase()] !== undefined ? (
                      // The rules' list decides which indicators are key; a tick here would be ignored.
                      <span className="app-readonly-value">{entry.ruleKeys[ind.code.toUpperCase()] ? "Yes" : "No"} (set in the rules)</span>
                    ) : (
                      <input {...cell("key")} type="checkbox" aria-label={label("Key indicator (for an indicator the rules do not list)")} defaultChecked={values ? values[indField(i, "key")] === "on" : Boolean(ind?.key)} />
                    )}
                  </td>
                  <td className="app-entry-table__num">
                    <input {...cell("unit")} className="nhsuk-input" aria-label={label("Unit")} defaultValue={v(indField(i, "unit"), ind?.unit ?? "")} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <fieldset className="nhsuk-fieldset nhsuk-u-margin-bottom-4">
        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Financial plan (net contribution for the month, £)</legend>
        <div className="app-level-filter">
          {(["plan", "actual", "tolerance"] as const).map((k) => (
            <div key={k} className={"nhsuk-form-group" + (err(k) ? " nhsuk-form-group--error" : "")}>
              <label className="nhsuk-label" htmlFor={k}>
                {k === "plan" ? "Plan (£)" : k === "actual" ? "Actual (£)" : "Tolerance % (blank: trust rule)"}
              </label>
              {err(k) ? <span className="nhsuk-error-message">{err(k)}</span> : null}
              <input
                className={cls("nhsuk-input", k) + " nhsuk-input--width-10"}
                id={k}
                name={k}
                inputMode="decimal"
                defaultValue={v(k, k === "plan" ? numText(t.finance?.plan) : k === "actual" ? numText(t.finance?.actual) : numText(t.finance?.tolerancePct))}
              />
            </div>
          ))}
        </div>
      </fieldset>
      <div className={"nhsuk-form-group" + (err("adherent") ? " nhsuk-form-group--error" : "")}>
        <fieldset className="nhsuk-fieldset" id="adherent">
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Full adherence to trust policies and protocols this month?</legend>
          {err("adherent") ? <span className="nhsuk-error-message">{err("adherent")}</span> : null}
          <div className="nhsuk-radios nhsuk-radios--inline">
            {[
              ["yes", "Yes"],
              ["no", "No"],
              ["", "Not reported"],
            ].map(([value, text]) => (
              <div className="nhsuk-radios__item" key={value}>
                <input
                  className="nhsuk-radios__input"
                  id={`adherent-${value || "none"}`}
                  name="adherent"
                  type="radio"
                  value={value}
                  defaultChecked={v("adherent", t.policy ? (t.policy.adherent ? "yes" : "no") : "") === value}
                />
                <label className="nhsuk-label nhsuk-radios__label" htmlFor={`adherent-${value || "none"}`}>
                  {text}
                </label>
              </div>
            ))}
          </div>
        </fieldset>
      </div>
      <div className="nhsuk-form-group">
        <label className="nhsuk-label" htmlFor="note">
          Note on policy adherence (optional)
        </label>
        <input className="nhsuk-input" id="note" name="note" defaultValue={v("note", t.policy?.note ?? "")} />
      </div>
      {entry.existing ? (
        <div className={"nhsuk-form-group" + (err("reason") ? " nhsuk-form-group--error" : "")}>
          <label className="nhsuk-label" htmlFor="reason">
            Reason for the correction
          </label>
          <div className="nhsuk-hint">Kept in this month&apos;s history, with your name.</div>
          {err("reason") ? <span className="nhsuk-error-message">{err("reason")}</span> : null}
          <input className={cls("nhsuk-input", "reason")} id="reason" name="reason" maxLength={500} defaultValue={v("reason", "")} aria-invalid={err("reason") ? true : undefined} />
        </div>
      ) : null}
      <button className="nhsuk-button" type="submit" disabled={busy}>
        {entry.existing ? `Correct the figures for ${formatMonth(entry.month)}` : `Save figures for ${formatMonth(entry.month)}`}
      </button>
    </Form>
    {entry.existing ? (
      <Form method="post" noValidate aria-labelledby="delete-month-heading" className="nhsuk-u-margin-top-5">
        <h4 id="delete-month-heading">Delete the figures for {formatMonth(entry.month)}</h4>
        <input type="hidden" name="intent" value="delete" />
        <input type="hidden" name="line" value={entry.unitId} />
        <input type="hidden" name="month" value={entry.month} />
        <div className={"nhsuk-form-group" + (deleteErrors?.deleteReason ? " nhsuk-form-group--error" : "")}>
          <label className="nhsuk-label" htmlFor="deleteReason">
            Reason for deleting them
          </label>
          {deleteErrors?.deleteReason ? <span className="nhsuk-error-message">{deleteErrors.deleteReason}</span> : null}
          <input className="nhsuk-input" id="deleteReason" name="deleteReason" maxLength={500} aria-invalid={deleteErrors?.deleteReason ? true : undefined} />
        </div>
        <button className="nhsuk-button nhsuk-button--warning" type="submit" disabled={busy}>
          Delete the figures for {formatMonth(entry.month)}
        </button>
      </Form>
    ) : null}
    {history}
    </>
  );
}
