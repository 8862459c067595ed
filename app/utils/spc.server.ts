import type { AppLoadContext } from "@remix-run/node";
import { indicatorsFor, targetFor, type KpiDefinition, type KpiDomain, type KpiTarget, type ChartType } from "../../shared/kpi";
import type { Direction, SpcResult, AssuranceIcon, VariationIcon } from "../../shared/spc/types";
import { can, type MemberAccess } from "../../shared/roles";
import { listObservations } from "../../server/repositories/performance";
import type { MonthObservation } from "../../shared/autonomy";
import { decimalsOf, formatValue, variationKind, type ChartModel, type ChartRow, type RareYearModel, type VariationKind } from "../components/spc/model";
import { serviceLinesOf } from "./autonomy.server";
import { rareEventYear, SPC_DEFAULTS, spcSummary, xmr, xmrWithRebases } from "../../shared/spc";
import { addAnnotation, addBaseline, allBaselineMonths, allSeries, kpiDataVersion, listAnnotations, listBaselines, listDefinitions, listTargets } from "../../server/repositories/kpi";

/*
 * Assembles statistical process control (Making Data Count) for the screens: a line's indicators,
 * one indicator's chart, and the integrated performance report's matrix (issue 14). The statistics
 * are shared/spc's; the catalogue shared/kpi's; the records server/repositories/kpi's. This module
 * only joins them: series + catalogue entry + the target for the month + rebases → SpcResult.
 */

type Db = AppLoadContext["db"];

/** Points needed for locked limits (Making Data Count; shared/spc SPC_DEFAULTS). */
export const MIN_BASELINE = SPC_DEFAULTS.minBaseline;

/** One monthly figure as the SPC pages read it; `target` is the figure's own target, if it carried one. */
export interface SeriesPoint {
  month: string;
  value: number | null;
  target: number | null;
}

/** What a page needs to know about an indicator: its catalogue entry, or, when it is not in the catalogue, what its figures say. */
export interface IndicatorMeta {
  code: string;
  name: string;
  domain: KpiDomain;
  unit: string;
  direction: Direction;
  chartType: ChartType;
  annualThreshold: number | null;
  /** The catalogue entry; null when the figures carry an indicator the catalogue does not have. */
  definition: KpiDefinition | null;
}

export interface Rebase {
  fromMonth: string;
  reason: string;
  approvedBy: string;
  byName: string | null;
  at: number;
}

export interface Annotation {
  month: string;
  text: string;
  byName: string | null;
  at: number;
}

/** One indicator's SPC on one line, ready to show. */
export interface IndicatorSpc {
  meta: IndicatorMeta;
  /** Months with a figure. */
  points: number;
  latest: { month: string; value: number } | null;
  /** The target for the latest month: the catalogue's for that financial year, else the figure's own. */
  target: { value: number; source: string | null; year: string | null } | null;
  /** null for rare-count indicators and for indicators with no figures. */
  result: SpcResult | null;
  variation: VariationIcon | null;
  assurance: AssuranceIcon | null;
  /** The summary sentences from shared/spc: variation, then assurance. */
  label: string;
  assuranceLabel: string;
  chart: ChartModel;
  /** Rare-count indicators: each financial year's cumulative count against the threshold. */
  rare: RareYearModel[] | null;
}

/** Whether a member may rebase limits and annotate points ("kpi.manage"). */
export function canManageKpis(member: MemberAccess): boolean {
  return can(member, "kpi.manage");
}

/** A line's indicators: the catalogue's that apply to it, then any others its figures carry. */
function metaFor(catalogue: readonly KpiDefinition[], unitId: string, observed: ReadonlyMap<string, ObservedMeta>): IndicatorMeta[] {
  const applicable = indicatorsFor(catalogue, unitId);
  const byCode = new Map(catalogue.map((d) => [d.code, d]));
  const out: IndicatorMeta[] = applicable.map(fromDefinition);
  const seen = new Set(out.map((m) => m.code));
  for (const [code, o] of observed) {
    if (seen.has(code)) continue;
    // Figures for an indicator the catalogue excludes for this line are still shown: they exist.
    const def = byCode.get(code);
    out.push(def ? fromDefinition(def) : { code, name: o.name, domain: o.kind === "quality" ? "quality" : o.kind === "workforce" ? "workforce" : "operational", unit: o.unit, direction: o.direction, chartType: "xmr", annualThreshold: null, definition: null });
  }
  return out;
}

