import { addMonths, financialYearOf } from "../format/dates";
import type { AutonomyLevel, CriterionId, IndicatorKind, IndicatorObservation, MonthObservation } from "./types";

/**
 * The demo trust's monthly figures (issue 14, "A demo trust that looks like a real acute trust"):
 * seventeen service lines in four divisions, each reporting the indicators that fit its specialty,
 * 24 months ending with the last complete month before the seed day, with common-cause variation
 * and planted special causes that the Making Data Count rules find (see PLANTED below), and a
 * contribution that varies by line, some lines planned at a loss (cross-subsidy).
 *
 * Every figure is deterministic (an FNV-1a hash of line, indicator and month, never Math.random), so
 * the demo is identical on every run and machine.
 */

/** The demo trust's service lines: medicine, surgery, women and children, clinical support. */
export const DEMO_SERVICE_LINE_CODES = [
  "CARD", "RESP", "GAST", "DIAB", "UEC",
  "GSUR", "ORTH", "UROL", "ENT", "CRIT",
  "OBST", "GYNAE", "PAED", "NEON",
  "THEA", "IMAG", "PATH",
] as const;

/** The seed day the tests use (test/setup/server.ts): figures run December 2024 to November 2026. */
export const DEMO_REFERENCE_DAY = "2026-12-01";

/** The `count` months of demo figures ending with the last complete month before `today` (never a month in the future). */
export function demoMonths(today: string, count = 24): string[] {
  const last = addMonths(today.slice(0, 7), -1);
  return Array.from({ length: count }, (_, i) => addMonths(last, i - count + 1));
}

// ---- Targets ------------------------------------------------------------------------------------

/**
 * The target for each indicator in each financial year, shaped like the KPI catalogue's targets
 * (code, year, value, source). National figures are the planning ambitions for the year they apply to:
 * - 2024/25: NHS England, "2024/25 priorities and operational planning guidance" (March 2024): A&E 4 hours
 *   78% by March 2025; cancer 62-day 70% and faster diagnosis 77% by March 2025; diagnostics within
 *   6 weeks 95% by March 2025; agency spend 3.2% of the pay bill; G&A bed occupancy 92%. It set no
 *   18-week percentage (it asked for waits over 65 weeks to end), so RTT uses the trust's own 60%.
 * - 2025/26: NHS England, "2025/26 priorities and operational planning guidance" (January 2025): A&E 4 hours
 *   78% in March 2026; 18 weeks 65% by March 2026; cancer 62-day 75% and faster diagnosis 80% by March
 *   2026; ambulance handovers within 45 minutes from the "Urgent and emergency care plan 2025/26" (June 2025).
 * - 2026/27: NHS England and DHSC, "Medium term planning framework: delivering change together 2026/27
 *   to 2028/29" (October 2025): A&E 4 hours 82% by March 2027; 18 weeks: the greater of a 7-point
 *   improvement and 65%, towards a national 70%, which the trust adopts; faster diagnosis held at 80%;
 *   cancer 62-day 80% by March 2027 on the path to 85% by March 2029.
 * Indicators without a national ambition carry the trust's local target (named "local") every year.
 */
export interface DemoTarget {
  code: string;
  year: string;
  value: number;
  source: string;
}

const G2425 = "NHS England 2024/25 priorities and operational planning guidance";
const G2526 = "NHS England 2025/26 priorities and operational planning guidance";
const UEC2526 = "NHS England urgent and emergency care plan 2025/26";
const MTPF = "NHS England medium term planning framework 2026/27 to 2028/29";
const DEMO_YEARS = ["2024/25", "2025/26", "2026/27"] as const;

const national = (code: string, rows: [number, string][]): DemoTarget[] =>
  rows.map(([value, source], i) => ({ code, year: DEMO_YEARS[i]!, value, source }));
const local = (code: string, value: number, why: string): DemoTarget[] =>
  DEMO_YEARS.map((year) => ({ code, year, value, source: `Local target: ${why}` }));

export const DEMO_TARGETS: DemoTarget[] = [
  ...national("AE4", [[78, G2425], [78, G2526], [82, MTPF]]),
  ...national("RTT18", [[60, "Local target: the 2024/25 guidance set no 18-week percentage"], [65, G2526], [70, MTPF]]),
  ...national("CAN62", [[70, G2425], [75, G2526], [80, MTPF]]),
  ...national("CANFDS", [[77, G2425], [80, G2526], [80, MTPF]]),
  ...national("DM01", [[95, G2425], [95, "Local target: the 95% ambition carried forward towards the 99% standard"], [95, "Local target: the 95% ambition carried forward towards the 99% standard"]]),
  ...national("AMBHO", [[40, "Local target: handovers over 45 minutes"], [0, UEC2526], [0, MTPF]]),
  ...national("AE12", [[900, "Local target: fewer 12-hour stays than 2023/24"], [800, `${G2526}: fewer 12-hour stays than 2024/25`], [700, `${MTPF}: fewer 12-hour stays than 2025/26`]]),
  ...national("BEDOCC", [[92, G2425], [92, G2526], [92, "Local target: the 92% ceiling carried forward"]]),
  ...national("AGENCY", [[3.2, G2425], [3.2, "Local target: the 3.2% cap carried forward"], [3.2, "Local target: the 3.2% cap carried forward"]]),
  ...local("THUTIL", 85, "capped theatre utilisation, GIRFT's 85%"),
  ...local("TAT", 90, "urgent results within turnaround time"),
  ...local("CCDELAY", 30, "discharges delayed over 4 hours"),
  ...local("CDIFF", 1, "the line's monthly share of the trust's annual C. difficile threshold"),
  ...local("MRSA", 0, "zero tolerance of MRSA bacteraemia"),
  ...local("VTE", 95, "the national 95% VTE risk assessment standard"),
  ...local("FALLS", 5, "inpatient falls per 1,000 bed days"),
  ...local("FFT", 90, "Friends and Family Test recommendation"),
  ...local("PU", 1.2, "category 2+ pressure ulcers per 1,000 bed days"),
  ...local("SICK", 4.5, "sickness absence"),
  ...local("VAC", 8, "vacancy rate"),
  ...local("TURN", 12, "12-month staff turnover"),
  ...local("MAND", 90, "core skills training"),
  ...local("APPR", 85, "appraisal rate"),
];

