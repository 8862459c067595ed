/**
 * The demo's performance reviews (issue 13), dated relative to the seed day (for a seed on
 * 1 December 2026 the year is 2026/27): divisional reviews chaired by the Chief Executive on the
 * second Tuesday of each month; a review series for every service line whose frequency follows the
 * level in force, as agreed at the six-monthly accountability review (ULHT §6; decision 049): the
 * lines' schedules are generated the day after the March review from the levels it agreed for
 * 1 April, and re-planned as the app does when the September review's levels take effect; the
 * meetings held so far this year with packs, attendance, ratings, minutes and a few actions, one
 * overdue; and the accountability reviews themselves (third Thursday of March and September, the
 * dates `demoCalendar().accountabilityReviews` gives the governance seed, which records the levels
 * agreed there as determinations), each held one with its "levels agreed" decision.
 */
import * as Y from "yjs";
import type { Db } from "../client";
import { collabStore } from "../../server/collab/persistence";
import { createSeries, listMeetings, listSeries, recordDecision, saveAttendance, syncSchedules, updateMeeting } from "../../server/repositories/reviews";
import { findUserByEmail } from "../../server/repositories/users";
import { addActionUpdate, addLoggedAction, closeAction, setActionLogMeta } from "../../shared/collab/action-log-doc";
import { docName } from "../../shared/collab/registry";
import { addDays, addMonths, formatDate } from "../../shared/format/dates";
import { seriesInput, type AttendanceEntry, type ReviewMeeting, type ReviewSeries } from "../../shared/reviews/model";
import { financialYearOfDate, packDueDates } from "../../shared/reviews/schedule";
import { listDeterminations } from "../../server/repositories/governance";
import { formatCount } from "../../shared/format/money";
import { DEMO_UNITS } from "./demo-structure";
import { demoCalendar } from "./governance";

const CEO = { name: "Dr James Okafor", role: "Chief Executive" };
const DOF = { name: "Priya Shah", role: "Director of Finance" };
const COO = { name: "Simon Clarke", role: "Chief Operating Officer" };
const NURSE = { name: "Angela Moore", role: "Chief Nurse" };
const PERF = { name: "Tom Reid", role: "Head of Planning and Performance" };
const id = (code: string) => code.toLowerCase();
const leader = (code: string, role: string) => DEMO_UNITS.find((u) => u.code === code)?.leaders.find((l) => l.role === role)?.name ?? "";
const noon = (date: string) => Date.parse(`${date}T12:00:00Z`);

/** Writes a whole document into the update log (the seed runs before the server, as the plans seed does). */
function writeDoc(db: Db, workspaceId: string, room: string, build: (doc: Y.Doc) => void, at: number): void {
  const doc = new Y.Doc();
  build(doc);
  const store = collabStore(db);
  store.insertUpdate(workspaceId, room, store.maxSeq(workspaceId, room) + 1, Y.encodeStateAsUpdate(doc), null, at);
  doc.destroy();
}

function must<T extends { ok: boolean }>(r: T, what: string): T {
  if (!r.ok) throw new Error(`Demo reviews: ${what}: ${(r as unknown as { error: string }).error}`);
  return r;
}

