import { useEffect, useId, useMemo, useRef, useState } from "react";
import type * as Y from "yjs";
import {
  addSupportLink,
  deleteUnit,
  moveUnit,
  removeSupportLink,
  unitDescription,
  updateUnit,
  type UnitPatch,
} from "../../../shared/collab/structure-doc";
import { ALLOWED_PARENTS, descendantIds, placementError, UNIT_KIND_LABELS, UNIT_KINDS, type Leader, type Structure, type Unit, type UnitKind } from "../../../shared/structure";
import { YTextArea } from "../../collab/YTextArea";
import { LOCAL_ORIGIN, type Room } from "../../collab/useRoom";

/** Kinds that may sit directly under a unit of `kind`. */
export function childKinds(kind: UnitKind): UnitKind[] {
  return UNIT_KINDS.filter((k) => ALLOWED_PARENTS[k].includes(kind));
}

/** An input that edits one field: shows the document's value, commits on blur or Enter. */
function FieldInput({ id, label, value, readOnly, onCommit, onFocusChange, error, maxLength = 120 }: {
  id: string;
  label: string;
  value: string;
  readOnly: boolean;
  onCommit(v: string): string | null | void;
  onFocusChange?(focused: boolean): void;
  error?: string | null;
  maxLength?: number;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  // The saved value when this person started typing: a different value now is a colleague's change
  // made under their typing, which they see and choose over (decision record 045).
  const [base, setBase] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const clash = draft !== null && base !== null && value !== base && draft !== value;
  const commit = (v: string) => {
    if (clash) return setProblem(`Someone changed this to “${value}” while you were typing: keep yours or take theirs.`);
    setDraft(null);
    setBase(null);
    if (v === value) return setProblem(null);
    setProblem(onCommit(v) || null);
  };
  const shown = error ?? problem;
  return (
    <div className={"nhsuk-form-group" + (shown ? " nhsuk-form-group--error" : "")}>
      <label className="nhsuk-label nhsuk-label--s" htmlFor={id}>
        {label}
      </label>
      {shown ? (
        <span className="nhsuk-error-message" id={`${id}-error`}>
          <span className="nhsuk-u-visually-hidden">Error:</span> {shown}
        </span>
      ) : null}
      <input
        id={id}
        className={"nhsuk-input" + (shown ? " nhsuk-input--error" : "")}
        value={draft ?? value}
        readOnly={readOnly}
        maxLength={maxLength}
        aria-describedby={shown ? `${id}-error` : undefined}
        onChange={(e) => {
          if (draft === null) setBase(value);
          setDraft(e.target.value);
        }}
        onFocus={() => onFocusChange?.(true)}
        onBlur={(e) => {
          onFocusChange?.(false);
          if (!readOnly && draft !== null && !clash) commit(e.target.value);
        }}
        onKeyDown={(e) => {
          if (e.key === "Enter" && !readOnly) commit(e.currentTarget.value);
          if (e.key === "Escape") {
            setDraft(null);
            setBase(null);
            setProblem(null);
          }
        }}
      />
      {clash ? (
        <div className="app-field-clash" role="alert">
          <p className="nhsuk-body-s">Someone changed this to “{value}” while you were typing.</p>
          <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => setBase(value)}>
            Keep mine
          </button>{" "}
          <button
            type="button"
            className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
            onClick={() => {
              setDraft(null);
              setBase(null);
              setProblem(null);
            }}
          >
            Take theirs
          </button>
        </div>
      ) : null}
    </div>
  );
}

interface Props {
  room: Room;
  unit: Unit;
  structure: Structure;
  readOnly: boolean;
  deleteRequested: boolean;
  /** Bumped to put focus in the name field (after Add or Insert made this unit). */
  focusName?: number;
  onSelect(id: string | null): void;
  onDeleteRequestHandled(): void;
  onAddChild(parentId: string, kind: UnitKind): void;
  onEditing(field: string | null): void;
  otherViewers: { name: string; colour: string; field?: string }[];
}

