import { addMonths, formatDate, formatMonth } from "../format/dates";
import { formatCount, formatMoney } from "../format/money";
import { WORKFORCE_KPI_CODES } from "../kpi/catalogue";
import { ratesWorkforce, workforceThresholdsOf } from "./rules";
import type {
  AutonomyLevel,
  AutonomyRules,
  CriterionId,
  CriterionResult,
  FinanceObservation,
  IndicatorObservation,
  LevelOverride,
  MonthAssessment,
  MonthLevel,
  MonthObservation,
} from "./types";

const PREFIX: Record<CriterionId, string> = {
  finance: "Financial plan",
  quality: "Quality",
  performance: "Performance",
  workforce: "Workforce",
  policy: "Trust policies",
};

const SHORT: Record<CriterionId, string> = {
  finance: "financial plan",
  quality: "quality indicators",
  performance: "performance indicators",
  workforce: "workforce indicators",
  policy: "trust policies",
};

const WORKFORCE_CODES = new Set(WORKFORCE_KPI_CODES);

/**
 * The criterion an indicator is judged under. A workforce measure (its kind, or a code the KPI
 * catalogue files under workforce, for figures recorded before the kind existed) counts under
 * workforce where the rules rate it, and under performance where they do not: a version approved
 * with four criteria judged them so, and is still judged as it was (docs/decisions/046).
 */
export function criterionOfIndicator(ind: Pick<IndicatorObservation, "kind" | "code">, workforceRated: boolean): "quality" | "performance" | "workforce" {
  if (ind.kind === "quality") return "quality";
  const workforce = ind.kind === "workforce" || WORKFORCE_CODES.has(ind.code.toUpperCase());
  return workforce && workforceRated ? "workforce" : "performance";
}

/** Writes an indicator's figure with its unit ("76.2%", "2", "5.1 per 1,000 bed days"). */
export function formatFigure(value: number, unit?: string): string {
  const n = formatCount(Math.round(value * 100) / 100);
  if (!unit) return n;
  return unit === "%" ? `${n}%` : `${n} ${unit}`;
}

/** True when an indicator's value is at or better than its target. */
export function targetMet(ind: IndicatorObservation): boolean {
  return ind.direction === "higher" ? ind.value >= ind.target : ind.value <= ind.target;
}

/**
 * True when an indicator counts as met: judged by SPC when the rules say so (`ind.spc`, set by
 * applySpcJudgement), otherwise at or better than its target.
 */
export function indicatorMet(ind: IndicatorObservation): boolean {
  return ind.spc ? !ind.spc.failed : targetMet(ind);
}

function indicatorLine(kind: CriterionId, ind: IndicatorObservation): string {
  const bound = ind.direction === "higher" ? "at least" : "at most";
  const key = ind.key ? " (key indicator)" : "";
  const met = indicatorMet(ind) ? "met" : "not met";
  const spc = ind.spc ? ` — judged by SPC: ${ind.spc.reason}` : "";
  const plan = ind.planTarget ? ` (${ind.planTarget.plan}'s target; the figures gave ${formatFigure(ind.planTarget.reported, ind.unit)})` : "";
  return `${PREFIX[kind]}: ${ind.name} ${formatFigure(ind.value, ind.unit)} against a target of ${bound} ${formatFigure(ind.target, ind.unit)}${plan}${key}${spc} — ${met}`;
}

function assessIndicators(kind: "quality" | "performance", label: string, mine: IndicatorObservation[]): CriterionResult & { summary: string[] } {
  if (mine.length === 0) {
    const line = `${PREFIX[kind]}: no ${kind} indicators reported — not assessed`;
    return { criterion: kind, label, metAll: null, metKey: null, lines: [line], summary: [line] };
  }
  const keyOnes = mine.filter((i) => i.key);
  // A trust that has not marked any indicator as key is judged on all of them, rather than let off entirely.
  const judgedForKey = keyOnes.length > 0 ? keyOnes : mine;
  const metAll = mine.every(indicatorMet);
  const metKey = judgedForKey.every(indicatorMet);
  const lines = mine.map((i) => indicatorLine(kind, i));
  const failing = mine.filter((i) => !indicatorMet(i)).map((i) => indicatorLine(kind, i));
  const summary = metAll
    ? [`${PREFIX[kind]}: all ${formatCount(mine.length, "indicator")} met`]
    : failing;
  return { criterion: kind, label, metAll, metKey, lines, summary };
}

/**
 * Workforce by its own thresholds (rules.workforceThresholds): met for level 1 with at most `level1`
 * of its indicators off target, met for level 2 (and so not failed) with at most `level2` off target
 * and no key one among them. Several workforce measures move month to month by common-cause
 * variation, so "judged on all of them when none is key" would fail a line for any one miss; the
 * count is the trust's to set (ULHT §5.2 rates Workforce "against an agreed set of key KPIs").
 */
