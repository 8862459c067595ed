import { describe, expect, it } from "vitest";
import { AUTONOMY_LEVELS } from "../autonomy/types";
import { cadenceForLevel, describePack, describeRule, meetingDates, packDueDates, packState, replan, replanFrom, yearsToPlan, type DayRule, type ScheduledMeeting } from "./schedule";

const SECOND_TUESDAY: DayRule = { nth: 2, weekday: 2 };

describe("the year's schedule by level (ULHT §5.2; level 1 is the most autonomy)", () => {
  it("counts meetings per level for 2026/27", () => {
    const counts = AUTONOMY_LEVELS.map((l) => meetingDates(2026, cadenceForLevel(l), SECOND_TUESDAY).length);
    expect(counts).toEqual([2, 4, 12, 12]);
    expect(meetingDates(2026, cadenceForLevel(4, "severe"), SECOND_TUESDAY)).toHaveLength(52);
  });
  it("puts quarterly and six-monthly meetings at the close of the quarter or half, on the rule's day", () => {
    expect(meetingDates(2026, "quarterly", SECOND_TUESDAY)).toEqual(["2026-06-09", "2026-09-08", "2026-12-08", "2027-03-09"]);
    expect(meetingDates(2026, "six_monthly", SECOND_TUESDAY)).toEqual(["2026-09-08", "2027-03-09"]);
    expect(describeRule(SECOND_TUESDAY)).toBe("the second Tuesday of the month");
    expect(describeRule({ nth: -1, weekday: 4 })).toBe("the last Thursday of the month");
  });
  it("moves a meeting off a bank holiday to the next working day", () => {
    const firstMonday = meetingDates(2026, "monthly", { nth: 1, weekday: 1 });
    expect(firstMonday).toContain("2026-05-05");
    expect(firstMonday).not.toContain("2026-05-04");
  });
  it("generates next year's schedule in the last quarter, before 1 April", () => {
    expect(yearsToPlan("2026-12-01")).toEqual([2026]);
    expect(yearsToPlan("2027-01-04")).toEqual([2026, 2027]);
  });
});

describe("re-planning after a level change", () => {
  const planned: ScheduledMeeting[] = meetingDates(2026, "quarterly", SECOND_TUESDAY).map((date, i) => ({ id: `m${i}`, date, status: i === 0 ? "held" : "scheduled" }));
  it("starts from the month after the change, never in the past", () => {
    expect(replanFrom("2026-08-01", "2026-08-10")).toBe("2026-09-01");
    expect(replanFrom("2026-06-15", "2026-08-10")).toBe("2026-09-01");
    // Agreed at a review to take effect from the first of next month: from then.
    expect(replanFrom("2026-12-01", "2026-11-20")).toBe("2026-12-01");
    expect(replanFrom("2026-12-10", "2026-11-20")).toBe("2027-01-01");
  });
  it("a move from level 2 to level 3 adds the monthly meetings and keeps the quarterly ones", () => {
    const r = replan(planned, 2026, cadenceForLevel(3), SECOND_TUESDAY, "2026-09-01");
    expect(r.cancel).toEqual([]);
    expect(r.add).toEqual(["2026-10-13", "2026-11-10", "2027-01-12", "2027-02-09"]);
    expect(r.keep).toEqual(["m1", "m2", "m3"]);
  });
  it("a move to level 1 cancels what six-monthly meetings do not hold, but never a meeting held", () => {
    const r = replan(planned, 2026, cadenceForLevel(1), SECOND_TUESDAY, "2026-06-01");
    expect(r.cancel).toEqual(["m2"]);
    expect(r.add).toEqual([]);
    expect(r.keep).toEqual(["m0", "m1", "m3"]);
  });
});

describe("pack due dates (ULHT §5.1)", () => {
  it("a week before to the unit and two working days before to invitees, across Easter", () => {
    // The Wednesday after Easter Monday 2026 (Good Friday 3 April, Easter Monday 6 April).
    expect(packDueDates("2026-04-08")).toEqual({ unit: "2026-04-01", invitees: "2026-04-02" });
    expect(packDueDates("2027-03-31")).toEqual({ unit: "2027-03-24", invitees: "2027-03-25" });
    // A week before a Tuesday after Christmas falls on a bank holiday: the working day before.
    expect(packDueDates("2028-01-04").unit).toBe("2027-12-24");
  });
  it("flags a late pack", () => {
    expect(packState("2026-04-02", "2026-04-02", "2026-04-10")).toBe("on_time");
    expect(packState("2026-04-02", "2026-04-07", "2026-04-10")).toBe("late");
    expect(packState("2026-04-02", null, "2026-04-03")).toBe("overdue");
    expect(packState("2026-04-02", null, "2026-04-01")).toBe("not_yet_due");
    expect(describePack("2026-04-02", "2026-04-07", "2026-04-10")).toBe("Late: circulated 7 April 2026, due 2 April 2026");
  });
});