/** The target for an indicator in a month: its financial year's, or the nearest year's outside the table. */
export function demoTarget(code: string, month: string): number {
  const rows = DEMO_TARGETS.filter((t) => t.code === code);
  if (rows.length === 0) throw new RangeError(`No demo target for ${code}`);
  const fy = financialYearOf(month);
  const exact = rows.find((t) => t.year === fy);
  if (exact) return exact.value;
  return fy < rows[0]!.year ? rows[0]!.value : rows[rows.length - 1]!.value;
}

// ---- Indicators ---------------------------------------------------------------------------------

interface IndicatorDef {
  code: string;
  name: string;
  kind: IndicatorKind;
  direction: "higher" | "lower";
  key: boolean;
  unit?: string;
  decimals: number;
  /** The range a line's usual level is drawn from: on the passing side of every year's target. */
  usual: [number, number];
  /** Month-to-month common-cause variation (one standard deviation). */
  sd: number;
  /** How far past the target a failing month lands. */
  gap: [number, number];
  /** Extra pressure in winter, in the worse direction (December and January in full, November, February and March in half). */
  winter?: number;
  /** Rare events (counts of a few a month): Poisson with the usual level as the mean. */
  rare?: boolean;
}

const Q = (d: Omit<IndicatorDef, "kind">): IndicatorDef => ({ ...d, kind: "quality" });
const P = (d: Omit<IndicatorDef, "kind">): IndicatorDef => ({ ...d, kind: "performance" });
const W = (d: Omit<IndicatorDef, "kind">): IndicatorDef => ({ ...d, kind: "workforce" });

// Key indicators are the ones the scheme's rules list as key (shared/collab/autonomy-rules-doc.ts
// defaultRuleIndicators): CDIFF, MRSA, VTE, RTT18, AE4, CAN62, DM01. Workforce indicators are judged
// by the workforce criterion (ULHT §5.2 rates Workforce beside Finance, Quality and Operational), none
// key: one off target is a level-2 month, two or more fail it (defaultWorkforceThresholds).
const DEFS: Record<string, IndicatorDef> = Object.fromEntries(
  [
    Q({ code: "CDIFF", name: "C. difficile infections", direction: "lower", key: true, decimals: 0, usual: [0.15, 0.45], sd: 0, gap: [1, 2], rare: true }),
    Q({ code: "MRSA", name: "MRSA bacteraemia", direction: "lower", key: true, decimals: 0, usual: [0.02, 0.05], sd: 0, gap: [1, 1], rare: true }),
    Q({ code: "VTE", name: "VTE risk assessment", direction: "higher", key: true, unit: "%", decimals: 1, usual: [96.4, 98.2], sd: 0.45, gap: [0.8, 3.5] }),
    Q({ code: "FALLS", name: "Inpatient falls", direction: "lower", key: false, unit: "per 1,000 bed days", decimals: 1, usual: [3.4, 4.2], sd: 0.25, gap: [0.3, 1.4] }),
    Q({ code: "FFT", name: "Friends and Family Test: would recommend", direction: "higher", key: false, unit: "%", decimals: 0, usual: [93, 96], sd: 0.8, gap: [1, 5] }),
    Q({ code: "PU", name: "Pressure ulcers (category 2 and above)", direction: "lower", key: false, unit: "per 1,000 bed days", decimals: 2, usual: [0.55, 0.85], sd: 0.08, gap: [0.1, 0.5] }),
    P({ code: "RTT18", name: "Referral to treatment within 18 weeks", direction: "higher", key: true, unit: "%", decimals: 1, usual: [72.5, 78], sd: 0.6, gap: [0.8, 4.5] }),
    P({ code: "AE4", name: "A&E within 4 hours", direction: "higher", key: true, unit: "%", decimals: 1, usual: [83.5, 86], sd: 0.6, gap: [1, 5], winter: 1 }),
    P({ code: "AE12", name: "A&E patients 12 hours or more in the department", direction: "lower", key: false, decimals: 0, usual: [520, 600], sd: 30, gap: [20, 140], winter: 40 }),
    P({ code: "AMBHO", name: "Ambulance handovers over 45 minutes", direction: "lower", key: false, decimals: 0, usual: [0, 0], sd: 0, gap: [2, 14] }),
    P({ code: "CAN62", name: "Cancer treatment within 62 days", direction: "higher", key: true, unit: "%", decimals: 1, usual: [83, 87], sd: 0.9, gap: [1, 6] }),
    P({ code: "CANFDS", name: "Cancer faster diagnosis within 28 days", direction: "higher", key: false, unit: "%", decimals: 1, usual: [82.5, 87], sd: 0.9, gap: [1, 5] }),
    P({ code: "DM01", name: "Diagnostic test within 6 weeks", direction: "higher", key: true, unit: "%", decimals: 1, usual: [96.8, 98.6], sd: 0.35, gap: [1, 5] }),
    P({ code: "BEDOCC", name: "Bed occupancy", direction: "lower", key: false, unit: "%", decimals: 1, usual: [84, 88], sd: 0.8, gap: [0.5, 4], winter: 0.9 }),
    P({ code: "THUTIL", name: "Theatre utilisation (capped)", direction: "higher", key: false, unit: "%", decimals: 1, usual: [86.5, 89], sd: 0.6, gap: [1, 5] }),
    P({ code: "TAT", name: "Urgent pathology results within turnaround time", direction: "higher", key: false, unit: "%", decimals: 1, usual: [92.5, 95], sd: 0.6, gap: [1, 5] }),
    P({ code: "CCDELAY", name: "Critical care discharges delayed over 4 hours", direction: "lower", key: false, unit: "%", decimals: 1, usual: [20, 25], sd: 1.3, gap: [1, 8], winter: 1.3 }),
    W({ code: "SICK", name: "Sickness absence", direction: "lower", key: false, unit: "%", decimals: 1, usual: [3.6, 4.0], sd: 0.12, gap: [0.2, 1.4], winter: 0.12 }),
    W({ code: "AGENCY", name: "Agency spend as a share of the pay bill", direction: "lower", key: false, unit: "%", decimals: 1, usual: [1.4, 2.5], sd: 0.2, gap: [0.2, 1.8] }),
    W({ code: "VAC", name: "Vacancy rate", direction: "lower", key: false, unit: "%", decimals: 1, usual: [4.8, 6.6], sd: 0.3, gap: [0.3, 3] }),
    W({ code: "TURN", name: "Staff turnover (12 months)", direction: "lower", key: false, unit: "%", decimals: 1, usual: [8.8, 10.8], sd: 0.2, gap: [0.2, 2] }),
    W({ code: "MAND", name: "Mandatory training compliance", direction: "higher", key: false, unit: "%", decimals: 1, usual: [91.5, 94.5], sd: 0.5, gap: [0.5, 4] }),
    W({ code: "APPR", name: "Appraisal rate", direction: "higher", key: false, unit: "%", decimals: 1, usual: [87, 91], sd: 0.8, gap: [1, 6] }),
  ].map((d) => [d.code, d]),
);

