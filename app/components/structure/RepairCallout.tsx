import { Form, useNavigation } from "@remix-run/react";

/** What the repair action answered. */
export type RepairResult = { ok: true; changes: string[] } | { ok: false; message: string };

const SHOWN = 12;

/**
 * Shown when the saved structure already breaks its rules (data written before the server checked
 * every update): the problems in plain English and, to those who may edit the structure, a button
 * that repairs it on the server. After a repair, what changed.
 */
export function RepairCallout({ problems, canRepair, result }: { problems: readonly string[]; canRepair: boolean; result?: RepairResult }) {
  const busy = useNavigation().formData?.get("intent") === "repair";
  // A cycle is reported once per unit in it; the same sentence twice says nothing more.
  const unique = [...new Set(problems)];
  return (
    <>
      {result?.ok ? (
        <div className="nhsuk-inset-text app-repair-result" role="status" data-testid="repair-result">
          {result.changes.length ? (
            <>
              <p>The structure has been repaired. What changed:</p>
              <ul className="nhsuk-list nhsuk-list--bullet">
                {result.changes.map((c, i) => (
                  <li key={i}>{c}</li>
                ))}
              </ul>
            </>
          ) : (
            <p>Nothing needed repairing: the structure already follows its rules.</p>
          )}
        </div>
      ) : null}
      {result && !result.ok ? (
        <div className="nhsuk-inset-text app-repair-result" role="alert">
          <p>{result.message}</p>
        </div>
      ) : null}
      {unique.length ? (
        <div className="nhsuk-warning-callout app-repair" role="region" aria-labelledby="structure-problems-heading" data-testid="structure-problems">
          <h2 className="nhsuk-warning-callout__label" id="structure-problems-heading">
            <span role="text">
              <span className="nhsuk-u-visually-hidden">Important: </span>The structure needs repairing
            </span>
          </h2>
          <p>The saved structure breaks {unique.length === 1 ? "this rule" : "these rules"}:</p>
          <ul className="nhsuk-list nhsuk-list--bullet">
            {unique.slice(0, SHOWN).map((p) => (
              <li key={p}>{p}</li>
            ))}
            {unique.length > SHOWN ? <li>and {unique.length - SHOWN} more.</li> : null}
          </ul>
          {canRepair ? (
            <Form method="post">
              <input type="hidden" name="intent" value="repair" />
              <p>Repairing moves each misplaced unit to the nearest place it is allowed to sit. It does not delete any unit, and it is saved with your name.</p>
              <button type="submit" className="nhsuk-button nhsuk-button--small" disabled={busy}>
                {busy ? "Repairing…" : "Repair the structure"}
              </button>
            </Form>
          ) : (
            <p>Ask an administrator to repair it.</p>
          )}
        </div>
      ) : null}
    </>
  );
}
