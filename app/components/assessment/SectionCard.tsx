import { useFetcher } from "@remix-run/react";
import { memo, useState } from "react";
import type * as Y from "yjs";
import { addAction, addEvidence, removeAction, removeEvidence, setAgreed, setScore, type Assessment } from "../../../shared/collab/assessment-doc";
import type { Result } from "../../../shared/collab/ytools";
import { formatDate } from "../../../shared/format/dates";
import { claimAboveEvidence, type Suggestion } from "../../../shared/maturity/evidence";
import { sectionRef, type FrameworkPart, type FrameworkSection } from "../../../shared/maturity/framework";
import { sectionSpread } from "../../../shared/maturity/scoring";
import { LOCAL_ORIGIN } from "../../collab/useRoom";
import { CommitText } from "./CommitText";
import { Descriptor } from "./Descriptor";
import { LevelSelect } from "./LevelSelect";

interface Props {
  section: FrameworkSection & { part: FrameworkPart };
  assessment: Assessment;
  doc: Y.Doc | null;
  me: { id: string; name: string };
  /** May score (has joined and may write the room). */
  canScore: boolean;
  /** May record what is agreed (assessment.agree). */
  canAgree: boolean;
  suggestion: Suggestion | undefined;
  /** Names of others looking at this section now. */
  here: { name: string; colour: string }[];
  onFocus(sectionId: string): void;
  /** Service lines whose plans an action can be copied into (empty: not offered). */
  serviceLines: { id: string; name: string }[];
  /** "2026/27": the plan year actions are copied into. */
  planYear: string;
}

/**
 * One section of the framework in the workshop: its four descriptors, my own level and rationale,
 * everyone's spread, then what is agreed (level, rationale, target, evidence, actions), with the
 * evidence Devolve's records suggest beside it.
 */
