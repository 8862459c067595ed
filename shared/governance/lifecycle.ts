import { formatDate, isIsoDate } from "../format/dates";
import { VERSION_STATUS_LABELS, type DocVersion, type VersionEvent, type VersionEventKind, type VersionStatus } from "./types";

/**
 * Where a version of a document stands, derived only from its append-only events, and what may be
 * recorded next. Sources: DOMAIN-REFERENCE.md ("Each version records its change history, owner, the
 * committee that recommended it (often Audit), Board approval, and a 'valid until' date. Reviewed at
 * least yearly"; "staff cannot tell which version is current"); Monitor's SLM framework Part 4 §7
 * ("Change control process in place to amend decision rights"); ULHT's framework §11 ("This strategy
 * will be reviewed annually"). Dates are ISO calendar dates (YYYY-MM-DD), which compare as strings.
 */

/** A version with its events, as the server loads them. */
export interface VersionWithEvents {
  version: DocVersion;
  events: readonly VersionEvent[];
}

/** Everything versionStatus works out, for pages that show the approval and its flags too. */
export interface VersionState {
  status: VersionStatus;
  /** The `approved` or `chair_action` event that approved it; null until then. */
  approval: VersionEvent | null;
  /** When it takes (or took) effect, once approved. */
  effectiveFrom: string | null;
  /** When it must be reviewed by, once approved. */
  reviewBy: string | null;
  /** Approved by the Chair's action between Board meetings rather than by the Board. */
  byChairAction: boolean;
  /** A Chair's action the Board has not yet ratified. */
  awaitingRatification: boolean;
  ratification: VersionEvent | null;
}

/** The events of one version in the order they were recorded. */
function ownEvents(versionId: string, events: readonly VersionEvent[]): VersionEvent[] {
  return events.filter((e) => e.versionId === versionId).sort((a, b) => a.id - b.id);
}

/** The event that approved a version (the first `approved` or `chair_action`), or null. */
export function approvalOf(events: readonly VersionEvent[]): VersionEvent | null {
  return [...events].sort((a, b) => a.id - b.id).find((e) => e.kind === "approved" || e.kind === "chair_action") ?? null;
}

interface Approved {
  version: DocVersion;
  approval: VersionEvent;
  effectiveFrom: string;
}

/** The approval of a version that has not been withdrawn, with the date it takes effect. */
function approvedOf(version: DocVersion, events: readonly VersionEvent[]): Approved | null {
  const own = ownEvents(version.id, events);
  if (own.some((e) => e.kind === "withdrawn")) return null;
  const approval = approvalOf(own);
  if (!approval) return null;
  // The resolution records the date; fall back to the date proposed on the paper.
  return { version, approval, effectiveFrom: approval.effectiveFrom ?? version.proposedEffectiveFrom };
}

function inForceAmong(approved: readonly Approved[], date: string): Approved | null {
  let best: Approved | null = null;
  for (const a of approved) {
    if (a.effectiveFrom > date) continue;
    // The latest start date wins; two versions starting the same day: the one approved later.
    if (!best || a.effectiveFrom > best.effectiveFrom || (a.effectiveFrom === best.effectiveFrom && a.approval.id > best.approval.id)) best = a;
  }
  return best;
}

/**
 * The version of one document in force on a date: of the approved, not withdrawn versions, the one
 * with the latest effectiveFrom on or before the date, ties going to the later approval; null if none.
 */
export function versionInForce(versions: readonly VersionWithEvents[], date: string): DocVersion | null {
  const approved = versions.map((v) => approvedOf(v.version, v.events)).filter((a): a is Approved => a !== null);
  return inForceAmong(approved, date)?.version ?? null;
}

/** Everything known about where a version stands on a date (see versionStatus). */
export function versionState(
  version: DocVersion,
  events: readonly VersionEvent[],
  allVersionsWithEvents: readonly VersionWithEvents[],
  onDate: string,
): VersionState {
  const own = ownEvents(version.id, events);
  const approval = approvalOf(own);
  const byChairAction = approval?.kind === "chair_action";
  const ratification = byChairAction ? own.find((e) => e.kind === "ratified" && e.id > approval.id) ?? null : null;
  const effectiveFrom = approval ? approval.effectiveFrom ?? version.proposedEffectiveFrom : null;
  const reviewBy = approval ? approval.reviewBy ?? version.reviewBy : null;
  const base = { approval, effectiveFrom, reviewBy, byChairAction, awaitingRatification: byChairAction && !ratification, ratification };

  if (own.some((e) => e.kind === "withdrawn")) return { ...base, status: "withdrawn" };
  if (approval) {
    if (onDate < effectiveFrom!) return { ...base, status: "approved" };
    const same = allVersionsWithEvents.filter(
      (v) => v.version.id !== version.id && v.version.doc === version.doc && v.version.workspaceId === version.workspaceId,
    );
    const approved = [{ version, events: own }, ...same]
      .map((v) => approvedOf(v.version, v.events))
      .filter((a): a is Approved => a !== null);
    const current = inForceAmong(approved, onDate);
    return { ...base, status: current?.version.id === version.id ? "in_force" : "superseded" };
  }
  // Before approval the latest step decides: a returned version proposed again is proposed again.
  const step = [...own].reverse().find((e) => e.kind === "proposed" || e.kind === "recommended" || e.kind === "returned");
  return { ...base, status: step ? (step.kind as "proposed" | "recommended" | "returned") : "draft" };
}

