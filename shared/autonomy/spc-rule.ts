import { SPC_DEFAULTS, spcSummary, xmr, type SeriesPoint } from "../spc";
import { formatFigure, targetMet } from "./assess";
import type { IndicatorObservation, MonthObservation } from "./types";

/**
 * The optional earned-autonomy rule "judged by SPC" (issue 14): an indicator the trust's rules mark
 * `spc` counts as failed in a month only when that month's point is a special-cause concern, or when
 * the process consistently fails its target (Making Data Count's assurance icon); otherwise it counts
 * as met, even when the month's figure is on the wrong side of its target (common-cause variation).
 * A special-cause concern on a key indicator is the "significant deterioration" the reviews escalate.
 *
 * Each month is judged on what was known then: month i's chart is the indicator's figures up to and
 * including month i (never a later month), in the indicator's direction, against month i's target,
 * with the default Making Data Count options (limits locked on the first 12 points, trial limits
 * before that; runs and trends of 7). Rebases recorded for the screens' charts are not applied: the
 * rule judges every line the same way, from its first figure.
 *
 * With too few figures for process limits (fewer than 2 points, or no two consecutive months), the
 * month is judged against its target as before, and the reason says so.
 */
export function applySpcJudgement(monthsSorted: readonly MonthObservation[], spcCodes: ReadonlySet<string>): MonthObservation[] {
  if (spcCodes.size === 0) return [...monthsSorted];
  const judged = new Set([...spcCodes].map((c) => c.toUpperCase()));
  // Each judged indicator's figures so far, by code: grown month by month so month i sees only 0…i.
  const series = new Map<string, SeriesPoint[]>();
  const ordered = [...monthsSorted].sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0));
  return ordered.map((m) => {
    let changed = false;
    const indicators = m.indicators.map((ind) => {
      const code = ind.code.toUpperCase();
      if (!judged.has(code)) return ind;
      const points = series.get(code) ?? [];
      // The same indicator twice in a month (or a month given twice): the later figure stands.
      if (points.at(-1)?.month === m.month) points.pop();
      points.push({ month: m.month, value: ind.value });
      series.set(code, points);
      changed = true;
      return { ...ind, spc: spcJudgement(points, ind) };
    });
    return changed ? { ...m, indicators } : m;
  });
}

/** Whether the last point of `points` (the indicator `ind`'s month) fails by SPC, and why in plain English. */
export function spcJudgement(points: readonly SeriesPoint[], ind: IndicatorObservation): { failed: boolean; reason: string } {
  const byTarget = () => {
    return { failed: !targetMet(ind), reason: "too few figures for process limits yet, so judged against the target" };
  };
  if (points.length < 2) return byTarget();
  const fmt = (v: number) => formatFigure(v, ind.unit);
  const options = { direction: ind.direction, target: ind.target } as const;
  const chart = xmr(points, options);
  if (chart.upperLimit === null || chart.lowerLimit === null) return byTarget();
  const last = chart.points[chart.points.length - 1]!;
  const summary = spcSummary(chart, { ...options, formatValue: fmt });
  const concern = last.special === "concern";
  const failing = chart.assurance === "consistently_fail";
  const variation = last.special ? variationText(summary.label, last.special) : "common cause variation";
  let reason: string;
  if (concern && failing) reason = `${variation} and ${consistentlyFailing(summary.assuranceLabel)}`;
  else if (failing) reason = `${variation}, but ${consistentlyFailing(summary.assuranceLabel)}`;
  else if (concern) reason = variation;
  else reason = `${variation}, not consistently failing its target`;
  if (chart.trial) reason += ` (trial limits: fewer than ${SPC_DEFAULTS.minBaseline} points)`;
  return { failed: concern || failing, reason };
}

/** "Consistently fails: the target of 70% is above the upper process limit, so …" → "consistently failing its target (the target of 70% is above the upper process limit)". */
function consistentlyFailing(assuranceLabel: string): string {
  const m = /^Consistently fails: (.*?)(?:, so the process must change to meet it)?(?: \(trial limits[^)]*\))?$/.exec(assuranceLabel);
  return m ? `consistently failing its target (${m[1]})` : "consistently failing its target";
}

/** "Special cause concern: a run of 7 points below the mean (June–December 2025)" → "special cause concern (a run of 7 points below the mean, June–December 2025)". */
function variationText(label: string, special: "improvement" | "concern" | "neutral"): string {
  const kind = `special cause ${special}`;
  const m = /^[^:]+: (.*) \(([^()]*)\)$/.exec(label);
  return m ? `${kind} (${m[1]}, ${m[2]})` : kind;
}

/** The indicator codes (upper-cased) the rules judge by SPC. */
export function spcCodesOf(indicators: readonly { code: string; spc?: boolean }[]): Set<string> {
  return new Set(indicators.filter((i) => i.spc === true).map((i) => i.code.toUpperCase()));
}
