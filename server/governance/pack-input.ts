/**
 * Assembles a Board pack (issue 11: cover paper, redline, autonomy impact, exceptions, the full scheme
 * by area, the structure chart, version control) for a version from the stored records.
 */
import type { Db } from "../../db/client";
import { AUTONOMY_LEVELS, type AutonomyLevel } from "../../shared/autonomy/types";
import { formatLimit, holderName } from "../../shared/delegation/limits";
import { resolveForServiceLine } from "../../shared/delegation/resolve";
import { DECISION_AREAS, conditionText, vatBasisText, type Decision, type DecisionCell, type Scheme } from "../../shared/delegation/types";
import { diffDelegation, diffStructure } from "../../shared/governance/diff";
import { determinationOn } from "../../shared/governance/determinations";
import { versionState } from "../../shared/governance/lifecycle";
import { VERSION_STATUS_LABELS, VERSIONED_DOC_LABELS, type VersionContents } from "../../shared/governance/types";
import { ancestorIds, type Structure } from "../../shared/structure/model";
import { listDeterminations, listMeetings, versionContent } from "../repositories/governance";
import type { BoardPackInput } from "./board-pack";
import { inForceOn, versionsWithEvents } from "./service";
import { packMaturity } from "./pack-maturity";
import { packIncentives } from "./pack-incentives";

function cellText(d: Decision, cell: DecisionCell | undefined): string {
  if (!cell || cell.mode === "none") return "-";
  if (cell.mode === "reserved") return `Reserved${cell.holder ? `: ${cell.holder}` : ""}`;
  if (cell.holders?.length && d.limitKind !== "yesno") {
    return cell.holders.map((h) => `${holderName({ holder: h.holder, jointWith: h.jointWith ?? null })}: ${h.limit === null ? "no upper limit" : formatLimit(d, h.limit)}`).join("; ");
  }
  const limit = d.limitKind === "yesno" ? "Yes" : cell.limit === null ? "No upper limit" : formatLimit(d, cell.limit);
  return cell.holder ? `${limit} (${cell.holder})` : limit;
}

function slText(d: Decision, a: AutonomyLevel): string {
  const v = d.serviceLineLimits[a];
  if (v === null) return "Not held";
  if (d.limitKind === "yesno") return v >= 1 ? "Yes" : "No";
  return formatLimit(d, v);
}

function notesOf(d: Decision, scheme: Scheme): string[] {
  const notes: string[] = [];
  if (d.limitKind === "money" && d.vatBasis) notes.push(`Limits ${vatBasisText(d.vatBasis)}`);
  for (const c of d.conditions ?? []) notes.push(conditionText(c));
  if (d.performanceIndependent) notes.push("Does not vary with earned autonomy");
  if (d.procurement && scheme.procurementRoutes?.length) notes.push("Procurement route applies");
  for (const [levelId, cell] of Object.entries(d.cells)) if (cell.conditions) notes.push(`${scheme.levels.find((l) => l.id === levelId)?.name ?? levelId}: ${cell.conditions}`);
  return notes;
}

function schemeTables(scheme: Scheme) {
  const levels = scheme.levels.filter((l) => l.id !== scheme.serviceLineLevelId);
  const byArea = DECISION_AREAS.map((a) => ({
    area: a.label,
    levels: levels.map((l) => l.name),
    rows: scheme.decisions.filter((d) => d.area === a.id).map((d) => ({ decision: d.title, cells: levels.map((l) => cellText(d, d.cells[l.id])), notes: notesOf(d, scheme) })),
  })).filter((a) => a.rows.length > 0);
  const sl = DECISION_AREAS.map((a) => ({
    area: a.label,
    rows: scheme.decisions.filter((d) => d.area === a.id).map((d) => ({ decision: d.title, byLevel: AUTONOMY_LEVELS.map((l) => slText(d, l)) as [string, string, string, string] })),
  })).filter((a) => a.rows.length > 0);
  return { byArea, sl };
}

function exceptionsOf(scheme: Scheme): BoardPackInput["exceptions"] {
  const out: BoardPackInput["exceptions"] = [];
  for (const d of scheme.decisions) {
    for (const [levelId, cell] of Object.entries(d.cells)) {
      if (!cell.exception?.reason) continue;
      const level = scheme.levels.find((l) => l.id === levelId)?.name ?? levelId;
      const limit = levelId === scheme.serviceLineLevelId ? AUTONOMY_LEVELS.map((a) => `level ${a}: ${slText(d, a)}`).join(", ") : cellText(d, cell);
      out.push({ decision: d.title, level, limit, reason: cell.exception.reason });
    }
  }
  return out;
}

