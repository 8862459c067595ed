import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useCallback } from "react";
import { z } from "zod";
import {
  ACTION_STATUS_LABELS,
  ACTION_STATUSES,
  BUDGET_CATEGORIES,
  LOCKED_STAGES,
  BUDGET_CATEGORY_LABELS,
  EVIDENCE,
  EVIDENCE_LABELS,
  planNotes,
  PODS,
  POD_LABELS,
  QIA,
  QIA_LABELS,
  RAG,
  readPlan,
  setGuidance,
  type Plan,
} from "../../shared/collab/plan-doc";
import { docAccess, financialYearSlug, parseFinancialYearSlug, type PlanRef } from "../../shared/collab/registry";
import { formatFinancialYear, londonDate } from "../../shared/format/dates";
import { formatCount, formatMoney } from "../../shared/format/money";
import { budgetTotals, phase } from "../../shared/plans/budget";
import { cipSummary, controlTotalGap } from "../../shared/plans/reconcile";
import { agreementBlockers, boardResolution, PLAN_EVENT_KINDS, planState, SIGNATORIES, submissionBlockers } from "../../shared/plans/workflow";
import { can } from "../../shared/roles/roles";
import { listPlanEvents } from "../../server/repositories/plans";
import { CollabHeader } from "../collab/CollabHeader";
import { useCollabScreen } from "../collab/useCollabScreen";
import { LOCAL_ORIGIN, useDocSnapshot } from "../collab/useRoom";
import { YTextArea } from "../collab/YTextArea";
import { CommitField } from "../components/plans/CommitField";
import { SectionTable } from "../components/plans/SectionTable";
import { TargetsTable, Trajectories } from "../components/plans/TargetsTable";
import { usePoll } from "../components/plans/usePoll";
import { WorkflowPanel } from "../components/plans/WorkflowPanel";
import plansCss from "../styles/plans.css?url";
import { requireMember } from "../utils/auth.server";
import { notFound } from "../utils/http";
import { divisionOf, recordPlanStep, yearToDate } from "../utils/plans.server";
import { YearToDate } from "../components/plans/YearToDate";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: plansCss }];
export const handle = { wide: true };

async function planOf(context: LoaderFunctionArgs["context"], workspaceId: string, params: LoaderFunctionArgs["params"]) {
  const year = parseFinancialYearSlug(params.year ?? "");
  if (year === null) notFound("Plans are for a financial year such as 2027-28.");
  const structure = await context.collab.read(workspaceId, { kind: "structure" });
  const unit = structure.units.find((u) => u.id === params.unitId && u.kind === "service_line");
  if (!unit) notFound("There is no such service line.");
  return { year, unit, division: divisionOf(structure, unit) };
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user, workspace, member } = requireMember(request, context, params.workspaceId);
  const { year, unit, division } = await planOf(context, workspace.id, params);
  const ref: PlanRef = { kind: "plan", unitId: unit.id, year };
  const delegation = await context.collab.read(workspace.id, { kind: "delegation" });
  const events = listPlanEvents(context.db, workspace.id, year, unit.id);
  const live = planState(year, events).status === "live";
  return {
    me: { id: user.id, name: user.name },
    workspaceId: workspace.id,
    year,
    unit: { id: unit.id, name: unit.name, code: unit.code, leaders: unit.leaders },
    division: division ? { id: division.id, name: division.name } : null,
    canWrite: docAccess(member, ref) === "write",
    isExecutive: can(member, "plan.setTargets"),
    events: events.map(({ content: _content, ...e }) => e),
    // Once live, the plan is what finance is judged on, year to date (issue 12).
    ytd: live ? await yearToDate(context, workspace.id, unit.id, year, await context.collab.read(workspace.id, ref)) : null,
    decisions: delegation.scheme.decisions.map((d) => ({ value: d.id, label: d.title })),
  };
}

