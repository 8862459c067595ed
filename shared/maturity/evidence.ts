/**
 * Evidence for the SLM maturity self-assessment suggested from Devolve's own records (issue 15).
 * Each suggestion names the section, the level the data supports (or none), the reason in plain
 * English, and links to the pages that show it. A suggestion is advisory: the workshop agrees the
 * level; a claimed level above the evidence is flagged, never refused.
 *
 * One function per section in `EVIDENCE_SOURCES`, each reading plain inputs, so a new source (annual
 * plans, review meetings, incentive frameworks when Devolve holds them) is one function and one field
 * of `EvidenceInputs`. Where Devolve holds no records, the suggestion says so and suggests no level.
 */
import type { Scheme } from "../delegation/types";
import type { KpiDomain } from "../kpi/types";
import { formatDate } from "../format/dates";
import { sectionRef, type MaturityLevel } from "./framework";

export interface SchemeEvidence {
  versionId: string;
  number: string;
  effectiveFrom: string;
  /** Approved (not withdrawn) versions of the scheme so far, this one included. */
  approvedVersions: number;
  scheme: Pick<Scheme, "levels" | "serviceLineLevelId" | "decisions">;
}

export interface StructureEvidence {
  versionId: string;
  number: string;
  effectiveFrom: string;
  /** Approved by a Board resolution, or by the Chair's urgent action awaiting ratification. */
  approvedBy: "board" | "chair_action";
  counts: { service_line: number; sub_service_line: number; pod: number };
}

export interface KpiEvidence {
  /** Domains of the indicators in the catalogue. */
  domains: KpiDomain[];
  serviceLines: number;
  /** Service lines with monthly figures in the last three months up to `latestMonth`. */
  linesWithRecentFigures: number;
  latestMonth: string | null;
  /** Service lines with at least 20 months of one indicator (enough for SPC limits). */
  linesWithSpcSeries: number;
}

export interface EvidenceInputs {
  workspaceId: string;
  /** The day asked about (ISO); the versions are those in force then. */
  date: string;
  scheme: SchemeEvidence | null;
  structure: StructureEvidence | null;
  kpis: KpiEvidence | null;
}

export interface Suggestion {
  sectionId: string;
  /** The level the data supports; null when Devolve's records cannot say. */
  level: MaturityLevel | null;
  reason: string;
  links: { label: string; href: string }[];
}

type Source = (i: EvidenceInputs) => Omit<Suggestion, "sectionId">;

const noRecords = (what: string): Source => () => ({ level: null, reason: `Devolve holds no ${what} yet, so no level is suggested from data. Cite the trust's own records as evidence.`, links: [] });

const ws = (i: EvidenceInputs) => `/w/${encodeURIComponent(i.workspaceId)}`;

/** Whether a level of the scheme holds a decision (a delegated or reserved cell; at the service line, a limit at some autonomy level). */
function holds(decision: Scheme["decisions"][number], levelId: string, serviceLineLevelId: string): boolean {
  if (levelId === serviceLineLevelId) return decision.cells[levelId]?.mode !== "none" && decision.cells[levelId] !== undefined && [1, 2, 3, 4].some((l) => decision.serviceLineLimits[l as 1] !== null);
  const mode = decision.cells[levelId]?.mode;
  return mode === "delegated" || mode === "reserved";
}

/** The scheme's levels in three tiers around the service line: executive (above it, below the Board and its committees), the service line, and teams (below it). */
export function schemeTiers(scheme: SchemeEvidence["scheme"]): { executive: string[]; serviceLine: string[]; team: string[] } {
  const at = scheme.levels.findIndex((l) => l.id === scheme.serviceLineLevelId);
  if (at < 0) return { executive: [], serviceLine: [], team: [] };
  const above = scheme.levels.slice(0, at).filter((l) => !l.reservedOnly && !/board|committee|governor/i.test(`${l.id} ${l.name}`));
  return { executive: above.map((l) => l.id), serviceLine: [scheme.serviceLineLevelId], team: scheme.levels.slice(at + 1).map((l) => l.id) };
}

const AREA_WORDS: Record<string, string> = { hr: "HR", financial: "financial", clinical: "clinical and operational", strategic: "strategic and service development" };

