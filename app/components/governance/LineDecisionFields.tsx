import { SelectField } from "../ui/forms";

export interface LineDecisionOptions {
  lines: { id: string; name: string; division: string | null }[];
  areas: { id: string; label: string; decisions: { id: string; title: string }[] }[];
}

/** The service-line and decision choices that Who decides? and the authority check share. */
export function LineDecisionFields({ options, values, errors }: { options: LineDecisionOptions; values: { line: string; decision: string }; errors?: Partial<Record<string, string>> | null }) {
  return (
    <>
      <SelectField name="line" label="Service line" defaultValue={values.line} error={errors?.line}>
        <option value="">Choose a service line</option>
        {options.lines.map((l) => (
          <option key={l.id} value={l.id}>
            {l.name}
            {l.division ? ` (${l.division})` : ""}
          </option>
        ))}
      </SelectField>
      <SelectField name="decision" label="Decision" defaultValue={values.decision} error={errors?.decision}>
        <option value="">Choose a decision</option>
        {options.areas.map((area) => (
          <optgroup key={area.id} label={area.label}>
            {area.decisions.map((dec) => (
              <option key={dec.id} value={dec.id}>
                {dec.title}
              </option>
            ))}
          </optgroup>
        ))}
      </SelectField>
    </>
  );
}
