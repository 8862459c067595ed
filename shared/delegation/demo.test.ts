import { describe, expect, it } from "vitest";
import { demoScheme } from "./demo";
import { AREA_IDS, schemeSchema } from "./types";
import { validateScheme } from "./validate";

describe("demoScheme", () => {
  const scheme = demoScheme();

  it("is a valid scheme with no issues", () => {
    expect(schemeSchema.parse(scheme)).toEqual(scheme);
    expect(validateScheme(scheme)).toEqual([]);
  });

  it("covers all four areas with at least 24 decisions", () => {
    expect(scheme.decisions.length).toBeGreaterThanOrEqual(24);
    for (const area of AREA_IDS) {
      expect(scheme.decisions.filter((d) => d.area === area).length).toBeGreaterThanOrEqual(4);
    }
    expect(new Set(scheme.decisions.map((d) => d.id)).size).toBe(scheme.decisions.length);
  });

  it("has the default levels, highest first", () => {
    expect(scheme.levels.map((l) => l.name)).toEqual([
      "Board",
      "Board committee",
      "Chief Executive / executive director",
      "Division",
      "Service line",
      "Sub-service line / team",
    ]);
    expect(scheme.serviceLineLevelId).toBe("service-line");
  });

  it("includes the powers the framework says a scheme devolves with autonomy", () => {
    const ids = scheme.decisions.map((d) => d.id);
    for (const id of ["revenue-nonpay", "capital-own", "supplier-contract", "commissioner-contract", "create-post", "new-service", "pay-to-nonpay"]) {
      expect(ids).toContain(id);
    }
    for (const id of ["virement", "tender-waiver", "quotations", "bad-debt", "losses", "business-case", "recruit-funded", "agency-shifts", "new-procedure", "new-drug", "new-device", "job-plans", "service-closure", "gifts", "seal"]) {
      expect(ids).toContain(id);
    }
  });

  it("uses the agreed revenue limits by autonomy level", () => {
    const revenue = scheme.decisions.find((d) => d.id === "revenue-nonpay")!;
    expect(revenue.serviceLineLimits).toEqual({ 1: 250_000, 2: 100_000, 3: 25_000, 4: null });
    expect(revenue.cells.division).toMatchObject({ mode: "delegated", limit: 100_000, holder: "Managing Director" });
    expect(revenue.cells["service-line"]!.exception?.reason).toMatch(/earned autonomy/);
  });

  it("reserves the seal and service closures to the Board", () => {
    for (const id of ["seal", "service-closure"]) {
      const d = scheme.decisions.find((x) => x.id === id)!;
      expect(d.cells.board!.mode).toBe("reserved");
    }
  });

  it("returns a fresh copy each time", () => {
    const a = demoScheme();
    a.decisions[0]!.title = "changed";
    expect(demoScheme().decisions[0]!.title).not.toBe("changed");
  });
});
