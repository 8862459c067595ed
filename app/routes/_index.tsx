import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ROLE_LABELS } from "../../shared/roles";
import { listUserWorkspaces } from "../../server/repositories/workspaces";
import { Header } from "../components/ui/Header";
import { requireUser } from "../utils/auth.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(request, context);
  return { user, workspaces: listUserWorkspaces(context.db, user.id) };
}

export default function Home() {
  const { user, workspaces } = useLoaderData<typeof loader>();
  return (
    <>
      <Header user={user} />
      <div className="nhsuk-width-container">
        <main className="nhsuk-main-wrapper" id="maincontent">
          <h1>Your trusts</h1>
          {user.platformAdmin ? (
            <p>
              <Link to="/admin/trusts">Add a trust or see every trust on this Devolve</Link>
            </p>
          ) : null}
          {workspaces.length === 0 ? (
            <p>You are not a member of any trust's workspace yet. Ask a workspace administrator to invite you.</p>
          ) : (
            <ul className="nhsuk-list nhsuk-card-group">
              {workspaces.map((w) => (
                <li key={w.id} className="nhsuk-card-group__item nhsuk-grid-column-one-half">
                  <div className="nhsuk-card nhsuk-card--clickable">
                    <div className="nhsuk-card__content">
                      <h2 className="nhsuk-card__heading nhsuk-heading-m">
                        <Link className="nhsuk-card__link" to={`/w/${w.id}`}>
                          {w.name}
                        </Link>
                      </h2>
                      <p className="nhsuk-card__description">
                        Your role: {ROLE_LABELS[w.role]}
                        {w.boardSignatory ? " · Board Secretary" : ""}
                      </p>
                    </div>
                  </div>
                </li>
              ))}
            </ul>
          )}
        </main>
      </div>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Your trusts – Devolve" }];