const INPATIENT_QUALITY = ["CDIFF", "MRSA", "VTE", "FALLS", "PU"];
const WORKFORCE = ["SICK", "AGENCY", "VAC", "TURN", "MAND", "APPR"];
const NO_RTT = new Set(["OBST", "NEON", "UEC", "CRIT", "THEA", "IMAG", "PATH"]);
const NOT_INPATIENT = new Set(["UEC", "THEA", "IMAG", "PATH"]);
const DIAGNOSTICS = new Set(["IMAG", "CARD", "GAST", "RESP", "UROL"]);
const CANCER = new Set(["GSUR", "UROL", "GAST", "RESP", "GYNAE"]);
const KNOWN = new Set<string>(DEMO_SERVICE_LINE_CODES);

/**
 * The indicator codes that apply to a service line, by specialty: A&E only for urgent and emergency
 * care, no RTT for maternity, neonates, critical care and the support services, infection, VTE, falls
 * and pressure ulcers for lines with inpatients, the Friends and Family Test for every line with
 * patients, workforce for all. A code the demo does not know is treated as an inpatient medical line.
 */
export function demoIndicatorCodes(serviceLineCode: string): string[] {
  const c = serviceLineCode.toUpperCase();
  if (!KNOWN.has(c)) return [...INPATIENT_QUALITY, "FFT", "RTT18", pick(["CAN62", "DM01"], c, "second"), "BEDOCC", ...WORKFORCE];
  const out: string[] = [];
  if (!NOT_INPATIENT.has(c)) out.push(...INPATIENT_QUALITY);
  if (c !== "PATH") out.push("FFT");
  if (!NO_RTT.has(c)) out.push("RTT18");
  if (c === "UEC") out.push("AE4", "AE12", "AMBHO");
  if (CANCER.has(c)) out.push("CAN62", "CANFDS");
  if (DIAGNOSTICS.has(c)) out.push("DM01");
  if (!NOT_INPATIENT.has(c)) out.push("BEDOCC");
  if (c === "THEA") out.push("THUTIL");
  if (c === "PATH") out.push("TAT");
  if (c === "CRIT") out.push("CCDELAY");
  out.push(...WORKFORCE);
  return out;
}

// ---- Deterministic variation --------------------------------------------------------------------

// FNV-1a with a finaliser: a stable, dependency-free hash, so the demo is identical on every run and machine.
function unit(...parts: (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const ch of parts.join("|")) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  // A final avalanche (MurmurHash3's fmix32), so seeds that differ only in their last character give
  // unrelated values.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return (h >>> 0) / 0x100000000;
}

function pick<T>(list: readonly T[], ...seed: (string | number)[]): T {
  return list[Math.floor(unit(...seed) * list.length)]!;
}

