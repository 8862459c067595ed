/**
 * Server side of the incentive and consequence framework (issue 13; docs/decisions/048): approval
 * of a year's framework as a frozen, hashed version; closing a year's ledger; draw-downs from a line's
 * reserve that pass the scheme's authority check; Board suspensions, Never Events, the consequence log
 * and the recognition register; and what the line page shows.
 */
import type { AppLoadContext } from "@remix-run/node";
import * as Y from "yjs";
import { formatMoney, parseMoney } from "../../shared/format/money";
import { formatDate, formatFinancialYear, parseDate } from "../../shared/format/dates";
import { readIncentives } from "../../shared/collab/incentives-doc";
import { parseFinancialYearSlug, type IncentivesRef } from "../../shared/collab/registry";
import { newId } from "../../shared/collab/ytools";
import { CONSEQUENCE_KINDS, frameworkApprovalProblems, type IncentiveFramework } from "../../shared/incentives/framework";
import type { SuspensionScope } from "../../shared/incentives/ledger";
import type { LineIncentivesSummary } from "../../shared/incentives/summary";
import { awardRefusal, drawdownAmountRefusal, drawdownNatureRefusal } from "../../shared/incentives/rules";
import type { Structure } from "../../shared/structure/model";
import { consequencesFor, ledgerDate, reserves, strikeLedger, yearOf, yearPosition } from "../../server/incentives/position";
import {
  addConsequenceEntry,
  addNeverEvent,
  addRecognition,
  addSuspension,
  exitConsequence,
  getYearEnd,
  insertDrawdown,
  insertIncentiveVersion,
  insertYearEnd,
  latestIncentiveVersion,
  listConsequences,
  listSuspensions,
  type IncentiveVersion,
} from "../../server/repositories/incentives";
import type { AutonomyBadge } from "../components/graph/UnitNode";
import type { FieldErrors } from "../components/ui/forms";
import { readStructureNow } from "./docs.server";
import { runAuthorityCheck } from "./authority.server";
import { notFound } from "./http";
import { today } from "./governance.server";

export type Actor = { id: string; name: string };

/** The framework a URL names (`2026-27`), or a 404. */
export function incentivesRef(yearSlug: string | undefined): IncentivesRef {
  const year = yearSlug ? parseFinancialYearSlug(yearSlug) : null;
  if (year === null) notFound("No such financial year: write it as 2026-27");
  return { kind: "incentives", year };
}

/** The financial year a `?year=2026-27` asks for, or the current one. */
export function yearFromQuery(url: string, on = today()): number {
  const slug = new URL(url).searchParams.get("year");
  return (slug && parseFinancialYearSlug(slug)) || yearOf(on);
}

export type ApproveOutcome = { ok: true; version: IncentiveVersion } | { ok: false; errors: string[] };

/**
 * Approves the framework as it stands (Part 2 §5 level 3: "agreed by trust board"): one snapshot of
 * the committed state at its log position, read back from those bytes, checked, stored with its hash,
 * the previous approval's hash and the Board's minute, with an audit record in the same transaction.
 */
export async function approveFramework(context: Pick<AppLoadContext, "db" | "collab">, workspaceId: string, ref: IncentivesRef, input: { resolution: string; note: string }, actor: Actor, now = Date.now()): Promise<ApproveOutcome> {
  const resolution = input.resolution.trim();
  if (!resolution) return { ok: false, errors: ["Enter the Board's minute that agreed the framework, for example TB 26/044"] };
  if (resolution.length > 120 || input.note.length > 2_000) return { ok: false, errors: ["Keep the minute under 120 characters and the note under 2,000"] };
  const snap = await context.collab.snapshot(workspaceId, ref);
  if (snap.seq === 0) return { ok: false, errors: ["Nothing has been written in this framework yet"] };
  const doc = new Y.Doc();
  let content: IncentiveFramework;
  try {
    Y.applyUpdate(doc, snap.state);
    content = readIncentives(doc);
  } finally {
    doc.destroy();
  }
  const problems = frameworkApprovalProblems(content);
  if (problems.length) return { ok: false, errors: problems };
  const previous = latestIncentiveVersion(context.db, workspaceId, ref.year);
  if (previous && previous.seq === snap.seq) return { ok: false, errors: [`Nothing has changed since approval ${previous.number}`] };
  if (getYearEnd(context.db, workspaceId, ref.year)) return { ok: false, errors: [`${formatFinancialYear(ref.year)} has been closed: its ledger can no longer change`] };
  const version: IncentiveVersion = {
    id: newId("iv"),
    year: ref.year,
    number: (previous?.number ?? 0) + 1,
    seq: snap.seq,
    sha256: snap.sha256,
    prevSha256: previous?.sha256 ?? null,
    resolution,
    note: input.note.trim(),
    approvedBy: actor.id,
    approvedByName: actor.name,
    approvedAt: now,
    content: { ...content, comments: [] },
  };
  insertIncentiveVersion(context.db, workspaceId, { ...version, state: snap.state }, actor);
  return { ok: true, version };
}

