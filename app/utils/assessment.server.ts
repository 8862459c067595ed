/**
 * Server side of the SLM maturity self-assessment (issue 15; docs/decisions/044): which years exist,
 * the evidence Devolve's own records suggest, approval as a frozen, hashed version, and the results
 * an export or the Board pack reads.
 */
import type { AppLoadContext } from "@remix-run/node";
import * as Y from "yjs";
import type { Db } from "../../db/client";
import { appendAudit } from "../../server/audit/chain";
import { evidenceInputs } from "../../server/governance/maturity-evidence";
import { assessmentRoomsWritten, insertAssessmentVersion, latestAssessmentVersion, listAssessmentVersions, type AssessmentVersion } from "../../server/repositories/assessment";
import { readAssessment, type Assessment } from "../../shared/collab/assessment-doc";
import { docName, financialYearSlug, parseDocName, parseFinancialYearSlug, type AssessmentRef } from "../../shared/collab/registry";
import { formatFinancialYear } from "../../shared/format/dates";
import { suggestEvidence, type Suggestion } from "../../shared/maturity/evidence";
import { approvalProblems } from "../../shared/maturity/scoring";
import type { Structure } from "../../shared/structure/model";
import { newId } from "../../shared/collab/ytools";
import { notFound } from "./http";
import { addRow } from "../../shared/collab/plan-doc";
import { can, type MemberAccess } from "../../shared/roles/roles";
import { sectionRef } from "../../shared/maturity/framework";

/** The financial year containing a date: 2026-12-01 → 2026 (2026/27 runs 1 April 2026 to 31 March 2027). */
export function financialYearStart(isoDate: string): number {
  const [y, m] = isoDate.split("-").map(Number) as [number, number];
  return m >= 4 ? y : y - 1;
}

/** The assessment a URL names (`2026-27`, optionally `?division=med`), or a 404. */
export function assessmentRefFromParams(yearSlug: string | undefined, divisionId: string | null, structure: Structure): AssessmentRef {
  const year = yearSlug ? parseFinancialYearSlug(yearSlug) : null;
  if (year === null) notFound("No such financial year: write it as 2026-27");
  if (!divisionId) return { kind: "assessment", year };
  if (!structure.units.some((u) => u.id === divisionId && u.kind === "division")) notFound("No such division");
  return { kind: "assessment", year, unitId: divisionId };
}

/** Where a person opens an assessment. */
export function assessmentPath(workspaceId: string, ref: AssessmentRef, page: "" | "results" = ""): string {
  const base = `/w/${encodeURIComponent(workspaceId)}/assessment/${financialYearSlug(ref.year)}${page ? `/${page}` : ""}`;
  return ref.unitId ? `${base}?division=${encodeURIComponent(ref.unitId)}` : base;
}

/** The suggestions for one assessment: on the last day of its financial year, or today if earlier. */
export function suggestionsFor(db: Db, workspaceId: string, ref: AssessmentRef, today: string, structure: Structure): Suggestion[] {
  const yearEnd = `${ref.year + 1}-03-31`;
  return suggestEvidence(evidenceInputs(db, workspaceId, today < yearEnd ? today : yearEnd, structure));
}

export interface YearRow {
  ref: AssessmentRef;
  label: string;
  draftStarted: boolean;
  approved: AssessmentVersion | null;
}

/** Every assessment with a draft or an approval, newest year first (trust before divisions). */
export function listAssessmentYears(db: Db, workspaceId: string): YearRow[] {
  const refs = new Map<string, AssessmentRef>();
  const drafts = new Set<string>();
  for (const room of assessmentRoomsWritten(db, workspaceId)) {
    const ref = parseDocName(room);
    if (ref?.kind === "assessment" && docName(ref) === room) {
      refs.set(room, ref);
      drafts.add(room);
    }
  }
  for (const v of listAssessmentVersions(db, workspaceId)) {
    const ref: AssessmentRef = v.unitId ? { kind: "assessment", year: v.year, unitId: v.unitId } : { kind: "assessment", year: v.year };
    refs.set(docName(ref), ref);
  }
  return [...refs.entries()]
    .map(([room, ref]) => ({
      ref,
      label: formatFinancialYear(ref.year),
      draftStarted: drafts.has(room),
      approved: latestAssessmentVersion(db, workspaceId, ref.year, ref.unitId ?? null),
    }))
    .sort((a, b) => b.ref.year - a.ref.year || (a.ref.unitId ?? "").localeCompare(b.ref.unitId ?? ""));
}

/** The latest approved assessment of the same scope in an earlier year, for the comparison. */
export function earlierApproved(db: Db, workspaceId: string, ref: AssessmentRef): AssessmentVersion | null {
  const all = listAssessmentVersions(db, workspaceId).filter((v) => v.year < ref.year && (v.unitId ?? null) === (ref.unitId ?? null));
  return all.at(-1) ?? null;
}

export type ApproveOutcome = { ok: true; version: AssessmentVersion } | { ok: false; errors: string[] };

/**
 * Approves the assessment as it stands: one snapshot of the committed state at its log position,
 * read back from those same bytes, checked (every section agreed with a rationale), and stored with
 * its hash and the previous approval's hash, with an audit record in the same transaction.
 */
