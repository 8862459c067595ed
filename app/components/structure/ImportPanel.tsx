import { useEffect, useId, useRef } from "react";
import { useFileCheck } from "../ui/useFileCheck";
import type { StructureChange, StructureImportError, StructureImportResponse, StructurePreviewRow } from "../../../shared/structure/import";

export interface ImportPanelProps {
  workspaceId: string;
  /** Applies the checked plan to the live structure document; may return applyStructureImport's result so a refusal is shown. */
  onApply(changes: StructureChange[]): void | { ok?: boolean; error?: string };
  /** For people who may not edit the structure: they can still download it. */
  disabled?: boolean;
}


/** Shown in the table at most; the summary and the error list always cover the whole file. */
const TABLE_ROWS = 200;

const plural = (n: number, one: string, many = one + "s") => `${n.toLocaleString("en-GB")} ${n === 1 ? one : many}`;

/** "3 units to add, 2 to update and 10 unchanged", in plain English. */
export function summaryText(summary: StructureImportResponse["summary"]): string {
  const parts: string[] = [];
  if (summary.added) parts.push(`${plural(summary.added, "unit")} to add`);
  if (summary.updated) parts.push(parts.length ? `${summary.updated.toLocaleString("en-GB")} to update` : `${plural(summary.updated, "unit")} to update`);
  if (!parts.length) return summary.unchanged ? "Nothing to change: every unit in the file already matches the structure." : "The file has no units to import.";
  const text = parts.join(", ");
  return summary.unchanged ? `${text}, ${summary.unchanged.toLocaleString("en-GB")} unchanged` : text;
}

/** "Row 4: Parent code XYZ is not in the file or the structure" (a whole-file problem has no row). */
export function errorLine(e: StructureImportError): string {
  return e.row > 0 ? `Row ${e.row}: ${e.message}` : e.message;
}

const ACTION_LABEL: Record<StructurePreviewRow["action"], { text: string; tag: string }> = {
  add: { text: "Add", tag: "nhsuk-tag--green" },
  update: { text: "Update", tag: "nhsuk-tag--blue" },
  unchanged: { text: "No change", tag: "nhsuk-tag--grey" },
  error: { text: "Error", tag: "nhsuk-tag--red" },
};

/**
 * Upload a structure spreadsheet, see what it would change and every bad row, then apply it as one
 * undoable edit. The server only checks the file; the plan is applied here through `onApply`.
 */
