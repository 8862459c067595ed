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
  /** Other people on this cell now, most likely the author of a change made under this editor. */
  colleagues?: string[];
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

/**
 * Every field the editor shows, as the text it puts in its inputs. The editor keeps these for the
 * document as it was when opened (the base): a save writes only the fields the person changed from
 * the base, and a field that changes in the document under the open editor is reported in it
 * (decision record 045), so a stale copy is never written back over a colleague's value.
 */
type Fields = Record<string, string>;

function holderRowsText(rows: readonly { holder: string; limit: string; jointWith: string }[]): string {
  return JSON.stringify(rows.map((h) => [h.holder, h.limit, h.jointWith]));
}

function fieldsOf(decision: Decision, cell: DecisionCell, isSl: boolean, yesno: boolean): Fields {
  const f: Fields = {
    mode: isSl ? (cell.mode === "reserved" ? "reserved" : "delegated") : cell.mode,
    limit: limitInputText(decision, cell.limit),
    holder: cell.holder,
    conditions: cell.conditions,
    holders: holderRowsText((cell.holders ?? []).map((h) => ({ holder: h.holder, limit: limitInputText(decision, h.limit), jointWith: h.jointWith ?? "" }))),
    exception: cell.exception ? `1|${cell.exception.reason}` : "0|",
  };
  for (const a of AUTONOMY_LEVELS) {
    const v = decision.serviceLineLimits[a];
    f[`sl${a}`] = yesno ? (v === null ? "" : v >= 1 ? "1" : "0") : limitInputText(decision, v);
  }
  return f;
}

/** How a field's value reads in "Tom Reid changed the limit to £60,000". */
function describeField(name: string, text: string, decision: Decision): { what: string; value: string } {
  if (name === "mode") return { what: "what this level holds", value: text === "reserved" ? "Reserved" : text === "none" ? "Not held" : decision.limitKind === "yesno" ? "Yes (held)" : "Delegated" };
  if (name === "limit") return { what: "the limit", value: text || "no upper limit" };
  if (name.startsWith("sl")) {
    const value = decision.limitKind === "yesno" ? (text === "1" ? "Yes" : text === "0" ? "No" : "Not held") : text || "not held";
    return { what: `the limit at autonomy level ${name.slice(2)}`, value };
  }
  if (name === "holder") return { what: "the holder", value: text ? `“${text}”` : "nobody" };
  if (name === "conditions") return { what: "the conditions", value: text ? `“${text}”` : "none" };
  if (name === "holders") {
    const rows = JSON.parse(text) as string[][];
    return { what: "the holders", value: rows.length ? rows.map(([h, l, j]) => `${h}${j ? ` jointly with ${j}` : ""} ${l || "no upper limit"}`).join("; ") : "none" };
  }
  if (name === "exception") return { what: "the exception", value: text.startsWith("1|") ? `“${text.slice(2)}”` : "none" };
  return { what: name, value: text };
}

