import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useEffect, useState } from "react";
import { inForceOn } from "../../server/governance/service";
import { formatDate } from "../../shared/format/dates";
import { chartPageSvg, chartVersionText, layoutChart, type ChartFooter, type ChartPage } from "../../shared/structure/chart";
import { indexStructure, UNIT_KIND_LABELS, type Structure, type Unit } from "../../shared/structure";
import chartCss from "../styles/chart.css?url";
import { downloadChartPng, downloadChartSvg } from "../components/structure/chartDownload";
import { requireMember } from "../utils/auth.server";
import { readStructureNow } from "../utils/docs.server";
import { today } from "../utils/governance.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: chartCss }];

/**
 * The organisation chart on A4 landscape pages, to print or save as PDF (issue 16). Like the printed
 * scheme (issue 11), it shows the version in force unless the draft is asked for (`?version=draft`),
 * and every page's footer says which, with the approval.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { workspace } = requireMember(request, context, params.workspaceId);
  const wantDraft = new URL(request.url).searchParams.get("version") === "draft";
  const found = wantDraft ? null : inForceOn(context.db, workspace.id, "structure", today());
  const approval = found?.state.approval;
  const structure: Structure = found ? found.content : await readStructureNow(context, workspace.id);
  return {
    workspaceId: workspace.id,
    structure,
    isDraft: !found,
    // Whether a version is in force at all: without one the draft is all there is to print.
    hasVersion: wantDraft ? !!inForceOn(context.db, workspace.id, "structure", today()) : !!found,
    footer: {
      trustName: workspace.name,
      version: chartVersionText(found ? { number: found.version.number, approval: approval ? { kind: approval.kind, date: approval.date } : null } : null),
      printed: formatDate(today()),
    } satisfies ChartFooter,
  };
}

/** The chart's text equivalent: the same units as a nested list. */
function Outline({ units }: { units: Unit[] }) {
  const { children } = indexStructure(units);
  const seen = new Set<string>();
  const list = (parent: string | null) => {
    const kids = (children.get(parent) ?? []).filter((u) => !seen.has(u.id));
    if (!kids.length) return null;
    return (
      <ul className="nhsuk-list chart-print__outline">
        {kids.map((u) => {
          seen.add(u.id);
          return (
            <li key={u.id}>
              {u.name} <span className="nhsuk-body-s">({UNIT_KIND_LABELS[u.kind]})</span>
              {list(u.id)}
            </li>
          );
        })}
      </ul>
    );
  };
  return list(null);
}

export default function StructureChart() {
  const { workspaceId, structure, isDraft, hasVersion, footer } = useLoaderData<typeof loader>();
  const [pages, setPages] = useState<ChartPage[] | null>(null);
  const [failed, setFailed] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setPages(null);
    // Laid out in the browser: ELK on a large trust takes a moment that a server should not spend.
    layoutChart(structure).then(
      (p) => live && setPages(p),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [structure]);
  const slug = isDraft ? "draft" : footer.version.match(/^Version (\S+?),/)?.[1]?.replace(/[^A-Za-z0-9.-]/g, "") ?? "version";
  const download = async (format: "svg" | "png") => {
    if (!pages) return;
    setBusy(`Preparing the ${format.toUpperCase()}…`);
    try {
      const name = `structure-chart-${slug}.${format}`;
      if (format === "svg") downloadChartSvg(pages, footer, name);
      else await downloadChartPng(pages, footer, name);
      setBusy(null);
    } catch {
      setBusy(`The ${format.toUpperCase()} could not be made. Try again, or print this page and choose Save as PDF.`);
    }
  };

  return (
    <div className="chart-print">
      <div className="chart-print__screen">
        <p className="nhsuk-body-s">
          <Link className="nhsuk-link" to={`/w/${workspaceId}/structure`}>
            Back to the structure
          </Link>
        </p>
        <h1 className="nhsuk-heading-l nhsuk-u-margin-bottom-2">Organisation chart</h1>
        <p className={isDraft ? "nhsuk-body chart-print__draft" : "nhsuk-body"} data-testid="chart-version">
          <strong>{footer.version}</strong>
          {isDraft ? ". Pages show the draft as it stands now." : null}{" "}
          {isDraft && hasVersion ? (
            <Link className="nhsuk-link" to={`/w/${workspaceId}/structure/chart`}>
              Chart the version in force instead
            </Link>
          ) : null}
          {!isDraft ? (
            <Link className="nhsuk-link" to={`/w/${workspaceId}/structure/chart?version=draft`}>
              Chart the draft instead
            </Link>
          ) : null}
        </p>
        <p className="nhsuk-body-s">A4 landscape, one sheet a page: print this page, or choose Save as PDF in the print dialogue.</p>
        <div className="app-inline-row">
          <button type="button" className="nhsuk-button nhsuk-button--small" disabled={!pages} onClick={() => window.print()}>
            Print
          </button>
          <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" disabled={!pages} onClick={() => void download("svg")}>
            Download chart (SVG)
          </button>
          <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" disabled={!pages} onClick={() => void download("png")}>
            Download chart (PNG)
          </button>
        </div>
        <p className="nhsuk-body-s app-message app-message--reserved" role="status">
          {failed ? "The chart could not be laid out. Reload the page to try again; the list below has the same content." : pages ? busy ?? `${pages.length} ${pages.length === 1 ? "page" : "pages"}.` : "Laying out the chart…"}
        </p>
      </div>
      <div className="chart-print__sheets" data-testid="chart-sheets" aria-busy={!pages}>
        {pages?.map((p, i) => <div key={i} className="chart-sheet" data-testid="chart-sheet" dangerouslySetInnerHTML={{ __html: chartPageSvg(p, i, pages.length, footer) }} />)}
      </div>
      <details className="nhsuk-details chart-print__screen">
        <summary className="nhsuk-details__summary">
          <span className="nhsuk-details__summary-text">The chart as a list</span>
        </summary>
        <div className="nhsuk-details__text">
          <Outline units={structure.units} />
        </div>
      </details>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Organisation chart (print) – Devolve" }];
