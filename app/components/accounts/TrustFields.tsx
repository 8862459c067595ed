import { SelectField, TextField, type FieldErrors } from "../ui/forms";
import { MONTHS } from "../../utils/trust-form";

/** The new trust's details: name, ODS code, foundation trust or not, financial year start, starting scheme. */
export function TrustDetailsFields({ errors, values }: { errors?: FieldErrors; values?: Record<string, string> }) {
  const ft = values?.foundationTrust;
  return (
    <>
      <TextField name="trustName" label="Trust name" hint="As the trust writes it, for example Northfield Community Health NHS Trust" autoComplete="organization" defaultValue={values?.trustName} error={errors?.trustName} />
      <TextField name="odsCode" label="ODS code" hint="The trust's organisation code in the NHS Organisation Data Service, for example RXX" className="nhsuk-input--width-5" spellCheck={false} defaultValue={values?.odsCode} error={errors?.odsCode} />
      <div className={"nhsuk-form-group" + (errors?.foundationTrust ? " nhsuk-form-group--error" : "")}>
        <fieldset className="nhsuk-fieldset" id="foundationTrust" aria-describedby="foundationTrust-hint">
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Is it a foundation trust?</legend>
          <div className="nhsuk-hint" id="foundationTrust-hint">
            A foundation trust's scheme of delegation starts with its Council of Governors.
          </div>
          {errors?.foundationTrust ? <span className="nhsuk-error-message">{errors.foundationTrust}</span> : null}
          <div className="nhsuk-radios nhsuk-radios--inline">
            <div className="nhsuk-radios__item">
              <input className="nhsuk-radios__input" id="foundationTrust-yes" name="foundationTrust" type="radio" value="yes" defaultChecked={ft === "yes"} />
              <label className="nhsuk-label nhsuk-radios__label" htmlFor="foundationTrust-yes">
                Yes
              </label>
            </div>
            <div className="nhsuk-radios__item">
              <input className="nhsuk-radios__input" id="foundationTrust-no" name="foundationTrust" type="radio" value="no" defaultChecked={ft === "no"} />
              <label className="nhsuk-label nhsuk-radios__label" htmlFor="foundationTrust-no">
                No
              </label>
            </div>
          </div>
        </fieldset>
      </div>
      <SelectField name="financialYearStartMonth" label="Financial year starts in" hint="NHS trusts' financial year starts in April" defaultValue={values?.financialYearStartMonth ?? "4"} error={errors?.financialYearStartMonth}>
        {MONTHS.map((m, i) => (
          <option key={m} value={String(i + 1)}>
            {m}
          </option>
        ))}
      </SelectField>
      <div className="nhsuk-checkboxes nhsuk-u-margin-bottom-4">
        <div className="nhsuk-checkboxes__item">
          <input className="nhsuk-checkboxes__input" id="fromDemoScheme" name="fromDemoScheme" type="checkbox" defaultChecked={values?.fromDemoScheme === "on"} aria-describedby="fromDemoScheme-hint" />
          <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor="fromDemoScheme">
            Start from the demo trust's scheme of delegation and autonomy rules
          </label>
          <div className="nhsuk-hint nhsuk-checkboxes__hint" id="fromDemoScheme-hint">
            Otherwise the scheme starts with the default levels and decision areas and no decisions, ready for a workshop.
          </div>
        </div>
      </div>
    </>
  );
}
