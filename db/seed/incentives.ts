/**
 * The demo trust's incentive and consequence frameworks (issue 13), dated relative to the seed day:
 * last year's (2025/26 for a seed made on 1 December 2026), agreed by the Board the March before it
 * began and closed at its year end, which filled the lines' reserves; and this year's, agreed in March,
 * whose position to date is struck from the demo's figures on every page (never stored, never typed
 * in). Shares of 50% at level 1 and 25% at level 2, none below, capped at £250,000 a line. Also: a
 * Never Event that shuts one line's gateway this year, a Board suspension lifted before the last year
 * end, the consequences the framework applies to lines at level 4, a few recognitions, and one
 * draw-down that passed the scheme's authority check.
 */
import { createHash } from "node:crypto";
import * as Y from "yjs";
import type { Db } from "../client";
import { collabStore } from "../../server/collab/persistence";
import { inForceOn } from "../../server/governance/service";
import { ledgerDate, reserves, strikeLedger } from "../../server/incentives/position";
import { determinationOnDate, listDelegations, listDeterminations, listTenures } from "../../server/repositories/governance";
import { addConsequenceEntry, addNeverEvent, exitConsequence, addRecognition, addSuspension, insertDrawdown, insertIncentiveVersion, insertYearEnd, latestIncentiveVersion } from "../../server/repositories/incentives";
import { addComment, addConsequence, readIncentives, setReward, setSettings } from "../../shared/collab/incentives-doc";
import { docName, type IncentivesRef } from "../../shared/collab/registry";
import { readStructure } from "../../shared/collab/structure-doc";
import { findDecision, formatLimit } from "../../shared/delegation";
import { addDays, addMonths, formatDate, lastWeekdayOf } from "../../shared/format/dates";
import { checkAuthority } from "../../shared/governance/authority";
import { canonicalJson } from "../../shared/governance/canonical";
import { frameworkApprovalProblems, type IncentiveFramework } from "../../shared/incentives/framework";
import { ancestorIds, type Structure } from "../../shared/structure/model";
import { sha256Hex } from "../../server/audit/chain";

const THURSDAY = 4;
const SEED = { id: null, name: "Devolve demo set-up" };

function userOf(db: Db, email: string): { id: string; name: string } {
  const u = db.$client.prepare("SELECT id, name FROM users WHERE email = ?").get(email) as { id: string; name: string } | undefined;
  if (!u) throw new Error(`Demo incentives: no user ${email}`);
  return u;
}

/** Appends the document's changes since `before` to the room's log, dated in the demo's story. */
function log(db: Db, workspaceId: string, room: string, doc: Y.Doc, before: Uint8Array, authorId: string | null, at: number): number {
  const store = collabStore(db);
  const seq = store.maxSeq(workspaceId, room);
  if (Buffer.from(Y.encodeStateVector(doc)).equals(Buffer.from(before))) return seq;
  store.insertUpdate(workspaceId, room, seq + 1, Y.encodeStateAsUpdate(doc, before), authorId, at);
  return seq + 1;
}