/** Which lines gain or lose which powers when a scheme replaces another, at each line's level on that date. */
function autonomyImpact(db: Db, workspaceId: string, before: Scheme | null, after: Scheme, structure: Structure, on: string): BoardPackInput["autonomyImpact"] {
  if (!before) return [];
  const dets = listDeterminations(db, workspaceId);
  const byId = new Map(structure.units.map((u) => [u.id, u]));
  const out: BoardPackInput["autonomyImpact"] = [];
  for (const u of structure.units.filter((x) => x.kind === "service_line")) {
    const det = determinationOn(dets, u.id, on);
    const level = det?.level ?? 3;
    const was = new Map(resolveForServiceLine(before, level).flatMap((a) => a.decisions).map((d) => [d.decisionId, d]));
    const now = resolveForServiceLine(after, level).flatMap((a) => a.decisions);
    const gains: string[] = [];
    const loses: string[] = [];
    for (const d of now) {
      const w = was.get(d.decisionId);
      const before = w?.limitText ?? "Not held";
      if (before === d.limitText) continue;
      const line = `${d.title}: ${before} -> ${d.limitText}`;
      const better = d.held && (!w?.held || (w.limit !== null && (d.limit === null || d.limit > w.limit)));
      (better ? gains : loses).push(line);
    }
    for (const [id, w] of was) if (!now.some((d) => d.decisionId === id) && w.held) loses.push(`${w.title}: removed from the scheme`);
    if (!gains.length && !loses.length) continue;
    const division = ancestorIds((id) => byId.get(id)?.parentId, u.id).map((id) => byId.get(id)).find((p) => p?.kind === "division");
    out.push({ line: u.name, division: division?.name ?? null, level, gains, loses });
  }
  return out;
}

/** The Board pack input for one version, or null when there is no such version in the workspace. */
export function boardPackInput(db: Db, workspaceId: string, trustName: string, versionId: string, preparedBy: string, today: string): BoardPackInput | null {
  const { list, events } = versionsWithEvents(db, workspaceId);
  const entry = list.find((v) => v.version.id === versionId);
  if (!entry) return null;
  const v = entry.version;
  const siblings = list.filter((x) => x.version.doc === v.doc);
  const idx = siblings.indexOf(entry);
  const previous = siblings
    .slice(0, idx)
    .reverse()
    .find((x) => versionState(x.version, events, list, today).status !== "withdrawn");
  const content = versionContent(db, workspaceId, v.id, v.doc)!;
  const prevContent = previous ? versionContent(db, workspaceId, previous.version.id, v.doc) : null;
  const state = versionState(v, events, list, today);
  const effective = state.effectiveFrom ?? v.proposedEffectiveFrom;

  const structure: Structure = v.doc === "structure" ? (content as VersionContents["structure"]) : (inForceOn(db, workspaceId, "structure", effective)?.content ?? { trustName, units: [], links: [] });
  let changes;
  let schemeByArea: BoardPackInput["schemeByArea"] = null;
  let serviceLineLimits: BoardPackInput["serviceLineLimits"] = null;
  let exceptions: BoardPackInput["exceptions"] = [];
  let impact: BoardPackInput["autonomyImpact"] = [];
  if (v.doc === "delegation") {
    const c = content as VersionContents["delegation"];
    const p = prevContent as VersionContents["delegation"] | null;
    changes = p ? diffDelegation(p, c) : [];
    const t = schemeTables(c.scheme);
    schemeByArea = t.byArea;
    serviceLineLimits = t.sl;
    exceptions = exceptionsOf(c.scheme);
    impact = autonomyImpact(db, workspaceId, p?.scheme ?? null, c.scheme, structure, effective);
  } else {
    changes = prevContent ? diffStructure(prevContent as Structure, content as Structure) : [];
  }

  const meetings = new Map(listMeetings(db, workspaceId).map((m) => [m.id, m]));
  const approvalMeeting = state.approval?.meetingId ? meetings.get(state.approval.meetingId) : undefined;
  const versionControl = siblings.map((x) => {
    const s = versionState(x.version, events, list, today);
    const rec = x.events.find((e) => e.kind === "recommended");
    return {
      number: x.version.number,
      status: VERSION_STATUS_LABELS[s.status],
      owner: x.version.owner,
      recommendedAt: rec ? `${rec.committee ?? "Committee"}, ${rec.date}` : null,
      approvedAt: s.approval ? `${s.approval.kind === "chair_action" ? "Chair's action" : "Board"}, ${s.approval.date}${s.approval.minuteRef ? ` (${s.approval.minuteRef})` : ""}` : null,
      effectiveFrom: s.effectiveFrom,
      reviewBy: s.reviewBy ?? x.version.reviewBy,
      summary: x.version.narrative,
    };
  });

  return {
    trustName,
    docLabel: VERSIONED_DOC_LABELS[v.doc],
    version: { number: v.number, title: v.title, owner: v.owner, narrative: v.narrative, sha256: v.sha256, prevSha256: v.prevSha256, proposedEffectiveFrom: v.proposedEffectiveFrom, reviewBy: state.reviewBy ?? v.reviewBy },
    cover: v.cover,
    meeting: approvalMeeting ? { title: approvalMeeting.title, date: approvalMeeting.date, part: approvalMeeting.part } : null,
    changes,
    previousNumber: previous?.version.number ?? null,
    autonomyImpact: impact,
    exceptions,
    schemeByArea,
    serviceLineLimits,
    structure: { units: structure.units.map((u) => ({ id: u.id, parentId: u.parentId, name: u.name, kind: u.kind, leaders: u.leaders.map((l) => `${l.role}: ${l.name}`) })) },
    versionControl,
    maturity: packMaturity(db, workspaceId, today, structure),
    incentives: packIncentives(db, workspaceId, today, structure),
    preparedBy,
    preparedAt: today,
  };
}