function fromDefinition(d: KpiDefinition): IndicatorMeta {
  return { code: d.code, name: d.name, domain: d.domain, unit: d.unit, direction: d.direction, chartType: d.chartType, annualThreshold: d.annualThreshold, definition: d };
}

interface ObservedMeta {
  name: string;
  kind: MonthObservation["indicators"][number]["kind"];
  unit: string;
  direction: Direction;
}

function observedMeta(byUnit: Record<string, MonthObservation[]>): Map<string, Map<string, ObservedMeta>> {
  const observed = new Map<string, Map<string, ObservedMeta>>();
  for (const [unit, months] of Object.entries(byUnit)) {
    const m = new Map<string, ObservedMeta>();
    for (const month of months) for (const i of month.indicators) m.set(i.code, { name: i.name, kind: i.kind, unit: i.unit ?? "", direction: i.direction });
    observed.set(unit, m);
  }
  return observed;
}

/** One line's series and its indicators as the figures describe them, from one read of its figures. */
function lineFigures(db: Db, workspaceId: string, unitId: string): { series: Map<string, SeriesPoint[]>; observed: Map<string, ObservedMeta> } {
  const byUnit = listObservations(db, workspaceId, unitId);
  const series = new Map<string, SeriesPoint[]>();
  for (const month of byUnit[unitId] ?? []) for (const i of month.indicators) series.set(i.code, [...(series.get(i.code) ?? []), { month: month.month, value: i.value, target: i.target }]);
  return { series, observed: observedMeta(byUnit).get(unitId) ?? new Map() };
}

/**
 * Every line's series in one query; the figures' own names are read only when some series has no
 * catalogue entry (an indicator imported before it was catalogued).
 */
function trustFigures(db: Db, workspaceId: string, catalogue: readonly KpiDefinition[]): { series: Map<string, Map<string, SeriesPoint[]>>; observed: Map<string, Map<string, ObservedMeta>> } {
  const series = allSeries(db, workspaceId);
  const known = new Set(catalogue.map((d) => d.code));
  const uncatalogued = [...series.values()].some((byCode) => [...byCode.keys()].some((c) => !known.has(c)));
  return { series, observed: uncatalogued ? observedMeta(listObservations(db, workspaceId)) : new Map() };
}

/**
 * The pure join: an indicator's series, its catalogue targets and its rebases → SPC, summary, chart
 * rows and, for rare events, the financial years. Exported for the benchmark and unit tests.
 */
