import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { financialYearSlug, parseFinancialYearSlug } from "../../shared/collab/registry";
import { formatDate, formatFinancialYear, isIsoDate } from "../../shared/format/dates";
import { formatMoney } from "../../shared/format/money";
import { defaultMilestones, milestonePhase } from "../../shared/plans/round";
import { PLAN_STATUS_LABELS, type PlanStatus } from "../../shared/plans/workflow";
import { can } from "../../shared/roles/roles";
import { getRound, listDivisionGuidance, listMilestones, saveDivisionGuidance, saveMilestones, saveRound } from "../../server/repositories/plans";
import { parseValue } from "../components/plans/CommitField";
import { usePoll } from "../components/plans/usePoll";
import plansCss from "../styles/plans.css?url";
import { requireMember, requirePermission } from "../utils/auth.server";
import { today } from "../utils/governance.server";
import { notFound } from "../utils/http";
import { lineSummaries, rollups, yearData } from "../utils/plans.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: plansCss }];
export const handle = { wide: true };

function yearOf(params: LoaderFunctionArgs["params"]) {
  const year = parseFinancialYearSlug(params.year ?? "");
  if (year === null) notFound("Plans are for a financial year such as 2027-28.");
  return year;
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { workspace, member } = requireMember(request, context, params.workspaceId);
  const year = yearOf(params);
  const data = await yearData(context, workspace.id, year);
  const on = today();
  const { divisions, trust } = rollups(context, workspace.id, data, year);
  const guidance = listDivisionGuidance(context.db, workspace.id, year);
  return {
    workspaceId: workspace.id,
    year,
    on,
    round: data.round,
    milestones: data.milestones.map((m) => ({ ...m, phase: milestonePhase(m, on) })),
    lines: lineSummaries(data, year, on).map((l) => ({ ...l, state: { status: l.state.status, late: l.state.late.length, version: l.state.version } })),
    divisions: divisions.map((d) => ({ unitId: d.unitId, name: d.name, total: d.total, controlTotal: d.controlTotal, gap: d.gap, reserve: d.reserve })),
    trust: { total: trust.total, trustPlan: trust.trustPlan, gap: trust.gap },
    guidance,
    isExecutive: can(member, "plan.setTargets"),
  };
}

const money = (label: string) =>
  z.string().transform((s, ctx) => {
    const p = parseValue("money", s);
    if (!p.ok) {
      ctx.addIssue({ code: "custom", message: `${label}: ${p.error}` });
      return z.NEVER;
    }
    return p.value as number | null;
  });

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, workspace, member } = requireMember(request, context, params.workspaceId);
  requirePermission(member, "plan.setTargets", "Only executives set the planning round's guidance.");
  const year = yearOf(params);
  const form = await request.formData();
  const back = `/w/${workspace.id}/plans/${financialYearSlug(year)}`;
  const fail = (msg: string) => redirect(`${back}?error=${encodeURIComponent(msg)}#round-guidance`);
  const actor = { id: user.id, name: user.name };
  const intent = String(form.get("intent") ?? "");
  if (intent === "open") {
    if (getRound(context.db, workspace.id, year)) return fail("The round for this year is already open.");
    saveRound(context.db, workspace.id, { year, boardPriorities: "", guidance: "", cipPercent: 4, trustPlan: null, corporate: 0 }, actor);
    saveMilestones(context.db, workspace.id, year, defaultMilestones(year), actor);
    return redirect(back);
  }
  if (intent === "guidance") {
    const parsed = z
      .object({
        boardPriorities: z.string().max(5_000),
        guidance: z.string().max(5_000),
        cipPercent: z.coerce.number({ message: "Enter the cost-improvement percentage" }).finite().min(0, "The cost-improvement percentage is between 0 and 20").max(20, "The cost-improvement percentage is between 0 and 20"),
        trustPlan: money("Trust plan"),
        corporate: money("Corporate budget"),
      })
      .safeParse(Object.fromEntries(form));
    if (!parsed.success) return fail(parsed.error.issues[0]!.message);
    saveRound(context.db, workspace.id, { year, ...parsed.data, corporate: parsed.data.corporate ?? 0 }, actor);
    const existing = listMilestones(context.db, workspace.id, year);
    const dates = existing.map((m) => ({ ...m, due: String(form.get(`due-${m.id}`) ?? m.due).trim() }));
    const bad = dates.find((m) => !isIsoDate(m.due));
    if (bad) return fail(`${bad.label}: write the date as YYYY-MM-DD`);
    if (dates.some((m, i) => m.due !== existing[i]!.due)) saveMilestones(context.db, workspace.id, year, dates, actor);
    for (const g of new Set(form.getAll("division").map(String))) {
      if (!form.has(`ct-${g}`)) continue;
      const ct = parseValue("money", String(form.get(`ct-${g}`)));
      const rs = parseValue("money", String(form.get(`reserve-${g}`) ?? ""));
      if (!ct.ok || !rs.ok) return fail(`Divisional control totals: ${!ct.ok ? ct.error : !rs.ok ? rs.error : ""}`);
      saveDivisionGuidance(context.db, workspace.id, year, { unitId: g, controlTotal: ct.value as number | null, reserve: (rs.value as number | null) ?? 0 }, actor);
    }
    return redirect(`${back}?saved=1`);
  }
  return fail("Choose what to save.");
}

