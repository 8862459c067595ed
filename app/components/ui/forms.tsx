import { useEffect, useRef, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from "react";

export type FieldErrors = Partial<Record<string, string>>;

/** The NHS error summary: focused on render so screen-reader users hear it, each error linked to its field. */
export function ErrorSummary({ errors, title = "There is a problem" }: { errors: FieldErrors | undefined; title?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const entries = Object.entries(errors ?? {}).filter((e): e is [string, string] => Boolean(e[1]));
  useEffect(() => {
    if (entries.length) ref.current?.focus();
  }, [entries.length, errors]);
  if (!entries.length) return null;
  return (
    <div className="nhsuk-error-summary" ref={ref} tabIndex={-1} aria-labelledby="error-summary-title">
      <div role="alert">
        <h2 className="nhsuk-error-summary__heading" id="error-summary-title">
          {title}
        </h2>
        <div className="nhsuk-error-summary__body">
          <ul className="nhsuk-list nhsuk-error-summary__list">
            {entries.map(([field, message]) => (
              <li key={field}>{field === "form" ? message : <a href={`#${field}`}>{message}</a>}</li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}

interface FieldProps extends InputHTMLAttributes<HTMLInputElement> {
  name: string;
  label: string;
  hint?: string;
  error?: string;
}

/** A labelled NHS text input with hint and inline error. */
export function TextField({ name, label, hint, error, id = name, className, ...rest }: FieldProps) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={"nhsuk-form-group" + (error ? " nhsuk-form-group--error" : "")}>
      <label className="nhsuk-label" htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <div className="nhsuk-hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      {error ? (
        <span className="nhsuk-error-message" id={`${id}-error`}>
          <span className="nhsuk-u-visually-hidden">Error:</span> {error}
        </span>
      ) : null}
      <input
        className={"nhsuk-input" + (error ? " nhsuk-input--error" : "") + (className ? " " + className : "")}
        id={id}
        name={name}
        aria-describedby={describedBy}
        aria-invalid={error ? true : undefined}
        {...rest}
      />
    </div>
  );
}

interface SelectProps extends SelectHTMLAttributes<HTMLSelectElement> {
  name: string;
  label: string;
  error?: string;
  hint?: string;
  children: ReactNode;
}

export function SelectField({ name, label, error, hint, id = name, children, ...rest }: SelectProps) {
  return (
    <div className={"nhsuk-form-group" + (error ? " nhsuk-form-group--error" : "")}>
      <label className="nhsuk-label" htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <div className="nhsuk-hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      {error ? (
        <span className="nhsuk-error-message" id={`${id}-error`}>
          <span className="nhsuk-u-visually-hidden">Error:</span> {error}
        </span>
      ) : null}
      <select className={"nhsuk-select" + (error ? " nhsuk-select--error" : "")} id={id} name={name} aria-describedby={hint ? `${id}-hint` : undefined} {...rest}>
        {children}
      </select>
    </div>
  );
}

/** The first message for each field of a failed zod parse, keyed by field name for ErrorSummary. */
export function fieldErrors(error: { issues: { path: PropertyKey[]; message: string }[] }): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) errors[String(issue.path[0])] ??= issue.message;
  return errors;
}
