import type { AutonomyLevel } from "../autonomy/types";
import { addMonths, formatDate, formatMonth } from "../format/dates";
import { formatMoney } from "../format/money";
import { ytdPositions } from "../plans/ytd";
import { levelKey, type IncentiveFramework } from "./framework";

/**
 * The incentive ledger of one financial year: for each service line, its favourable variance year to
 * date against its plan, the share its agreed level retains, the cap, the gateways and any Board
 * suspension, and what is credited to the line's reserve for reinvestment (issue 13).
 *
 * The share is of the variance against the line's own plan, not of its contribution, so a line that
 * is planned at a loss (cross-subsidised) still earns on its improvement against that plan: King's
 * Fund (BMJ 2012), "some services are always cross subsidised by others … services that cannot
 * generate surplus income feel threatened by the greater transparency of service line management".
 * A Board suspension defers every share in its scope rather than cancelling it: the King's Fund found
 * "central control being reimposed, reversing the service line management process", and a deferral
 * keeps that visible to every line instead of silently removing what it earned.
 */

export interface LedgerMonth {
  month: string;
  plan: number;
  actual: number;
}

export interface LedgerLineInput {
  unitId: string;
  name: string;
  divisionId: string | null;
  divisionName: string | null;
  /** The year's months with figures, April first (later months ignored past the ledger's date). */
  months: LedgerMonth[];
  /** What the plan figures are ("the live 2026/27 plan", "the monthly plan figures reported"). */
  planBasis: string;
  /** The agreed level in force on the ledger's date (the determination, not the monthly computed level). */
  level: AutonomyLevel;
  levelNote: string;
  /** Months in which a key quality indicator failed, with what failed. */
  qualityFailures: { month: string; indicators: string[] }[];
  /** Never Events reported at the line. */
  neverEvents: { date: string; reference: string }[];
}

export type SuspensionScope = { kind: "all" } | { kind: "division"; unitId: string; name: string } | { kind: "line"; unitId: string; name: string };

/** A Board resolution suspending the scheme's shares (issue 13: "defers every share and is shown to every line"). */
export interface Suspension {
  id: string;
  resolution: string;
  reason: string;
  scope: SuspensionScope;
  from: string;
  /** The last day it applies; null until the Board lifts it. */
  until: string | null;
}

export interface LedgerInput {
  year: number;
  /** The date the ledger is struck: the year end, or today within the year. */
  asAt: string;
  framework: IncentiveFramework;
  lines: LedgerLineInput[];
  suspensions: Suspension[];
}

export type GatewayId = "quality" | "neverEvent" | "controlTotal";

export interface GatewayResult {
  id: GatewayId;
  label: string;
  passed: boolean;
  reason: string;
}

export type LedgerStatus = "credited" | "no_variance" | "no_share" | "gateway_failed" | "deferred" | "no_figures";

export interface LedgerLine {
  unitId: string;
  name: string;
  divisionName: string | null;
  months: number;
  lastMonth: string | null;
  ytdPlan: number;
  ytdActual: number;
  /** actual − plan; negative is behind plan. */
  variance: number;
  /** The favourable part of the variance (0 when behind plan). */
  eligible: number;
  planBasis: string;
  level: AutonomyLevel;
  levelNote: string;
  sharePct: number;
  /** eligible × share, before the cap. */
  earned: number;
  cap: number | null;
  capped: boolean;
  /** earned after the cap. */
  afterCap: number;
  gateways: GatewayResult[];
  gatewaysPassed: boolean;
  suspension: Suspension | null;
  /** Credited to the line's reserve for reinvestment. */
  credited: number;
  /** Earned and passing every gateway, but held back by a Board suspension. */
  deferred: number;
  status: LedgerStatus;
  explanation: string[];
}

export interface Ledger {
  year: number;
  asAt: string;
  trust: { plan: number; actual: number; variance: number; atOrAbove: boolean };
  lines: LedgerLine[];
  /** Suspensions in force on the ledger's date, whatever their scope (every line is shown them). */
  suspensions: Suspension[];
  totals: { eligible: number; earned: number; credited: number; deferred: number };
}

