import { useEffect, useId, useState } from "react";
import { addLevel, moveLevel, removeLevel, renameLevel, setLevelReservedOnly } from "../../../shared/collab/scheme-doc";
import type { DelegationLevel } from "../../../shared/delegation";
import { LOCAL_ORIGIN, type Room } from "../../collab/useRoom";

function LevelRow({ room, level, index, count, isServiceLine, readOnly, onMessage }: { room: Room; level: DelegationLevel; index: number; count: number; isServiceLine: boolean; readOnly: boolean; onMessage(t: string): void }) {
  const [name, setName] = useState(level.name);
  useEffect(() => setName(level.name), [level.name]);
  const save = () => {
    if (name.trim() === level.name) return;
    const r = renameLevel(room.doc, level.id, name, LOCAL_ORIGIN);
    if (!r.ok) {
      onMessage(r.error);
      setName(level.name);
    }
  };
  return (
    <li className="dlg-levels__item">
      <span className="dlg-levels__pos">{index + 1}.</span>
      <label className="nhsuk-u-visually-hidden" htmlFor={`level-${level.id}`}>
        Name of level {index + 1}
      </label>
      <input id={`level-${level.id}`} className="nhsuk-input" value={name} readOnly={readOnly} onChange={(e) => setName(e.target.value)} onBlur={save} onKeyDown={(e) => e.key === "Enter" && save()} />
      {isServiceLine ? <strong className="nhsuk-tag nhsuk-tag--blue">Limits by earned autonomy</strong> : null}
      {!isServiceLine ? (
        <label className="dlg-levels__reserved">
          <input
            type="checkbox"
            checked={!!level.reservedOnly}
            disabled={readOnly}
            onChange={(e) => {
              const r = setLevelReservedOnly(room.doc, level.id, e.target.checked, LOCAL_ORIGIN);
              if (!r.ok) onMessage(r.error);
            }}
            aria-describedby="dlg-levels-reserved-hint"
          />{" "}
          Decides only matters reserved to it<span className="nhsuk-u-visually-hidden"> ({level.name})</span>
        </label>
      ) : null}
      {!readOnly ? (
        <span className="dlg-levels__buttons">
          <button type="button" className="app-link-button" disabled={index === 0} onClick={() => moveLevel(room.doc, level.id, index - 1, LOCAL_ORIGIN)} aria-label={`Move ${level.name} up`}>
            Up
          </button>
          <button type="button" className="app-link-button" disabled={index === count - 1} onClick={() => moveLevel(room.doc, level.id, index + 1, LOCAL_ORIGIN)} aria-label={`Move ${level.name} down`}>
            Down
          </button>
          {!isServiceLine ? (
            <button
              type="button"
              className="app-link-button"
              onClick={() => {
                const r = removeLevel(room.doc, level.id, LOCAL_ORIGIN);
                onMessage(r.ok ? `Removed the level ${level.name}. Undo brings it back.` : r.error);
              }}
              aria-label={`Remove ${level.name}`}
            >
              Remove
            </button>
          ) : null}
        </span>
      ) : null}
    </li>
  );
}

/** The ordered levels of delegation, highest first: rename, reorder, add and remove. */
export function LevelsEditor({ room, levels, serviceLineLevelId, readOnly }: { room: Room; levels: DelegationLevel[]; serviceLineLevelId: string; readOnly: boolean }) {
  const id = useId();
  const [name, setName] = useState("");
  const [message, setMessage] = useState<string | null>(null);
  const add = () => {
    const r = addLevel(room.doc, name, {}, LOCAL_ORIGIN);
    if (r.ok) {
      setName("");
      setMessage(`Added the level ${name.trim()} at the bottom. Move it up to where it belongs.`);
    } else setMessage(r.error);
  };
  return (
    <div className="dlg-levels">
      <p className="nhsuk-body-s">Highest first. A lower level may never hold a higher limit than the level above, unless the cell is marked as an exception with a reason.</p>
      <p className="nhsuk-body-s" id="dlg-levels-reserved-hint">
        A level that decides only matters reserved to it (a foundation trust’s Council of Governors) holds no delegated limits, and nothing goes to it because no one
        lower could decide it: that falls to the highest level that is not reserved-only, usually the Board.
      </p>
      <ol className="dlg-levels__list">
        {levels.map((l, i) => (
          <LevelRow key={l.id} room={room} level={l} index={i} count={levels.length} isServiceLine={l.id === serviceLineLevelId} readOnly={readOnly} onMessage={setMessage} />
        ))}
      </ol>
      {!readOnly ? (
        <div className="dlg-levels__add">
          <label className="nhsuk-label nhsuk-label--s" htmlFor={`${id}-new`}>
            Add a level
          </label>
          <input id={`${id}-new`} className="nhsuk-input nhsuk-input--width-20" value={name} onChange={(e) => setName(e.target.value)} onKeyDown={(e) => e.key === "Enter" && add()} />{" "}
          <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={add}>
            Add level
          </button>
        </div>
      ) : null}
      {message ? (
        <p className="nhsuk-body-s" role="status">
          {message}
        </p>
      ) : null}
    </div>
  );
}
