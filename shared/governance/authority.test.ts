import { describe, expect, it } from "vitest";
import { demoScheme } from "../delegation/demo";
import { findDecision } from "../delegation/resolve";
import { checkAuthority, tenureMatchesHolder, type AuthorityQuestion } from "./authority";
import type { RoleTenure, TemporaryDelegation } from "./types";

const scheme = demoScheme();
const nonPay = findDecision(scheme, "revenue-nonpay")!;

const tenure = (person: string, role: string, levelId: string, unitId: string | null, from: string, to: string | null = null): RoleTenure => ({ id: `${person}-${role}`, person, role, levelId, unitId, from, to, acting: false });
const tenures: RoleTenure[] = [
  tenure("Dr James Okafor", "Chief Executive", "executive", null, "2021-09-01"),
  tenure("Priya Shah", "Director of Finance", "executive", null, "2022-04-01"),
  tenure("Mark Jennings", "Deputy Director of Finance", "executive", null, "2023-01-09"),
  tenure("Claire Donovan", "Managing Director", "division", "med", "2022-04-01"),
  tenure("Robert Haines", "Managing Director", "division", "surg", "2022-04-01"),
  tenure("Dr Aisha Rahman", "Clinical Lead", "service-line", "card", "2023-04-01"),
  tenure("Dr Lisa Moran", "Clinical Lead", "service-line", "resp", "2019-04-01", "2025-10-31"),
];
const delegations: TemporaryDelegation[] = [{ id: "d1", delegator: "Priya Shah", delegate: "Mark Jennings", decisionIds: [], from: "2026-08-10", to: "2026-08-21", reason: "Leave" }];

function ask(over: Partial<AuthorityQuestion>) {
  return checkAuthority({ scheme, decision: nonPay, amount: 180_000, date: "2026-05-14", autonomyLevel: 2, lineName: "Cardiology", unitChain: ["card", "med", "board"], approver: "Dr Aisha Rahman", tenures, delegations, ...over });
}

describe("checkAuthority", () => {
  it("finds a clinical lead outside authority above the line's limit, and names who should have approved", () => {
    const a = ask({});
    const slLimit = nonPay.serviceLineLimits[2]!;
    expect(180_000).toBeGreaterThan(slLimit);
    expect(a.within).toBe(false);
    expect(a.reasons.join(" ")).toContain("Cardiology was at earned autonomy level 2");
    expect(a.shouldHave.text).toMatch(/^Executive director \(up to £250,000\)$/);
    expect(a.shouldHave.people).toEqual(expect.arrayContaining(["Dr James Okafor", "Priya Shah"]));
    expect(a.shouldHave.people).not.toContain("Mark Jennings");
  });

  it("puts the same clinical lead within authority for an amount inside the line's limit", () => {
    expect(ask({ amount: 20_000 }).within).toBe(true);
  });

  it("lets a higher holder approve a smaller amount", () => {
    const a = ask({ amount: 20_000, approver: "Priya Shah" });
    expect(a.within).toBe(true);
    expect(a.by?.role).toBe("Director of Finance");
  });

  it("does not let a division's managing director act for another division's line", () => {
    expect(ask({ amount: 60_000, approver: "Robert Haines" }).within).toBe(false);
    expect(ask({ amount: 60_000, approver: "Claire Donovan" }).within).toBe(true);
  });

  it("says a person whose tenure ended the day before did not hold the role", () => {
    const a = ask({ amount: 5_000, date: "2025-11-01", lineName: "Respiratory medicine", unitChain: ["resp", "med", "board"], approver: "Dr Lisa Moran" });
    expect(a.within).toBe(false);
    expect(a.reasons[0]).toBe("Dr Lisa Moran's tenure as Clinical Lead ended on 31 October 2025, so on 1 November 2025 Dr Lisa Moran did not hold the role.");
    const day = ask({ amount: 5_000, date: "2025-10-31", lineName: "Respiratory medicine", unitChain: ["resp", "med", "board"], approver: "Dr Lisa Moran" });
    expect(day.within).toBe(true);
  });

  it("needs both joint approvers for £750,000", () => {
    const alone = ask({ amount: 750_000, approver: "Dr James Okafor" });
    expect(alone.within).toBe(false);
    expect(alone.shouldHave.people).toEqual(["Dr James Okafor with Priya Shah"]);
    const both = ask({ amount: 750_000, approver: "Dr James Okafor", secondApprover: "Priya Shah" });
    expect(both.within).toBe(true);
    const wrongPartner = ask({ amount: 750_000, approver: "Dr James Okafor", secondApprover: "Claire Donovan" });
    expect(wrongPartner.within).toBe(false);
  });

  it("honours a written temporary delegation only between its dates", () => {
    const during = ask({ amount: 200_000, date: "2026-08-15", approver: "Mark Jennings" });
    expect(during.within).toBe(true);
    expect(during.reasons[0]).toContain("acting for Priya Shah (Director of Finance) by written temporary delegation");
    expect(ask({ amount: 200_000, date: "2026-08-22", approver: "Mark Jennings" }).within).toBe(false);
  });

  it("says plainly when the approver held no recorded role", () => {
    const a = ask({ approver: "Someone Else" });
    expect(a.within).toBe(false);
    expect(a.reasons[0]).toContain("held no role recorded in Devolve on 14 May 2026");
  });
});

describe("tenureMatchesHolder", () => {
  it("matches roles to the holders a scheme names", () => {
    const lead = tenure("A", "Clinical Lead", "service-line", "card", "2020-01-01");
    expect(tenureMatchesHolder(lead, "Service line clinical lead and manager", "service-line")).toBe(true);
    expect(tenureMatchesHolder(lead, "Service line clinical lead and manager", "division")).toBe(false);
    const dof = tenure("B", "Director of Finance", "executive", null, "2020-01-01");
    expect(tenureMatchesHolder(dof, "Executive directors", "executive")).toBe(true);
    expect(tenureMatchesHolder(dof, "Chief Executive", "executive")).toBe(false);
    expect(tenureMatchesHolder(tenure("C", "Deputy Director of Finance", "executive", null, "2020-01-01"), "Executive director", "executive")).toBe(false);
  });
});
