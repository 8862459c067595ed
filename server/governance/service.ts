/**
 * The governance around the drafts (docs/decisions/040-versions-and-approval.md): freezing a draft as
 * a version, recording its lifecycle, and answering "which version was in force on this date" and
 * "which earned-autonomy level was in force". Everything that applies limits reads through here.
 */
import * as Y from "yjs";
import type { Db } from "../../db/client";
import { readDoc, type DelegationSnapshot } from "../../shared/collab/registry";
import { validateScheme } from "../../shared/delegation/validate";
import { formatDate, isIsoDate } from "../../shared/format/dates";
import { latestReviewBy, nextStepError, versionInForce, versionState, type VersionState, type VersionWithEvents } from "../../shared/governance/lifecycle";
import { assessQuorum } from "../../shared/governance/quorum";
import type { CoverPaper, Determination, DocVersion, QuorumResult, VersionContents, VersionedDoc, VersionEventKind } from "../../shared/governance/types";
import { VERSIONED_DOC_LABELS } from "../../shared/governance/types";
import type { createCollabServer } from "../collab";
import {
  addVersionEvent,
  createVersion,
  editorsBetween,
  getGovernanceSettings,
  getMeeting,
  listBoardMembers,
  determinationOnDate,
  listVersionEvents,
  listVersions,
  versionContent,
  type Actor,
  type StoredVersionEvent,
} from "../repositories/governance";

type Collab = ReturnType<typeof createCollabServer>;

export interface GovernanceServices {
  db: Db;
  collab: Collab;
}

// Every page that applies limits asks which version was in force, so the versions and their events
// are kept per workspace until a new event is recorded (every new version records one: "proposed").
// Events are append-only, so the highest event id is a complete cache key. Treat results as read-only.
const historyCache = new Map<string, { key: number; versions: DocVersion[]; events: StoredVersionEvent[] }>();

function history(db: Db, workspaceId: string) {
  const key = (db.$client.prepare("SELECT coalesce(max(id), 0) FROM version_events WHERE workspace_id = ?").pluck().get(workspaceId) as number) ?? 0;
  const hit = historyCache.get(workspaceId);
  if (hit && hit.key === key) return hit;
  const fresh = { key, versions: listVersions(db, workspaceId), events: listVersionEvents(db, workspaceId) };
  if (historyCache.size > 500) historyCache.clear();
  historyCache.set(workspaceId, fresh);
  return fresh;
}

/** Every version of a document with its events, as the lifecycle rules read them. */
export function versionsWithEvents(db: Db, workspaceId: string, doc?: VersionedDoc): { list: VersionWithEvents[]; events: StoredVersionEvent[] } {
  const h = history(db, workspaceId);
  const versions = doc ? h.versions.filter((v) => v.doc === doc) : h.versions;
  const events = h.events;
  const byVersion = new Map<string, StoredVersionEvent[]>();
  for (const e of events) {
    const list = byVersion.get(e.versionId);
    if (list) list.push(e);
    else byVersion.set(e.versionId, [e]);
  }
  return { list: versions.map((version) => ({ version, events: byVersion.get(version.id) ?? [] })), events };
}

export interface InForce<D extends VersionedDoc> {
  version: DocVersion;
  content: VersionContents[D];
  state: VersionState;
}

/** The version of a document in force on a date, with its content; null when none was. */
export function inForceOn<D extends VersionedDoc>(db: Db, workspaceId: string, doc: D, date: string): InForce<D> | null {
  const { list, events } = versionsWithEvents(db, workspaceId, doc);
  const version = versionInForce(list, date);
  if (!version) return null;
  const content = versionContent(db, workspaceId, version.id, doc);
  if (!content) return null;
  return { version, content, state: versionState(version, events, list, date) };
}

/** The earliest date any version of the document took effect, or null if none has been approved. */
export function firstEffectiveDate(db: Db, workspaceId: string, doc: VersionedDoc): string | null {
  const { list, events } = versionsWithEvents(db, workspaceId, doc);
  let first: string | null = null;
  for (const v of list) {
    const s = versionState(v.version, events, list, "9999-12-31");
    if (s.effectiveFrom && s.status !== "withdrawn" && (!first || s.effectiveFrom < first)) first = s.effectiveFrom;
  }
  return first;
}

/** The earned-autonomy determination in force for a line on a date. */
export function determinationInForce(db: Db, workspaceId: string, unitId: string, date: string): Determination | null {
  return determinationOnDate(db, workspaceId, unitId, date);
}

/** What a version of the scheme holds: the delegation room's snapshot without its "empty" flag. */
export function delegationContent(s: DelegationSnapshot): VersionContents["delegation"] {
  return { scheme: s.scheme, rules: s.rules, indicators: s.indicators };
}

