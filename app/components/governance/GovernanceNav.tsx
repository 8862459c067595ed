import { Link } from "@remix-run/react";

const ITEMS = [
  { id: "versions", label: "Versions and approval", path: "versions" },
  { id: "board", label: "The Board and its meetings", path: "governance/board" },
  { id: "roles", label: "Who held which role", path: "governance/roles" },
  { id: "authority", label: "Authority check", path: "governance/authority" },
  { id: "audit", label: "Audit trail", path: "governance/audit" },
] as const;

/** The governance screens' own navigation, so the main header stays short. */
export function GovernanceNav({ workspaceId, current }: { workspaceId: string; current: (typeof ITEMS)[number]["id"] }) {
  return (
    <nav className="app-subnav nhsuk-u-margin-bottom-4" aria-label="Governance">
      <ul className="app-subnav__list">
        {ITEMS.map((i) => (
          <li key={i.id} className="app-subnav__item">
            {i.id === current ? (
              <span aria-current="page" className="app-subnav__link app-subnav__link--current">
                {i.label}
              </span>
            ) : (
              <Link className="app-subnav__link" to={`/w/${workspaceId}/${i.path}`}>
                {i.label}
              </Link>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}
