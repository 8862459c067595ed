/**
 * The default KPI catalogue of an acute trust and its targets for a year (issue 14; ULHT §2.5 "KPIs
 * reviewed and set each year, national definitions"; §10 kitemarking). The codes are the ones the
 * demo's monthly figures use, so a line's figures find their catalogue entry by code.
 */
import { parseFinancialYear } from "../format/dates";
import type { Direction } from "../spc/types";
import { CHART_TYPES, KPI_DOMAINS, type ChartType, type KpiDefinition, type KpiDomain, type KpiTarget, type Kitemark } from "./types";

export const KPI_CODE_PATTERN = /^[A-Z][A-Z0-9]{1,11}$/;

export const DIRECTION_LABELS: Record<Direction, string> = { higher: "Higher is better", lower: "Lower is better", neutral: "No preferred direction" };

export const CHART_TYPE_LABELS: Record<ChartType, string> = {
  xmr: "XmR chart",
  rare_count: "Count against an annual threshold",
  t_chart: "T chart (days between events)",
};

export const KITEMARK_DIMENSIONS = ["timely", "complete", "validated", "audited"] as const satisfies readonly (keyof Kitemark)[];
export const KITEMARK_LABELS: Record<keyof Kitemark, string> = { timely: "Timely", complete: "Complete", validated: "Validated", audited: "Audited" };

export const APPLIES_MODES = ["all", "only", "except"] as const;
export type AppliesMode = (typeof APPLIES_MODES)[number];

// Service-line ids of the demo trust (db/seed/demo-structure.ts: lower-cased codes).
const MEDICINE = ["card", "resp", "gast", "diab", "uec"];
const SURGERY = ["gsur", "orth", "urol", "ent", "crit"];
const WOMEN_CHILDREN = ["obst", "gynae", "paed", "neon"];
const CLINICAL_SUPPORT = ["thea", "imag", "path"];
/** Every service line of the demo, including the clinical support division's. */
export const DEMO_LINE_IDS: readonly string[] = [...MEDICINE, ...SURGERY, ...WOMEN_CHILDREN, ...CLINICAL_SUPPORT];
/** Lines without beds of their own: theatres, imaging and pathology report no ward-based harms. */
const NO_BEDS = CLINICAL_SUPPORT;

const all = (): KpiDefinition["appliesTo"] => ({ mode: "all" });
const only = (...unitIds: string[]): KpiDefinition["appliesTo"] => ({ mode: "only", unitIds });
const except = (...unitIds: string[]): KpiDefinition["appliesTo"] => ({ mode: "except", unitIds });
const mark = (timely: boolean, complete: boolean, validated: boolean, audited: boolean): Kitemark => ({ timely, complete, validated, audited });

type Entry = Omit<KpiDefinition, "reviewedFor">;