/** Reads a frozen Yjs state as the typed content of its document. */
export function contentOfState<D extends VersionedDoc>(doc: D, state: Uint8Array): VersionContents[D] {
  const ydoc = new Y.Doc();
  try {
    Y.applyUpdate(ydoc, state);
    const snap = (doc === "structure" ? readDoc({ kind: "structure" }, ydoc) : readDoc({ kind: "delegation" }, ydoc)) as unknown;
    return (doc === "delegation" ? delegationContent(snap as DelegationSnapshot) : snap) as VersionContents[D];
  } finally {
    ydoc.destroy();
  }
}

export interface ProposeInput {
  number: string;
  title: string;
  owner: string;
  narrative: string;
  cover: CoverPaper;
  proposedEffectiveFrom: string;
  reviewBy: string;
  date: string;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; errors: Record<string, string> };

/** Checks a proposed version's numbers and dates; field → message. */
export function checkProposal(db: Db, workspaceId: string, doc: VersionedDoc, input: ProposeInput): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!/^\d{1,3}\.\d{1,3}$/.test(input.number)) errors.number = "Write the version number as major and minor, for example 5.0";
  else if (listVersions(db, workspaceId, doc).some((v) => v.number === input.number)) errors.number = `Version ${input.number} of the ${VERSIONED_DOC_LABELS[doc].toLowerCase()} already exists; choose another number`;
  if (!input.title.trim()) errors.title = "Give the version a title";
  if (!input.owner.trim()) errors.owner = "Name the version's owner, for example the Director of Corporate Affairs";
  if (!input.narrative.trim()) errors.narrative = "Say what changed and why";
  if (!input.cover.purpose.trim()) errors.purpose = "Give the paper's purpose";
  if (!input.cover.sponsor.trim()) errors.sponsor = "Name the executive sponsor";
  if (!input.cover.recommendation.trim()) errors.recommendation = "Give the recommendation to the Board";
  if (!isIsoDate(input.proposedEffectiveFrom)) errors.effectiveFrom = "Enter the date it would take effect, for example 1 April 2027";
  if (!isIsoDate(input.reviewBy)) errors.reviewBy = "Enter the date it must be reviewed by, for example 31 March 2028";
  else if (!errors.effectiveFrom) {
    if (input.reviewBy <= input.proposedEffectiveFrom) errors.reviewBy = "The review-by date must be after the date it takes effect";
    else if (input.reviewBy > latestReviewBy(input.proposedEffectiveFrom)) errors.reviewBy = `A scheme is reviewed at least yearly: the review-by date can be no later than ${formatDate(latestReviewBy(input.proposedEffectiveFrom))}`;
  }
  return errors;
}

/**
 * Freezes the draft as it stands now as a proposed version. The state is taken at one log position
 * and its content read from that same state, so the hash, the content and the editors agree.
 */
export async function proposeVersion(s: GovernanceServices, workspaceId: string, doc: VersionedDoc, input: ProposeInput, actor: Actor): Promise<Outcome<DocVersion>> {
  const errors = checkProposal(s.db, workspaceId, doc, input);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const snap = await s.collab.snapshot(workspaceId, { kind: doc });
  if (snap.seq === 0) return { ok: false, errors: { draft: `The ${VERSIONED_DOC_LABELS[doc].toLowerCase()} has no content yet` } };
  const content = contentOfState(doc, snap.state);
  if (doc === "delegation") {
    const issues = validateScheme((content as VersionContents["delegation"]).scheme);
    if (issues.length > 0) return { ok: false, errors: { draft: `The draft scheme has ${issues.length} problem${issues.length === 1 ? "" : "s"} to resolve first, for example: ${issues[0]!.message}` } };
  }
  const previous = listVersions(s.db, workspaceId, doc).at(-1) ?? null;
  if (previous && previous.seq === snap.seq) return { ok: false, errors: { draft: `The draft has not changed since version ${previous.number}` } };
  const editors = editorsBetween(s.db, workspaceId, doc, previous?.seq ?? 0, snap.seq);
  const version = createVersion(s.db, { workspaceId, doc, ...input, seq: snap.seq, state: snap.state, content, editors }, actor);
  return { ok: true, value: version };
}

export interface StepInput {
  kind: VersionEventKind;
  date: string;
  committee?: string;
  meetingId?: string;
  minuteRef?: string;
  outcome?: string;
  effectiveFrom?: string;
  reviewBy?: string;
  consulted?: string[];
  conflicted?: string[];
}

/** The quorum of a Board meeting for one item, given the members who declared a conflict. */
export function quorumFor(db: Db, workspaceId: string, meetingId: string, conflicted: string[]): QuorumResult | null {
  const meeting = getMeeting(db, workspaceId, meetingId);
  if (!meeting) return null;
  return assessQuorum(getGovernanceSettings(db, workspaceId).quorum, meeting.attendance, conflicted);
}

