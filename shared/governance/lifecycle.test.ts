import { describe, expect, it } from "vitest";
import {
  allowedNextSteps,
  approvalOf,
  checkReviewBy,
  latestReviewBy,
  nextStepError,
  reviewOverdue,
  unratifiedChairActions,
  versionInForce,
  versionState,
  versionStatus,
  type VersionWithEvents,
} from "./lifecycle";
import { VERSION_EVENT_KINDS, type DocVersion, type VersionEvent, type VersionEventKind, type VersionStatus } from "./types";

function version(id: string, number: string, patch: Partial<DocVersion> = {}): DocVersion {
  return {
    id,
    workspaceId: "w1",
    doc: "delegation",
    number,
    title: `Scheme of delegation ${number}`,
    owner: "Director of Finance",
    narrative: "",
    seq: 10,
    sha256: `sha-${id}`,
    prevSha256: null,
    editors: [],
    cover: { purpose: "Approval", sponsor: "Director of Finance", author: "Deputy Director of Finance", previousConsideration: "", recommendation: "Approve" },
    reviewBy: "2027-03-31",
    proposedEffectiveFrom: "2026-04-01",
    createdBy: "u1",
    createdAt: 0,
    ...patch,
  };
}

let nextId = 1;
function ev(versionId: string, kind: VersionEventKind, date: string, patch: Partial<VersionEvent> = {}): VersionEvent {
  return {
    id: nextId++,
    versionId,
    kind,
    date,
    committee: kind === "recommended" ? "Audit Committee" : null,
    meetingId: null,
    minuteRef: null,
    outcome: null,
    effectiveFrom: null,
    reviewBy: null,
    consulted: kind === "chair_action" ? ["Geoff Hayward", "Sarah Dunnett"] : [],
    byUserId: "u1",
    at: 0,
    ...patch,
  };
}

/** Proposed, recommended by Audit, approved by the Board to take effect on a date. */
function approvedPath(v: DocVersion, effectiveFrom: string, reviewBy: string, approvedOn = "2026-03-26"): VersionEvent[] {
  return [
    ev(v.id, "proposed", "2026-02-20"),
    ev(v.id, "recommended", "2026-03-11", { outcome: "Recommended for approval" }),
    ev(v.id, "approved", approvedOn, { meetingId: "m1", minuteRef: "TB/26/041", effectiveFrom, reviewBy }),
  ];
}

describe("versionStatus before approval", () => {
  const v = version("v4", "4.0");
  const status = (events: VersionEvent[]) => versionStatus(v, events, [], "2026-03-01");

  it("is a draft with no events", () => {
    expect(status([])).toBe("draft");
  });
  it("follows proposed → recommended", () => {
    const p = ev("v4", "proposed", "2026-02-20");
    expect(status([p])).toBe("proposed");
    expect(status([p, ev("v4", "recommended", "2026-03-11")])).toBe("recommended");
  });
  it("is returned when the committee sends it back, and proposed again when re-proposed", () => {
    const p = ev("v4", "proposed", "2026-02-20");
    const r = ev("v4", "returned", "2026-03-11", { outcome: "Clarify the agency limits" });
    expect(status([p, r])).toBe("returned");
    const p2 = ev("v4", "proposed", "2026-03-20");
    expect(status([p, r, p2])).toBe("proposed");
    expect(status([p, r, p2, ev("v4", "recommended", "2026-04-08")])).toBe("recommended");
  });
  it("is returned when the Board sends a recommended version back", () => {
    expect(status([ev("v4", "proposed", "2026-02-20"), ev("v4", "recommended", "2026-03-11"), ev("v4", "returned", "2026-03-26")])).toBe("returned");
  });
  it("reads events in id order, whatever order they arrive in", () => {
    const p = ev("v4", "proposed", "2026-02-20");
    const r = ev("v4", "returned", "2026-03-11");
    expect(status([r, p])).toBe("returned");
  });
  it("ignores events of other versions", () => {
    expect(status([ev("v3", "proposed", "2026-02-20")])).toBe("draft");
  });
  it("is withdrawn once withdrawn, whatever came before", () => {
    expect(status([ev("v4", "proposed", "2026-02-20"), ev("v4", "withdrawn", "2026-02-25")])).toBe("withdrawn");
    expect(versionStatus(v, [...approvedPath(v, "2026-04-01", "2027-03-31"), ev("v4", "withdrawn", "2026-03-30")], [], "2026-05-01")).toBe("withdrawn");
  });
});

