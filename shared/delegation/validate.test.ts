import { describe, expect, it } from "vitest";
import { demoScheme } from "./demo";
import type { Decision, Scheme } from "./types";
import { validateScheme } from "./validate";

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
      d.cells.division!.limit = 600_000;
    });
    expect(validateScheme(s)).toEqual([
      {
        decisionId: "revenue-nonpay",
        levelId: "division",
        message: "The Division limit (£600,000) is above the Chief Executive / executive director limit (£500,000); mark it as an exception with a reason if that is intended",
      },
    ]);
  });

  it("compares with the nearest level that holds the decision, skipping levels that do not", () => {
    const s = schemeWith((d) => {
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
      d.cells.executive!.limit = 2_000_000;
    });
    expect(validateScheme(skip)).toEqual([]);
  });

  it("allows a lower level above the one above it when marked as an exception with a reason", () => {
    const s = schemeWith((d) => {
      d.cells.division!.limit = 600_000;
      d.cells.division!.exception = { reason: "Major trauma centre purchasing agreed by the Board" };
    });
    expect(validateScheme(s)).toEqual([]);
  });

  it("asks for a reason when an exception has none", () => {
    const s = schemeWith((d) => {
      d.cells.division!.limit = 600_000;
      d.cells.division!.exception = { reason: "  " };
    });
    const messages = validateScheme(s).map((i) => i.message);
    expect(messages).toContain("Give a reason for the exception at Division");
    expect(messages.some((m) => m.startsWith("The Division limit (£600,000)"))).toBe(true);
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
        "bed-closure: Say what the limit counts (for example posts, beds or band)",
        'bed-closure: There is a cell for "ghost", which is not a level of this scheme',
        'revenue-nonpay: Another decision already has the id "revenue-nonpay"',
        "revenue-nonpay: Give the decision a title",
      ]),
    );
  });
});
