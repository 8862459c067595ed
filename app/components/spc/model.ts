import type { AssuranceIcon, SpcRule, VariationIcon } from "../../../shared/spc/types";
import { SPC_RULE_LABELS } from "../../../shared/spc/types";

/**
 * What the SPC chart, its table and the icons are drawn from: plain, serialisable rows built on the
 * server (app/utils/spc.server.ts) so that the chart and the table cannot disagree.
 */
export interface ChartRow {
  month: string;
  value: number | null;
  /** The mean and limits that apply at this point (they change at a rebase). */
  mean: number | null;
  upper: number | null;
  lower: number | null;
  upperNear: number | null;
  lowerNear: number | null;
  /** Whether the limits at this point are trial limits (fewer than 12 points in their baseline). */
  trial: boolean;
  /** A new baseline (a rebase, or the first point) starts here. */
  baselineStart: boolean;
  target: number | null;
  rules: SpcRule[];
  special: "improvement" | "concern" | "neutral" | null;
  /** Annotations on this point, oldest first. */
  annotations: string[];
}

export interface ChartModel {
  name: string;
  unit: string;
  /** Decimal places for the indicator's own figures; means and limits get one more. */
  decimals: number;
  rows: ChartRow[];
}

export const VARIATION_LABELS: Record<VariationIcon, string> = {
  common_cause: "Common cause variation",
  special_improvement_high: "Special cause improvement (high)",
  special_improvement_low: "Special cause improvement (low)",
  special_concern_high: "Special cause concern (high)",
  special_concern_low: "Special cause concern (low)",
  special_neutral_high: "Special cause variation, neither better nor worse (high)",
  special_neutral_low: "Special cause variation, neither better nor worse (low)",
};

export const ASSURANCE_LABELS: Record<AssuranceIcon, string> = {
  consistently_pass: "Will consistently meet the target",
  consistently_fail: "Will consistently miss the target",
  hit_and_miss: "Hit and miss: may meet or miss the target",
  none: "No target to assure against",
};

/** The broad variation category of an icon, for sorting and the summary grid. */
export type VariationKind = "concern" | "neutral" | "common" | "improvement";
export function variationKind(v: VariationIcon): VariationKind {
  if (v.startsWith("special_concern")) return "concern";
  if (v.startsWith("special_improvement")) return "improvement";
  if (v.startsWith("special_neutral")) return "neutral";
  return "common";
}
export const VARIATION_KIND_LABELS: Record<VariationKind, string> = {
  concern: "Special cause concern",
  neutral: "Special cause, neither better nor worse",
  common: "Common cause",
  improvement: "Special cause improvement",
};
/** Concern first: the order a Board reads the summary grid in. */
export const VARIATION_KINDS: VariationKind[] = ["concern", "neutral", "common", "improvement"];
export const ASSURANCE_ORDER: AssuranceIcon[] = ["consistently_fail", "hit_and_miss", "consistently_pass", "none"];

/** "A point outside the process limits; a run of points on one side of the mean". */
export function rulesText(rules: readonly SpcRule[]): string {
  return rules.map((r) => SPC_RULE_LABELS[r]).join("; ");
}

/** UK number format with the indicator's unit: "78.5%", "4.2 per 1,000 bed days", "3". */
export function formatValue(value: number | null | undefined, unit: string, decimals = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  const text = value.toLocaleString("en-GB", { minimumFractionDigits: 0, maximumFractionDigits: decimals });
  if (!unit) return text;
  return unit === "%" ? `${text}%` : `${text} ${unit}`;
}

/** Decimal places a series is written with (at most 2), so limits are shown one place finer. */
export function decimalsOf(values: readonly (number | null)[]): number {
  let d = 0;
  for (const v of values) {
    if (v === null || !Number.isFinite(v)) continue;
    const s = String(v);
    const i = s.indexOf(".");
    if (i >= 0) d = Math.max(d, Math.min(2, s.length - i - 1));
  }
  return d;
}

const SHORT = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
/** "Apr 26" for chart axes. */
export function shortMonth(month: string): string {
  return `${SHORT[Number(month.slice(5, 7)) - 1]} ${month.slice(2, 4)}`;
}

/** A rare-event indicator's financial year: the cumulative count against the annual threshold. */
export interface RareYearModel {
  /** "2026/27". */
  year: string;
  threshold: number | null;
  months: { month: string; count: number | null; cumulative: number | null }[];
  total: number;
  /** Over the threshold already, or null when there is no threshold. */
  over: boolean | null;
}
