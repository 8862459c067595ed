/**
 * Governance records: versions of the co-edited documents, their lifecycle, Board meetings and
 * quorum, who held which role when, and earned-autonomy determinations. Plain data, shared by the
 * server (which stores them in SQLite), the pure rules in this folder and the pages.
 *
 * Sources: Monitor's SLM framework Part 4 §1 and §7 ("change control process in place to amend
 * decision rights"); ULHT's front matter and §11 (version, owner, review date);
 * DOMAIN-REFERENCE.md ("Each version records its change history, owner, the committee that
 * recommended it (often Audit), Board approval, and a 'valid until' date. Reviewed at least yearly").
 * Dates are ISO calendar dates, YYYY-MM-DD; months are YYYY-MM.
 */
import type { AutonomyLevel, AutonomyRules } from "../autonomy/types";
import type { RuleIndicator } from "../collab/autonomy-rules-doc";
import type { Scheme } from "../delegation/types";
import type { Structure } from "../structure/model";

/** The co-edited documents the Board approves. */
export const VERSIONED_DOCS = ["structure", "delegation"] as const;
export type VersionedDoc = (typeof VERSIONED_DOCS)[number];

export const VERSIONED_DOC_LABELS: Record<VersionedDoc, string> = {
  structure: "Service-line structure",
  delegation: "Scheme of delegation",
};

/** What a version of each document holds, read from its frozen Yjs state. */
export interface DelegationContent {
  scheme: Scheme;
  rules: AutonomyRules;
  indicators: RuleIndicator[];
}
export interface VersionContents {
  structure: Structure;
  delegation: DelegationContent;
}

/** The Board paper that goes with a proposed version (ULHT front matter; a typical NHS cover sheet). */
export interface CoverPaper {
  purpose: string;
  sponsor: string;
  author: string;
  /** Where the paper has been considered before ("Audit Committee, 11 March 2026"). */
  previousConsideration: string;
  recommendation: string;
}

/** Someone who edited the draft between two versions, from the attributable update log. */
export interface VersionEditor {
  userId: string | null;
  name: string;
  updates: number;
  first: number;
  last: number;
}

/** An immutable snapshot of a document at a log position. */
export interface DocVersion {
  id: string;
  workspaceId: string;
  doc: VersionedDoc;
  /** "4.0", "3.2": major.minor. */
  number: string;
  title: string;
  owner: string;
  narrative: string;
  /** The last update of the draft's log that the snapshot includes. */
  seq: number;
  sha256: string;
  /** The previous version's hash of the same document (null for the first): a chain. */
  prevSha256: string | null;
  editors: VersionEditor[];
  cover: CoverPaper;
  /** The review-by date proposed with it (at most 12 months after it takes effect). */
  reviewBy: string;
  /** The date it is proposed to take effect. */
  proposedEffectiveFrom: string;
  createdBy: string | null;
  createdAt: number;
}

/** What can happen to a version, in the order a trust's governance runs. */
export const VERSION_EVENT_KINDS = ["proposed", "recommended", "returned", "approved", "chair_action", "ratified", "withdrawn"] as const;
export type VersionEventKind = (typeof VERSION_EVENT_KINDS)[number];

/** One step of a version's lifecycle; appended, never changed. */
export interface VersionEvent {
  id: number;
  versionId: string;
  kind: VersionEventKind;
  /** The date it happened (a meeting's date for recommendations and resolutions). */
  date: string;
  /** recommended: the committee ("Audit Committee"). */
  committee: string | null;
  /** approved/ratified: the Board meeting. */
  meetingId: string | null;
  minuteRef: string | null;
  /** recommended: "Recommended for approval", "Recommended with amendments"; returned: the comments. */
  outcome: string | null;
  /** approved / chair_action: the date it takes effect and the review-by date. */
  effectiveFrom: string | null;
  reviewBy: string | null;
  /** chair_action: the two non-executive directors consulted. */
  consulted: string[];
  byUserId: string | null;
  at: number;
}

/** Where a version stands, derived from its events. */
export type VersionStatus = "draft" | "proposed" | "recommended" | "returned" | "approved" | "in_force" | "superseded" | "withdrawn";

export const VERSION_STATUS_LABELS: Record<VersionStatus, string> = {
  draft: "Draft",
  proposed: "Proposed",
  recommended: "Recommended",
  returned: "Returned with comments",
  approved: "Approved, not yet in force",
  in_force: "In force",
  superseded: "Superseded",
  withdrawn: "Withdrawn",
};

