import { useState } from "react";
import type * as Y from "yjs";
import { AUTONOMY_LEVELS, type AutonomyLevel } from "../../../shared/autonomy/types";
import { addComment, addConsequence, removeComment, removeConsequence, setReward, setSettings, updateConsequence } from "../../../shared/collab/incentives-doc";
import { formatDate } from "../../../shared/format/dates";
import { formatMoney, parseMoney, parseNumber } from "../../../shared/format/money";
import { CONSEQUENCE_KINDS, CONSEQUENCE_LABELS, describeConsequence, type ConsequenceKind, type IncentiveFramework } from "../../../shared/incentives/framework";
import { LOCAL_ORIGIN } from "../../collab/useRoom";
import { CommitText } from "../assessment/CommitText";

interface Props {
  framework: IncentiveFramework;
  doc: Y.Doc | null;
  /** May change the rewards, consequences and gateways (the executive). */
  canEdit: boolean;
  /** May comment (clinicians and managers too). */
  canComment: boolean;
  me: { id: string; name: string };
}

/** A number field that writes on leaving it; a refusal is shown beside it, not thrown. */
function CommitNumber({ id, label, value, disabled, hint, money, onCommit }: { id: string; label: string; value: number | null; disabled: boolean; hint?: string; money?: boolean; onCommit(v: number | null): string | null }) {
  const shown = value === null ? "" : money ? formatMoney(value) : String(value);
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const commit = () => {
    if (draft === null || draft === shown) return setDraft(null);
    if (!draft.trim() && money) {
      setError(onCommit(null));
      return setDraft(null);
    }
    const parsed = money ? parseMoney(draft) : parseNumber(draft);
    if (!parsed.ok) return setError(parsed.error);
    setError(onCommit(parsed.value));
    setDraft(null);
  };
  return (
    <div className={"nhsuk-form-group" + (error ? " nhsuk-form-group--error" : "")}>
      <label className="nhsuk-label" htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <div className="nhsuk-hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      {error ? (
        <span className="nhsuk-error-message" id={`${id}-error`} role="alert">
          <span className="nhsuk-u-visually-hidden">Error:</span> {error}
        </span>
      ) : null}
      <input
        className="nhsuk-input nhsuk-input--width-10"
        id={id}
        value={draft ?? shown}
        disabled={disabled}
        inputMode="decimal"
        aria-describedby={[hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined}
        onChange={(e) => {
          setDraft(e.target.value);
          setError(null);
        }}
        onBlur={commit}
        onKeyDown={(e) => e.key === "Enter" && commit()}
      />
    </div>
  );
}

const res = (r: { ok: boolean; error?: string }) => (r.ok ? null : (r.error ?? "That change was not allowed"));

/**
 * The year's framework, edited together (issue 13): rewards by agreed level, the cap, the gateways,
 * the consequences, and the clinicians' comments. Edits go through the document's checked
 * accessors; the server refuses anything beyond a person's rights (docs/decisions/048).
 */
