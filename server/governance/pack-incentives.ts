/**
 * The Board pack's "Incentives and consequences" section (issue 13: "Shown on the line's page, on
 * the org graph … and as a section of the Board pack"): this year's ledger to date under the approved
 * framework, any Board suspension, the reserves and the consequences in force, as formatted text.
 * Modelled on pack-maturity.ts: it reads the database only, on the pack's date.
 */
import type { Db } from "../../db/client";
import { formatDate, formatFinancialYear, formatMonth } from "../../shared/format/dates";
import { formatMoney } from "../../shared/format/money";
import { CONSEQUENCE_LABELS, type ConsequenceKind } from "../../shared/incentives/framework";
import { describeScope, LEDGER_STATUS_LABELS } from "../../shared/incentives/ledger";
import type { Structure } from "../../shared/structure/model";
import { consequencesFor, ledgerDate, reserves, yearOf, yearPosition } from "../incentives/position";
import { listConsequences } from "../repositories/incentives";
import { COLOURS, drawTable, type Doc } from "./board-pack-layout";

export interface IncentivesPackSection {
  title: string;
  status: string;
  trust: string;
  suspensions: string[];
  lines: { division: string; line: string; level: string; variance: string; share: string; credited: string; status: string; failed: boolean }[];
  reserves: { line: string; balance: string }[];
  consequences: { line: string; consequence: string; since: string; exit: string }[];
  specialMeasures: string[];
}

/** The section's content, or null when no framework is approved for the pack's year. */
export function packIncentives(db: Db, workspaceId: string, today: string, structure: Structure): IncentivesPackSection | null {
  const year = yearOf(today);
  const pos = yearPosition(db, workspaceId, structure, year, today);
  if (!pos.ledger || !pos.version) return null;
  const l = pos.ledger;
  const asAt = ledgerDate(year, today);
  const name = new Map(structure.units.map((u) => [u.id, u.name]));
  const label = (k: string) => CONSEQUENCE_LABELS[k as ConsequenceKind] ?? k;
  const lastMonth = l.lines.map((x) => x.lastMonth).filter((m): m is string => !!m).sort().at(-1);
  return {
    title: `Incentives and consequences ${formatFinancialYear(year)}`,
    status: `The ${formatFinancialYear(year)} framework was agreed by the Board (minute ${pos.version.resolution}, version ${pos.version.number}, SHA-256 ${pos.version.sha256.slice(0, 16)}...). The position is struck on ${formatDate(asAt)} from the figures${lastMonth ? ` to ${formatMonth(lastMonth)}` : ""}; shares are credited to the lines' reserves when the year is closed.`,
    trust: `The trust is ${formatMoney(Math.abs(l.trust.variance))} ${l.trust.atOrAbove ? "at or above" : "below"} its control total year to date. Eligible favourable variance ${formatMoney(l.totals.eligible)}; shares earned ${formatMoney(l.totals.earned)}; to be credited ${formatMoney(l.totals.credited)}${l.totals.deferred ? `; deferred by the Board ${formatMoney(l.totals.deferred)}` : ""}.`,
    suspensions: l.suspensions.map((s) => `Suspended by the Board (${s.resolution}) for ${describeScope(s.scope)} from ${formatDate(s.from)}${s.until ? ` until ${formatDate(s.until)}` : " until lifted"}: ${s.reason}`),
    lines: l.lines.map((x) => ({
      division: x.divisionName ?? "",
      line: x.name,
      level: String(x.level),
      variance: formatMoney(x.variance),
      share: `${x.sharePct}%`,
      credited: formatMoney(x.credited || x.deferred),
      status: LEDGER_STATUS_LABELS[x.status],
      failed: x.status === "gateway_failed",
    })),
    reserves: [...reserves(db, workspaceId).values()].filter((r) => r.balance > 0).map((r) => ({ line: name.get(r.unitId) ?? r.unitId, balance: formatMoney(r.balance) })),
    consequences: listConsequences(db, workspaceId)
      .filter((c) => !c.exitedOn)
      .map((c) => ({ line: name.get(c.unitId) ?? c.unitId, consequence: label(c.kind), since: formatDate(c.appliedOn), exit: c.exitCriteria })),
    // Lines at the trigger now, and every special-measures entry of the year in the log (a line may
    // have met the trigger and left it since).
    specialMeasures: [
      ...structure.units
        .filter((u) => u.kind === "service_line")
        .flatMap((u) => consequencesFor(db, workspaceId, pos.version!.content, u.id, asAt).filter((c) => c.rule.kind === "special_measures").map((c) => `${u.name}: ${c.months} consecutive months at level 4 — ${c.text}`)),
      ...listConsequences(db, workspaceId)
        .filter((c) => c.kind === "special_measures" && c.appliedOn >= `${year}-04-01` && c.appliedOn <= asAt)
        .map((c) => `${name.get(c.unitId) ?? c.unitId}: in special measures from ${formatDate(c.appliedOn)}${c.exitedOn ? `, left on ${formatDate(c.exitedOn)}` : ", still in force"} (${c.reason})`),
    ],
  };
}

/** Draws the section (the Board pack's helpers are passed in, so headings and flow match the rest). */
export function drawIncentives(doc: Doc, s: IncentivesPackSection | null | undefined, h: { para: (t: string, o?: { color?: string }) => void; subheading: (t: string) => void; newPage: () => void }): void {
  if (!s) {
    h.para("No incentive and consequence framework is approved for this financial year.");
    return;
  }
  h.para(s.status);
  h.para(s.trust);
  for (const x of s.suspensions) h.para(x, { color: COLOURS.red });
  drawTable(doc, {
    columns: [
      { header: "Division", weight: 1.4 },
      { header: "Service line", weight: 2 },
      { header: "Agreed level", weight: 0.8 },
      { header: "Variance to plan", weight: 1.3 },
      { header: "Share", weight: 0.7 },
      { header: "To credit", weight: 1.2 },
      { header: "Status", weight: 1.6 },
    ],
    rows: s.lines.map((l) => ({ cells: [l.division, { text: l.line, bold: true }, l.level, l.variance, l.share, l.credited, l.failed ? { text: l.status, color: COLOURS.red } : l.status] })),
    caption: "Ledger to date by service line",
    newPage: h.newPage,
  });
  h.subheading("Reserves for reinvestment");
  if (s.reserves.length) h.para(s.reserves.map((r) => `${r.line} ${r.balance}`).join("; ") + ".");
  else h.para("No line holds a reserve.");
  h.subheading("Consequences in force");
  if (s.specialMeasures.length) for (const x of s.specialMeasures) h.para(`Special measures: ${x}`, { color: COLOURS.red });
  else h.para("No line has been in special measures this year.");
  if (s.consequences.length) {
    drawTable(doc, {
      columns: [
        { header: "Service line", weight: 1.6 },
        { header: "Consequence", weight: 1.6 },
        { header: "Since", weight: 1.1 },
        { header: "Exit criteria", weight: 3.2 },
      ],
      rows: s.consequences.map((c) => ({ cells: [{ text: c.line, bold: true }, c.consequence, c.since, c.exit] })),
      caption: "Consequence log (open)",
      newPage: h.newPage,
    });
  } else h.para("No consequence is open.");
}