/** Closes a finished year: strikes its ledger at 31 March under the approved framework and freezes it. */
export function closeYear(context: Pick<AppLoadContext, "db">, workspaceId: string, structure: Structure, year: number, actor: Actor, on = today()): { ok: true } | { ok: false; error: string } {
  const end = `${year + 1}-03-31`;
  if (on <= end) return { ok: false, error: `${formatFinancialYear(year)} runs until ${formatDate(end)}: a year is closed after it ends` };
  if (getYearEnd(context.db, workspaceId, year)) return { ok: false, error: `${formatFinancialYear(year)} is already closed` };
  const version = latestIncentiveVersion(context.db, workspaceId, year);
  if (!version) return { ok: false, error: `No framework was approved for ${formatFinancialYear(year)}, so nothing can be credited` };
  insertYearEnd(context.db, workspaceId, { year, versionId: version.id, ledger: strikeLedger(context.db, workspaceId, structure, year, end, version.content) }, actor);
  return { ok: true };
}

export interface DrawdownValues {
  line: string;
  amount: string;
  purpose: string;
  nature: string;
  decision: string;
  on: string;
  approver: string;
  second: string;
}

export type DrawdownOutcome = { ok: true; message: string } | { ok: false; errors: FieldErrors; refusal?: string[] };

/**
 * Records a draw-down from a line's reserve. It is a decision: it must be for non-recurrent change
 * and transformation, within what the line has retained, and made by someone who held the authority
 * for it on the date under the scheme and the line's level then in force (the same check, word for
 * word, as Governance › Authority check).
 */
export async function recordDrawdown(context: AppLoadContext, workspaceId: string, v: DrawdownValues, actor: Actor): Promise<DrawdownOutcome> {
  const errors: FieldErrors = {};
  if (!v.purpose.trim()) errors.purpose = "Say what the money will be spent on";
  else if (v.purpose.length > 500) errors.purpose = "Keep the purpose under 500 characters";
  const nature = drawdownNatureRefusal(v.nature);
  if (nature) errors.nature = nature;
  const money = parseMoney(v.amount);
  if (!money.ok) errors.amount = v.amount.trim() ? money.error : "Enter the amount to draw down, in pounds";
  else {
    const balance = reserves(context.db, workspaceId).get(v.line)?.balance ?? 0;
    const over = drawdownAmountRefusal(money.value, balance);
    if (over) errors.amount = over;
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  const check = await runAuthorityCheck(context, workspaceId, { line: v.line, decision: v.decision, amount: v.amount, on: v.on, approver: v.approver, second: v.second });
  if (check.errors) return { ok: false, errors: check.errors };
  const r = check.result!;
  if (!r.within) return { ok: false, errors: { approver: `${v.approver.trim()} did not hold the authority for this draw-down` }, refusal: [...r.reasons, `Who should approve it: ${r.shouldHave.text}${r.shouldHave.people.length ? ` (${r.shouldHave.people.join(", ")})` : ""}.`] };
  const d = insertDrawdown(
    context.db,
    workspaceId,
    {
      unitId: v.line,
      amount: money.ok ? money.value : 0,
      purpose: v.purpose.trim(),
      nature: v.nature,
      decisionId: v.decision,
      approver: r.approver,
      secondApprover: r.second,
      onDate: r.on,
      authority: { reasons: r.reasons, citation: r.citation, level: r.level, decision: r.decision, schemeVersion: r.scheme ? r.scheme.number : null },
      certificateHash: r.certificateHash,
    },
    actor,
  );
  return { ok: true, message: `Draw-down of ${r.amount ?? v.amount} recorded for ${r.line}, approved by ${d.approver} on ${r.onText}.` };
}

const dateOrError = (text: string, what: string): { ok: true; value: string } | { ok: false; error: string } => {
  const p = parseDate(text);
  return p.ok ? p : { ok: false, error: text.trim() ? p.error : `Enter ${what}, for example 14 May 2026` };
};

/** Records a Board suspension of the scheme's shares (resolution, scope, from and until). */
export function recordSuspension(context: Pick<AppLoadContext, "db">, workspaceId: string, structure: Structure, v: { resolution: string; reason: string; scope: string; from: string; until: string }, actor: Actor): { ok: true } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  if (!v.resolution.trim()) errors.resolution = "Enter the Board's minute, for example TB 26/101";
  if (!v.reason.trim()) errors.reason = "Say why the Board suspended the shares";
  let scope: SuspensionScope | null = null;
  if (v.scope === "all") scope = { kind: "all" };
  else {
    const u = structure.units.find((x) => x.id === v.scope && (x.kind === "division" || x.kind === "service_line"));
    if (u) scope = { kind: u.kind === "division" ? "division" : "line", unitId: u.id, name: u.name };
    else errors.scope = "Choose the whole trust, a division or a service line";
  }
  const from = dateOrError(v.from, "the date it takes effect");
  if (!from.ok) errors.from = from.error;
  const until = v.until.trim() ? dateOrError(v.until, "the last day") : null;
  if (until && !until.ok) errors.until = until.error;
  if (from.ok && until?.ok && until.value < from.value) errors.until = "The last day cannot be before the first";
  if (Object.keys(errors).length || !scope || !from.ok) return { ok: false, errors };
  addSuspension(context.db, workspaceId, { resolution: v.resolution.trim().slice(0, 120), reason: v.reason.trim().slice(0, 1_000), scope, from: from.value, until: until?.ok ? until.value : null }, actor);
  return { ok: true };
}