/** A bell-shaped deviate with standard deviation 1, bounded at ±3 (the sum of three uniforms). */
function normal(...seed: (string | number)[]): number {
  return (unit(...seed, "a") + unit(...seed, "b") + unit(...seed, "c") - 1.5) * 2;
}

function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

function winterWeight(month: string): number {
  const m = Number(month.slice(5, 7));
  return m === 12 || m === 1 ? 1 : m === 11 || m === 2 || m === 3 ? 0.5 : 0;
}

const met = (d: IndicatorDef, value: number, target: number) => (d.direction === "higher" ? value >= target : value <= target);
const worse = (d: IndicatorDef) => (d.direction === "higher" ? -1 : 1);

/**
 * Indicators a line is weak on: its usual level sits just on the good side of the hardest year's
 * target, so it hits and misses by common-cause variation (the stories pick their non-key misses
 * from these). Everything else sits comfortably on the good side.
 */
const WEAK: Record<string, string[]> = {
  RESP: ["BEDOCC", "SICK", "VAC", "RTT18"],
  DIAB: ["FFT", "APPR"],
  UROL: ["CANFDS", "TURN"],
  ENT: ["SICK", "APPR"],
  CRIT: ["PU", "FFT", "CCDELAY"],
  OBST: ["FFT", "PU", "VAC"],
  GYNAE: ["CANFDS", "FFT"],
  PAED: ["BEDOCC", "VAC", "SICK"],
  NEON: ["VAC"],
  PATH: ["TAT"],
};
const isWeak = (line: string, code: string) => WEAK[line]?.includes(code) ?? false;

function hardestTarget(d: IndicatorDef): number {
  const values = DEMO_TARGETS.filter((t) => t.code === d.code).map((t) => t.value);
  return d.direction === "higher" ? Math.max(...values) : Math.min(...values);
}

/** A line's usual level for an indicator. */
function usual(d: IndicatorDef, line: string): number {
  if (isWeak(line, d.code) && !d.rare) return hardestTarget(d) - worse(d) * d.sd * (0.5 + 0.4 * unit(line, d.code, "usual")) - (d.winter ?? 0) * 0.5 * worse(d);
  return d.usual[0] + (d.usual[1] - d.usual[0]) * unit(line, d.code, "usual");
}

/** Poisson quantile for a small mean. */
function poisson(mean: number, u: number): number {
  let k = 0;
  let p = Math.exp(-mean);
  let cdf = p;
  while (u > cdf && k < 10) {
    k += 1;
    p *= mean / k;
    cdf += p;
  }
  return k;
}

// ---- Planted signals ----------------------------------------------------------------------------

/**
 * Series that follow their own story instead of the line's usual level: j counts months from the
 * start of the 24-month window (December 2024 for a seed on 1 December 2026; j = 14 is February 2026).
 * Their values are never forced to pass or fail: the stories below agree with them, which the unit
 * test checks month by month.
 */
interface Series {
  mean: (j: number) => number;
  /** The month-to-month noise; a function of the month where a planted pattern must stay clean. */
  sd: number | ((j: number) => number);
  /** Changes the noise draw (chosen so the reference window has no chance signals beside the planted ones). */
  salt?: string;
}

const SERIES: Record<string, Series> = {
  // Shift: the same-day emergency care unit opened in month 14; 4-hour performance steps up and stays up.
  "UEC:AE4": { mean: (j) => (j < 14 ? 75.2 : 84.8), sd: 0.6 },
  "UEC:AMBHO": { mean: (j) => (j < 14 ? 62 : 8), sd: 2 },
  "UEC:AE12": { mean: (j) => (j < 14 ? 760 : 560), sd: 30 },
  // Trend: trauma demand displaces elective lists; 18-week performance falls ten months running.
  // Real 18-week performance moves by a point or so a month, so the baseline has that noise; the fall
  // itself is steady enough that every month is lower than the last.
  "ORTH:RTT18": { mean: (j) => (j <= 12 ? 74.2 : j <= 22 ? 73 - 1.2 * (j - 13) : 62.8), sd: (j) => (j <= 12 ? 0.7 : 0.15) },
  // Shifts: insourced endoscopy lists (month 3), a new MRI scanner in the diagnostic centre (month 6),
  // a theatre scheduling system (month 8).
  "GAST:DM01": { mean: (j) => (j < 3 ? 92.5 : 97.3), sd: 0.4 },
  "IMAG:DM01": { mean: (j) => (j < 6 ? 91.8 : 97.6), sd: 0.4 },
  "THEA:THUTIL": { mean: (j) => (j < 8 ? 80.5 : 87.9), sd: 0.6 },
  // Consistently failing: cardiology's agency spend never reaches the cap.
  "CARD:AGENCY": { mean: () => 4.3, sd: 0.2, salt: "a" },
  // The series that carry the 2-of-3 and the point outside the limits (planted on top, below).
  "UROL:CAN62": { mean: () => 84.6, sd: 0.8 },
  "RESP:FALLS": { mean: () => 4.1, sd: 0.2, salt: "c" },
};

/**
 * Points planted on a series, given the mean and mean moving range of its first 12 points (the
 * Making Data Count baseline). Two of three urology cancer points beyond the lower near-limit
 * (mean − 1.773 × mean moving range) but inside the lower limit (mean − 2.66 ×) in months 20 and 22,
 * while still above the target: an early warning before the standard is missed. A cluster of falls on
 * the respiratory wards in month 13, far outside the upper limit.
 */
