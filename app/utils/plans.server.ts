/**
 * Data access for the planning screens (issue 12): the round, every line's plan and workflow state,
 * the roll-ups, and recording a workflow step. Plans are read through the collaboration server (the
 * committed state, shared by every reader); steps freeze the plan's state at its log position.
 */
import type { AppLoadContext } from "@remix-run/node";
import type { MemberAccess } from "../../shared/roles/roles";
import { can } from "../../shared/roles/roles";
import * as Y from "yjs";
import { readPlan, setStage, type Plan } from "../../shared/collab/plan-doc";
import type { Structure, Unit } from "../../shared/structure/model";
import { cipSummary, controlTotalGap, targetCounts } from "../../shared/plans/reconcile";
import { divisionRollup, ratioRollups, trustRollup, type DivisionRollup, type TrustRollup } from "../../shared/plans/rollup";
import { checkStep, PLAN_STATUS_LABELS, PLAN_STATUSES, planState, type PlanEventKind, type PlanState, type PlanStatus, type Signatory } from "../../shared/plans/workflow";
import { budgetTotals } from "../../shared/plans/budget";
import { ytdAdherent, ytdPositions, type YtdMonth } from "../../shared/plans/ytd";
import { financialYearMonths, financialYearOf, formatFinancialYear, londonDate, parseMonth } from "../../shared/format/dates";

/** Today in England (not imported from governance.server, which imports the autonomy module that imports this one). */
const today = () => londonDate();
import { cellText } from "../../shared/format/rows";
import type { MonthObservation } from "../../shared/autonomy/types";
import { planTargetMonths, type PlanTargetMonths } from "../../shared/autonomy/plan-targets";
import { importTargetConflicts } from "../../shared/plans/targets";
import { listObservations } from "../../server/repositories/performance";
import { appendPlanEvent, getRound, listDivisionGuidance, listMilestones, listPlanEvents, roundYears, type Milestone, type PlanRound, type StoredPlanEvent } from "../../server/repositories/plans";
import type { BoardPackInput } from "../../server/governance/board-pack";
import { roundYearOn } from "../../shared/plans/round";
import { formatMoney } from "../../shared/format/money";

export interface LineSummary {
  unitId: string;
  code: string;
  name: string;
  divisionId: string | null;
  divisionName: string;
  state: PlanState;
  targets: ReturnType<typeof targetCounts>;
  contribution: number;
  controlTotal: number | null;
  controlGap: number | null;
  cipGap: number | null;
  /** The latest milestone already passed that expects a status this plan has not reached. */
  behind: Milestone | null;
}

/** The division a unit sits in (its nearest division ancestor), walking with a visited set. */
export function divisionOf(structure: Structure, unit: Unit): Unit | null {
  const byId = new Map(structure.units.map((u) => [u.id, u]));
  const seen = new Set<string>();
  let cur: Unit | undefined = unit;
  while (cur && !seen.has(cur.id)) {
    if (cur.kind === "division") return cur;
    seen.add(cur.id);
    cur = cur.parentId ? byId.get(cur.parentId) : undefined;
  }
  return null;
}

export interface YearData {
  structure: Structure;
  round: PlanRound | null;
  milestones: Milestone[];
  lines: { unit: Unit; division: Unit | null; plan: Plan; events: StoredPlanEvent[] }[];
}

/** Every service line's plan and steps for a year. */
export async function yearData(context: AppLoadContext, workspaceId: string, year: number): Promise<YearData> {
  const structure = await context.collab.read(workspaceId, { kind: "structure" });
  const events = listPlanEvents(context.db, workspaceId, year);
  const lines = await Promise.all(
    structure.units
      .filter((u) => u.kind === "service_line")
      .map(async (unit) => ({ unit, division: divisionOf(structure, unit), plan: await context.collab.read(workspaceId, { kind: "plan", unitId: unit.id, year }), events: events.filter((e) => e.unitId === unit.id) })),
  );
  return { structure, round: getRound(context.db, workspaceId, year), milestones: listMilestones(context.db, workspaceId, year), lines };
}

const rank = (s: PlanStatus) => PLAN_STATUSES.indexOf(s);