export function FrameworkEditor({ framework: f, doc, canEdit, canComment, me }: Props) {
  const off = !canEdit || !doc;
  const [comment, setComment] = useState("");
  const [commentError, setCommentError] = useState<string | null>(null);
  const [newKind, setNewKind] = useState<ConsequenceKind>("recovery_plan");
  return (
    <>
      <section aria-labelledby="rewards-h" className="app-incentives-panel">
        <h2 className="nhsuk-heading-m" id="rewards-h">
          Rewards by agreed level
        </h2>
        <p className="nhsuk-body-s">Level 1 is the most autonomy. The share is of the line&apos;s favourable variance against its plan, year to date, retained for reinvestment in non-recurrent change and transformation.</p>
        <div className="app-incentives-scroll" role="region" aria-label="Rewards by level" tabIndex={0}>
          <table className="nhsuk-table" data-testid="rewards-table">
            <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">Rewards by agreed level</caption>
            <thead>
              <tr>
                <th scope="col">Level</th>
                <th scope="col">Share retained</th>
                <th scope="col">Development fund</th>
                <th scope="col">Capital access</th>
                <th scope="col">Recognition</th>
              </tr>
            </thead>
            <tbody>
              {AUTONOMY_LEVELS.map((level: AutonomyLevel) => {
                const r = f.rewards[level];
                return (
                  <tr key={level}>
                    <th scope="row">Level {level}</th>
                    <td>
                      <CommitNumber id={`share-${level}`} label={`Share at level ${level} (%)`} value={r.sharePct} disabled={off} onCommit={(v) => (doc ? res(setReward(doc, level, { sharePct: v ?? 0 }, LOCAL_ORIGIN)) : null)} />
                    </td>
                    <td>
                      <CommitNumber id={`fund-${level}`} label={`Development fund at level ${level}`} value={r.developmentFund} money disabled={off} onCommit={(v) => (doc ? res(setReward(doc, level, { developmentFund: v ?? 0 }, LOCAL_ORIGIN)) : null)} />
                    </td>
                    <td>
                      <CommitText id={`capital-${level}`} label={`Capital access at level ${level}`} value={r.capitalAccess} disabled={off} onCommit={(capitalAccess) => doc && setReward(doc, level, { capitalAccess }, LOCAL_ORIGIN)} />
                    </td>
                    <td>
                      <CommitText id={`recognition-${level}`} label={`Recognition at level ${level}`} value={r.recognition} disabled={off} onCommit={(recognition) => doc && setReward(doc, level, { recognition }, LOCAL_ORIGIN)} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <CommitNumber id="cap" label="Cap per line" hint="The most a line may retain in a year. Leave blank for no cap." money value={f.capPerLine} disabled={off} onCommit={(v) => (doc ? res(setSettings(doc, { capPerLine: v }, LOCAL_ORIGIN)) : null)} />
        <CommitText id="summary" label="What the framework is for" value={f.summary} disabled={off} rows={3} onCommit={(summary) => doc && setSettings(doc, { summary }, LOCAL_ORIGIN)} />
      </section>

      <section aria-labelledby="gateways-h" className="app-incentives-panel">
        <h2 className="nhsuk-heading-m" id="gateways-h">
          Gateways
        </h2>
        <p className="nhsuk-body-s">A line whose gateway is not met earns no share that year, whatever its variance.</p>
        <div className="nhsuk-checkboxes">
          {(
            [
              ["gateQuality", f.gateways.quality, `No key quality failure in the last ${f.gateways.qualityMonths} months`],
              ["gateNeverEvent", f.gateways.neverEvent, "No Never Event at the line this year"],
              ["gateControlTotal", f.gateways.controlTotal, "The trust at or above its control total year to date"],
            ] as const
          ).map(([key, checked, label]) => (
            <div className="nhsuk-checkboxes__item" key={key}>
              <input className="nhsuk-checkboxes__input" id={key} type="checkbox" checked={checked} disabled={off} onChange={(e) => doc && setSettings(doc, { [key]: e.target.checked }, LOCAL_ORIGIN)} />
              <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={key}>
                {label}
              </label>
            </div>
          ))}
        </div>
        <CommitNumber id="quality-months" label="Months the quality gateway looks back" value={f.gateways.qualityMonths} disabled={off} onCommit={(v) => (doc ? res(setSettings(doc, { qualityMonths: v ?? 3 }, LOCAL_ORIGIN)) : null)} />
      </section>

      <section aria-labelledby="consequences-h" className="app-incentives-panel">
        <h2 className="nhsuk-heading-m" id="consequences-h">
          Consequences
        </h2>
        <p className="nhsuk-body-s">Each applies to a line at its level or a worse one. Special measures apply after the consecutive months named.</p>
        {f.consequences.length ? (
          <ol className="nhsuk-list" data-testid="consequence-rules">
            {f.consequences.map((c) => (
              <li key={c.id} className="app-incentives-panel">
                <p className="nhsuk-body">
                  <strong>{describeConsequence(c)}</strong>
                </p>
                {canEdit ? (
                  <div className="app-incentives-grid">
                    <div className="nhsuk-form-group">
                      <label className="nhsuk-label" htmlFor={`from-${c.id}`}>
                        Applies from level
                      </label>
                      <select className="nhsuk-select" id={`from-${c.id}`} value={c.fromLevel} disabled={off} onChange={(e) => doc && updateConsequence(doc, c.id, { fromLevel: Number(e.target.value) }, LOCAL_ORIGIN)}>
                        {AUTONOMY_LEVELS.map((l) => (
                          <option key={l} value={l}>
                            Level {l}
                            {l < 4 ? " or worse" : ""}
                          </option>
                        ))}
                      </select>
                    </div>
                    {c.kind === "recovery_plan" ? <CommitNumber id={`days-${c.id}`} label="Days to produce the plan" value={c.days} disabled={off} onCommit={(v) => (doc ? res(updateConsequence(doc, c.id, { days: Math.round(v ?? 0) }, LOCAL_ORIGIN)) : null)} /> : null}
                    {c.kind === "special_measures" ? <CommitNumber id={`months-${c.id}`} label="Consecutive months that trigger it" value={c.months} disabled={off} onCommit={(v) => (doc ? res(updateConsequence(doc, c.id, { months: Math.round(v ?? 0) }, LOCAL_ORIGIN)) : null)} /> : null}
                    <CommitText id={`detail-${c.id}`} label="Detail" value={c.detail} disabled={off} onCommit={(detail) => doc && updateConsequence(doc, c.id, { detail }, LOCAL_ORIGIN)} />
                  </div>
                ) : null}
                {canEdit ? (
                  <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" disabled={off} onClick={() => doc && removeConsequence(doc, c.id, LOCAL_ORIGIN)}>
                    Remove<span className="nhsuk-u-visually-hidden"> {CONSEQUENCE_LABELS[c.kind].toLowerCase()}</span>
                  </button>
                ) : null}
              </li>
            ))}
          </ol>
        ) : (
          <p className="nhsuk-body">No consequences yet.</p>
        )}
        {canEdit ? (
          <div className="app-incentives-grid">
            <div className="nhsuk-form-group">
              <label className="nhsuk-label" htmlFor="new-kind">
                Add a consequence
              </label>
              <select className="nhsuk-select" id="new-kind" value={newKind} onChange={(e) => setNewKind(e.target.value as ConsequenceKind)}>
                {CONSEQUENCE_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {CONSEQUENCE_LABELS[k]}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <button
                type="button"
                className="nhsuk-button nhsuk-button--small"
                disabled={off}
                onClick={() => doc && addConsequence(doc, { kind: newKind, fromLevel: newKind === "recovery_plan" || newKind === "extra_reviews" ? 3 : 4, days: newKind === "recovery_plan" ? 20 : 0, months: newKind === "special_measures" ? 6 : 0, detail: "" }, LOCAL_ORIGIN)}
              >
                Add
              </button>
            </div>
          </div>
        ) : null}
      </section>

      <section aria-labelledby="comments-h" className="app-incentives-panel">
        <h2 className="nhsuk-heading-m" id="comments-h">
          Comments from clinicians and managers
        </h2>
        <p className="nhsuk-body-s">Monitor&apos;s SLM framework expects clinicians to be involved in defining the incentives and consequences. Comments are not part of the approved framework.</p>
        {f.comments.length ? (
          <ul className="nhsuk-list" data-testid="framework-comments">
            {f.comments.map((c) => (
              <li key={c.id}>
                <strong>{c.name}</strong>, {formatDate(c.at.slice(0, 10))}: {c.text}{" "}
                {c.userId === me.id && doc ? (
                  <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => removeComment(doc, c.id, LOCAL_ORIGIN)}>
                    Remove<span className="nhsuk-u-visually-hidden"> your comment</span>
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="nhsuk-body">No comments yet.</p>
        )}
        {canComment ? (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (!doc) return;
              const r = addComment(doc, me, comment, new Date().toISOString(), LOCAL_ORIGIN);
              setCommentError(r.ok ? null : r.error);
              if (r.ok) setComment("");
            }}
          >
            <div className={"nhsuk-form-group" + (commentError ? " nhsuk-form-group--error" : "")}>
              <label className="nhsuk-label" htmlFor="new-comment">
                Your comment
              </label>
              {commentError ? (
                <span className="nhsuk-error-message" role="alert">
                  {commentError}
                </span>
              ) : null}
              <textarea className="nhsuk-textarea" id="new-comment" rows={2} value={comment} onChange={(e) => setComment(e.target.value)} />
            </div>
            <button type="submit" className="nhsuk-button nhsuk-button--secondary" disabled={!doc}>
              Add your comment
            </button>
          </form>
        ) : null}
      </section>
    </>
  );
}