export async function approveAssessment(
  context: Pick<AppLoadContext, "db" | "collab">,
  workspaceId: string,
  ref: AssessmentRef,
  note: string,
  actor: { id: string; name: string },
  now = Date.now()
): Promise<ApproveOutcome> {
  if (note.length > 2_000) return { ok: false, errors: ["Keep the note under 2,000 characters"] };
  const snap = await context.collab.snapshot(workspaceId, ref);
  if (snap.seq === 0)
    return {
      ok: false,
      errors: ["Nothing has been recorded in this assessment yet"],
    };
  const ydoc = new Y.Doc();
  let content: Assessment;
  try {
    Y.applyUpdate(ydoc, snap.state);
    content = readAssessment(ydoc);
  } finally {
    ydoc.destroy();
  }
  const problems = approvalProblems(content);
  if (problems.length > 0) return { ok: false, errors: problems.map((p) => p.message) };
  const previous = latestAssessmentVersion(context.db, workspaceId, ref.year, ref.unitId ?? null);
  if (previous && previous.seq === snap.seq)
    return {
      ok: false,
      errors: [`Nothing has changed since approval ${previous.number}`],
    };
  const version: AssessmentVersion = {
    id: newId("av"),
    workspaceId,
    year: ref.year,
    unitId: ref.unitId ?? null,
    number: (previous?.number ?? 0) + 1,
    framework: content.framework,
    seq: snap.seq,
    sha256: snap.sha256,
    prevSha256: previous?.sha256 ?? null,
    note: note.trim(),
    approvedBy: actor.id,
    approvedByName: actor.name,
    approvedAt: now,
    content,
  };
  context.db.$client.transaction(() => {
    insertAssessmentVersion(context.db, { ...version, state: snap.state });
    appendAudit(context.db, {
      workspaceId,
      actorId: actor.id,
      actorName: actor.name,
      kind: "assessment.approved",
      subject: `${docName(ref)} approval ${version.number}`,
      detail: {
        id: version.id,
        seq: version.seq,
        sha256: version.sha256,
        prevSha256: version.prevSha256,
      },
      at: now,
    });
  })();
  return { ok: true, version };
}

export interface AssessmentResults {
  ref: AssessmentRef;
  title: string;
  /** Which copy is shown: the latest approval, or the live draft. */
  source: "approved" | "draft";
  /** Whether any approval of this assessment exists (so a draft view can offer it). */
  hasApproved: boolean;
  version: Pick<AssessmentVersion, "id" | "number" | "approvedAt" | "approvedByName" | "sha256"> | null;
  assessment: Assessment;
  earlier: { year: number; label: string; assessment: Assessment } | null;
  suggestions: Suggestion[];
}

/**
 * What the results page, the exports and the Board pack show: the latest approval by default (the
 * draft when nothing is approved yet, or when asked), and the latest approval of an earlier year.
 */
export async function assessmentResults(
  context: Pick<AppLoadContext, "db" | "collab">,
  workspaceId: string,
  ref: AssessmentRef,
  view: "approved" | "draft",
  today: string,
  structure: Structure
): Promise<AssessmentResults> {
  const approved = latestAssessmentVersion(context.db, workspaceId, ref.year, ref.unitId ?? null);
  const useDraft = view === "draft" || !approved;
  const assessment = useDraft ? await context.collab.read(workspaceId, ref) : approved.content;
  const earlier = earlierApproved(context.db, workspaceId, ref);
  const division = ref.unitId ? structure.units.find((u) => u.id === ref.unitId)?.name ?? ref.unitId : null;
  return {
    ref,
    title: `SLM maturity self-assessment ${formatFinancialYear(ref.year)}${division ? `: ${division}` : ""}`,
    source: useDraft ? "draft" : "approved",
    hasApproved: approved !== null,
    version: useDraft
      ? null
      : {
          id: approved.id,
          number: approved.number,
          approvedAt: approved.approvedAt,
          approvedByName: approved.approvedByName,
          sha256: approved.sha256,
        },
    assessment,
    earlier: earlier
      ? {
          year: earlier.year,
          label: formatFinancialYear(earlier.year),
          assessment: earlier.content,
        }
      : null,
    suggestions: suggestionsFor(context.db, workspaceId, ref, today, structure),
  };
}

/**
 * Copies one of an assessment's improvement actions into a service line's plan for the same
 * financial year (issue 15: actions "can be copied into a service line's plan actions"), as a
 * server-side edit through the plan's write path, attributed to the person.
 */
export async function copyActionToPlan(
  context: Pick<AppLoadContext, "collab">,
  workspaceId: string,
  ref: AssessmentRef,
  input: { sectionId: string; actionId: string; unitId: string },
  member: MemberAccess,
  actor: { id: string },
  structure: Structure,
): Promise<{ ok: true; message: string } | { ok: false; error: string }> {
  const line = structure.units.find((u) => u.id === input.unitId && u.kind === "service_line");
  if (!line) return { ok: false, error: "Choose a service line of the trust" };
  if (!can(member, "assessment.agree") || !can(member, "plan.edit", { unitId: line.id })) return { ok: false, error: `Your role does not allow adding actions to ${line.name}'s plan` };
  const a = await context.collab.read(workspaceId, ref);
  const action = a.sections[input.sectionId]?.actions.find((x) => x.id === input.actionId);
  if (!action) return { ok: false, error: "That action is no longer in the assessment" };
  let error: string | null = null;
  await context.collab.transact(
    workspaceId,
    { kind: "plan", unitId: line.id, year: ref.year },
    (doc) => {
      const r = addRow(doc, "actions", { action: action.text, evidence: "dashboard", evidenceNote: `SLM maturity self-assessment ${formatFinancialYear(ref.year)}, ${sectionRef({ id: input.sectionId })}`, owner: action.owner, due: action.due, measure: "", status: "not_started" });
      if (!r.ok) error = r.error;
    },
    { authorId: actor.id },
  );
  if (error) return { ok: false, error };
  return { ok: true, message: `Added to ${line.name}'s plan for ${formatFinancialYear(ref.year)}` };
}
