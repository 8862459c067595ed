import type { AppLoadContext } from "@remix-run/node";
import { applyKeyIndicators, applySpcJudgement, computeLevels, financeBasis, judgeAgainstLivePlans, levelRule, spcCodesOf, parsePerformanceRows, performanceToRows, type AutonomyLevel, type AutonomyRules, type MonthLevel, type MonthObservation } from "../../shared/autonomy";
import { levelAsOf, levelSince, mergeObservations } from "../../shared/autonomy/history";
import type { RowError } from "../../shared/format";
import { parseSpreadsheet } from "../../server/imports/spreadsheet";
import { ancestorIds, type Unit } from "../../shared/structure/model";
import { earliestStoredMonth, listObservations, listOverrides, monthLocks, saveObservations, type StoredOverride } from "../../server/repositories/performance";
import { monthWindow, monthWindowError } from "../../shared/performance/month-window";
import { cellText } from "../../shared/format/rows";
import { livePlanPhasings, livePlanTargets, planTargetErrors } from "./plans.server";
import { judgeTargetsAgainstLivePlans, type PlanTargetMonths } from "../../shared/autonomy/plan-targets";
import type { AutonomyBadge } from "../components/graph/UnitNode";
import { readStructureNow } from "./docs.server";
import { formatMonth, londonDate, parseMonth } from "../../shared/format/dates";
import { formatCount } from "../../shared/format";
import { performanceMonthChanges } from "../../db/schema";
import { canonicalFigures, determinationOn, determinationsToRecord } from "../../shared/governance/determinations";
import type { Determination } from "../../shared/governance/types";
import { appendAudit, sha256Hex } from "../../server/audit/chain";
import { inForceOn } from "../../server/governance/service";
import { addDeterminations, listDeterminations } from "../../server/repositories/governance";
import { syncSchedules } from "../../server/repositories/reviews";
import { currentKeyIndicators, currentRules, currentSpcIndicators } from "./scheme.server";
import { openEscalationsAfterFigures } from "./escalation.server";

/** A line's level before its first month of figures: the middle of the scale, neither rewarded nor penalised. */
export const START_LEVEL: AutonomyLevel = 3;

/** One service line with its month-by-month levels and where it stands now. */
export interface LineLevels {
  unitId: string;
  code: string;
  name: string;
  divisionName: string | null;
  leaders: Unit["leaders"];
  months: MonthLevel[];
  overrides: StoredOverride[];
  /**
   * The level in force today: the determination agreed at the accountability review or set by an
   * executive (issue 13); `current` is what the figures recommend. Null before any determination.
   */
  inForce: { level: AutonomyLevel; from: string; source: Determination["source"]; reason: string } | null;
  /** What the latest month's finance was judged on ("£164,300 behind the year-to-date plan of …"); null with no financial figures. */
  finance: { month: string; basis: string } | null;
  current: {
    level: AutonomyLevel;
    /** The latest month with figures or an override; null with no history. */
    month: string | null;
    since: string | null;
    review: string;
    label: string;
  };
}

/** The structure's service lines (with their division), in outline order. */
export async function serviceLinesOf(context: AppLoadContext, workspaceId: string) {
  const structure = await readStructureNow(context, workspaceId);
  const byId = new Map(structure.units.map((u) => [u.id, u]));
  // The nearest division above; the walk is bounded, so a structure saved with a cycle (a division
  // under one of its own service lines) still loads every page that lists the lines.
  const divisionOf = (u: Unit): Unit | null => {
    for (const id of ancestorIds((id) => byId.get(id)?.parentId, u.id)) {
      const p = byId.get(id);
      if (p?.kind === "division") return p;
    }
    return null;
  };
  return structure.units
    .filter((u) => u.kind === "service_line")
    .map((u) => ({ unit: u, division: divisionOf(u) }))
    .sort((a, b) => (a.division?.name ?? "").localeCompare(b.division?.name ?? "") || a.unit.name.localeCompare(b.unit.name));
}

