import { describe, expect, it } from "vitest";
import { delegationsOn, holdersOn, roleKey, rolesOf, sameRole } from "./tenure";
import type { RoleTenure, TemporaryDelegation } from "./types";

function tenure(id: string, person: string, role: string, from: string, to: string | null, patch: Partial<RoleTenure> = {}): RoleTenure {
  return { id, person, role, levelId: "executive", unitId: null, from, to, acting: false, ...patch };
}

const TENURES: RoleTenure[] = [
  tenure("t1", "Paul Matthew", "Director of Finance", "2022-01-04", "2026-03-31"),
  tenure("t2", "Jo Reeve", "Director of Finance", "2026-04-01", "2026-06-30", { acting: true }),
  tenure("t3", "Claire Lee", "Director of Finance", "2026-07-01", null),
  tenure("t4", "Andrew Morgan", "Chief Executive", "2021-09-01", null),
  tenure("t5", "Dr Anna Shah", "Clinical Lead", "2024-04-01", null, { levelId: "service-line", unitId: "cardiology" }),
  tenure("t6", "Dr Ben Ode", "Clinical Lead", "2024-04-01", "2026-01-31", { levelId: "service-line", unitId: "respiratory" }),
  tenure("t7", "Jo Reeve", "Deputy Director of Finance", "2023-05-01", null),
];

describe("holdersOn", () => {
  it("covers both ends of a tenure", () => {
    expect(holdersOn(TENURES, "Director of Finance", "2026-03-31").map((t) => t.id)).toEqual(["t1"]);
    expect(holdersOn(TENURES, "Director of Finance", "2026-04-01").map((t) => t.id)).toEqual(["t2"]);
    expect(holdersOn(TENURES, "Director of Finance", "2026-06-30").map((t) => t.id)).toEqual(["t2"]);
    expect(holdersOn(TENURES, "Director of Finance", "2026-07-01").map((t) => t.id)).toEqual(["t3"]);
  });
  it("holds an open tenure from its start onwards", () => {
    expect(holdersOn(TENURES, "Director of Finance", "2030-01-01").map((t) => t.id)).toEqual(["t3"]);
    expect(holdersOn(TENURES, "Chief Executive", "2021-08-31")).toEqual([]);
  });
  it("does not count a tenure ending the day before", () => {
    expect(holdersOn(TENURES, "Clinical Lead", "2026-02-01", "respiratory")).toEqual([]);
    expect(holdersOn(TENURES, "Clinical Lead", "2026-01-31", "respiratory").map((t) => t.id)).toEqual(["t6"]);
  });
  it("matches role names loosely", () => {
    expect(holdersOn(TENURES, "the director of finance", "2025-01-01").map((t) => t.id)).toEqual(["t1"]);
    expect(holdersOn(TENURES, "Directors of Finance", "2025-01-01").map((t) => t.id)).toEqual(["t1"]);
  });
  it("narrows unit roles to the unit, keeping trust-wide holders", () => {
    expect(holdersOn(TENURES, "Clinical Lead", "2025-01-01").map((t) => t.id)).toEqual(["t5", "t6"]);
    expect(holdersOn(TENURES, "Clinical Lead", "2025-01-01", "cardiology").map((t) => t.id)).toEqual(["t5"]);
    expect(holdersOn(TENURES, "Chief Executive", "2025-01-01", "cardiology").map((t) => t.id)).toEqual(["t4"]);
    expect(holdersOn(TENURES, "Clinical Lead", "2025-01-01", null)).toEqual([]);
  });
  it("lists two people sharing a role on a handover day, earliest first", () => {
    const overlap = [...TENURES, tenure("t8", "Sam Hill", "Director of Finance", "2026-03-31", "2026-04-10", { acting: true })];
    expect(holdersOn(overlap, "Director of Finance", "2026-03-31").map((t) => t.id)).toEqual(["t1", "t8"]);
  });
});