/**
 * Where a version stands on a date. Withdrawn once withdrawn. Approved (by the Board, or by the
 * Chair's action awaiting ratification) and before its effective date: "approved"; from that date
 * "in_force" until another approved version of the same document starting on or after it has
 * started, then "superseded". Otherwise the latest of proposed / recommended / returned, or "draft".
 */
export function versionStatus(
  version: DocVersion,
  events: readonly VersionEvent[],
  allVersionsWithEvents: readonly VersionWithEvents[],
  onDate: string,
): VersionStatus {
  return versionState(version, events, allVersionsWithEvents, onDate).status;
}

/** Whether the version in force is past its review-by date (the day itself is not overdue), from its approval. */
export function reviewOverdue(
  inForce: DocVersion | null,
  events: readonly VersionEvent[],
  today: string,
): { overdue: boolean; reviewBy: string | null } {
  if (!inForce) return { overdue: false, reviewBy: null };
  const approval = approvalOf(ownEvents(inForce.id, events));
  const reviewBy = approval?.reviewBy ?? inForce.reviewBy;
  return { overdue: today > reviewBy, reviewBy };
}

/**
 * What may be recorded next for a version in a status. The path: proposed (with its cover paper) →
 * recommended by a committee (often Audit, DOMAIN-REFERENCE.md) or returned with comments → approved
 * by the Board or by the Chair's action → ratified at the next Board if by Chair's action. A returned
 * version may be proposed again. A version may be withdrawn until it takes effect; once it has been
 * in force it stays on the record and only a newer version replaces it.
 */
export function allowedNextSteps(status: VersionStatus, awaitingRatification = false): VersionEventKind[] {
  const ratify: VersionEventKind[] = awaitingRatification ? ["ratified"] : [];
  switch (status) {
    case "draft":
      return ["proposed", "withdrawn"];
    case "proposed":
      return ["recommended", "returned", "withdrawn"];
    case "recommended":
      return ["approved", "chair_action", "returned", "withdrawn"];
    case "returned":
      return ["proposed", "withdrawn"];
    case "approved":
      return [...ratify, "withdrawn"];
    case "in_force":
    case "superseded":
      // The Board still ratifies a Chair's action after the version took effect or was replaced.
      return ratify;
    case "withdrawn":
      return [];
  }
}

const STEP_WORDS: Record<VersionEventKind, string> = {
  proposed: "proposed",
  recommended: "recommended",
  returned: "returned",
  approved: "approved",
  chair_action: "approved by Chair's action",
  ratified: "ratified",
  withdrawn: "withdrawn",
};

/** Why `kind` cannot be recorded next for a version in this state, or null if it can. */
export function nextStepError(state: Pick<VersionState, "status" | "awaitingRatification">, kind: VersionEventKind): string | null {
  if (allowedNextSteps(state.status, state.awaitingRatification).includes(kind)) return null;
  if (kind === "ratified") return "Only an approval by Chair's action that has not been ratified can be ratified.";
  return `A version that is ${VERSION_STATUS_LABELS[state.status].toLowerCase()} cannot be ${STEP_WORDS[kind]}.`;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The latest review-by date allowed: 12 months after the version takes effect (29 February → 28 February). */
export function latestReviewBy(effectiveFrom: string): string {
  formatDate(effectiveFrom); // throws RangeError on a date that is not real
  const [y, m, d] = effectiveFrom.slice(0, 10).split("-").map(Number) as [number, number, number];
  const day = Math.min(d, daysInMonth(y + 1, m));
  return `${y + 1}-${String(m).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}


/**
 * Why a review-by date is not acceptable, or null: it must fall after the date the version takes
 * effect and no more than 12 months after it (DOMAIN-REFERENCE.md: "Reviewed at least yearly";
 * ULHT §11: "reviewed annually").
 */
export function checkReviewBy(effectiveFrom: string, reviewBy: string): string | null {
  if (!isIsoDate(effectiveFrom)) return "Enter the date it takes effect as a real date, for example 2026-04-01.";
  if (!isIsoDate(reviewBy)) return "Enter the review-by date as a real date, for example 2027-03-31.";
  if (reviewBy <= effectiveFrom) return `The review-by date must be after the date it takes effect (${formatDate(effectiveFrom)}).`;
  const latest = latestReviewBy(effectiveFrom);
  if (reviewBy > latest) {
    return `The review-by date must be no more than 12 months after it takes effect: ${formatDate(latest)} at the latest.`;
  }
  return null;
}

/** Approvals by Chair's action still waiting for the Board to ratify them (withdrawn versions aside), oldest first. */
export function unratifiedChairActions(versions: readonly VersionWithEvents[]): { version: DocVersion; chairAction: VersionEvent }[] {
  const out: { version: DocVersion; chairAction: VersionEvent }[] = [];
  for (const { version, events } of versions) {
    const own = ownEvents(version.id, events);
    if (own.some((e) => e.kind === "withdrawn")) continue;
    const approval = approvalOf(own);
    if (approval?.kind !== "chair_action") continue;
    if (own.some((e) => e.kind === "ratified" && e.id > approval.id)) continue;
    out.push({ version, chairAction: approval });
  }
  return out.sort((a, b) => (a.chairAction.date < b.chairAction.date ? -1 : a.chairAction.date > b.chairAction.date ? 1 : a.chairAction.id - b.chairAction.id));
}