/** Part 4 §7, decision rights: from the scheme in force, its tiers, its four areas and its approved history. */
export const decisionRights: Source = (i) => {
  const s = i.scheme;
  if (!s) return { level: null, reason: "No scheme of delegation has been approved, so none is in force. The draft is not evidence until the Board approves it.", links: [{ label: "Scheme of delegation (draft)", href: `${ws(i)}/delegation` }] };
  const tiers = schemeTiers(s.scheme);
  const sl = s.scheme.serviceLineLevelId;
  const tierHeld = (ids: string[], decisions: Scheme["decisions"]) => decisions.some((d) => ids.some((id) => holds(d, id, sl)));
  const allTiers = (decisions: Scheme["decisions"]) => tierHeld(tiers.executive, decisions) && tierHeld(tiers.serviceLine, decisions) && tierHeld(tiers.team, decisions);
  // An area is covered when the scheme delegates some of its decisions below the Board (issue 15:
  // "covers all four areas with limits at executive, service-line and team levels").
  const below = [...tiers.executive, ...tiers.serviceLine, ...tiers.team];
  const areasFull = (["hr", "financial", "clinical", "strategic"] as const).filter((a) => tierHeld(below, s.scheme.decisions.filter((d) => d.area === a)));
  const links = [
    { label: `Scheme of delegation v${s.number}, in force from ${formatDate(s.effectiveFrom)}`, href: `${ws(i)}/versions/${encodeURIComponent(s.versionId)}` },
    { label: "Versions and approvals", href: `${ws(i)}/versions` },
  ];
  const head = `Scheme v${s.number} is in force from ${formatDate(s.effectiveFrom)}`;
  if (!allTiers(s.scheme.decisions)) return { level: 1, reason: `${head}, but it does not define decision rights at all of the executive, service-line and team levels.`, links };
  if (s.approvedVersions < 2) return { level: 2, reason: `${head} with decision rights at the executive, service-line and team levels; it is the first approved version, so there is no history yet of amending it under change control.`, links };
  if (areasFull.length < 4) {
    const missing = (["hr", "financial", "clinical", "strategic"] as const).filter((a) => !areasFull.includes(a)).map((a) => AREA_WORDS[a]);
    return { level: 3, reason: `${head}, with rights at the executive, service-line and team levels and ${s.approvedVersions} approved versions (change control), but it delegates no ${missing.join(", ")} decisions, so it does not cover all four areas.`, links };
  }
  return { level: 4, reason: `${head}: decision rights in all four areas (HR, financial, clinical and operational, strategic and service development) at the executive, service-line and team levels, with ${s.approvedVersions} approved versions behind it.`, links };
};

/** Part 4 §8, delegation in practice: whether the service line's limits vary with earned autonomy. */
export const delegationInPractice: Source = (i) => {
  const s = i.scheme;
  if (!s) return { level: null, reason: "No scheme of delegation is in force, so Devolve cannot show which decisions service lines hold.", links: [] };
  const sl = s.scheme.serviceLineLevelId;
  const held = s.scheme.decisions.filter((d) => holds(d, sl, sl));
  const varying = held.filter((d) => !d.performanceIndependent && new Set([1, 2, 3, 4].map((l) => d.serviceLineLimits[l as 1])).size > 1);
  const links = [
    { label: `Scheme of delegation v${s.number}`, href: `${ws(i)}/versions/${encodeURIComponent(s.versionId)}` },
    { label: "Earned autonomy", href: `${ws(i)}/autonomy` },
  ];
  if (held.length === 0) return { level: 1, reason: `Scheme v${s.number} delegates no decisions to service lines.`, links };
  if (varying.length > 0) return { level: 4, reason: `In scheme v${s.number} service lines hold ${held.length} decisions and the limits of ${varying.length} of them vary with earned autonomy (for example "${varying[0]!.title}"): autonomy based on performance.`, links };
  if (held.length * 2 >= s.scheme.decisions.length) return { level: 3, reason: `In scheme v${s.number} service lines hold ${held.length} of ${s.scheme.decisions.length} decisions, but no limit varies with earned autonomy.`, links };
  return { level: 2, reason: `In scheme v${s.number} service lines hold ${held.length} of ${s.scheme.decisions.length} decisions; no limit varies with earned autonomy.`, links };
};

