/**
 * The registry of co-edited document types: the one place that knows, for each type, how its room
 * name is parsed into a typed reference and built back, who may write it, how a typed snapshot is
 * read, what the server must refuse to let an update leave in it, and whether the thing it names
 * exists. The upgrade, the role rules, the client hook, the server-side readers and the screens all
 * go through it; a new document type is one entry here plus its module (docs/decisions/030).
 */
import * as Y from "yjs";
import type { AutonomyRules } from "../autonomy/types";
import type { Scheme } from "../delegation/types";
import { formatFinancialYear } from "../format/dates";
import { can, type Action, type MemberAccess } from "../roles/roles";
import type { Structure } from "../structure/model";
import { ACTION_LOG_ROOTS, actionLogChangeRefusal, actionLogProblems, readActionLog, type ActionLog } from "./action-log-doc";
import { ASSESSMENT_ROOTS, assessmentChangeRefusal, assessmentProblems, readAssessment, type Assessment } from "./assessment-doc";
import { autonomyRulesProblems, readAutonomyRules, readRuleIndicators, RULES_ROOTS, type RuleIndicator } from "./autonomy-rules-doc";
import { incentivesChangeRefusal, INCENTIVES_ROOTS, incentivesProblems, readIncentives } from "./incentives-doc";
import type { IncentiveFramework } from "../incentives/framework";
import { executiveOnlyChange, PLAN_ROOTS, planProblems, readPlan, stageChange, type Plan } from "./plan-doc";
import { COLLAB_PATH_PREFIX } from "./protocol";
import { isDelegationDocEmpty, readScheme, SCHEME_ROOTS, schemeProblems } from "./scheme-doc";
import { orphanTolerated, readStructure, repairStructure, STRUCTURE_ROOTS, structureProblems, UNIT_CREATED_BY, UNIT_LOCAL_FIELDS } from "./structure-doc";
import { rootsWithContent } from "./yjs-internals";
import { ID_PATTERN, type Problem } from "./ytools";

export interface StructureRef {
  kind: "structure";
}
export interface DelegationRef {
  kind: "delegation";
}
/** A service line's plan for the financial year starting in April of `year` (2027 = 2027/28). */
export interface PlanRef {
  kind: "plan";
  unitId: string;
  year: number;
}
/** The SLM maturity self-assessment of the financial year starting in April of `year`; a division's when `unitId` is set. */
export interface AssessmentRef {
  kind: "assessment";
  year: number;
  unitId?: string;
}
/** The live action log of a review meeting series (issue 13). */
export interface ActionLogRef {
  kind: "actions";
  seriesId: string;
}
/** The incentive and consequence framework of the financial year starting in April of `year` (issue 13). */
export interface IncentivesRef {
  kind: "incentives";
  year: number;
}
export type DocRef = StructureRef | DelegationRef | PlanRef | AssessmentRef | ActionLogRef | IncentivesRef;
export type DocKind = DocRef["kind"];

/** The scheme of delegation and its earned-autonomy rules, read together from the `delegation` room. */
export interface DelegationSnapshot {
  scheme: Scheme;
  rules: AutonomyRules;
  indicators: RuleIndicator[];
  /** True when the trust has written no scheme yet (pages then show the typical NHS scheme). */
  empty: boolean;
}

export interface Snapshots {
  structure: Structure;
  delegation: DelegationSnapshot;
  plan: Plan;
  assessment: Assessment;
  actions: ActionLog;
  incentives: IncentiveFramework;
}

type RefOf<K extends DocKind> = Extract<DocRef, { kind: K }>;

/** What the server can look up when asked whether a reference names something that exists. */
export interface ExistenceLookup {
  structure(): Promise<Structure>;
  /** Whether a review series exists in the workspace (an action log belongs to one). */
  reviewSeries?(seriesId: string): Promise<boolean>;
}