/** The side panel: every field of the selected unit, its links, adding below it and deleting it. */
export function UnitPanel({ room, unit, structure, readOnly, deleteRequested, focusName = 0, onSelect, onDeleteRequestHandled, onAddChild, onEditing, otherViewers }: Props) {
  const uid = useId();
  const { doc } = room;
  const byId = useMemo(() => new Map(structure.units.map((u) => [u.id, u])), [structure.units]);
  const patch = (p: UnitPatch) => updateUnit(doc, unit.id, p, LOCAL_ORIGIN);
  const [description, setDescription] = useState<Y.Text | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [childMode, setChildMode] = useState<"reparent" | "cascade">("reparent");
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const [parentError, setParentError] = useState<string | null>(null);
  const kinds = childKinds(unit.kind);
  const [newKind, setNewKind] = useState<UnitKind | "">(kinds[0] ?? "");

  useEffect(() => {
    setDescription(unitDescription(doc, unit.id));
    setConfirmDelete(false);
    setDeleteError(null);
    setParentError(null);
    setNewKind(childKinds(unit.kind)[0] ?? "");
  }, [doc, unit.id, unit.kind]);

  // Delete from the keyboard puts focus on the question once it is on screen (issue 16).
  const focusQuestion = useRef(false);
  useEffect(() => {
    if (deleteRequested) {
      focusQuestion.current = true;
      setConfirmDelete(true);
      onDeleteRequestHandled();
    }
  }, [deleteRequested, onDeleteRequestHandled, uid]);
  useEffect(() => {
    if (!confirmDelete || !focusQuestion.current) return;
    focusQuestion.current = false;
    document.getElementById(`${uid}-delete-heading`)?.focus();
  }, [confirmDelete, uid]);

  useEffect(() => {
    if (!focusName) return;
    // The name is what a new unit needs first: the chart's inline name field has it when the node is
    // drawn; otherwise (still panning, or the chart off screen) this panel's name field does.
    const timer = setTimeout(() => {
      if (document.activeElement?.classList.contains("app-node__rename")) return;
      const input = document.getElementById(`${uid}-name`) as HTMLInputElement | null;
      input?.scrollIntoView({ block: "nearest" });
      input?.focus();
      input?.select();
    }, 500);
    return () => clearTimeout(timer);
  }, [focusName, uid]);

  const below = descendantIds(structure.units, unit.id).size - 1;
  const parents = structure.units.filter((u) => u.id !== unit.parentId && !placementError(structure.units, unit.id, unit.kind, u.id));
  const linksFrom = structure.links.filter((l) => l.fromId === unit.id);
  const linksTo = structure.links.filter((l) => l.toId === unit.id);
  const linkTargets = structure.units.filter((u) => u.kind !== "corporate" && u.kind !== "board" && !linksFrom.some((l) => l.toId === u.id));
  const [linkTarget, setLinkTarget] = useState("");
  const [linkText, setLinkText] = useState("");
  const [linkError, setLinkError] = useState<string | null>(null);

  const setLeaders = (leaders: Leader[]) => patch({ leaders });
  const focus = (field: string) => (f: boolean) => onEditing(f ? field : null);
  const codeTaken = (code: string) => structure.units.some((u) => u.id !== unit.id && u.code.trim().toUpperCase() === code.trim().toUpperCase());

  return (
    <section className="app-panel" aria-labelledby={`${uid}-title`} data-testid="unit-panel">
      <div className="app-panel__head">
        <h2 className="nhsuk-heading-m" id={`${uid}-title`}>
          {unit.name}
        </h2>
        <button type="button" className="app-link-button" onClick={() => onSelect(null)}>
          Close<span className="nhsuk-u-visually-hidden"> details of {unit.name}</span>
        </button>
      </div>
      <p className="nhsuk-body-s">
        {UNIT_KIND_LABELS[unit.kind]}
        {unit.parentId && byId.get(unit.parentId) ? ` in ${byId.get(unit.parentId)!.name}` : ""}
      </p>
      {otherViewers.length ? (
        <p className="nhsuk-body-s" data-testid="panel-viewers">
          Also here:{" "}
          {otherViewers.map((v, i) => (
            <span key={v.name}>
              {i ? ", " : ""}
              <span className="app-swatch" style={{ background: v.colour }} aria-hidden="true" /> {v.name}
              {v.field ? ` (editing ${v.field})` : ""}
            </span>
          ))}
        </p>
      ) : null}

      <FieldInput id={`${uid}-name`} label="Name" value={unit.name} readOnly={readOnly} onFocusChange={focus("name")} onCommit={(v) => (v.trim() ? void patch({ name: v.trim() }) : "Enter a name")} />
      <FieldInput
        id={`${uid}-code`}
        label="Code"
        value={unit.code}
        readOnly={readOnly}
        maxLength={30}
        onFocusChange={focus("code")}
        onCommit={(v) => {
          const code = v.trim().toUpperCase();
          if (!code) return "Enter a code";
          if (!/^[A-Z0-9][A-Z0-9_-]*$/.test(code)) return "Use letters, numbers, hyphens and underscores only";
          if (codeTaken(code)) return `Code ${code} is already used by another unit`;
          patch({ code });
        }}
      />
      {unit.kind !== "board" ? (
        <div className={"nhsuk-form-group" + (parentError ? " nhsuk-form-group--error" : "")}>
          <label className="nhsuk-label nhsuk-label--s" htmlFor={`${uid}-parent`}>
            Sits under
          </label>
          {parentError ? <span className="nhsuk-error-message">{parentError}</span> : null}
          <select
            id={`${uid}-parent`}
            className="nhsuk-select"
            value={unit.parentId ?? ""}
            disabled={readOnly}
            onChange={(e) => {
              const res = moveUnit(doc, unit.id, e.target.value, LOCAL_ORIGIN);
              setParentError("error" in res ? res.error : null);
            }}
          >
            {unit.parentId && byId.get(unit.parentId) ? <option value={unit.parentId}>{byId.get(unit.parentId)!.name}</option> : <option value="">(none)</option>}
            {parents.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} ({UNIT_KIND_LABELS[p.kind].toLowerCase()})
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <FieldInput id={`${uid}-budget`} label="Budget holder" value={unit.budgetHolder} readOnly={readOnly} onFocusChange={focus("budget holder")} onCommit={(v) => void patch({ budgetHolder: v.trim() })} />

      <fieldset className="nhsuk-fieldset nhsuk-u-margin-bottom-4">
        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Leaders</legend>
        {unit.leaders.length === 0 ? <p className="nhsuk-body-s">No leaders named yet.</p> : null}
        {unit.leaders.map((l, i) => (
          <div className="app-leader-row" key={i}>
            <FieldInput id={`${uid}-lr-${i}`} label={`Leader ${i + 1} role`} value={l.role} readOnly={readOnly} onFocusChange={focus("leaders")} onCommit={(v) => void setLeaders(unit.leaders.map((x, j) => (j === i ? { ...x, role: v.trim() } : x)))} />
            <FieldInput id={`${uid}-ln-${i}`} label={`Leader ${i + 1} name`} value={l.name} readOnly={readOnly} onFocusChange={focus("leaders")} onCommit={(v) => void setLeaders(unit.leaders.map((x, j) => (j === i ? { ...x, name: v.trim() } : x)))} />
            {!readOnly ? (
              <button type="button" className="app-link-button" onClick={() => setLeaders(unit.leaders.filter((_, j) => j !== i))}>
                Remove<span className="nhsuk-u-visually-hidden"> {l.role || "leader"}</span>
              </button>
            ) : null}
          </div>
        ))}
        {!readOnly ? (
          <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => setLeaders([...unit.leaders, { role: "", name: "" }])}>
            Add a leader
          </button>
        ) : null}
      </fieldset>

      <div className="nhsuk-form-group">
        <label className="nhsuk-label nhsuk-label--s" htmlFor={`${uid}-desc`}>
          Description
        </label>
        {description ? (
          <YTextArea id={`${uid}-desc`} className="nhsuk-textarea" rows={4} text={description} readOnly={readOnly} onFocus={() => onEditing("description")} onBlur={() => onEditing(null)} />
        ) : null}
      </div>

      {unit.kind === "corporate" ? (
        <fieldset className="nhsuk-fieldset nhsuk-u-margin-bottom-4">
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Supports</legend>
          {linksFrom.length ? (
            <ul className="nhsuk-list">
              {linksFrom.map((l) => (
                <li key={l.id}>
                  <strong>{byId.get(l.toId)?.name ?? "Unknown unit"}</strong>: {l.description || "no service level described"}{" "}
                  {!readOnly ? (
                    <button type="button" className="app-link-button" onClick={() => removeSupportLink(doc, l.id, LOCAL_ORIGIN)}>
                      Remove<span className="nhsuk-u-visually-hidden"> support for {byId.get(l.toId)?.name}</span>
                    </button>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : (
            <p className="nhsuk-body-s">Not linked to any unit yet.</p>
          )}
          {!readOnly ? (
            <div className="app-inline-form">
              {linkError ? <span className="nhsuk-error-message">{linkError}</span> : null}
              <label className="nhsuk-label" htmlFor={`${uid}-lt`}>
                Unit supported
              </label>
              <select id={`${uid}-lt`} className="nhsuk-select" value={linkTarget} onChange={(e) => setLinkTarget(e.target.value)}>
                <option value="">Choose a unit</option>
                {linkTargets.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name}
                  </option>
                ))}
              </select>
              <label className="nhsuk-label" htmlFor={`${uid}-ld`}>
                Service level provided
              </label>
              <input id={`${uid}-ld`} className="nhsuk-input" value={linkText} maxLength={200} onChange={(e) => setLinkText(e.target.value)} />
              <button
                type="button"
                className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
                onClick={() => {
                  if (!linkTarget) return setLinkError("Choose the unit this service supports");
                  const res = addSupportLink(doc, { fromId: unit.id, toId: linkTarget, description: linkText.trim() }, LOCAL_ORIGIN);
                  setLinkError("error" in res ? res.error : null);
                  if (!("error" in res)) {
                    setLinkTarget("");
                    setLinkText("");
                  }
                }}
              >
                Add support link
              </button>
            </div>
          ) : null}
        </fieldset>
      ) : linksTo.length ? (
        <>
          <h3 className="nhsuk-heading-s">Supported by</h3>
          <ul className="nhsuk-list">
            {linksTo.map((l) => (
              <li key={l.id}>
                <strong>{byId.get(l.fromId)?.name}</strong>: {l.description}
              </li>
            ))}
          </ul>
        </>
      ) : null}

      {!readOnly && kinds.length ? (
        <div className="app-inline-form nhsuk-u-margin-bottom-4">
          <label className="nhsuk-label nhsuk-label--s" htmlFor={`${uid}-newkind`}>
            Add a unit under {unit.name}
          </label>
          <div className="app-inline-row">
            <select id={`${uid}-newkind`} className="nhsuk-select" value={newKind} onChange={(e) => setNewKind(e.target.value as UnitKind)}>
              {kinds.map((k) => (
                <option key={k} value={k}>
                  {UNIT_KIND_LABELS[k]}
                </option>
              ))}
            </select>
            <button type="button" className="nhsuk-button nhsuk-button--small" onClick={() => newKind && onAddChild(unit.id, newKind)}>
              Add
            </button>
          </div>
        </div>
      ) : null}

      {!readOnly && unit.kind !== "board" ? (
        confirmDelete ? (
          <div className="nhsuk-warning-callout" role="region" aria-labelledby={`${uid}-delete-heading`}>
            <h3 className="nhsuk-warning-callout__label" id={`${uid}-delete-heading`} tabIndex={-1}>
              <span role="text">
                <span className="nhsuk-u-visually-hidden">Important: </span>Delete {unit.name}?
              </span>
            </h3>
            {below > 0 ? (
              <fieldset className="nhsuk-fieldset">
                <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">
                  {unit.name} has {below} unit{below === 1 ? "" : "s"} below it. What should happen to {below === 1 ? "it" : "them"}?
                </legend>
                <div className="nhsuk-radios nhsuk-radios--small">
                  <div className="nhsuk-radios__item">
                    <input className="nhsuk-radios__input" id={`${uid}-d1`} type="radio" name={`${uid}-mode`} checked={childMode === "reparent"} onChange={() => setChildMode("reparent")} />
                    <label className="nhsuk-label nhsuk-radios__label" htmlFor={`${uid}-d1`}>
                      Move them up to {byId.get(unit.parentId ?? "")?.name ?? "the parent"}
                    </label>
                  </div>
                  <div className="nhsuk-radios__item">
                    <input className="nhsuk-radios__input" id={`${uid}-d2`} type="radio" name={`${uid}-mode`} checked={childMode === "cascade"} onChange={() => setChildMode("cascade")} />
                    <label className="nhsuk-label nhsuk-radios__label" htmlFor={`${uid}-d2`}>
                      Delete them too
                    </label>
                  </div>
                </div>
              </fieldset>
            ) : (
              <p>It has no units below it. You can undo this.</p>
            )}
            {deleteError ? <p className="nhsuk-error-message">{deleteError}</p> : null}
            <div className="app-inline-row">
              <button
                type="button"
                className="nhsuk-button nhsuk-button--warning nhsuk-button--small"
                onClick={() => {
                  const res = deleteUnit(doc, unit.id, below > 0 ? childMode : "reparent", LOCAL_ORIGIN);
                  if ("error" in res) setDeleteError(res.error);
                  else onSelect(unit.parentId);
                }}
              >
                Delete {unit.name}
              </button>
              <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => setConfirmDelete(false)}>
                Cancel
              </button>
            </div>
          </div>
        ) : (
          <button type="button" className="nhsuk-button nhsuk-button--warning nhsuk-button--small" onClick={() => setConfirmDelete(true)}>
            Delete unit
          </button>
        )
      ) : null}
    </section>
  );
}
