/**
 * The demo trust's governance history, laid relative to the day it is seeded (DESIGN.md "The demo
 * trust lives in the present"): with Y the first calendar year of the financial year that contains
 * that day, the scheme v3.2 was approved at the last Board of March Y-1 and v4.0 at the last Board
 * of March Y (recommended by the Audit Committee on the second Wednesday of that March), in force from
 * 1 April Y with review by 31 March Y+1; the structure v1.0 came with v3.2, v1.1 by Chair's action in
 * August Y-1, ratified at the September Board, and v2.0 with v4.0. For a seed made on 1 December 2026
 * these are the dates issue 11 gives (27 March 2025, 11 and 26 March 2026, 1 April 2026, 31 March 2027).
 * Every date is before the seed day, so the demo never shows the future as past.
 */
import * as Y from "yjs";
import type { Db } from "../client";
import { computeLevels } from "../../shared/autonomy/assess";
import { judgeAgainstLivePlans } from "../../shared/autonomy/ytd";
import { demoLivePhasings } from "./plans";
import type { AutonomyRules, MonthLevel, MonthObservation } from "../../shared/autonomy/types";
import { defaultAutonomyRules, withoutWorkforce } from "../../shared/autonomy/rules";
import { applyKeyIndicators } from "../../shared/autonomy/keys";
import { applySpcJudgement, spcCodesOf } from "../../shared/autonomy/spc-rule";
import { readRuleIndicators, writeAutonomyRules } from "../../shared/collab/autonomy-rules-doc";
import { addUnit, moveUnit, structureUnits, updateUnit } from "../../shared/collab/structure-doc";
import { demoDraftChanges, demoRuleIndicators, demoScheme, demoSchemeV32 } from "../../shared/delegation/demo";
import { writeScheme } from "../../shared/collab/scheme-doc";
import { addMonths, formatDate, formatFinancialYear, formatMonth, lastWeekdayOf, nthWeekdayOf } from "../../shared/format/dates";
import { canonicalFigures } from "../../shared/governance/determinations";
import type { Attendance, BoardMember, CoverPaper, Determination, VersionedDoc } from "../../shared/governance/types";
import { DEFAULT_QUORUM } from "../../shared/governance/types";
import { appendUpdate } from "../../server/collab/persistence";
import { sha256Hex } from "../../server/audit/chain";
import {
  addBoardMember,
  addDelegation,
  addDeterminations,
  addMeeting,
  addTenure,
  addVersionEvent,
  createVersion,
  editorsBetween,
  setGovernanceSettings,
  type Actor,
} from "../../server/repositories/governance";
import { contentOfState } from "../../server/governance/service";
import { buildDemoDelegationDoc } from "./delegation";
import { buildDemoStructureDoc, unitIdForCode } from "./index";
import { DEMO_UNITS } from "./demo-structure";

const SEED: Actor = { id: null, name: "Devolve demo set-up" };
const THURSDAY = 4;
const WEDNESDAY = 3;
const TUESDAY = 2;

/** The demo's calendar for a seed day. */
export function demoCalendar(today: string) {
  const [year, month] = today.split("-").map(Number) as [number, number];
  const y = month >= 4 ? year : year - 1;
  return {
    y,
    lastCompleteMonth: addMonths(today.slice(0, 7), -1),
    boardMarchPrev: lastWeekdayOf(`${y - 1}-03`, THURSDAY),
    auditMarchPrev: nthWeekdayOf(`${y - 1}-03`, WEDNESDAY, 2),
    chairAction: nthWeekdayOf(`${y - 1}-08`, TUESDAY, 1),
    boardSeptPrev: lastWeekdayOf(`${y - 1}-09`, THURSDAY),
    auditMarch: nthWeekdayOf(`${y}-03`, WEDNESDAY, 2),
    boardMarch: lastWeekdayOf(`${y}-03`, THURSDAY),
    nextBoardMarch: lastWeekdayOf(`${y + 1}-03`, THURSDAY),
    fyStartPrev: `${y - 1}-04-01`,
    fyStart: `${y}-04-01`,
    reviewByPrev: `${y}-03-31`,
    reviewBy: `${y + 1}-03-31`,
    accountabilityReviews: accountabilityReviews(y),
  };
}

