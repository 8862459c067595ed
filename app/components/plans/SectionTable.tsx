import type * as Y from "yjs";
import { addRow, removeRow, setRowFields, type RowPatch, type SectionName } from "../../../shared/collab/plan-doc";
import { formatCount } from "../../../shared/format/money";
import { phase } from "../../../shared/plans/budget";
import { LOCAL_ORIGIN } from "../../collab/useRoom";
import { CommitField, CommitSelect, type FieldKind } from "./CommitField";

export const MONTHS = ["Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar"] as const;

export interface Column {
  key: string;
  label: string;
  kind: FieldKind | "select" | "bool" | "months";
  options?: readonly { value: string; label: string }[];
  width?: string;
  /** For "months": the field the months must sum to (annual, inYear). */
  sumOf?: string;
  /** Computed, read-only text for the row. */
  compute?(row: Record<string, unknown>): string;
}

interface Props<S extends SectionName> {
  section: S;
  caption: string;
  rows: readonly ({ id: string } & Record<string, unknown>)[];
  columns: readonly Column[];
  doc: Y.Doc | null;
  readOnly: boolean;
  addLabel: string;
  newRow: RowPatch<S>;
  /** Names the row for buttons and labels ("Agency reduction"). */
  rowName(row: Record<string, unknown>): string;
  onFocus?(): void;
}

/**
 * A section of the plan as a table: one row per entry, each cell written through the plan
 * accessors (so the server's checks and the co-editors see the same change), and, for phased
 * figures, twelve months with their sum against the year.
 */
export function SectionTable<S extends SectionName>({ section, caption, rows, columns, doc, readOnly, addLabel, newRow, rowName, onFocus }: Props<S>) {
  const set = (id: string, patch: Record<string, unknown>) => (doc ? setRowFields(doc, section, id, patch as RowPatch<S>, LOCAL_ORIGIN) : { ok: false as const, error: "Still connecting" });
  return (
    <div className="app-plan-section" data-section={section}>
      <div className="app-table-scroll" tabIndex={0} role="region" aria-label={caption}>
        <table className="nhsuk-table app-plan-table">
          <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">{caption}</caption>
          <thead>
            <tr>
              {columns.flatMap((c) =>
                c.kind === "months"
                  ? [
                      ...MONTHS.map((m) => (
                        <th key={`${c.key}-${m}`} scope="col" className="app-plan-num">
                          {m}
                        </th>
                      )),
                      <th key={`${c.key}-sum`} scope="col" className="app-plan-num">
                        Months total
                      </th>,
                    ]
                  : [
                      <th key={c.key} scope="col">
                        {c.label}
                      </th>,
                    ],
              )}
              {readOnly ? null : <th scope="col">Change</th>}
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={columns.length + 13}>None yet.</td>
              </tr>
            ) : null}
            {rows.map((row) => {
              const name = rowName(row) || "new row";
              return (
                <tr key={row.id} data-row={row.id}>
                  {columns.flatMap((c) => {
                    if (c.compute) return [<td key={c.key}>{c.compute(row)}</td>];
                    if (c.kind === "months") {
                      const months = (row[c.key] as number[]) ?? [];
                      const total = months.reduce((s, v) => s + v, 0);
                      const target = c.sumOf ? (row[c.sumOf] as number) : null;
                      const off = target !== null && total !== target;
                      return [
                        ...MONTHS.map((m, i) => (
                          <td key={`${c.key}-${m}`} className="app-plan-num">
                            <CommitField
                              label={`${name}: ${m}`}
                              kind="int"
                              width="6.5rem"
                              value={months[i] ?? 0}
                              readOnly={readOnly}
                              onFocus={onFocus}
                              onCommit={(v) => set(row.id, { [c.key]: months.map((x, j) => (j === i ? (v === null ? 0 : Number(v)) : x)) })}
                            />
                          </td>
                        )),
                        <td key={`${c.key}-sum`} className={"app-plan-num" + (off ? " app-plan-off" : "")}>
                          {formatCount(total)}
                          {off ? (
                            <>
                              <br />
                              <strong className="nhsuk-tag nhsuk-tag--red">{formatCount(target! - total)} to phase</strong>
                              {readOnly ? null : (
                                <button type="button" className="app-link-button" onClick={() => set(row.id, { [c.key]: phase(target!) })}>
                                  Phase evenly<span className="nhsuk-u-visually-hidden"> {name}</span>
                                </button>
                              )}
                            </>
                          ) : null}
                        </td>,
                      ];
                    }
                    const v = row[c.key];
                    if (c.kind === "select")
                      return [
                        <td key={c.key}>
                          <CommitSelect label={`${name}: ${c.label}`} value={String(v)} options={c.options ?? []} readOnly={readOnly} onFocus={onFocus} onCommit={(x) => set(row.id, { [c.key]: x })} />
                        </td>,
                      ];
                    if (c.kind === "bool")
                      return [
                        <td key={c.key}>
                          {readOnly ? (
                            v ? "Yes" : "No"
                          ) : (
                            <span className="nhsuk-checkboxes__item app-plan-check">
                              <input className="nhsuk-checkboxes__input" id={`${row.id}-${c.key}`} type="checkbox" checked={!!v} onFocus={onFocus} onChange={(e) => set(row.id, { [c.key]: e.currentTarget.checked })} />
                              <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={`${row.id}-${c.key}`}>
                                <span className="nhsuk-u-visually-hidden">
                                  {name}: {c.label}
                                </span>
                              </label>
                            </span>
                          )}
                        </td>,
                      ];
                    return [
                      <td key={c.key} className={c.kind === "text" || c.kind === "date" ? undefined : "app-plan-num"}>
                        <CommitField label={`${name}: ${c.label}`} kind={c.kind} value={v} width={c.width} readOnly={readOnly} onFocus={onFocus} onCommit={(x) => set(row.id, { [c.key]: x ?? (c.kind === "text" ? "" : c.key === "wte" ? null : 0) })} />
                      </td>,
                    ];
                  })}
                  {readOnly ? null : (
                    <td>
                      <button type="button" className="app-link-button" onClick={() => doc && removeRow(doc, section, row.id, LOCAL_ORIGIN)}>
                        Remove<span className="nhsuk-u-visually-hidden"> {name}</span>
                      </button>
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {readOnly ? null : (
        <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" disabled={!doc} onClick={() => doc && addRow(doc, section, newRow, LOCAL_ORIGIN)}>
          {addLabel}
        </button>
      )}
    </div>
  );
}