function assessWorkforce(rules: AutonomyRules, label: string, mine: IndicatorObservation[]): CriterionResult & { summary: string[] } {
  if (mine.length === 0) {
    const line = `${PREFIX.workforce}: no workforce indicators reported — not assessed`;
    return { criterion: "workforce", label, metAll: null, metKey: null, lines: [line], summary: [line] };
  }
  const t = workforceThresholdsOf(rules);
  const missed = mine.filter((i) => !indicatorMet(i));
  const keyMissed = missed.some((i) => i.key);
  const metAll = !keyMissed && missed.length <= t.level1;
  const metKey = !keyMissed && missed.length <= t.level2;
  const lines = mine.map((i) => indicatorLine("workforce", i));
  const allowed = (n: number) => (n === 0 ? "none may be off target" : `up to ${formatCount(n)} may be off target`);
  const verdict = `${PREFIX.workforce}: ${formatCount(missed.length)} of ${formatCount(mine.length, "indicator")} off target${keyMissed ? ", a key one among them" : ""} (level 1: ${allowed(t.level1)}; level 2: ${allowed(t.level2)}${mine.some((i) => i.key) ? ", none of them key" : ""}) — ${metAll ? "met" : metKey ? "met for level 2, not level 1" : "not met"}`;
  lines.push(verdict);
  const summary = missed.length === 0 ? [`${PREFIX.workforce}: all ${formatCount(mine.length, "indicator")} met`] : [...missed.map((i) => indicatorLine("workforce", i)), verdict];
  return { criterion: "workforce", label, metAll, metKey, lines, summary };
}

/** The workforce entry of a month judged under rules that do not rate it (a version approved before the criterion). */
function workforceNotRated(): CriterionResult & { summary: string[] } {
  const line = `${PREFIX.workforce}: not rated in this version of the rules — workforce indicators are judged with performance`;
  return { criterion: "workforce", label: "Workforce", rated: false, metAll: null, metKey: null, lines: [line], summary: [line] };
}

/** "£164,300 behind the year-to-date plan of £1,200,000" (or ahead of it, or on it). */
export function ytdGap(ytd: { plan: number; actual: number }): string {
  const gap = Math.round((ytd.actual - ytd.plan) * 100) / 100;
  const of = `the year-to-date plan of ${formatMoney(ytd.plan)}`;
  return gap === 0 ? `on ${of}` : `${formatMoney(Math.abs(gap))} ${gap < 0 ? "behind" : "ahead of"} ${of}`;
}

/**
 * One line on what a month's finance was judged on, for the tables that list every line: the year to
 * date against the live plan, or the month alone where the year has no live plan (issue 12).
 */
export function financeBasis(f: FinanceObservation): string {
  if (f.ytd) return `${ytdGap(f.ytd)}${f.ytdPlanName ? ` (${f.ytdPlanName})` : ""}`;
  const gap = Math.round((f.actual - f.plan) * 100) / 100;
  const month = gap === 0 ? `on this month's plan of ${formatMoney(f.plan)}` : `${formatMoney(Math.abs(gap))} ${gap < 0 ? "behind" : "ahead of"} this month's plan of ${formatMoney(f.plan)}`;
  return `${month}${f.basisNote ? ` (${f.basisNote})` : ""}`;
}