/**
 * Records a lifecycle step after checking it may be taken: the order of steps, a quorate meeting for
 * a Board resolution (conflicted directors not counted), the Chair's action with two non-executives
 * consulted, and dates that make sense.
 */
export function recordStep(db: Db, workspaceId: string, versionId: string, step: StepInput, actor: Actor, today: string): Outcome<number> {
  const { list, events } = versionsWithEvents(db, workspaceId);
  const entry = list.find((v) => v.version.id === versionId);
  if (!entry) return { ok: false, errors: { version: "There is no such version" } };
  const state = versionState(entry.version, events, list, today);
  const order = nextStepError(state, step.kind);
  if (order) return { ok: false, errors: { kind: order } };
  const errors: Record<string, string> = {};
  if (!isIsoDate(step.date)) errors.date = "Enter the date, for example 26 March 2026";
  else if (step.date > today) errors.date = "The date cannot be in the future";
  const extra: Partial<StepInput> = {};
  switch (step.kind) {
    case "recommended":
      if (!step.committee?.trim()) errors.committee = "Name the committee that recommended it, for example the Audit Committee";
      if (!step.minuteRef?.trim()) errors.minuteRef = "Give the committee's minute reference";
      extra.outcome = step.outcome?.trim() || "Recommended for approval";
      break;
    case "returned":
      if (!step.outcome?.trim()) errors.outcome = "Give the comments it was returned with";
      break;
    case "approved":
    case "ratified": {
      const meeting = step.meetingId ? getMeeting(db, workspaceId, step.meetingId) : null;
      if (!meeting) errors.meetingId = "Choose the Board meeting that passed the resolution";
      else {
        if (!isIsoDate(step.date) || step.date !== meeting.date) extra.date = meeting.date;
        const quorum = assessQuorum(getGovernanceSettings(db, workspaceId).quorum, meeting.attendance, step.conflicted ?? []);
        if (!quorum.quorate) errors.meetingId = `The meeting was not quorate for this item, so it cannot ${step.kind === "approved" ? "approve" : "ratify"} it: ${quorum.reasons.join(" ")}`;
      }
      if (!step.minuteRef?.trim()) errors.minuteRef = "Give the Board's minute reference for the resolution";
      break;
    }
    case "chair_action": {
      // Standing orders: the Chair and the Chief Executive act after consulting two non-executive directors.
      const named = (step.consulted ?? []).map((n) => n.trim()).filter(Boolean);
      const neds = listBoardMembers(db, workspaceId).filter((m) => (m.capacity === "non_executive" || m.capacity === "vice_chair") && m.from <= step.date && (m.to === null || m.to >= step.date));
      const unknown = named.filter((n) => !neds.some((m) => m.name.toLowerCase() === n.toLowerCase()));
      if (named.length < 2 || new Set(named.map((n) => n.toLowerCase())).size < 2) errors.consulted = "Name the two non-executive directors the Chair and Chief Executive consulted";
      else if (unknown.length && neds.length) errors.consulted = `${unknown.join(" and ")} ${unknown.length === 1 ? "was not a non-executive director" : "were not non-executive directors"} on that date`;
      break;
    }
  }
  if (step.kind === "approved" || step.kind === "chair_action") {
    const eff = step.effectiveFrom || entry.version.proposedEffectiveFrom;
    const rev = step.reviewBy || entry.version.reviewBy;
    const when = extra.date ?? step.date;
    if (!isIsoDate(eff)) errors.effectiveFrom = "Enter the date it takes effect";
    else if (isIsoDate(when) && eff < when) errors.effectiveFrom = "It cannot take effect before the date it was approved";
    else if (!isIsoDate(rev) || rev <= eff) errors.reviewBy = "The review-by date must be after the date it takes effect";
    else if (rev > latestReviewBy(eff)) errors.reviewBy = `The review-by date can be no later than ${formatDate(latestReviewBy(eff))}, 12 months after it takes effect`;
    extra.effectiveFrom = eff;
    extra.reviewBy = rev;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const id = addVersionEvent(
    db,
    {
      workspaceId,
      versionId,
      kind: step.kind,
      date: extra.date ?? step.date,
      committee: step.committee?.trim() || null,
      meetingId: step.meetingId || null,
      minuteRef: step.minuteRef?.trim() || null,
      outcome: extra.outcome ?? (step.outcome?.trim() || null),
      effectiveFrom: extra.effectiveFrom ?? null,
      reviewBy: extra.reviewBy ?? null,
      consulted: (step.consulted ?? []).map((n) => n.trim()).filter(Boolean),
      conflicted: step.conflicted ?? [],
    },
    actor,
  );
  return { ok: true, value: id };
}
