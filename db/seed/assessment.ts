/**
 * The demo trust's SLM maturity self-assessments (issue 15), dated relative to the seed day: the
 * assessment agreed at a workshop in March before the current financial year began (March 2026 for a
 * seed made on 1 December 2026), approved; and this year's, under way. The spread between assessors
 * is realistic: information management around 2, strategy and planning lower, performance
 * management around 2, organisational structure around 3 with decision rights at 4.
 */
import { createHash } from "node:crypto";
import * as Y from "yjs";
import type { Db } from "../client";
import { appendAudit } from "../../server/audit/chain";
import { collabStore } from "../../server/collab/persistence";
import { insertAssessmentVersion } from "../../server/repositories/assessment";
import { addAction, addEvidence, joinAssessment, readAssessment, setAgreed, setOverall, setScore, startAssessment } from "../../shared/collab/assessment-doc";
import { docName, type AssessmentRef } from "../../shared/collab/registry";
import { lastWeekdayOf } from "../../shared/format/dates";
import type { MaturityLevel } from "../../shared/maturity/framework";
import { approvalProblems } from "../../shared/maturity/scoring";

type L = MaturityLevel;
const THURSDAY = 4;

/** Agreed levels of the March workshop, by section, with the rationale the group recorded. */
const AGREED_MARCH: Record<string, [L, string]> = {
  p1s1: [2, "Service-line income and expenditure is produced monthly with agreed overhead apportionment; patient-level costing is not yet integrated."],
  p1s2: [2, "Finance business partners take the statements to each service line's monthly meeting; they inform the improvement plans in Medicine and Surgery."],
  p1s3: [2, "Monthly dashboards carry operational, quality and workforce measures, agreed with the clinical directors in the autumn."],
  p1s4: [2, "Clinical leads challenge the data at their meetings; no formal data-quality reviews yet."],
  p1s5: [1, "Dashboards are reviewed monthly, but few lines turn them into monthly action plans."],
  p2s1: [2, "Service-line strategies were written at divisional level and agreed by the Board in 2024."],
  p2s2: [1, "Targets are mostly set top down; front-line goals are rarely quantified."],
  p2s3: [1, "Plans were finalised after 1 April last year and bottom-up goals were not defined."],
  p2s4: [2, "Plans are set by the executive and cascaded; finance teams support, clinicians review late."],
  p2s5: [1, "No incentive and consequence framework is agreed yet."],
  p2s6: [2, "Action plans cite the dashboard but rarely patient experience or benchmarks."],
  p3s1: [2, "Service-line performance reviews led by the clinical directors feed the executive review."],
  p3s2: [2, "Meetings are regular with a standing agenda and data pack."],
  p3s3: [2, "Model Hospital and GIRFT benchmarks are identified for most lines; not yet used at Board."],
  p3s4: [2, "A subset of line-specific indicators is set by the executive and agreed with the lines."],
  p3s5: [2, "Indicators are tracked formally on SPC charts each month."],
  p3s6: [2, "Accountability is shared between the clinical director and the general manager."],
  p3s7: [2, "Strong performers are visible in the performance report but not always recognised."],
  p3s8: [1, "Failure to achieve is tolerated for some time; there are no performance-related rewards."],
  p4s1: [3, "Service lines and sub-service lines were defined on business-unit criteria and signed off by the Board."],
  p4s2: [3, "Each division has a communications plan explaining the service-line changes."],
  p4s3: [3, "Role descriptions and contracts exist for clinical and financial leads; service-line teams lead productivity work."],
  p4s4: [3, "Clinical directors engage with the managerial issues the executive brings."],
  p4s5: [2, "Finance and HR business partners sit with the lines; no service-level agreements yet."],
  p4s6: [3, "The leadership programme covers business planning, project and performance management."],
  p4s7: [4, "The scheme of delegation defines HR, financial, clinical and operational, and strategic decision rights at executive, service-line and team levels, and is amended annually through Board approval."],
  p4s8: [3, "Service lines take many decisions within their limits, and the limits vary with earned autonomy; few lines have yet used the higher limits."],
};

/** Each assessor's own level where it differed from the agreed one (section → level). */
const VIEWS: Record<string, Record<string, L>> = {
  "executive@riverside.example": { p1s1: 2, p1s3: 3, p2s1: 2, p2s3: 1, p3s1: 3, p3s5: 2, p4s1: 3, p4s7: 4, p4s8: 3, p2s5: 1 },
  "editor@riverside.example": { p1s1: 3, p1s3: 2, p1s5: 2, p2s2: 2, p2s3: 2, p3s1: 2, p3s3: 3, p3s5: 3, p4s1: 3, p4s5: 2, p4s7: 4, p4s8: 4 },
  "contributor@riverside.example": { p1s1: 1, p1s2: 1, p1s3: 2, p1s5: 1, p2s1: 1, p2s2: 1, p2s4: 1, p2s6: 1, p3s1: 2, p3s6: 1, p3s8: 1, p4s1: 2, p4s4: 2, p4s7: 3, p4s8: 2 },
  "admin@riverside.example": { p1s4: 2, p2s1: 2, p3s2: 2, p4s2: 3, p4s7: 4, p4s8: 3 },
};