/** The round dashboard's row for each line. */
export function lineSummaries(data: YearData, year: number, on = today()): LineSummary[] {
  // A line is behind a milestone once its date (or the end of its span) has passed.
  const due = data.milestones.filter((m) => m.status && (m.dueEnd ?? m.due) < on);
  return data.lines.map(({ unit, division, plan, events }) => {
    const state = planState(year, events);
    const behind = [...due].reverse().find((m) => rank(state.status) < rank(m.status as PlanStatus)) ?? null;
    return {
      unitId: unit.id,
      code: unit.code,
      name: unit.name,
      divisionId: division?.id ?? null,
      divisionName: division?.name ?? "No division",
      state,
      targets: targetCounts(plan),
      contribution: budgetTotals(plan.budget).contribution,
      controlTotal: plan.guidance.controlTotal,
      controlGap: controlTotalGap(plan),
      cipGap: cipSummary(plan).gap,
      behind,
    };
  });
}

/** Roll-ups of every division and the trust. */
export function rollups(context: AppLoadContext, workspaceId: string, data: YearData, year: number): { divisions: DivisionRollup[]; trust: TrustRollup; ratios: ReturnType<typeof ratioRollups> } {
  const guidance = new Map(listDivisionGuidance(context.db, workspaceId, year).map((g) => [g.unitId, g]));
  const divisions = data.structure.units
    .filter((u) => u.kind === "division")
    .sort((a, b) => a.order - b.order || a.name.localeCompare(b.name))
    .map((d) =>
      divisionRollup({
        unitId: d.id,
        name: d.name,
        reserve: guidance.get(d.id)?.reserve ?? 0,
        controlTotal: guidance.get(d.id)?.controlTotal ?? null,
        lines: data.lines.filter((l) => l.division?.id === d.id).map((l) => ({ unitId: l.unit.id, name: l.unit.name, plan: l.plan })),
      }),
    );
  return { divisions, trust: trustRollup(divisions, data.round?.corporate ?? 0, data.round?.trustPlan ?? null), ratios: ratioRollups(data.lines.map((l) => l.plan)) };
}

export type StepOutcome = { ok: true } | { ok: false; error: string };

/** Records a workflow step after checking it against the plan as committed now. */
export async function recordPlanStep(
  context: AppLoadContext,
  workspaceId: string,
  member: MemberAccess,
  actor: { id: string; name: string },
  req: { unitId: string; year: number; kind: PlanEventKind; capacity: Signatory | null; note: string },
  on = today(),
): Promise<StepOutcome> {
  const ref = { kind: "plan" as const, unitId: req.unitId, year: req.year };
  // One snapshot: the rules are checked against, and the step freezes, the same log position.
  const snap = await context.collab.snapshot(workspaceId, ref);
  const doc = new Y.Doc();
  Y.applyUpdate(doc, snap.state);
  const plan = readPlan(doc);
  doc.destroy();
  const events = listPlanEvents(context.db, workspaceId, req.year, req.unitId);
  const refused = checkStep(req.year, events, plan, { kind: req.kind, capacity: req.capacity, isExecutive: can(member, "plan.setTargets"), canDraft: can(member, "plan.edit", { unitId: req.unitId }) });
  if (refused) return { ok: false, error: refused };
  const keep = req.kind === "board_approved" || req.kind === "refreshed" || req.kind === "executive_approved" || req.kind === "division_approved" || req.kind === "live";
  const id = appendPlanEvent(context.db, workspaceId, { ...req, onDate: on, seq: snap.seq, sha256: snap.sha256, content: keep ? plan : null }, actor);
  // The document carries the status too, so its room can lock the line's content once agreed.
  const status = planState(req.year, [...events, { id, kind: req.kind, capacity: req.capacity, note: req.note, actorName: actor.name, onDate: on }]).status;
  await context.collab.transact(workspaceId, ref, (d) => void setStage(d, status), { authorId: actor.id });
  return { ok: true };
}


/**
 * A live plan against the figures reported so far this year: each month's contribution against the
 * plan's phasing, and the year to date (issue 12: "Finance is judged year to date against the phased
 * plan, not one month at a time"). The tolerance is the earned-autonomy rules' financial tolerance.
 */