export function computeIndicator(meta: IndicatorMeta, series: readonly SeriesPoint[], targets: readonly KpiTarget[], rebases: readonly string[], annotations: readonly Annotation[] = []): IndicatorSpc {
  const sorted = [...series].sort((a, b) => a.month.localeCompare(b.month));
  const targetAt = (p: SeriesPoint): { value: number; source: string | null; year: string | null } | null => {
    const t = targetFor(targets, meta.code, p.month);
    if (t) return { value: t.value, source: t.source, year: t.year };
    return p.target === null || p.target === undefined ? null : { value: p.target, source: null, year: null };
  };
  const withValue = sorted.filter((p): p is SeriesPoint & { value: number } => p.value !== null && Number.isFinite(p.value));
  const last = withValue[withValue.length - 1] ?? null;
  const target = last ? targetAt(last) : null;
  const notes = new Map<string, string[]>();
  for (const a of annotations) notes.set(a.month, [...(notes.get(a.month) ?? []), a.text]);
  const decimals = decimalsOf(sorted.map((p) => p.value));
  const base = { meta, points: withValue.length, latest: last ? { month: last.month, value: last.value } : null, target };

  // Counts that are not whole numbers cannot be rare events (shared/spc/rare refuses them): chart them as XmR.
  const rare = meta.chartType === "rare_count" ? tryRareYears(sorted, meta.annualThreshold) : null;
  if (rare) {
    const now = rare[rare.length - 1];
    const label = now ? `${now.total} in ${now.year} so far${now.threshold !== null ? ` against an annual threshold of ${now.threshold}` : ""}` : "No figures yet";
    return { ...base, result: null, variation: null, assurance: null, label, assuranceLabel: "", chart: { name: meta.name, unit: meta.unit, decimals, rows: plainRows(sorted, targetAt, notes) }, rare };
  }
  if (withValue.length === 0) return { ...base, result: null, variation: null, assurance: null, label: "No figures yet", assuranceLabel: "", chart: { name: meta.name, unit: meta.unit, decimals, rows: plainRows(sorted, targetAt, notes) }, rare: null };

  const options = { direction: meta.direction, target: target?.value ?? null };
  const input = sorted.map((p) => ({ month: p.month, value: p.value }));
  const months = new Set(sorted.map((p) => p.month));
  const rebaseMonths = [...new Set(rebases)].filter((m) => months.has(m)).sort();
  const result = rebaseMonths.length ? xmrWithRebases(input, options, rebaseMonths) : xmr(input, options);
  const summary = spcSummary(result, { ...options, formatValue: (v) => formatValue(v, meta.unit, decimals + 1) });
  // Segment starts (the first point, then each rebase's first point in or after its month), and
  // whether each segment's limits are trial limits (fewer than 12 values to set them from).
  const starts = [0, ...rebaseMonths.map((m) => sorted.findIndex((p) => p.month >= m)).filter((i) => i > 0)];
  const startSet = new Set(starts);
  const segmentOf = (i: number) => starts.filter((s) => s <= i).length - 1;
  const trialBySegment = starts.map((s, k) => sorted.slice(s, starts[k + 1] ?? sorted.length).filter((p) => p.value !== null).length < MIN_BASELINE);
  const rows: ChartRow[] = result.points.map((p, i) => {
    const l = p.limits ?? { mean: result.mean, upper: result.upperLimit, lower: result.lowerLimit, upperNear: result.upperNear, lowerNear: result.lowerNear };
    return {
      month: p.month,
      value: p.value,
      mean: l.mean,
      upper: l.upper,
      lower: l.lower,
      upperNear: l.upperNear,
      lowerNear: l.lowerNear,
      trial: trialBySegment[segmentOf(i)] ?? result.trial,
      baselineStart: startSet.has(i),
      target: targetAt(sorted[i]!)?.value ?? null,
      rules: p.rules,
      special: p.special,
      annotations: notes.get(p.month) ?? [],
    };
  });
  return { ...base, result, variation: summary.variation, assurance: summary.assurance, label: summary.label, assuranceLabel: summary.assuranceLabel, chart: { name: meta.name, unit: meta.unit, decimals, rows }, rare: null };
}

function plainRows(series: readonly SeriesPoint[], targetAt: (p: SeriesPoint) => { value: number } | null, notes: ReadonlyMap<string, string[]>): ChartRow[] {
  return series.map((p) => ({ month: p.month, value: p.value, mean: null, upper: null, lower: null, upperNear: null, lowerNear: null, trial: false, baselineStart: false, target: targetAt(p)?.value ?? null, rules: [], special: null, annotations: notes.get(p.month) ?? [] }));
}

/** Rare events by financial year (April to March): each month's count and the running total against the threshold (shared/spc/rare). */
function tryRareYears(series: readonly SeriesPoint[], threshold: number | null): RareYearModel[] | null {
  try {
    return rareYears(series, threshold);
  } catch {
    return null;
  }
}

function rareYears(series: readonly SeriesPoint[], threshold: number | null): RareYearModel[] {
  return rareEventYear(series.map((p) => ({ month: p.month, value: p.value })), threshold ?? 0).map((y) => ({
    year: y.year,
    threshold,
    months: y.months,
    total: y.total,
    over: threshold === null ? null : y.exceeded,
  }));
}

export interface LineRef {
  unitId: string;
  name: string;
  divisionId: string | null;
  divisionName: string | null;
}

async function lineRef(context: AppLoadContext, workspaceId: string, unitId: string): Promise<LineRef | null> {
  const lines = await serviceLinesOf(context, workspaceId);
  const l = lines.find((x) => x.unit.id === unitId);
  return l ? { unitId: l.unit.id, name: l.unit.name, divisionId: l.division?.id ?? null, divisionName: l.division?.name ?? null } : null;
}