describe("versionStatus after approval", () => {
  const v3 = version("v3", "3.0", { proposedEffectiveFrom: "2025-04-01" });
  const v3events = approvedPath(v3, "2025-04-01", "2026-03-31", "2025-03-27");
  const v4 = version("v4", "4.0");
  const v4events = approvedPath(v4, "2026-04-01", "2027-03-31");
  const all: VersionWithEvents[] = [
    { version: v3, events: v3events },
    { version: v4, events: v4events },
  ];

  it("is approved but not yet in force on 31 March, in force on 1 April", () => {
    expect(versionStatus(v4, v4events, all, "2026-03-31")).toBe("approved");
    expect(versionStatus(v4, v4events, all, "2026-04-01")).toBe("in_force");
  });
  it("supersedes the previous version on the day it takes effect, not before", () => {
    expect(versionStatus(v3, v3events, all, "2026-03-31")).toBe("in_force");
    expect(versionStatus(v3, v3events, all, "2026-04-01")).toBe("superseded");
  });
  it("uses the date proposed on the paper when the resolution gives none", () => {
    const events = [ev("v4", "proposed", "2026-02-20"), ev("v4", "recommended", "2026-03-11"), ev("v4", "approved", "2026-03-26")];
    expect(versionState(v4, events, [], "2026-03-31")).toMatchObject({ status: "approved", effectiveFrom: "2026-04-01", reviewBy: "2027-03-31" });
    expect(versionStatus(v4, events, [], "2026-04-01")).toBe("in_force");
  });
  it("is not superseded by a later version that has not yet taken effect", () => {
    const v5 = version("v5", "5.0");
    const v5events = approvedPath(v5, "2026-10-01", "2027-09-30", "2026-07-30");
    const with5 = [...all, { version: v5, events: v5events }];
    expect(versionStatus(v4, v4events, with5, "2026-09-30")).toBe("in_force");
    expect(versionStatus(v5, v5events, with5, "2026-09-30")).toBe("approved");
    expect(versionStatus(v4, v4events, with5, "2026-10-01")).toBe("superseded");
    expect(versionStatus(v5, v5events, with5, "2026-10-01")).toBe("in_force");
  });
  it("breaks a tie of effective dates by the later approval", () => {
    const v41 = version("v41", "4.1");
    const v41events = [ev("v41", "proposed", "2026-03-20"), ev("v41", "recommended", "2026-03-25"), ev("v41", "approved", "2026-03-27", { effectiveFrom: "2026-04-01", reviewBy: "2027-03-31" })];
    const with41 = [...all, { version: v41, events: v41events }];
    expect(versionStatus(v4, v4events, with41, "2026-04-01")).toBe("superseded");
    expect(versionStatus(v41, v41events, with41, "2026-04-01")).toBe("in_force");
  });
  it("is not superseded by a withdrawn version, or by a version of the other document", () => {
    const v5 = version("v5", "5.0");
    const v5events = [...approvedPath(v5, "2026-10-01", "2027-09-30"), ev("v5", "withdrawn", "2026-09-01")];
    const s = version("s2", "2.0", { doc: "structure" });
    const sEvents = approvedPath(s, "2026-10-01", "2027-09-30");
    const other = version("x", "9.0", { workspaceId: "w2" });
    const otherEvents = approvedPath(other, "2026-10-01", "2027-09-30");
    const more = [...all, { version: v5, events: v5events }, { version: s, events: sEvents }, { version: other, events: otherEvents }];
    expect(versionStatus(v4, v4events, more, "2026-12-01")).toBe("in_force");
  });
  it("finds itself even when the list of versions leaves it out", () => {
    expect(versionStatus(v4, v4events, [{ version: v3, events: v3events }], "2026-04-01")).toBe("in_force");
  });
  it("lets the later start date win over the later approval", () => {
    // 4.0 takes effect on 1 April; 4.1, approved afterwards, was backdated to 1 March: 4.0 starts later, so it is the one in force.
    const v41 = version("v41", "4.1");
    const v41events = [ev("v41", "proposed", "2026-03-27"), ev("v41", "recommended", "2026-03-28"), ev("v41", "approved", "2026-03-29", { effectiveFrom: "2026-03-01", reviewBy: "2027-02-28" })];
    const with41 = [...all, { version: v41, events: v41events }];
    expect(versionStatus(v41, v41events, with41, "2026-03-31")).toBe("in_force");
    expect(versionStatus(v41, v41events, with41, "2026-04-01")).toBe("superseded");
    expect(versionStatus(v4, v4events, with41, "2026-04-01")).toBe("in_force");
  });
});

