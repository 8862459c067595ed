import { Link } from "@remix-run/react";

/** The incentives screens: the ledger, this year's framework, and the registers. */
export function IncentivesNav({ workspaceId, yearSlug, current }: { workspaceId: string; yearSlug: string; current: "ledger" | "framework" | "register" | "line" }) {
  const base = `/w/${workspaceId}/incentives`;
  const items = [
    { id: "ledger", to: `${base}?year=${yearSlug}`, label: "Ledger" },
    { id: "framework", to: `${base}/framework/${yearSlug}`, label: "Framework" },
    { id: "register", to: `${base}/register`, label: "Consequences and recognition" },
  ] as const;
  return (
    <nav aria-label="Incentives">
      <ul className="app-incentives-nav">
        {items.map((i) => (
          <li key={i.id}>
            {i.id === current ? (
              <strong aria-current="page">{i.label}</strong>
            ) : (
              <Link to={i.to}>{i.label}</Link>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}