const CATALOGUE: Entry[] = [
  // ---- Quality ----
  {
    code: "CDIFF",
    name: "C. difficile infections",
    domain: "quality",
    unit: "",
    direction: "lower",
    chartType: "rare_count",
    numerator: "Hospital-onset and community-onset healthcare-associated C. difficile cases (patients aged 2 and over) attributed to the service line",
    denominator: "None: a count against the line's share of the trust's annual threshold",
    dataSource: "UKHSA HCAI Data Capture System, validated by the infection prevention and control team",
    nationalReference: "UKHSA mandatory healthcare-associated infection surveillance; NHS England annual C. difficile thresholds for trusts",
    owner: "Director of Infection Prevention and Control",
    kitemark: mark(true, true, true, true),
    // The trust's NHS England threshold apportioned to each line by its bed days, rounded: six a year.
    annualThreshold: 6,
    appliesTo: except(...NO_BEDS),
  },
  {
    code: "MRSA",
    name: "MRSA bacteraemia",
    domain: "quality",
    unit: "",
    direction: "lower",
    chartType: "rare_count",
    numerator: "Hospital-onset MRSA bloodstream infections attributed to the service line",
    denominator: "None: a count; zero tolerance",
    dataSource: "UKHSA HCAI Data Capture System; post-infection review by the infection prevention and control team",
    nationalReference: "UKHSA mandatory MRSA bacteraemia surveillance; NHS England zero tolerance of avoidable MRSA bloodstream infections",
    owner: "Director of Infection Prevention and Control",
    kitemark: mark(true, true, true, true),
    annualThreshold: 0,
    appliesTo: except(...NO_BEDS),
  },
  {
    code: "VTE",
    name: "VTE risk assessment",
    domain: "quality",
    unit: "%",
    direction: "higher",
    chartType: "xmr",
    numerator: "Adults admitted in the month who had a venous thromboembolism risk assessment on admission using the national tool",
    denominator: "Adults admitted in the month",
    dataSource: "Electronic patient record: admission assessment",
    nationalReference: "NHS Standard Contract national quality requirement (VTE risk assessment); NICE NG89",
    owner: "Medical Director",
    kitemark: mark(true, true, true, false),
    annualThreshold: null,
    // Adults only: no paediatric or neonatal patients.
    appliesTo: except("paed", "neon", ...NO_BEDS),
  },
  {
    code: "FALLS",
    name: "Inpatient falls",
    domain: "quality",
    unit: "per 1,000 bed days",
    direction: "lower",
    chartType: "xmr",
    numerator: "Inpatient falls reported in the month, all levels of harm",
    denominator: "Occupied bed days in the month, in thousands",
    dataSource: "Incident reporting system (submitted to Learn from Patient Safety Events); bed days from the patient administration system",
    nationalReference: "Royal College of Physicians National Audit of Inpatient Falls; NHS England Learn from Patient Safety Events",
    owner: "Chief Nurse",
    kitemark: mark(true, false, true, false),
    annualThreshold: null,
    appliesTo: except("neon", ...NO_BEDS),
  },
  {
    code: "FFT",
    name: "Friends and Family Test: would recommend",
    domain: "quality",
    unit: "%",
    direction: "higher",
    chartType: "xmr",
    numerator: "Responses rating their experience very good or good",
    denominator: "All responses, excluding don't know",
    dataSource: "Friends and Family Test survey provider (text message, QR code and paper cards)",
    nationalReference: "NHS England Friends and Family Test guidance (2019 revision)",
    owner: "Chief Nurse",
    kitemark: mark(true, false, false, false),
    annualThreshold: null,
    appliesTo: all(),
  },
  {
    code: "PU",
    name: "Pressure ulcers, category 2 and above",
    domain: "quality",
    unit: "per 1,000 bed days",
    direction: "lower",
    chartType: "xmr",
    numerator: "Category 2, 3, 4, unstageable and deep tissue injury pressure ulcers that developed in hospital, validated by tissue viability",
    denominator: "Occupied bed days in the month, in thousands",
    dataSource: "Incident reporting system with tissue viability validation; bed days from the patient administration system",
    nationalReference: "NHS Improvement, Pressure ulcers: revised definition and measurement (2018)",
    owner: "Chief Nurse",
    kitemark: mark(true, true, true, false),
    annualThreshold: null,
    appliesTo: except(...NO_BEDS),
  },

  // ---- Operational ----
  {
    code: "RTT18",
    name: "Referral to treatment within 18 weeks",
    domain: "operational",
    unit: "%",
    direction: "higher",
    chartType: "xmr",
    numerator: "Incomplete consultant-led pathways waiting 18 weeks or less at the end of the month",
    denominator: "All incomplete consultant-led referral to treatment pathways at the end of the month",
    dataSource: "Patient administration system waiting list (monthly RTT return)",
    nationalReference: "NHS England, Recording and reporting referral to treatment waiting times for consultant-led elective care",
    owner: "Chief Operating Officer",
    kitemark: mark(true, true, true, true),
    annualThreshold: null,
    // No RTT for maternity, neonates, emergency or critical care, or the clinical support services.
    appliesTo: except("obst", "neon", "uec", "crit", ...CLINICAL_SUPPORT),
  },
  {
    code: "AE4",
    name: "A&E within 4 hours",
    domain: "operational",
    unit: "%",
    direction: "higher",
    chartType: "xmr",
    numerator: "A&E attendances (all types) admitted, transferred or discharged within 4 hours of arrival",
    denominator: "All A&E attendances (all types)",
    dataSource: "Emergency Care Data Set (ECDS)",
    nationalReference: "NHS England A&E attendances and emergency admissions monthly return; Emergency Care Data Set",
    owner: "Chief Operating Officer",
    kitemark: mark(true, true, true, true),
    annualThreshold: null,
    appliesTo: only("uec"),
  },
  {
    code: "AE12",
    name: "12-hour waits in A&E from arrival",
    domain: "operational",
    unit: "",
    direction: "lower",
    chartType: "xmr",
    numerator: "A&E attendances spending more than 12 hours in the department from arrival",
    denominator: "None: a count",
    dataSource: "Emergency Care Data Set (ECDS)",
    nationalReference: "NHS England A&E attendances and emergency admissions: 12 hours from arrival (ECDS)",
    owner: "Chief Operating Officer",
    kitemark: mark(true, true, true, false),
    annualThreshold: null,
    appliesTo: only("uec"),
  },
  {
    code: "AMBHO",
    name: "Ambulance handovers over 45 minutes",
    domain: "operational",
    unit: "",
    direction: "lower",
    chartType: "xmr",
    numerator: "Ambulance arrivals handed over to the emergency department more than 45 minutes after arrival",
    denominator: "None: a count",
    dataSource: "Ambulance service hospital arrival screen data, matched to ECDS",
    nationalReference: "NHS England urgent and emergency care plan 2025/26: handovers within a maximum of 45 minutes",
    owner: "Chief Operating Officer",
    kitemark: mark(true, false, true, false),
    annualThreshold: null,
    appliesTo: only("uec"),
  },
  {
    code: "CAN62",
    name: "Cancer treatment within 62 days",
    domain: "operational",
    unit: "%",
    direction: "higher",
    chartType: "xmr",
    numerator: "Patients starting first definitive cancer treatment within 62 days of an urgent suspected cancer referral, screening referral or consultant upgrade",
    denominator: "All patients starting first definitive treatment on those routes in the month",
    dataSource: "Cancer Waiting Times Database (CWT-Db) submission by the cancer services team",
    nationalReference: "NHS England Cancer Waiting Times national standards: 62-day combined standard (from October 2023)",
    owner: "Chief Operating Officer",
    kitemark: mark(true, true, true, true),
    annualThreshold: null,
    appliesTo: only("gsur", "urol", "gast", "resp", "gynae"),
  },
  {
    code: "CANFDS",
    name: "Cancer Faster Diagnosis Standard (28 days)",
    domain: "operational",
    unit: "%",
    direction: "higher",
    chartType: "xmr",
    numerator: "Patients told they have cancer, or that it has been ruled out, within 28 days of referral",
    denominator: "All patients on the Faster Diagnosis Standard routes told in the month",
    dataSource: "Cancer Waiting Times Database (CWT-Db) submission by the cancer services team",
    nationalReference: "NHS England Cancer Waiting Times national standards: 28-day Faster Diagnosis Standard",
    owner: "Chief Operating Officer",
    kitemark: mark(true, true, true, false),
    annualThreshold: null,
    appliesTo: only("gsur", "urol", "gast", "resp", "gynae"),
  },
  {
    code: "DM01",
    name: "Diagnostic test within 6 weeks",
    domain: "operational",
    unit: "%",
    direction: "higher",
    chartType: "xmr",
    numerator: "Patients waiting for one of the 15 key diagnostic tests who had waited less than 6 weeks at the end of the month",
    denominator: "All patients waiting for one of the 15 key diagnostic tests at the end of the month",
    dataSource: "Patient administration and radiology information systems (monthly DM01 return)",
    nationalReference: "NHS England Diagnostic waiting times and activity (DM01) guidance",
    owner: "Chief Operating Officer",
    kitemark: mark(true, true, true, true),
    annualThreshold: null,
    appliesTo: only("imag", "card", "gast", "resp", "urol"),
  },
  {
    code: "BEDOCC",
    name: "Bed occupancy",
    domain: "operational",
    unit: "%",
    // Lower, not neutral: the planning target is a ceiling, and above it flow fails (12-hour waits,
    // handover delays, outliers, infection risk). An empty bed is a productivity question that the
    // financial indicators already show. The autonomy engine stores only higher or lower.
    direction: "lower",
    chartType: "xmr",
    numerator: "General and acute beds occupied at midnight, averaged over the month",
    denominator: "General and acute beds available, averaged over the month",
    dataSource: "Patient administration system bed state (daily situation report)",
    nationalReference: "NHS England KH03 bed availability and occupancy: general and acute beds",
    owner: "Chief Operating Officer",
    kitemark: mark(true, true, false, false),
    annualThreshold: null,
    appliesTo: except(...NO_BEDS),
  },
  {
    code: "THUTIL",
    name: "Theatre utilisation (capped)",
    domain: "operational",
    unit: "%",
    direction: "higher",
    chartType: "xmr",
    numerator: "Minutes of touch time within planned session time (time before the start or after the end is not counted)",
    denominator: "Planned elective session minutes",
    dataSource: "Theatre management system",
    nationalReference: "Getting It Right First Time and NHS England Model Health System: capped theatre utilisation",
    owner: "Chief Operating Officer",
    kitemark: mark(true, true, false, false),
    annualThreshold: null,
    appliesTo: only("thea", "gsur", "orth", "urol", "ent"),
  },
  {
    code: "TAT",
    name: "Urgent pathology results within 1 hour",
    domain: "operational",
    unit: "%",
    direction: "higher",
    chartType: "xmr",
    numerator: "Urgent samples (emergency department and critical care) with a validated result within 1 hour of receipt in the laboratory",
    denominator: "Urgent samples received in the laboratory",
    dataSource: "Laboratory information management system",
    nationalReference: "Local definition, following the Royal College of Pathologists' key performance indicators in pathology",
    owner: "Clinical Director of Pathology",
    kitemark: mark(true, true, true, true),
    annualThreshold: null,
    appliesTo: only("path"),
  },
  {
    code: "CCDELAY",
    name: "Critical care discharges delayed over 4 hours",
    domain: "operational",
    unit: "%",
    direction: "lower",
    chartType: "xmr",
    numerator: "Discharges to a ward that took place more than 4 hours after the decision to discharge",
    denominator: "All discharges from critical care to a ward",
    dataSource: "ICNARC Case Mix Programme submission from the critical care information system",
    nationalReference: "FICM and ICS Guidelines for the Provision of Intensive Care Services (GPICS): discharge within 4 hours of the decision",
    owner: "Clinical Director of Critical Care",
    kitemark: mark(true, true, true, false),
    annualThreshold: null,
    appliesTo: only("crit"),
  },

  // ---- Financial ----
  {
    code: "CONTRIB",
    name: "Contribution against plan",
    domain: "financial",
    unit: "%",
    direction: "higher",
    chartType: "xmr",
    numerator: "Actual contribution less planned contribution for the month",
    denominator: "Planned contribution for the month (its absolute value)",
    dataSource: "Service-line reporting and the general ledger, month-end close",
    nationalReference: "Monitor, Service-line management framework; local service-line reporting definition",
    owner: "Director of Finance",
    kitemark: mark(true, true, true, true),
    annualThreshold: null,
    appliesTo: all(),
  },
  {
    code: "CIP",
    name: "Cost improvement delivered against plan",
    domain: "financial",
    unit: "%",
    direction: "higher",
    chartType: "xmr",
    numerator: "Savings delivered in the year to date, recurrent and non-recurrent",
    denominator: "Savings planned for the year to date",
    dataSource: "Programme management office CIP tracker, validated by finance",
    nationalReference: "Local definition within the NHS England financial plan",
    owner: "Director of Finance",
    kitemark: mark(true, true, true, false),
    annualThreshold: null,
    appliesTo: all(),
  },

  // ---- Workforce ----
  {
    code: "SICK",
    name: "Sickness absence",
    domain: "workforce",
    unit: "%",
    direction: "lower",
    chartType: "xmr",
    numerator: "Full-time equivalent days lost to sickness in the month",
    denominator: "Full-time equivalent days available in the month",
    dataSource: "Electronic Staff Record (ESR) and e-rostering",
    nationalReference: "NHS England NHS Sickness Absence Rates methodology",
    owner: "Director of People",
    kitemark: mark(true, true, true, false),
    annualThreshold: null,
    appliesTo: all(),
  },
  {
    code: "AGENCY",
    name: "Agency spend as a share of the pay bill",
    domain: "workforce",
    unit: "%",
    direction: "lower",
    chartType: "xmr",
    numerator: "Agency staff spend in the month",
    denominator: "Total pay bill in the month",
    dataSource: "General ledger and the agency booking system",
    nationalReference: "NHS England agency rules and planning guidance agency expenditure limits",
    owner: "Director of People",
    kitemark: mark(true, true, true, true),
    annualThreshold: null,
    appliesTo: all(),
  },
  {
    code: "VAC",
    name: "Vacancy rate",
    domain: "workforce",
    unit: "%",
    direction: "lower",
    chartType: "xmr",
    numerator: "Funded establishment (full-time equivalent) not filled by substantive staff at the end of the month",
    denominator: "Funded establishment (full-time equivalent)",
    dataSource: "Electronic Staff Record (ESR) and the finance establishment",
    nationalReference: "NHS England NHS Vacancy Statistics methodology",
    owner: "Director of People",
    kitemark: mark(true, false, true, false),
    annualThreshold: null,
    appliesTo: all(),
  },
  {
    code: "TURN",
    name: "Staff turnover",
    domain: "workforce",
    unit: "%",
    direction: "lower",
    chartType: "xmr",
    numerator: "Leavers (full-time equivalent) in the last 12 months, excluding rotational doctors in training",
    denominator: "Average staff in post (full-time equivalent) over the same 12 months",
    dataSource: "Electronic Staff Record (ESR)",
    nationalReference: "NHS England NHS workforce statistics: leaver rate",
    owner: "Director of People",
    kitemark: mark(true, true, true, false),
    annualThreshold: null,
    appliesTo: all(),
  },
  {
    code: "MAND",
    name: "Mandatory training compliance",
    domain: "workforce",
    unit: "%",
    direction: "higher",
    chartType: "xmr",
    numerator: "Staff up to date with every statutory and mandatory subject required for their role",
    denominator: "Staff required to complete them",
    dataSource: "Electronic Staff Record (ESR) learning management",
    nationalReference: "Skills for Health Core Skills Training Framework",
    owner: "Director of People",
    kitemark: mark(true, true, false, false),
    annualThreshold: null,
    appliesTo: all(),
  },
  {
    code: "APPR",
    name: "Appraisal rate",
    domain: "workforce",
    unit: "%",
    direction: "higher",
    chartType: "xmr",
    numerator: "Staff with an appraisal recorded in the last 12 months (medical appraisals for revalidation included)",
    denominator: "Staff eligible for an appraisal",
    dataSource: "Electronic Staff Record (ESR); medical appraisal system",
    nationalReference: "Local definition; NHS Staff Survey appraisal question for comparison",
    owner: "Director of People",
    kitemark: mark(true, false, false, false),
    annualThreshold: null,
    appliesTo: all(),
  },
];