const ROLES: Record<string, string> = {
  "executive@riverside.example": "Director of Finance (facilitator)",
  "editor@riverside.example": "Head of Planning and Performance",
  "contributor@riverside.example": "Clinical Lead, Cardiology",
  "admin@riverside.example": "Board Secretary",
};

const RATIONALE: Record<string, string> = {
  "contributor@riverside.example": "From Cardiology's side this is not yet how it feels on the wards.",
  "editor@riverside.example": "The performance team's view from the monthly packs.",
};

function userOf(db: Db, email: string): { id: string; name: string } | null {
  return (db.$client.prepare("SELECT id, name FROM users WHERE email = ?").get(email) as { id: string; name: string } | undefined) ?? null;
}

/**
 * Logs what changed in `doc` since the state vector `before`, attributed and dated when it happened
 * in the demo's story (the March workshop's edits are March's, not the seed day's); returns the new
 * seq (the old one if nothing changed). The seed runs before the server, so it writes the log itself.
 */
function log(db: Db, workspaceId: string, room: string, doc: Y.Doc, before: Uint8Array, authorId: string | null, seq: number, at: number): number {
  if (Buffer.from(Y.encodeStateVector(doc)).equals(Buffer.from(before))) return seq;
  const store = collabStore(db);
  const next = store.maxSeq(workspaceId, room) + 1;
  store.insertUpdate(workspaceId, room, next, Y.encodeStateAsUpdate(doc, before), authorId, at);
  return next;
}