/** The demo's framework, as the Director of Finance wrote it with the clinical directors. */
function writeFramework(doc: Y.Doc, year: number): void {
  const must = (r: { ok: boolean; error?: string }, what: string) => {
    if (!r.ok) throw new Error(`Demo incentives ${year} ${what}: ${r.error}`);
  };
  must(
    setSettings(doc, {
      summary:
        "A share of each service line's favourable variance against its plan is retained by the line and reinvested in non-recurrent service-line change and transformation (Monitor's SLM framework Part 2 §5). Lines planned at a loss earn on their improvement against that plan. Individual incentives are non-pay.",
      capPerLine: 250_000,
      gateQuality: true,
      qualityMonths: 3,
      gateNeverEvent: true,
      gateControlTotal: true,
    }),
    "settings",
  );
  must(setReward(doc, 1, { sharePct: 50, capitalAccess: "The line's own capital allocation, and bids to the capital programme without divisional sponsorship", developmentFund: 50_000, recognition: "Chief Executive's award at the annual staff awards; the line presents its improvement work to the Board" }), "level 1");
  must(setReward(doc, 2, { sharePct: 25, capitalAccess: "The line's own capital allocation, with the division's agreement", developmentFund: 25_000, recognition: "Named in the Chief Executive's monthly briefing" }), "level 2");
  must(setReward(doc, 3, { sharePct: 0, capitalAccess: "Through the divisional capital bid", developmentFund: 0, recognition: "Good practice shared at the divisional review" }), "level 3");
  must(setReward(doc, 4, { sharePct: 0, capitalAccess: "Urgent and safety-critical items only, through the executive", developmentFund: 0, recognition: "" }), "level 4");
  const rules: Parameters<typeof addConsequence>[1][] = [
    { kind: "recovery_plan", fromLevel: 3, days: 20, months: 0, detail: "A recovery plan agreed with the division, with monthly milestones" },
    { kind: "extra_reviews", fromLevel: 3, days: 0, months: 0, detail: "Monthly performance review until the plan is met for three months (ULHT §5.2)" },
    { kind: "no_new_business_cases", fromLevel: 4, days: 0, months: 0, detail: "Except for safety and statutory requirements" },
    { kind: "vacancy_control", fromLevel: 4, days: 0, months: 0, detail: "Vacancies go to the executive vacancy control panel" },
    { kind: "coaching", fromLevel: 4, days: 0, months: 0, detail: "Coaching for the clinical lead and service line manager (Part 3 §8)" },
    { kind: "special_measures", fromLevel: 4, days: 0, months: 6, detail: "Executive-led turnaround; the line's delegated limits are exercised by the division" },
  ];
  for (const r of rules) must(addConsequence(doc, r), r.kind);
}

function approve(db: Db, workspaceId: string, ref: IncentivesRef, doc: Y.Doc, seq: number, input: { resolution: string; note: string; at: number }, by: { id: string; name: string }): IncentiveFramework {
  const content = readIncentives(doc);
  const problems = frameworkApprovalProblems(content);
  if (problems.length) throw new Error(`Demo incentives ${ref.year} cannot be approved: ${problems[0]}`);
  const state = Y.encodeStateAsUpdate(doc);
  const approved = { ...content, comments: [] };
  insertIncentiveVersion(
    db,
    workspaceId,
    { id: `iv_demo_${ref.year}`, year: ref.year, number: 1, seq, sha256: createHash("sha256").update(state).digest("hex"), prevSha256: null, resolution: input.resolution, note: input.note, approvedBy: by.id, approvedByName: by.name, approvedAt: input.at, content: approved, state },
    by,
  );
  return approved;
}