const pence = (n: number) => Math.round(n * 100) / 100;

/** Whether a suspension is in force on a date. */
export const suspensionInForce = (s: Suspension, date: string) => s.from <= date && (s.until === null || s.until >= date);

/** Whether a suspension's scope takes in a line. */
export const suspensionCovers = (s: Suspension, line: Pick<LedgerLineInput, "unitId" | "divisionId">) =>
  s.scope.kind === "all" || (s.scope.kind === "division" && s.scope.unitId === line.divisionId) || (s.scope.kind === "line" && s.scope.unitId === line.unitId);

export function describeScope(scope: SuspensionScope): string {
  return scope.kind === "all" ? "every service line" : scope.kind === "division" ? `the service lines of ${scope.name}` : scope.name;
}

/** The figures a line is judged on: the months of the year up to the ledger's date. */
function monthsTo(line: LedgerLineInput, asAt: string): LedgerMonth[] {
  const last = asAt.slice(0, 7);
  return [...line.months].filter((m) => m.month <= last).sort((a, b) => a.month.localeCompare(b.month));
}

export function computeLedger(input: LedgerInput): Ledger {
  const { framework: f, asAt } = input;
  const yearStart = `${input.year}-04-01`;
  const positions = input.lines.map((line) => {
    const months = monthsTo(line, asAt);
    const p = ytdPositions(months).at(-1);
    return { line, months, plan: p?.plan ?? 0, actual: p?.actual ?? 0 };
  });
  // The control total the gateway tests is the sum of the lines' plans for the months reported: the
  // trust "at or above its control total" year to date.
  const trustPlan = pence(positions.reduce((s, p) => s + p.plan, 0));
  const trustActual = pence(positions.reduce((s, p) => s + p.actual, 0));
  const trustAtOrAbove = trustActual >= trustPlan;
  const inForce = input.suspensions.filter((s) => suspensionInForce(s, asAt));

  const lines = positions.map(({ line, months, plan, actual }): LedgerLine => {
    const variance = pence(actual - plan);
    const eligible = Math.max(0, variance);
    const sharePct = f.rewards[levelKey(line.level)].sharePct;
    const earned = pence((eligible * sharePct) / 100);
    const cap = f.capPerLine;
    const capped = cap !== null && earned > cap;
    const afterCap = capped ? cap : earned;
    const lastMonth = months.at(-1)?.month ?? null;

    const gateways: GatewayResult[] = [];
    if (f.gateways.quality) {
      const window = lastMonth ? f.gateways.qualityMonths : 0;
      const from = lastMonth ? addMonths(lastMonth, -(window - 1)) : "";
      const failures = lastMonth ? line.qualityFailures.filter((q) => q.month >= from && q.month <= lastMonth && q.indicators.length > 0) : [];
      const span = lastMonth ? `${formatMonth(from)} to ${formatMonth(lastMonth)}` : "the year";
      gateways.push({
        id: "quality",
        label: `No key quality failure in the last ${f.gateways.qualityMonths} months`,
        passed: failures.length === 0,
        reason: failures.length === 0 ? `No key quality indicator failed from ${span}.` : `A key quality indicator failed in ${failures.map((q) => `${formatMonth(q.month)} (${q.indicators.join(", ")})`).join("; ")}.`,
      });
    }
    if (f.gateways.neverEvent) {
      const events = line.neverEvents.filter((e) => e.date >= yearStart && e.date <= asAt);
      gateways.push({
        id: "neverEvent",
        label: "No Never Event this year",
        passed: events.length === 0,
        reason: events.length === 0 ? "No Never Event was reported this year." : `A Never Event was reported: ${events.map((e) => `${e.reference}, ${formatDate(e.date)}`).join("; ")}.`,
      });
    }
    if (f.gateways.controlTotal) {
      gateways.push({
        id: "controlTotal",
        label: "The trust at or above its control total",
        passed: trustAtOrAbove,
        reason: `The trust is ${formatMoney(Math.abs(trustActual - trustPlan))} ${trustAtOrAbove ? "at or above" : "below"} its control total year to date (${formatMoney(trustActual)} against ${formatMoney(trustPlan)}).`,
      });
    }
    const gatewaysPassed = gateways.every((g) => g.passed);
    const suspension = inForce.find((s) => suspensionCovers(s, line)) ?? null;

    let status: LedgerStatus;
    if (months.length === 0) status = "no_figures";
    else if (eligible === 0) status = "no_variance";
    else if (sharePct === 0) status = "no_share";
    else if (!gatewaysPassed) status = "gateway_failed";
    else if (suspension) status = "deferred";
    else status = "credited";
    const credited = status === "credited" ? afterCap : 0;
    const deferred = status === "deferred" ? afterCap : 0;

    const explanation: string[] = [];
    if (months.length === 0) explanation.push("No figures have been reported for this year yet.");
    else {
      explanation.push(
        `Year to date (${months.length} month${months.length === 1 ? "" : "s"} to ${formatMonth(lastMonth!)}): ${formatMoney(actual)} against ${line.planBasis} of ${formatMoney(plan)}, ${variance >= 0 ? `${formatMoney(variance)} better than plan` : `${formatMoney(-variance)} behind plan`}.`,
      );
      if (plan < 0 && variance > 0) explanation.push("The line is planned at a loss (cross-subsidised); it earns on its improvement against that plan.");
    }
    explanation.push(`${line.levelNote} At level ${line.level} the framework retains ${sharePct}% of the favourable variance.`);
    if (capped) explanation.push(`${formatMoney(earned)} is capped at ${formatMoney(cap!)} a line.`);
    for (const g of gateways) if (!g.passed) explanation.push(`Gateway not met: ${g.reason} The share is not credited.`);
    if (suspension && status === "deferred") explanation.push(`Deferred by the Board (${suspension.resolution}${suspension.until ? `, until ${formatDate(suspension.until)}` : ", until the Board lifts it"}): ${suspension.reason}`);
    if (status === "credited") explanation.push(`${formatMoney(credited)} is credited to the line's reserve for reinvestment in non-recurrent change and transformation.`);
    return {
      unitId: line.unitId,
      name: line.name,
      divisionName: line.divisionName,
      months: months.length,
      lastMonth,
      ytdPlan: pence(plan),
      ytdActual: pence(actual),
      variance,
      eligible,
      planBasis: line.planBasis,
      level: line.level,
      levelNote: line.levelNote,
      sharePct,
      earned,
      cap,
      capped,
      afterCap,
      gateways,
      gatewaysPassed,
      suspension,
      credited,
      deferred,
      status,
      explanation,
    };
  });
  const sum = (k: "eligible" | "earned" | "credited" | "deferred") => pence(lines.reduce((s, l) => s + l[k], 0));
  return {
    year: input.year,
    asAt,
    trust: { plan: trustPlan, actual: trustActual, variance: pence(trustActual - trustPlan), atOrAbove: trustAtOrAbove },
    lines,
    suspensions: inForce,
    totals: { eligible: sum("eligible"), earned: sum("earned"), credited: sum("credited"), deferred: sum("deferred") },
  };
}

export const LEDGER_STATUS_LABELS: Record<LedgerStatus, string> = {
  credited: "Credited",
  no_variance: "No favourable variance",
  no_share: "No share at this level",
  gateway_failed: "Gateway not met",
  deferred: "Deferred by the Board",
  no_figures: "No figures yet",
};

/** The reserve of one line: shares credited at closed year ends less what has been drawn down. */
export function reserveBalance(credits: readonly { amount: number }[], drawdowns: readonly { amount: number }[]): number {
  return pence(credits.reduce((s, c) => s + c.amount, 0) - drawdowns.reduce((s, d) => s + d.amount, 0));
}