export async function yearToDate(context: AppLoadContext, workspaceId: string, unitId: string, year: number, plan: Plan): Promise<{ months: YtdMonth[]; tolerancePct: number } | null> {
  const months = financialYearMonths(formatFinancialYear(year));
  const phased = budgetTotals(plan.budget).monthlyContribution;
  if (plan.budget.length === 0) return null;
  const reported = new Map((listObservations(context.db, workspaceId, unitId)[unitId] ?? []).filter((o) => o.finance).map((o) => [o.month, o.finance!.actual]));
  const tolerancePct = (await context.collab.read(workspaceId, { kind: "delegation" })).rules.financialTolerancePct;
  const rows = months.map((m, i) => ({ month: m, plan: phased[i]!, actual: reported.get(m) })).filter((r): r is { month: string; plan: number; actual: number } => r.actual !== undefined);
  if (rows.length === 0) return null;
  const cumulative = ytdPositions(rows);
  const within = (plan: number, actual: number) => actual >= plan - (Math.abs(plan) * tolerancePct) / 100;
  return {
    tolerancePct,
    months: rows.map((r, i) => ({ ...r, monthMet: within(r.plan, r.actual), ytdPlan: cumulative[i]!.plan, ytdActual: cumulative[i]!.actual, ytdVariance: cumulative[i]!.variance, ytdMet: ytdAdherent(cumulative[i]!, tolerancePct) })),
  };
}

/**
 * Each line's live plan phasing by financial year ("2026/27" → twelve months of contribution, April
 * first), for the years its figures fall in: what finance is judged on year to date (issue 12). The
 * phasing is taken from the plan as frozen at its last live step or quarterly refresh, not from the
 * room, so an edit made after approval (by an executive) does not move the plan a line is judged on
 * until it is approved as a refresh. A line or year without a live plan is absent.
 */
export function livePlanPhasings(context: AppLoadContext, workspaceId: string, observations: Readonly<Record<string, readonly MonthObservation[]>>): Map<string, Map<string, number[]>> {
  const years = new Set<number>();
  for (const months of Object.values(observations)) for (const m of months) if (m.finance) years.add(Number(financialYearOf(m.month).slice(0, 4)));
  const out = new Map<string, Map<string, number[]>>();
  for (const year of years) {
    const byUnit = new Map<string, StoredPlanEvent[]>();
    for (const e of listPlanEvents(context.db, workspaceId, year)) byUnit.set(e.unitId, [...(byUnit.get(e.unitId) ?? []), e]);
    for (const [unitId, events] of byUnit) {
      if (planState(year, events).status !== "live") continue;
      const frozen = [...events].reverse().find((e) => (e.kind === "live" || e.kind === "refreshed") && e.content);
      if (!frozen?.content || frozen.content.budget.length === 0) continue;
      const mine = out.get(unitId) ?? new Map<string, number[]>();
      mine.set(formatFinancialYear(year), budgetTotals(frozen.content.budget).monthlyContribution);
      out.set(unitId, mine);
    }
  }
  return out;
}

/**
 * Each line's live plan targets by financial year ("2026/27" → KPI code → twelve months), from the
 * plan as frozen at its last live step or quarterly refresh (as `livePlanPhasings`): the targets its
 * indicators, workforce among them, are judged on (issue 12: "KPI targets come from the agreed plan";
 * shared/autonomy/plan-targets.ts). A line or year without a live plan, or with no coded target, is absent.
 */
export function livePlanTargets(context: AppLoadContext, workspaceId: string, observations: Readonly<Record<string, readonly MonthObservation[]>>): Map<string, Map<string, PlanTargetMonths>> {
  const years = new Set<number>();
  for (const months of Object.values(observations)) for (const m of months) if (m.indicators.length) years.add(Number(financialYearOf(m.month).slice(0, 4)));
  const out = new Map<string, Map<string, PlanTargetMonths>>();
  for (const year of years) {
    const byUnit = new Map<string, StoredPlanEvent[]>();
    for (const e of listPlanEvents(context.db, workspaceId, year)) byUnit.set(e.unitId, [...(byUnit.get(e.unitId) ?? []), e]);
    for (const [unitId, events] of byUnit) {
      if (planState(year, events).status !== "live") continue;
      const frozen = [...events].reverse().find((e) => (e.kind === "live" || e.kind === "refreshed") && e.content);
      const targets = frozen?.content ? planTargetMonths(frozen.content.targets) : null;
      if (!targets || targets.size === 0) continue;
      const mine = out.get(unitId) ?? new Map<string, PlanTargetMonths>();
      mine.set(formatFinancialYear(year), targets);
      out.set(unitId, mine);
    }
  }
  return out;
}