/**
 * The six-monthly accountability reviews (ULHT §6) after the one that set the starting levels: the
 * third Thursday of September and March, each agreeing levels from the first of the next month.
 * Only those before the seed day have taken place.
 */
function accountabilityReviews(y: number) {
  const exec = (date: string) => ["Dr James Okafor", "Priya Shah", "Simon Clarke", date >= `${y - 1}-07-01` ? "Dr Hannah Brooks" : "Dr Richard Stone", "Angela Moore"];
  return [`${y - 1}-09`, `${y}-03`, `${y}-09`, `${y + 1}-03`].map((month) => {
    const date = nthWeekdayOf(month, THURSDAY, 3);
    return { date, from: `${addMonths(month, 1)}-01`, present: exec(date) };
  });
}

/** Twelve voting directors (the Chair, Vice-Chair, five non-executives and five executives) and the Board's non-voting attendees. */
function demoBoard(y: number): Omit<BoardMember, "id">[] {
  return [
    { name: "Dame Elizabeth Hart", title: "Chair", capacity: "chair", from: "2020-04-01", to: null },
    { name: "Professor Sarah Whitfield", title: "Vice-Chair and Senior Independent Director", capacity: "vice_chair", from: "2019-10-01", to: null },
    { name: "Mark Ellis", title: "Non-executive director (Chair of the Audit Committee)", capacity: "non_executive", from: "2021-01-01", to: null },
    { name: "Anil Mehta", title: "Non-executive director (Chair of the Finance and Investment Committee)", capacity: "non_executive", from: "2022-06-01", to: null },
    { name: "Joanna Price", title: "Non-executive director (Chair of the Quality Committee)", capacity: "non_executive", from: "2020-09-01", to: null },
    { name: "David Lowe", title: "Non-executive director", capacity: "non_executive", from: "2023-02-01", to: null },
    { name: "Catherine Bryce", title: "Non-executive director (Chair of the Remuneration Committee)", capacity: "non_executive", from: "2021-07-01", to: null },
    { name: "Dr James Okafor", title: "Chief Executive", capacity: "executive", from: "2021-09-01", to: null },
    { name: "Priya Shah", title: "Director of Finance", capacity: "executive", from: "2022-04-01", to: null },
    { name: "Dr Richard Stone", title: "Medical Director", capacity: "executive", from: "2018-01-01", to: `${y - 1}-06-30` },
    { name: "Dr Hannah Brooks", title: "Medical Director", capacity: "executive", from: `${y - 1}-07-01`, to: null },
    { name: "Angela Moore", title: "Chief Nurse", capacity: "executive", from: "2020-11-01", to: null },
    { name: "Simon Clarke", title: "Chief Operating Officer", capacity: "executive", from: "2023-05-01", to: null },
    { name: "Helen Carter", title: "Board Secretary", capacity: "non_voting", from: "2019-03-01", to: null },
    { name: "Nicholas Grant", title: "Director of People (non-voting)", capacity: "non_voting", from: "2022-01-01", to: null },
  ];
}

function attendance(board: BoardMember[], date: string, absent: string[]): Attendance[] {
  return board
    .filter((m) => m.from <= date && (m.to === null || m.to >= date))
    .map((m) => ({ memberId: m.id, name: m.name, capacity: m.capacity, present: !absent.includes(m.name) }));
}

const at = (date: string, hour = 10) => Date.parse(`${date}T${String(hour).padStart(2, "0")}:00:00Z`);

function cover(purpose: string, recommendation: string, previous: string): CoverPaper {
  return { purpose, sponsor: "Priya Shah, Director of Finance", author: "Helen Carter, Board Secretary", previousConsideration: previous, recommendation };
}

/** Logs a document change made on a Y.Doc since `before` and returns the new log position. */
function logChange(db: Db, workspaceId: string, room: VersionedDoc, doc: Y.Doc, before: Uint8Array | null, authorId: string | null = null): number {
  const update = before ? Y.encodeStateAsUpdate(doc, before) : Y.encodeStateAsUpdate(doc);
  return appendUpdate(db, workspaceId, room, update, authorId);
}