/** Seeds the approved March assessment (of the year before the current one) and this year's draft. */
export function seedDemoAssessments(db: Db, workspaceId: string, today: string): void {
  const [y, m] = today.split("-").map(Number) as [number, number];
  const current = m >= 4 ? y : y - 1;
  // The workshop before the current year began: the last Thursday but one of March (before the Board).
  const workshop = lastWeekdayOf(`${current}-03`, THURSDAY);
  const workshopDay = `${current}-03-${String(Number(workshop.slice(8)) - 7).padStart(2, "0")}`;
  const people = Object.keys(ROLES).flatMap((email) => {
    const u = userOf(db, email);
    return u ? [{ email, ...u }] : [];
  });
  const facilitator = people.find((p) => p.email === "executive@riverside.example")!;
  // Minutes into a workshop that started at 09:30 on `day`.
  const when = (day: string, minutes: number) => Date.parse(`${day}T09:30:00Z`) + minutes * 60_000;
  // This year's workshop so far: a session a fortnight before the seed day.
  const draftDay = new Date(Date.parse(`${today}T00:00:00Z`) - 14 * 86_400_000).toISOString().slice(0, 10);

  // 1. Last year's assessment, agreed at the March workshop and approved.
  {
    const ref: AssessmentRef = { kind: "assessment", year: current - 1 };
    const room = docName(ref);
    const doc = new Y.Doc();
    let seq = 0;
    let sv = Y.encodeStateVector(doc);
    startAssessment(doc, { workshopDate: workshopDay });
    setOverall(doc, { overallBefore: 2 });
    seq = log(db, workspaceId, room, doc, sv, facilitator.id, seq, when(workshopDay, 0));
    for (const [n, p] of people.entries()) {
      sv = Y.encodeStateVector(doc);
      joinAssessment(doc, p, ROLES[p.email]!);
      for (const [sectionId, [agreed]] of Object.entries(AGREED_MARCH)) {
        const level = VIEWS[p.email]?.[sectionId] ?? agreed;
        const differs = level !== agreed;
        const r = setScore(doc, p.id, sectionId, { level, rationale: differs ? (RATIONALE[p.email] ?? "See the discussion notes.") : "" });
        if (!r.ok) throw new Error(`Demo score ${sectionId}: ${r.error}`);
      }
      seq = log(db, workspaceId, room, doc, sv, p.id, seq, when(workshopDay, 20 + n * 5));
    }
    sv = Y.encodeStateVector(doc);
    for (const [sectionId, [level, rationale]] of Object.entries(AGREED_MARCH)) {
      const r = setAgreed(doc, sectionId, { agreedLevel: level, rationale, targetLevel: level < 4 ? ((level + 1) as L) : null, targetDate: level < 4 ? `${current + 1}-03-31` : "" });
      if (!r.ok) throw new Error(`Demo agreed ${sectionId}: ${r.error}`);
    }
    addEvidence(doc, "p4s7", { label: "Scheme of delegation and its version history", href: `/w/${workspaceId}/versions` });
    addEvidence(doc, "p3s5", { label: "Indicators and SPC charts", href: `/w/${workspaceId}/indicators` });
    addAction(doc, "p2s3", { text: "Agree every service line's plan, with bottom-up goals, before 1 April", owner: "Head of Planning and Performance", due: `${current}-03-31` });
    addAction(doc, "p2s5", { text: "Draft an incentive and consequence framework with the clinical directors", owner: "Director of Finance", due: `${current}-09-30` });
    addAction(doc, "p1s5", { text: "Every service line to keep a monthly improvement action plan from its dashboard", owner: "Chief Operating Officer", due: `${current}-06-30` });
    setOverall(doc, { overallAfter: 2, overallRationale: "Having gone through the sections, the group kept level 2 overall: structure and decision rights are ahead, planning and incentives behind." });
    seq = log(db, workspaceId, room, doc, sv, facilitator.id, seq, when(workshopDay, 360));
    const content = readAssessment(doc);
    const problems = approvalProblems(content);
    if (problems.length) throw new Error(`Demo assessment cannot be approved: ${problems[0]!.message}`);
    const state = Y.encodeStateAsUpdate(doc);
    const sha256 = createHash("sha256").update(state).digest("hex");
    const approvedAt = Date.parse(`${workshopDay}T16:30:00Z`);
    insertAssessmentVersion(db, {
      id: "av_demo_march",
      workspaceId,
      year: ref.year,
      unitId: null,
      number: 1,
      framework: content.framework,
      seq,
      sha256,
      prevSha256: null,
      note: "Agreed at the SLM maturity workshop; reported to the Board in March.",
      approvedBy: facilitator.id,
      approvedByName: facilitator.name,
      approvedAt,
      content,
      state,
    });
    appendAudit(db, { workspaceId, actorId: facilitator.id, actorName: facilitator.name, kind: "assessment.approved", subject: `${room} approval 1`, detail: { id: "av_demo_march", seq, sha256, prevSha256: null }, at: approvedAt });
    doc.destroy();
  }

  // 2. This year's, under way: participants have scored Parts 1 and 4; Part 1 is agreed.
  {
    const ref: AssessmentRef = { kind: "assessment", year: current };
    const room = docName(ref);
    const doc = new Y.Doc();
    let seq = 0;
    let sv = Y.encodeStateVector(doc);
    startAssessment(doc, { workshopDate: draftDay });
    setOverall(doc, { overallBefore: 2 });
    seq = log(db, workspaceId, room, doc, sv, facilitator.id, seq, when(draftDay, 0));
    const thisYear: Record<string, Record<string, L>> = {
      "executive@riverside.example": { p1s1: 2, p1s2: 3, p1s3: 3, p1s4: 2, p1s5: 2, p4s1: 3, p4s7: 4, p4s8: 4 },
      "editor@riverside.example": { p1s1: 3, p1s2: 2, p1s3: 3, p1s4: 3, p1s5: 2, p4s1: 3, p4s7: 4 },
      "contributor@riverside.example": { p1s1: 2, p1s2: 2, p1s3: 2, p1s4: 2, p1s5: 1, p4s1: 2, p4s7: 3, p4s8: 3 },
    };
    for (const [n, p] of people.filter((x) => thisYear[x.email]).entries()) {
      sv = Y.encodeStateVector(doc);
      joinAssessment(doc, p, ROLES[p.email]!);
      for (const [sectionId, level] of Object.entries(thisYear[p.email]!)) setScore(doc, p.id, sectionId, { level, rationale: "" });
      seq = log(db, workspaceId, room, doc, sv, p.id, seq, when(draftDay, 15 + n * 5));
    }
    sv = Y.encodeStateVector(doc);
    const agreed: Record<string, [L, string]> = {
      p1s1: [2, "Unchanged: patient-level costing is still being implemented."],
      p1s2: [2, "Statements reach every line's team; monitoring by the teams themselves is patchy."],
      p1s3: [3, "Sub-service lines in Medicine and Surgery now build improvement plans from their dashboards."],
      p1s4: [2, "No formal data-quality reviews yet."],
      p1s5: [2, "Most lines now prepare monthly action plans from their dashboards."],
    };
    for (const [sectionId, [level, rationale]] of Object.entries(agreed)) setAgreed(doc, sectionId, { agreedLevel: level, rationale, targetLevel: (level + 1) as L, targetDate: `${current + 1}-03-31` });
    seq = log(db, workspaceId, room, doc, sv, facilitator.id, seq, when(draftDay, 90));
    doc.destroy();
  }
}
