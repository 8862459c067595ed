import { useState } from "react";
import type { Orphan } from "../../../shared/collab/structure-doc";
import { placementError, UNIT_KIND_LABELS, type Unit } from "../../../shared/structure";

interface Props {
  orphans: readonly Orphan[];
  units: readonly Unit[];
  meId: string;
  /** Names of the trust's members by user id, to say who added a unit. */
  people: Readonly<Record<string, string>>;
  /** Names of units this screen has seen, deleted ones included, to say which unit went. */
  seenNames: ReadonlyMap<string, string>;
  readOnly: boolean;
  onMove(id: string, parentId: string): void;
}

/**
 * Units left without a parent (issue 16: "Deleting a unit while someone offline adds a child under
 * it … show orphans as a problem to resolve, with the person who made them told"). Each has a
 * "Choose where it belongs" control; the person who added it is told in their own words.
 */
export function OrphanCallout({ orphans, units, meId, people, seenNames, readOnly, onMove }: Props) {
  const [chosen, setChosen] = useState<Record<string, string>>({});
  if (!orphans.length) return null;
  const gone = (o: Orphan) => (o.parentId && seenNames.get(o.parentId) ? `‘${seenNames.get(o.parentId)}’` : "the unit it was added under");
  const mine = orphans.filter((o) => o.createdBy === meId);
  return (
    <div className="nhsuk-warning-callout app-repair" role="region" aria-labelledby="orphans-heading" data-testid="orphans">
      <h2 className="nhsuk-warning-callout__label" id="orphans-heading">
        <span role="text">
          <span className="nhsuk-u-visually-hidden">Important: </span>
          {orphans.length === 1 ? "A unit has no parent" : `${orphans.length} units have no parent`}
        </span>
      </h2>
      {mine.length ? (
        <div role="alert" data-testid="orphan-notice">
          {mine.map((o) => (
            <p key={o.id}>
              <strong>
                Your new unit ‘{o.name}’ has no parent because {o.parentDeleted ? gone(o) : "the unit it was added under"} was deleted — choose where it belongs.
              </strong>
            </p>
          ))}
        </div>
      ) : null}
      <ul className="nhsuk-list app-orphans">
        {orphans.map((o) => {
          const maker = o.createdBy === meId ? "you" : o.createdBy ? people[o.createdBy] ?? "a former member" : null;
          const options = units.filter((u) => u.id !== o.id && !placementError(units, o.id, o.kind, u.id)).sort((a, b) => a.name.localeCompare(b.name));
          const value = chosen[o.id] ?? "";
          const selectId = `orphan-parent-${o.id}`;
          return (
            <li key={o.id} data-testid={`orphan-${o.id}`}>
              <p className="nhsuk-u-margin-bottom-2">
                <strong>{o.name}</strong> ({UNIT_KIND_LABELS[o.kind].toLowerCase()}) needs a parent
                {o.parentDeleted ? `: ${gone(o)} was deleted` : ""}
                {maker ? `; added by ${maker}` : ""}.
              </p>
              {readOnly ? (
                <p className="nhsuk-body-s">Someone who can edit the structure can choose where it belongs.</p>
              ) : (
                <div className="app-inline-row">
                  <label className="nhsuk-label" htmlFor={selectId}>
                    Choose where it belongs
                  </label>
                  <select id={selectId} className="nhsuk-select" value={value} onChange={(e) => setChosen((c) => ({ ...c, [o.id]: e.target.value }))}>
                    <option value="">Choose a unit…</option>
                    {options.map((u) => (
                      <option key={u.id} value={u.id}>
                        {u.name} ({UNIT_KIND_LABELS[u.kind].toLowerCase()})
                      </option>
                    ))}
                  </select>
                  <button
                    type="button"
                    className="nhsuk-button nhsuk-button--small"
                    aria-label={`Move ${o.name}`}
                    disabled={!value}
                    onClick={() => {
                      onMove(o.id, value);
                      setChosen(({ [o.id]: _done, ...rest }) => rest);
                    }}
                  >
                    Move
                  </button>
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