const PLANTED: Record<string, (j: number, base: { mean: number; mr: number }) => number | null> = {
  "UROL:CAN62": (j, b) => (j === 20 || j === 22 ? b.mean - 2.45 * b.mr : null),
  "RESP:FALLS": (j) => (j === 13 ? 8.4 : null),
};

// ---- Stories: what each line fails, month by month ----------------------------------------------

interface MonthStory {
  /** The level the month on its own should earn (checked by the unit test). */
  raw: AutonomyLevel;
  /** Indicator codes that miss their target (signal series miss by themselves). */
  fail: string[];
  finance?: boolean;
  policy?: boolean;
}

const WINTER = (month: string) => winterWeight(month) > 0;

/**
 * Each demo line's month-by-month story, for j = 0 … 23. From a start at level 3 with promotion after
 * three better months, the lines end November 2026 at: level 1 GAST, DIAB, GSUR, IMAG; level 2 CARD,
 * UEC, ENT, GYNAE, PAED; level 3 RESP, ORTH, CRIT, OBST, THEA, PATH; level 4 UROL, NEON.
 */
const STORIES: Record<string, { name: string; month: (j: number, month: string, line: string) => MonthStory }> = {
  // Level 3 until the finance recovery plan lands in April 2025, then level 2 throughout: agency spend (not key) always misses.
  CARD: { name: "steady", month: (j) => (j < 4 ? { raw: 3, fail: ["AGENCY"], finance: true } : { raw: 2, fail: ["AGENCY"] }) },
  // Never three good months in a row: winter beds, waits and budgets; stays at level 3.
  RESP: {
    name: "struggling",
    month: (j, m, l) => {
      const winter = WINTER(m) ? ["BEDOCC"] : [];
      // 18-week misses once the target reaches 70% in 2026/27; budget misses before.
      if (j % 3 === 2) return demoTarget("RTT18", m) >= 70 && unit(l, m, "k") < 0.6 ? { raw: 3, fail: ["RTT18", ...winter] } : { raw: 3, fail: winter, finance: true };
      if (j === 13) return { raw: 2, fail: ["FALLS", ...winter] };
      return { raw: 2, fail: winter.length ? winter : [pick(["SICK", "VAC"], l, m, "n")] };
    },
  },
  GAST: { name: "improver", month: (j) => (j < 3 ? { raw: 3, fail: [] } : { raw: 1, fail: [] }) },
  DIAB: { name: "lateRiser", month: (j, m, l) => (j < 12 ? { raw: 2, fail: [pick(["FFT", "APPR"], l, m, "n")] } : { raw: 1, fail: [] }) },
  // Level 3 while 4-hour performance misses; level 2 after the unit opens (handovers over 45 minutes still happen).
  UEC: { name: "shifted", month: (j, m) => (j < 14 ? { raw: 3, fail: [], finance: WINTER(m) } : { raw: 2, fail: [] }) },
  // A budget miss in month 9 costs it a level for a while.
  GSUR: { name: "star", month: (j) => (j === 9 ? { raw: 3, fail: [], finance: true } : { raw: 1, fail: [] }) },
  // Level 1 until the 18-week trend crosses the 2026/27 target in April 2026 (month 16).
  ORTH: { name: "slipping", month: (j) => (j < 16 ? { raw: 1, fail: [] } : { raw: 3, fail: ["BEDOCC"] }) },
  // Level 2, then a C. difficile cluster, an overspend and unsigned job plans in the last three months.
  UROL: {
    name: "faller",
    month: (j, m, l) => (j < 21 ? { raw: 2, fail: [pick(["CANFDS", "TURN"], l, m, "n")] } : { raw: 4, fail: ["CDIFF"], finance: true, policy: true }),
  },
  ENT: { name: "steady", month: (j, m, l) => (j === 5 ? { raw: 3, fail: ["SICK"], finance: true } : { raw: 2, fail: [pick(["SICK", "APPR"], l, m, "n")] }) },
  // No key performance indicator, so every performance figure counts; delayed discharges keep it at level 3.
  CRIT: {
    name: "struggling",
    month: (j, m, l) => (j % 3 === 0 ? (unit(l, m, "k") < 0.6 ? { raw: 3, fail: ["CCDELAY"] } : { raw: 3, fail: [], finance: true }) : { raw: 2, fail: [pick(["PU", "FFT"], l, m, "n")] }),
  },
  // Starts at level 4 (VTE, budget, and midwife vacancies filled by agency staff over the cap), recovers
  // to 3; the vacancies and the agency spend that covers them (workforce) keep it there.
  OBST: {
    name: "recovering",
    month: (j, m, l) => (j < 3 ? { raw: 4, fail: ["VTE", "VAC", "AGENCY"], finance: true } : j % 3 === 1 ? { raw: 2, fail: [pick(["FFT", "PU"], l, m, "n")] } : { raw: 3, fail: ["VAC", "AGENCY"] }),
  },
  // Locum costs overspend the budget until May 2025; then faster-diagnosis and FFT misses only.
  GYNAE: { name: "improver", month: (j, m, l) => (j < 5 ? { raw: 3, fail: [], finance: true } : { raw: 2, fail: [pick(["CANFDS", "FFT"], l, m, "n")] }) },
  PAED: { name: "steady", month: (j, m, l) => (j === 13 ? { raw: 3, fail: ["BEDOCC"], finance: true } : { raw: 2, fail: [WINTER(m) ? "BEDOCC" : pick(["VAC", "SICK"], l, m, "n")] }) },
  // Overspends its (negative) plan every month; an MRSA case, nurse vacancies and the sickness among
  // the nurses who remain (workforce) take it to level 4 at the end.
  NEON: {
    name: "failing",
    month: (j, m, l) =>
      j < 22
        ? { raw: 3, fail: unit(l, m, "v") < 0.4 ? ["VAC"] : [], finance: true }
        : j === 22
          ? { raw: 4, fail: ["MRSA", "VAC", "SICK"], finance: true }
          : { raw: 4, fail: ["VAC", "SICK"], finance: true, policy: true },
  },
  // Utilisation steps up in month 8 and it climbs to level 1; anaesthetist sickness, covered by agency
  // anaesthetists over the cap (workforce fails on both), drops it to 3 from month 20.
  THEA: { name: "slipping", month: (j) => (j < 8 ? { raw: 3, fail: [] } : j < 20 ? { raw: 1, fail: [] } : { raw: 3, fail: ["SICK", "AGENCY"] }) },
  IMAG: { name: "improver", month: (j) => (j < 6 ? { raw: 3, fail: [] } : { raw: 1, fail: [] }) },
  // No quality indicator applies, so the quality criterion cannot be assessed: level 3 at best.
  PATH: {
    name: "unassessed",
    month: (j, m, l) => (j === 13 ? { raw: 4, fail: ["TAT"], finance: true, policy: true } : { raw: 3, fail: unit(l, m, "t") < 0.3 ? ["TAT"] : [], finance: unit(l, m, "f") < 0.25 }),
  },
};

