import { memo, useEffect, useRef, type KeyboardEvent } from "react";
import { AUTONOMY_LEVELS } from "../../../shared/autonomy/types";
import { DECISION_AREAS, cellAt, type Decision, type DelegationLevel, type Scheme, type SchemeIssue } from "../../../shared/delegation";
import { CellEditor, type CellCommit } from "./CellEditor";
import { cellValueText, holdersText, serviceLineValueText } from "./cells";

/** Someone else's presence on a cell. */
export interface CellWatcher {
  name: string;
  colour: string;
  editing: boolean;
}

export interface GridPos {
  decisionId: string;
  /** null = the decision's title cell. */
  levelId: string | null;
}

interface Props {
  scheme: Scheme;
  decisions: Decision[];
  levels: DelegationLevel[];
  issues: SchemeIssue[];
  watchers: Map<string, CellWatcher[]>;
  active: GridPos | null;
  editing: boolean;
  readOnly: boolean;
  /** Bumped when focus should move into the grid at the active cell. */
  focusNonce: number;
  onActivate(pos: GridPos, focus?: boolean): void;
  onStartEdit(pos: GridPos): void;
  onCommit(pos: GridPos, change: CellCommit): string | null;
  onCancelEdit(): void;
}

const cellKey = (decisionId: string, levelId: string | null) => `${decisionId}:${levelId ?? "#title"}`;

function Watchers({ list }: { list: CellWatcher[] | undefined }) {
  if (!list?.length) return null;
  return (
    <span className="dlg-cell__who">
      {list.map((w, i) => (
        <span key={i} className="dlg-cell__who-name" style={{ background: w.colour }}>
          {w.name}
          {w.editing ? " (editing)" : ""}
        </span>
      ))}
    </span>
  );
}

/**
 * The scheme as a spreadsheet-like grid: rows are decisions grouped by area, columns are levels.
 * One cell is in the tab order at a time (roving tabindex); arrows move, Enter or F2 edits.
 */