/** Board capacities. The Board Secretary attends as a non-voting attendee. */
export const CAPACITIES = ["chair", "vice_chair", "non_executive", "executive", "non_voting"] as const;
export type Capacity = (typeof CAPACITIES)[number];

export const CAPACITY_LABELS: Record<Capacity, string> = {
  chair: "Chair",
  vice_chair: "Vice-Chair",
  non_executive: "Non-executive director",
  executive: "Executive director",
  non_voting: "Non-voting attendee",
};

/** A director or regular attendee of the Board. */
export interface BoardMember {
  id: string;
  name: string;
  /** "Director of Finance", "Chief Executive", "Board Secretary". */
  title: string;
  capacity: Capacity;
  from: string;
  to: string | null;
}

/**
 * The Board's quorum, from its standing orders. Demo: 6 of 12 voting directors, including the Chair
 * or Vice-Chair, at least 2 non-executive and 2 executive directors.
 */
export interface QuorumRule {
  minVoting: number;
  votingDirectors: number;
  requireChairOrViceChair: boolean;
  minNonExecutive: number;
  minExecutive: number;
}

export const DEFAULT_QUORUM: QuorumRule = { minVoting: 6, votingDirectors: 12, requireChairOrViceChair: true, minNonExecutive: 2, minExecutive: 2 };

export interface Attendance {
  memberId: string;
  name: string;
  capacity: Capacity;
  present: boolean;
}

export interface BoardMeeting {
  id: string;
  date: string;
  part: "public" | "private";
  title: string;
  attendance: Attendance[];
}

/** One item of business on a Board agenda: a version to approve or a Chair's action to ratify. */
export interface MeetingItem {
  meetingId: string;
  versionId: string;
  /** Board members who declared a conflict of interest for this item; they do not count towards its quorum. */
  conflicted: string[];
}

export interface QuorumResult {
  quorate: boolean;
  voting: number;
  chairOrVice: boolean;
  nonExecutive: number;
  executive: number;
  /** Why it is not quorate, one plain sentence per unmet condition; empty when quorate. */
  reasons: string[];
}

/** A person holding a role from a date to a date (inclusive), acting or substantive. */
export interface RoleTenure {
  id: string;
  person: string;
  /** A role a scheme cell names as its holder ("Chief Executive", "Service line clinical lead"). */
  role: string;
  /** The scheme level the role sits at. */
  levelId: string;
  /** For unit-level roles, the unit (division, service line) the role is for; null for trust-wide roles. */
  unitId: string | null;
  from: string;
  /** Last day held; null while held. */
  to: string | null;
  acting: boolean;
}

/** A written temporary delegation of one person's authority for some decisions to another. */
export interface TemporaryDelegation {
  id: string;
  delegator: string;
  delegate: string;
  /** Decision ids it covers; empty means every decision the delegator holds. */
  decisionIds: string[];
  from: string;
  to: string;
  reason: string;
}

/** The earned-autonomy level in force for a line from a date: a frozen record. */
export interface Determination {
  id: number;
  unitId: string;
  effectiveFrom: string;
  level: AutonomyLevel;
  /** The level the rules computed (a recommendation); differs from `level` after an override. */
  computedLevel: AutonomyLevel | null;
  /** The month whose figures it was computed from; null for an override without figures. */
  basisMonth: string | null;
  /** The scheme version whose rules computed it, or null when computed with the draft rules. */
  rulesVersionId: string | null;
  /** SHA-256 of the canonical figures it was computed from. */
  figuresHash: string | null;
  source: "figures" | "override" | "review";
  reason: string;
  /** The review meeting that agreed it (issue 13), when it was agreed at one. */
  reviewMeetingId?: string | null;
}

/** One line of a semantic diff between two versions, or a version and the draft. */
export interface Change {
  /** What it changes: a unit, a decision right, a rule. */
  kind:
    | "unit_added"
    | "unit_removed"
    | "unit_moved"
    | "unit_renamed"
    | "unit_changed"
    | "leaders_changed"
    | "link_added"
    | "link_removed"
    | "level_added"
    | "level_removed"
    | "level_renamed"
    | "decision_added"
    | "decision_removed"
    | "decision_changed"
    | "right_changed"
    | "rule_changed";
  /** Plain English, e.g. "Revenue expenditure, service line at level 2: £100,000 → £150,000". */
  text: string;
  /** For decision rights: the decision and level it concerns, to group a redline table. */
  decisionId?: string;
  levelId?: string;
  autonomyLevel?: AutonomyLevel;
  before?: string;
  after?: string;
}