/** Every code of the default catalogue, in its order. */
export const DEFAULT_KPI_CODES: readonly string[] = CATALOGUE.map((d) => d.code);

/** The default catalogue of an acute trust, reviewed and set for the given financial year ("2026/27"). */
export function defaultCatalogue(year: string): KpiDefinition[] {
  const fy = parseFinancialYear(year);
  if (!fy.ok) throw new RangeError(fy.error);
  return CATALOGUE.map((d) => structuredClone({ ...d, reviewedFor: fy.value.label }));
}

// ---- Targets ----

// National ambitions by financial year, from NHS England's planning guidance for that year. Where a
// year is not listed the nearest earlier one is carried forward and the source says so.
//  - 2025/26: 2025/26 priorities and operational planning guidance (January 2025).
//  - 2026/27: Medium term planning framework 2026/27 to 2028/29 (NHS England and DHSC, October 2025).
const PG_2526 = "NHS England 2025/26 priorities and operational planning guidance";
const MTPF = "NHS England medium term planning framework 2026/27 to 2028/29";
const NATIONAL: Record<string, Record<string, { value: number; source: string }>> = {
  AE4: {
    "2025/26": { value: 78, source: `${PG_2526}: 78% of patients admitted, transferred or discharged within 4 hours by March 2026` },
    "2026/27": { value: 82, source: `${MTPF}: 82% within 4 hours by March 2027` },
  },
  RTT18: {
    "2025/26": { value: 65, source: `${PG_2526}: 65% within 18 weeks nationally by March 2026, every trust at least 5 points better` },
    // The framework asks each trust for 65% or a 7-point improvement, whichever is greater, towards a
    // national 70%; the trust adopts the national figure.
    "2026/27": { value: 70, source: `${MTPF}: 70% within 18 weeks nationally by March 2027 (each trust at least 65% or 7 points better)` },
  },
  CAN62: {
    "2025/26": { value: 75, source: `${PG_2526}: 75% within 62 days by March 2026` },
    // As recalled from the framework (80% by March 2027 on the way to 85% in 2028/29): check against the published text.
    "2026/27": { value: 80, source: `${MTPF}: 80% within 62 days by March 2027` },
  },
  CANFDS: {
    "2025/26": { value: 80, source: `${PG_2526}: 80% within 28 days by March 2026` },
    "2026/27": { value: 80, source: `${MTPF}: maintain the Faster Diagnosis Standard at 80%` },
  },
  DM01: {
    // No 2025/26 or 2026/27 figure is known to us with confidence: the 95% ambition of the 2024/25
    // guidance is used (the constitutional standard is 99%).
    "2024/25": { value: 95, source: "NHS England 2024/25 priorities and operational planning guidance: 95% within 6 weeks by March 2025 (constitutional standard 99%)" },
  },
  AMBHO: {
    "2025/26": { value: 0, source: "NHS England urgent and emergency care plan 2025/26: no ambulance handover over 45 minutes" },
  },
  BEDOCC: {
    // The 92% ceiling is the 2023/24 guidance's; later guidance sets none nationally.
    "2023/24": { value: 92, source: "NHS England 2023/24 priorities and operational planning guidance: general and acute bed occupancy 92% or below" },
  },
  THUTIL: {
    "2022/23": { value: 85, source: "NHS England delivery plan for tackling the COVID-19 backlog of elective care (2022) and GIRFT: 85% capped theatre utilisation" },
  },
  VTE: {
    "2024/25": { value: 95, source: "NHS Standard Contract national quality requirement: 95% of adult inpatients risk-assessed for VTE" },
  },
  MRSA: {
    "2024/25": { value: 0, source: "NHS England: zero tolerance of avoidable MRSA bacteraemia" },
  },
};