/** A demo person's account id, so the seeded history is attributed the way a real one would be. */
function userIdOf(db: Db, email: string): string | null {
  return (db.$client.prepare("SELECT id FROM users WHERE email = ?").get(email) as { id: string } | undefined)?.id ?? null;
}

function freeze(db: Db, workspaceId: string, room: VersionedDoc, doc: Y.Doc, seq: number, prevSeq: number, v: { number: string; title: string; narrative: string; cover: CoverPaper; effectiveFrom: string; reviewBy: string; proposed: string }) {
  const state = Y.encodeStateAsUpdate(doc);
  return createVersion(
    db,
    {
      workspaceId,
      doc: room,
      number: v.number,
      title: v.title,
      owner: "Helen Carter, Board Secretary",
      narrative: v.narrative,
      seq,
      state,
      content: contentOfState(room, state),
      editors: editorsBetween(db, workspaceId, room, prevSeq, seq),
      cover: v.cover,
      reviewBy: v.reviewBy,
      proposedEffectiveFrom: v.effectiveFrom,
      date: v.proposed,
      at: at(v.proposed),
    },
    SEED,
  );
}

/**
 * Seeds the structure and scheme histories (their update logs, versions and resolutions), the Board,
 * its meetings, role tenures, one temporary delegation and earned-autonomy determinations. Runs inside
 * the demo seed's transaction.
 */
/**
 * Seeds the governance history and returns each line's recommended month levels, computed as the
 * app computes them for the accountability review (the demo's escalations start from them).
 */
