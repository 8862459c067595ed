import { describe, expect, it } from "vitest";
import { demoScheme } from "./demo";
import { effectiveRight, formatLimit, holderRights, parseLimitAmount } from "./limits";
import { resolveForServiceLine, whoMayApprove } from "./resolve";

const scheme = demoScheme();

describe("formatLimit", () => {
  it("writes limits in each decision's own terms", () => {
    expect(formatLimit({ limitKind: "money" }, 25_000)).toBe("£25,000");
    expect(formatLimit({ limitKind: "count", unit: "band" }, 7)).toBe("Band 7");
    expect(formatLimit({ limitKind: "band" }, 8.3)).toBe("Band 8c");
    expect(formatLimit({ limitKind: "band" }, 10)).toBe("Very senior manager");
    expect(formatLimit({ limitKind: "count", unit: "beds" }, 12)).toBe("12 beds");
    expect(formatLimit({ limitKind: "count" }, 1200)).toBe("1,200");
    expect(formatLimit({ limitKind: "yesno" }, 1)).toBe("yes");
    expect(formatLimit({ limitKind: "yesno" }, 0)).toBe("no");
  });
});

describe("holderRights", () => {
  const revenue = scheme.decisions.find((d) => d.id === "revenue-nonpay")!;
  it("lists every holder at a level with its own limit, lowest first", () => {
    expect(holderRights(scheme, revenue, "executive", 3)).toEqual([
      { holder: "Executive director", limit: 250_000, jointWith: null },
      { holder: "Chief Executive", limit: 500_000, jointWith: null },
      { holder: "Chief Executive", limit: 1_000_000, jointWith: "Director of Finance" },
    ]);
    expect(holderRights(scheme, revenue, "division", 3)).toEqual([{ holder: "Managing Director", limit: 100_000, jointWith: null }]);
    expect(holderRights(scheme, revenue, "board", 3)).toEqual([{ holder: "Trust Board", limit: null, jointWith: null }]);
    expect(holderRights(scheme, revenue, "committee", 3)).toEqual([]);
  });
  it("gives the service line its one holder with the limit for its autonomy level", () => {
    expect(holderRights(scheme, revenue, "service-line", 2)).toEqual([{ holder: "Service line clinical lead and manager", limit: 100_000, jointWith: null }]);
    expect(holderRights(scheme, revenue, "service-line", 4)).toEqual([]);
  });
});