/**
 * Computes one line's history from its figures and overrides under the given rules, key indicators
 * and indicators judged by SPC (issue 14: those fail only on a special-cause concern or when
 * consistently failing their target; shared/autonomy/spc-rule.ts). With the line's live plans
 * (financial year → phased contribution), finance is judged year to date against them (issue 12:
 * "a line far behind its year-to-date plan cannot hold the top level"); a year without a live plan
 * is judged month by month, and its months say so.
 */
export function lineHistory(
  observations: MonthObservation[],
  overrides: StoredOverride[],
  rules: AutonomyRules,
  keyByCode: ReadonlyMap<string, boolean>,
  spcCodes: ReadonlySet<string> = new Set(),
  livePlans?: ReadonlyMap<string, readonly number[]>,
  // The live plans' indicator targets (workforce among them), which the figures are judged against (docs/decisions/046).
  planTargets?: ReadonlyMap<string, PlanTargetMonths>,
): MonthLevel[] {
  const targeted = planTargets ? judgeTargetsAgainstLivePlans(observations, planTargets) : observations;
  const judged = livePlans ? judgeAgainstLivePlans(targeted, livePlans) : targeted;
  return computeLevels(applySpcJudgement(applyKeyIndicators(judged, keyByCode), spcCodes), rules, { startLevel: START_LEVEL, overrides });
}

/**
 * Every service line's month-by-month levels, computed from the stored figures and overrides with the
 * rules as they stand now in the `delegation` room. Recomputed on each call: cheap (12 lines × 12 months)
 * and never stale after an import, an override or a rule change.
 */
export async function levelsFor(context: AppLoadContext, workspaceId: string): Promise<{ rules: AutonomyRules; keyByCode: Map<string, boolean>; spcCodes: Set<string>; livePlans: Map<string, Map<string, number[]>>; liveTargets: Map<string, Map<string, PlanTargetMonths>>; lines: LineLevels[] }> {
  const [lines, rules, keyByCode, spcCodes] = await Promise.all([
    serviceLinesOf(context, workspaceId),
    currentRules(context, workspaceId),
    currentKeyIndicators(context, workspaceId),
    currentSpcIndicators(context, workspaceId),
  ]);
  const observations = listObservations(context.db, workspaceId);
  const overrides = listOverrides(context.db, workspaceId);
  const livePlans = livePlanPhasings(context, workspaceId, observations);
  const liveTargets = livePlanTargets(context, workspaceId, observations);
  const determinations = listDeterminations(context.db, workspaceId);
  const today = londonDate();
  return {
    rules,
    keyByCode,
    spcCodes,
    livePlans,
    liveTargets,
    lines: lines.map(({ unit, division }) => {
      const mine = overrides.filter((o) => o.unitId === unit.id);
      const plans = livePlans.get(unit.id) ?? new Map<string, number[]>();
      const months = lineHistory(observations[unit.id] ?? [], mine, rules, keyByCode, spcCodes, plans, liveTargets.get(unit.id));
      const lastFinance = judgeAgainstLivePlans(observations[unit.id] ?? [], plans).filter((o) => o.finance).pop();
      const last = levelAsOf(months, null);
      const level = last?.level ?? START_LEVEL;
      const rule = levelRule(rules, level);
      const det = determinationOn(determinations, unit.id, today);
      return {
        unitId: unit.id,
        code: unit.code,
        name: unit.name,
        divisionName: division?.name ?? null,
        leaders: unit.leaders,
        months,
        overrides: mine,
        inForce: det ? { level: det.level, from: det.effectiveFrom, source: det.source, reason: det.reason } : null,
        finance: lastFinance?.finance ? { month: lastFinance.month, basis: financeBasis(lastFinance.finance) } : null,
        current: { level, month: last?.month ?? null, since: levelSince(months), review: rule.reviewFrequency, label: rule.label },
      };
    }),
  };
}

/** Each service line's earned-autonomy badge (the level in force today), keyed by unit id. */
export async function serviceLineBadges(context: AppLoadContext, workspaceId: string): Promise<Record<string, AutonomyBadge>> {
  const { lines, rules } = await levelsFor(context, workspaceId);
  // The level in force (agreed at the review or set by an executive), as the scheme's limits use it.
  return Object.fromEntries(
    lines.map((l) => {
      const level = l.inForce?.level ?? l.current.level;
      return [l.unitId, { level, review: levelRule(rules, level).reviewFrequency }];
    }),
  );
}