export function seedDemoGovernance(db: Db, workspaceId: string, today: string, figures: Record<string, MonthObservation[]>): Map<string, MonthLevel[]> {
  const c = demoCalendar(today);
  // The planning lead edits the drafts; the Director of Finance led the scheme's annual review.
  const planner = userIdOf(db, "editor@riverside.example");
  const dof = userIdOf(db, "executive@riverside.example");
  setGovernanceSettings(db, workspaceId, { quorum: DEFAULT_QUORUM, foundationTrust: true }, SEED);
  const board = demoBoard(c.y).map((m) => addBoardMember(db, workspaceId, m, SEED));

  const meetingPrev = addMeeting(db, workspaceId, { title: "Board of Directors (meeting in public)", date: c.boardMarchPrev, part: "public", attendance: attendance(board, c.boardMarchPrev, ["David Lowe", "Catherine Bryce"]) }, SEED);
  const meetingSept = addMeeting(db, workspaceId, { title: "Board of Directors (meeting in public)", date: c.boardSeptPrev, part: "public", attendance: attendance(board, c.boardSeptPrev, ["Dame Elizabeth Hart", "Joanna Price", "Angela Moore"]) }, SEED);
  const meeting = addMeeting(db, workspaceId, { title: "Board of Directors (meeting in public)", date: c.boardMarch, part: "public", attendance: attendance(board, c.boardMarch, ["David Lowe"]) }, SEED);
  const memberId = (name: string) => board.find((m) => m.name === name && (m.to === null || m.to >= c.boardMarch))!.id;

  // ---- Structure: v1.0, v1.1 by Chair's action, v2.0 (= the draft as seeded) ----
  // v1.0 had no interventional cardiology sub-service line (the cath lab sat under Cardiology), no
  // elective orthopaedic centre, and called the division "Women's and Children's". Built by undoing
  // those from the demo structure, then redoing them as v1.1 and v2.0, so the log reads as history.
  const sv = buildDemoStructureDoc();
  moveUnit(sv, "card-cath", "card");
  structureUnits(sv).delete("card-int");
  structureUnits(sv).delete("orth-el");
  updateUnit(sv, "wch", { name: "Women's and Children's" });
  let seq = logChange(db, workspaceId, "structure", sv, null);
  const st10 = freeze(db, workspaceId, "structure", sv, seq, 0, {
    number: "1.0",
    title: `Service-line structure ${c.y - 1}/${String(c.y % 100).padStart(2, "0")}`,
    narrative: "Three clinical divisions and clinical support services, with seventeen service lines, as agreed in the service-line management programme.",
    cover: cover("To approve the trust's service-line structure.", "The Board is asked to approve the service-line structure, version 1.0.", `Audit Committee, ${formatDate(c.auditMarchPrev)}`),
    effectiveFrom: c.fyStartPrev,
    reviewBy: c.reviewByPrev,
    proposed: addMonths(c.auditMarchPrev.slice(0, 7), -1) + "-20",
  });
  addVersionEvent(db, { workspaceId, versionId: st10.id, kind: "recommended", date: c.auditMarchPrev, committee: "Audit Committee", minuteRef: `AC ${String(c.y - 1).slice(2)}/014`, outcome: "Recommended for approval", at: at(c.auditMarchPrev, 15) }, SEED);
  addVersionEvent(db, { workspaceId, versionId: st10.id, kind: "approved", date: c.boardMarchPrev, meetingId: meetingPrev.id, minuteRef: `TB ${String(c.y - 1).slice(2)}/038`, effectiveFrom: c.fyStartPrev, reviewBy: c.reviewByPrev, at: at(c.boardMarchPrev, 12) }, SEED);

  let before = Y.encodeStateVector(sv);
  const orthEl = DEMO_UNITS.find((u) => u.code === "ORTH-EL")!;
  addUnit(sv, { id: unitIdForCode(orthEl.code), code: orthEl.code, name: orthEl.name, kind: orthEl.kind, parentId: unitIdForCode(orthEl.parent!), leaders: orthEl.leaders, budgetHolder: "", description: "" });
  const seq10 = seq;
  seq = logChange(db, workspaceId, "structure", sv, before, planner);
  const st11 = freeze(db, workspaceId, "structure", sv, seq, seq10, {
    number: "1.1",
    title: "Elective orthopaedic centre",
    narrative: "Adds the elective orthopaedic centre as a point of delivery of Trauma and orthopaedics, so that the national elective recovery funding can be drawn from 1 September.",
    cover: cover("To establish the elective orthopaedic centre before the funding deadline.", "Approved by the Chair and the Chief Executive after consulting two non-executive directors, for ratification at the next Board.", "None: urgent"),
    effectiveFrom: c.chairAction,
    reviewBy: c.reviewByPrev,
    proposed: c.chairAction,
  });
  addVersionEvent(db, { workspaceId, versionId: st11.id, kind: "recommended", date: c.chairAction, committee: "Executive Management Team", minuteRef: `EMT ${String(c.y - 1).slice(2)}/112`, outcome: "Recommended for urgent approval", at: at(c.chairAction, 9) }, SEED);
  addVersionEvent(db, { workspaceId, versionId: st11.id, kind: "chair_action", date: c.chairAction, effectiveFrom: c.chairAction, reviewBy: c.reviewByPrev, consulted: ["Mark Ellis", "Anil Mehta"], at: at(c.chairAction, 16) }, SEED);
  addVersionEvent(db, { workspaceId, versionId: st11.id, kind: "ratified", date: c.boardSeptPrev, meetingId: meetingSept.id, minuteRef: `TB ${String(c.y - 1).slice(2)}/097`, at: at(c.boardSeptPrev, 12) }, SEED);

  before = Y.encodeStateVector(sv);
  const cardInt = DEMO_UNITS.find((u) => u.code === "CARD-INT")!;
  addUnit(sv, { id: unitIdForCode(cardInt.code), code: cardInt.code, name: cardInt.name, kind: cardInt.kind, parentId: unitIdForCode(cardInt.parent!), leaders: cardInt.leaders, budgetHolder: "", description: "" });
  moveUnit(sv, "card-cath", "card-int");
  updateUnit(sv, "wch", { name: DEMO_UNITS.find((u) => u.code === "WCH")!.name });
  const seq11 = seq;
  seq = logChange(db, workspaceId, "structure", sv, before, planner);
  const st20 = freeze(db, workspaceId, "structure", sv, seq, seq11, {
    number: "2.0",
    title: `Service-line structure ${c.y}/${String((c.y + 1) % 100).padStart(2, "0")}`,
    narrative: "Creates Interventional cardiology as a sub-service line of Cardiology with the catheter laboratory under it, and renames the Women and Children division.",
    cover: cover("To approve the service-line structure for the coming year.", "The Board is asked to approve the service-line structure, version 2.0, from 1 April.", `Audit Committee, ${formatDate(c.auditMarch)}`),
    effectiveFrom: c.fyStart,
    reviewBy: c.reviewBy,
    proposed: addMonths(c.auditMarch.slice(0, 7), -1) + "-20",
  });
  addVersionEvent(db, { workspaceId, versionId: st20.id, kind: "recommended", date: c.auditMarch, committee: "Audit Committee", minuteRef: `AC ${String(c.y).slice(2)}/017`, outcome: "Recommended for approval", at: at(c.auditMarch, 15) }, SEED);
  // The Medical Director declared an interest (she leads the new sub-service line's research); she does not count for this item.
  addVersionEvent(db, { workspaceId, versionId: st20.id, kind: "approved", date: c.boardMarch, meetingId: meeting.id, minuteRef: `TB ${String(c.y).slice(2)}/042`, effectiveFrom: c.fyStart, reviewBy: c.reviewBy, conflicted: [memberId("Dr Hannah Brooks")], at: at(c.boardMarch, 12) }, SEED);
  sv.destroy();

  // ---- Scheme: v3.2, v4.0 (in force), then the v5.0 draft's pending changes ----
  // v3.2 predates the workforce criterion (four criteria, sickness and agency judged as performance);
  // v4.0 added it (ULHT §5.2 rates Finance, Workforce, Quality and Operational; docs/decisions/046).
  const ddoc = buildDemoDelegationDoc(demoSchemeV32(), { workforce: false });
  seq = logChange(db, workspaceId, "delegation", ddoc, null);
  const v32 = freeze(db, workspaceId, "delegation", ddoc, seq, 0, {
    number: "3.2",
    title: `Scheme of reservation and delegation ${c.y - 1}/${String(c.y % 100).padStart(2, "0")}`,
    narrative: "Annual review: limits uprated for inflation; earned-autonomy limits for service lines introduced at levels 1 and 2.",
    cover: cover("To approve the annual review of the scheme of reservation and delegation.", "The Board is asked to approve the scheme of reservation and delegation, version 3.2, from 1 April.", `Audit Committee, ${formatDate(c.auditMarchPrev)}`),
    effectiveFrom: c.fyStartPrev,
    reviewBy: c.reviewByPrev,
    proposed: addMonths(c.auditMarchPrev.slice(0, 7), -1) + "-20",
  });
  const spcV32 = spcCodesOf(readRuleIndicators(ddoc));
  addVersionEvent(db, { workspaceId, versionId: v32.id, kind: "recommended", date: c.auditMarchPrev, committee: "Audit Committee", minuteRef: `AC ${String(c.y - 1).slice(2)}/015`, outcome: "Recommended for approval", at: at(c.auditMarchPrev, 15) }, SEED);
  addVersionEvent(db, { workspaceId, versionId: v32.id, kind: "approved", date: c.boardMarchPrev, meetingId: meetingPrev.id, minuteRef: `TB ${String(c.y - 1).slice(2)}/039`, effectiveFrom: c.fyStartPrev, reviewBy: c.reviewByPrev, at: at(c.boardMarchPrev, 12) }, SEED);

  before = Y.encodeStateVector(ddoc);
  const res = writeScheme(ddoc, demoScheme());
  if (!res.ok) throw new Error(`Demo scheme v4.0: ${res.error}`);
  const rulesV40 = writeAutonomyRules(ddoc, defaultAutonomyRules(), undefined, demoRuleIndicators());
  if (!rulesV40.ok) throw new Error(`Demo rules v4.0: ${rulesV40.error}`);
  const seq32 = seq;
  seq = logChange(db, workspaceId, "delegation", ddoc, before, dof);
  const v40 = freeze(db, workspaceId, "delegation", ddoc, seq, seq32, {
    number: "4.0",
    title: `Scheme of reservation and delegation ${c.y}/${String((c.y + 1) % 100).padStart(2, "0")}`,
    narrative: "Annual review: service-line and divisional limits raised for lines with earned autonomy; joint approval by the Chief Executive and the Director of Finance up to £1,000,000; workforce rated as an earned-autonomy criterion of its own.",
    cover: cover("To approve the annual review of the scheme of reservation and delegation.", "The Board is asked to approve the scheme of reservation and delegation, version 4.0, from 1 April.", `Audit Committee, ${formatDate(c.auditMarch)}`),
    effectiveFrom: c.fyStart,
    reviewBy: c.reviewBy,
    proposed: addMonths(c.auditMarch.slice(0, 7), -1) + "-20",
  });
  const spcV40 = spcCodesOf(readRuleIndicators(ddoc));
  addVersionEvent(db, { workspaceId, versionId: v40.id, kind: "recommended", date: c.auditMarch, committee: "Audit Committee", minuteRef: `AC ${String(c.y).slice(2)}/018`, outcome: "Recommended for approval", at: at(c.auditMarch, 15) }, SEED);
  addVersionEvent(db, { workspaceId, versionId: v40.id, kind: "approved", date: c.boardMarch, meetingId: meeting.id, minuteRef: `TB ${String(c.y).slice(2)}/043`, effectiveFrom: c.fyStart, reviewBy: c.reviewBy, at: at(c.boardMarch, 12) }, SEED);

  before = Y.encodeStateVector(ddoc);
  const draft = demoDraftChanges(ddoc);
  if (!draft.ok) throw new Error(`Demo draft: ${draft.error}`);
  logChange(db, workspaceId, "delegation", ddoc, before, planner);
  ddoc.destroy();

  // ---- Who held which role when ----
  const tenure = (person: string, role: string, levelId: string, unitId: string | null, from: string, to: string | null = null, acting = false) => addTenure(db, workspaceId, { person, role, levelId, unitId, from, to, acting }, SEED);
  tenure("Dr James Okafor", "Chief Executive", "executive", null, "2021-09-01");
  tenure("Priya Shah", "Director of Finance", "executive", null, "2022-04-01");
  tenure("Dr Richard Stone", "Medical Director", "executive", null, "2018-01-01", `${c.y - 1}-06-30`);
  tenure("Dr Hannah Brooks", "Medical Director", "executive", null, `${c.y - 1}-07-01`);
  tenure("Angela Moore", "Chief Nurse", "executive", null, "2020-11-01");
  tenure("Simon Clarke", "Chief Operating Officer", "executive", null, "2023-05-01");
  tenure("Nicholas Grant", "Director of People", "executive", null, "2022-01-01");
  for (const u of DEMO_UNITS) {
    if (u.kind === "division") {
      const md = u.leaders.find((l) => l.role === "Managing Director");
      if (md) tenure(md.name, "Managing Director", "division", unitIdForCode(u.code), "2022-04-01");
    }
    if (u.kind === "service_line") {
      const lead = u.leaders.find((l) => l.role === "Clinical Lead");
      const manager = u.leaders.find((l) => l.role === "Service Line Manager");
      // Respiratory medicine's clinical lead changed on 1 November Y-1; the previous lead's tenure ended the day before.
      const from = u.code === "RESP" ? `${c.y - 1}-11-01` : "2023-04-01";
      if (u.code === "RESP") tenure("Dr Lisa Moran", "Clinical Lead", "service-line", unitIdForCode(u.code), "2019-04-01", `${c.y - 1}-10-31`);
      if (lead) tenure(lead.name, "Clinical Lead", "service-line", unitIdForCode(u.code), from);
      if (manager) tenure(manager.name, "Service Line Manager", "service-line", unitIdForCode(u.code), "2023-04-01");
    }
  }
  // A written delegation while the Director of Finance was on leave.
  addDelegation(db, workspaceId, { delegator: "Priya Shah", delegate: "Mark Jennings", decisionIds: [], from: `${c.y}-08-10`, to: `${c.y}-08-21`, reason: "Annual leave: the Deputy Director of Finance acts for the Director of Finance." }, SEED);
  tenure("Mark Jennings", "Deputy Director of Finance", "executive", null, "2023-01-09");

  // ---- Earned-autonomy determinations: agreed at the accountability reviews ----
  const rulesV32 = withoutWorkforce(defaultAutonomyRules());
  const rulesV4 = defaultAutonomyRules();
  const dets: Omit<Determination, "id">[] = [];
  const schemeStart = c.fyStartPrev.slice(0, 7);
  const live = demoLivePhasings(c.y);
  const histories = new Map<string, MonthLevel[]>();
  for (const [unitId, months] of Object.entries(figures)) {
    // The levels run from level 3 at the first month of figures (as the app computes them), but
    // earned autonomy began with v3.2 on 1 April Y-1: figures before then are the SPC baseline only.
    // Each line started that year at the level agreed at the annual review, the one its figures had
    // reached by March (level 3, the middle of the scale, with no earlier figures).
    // Each month's recommended level is computed as the app computes it for the review: the whole
    // history under the rules of the version then in force, including which indicators it judges by
    // SPC (the demo judges 18 weeks by SPC in v3.2 and v4.0 alike).
    // This year's finance is judged year to date against the line's live plan, as the app judges it
    // (issue 12; db/seed/plans.ts seeds those plans live from 1 April); last year's had none.
    const phasing = live.get(unitId);
    const judged = judgeAgainstLivePlans(months, phasing ? new Map([[formatFinancialYear(c.y), phasing]]) : new Map());
    const historyUnder = (spc: ReadonlySet<string>, rules: AutonomyRules) => computeLevels(applySpcJudgement(applyKeyIndicators(judged, new Map()), spc), rules, { startLevel: 3 });
    const underV32 = historyUnder(spcV32, rulesV32);
    const underV40 = historyUnder(spcV40, rulesV4);
    const history = underV32.map((m, i) => (m.month >= c.fyStart.slice(0, 7) ? underV40[i]! : m));
    histories.set(unitId, history);
    const before = history.filter((m) => m.month < schemeStart).at(-1);
    dets.push({ unitId, effectiveFrom: c.fyStartPrev, level: before?.level ?? 3, computedLevel: null, basisMonth: null, rulesVersionId: v32.id, figuresHash: null, source: "review", reason: "Starting level agreed at the annual review before the year began" });
    // Issue 13: from then on the level in force is agreed at the six-monthly accountability review
    // (ULHT §6), from the figures to the month before it; the executive team agreed what the figures
    // recommended, so each reason records both. Between reviews the figures only recommend.
    for (const r of c.accountabilityReviews) {
      if (r.date >= today) continue;
      const basis = addMonths(r.date.slice(0, 7), -1);
      const i = history.findIndex((m) => m.month === basis);
      if (i < 0) continue;
      const m = history[i]!;
      dets.push({
        unitId,
        effectiveFrom: r.from,
        level: m.level,
        computedLevel: m.level,
        basisMonth: basis,
        rulesVersionId: r.date >= c.fyStart ? v40.id : v32.id,
        figuresHash: sha256Hex(canonicalFigures(months.slice(0, i + 1))),
        source: "review",
        reason: `Agreed by the executive team at the accountability review on ${formatDate(r.date)}; present: ${r.present.join(", ")}. The figures to ${formatMonth(basis)} recommended level ${m.level}.`,
      });
    }
  }
  dets.sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom) || a.unitId.localeCompare(b.unitId));
  // Each review's levels were recorded on the day of the review; the starting levels before the year.
  for (const from of [...new Set(dets.map((d) => d.effectiveFrom))]) {
    const review = c.accountabilityReviews.find((r) => r.from === from);
    addDeterminations(db, workspaceId, dets.filter((d) => d.effectiveFrom === from), SEED, at(review?.date ?? c.boardMarchPrev, 16));
  }
  return histories;
}
