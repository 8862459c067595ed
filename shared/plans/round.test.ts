import { describe, expect, it } from "vitest";
import { defaultMilestones, milestonePhase, roundYearOn, stageOnTimetable } from "./round";

describe("the planning round's timetable", () => {
  it("gives the issue's 2027/28 dates", () => {
    const m = defaultMilestones(2027);
    expect(m.map((x) => x.due)).toEqual(["2026-09-30", "2026-10-30", "2026-11-30", "2026-12-01", "2027-02-12", "2027-03-05", "2027-03-25", "2027-04-01"]);
    expect(m[3]!.dueEnd).toBe("2027-01-31");
  });
  it("places a date in the round for the next financial year", () => {
    expect(roundYearOn("2026-12-01")).toBe(2027);
    expect(roundYearOn("2027-03-31")).toBe(2027);
    expect(roundYearOn("2027-04-01")).toBe(2028);
  });
  it("says whether a milestone is past, current or upcoming", () => {
    const cc = { due: "2026-12-01", dueEnd: "2027-01-31" };
    expect(milestonePhase(cc, "2026-11-30")).toBe("upcoming");
    expect(milestonePhase(cc, "2026-12-15")).toBe("current");
    expect(milestonePhase(cc, "2027-02-01")).toBe("past");
    expect(milestonePhase({ due: "2026-11-30", dueEnd: null }, "2026-12-01")).toBe("past");
  });
});

describe("a line's stage on the round's timetable", () => {
  const m = defaultMilestones(2027);
  it("keeps the story's stage once confirm-and-challenge has begun (1 December 2026)", () => {
    expect((["drafting", "submitted", "reconciling", "agreed"] as const).map((s) => stageOnTimetable(s, "2026-12-01", m))).toEqual(["drafting", "submitted", "reconciling", "agreed"]);
  });
  it("cannot reconcile or agree a plan before confirm-and-challenge, or submit on time before the deadline", () => {
    expect(stageOnTimetable("agreed", "2026-11-30", m)).toBe("submitted");
    expect(stageOnTimetable("submitted", "2026-11-30", m)).toBe("submitted");
    expect(stageOnTimetable("submitted", "2026-11-15", m)).toBe("drafting");
    expect(stageOnTimetable("reconciling", "2026-11-15", m)).toBe("submitted");
  });
  it("has every line drafting before the guidance is issued", () => {
    expect(stageOnTimetable("agreed", "2026-10-29", m)).toBe("drafting");
    expect(stageOnTimetable("agreed", "2026-06-01", m)).toBe("drafting");
  });
});