export function recordNeverEvent(context: Pick<AppLoadContext, "db">, workspaceId: string, structure: Structure, v: { line: string; on: string; reference: string; description: string }, actor: Actor): { ok: true } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  if (!structure.units.some((u) => u.id === v.line && u.kind === "service_line")) errors.line = "Choose the service line";
  const on = dateOrError(v.on, "the date it happened");
  if (!on.ok) errors.on = on.error;
  else if (on.value > today()) errors.on = "A Never Event already reported cannot be in the future";
  if (!v.reference.trim()) errors.reference = "Enter the incident reference (StEIS or LFPSE)";
  if (Object.keys(errors).length || !on.ok) return { ok: false, errors };
  addNeverEvent(context.db, workspaceId, { unitId: v.line, date: on.value, reference: v.reference.trim().slice(0, 80), description: v.description.trim().slice(0, 1_000) }, actor);
  return { ok: true };
}

export function recordConsequence(context: Pick<AppLoadContext, "db">, workspaceId: string, structure: Structure, v: { line: string; kind: string; on: string; reason: string; exit: string; reviewBy: string }, actor: Actor): { ok: true } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  if (!structure.units.some((u) => u.id === v.line && u.kind === "service_line")) errors.line = "Choose the service line";
  if (!(CONSEQUENCE_KINDS as readonly string[]).includes(v.kind)) errors.kind = "Choose the consequence";
  const on = dateOrError(v.on, "the date it was applied");
  if (!on.ok) errors.on = on.error;
  if (!v.reason.trim()) errors.reason = "Say why it was applied";
  // Part 3 §8: a consequence is managed to an end; without exit criteria it never ends.
  if (!v.exit.trim()) errors.exit = "Say what the line must achieve to leave it (the exit criteria)";
  const review = v.reviewBy.trim() ? dateOrError(v.reviewBy, "the review date") : null;
  if (review && !review.ok) errors.reviewBy = review.error;
  if (Object.keys(errors).length || !on.ok) return { ok: false, errors };
  addConsequenceEntry(context.db, workspaceId, { unitId: v.line, kind: v.kind, appliedOn: on.value, reason: v.reason.trim().slice(0, 1_000), exitCriteria: v.exit.trim().slice(0, 1_000), reviewBy: review?.ok ? review.value : null }, actor);
  return { ok: true };
}