describe("approval by Chair's action", () => {
  const v = version("v4", "4.0");
  const chair = [
    ev("v4", "proposed", "2026-02-20"),
    ev("v4", "recommended", "2026-03-11"),
    ev("v4", "chair_action", "2026-03-18", { effectiveFrom: "2026-04-01", reviewBy: "2027-03-31" }),
  ];

  it("approves the version and flags it until the Board ratifies", () => {
    expect(versionState(v, chair, [], "2026-04-02")).toMatchObject({ status: "in_force", byChairAction: true, awaitingRatification: true, ratification: null });
    const ratified = [...chair, ev("v4", "ratified", "2026-05-28", { meetingId: "m2" })];
    expect(versionState(v, ratified, [], "2026-06-01")).toMatchObject({ status: "in_force", byChairAction: true, awaitingRatification: false });
    expect(versionState(v, ratified, [], "2026-06-01").ratification?.date).toBe("2026-05-28");
  });
  it("ignores a ratification recorded before the Chair's action", () => {
    const early = ev("v4", "ratified", "2026-03-01");
    const events = [early, ...chair.map((e) => ({ ...e, id: e.id + 1000 }))];
    expect(versionState(v, events, [], "2026-04-02").awaitingRatification).toBe(true);
  });
  it("does not flag a Board approval", () => {
    expect(versionState(v, approvedPath(v, "2026-04-01", "2027-03-31"), [], "2026-04-02")).toMatchObject({ byChairAction: false, awaitingRatification: false });
  });
});

describe("approvalOf", () => {
  it("finds the first approval", () => {
    const a = ev("v4", "chair_action", "2026-03-18");
    expect(approvalOf([ev("v4", "proposed", "2026-02-20"), a, ev("v4", "ratified", "2026-05-28")])).toBe(a);
    expect(approvalOf([ev("v4", "proposed", "2026-02-20")])).toBeNull();
  });
});

describe("versionInForce", () => {
  const v2 = version("v2", "2.0");
  const v3 = version("v3", "3.0");
  const list: VersionWithEvents[] = [
    { version: v2, events: approvedPath(v2, "2025-04-01", "2026-03-31", "2025-03-27") },
    { version: v3, events: approvedPath(v3, "2026-04-01", "2027-03-31") },
    { version: version("v4", "4.0"), events: [ev("v4", "proposed", "2026-05-01"), ev("v4", "recommended", "2026-05-10")] },
  ];

  it.each([
    ["2025-03-31", null],
    ["2025-04-01", "v2"],
    ["2026-03-31", "v2"],
    ["2026-04-01", "v3"],
    ["2030-01-01", "v3"],
  ])("on %s is %s", (date, id) => {
    expect(versionInForce(list, date)?.id ?? null).toBe(id);
  });
  it("is null with no versions", () => {
    expect(versionInForce([], "2026-04-01")).toBeNull();
  });
  it("falls back to the earlier version when the later one is withdrawn", () => {
    const withdrawn = [list[0]!, { version: v3, events: [...list[1]!.events, ev("v3", "withdrawn", "2026-03-30")] }];
    expect(versionInForce(withdrawn, "2026-04-02")?.id).toBe("v2");
  });
  it("breaks ties by the later approval event", () => {
    const a = version("a", "5.0");
    const b = version("b", "5.1");
    const bEvents = approvedPath(b, "2026-10-01", "2027-09-30");
    const aEvents = approvedPath(a, "2026-10-01", "2027-09-30");
    expect(versionInForce([{ version: b, events: bEvents }, { version: a, events: aEvents }], "2026-10-01")?.id).toBe("a");
  });
  it("counts an unratified Chair's action as in force", () => {
    const c = version("c", "6.0");
    expect(versionInForce([{ version: c, events: [ev("c", "chair_action", "2026-03-18", { effectiveFrom: "2026-03-19" })] }], "2026-03-19")?.id).toBe("c");
  });
});

