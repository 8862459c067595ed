import type * as Y from "yjs";
import { addTarget, DIRECTIONS, EXECUTIVE_STATUSES, PLAN_DOMAINS, removeTarget, setTargetFields, TARGET_STATUSES, type PlanTarget, type TargetPatch } from "../../../shared/collab/plan-doc";
import { formatCount } from "../../../shared/format/money";
import { ratioTrajectory, reconcileTarget } from "../../../shared/plans/reconcile";
import { LOCAL_ORIGIN } from "../../collab/useRoom";
import { CommitField, CommitSelect } from "./CommitField";
import { MONTHS } from "./SectionTable";

const DOMAIN_LABELS: Record<(typeof PLAN_DOMAINS)[number], string> = { quality: "Quality", operational: "Operational", financial: "Financial", workforce: "Workforce" };
export const TARGET_STATUS_LABELS: Record<(typeof TARGET_STATUSES)[number], string> = { open: "Open", agreed: "Agreed", escalated: "Escalated", imposed: "Imposed" };
const DIRECTION_LABELS: Record<(typeof DIRECTIONS)[number], string> = { higher: "Higher is better", lower: "Lower is better", neutral: "On target" };

interface Props {
  targets: readonly PlanTarget[];
  doc: Y.Doc | null;
  /** May write the plan at all (plan.edit for this line). */
  canWrite: boolean;
  /** May set top-down and agreed values and agree or impose (plan.setTargets). */
  isExecutive: boolean;
  onFocus?(): void;
}

const fmt = (v: number | null) => (v === null ? "—" : formatCount(v));

/**
 * The targets in four domains, top-down beside bottom-up (Monitor's SLM framework Part 2 §2). The
 * top-down and agreed columns, and agreeing or imposing, are the executive's: others see them read
 * only, and the server refuses the change if a stock client tries (registry refuseChange).
 */