export function ImportPanel({ workspaceId, onApply, disabled = false }: ImportPanelProps) {
  const id = useId();
  const inputId = `${id}-file`;
  const { state, setState, fieldError, setFieldError, inputRef, check, clearFile } = useFileCheck<StructureImportResponse>(
    `/w/${encodeURIComponent(workspaceId)}/structure/import`,
    "Your role does not allow you to import a structure. Ask an administrator or editor.",
  );
  const resultRef = useRef<HTMLHeadingElement>(null);
  const errorsRef = useRef<HTMLDivElement>(null);
  const doneRef = useRef<HTMLDivElement>(null);

  // Move focus to what changed, so keyboard and screen-reader users land on the outcome.
  useEffect(() => {
    if (state.step === "checked") (state.result.errors.length ? errorsRef.current : resultRef.current)?.focus();
    if (state.step === "applied") doneRef.current?.focus();
    if (state.step === "failed") errorsRef.current?.focus();
  }, [state]);

  function apply(result: StructureImportResponse) {
    const outcome = onApply(result.changes);
    if (outcome && (outcome.ok === false || outcome.error)) {
      setState({ step: "failed", message: `${outcome.error ?? "The import could not be applied."} Nothing has been changed.` });
      return;
    }
    setState({ step: "applied", result });
    clearFile();
  }

  const result = state.step === "checked" || state.step === "applied" ? state.result : null;
  const errors = state.step === "checked" ? state.result.errors : [];
  const canApply = state.step === "checked" && errors.length === 0 && state.result.changes.length > 0 && !disabled;
  const exportBase = `/w/${encodeURIComponent(workspaceId)}/structure/export`;

  return (
    <section className="app-import-panel" aria-labelledby={`${id}-title`}>
      <h2 className="nhsuk-heading-m" id={`${id}-title`}>
        Import or export the structure
      </h2>

      <p className="nhsuk-body">
        <a className="nhsuk-link" href={`${exportBase}?format=csv`} download>
          Download as CSV
        </a>
        {" · "}
        <a className="nhsuk-link" href={`${exportBase}?format=xlsx`} download>
          Download as Excel
        </a>
      </p>

      {state.step === "failed" ? (
        <div className="nhsuk-error-summary" ref={errorsRef} tabIndex={-1} aria-labelledby={`${id}-failed-title`}>
          <div role="alert">
            <h3 className="nhsuk-error-summary__heading" id={`${id}-failed-title`}>
              There is a problem
            </h3>
            <div className="nhsuk-error-summary__body">
              <p>{state.message}</p>
            </div>
          </div>
        </div>
      ) : null}

      <form onSubmit={check} noValidate>
        <div className={"nhsuk-form-group" + (fieldError ? " nhsuk-form-group--error" : "")}>
          <label className="nhsuk-label" htmlFor={inputId}>
            Upload a CSV or Excel file
          </label>
          <div className="nhsuk-hint" id={`${inputId}-hint`}>
            One row for each unit, with the columns Code, Name, Kind, Parent code, Leaders, Budget holder and Description. Write
            leaders as Role: Name; Role: Name. A row whose code is already in the structure updates that unit; a new code adds a
            unit. Nothing changes until you apply the import.
          </div>
          {fieldError ? (
            <span className="nhsuk-error-message" id={`${inputId}-error`}>
              <span className="nhsuk-u-visually-hidden">Error:</span> {fieldError}
            </span>
          ) : null}
          <input
            ref={inputRef}
            className="nhsuk-file-upload"
            id={inputId}
            name="file"
            type="file"
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            aria-describedby={`${inputId}-hint` + (fieldError ? ` ${inputId}-error` : "")}
            aria-invalid={fieldError ? true : undefined}
            disabled={disabled}
            onChange={() => {
              setFieldError(null);
              if (state.step !== "checking") setState({ step: "idle" });
            }}
          />
        </div>
        <button className="nhsuk-button nhsuk-button--secondary" type="submit" disabled={disabled || state.step === "checking"} aria-disabled={disabled || state.step === "checking"}>
          Check file
        </button>
        <p className="nhsuk-body" role="status" aria-live="polite">
          {state.step === "checking" ? `Checking file… (${state.fileName})` : ""}
        </p>
      </form>

      {result ? (
        <div>
          <h3 className="nhsuk-heading-s" ref={resultRef} tabIndex={-1}>
            {result.fileName}: {errors.length ? `${plural(errors.length, "problem")} to fix before it can be imported` : summaryText(result.summary)}
          </h3>

          {errors.length ? (
            <>
              <div className="nhsuk-error-summary" ref={errorsRef} tabIndex={-1} aria-labelledby={`${id}-errors-title`}>
                <div role="alert">
                  <h3 className="nhsuk-error-summary__heading" id={`${id}-errors-title`}>
                    {errors.length === 1 ? "There is a problem with the file" : `There are ${errors.length.toLocaleString("en-GB")} problems with the file`}
                  </h3>
                  <div className="nhsuk-error-summary__body">
                    <ul className="nhsuk-list nhsuk-error-summary__list">
                      {errors.map((e, i) => (
                        <li key={i}>{errorLine(e)}</li>
                      ))}
                    </ul>
                  </div>
                </div>
              </div>
              <p className="nhsuk-body">Nothing has been changed. Fix the rows listed and upload the file again.</p>
            </>
          ) : null}

          {result.rows.length ? (
            <div className="nhsuk-table-responsive">
              <table className="nhsuk-table">
                <caption className="nhsuk-table__caption nhsuk-table__caption--s">
                  Rows in the file
                  {result.rowCount > Math.min(result.rows.length, TABLE_ROWS)
                    ? ` (the first ${Math.min(result.rows.length, TABLE_ROWS).toLocaleString("en-GB")} of ${result.rowCount.toLocaleString("en-GB")})`
                    : ""}
                </caption>
                <thead className="nhsuk-table__head">
                  <tr className="nhsuk-table__row">
                    <th scope="col" className="nhsuk-table__header">Row</th>
                    <th scope="col" className="nhsuk-table__header">Code</th>
                    <th scope="col" className="nhsuk-table__header">Name</th>
                    <th scope="col" className="nhsuk-table__header">Kind</th>
                    <th scope="col" className="nhsuk-table__header">Parent code</th>
                    <th scope="col" className="nhsuk-table__header">Change</th>
                  </tr>
                </thead>
                <tbody className="nhsuk-table__body">
                  {result.rows.slice(0, TABLE_ROWS).map((r) => (
                    <tr className="nhsuk-table__row" key={r.row}>
                      <td className="nhsuk-table__cell">{r.row}</td>
                      <td className="nhsuk-table__cell">{r.code}</td>
                      <td className="nhsuk-table__cell">{r.name}</td>
                      <td className="nhsuk-table__cell">{r.kind}</td>
                      <td className="nhsuk-table__cell">{r.parentCode}</td>
                      <td className="nhsuk-table__cell">
                        <strong className={`nhsuk-tag ${ACTION_LABEL[r.action].tag}`}>{ACTION_LABEL[r.action].text}</strong>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}

          {state.step === "checked" && result.changes.length + errors.length > 0 ? (
            <button className="nhsuk-button" type="button" disabled={!canApply} aria-disabled={!canApply} onClick={() => canApply && apply(result)}>
              Apply import
            </button>
          ) : null}

          {state.step === "applied" ? (
            <div className="nhsuk-inset-text" ref={doneRef} tabIndex={-1} role="status">
              <span className="nhsuk-u-visually-hidden">Information: </span>
              <p>Import applied. You can undo it with Undo.</p>
            </div>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