// ---- Finance ------------------------------------------------------------------------------------

/**
 * Planned contribution (income less direct costs) for a year, in pounds, for a trust of about £650m:
 * elective surgery and cardiology carry the trust; paediatrics, neonatology, critical care, theatres
 * and urgent care are planned at a loss and cross-subsidised.
 */
const ANNUAL_PLAN: Record<string, number> = {
  CARD: 7_400_000, RESP: 3_700_000, GAST: 5_300_000, DIAB: 1_600_000, UEC: -2_100_000,
  GSUR: 9_200_000, ORTH: 10_800_000, UROL: 4_900_000, ENT: 3_100_000, CRIT: -4_300_000,
  OBST: 1_100_000, GYNAE: 2_800_000, PAED: -2_500_000, NEON: -4_600_000,
  THEA: -1_500_000, IMAG: 1_900_000, PATH: 1_100_000,
};
// Elective activity dips in August and December and peaks in March; losses deepen in winter.
const SEASON_ELECTIVE = [0.97, 1.0, 1.02, 1.0, 0.9, 1.0, 1.04, 1.05, 0.88, 0.97, 1.02, 1.15];
const SEASON_LOSS = [0.94, 0.92, 0.92, 0.94, 0.94, 0.95, 0.98, 1.04, 1.15, 1.2, 1.1, 0.92];
const YEAR_GROWTH: Record<string, number> = { "2024/25": 0.97, "2025/26": 1, "2026/27": 1.025 };

function monthlyPlan(code: string, month: string): number {
  const annual = ANNUAL_PLAN[code.toUpperCase()] ?? Math.round((2_000_000 + unit(code, "plan") * 12_000_000) / 1000) * 1000;
  const fyIndex = (Number(month.slice(5, 7)) + 8) % 12; // April = 0
  const season = (annual < 0 ? SEASON_LOSS : SEASON_ELECTIVE)[fyIndex]!;
  const growth = YEAR_GROWTH[financialYearOf(month)] ?? (financialYearOf(month) > "2026/27" ? 1.05 : 0.95);
  return Math.round((annual / 12) * season * growth / 1000) * 1000;
}

/** A line's planned contribution for one month, as its live annual plan phases it (issue 12). */
export const demoMonthlyPlan = (code: string, month: string): number => monthlyPlan(code, month);

function monthlyActual(code: string, month: string, plan: number, fail: boolean): number {
  const r = unit(code, month, "actual");
  const size = Math.abs(plan);
  // Passing months land between 0.6% under plan (inside the 1% tolerance) and 4.4% over it; failing
  // months between 2.5% and 10.5% under.
  const actual = fail ? plan - size * (0.025 + r * 0.08) : plan + size * (-0.006 + r * 0.05);
  return Math.round(actual / 100) * 100;
}

const POLICY_NOTES = [
  "Two serious incidents reported after the deadline",
  "Controlled drugs audit actions overdue",
  "Consultant job plans not signed off",
];

// ---- Building observations ----------------------------------------------------------------------

/** What to make fail in one demo month. */
export interface DemoMonthSpec {
  /** Criteria that fail on key indicators (finance and policy simply fail; workforce by two off target). */
  failKey?: CriterionId[];
  /** Make one non-key indicator miss its target (enough for level 2 rather than 1). */
  failNonKey?: boolean;
  /** Indicator codes to make miss their target. */
  fail?: string[];
}

/** The indicators a line reports, in the order the line reports them. */
function lineDefs(code: string): IndicatorDef[] {
  return demoIndicatorCodes(code).map((c) => DEFS[c]!);
}