export const SchemeMatrix = memo(function SchemeMatrix(props: Props) {
  const { scheme, decisions, levels, issues, watchers, active, editing, readOnly, focusNonce, onActivate, onStartEdit, onCommit, onCancelEdit } = props;
  const refs = useRef(new Map<string, HTMLElement>());
  const columns: (string | null)[] = [null, ...levels.map((l) => l.id)];

  useEffect(() => {
    if (!active || focusNonce === 0 || editing) return;
    refs.current.get(cellKey(active.decisionId, active.levelId))?.focus();
    // Focus follows the nonce only; a remote change must never steal focus.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [focusNonce, editing]);

  const issuesAt = new Map<string, SchemeIssue[]>();
  for (const i of issues) {
    const k = cellKey(i.decisionId, i.levelId ?? null);
    issuesAt.set(k, [...(issuesAt.get(k) ?? []), i]);
  }

  const activeRow = active ? decisions.findIndex((d) => d.id === active.decisionId) : -1;
  const activeCol = active ? columns.indexOf(active.levelId) : -1;
  // When the active cell is filtered out, the first cell takes the tab stop.
  const tabRow = activeRow >= 0 && activeCol >= 0 ? activeRow : 0;
  const tabCol = activeRow >= 0 && activeCol >= 0 ? activeCol : 0;

  function move(row: number, col: number) {
    const r = Math.max(0, Math.min(decisions.length - 1, row));
    const c = Math.max(0, Math.min(columns.length - 1, col));
    const d = decisions[r];
    if (d) onActivate({ decisionId: d.id, levelId: columns[c] ?? null }, true);
  }

  function onKeyDown(e: KeyboardEvent<HTMLElement>, row: number, col: number) {
    if (editing) return;
    const pos = { decisionId: decisions[row]!.id, levelId: columns[col] ?? null };
    switch (e.key) {
      case "ArrowUp":
        e.preventDefault();
        return move(row - 1, col);
      case "ArrowDown":
        e.preventDefault();
        return move(row + 1, col);
      case "ArrowLeft":
        e.preventDefault();
        return move(row, col - 1);
      case "ArrowRight":
        e.preventDefault();
        return move(row, col + 1);
      case "Home":
        e.preventDefault();
        return e.ctrlKey ? move(0, 0) : move(row, 0);
      case "End":
        e.preventDefault();
        return e.ctrlKey ? move(decisions.length - 1, columns.length - 1) : move(row, columns.length - 1);
      case "PageUp":
        e.preventDefault();
        return move(row - 10, col);
      case "PageDown":
        e.preventDefault();
        return move(row + 10, col);
      case "Enter":
      case "F2":
        if (readOnly) return;
        e.preventDefault();
        return onStartEdit(pos);
    }
  }

  let rowIndex = 1; // aria-rowindex: the header row is 1
  const byArea = DECISION_AREAS.map((a) => ({ area: a, list: decisions.filter((d) => d.area === a.id) })).filter((g) => g.list.length);

  return (
    <table className="dlg-matrix" role="grid" aria-label="Scheme of delegation" aria-readonly={readOnly || undefined} aria-colcount={columns.length}>
      <thead>
        <tr aria-rowindex={1}>
          <th scope="col" className="dlg-matrix__corner">
            Decision
          </th>
          {levels.map((l) => (
            <th scope="col" key={l.id} className={l.id === scheme.serviceLineLevelId ? "dlg-matrix__sl-head" : undefined}>
              {l.name}
              {l.id === scheme.serviceLineLevelId ? <span className="dlg-matrix__sub">by earned autonomy level L1–L4</span> : null}
              {l.reservedOnly ? <span className="dlg-matrix__sub">decides only matters reserved to it</span> : null}
            </th>
          ))}
        </tr>
      </thead>
      {byArea.map(({ area, list }) => (
        <tbody key={area.id}>
          <tr className="dlg-matrix__area" aria-rowindex={++rowIndex}>
            <th scope="colgroup" colSpan={columns.length} id={`area-${area.id}`}>
              <span className="dlg-matrix__area-label">
                {area.label} <span className="dlg-matrix__count">({list.length})</span>
              </span>
            </th>
          </tr>
          {list.map((d) => {
            const row = decisions.indexOf(d);
            return (
              <tr key={d.id} aria-rowindex={++rowIndex} data-decision={d.id}>
                {columns.map((levelId, col) => {
                  const k = cellKey(d.id, levelId);
                  const isActive = active?.decisionId === d.id && active.levelId === levelId;
                  const here = watchers.get(k);
                  const problems = issuesAt.get(k);
                  const style = here?.length ? { boxShadow: `inset 0 0 0 3px ${here[0]!.colour}` } : undefined;
                  const common = {
                    ref: (el: HTMLElement | null) => {
                      if (el) refs.current.set(k, el);
                      else refs.current.delete(k);
                    },
                    tabIndex: row === tabRow && col === tabCol ? 0 : -1,
                    "aria-colindex": col + 1,
                    "aria-selected": isActive,
                    "data-cell": k,
                    onKeyDown: (e: KeyboardEvent<HTMLElement>) => onKeyDown(e, row, col),
                    onFocus: () => {
                      if (!isActive) onActivate({ decisionId: d.id, levelId });
                    },
                    onClick: () => onActivate({ decisionId: d.id, levelId }),
                    onDoubleClick: () => !readOnly && onStartEdit({ decisionId: d.id, levelId }),
                  };
                  if (levelId === null) {
                    return (
                      <th
                        key="title"
                        scope="row"
                        role="rowheader"
                        className={"dlg-cell dlg-cell--title" + (isActive ? " dlg-cell--active" : "") + (problems ? " dlg-cell--issue" : "")}
                        style={style}
                        {...common}
                      >
                        <span className="dlg-cell__title">{d.title}</span>
                        <span className="dlg-cell__kind">{d.limitKind === "money" ? (d.vatBasis ? `£ ${d.vatBasis === "incl" ? "incl." : "excl."} VAT` : "£") : d.limitKind === "yesno" ? "Yes/no" : d.limitKind === "band" ? "AfC band" : d.unit || "Count"}</span>
                        {d.performanceIndependent ? <span className="dlg-cell__tag">Same at every autonomy level</span> : null}
                        {d.procurement ? <span className="dlg-cell__tag">Cites procurement route</span> : null}
                        {problems?.map((p, i) => (
                          <span key={i} className="dlg-cell__issue">
                            {p.message}
                          </span>
                        ))}
                        <Watchers list={here} />
                      </th>
                    );
                  }
                  const level = levels.find((l) => l.id === levelId)!;
                  const cell = cellAt(d, levelId);
                  const isSl = levelId === scheme.serviceLineLevelId;
                  const isEditing = isActive && editing;
                  return (
                    <td
                      key={levelId}
                      role="gridcell"
                      className={
                        "dlg-cell" +
                        ` dlg-cell--${cell.mode}` +
                        (isSl ? " dlg-cell--sl" : "") +
                        (isActive ? " dlg-cell--active" : "") +
                        (problems ? " dlg-cell--issue" : "") +
                        (isEditing ? " dlg-cell--editing" : "")
                      }
                      style={style}
                      {...common}
                    >
                      {isSl && cell.mode !== "reserved" ? (
                        <dl className="dlg-sl">
                          {AUTONOMY_LEVELS.map((a) => (
                            <div key={a} className={d.serviceLineLimits[a] === null ? "dlg-sl--none" : undefined}>
                              <dt>L{a}</dt>
                              <dd>{serviceLineValueText(d, a)}</dd>
                            </div>
                          ))}
                        </dl>
                      ) : (
                        <span className="dlg-cell__value">{cellValueText(d, cell)}</span>
                      )}
                      {cell.mode !== "none" && cell.holder ? <span className="dlg-cell__holder">{cell.holder}</span> : null}
                      {holdersText(d, cell) ? <span className="dlg-cell__holders">{holdersText(d, cell)}</span> : null}
                      {cell.exception ? <span className="dlg-cell__exception" title={cell.exception.reason}>Exception</span> : null}
                      {problems?.map((p, i) => (
                        <span key={i} className="dlg-cell__issue">
                          {p.message}
                        </span>
                      ))}
                      <Watchers list={here} />
                      {isEditing ? (
                        <CellEditor
                          scheme={scheme}
                          decision={d}
                          level={level}
                          onCommit={(change) => onCommit({ decisionId: d.id, levelId }, change)}
                          onCancel={onCancelEdit}
                          colleagues={(here ?? []).map((w) => w.name)}
                        />
                      ) : null}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      ))}
    </table>
  );
});