export function TargetsTable({ targets, doc, canWrite, isExecutive, onFocus }: Props) {
  const set = (id: string, patch: TargetPatch) => (doc ? setTargetFields(doc, id, patch, LOCAL_ORIGIN) : { ok: false as const, error: "Still connecting" });
  const statusOptions = TARGET_STATUSES.map((s) => ({ value: s, label: TARGET_STATUS_LABELS[s], disabled: !isExecutive && EXECUTIVE_STATUSES.includes(s) }));
  return (
    <>
      {PLAN_DOMAINS.map((domain) => {
        const rows = targets.filter((t) => t.domain === domain);
        return (
          <div key={domain} className="app-plan-section" data-domain={domain}>
            <h3 className="nhsuk-heading-s">{DOMAIN_LABELS[domain]} targets</h3>
            <div className="app-table-scroll" tabIndex={0} role="region" aria-label={`${DOMAIN_LABELS[domain]} targets`}>
              <table className="nhsuk-table app-plan-table">
                <thead>
                  <tr>
                    <th scope="col">Measure</th>
                    <th scope="col">Code</th>
                    <th scope="col">Unit</th>
                    <th scope="col">Direction</th>
                    <th scope="col">Baseline</th>
                    <th scope="col">Top-down</th>
                    <th scope="col">Bottom-up</th>
                    <th scope="col">Gap</th>
                    <th scope="col">Agreed</th>
                    <th scope="col">Status</th>
                    <th scope="col">Rationale or decision</th>
                    {canWrite ? <th scope="col">Change</th> : null}
                  </tr>
                </thead>
                <tbody>
                  {rows.length === 0 ? (
                    <tr>
                      <td colSpan={12}>No {domain} targets yet.</td>
                    </tr>
                  ) : null}
                  {rows.map((t) => {
                    const rec = reconcileTarget(t);
                    // Once agreed or imposed, the target is the executive's decision.
                    const lineRo = !canWrite || (!isExecutive && EXECUTIVE_STATUSES.includes(t.status));
                    const n = t.measure;
                    return (
                      <tr key={t.id} data-target={t.id}>
                        <td>
                          <CommitField label={`${n}: measure`} kind="text" value={t.measure} readOnly={lineRo} onFocus={onFocus} onCommit={(v) => set(t.id, { measure: String(v ?? "") })} width="14rem" />
                        </td>
                        <td>
                          <CommitField label={`${n}: KPI code`} kind="text" value={t.code} readOnly={lineRo} onFocus={onFocus} onCommit={(v) => set(t.id, { code: String(v ?? "") })} width="6rem" />
                        </td>
                        <td>
                          <CommitField label={`${n}: unit`} kind="text" value={t.unit} readOnly={lineRo} onFocus={onFocus} onCommit={(v) => set(t.id, { unit: String(v ?? "") })} width="4rem" />
                        </td>
                        <td>
                          <CommitSelect label={`${n}: direction`} value={t.direction} readOnly={lineRo} options={DIRECTIONS.map((d) => ({ value: d, label: DIRECTION_LABELS[d] }))} onFocus={onFocus} onCommit={(v) => set(t.id, { direction: v as PlanTarget["direction"] })} />
                        </td>
                        <td className="app-plan-num">
                          <CommitField label={`${n}: baseline`} kind="number" value={t.baseline} readOnly={lineRo} onFocus={onFocus} onCommit={(v) => set(t.id, { baseline: v as number | null })} width="6rem" />
                        </td>
                        <td className="app-plan-num">
                          <CommitField label={`${n}: top-down value`} kind="number" value={t.topDown} readOnly={!canWrite || !isExecutive} onFocus={onFocus} onCommit={(v) => set(t.id, { topDown: v as number | null })} width="7rem" testId={`topdown-${t.code || t.id}`} />
                        </td>
                        <td className="app-plan-num">
                          <CommitField label={`${n}: bottom-up proposal`} kind="number" value={t.bottomUp} readOnly={lineRo} onFocus={onFocus} onCommit={(v) => set(t.id, { bottomUp: v as number | null })} width="7rem" testId={`bottomup-${t.code || t.id}`} />
                        </td>
                        <td className="app-plan-num">
                          {rec.gap === null ? "—" : fmt(rec.gap)}
                          {rec.meetsTopDown === false ? (
                            <>
                              {" "}
                              <strong className="nhsuk-tag nhsuk-tag--orange">Short of top-down</strong>
                            </>
                          ) : null}
                        </td>
                        <td className="app-plan-num">
                          <CommitField label={`${n}: agreed value`} kind="number" value={t.agreed} readOnly={!canWrite || !isExecutive} onFocus={onFocus} onCommit={(v) => set(t.id, { agreed: v as number | null })} width="7rem" testId={`agreed-${t.code || t.id}`} />
                        </td>
                        <td>
                          <CommitSelect label={`${n}: status`} value={t.status} readOnly={lineRo} options={statusOptions} onFocus={onFocus} onCommit={(v) => set(t.id, { status: v as PlanTarget["status"] })} testId={`status-${t.code || t.id}`} />
                        </td>
                        <td>
                          <CommitField label={`${n}: rationale or decision`} kind="text" value={t.rationale} readOnly={lineRo} onFocus={onFocus} onCommit={(v) => set(t.id, { rationale: String(v ?? "") })} width="16rem" testId={`rationale-${t.code || t.id}`} />
                        </td>
                        {canWrite ? (
                          <td>
                            {lineRo ? null : (
                              <button type="button" className="app-link-button" onClick={() => doc && removeTarget(doc, t.id, LOCAL_ORIGIN)}>
                                Remove<span className="nhsuk-u-visually-hidden"> {n}</span>
                              </button>
                            )}
                          </td>
                        ) : null}
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            {canWrite ? (
              <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" disabled={!doc} onClick={() => doc && addTarget(doc, { domain, measure: `New ${domain} target` }, LOCAL_ORIGIN)}>
                Add a {domain} target
              </button>
            ) : null}
          </div>
        );
      })}
    </>
  );
}

/** Monthly trajectories: a value per month, or for a percentage its numerator and denominator. */
export function Trajectories({ targets, doc, canWrite, isExecutive, onFocus }: Props) {
  const set = (id: string, patch: TargetPatch) => (doc ? setTargetFields(doc, id, patch, LOCAL_ORIGIN) : { ok: false as const, error: "Still connecting" });
  return (
    <div className="app-table-scroll" tabIndex={0} role="region" aria-label="Monthly trajectories">
      <table className="nhsuk-table app-plan-table">
        <thead>
          <tr>
            <th scope="col">Target</th>
            <th scope="col">Row</th>
            {MONTHS.map((m) => (
              <th key={m} scope="col" className="app-plan-num">
                {m}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {targets.map((t) => {
            const ro = !canWrite || (!isExecutive && EXECUTIVE_STATUSES.includes(t.status));
            const ratio = t.unit === "%";
            const rows: { key: "trajectory" | "numerators" | "denominators"; label: string }[] = ratio
              ? [
                  { key: "numerators", label: "Numerator" },
                  { key: "denominators", label: "Denominator" },
                ]
              : [{ key: "trajectory", label: "Trajectory" }];
            const pct = ratio ? ratioTrajectory(t) : null;
            return [
              ...rows.map((r, ri) => (
                <tr key={`${t.id}-${r.key}`}>
                  {ri === 0 ? (
                    <th scope="row" rowSpan={rows.length + (ratio ? 1 : 0)}>
                      {t.measure}
                    </th>
                  ) : null}
                  <td>{r.label}</td>
                  {MONTHS.map((m, i) => (
                    <td key={m} className="app-plan-num">
                      <CommitField
                        label={`${t.measure}: ${r.label.toLowerCase()} for ${m}`}
                        kind={ratio ? "int" : "number"}
                        width="5.5rem"
                        value={t[r.key]?.[i] ?? null}
                        readOnly={ro}
                        onFocus={onFocus}
                        onCommit={(v) => set(t.id, { [r.key]: (t[r.key] ?? Array.from({ length: 12 }, () => 0)).map((x, j) => (j === i ? Number(v ?? 0) : x)) })}
                      />
                    </td>
                  ))}
                </tr>
              )),
              ratio ? (
                <tr key={`${t.id}-pct`}>
                  <td>Percentage</td>
                  {MONTHS.map((m, i) => (
                    <td key={m} className="app-plan-num">
                      {pct?.[i] === null || pct?.[i] === undefined ? "—" : `${pct[i]}%`}
                    </td>
                  ))}
                </tr>
              ) : null,
            ];
          })}
        </tbody>
      </table>
    </div>
  );
}