// Riverside's own targets where there is no national one, set by the Board with the annual plan.
const LOCAL: Record<string, { value: number; why: string; national?: true }> = {
  // NHS England sets each trust's threshold every year; the Board shares it out between the lines.
  CDIFF: { value: 6, why: "6 cases a year for each service line, the trust's NHS England C. difficile threshold for the year shared out by bed days", national: true },
  FALLS: { value: 5, why: "5 or fewer per 1,000 bed days" },
  FFT: { value: 90, why: "90% or more would recommend" },
  PU: { value: 1, why: "1 or fewer per 1,000 bed days" },
  AE12: { value: 150, why: "150 or fewer a month, the trust's trajectory towards fewer 12-hour waits than the year before" },
  TAT: { value: 90, why: "90% of urgent results within 1 hour" },
  CCDELAY: { value: 10, why: "10% or fewer of discharges delayed over 4 hours" },
  CONTRIB: { value: 0, why: "contribution at or above plan (variance of 0% or better)" },
  CIP: { value: 100, why: "100% of planned savings delivered" },
  SICK: { value: 4.5, why: "sickness absence of 4.5% or less" },
  // NHS England's 2023/24 ceiling was 3.7% of the pay bill and 2025/26 asked for a 30% cut in agency spend; the trust's plan is 3.2%.
  AGENCY: { value: 3.2, why: "agency spend of 3.2% of the pay bill or less" },
  VAC: { value: 7, why: "a vacancy rate of 7% or less" },
  TURN: { value: 10, why: "staff turnover of 10% or less" },
  MAND: { value: 90, why: "90% compliance" },
  APPR: { value: 90, why: "90% of staff appraised in the last 12 months" },
};