/** A line's dashboard: every indicator that applies to it (and any its figures carry), with SPC. Null when the line does not exist. */
export async function lineIndicators(context: AppLoadContext, workspaceId: string, unitId: string): Promise<{ line: LineRef; indicators: IndicatorSpc[] } | null> {
  const line = await lineRef(context, workspaceId, unitId);
  if (!line) return null;
  const db = context.db;
  const catalogue = listDefinitions(db, workspaceId);
  const targets = listTargets(db, workspaceId);
  const { series, observed } = lineFigures(db, workspaceId, unitId);
  const metas = metaFor(catalogue, unitId, observed);
  const indicators = metas.map((m) => computeIndicator(m, series.get(m.code) ?? [], targets, listBaselines(db, workspaceId, unitId, m.code).map((b) => b.fromMonth)));
  return { line, indicators };
}

/** One indicator's chart page: SPC with its rebase history and annotations. Null when the line does not exist or has no such indicator. */
export async function lineIndicator(context: AppLoadContext, workspaceId: string, unitId: string, code: string): Promise<{ line: LineRef; indicator: IndicatorSpc; rebases: Rebase[]; annotations: Annotation[] } | null> {
  const line = await lineRef(context, workspaceId, unitId);
  if (!line) return null;
  const db = context.db;
  const catalogue = listDefinitions(db, workspaceId);
  const { series, observed } = lineFigures(db, workspaceId, unitId);
  const meta = metaFor(catalogue, unitId, observed).find((m) => m.code === code);
  if (!meta) return null;
  const rebases = listBaselines(db, workspaceId, unitId, code);
  const annotations = listAnnotations(db, workspaceId, unitId, code);
  const indicator = computeIndicator(meta, series.get(code) ?? [], listTargets(db, workspaceId, code), rebases.map((r) => r.fromMonth), annotations);
  return { line, indicator, rebases, annotations };
}

/** The report's scope: the whole trust, one division, or one line. */
export type ReportScope = { kind: "trust" } | { kind: "division"; id: string } | { kind: "line"; id: string };

/** One line-indicator in the report. */
export interface ReportRow {
  unitId: string;
  lineName: string;
  divisionName: string | null;
  code: string;
  name: string;
  domain: KpiDomain;
  unit: string;
  decimals: number;
  variation: VariationIcon | null;
  variationKind: VariationKind | null;
  assurance: AssuranceIcon | null;
  latest: { month: string; value: number } | null;
  target: number | null;
  /** Rare-count indicators: this year's total against the threshold. */
  rare: { year: string; total: number; threshold: number | null; over: boolean | null } | null;
  label: string;
  href: string;
}

export interface ReportMatrix {
  scope: ReportScope;
  title: string;
  rows: ReportRow[];
  /** Counts by variation kind × assurance (XmR indicators only). */
  grid: Record<VariationKind, Record<AssuranceIcon, number>>;
  /** Lines and divisions, for the scope chooser. */
  lines: LineRef[];
  divisions: { id: string; name: string }[];
  /** The latest month any row reports. */
  asAt: string | null;
}

const VARIATION_RANK: Record<VariationKind, number> = { concern: 0, neutral: 1, common: 2, improvement: 3 };
const ASSURANCE_RANK: Record<AssuranceIcon, number> = { consistently_fail: 0, hit_and_miss: 1, none: 2, consistently_pass: 3 };

/** Concern first: special-cause concern, then consistently failing, hit and miss …; rare events over threshold with concerns. */
export function concernRank(r: Pick<ReportRow, "variationKind" | "assurance" | "rare">): number {
  if (r.rare) return r.rare.over ? 0 : 30;
  return (r.variationKind ? VARIATION_RANK[r.variationKind] : 4) * 10 + (r.assurance ? ASSURANCE_RANK[r.assurance] : 5);
}

/**
 * The integrated performance report's matrix for the trust, a division or a line: every
 * line-indicator with figures, computed from one read of every series, the catalogue and the targets.
 * Null when the division or line does not exist.
 */
