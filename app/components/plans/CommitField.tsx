import { useId, useState } from "react";
import { formatCount, parseNumber } from "../../../shared/format/money";
import type { Result } from "../../../shared/collab/ytools";

export type FieldKind = "text" | "money" | "number" | "int" | "percent" | "date";

/** How a stored value reads in a field: money with thousands separators, numbers as typed. */
export function showValue(kind: FieldKind, v: unknown): string {
  if (v === null || v === undefined || v === "") return "";
  if (kind === "money" || kind === "int") return typeof v === "number" ? formatCount(v) : String(v);
  return String(v);
}

/** Reads what a person typed: "" is null (for nullable numbers); money is whole pounds, may be negative. */
export function parseValue(kind: FieldKind, raw: string): { ok: true; value: string | number | null } | { ok: false; error: string } {
  const t = raw.trim();
  if (kind === "text" || kind === "date") {
    if (kind === "date" && t && !/^\d{4}-\d{2}-\d{2}$/.test(t)) return { ok: false, error: "Write the date as YYYY-MM-DD, for example 2027-06-30" };
    return { ok: true, value: kind === "text" ? raw : t };
  }
  if (t === "") return { ok: true, value: null };
  const parsed = parseNumber(t, { allowNegative: true });
  if (!parsed.ok) return { ok: false, error: kind === "money" ? "Enter whole pounds, for example 250,000" : "Enter a number, for example 92.5" };
  const value = parsed.value;
  if ((kind === "money" || kind === "int") && !Number.isInteger(value)) return { ok: false, error: kind === "money" ? "Enter whole pounds, without pence" : "Enter a whole number" };
  return { ok: true, value };
}

interface Props {
  label: string;
  /** Shown to screen readers only (the column heading is visible). */
  hideLabel?: boolean;
  kind: FieldKind;
  value: unknown;
  readOnly?: boolean;
  /** Writes the value; a refusal is shown beside the field and nothing changes. */
  onCommit(value: string | number | null): Result;
  onFocus?(): void;
  onBlur?(): void;
  width?: string;
  testId?: string;
}

/**
 * One editable cell of a plan. While it has focus it holds what the person is typing; on Enter or
 * leaving the field the value is parsed and written through the document accessor. A colleague's
 * change shows as soon as it arrives unless this person is mid-edit in the same field.
 */
export function CommitField({ label, hideLabel = true, kind, value, readOnly, onCommit, onFocus, onBlur, width, testId }: Props) {
  const id = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const shown = draft ?? showValue(kind, value);
  const commit = () => {
    if (draft === null) return;
    const parsed = parseValue(kind, draft);
    if (!parsed.ok) return setError(parsed.error);
    if (parsed.value === (value ?? (kind === "text" ? "" : null))) {
      setDraft(null);
      setError(null);
      return;
    }
    const res = onCommit(parsed.value);
    if (!res.ok) return setError(res.error);
    setDraft(null);
    setError(null);
  };
  if (readOnly) return <span data-testid={testId}>{showValue(kind, value) || "—"}</span>;
  return (
    <span className={"app-plan-field" + (error ? " app-plan-field--error" : "")}>
      <label htmlFor={id} className={hideLabel ? "nhsuk-u-visually-hidden" : "nhsuk-label"}>
        {label}
      </label>
      <input
        id={id}
        data-testid={testId}
        className={"nhsuk-input app-plan-input" + (error ? " nhsuk-input--error" : "")}
        style={width ? { width } : undefined}
        inputMode={kind === "text" || kind === "date" ? undefined : "decimal"}
        value={shown}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onFocus={onFocus}
        onChange={(e) => setDraft(e.currentTarget.value)}
        onBlur={() => {
          commit();
          onBlur?.();
        }}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            commit();
          } else if (e.key === "Escape") {
            setDraft(null);
            setError(null);
          }
        }}
      />
      {error ? (
        <span className="nhsuk-error-message app-plan-error" id={`${id}-error`} role="alert">
          <span className="nhsuk-u-visually-hidden">Error:</span> {error}
        </span>
      ) : null}
    </span>
  );
}

/** A select bound to one field; writes on change. */
export function CommitSelect({ label, value, options, readOnly, onCommit, onFocus, testId }: { label: string; value: string; options: readonly { value: string; label: string; disabled?: boolean }[]; readOnly?: boolean; onCommit(value: string): Result; onFocus?(): void; testId?: string }) {
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  if (readOnly) return <span data-testid={testId}>{options.find((o) => o.value === value)?.label ?? value}</span>;
  return (
    <span className="app-plan-field">
      <label htmlFor={id} className="nhsuk-u-visually-hidden">
        {label}
      </label>
      <select
        id={id}
        data-testid={testId}
        className="nhsuk-select app-plan-input"
        value={value}
        onFocus={onFocus}
        onChange={(e) => {
          const res = onCommit(e.currentTarget.value);
          setError(res.ok ? null : res.error);
        }}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value} disabled={o.disabled}>
            {o.label}
          </option>
        ))}
      </select>
      {error ? (
        <span className="nhsuk-error-message app-plan-error" role="alert">
          <span className="nhsuk-u-visually-hidden">Error:</span> {error}
        </span>
      ) : null}
    </span>
  );
}