export const SectionCard = memo(function SectionCard({ section, assessment, doc, me, canScore, canAgree, suggestion, here, onFocus, serviceLines, planYear }: Props) {
  const [error, setError] = useState<string | null>(null);
  const [evLabel, setEvLabel] = useState("");
  const [evHref, setEvHref] = useState("");
  const [actText, setActText] = useState("");
  const [actOwner, setActOwner] = useState("");
  const [actDue, setActDue] = useState("");
  const ref = sectionRef(section);
  const id = section.id;
  const mine = assessment.scores[me.id]?.[id] ?? { level: null, rationale: "" };
  const agreed = assessment.sections[id]!;
  const spread = sectionSpread(assessment, id);
  const flag = claimAboveEvidence(agreed.agreedLevel, suggestion);
  const run = (fn: (d: Y.Doc) => Result<object>) => {
    if (!doc) return false;
    const r = fn(doc);
    setError(r.ok ? null : r.error);
    return r.ok;
  };
  const focus = () => onFocus(id);
  const headingId = `sec-${id}`;

  return (
    <section className="app-assessment-section" aria-labelledby={headingId} data-section={id} onFocusCapture={focus}>
      <div className="app-assessment-section__head">
        <h3 className="nhsuk-heading-s nhsuk-u-margin-bottom-1" id={headingId}>
          {ref}: {section.title}
        </h3>
        {here.length ? (
          <p className="app-assessment-here" aria-label={`Also looking at ${ref}`}>
            {here.map((p) => (
              <span key={p.name} className="app-assessment-here__name" style={{ borderColor: p.colour }}>
                {p.name}
              </span>
            ))}
          </p>
        ) : null}
      </div>
      <table className="nhsuk-table app-assessment-levels">
        <caption className="nhsuk-u-visually-hidden">The four SLM maturity levels of {ref}</caption>
        <thead>
          <tr>
            {section.descriptors.map((_, i) => (
              <th key={i} scope="col">
                Level {i + 1}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr>
            {section.descriptors.map((d, i) => (
              <td key={i} className={agreed.agreedLevel === i + 1 ? "app-assessment-levels__agreed" : undefined}>
                <Descriptor raw={d} />
              </td>
            ))}
          </tr>
        </tbody>
      </table>

      <div className="app-assessment-columns">
        <div>
          <h4 className="nhsuk-heading-xs">Your view</h4>
          <LevelSelect
            id={`${id}-mine`}
            label={`Your level for ${ref}`}
            value={mine.level}
            disabled={!canScore}
            onFocus={focus}
            onChange={(level) => run((d) => setScore(d, me.id, id, { level }, LOCAL_ORIGIN))}
          />
          <CommitText
            id={`${id}-mine-why`}
            label={`Your rationale for ${ref}`}
            value={mine.rationale}
            disabled={!canScore}
            onFocus={focus}
            onCommit={(rationale) => run((d) => setScore(d, me.id, id, { rationale }, LOCAL_ORIGIN))}
          />
        </div>
        <div>
          <h4 className="nhsuk-heading-xs">Spread</h4>
          <p data-testid={`spread-${id}`} className="nhsuk-body-s">
            {spread.n === 0
              ? "No one has scored this section yet."
              : spread.range === 0
              ? `All ${spread.n} at level ${spread.min}.`
              : `Level ${spread.min} to ${spread.max} across ${spread.n} assessors (median ${spread.median}).`}
            {spread.range >= 2 ? <strong className="nhsuk-tag nhsuk-tag--orange app-assessment-tag">Views differ</strong> : null}
          </p>
          {spread.n ? (
            <table className="nhsuk-table app-assessment-spread">
              <caption className="nhsuk-u-visually-hidden">Each assessor's level for {ref}</caption>
              <thead>
                <tr>
                  <th scope="col">Assessor</th>
                  <th scope="col">Level</th>
                  <th scope="col">Rationale</th>
                </tr>
              </thead>
              <tbody>
                {spread.scores.map((s) => (
                  <tr key={s.userId}>
                    <td>{s.name}</td>
                    <td>{s.level}</td>
                    <td>{s.rationale || "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </div>
      </div>

      <div className="app-assessment-agreed">
        <h4 className="nhsuk-heading-xs">Agreed</h4>
        {suggestion ? (
          <div className="app-assessment-suggestion" data-testid={`suggestion-${id}`}>
            <p className="nhsuk-body-s nhsuk-u-margin-bottom-1">
              <strong>
                From Devolve's records
                {suggestion.level ? `: level ${suggestion.level}` : ": no level suggested"}.
              </strong>{" "}
              {suggestion.reason}
            </p>
            {suggestion.links.length ? (
              <p className="nhsuk-body-s nhsuk-u-margin-bottom-1">
                {suggestion.links.map((l, i) => (
                  <span key={l.href}>
                    {i ? " · " : ""}
                    <a href={l.href}>{l.label}</a>
                  </span>
                ))}
                {canAgree ? (
                  <>
                    {" "}
                    <button
                      type="button"
                      className="app-link-button"
                      onClick={() =>
                        suggestion.links.every((l) => agreed.evidence.some((e) => e.href === l.href))
                          ? setError("That evidence is already cited")
                          : run((d) => {
                              for (const l of suggestion.links)
                                if (!agreed.evidence.some((e) => e.href === l.href)) {
                                  const r = addEvidence(d, id, l, LOCAL_ORIGIN);
                                  if (!r.ok) return r;
                                }
                              return { ok: true };
                            })
                      }
                    >
                      Cite as evidence
                      <span className="nhsuk-u-visually-hidden"> for {ref}</span>
                    </button>
                  </>
                ) : null}
              </p>
            ) : null}
          </div>
        ) : null}
        <div className="app-assessment-columns">
          <LevelSelect
            id={`${id}-agreed`}
            label={`Agreed level for ${ref}`}
            value={agreed.agreedLevel}
            disabled={!canAgree}
            none="Not agreed"
            onFocus={focus}
            onChange={(agreedLevel) => run((d) => setAgreed(d, id, { agreedLevel }, LOCAL_ORIGIN))}
          />
          <LevelSelect
            id={`${id}-target`}
            label={`Target level for ${ref}`}
            value={agreed.targetLevel}
            disabled={!canAgree}
            none="No target"
            onFocus={focus}
            onChange={(targetLevel) => run((d) => setAgreed(d, id, { targetLevel }, LOCAL_ORIGIN))}
          />
          <div className="nhsuk-form-group app-assessment-field">
            <label className="nhsuk-label" htmlFor={`${id}-target-date`}>
              Target date
            </label>
            <input
              className="nhsuk-input"
              type="date"
              id={`${id}-target-date`}
              value={agreed.targetDate}
              disabled={!canAgree}
              onFocus={focus}
              onChange={(e) => run((d) => setAgreed(d, id, { targetDate: e.target.value }, LOCAL_ORIGIN))}
            />
          </div>
        </div>
        <CommitText
          id={`${id}-agreed-why`}
          label={`Agreed rationale for ${ref}`}
          value={agreed.rationale}
          disabled={!canAgree}
          onFocus={focus}
          onCommit={(rationale) => run((d) => setAgreed(d, id, { rationale }, LOCAL_ORIGIN))}
        />
        {flag ? (
          <p className="app-assessment-flag nhsuk-body-s" role="note">
            <strong className="nhsuk-tag nhsuk-tag--yellow app-assessment-tag">Above the evidence</strong> {flag}
          </p>
        ) : null}

        <h5 className="nhsuk-heading-xs nhsuk-u-margin-bottom-1">Evidence</h5>
        {agreed.evidence.length ? (
          <ul className="nhsuk-list nhsuk-body-s">
            {agreed.evidence.map((e, i) => (
              <li key={`${e.href}-${i}`}>
                {e.href ? <a href={e.href}>{e.label}</a> : e.label}
                {canAgree ? (
                  <>
                    {" "}
                    <button type="button" className="app-link-button" onClick={() => run((d) => removeEvidence(d, id, i, LOCAL_ORIGIN))}>
                      Remove
                      <span className="nhsuk-u-visually-hidden"> {e.label}</span>
                    </button>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="nhsuk-body-s">No evidence cited.</p>
        )}
        {canAgree ? (
          <details className="nhsuk-details app-assessment-add">
            <summary className="nhsuk-details__summary">
              <span className="nhsuk-details__summary-text">
                Add evidence
                <span className="nhsuk-u-visually-hidden"> for {ref}</span>
              </span>
            </summary>
            <form
              className="app-assessment-inline nhsuk-details__text"
              onSubmit={(e) => {
                e.preventDefault();
                if (run((d) => addEvidence(d, id, { label: evLabel, href: evHref.trim() }, LOCAL_ORIGIN))) {
                  setEvLabel("");
                  setEvHref("");
                }
              }}
            >
              <label className="nhsuk-label" htmlFor={`${id}-ev-label`}>
                Evidence for {ref}
              </label>
              <input className="nhsuk-input" id={`${id}-ev-label`} value={evLabel} onChange={(e) => setEvLabel(e.target.value)} placeholder="What it is" />
              <label className="nhsuk-label" htmlFor={`${id}-ev-href`}>
                Link (a Devolve page or https:// address)
              </label>
              <input className="nhsuk-input" id={`${id}-ev-href`} value={evHref} onChange={(e) => setEvHref(e.target.value)} />
              <button type="submit" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small">
                Add evidence
              </button>
            </form>
          </details>
        ) : null}

        <h5 className="nhsuk-heading-xs nhsuk-u-margin-bottom-1">Actions</h5>
        {agreed.actions.length ? (
          <ul className="nhsuk-list nhsuk-body-s">
            {agreed.actions.map((a) => (
              <li key={a.id}>
                {a.text}
                {a.owner ? ` — ${a.owner}` : ""}
                {a.due ? `, by ${formatDate(a.due)}` : ""}
                {canAgree ? (
                  <>
                    {" "}
                    <button type="button" className="app-link-button" onClick={() => run((d) => removeAction(d, id, a.id, LOCAL_ORIGIN))}>
                      Remove
                      <span className="nhsuk-u-visually-hidden"> action {a.text}</span>
                    </button>
                  </>
                ) : null}
                {serviceLines.length ? <CopyToPlan sectionId={id} actionId={a.id} text={a.text} serviceLines={serviceLines} planYear={planYear} /> : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="nhsuk-body-s">No actions yet.</p>
        )}
        {canAgree ? (
          <details className="nhsuk-details app-assessment-add">
            <summary className="nhsuk-details__summary">
              <span className="nhsuk-details__summary-text">
                Add an action
                <span className="nhsuk-u-visually-hidden"> for {ref}</span>
              </span>
            </summary>
            <form
              className="app-assessment-inline nhsuk-details__text"
              onSubmit={(e) => {
                e.preventDefault();
                if (run((d) => addAction(d, id, { text: actText, owner: actOwner, due: actDue }, LOCAL_ORIGIN))) {
                  setActText("");
                  setActOwner("");
                  setActDue("");
                }
              }}
            >
              <label className="nhsuk-label" htmlFor={`${id}-act`}>
                Action for {ref}
              </label>
              <input className="nhsuk-input" id={`${id}-act`} value={actText} onChange={(e) => setActText(e.target.value)} />
              <label className="nhsuk-label" htmlFor={`${id}-act-owner`}>
                Owner
              </label>
              <input className="nhsuk-input" id={`${id}-act-owner`} value={actOwner} onChange={(e) => setActOwner(e.target.value)} />
              <label className="nhsuk-label" htmlFor={`${id}-act-due`}>
                Due
              </label>
              <input className="nhsuk-input" type="date" id={`${id}-act-due`} value={actDue} onChange={(e) => setActDue(e.target.value)} />
              <button type="submit" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small">
                Add action
              </button>
            </form>
          </details>
        ) : null}
      </div>
      {error ? (
        <p className="nhsuk-error-message" role="alert">
          <span className="nhsuk-u-visually-hidden">Error: </span>
          {error}
        </p>
      ) : null}
    </section>
  );
});

/** Copies one action into a service line's plan (a server action through the plan's write path). */
function CopyToPlan({ sectionId, actionId, text, serviceLines, planYear }: { sectionId: string; actionId: string; text: string; serviceLines: { id: string; name: string }[]; planYear: string }) {
  const fetcher = useFetcher<{ ok: boolean; message?: string; errors?: string[] }>();
  const selectId = `copy-${actionId}`;
  return (
    <fetcher.Form method="post" className="app-assessment-inline">
      <input type="hidden" name="intent" value="copy-action" />
      <input type="hidden" name="sectionId" value={sectionId} />
      <input type="hidden" name="actionId" value={actionId} />
      <label className="nhsuk-label nhsuk-body-s" htmlFor={selectId}>
        Copy &ldquo;{text}&rdquo; into a service line&apos;s {planYear} plan
      </label>
      <select className="nhsuk-select" id={selectId} name="unitId" defaultValue="">
        <option value="">Choose a service line</option>
        {serviceLines.map((l) => (
          <option key={l.id} value={l.id}>
            {l.name}
          </option>
        ))}
      </select>
      <button type="submit" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" disabled={fetcher.state !== "idle"}>
        Copy to plan
      </button>
      {fetcher.data ? (
        <p className={fetcher.data.ok ? "nhsuk-body-s" : "nhsuk-error-message"} role={fetcher.data.ok ? "status" : "alert"}>
          {fetcher.data.ok ? fetcher.data.message : fetcher.data.errors?.[0]}
        </p>
      ) : null}
    </fetcher.Form>
  );
}