/** The codes a spec asks to fail, for a line (a key criterion with no key indicator fails on any of its indicators). */
function failingCodes(code: string, month: string, spec: DemoMonthSpec): Set<string> {
  const defs = lineDefs(code);
  const failKey = new Set(spec.failKey ?? []);
  const failing = new Set<string>(spec.fail ?? []);
  for (const kind of ["quality", "performance"] as const) {
    if (!failKey.has(kind)) continue;
    const mine = defs.filter((d) => d.kind === kind);
    const keyed = mine.filter((d) => d.key);
    const from = keyed.length > 0 ? keyed : mine;
    if (from.length > 0) failing.add(pick(from, code, month, kind[0]!).code);
  }
  if (failKey.has("workforce")) {
    // Two off target fail workforce under the default thresholds (one is a level-2 month).
    const mine = defs.filter((d) => d.kind === "workforce");
    const first = pick(mine, code, month, "w");
    failing.add(first.code);
    failing.add(pick(mine.filter((d) => d !== first), code, month, "w2").code);
  }
  if (spec.failNonKey) {
    // Only a criterion that has key indicators can miss a non-key one without failing on key
    // indicators; workforce allows one off target by its thresholds.
    const judgedOnKey = (k: string) => k === "workforce" || defs.some((d) => d.kind === k && d.key);
    const from = defs.filter((d) => !d.key && judgedOnKey(d.kind));
    if (from.length > 0) failing.add(pick(from, code, month, "n").code);
  }
  return failing;
}

/** The value a line's indicator would take in a month with no story: its usual level, winter pressure and noise. */
function naturalValue(d: IndicatorDef, line: string, month: string, series?: Series, j?: number): number {
  if (d.rare) return poisson(usual(d, line), unit(line, month, d.code));
  const mean = series && j !== undefined ? series.mean(Math.max(0, j)) : usual(d, line);
  const winter = series ? 0 : (d.winter ?? 0) * winterWeight(month) * worse(d);
  const sd = series ? (typeof series.sd === "function" ? series.sd(Math.max(0, j ?? 0)) : series.sd) : d.sd;
  const v = round(mean + winter + sd * normal(line, month, d.code, series?.salt ?? ""), d.decimals);
  return Math.max(0, v);
}

/** Moves a value to the side of its target the month's story needs. */
function force(d: IndicatorDef, value: number, target: number, shouldMeet: boolean, line: string, month: string): number {
  if (met(d, value, target) === shouldMeet) return value;
  const r = unit(line, month, d.code, "force");
  const step = 10 ** -d.decimals;
  if (shouldMeet) {
    const margin = d.rare ? 0 : round(Math.max(step, d.sd * (0.2 + 0.6 * r)), d.decimals);
    return Math.max(0, round(target - worse(d) * margin, d.decimals));
  }
  const gap: [number, number] = isWeak(line, d.code) && !d.rare ? [d.sd * 0.3, d.sd * 1.6] : d.gap;
  let v = round(target + worse(d) * (gap[0] + (gap[1] - gap[0]) * r), d.decimals);
  if (met(d, v, target)) v = round(target + worse(d) * step, d.decimals);
  return Math.max(0, v);
}

interface BuildOptions {
  /** Position in the demo window (0 … 23), which switches on the line's signal series. */
  j?: number;
  /** Values already computed for signal series (planted points included), by code. */
  seriesValues?: Record<string, number>;
  finance: boolean;
  policy: boolean;
}

function buildObservation(code: string, month: string, failing: Set<string>, o: BuildOptions): MonthObservation {
  const line = code.toUpperCase();
  const indicators: IndicatorObservation[] = lineDefs(code).map((d) => {
    const target = demoTarget(d.code, month);
    const signal = o.seriesValues?.[d.code];
    const value = signal !== undefined ? signal : force(d, naturalValue(d, line, month), target, !failing.has(d.code), line, month);
    const ind: IndicatorObservation = { code: d.code, name: d.name, kind: d.kind, value, target, direction: d.direction, key: d.key };
    if (d.unit) ind.unit = d.unit;
    return ind;
  });
  const plan = monthlyPlan(code, month);
  const obs: MonthObservation = { month, indicators, finance: { plan, actual: monthlyActual(code, month, plan, o.finance) }, policy: { adherent: !o.policy } };
  if (o.policy) obs.policy!.note = pick(POLICY_NOTES, code, month, "policy");
  return obs;
}

/** One month of plausible figures for a service line, failing exactly the criteria (or indicators) asked for. */
export function demoObservation(code: string, month: string, spec: DemoMonthSpec = {}): MonthObservation {
  const failKey = new Set(spec.failKey ?? []);
  return buildObservation(code, month, failingCodes(code, month, spec), { finance: failKey.has("finance"), policy: failKey.has("policy") });
}

// ---- Generic patterns, for service-line codes the demo does not know ---------------------------

type Pattern = (i: number, n: number) => AutonomyLevel;

// Raw monthly levels; with a start at level 3 and 3-month promotion they end at the level in the name.
const PATTERNS: Record<string, Pattern> = {
  star: () => 1, // 3 → 2 → 1 after two sustained runs
  faller: (i, n) => (i < n - 3 ? 2 : 4), // holds 2, then falls straight to 4
  struggling: (i) => (i % 3 === 2 ? 3 : 2), // never three good months in a row: stays 3
  steady: () => 2, // reaches 2 and stays
  improver: (i, n) => (i < Math.floor(n / 2) ? 3 : 1), // climbs 3 → 2 → 1 in the second half
  recovering: (i) => (i < 4 ? 4 : 3), // falls to 4, earns its way back to 3
  failing: (i) => (i % 4 === 3 ? 3 : 4), // stays 4
  slipping: (i, n) => (i < n - 2 ? 1 : 3), // reaches 1, then drops to 3
  lateRiser: (i, n) => (i < n - 3 ? 2 : 1), // reaches 2, then 1 in the final month
};
const ORDER = ["star", "faller", "struggling", "steady", "improver", "recovering", "failing", "slipping", "lateRiser", "steady", "struggling"];

