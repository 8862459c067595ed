import { describe, expect, it } from "vitest";
import type { MonthLevel, MonthObservation } from "../autonomy/types";
import { addDays, weekdayOf } from "../format/dates";
import { deteriorationIn, escalationView, keyConcernMonths, monthsRecovered, shouldOpen, type Escalation, type WorkingCalendar } from "./rules";

// Weekends only, plus one bank holiday, so the test shows holidays are the calendar's business.
const HOLIDAYS = new Set(["2026-12-25", "2026-12-28"]);
const calendar: WorkingCalendar = {
  addWorkingDays(date, n) {
    let d = date;
    let left = n;
    while (left > 0) {
      d = addDays(d, 1);
      const w = weekdayOf(d);
      if (w !== 0 && w !== 6 && !HOLIDAYS.has(d)) left -= 1;
    }
    return d;
  },
};

const level = (month: string, lv: 1 | 2 | 3 | 4, raw: 1 | 2 | 3 | 4 | null = lv): MonthLevel => ({ month, level: lv, rawLevel: raw, explanation: [] });

const escalation = (over: Partial<Escalation> = {}): Escalation => ({
  id: 1,
  unitId: "card",
  openedOn: "2026-12-14",
  month: "2026-11",
  trigger: "level_fall",
  detail: "",
  levelBefore: 2,
  events: [],
  ...over,
});

describe("escalation stages", () => {
  const base = { calendar, meetings: ["2026-12-08", "2027-01-12"], history: [] as MonthLevel[], concernMonths: new Set<string>() };

  it("gives 10 working days for the plan, skipping weekends and the Christmas bank holidays", () => {
    const v = escalationView(escalation(), { ...base, today: "2026-12-15" });
    expect(v.stage).toBe("awaiting_plan");
    // 14 December + 10 working days, with 25 and 28 December off: 30 December.
    expect(v.planDue).toBe("2026-12-30");
    expect(v.headline).toContain("30 December 2026");
  });

  it("is overdue the day after the plan was due", () => {
    expect(escalationView(escalation(), { ...base, today: "2026-12-30" }).stage).toBe("awaiting_plan");
    expect(escalationView(escalation(), { ...base, today: "2026-12-31" }).stage).toBe("plan_overdue");
  });

  it("goes to the committee when the line reaches its next meeting without a plan", () => {
    const v = escalationView(escalation(), { ...base, today: "2027-01-12" });
    expect(v.nextMeeting).toBe("2027-01-12");
    expect(v.stage).toBe("committee_due");
    // A plan written after that meeting does not undo the missed one.
    const late = escalation({ events: [{ id: 1, kind: "plan_submitted", date: "2027-01-13", byName: "A", note: "", option: null }] });
    expect(escalationView(late, { ...base, today: "2027-01-14" }).stage).toBe("committee_due");
  });

  it("is monitored once the plan is in before the meeting", () => {
    const e = escalation({ events: [{ id: 1, kind: "plan_submitted", date: "2026-12-22", byName: "A", note: "", option: null }] });
    expect(escalationView(e, { ...base, today: "2027-01-20" }).stage).toBe("monitoring");
  });

  it("names the executive team's decision once escalated", () => {
    const e = escalation({
      events: [
        { id: 1, kind: "escalated", date: "2027-01-13", byName: "Priya Shah", note: "", option: null },
        { id: 2, kind: "executive_decision", date: "2027-01-19", byName: "Dr James Okafor", note: "", option: "audit" },
      ],
    });
    const v = escalationView(e, { ...base, today: "2027-01-20" });
    expect(v.stage).toBe("with_committee");
    expect(v.headline).toContain("an audit");
    // Events dated after the day asked are not yet known.
    expect(escalationView(e, { ...base, today: "2027-01-13" }).headline).toContain("decision is awaited");
  });

  it("is ready to de-escalate after three consecutive months back at the level before, and closed once de-escalated", () => {
    const history = [level("2026-11", 3), level("2026-12", 2), level("2027-01", 2), level("2027-02", 2, 1)];
    const e = escalation({ events: [{ id: 1, kind: "plan_submitted", date: "2026-12-20", byName: "A", note: "", option: null }] });
    expect(escalationView(e, { ...base, history, today: "2027-03-10" }).stage).toBe("ready_to_close");
    expect(escalationView(e, { ...base, history: history.slice(0, 3), today: "2027-02-10" }).stage).toBe("monitoring");
    const closed = { ...e, events: [...e.events, { id: 2, kind: "deescalated" as const, date: "2027-03-11", byName: "Priya Shah", note: "", option: null }] };
    expect(escalationView(closed, { ...base, history, today: "2027-03-12" }).stage).toBe("closed");
  });
});

describe("recovery", () => {
  it("counts only consecutive good months after the one that opened it", () => {
    const e = { month: "2026-08", levelBefore: 2 as const };
    expect(monthsRecovered(e, [level("2026-08", 3), level("2026-09", 2), level("2026-10", 3), level("2026-11", 2)], new Set())).toBe(1);
    // A gap in the figures ends the run: recovery is shown, not assumed.
    expect(monthsRecovered(e, [level("2026-09", 2), level("2026-11", 2)], new Set())).toBe(1);
    // A month with a concern on a key indicator does not count.
    expect(monthsRecovered(e, [level("2026-09", 2), level("2026-10", 2)], new Set(["2026-10"]))).toBe(0);
    // A month that could not be assessed does not count either.
    expect(monthsRecovered(e, [level("2026-09", 2, null)], new Set())).toBe(0);
  });
});

describe("deterioration", () => {
  it("finds a worse computed level than the month before", () => {
    const found = deteriorationIn([level("2026-10", 2), level("2026-11", 3)], new Map(), "2026-11");
    expect(found).toMatchObject({ trigger: "level_fall", levelBefore: 2 });
    expect(deteriorationIn([level("2026-10", 3), level("2026-11", 2)], new Map(), "2026-11")).toBeNull();
  });

  it("finds a special-cause concern on a key indicator, and does not open a second escalation for a line", () => {
    const found = deteriorationIn([level("2026-10", 2), level("2026-11", 2)], new Map([["2026-11", ["18 weeks"]]]), "2026-11");
    expect(found?.trigger).toBe("spc_concern");
    expect(found?.detail).toContain("18 weeks");
    expect(shouldOpen([{ unitId: "card" }], "card", found)).toBe(false);
    expect(shouldOpen([{ unitId: "orth" }], "card", found)).toBe(true);
  });

  it("reads concerns from the key indicators' XmR charts, month by month", () => {
    const months: MonthObservation[] = [];
    for (let i = 0; i < 14; i++) {
      const month = `2026-${String((i % 12) + 1).padStart(2, "0")}`;
      const year = i < 12 ? "2025" : "2026";
      const value = i === 13 ? 40 : 90 + (i % 3);
      months.push({ month: `${year}${month.slice(4)}`, indicators: [
        { code: "RTT18", name: "18 weeks", kind: "performance", value, target: 92, direction: "higher", key: true },
        { code: "FFT", name: "Friends and family", kind: "quality", value: i === 13 ? 10 : 95, target: 90, direction: "higher", key: false },
      ] });
    }
    const concerns = keyConcernMonths(months, new Set(["RTT18"]));
    expect([...concerns.keys()]).toEqual(["2026-02"]);
    expect(concerns.get("2026-02")).toEqual(["18 weeks"]);
  });
});