/** One line-month an import would write, with the level before and after. */
export interface ImportPreviewRow {
  unitId: string;
  code: string;
  name: string;
  month: string;
  indicators: number;
  finance: boolean;
  policy: boolean;
  levelBefore: AutonomyLevel | null;
  levelAfter: AutonomyLevel;
  rawLevel: AutonomyLevel | null;
}

/** A month the file would change that is already held: a correction, which needs a reason (issue 16). */
export interface ImportCorrection {
  unitId: string;
  name: string;
  month: string;
  /** The month's figures before, as canonicalFigures writes them, for the correction history. */
  before: string;
}

/** Whether a file's month, merged into the month held (the import merges), changes any figure. */
function changesHeldMonth(held: MonthObservation, fromFile: MonthObservation): boolean {
  const merged = mergeObservations([held], [fromFile]).find((m) => m.month === held.month)!;
  return canonicalFigures([merged]) !== canonicalFigures([held]);
}

export type PerformanceFileCheck =
  | { ok: true; rowCount: number; byUnit: Record<string, MonthObservation[]>; preview: ImportPreviewRow[]; corrections?: ImportCorrection[] }
  | { ok: false; fileError?: string; errors: RowError[]; rowCount: number };

/**
 * Reads and validates a CSV or .xlsx of monthly figures against the structure's service-line codes, and
 * previews the level each line-month would have after the import. Writes nothing.
 */
