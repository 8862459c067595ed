import { financialYearMonths } from "../format/dates";
import type { AutonomyLevel, CriterionId, IndicatorObservation, MonthObservation } from "./types";

/** The demo trust's service lines: medicine, surgery, and women & children. */
export const DEMO_SERVICE_LINE_CODES = [
  "CARD", "RESP", "GAST", "DIAB",
  "GSUR", "ORTH", "UROL", "ENT",
  "OBST", "GYNAE", "PAED", "NEON",
] as const;

interface IndicatorDef {
  code: string;
  name: string;
  kind: "quality" | "performance";
  target: number;
  direction: "higher" | "lower";
  key: boolean;
  unit?: string;
  good: [number, number];
  bad: [number, number];
  decimals: number;
}

// Targets from DOMAIN-REFERENCE.md; ranges keep passing and failing figures plausible.
const QUALITY: IndicatorDef[] = [
  { code: "CDIFF", name: "C. difficile infections", kind: "quality", target: 1, direction: "lower", key: true, good: [0, 1], bad: [2, 4], decimals: 0 },
  { code: "MRSA", name: "MRSA bacteraemia", kind: "quality", target: 0, direction: "lower", key: true, good: [0, 0], bad: [1, 2], decimals: 0 },
  { code: "VTE", name: "VTE risk assessment", kind: "quality", target: 95, direction: "higher", key: true, unit: "%", good: [95.2, 99.4], bad: [88, 94.5], decimals: 1 },
  { code: "FALLS", name: "Inpatient falls", kind: "quality", target: 5, direction: "lower", key: false, unit: "per 1,000 bed days", good: [2.5, 4.8], bad: [5.3, 7], decimals: 1 },
  { code: "FFT", name: "Friends and Family Test: would recommend", kind: "quality", target: 90, direction: "higher", key: false, unit: "%", good: [91, 97], bad: [82, 89], decimals: 0 },
];
const RTT: IndicatorDef = { code: "RTT18", name: "Referral to treatment within 18 weeks", kind: "performance", target: 65, direction: "higher", key: true, unit: "%", good: [66, 78], bad: [55, 63.9], decimals: 1 };
const SECOND_KEY: IndicatorDef[] = [
  { code: "AE4", name: "A&E within 4 hours", kind: "performance", target: 78, direction: "higher", key: true, unit: "%", good: [78.5, 86], bad: [68, 77], decimals: 1 },
  { code: "CAN62", name: "Cancer treatment within 62 days", kind: "performance", target: 75, direction: "higher", key: true, unit: "%", good: [75.5, 85], bad: [62, 74], decimals: 1 },
  { code: "DM01", name: "Diagnostic test within 6 weeks", kind: "performance", target: 95, direction: "higher", key: true, unit: "%", good: [95.1, 99], bad: [85, 94], decimals: 1 },
];
const PERFORMANCE_NON_KEY: IndicatorDef[] = [
  { code: "BEDOCC", name: "Bed occupancy", kind: "performance", target: 92, direction: "lower", key: false, unit: "%", good: [84, 91.8], bad: [93, 98], decimals: 1 },
  { code: "SICK", name: "Sickness absence", kind: "performance", target: 4.5, direction: "lower", key: false, unit: "%", good: [3.2, 4.4], bad: [4.7, 6.2], decimals: 1 },
  { code: "AGENCY", name: "Agency spend as a share of the pay bill", kind: "performance", target: 3.2, direction: "lower", key: false, unit: "%", good: [1.2, 3.1], bad: [3.5, 6], decimals: 1 },
];
const POLICY_NOTES = [
  "Two serious incidents reported after the deadline",
  "Mandatory training compliance below 85%",
  "Consultant job plans not signed off",
];

// FNV-1a: a stable, dependency-free hash, so the demo is identical on every run and machine.
function unit(...parts: (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const ch of parts.join("|")) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h / 0x100000000;
}

function pick<T>(list: readonly T[], ...seed: (string | number)[]): T {
  return list[Math.floor(unit(...seed) * list.length)]!;
}

function between([lo, hi]: [number, number], decimals: number, r: number): number {
  const f = 10 ** decimals;
  return Math.round((lo + (hi - lo) * r) * f) / f;
}

function lineIndicators(code: string): IndicatorDef[] {
  return [...QUALITY, RTT, pick(SECOND_KEY, code, "second"), ...PERFORMANCE_NON_KEY];
}

function monthlyPlan(code: string): number {
  return Math.round((180_000 + unit(code, "plan") * 1_200_000) / 1000) * 1000;
}

/** What to make fail in one demo month. */
export interface DemoMonthSpec {
  /** Criteria that fail on key indicators (finance and policy simply fail). */
  failKey?: CriterionId[];
  /** Make one non-key indicator miss its target (enough for level 2 rather than 1). */
  failNonKey?: boolean;
}

/** One month of plausible figures for a service line, failing exactly the criteria asked for. */
export function demoObservation(code: string, month: string, spec: DemoMonthSpec = {}): MonthObservation {
  const failKey = new Set(spec.failKey ?? []);
  const defs = lineIndicators(code);
  const failing = new Set<string>();
  if (failKey.has("quality")) failing.add(pick(defs.filter((d) => d.kind === "quality" && d.key), code, month, "q").code);
  if (failKey.has("performance")) failing.add(pick(defs.filter((d) => d.kind === "performance" && d.key), code, month, "p").code);
  if (spec.failNonKey) failing.add(pick(defs.filter((d) => !d.key), code, month, "n").code);

  const indicators: IndicatorObservation[] = defs.map((d) => {
    const bad = failing.has(d.code);
    const ind: IndicatorObservation = {
      code: d.code,
      name: d.name,
      kind: d.kind,
      value: between(bad ? d.bad : d.good, d.decimals, unit(code, month, d.code)),
      target: d.target,
      direction: d.direction,
      key: d.key,
    };
    if (d.unit) ind.unit = d.unit;
    return ind;
  });

  const plan = monthlyPlan(code);
  const r = unit(code, month, "actual");
  // Passing months land between 0.5% under plan (inside the 1% tolerance) and 5% over it.
  const actual = failKey.has("finance")
    ? Math.round(plan * (0.9 + r * 0.07) / 100) * 100
    : Math.round(plan * (0.995 + r * 0.055) / 100) * 100;

  const obs: MonthObservation = { month, indicators, finance: { plan, actual }, policy: { adherent: !failKey.has("policy") } };
  if (failKey.has("policy")) obs.policy!.note = pick(POLICY_NOTES, code, month, "policy");
  return obs;
}

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

/** The pattern name each code gets in the demo; CARD is always "steady" so it sits at level 2 at the latest month. */
export function demoPatternFor(serviceLineCodes: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  for (const code of serviceLineCodes) {
    out[code] = code.toUpperCase() === "CARD" ? "steady" : ORDER[i++ % ORDER.length]!;
  }
  return out;
}

/**
 * Deterministic demo figures in which lines differ enough that, from a start at level 3, the latest
 * month shows every level 1–4 (given four or more lines): some promote after sustained months, one falls.
 */
export function demoPerformance(
  serviceLineCodes: readonly string[] = DEMO_SERVICE_LINE_CODES,
  months: readonly string[] = financialYearMonths("2026/27"),
): Record<string, MonthObservation[]> {
  const patterns = demoPatternFor(serviceLineCodes);
  const out: Record<string, MonthObservation[]> = {};
  for (const code of serviceLineCodes) {
    const pattern = PATTERNS[patterns[code]!]!;
    out[code] = months.map((month, i) => demoObservation(code, month, specFor(pattern(i, months.length), code, month)));
  }
  return out;
}