export function seedDemoIncentives(db: Db, workspaceId: string, today: string): void {
  const [y0, m0] = today.split("-").map(Number) as [number, number];
  const y = m0 >= 4 ? y0 : y0 - 1;
  if (latestIncentiveVersion(db, workspaceId, y)) return;
  const dof = userOf(db, "executive@riverside.example");
  const clinician = userOf(db, "contributor@riverside.example");
  const structure: Structure = readStructure(collabStore(db).load(workspaceId, "structure").doc);
  const lines = structure.units.filter((u) => u.kind === "service_line");
  const at = (day: string, hour = 12) => Date.parse(`${day}T${String(hour).padStart(2, "0")}:00:00Z`);

  // 1. Last year's framework: drafted in February, commented on by a clinical lead, agreed by the
  // Board at its March meeting before the year began, closed after 31 March.
  const prev: IncentivesRef = { kind: "incentives", year: y - 1 };
  const boardPrev = lastWeekdayOf(`${y - 1}-03`, THURSDAY);
  {
    const room = docName(prev);
    const doc = new Y.Doc();
    let sv = Y.encodeStateVector(doc);
    writeFramework(doc, prev.year);
    log(db, workspaceId, room, doc, sv, dof.id, at(`${y - 1}-02-10`));
    sv = Y.encodeStateVector(doc);
    addComment(doc, clinician, "Could lines planned at a loss earn on their improvement too? Otherwise Neonatology can never earn.", `${y - 1}-02-17T10:00:00.000Z`);
    const seq = log(db, workspaceId, room, doc, sv, clinician.id, at(`${y - 1}-02-17`));
    const framework = approve(db, workspaceId, prev, doc, seq, { resolution: `TB ${String(y - 1).slice(2)}/041`, note: "Agreed with the clinical directors; the share is of variance against plan, so cross-subsidised lines can earn.", at: at(boardPrev, 15) }, dof);
    doc.destroy();
    // A suspension the Board lifted before the year end: winter pressures, shares held centrally.
    addSuspension(db, workspaceId, { resolution: `TB ${String(y - 1).slice(2)}/088`, reason: "Winter pressures: the Board held every share centrally until the trust's position was clear.", scope: { kind: "all" }, from: `${y - 1}-11-01`, until: `${y}-01-31` }, dof, at(`${y - 1}-10-30`, 15));
    insertYearEnd(db, workspaceId, { year: prev.year, versionId: `iv_demo_${prev.year}`, ledger: strikeLedger(db, workspaceId, structure, prev.year, `${y}-03-31`, framework) }, dof, at(`${y}-05-14`, 11));
  }

  // 2. This year's framework: the same shares, agreed at the March Board; its position to date is
  // struck from the figures whenever it is read.
  const cur: IncentivesRef = { kind: "incentives", year: y };
  const boardCur = lastWeekdayOf(`${y}-03`, THURSDAY);
  let framework: IncentiveFramework;
  {
    const room = docName(cur);
    const doc = new Y.Doc();
    const sv = Y.encodeStateVector(doc);
    writeFramework(doc, cur.year);
    const seq = log(db, workspaceId, room, doc, sv, dof.id, at(`${y}-02-12`));
    framework = approve(db, workspaceId, cur, doc, seq, { resolution: `TB ${String(y).slice(2)}/044`, note: "Renewed for the year unchanged.", at: at(boardCur, 15) }, dof);
    doc.destroy();
  }

  // 3. A Never Event this year at the line that would otherwise earn most after the top earner: its
  // gateway shuts, whatever its variance.
  const asAt = ledgerDate(y, today);
  const before = strikeLedger(db, workspaceId, structure, y, asAt, framework);
  const earners = [...before.lines].filter((l) => l.credited > 0).sort((a, b) => b.credited - a.credited);
  const struck = earners[1] ?? earners[0];
  if (struck) {
    const day = addDays(`${addMonths(asAt.slice(0, 7), -2)}-01`, 9);
    addNeverEvent(db, workspaceId, { unitId: struck.unitId, date: day, reference: `StEIS ${y}/1842`, description: "Retained foreign object after a procedure (a swab), reported and under investigation." }, dof, at(day, 16));
  }

  // 4. The consequence log, from each line's agreed levels since last year began: every spell at
  // level 4 brought a recovery plan from its first day, and special measures once it had lasted the
  // months the framework names (6); a spell that has ended closed them on the day the line left
  // level 4. Read from the determinations, so the log follows whatever levels the demo agreed.
  const rules = { recovery: framework.consequences.find((c) => c.kind === "recovery_plan")!, special: framework.consequences.find((c) => c.kind === "special_measures")! };
  for (const line of lines) {
    const dets = listDeterminations(db, workspaceId, line.id).filter((d) => d.effectiveFrom <= asAt);
    const spells: { from: string; to: string | null }[] = [];
    for (const d of dets) {
      const open = spells.at(-1);
      if (d.level === 4 && (!open || open.to !== null)) spells.push({ from: d.effectiveFrom, to: null });
      else if (d.level < 4 && open && open.to === null) open.to = d.effectiveFrom;
    }
    for (const spell of spells.filter((x) => (x.to ?? asAt) >= `${y - 1}-04-01`)) {
      const log = (kind: "recovery_plan" | "special_measures", on: string, reason: string, exitCriteria: string, reviewBy: string) => {
        const entry = addConsequenceEntry(db, workspaceId, { unitId: line.id, kind, appliedOn: on, reason, exitCriteria, reviewBy }, dof, at(on, 10));
        if (spell.to) exitConsequence(db, workspaceId, entry.id, { on: spell.to, note: `Agreed at level ${determinationOnDate(db, workspaceId, line.id, spell.to)?.level ?? 3} from ${formatDate(spell.to)}; the plan's milestones were met.` }, dof, at(spell.to, 10));
      };
      log("recovery_plan", spell.from, `At level 4 from ${formatDate(spell.from)}: a recovery plan within ${rules.recovery.days} days`, "Back to level 3 or better at the accountability review, with the financial plan met year to date", addDays(spell.from, rules.recovery.days));
      const trigger = `${addMonths(spell.from.slice(0, 7), rules.special.months - 1)}-01`;
      if (spell.to === null ? trigger <= asAt : trigger < spell.to) {
        log("special_measures", trigger, `${rules.special.months} consecutive months at level 4 (from ${formatDate(spell.from)}): ${rules.special.detail}`, "Every key quality indicator met and the financial plan met year to date for three consecutive months", addDays(trigger, 90));
      }
    }
  }

  // 5. Recognition: the lines at level 1 this year, and individual incentives that are non-pay.
  const top = before.lines.filter((l) => l.level === 1).slice(0, 3);
  for (const [i, l] of top.entries()) {
    const unit = lines.find((u) => u.id === l.unitId)!;
    const lead = unit.leaders.find((x) => x.role === "Clinical Lead")?.name ?? unit.name;
    const day = addDays(`${addMonths(asAt.slice(0, 7), -1 - i)}-01`, 14);
    addRecognition(db, workspaceId, { unitId: l.unitId, recipient: `${unit.name} team`, kind: "recognition", description: "Sustained level 1: the team presented its improvement work at the divisional review.", onDate: day }, dof, at(day, 14));
    if (i === 0) addRecognition(db, workspaceId, { unitId: l.unitId, recipient: lead, kind: "protected_time", description: "Two sessions a month of protected time to lead the line's quality improvement programme.", onDate: day }, dof, at(day, 15));
    if (i === 1) addRecognition(db, workspaceId, { unitId: l.unitId, recipient: lead, kind: "development", description: "A place on the NHS Leadership Academy's Rosalind Franklin programme.", onDate: day }, dof, at(day, 15));
  }

  // 6. One draw-down from the reserve last year's close filled: the line with the most, for a
  // non-recurrent project, approved by whoever held the authority on the day under the scheme and
  // the line's level in force then (the same check as the authority page).
  const reserve = [...reserves(db, workspaceId).values()].sort((a, b) => b.balance - a.balance)[0];
  if (reserve && reserve.balance > 0) {
    const unit = lines.find((u) => u.id === reserve.unitId)!;
    const on = addDays(`${addMonths(asAt.slice(0, 7), -1)}-01`, 6);
    const amount = Math.min(Math.round(reserve.balance / 2 / 1000) * 1000, 40_000);
    const inForce = inForceOn(db, workspaceId, "delegation", on);
    const decision = inForce ? findDecision(inForce.content.scheme, "revenue-nonpay") : undefined;
    if (!inForce || !decision) throw new Error("Demo incentives: no scheme in force for the draw-down");
    const byId = new Map(structure.units.map((u) => [u.id, u]));
    const chain = [unit.id, ...ancestorIds((x) => byId.get(x)?.parentId, unit.id)];
    const level = determinationOnDate(db, workspaceId, unit.id, on)?.level ?? 3;
    const tenures = listTenures(db, workspaceId);
    const delegations = listDelegations(db, workspaceId);
    const division = structure.units.find((u) => u.id === chain[1]);
    const candidates = [unit.leaders.find((l) => l.role === "Clinical Lead")?.name, division?.leaders.find((l) => l.role === "Managing Director")?.name, "Priya Shah"].filter((x): x is string => !!x);
    const ask = (approver: string) => checkAuthority({ scheme: inForce.content.scheme, decision, amount, date: on, autonomyLevel: level, lineName: unit.name, unitChain: chain, approver, tenures, delegations });
    const approver = candidates.find((c) => ask(c).within);
    if (!approver) throw new Error(`Demo incentives: nobody among ${candidates.join(", ")} may approve the draw-down`);
    const answer = ask(approver);
    const det = determinationOnDate(db, workspaceId, unit.id, on);
    // The same fields, in the same order, as the authority check's certificate fingerprints.
    const record = { on, line: unit.name, decision: decision.title, amount: formatLimit(decision, amount), approver, second: null, within: true, scheme: { id: inForce.version.id, number: inForce.version.number }, determination: det ? { id: det.id, level: det.level, effectiveFrom: det.effectiveFrom, figuresHash: det.figuresHash } : null };
    insertDrawdown(
      db,
      workspaceId,
      {
        unitId: unit.id,
        amount,
        purpose: "A six-month pilot of a nurse-led same-day clinic (equipment, training and backfill), evaluated before any recurrent case is made",
        nature: "non_recurrent",
        decisionId: decision.id,
        approver,
        secondApprover: null,
        onDate: on,
        authority: { reasons: answer.reasons, citation: `Scheme of delegation v${inForce.version.number}`, level, decision: decision.title, schemeVersion: inForce.version.number },
        certificateHash: sha256Hex(canonicalJson(record)),
      },
      SEED,
      at(on, 11),
    );
  }
}