function assessFinance(obs: MonthObservation, rules: AutonomyRules, label: string): CriterionResult {
  const f = obs.finance;
  if (!f) {
    const line = `${PREFIX.finance}: no financial figures reported — not assessed`;
    return { criterion: "finance", label, metAll: null, metKey: null, lines: [line] };
  }
  const pct = f.tolerancePct ?? rules.financialTolerancePct;
  // Judged year to date when the year's figures are known: a line far behind its phased plan for
  // the year cannot hold the top level on one good month (issue 12; Monitor's SLM framework Part 2 §3).
  const basis = f.ytd ?? { plan: f.plan, actual: f.actual, months: 0 };
  // Tolerance is taken on the size of the plan so that a planned deficit is not made stricter.
  const threshold = Math.round((basis.plan - (Math.abs(basis.plan) * pct) / 100) * 100) / 100;
  const met = Math.round(basis.actual * 100) / 100 >= threshold;
  const tolerance = pct > 0 ? ` (${formatCount(pct)}% tolerance, so at least ${formatMoney(threshold)})` : "";
  // What the figures reported where the live plan replaced it (./ytd.ts): said, not used.
  const gave = [f.reported?.plan !== undefined ? `a plan of ${formatMoney(f.reported.plan)}` : "", f.reported?.tolerancePct !== undefined ? `a ${formatCount(f.reported.tolerancePct)}% tolerance` : ""].filter(Boolean);
  const reported = gave.length ? `; the figures reported ${gave.join(" and ")}, not used: ${f.ytdPlanName ?? "the live plan"} and the rules set them` : "";
  const line = f.ytd
    ? `${PREFIX.finance}: year to date (${formatCount(f.ytd.months, "month")}) ${ytdGap(f.ytd)}${f.ytdPlanName ? ` (${f.ytdPlanName}'s phasing)` : ""}: contribution ${formatMoney(f.ytd.actual)}${tolerance} — ${met ? "met" : "not met"}; this month ${formatMoney(f.actual)} against ${formatMoney(f.plan)}${reported}`
    : `${PREFIX.finance}: contribution ${formatMoney(f.actual)} against a plan of ${formatMoney(f.plan)}${tolerance} — ${met ? "met" : "not met"}${f.basisNote ? ` (${f.basisNote})` : ""}`;
  return { criterion: "finance", label, metAll: met, metKey: met, lines: [line] };
}

function assessPolicy(obs: MonthObservation, label: string): CriterionResult {
  const p = obs.policy;
  if (!p) {
    const line = `${PREFIX.policy}: no policy adherence reported — not assessed`;
    return { criterion: "policy", label, metAll: null, metKey: null, lines: [line] };
  }
  const note = p.note ? ` (${p.note})` : "";
  const line = `${PREFIX.policy}: ${p.adherent ? "full adherence" : "not fully adherent"}${note} — ${p.adherent ? "met" : "not met"}`;
  return { criterion: "policy", label, metAll: p.adherent, metKey: p.adherent, lines: [line] };
}

function listWords(words: string[]): string {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`;
}

/**
 * Judges one month against the criteria of the rules (the framework's four, and workforce where the
 * rules rate it) and gives the level that month alone would earn, with reasons. The level-4 threshold
 * is the framework's "failure of more than two" of however many criteria the rules judge.
 */
export function assessMonth(obs: MonthObservation, rules: AutonomyRules): MonthAssessment {
  const label = (id: CriterionId) => rules.criteria.find((c) => c.id === id)?.label ?? SHORT[id];
  const workforceRated = ratesWorkforce(rules);
  const under = (k: "quality" | "performance" | "workforce") => obs.indicators.filter((i) => criterionOfIndicator(i, workforceRated) === k);
  const finance = assessFinance(obs, rules, label("finance"));
  const quality = assessIndicators("quality", label("quality"), under("quality"));
  const performance = assessIndicators("performance", label("performance"), under("performance"));
  const workforce = workforceRated ? assessWorkforce(rules, label("workforce"), under("workforce")) : workforceNotRated();
  const policy = assessPolicy(obs, label("policy"));
  const judged = workforceRated ? [finance, quality, performance, workforce, policy] : [finance, quality, performance, policy];
  const n = judged.length;

  const failedKey = judged.filter((c) => c.metKey === false).map((c) => c.criterion);
  const unassessed = judged.filter((c) => c.metKey === null).map((c) => c.criterion);
  const failedAll = judged.filter((c) => c.metAll === false).map((c) => c.criterion);

  let rawLevel: AutonomyLevel;
  let headline: string;
  const failedNames = listWords(failedKey.map((c) => SHORT[c]));
  if (failedKey.length > 2) {
    rawLevel = 4;
    headline = `level 4 — ${failedKey.length} of the ${n} criteria failed on key indicators (${failedNames})`;
  } else if (failedKey.length > 0) {
    rawLevel = 3;
    headline = `level 3 — ${failedKey.length} of the ${n} criteria failed on key indicators (${failedNames})`;
  } else if (unassessed.length > 0) {
    // Missing figures are not counted as failures, but a month cannot earn extra autonomy on them either.
    rawLevel = 3;
    headline = `level 3 — no criterion failed, but ${listWords(unassessed.map((c) => SHORT[c]))} could not be assessed, so the month cannot count as level 1 or 2`;
  } else if (failedAll.length > 0) {
    rawLevel = 2;
    headline = `level 2 — all ${n} criteria met on key indicators, but not on all indicators (${listWords(failedAll.map((c) => SHORT[c]))})`;
  } else {
    rawLevel = 1;
    headline = `level 1 — all ${n} criteria met on all indicators`;
  }

  const explanation = [
    `${formatMonth(obs.month)}: ${headline}.`,
    ...finance.lines,
    ...quality.summary,
    ...performance.summary,
    ...(workforceRated ? workforce.summary : []),
    ...policy.lines,
  ];
  const strip = ({ summary: _summary, ...rest }: CriterionResult & { summary: string[] }): CriterionResult => rest;
  return { month: obs.month, criteria: [finance, strip(quality), strip(performance), strip(workforce), policy], failedKey, rawLevel, explanation };
}

function hasData(obs: MonthObservation): boolean {
  return obs.indicators.length > 0 || obs.finance !== undefined || obs.policy !== undefined;
}

function describeOverride(o: LevelOverride): string {
  let when = o.at;
  try {
    when = formatDate(o.at);
  } catch {
    // keep the recorded text if it is not an ISO date
  }
  return `Level set to ${o.level} by ${o.by} on ${when}: ${o.reason}`;
}

/** Options for computeLevels: the level held before the first month, and people's overrides. */
export interface ComputeLevelsOptions {
  startLevel?: AutonomyLevel;
  overrides?: LevelOverride[];
}

/**
 * Applies the earned-autonomy rules month by month: the level a line holds each month and why.
 *
 * Choices, because the framework leaves them open:
 * - A fall to a worse level is immediate, straight to that month's raw level.
 * - A rise is one level at a time, after `promotionMonths` consecutive calendar months whose raw level
 *   is better than the level currently held; the run then starts again, so climbing from 4 to 1 takes
 *   three runs. A month with no data, a gap in the months, a fall or an override ends the run.
 * - An override sets the level from its month on; later months continue from it under the same rules.
 *   If several overrides share a month, the one recorded last wins.
 */
export function computeLevels(monthsSorted: MonthObservation[], rules: AutonomyRules, options: ComputeLevelsOptions = {}): MonthLevel[] {
  const byMonth = new Map<string, MonthObservation>();
  for (const m of monthsSorted) {
    if (byMonth.has(m.month)) throw new RangeError(`Two sets of figures for ${formatMonth(m.month)}`);
    byMonth.set(m.month, m);
  }
  const overrideFor = new Map<string, LevelOverride>();
  for (const o of options.overrides ?? []) {
    const existing = overrideFor.get(o.month);
    if (!existing || existing.at <= o.at) overrideFor.set(o.month, o);
  }
  const timeline = [...new Set([...byMonth.keys(), ...overrideFor.keys()])].sort();

  const need = rules.promotionMonths;
  let current: AutonomyLevel = options.startLevel ?? 3;
  let run = 0;
  let previousMonth: string | null = null;
  const out: MonthLevel[] = [];

  for (const month of timeline) {
    const obs = byMonth.get(month);
    const override = overrideFor.get(month);
    const explanation: string[] = [];
    if (previousMonth !== null && addMonths(previousMonth, 1) !== month && run > 0) {
      explanation.push("There are no figures for the month before, so the run of good months starts again.");
      run = 0;
    }
    previousMonth = month;

    const assessment = obs && hasData(obs) ? assessMonth(obs, rules) : undefined;
    const rawLevel = assessment?.rawLevel ?? null;

    if (override) {
      explanation.push(`${describeOverride(override)}.`);
      current = override.level;
      run = 0;
    } else if (rawLevel === null) {
      explanation.push(`No performance data for this month, so the level stays at ${current}.`);
      run = 0;
    } else if (rawLevel > current) {
      explanation.push(`Fell from level ${current} to level ${rawLevel} at once, because this month's performance was at level ${rawLevel}.`);
      current = rawLevel;
      run = 0;
    } else if (rawLevel < current) {
      run += 1;
      if (run >= need) {
        const next = (current - 1) as AutonomyLevel;
        explanation.push(`Moved up from level ${current} to level ${next} after ${formatCount(need, "consecutive month")} better than level ${current}.`);
        current = next;
        run = 0;
      } else {
        explanation.push(`${run} of ${formatCount(need, "consecutive month")} better than level ${current} needed to move up; stays at level ${current}.`);
      }
    } else {
      run = 0;
      explanation.push(`Performance matched level ${current}, so the level stays at ${current}.`);
    }
    if (assessment) explanation.push(...assessment.explanation);

    const entry: MonthLevel = { month, rawLevel, level: current, explanation };
    if (override) entry.override = override;
    if (assessment) entry.assessment = assessment;
    out.push(entry);
  }
  return out;
}

/** The level a line holds now: the last computed month, or level 3 (or the given start) with no data. */
export function latestLevel(levels: MonthLevel[], startLevel: AutonomyLevel = 3): { month: string | null; level: AutonomyLevel; explanation: string[] } {
  const last = levels[levels.length - 1];
  if (!last) return { month: null, level: startLevel, explanation: ["No performance data yet"] };
  return { month: last.month, level: last.level, explanation: last.explanation };
}