/** The inline editor of one cell: mode, limit (or limits by autonomy level), holder, conditions, exception. */
export function CellEditor({ scheme, decision, level, onCommit, onCancel, colleagues = [] }: Props) {
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

  // The document's values when the editor opened, moved on only when the person has seen a change.
  const [base, setBase] = useState<Fields>(() => fieldsOf(decision, cell, isSl, yesno));
  const live = fieldsOf(decision, cell, isSl, yesno);
  const liveKey = JSON.stringify(live);
  const draft: Fields = {
    mode: isSl ? (mode === "reserved" ? "reserved" : "delegated") : mode,
    limit,
    holder,
    conditions,
    holders: holderRowsText(holders),
    exception: exception ? `1|${reason}` : "0|",
    sl1: sl[1],
    sl2: sl[2],
    sl3: sl[3],
    sl4: sl[4],
  };
  const draftKey = JSON.stringify(draft);
  /** Changes a colleague made under this editor to fields this person had not touched: taken, and said. */
  const [notes, setNotes] = useState<{ field: string; text: string }[]>([]);
  const author = colleagues[0] ?? "A colleague";
  const authorRef = useRef(author);
  authorRef.current = author;

  function setField(name: string, text: string) {
    if (name === "mode") setMode(text as DecisionCell["mode"]);
    else if (name === "limit") setLimit(text);
    else if (name === "holder") setHolder(text);
    else if (name === "conditions") setConditions(text);
    else if (name === "holders") setHolders((JSON.parse(text) as string[][]).map(([h, l, j]) => ({ key: ++rowKey, holder: h ?? "", limit: l ?? "", jointWith: j ?? "" })));
    else if (name === "exception") {
      setException(text.startsWith("1|"));
      setReason(text.slice(2));
    } else if (name.startsWith("sl")) setSl((s) => ({ ...s, [Number(name.slice(2)) as AutonomyLevel]: text }));
  }

  useEffect(() => {
    const moved = Object.keys(live).filter((k) => live[k] !== base[k]);
    if (!moved.length) return;
    const taken = moved.filter((k) => draft[k] === base[k] || draft[k] === live[k]);
    if (!taken.length) return;
    for (const k of taken) if (draft[k] !== live[k]) setField(k, live[k]!);
    setBase((b) => ({ ...b, ...Object.fromEntries(taken.map((k) => [k, live[k]!])) }));
    const said = taken.filter((k) => draft[k] !== live[k]);
    if (said.length)
      setNotes((n) => [
        ...n.filter((x) => !said.includes(x.field)),
        ...said.map((k) => {
          const d = describeField(k, live[k]!, decision);
          return { field: k, text: `${authorRef.current} changed ${d.what} to ${d.value}.` };
        }),
      ]);
    // Runs when the document or the draft changes; the values are read from this render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [liveKey, draftKey]);
  /** Fields both this person and a colleague changed since the editor opened: the person chooses. */
  const conflicts = Object.keys(live).filter((k) => live[k] !== base[k] && draft[k] !== base[k] && draft[k] !== live[k]);
  const keepMine = (k: string) => setBase((b) => ({ ...b, [k]: live[k]! }));
  const takeTheirs = (k: string) => {
    setField(k, live[k]!);
    setBase((b) => ({ ...b, [k]: live[k]! }));
  };

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
    if (conflicts.length) {
      setProblems([`A colleague changed ${conflicts.map((k) => describeField(k, live[k]!, decision).what).join(" and ")} while you were editing: choose to keep yours or take theirs first.`]);
      return;
    }
    // Only what this person changed since the editor opened is written; the rest stays as saved.
    const changed = new Set(Object.keys(draft).filter((k) => draft[k] !== base[k]));
    if (changed.size === 0) return onCancel();
    const errs: Record<string, string> = {};
    let limitValue: number | null = cell.limit;
    const slPatch: Partial<Record<AutonomyLevel, number | null>> = {};
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
    if (isSl && mode !== "reserved") {
      for (const a of AUTONOMY_LEVELS) {
        if (!changed.has(`sl${a}`)) continue;
        if (yesno) {
          slPatch[a] = sl[a] === "" ? null : Number(sl[a]);
          continue;
        }
        const r = parseLimitInput(decision, same ? sl[1] : sl[a]);
        if (r.ok) slPatch[a] = r.value;
        else errs[same ? "sl1" : `sl${a}`] = r.error;
      }
    } else if (usesHolders) {
      limitValue = cellLimitFromHolders(holderValues);
    } else if (!isSl && mode === "delegated" && !yesno) {
      const r = parseLimitInput(decision, limit);
      if (r.ok) limitValue = r.value;
      else errs.limit = r.error;
    }
    // £0 "delegated" lets the holder approve nothing: that is "Not held", said plainly (issue 16).
    if (decision.limitKind === "money") {
      const zero = "A delegated limit of £0 lets the holder approve nothing: choose Not held, or enter the limit";
      if (!isSl && mode === "delegated" && !usesHolders && limitValue === 0) errs.limit = zero;
      holderValues.forEach((h, i) => {
        if (h.limit === 0) errs[`h${i}limit`] = zero;
      });
      for (const a of AUTONOMY_LEVELS) if (slPatch[a] === 0) errs[same ? "sl1" : `sl${a}`] = "A limit of £0 holds nothing: leave it blank for not held";
    }
    if (exception && !reason.trim()) errs.reason = "Give a reason for the exception";
    setErrors(errs);
    if (Object.keys(errs).length) {
      setProblems([]);
      return;
    }
    const patch: CellPatch = {};
    const slValues = { ...decision.serviceLineLimits, ...slPatch };
    if (isSl) {
      const holds = AUTONOMY_LEVELS.some((a) => (yesno ? slValues[a] === 1 : slValues[a] !== null));
      const nextMode = mode === "reserved" ? "reserved" : holds ? "delegated" : "none";
      if (nextMode !== cell.mode) {
        patch.mode = nextMode;
        patch.limit = null;
      }
    } else {
      const modeChanged = changed.has("mode");
      if (modeChanged) patch.mode = mode;
      if (usesHolders) {
        if (changed.has("holders") || modeChanged) patch.holders = holderValues;
      } else {
        if (cell.holders?.length && (changed.has("holders") || modeChanged)) patch.holders = null;
        if (changed.has("limit") || modeChanged || patch.holders === null) patch.limit = mode === "delegated" && !yesno ? limitValue : null;
      }
    }
    if (changed.has("holder")) patch.holder = holder.trim();
    if (changed.has("conditions")) patch.conditions = conditions.trim();
    if (changed.has("exception")) patch.exception = exception ? { reason: reason.trim() } : null;
    // Check the scheme as it would be: a change that breaks a rule is never written.
    const nextHolders = patch.holders !== undefined ? patch.holders ?? undefined : cell.holders;
    const nextCell: DecisionCell = {
      mode: patch.mode ?? cell.mode,
      limit: patch.holders?.length ? cellLimitFromHolders(patch.holders) : patch.limit !== undefined ? patch.limit : cell.limit,
      holder: patch.holder ?? cell.holder,
      conditions: patch.conditions ?? cell.conditions,
    };
    const nextException = patch.exception !== undefined ? patch.exception : cell.exception;
    if (nextException) nextCell.exception = nextException;
    if (nextHolders?.length) nextCell.holders = nextHolders;
    const nextDecision: Decision = { ...decision, cells: { ...decision.cells, [level.id]: nextCell }, serviceLineLimits: isSl ? slValues : decision.serviceLineLimits };
    const candidate: Scheme = { ...scheme, decisions: scheme.decisions.map((d) => (d.id === decision.id ? nextDecision : d)) };
    const before = new Set(validateScheme({ ...scheme, decisions: [decision] }).map(issueKey));
    const after = validateScheme({ ...candidate, decisions: [nextDecision] }).filter((i) => !before.has(issueKey(i)));
    if (after.length) {
      setProblems(after.map((i) => i.message));
      return;
    }
    const error = onCommit({ patch, serviceLineLimits: isSl && Object.keys(slPatch).length ? (slPatch as Record<AutonomyLevel, number | null>) : undefined });
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
      {notes.length ? (
        <div className="dlg-editor__notes" role="status" data-testid="editor-remote-change">
          {notes.map((n) => (
            <p key={n.field}>
              {n.text}{" "}
              <button type="button" className="app-link-button" onClick={() => setNotes((list) => list.filter((x) => x.field !== n.field))}>
                OK<span className="nhsuk-u-visually-hidden">, dismiss this note</span>
              </button>
            </p>
          ))}
        </div>
      ) : null}
      {conflicts.length ? (
        <div className="dlg-editor__conflicts" role="alert" data-testid="editor-conflict">
          {conflicts.map((k) => {
            const theirs = describeField(k, live[k]!, decision);
            // What the person typed, written as the matrix writes it ("55,000" reads "£55,000").
            const typed = k === "limit" || k.startsWith("sl") ? parseLimitInput(decision, draft[k]!) : null;
            const mine = describeField(k, typed?.ok && typed.value !== null && decision.limitKind !== "yesno" ? limitInputText(decision, typed.value) : draft[k]!, decision);
            return (
              <div key={k} className="dlg-editor__conflict">
                <p>
                  {author} changed {theirs.what} to {theirs.value} while you were editing. Yours is {mine.value}.
                </p>
                <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => keepMine(k)}>
                  Keep mine<span className="nhsuk-u-visually-hidden"> ({mine.value})</span>
                </button>{" "}
                <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => takeTheirs(k)}>
                  Take theirs<span className="nhsuk-u-visually-hidden"> ({theirs.value})</span>
                </button>
              </div>
            );
          })}
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
