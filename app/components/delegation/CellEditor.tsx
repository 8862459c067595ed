import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { AUTONOMY_LEVELS, type AutonomyLevel } from "../../../shared/autonomy/types";
import type { CellPatch } from "../../../shared/collab/scheme-doc";
import { cellAt, cellLimitFromHolders, validateScheme, type Decision, type DecisionCell, type DelegationLevel, type HolderLimit, type Scheme } from "../../../shared/delegation";
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
/** One row of the holders table as typed. */
interface HolderRow {
  key: number;
  holder: string;
  limit: string;
  jointWith: string;
}
let rowKey = 0;

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
  const [holders, setHolders] = useState<HolderRow[]>(() =>
    (cell.holders ?? []).map((h) => ({ key: ++rowKey, holder: h.holder, limit: limitInputText(decision, h.limit), jointWith: h.jointWith ?? "" })),
  );
  const same = !!decision.performanceIndependent && isSl && !yesno;
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
    const usesHolders = !isSl && mode === "delegated" && !yesno && holders.length > 0;
    const holderValues: HolderLimit[] = [];
    if (usesHolders) {
      holders.forEach((h, i) => {
        const r = parseLimitInput(decision, h.limit);
        if (!h.holder.trim()) errs[`h${i}name`] = "Name the holder";
        if (!r.ok) errs[`h${i}limit`] = r.error;
        const row: HolderLimit = { holder: h.holder.trim(), limit: r.ok ? r.value : null };
        if (h.jointWith.trim()) row.jointWith = h.jointWith.trim();
        holderValues.push(row);
      });
    }
    if (isSl && mode !== "reserved" && same) {
      // A right that does not depend on performance: one limit for every autonomy level.
      const r = parseLimitInput(decision, sl[1]);
      if (r.ok) for (const a of AUTONOMY_LEVELS) slValues[a] = r.value;
      else errs.sl1 = r.error;
    } else if (isSl && mode !== "reserved") {
      for (const a of AUTONOMY_LEVELS) {
        if (yesno) {
          slValues[a] = sl[a] === "" ? null : Number(sl[a]);
          continue;
        }
        const r = parseLimitInput(decision, sl[a]);
        if (r.ok) slValues[a] = r.value;
        else errs[`sl${a}`] = r.error;
      }
    } else if (usesHolders) {
      limitValue = cellLimitFromHolders(holderValues);
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
      holders: usesHolders ? holderValues : null,
    };
    // Check the scheme as it would be: a change that breaks a rule is never written.
    const nextCell: DecisionCell = { mode: patch.mode!, limit: patch.limit!, holder: patch.holder!, conditions: patch.conditions! };
    if (patch.exception) nextCell.exception = patch.exception;
    if (usesHolders) nextCell.holders = holderValues;
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

      {!isSl && mode === "delegated" && !yesno && holders.length === 0 ? (
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

      {!isSl && mode === "delegated" && !yesno ? (
        <fieldset className="dlg-editor__holders">
          <legend>Holders with their own limits</legend>
          <span className="dlg-editor__hint" id={`${id}-holders-hint`}>
            {holders.length
              ? "The level’s limit is the highest of these. Leave a limit blank for no upper limit."
              : "Optional: name several holders at this level, each with a limit (for example the Chief Executive jointly with the Director of Finance)."}
          </span>
          {holders.map((h, i) => (
            <div key={h.key} className="dlg-editor__holder" role="group" aria-label={`Holder ${i + 1}`}>
              <div className={"dlg-editor__field" + field(`h${i}name`)}>
                <label htmlFor={`${id}-h${h.key}-name`}>Holder {i + 1}</label>
                {errorText(`h${i}name`)}
                <input id={`${id}-h${h.key}-name`} className="nhsuk-input" value={h.holder} onChange={(e) => setHolders(holders.map((x) => (x.key === h.key ? { ...x, holder: e.target.value } : x)))} aria-invalid={errors[`h${i}name`] ? true : undefined} />
              </div>
              <div className={"dlg-editor__field" + field(`h${i}limit`)}>
                <label htmlFor={`${id}-h${h.key}-limit`}>Holder {i + 1} limit{decision.limitKind === "money" ? " (£)" : ""}</label>
                {errorText(`h${i}limit`)}
                <input
                  id={`${id}-h${h.key}-limit`}
                  className="nhsuk-input"
                  inputMode={decision.limitKind === "money" ? "decimal" : undefined}
                  value={h.limit}
                  onChange={(e) => setHolders(holders.map((x) => (x.key === h.key ? { ...x, limit: e.target.value } : x)))}
                  onBlur={() => {
                    const r = parseLimitInput(decision, h.limit);
                    if (r.ok && r.value !== null) setHolders((list) => list.map((x) => (x.key === h.key ? { ...x, limit: limitInputText(decision, r.value) } : x)));
                  }}
                  aria-invalid={errors[`h${i}limit`] ? true : undefined}
                />
              </div>
              <div className="dlg-editor__field">
                <label htmlFor={`${id}-h${h.key}-joint`}>Jointly with (optional)</label>
                <input id={`${id}-h${h.key}-joint`} className="nhsuk-input" value={h.jointWith} onChange={(e) => setHolders(holders.map((x) => (x.key === h.key ? { ...x, jointWith: e.target.value } : x)))} />
              </div>
              <button type="button" className="app-link-button" onClick={() => setHolders(holders.filter((x) => x.key !== h.key))} aria-label={`Remove holder ${i + 1}${h.holder ? ` (${h.holder})` : ""}`}>
                Remove
              </button>
            </div>
          ))}
          <button
            type="button"
            className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
            onClick={() =>
              // The first holder starts from the level's own holder and limit, so nothing typed is lost.
              setHolders([...holders, holders.length ? { key: ++rowKey, holder: "", limit: "", jointWith: "" } : { key: ++rowKey, holder: holder.trim(), limit, jointWith: "" }])
            }
          >
            Add a holder
          </button>
        </fieldset>
      ) : null}

      {same && mode !== "reserved" ? (
        <div className={"dlg-editor__field" + field("sl1")}>
          <label htmlFor={`${id}-sl1`}>Limit at every autonomy level</label>
          <span className="dlg-editor__hint" id={`${id}-same-hint`}>This right does not depend on performance, so one limit applies at all four levels. Blank = not held.</span>
          {errorText("sl1")}
          <input
            id={`${id}-sl1`}
            className={"nhsuk-input" + (errors.sl1 ? " nhsuk-input--error" : "")}
            inputMode={decision.limitKind === "money" ? "decimal" : undefined}
            value={sl[1]}
            onChange={(e) => setSl({ 1: e.target.value, 2: e.target.value, 3: e.target.value, 4: e.target.value })}
            aria-describedby={`${id}-same-hint`}
            aria-invalid={errors.sl1 ? true : undefined}
          />
        </div>
      ) : null}

      {isSl && mode !== "reserved" && !same ? (
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
                  inputMode={decision.limitKind === "money" ? "decimal" : decision.limitKind === "band" ? undefined : "numeric"}
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
