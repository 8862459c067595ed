import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { indexStructure, leaderByRole, UNIT_KIND_LABELS } from "../../shared/structure";
import { requireMember } from "../utils/auth.server";
import { readStructureNow } from "../utils/docs.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { workspace } = requireMember(request, context, params.workspaceId);
  const structure = await readStructureNow(context, workspace.id);
  const { children } = indexStructure(structure.units);
  const divisions = structure.units
    .filter((u) => u.kind === "division")
    .sort((a, b) => a.order - b.order)
    .map((d) => ({
      id: d.id,
      code: d.code,
      name: d.name,
      director: leaderByRole(d, "managing")?.name ?? "",
      clinicalDirector: leaderByRole(d, "clinical director")?.name ?? "",
      serviceLines: (children.get(d.id) ?? [])
        .filter((s) => s.kind === "service_line")
        .map((s) => ({ id: s.id, code: s.code, name: s.name, clinicalLead: leaderByRole(s, "clinical lead")?.name ?? "" })),
    }));
  const corporate = structure.units.filter((u) => u.kind === "corporate").map((u) => ({ id: u.id, name: u.name }));
  const counts = {
    divisions: divisions.length,
    serviceLines: structure.units.filter((u) => u.kind === "service_line").length,
    units: structure.units.length,
  };
  return { workspaceName: workspace.name, divisions, corporate, counts };
}

export default function WorkspaceHome() {
  const { divisions, corporate, counts } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Overview</h1>
      <p className="nhsuk-body-l">
        {counts.divisions} divisions, {counts.serviceLines} service lines, {counts.units} units in all.
      </p>
      {divisions.length === 0 ? (
        <div className="nhsuk-inset-text">
          <p>This trust has no divisions yet.</p>
        </div>
      ) : (
        <>
          <h2>Divisions and service lines</h2>
          {divisions.map((d) => (
            <section key={d.id} aria-labelledby={`division-${d.id}`} className="nhsuk-u-margin-bottom-5">
              <h3 id={`division-${d.id}`}>{d.name}</h3>
              <p className="nhsuk-body-s">
                {UNIT_KIND_LABELS.division} {d.code}
                {d.director ? ` · Managing Director ${d.director}` : ""}
                {d.clinicalDirector ? ` · Clinical Director ${d.clinicalDirector}` : ""}
              </p>
              {d.serviceLines.length ? (
                <ul className="app-unit-list">
                  {d.serviceLines.map((s) => (
                    <li key={s.id}>
                      {s.name} <span className="nhsuk-body-s">({s.code}{s.clinicalLead ? `, ${s.clinicalLead}` : ""})</span>
                    </li>
                  ))}
                </ul>
              ) : (
                <p>No service lines yet.</p>
              )}
            </section>
          ))}
        </>
      )}
      {corporate.length ? (
        <>
          <h2>Corporate support services</h2>
          <ul>
            {corporate.map((c) => (
              <li key={c.id}>{c.name}</li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Overview – ${data.workspaceName} – Devolve` : "Devolve" }];
