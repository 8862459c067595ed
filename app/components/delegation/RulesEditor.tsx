import { useEffect, useState } from "react";
import type { AutonomyRules, CriterionId } from "../../../shared/autonomy/types";
import { INDICATOR_KINDS } from "../../../shared/autonomy/types";
import { ratesWorkforce, workforceThresholdsOf } from "../../../shared/autonomy/rules";
import {
  addWorkforceCriterion,
  removeWorkforceCriterion,
  setAutonomyRules,
  setCriterion,
  setIndicatorKey,
  setIndicatorSpc,
  setLevelRule,
  setWorkforceThresholds,
  type RuleIndicator,
} from "../../../shared/collab/autonomy-rules-doc";
import { LOCAL_ORIGIN, type Room } from "../../collab/useRoom";
import { LEVEL_CONDITION } from "../autonomy/conditions";

/** A text input that writes on blur or Enter, and shows the document's value again when it changes remotely. */
function CommitInput({ id, value, readOnly, onSave, className = "nhsuk-input", inputMode }: { id: string; value: string; readOnly: boolean; onSave(v: string): string | null; className?: string; inputMode?: "numeric" | "decimal" }) {
  const [text, setText] = useState(value);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setText(value), [value]);
  const save = () => {
    if (text === value) return setError(null);
    const e = onSave(text);
    setError(e);
    if (e) return;
  };
  return (
    <>
      {error ? (
        <span className="nhsuk-error-message" id={`${id}-error`}>
          <span className="nhsuk-u-visually-hidden">Error:</span> {error}
        </span>
      ) : null}
      <input
        id={id}
        className={className + (error ? " nhsuk-input--error" : "")}
        value={text}
        readOnly={readOnly}
        inputMode={inputMode}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => setText(e.target.value)}
        onBlur={save}
        onKeyDown={(e) => {
          if (e.key === "Enter") save();
          if (e.key === "Escape") {
            setText(value);
            setError(null);
          }
        }}
      />
    </>
  );
}

const result = (r: { ok: boolean; error?: string }) => (r.ok ? null : r.error ?? "Not saved");

