import { describe, expect, it } from "vitest";
import { demoScheme } from "./demo";
import { effectiveRight, formatLimit } from "./limits";
import { resolveForServiceLine, whoMayApprove } from "./resolve";

const scheme = demoScheme();

describe("formatLimit", () => {
  it("writes limits in each decision's own terms", () => {
    expect(formatLimit({ limitKind: "money" }, 25_000)).toBe("£25,000");
    expect(formatLimit({ limitKind: "count", unit: "band" }, 7)).toBe("Band 7");
    expect(formatLimit({ limitKind: "count", unit: "beds" }, 12)).toBe("12 beds");
    expect(formatLimit({ limitKind: "count" }, 1200)).toBe("1,200");
    expect(formatLimit({ limitKind: "yesno" }, 1)).toBe("yes");
    expect(formatLimit({ limitKind: "yesno" }, 0)).toBe("no");
  });
});

describe("effectiveRight", () => {
  it("reads the service line's limit from its autonomy level", () => {
    const revenue = scheme.decisions.find((d) => d.id === "revenue-nonpay")!;
    expect(effectiveRight(scheme, revenue, "service-line", 1)).toMatchObject({ held: true, limit: 250_000 });
    expect(effectiveRight(scheme, revenue, "service-line", 4)).toMatchObject({ held: false, limit: null });
    expect(effectiveRight(scheme, revenue, "division", 4)).toMatchObject({ held: true, limit: 100_000, holder: "Managing Director" });
    expect(effectiveRight(scheme, revenue, "committee", 1)).toMatchObject({ held: false });
  });
});

describe("resolveForServiceLine", () => {
  const find = (level: 1 | 2 | 3 | 4, id: string) =>
    resolveForServiceLine(scheme, level).flatMap((a) => a.decisions).find((d) => d.decisionId === id)!;

  it("groups every decision by area, in the framework's order", () => {
    const areas = resolveForServiceLine(scheme, 3);
    expect(areas.map((a) => a.label)).toEqual(["HR", "Financial", "Clinical & operational", "Strategic & service development"]);
    expect(areas.reduce((n, a) => n + a.decisions.length, 0)).toBe(scheme.decisions.length);
  });

  it.each([
    [1, "Up to £250,000", 250_000],
    [2, "Up to £100,000", 100_000],
    [3, "Up to £25,000", 25_000],
    [4, "Not held", null],
  ] as const)("gives revenue spending at autonomy level %i as %s", (level, text, limit) => {
    const r = find(level, "revenue-nonpay");
    expect(r.limitText).toBe(text);
    expect(r.limit).toBe(limit);
    expect(r.held).toBe(limit !== null);
    expect(r.mode).toBe(limit !== null ? "delegated" : "none");
  });

  it("resolves counts, yes/no decisions and reserved matters", () => {
    expect(find(1, "recruit-funded").limitText).toBe("Up to Band 7");
    expect(find(3, "recruit-funded").limitText).toBe("Up to Band 6");
    expect(find(1, "job-plans")).toMatchObject({ limitText: "Up to 12 programmed activities", holder: "Service line clinical lead" });
    expect(find(2, "dismissal").limitText).toBe("Yes");
    expect(find(3, "dismissal").limitText).toBe("Not held");
    expect(find(1, "seal")).toMatchObject({ held: false, limitText: "Not held" });
  });

  it("carries the holder and conditions", () => {
    const r = find(1, "capital-own");
    expect(r.holder).toBe("Service line clinical lead and manager");
    expect(r.conditions).toBe("Within the capital allocation agreed in the annual plan");
  });

  it("gives more powers at better levels", () => {
    const held = (level: 1 | 2 | 3 | 4) => resolveForServiceLine(scheme, level).flatMap((a) => a.decisions).filter((d) => d.held).length;
    expect(held(1)).toBeGreaterThan(held(3));
    expect(held(3)).toBeGreaterThan(held(4));
    expect(held(2)).toBeGreaterThanOrEqual(held(3));
  });
});

