import { MATURITY_LEVELS, type MaturityLevel } from "../../../shared/maturity/framework";

interface Props {
  id: string;
  label: string;
  value: MaturityLevel | null;
  disabled?: boolean;
  onChange(level: MaturityLevel | null): void;
  onFocus?(): void;
  /** What "no level" is called ("Not scored"). */
  none?: string;
}

/** A choice of SLM maturity level 1–4 (4 = most mature), or none. */
export function LevelSelect({ id, label, value, disabled, onChange, onFocus, none = "Not scored" }: Props) {
  return (
    <div className="nhsuk-form-group app-assessment-field">
      <label className="nhsuk-label" htmlFor={id}>
        {label}
      </label>
      <select className="nhsuk-select" id={id} value={value ?? ""} disabled={disabled} onFocus={onFocus} onChange={(e) => onChange(e.target.value ? (Number(e.target.value) as MaturityLevel) : null)}>
        <option value="">{none}</option>
        {MATURITY_LEVELS.map((l) => (
          <option key={l} value={l}>
            Level {l}
          </option>
        ))}
      </select>
    </div>
  );
}