/** "A", "A and B", "A, B and C". */
function listNames(names: string[]): string {
  return names.length <= 1 ? names.join("") : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

/** One sentence on the optional SPC rule (issue 14): which indicators it applies to, or that none is. */
export function spcRuleSummary(indicators: RuleIndicator[]): string {
  const judged = indicators.filter((i) => i.spc).map((i) => i.name);
  if (judged.length === 0) return "No indicator is judged by SPC: each month's figure is judged against its target.";
  return `Judged by SPC: ${listNames(judged)}. ${judged.length === 1 ? "It fails" : "Each fails"} a month only on a special-cause concern or when consistently failing its target (Making Data Count), not for a miss by common-cause variation.`;
}

const KIND_HEADINGS: Record<(typeof INDICATOR_KINDS)[number], string> = { quality: "Quality", performance: "Performance", workforce: "Workforce" };

/** "no workforce indicator", "1 workforce indicator", "2 workforce indicators". */
const offTarget = (n: number) => (n === 0 ? "no workforce indicator" : n === 1 ? "1 workforce indicator" : `${n} workforce indicators`);

/** The earned-autonomy rules, co-edited in the scheme document: criteria, workforce thresholds, key indicators, indicators judged by SPC, review frequency, promotion. */
export function RulesEditor({ room, rules, indicators, readOnly }: { room: Room; rules: AutonomyRules; indicators: RuleIndicator[]; readOnly: boolean }) {
  const num = (text: string) => Number(text.replace(/%$/, "").trim());
  const workforce = ratesWorkforce(rules);
  const thresholds = workforceThresholdsOf(rules);
  const [workforceError, setWorkforceError] = useState<string | null>(null);
  const wholeNumber = (t: string) => (/^\d+$/.test(t.trim()) ? null : "Enter a whole number of indicators from 0 to 20");
  return (
    <div className="dlg-rules">
      <div className="dlg-rules__numbers">
        <div className="nhsuk-form-group">
          <label className="nhsuk-label nhsuk-label--s" htmlFor="rules-months">
            Consecutive months of achievement to move up a level
          </label>
          <div className="nhsuk-hint">A fall to a lower level takes effect at once.</div>
          <CommitInput
            id="rules-months"
            className="nhsuk-input nhsuk-input--width-4"
            inputMode="numeric"
            value={String(rules.promotionMonths)}
            readOnly={readOnly}
            onSave={(t) => (/^\d+$/.test(t.trim()) ? result(setAutonomyRules(room.doc, { promotionMonths: num(t) }, LOCAL_ORIGIN)) : "Enter a whole number of months from 1 to 24")}
          />
        </div>
        <div className="nhsuk-form-group">
          <label className="nhsuk-label nhsuk-label--s" htmlFor="rules-tolerance">
            Financial tolerance (% of plan)
          </label>
          <div className="nhsuk-hint">A shortfall within this still counts as adherence to the financial plan.</div>
          <CommitInput
            id="rules-tolerance"
            className="nhsuk-input nhsuk-input--width-4"
            inputMode="decimal"
            value={String(rules.financialTolerancePct)}
            readOnly={readOnly}
            onSave={(t) => (/^\d+(\.\d+)?%?$/.test(t.trim()) ? result(setAutonomyRules(room.doc, { financialTolerancePct: num(t) }, LOCAL_ORIGIN)) : "Enter a percentage from 0 to 100")}
          />
        </div>
        {workforce ? (
          <>
            {/* ULHT §5.2 rates Workforce beside Finance, Quality and Operational; the count is the criterion's own threshold per level. */}
            <div className="nhsuk-form-group">
              <label className="nhsuk-label nhsuk-label--s" htmlFor="rules-workforce-1">
                Workforce indicators that may be off target at level 1
              </label>
              <div className="nhsuk-hint">Level 1 needs every workforce indicator on target unless this allows some.</div>
              <CommitInput
                id="rules-workforce-1"
                className="nhsuk-input nhsuk-input--width-4"
                inputMode="numeric"
                value={String(thresholds.level1)}
                readOnly={readOnly}
                onSave={(t) => wholeNumber(t) ?? result(setWorkforceThresholds(room.doc, { level1: num(t) }, LOCAL_ORIGIN))}
              />
            </div>
            <div className="nhsuk-form-group">
              <label className="nhsuk-label nhsuk-label--s" htmlFor="rules-workforce-2">
                Workforce indicators that may be off target at level 2
              </label>
              <div className="nhsuk-hint">More than this, or any key workforce indicator off target, fails the workforce criterion.</div>
              <CommitInput
                id="rules-workforce-2"
                className="nhsuk-input nhsuk-input--width-4"
                inputMode="numeric"
                value={String(thresholds.level2)}
                readOnly={readOnly}
                onSave={(t) => wholeNumber(t) ?? result(setWorkforceThresholds(room.doc, { level2: num(t) }, LOCAL_ORIGIN))}
              />
            </div>
          </>
        ) : null}
      </div>

      <table className="nhsuk-table dlg-rules__table">
        <caption className="nhsuk-table__caption nhsuk-table__caption--s">Autonomy levels and their performance reviews (PRM)</caption>
        <thead>
          <tr>
            <th scope="col">Level</th>
            <th scope="col">Name</th>
            <th scope="col">When a line is at this level</th>
            <th scope="col">Review (PRM) frequency</th>
          </tr>
        </thead>
        <tbody>
          {rules.levels.map((l) => (
            <tr key={l.level}>
              <th scope="row">{l.level}</th>
              <td>
                <label className="nhsuk-u-visually-hidden" htmlFor={`rule-${l.level}-label`}>
                  Name of level {l.level}
                </label>
                <CommitInput id={`rule-${l.level}-label`} value={l.label} readOnly={readOnly} onSave={(t) => result(setLevelRule(room.doc, l.level, { label: t }, LOCAL_ORIGIN))} />
              </td>
              {/* Read-only: this is what the computation does (shared/autonomy/assess.ts), not a setting;
                  an editable sentence here changed nothing (issue 16). */}
              <td data-testid={`rule-${l.level}-when`}>{LEVEL_CONDITION[l.level]}</td>
              <td>
                <label className="nhsuk-u-visually-hidden" htmlFor={`rule-${l.level}-freq`}>
                  Review frequency at level {l.level}
                </label>
                <CommitInput id={`rule-${l.level}-freq`} value={l.reviewFrequency} readOnly={readOnly} onSave={(t) => result(setLevelRule(room.doc, l.level, { reviewFrequency: t }, LOCAL_ORIGIN))} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <table className="nhsuk-table dlg-rules__table">
        <caption className="nhsuk-table__caption nhsuk-table__caption--s">The {workforce ? "five" : "four"} monthly criteria</caption>
        <thead>
          <tr>
            <th scope="col">Criterion</th>
            <th scope="col">What meeting it means</th>
          </tr>
        </thead>
        <tbody>
          {rules.criteria.map((c) => (
            <tr key={c.id}>
              <td>
                <label className="nhsuk-u-visually-hidden" htmlFor={`crit-${c.id}-label`}>
                  Name of the {c.id} criterion
                </label>
                <CommitInput id={`crit-${c.id}-label`} value={c.label} readOnly={readOnly} onSave={(t) => result(setCriterion(room.doc, c.id as CriterionId, { label: t }, LOCAL_ORIGIN))} />
              </td>
              <td>
                <label className="nhsuk-u-visually-hidden" htmlFor={`crit-${c.id}-desc`}>
                  What meeting {c.label} means
                </label>
                <CommitInput id={`crit-${c.id}-desc`} value={c.description} readOnly={readOnly} onSave={(t) => result(setCriterion(room.doc, c.id as CriterionId, { description: t }, LOCAL_ORIGIN))} />
              </td>
            </tr>
          ))}
          {workforce ? null : (
            <tr data-testid="crit-workforce-not-rated">
              <td>Workforce</td>
              <td>Not rated in these rules: workforce indicators are judged with performance, as rules approved before the workforce criterion judged them.</td>
            </tr>
          )}
        </tbody>
      </table>
      <div className="dlg-rules__workforce">
        <p className="nhsuk-body-s" data-testid="rules-workforce-summary">
          {workforce
            ? `Workforce is rated as a criterion of its own (ULHT §5.2). Level 1 allows ${offTarget(thresholds.level1)} off target; level 2 allows ${offTarget(thresholds.level2)} (never a key one); more fails the criterion.`
            : "Workforce is not rated as a criterion of its own in these rules."}
        </p>
        {workforceError ? (
          <p className="nhsuk-error-message" role="alert">
            <span className="nhsuk-u-visually-hidden">Error:</span> {workforceError}
          </p>
        ) : null}
        {readOnly ? null : workforce ? (
          <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => setWorkforceError(result(removeWorkforceCriterion(room.doc, LOCAL_ORIGIN)))}>
            Stop rating workforce
          </button>
        ) : (
          <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => setWorkforceError(result(addWorkforceCriterion(room.doc, LOCAL_ORIGIN)))}>
            Rate workforce as a criterion
          </button>
        )}
      </div>

      <fieldset className="nhsuk-fieldset dlg-rules__indicators">
        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Key indicators, and indicators judged by SPC</legend>
        <div className="nhsuk-hint">Level 2 is judged on key indicators only; level 1 needs every indicator met.</div>
        <div className="nhsuk-hint" id="rules-spc-hint">
          Judge by SPC (optional, off unless ticked): the indicator fails only on a special-cause concern or when consistently failing its target, by the Making Data Count rules on
          its figures up to that month; a month below target by common-cause variation counts as met.
        </div>
        <p className="nhsuk-body-s" data-testid="rules-spc-summary">
          {spcRuleSummary(indicators)}
        </p>
        {INDICATOR_KINDS.filter((kind) => kind !== "workforce" || indicators.some((i) => i.kind === "workforce")).map((kind) => (
          <div key={kind} className="dlg-rules__indicator-group">
            <h3 className="nhsuk-heading-xs">
              {KIND_HEADINGS[kind]}
              {kind === "workforce" && !workforce ? " (judged with performance in these rules)" : ""}
            </h3>
            <ul className="nhsuk-list">
              {indicators
                .filter((i) => i.kind === kind)
                .map((i) => (
                  <li key={i.code}>
                    <label>
                      <input type="checkbox" checked={i.key} disabled={readOnly} onChange={(e) => setIndicatorKey(room.doc, i.code, e.target.checked, LOCAL_ORIGIN)} /> {i.name}{" "}
                      <span className="nhsuk-body-s">({i.code})</span>
                    </label>{" "}
                    <label className="dlg-rules__spc nhsuk-body-s">
                      <input
                        type="checkbox"
                        checked={i.spc === true}
                        disabled={readOnly}
                        aria-describedby="rules-spc-hint"
                        data-testid={`rules-spc-${i.code}`}
                        onChange={(e) => setIndicatorSpc(room.doc, i.code, e.target.checked, LOCAL_ORIGIN)}
                      />{" "}
                      Judge by SPC <span className="nhsuk-u-visually-hidden">for {i.name}</span>
                    </label>
                  </li>
                ))}
            </ul>
          </div>
        ))}
      </fieldset>
    </div>
  );
}
