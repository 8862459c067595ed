import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { AUTONOMY_LEVELS, type AutonomyLevel } from "../../../shared/autonomy/types";
import type { CellPatch } from "../../../shared/collab/scheme-doc";
import { cellAt, validateScheme, type Decision, type DecisionCell, type DelegationLevel, type Scheme } from "../../../shared/delegation";
import { limitInputText, parseLimitInput } from "./cells";

export interface CellCommit {
  patch: CellPatch;
  serviceLineLimits?: Record<AutonomyLevel, number | null>;
}

interface Props {
  scheme: Scheme;
  decision: Decision;
  level: DelegationLevel;
  /** Writes the change; returns an error message if the document refused it. */
  onCommit(change: CellCommit): string | null;
  onCancel(): void;
}

type SlText = Record<AutonomyLevel, string>;

const issueKey = (i: { levelId?: string; message: string }) => `${i.levelId ?? ""}|${i.message}`;

/** The inline editor of one cell: mode, limit (or limits by autonomy level), holder, conditions, exception. */
export function CellEditor({ scheme, decision, level, onCommit, onCancel }: Props) {
  const id = useId();
  const isSl = level.id === scheme.serviceLineLevelId;
  const cell = cellAt(decision, level.id);
  const yesno = decision.limitKind === "yesno";
  const [mode, setMode] = useState<DecisionCell["mode"]>(cell.mode);
  const [limit, setLimit] = useState(limitInputText(decision, cell.limit));
  const [sl, setSl] = useState<SlText>(() => {
    const out = {} as SlText;
    for (const a of AUTONOMY_LEVELS) {
      const v = decision.serviceLineLimits[a];
      out[a] = yesno ? (v === null ? "" : v >= 1 ? "1" : "0") : limitInputText(decision, v);
    }
    return out;
  });
  const [holder, setHolder] = useState(cell.holder);
  const [conditions, setConditions] = useState(cell.conditions);
  const [exception, setException] = useState(!!cell.exception);
  const [reason, setReason] = useState(cell.exception?.reason ?? "");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problems, setProblems] = useState<string[]>([]);
  const rootRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const root = rootRef.current;
    if (!root) return;
    root.scrollIntoView({ block: "nearest", inline: "nearest" });
    // Start where people usually type: the limit, else the chosen mode.
    const first = root.querySelector<HTMLInputElement>("input:not([type=radio]):not([type=checkbox]), select") ?? root.querySelector<HTMLInputElement>("input[type=radio]:checked");
    first?.focus();
    first?.select?.();
  }, []);

  function commit() {
    const errs: Record<string, string> = {};
    let limitValue: number | null = cell.limit;
    const slValues = { ...decision.serviceLineLimits };
    if (isSl && mode !== "reserved") {
      for (const a of AUTONOMY_LEVELS) {
        if (yesno) {
          slValues[a] = sl[a] === "" ? null : Number(sl[a]);
          continue;
        }
        const r = parseLimitInput(decision, sl[a]);
        if (r.ok) slValues[a] = r.value;
        else errs[`sl${a}`] = r.error;
      }
    } else if (!isSl && mode === "delegated" && !yesno) {
      const r = parseLimitInput(decision, limit);
      if (r.ok) limitValue = r.value;
      else errs.limit = r.error;
    }
    if (exception && !reason.trim()) errs.reason = "Give a reason for the exception";
    setErrors(errs);
    if (Object.keys(errs).length) {
      setProblems([]);
      return;
    }
    let nextMode = mode;
    if (isSl && mode !== "reserved") {
      const holds = AUTONOMY_LEVELS.some((a) => (yesno ? slValues[a] === 1 : slValues[a] !== null));
      nextMode = holds ? "delegated" : "none";
    }
    const patch: CellPatch = {
      mode: nextMode,
      limit: nextMode === "delegated" && !isSl && !yesno ? limitValue : null,
      holder: holder.trim(),
      conditions: conditions.trim(),
      exception: exception ? { reason: reason.trim() } : null,
    };
    // Check the scheme as it would be: a change that breaks a rule is never written.
    const nextCell: DecisionCell = { mode: patch.mode!, limit: patch.limit!, holder: patch.holder!, conditions: patch.conditions! };
    if (patch.exception) nextCell.exception = patch.exception;
    const nextDecision: Decision = { ...decision, cells: { ...decision.cells, [level.id]: nextCell }, serviceLineLimits: isSl ? slValues : decision.serviceLineLimits };
    const candidate: Scheme = { ...scheme, decisions: scheme.decisions.map((d) => (d.id === decision.id ? nextDecision : d)) };
    const before = new Set(validateScheme({ ...scheme, decisions: [decision] }).map(issueKey));
    const after = validateScheme({ ...candidate, decisions: [nextDecision] }).filter((i) => !before.has(issueKey(i)));
    if (after.length) {
      setProblems(after.map((i) => i.message));
      return;
    }
    const error = onCommit({ patch, serviceLineLimits: isSl ? slValues : undefined });
    if (error) setProblems([error]);
  }

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    e.stopPropagation();
    if (e.key === "Escape") {
      e.preventDefault();
      onCancel();
    } else if (e.key === "Enter" && !(e.target instanceof HTMLTextAreaElement) && !(e.target instanceof HTMLButtonElement)) {
      e.preventDefault();
      commit();
    }
  }

  const field = (name: string) => (errors[name] ? " nhsuk-form-group--error" : "");
  const errorText = (name: string) =>
    errors[name] ? (
      <span className="nhsuk-error-message" id={`${id}-${name}-error`}>
        <span className="nhsuk-u-visually-hidden">Error:</span> {errors[name]}
      </span>
    ) : null;

  return (
    <div ref={rootRef} className="dlg-editor" role="dialog" aria-label={`Edit ${decision.title} at ${level.name}`} onKeyDown={onKeyDown} onDoubleClick={(e) => e.stopPropagation()} onClick={(e) => e.stopPropagation()}>
      {problems.length ? (
        <div className="dlg-editor__problems" role="alert">
          <strong>This change was not saved:</strong>
          <ul>
            {problems.map((p, i) => (
              <li key={i}>{p}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <fieldset className="dlg-editor__modes">
        <legend className="nhsuk-u-visually-hidden">What {level.name} holds</legend>
        {(isSl
          ? ([["delegated", "By autonomy level"], ["reserved", "Reserved"]] as const)
          : ([["reserved", "Reserved"], ["delegated", yesno ? "Yes (held)" : "Delegated"], ["none", "Not held"]] as const)
        ).map(([value, label]) => (
          <label key={value} className="dlg-editor__mode">
            <input
              type="radio"
              name={`${id}-mode`}
              value={value}
              checked={isSl ? (value === "reserved" ? mode === "reserved" : mode !== "reserved") : mode === value}
              onChange={() => setMode(value)}
            />{" "}
            {label}
          </label>
        ))}
      </fieldset>

      {!isSl && mode === "delegated" && !yesno ? (
        <div className={"dlg-editor__field" + field("limit")}>
          <label htmlFor={`${id}-limit`}>Limit{decision.limitKind === "money" ? " (£)" : decision.unit ? ` (${decision.unit})` : ""}</label>
          <span className="dlg-editor__hint" id={`${id}-limit-hint`}>Leave blank for no upper limit</span>
          {errorText("limit")}
          <input
            id={`${id}-limit`}
            className={"nhsuk-input" + (errors.limit ? " nhsuk-input--error" : "")}
            inputMode={decision.limitKind === "money" ? "decimal" : "numeric"}
            value={limit}
            onChange={(e) => setLimit(e.target.value)}
            onBlur={() => {
              const r = parseLimitInput(decision, limit);
              if (r.ok && r.value !== null) setLimit(limitInputText(decision, r.value));
            }}
            aria-describedby={`${id}-limit-hint` + (errors.limit ? ` ${id}-limit-error` : "")}
            aria-invalid={errors.limit ? true : undefined}
          />
        </div>
      ) : null}

      {isSl && mode !== "reserved" ? (
        <fieldset className="dlg-editor__sl">
          <legend>Limit by earned autonomy level{yesno ? "" : " (blank = not held)"}</legend>
          {AUTONOMY_LEVELS.map((a) => (
            <div key={a} className={"dlg-editor__field" + field(`sl${a}`)}>
              <label htmlFor={`${id}-sl${a}`}>Level {a}</label>
              {errorText(`sl${a}`)}
              {yesno ? (
                <select id={`${id}-sl${a}`} className="nhsuk-select" value={sl[a]} onChange={(e) => setSl({ ...sl, [a]: e.target.value })}>
                  <option value="1">Yes</option>
                  <option value="0">No</option>
                  <option value="">Not held</option>
                </select>
              ) : (
                <input
                  id={`${id}-sl${a}`}
                  className={"nhsuk-input" + (errors[`sl${a}`] ? " nhsuk-input--error" : "")}
                  inputMode={decision.limitKind === "money" ? "decimal" : "numeric"}
                  value={sl[a]}
                  onChange={(e) => setSl({ ...sl, [a]: e.target.value })}
                  onBlur={() => {
                    const r = parseLimitInput(decision, sl[a]);
                    if (r.ok && r.value !== null) setSl((s) => ({ ...s, [a]: limitInputText(decision, r.value) }));
                  }}
                  aria-invalid={errors[`sl${a}`] ? true : undefined}
                  aria-describedby={errors[`sl${a}`] ? `${id}-sl${a}-error` : undefined}
                />
              )}
            </div>
          ))}
        </fieldset>
      ) : null}

      {mode !== "none" || isSl ? (
        <>
          <div className="dlg-editor__field">
            <label htmlFor={`${id}-holder`}>Holder (role title)</label>
            <input id={`${id}-holder`} className="nhsuk-input" value={holder} onChange={(e) => setHolder(e.target.value)} />
          </div>
          <div className="dlg-editor__field">
            <label htmlFor={`${id}-conditions`}>Conditions</label>
            <textarea id={`${id}-conditions`} className="nhsuk-textarea" rows={2} value={conditions} onChange={(e) => setConditions(e.target.value)} />
          </div>
          {!yesno ? (
            <div className={"dlg-editor__field" + field("reason")}>
              <label className="dlg-editor__check">
                <input type="checkbox" checked={exception} onChange={(e) => setException(e.target.checked)} /> Exception: may exceed the level above
              </label>
              {exception ? (
                <>
                  <label htmlFor={`${id}-reason`}>Reason for the exception</label>
                  {errorText("reason")}
                  <input
                    id={`${id}-reason`}
                    className={"nhsuk-input" + (errors.reason ? " nhsuk-input--error" : "")}
                    value={reason}
                    onChange={(e) => setReason(e.target.value)}
                    aria-invalid={errors.reason ? true : undefined}
                  />
                </>
              ) : null}
            </div>
          ) : null}
        </>
      ) : null}

      <div className="dlg-editor__actions">
        <button type="button" className="nhsuk-button nhsuk-button--small" onClick={commit}>
          Save
        </button>
        <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={onCancel}>
          Cancel
        </button>
        <span className="dlg-editor__keys">Enter saves · Esc cancels</span>
      </div>
    </div>
  );
}