describe("parseLimitAmount", () => {
  const d = (id: string) => scheme.decisions.find((x) => x.id === id)!;
  it("reads money, bands and counts in their own terms", () => {
    expect(parseLimitAmount(d("revenue-nonpay"), "£750,000")).toEqual({ ok: true, value: 750_000 });
    expect(parseLimitAmount(d("revenue-nonpay"), "")).toEqual({ ok: false, error: "Enter the amount in pounds, for example £75,000" });
    expect(parseLimitAmount(d("recruit-funded"), "Band 8c")).toEqual({ ok: true, value: 8.3 });
    expect(parseLimitAmount(d("recruit-funded"), "8e")).toEqual({ ok: false, error: "There is no Band 8e; Band 8 runs from 8a to 8d" });
    expect(parseLimitAmount(d("bed-closure"), "12 beds")).toEqual({ ok: true, value: 12 });
    expect(parseLimitAmount(d("bed-closure"), "12 chairs").ok).toBe(false);
    expect(parseLimitAmount(d("seal"), "")).toEqual({ ok: true, value: 0 });
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
    expect(find(1, "recruit-funded").limit).toBe(7);
    expect(find(2, "dismissal").limitText).toBe("Yes");
    // Dismissal does not depend on performance: a level 4 line holds it too.
    expect(find(4, "dismissal")).toMatchObject({ limitText: "Yes", performanceIndependent: true });
    expect(find(3, "new-device").limitText).toBe("Not held");
    expect(find(1, "seal")).toMatchObject({ held: false, limitText: "Not held" });
  });

  it("carries the holder, conditions, VAT basis and exception", () => {
    const r = find(1, "capital-own");
    expect(r.holder).toBe("Service line clinical lead and manager");
    expect(r.conditions).toBe("Within the capital allocation agreed in the annual plan");
    expect(r.decisionConditions).toEqual(["Orders must not be split to avoid a limit"]);
    expect(r.vatBasis).toBe("incl");
    expect(find(1, "revenue-nonpay").exception).toMatch(/earned autonomy/);
    expect(find(1, "job-plans").vatBasis).toBeNull();
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
    expect(r.conditions).toEqual(["Within the approved budget", "Orders must not be split to avoid a limit"]);
    expect(r.reasoning).toContain("Conditions: Within the approved budget; Orders must not be split to avoid a limit.");
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
    expect(r.reasoning[0]).toBe("The Sub-service line / team (Ward manager or matron) may authorise up to £5,000, which covers £3,000.");
    expect(r.reasoning).toContain("This decision's limits include VAT, so £3,000 is the amount including VAT.");
    expect(ask(3, 25_000).approverLevelId).toBe("service-line");
    expect(ask(3, 25_001).approverLevelId).toBe("division");
  });

  it("climbs to the executive and the Board, and adds the approver's conditions", () => {
    expect(ask(3, 400_000)).toMatchObject({ approverLevelId: "executive", holder: "Chief Executive", jointWith: null, limit: 500_000 });
    const r = ask(1, 3_000_000);
    expect(r).toMatchObject({ approverLevelId: "board", limit: null, basis: "delegated" });
    expect(r.reasoning).toContain("The Board committee does not hold this decision.");
    expect(r.reasoning).toContain("So it goes to the Board (Trust Board), which has no upper limit.");
    expect(r.conditions.at(-1)).toBe("Above £1,000,000");
    expect(r.reasoning).toContain("Conditions: Within the approved budget; Orders must not be split to avoid a limit; Above £1,000,000.");
  });

  it("chooses, at a level with several holders, the one with the lowest limit that covers the amount", () => {
    const r180 = ask(3, 180_000);
    expect(r180).toMatchObject({ approverLevelId: "executive", holder: "Executive director", jointWith: null, limit: 250_000 });
    expect(r180.reasoning).toContain("£180,000 is above that, so it goes to the Chief Executive / executive director (Executive director), whose limit is £250,000.");

    const r750 = ask(3, 750_000);
    expect(r750).toMatchObject({ approverLevelId: "executive", holder: "Chief Executive", jointWith: "Director of Finance", limit: 1_000_000, basis: "delegated" });
    expect(r750.reasoning).toContain("£750,000 is above that, so it goes to the Chief Executive / executive director (Chief Executive jointly with the Director of Finance), whose joint limit is £1,000,000.");
    expect(r750.reasoning).toContain("The Chief Executive and the Director of Finance must both approve it.");

    const r12 = ask(3, 1_200_000);
    expect(r12).toMatchObject({ approverLevelId: "board", holder: "Trust Board", jointWith: null, basis: "delegated" });
    expect(r12.reasoning).toContain(
      "The Chief Executive / executive director: Executive director may authorise up to £250,000; Chief Executive up to £500,000; Chief Executive jointly with the Director of Finance up to £1,000,000. £1,200,000 is above that.",
    );
  });

  it("cites the procurement route the amount falls in, including VAT", () => {
    const route = (amount: number) => ask(1, amount).procurement;
    expect(route(9_999)).toEqual({ route: "Two written quotations", from: 0, to: 10_000 });
    expect(route(10_000)).toEqual({ route: "Three written quotations", from: 10_000, to: 25_000 });
    expect(route(25_000)).toEqual({ route: "Competitive tender through the procurement team", from: 25_000, to: 207_720 });
    expect(route(207_720)!.route).toMatch(/Find a Tender/);
    expect(ask(1, 10_000).reasoning).toContain("At £10,000 the purchase follows the procurement route for £10,000 to £24,999 (including VAT): Three written quotations.");
    expect(ask(1, 9_999).reasoning).toContain("At £9,999 the purchase follows the procurement route for under £10,000 (including VAT): Two written quotations.");
    expect(ask(1, 10_000).vatBasis).toBe("incl");
    // Decisions that do not cite a route, and schemes without routes, cite none.
    expect(whoMayApprove(scheme, { decisionId: "virement", amount: 10_000, autonomyLevel: 1 }).procurement).toBeNull();
    expect(whoMayApprove({ ...scheme, procurementRoutes: undefined }, { decisionId: "revenue-nonpay", amount: 10_000, autonomyLevel: 1 }).procurement).toBeNull();
  });

  it("lists a tender waiver's conditions, including the report to the Audit Committee", () => {
    const r = whoMayApprove(scheme, { decisionId: "tender-waiver", amount: 60_000, autonomyLevel: 1 });
    expect(r).toMatchObject({ approverLevelId: "executive", holder: "Executive director", limit: 100_000, procurement: null });
    expect(r.conditions).toContain("Every waiver is reported to the Audit Committee");
  });

  it("sends reserved matters only to their level", () => {
    const r = whoMayApprove(scheme, { decisionId: "seal", autonomyLevel: 1 });
    expect(r).toMatchObject({ approverLevelId: "board", basis: "reserved", limit: null });
    expect(r.reasoning[0]).toBe("This decision is reserved to the Board (Trust Board), so only the Board may decide it.");
    const governors = whoMayApprove(scheme, { decisionId: "appoint-chair-neds", autonomyLevel: 1 });
    expect(governors).toMatchObject({ approverLevelId: "governors", levelName: "Council of Governors", basis: "reserved" });
    expect(whoMayApprove(scheme, { decisionId: "appoint-consultant", autonomyLevel: 1 })).toMatchObject({ approverLevelId: "committee", holder: "Advisory Appointments Committee", basis: "reserved" });
  });

  it("falls back to the Board, never to a level that decides only reserved matters", () => {
    const r = ask(1, 2_000, "gifts");
    expect(scheme.levels[0]).toMatchObject({ id: "governors", reservedOnly: true });
    expect(r).toMatchObject({ approverLevelId: "board", levelName: "Board", basis: "fallback", limit: null, performanceIndependent: true });
    expect(r.reasoning).toContain("No level's delegated limit covers £2,000, so it goes to the Board.");
    expect(r.reasoning).toContain("This right does not depend on performance: it is the same at every earned autonomy level.");
    expect(r.reasoning.join(" ")).not.toContain("Council of Governors");
    // Even a delegated cell written at a reserved-only level is never an approver.
    const odd = structuredClone(scheme);
    odd.decisions.find((d) => d.id === "gifts")!.cells.governors = { mode: "delegated", limit: null, holder: "Council of Governors", conditions: "" };
    expect(whoMayApprove(odd, { decisionId: "gifts", amount: 2_000, autonomyLevel: 1 })).toMatchObject({ approverLevelId: "board", basis: "fallback" });
  });

  it("routes recruitment by Agenda for Change band", () => {
    const band = (text: string, autonomyLevel: 1 | 2 | 3 | 4 = 1) => {
      const d = scheme.decisions.find((x) => x.id === "recruit-funded")!;
      const r = parseLimitAmount(d, text);
      if (!r.ok) throw new Error(r.error);
      return whoMayApprove(scheme, { decisionId: d.id, amount: r.value, autonomyLevel });
    };
    expect(band("Band 5", 4)).toMatchObject({ approverLevelId: "team", limit: 5 });
    expect(band("7", 2)).toMatchObject({ approverLevelId: "service-line", limit: 7 });
    expect(band("Band 7", 3)).toMatchObject({ approverLevelId: "division", limit: 8.2 });
    const b8a = band("8a");
    expect(b8a).toMatchObject({ approverLevelId: "division", holder: "Managing Director", limit: 8.2 });
    expect(b8a.reasoning).toContain("Band 8a is above that, so it goes to the Division (Managing Director), whose limit is Band 8b.");
    expect(b8a.reasoning).toContain("The service line is at earned autonomy level 1, so a service line may approve up to Band 7.");
    const b8c = band("band 8C");
    expect(b8c).toMatchObject({ approverLevelId: "executive", holder: "Executive director", limit: 9 });
    expect(b8c.reasoning.join(" ")).toContain("Band 8c is above that, so it goes to the Chief Executive / executive director (Executive director), whose limit is Band 9.");
    expect(band("Very senior manager")).toMatchObject({ approverLevelId: "committee", holder: "Remuneration Committee" });
  });

  it("handles counts and yes/no decisions", () => {
    expect(whoMayApprove(scheme, { decisionId: "bed-closure", amount: 3, autonomyLevel: 1 })).toMatchObject({ approverLevelId: "service-line", limit: 4 });
    expect(whoMayApprove(scheme, { decisionId: "bed-closure", amount: 3, autonomyLevel: 2 })).toMatchObject({ approverLevelId: "division", limit: 10 });
    expect(whoMayApprove(scheme, { decisionId: "pathway-change", autonomyLevel: 2 }).approverLevelId).toBe("service-line");
    const pathway = whoMayApprove(scheme, { decisionId: "pathway-change", autonomyLevel: 3 });
    expect(pathway).toMatchObject({ approverLevelId: "division", limit: null, vatBasis: null });
    expect(pathway.reasoning).toContain("So it goes to the Division (Clinical Director).");
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