const startYearOf = (year: string) => Number(year.slice(0, 4));

/** The default targets for a financial year, each named with its year and source. */
export function defaultTargets(year: string): KpiTarget[] {
  const fy = parseFinancialYear(year);
  if (!fy.ok) throw new RangeError(fy.error);
  const label = fy.value.label;
  const out: KpiTarget[] = [];
  for (const code of DEFAULT_KPI_CODES) {
    const national = NATIONAL[code];
    if (national) {
      const years = Object.keys(national).sort();
      const exact = national[label];
      const earlier = years.filter((y) => startYearOf(y) <= fy.value.startYear).at(-1);
      // Before the first known year, the earliest known one stands in.
      const used = exact ? label : (earlier ?? years[0]!);
      const t = national[used]!;
      out.push({ code, year: label, value: t.value, source: used === label ? t.source : `${t.source} (the ${used} figure, carried into ${label} until one is set)` });
      continue;
    }
    const local = LOCAL[code];
    if (local) out.push({ code, year: label, value: local.value, source: `Riverside Board, annual plan ${label}: ${local.why}${local.national ? "" : " (no national target)"}` });
  }
  return out;
}

// ---- Which earned-autonomy criterion a domain counts under ----

/**
 * The earned-autonomy criterion an indicator of each domain is judged under. ULHT §5.2 rates "Finance,
 * Workforce, Quality and Operational performance": quality and workforce measures have criteria of
 * their own; operational measures are the framework's performance indicators. Financial KPIs
 * (cost-improvement delivery, agency spend in pounds) are reported as performance indicators: the
 * finance criterion itself is judged on contribution against the plan, not on indicators.
 */
