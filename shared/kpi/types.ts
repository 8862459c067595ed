/**
 * The KPI catalogue (issue 14; ULHT §2.5 "KPIs reviewed and set each year, national definitions",
 * §10 kitemarking data quality; Monitor's SLM framework Part 1 §3–5). Plain data shared by the
 * server (SQLite), the catalogue screen and the SPC pages.
 */
import type { Direction } from "../spc/types";

export const KPI_DOMAINS = ["quality", "operational", "financial", "workforce"] as const;
export type KpiDomain = (typeof KPI_DOMAINS)[number];
export const KPI_DOMAIN_LABELS: Record<KpiDomain, string> = { quality: "Quality", operational: "Operational", financial: "Financial", workforce: "Workforce" };

/** XmR by default; rare events (C. difficile, MRSA) as counts against an annual threshold, or a T chart (days between events). */
export const CHART_TYPES = ["xmr", "rare_count", "t_chart"] as const;
export type ChartType = (typeof CHART_TYPES)[number];

/** ULHT §10's data-quality kitemark: each dimension assured or not. */
export interface Kitemark {
  timely: boolean;
  complete: boolean;
  validated: boolean;
  audited: boolean;
}

export interface KpiDefinition {
  code: string;
  name: string;
  domain: KpiDomain;
  /** "%", "per 1,000 bed days", "" for counts. */
  unit: string;
  direction: Direction;
  chartType: ChartType;
  numerator: string;
  denominator: string;
  dataSource: string;
  /** The national definition it follows, e.g. "NHS England RTT guidance, 2024". */
  nationalReference: string;
  owner: string;
  kitemark: Kitemark;
  /** For rare_count: the most events a year before it counts as failed. */
  annualThreshold: number | null;
  /** The financial year it was last reviewed and set, "2026/27". */
  reviewedFor: string;
  /**
   * Which service lines it applies to, by specialty: "all", or the unit ids it applies to, or every
   * line except these. No A&E 4-hour for neonatology, no RTT for maternity.
   */
  appliesTo: { mode: "all" } | { mode: "only"; unitIds: string[] } | { mode: "except"; unitIds: string[] };
}

/** A target for a year, named with its source ("NHS planning guidance 2026/27: 78% within 4 hours by March 2027"). */
export interface KpiTarget {
  code: string;
  /** Financial year, "2026/27". */
  year: string;
  value: number;
  source: string;
}