/** Part 4 §1, defining service lines: from the structure version in force and who approved it. */
export const structureDefinition: Source = (i) => {
  const s = i.structure;
  if (!s) return { level: null, reason: "No version of the service-line structure has been approved by the Board.", links: [{ label: "Service-line structure (draft)", href: `${ws(i)}/structure` }] };
  const links = [{ label: `Structure v${s.number}, in force from ${formatDate(s.effectiveFrom)}`, href: `${ws(i)}/versions/${encodeURIComponent(s.versionId)}` }];
  const by = s.approvedBy === "board" ? "approved by the Board" : "approved by the Chair's urgent action (not yet ratified)";
  const caveat = " Devolve cannot show whether agreed commercial business unit criteria were used; cite the criteria paper.";
  if (s.counts.service_line === 0) return { level: 1, reason: `Structure v${s.number} (${by}) defines no service lines.`, links };
  if (s.approvedBy !== "board") return { level: 1, reason: `Structure v${s.number} defines ${s.counts.service_line} service lines but was ${by}; level 2 needs the trust board's sign-off.`, links };
  if (s.counts.sub_service_line === 0) return { level: 2, reason: `Structure v${s.number}, ${by}, defines ${s.counts.service_line} service lines and no sub-service lines.${caveat}`, links };
  if (s.counts.pod === 0) return { level: 3, reason: `Structure v${s.number}, ${by}, defines ${s.counts.service_line} service lines and ${s.counts.sub_service_line} sub-service lines.${caveat}`, links };
  return { level: 4, reason: `Structure v${s.number}, ${by}, defines ${s.counts.service_line} service lines, ${s.counts.sub_service_line} sub-service lines and ${s.counts.pod} points of delivery.${caveat}`, links };
};

/** Part 1 §3, dashboards: monthly service-line indicators covering operational, quality and workforce measures. */
export const dashboards: Source = (i) => {
  const k = i.kpis;
  const links = [{ label: "Indicators", href: `${ws(i)}/indicators` }];
  if (!k || k.domains.length === 0) return { level: null, reason: "The KPI catalogue is empty, so Devolve holds no service-line dashboards.", links };
  const needed: KpiDomain[] = ["operational", "quality", "workforce"];
  const missing = needed.filter((d) => !k.domains.includes(d));
  if (missing.length > 0 || k.linesWithRecentFigures === 0) {
    return { level: null, reason: missing.length ? `The KPI catalogue has no ${missing.join(" or ")} indicators, which level 1 expects alongside the others.` : "No service line has monthly figures in the last three months.", links };
  }
  return {
    level: 1,
    reason: `${k.linesWithRecentFigures} of ${k.serviceLines} service lines have monthly figures up to ${k.latestMonth ?? "the last month"} across operational, quality and workforce indicators. Whether the measures are agreed by each line's clinical and managerial leaders (level 2) is not recorded in Devolve.`,
    links,
  };
};

/** Part 3 §5, tracking: indicators tracked formally (monthly figures with SPC). */
export const tracking: Source = (i) => {
  const k = i.kpis;
  const links = [{ label: "Indicators and SPC charts", href: `${ws(i)}/indicators` }];
  if (!k || k.linesWithRecentFigures === 0) return { level: null, reason: "Devolve holds no recent monthly figures, so it cannot show indicators being tracked.", links };
  if (k.linesWithSpcSeries === 0) return { level: 1, reason: `${k.linesWithRecentFigures} service lines have recent figures, but none has the 20 months an SPC chart needs.`, links };
  return { level: 2, reason: `${k.linesWithSpcSeries} service lines have at least 20 months of figures tracked on SPC charts. Oversight by senior staff (level 3) is shown by review meetings, which Devolve does not hold yet.`, links };
};

/**
 * One function per section with a source. Sections absent here have no Devolve records to suggest
 * from. The "no records" entries name what a later issue would add (annual plans, reviews, incentives).
 */
export const EVIDENCE_SOURCES: Readonly<Record<string, Source>> = {
  p1s3: dashboards,
  p1s5: noRecords("monthly performance improvement action plans"),
  p2s3: noRecords("annual plans with approval dates"),
  p2s5: noRecords("incentive and consequence frameworks"),
  p3s1: noRecords("records of performance review meetings"),
  p3s5: tracking,
  p4s1: structureDefinition,
  p4s7: decisionRights,
  p4s8: delegationInPractice,
};

/** Every suggestion Devolve can make, in framework order of the sections that have a source. */
export function suggestEvidence(inputs: EvidenceInputs): Suggestion[] {
  return Object.entries(EVIDENCE_SOURCES).map(([sectionId, source]) => ({ sectionId, ...source(inputs) }));
}

/** An advisory note when the agreed level is above what the data supports; null otherwise. */
export function claimAboveEvidence(agreed: MaturityLevel | null, suggestion: Suggestion | undefined): string | null {
  if (!agreed || !suggestion || suggestion.level === null || agreed <= suggestion.level) return null;
  return `${sectionRef({ id: suggestion.sectionId })} is agreed at level ${agreed}, above the level ${suggestion.level} that Devolve's records support. Check the evidence cited.`;
}
