import { useEffect, useId, useState } from "react";
import { AUTONOMY_LEVELS } from "../../../shared/autonomy/types";
import { decisionDescription, removeDecision, setDecisionFields, setServiceLineLimits } from "../../../shared/collab/scheme-doc";
import { DECISION_AREAS, STANDARD_CONDITIONS, type AreaId, type Decision, type LimitKind, type VatBasis } from "../../../shared/delegation";
import type { Room } from "../../collab/useRoom";
import { LOCAL_ORIGIN } from "../../collab/useRoom";
import { YTextArea } from "../../collab/YTextArea";
import type { CellWatcher } from "./SchemeMatrix";

interface Props {
  room: Room;
  decision: Decision;
  readOnly: boolean;
  others: CellWatcher[];
  /** Set when the title should take focus (a decision just added). */
  focusTitle: number;
  onEditing(field: string | null): void;
  onRemoved(): void;
  onClose(): void;
  onMessage(text: string): void;
}

/** The selected decision's own fields: title, area, kind of limit, unit and the co-edited description. */
export function DecisionPanel({ room, decision, readOnly, others, focusTitle, onEditing, onRemoved, onClose, onMessage }: Props) {
  const id = useId();
  const [title, setTitle] = useState(decision.title);
  const [unit, setUnit] = useState(decision.unit ?? "");
  const [titleError, setTitleError] = useState<string | null>(null);
  const [confirmRemove, setConfirmRemove] = useState(false);
  useEffect(() => setTitle(decision.title), [decision.id, decision.title]);
  useEffect(() => setUnit(decision.unit ?? ""), [decision.id, decision.unit]);
  useEffect(() => setConfirmRemove(false), [decision.id]);
  const standardIds = new Set<string>(STANDARD_CONDITIONS.map((c) => c.id));
  const ownConditions = (decision.conditions ?? []).filter((c) => !standardIds.has(c));
  const [otherConditions, setOtherConditions] = useState(ownConditions.join("\n"));
  const ownKey = ownConditions.join("\n");
  useEffect(() => setOtherConditions(ownKey), [decision.id, ownKey]);
  const [settingError, setSettingError] = useState<string | null>(null);
  const save = (patch: Parameters<typeof setDecisionFields>[2]) => {
    const r = setDecisionFields(room.doc, decision.id, patch, LOCAL_ORIGIN);
    setSettingError(r.ok ? null : r.error);
  };
  const chosen = new Set(decision.conditions ?? []);
  const toggleStandard = (id: string, on: boolean) => {
    const standard = STANDARD_CONDITIONS.map((c) => c.id).filter((c) => (c === id ? on : chosen.has(c)));
    save({ conditions: [...standard, ...ownConditions] });
  };
  const saveOtherConditions = () => {
    onEditing(null);
    const own = otherConditions.split("\n").map((c) => c.trim()).filter(Boolean);
    if (own.join("\n") === ownKey) return;
    save({ conditions: [...STANDARD_CONDITIONS.map((c) => c.id).filter((c) => chosen.has(c)), ...own] });
  };
  const setPerformanceIndependent = (on: boolean) => {
    if (!on) return save({ performanceIndependent: false });
    // Marking a right as independent of performance gives every autonomy level the same limit: the most generous one (level 1's).
    const top = decision.serviceLineLimits[1];
    let error: string | null = null;
    room.transact(() => {
      const r = setDecisionFields(room.doc, decision.id, { performanceIndependent: true }, LOCAL_ORIGIN);
      if (!r.ok) return void (error = r.error);
      const s = setServiceLineLimits(room.doc, decision.id, Object.fromEntries(AUTONOMY_LEVELS.map((a) => [a, top])), LOCAL_ORIGIN);
      if (!s.ok) error = s.error;
    });
    setSettingError(error);
  };
  useEffect(() => {
    if (focusTitle) document.getElementById(`${id}-title`)?.focus();
  }, [focusTitle, id]);
  const text = decisionDescription(room.doc, decision.id);

  const saveTitle = () => {
    onEditing(null);
    if (title.trim() === decision.title) return;
    const r = setDecisionFields(room.doc, decision.id, { title: title.trim() }, LOCAL_ORIGIN);
    setTitleError(r.ok ? null : r.error);
  };
  const saveUnit = () => {
    onEditing(null);
    if (unit.trim() !== (decision.unit ?? "")) setDecisionFields(room.doc, decision.id, { unit: unit.trim() }, LOCAL_ORIGIN);
  };

  return (
    <section className="dlg-panel" aria-labelledby={`${id}-heading`}>
      <div className="dlg-panel__head">
        <h2 className="nhsuk-heading-s" id={`${id}-heading`}>
          Decision
        </h2>
        <button type="button" className="app-link-button" onClick={onClose} aria-label="Close the decision panel">
          Close
        </button>
      </div>
      {others.length ? (
        <p className="nhsuk-body-s dlg-panel__others">
          Also here:{" "}
          {others.map((o, i) => (
            <span key={i} className="dlg-cell__who-name" style={{ background: o.colour }}>
              {o.name}
              {o.editing ? " (editing)" : ""}
            </span>
          ))}
        </p>
      ) : null}
      <div className={"nhsuk-form-group" + (titleError ? " nhsuk-form-group--error" : "")}>
        <label className="nhsuk-label nhsuk-label--s" htmlFor={`${id}-title`}>
          Title
        </label>
        {titleError ? (
          <span className="nhsuk-error-message">
            <span className="nhsuk-u-visually-hidden">Error:</span> {titleError}
          </span>
        ) : null}
        <input
          id={`${id}-title`}
          className="nhsuk-input"
          value={title}
          readOnly={readOnly}
          onFocus={() => !readOnly && onEditing("title")}
          onChange={(e) => setTitle(e.target.value)}
          onBlur={saveTitle}
          onKeyDown={(e) => {
            if (e.key === "Enter") saveTitle();
            if (e.key === "Escape") setTitle(decision.title);
          }}
        />
      </div>
      <div className="dlg-panel__row">
        <div className="nhsuk-form-group">
          <label className="nhsuk-label nhsuk-label--s" htmlFor={`${id}-area`}>
            Area
          </label>
          <select
            id={`${id}-area`}
            className="nhsuk-select"
            value={decision.area}
            disabled={readOnly}
            onChange={(e) => setDecisionFields(room.doc, decision.id, { area: e.target.value as AreaId }, LOCAL_ORIGIN)}
          >
            {DECISION_AREAS.map((a) => (
              <option key={a.id} value={a.id}>
                {a.label}
              </option>
            ))}
          </select>
        </div>
        <div className="nhsuk-form-group">
          <label className="nhsuk-label nhsuk-label--s" htmlFor={`${id}-kind`}>
            Kind of limit
          </label>
          <select
            id={`${id}-kind`}
            className="nhsuk-select"
            value={decision.limitKind}
            disabled={readOnly}
            onChange={(e) => setDecisionFields(room.doc, decision.id, { limitKind: e.target.value as LimitKind }, LOCAL_ORIGIN)}
          >
            <option value="money">Money (£)</option>
            <option value="band">Agenda for Change band</option>
            <option value="count">A count</option>
            <option value="yesno">Yes or no</option>
          </select>
        </div>
      </div>
      {decision.limitKind === "count" ? (
        <div className="nhsuk-form-group">
          <label className="nhsuk-label nhsuk-label--s" htmlFor={`${id}-unit`}>
            What the count counts
          </label>
          <div className="nhsuk-hint">For example posts, beds or sessions. For pay bands choose “Agenda for Change band” as the kind of limit.</div>
          <input
            id={`${id}-unit`}
            className="nhsuk-input nhsuk-input--width-20"
            value={unit}
            readOnly={readOnly}
            onFocus={() => !readOnly && onEditing("unit")}
            onChange={(e) => setUnit(e.target.value)}
            onBlur={saveUnit}
            onKeyDown={(e) => e.key === "Enter" && saveUnit()}
          />
        </div>
      ) : null}
      <fieldset className="nhsuk-fieldset dlg-panel__settings">
        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">What every answer says</legend>
        {settingError ? (
          <span className="nhsuk-error-message" role="alert">
            <span className="nhsuk-u-visually-hidden">Error:</span> {settingError}
          </span>
        ) : null}
        {decision.limitKind === "money" ? (
          <div className="nhsuk-form-group">
            <label className="nhsuk-label" htmlFor={`${id}-vat`}>
              VAT basis of the limits
            </label>
            <select
              id={`${id}-vat`}
              className="nhsuk-select"
              value={decision.vatBasis ?? ""}
              disabled={readOnly}
              onChange={(e) => save({ vatBasis: (e.target.value || null) as VatBasis | null })}
            >
              <option value="">Not stated</option>
              <option value="incl">Including VAT</option>
              <option value="excl">Excluding VAT</option>
            </select>
          </div>
        ) : null}
        <div className="dlg-panel__conditions">
          {STANDARD_CONDITIONS.map((c) => (
            <label key={c.id} className="dlg-panel__check">
              <input type="checkbox" checked={chosen.has(c.id)} disabled={readOnly} onChange={(e) => toggleStandard(c.id, e.target.checked)} /> {c.text}
            </label>
          ))}
        </div>
        <div className="nhsuk-form-group">
          <label className="nhsuk-label" htmlFor={`${id}-conditions`}>
            Other conditions
          </label>
          <div className="nhsuk-hint" id={`${id}-conditions-hint`}>
            One a line, for example “Every waiver is reported to the Audit Committee”.
          </div>
          <textarea
            id={`${id}-conditions`}
            className="nhsuk-textarea"
            rows={2}
            value={otherConditions}
            readOnly={readOnly}
            aria-describedby={`${id}-conditions-hint`}
            onFocus={() => !readOnly && onEditing("conditions")}
            onChange={(e) => setOtherConditions(e.target.value)}
            onBlur={saveOtherConditions}
          />
        </div>
        {decision.limitKind === "money" ? (
          <label className="dlg-panel__check">
            <input type="checkbox" checked={!!decision.procurement} disabled={readOnly} onChange={(e) => save({ procurement: e.target.checked })} /> Answers cite the procurement route for the
            amount
          </label>
        ) : null}
        <label className="dlg-panel__check">
          <input type="checkbox" checked={!!decision.performanceIndependent} disabled={readOnly} onChange={(e) => setPerformanceIndependent(e.target.checked)} /> Does not depend on
          performance (the service line’s limit is the same at every autonomy level)
        </label>
      </fieldset>
      <div className="nhsuk-form-group">
        <label className="nhsuk-label nhsuk-label--s" htmlFor={`${id}-desc`}>
          Description
        </label>
        {text ? (
          <YTextArea
            key={decision.id}
            text={text}
            id={`${id}-desc`}
            className="nhsuk-textarea"
            rows={4}
            readOnly={readOnly}
            onFocus={() => !readOnly && onEditing("description")}
            onBlur={() => onEditing(null)}
          />
        ) : null}
      </div>
      {!readOnly ? (
        confirmRemove ? (
          <div className="nhsuk-inset-text dlg-panel__confirm" role="alertdialog" aria-label="Confirm removal">
            <p>Remove “{decision.title}” from the scheme? You can undo this.</p>
            <button
              type="button"
              className="nhsuk-button nhsuk-button--warning nhsuk-button--small"
              autoFocus
              onClick={() => {
                const r = removeDecision(room.doc, decision.id, LOCAL_ORIGIN);
                onMessage(r.ok ? `Removed “${decision.title}”. Undo brings it back.` : r.error);
                onRemoved();
              }}
            >
              Remove decision
            </button>{" "}
            <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => setConfirmRemove(false)}>
              Keep it
            </button>
          </div>
        ) : (
          <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => setConfirmRemove(true)}>
            Remove this decision
          </button>
        )
      ) : null}
    </section>
  );
}