const stepSchema = z.object({
  kind: z.enum(PLAN_EVENT_KINDS, { message: "Choose a step" }),
  capacity: z.enum(SIGNATORIES).optional(),
  note: z.string().max(1_000).optional(),
  meeting: z.string().max(40).optional(),
  minute: z.string().max(200).optional(),
});

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, workspace, member } = requireMember(request, context, params.workspaceId);
  const { year, unit } = await planOf(context, workspace.id, params);
  const form = Object.fromEntries(await request.formData());
  const parsed = stepSchema.safeParse(form);
  const back = `/w/${workspace.id}/plans/${financialYearSlug(year)}/${unit.id}`;
  if (!parsed.success) return redirect(`${back}?error=${encodeURIComponent(parsed.error.issues[0]!.message)}`);
  let note = parsed.data.note ?? "";
  let on: string | undefined;
  if (parsed.data.kind === "board_approved") {
    // Named like a version's approval: the meeting and its minute (decision 042).
    const executive = listPlanEvents(context.db, workspace.id, year, unit.id).filter((e) => e.kind === "executive_approved").at(-1);
    const resolution = boardResolution(parsed.data.meeting ?? "", parsed.data.minute ?? "", londonDate(), executive?.onDate ?? null);
    if (!resolution.ok) return redirect(`${back}?error=${encodeURIComponent(resolution.error)}`);
    note = resolution.note;
    on = resolution.onDate;
  }
  const res = await recordPlanStep(context, workspace.id, member, { id: user.id, name: user.name }, { unitId: unit.id, year, kind: parsed.data.kind, capacity: parsed.data.capacity ?? null, note }, on);
  return redirect(res.ok ? back : `${back}?error=${encodeURIComponent(res.error)}`);
}

const EMPTY: Plan = { targets: [], notes: "", objectives: [], activity: [], budget: [], cip: [], workforce: [], capital: [], risks: [], developments: [], actions: [], guidance: { controlTotal: null, cipPercent: null }, stage: "drafting" };
const opts = <T extends string>(list: readonly T[], labels: Record<T, string>) => list.map((v) => ({ value: v, label: labels[v] }));