export async function checkPerformanceFile(context: AppLoadContext, workspaceId: string, data: Uint8Array, filename: string): Promise<PerformanceFileCheck> {
  const sheet = await parseSpreadsheet(data, filename);
  if (!sheet.ok) return { ok: false, fileError: sheet.error, errors: [], rowCount: 0 };
  const { lines, rules, keyByCode, spcCodes } = await levelsFor(context, workspaceId);
  const parsed = parsePerformanceRows(sheet.rows, lines.map((l) => l.code));
  const stored0 = listObservations(context.db, workspaceId);
  // The parser numbers rows by position; the spreadsheet's own numbers survive skipped blank rows.
  const errors = parsed.errors.map((e) => (e.row >= 2 ? { ...e, row: sheet.rowNumbers[e.row - 2] ?? e.row } : e));
  if (errors.length > 0) return { ok: false, errors, rowCount: parsed.rowCount };

  // Months that have not happened, or before the data's first year, and months a review has used
  // (locked) are refused row by row, as the month form refuses them (issue 16).
  const accepted = monthWindow(londonDate(), earliestStoredMonth(context.db, workspaceId));
  const lineByCode = new Map(lines.map((l) => [l.code.toUpperCase(), l]));
  sheet.rows.forEach((row, i) => {
    const cells = Object.entries(row).map(([k, v]) => [k.trim().toLowerCase(), cellText(v)] as const);
    const monthText = cells.find(([k]) => k === "month")?.[1] ?? "";
    const codeText = cells.find(([k]) => k === "service line code" || k === "service line" || k === "code" || k === "line")?.[1] ?? "";
    const month = parseMonth(monthText);
    if (!month.ok) return;
    const rowNo = sheet.rowNumbers[i] ?? i + 2;
    const outside = monthWindowError(month.value, accepted);
    if (outside) return void errors.push({ row: rowNo, column: "Month", message: outside });
    const line = lineByCode.get(codeText.toUpperCase());
    const lock = line ? monthLocks(context.db, workspaceId, line.unitId)(month.value) : null;
    const heldMonth = line ? (stored0[line.unitId] ?? []).find((m) => m.month === month.value) : undefined;
    // A file that repeats a locked month's figures unchanged (a whole-year re-export) is not refused.
    const fileMonth = line ? Object.entries(parsed.observations).find(([c]) => c.toUpperCase() === line.code.toUpperCase())?.[1].find((m) => m.month === month.value) : undefined;
    if (lock && heldMonth && (!fileMonth || changesHeldMonth(heldMonth, fileMonth))) {
      errors.push({ row: rowNo, column: "Month", message: `${formatMonth(month.value)} for ${line!.name} is locked: it was ${lock.reason}` });
    }
  });
  // Issue 12: once a line's plan is live, its agreed targets are the targets; a file cannot set or
  // loosen one (docs/decisions/042).
  errors.push(...(await planTargetErrors(context, workspaceId, sheet, parsed.observations, lines)));
  if (errors.length > 0) return { ok: false, errors: errors.slice(0, 200), rowCount: parsed.rowCount };

  const stored = stored0;
  const byCode = new Map(lines.map((l) => [l.code.toUpperCase(), l]));
  const byUnit: Record<string, MonthObservation[]> = {};
  const preview: ImportPreviewRow[] = [];
  const corrections: ImportCorrection[] = [];
  for (const [code, months] of Object.entries(parsed.observations)) {
    const line = byCode.get(code.toUpperCase())!;
    byUnit[line.unitId] = months;
    // A held month the file changes (the import merges: it is a change only if the merged month
    // differs from what is held; re-importing the same figures changes nothing).
    for (const m of months) {
      const held = (stored[line.unitId] ?? []).find((h) => h.month === m.month);
      if (held && changesHeldMonth(held, m)) corrections.push({ unitId: line.unitId, name: line.name, month: m.month, before: canonicalFigures([held]) });
    }
    // The preview judges a new year's figures against its live plan even if no figure of that year
    // was stored before.
    const merged = mergeObservations(stored[line.unitId] ?? [], months);
    const plans = livePlanPhasings(context, workspaceId, { [line.unitId]: merged }).get(line.unitId) ?? new Map();
    const targets = livePlanTargets(context, workspaceId, { [line.unitId]: merged }).get(line.unitId);
    const after = lineHistory(merged, line.overrides, rules, keyByCode, spcCodes, plans, targets);
    for (const m of months) {
      const entry = after.find((a) => a.month === m.month)!;
      preview.push({
        unitId: line.unitId,
        code: line.code,
        name: line.name,
        month: m.month,
        indicators: m.indicators.length,
        finance: m.finance !== undefined,
        policy: m.policy !== undefined,
        levelBefore: levelAsOf(line.months, m.month)?.level ?? null,
        levelAfter: entry.level,
        rawLevel: entry.rawLevel,
      });
    }
  }
  preview.sort((a, b) => a.name.localeCompare(b.name) || a.month.localeCompare(b.month));
  corrections.sort((a, b) => a.name.localeCompare(b.name) || a.month.localeCompare(b.month));
  return { ok: true, rowCount: parsed.rowCount, byUnit, preview, corrections };
}

/** Validates and, only if every row is good, writes a file of figures in one transaction. */
export async function importPerformanceFile(context: AppLoadContext, workspaceId: string, userId: string, data: Uint8Array, filename: string, userName = "", correctionReason = ""): Promise<PerformanceFileCheck> {
  const check = await checkPerformanceFile(context, workspaceId, data, filename);
  if (!check.ok) return check;
  // Changing a month already held is a correction, as in the month form: it needs a reason, kept in
  // the month's history with what it held (issue 16: "re-importing a month already held overwrites it
  // without a correction reason"). Locked months were refused row by row above.
  const corrections = check.corrections ?? [];
  const reason = correctionReason.trim().slice(0, 500);
  if (corrections.length > 0 && !reason) {
    const list = corrections.slice(0, 12).map((c) => `${c.name} ${formatMonth(c.month)}`).join(", ");
    const more = corrections.length > 12 ? ` and ${formatCount(corrections.length - 12)} more` : "";
    return { ok: false, fileError: `This file changes figures already held for ${list}${more}. Give the reason for the correction and import again.`, errors: [], rowCount: check.rowCount };
  }
  context.db.transaction((tx) => {
    const at = Date.now();
    for (const c of corrections) tx.insert(performanceMonthChanges).values({ workspaceId, unitId: c.unitId, month: c.month, kind: "correct", reason, before: c.before, byUserId: userId, at }).run();
    saveObservations(tx, { workspaceId, byUnit: check.byUnit, source: "import", enteredBy: userId });
  });
  appendAudit(context.db, { workspaceId, actorId: userId, actorName: userName || null, kind: "performance.import", subject: filename.slice(0, 200), detail: { rows: check.rowCount, lineMonths: check.preview.length, corrected: corrections.length, ...(reason ? { reason } : {}) } });
  await openEscalationsAfterFigures(context, workspaceId, { id: userId, name: userName }, Object.keys(check.byUnit));
  context.logger.info({ workspace: workspaceId, by: userId, rows: check.rowCount, months: check.preview.length }, "performance imported");
  return check;
}

