import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { readScheme, writeScheme } from "../collab/scheme-doc";
import { DEMO_DRAFT_CHANGES, demoDraftChanges, demoDraftScheme, demoScheme, demoSchemeV32 } from "./demo";
import { whoMayApprove } from "./resolve";
import { AREA_IDS, defaultLevels, schemeSchema, type Scheme } from "./types";
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

  it("has a foundation trust's default levels, highest first", () => {
    expect(scheme.levels).toEqual(defaultLevels({ foundationTrust: true }));
    expect(scheme.levels[0]).toEqual({ id: "governors", name: "Council of Governors", reservedOnly: true });
    expect(defaultLevels({ foundationTrust: false }).map((l) => l.id)).toEqual(["board", "committee", "executive", "division", "service-line", "team"]);
    expect(scheme.levels.map((l) => l.name)).toEqual([
      "Council of Governors",
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
    for (const id of ["virement", "tender-waiver", "bad-debt", "losses", "business-case", "recruit-funded", "agency-shifts", "new-procedure", "new-drug", "new-device", "job-plans", "service-closure", "gifts", "seal"]) {
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

  it("writes procurement routes as thresholds, not as a decision right without an upper limit", () => {
    expect(scheme.decisions.some((d) => d.id === "quotations")).toBe(false);
    expect(scheme.procurementRoutes!.map((r) => r.from)).toEqual([0, 10_000, 25_000, 207_720]);
    for (const d of scheme.decisions.filter((x) => x.limitKind === "money")) expect(d.vatBasis, d.id).toBeDefined();
    expect(scheme.decisions.find((d) => d.id === "revenue-nonpay")).toMatchObject({ vatBasis: "incl", procurement: true, conditions: ["within-budget", "no-splitting"] });
    expect(scheme.decisions.find((d) => d.id === "tender-waiver")!.conditions).toContain("Every waiver is reported to the Audit Committee");
  });

  it("holds the joint approval, the bands, and the rights that do not depend on performance", () => {
    const revenue = scheme.decisions.find((d) => d.id === "revenue-nonpay")!;
    expect(revenue.cells.executive!.holders).toContainEqual({ holder: "Chief Executive", jointWith: "Director of Finance", limit: 1_000_000 });
    expect(revenue.cells.executive!.limit).toBe(1_000_000);
    const recruit = scheme.decisions.find((d) => d.id === "recruit-funded")!;
    expect(recruit).toMatchObject({ limitKind: "band", serviceLineLimits: { 1: 7, 2: 7, 3: 6, 4: null } });
    expect(recruit.cells.division!.limit).toBe(8.2);
    expect(recruit.cells.committee).toMatchObject({ holder: "Remuneration Committee", limit: 10 });
    for (const id of ["gifts", "conflicts-of-interest", "dismissal"]) expect(scheme.decisions.find((d) => d.id === id)!.performanceIndependent, id).toBe(true);
  });

  it("reserves the foundation trust's matters to the Board and the Council of Governors, and keeps management groups off the committee level", () => {
    const reservedTo = (id: string) => Object.entries(scheme.decisions.find((d) => d.id === id)!.cells).find(([, c]) => c.mode === "reserved")?.[0];
    for (const id of ["approve-sord", "standing-orders", "annual-plan-budget", "annual-report-accounts", "borrowing", "committee-terms"]) expect(reservedTo(id), id).toBe("board");
    for (const id of ["appoint-chair-neds", "external-auditor", "approve-ceo-appointment", "significant-transactions"]) expect(reservedTo(id), id).toBe("governors");
    expect(scheme.decisions.find((d) => d.id === "appoint-consultant")!.cells.committee).toMatchObject({ mode: "reserved", holder: "Advisory Appointments Committee" });
    const committeeHolders = new Set(scheme.decisions.map((d) => d.cells.committee!).filter((c) => c.mode !== "none").map((c) => c.holder));
    expect([...committeeHolders].sort()).toEqual(["Advisory Appointments Committee", "Audit Committee", "Finance and Investment Committee", "Quality Committee", "Remuneration Committee"]);
    expect(scheme.decisions.find((d) => d.id === "new-drug")!.cells.executive!.holder).toMatch(/Drugs and Therapeutics Group/);
  });

  it("returns a fresh copy each time", () => {
    const a = demoScheme();
    a.decisions[0]!.title = "changed";
    expect(demoScheme().decisions[0]!.title).not.toBe("changed");
  });
});

describe("demo versions", () => {
  const v40 = demoScheme();
  const v32 = demoSchemeV32();
  const ask = (s: Scheme, amount: number, autonomyLevel: 1 | 2 | 3 | 4) => whoMayApprove(s, { decisionId: "revenue-nonpay", amount, autonomyLevel });

  it("v3.2 is sound and differs from v4.0 in ways Who decides? shows", () => {
    expect(validateScheme(v32)).toEqual([]);
    expect(v32.decisions.map((d) => d.id)).toEqual(v40.decisions.map((d) => d.id));
    expect(ask(v32, 75_000, 2).approverLevelId).toBe("division");
    expect(ask(v40, 75_000, 2).approverLevelId).toBe("service-line");
    expect(ask(v32, 90_000, 3).approverLevelId).toBe("executive");
    expect(ask(v40, 90_000, 3).approverLevelId).toBe("division");
    expect(ask(v32, 750_000, 3).approverLevelId).toBe("board");
    expect(ask(v40, 750_000, 3)).toMatchObject({ approverLevelId: "executive", jointWith: "Director of Finance" });
    expect(ask(v32, 210_000, 1).procurement!.from).toBe(25_000);
    expect(ask(v40, 210_000, 1).procurement!.from).toBe(207_720);
    expect(whoMayApprove(v32, { decisionId: "tender-waiver", amount: 20_000, autonomyLevel: 1 }).approverLevelId).toBe("executive");
  });

  it("the v5.0 draft's changes apply to a v4.0 document through its accessors", () => {
    const doc = new Y.Doc();
    writeScheme(doc, v40);
    expect(demoDraftChanges(doc)).toEqual({ ok: true });
    const draft = readScheme(doc);
    expect(validateScheme(draft)).toEqual([]);
    for (const c of DEMO_DRAFT_CHANGES) {
      expect(v40.decisions.find((d) => d.id === c.decisionId)!.serviceLineLimits[c.autonomyLevel]).toBe(c.from);
      expect(draft.decisions.find((d) => d.id === c.decisionId)!.serviceLineLimits[c.autonomyLevel]).toBe(c.to);
    }
    expect(new Set(DEMO_DRAFT_CHANGES.map((c) => v40.decisions.find((d) => d.id === c.decisionId)!.area)).size).toBeGreaterThanOrEqual(2);
    expect(draft).toEqual(demoDraftScheme());
    // The rest is untouched.
    expect(draft.decisions.find((d) => d.id === "revenue-nonpay")).toEqual(v40.decisions.find((d) => d.id === "revenue-nonpay"));
  });
});