describe("whoMayApprove", () => {
  const ask = (autonomyLevel: 1 | 2 | 3 | 4, amount = 75_000, decisionId = "revenue-nonpay") =>
    whoMayApprove(scheme, { decisionId, amount, autonomyLevel, serviceLineName: "Cardiology" });

  it("lets a level 1 service line authorise £75,000 itself", () => {
    const r = ask(1);
    expect(r).toMatchObject({ approverLevelId: "service-line", levelName: "Service line", limit: 250_000, basis: "delegated" });
    expect(r.reasoning).toContain("Cardiology is at earned autonomy level 1, so a service line may authorise up to £250,000, which covers £75,000.");
  });

  it("lets a level 2 service line authorise £75,000 itself", () => {
    const r = ask(2);
    expect(r).toMatchObject({ approverLevelId: "service-line", limit: 100_000 });
    expect(r.reasoning.join(" ")).toContain("£75,000 is above that, so it goes to the service line. Cardiology is at earned autonomy level 2, so a service line may authorise up to £100,000, which covers £75,000.");
  });

  it("sends £75,000 from a level 3 service line to the Division", () => {
    const r = ask(3);
    expect(r).toMatchObject({ approverLevelId: "division", levelName: "Division", holder: "Managing Director", limit: 100_000, basis: "delegated" });
    expect(r.reasoning.join(" ")).toContain(
      "Cardiology is at earned autonomy level 3, so a service line may authorise up to £25,000. £75,000 is above that, so it goes to the Division (Managing Director), whose limit is £100,000.",
    );
    expect(r.reasoning[0]).toBe("The Sub-service line / team (Ward manager or matron) may authorise up to £5,000. £75,000 is above that.");
  });

  it("sends £75,000 from a level 4 service line to the Division, saying the line holds nothing", () => {
    const r = ask(4);
    expect(r).toMatchObject({ approverLevelId: "division", limit: 100_000 });
    expect(r.reasoning).toContain("Cardiology is at earned autonomy level 4, so a service line does not hold this decision.");
    expect(r.reasoning).toContain("So it goes to the Division (Managing Director), whose limit is £100,000.");
  });

  it("stops at the lowest level that covers the amount", () => {
    const r = ask(4, 3_000);
    expect(r).toMatchObject({ approverLevelId: "team", limit: 5_000 });
    expect(r.reasoning).toEqual(["The Sub-service line / team (Ward manager or matron) may authorise up to £5,000, which covers £3,000."]);
    expect(ask(3, 25_000).approverLevelId).toBe("service-line");
    expect(ask(3, 25_001).approverLevelId).toBe("division");
  });

  it("climbs to the executive and the Board, and adds the approver's conditions", () => {
    expect(ask(3, 400_000)).toMatchObject({ approverLevelId: "executive", holder: "Chief Executive", limit: 500_000 });
    const r = ask(1, 3_000_000);
    expect(r).toMatchObject({ approverLevelId: "board", limit: null, basis: "delegated" });
    expect(r.reasoning).toContain("The Board committee does not hold this decision.");
    expect(r.reasoning).toContain("So it goes to the Board (Trust Board), which has no upper limit.");
    expect(r.reasoning[r.reasoning.length - 1]).toBe("Conditions: Above £1,000,000");
  });

  it("sends reserved matters only to their level", () => {
    const r = whoMayApprove(scheme, { decisionId: "seal", autonomyLevel: 1 });
    expect(r).toMatchObject({ approverLevelId: "board", basis: "reserved", limit: null });
    expect(r.reasoning[0]).toBe("This decision is reserved to the Board (Trust Board), so only the Board may decide it.");
  });

  it("falls back to the Board when no level covers the amount", () => {
    const r = ask(1, 2_000, "gifts");
    expect(r).toMatchObject({ approverLevelId: "board", basis: "fallback", limit: null });
    expect(r.reasoning[r.reasoning.length - 1]).toBe("No level's delegated limit covers £2,000, so it goes to the Board.");
  });

  it("handles counts and yes/no decisions", () => {
    const band8 = whoMayApprove(scheme, { decisionId: "recruit-funded", amount: 8, autonomyLevel: 1 });
    expect(band8).toMatchObject({ approverLevelId: "division", limit: 8 });
    expect(band8.reasoning).toContain("Band 8 is above that, so it goes to the Division (Managing Director), whose limit is Band 8.");
    expect(band8.reasoning).toContain("The service line is at earned autonomy level 1, so a service line may approve up to Band 7.");
    expect(whoMayApprove(scheme, { decisionId: "dismissal", autonomyLevel: 2 }).approverLevelId).toBe("service-line");
    const dismissal = whoMayApprove(scheme, { decisionId: "dismissal", autonomyLevel: 3 });
    expect(dismissal).toMatchObject({ approverLevelId: "division", limit: null });
    expect(dismissal.reasoning).toContain("So it goes to the Division (Managing Director).");
  });

  it("accepts another service-line level", () => {
    const r = whoMayApprove(scheme, { decisionId: "revenue-nonpay", amount: 75_000, autonomyLevel: 1, serviceLineLevelId: "team" });
    // Treating the team row as the service line applies the autonomy limits there instead.
    expect(r.approverLevelId).toBe("team");
  });

  it("refuses unknown decisions and missing or negative amounts", () => {
    expect(() => whoMayApprove(scheme, { decisionId: "nope", amount: 1, autonomyLevel: 1 })).toThrow(/No decision with id "nope"/);
    expect(() => whoMayApprove(scheme, { decisionId: "revenue-nonpay", autonomyLevel: 1 })).toThrow(RangeError);
    expect(() => whoMayApprove(scheme, { decisionId: "revenue-nonpay", amount: -1, autonomyLevel: 1 })).toThrow(RangeError);
  });
});