/** Every stored figure as import rows keyed by service-line code, for the CSV/XLSX download. */
export async function performanceExportRows(context: AppLoadContext, workspaceId: string) {
  const lines = await serviceLinesOf(context, workspaceId);
  const observations = listObservations(context.db, workspaceId);
  const byCode: Record<string, MonthObservation[]> = {};
  for (const { unit } of lines) if (observations[unit.id]) byCode[unit.code] = observations[unit.id]!;
  return performanceToRows(byCode);
}

/**
 * Each line's month-by-month levels under the rules of the scheme version in force today (the
 * draft's rules are not yet approved; with no approved version, the draft's), and the latest month's
 * computed level: the recommendation an accountability review starts from (issue 13).
 */
export async function recommendedLevels(context: AppLoadContext, workspaceId: string, unitIds?: string[]) {
  const { lines, livePlans, liveTargets, keyByCode } = await levelsFor(context, workspaceId);
  const inForce = inForceOn(context.db, workspaceId, "delegation", londonDate());
  const observations = listObservations(context.db, workspaceId);
  const keys = inForce ? new Map(inForce.content.indicators.map((i) => [i.code.toUpperCase(), i.key])) : null;
  // Which indicators are judged by SPC is part of the rules: the version in force's too.
  const spc = inForce ? spcCodesOf(inForce.content.indicators) : null;
  const wanted = lines.filter((l) => !unitIds || unitIds.includes(l.unitId));
  const histories = new Map<string, MonthLevel[]>();
  const computed = wanted.flatMap((l) => {
    const months = inForce && keys && spc ? lineHistory(observations[l.unitId] ?? [], l.overrides, inForce.content.rules, keys, spc, livePlans.get(l.unitId) ?? new Map(), liveTargets.get(l.unitId)) : l.months;
    histories.set(l.unitId, months);
    const last = months[months.length - 1];
    return last ? [{ unitId: l.unitId, month: last.month, level: last.level, rawLevel: last.rawLevel }] : [];
  });
  const keyCodes = new Set([...(keys ?? keyByCode)].filter(([, key]) => key).map(([code]) => code.toUpperCase()));
  return { lines: wanted, computed, histories, observations, rulesVersionId: inForce?.version.id ?? null, keyCodes };
}

/**
 * Freezes an executive's override as the determination in force from today (issue 13: "a single
 * person's override needs a reason and is a recorded decision"). Figures alone no longer change the
 * level in force: they recommend, and the accountability review agrees (docs/decisions/049).
 */
export async function recordDeterminations(context: AppLoadContext, workspaceId: string, actor: { id: string; name: string }, unitIds: string[], override: { reason: string }) {
  const { computed, observations, rulesVersionId } = await recommendedLevels(context, workspaceId, unitIds);
  const on = londonDate();
  const fresh = determinationsToRecord(listDeterminations(context.db, workspaceId), computed, on).map((d) => ({
    ...d,
    source: "override" as const,
    reason: `Set by ${actor.name}: ${override.reason}`,
    computedLevel: computed.find((c) => c.unitId === d.unitId)?.rawLevel ?? null,
    rulesVersionId,
    figuresHash: sha256Hex(canonicalFigures(observations[d.unitId] ?? [])),
  }));
  addDeterminations(context.db, workspaceId, fresh, actor);
  // A level change re-plans the line's review schedule from the next month (issue 13; ULHT §5.2).
  if (fresh.length > 0) syncSchedules(context.db, workspaceId, on);
  return fresh;
}
