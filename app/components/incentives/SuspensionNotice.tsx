import { formatDate } from "../../../shared/format/dates";
import { describeScope, type Suspension } from "../../../shared/incentives/ledger";

/** Every Board suspension in force, shown to every line whatever its scope (issue 13). */
export function SuspensionNotice({ suspensions }: { suspensions: Suspension[] }) {
  if (!suspensions.length) return null;
  return (
    <div className="nhsuk-warning-callout" role="note" data-testid="suspension-notice">
      <h2 className="nhsuk-warning-callout__label">
        <span role="text">
          <span className="nhsuk-u-visually-hidden">Important: </span>Shares suspended by the Board
        </span>
      </h2>
      <ul className="nhsuk-list">
        {suspensions.map((s) => (
          <li key={s.id}>
            {s.resolution}: for {describeScope(s.scope)} from {formatDate(s.from)}
            {s.until ? ` until ${formatDate(s.until)}` : " until the Board lifts it"}. {s.reason} Shares earned meanwhile are deferred, not lost.
          </li>
        ))}
      </ul>
    </div>
  );
}