export function recordExit(context: Pick<AppLoadContext, "db">, workspaceId: string, v: { id: string; on: string; note: string }, actor: Actor): { ok: true } | { ok: false; errors: FieldErrors } {
  const on = dateOrError(v.on, "the date the exit criteria were met");
  if (!on.ok) return { ok: false, errors: { exitOn: on.error } };
  if (!v.note.trim()) return { ok: false, errors: { exitNote: "Say how the exit criteria were met" } };
  const entry = listConsequences(context.db, workspaceId).find((c) => c.id === v.id);
  if (!entry) return { ok: false, errors: { exitOn: "That consequence is not in this trust's log" } };
  if (entry.exitedOn) return { ok: false, errors: { exitOn: `The line already left it on ${formatDate(entry.exitedOn)}` } };
  exitConsequence(context.db, workspaceId, v.id, { on: on.value, note: v.note.trim().slice(0, 1_000) }, actor);
  return { ok: true };
}

export function recordRecognition(context: Pick<AppLoadContext, "db">, workspaceId: string, structure: Structure, v: { line: string; recipient: string; kind: string; description: string; on: string }, actor: Actor): { ok: true } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  if (!structure.units.some((u) => u.id === v.line && u.kind === "service_line")) errors.line = "Choose the service line";
  if (!v.recipient.trim()) errors.recipient = "Name the team or person recognised";
  const refused = awardRefusal(v.kind);
  if (refused) errors.kind = refused;
  if (!v.description.trim()) errors.description = "Say what is recognised";
  const on = dateOrError(v.on, "the date");
  if (!on.ok) errors.on = on.error;
  if (Object.keys(errors).length || !on.ok) return { ok: false, errors };
  addRecognition(context.db, workspaceId, { unitId: v.line, recipient: v.recipient.trim().slice(0, 200), kind: v.kind, description: v.description.trim().slice(0, 1_000), onDate: on.value }, actor);
  return { ok: true };
}

/** What a line's page shows: this year's position, its reserve, the consequences that apply and any suspension. */
export function lineIncentives(context: Pick<AppLoadContext, "db">, workspaceId: string, structure: Structure, unitId: string, on = today()): LineIncentivesSummary {
  const year = yearOf(on);
  const pos = yearPosition(context.db, workspaceId, structure, year, on);
  const asAt = ledgerDate(year, on);
  return {
    year,
    label: formatFinancialYear(year),
    approved: pos.version !== null,
    line: pos.ledger?.lines.find((l) => l.unitId === unitId) ?? null,
    reserve: reserves(context.db, workspaceId).get(unitId)?.balance ?? 0,
    consequences: pos.version ? consequencesFor(context.db, workspaceId, pos.version.content, unitId, asAt) : [],
    openConsequences: listConsequences(context.db, workspaceId, unitId).filter((c) => !c.exitedOn).length,
    suspensions: listSuspensions(context.db, workspaceId).filter((s) => s.from <= asAt && (s.until === null || s.until >= asAt)),
  };
}


/**
 * The structure graph's badges with each line's incentive position added: special measures or an
 * open consequence (red), a share held back by a gateway or the Board (amber), a share being earned
 * (green). Lines with nothing to say keep their level badge alone.
 */
export async function withIncentiveMarks(context: AppLoadContext, workspaceId: string, badges: Record<string, AutonomyBadge>, on = today()): Promise<Record<string, AutonomyBadge>> {
  const structure = await readStructureNow(context, workspaceId);
  const year = yearOf(on);
  const pos = yearPosition(context.db, workspaceId, structure, year, on);
  const open = new Set(listConsequences(context.db, workspaceId).filter((c) => !c.exitedOn).map((c) => c.unitId));
  const out: Record<string, AutonomyBadge> = {};
  for (const [unitId, badge] of Object.entries(badges)) {
    const line = pos.ledger?.lines.find((l) => l.unitId === unitId);
    const special = pos.version ? consequencesFor(context.db, workspaceId, pos.version.content, unitId, ledgerDate(year, on)).some((c) => c.rule.kind === "special_measures") : false;
    const incentive: AutonomyBadge["incentive"] = special
      ? { label: "Special measures", tone: "consequence" }
      : open.has(unitId)
        ? { label: "Consequence open", tone: "consequence" }
        : line?.status === "gateway_failed"
          ? { label: "Gateway not met", tone: "held" }
          : line?.status === "deferred"
            ? { label: "Share deferred", tone: "held" }
            : line?.status === "credited"
              ? { label: `Earning ${formatMoney(line.credited)}`, tone: "earning" }
              : null;
    out[unitId] = incentive ? { ...badge, incentive } : badge;
  }
  return out;
}