export const CRITERION_OF_DOMAIN: Record<KpiDomain, "quality" | "performance" | "workforce"> = {
  quality: "quality",
  operational: "performance",
  financial: "performance",
  workforce: "workforce",
};

/** The default catalogue's workforce codes (sickness, agency, vacancies, turnover, training, appraisal). */
export const WORKFORCE_KPI_CODES: readonly string[] = CATALOGUE.filter((e) => e.domain === "workforce").map((e) => e.code);

// ---- Ordering ----

const domainRank = (d: KpiDomain) => KPI_DOMAINS.indexOf(d);
const defaultRank = (code: string) => {
  const i = DEFAULT_KPI_CODES.indexOf(code);
  return i < 0 ? Number.MAX_SAFE_INTEGER : i;
};

/** Catalogue order: by domain (quality, operational, financial, workforce), then the default catalogue's order, then by code. */
export function compareDefinitions(a: Pick<KpiDefinition, "domain" | "code">, b: Pick<KpiDefinition, "domain" | "code">): number {
  return domainRank(a.domain) - domainRank(b.domain) || defaultRank(a.code) - defaultRank(b.code) || a.code.localeCompare(b.code);
}

/** A sorted copy of a catalogue. */
export function sortDefinitions<T extends Pick<KpiDefinition, "domain" | "code">>(defs: readonly T[]): T[] {
  return [...defs].sort(compareDefinitions);
}