const STATUS_TAG: Record<PlanStatus, string> = {
  drafting: "grey",
  submitted: "blue",
  reconciling: "yellow",
  agreed: "aqua-green",
  division_approved: "aqua-green",
  executive_approved: "green",
  board_approved: "green",
  live: "purple",
};

export default function RoundDashboard() {
  const { workspaceId, year, on, round, milestones, lines, divisions, trust, guidance, isExecutive } = useLoaderData<typeof loader>();
  usePoll(3_000);
  const [search] = useSearchParams();
  const base = `/w/${workspaceId}/plans/${financialYearSlug(year)}`;
  const label = formatFinancialYear(year);
  const byDivision = divisions.map((d) => ({ ...d, lines: lines.filter((l) => l.divisionId === d.unitId) }));
  const g = new Map(guidance.map((x) => [x.unitId, x]));
  return (
    <div className="app-plan">
      <h1 className="nhsuk-heading-l">Planning round {label}</h1>
      <p className="nhsuk-body">
        <Link to={`/w/${workspaceId}/plans/${financialYearSlug(year - 1)}`}>Plans for {formatFinancialYear(year - 1)}</Link> ·{" "}
        <Link to={`/w/${workspaceId}/plans/${financialYearSlug(year + 1)}`}>{formatFinancialYear(year + 1)}</Link> · <Link to={`${base}/trust`}>Trust roll-up</Link> ·{" "}
        <Link to={`${base}/export`} reloadDocument>
          Download every plan and the roll-ups (XLSX)
        </Link>
      </p>
      {search.get("error") ? (
        <div className="nhsuk-error-summary" role="alert">
          <h2 className="nhsuk-error-summary__title">Nothing was saved</h2>
          <p className="nhsuk-error-summary__body">{search.get("error")}</p>
        </div>
      ) : search.get("saved") ? (
        <div className="nhsuk-inset-text" role="status">
          <p>The round's guidance was saved.</p>
        </div>
      ) : null}
      {!round ? (
        <div className="nhsuk-inset-text">
          <p>The round for {label} has not been opened yet. Lines can still draft their plans.</p>
          {isExecutive ? (
            <Form method="post">
              <input type="hidden" name="intent" value="open" />
              <button className="nhsuk-button" type="submit">
                Open the {label} round with the usual timetable
              </button>
            </Form>
          ) : null}
        </div>
      ) : (
        <>
          <h2 className="nhsuk-heading-m">The Board's priorities and the executive's guidance</h2>
          <p className="app-prewrap">{round.boardPriorities || "Not yet set."}</p>
          <p className="app-prewrap">{round.guidance || "No guidance issued yet."}</p>
          <p>
            Cost improvement: <strong>{round.cipPercent}%</strong> of each line's cost base. Trust plan: <strong>{round.trustPlan === null ? "not set" : formatMoney(round.trustPlan)}</strong>; planned now{" "}
            <strong data-testid="trust-total">{formatMoney(trust.total)}</strong>
            {trust.gap === null ? null : trust.gap === 0 ? " — adds up exactly" : ` — ${formatMoney(Math.abs(trust.gap))} ${trust.gap > 0 ? "better than" : "short of"} the trust plan`}.
          </p>
        </>
      )}

      {milestones.length ? (
        <>
          <h2 className="nhsuk-heading-m">Timetable</h2>
          <table className="nhsuk-table">
            <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">Milestones of the planning round</caption>
            <thead>
              <tr>
                <th scope="col">Milestone</th>
                <th scope="col">Date</th>
                <th scope="col">Where it stands on {formatDate(on)}</th>
                <th scope="col">Lines behind it</th>
              </tr>
            </thead>
            <tbody>
              {milestones.map((m) => {
                const behind = lines.filter((l) => l.behind?.id === m.id).length;
                return (
                  <tr key={m.id}>
                    <td>{m.label}</td>
                    <td>{m.dueEnd ? `${formatDate(m.due)} to ${formatDate(m.dueEnd)}` : formatDate(m.due)}</td>
                    <td>{m.phase === "past" ? "Passed" : m.phase === "current" ? "In progress" : "Upcoming"}</td>
                    <td>{m.status ? behind : "—"}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      ) : null}

      <h2 className="nhsuk-heading-m">Service lines</h2>
      {byDivision.map((d) => (
        <section key={d.unitId} aria-labelledby={`div-${d.unitId}`} data-division={d.unitId}>
          <h3 className="nhsuk-heading-s" id={`div-${d.unitId}`}>
            <Link to={`${base}/divisions/${d.unitId}`}>{d.name}</Link>{" "}
            <span className="nhsuk-body-s">
              — lines and reserve {formatMoney(d.total)}
              {d.controlTotal === null ? "; no control total set" : `; control total ${formatMoney(d.controlTotal)}; `}
              {d.gap === null ? null : d.gap === 0 ? <strong className="app-plan-gap-ok">adds up exactly</strong> : <strong className={d.gap < 0 ? "app-plan-gap-bad" : "app-plan-gap-ok"} data-testid={`division-gap-${d.unitId}`}>{`${formatMoney(Math.abs(d.gap))} ${d.gap < 0 ? "short" : "over"}`}</strong>}
            </span>
          </h3>
          <div className="app-table-scroll" tabIndex={0} role="region" aria-label={`${d.name} plans`}>
            <table className="nhsuk-table app-plan-table">
              <thead>
                <tr>
                  <th scope="col">Service line</th>
                  <th scope="col">Status</th>
                  <th scope="col">Against the timetable</th>
                  <th scope="col">Targets open / escalated / agreed</th>
                  <th scope="col" className="app-plan-num">
                    Contribution
                  </th>
                  <th scope="col" className="app-plan-num">
                    Control total
                  </th>
                  <th scope="col" className="app-plan-num">
                    Cost-improvement gap
                  </th>
                </tr>
              </thead>
              <tbody>
                {d.lines.map((l) => (
                  <tr key={l.unitId} data-line={l.unitId}>
                    <th scope="row">
                      <Link to={`${base}/${l.unitId}`}>{l.name}</Link>
                    </th>
                    <td>
                      <strong className={`nhsuk-tag nhsuk-tag--${STATUS_TAG[l.state.status]}`} data-testid={`status-${l.unitId}`}>
                        {PLAN_STATUS_LABELS[l.state.status]}
                      </strong>
                      {l.state.late ? <strong className="nhsuk-tag nhsuk-tag--red"> Late</strong> : null}
                    </td>
                    <td>{l.behind ? `Behind: ${l.behind.label.toLowerCase()} (${formatDate(l.behind.due)})` : "On time"}</td>
                    <td>
                      {l.targets.open} / {l.targets.escalated} / {l.targets.agreed + l.targets.imposed}
                    </td>
                    <td className="app-plan-num">{formatMoney(l.contribution)}</td>
                    <td className="app-plan-num">
                      {l.controlTotal === null ? "—" : formatMoney(l.controlTotal)}
                      {l.controlGap !== null && l.controlGap < 0 ? <span className="app-plan-gap-bad"> ({formatMoney(-l.controlGap)} short)</span> : null}
                    </td>
                    <td className="app-plan-num">{l.cipGap === null ? "—" : l.cipGap > 0 ? formatMoney(l.cipGap) : "None"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}

      {isExecutive && round ? (
        <section id="round-guidance" aria-labelledby="round-guidance-h">
          <h2 className="nhsuk-heading-m" id="round-guidance-h">
            Set the round's guidance
          </h2>
          <Form method="post">
            <input type="hidden" name="intent" value="guidance" />
            <div className="nhsuk-form-group">
              <label className="nhsuk-label" htmlFor="boardPriorities">
                The Board's planning priorities
              </label>
              <textarea className="nhsuk-textarea" id="boardPriorities" name="boardPriorities" rows={3} defaultValue={round.boardPriorities} />
            </div>
            <div className="nhsuk-form-group">
              <label className="nhsuk-label" htmlFor="guidance">
                The executive's planning guidance
              </label>
              <textarea className="nhsuk-textarea" id="guidance" name="guidance" rows={3} defaultValue={round.guidance} />
            </div>
            <div className="nhsuk-form-group">
              <label className="nhsuk-label" htmlFor="cipPercent">
                Cost-improvement requirement (% of cost base)
              </label>
              <input className="nhsuk-input nhsuk-input--width-4" id="cipPercent" name="cipPercent" defaultValue={round.cipPercent} inputMode="decimal" />
            </div>
            <div className="nhsuk-form-group">
              <label className="nhsuk-label" htmlFor="trustPlan">
                Trust plan: surplus, or deficit written with a minus (£)
              </label>
              <input className="nhsuk-input nhsuk-input--width-10" id="trustPlan" name="trustPlan" defaultValue={round.trustPlan ?? ""} />
            </div>
            <div className="nhsuk-form-group">
              <label className="nhsuk-label" htmlFor="corporate">
                Corporate services' net budget (£, a cost written with a minus)
              </label>
              <input className="nhsuk-input nhsuk-input--width-10" id="corporate" name="corporate" defaultValue={round.corporate} />
            </div>
            <table className="nhsuk-table">
              <caption className="nhsuk-table__caption">Divisional control totals</caption>
              <thead>
                <tr>
                  <th scope="col">Division</th>
                  <th scope="col">Control total (£)</th>
                  <th scope="col">Divisional reserve (£)</th>
                </tr>
              </thead>
              <tbody>
                {divisions.map((d) => (
                  <tr key={d.unitId}>
                    <th scope="row">
                      {d.name}
                      <input type="hidden" name="division" value={d.unitId} />
                    </th>
                    <td>
                      <label className="nhsuk-u-visually-hidden" htmlFor={`ct-${d.unitId}`}>
                        {d.name} control total
                      </label>
                      <input className="nhsuk-input" id={`ct-${d.unitId}`} name={`ct-${d.unitId}`} defaultValue={g.get(d.unitId)?.controlTotal ?? ""} />
                    </td>
                    <td>
                      <label className="nhsuk-u-visually-hidden" htmlFor={`reserve-${d.unitId}`}>
                        {d.name} reserve
                      </label>
                      <input className="nhsuk-input" id={`reserve-${d.unitId}`} name={`reserve-${d.unitId}`} defaultValue={g.get(d.unitId)?.reserve ?? 0} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <table className="nhsuk-table">
              <caption className="nhsuk-table__caption">Milestone dates</caption>
              <tbody>
                {milestones.map((m) => (
                  <tr key={m.id}>
                    <th scope="row">
                      <label htmlFor={`due-${m.id}`}>{m.label}</label>
                    </th>
                    <td>
                      <input className="nhsuk-input nhsuk-input--width-10" id={`due-${m.id}`} name={`due-${m.id}`} defaultValue={m.due} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <button type="submit" className="nhsuk-button">
              Save the guidance
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Planning round ${formatFinancialYear(data.year)} – Devolve` : "Planning round – Devolve" }];