export function seedDemoReviews(db: Db, workspaceId: string, today: string): void {
  const year = financialYearOfDate(today);
  const tom = findUserByEmail(db, "editor@riverside.example");
  const priya = findUserByEmail(db, "executive@riverside.example");
  const aisha = findUserByEmail(db, "contributor@riverside.example");
  const setup = { id: priya?.id ?? null, name: "Priya Shah" };
  const plannedOn = `${year}-03-02`;
  const at = (date: string) => noon(date);
  // The accountability reviews the governance seed recorded the agreed levels from (decision 049).
  const reviews = demoCalendar(today).accountabilityReviews;
  const marchReview = reviews.find((r) => r.date.startsWith(`${year}-03`))!;
  // Service-line schedules follow the levels agreed at March's review for 1 April, so they are
  // generated the day after it (still before 1 April, ULHT §5.1: "agreed at the start of each new
  // financial year").
  const linesPlannedOn = addDays(marchReview.date, 1);

  // ---- The accountability review (ULHT §6: "every six months, at which is agreed the level of escalation and autonomy") ----
  const accountability = createSeries(
    db,
    workspaceId,
    seriesInput.parse({
      name: "Accountability review",
      kind: "accountability_review",
      tier: "trust",
      chairName: CEO.name,
      secretaryName: PERF.name,
      secretaryUserId: tom?.id ?? "",
      essentialAttendees: [CEO, DOF, COO, { name: "Dr Hannah Brooks", role: "Medical Director" }, NURSE].map((p) => `${p.name}, ${p.role}`).join("\n"),
      quorum: "4",
      frequency: "fixed",
      cadence: "six_monthly",
      ruleNth: "3",
      ruleWeekday: "4",
      actionPrefix: "AR",
    }),
    setup,
    // Set up in February, before last year's March review: only that meeting is left of last year.
    `${year}-02-02`,
    { id: "rs_accountability", at: at(`${year}-02-02`), plan: [{ year: year - 1, asOf: `${year}-02-02` }, { year, asOf: plannedOn }] },
  );

  // ---- Divisional reviews: the Chief Executive, the second Tuesday of each month ----
  const divisions = DEMO_UNITS.filter((u) => u.kind === "division");
  const divisional: ReviewSeries[] = divisions.map((d) =>
    createSeries(
      db,
      workspaceId,
      seriesInput.parse({
        name: `${d.name} divisional performance review`,
        kind: "performance_review",
        tier: "division",
        unitId: id(d.code),
        chairName: CEO.name,
        secretaryName: PERF.name,
        secretaryUserId: tom?.id ?? "",
        essentialAttendees: [CEO, DOF, COO, NURSE, ...["Managing Director", "Clinical Director", "Head of Nursing", "Head of Midwifery"].map((r) => ({ name: leader(d.code, r), role: `Divisional ${r}` })).filter((p) => p.name)].map((p) => `${p.name}, ${p.role}`).join("\n"),
        quorum: "5",
        frequency: "fixed",
        cadence: "monthly",
        ruleNth: "2",
        ruleWeekday: "2",
        actionPrefix: d.code.slice(0, 4),
      }),
      setup,
      plannedOn,
      { id: `rs_div_${id(d.code)}`, at: at(plannedOn), plan: [{ year, asOf: plannedOn }] },
    ),
  );

  // ---- Service-line reviews: frequency by the line's level (ULHT §5.2), the third Thursday ----
  const lines = DEMO_UNITS.filter((u) => u.kind === "service_line");
  const lineSeries: ReviewSeries[] = lines.map((l) =>
    createSeries(
      db,
      workspaceId,
      seriesInput.parse({
        name: `${l.name} service-line review`,
        kind: "performance_review",
        tier: "service_line",
        unitId: id(l.code),
        chairName: leader(l.parent!, "Managing Director") || CEO.name,
        secretaryName: PERF.name,
        secretaryUserId: tom?.id ?? "",
        essentialAttendees: [
          { name: leader(l.parent!, "Managing Director"), role: "Divisional Managing Director" },
          { name: leader(l.code, "Clinical Lead"), role: "Clinical Lead" },
          { name: leader(l.code, "Service Line Manager"), role: "Service Line Manager" },
          { name: leader(l.code, "Finance Business Partner"), role: "Finance Business Partner" },
        ]
          .filter((p) => p.name)
          .map((p) => `${p.name}, ${p.role}`)
          .join("\n"),
        quorum: "3",
        frequency: "by_level",
        severity: "moderate",
        ruleNth: "3",
        ruleWeekday: "4",
        actionPrefix: l.code.replace(/[^A-Z0-9]/g, "").slice(0, 6),
      }),
      setup,
      linesPlannedOn,
      { id: `rs_sl_${id(l.code)}`, at: at(linesPlannedOn), plan: [{ year, asOf: linesPlannedOn }] },
    ),
  );

  // The year as it unfolded: the reviews pages call syncSchedules, which re-plans a line's reviews
  // when the level in force from the first of next month differs from the one its schedule follows.
  // Levels change only at the accountability review (decision 049: figures recommend, people
  // determine), on the third Thursday, so visits on the first and the 22nd of each month (the 22nd is
  // always after it) see September's levels, in force from 1 October, when the app would have. The
  // governance seed recorded every review's levels up front, so a visit before a review must not see
  // what it will agree: such a day is skipped.
  const notYetAgreed = (day: string) => reviews.some((r) => r.date >= day && r.from <= `${addMonths(day.slice(0, 7), 1)}-01`);
  for (let month = `${year}-04`; `${month}-01` <= today; month = addMonths(month, 1)) {
    for (const day of [`${month}-01`, `${month}-22`]) if (day <= today && !notYetAgreed(day)) syncSchedules(db, workspaceId, day, at(day));
  }

  // ---- Meetings held so far ----
  const held = (s: ReviewSeries) => listMeetings(db, workspaceId, { seriesId: s.id }).filter((m) => m.date < today);
  const attendanceOf = (s: ReviewSeries, i: number): AttendanceEntry[] =>
    s.essentialAttendees.map((a, k) => ({ ...a, essential: true, status: (k + i) % 7 === 3 ? "apologies" : "present" }));
  const record = (s: ReviewSeries, m: ReviewMeeting, i: number, minutes: string, agenda: ReviewMeeting["agenda"], late = false) => {
    const due = packDueDates(m.date);
    const secretary = { id: tom?.id ?? null, name: PERF.name };
    updateMeeting(db, workspaceId, m.id, { packToUnitOn: due.unit, packToInviteesOn: late ? addDays(m.date, -1) : due.invitees, agenda, rating: i % 4 === 2 ? "limited" : "reasonable", minutes, status: "held" }, secretary, at(m.date));
    saveAttendance(db, workspaceId, m.id, attendanceOf(s, i), secretary, at(m.date));
  };
  for (const s of divisional) {
    // Surgery's latest review awaits its minutes: the secretary records it after the seed day.
    const past = held(s).slice(0, s.unitId === "surg" ? -1 : undefined);
    past.forEach((m, i) =>
      record(
        s,
        m,
        i,
        `The executive team reviewed ${s.name.replace(" divisional performance review", "")}'s integrated performance report for the month: finance year to date against plan, the key quality and performance indicators, workforce and policy adherence.\nThe division presented its exceptions and remedial actions; actions are in the log.`,
        { kloe: ["Is the year-to-date position on plan, and what is the forecast?", "Which key indicators failed, and what is the recovery trajectory?"], risks: ["Winter demand on beds and elective capacity", "Agency spend above the cap"] },
        // One late pack to invitees, so the flag is seen.
        s.unitId === "surg" && i === 1,
      ),
    );
  }
  for (const s of lineSeries) {
    held(s).forEach((m, i) => record(s, m, i, `Monthly dashboard reviewed with the line's leaders; exceptions discussed and actions agreed.`, { kloe: ["Which indicators are off trajectory, and why?"], risks: [] }));
  }
  const lastAccountability = listMeetings(db, workspaceId, { seriesId: accountability.id, to: today }).filter((m) => m.date < today);
  const determinations = listDeterminations(db, workspaceId);
  for (const [i, m] of lastAccountability.entries()) {
    record(accountability, m, i, "The executive team reviewed every service line's performance over the last six months and agreed each line's level of autonomy and escalation for the next six (ULHT §6).", { kloe: ["Which lines have sustained their performance, and which have deteriorated?"], risks: ["Lines at level 4 for three months or more"] });
    // The levels this review agreed, as the governance seed recorded them (source "review", in force
    // from the first of the next month): the meeting's "levels agreed" decision, in the form
    // Earned autonomy › Agree levels records it (app/utils/escalation.server.ts, decision 049).
    const review = reviews.find((r) => r.date === m.date);
    const agreed = review ? determinations.filter((d) => d.source === "review" && d.effectiveFrom === review.from) : [];
    if (review && agreed.length) {
      const before = (unitId: string) => determinations.filter((d) => d.unitId === unitId && d.effectiveFrom < review.from).sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom)).at(-1)?.level;
      const changed = agreed.filter((d) => d.level !== before(d.unitId)).length;
      const lines = agreed.map((d) => ({ unitId: d.unitId, level: d.level, recommended: d.computedLevel, rationale: "" }));
      recordDecision(
        db,
        workspaceId,
        m.id,
        { kind: "levels_agreed", summary: `Earned-autonomy levels agreed for ${formatCount(lines.length, "service line")} from ${formatDate(review.from)}: ${formatCount(changed, "level")} changed`, detail: { effectiveFrom: review.from, lines } },
        { id: priya?.id ?? null, name: "Priya Shah" },
        at(m.date),
      );
    } else {
      recordDecision(db, workspaceId, m.id, { kind: "decision", summary: "Levels of autonomy and escalation agreed for every service line, as recorded against each line." }, { id: priya?.id ?? null, name: "Priya Shah" }, at(m.date));
    }
  }

  // ---- Action logs: who chairs each, and a few actions ----
  const firstHeld = (s: ReviewSeries) => held(s)[0];
  const lastHeld = (s: ReviewSeries) => held(s).at(-1);
  for (const s of listSeries(db, workspaceId)) {
    writeDoc(
      db,
      workspaceId,
      docName({ kind: "actions", seriesId: s.id }),
      (doc) => {
        must(setActionLogMeta(doc, { seriesId: s.id, unitId: s.unitId ?? "", prefix: s.actionPrefix, chairId: s.chairUserId ?? "", secretaryId: s.secretaryUserId ?? "" }), "meta");
        const first = firstHeld(s);
        const last = lastHeld(s);
        if (!first || !last) return;
        if (s.unitId === "med") {
          must(
            addLoggedAction(doc, { action: "Cardiology to present a recovery trajectory for 18-week performance", ownerName: "Dr Aisha Rahman", ownerId: aisha?.id ?? "", unitId: "card", due: addDays(today, 21), linkKind: "kpi", linkRef: "RTT18", linkLabel: "RTT18: patients waiting under 18 weeks", rag: "amber", meetingId: last.id, raisedOn: last.date }),
            "med action",
          );
          // The overdue one: raised at the first meeting, due a month later, still open.
          const overdue = must(
            addLoggedAction(doc, { action: "Respiratory to agree a plan to bring agency nursing spend within the cap", ownerName: "Becky Shaw", unitId: "resp", due: addDays(first.date, 30), linkKind: "objective", linkRef: "", linkLabel: "Workforce: agency spend within the cap", rag: "red", meetingId: first.id, raisedOn: first.date }),
            "overdue action",
          ) as { ok: true; id: string };
          must(addActionUpdate(doc, { actionId: overdue.id, text: "Draft plan shared; rota review not yet agreed with the staff side.", on: addDays(first.date, 35), byId: "", byName: "Becky Shaw", meetingId: "" }), "update");
          const done = must(
            addLoggedAction(doc, { action: "Gastroenterology to validate the endoscopy waiting list", ownerName: "Paul Hendry", unitId: "gast", due: addDays(first.date, 28), linkKind: "kpi", linkRef: "DM01", linkLabel: "DM01: diagnostics within 6 weeks", rag: "amber", meetingId: first.id, raisedOn: first.date }),
            "closed action",
          ) as { ok: true; id: string };
          must(closeAction(doc, done.id, "Validation completed: 312 patients removed after contact; the list was re-based in the following month's figures.", addDays(first.date, 26)), "close");
        }
        if (s.unitId === "surg") {
          must(
            addLoggedAction(doc, { action: "Orthopaedics to bring a theatre productivity plan to the next review", ownerName: "Zoe Carter", unitId: "orth", due: addDays(today, 28), linkKind: "kpi", linkRef: "RTT18", linkLabel: "RTT18: patients waiting under 18 weeks", rag: "red", meetingId: last.id, raisedOn: last.date }),
            "surg action",
          );
        }
        if (s.unitId === "path") {
          // At level 4 from 1 April (the March review): the recovery plan the framework asks for within
          // 20 days (db/seed/incentives.ts), raised at its first review and closed with its evidence.
          const plan = must(
            addLoggedAction(doc, { action: "Agree the recovery plan for turnaround times and agency spend with the division", ownerName: "Sonia Burke", unitId: "path", due: addDays(first.date, 20), linkKind: "objective", linkRef: "", linkLabel: "Recovery plan: back to level 3 at the September review", rag: "red", meetingId: first.id, raisedOn: first.date }),
            "path action",
          ) as { ok: true; id: string };
          must(closeAction(doc, plan.id, "Recovery plan agreed with the Clinical support services division; monthly milestones in the action log and the line's dashboard.", addDays(first.date, 18)), "close path action");
        }
        if (s.unitId === "gsur") {
          // Moved to level 3 at the September review, so now reviewed monthly.
          must(
            addLoggedAction(doc, { action: "Present a trajectory back to plan for the year-to-date deficit", ownerName: "Ian Baxter", unitId: "gsur", due: addDays(today, 35), linkKind: "objective", linkRef: "", linkLabel: "Finance: the year-to-date position against plan", rag: "amber", meetingId: last.id, raisedOn: last.date }),
            "gsur action",
          );
        }
        if (s.unitId === "card") {
          must(
            addLoggedAction(doc, { action: "Extend weekend catheter laboratory lists to reduce the backlog", ownerName: "Gareth Lloyd", unitId: "card", due: addDays(today, 42), linkKind: "objective", linkRef: "", linkLabel: "Reduce the cardiology waiting list", rag: "green", meetingId: last.id, raisedOn: last.date }),
            "card action",
          );
        }
      },
      at(today),
    );
  }
}
