import { describe, expect, it } from "vitest";
import { demoScheme } from "./demo";
import type { Decision, Scheme } from "./types";
import { procurementRouteProblems, validateScheme } from "./validate";

function schemeWith(mutate: (d: Decision) => void, id = "revenue-nonpay"): Scheme {
  const s = demoScheme();
  const d = s.decisions.find((x) => x.id === id)!;
  mutate(d);
  return s;
}

describe("validateScheme", () => {
  it("refuses negative limits in cells and by autonomy level", () => {
    const s = schemeWith((d) => {
      d.cells.team!.limit = -5;
      d.serviceLineLimits[4] = -1;
    });
    expect(validateScheme(s)).toEqual(
      expect.arrayContaining([
        { decisionId: "revenue-nonpay", levelId: "team", message: "The Sub-service line / team limit cannot be negative" },
        { decisionId: "revenue-nonpay", levelId: "service-line", message: "The service-line limit at autonomy level 4 cannot be negative" },
      ]),
    );
  });

  it("refuses a lower level above the level above it", () => {
    const s = schemeWith((d) => {
      d.cells.division!.limit = 1_200_000;
    });
    expect(validateScheme(s)).toEqual([
      {
        decisionId: "revenue-nonpay",
        levelId: "division",
        message: "The Division limit (£1,200,000) is above the Chief Executive / executive director limit (£1,000,000); mark it as an exception with a reason if that is intended",
      },
    ]);
  });

  it("compares with the nearest level that holds the decision, skipping levels that do not", () => {
    const s = schemeWith((d) => {
      d.cells.executive!.holders = [{ holder: "Chief Executive", limit: 40_000 }];
      d.cells.executive!.limit = 40_000; // now below the division's £50,000
    }, "capital-own");
    expect(validateScheme(s)).toEqual([
      {
        decisionId: "capital-own",
        levelId: "division",
        message: "The Division limit (£50,000) is above the Chief Executive / executive director limit (£40,000); mark it as an exception with a reason if that is intended",
      },
    ]);
    // The committee does not hold revenue spending, so the executive is capped by the unlimited Board: no issue.
    const skip = schemeWith((d) => {
      d.cells.executive!.holders!.push({ holder: "Chief Executive", jointWith: "Chair", limit: 2_000_000 });
      d.cells.executive!.limit = 2_000_000;
    });
    expect(validateScheme(skip)).toEqual([]);
  });

  it("allows a lower level above the one above it when marked as an exception with a reason", () => {
    const s = schemeWith((d) => {
      d.cells.division!.limit = 1_200_000;
      d.cells.division!.exception = { reason: "Major trauma centre purchasing agreed by the Board" };
    });
    expect(validateScheme(s)).toEqual([]);
  });

  it("asks for a reason when an exception has none", () => {
    const s = schemeWith((d) => {
      d.cells.division!.limit = 1_200_000;
      d.cells.division!.exception = { reason: "  " };
    });
    const messages = validateScheme(s).map((i) => i.message);
    expect(messages).toContain("Give a reason for the exception at Division");
    expect(messages.some((m) => m.startsWith("The Division limit (£1,200,000)"))).toBe(true);
  });

  it("refuses an unlimited level below a limited one", () => {
    const s = schemeWith((d) => {
      d.cells.team!.limit = null;
    });
    expect(validateScheme(s)).toEqual([
      {
        decisionId: "revenue-nonpay",
        levelId: "team",
        message: "Sub-service line / team has no upper limit, but Service line above it is limited to £250,000; mark it as an exception with a reason if that is intended",
      },
    ]);
  });

  it("requires service-line limits to fall as autonomy falls", () => {
    const s = schemeWith((d) => {
      d.serviceLineLimits = { 1: 250_000, 2: 25_000, 3: 100_000, 4: null };
    });
    expect(validateScheme(s)).toEqual([
      {
        decisionId: "revenue-nonpay",
        levelId: "service-line",
        message: "The service-line limit at autonomy level 3 (£100,000) is above the one at level 2 (£25,000); limits must not grow as autonomy falls",
      },
    ]);
    const gap = schemeWith((d) => {
      d.serviceLineLimits = { 1: 250_000, 2: null, 3: 25_000, 4: null };
    });
    expect(validateScheme(gap).map((i) => i.message)).toEqual([
      "A service line at autonomy level 3 holds this decision but one at level 2 does not; limits must not grow as autonomy falls",
    ]);
  });

  it("refuses service-line limits above the division unless the service line is marked as an exception", () => {
    const s = schemeWith((d) => {
      delete d.cells["service-line"]!.exception;
    });
    expect(validateScheme(s)).toEqual([
      {
        decisionId: "revenue-nonpay",
        levelId: "service-line",
        message: "At autonomy level 1 the service-line limit (£250,000) is above the Division limit (£100,000); mark it as an exception with a reason if that is intended",
      },
    ]);
  });

  it("keeps the service line's mode in step with its limits", () => {
    const none = schemeWith((d) => {
      d.cells["service-line"]!.mode = "none";
    });
    expect(validateScheme(none).map((i) => i.message)).toContain("The service line is marked as not holding this decision, yet it has limits by autonomy level");
    const held = schemeWith((d) => {
      d.cells["service-line"]!.mode = "delegated";
    }, "tender-waiver");
    expect(validateScheme(held).map((i) => i.message)).toEqual(["The service line is marked as holding this decision, yet no autonomy level gives it a limit"]);
  });

  it("keeps a reserved matter from being held lower down", () => {
    const s = schemeWith((d) => {
      d.cells.division = { mode: "delegated", limit: null, holder: "Managing Director", conditions: "" };
      d.serviceLineLimits[1] = 1;
      d.cells["service-line"]!.mode = "delegated";
    }, "seal");
    expect(validateScheme(s)).toEqual([
      { decisionId: "seal", levelId: "division", message: "This decision is reserved to Board, so Division cannot also hold it" },
      { decisionId: "seal", levelId: "service-line", message: "This decision is reserved to Board, so Service line cannot also hold it" },
    ]);
  });

  it("checks yes/no values, units, ids, titles and unknown levels", () => {
    const s = demoScheme();
    const seal = s.decisions.find((d) => d.id === "session-changes")!;
    seal.serviceLineLimits[4] = 2;
    const beds = s.decisions.find((d) => d.id === "bed-closure")!;
    delete beds.unit;
    beds.cells.ghost = { mode: "none", limit: null, holder: "", conditions: "" };
    const copy = structuredClone(s.decisions[0]!);
    copy.title = " ";
    s.decisions.push(copy);
    const messages = validateScheme(s).map((i) => `${i.decisionId}: ${i.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        "session-changes: At autonomy level 4, a yes/no decision must be yes (1), no (0) or not held",
        "bed-closure: Say what the limit counts (for example posts, beds or sessions)",
        'bed-closure: There is a cell for "ghost", which is not a level of this scheme',
        'revenue-nonpay: Another decision already has the id "revenue-nonpay"',
        "revenue-nonpay: Give the decision a title",
      ]),
    );
  });

  it("checks the service line against the division at every autonomy level, exception or not", () => {
    const s = schemeWith((d) => {
      d.serviceLineLimits = { 1: 75_000, 2: 60_000, 3: 25_000, 4: null };
      d.cells.division!.limit = 50_000;
    }, "capital-own");
    expect(validateScheme(s).map((i) => `${i.levelId}: ${i.message}`)).toEqual([
      "service-line: At autonomy level 1 the service-line limit (£75,000) is above the Division limit (£50,000); mark it as an exception with a reason if that is intended",
      "service-line: At autonomy level 2 the service-line limit (£60,000) is above the Division limit (£50,000); mark it as an exception with a reason if that is intended",
    ]);
    const excepted = schemeWith((d) => {
      d.serviceLineLimits = { 1: 75_000, 2: 60_000, 3: 25_000, 4: null };
      d.cells.division!.limit = 50_000;
      d.cells["service-line"]!.exception = { reason: "Agreed by the Board for the imaging replacement programme" };
    }, "capital-own");
    expect(validateScheme(excepted)).toEqual([]);
  });

  it("requires a performance-independent right to be the same at every autonomy level", () => {
    const s = schemeWith((d) => {
      d.serviceLineLimits = { 1: 100, 2: 100, 3: 50, 4: 50 };
    }, "gifts");
    expect(validateScheme(s)).toEqual([
      {
        decisionId: "gifts",
        levelId: "service-line",
        message: "This right does not depend on performance, so the service line's limit must be the same at every autonomy level (level 1: £100, level 2: £100, level 3: £50, level 4: £50)",
      },
    ]);
    const yesno = schemeWith((d) => {
      d.serviceLineLimits[4] = 0;
    }, "dismissal");
    expect(validateScheme(yesno).map((i) => i.message)).toEqual([
      "This right does not depend on performance, so the service line's limit must be the same at every autonomy level (level 1: yes, level 2: yes, level 3: yes, level 4: no)",
    ]);
  });

  it("requires a VAT basis for money decisions, and procurement routes where answers cite them", () => {
    const s = schemeWith((d) => {
      delete d.vatBasis;
    });
    expect(validateScheme(s).map((i) => i.message)).toEqual(["Say whether the limits include or exclude VAT"]);
    const noRoutes = { ...demoScheme(), procurementRoutes: undefined };
    expect(validateScheme(noRoutes).map((i) => i.message)).toContain("Answers are to cite the procurement route, but the scheme lists no procurement routes");
  });

  it("keeps holders consistent with the cell's limit, and named", () => {
    const s = schemeWith((d) => {
      d.cells.executive!.limit = 500_000;
      d.cells.executive!.holders![0]!.holder = " ";
    });
    expect(validateScheme(s).map((i) => i.message)).toEqual([
      "Holder 1 at Chief Executive / executive director needs a name",
      "The Chief Executive / executive director limit (£500,000) must be the highest of its holders' limits (£1,000,000)",
    ]);
    const onServiceLine = schemeWith((d) => {
      d.cells["service-line"]!.holders = [{ holder: "Clinical lead", limit: 10_000 }];
    });
    expect(validateScheme(onServiceLine).map((i) => i.message)).toEqual(["The service line has one holder, whose limit depends on earned autonomy; name it as the holder instead"]);
  });

  it("keeps band limits on the Agenda for Change scale", () => {
    const s = schemeWith((d) => {
      d.cells.division!.limit = 8.7;
      d.serviceLineLimits[1] = 6.5;
    }, "recruit-funded");
    expect(validateScheme(s).map((i) => i.message)).toEqual(
      expect.arrayContaining(["The Division limit is not an Agenda for Change band", "The service-line limit at autonomy level 1 is not an Agenda for Change band"]),
    );
  });

  it("lets a reserved-only level hold only reserved matters", () => {
    const s = schemeWith((d) => {
      d.cells.governors = { mode: "delegated", limit: null, holder: "Council of Governors", conditions: "" };
    });
    expect(validateScheme(s)).toEqual([
      { decisionId: "revenue-nonpay", levelId: "governors", message: "The Council of Governors decides only the matters reserved to it; mark this reserved or not held" },
    ]);
  });
});

describe("procurementRouteProblems", () => {
  it("wants rising thresholds from £0, each with what it requires", () => {
    expect(procurementRouteProblems(demoScheme().procurementRoutes!)).toEqual([]);
    expect(procurementRouteProblems([{ from: 5, route: "Quote" }])).toEqual(["The first route must start at £0, so every amount has a route"]);
    expect(
      procurementRouteProblems([
        { from: 0, route: "Two quotations" },
        { from: 25_000, route: "Tender" },
        { from: 10_000, route: " " },
      ]),
    ).toEqual([
      'Route 3: say what the route requires, for example "Three written quotations"',
      "Route 3 starts at £10,000, which is not above the route before it (£25,000); list the routes from the lowest amount up",
    ]);
  });
});
