/** Approved SLM maturity self-assessments and which assessment rooms have been written (docs/decisions/044). */
import { and, asc, desc, eq, like } from "drizzle-orm";
import type { DbOrTx } from "../../db/client";
import { assessmentVersions, docUpdates } from "../../db/schema";
import type { Assessment } from "../../shared/collab/assessment-doc";

export interface AssessmentVersion {
  id: string;
  workspaceId: string;
  year: number;
  unitId: string | null;
  number: number;
  framework: string;
  seq: number;
  sha256: string;
  prevSha256: string | null;
  note: string;
  approvedBy: string | null;
  approvedByName: string | null;
  approvedAt: number;
  content: Assessment;
}

type Row = typeof assessmentVersions.$inferSelect;
const toVersion = (r: Row): AssessmentVersion => ({
  id: r.id,
  workspaceId: r.workspaceId,
  year: r.year,
  unitId: r.unitId || null,
  number: r.number,
  framework: r.framework,
  seq: r.seq,
  sha256: r.sha256,
  prevSha256: r.prevSha256,
  note: r.note,
  approvedBy: r.approvedBy,
  approvedByName: r.approvedByName,
  approvedAt: r.approvedAt,
  content: JSON.parse(r.content) as Assessment,
});

/** Every approved assessment of a workspace, oldest first (optionally one scope: "" for the trust). */
export function listAssessmentVersions(db: DbOrTx, workspaceId: string, scope?: { year?: number; unitId?: string | null }): AssessmentVersion[] {
  const conds = [eq(assessmentVersions.workspaceId, workspaceId)];
  if (scope?.year !== undefined) conds.push(eq(assessmentVersions.year, scope.year));
  if (scope && "unitId" in scope) conds.push(eq(assessmentVersions.unitId, scope.unitId ?? ""));
  return db.select().from(assessmentVersions).where(and(...conds)).orderBy(asc(assessmentVersions.year), asc(assessmentVersions.number)).all().map(toVersion);
}

/** The latest approval of one year and scope, or null. */
export function latestAssessmentVersion(db: DbOrTx, workspaceId: string, year: number, unitId: string | null): AssessmentVersion | null {
  const r = db
    .select()
    .from(assessmentVersions)
    .where(and(eq(assessmentVersions.workspaceId, workspaceId), eq(assessmentVersions.year, year), eq(assessmentVersions.unitId, unitId ?? "")))
    .orderBy(desc(assessmentVersions.number))
    .limit(1)
    .get();
  return r ? toVersion(r) : null;
}

export function getAssessmentVersion(db: DbOrTx, workspaceId: string, id: string): AssessmentVersion | null {
  const r = db.select().from(assessmentVersions).where(and(eq(assessmentVersions.workspaceId, workspaceId), eq(assessmentVersions.id, id))).get();
  return r ? toVersion(r) : null;
}

/** Inserts an approval (the table refuses any later change). */
export function insertAssessmentVersion(
  db: DbOrTx,
  v: Omit<AssessmentVersion, "content"> & { content: Assessment; state: Uint8Array },
): void {
  db.insert(assessmentVersions)
    .values({ ...v, unitId: v.unitId ?? "", content: JSON.stringify(v.content), state: Buffer.from(v.state) })
    .run();
}

/** Names of the assessment rooms that hold any update ("assessment/2026-27", "assessment/2026-27/med"). */
export function assessmentRoomsWritten(db: DbOrTx, workspaceId: string): string[] {
  return db
    .selectDistinct({ room: docUpdates.room })
    .from(docUpdates)
    .where(and(eq(docUpdates.workspaceId, workspaceId), like(docUpdates.room, "assessment/%")))
    .all()
    .map((r) => r.room);
}