describe("rolesOf", () => {
  it("lists the roles a person held on a date", () => {
    expect(rolesOf(TENURES, "Jo Reeve", "2026-05-15").map((t) => t.role)).toEqual(["Deputy Director of Finance", "Director of Finance"]);
    expect(rolesOf(TENURES, "Jo Reeve", "2026-07-01").map((t) => t.role)).toEqual(["Deputy Director of Finance"]);
    expect(rolesOf(TENURES, "jo  reeve", "2026-05-15")).toHaveLength(2);
    expect(rolesOf(TENURES, "Jo Reeve", "2023-04-30")).toEqual([]);
    expect(rolesOf(TENURES, "Nobody", "2026-05-15")).toEqual([]);
  });
});

describe("delegationsOn", () => {
  const D: TemporaryDelegation[] = [
    { id: "d1", delegator: "Claire Lee", delegate: "Jo Reeve", decisionIds: ["revenue-nonpay", "virement"], from: "2026-08-01", to: "2026-08-14", reason: "Annual leave" },
    { id: "d2", delegator: "Andrew Morgan", delegate: "Jo Reeve", decisionIds: [], from: "2026-08-10", to: "2026-08-12", reason: "Conference" },
    { id: "d3", delegator: "Andrew Morgan", delegate: "Karen Dunderdale", decisionIds: [], from: "2026-08-01", to: "2026-08-31", reason: "Sick leave" },
  ];
  it("covers both ends and only the named decisions", () => {
    expect(delegationsOn(D, "Jo Reeve", "2026-07-31", "revenue-nonpay")).toEqual([]);
    expect(delegationsOn(D, "Jo Reeve", "2026-08-01", "revenue-nonpay").map((d) => d.id)).toEqual(["d1"]);
    expect(delegationsOn(D, "Jo Reeve", "2026-08-14", "revenue-nonpay").map((d) => d.id)).toEqual(["d1"]);
    expect(delegationsOn(D, "Jo Reeve", "2026-08-15", "revenue-nonpay")).toEqual([]);
    expect(delegationsOn(D, "Jo Reeve", "2026-08-05", "seal")).toEqual([]);
  });
  it("treats an empty list of decisions as every decision", () => {
    expect(delegationsOn(D, "Jo Reeve", "2026-08-11", "seal").map((d) => d.id)).toEqual(["d2"]);
    expect(delegationsOn(D, "Jo Reeve", "2026-08-11", "virement").map((d) => d.id)).toEqual(["d1", "d2"]);
  });
  it("is for the delegate, not the delegator", () => {
    expect(delegationsOn(D, "Andrew Morgan", "2026-08-11", "seal")).toEqual([]);
    expect(delegationsOn(D, "karen dunderdale", "2026-08-11", "seal").map((d) => d.id)).toEqual(["d3"]);
  });
});

describe("sameRole", () => {
  it.each([
    ["Director of Finance", "director of finance"],
    ["The Director of Finance", "Director of Finance"],
    ["the Chief Executive", "Chief Executive"],
    ["Executive Directors", "Executive Director"],
    ["Finance & Investment Committee", "Finance and Investment Committee"],
    ["Finance&Investment Committee", "The Finance and Investment Committees"],
    ["Vice-Chair", "Vice Chair"],
    ["Service line clinical lead and manager", "Service Line Clinical Leads & Managers"],
    ["  Head of  Nursing ", "Head of Nursing"],
    ["Chief Executive's", "Chief Executive"],
  ])("%j is %j", (a, b) => {
    expect(sameRole(a, b)).toBe(true);
    expect(sameRole(b, a)).toBe(true);
  });
  it.each([
    ["Director of Finance", "Deputy Director of Finance"],
    ["Chief Executive", "Chief Operating Officer"],
    ["Clinical Lead", "Clinical Director"],
    ["Trust Board", "Other Trust Board"],
    ["Chair", "Vice-Chair"],
    ["Theatres manager", "Theatre manager and lead"],
  ])("%j is not %j", (a, b) => {
    expect(sameRole(a, b)).toBe(false);
  });
  it("keeps short words and double s intact", () => {
    expect(roleKey("Business Manager")).toBe("business manager");
    expect(roleKey("The Board's Secretary")).toBe("board secretary");
    expect(roleKey("HR Directors")).toBe("hr director");
    expect(roleKey("the")).toBe("");
  });
});