export async function reportMatrix(context: AppLoadContext, workspaceId: string, scope: ReportScope): Promise<ReportMatrix | null> {
  const all = await serviceLinesOf(context, workspaceId);
  const lines: LineRef[] = all.map((l) => ({ unitId: l.unit.id, name: l.unit.name, divisionId: l.division?.id ?? null, divisionName: l.division?.name ?? null }));
  const divisions = [...new Map(all.filter((l) => l.division).map((l) => [l.division!.id, { id: l.division!.id, name: l.division!.name }])).values()].sort((a, b) => a.name.localeCompare(b.name));
  let inScope = lines;
  let title = "The whole trust";
  if (scope.kind === "division") {
    const d = divisions.find((x) => x.id === scope.id);
    if (!d) return null;
    inScope = lines.filter((l) => l.divisionId === d.id);
    title = `${d.name} division`;
  } else if (scope.kind === "line") {
    const l = lines.find((x) => x.unitId === scope.id);
    if (!l) return null;
    inScope = [l];
    title = l.name;
  }
  const db = context.db;
  const computed = trustIndicators(db, workspaceId);
  const rows: ReportRow[] = [];
  for (const line of inScope) {
    for (const { meta, spc } of computed.get(line.unitId) ?? []) {
      const year = spc.rare?.[spc.rare.length - 1];
      rows.push({
        unitId: line.unitId,
        lineName: line.name,
        divisionName: line.divisionName,
        code: meta.code,
        name: meta.name,
        domain: meta.domain,
        unit: meta.unit,
        decimals: spc.chart.decimals,
        variation: spc.variation,
        variationKind: spc.variation ? variationKind(spc.variation) : null,
        assurance: spc.assurance,
        latest: spc.latest,
        target: spc.target?.value ?? null,
        rare: year ? { year: year.year, total: year.total, threshold: year.threshold, over: year.over } : null,
        label: spc.label,
        href: `/w/${workspaceId}/lines/${line.unitId}/indicators/${meta.code}`,
      });
    }
  }
  rows.sort((a, b) => concernRank(a) - concernRank(b) || a.name.localeCompare(b.name) || a.lineName.localeCompare(b.lineName));
  const grid = emptyGrid();
  for (const r of rows) if (r.variationKind && r.assurance) grid[r.variationKind][r.assurance] += 1;
  const asAt = rows.reduce<string | null>((m, r) => (r.latest && (!m || r.latest.month > m) ? r.latest.month : m), null);
  return { scope, title, rows, grid, lines, divisions, asAt };
}

// The report recomputes every line's every indicator; the result depends only on the figures, the
// catalogue, the targets and the rebases, so it is kept per workspace until kpiDataVersion changes.
const trustCache = new Map<string, { version: string; byLine: Map<string, { meta: IndicatorMeta; spc: IndicatorSpc }[]> }>();

function trustIndicators(db: Db, workspaceId: string): Map<string, { meta: IndicatorMeta; spc: IndicatorSpc }[]> {
  const version = kpiDataVersion(db, workspaceId);
  const hit = trustCache.get(workspaceId);
  if (hit && hit.version === version) return hit.byLine;
  const catalogue = listDefinitions(db, workspaceId);
  const targets = listTargets(db, workspaceId);
  const rebases = allBaselineMonths(db, workspaceId);
  const { series, observed } = trustFigures(db, workspaceId, catalogue);
  const byLine = new Map<string, { meta: IndicatorMeta; spc: IndicatorSpc }[]>();
  for (const [unitId, mine] of series) {
    const list: { meta: IndicatorMeta; spc: IndicatorSpc }[] = [];
    for (const meta of metaFor(catalogue, unitId, observed.get(unitId) ?? new Map())) {
      const s = mine.get(meta.code);
      if (!s?.some((p) => p.value !== null)) continue;
      list.push({ meta, spc: computeIndicator(meta, s, targets, rebases.get(`${unitId}\u0000${meta.code}`) ?? []) });
    }
    byLine.set(unitId, list);
  }
  if (trustCache.size > 200) trustCache.clear();
  trustCache.set(workspaceId, { version, byLine });
  return byLine;
}

function emptyGrid(): Record<VariationKind, Record<AssuranceIcon, number>> {
  const row = (): Record<AssuranceIcon, number> => ({ consistently_fail: 0, hit_and_miss: 0, consistently_pass: 0, none: 0 });
  return { concern: row(), neutral: row(), common: row(), improvement: row() };
}

/** Records a rebase (from a month of the series, with its reason and approver). */
export function recordRebase(db: Db, workspaceId: string, input: { unitId: string; code: string; fromMonth: string; reason: string; approvedBy: string }, actor: { id: string; name: string }): void {
  addBaseline(db, workspaceId, input, actor);
}

/** Records an annotation on a month's point. */
export function recordAnnotation(db: Db, workspaceId: string, input: { unitId: string; code: string; month: string; text: string }, actor: { id: string; name: string }): void {
  addAnnotation(db, workspaceId, input, actor);
}