export interface DocType<K extends DocKind> {
  kind: K;
  /** What people call it ("Cardiology's plan for 2027/28" is built by the screen from this). */
  label: string;
  /** Parses the name's segments after the kind; null when malformed. */
  parse(segments: string[]): RefOf<K> | null;
  /** Builds the canonical name back (parse(name(ref)) equals ref). */
  name(ref: RefOf<K>): string;
  /** The action (and scope) that grants writing; every member of the workspace may read. */
  writeRight(ref: RefOf<K>): { action: Action; unitId?: string };
  read(doc: Y.Doc): Snapshots[K];
  /** Top-level types the document may hold; content under any other name is refused. */
  roots: readonly string[];
  /** Invariant breaches of the whole document (see Problem: stable keys). */
  problems(doc: Y.Doc): Problem[];
  /** Rights finer than the room: why this member may not make the change from `before` to `after`. */
  refuseChange?(member: MemberAccess, ref: RefOf<K>, before: Snapshots[K], after: Snapshots[K]): string | null;
  /** Whether the thing the reference names exists in the workspace (else the upgrade answers 404). */
  exists?(ref: RefOf<K>, lookup: ExistenceLookup): Promise<boolean>;
  /**
   * Fields of the entries of one top-level map that no invariant but their own type depends on
   * (e.g. a unit's name): an update that only sets these, on entries that already exist and have no
   * breach, is checked field by field instead of by the whole-document pass.
   */
  localFields?: { root: string; fields: Readonly<Record<string, (value: unknown) => boolean>> };
  /**
   * Entries of one top-level map that record who added them (decision record 045): `field`, when
   * present, must be the writer's user id on an entry the update creates, and never changes after.
   * `tolerated` names the entry a breach is about when the breach may stand on an entry the same
   * update creates (a unit added offline under a unit someone else deleted meanwhile).
   */
  authoredEntries?: { root: string; field: string; tolerated(problem: Problem, doc: Y.Doc): string | null };
  /** Largest encoded document the server keeps writing to. */
  maxBytes: number;
  /** Mends data that already breaks the invariants; returns what it changed. */
  repair?(doc: Y.Doc, origin?: unknown): string[];
}

const MiB = 1024 * 1024;
const FY_SLUG = /^(\d{4})-(\d{2})$/;

/** A financial year in room names: 2027 → "2027-28" (people read "2027/28"). */
export function financialYearSlug(startYear: number): string {
  return formatFinancialYear(startYear).replace("/", "-");
}

/** Parses "2027-28" (only the canonical form); null for anything else, such as "2027-29". */
export function parseFinancialYearSlug(slug: string): number | null {
  const m = FY_SLUG.exec(slug);
  if (!m) return null;
  const start = Number(m[1]);
  if (start < 2000 || start > 2099 || financialYearSlug(start) !== slug) return null;
  return start;
}

const single = <K extends "structure" | "delegation">(kind: K) => ({
  parse: (segments: string[]) => (segments.length === 0 ? ({ kind } as RefOf<K>) : null),
  name: () => kind,
});

export const ASSESSMENT_DOC_TYPE: DocType<"assessment"> = {
  kind: "assessment",
  label: "SLM maturity self-assessment",
  parse: (segments) => {
    if (segments.length < 1 || segments.length > 2) return null;
    const year = parseFinancialYearSlug(segments[0]!);
    if (year === null) return null;
    if (segments.length === 1) return { kind: "assessment", year };
    return ID_PATTERN.test(segments[1]!) ? { kind: "assessment", year, unitId: segments[1]! } : null;
  },
  name: (ref) => `assessment/${financialYearSlug(ref.year)}${ref.unitId ? `/${ref.unitId}` : ""}`,
  writeRight: () => ({ action: "assessment.edit" }),
  read: readAssessment,
  roots: ASSESSMENT_ROOTS,
  problems: assessmentProblems,
  refuseChange: (member, _ref, before, after) => assessmentChangeRefusal(member, before, after),
  // Issue 15: an assessment is the trust's or a division's.
  exists: async (ref, lookup) => !ref.unitId || (await lookup.structure()).units.some((u) => u.id === ref.unitId && u.kind === "division"),
  maxBytes: 4 * MiB,
};

