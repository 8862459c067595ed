/**
 * The incentive ledger from the stored records (issue 13; docs/decisions/048): each line's monthly
 * finance against its plan, its agreed level in force, its key quality failures and Never Events, the
 * approved framework of the year and the Board's suspensions, put through `computeLedger`. Reads the
 * database only (no collaboration server), so the demo seed, the Board pack and the screens all strike
 * the same ledger from the same figures.
 */
import type { Db, DbOrTx } from "../../db/client";
import { applyKeyIndicators, applySpcJudgement, indicatorMet, spcCodesOf, type AutonomyLevel, type MonthObservation } from "../../shared/autonomy";
import { financialYearMonths, financialYearOf, formatDate, formatFinancialYear } from "../../shared/format/dates";
import type { IncentiveFramework } from "../../shared/incentives/framework";
import { computeLedger, reserveBalance, type Ledger, type LedgerLineInput } from "../../shared/incentives/ledger";
import { applicableConsequences, type AppliedConsequence } from "../../shared/incentives/rules";
import { budgetTotals } from "../../shared/plans/budget";
import { planState } from "../../shared/plans/workflow";
import { ancestorIds, type Structure, type Unit } from "../../shared/structure/model";
import { inForceOn } from "../governance/service";
import { determinationOnDate, listDeterminations } from "../repositories/governance";
import { getYearEnd, latestIncentiveVersion, listDrawdowns, listNeverEvents, listSuspensions, listYearEnds, type Drawdown, type IncentiveVersion, type YearEnd } from "../repositories/incentives";
import { listObservations } from "../repositories/performance";
import { listPlanEvents } from "../repositories/plans";

/** A line's level before anything was determined: the middle of the scale (as app/utils/autonomy.server.ts START_LEVEL). */
const START_LEVEL: AutonomyLevel = 3;

/** The financial year containing a date: 2026-12-01 → 2026. */
export function yearOf(isoDate: string): number {
  return Number(financialYearOf(isoDate).slice(0, 4));
}

/** The date a year's ledger is struck on: its last day, or `today` while it runs. */
export function ledgerDate(year: number, today: string): string {
  const end = `${year + 1}-03-31`;
  return today < end ? today : end;
}

function divisionOf(structure: Structure, unit: Unit): Unit | null {
  const byId = new Map(structure.units.map((u) => [u.id, u]));
  for (const id of ancestorIds((x) => byId.get(x)?.parentId, unit.id)) if (byId.get(id)?.kind === "division") return byId.get(id)!;
  return null;
}

/**
 * Each line's live plan phasing for a year (twelve months, April first), as frozen at its last live
 * step or refresh: the plan its finance is judged on (issue 12). The same rule as
 * `livePlanPhasings` in app/utils/plans.server.ts, read here from the database alone.
 */
function livePhasings(db: DbOrTx, workspaceId: string, year: number): Map<string, number[]> {
  const byUnit = new Map<string, ReturnType<typeof listPlanEvents>>();
  for (const e of listPlanEvents(db, workspaceId, year)) byUnit.set(e.unitId, [...(byUnit.get(e.unitId) ?? []), e]);
  const out = new Map<string, number[]>();
  for (const [unitId, events] of byUnit) {
    if (planState(year, events).status !== "live") continue;
    const frozen = [...events].reverse().find((e) => (e.kind === "live" || e.kind === "refreshed") && e.content);
    if (frozen?.content && frozen.content.budget.length > 0) out.set(unitId, budgetTotals(frozen.content.budget).monthlyContribution);
  }
  return out;
}

/** The months in which a key quality indicator failed, judged as the scheme in force on `asAt` judges them. */
function qualityFailures(db: Db, workspaceId: string, months: readonly MonthObservation[], asAt: string): LedgerLineInput["qualityFailures"] {
  const rules = inForceOn(db, workspaceId, "delegation", asAt)?.content.indicators ?? [];
  const keyed = applyKeyIndicators(months, new Map(rules.map((i) => [i.code.toUpperCase(), i.key])));
  const judged = applySpcJudgement(keyed, spcCodesOf(rules));
  return judged
    .map((m) => ({ month: m.month, indicators: m.indicators.filter((i) => i.kind === "quality" && i.key && !indicatorMet(i)).map((i) => i.name) }))
    .filter((m) => m.indicators.length > 0);
}