/** The catalogue split by domain, each sorted; every domain is present, possibly empty. */
export function byDomain<T extends Pick<KpiDefinition, "domain" | "code">>(defs: readonly T[]): Record<KpiDomain, T[]> {
  const out = Object.fromEntries(KPI_DOMAINS.map((d) => [d, [] as T[]])) as Record<KpiDomain, T[]>;
  for (const d of sortDefinitions(defs)) out[d.domain]?.push(d);
  return out;
}

/** Targets sorted by code, then by year, oldest first. */
export function sortTargets(targets: readonly KpiTarget[]): KpiTarget[] {
  return [...targets].sort((a, b) => defaultRank(a.code) - defaultRank(b.code) || a.code.localeCompare(b.code) || a.year.localeCompare(b.year));
}

// ---- Validation ----

export type DefinitionErrors = Partial<Record<keyof KpiDefinition | "form", string>>;

const TEXT_MAX = 500;
const DIRECTIONS: readonly Direction[] = ["higher", "lower", "neutral"];

/**
 * What is wrong with a catalogue entry, field by field (empty when it may be saved). `knownUnitIds`
 * are the service lines of the structure that `appliesTo` may name.
 */
export function validateDefinition(def: KpiDefinition, knownUnitIds: readonly string[]): DefinitionErrors {
  const errors: DefinitionErrors = {};
  const text = (v: unknown) => (typeof v === "string" ? v.trim() : "");
  if (!KPI_CODE_PATTERN.test(typeof def.code === "string" ? def.code : "")) errors.code = "Enter a code of 2 to 12 capital letters or digits that starts with a letter, for example RTT18";
  if (!text(def.name)) errors.name = "Enter the indicator's name";
  else if (text(def.name).length > 120) errors.name = "The name must be 120 characters or fewer";
  if (!(KPI_DOMAINS as readonly string[]).includes(def.domain)) errors.domain = "Choose the domain: quality, operational, financial or workforce";
  if (typeof def.unit !== "string" || def.unit.length > 40) errors.unit = "The unit must be 40 characters or fewer, for example % or per 1,000 bed days";
  if (!DIRECTIONS.includes(def.direction)) errors.direction = "Choose whether higher or lower is better, or neither";
  if (!(CHART_TYPES as readonly string[]).includes(def.chartType)) errors.chartType = "Choose the chart type";
  const required: [keyof KpiDefinition, string][] = [
    ["numerator", "Enter what is counted (the numerator)"],
    ["dataSource", "Enter where the figures come from"],
    ["nationalReference", "Enter the national definition it follows, or write Local definition"],
    ["owner", "Enter the owner, for example Chief Operating Officer"],
  ];
  for (const [field, message] of required) {
    if (!text(def[field])) errors[field] = message;
  }
  for (const field of ["numerator", "denominator", "dataSource", "nationalReference", "owner"] as const) {
    if (!errors[field] && typeof def[field] === "string" && def[field].length > TEXT_MAX) errors[field] = `This must be ${TEXT_MAX} characters or fewer`;
  }
  if (def.denominator !== undefined && typeof def.denominator !== "string") errors.denominator = "Enter the denominator as text";
  if (def.chartType === "rare_count") {
    const t = def.annualThreshold;
    if (t === null || t === undefined || typeof t !== "number" || Number.isNaN(t)) errors.annualThreshold = "Enter the annual threshold: the most events a year before the indicator counts as failed";
    else if (t < 0) errors.annualThreshold = "The annual threshold cannot be negative";
    else if (!Number.isInteger(t)) errors.annualThreshold = "The annual threshold is a count of events: enter a whole number";
  } else if (!errors.chartType && def.annualThreshold !== null && def.annualThreshold !== undefined) {
    errors.annualThreshold = "Only a count against an annual threshold has an annual threshold; leave it blank";
  }
  const fy = parseFinancialYear(typeof def.reviewedFor === "string" ? def.reviewedFor : "");
  if (!fy.ok) errors.reviewedFor = "Enter the financial year it was reviewed and set for, for example 2026/27";
  else if (fy.value.label !== def.reviewedFor) errors.reviewedFor = `Write the financial year as ${fy.value.label}`;
  const a = def.appliesTo as { mode?: unknown; unitIds?: unknown } | undefined;
  if (!a || !(APPLIES_MODES as readonly unknown[]).includes(a.mode)) errors.appliesTo = "Choose which service lines it applies to";
  else if (a.mode !== "all") {
    const ids = Array.isArray(a.unitIds) ? (a.unitIds as unknown[]).map(String) : [];
    const unknown = ids.filter((id) => !knownUnitIds.includes(id));
    if (ids.length === 0) errors.appliesTo = a.mode === "only" ? "Choose the service lines it applies to" : "Choose the service lines it does not apply to, or choose all service lines";
    else if (unknown.length) errors.appliesTo = `${unknown.length === 1 ? `${unknown[0]} is not a service line` : `${unknown.join(", ")} are not service lines`} of the structure`;
    else if (new Set(ids).size !== ids.length) errors.appliesTo = "Name each service line once";
  }
  for (const k of KITEMARK_DIMENSIONS) {
    if (typeof def.kitemark?.[k] !== "boolean") errors.kitemark = "Say which parts of the data-quality kitemark are met";
  }
  return errors;
}