describe("reviewOverdue", () => {
  const v = version("v3", "3.0", { reviewBy: "2099-01-01" });
  const events = approvedPath(v, "2026-04-01", "2027-03-31");

  it("reads the review-by date from the approval and is overdue from the day after", () => {
    expect(reviewOverdue(v, events, "2027-03-30")).toEqual({ overdue: false, reviewBy: "2027-03-31" });
    expect(reviewOverdue(v, events, "2027-03-31")).toEqual({ overdue: false, reviewBy: "2027-03-31" });
    expect(reviewOverdue(v, events, "2027-04-01")).toEqual({ overdue: true, reviewBy: "2027-03-31" });
  });
  it("falls back to the version's proposed review-by date", () => {
    expect(reviewOverdue(v, [ev("v3", "approved", "2026-03-26")], "2099-01-02")).toEqual({ overdue: true, reviewBy: "2099-01-01" });
  });
  it("is never overdue with nothing in force", () => {
    expect(reviewOverdue(null, [], "2027-04-01")).toEqual({ overdue: false, reviewBy: null });
  });
});

describe("allowedNextSteps", () => {
  it.each<[VersionStatus, boolean, VersionEventKind[]]>([
    ["draft", false, ["proposed", "withdrawn"]],
    ["proposed", false, ["recommended", "returned", "withdrawn"]],
    ["recommended", false, ["approved", "chair_action", "returned", "withdrawn"]],
    ["returned", false, ["proposed", "withdrawn"]],
    ["approved", false, ["withdrawn"]],
    ["approved", true, ["ratified", "withdrawn"]],
    ["in_force", false, []],
    ["in_force", true, ["ratified"]],
    ["superseded", false, []],
    ["superseded", true, ["ratified"]],
    ["withdrawn", false, []],
    ["withdrawn", true, []],
  ])("from %s (awaiting ratification: %s) allows %j", (status, awaiting, steps) => {
    expect(allowedNextSteps(status, awaiting)).toEqual(steps);
  });

  it("agrees with versionStatus along the whole path", () => {
    const v = version("v9", "9.0");
    const events: VersionEvent[] = [];
    const step = (kind: VersionEventKind, patch: Partial<VersionEvent> = {}) => {
      const state = versionState(v, events, [], "2026-03-31");
      expect(nextStepError(state, kind)).toBeNull();
      events.push(ev("v9", kind, "2026-03-01", patch));
    };
    step("proposed");
    step("returned");
    step("proposed");
    step("recommended");
    step("chair_action", { effectiveFrom: "2026-04-01", reviewBy: "2027-03-31" });
    expect(versionState(v, events, [], "2026-03-31")).toMatchObject({ status: "approved", awaitingRatification: true });
    step("ratified");
    expect(allowedNextSteps(versionStatus(v, events, [], "2026-04-01"), versionState(v, events, [], "2026-04-01").awaitingRatification)).toEqual([]);
  });
});