export const DOC_TYPES: { [K in DocKind]: DocType<K> } = {
  structure: {
    kind: "structure",
    label: "Service-line structure",
    ...single("structure"),
    writeRight: () => ({ action: "structure.edit" }),
    read: readStructure,
    roots: STRUCTURE_ROOTS,
    problems: structureProblems,
    localFields: { root: "units", fields: UNIT_LOCAL_FIELDS },
    authoredEntries: { root: "units", field: UNIT_CREATED_BY, tolerated: orphanTolerated },
    maxBytes: 32 * MiB,
    repair: repairStructure,
  },
  delegation: {
    kind: "delegation",
    label: "Scheme of delegation",
    ...single("delegation"),
    writeRight: () => ({ action: "delegation.edit" }),
    read: (doc) => ({ scheme: readScheme(doc), rules: readAutonomyRules(doc), indicators: readRuleIndicators(doc), empty: isDelegationDocEmpty(doc) }),
    roots: [...SCHEME_ROOTS, ...RULES_ROOTS],
    problems: (doc) => [...schemeProblems(doc), ...autonomyRulesProblems(doc)],
    maxBytes: 16 * MiB,
  },
  plan: {
    kind: "plan",
    label: "Annual plan",
    parse: (segments) => {
      if (segments.length !== 2 || !ID_PATTERN.test(segments[0]!)) return null;
      const year = parseFinancialYearSlug(segments[1]!);
      return year === null ? null : { kind: "plan", unitId: segments[0]!, year };
    },
    name: (ref) => `plan/${ref.unitId}/${financialYearSlug(ref.year)}`,
    writeRight: (ref) => ({ action: "plan.edit", unitId: ref.unitId }),
    read: readPlan,
    roots: PLAN_ROOTS,
    problems: planProblems,
    // The status is written only by server code when a step is recorded (docs/decisions/042).
    refuseChange: (member, _ref, before, after) => stageChange(before, after) ?? (can(member, "plan.setTargets") ? null : executiveOnlyChange(before, after)),
    // A plan exists for each service line of the trust (ULHT §2.4: every service line has an annual plan).
    exists: async (ref, lookup) => (await lookup.structure()).units.some((u) => u.id === ref.unitId && u.kind === "service_line"),
    maxBytes: 8 * MiB,
  },
  assessment: ASSESSMENT_DOC_TYPE,
  actions: {
    kind: "actions",
    label: "Review action log",
    parse: (segments) => (segments.length === 1 && ID_PATTERN.test(segments[0]!) ? { kind: "actions", seriesId: segments[0]! } : null),
    name: (ref) => `actions/${ref.seriesId}`,
    writeRight: () => ({ action: "review.actions" }),
    read: readActionLog,
    roots: ACTION_LOG_ROOTS,
    problems: actionLogProblems,
    refuseChange: (member, _ref, before, after) => actionLogChangeRefusal(member, before, after),
    // A log belongs to a series of this workspace; without the lookup nothing is assumed to exist.
    exists: async (ref, lookup) => (lookup.reviewSeries ? lookup.reviewSeries(ref.seriesId) : false),
    maxBytes: 4 * MiB,
  },
  incentives: {
    kind: "incentives",
    label: "Incentive and consequence framework",
    parse: (segments) => {
      if (segments.length !== 1) return null;
      const year = parseFinancialYearSlug(segments[0]!);
      return year === null ? null : { kind: "incentives", year };
    },
    name: (ref) => `incentives/${financialYearSlug(ref.year)}`,
    writeRight: () => ({ action: "incentives.comment" }),
    read: readIncentives,
    roots: INCENTIVES_ROOTS,
    problems: incentivesProblems,
    // Clinicians comment; the rewards, consequences and gateways are the executive's (docs/decisions/048).
    refuseChange: (member, _ref, before, after) => incentivesChangeRefusal(member, before, after),
    maxBytes: 2 * MiB,
  },
};

