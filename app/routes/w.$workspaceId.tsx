import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Outlet, useLoaderData, useLocation, useMatches } from "@remix-run/react";
import { can, ROLE_LABELS } from "../../shared/roles";
import { Header, type NavItem } from "../components/ui/Header";
import { requireMember } from "../utils/auth.server";
import { overdueReviews } from "../utils/governance.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user, workspace, member } = requireMember(request, context, params.workspaceId);
  return {
    user,
    workspace: { id: workspace.id, name: workspace.name },
    member: { role: member.role, roleLabel: ROLE_LABELS[member.role], boardSignatory: member.boardSignatory, serviceLineIds: member.serviceLineIds },
    canManageMembers: can(member, "members.manage"),
    overdue: overdueReviews(context, workspace.id),
  };
}

/** The workspace shell: trust name, the person's role, and navigation to the screens that exist. */
export default function WorkspaceLayout() {
  const { user, workspace, member, overdue } = useLoaderData<typeof loader>();
  const { pathname } = useLocation();
  // Graph and grid screens use the whole window width.
  const wide = useMatches().some((m) => (m.handle as { wide?: boolean } | undefined)?.wide);
  const base = `/w/${workspace.id}`;
  const items: NavItem[] = [
    { to: base, label: "Overview" },
    { to: `${base}/structure`, label: "Structure" },
    { to: `${base}/delegation`, label: "Scheme of delegation" },
    { to: `${base}/autonomy`, label: "Earned autonomy" },
    { to: `${base}/plans`, label: "Plans" },
    { to: `${base}/report`, label: "Performance report" },
    { to: `${base}/ask`, label: "Who decides?" },
    { to: `${base}/assessment`, label: "SLM maturity" },
    { to: `${base}/reviews`, label: "Reviews" },
    { to: `${base}/escalations`, label: "Escalations" },
    { to: `${base}/incentives`, label: "Incentives" },
    { to: `${base}/versions`, label: "Governance" },
    { to: `${base}/members`, label: "Members" },
  ].map((i) => ({ ...i, current: i.to === base ? pathname === base || pathname === base + "/" : pathname.startsWith(i.to) || (i.label === "Governance" && pathname.startsWith(`${base}/governance`)) }));
  return (
    <>
      <Header user={user} nav={items} />
      <div className={wide ? "nhsuk-width-container-fluid app-wide" : "nhsuk-width-container"}>
        <main className={"nhsuk-main-wrapper app-main" + (wide ? " nhsuk-u-padding-top-4" : "")} id="maincontent">
          <div className="app-workspace-bar">
            <p className="nhsuk-body-l app-workspace-bar__name">
              <strong>{workspace.name}</strong>
            </p>
            <p className="nhsuk-body app-workspace-bar__name">
              Your role: <strong className="nhsuk-tag nhsuk-tag--blue">{member.roleLabel}</strong>
              {member.boardSignatory ? <strong className="nhsuk-tag nhsuk-tag--purple nhsuk-u-margin-left-2">Board Secretary</strong> : null}
            </p>
          </div>
          {overdue.map((o) => (
            <div className="nhsuk-warning-callout app-overdue-banner" key={o.doc} role="status">
              <h2 className="nhsuk-warning-callout__label">
                <span role="text">Overdue for review</span>
              </h2>
              <p>
                The {o.label.toLowerCase()} in force (version {o.number}) was due for review by {o.reviewBy}. <a href={`/w/${workspace.id}/versions`}>See versions and approval</a>.
              </p>
            </div>
          ))}
          <Outlet />
        </main>
      </div>
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.workspace.name} – Devolve` : "Devolve" }];
