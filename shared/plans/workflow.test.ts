import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { addRow, addTarget, readPlan, setGuidance, setTargetFields } from "../collab/plan-doc";
import { phase } from "./budget";
import { agreementBlockers, boardResolution, checkStep, isLate, planState, type PlanEvent } from "./workflow";

let nextId = 1;
const ev = (kind: PlanEvent["kind"], onDate = "2026-12-10", capacity: PlanEvent["capacity"] = null): PlanEvent => ({ id: nextId++, kind, capacity, note: "", actorName: "x", onDate });
const exec = { isExecutive: true, canDraft: true };
const line = { isExecutive: false, canDraft: true };

function readyPlan() {
  const doc = new Y.Doc();
  addRow(doc, "budget", { category: "income", label: "Commissioners", annual: 1_200_000, months: phase(1_200_000) });
  setGuidance(doc, { controlTotal: 1_000_000 });
  const t = addTarget(doc, { domain: "operational", measure: "RTT", status: "open" });
  return { doc, id: (t as { id: string }).id };
}

describe("the planning workflow", () => {
  it("runs drafting → submitted → reconciling → agreed (three sign-offs) → approvals → live, with a version on Board approval and each refresh", () => {
    const events = [ev("submitted"), ev("reconciling"), ev("signed", "2027-01-10", "clinical_lead"), ev("signed", "2027-01-11", "manager")];
    expect(planState(2027, events).status).toBe("reconciling");
    events.push(ev("signed", "2027-01-12", "finance_partner"));
    expect(planState(2027, events).status).toBe("agreed");
    events.push(ev("division_approved", "2027-02-12"), ev("executive_approved", "2027-03-05"), ev("board_approved", "2027-03-25"));
    expect(planState(2027, events)).toMatchObject({ status: "board_approved", version: 1, late: [] });
    events.push(ev("live", "2027-04-01"), ev("refreshed", "2027-07-01"));
    expect(planState(2027, events)).toMatchObject({ status: "live", version: 2 });
  });

  it("ignores a step recorded out of order, and a return clears the sign-offs", () => {
    expect(planState(2027, [ev("division_approved")]).status).toBe("drafting");
    const s = planState(2027, [ev("submitted"), ev("reconciling"), ev("signed", "2027-01-01", "manager"), ev("returned"), ev("submitted"), ev("reconciling")]);
    expect(s).toMatchObject({ status: "reconciling", signed: {} });
  });

  it("flags an approval on or after 1 April of its year as late", () => {
    expect(isLate(2027, "2027-03-31")).toBe(false);
    expect(isLate(2027, "2027-04-01")).toBe(true);
    const s = planState(2027, [ev("submitted"), ev("reconciling"), ev("signed", "2027-03-01", "clinical_lead"), ev("signed", "2027-03-01", "manager"), ev("signed", "2027-03-01", "finance_partner"), ev("division_approved", "2027-03-20"), ev("executive_approved", "2027-04-02")]);
    expect(s.late.map((e) => e.kind)).toEqual(["executive_approved"]);
  });

  it("refuses agreement while a target is open, or escalated without the executive's decision", () => {
    const { doc, id } = readyPlan();
    const events = [ev("submitted"), ev("reconciling")];
    expect(checkStep(2027, events, readPlan(doc), { ...line, kind: "signed", capacity: "clinical_lead" })).toMatch(/"RTT" is still open/);
    setTargetFields(doc, id, { status: "escalated" });
    expect(agreementBlockers(readPlan(doc))).toEqual(['Target "RTT" was escalated; the executive\'s decision is not yet recorded.']);
    setTargetFields(doc, id, { agreed: 92, rationale: "Agreed at confirm and challenge with a winter dip" });
    expect(checkStep(2027, events, readPlan(doc), { ...line, kind: "signed", capacity: "clinical_lead" })).toBeNull();
  });

  it("refuses a budget that misses its control total, and phasing that does not sum", () => {
    const { doc, id } = readyPlan();
    setTargetFields(doc, id, { status: "agreed", agreed: 1 });
    setGuidance(doc, { controlTotal: 1_200_001 });
    expect(agreementBlockers(readPlan(doc))).toEqual(["The budget's contribution is £1 short of the control total."]);
    addRow(doc, "budget", { category: "pay", label: "Medical", annual: 100, months: [...Array(11).fill(8), 11] });
    expect(checkStep(2027, [], readPlan(doc), { ...line, kind: "submitted" })).toMatch(/"Medical": the months add up to £99, not £100/);
  });

  it("keeps the executive's steps to the executive and the line's to the line", () => {
    const { doc } = readyPlan();
    expect(checkStep(2027, [ev("submitted")], readPlan(doc), { ...line, kind: "reconciling" })).toMatch(/Only an executive/);
    expect(checkStep(2027, [ev("submitted")], readPlan(doc), { ...exec, kind: "reconciling" })).toBeNull();
    expect(checkStep(2027, [], readPlan(doc), { isExecutive: false, canDraft: false, kind: "submitted" })).toMatch(/own leaders/);
    expect(checkStep(2027, [], readPlan(doc), { ...exec, kind: "board_approved" })).toMatch(/drafting cannot be approved by the board/);
  });
});

describe("the Board's approval names its meeting and resolution", () => {
  it("records the meeting's date and minute", () => {
    expect(boardResolution("25 March 2027", " TB  27/031 ", "2027-03-30", "2027-03-05")).toEqual({ ok: true, onDate: "2027-03-25", note: "Trust Board meeting on 25 March 2027, minute TB 27/031" });
  });
  it("refuses a missing minute, a meeting not yet held or one before the executive's approval", () => {
    expect(boardResolution("25 March 2027", "", "2027-03-30", null)).toMatchObject({ ok: false, error: expect.stringMatching(/minute reference/) });
    expect(boardResolution("", "TB 27/031", "2027-03-30", null)).toMatchObject({ ok: false, error: expect.stringMatching(/^Board meeting: Enter a date/) });
    expect(boardResolution("26 March 2027", "TB 27/031", "2027-03-25", null)).toEqual({ ok: false, error: "The Board meeting on 26 March 2027 has not happened yet" });
    expect(boardResolution("1 March 2027", "TB 27/031", "2027-03-25", "2027-03-05")).toEqual({ ok: false, error: "The Board cannot approve the plan on 1 March 2027, before the executive approved it on 5 March 2027" });
  });
});
