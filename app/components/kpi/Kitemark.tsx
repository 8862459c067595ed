/** The data-quality kitemark (ULHT §10) as four ticks or crosses, each with its word, so it never relies on colour or symbols alone. */
export function KitemarkList({ items }: { items: { dim: string; label: string; met: boolean }[] }) {
  return (
    <ul className="nhsuk-list nhsuk-u-margin-bottom-0">
      {items.map((i) => (
        <li key={i.dim} className="nhsuk-u-margin-bottom-0">
          <span aria-hidden="true">{i.met ? "✓" : "✗"}</span> {i.met ? i.label : `Not ${i.label.toLowerCase()}`}
        </li>
      ))}
    </ul>
  );
}