/** The ledger's inputs for every service line of the structure. */
export function ledgerInputs(db: Db, workspaceId: string, structure: Structure, year: number, asAt: string): LedgerLineInput[] {
  const fy = formatFinancialYear(year);
  const yearMonths = new Set(financialYearMonths(fy));
  const observations = listObservations(db, workspaceId);
  const phasings = livePhasings(db, workspaceId, year);
  const events = listNeverEvents(db, workspaceId);
  return structure.units
    .filter((u) => u.kind === "service_line")
    .map((unit) => {
      const division = divisionOf(structure, unit);
      const all = observations[unit.id] ?? [];
      const phasing = phasings.get(unit.id);
      const months = all
        .filter((o) => o.finance && yearMonths.has(o.month))
        .map((o) => ({ month: o.month, plan: phasing ? (phasing[(Number(o.month.slice(5, 7)) + 8) % 12] ?? o.finance!.plan) : o.finance!.plan, actual: o.finance!.actual }));
      const det = determinationOnDate(db, workspaceId, unit.id, asAt);
      const level = det?.level ?? START_LEVEL;
      return {
        unitId: unit.id,
        name: unit.name,
        divisionId: division?.id ?? null,
        divisionName: division?.name ?? null,
        months,
        planBasis: phasing ? `the live ${fy} plan` : "the monthly plan figures reported",
        level,
        levelNote: det ? `Agreed level ${level} in force on ${formatDate(asAt)} (from ${formatDate(det.effectiveFrom)}).` : `No level had been determined by ${formatDate(asAt)}, so the starting level ${START_LEVEL} applies.`,
        qualityFailures: qualityFailures(db, workspaceId, all.filter((o) => o.month <= asAt.slice(0, 7)), asAt),
        neverEvents: events.filter((e) => e.unitId === unit.id).map((e) => ({ date: e.date, reference: e.reference })),
      } satisfies LedgerLineInput;
    })
    .sort((a, b) => (a.divisionName ?? "").localeCompare(b.divisionName ?? "") || a.name.localeCompare(b.name));
}

/** Strikes a year's ledger under a given framework (the approved one, or a draft for a preview). */
export function strikeLedger(db: Db, workspaceId: string, structure: Structure, year: number, asAt: string, framework: IncentiveFramework): Ledger {
  return computeLedger({ year, asAt, framework, lines: ledgerInputs(db, workspaceId, structure, year, asAt), suspensions: listSuspensions(db, workspaceId) });
}

export interface YearPosition {
  year: number;
  /** The approved framework the ledger applies; null when the year has none approved. */
  version: IncentiveVersion | null;
  /** The closed year-end, when the year has been closed (then `ledger` is that frozen record). */
  closed: YearEnd | null;
  ledger: Ledger | null;
}

/** A year's ledger: the closed year end when there is one, else struck today under the approved framework. */
export function yearPosition(db: Db, workspaceId: string, structure: Structure, year: number, today: string): YearPosition {
  const closed = getYearEnd(db, workspaceId, year);
  const version = latestIncentiveVersion(db, workspaceId, year);
  if (closed) return { year, version, closed, ledger: closed.ledger };
  if (!version) return { year, version: null, closed: null, ledger: null };
  return { year, version, closed: null, ledger: strikeLedger(db, workspaceId, structure, year, ledgerDate(year, today), version.content) };
}

export interface LineReserve {
  unitId: string;
  credits: { year: number; amount: number }[];
  drawdowns: Drawdown[];
  balance: number;
}

/** Each line's reserve: what closed year ends credited, less its draw-downs. */
export function reserves(db: DbOrTx, workspaceId: string): Map<string, LineReserve> {
  const out = new Map<string, LineReserve>();
  const slot = (unitId: string) => out.get(unitId) ?? out.set(unitId, { unitId, credits: [], drawdowns: [], balance: 0 }).get(unitId)!;
  for (const ye of listYearEnds(db, workspaceId)) for (const l of ye.ledger.lines) if (l.credited > 0) slot(l.unitId).credits.push({ year: ye.year, amount: l.credited });
  for (const d of listDrawdowns(db, workspaceId)) slot(d.unitId).drawdowns.push(d);
  for (const r of out.values()) r.balance = reserveBalance(r.credits, r.drawdowns);
  return out;
}

/** The framework's consequences that apply to a line on a date, from its agreed levels. */
export function consequencesFor(db: DbOrTx, workspaceId: string, framework: IncentiveFramework, unitId: string, asAt: string): AppliedConsequence[] {
  const dets = listDeterminations(db, workspaceId, unitId);
  const level = determinationOnDate(db, workspaceId, unitId, asAt)?.level ?? START_LEVEL;
  return applicableConsequences(framework, level, dets, asAt);
}