export type TargetErrors = Partial<Record<keyof KpiTarget | "form", string>>;

/** What is wrong with a target; `def` (the indicator) sharpens the checks for counts. */
export function validateTarget(target: KpiTarget, def?: Pick<KpiDefinition, "chartType" | "unit"> | null): TargetErrors {
  const errors: TargetErrors = {};
  if (!KPI_CODE_PATTERN.test(target.code)) errors.code = "That is not a code of the catalogue";
  const fy = parseFinancialYear(target.year ?? "");
  if (!fy.ok) errors.year = "Enter the financial year the target is for, for example 2026/27";
  else if (fy.value.label !== target.year) errors.year = `Write the financial year as ${fy.value.label}`;
  if (typeof target.value !== "number" || !Number.isFinite(target.value)) errors.value = "Enter the target as a number, for example 82 or 4.5";
  else if (def && (def.chartType === "rare_count" || def.unit === "") && (target.value < 0 || !Number.isInteger(target.value))) errors.value = "The target is a count: enter a whole number, 0 or more";
  else if (def?.unit === "%" && Math.abs(target.value) > 1000) errors.value = "Enter the target as a percentage, for example 82";
  if (!target.source?.trim()) errors.source = "Name the target's source, for example NHS England planning guidance 2026/27: 82% by March 2027";
  else if (target.source.length > TEXT_MAX) errors.source = `The source must be ${TEXT_MAX} characters or fewer`;
  return errors;
}
