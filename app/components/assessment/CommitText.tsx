import { useEffect, useState } from "react";

interface Props {
  id: string;
  label: string;
  value: string;
  disabled?: boolean;
  rows?: number;
  onCommit(next: string): void;
  onFocus?(): void;
}

/**
 * A text area that shows the document's value and writes it back when the person leaves the field
 * (or presses Ctrl+Enter), so a colleague's edit arriving meanwhile is not overwritten keystroke by
 * keystroke; while focused, the person's own words are kept.
 */
export function CommitText({ id, label, value, disabled, rows = 2, onCommit, onFocus }: Props) {
  const [draft, setDraft] = useState(value);
  const [focused, setFocused] = useState(false);
  useEffect(() => {
    if (!focused) setDraft(value);
  }, [value, focused]);
  return (
    <div className="nhsuk-form-group app-assessment-field">
      <label className="nhsuk-label" htmlFor={id}>
        {label}
      </label>
      <textarea
        className="nhsuk-textarea"
        id={id}
        rows={rows}
        value={draft}
        disabled={disabled}
        onFocus={() => {
          setFocused(true);
          onFocus?.();
        }}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={() => {
          setFocused(false);
          if (draft !== value) onCommit(draft);
        }}
        onKeyDown={(e) => {
          if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && draft !== value) onCommit(draft);
        }}
      />
    </div>
  );
}