describe("nextStepError", () => {
  it("explains a step out of order", () => {
    expect(nextStepError({ status: "proposed", awaitingRatification: false }, "approved")).toBe("A version that is proposed cannot be approved.");
    expect(nextStepError({ status: "in_force", awaitingRatification: false }, "withdrawn")).toBe("A version that is in force cannot be withdrawn.");
    expect(nextStepError({ status: "draft", awaitingRatification: false }, "chair_action")).toBe("A version that is draft cannot be approved by Chair's action.");
    expect(nextStepError({ status: "in_force", awaitingRatification: false }, "ratified")).toBe(
      "Only an approval by Chair's action that has not been ratified can be ratified.",
    );
    expect(nextStepError({ status: "recommended", awaitingRatification: false }, "chair_action")).toBeNull();
  });
  it("covers every kind from every status without throwing", () => {
    for (const status of ["draft", "proposed", "recommended", "returned", "approved", "in_force", "superseded", "withdrawn"] as const) {
      for (const kind of VERSION_EVENT_KINDS) expect(typeof (nextStepError({ status, awaitingRatification: false }, kind) ?? "")).toBe("string");
    }
  });
});

describe("checkReviewBy", () => {
  it("accepts a date after it takes effect and within 12 months", () => {
    expect(checkReviewBy("2026-04-01", "2027-03-31")).toBeNull();
    expect(checkReviewBy("2026-04-01", "2026-04-02")).toBeNull();
    expect(checkReviewBy("2026-04-01", "2027-04-01")).toBeNull();
  });
  it("refuses a date on or before it takes effect", () => {
    expect(checkReviewBy("2026-04-01", "2026-04-01")).toBe("The review-by date must be after the date it takes effect (1 April 2026).");
    expect(checkReviewBy("2026-04-01", "2026-03-31")).toBe("The review-by date must be after the date it takes effect (1 April 2026).");
  });
  it("refuses a date more than 12 months on", () => {
    expect(checkReviewBy("2026-04-01", "2027-04-02")).toBe("The review-by date must be no more than 12 months after it takes effect: 1 April 2027 at the latest.");
    expect(checkReviewBy("2026-03-31", "2027-04-01")).toBe("The review-by date must be no more than 12 months after it takes effect: 31 March 2027 at the latest.");
    expect(checkReviewBy("2026-03-31", "2027-03-31")).toBeNull();
  });
  it("refuses dates that are not real", () => {
    expect(checkReviewBy("2026-02-30", "2027-01-01")).toBe("Enter the date it takes effect as a real date, for example 2026-04-01.");
    expect(checkReviewBy("2026-04-01", "31/03/2027")).toBe("Enter the review-by date as a real date, for example 2027-03-31.");
  });
  it("counts 12 months from 29 February to 28 February", () => {
    expect(latestReviewBy("2028-02-29")).toBe("2029-02-28");
    expect(checkReviewBy("2028-02-29", "2029-02-28")).toBeNull();
    expect(checkReviewBy("2028-02-29", "2029-03-01")).not.toBeNull();
    expect(latestReviewBy("2026-12-31")).toBe("2027-12-31");
    expect(() => latestReviewBy("2026-13-01")).toThrow(RangeError);
  });
});

describe("unratifiedChairActions", () => {
  it("lists Chair's actions the Board has not ratified, oldest first, leaving out withdrawn versions", () => {
    const a = version("a", "4.0");
    const b = version("b", "4.1");
    const c = version("c", "4.2");
    const d = version("d", "4.3");
    const aAction = ev("a", "chair_action", "2026-05-02");
    const bAction = ev("b", "chair_action", "2026-04-10");
    const list: VersionWithEvents[] = [
      { version: a, events: [ev("a", "recommended", "2026-05-01"), aAction] },
      { version: b, events: [bAction] },
      { version: c, events: [ev("c", "chair_action", "2026-03-01"), ev("c", "ratified", "2026-03-26")] },
      { version: d, events: [ev("d", "chair_action", "2026-03-01"), ev("d", "withdrawn", "2026-03-02")] },
      { version: version("e", "4.4"), events: approvedPath(version("e", "4.4"), "2026-04-01", "2027-03-31") },
    ];
    expect(unratifiedChairActions(list)).toEqual([
      { version: b, chairAction: bAction },
      { version: a, chairAction: aAction },
    ]);
  });
});
