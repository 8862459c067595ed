import type { AppLoadContext } from "@remix-run/node";
import { formatDate } from "../../shared/format/dates";
import { diffDelegation, diffStructure } from "../../shared/governance/diff";
import { allowedNextSteps, versionState, type VersionState } from "../../shared/governance/lifecycle";
import { VERSION_STATUS_LABELS, VERSIONED_DOC_LABELS, type Change, type DocVersion, type VersionContents, type VersionedDoc, type VersionStatus } from "../../shared/governance/types";
import { listMeetings, versionContent, type StoredVersionEvent } from "../../server/repositories/governance";
import { delegationContent, versionsWithEvents } from "../../server/governance/service";
import { today } from "./governance.server";

/** The draft of a versioned document as it stands now, in the shape a version holds. */
export async function draftContent<D extends VersionedDoc>(context: AppLoadContext, workspaceId: string, doc: D): Promise<VersionContents[D]> {
  if (doc === "structure") return (await context.collab.read(workspaceId, { kind: "structure" })) as VersionContents[D];
  return delegationContent(await context.collab.read(workspaceId, { kind: "delegation" })) as VersionContents[D];
}

/** The semantic differences from one content of a document to another. */
export function changesBetween<D extends VersionedDoc>(doc: D, from: VersionContents[D] | null, to: VersionContents[D]): Change[] {
  if (!from) return [];
  return doc === "structure" ? diffStructure(from as VersionContents["structure"], to as VersionContents["structure"]) : diffDelegation(from as VersionContents["delegation"], to as VersionContents["delegation"]);
}

export interface VersionRow {
  version: DocVersion;
  state: VersionState;
  status: VersionStatus;
  statusLabel: string;
  events: StoredVersionEvent[];
  /** "Approved by the Board on 26 March 2026 (minute TB 26/043)". */
  resolution: string | null;
  overdue: boolean;
}

/** A sentence naming how a version was approved. */
export function resolutionText(state: VersionState, meetings: Map<string, { title: string; date: string }>): string | null {
  const a = state.approval;
  if (!a) return null;
  if (a.kind === "chair_action") {
    const r = state.ratification;
    return `Approved by Chair's action on ${formatDate(a.date)}${a.consulted.length ? ` after consulting ${a.consulted.join(" and ")}` : ""}; ${r ? `ratified by the Board on ${formatDate(r.date)}${r.minuteRef ? ` (minute ${r.minuteRef})` : ""}` : "awaiting ratification by the Board"}`;
  }
  const m = a.meetingId ? meetings.get(a.meetingId) : undefined;
  return `Approved by the ${m?.title.replace(/\s*\(.*\)$/, "") ?? "Board"} on ${formatDate(a.date)}${a.minuteRef ? ` (minute ${a.minuteRef})` : ""}`;
}

/** Every version of a workspace's documents with where it stands today, newest first per document. */
export function versionRows(context: AppLoadContext, workspaceId: string, on = today()): Record<VersionedDoc, VersionRow[]> {
  const { list, events } = versionsWithEvents(context.db, workspaceId);
  const meetings = new Map(listMeetings(context.db, workspaceId).map((m) => [m.id, m]));
  const out: Record<VersionedDoc, VersionRow[]> = { structure: [], delegation: [] };
  for (const v of list) {
    const state = versionState(v.version, events, list, on);
    out[v.version.doc].push({
      version: v.version,
      state,
      status: state.status,
      statusLabel: state.awaitingRatification ? `${VERSION_STATUS_LABELS[state.status]} (Chair's action, awaiting ratification)` : VERSION_STATUS_LABELS[state.status],
      events: v.events as StoredVersionEvent[],
      resolution: resolutionText(state, meetings),
      overdue: state.status === "in_force" && !!state.reviewBy && on > state.reviewBy,
    });
  }
  for (const k of Object.keys(out) as VersionedDoc[]) out[k].reverse();
  return out;
}

/** The content of the most recent version of a document (the one a new proposal is compared with). */
export function latestVersionContent<D extends VersionedDoc>(context: AppLoadContext, workspaceId: string, doc: D, rows: VersionRow[]): { version: DocVersion; content: VersionContents[D] } | null {
  const latest = rows.find((r) => r.status !== "withdrawn");
  if (!latest) return null;
  const content = versionContent(context.db, workspaceId, latest.version.id, doc);
  return content ? { version: latest.version, content } : null;
}

export { allowedNextSteps, VERSIONED_DOC_LABELS };