function typeOf<K extends DocKind>(ref: RefOf<K>): DocType<K> {
  return DOC_TYPES[ref.kind as K];
}

/** Parses a document name (`structure`, `plan/card/2027-28`); null when it is not one Devolve knows. */
export function parseDocName(name: string): DocRef | null {
  if (name.length > 200) return null;
  const [kind, ...segments] = name.split("/");
  if (!kind || !Object.hasOwn(DOC_TYPES, kind)) return null;
  return (DOC_TYPES[kind as DocKind] as DocType<DocKind>).parse(segments);
}

/** The canonical room name of a reference. */
export function docName(ref: DocRef): string {
  return (typeOf(ref) as DocType<DocKind>).name(ref as never);
}

/** Read or write access of a member to one document. Every member may read. */
export function docAccess(member: MemberAccess, ref: DocRef): "write" | "read" {
  const right = (typeOf(ref) as DocType<DocKind>).writeRight(ref as never);
  return can(member, right.action, { unitId: right.unitId }) ? "write" : "read";
}

/** The typed snapshot of a document. */
export function readDoc<R extends DocRef>(ref: R, doc: Y.Doc): Snapshots[R["kind"]] {
  return (typeOf(ref) as DocType<DocKind>).read(doc) as Snapshots[R["kind"]];
}

/** What an empty document of this type reads as. */
export function emptySnapshot<R extends DocRef>(ref: R): Snapshots[R["kind"]] {
  const doc = new Y.Doc();
  try {
    return readDoc(ref, doc);
  } finally {
    doc.destroy();
  }
}

/** Every invariant breach: content under top-level names the type does not have, then the type's own. */
export function docProblems(ref: DocRef, doc: Y.Doc): Problem[] {
  const type = typeOf(ref) as DocType<DocKind>;
  const unknown = rootsWithContent(doc)
    .filter((name) => !type.roots.includes(name))
    .map((name) => ({ key: `root:${name}`, message: `The ${type.label.toLowerCase()} has no part called "${name.slice(0, 40)}".` }));
  return [...unknown, ...type.problems(doc)];
}

/** A parsed collaboration address: `/collab/<workspaceId>/<document name>`. */
export interface RoomAddress {
  workspaceId: string;
  ref: DocRef;
  /** The canonical document name within the workspace. */
  name: string;
}

/** Parses the path of an upgrade request (`/collab/ws1/structure`), ignoring any query string. */
export function parseRoomPath(pathname: string): RoomAddress | { error: "not-collab" | "bad-workspace" | "unknown-doc" } {
  if (!pathname.startsWith(COLLAB_PATH_PREFIX)) return { error: "not-collab" };
  const rest = pathname.slice(COLLAB_PATH_PREFIX.length).split("?")[0]!;
  const slash = rest.indexOf("/");
  if (slash <= 0) return { error: "bad-workspace" };
  let workspaceId: string;
  try {
    workspaceId = decodeURIComponent(rest.slice(0, slash));
  } catch {
    return { error: "bad-workspace" };
  }
  if (!ID_PATTERN.test(workspaceId)) return { error: "bad-workspace" };
  const ref = parseDocName(rest.slice(slash + 1));
  // Only the canonical spelling is a room: two names for one document would be two documents.
  if (!ref || docName(ref) !== rest.slice(slash + 1)) return { error: "unknown-doc" };
  return { workspaceId, ref, name: docName(ref) };
}

/** The server URL path for a room; the y-websocket client joins `serverUrl + "/" + name`. */
export function roomPath(workspaceId: string, ref: DocRef): string {
  return `${COLLAB_PATH_PREFIX}${workspaceId}/${docName(ref)}`;
}

/** The document type's entry, for its limits, repair and finer rights. */
export function docType(ref: DocRef): DocType<DocKind> {
  return typeOf(ref) as DocType<DocKind>;
}