export default function PlanScreen() {
  const { me, workspaceId, year, unit, division, canWrite, isExecutive, events, decisions, ytd } = useLoaderData<typeof loader>();
  const ref: PlanRef = { kind: "plan", unitId: unit.id, year };
  const screen = useCollabScreen(workspaceId, ref, me);
  const { room, setPresence } = screen;
  const plan = useDocSnapshot(room, readPlan, EMPTY);
  const [search] = useSearchParams();
  usePoll(3_000);
  const doc = room?.doc ?? null;
  // Once agreed, the plan is locked to the line (the server refuses their changes too).
  const locked = !isExecutive && (LOCKED_STAGES as readonly string[]).includes(plan.stage);
  const ro = !canWrite || locked;
  const focus = useCallback((section: string) => () => setPresence("selection", { kind: "section", id: section }), [setPresence]);
  const totals = budgetTotals(plan.budget);
  const gap = controlTotalGap(plan);
  const cip = cipSummary(plan);
  const state = planState(year, events);
  const yearLabel = formatFinancialYear(year);
  const base = `/w/${workspaceId}/plans/${financialYearSlug(year)}`;
  const lead = unit.leaders.map((l) => `${l.role}: ${l.name}`).join(" · ");

  return (
    <div className="app-plan">
      <nav className="nhsuk-breadcrumb" aria-label="Breadcrumb">
        <ol className="nhsuk-breadcrumb__list">
          <li className="nhsuk-breadcrumb__item">
            <Link className="nhsuk-breadcrumb__link" to={base}>
              Planning round {yearLabel}
            </Link>
          </li>
          {division ? (
            <li className="nhsuk-breadcrumb__item">
              <Link className="nhsuk-breadcrumb__link" to={`${base}/divisions/${division.id}`}>
                {division.name}
              </Link>
            </li>
          ) : null}
        </ol>
      </nav>
      <CollabHeader title={`${unit.name}: annual plan ${yearLabel}`} screen={screen} readOnly={ro} describe={(s) => (s.kind === "section" ? `editing ${s.id}` : undefined)} />
      <p className="nhsuk-body-s">{lead}</p>
      {locked && canWrite ? (
        <div className="nhsuk-inset-text" data-testid="plan-locked">
          <p>The plan has been agreed, so it is read only to the line. An executive can change it, or return it to the line.</p>
        </div>
      ) : null}

      <WorkflowPanel state={state} events={events} canDraft={canWrite} isExecutive={isExecutive} blockers={agreementBlockers(plan)} submitBlockers={submissionBlockers(plan)} error={search.get("error")} />

      {ytd ? <YearToDate months={ytd.months} tolerancePct={ytd.tolerancePct} /> : null}

      <nav aria-label="Sections of the plan" className="app-plan-toc">
        <ul className="nhsuk-list app-inline-list">
          {[
            ["strategy", "Strategy"],
            ["guidance", "Guidance and budget summary"],
            ["targets", "Targets"],
            ["activity", "Activity"],
            ["budget", "Budget"],
            ["cip", "Cost improvement"],
            ["workforce", "Workforce"],
            ["capital", "Capital"],
            ["risks", "Risks"],
            ["developments", "Developments"],
            ["actions", "Action plan"],
          ].map(([id, label]) => (
            <li key={id}>
              <a href={`#${id}`}>{label}</a>
            </li>
          ))}
        </ul>
      </nav>

      <section id="strategy" aria-labelledby="strategy-h">
        <h2 className="nhsuk-heading-m" id="strategy-h">
          Strategy
        </h2>
        <p className="nhsuk-hint">Objectives linked to the trust's objectives; each long-term aim with the short-term steps towards it (Monitor's SLM framework Part 2 §1).</p>
        {doc ? (
          <div className="nhsuk-form-group">
            <label className="nhsuk-label" htmlFor="plan-notes">
              The line's strategy, in brief
            </label>
            <YTextArea id="plan-notes" className="nhsuk-textarea" rows={4} text={planNotes(doc)} readOnly={ro} onFocus={focus("strategy")} />
          </div>
        ) : null}
        <SectionTable
          section="objectives"
          caption="Objectives"
          rows={plan.objectives}
          doc={doc}
          readOnly={ro}
          onFocus={focus("strategy")}
          addLabel="Add an objective"
          newRow={{ title: "New objective", horizon: "short" }}
          rowName={(r) => String(r.title)}
          columns={[
            { key: "title", label: "Objective", kind: "text", width: "20rem" },
            { key: "trustObjective", label: "Trust objective it serves", kind: "text", width: "14rem" },
            { key: "horizon", label: "Horizon", kind: "select", options: [{ value: "long", label: "Long-term aim" }, { value: "short", label: "Short-term step" }] },
            { key: "aimId", label: "Step towards", kind: "select", options: [{ value: "", label: "—" }, ...plan.objectives.filter((o) => o.horizon === "long").map((o) => ({ value: o.id, label: o.title }))] },
          ]}
        />
      </section>

      <section id="guidance" aria-labelledby="guidance-h">
        <h2 className="nhsuk-heading-m" id="guidance-h">
          Guidance and budget summary
        </h2>
        <dl className="nhsuk-summary-list app-plan-summary">
          <div className="nhsuk-summary-list__row">
            <dt className="nhsuk-summary-list__key">Control total (contribution the budget must meet)</dt>
            <dd className="nhsuk-summary-list__value">
              <CommitField label="Control total" kind="money" value={plan.guidance.controlTotal} readOnly={ro || !isExecutive} onCommit={(v) => (doc ? setGuidance(doc, { controlTotal: v as number | null }, LOCAL_ORIGIN) : { ok: false, error: "Still connecting" })} testId="control-total" />
            </dd>
          </div>
          <div className="nhsuk-summary-list__row">
            <dt className="nhsuk-summary-list__key">Cost-improvement requirement (% of pay and non-pay)</dt>
            <dd className="nhsuk-summary-list__value">
              <CommitField label="Cost-improvement percentage" kind="number" value={plan.guidance.cipPercent} readOnly={ro || !isExecutive} onCommit={(v) => (doc ? setGuidance(doc, { cipPercent: v as number | null }, LOCAL_ORIGIN) : { ok: false, error: "Still connecting" })} testId="cip-percent" />
              {plan.guidance.cipPercent !== null ? "%" : null}
            </dd>
          </div>
          <Row k="Income" v={formatMoney(totals.income)} />
          <Row k={`Pay (${formatCount(totals.wte)} WTE)`} v={formatMoney(totals.pay)} />
          <Row k="Non-pay" v={formatMoney(totals.nonPay)} />
          <Row k="Contribution" v={formatMoney(totals.contribution)} testId="contribution" />
          <Row k="Recharges and overheads" v={formatMoney(totals.recharges)} />
          <Row k="Margin" v={`${formatMoney(totals.margin)}${totals.income ? ` (${((totals.margin / totals.income) * 100).toFixed(1)}% of income)` : ""}`} />
          <Row k="Against the control total" v={gap === null ? "No control total issued yet" : gap >= 0 ? `${formatMoney(gap)} better than the control total` : `${formatMoney(-gap)} short of the control total`} testId="control-gap" />
          <Row
            k="Cost improvement"
            v={cip.required === null ? `${formatMoney(cip.planned)} in schemes; no requirement issued yet` : `Required ${formatMoney(cip.required)}; schemes ${formatMoney(cip.planned)} in year (${formatMoney(cip.byRag.green)} green, ${formatMoney(cip.byRag.amber)} amber, ${formatMoney(cip.byRag.red)} red); ${cip.gap! > 0 ? `gap ${formatMoney(cip.gap!)}` : "fully identified"}`}
            testId="cip-gap"
          />
        </dl>
      </section>

      <section id="targets" aria-labelledby="targets-h">
        <h2 className="nhsuk-heading-m" id="targets-h">
          Targets
        </h2>
        <p className="nhsuk-hint">Top-down values and agreement are the executive's; the line proposes bottom-up (Monitor's SLM framework Part 2 §2). A percentage is planned as numerator and denominator.</p>
        <TargetsTable targets={plan.targets} doc={doc} canWrite={!ro} isExecutive={isExecutive} onFocus={focus("targets")} />
        <h3 className="nhsuk-heading-s">Monthly trajectories</h3>
        <Trajectories targets={plan.targets} doc={doc} canWrite={!ro} isExecutive={isExecutive} onFocus={focus("trajectories")} />
      </section>

      <section id="activity" aria-labelledby="activity-h">
        <h2 className="nhsuk-heading-m" id="activity-h">
          Activity by point of delivery
        </h2>
        <SectionTable
          section="activity"
          caption="Activity by point of delivery and month"
          rows={plan.activity}
          doc={doc}
          readOnly={ro}
          onFocus={focus("activity")}
          addLabel="Add a point of delivery"
          newRow={{ pod: PODS.find((p) => !plan.activity.some((a) => a.pod === p)) ?? "elective" }}
          rowName={(r) => POD_LABELS[r.pod as (typeof PODS)[number]] ?? ""}
          columns={[
            { key: "pod", label: "Point of delivery", kind: "select", options: opts(PODS, POD_LABELS) },
            { key: "months", label: "Cases", kind: "months" },
          ]}
        />
      </section>

      <section id="budget" aria-labelledby="budget-h">
        <h2 className="nhsuk-heading-m" id="budget-h">
          Budget
        </h2>
        <p className="nhsuk-hint">Whole pounds. Income by commissioner, pay by staff group with WTE, non-pay, and recharges. Each line's months must add up to its year.</p>
        <SectionTable
          section="budget"
          caption="Budget lines with monthly phasing"
          rows={plan.budget}
          doc={doc}
          readOnly={ro}
          onFocus={focus("budget")}
          addLabel="Add a budget line"
          newRow={{ category: "nonpay", label: "New budget line", annual: 0, months: phase(0) }}
          rowName={(r) => String(r.label)}
          columns={[
            { key: "category", label: "Category", kind: "select", options: opts(BUDGET_CATEGORIES, BUDGET_CATEGORY_LABELS) },
            { key: "label", label: "Commissioner, staff group or item", kind: "text", width: "14rem" },
            { key: "wte", label: "WTE", kind: "number", width: "5rem" },
            { key: "annual", label: "Year (£)", kind: "money", width: "8.5rem" },
            { key: "months", label: "Months", kind: "months", sumOf: "annual" },
          ]}
        />
      </section>

      <section id="cip" aria-labelledby="cip-h">
        <h2 className="nhsuk-heading-m" id="cip-h">
          Cost-improvement programme
        </h2>
        <SectionTable
          section="cip"
          caption="Cost-improvement schemes"
          rows={plan.cip}
          doc={doc}
          readOnly={ro}
          onFocus={focus("cip")}
          addLabel="Add a scheme"
          newRow={{ name: "New scheme" }}
          rowName={(r) => String(r.name)}
          columns={[
            { key: "name", label: "Scheme", kind: "text", width: "14rem" },
            { key: "fullYear", label: "Full-year effect (£)", kind: "money", width: "8rem" },
            { key: "inYear", label: "In-year effect (£)", kind: "money", width: "8rem" },
            { key: "recurrent", label: "Recurrent", kind: "bool" },
            { key: "qia", label: "Quality impact assessment", kind: "select", options: opts(QIA, QIA_LABELS) },
            { key: "rag", label: "RAG", kind: "select", options: RAG.map((r) => ({ value: r, label: r[0]!.toUpperCase() + r.slice(1) })) },
            { key: "months", label: "Phasing", kind: "months", sumOf: "inYear" },
          ]}
        />
      </section>

      <section id="workforce" aria-labelledby="workforce-h">
        <h2 className="nhsuk-heading-m" id="workforce-h">
          Workforce
        </h2>
        <SectionTable
          section="workforce"
          caption="Workforce plan by staff group"
          rows={plan.workforce}
          doc={doc}
          readOnly={ro}
          onFocus={focus("workforce")}
          addLabel="Add a staff group"
          newRow={{ staffGroup: "New staff group" }}
          rowName={(r) => String(r.staffGroup)}
          columns={[
            { key: "staffGroup", label: "Staff group", kind: "text", width: "12rem" },
            { key: "establishment", label: "Establishment (WTE)", kind: "number", width: "6rem" },
            { key: "inPost", label: "In post (WTE)", kind: "number", width: "6rem" },
            { key: "vacancies", label: "Vacancies (WTE)", kind: "number", compute: (r) => formatCount(Math.round(((r.establishment as number) - (r.inPost as number)) * 100) / 100) },
            { key: "agencyCap", label: "Agency cap (£)", kind: "money", width: "8rem" },
            { key: "sicknessPct", label: "Sickness (%)", kind: "number", width: "5rem" },
            { key: "turnoverPct", label: "Turnover (%)", kind: "number", width: "5rem" },
            { key: "trainingPct", label: "Mandatory training (%)", kind: "number", width: "5rem" },
          ]}
        />
      </section>

      <section id="capital" aria-labelledby="capital-h">
        <h2 className="nhsuk-heading-m" id="capital-h">
          Capital bids
        </h2>
        <SectionTable
          section="capital"
          caption="Capital bids"
          rows={plan.capital}
          doc={doc}
          readOnly={ro}
          onFocus={focus("capital")}
          addLabel="Add a capital bid"
          newRow={{ item: "New capital bid" }}
          rowName={(r) => String(r.item)}
          columns={[
            { key: "item", label: "Item", kind: "text", width: "14rem" },
            { key: "amount", label: "Amount (£)", kind: "money", width: "8rem" },
            { key: "priority", label: "Priority", kind: "select", options: [{ value: "essential", label: "Essential" }, { value: "desirable", label: "Desirable" }] },
            { key: "justification", label: "Justification", kind: "text", width: "20rem" },
          ]}
        />
      </section>

      <section id="risks" aria-labelledby="risks-h">
        <h2 className="nhsuk-heading-m" id="risks-h">
          Risks
        </h2>
        <SectionTable
          section="risks"
          caption="Risks to the plan"
          rows={plan.risks}
          doc={doc}
          readOnly={ro}
          onFocus={focus("risks")}
          addLabel="Add a risk"
          newRow={{ description: "New risk" }}
          rowName={(r) => String(r.description)}
          columns={[
            { key: "description", label: "Risk", kind: "text", width: "18rem" },
            { key: "likelihood", label: "Likelihood (1–5)", kind: "int", width: "4rem" },
            { key: "impact", label: "Impact (1–5)", kind: "int", width: "4rem" },
            { key: "score", label: "Score", kind: "int", compute: (r) => String((r.likelihood as number) * (r.impact as number)) },
            { key: "mitigation", label: "Mitigation", kind: "text", width: "18rem" },
            { key: "owner", label: "Owner", kind: "text", width: "10rem" },
          ]}
        />
      </section>

      <section id="developments" aria-labelledby="developments-h">
        <h2 className="nhsuk-heading-m" id="developments-h">
          Developments
        </h2>
        <p className="nhsuk-hint">Each linked to the decision in the scheme of delegation that would approve it.</p>
        <SectionTable
          section="developments"
          caption="Service developments"
          rows={plan.developments}
          doc={doc}
          readOnly={ro}
          onFocus={focus("developments")}
          addLabel="Add a development"
          newRow={{ title: "New development" }}
          rowName={(r) => String(r.title)}
          columns={[
            { key: "title", label: "Development", kind: "text", width: "14rem" },
            { key: "description", label: "Description", kind: "text", width: "18rem" },
            { key: "investment", label: "Investment (£)", kind: "money", width: "8rem" },
            { key: "income", label: "Income (£)", kind: "money", width: "8rem" },
            { key: "decisionId", label: "Approved under", kind: "select", options: [{ value: "", label: "Not yet linked" }, ...decisions] },
          ]}
        />
      </section>

      <section id="actions" aria-labelledby="actions-h">
        <h2 className="nhsuk-heading-m" id="actions-h">
          Action plan
        </h2>
        <p className="nhsuk-hint">Each action rests on evidence: financial, the performance dashboard, patient experience or a benchmark (Monitor's SLM framework Part 2 §6).</p>
        <SectionTable
          section="actions"
          caption="Action plan"
          rows={plan.actions}
          doc={doc}
          readOnly={ro}
          onFocus={focus("actions")}
          addLabel="Add an action"
          newRow={{ action: "New action" }}
          rowName={(r) => String(r.action)}
          columns={[
            { key: "action", label: "Action", kind: "text", width: "16rem" },
            { key: "evidence", label: "Evidence", kind: "select", options: opts(EVIDENCE, EVIDENCE_LABELS) },
            { key: "evidenceNote", label: "What the evidence shows", kind: "text", width: "14rem" },
            { key: "owner", label: "Owner", kind: "text", width: "10rem" },
            { key: "due", label: "Due (YYYY-MM-DD)", kind: "date", width: "8rem" },
            { key: "measure", label: "Success measure", kind: "text", width: "12rem" },
            { key: "status", label: "Status", kind: "select", options: opts(ACTION_STATUSES, ACTION_STATUS_LABELS) },
          ]}
        />
      </section>
      <p>
        <Link to={`${base}/export?unit=${unit.id}`} reloadDocument>
          Download this plan as a spreadsheet (XLSX)
        </Link>
      </p>
    </div>
  );
}

function Row({ k, v, testId }: { k: string; v: string; testId?: string }) {
  return (
    <div className="nhsuk-summary-list__row">
      <dt className="nhsuk-summary-list__key">{k}</dt>
      <dd className="nhsuk-summary-list__value" data-testid={testId}>
        {v}
      </dd>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.unit.name}: annual plan ${formatFinancialYear(data.year)} – Devolve` : "Annual plan – Devolve" }];
