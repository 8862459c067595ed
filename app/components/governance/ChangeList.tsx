import type { Change } from "../../../shared/governance/types";

const GROUPS: { label: string; kinds: Change["kind"][] }[] = [
  { label: "Units", kinds: ["unit_added", "unit_removed", "unit_moved", "unit_renamed", "unit_changed", "leaders_changed", "link_added", "link_removed"] },
  { label: "Levels of delegation", kinds: ["level_added", "level_removed", "level_renamed"] },
  { label: "Decisions", kinds: ["decision_added", "decision_removed", "decision_changed"] },
  { label: "Decision rights and limits", kinds: ["right_changed"] },
  { label: "Earned-autonomy rules and scheme-wide settings", kinds: ["rule_changed"] },
];

/** A semantic diff as a redline table per group: what changed, before, after. */
export function ChangeList({ changes, caption }: { changes: Change[]; caption: string }) {
  if (changes.length === 0) return <p className="nhsuk-body">No changes.</p>;
  return (
    <div data-testid="changes">
      {GROUPS.map((g) => {
        const rows = changes.filter((c) => g.kinds.includes(c.kind));
        if (rows.length === 0) return null;
        return (
          <table key={g.label} className="nhsuk-table app-redline">
            <caption className="nhsuk-table__caption nhsuk-table__caption--s">
              {caption}: {g.label.toLowerCase()} ({rows.length})
            </caption>
            <thead className="nhsuk-table__head">
              <tr>
                <th scope="col">Change</th>
                <th scope="col">Before</th>
                <th scope="col">After</th>
              </tr>
            </thead>
            <tbody className="nhsuk-table__body">
              {rows.map((c, i) => (
                <tr key={i}>
                  <td>{c.text}</td>
                  <td>{c.before ? <del>{c.before}</del> : "—"}</td>
                  <td>{c.after ? <ins>{c.after}</ins> : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        );
      })}
    </div>
  );
}