function specFor(rawLevel: AutonomyLevel, code: string, month: string): DemoMonthSpec {
  switch (rawLevel) {
    case 1:
      return {};
    case 2:
      return { failNonKey: true };
    case 3:
      return { failKey: pick<CriterionId[]>([["performance"], ["finance"], ["quality"], ["performance", "finance"]], code, month, "3"), failNonKey: unit(code, month, "nk") < 0.5 };
    case 4:
      return { failKey: pick<CriterionId[]>([["finance", "quality", "performance"], ["finance", "quality", "performance", "policy"], ["quality", "performance", "policy"]], code, month, "4"), failNonKey: true };
  }
}

/** The story or pattern name each code gets in the demo; CARD is always "steady" so it sits at level 2 at the latest month. */
export function demoPatternFor(serviceLineCodes: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  for (const code of serviceLineCodes) {
    const c = code.toUpperCase();
    out[code] = STORIES[c]?.name ?? (c === "CARD" ? "steady" : ORDER[i++ % ORDER.length]!);
  }
  return out;
}

/** The demo story for a known line in month i of n (aligned so the last month is always story month 23). */
export function demoStory(code: string, month: string, i: number, n: number): MonthStory | null {
  const story = STORIES[code.toUpperCase()];
  return story ? story.month(i + 24 - n, month, code.toUpperCase()) : null;
}

function baselineOf(values: number[]): { mean: number; mr: number } {
  const base = values.slice(0, 12);
  const mean = base.reduce((a, b) => a + b, 0) / base.length;
  const mrs = base.slice(1).map((v, k) => Math.abs(v - base[k]!));
  return { mean, mr: mrs.length ? mrs.reduce((a, b) => a + b, 0) / mrs.length : 0 };
}

/** A known line's figures over the window: signal series first (with planted points), then the rest forced to its story. */
function storyLine(code: string, months: readonly string[]): MonthObservation[] {
  const line = code.toUpperCase();
  const n = months.length;
  const seriesValues: Record<string, number>[] = months.map(() => ({}));
  for (const d of lineDefs(line)) {
    const series = SERIES[`${line}:${d.code}`];
    if (!series) continue;
    const values = months.map((m, i) => naturalValue(d, line, m, series, i + 24 - n));
    const plant = PLANTED[`${line}:${d.code}`];
    if (plant && values.length >= 12) {
      const base = baselineOf(values);
      values.forEach((_, i) => {
        const p = plant(i + 24 - n, base);
        if (p !== null) values[i] = round(p, d.decimals);
      });
    }
    values.forEach((v, i) => (seriesValues[i]![d.code] = v));
  }
  return months.map((month, i) => {
    const s = demoStory(line, month, i, n)!;
    return buildObservation(line, month, new Set(s.fail), { j: i + 24 - n, seriesValues: seriesValues[i], finance: !!s.finance, policy: !!s.policy });
  });
}

/**
 * Deterministic demo figures in which lines differ enough that, from a start at level 3, the latest
 * month shows every level 1–4 (given four or more lines): some promote after sustained months, some
 * fall. Known demo lines follow their stories (STORIES); other codes follow generic patterns.
 */
export function demoPerformance(
  serviceLineCodes: readonly string[] = DEMO_SERVICE_LINE_CODES,
  months: readonly string[] = demoMonths(DEMO_REFERENCE_DAY),
): Record<string, MonthObservation[]> {
  const patterns = demoPatternFor(serviceLineCodes);
  const out: Record<string, MonthObservation[]> = {};
  for (const code of serviceLineCodes) {
    if (STORIES[code.toUpperCase()]) {
      out[code] = storyLine(code, months);
      continue;
    }
    const pattern = PATTERNS[patterns[code]!]!;
    out[code] = months.map((month, i) => demoObservation(code, month, specFor(pattern(i, months.length), code, month)));
  }
  return out;
}

/** The planted special causes, for the report and tests: line, indicator, story months and the rule that should fire. */
export const DEMO_PLANTED_SIGNALS = [
  { line: "UEC", code: "AE4", months: "14–23", rule: "run (shift up after the same-day emergency care unit opened); points outside the baseline limits" },
  { line: "ORTH", code: "RTT18", months: "13–22", rule: "trend (ten consecutive falls)" },
  { line: "UROL", code: "CAN62", months: "20, 22", rule: "two of three beyond the lower near-limit (still above target)" },
  { line: "RESP", code: "FALLS", months: "13", rule: "a point outside the upper limit" },
  { line: "IMAG", code: "DM01", months: "6–23", rule: "run (shift up after the new MRI scanner)" },
  { line: "THEA", code: "THUTIL", months: "8–23", rule: "run (shift up after the scheduling system)" },
  { line: "CARD", code: "AGENCY", months: "0–23", rule: "common cause, consistently failing the 3.2% cap" },
] as const;
