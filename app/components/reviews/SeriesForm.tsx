import { Form, useNavigation } from "@remix-run/react";
import { MEETING_KIND_LABELS, MEETING_KINDS, TIER_LABELS, TIERS, type Tier } from "../../../shared/reviews/model";
import { CADENCE_LABELS, CADENCES, SEVERITIES, SEVERITY_LABELS, WEEKDAY_NAMES } from "../../../shared/reviews/schedule";
import { SelectField, TextField, type FieldErrors } from "../ui/forms";

const NTH = [
  [1, "First"],
  [2, "Second"],
  [3, "Third"],
  [4, "Fourth"],
  [-1, "Last"],
] as const;

/** Sets up a review series: tier, unit, chair and secretary, terms of reference, frequency and day. */
export function SeriesForm({ units, people, errors, values }: { units: { id: string; name: string; tier: Tier }[]; people: { id: string; name: string }[]; errors?: FieldErrors; values?: Record<string, string> }) {
  const busy = useNavigation().state === "submitting";
  const v = values ?? {};
  return (
    <Form method="post" noValidate data-testid="series-form">
      <TextField name="name" label="Name" defaultValue={v.name} error={errors?.name} hint="For example, Medicine divisional performance review" />
      <SelectField name="kind" label="Kind" defaultValue={v.kind ?? "performance_review"} error={errors?.kind}>
        {MEETING_KINDS.map((k) => (
          <option key={k} value={k}>
            {MEETING_KIND_LABELS[k]}
          </option>
        ))}
      </SelectField>
      <SelectField name="tier" label="Tier" defaultValue={v.tier ?? "division"} error={errors?.tier}>
        {TIERS.map((t) => (
          <option key={t} value={t}>
            {TIER_LABELS[t]}
          </option>
        ))}
      </SelectField>
      <SelectField name="unitId" label="Division, service line or team reviewed" defaultValue={v.unitId ?? ""} error={errors?.unitId} hint="Leave as trust-wide for the accountability review">
        <option value="">Trust-wide</option>
        {units.map((u) => (
          <option key={u.id} value={u.id}>
            {u.name} ({TIER_LABELS[u.tier].toLowerCase()})
          </option>
        ))}
      </SelectField>
      <TextField name="chairName" label="Chair" defaultValue={v.chairName} error={errors?.chairName} />
      <SelectField name="chairUserId" label="The chair in Devolve (may record meetings and every action)" defaultValue={v.chairUserId ?? ""} error={errors?.chairUserId}>
        <option value="">Not a member of Devolve</option>
        {people.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </SelectField>
      <TextField name="secretaryName" label="Secretary (keeps the action log)" defaultValue={v.secretaryName} error={errors?.secretaryName} />
      <SelectField name="secretaryUserId" label="The secretary in Devolve" defaultValue={v.secretaryUserId ?? ""} error={errors?.secretaryUserId}>
        <option value="">Not a member of Devolve</option>
        {people.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </SelectField>
      <div className={"nhsuk-form-group" + (errors?.essentialAttendees ? " nhsuk-form-group--error" : "")}>
        <label className="nhsuk-label" htmlFor="essentialAttendees">
          Essential attendees (terms of reference)
        </label>
        <div className="nhsuk-hint" id="essentialAttendees-hint">
          One a line: name, role
        </div>
        {errors?.essentialAttendees ? (
          <span className="nhsuk-error-message" id="essentialAttendees-error">
            <span className="nhsuk-u-visually-hidden">Error:</span> {errors.essentialAttendees}
          </span>
        ) : null}
        <textarea className="nhsuk-textarea" id="essentialAttendees" name="essentialAttendees" rows={5} defaultValue={v.essentialAttendees} aria-describedby="essentialAttendees-hint" />
      </div>
      <TextField name="quorum" label="Quorum: essential attendees present" inputMode="numeric" defaultValue={v.quorum ?? "3"} error={errors?.quorum} className="nhsuk-input--width-3" />
      <SelectField name="frequency" label="Frequency" defaultValue={v.frequency ?? "fixed"} error={errors?.frequency}>
        <option value="fixed">Fixed</option>
        <option value="by_level">Set by the line's earned-autonomy level</option>
      </SelectField>
      <SelectField name="cadence" label="Fixed frequency" defaultValue={v.cadence ?? "monthly"} error={errors?.cadence}>
        <option value="">Not fixed</option>
        {CADENCES.map((c) => (
          <option key={c} value={c}>
            {CADENCE_LABELS[c]}
          </option>
        ))}
      </SelectField>
      <SelectField name="severity" label="At level 4, depending on severity (ULHT §5.2)" defaultValue={v.severity ?? "moderate"} error={errors?.severity}>
        {SEVERITIES.map((s) => (
          <option key={s} value={s}>
            {SEVERITY_LABELS[s]}
          </option>
        ))}
      </SelectField>
      <SelectField name="ruleNth" label="Week of the month" defaultValue={v.ruleNth ?? "2"} error={errors?.ruleNth}>
        {NTH.map(([n, label]) => (
          <option key={n} value={n}>
            {label}
          </option>
        ))}
      </SelectField>
      <SelectField name="ruleWeekday" label="Day" defaultValue={v.ruleWeekday ?? "2"} error={errors?.ruleWeekday}>
        {[1, 2, 3, 4, 5].map((d) => (
          <option key={d} value={d}>
            {WEEKDAY_NAMES[d]}
          </option>
        ))}
      </SelectField>
      <TextField name="actionPrefix" label="Action reference prefix" defaultValue={v.actionPrefix} error={errors?.actionPrefix} hint="Up to 8 capital letters, like MED" className="nhsuk-input--width-10" />
      <button className="nhsuk-button" type="submit" disabled={busy}>
        Set up the series
      </button>
    </Form>
  );
}