/** The plans section of the Board pack: the round in progress, as formatted text (issue 12). */
export async function packPlans(context: AppLoadContext, workspaceId: string, on = today()): Promise<NonNullable<BoardPackInput["plans"]> | null> {
  const years = roundYears(context.db, workspaceId);
  const next = roundYearOn(on);
  const year = years.includes(next) ? next : years[0];
  if (year === undefined) return null;
  const data = await yearData(context, workspaceId, year);
  const { divisions, trust } = rollups(context, workspaceId, data, year);
  const gap = (g: number | null, of: string) => (g === null ? "no target set" : g === 0 ? "adds up exactly" : `${formatMoney(Math.abs(g))} ${g < 0 ? "short of" : "better than"} ${of}`);
  return {
    year: formatFinancialYear(year),
    divisions: divisions.map((d) => ({ name: d.name, total: formatMoney(d.total), controlTotal: d.controlTotal === null ? "Not set" : formatMoney(d.controlTotal), gap: gap(d.gap, "the control total") })),
    trust: { total: formatMoney(trust.total), plan: trust.trustPlan === null ? "not set" : formatMoney(trust.trustPlan), gap: gap(trust.gap, "the trust plan") },
    lines: lineSummaries(data, year, on).map((l) => ({ division: l.divisionName, line: l.name, status: PLAN_STATUS_LABELS[l.state.status], late: l.state.late.length > 0 })),
  };
}

/**
 * Rows of a performance import whose indicator target differs from the live plan's (issue 12: an
 * import cannot set or loosen a target). Each names the spreadsheet row, the plan's value and the
 * file's. Only months of a financial year whose plan is live are checked.
 */
export async function planTargetErrors(
  context: AppLoadContext,
  workspaceId: string,
  sheet: { rows: readonly Record<string, unknown>[]; rowNumbers: readonly number[] },
  observations: Record<string, MonthObservation[]>,
  lines: readonly { unitId: string; code: string; name: string }[],
): Promise<{ row: number; column: string; message: string }[]> {
  const errors: { row: number; column: string; message: string }[] = [];
  const byCode = new Map(lines.map((l) => [l.code.toUpperCase(), l]));
  // Where each (line, month, indicator) sits in the file, for the row number of the refusal.
  const where = new Map<string, number>();
  sheet.rows.forEach((row, i) => {
    const cells = new Map(Object.entries(row).map(([k, v]) => [k.trim().toLowerCase(), cellText(v)]));
    const month = parseMonth(cells.get("month") ?? cells.get("period") ?? "");
    const line = cells.get("service line code") ?? cells.get("service line") ?? cells.get("sl code") ?? "";
    const code = cells.get("indicator code") ?? "";
    if (month.ok && code) where.set(`${line.toUpperCase()}|${month.value}|${code.toUpperCase()}`, sheet.rowNumbers[i] ?? i + 2);
  });
  for (const [lineCode, months] of Object.entries(observations)) {
    const line = byCode.get(lineCode.toUpperCase());
    if (!line) continue;
    const byYear = new Map<number, MonthObservation[]>();
    for (const m of months) {
      const y = Number(financialYearOf(m.month).slice(0, 4));
      byYear.set(y, [...(byYear.get(y) ?? []), m]);
    }
    for (const [year, list] of byYear) {
      const events = listPlanEvents(context.db, workspaceId, year, line.unitId);
      if (planState(year, events).status !== "live") continue;
      // The plan as frozen at its last live step or refresh, as the levels judge it (livePlanTargets):
      // an executive's edit after approval does not move the targets until it is approved as a refresh.
      const plan = [...events].reverse().find((e) => (e.kind === "live" || e.kind === "refreshed") && e.content)?.content;
      if (!plan) continue;
      const figures = list.flatMap((m) => m.indicators.map((i) => ({ month: m.month, monthIndex: (Number(m.month.slice(5, 7)) + 8) % 12, code: i.code, target: i.target })));
      for (const c of importTargetConflicts(line.name, plan, figures)) errors.push({ row: where.get(`${lineCode.toUpperCase()}|${c.month}|${c.code.toUpperCase()}`) ?? 0, column: "Target", message: c.message });
    }
  }
  return errors;
}
