import { useEffect, useId, useRef, useState } from "react";
import { useFileCheck } from "../ui/useFileCheck";
import { areaLabel, type Decision } from "../../../shared/delegation";

/** What the import route answers: a preview of the file, every bad row, and the decisions it read. */
export interface SchemeImportResponse {
  ok: boolean;
  fileName: string;
  summary: { added: number; updated: number; unchanged: number };
  /** row 0 = the whole file; row 1 = the header row. */
  errors: { row: number; column: string; message: string }[];
  decisions: Decision[];
}


const plural = (n: number, one: string, many = one + "s") => `${n.toLocaleString("en-GB")} ${n === 1 ? one : many}`;

export function importSummaryText(s: SchemeImportResponse["summary"]): string {
  const parts: string[] = [];
  if (s.added) parts.push(`${plural(s.added, "decision")} to add`);
  if (s.updated) parts.push(`${plural(s.updated, "decision")} to update`);
  if (s.unchanged) parts.push(`${s.unchanged.toLocaleString("en-GB")} unchanged`);
  return parts.length ? parts.join(", ") : "The file has no decisions to import.";
}

/**
 * Upload a scheme as CSV or Excel, see what it would change and every bad row, then apply it as one
 * undoable edit. The server only checks the file; `onApply` writes it to the live document.
 */
export function SchemeImportPanel({ workspaceId, disabled, onApply }: { workspaceId: string; disabled: boolean; onApply(decisions: Decision[], mode: "merge" | "replace"): string | null }) {
  const id = useId();
  const { state, setState, fieldError, setFieldError, inputRef, check, clearFile } = useFileCheck<SchemeImportResponse, { mode: "merge" | "replace" }>(
    `/w/${encodeURIComponent(workspaceId)}/delegation/import`,
    "Your role does not allow you to import a scheme. Ask an administrator, executive or editor.",
  );
  const [mode, setMode] = useState<"merge" | "replace">("merge");
  const outcomeRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (state.step === "checked" || state.step === "applied" || state.step === "failed") outcomeRef.current?.focus();
  }, [state]);

  const result = state.step === "checked" || state.step === "applied" ? state.result : null;
  const errors = state.step === "checked" ? state.result.errors : [];
  const canApply = state.step === "checked" && state.result.ok && state.result.decisions.length > 0 && !disabled;

  return (
    <section className="dlg-import" aria-labelledby={`${id}-title`}>
      <h2 className="nhsuk-heading-s" id={`${id}-title`}>
        Import a scheme
      </h2>
      <form onSubmit={check} noValidate>
        <div className={"nhsuk-form-group" + (fieldError ? " nhsuk-form-group--error" : "")}>
          <label className="nhsuk-label" htmlFor={`${id}-file`}>
            Upload a CSV or Excel file
          </label>
          <div className="nhsuk-hint" id={`${id}-hint`}>
            One row for each decision, in the columns of the Excel download: ID, Area, Decision, Description, Limit kind, Unit, VAT basis, Conditions
            (separated by “;”), Same at every autonomy level, Cites procurement route, a column for each level (an amount, a band such as 8c,
            “unlimited”, “reserved” or “-”) with its holder, holders (“Chief Executive jointly with the Director of Finance: £1,000,000; …”),
            conditions and exception, and Service line L1 to L4. Nothing changes until you apply the import.
          </div>
          {fieldError ? (
            <span className="nhsuk-error-message">
              <span className="nhsuk-u-visually-hidden">Error:</span> {fieldError}
            </span>
          ) : null}
          <input
            ref={inputRef}
            className="nhsuk-file-upload"
            id={`${id}-file`}
            name="file"
            type="file"
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            aria-describedby={`${id}-hint`}
            disabled={disabled}
            onChange={() => {
              setFieldError(null);
              if (state.step !== "checking") setState({ step: "idle" });
            }}
          />
        </div>
        <button className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" type="submit" disabled={disabled || state.step === "checking"}>
          Check file
        </button>
        <p className="nhsuk-body-s" role="status" aria-live="polite">
          {state.step === "checking" ? `Checking ${state.fileName}…` : ""}
        </p>
      </form>

      <div ref={outcomeRef} tabIndex={-1} data-testid="import-outcome">
        {state.step === "failed" ? (
          <div className="nhsuk-error-summary" role="alert">
            <h3 className="nhsuk-error-summary__heading">There is a problem</h3>
            <div className="nhsuk-error-summary__body">
              <p>{state.message}</p>
            </div>
          </div>
        ) : null}
        {result ? (
          <>
            <h3 className="nhsuk-heading-xs">
              {result.fileName}: {importSummaryText(result.summary)}
            </h3>
            {errors.length ? (
              <div className="nhsuk-error-summary" role="alert">
                <h3 className="nhsuk-error-summary__heading">{errors.length === 1 ? "There is a problem with the file" : `There are ${errors.length} problems with the file`}</h3>
                <div className="nhsuk-error-summary__body">
                  <ul className="nhsuk-list nhsuk-error-summary__list">
                    {errors.map((e, i) => (
                      <li key={i}>
                        {e.row > 0 ? `Row ${e.row}` : "File"}
                        {e.column ? `, ${e.column}` : ""}: {e.message}
                      </li>
                    ))}
                  </ul>
                </div>
                <p>Nothing has been changed. Fix the rows listed and upload the file again.</p>
              </div>
            ) : null}
            {result.decisions.length ? (
              <table className="nhsuk-table dlg-import__preview">
                <caption className="nhsuk-table__caption nhsuk-table__caption--s">Decisions read from the file</caption>
                <thead>
                  <tr>
                    <th scope="col">Area</th>
                    <th scope="col">Decision</th>
                    <th scope="col">Kind</th>
                  </tr>
                </thead>
                <tbody>
                  {result.decisions.slice(0, 200).map((d) => (
                    <tr key={d.id}>
                      <td>{areaLabel(d.area)}</td>
                      <td>{d.title}</td>
                      <td>{d.limitKind === "yesno" ? "Yes/no" : d.limitKind === "money" ? "Money" : d.unit ?? "Count"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
            {state.step === "checked" && result.ok && result.decisions.length ? (
              <fieldset className="nhsuk-fieldset">
                <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">How to apply it</legend>
                <label className="dlg-editor__mode">
                  <input type="radio" name={`${id}-mode`} checked={mode === "merge"} onChange={() => setMode("merge")} /> Add and update these decisions; keep the others
                </label>
                <label className="dlg-editor__mode">
                  <input type="radio" name={`${id}-mode`} checked={mode === "replace"} onChange={() => setMode("replace")} /> Replace the whole scheme with the file
                </label>
                <button
                  type="button"
                  className="nhsuk-button nhsuk-button--small"
                  disabled={!canApply}
                  onClick={() => {
                    const error = onApply(result.decisions, mode);
                    setState(error ? { step: "failed", message: `${error} Nothing has been changed.` } : { step: "applied", result, mode });
                    if (!error) clearFile();
                  }}
                >
                  Apply import
                </button>
              </fieldset>
            ) : null}
            {state.step === "applied" ? (
              <div className="nhsuk-inset-text" role="status">
                <p>Import applied{state.mode === "replace" ? ", replacing the scheme" : ""}. You can undo it with Undo.</p>
              </div>
            ) : null}
          </>
        ) : null}
      </div>
    </section>
  );
}
