import { describe, expect, it } from "vitest";
import { emptyFramework, type IncentiveFramework } from "./framework";
import { computeLedger, reserveBalance, type LedgerLineInput, type Suspension } from "./ledger";

/** The demo's framework: 50% at level 1, 25% at level 2, none below, capped at £250,000 a line. */
function framework(): IncentiveFramework {
  const f = emptyFramework();
  f.rewards[1].sharePct = 50;
  f.rewards[2].sharePct = 25;
  f.capPerLine = 250_000;
  return f;
}

const months = (pairs: [number, number][]) => pairs.map(([plan, actual], i) => ({ month: `2026-${String(4 + i).padStart(2, "0")}`, plan, actual }));

function line(over: Partial<LedgerLineInput> & { unitId: string }): LedgerLineInput {
  return {
    name: over.unitId,
    divisionId: "med",
    divisionName: "Medicine",
    months: months([[100_000, 110_000], [100_000, 120_000]]),
    planBasis: "the live 2026/27 plan",
    level: 1,
    levelNote: "Agreed level 1.",
    qualityFailures: [],
    neverEvents: [],
    ...over,
  };
}

const ledger = (lines: LedgerLineInput[], f = framework(), suspensions: Suspension[] = [], asAt = "2026-06-15") => computeLedger({ year: 2026, asAt, framework: f, lines, suspensions });

describe("the incentive ledger", () => {
  it("retains the level's share of the favourable variance year to date", () => {
    const l = ledger([line({ unitId: "card" }), line({ unitId: "resp", level: 2 }), line({ unitId: "gast", level: 3 })]);
    const [card, resp, gast] = l.lines;
    expect(card).toMatchObject({ ytdPlan: 200_000, ytdActual: 230_000, variance: 30_000, eligible: 30_000, sharePct: 50, earned: 15_000, credited: 15_000, status: "credited" });
    expect(resp).toMatchObject({ sharePct: 25, credited: 7_500 });
    // Level 3 retains nothing under this framework.
    expect(gast).toMatchObject({ sharePct: 0, credited: 0, status: "no_share" });
    expect(l.totals.credited).toBe(22_500);
  });

  it("caps a line's share", () => {
    const big = line({ unitId: "orth", months: months([[1_000_000, 1_400_000], [1_000_000, 1_300_000]]) });
    const [orth] = ledger([big]).lines;
    expect(orth).toMatchObject({ eligible: 700_000, earned: 350_000, capped: true, afterCap: 250_000, credited: 250_000 });
    expect(orth!.explanation.join(" ")).toMatch(/£350,000 is capped at £250,000 a line/);
  });

  it("credits nothing for a line behind its plan", () => {
    const [l] = ledger([line({ unitId: "ent", months: months([[100_000, 90_000]]) })]).lines;
    expect(l).toMatchObject({ variance: -10_000, eligible: 0, credited: 0, status: "no_variance" });
  });

  it("lets a cross-subsidised line, planned at a loss, earn on its improvement against its plan", () => {
    const neon = line({ unitId: "neon", months: months([[-200_000, -150_000], [-200_000, -170_000]]) });
    const [l] = ledger([neon, line({ unitId: "card" })]).lines;
    expect(l!.ytdActual).toBe(-320_000);
    expect(l).toMatchObject({ variance: 80_000, eligible: 80_000, earned: 40_000, credited: 40_000, status: "credited" });
    expect(l!.explanation.join(" ")).toMatch(/planned at a loss \(cross-subsidised\)/);
  });

  it("zeroes a share when a gateway fails: a key quality failure in the last three months, a Never Event", () => {
    const quality = line({ unitId: "card", qualityFailures: [{ month: "2026-05", indicators: ["MRSA bacteraemia"] }] });
    const longAgo = line({ unitId: "resp", months: months([[1, 2], [1, 2], [1, 2], [1, 2]]), qualityFailures: [{ month: "2026-04", indicators: ["Falls"] }] });
    const never = line({ unitId: "gsur", neverEvents: [{ date: "2026-05-03", reference: "StEIS 2026/1234" }] });
    const l = ledger([quality, longAgo, never], framework(), [], "2026-07-31");
    expect(l.lines[0]).toMatchObject({ earned: 15_000, credited: 0, gatewaysPassed: false, status: "gateway_failed" });
    expect(l.lines[0]!.gateways.find((g) => g.id === "quality")!.reason).toMatch(/May 2026 \(MRSA bacteraemia\)/);
    // April is outside May–July, the last three months of figures.
    expect(l.lines[1]!.gateways.find((g) => g.id === "quality")!.passed).toBe(true);
    expect(l.lines[2]).toMatchObject({ credited: 0, status: "gateway_failed" });
    expect(l.lines[2]!.gateways.find((g) => g.id === "neverEvent")!.reason).toMatch(/StEIS 2026\/1234, 3 May 2026/);
  });

  it("zeroes every share when the trust is below its control total", () => {
    const l = ledger([line({ unitId: "card" }), line({ unitId: "orth", months: months([[500_000, 400_000], [500_000, 450_000]]) })]);
    expect(l.trust).toMatchObject({ plan: 1_200_000, actual: 1_080_000, atOrAbove: false });
    expect(l.lines[0]).toMatchObject({ earned: 15_000, credited: 0, status: "gateway_failed" });
    const noGate = framework();
    noGate.gateways.controlTotal = false;
    expect(ledger([line({ unitId: "card" }), line({ unitId: "orth", months: months([[500_000, 400_000]]) })], noGate).lines[0]!.credited).toBe(15_000);
  });

  it("defers every share in a Board suspension's scope while it is in force, and says so to every line", () => {
    const s: Suspension = { id: "s1", resolution: "TB 26/101", reason: "The trust's deficit plan requires central control of all reserves.", scope: { kind: "division", unitId: "med", name: "Medicine" }, from: "2026-06-01", until: "2026-09-30" };
    const l = ledger([line({ unitId: "card" }), line({ unitId: "gsur", divisionId: "surg", divisionName: "Surgery" })], framework(), [s]);
    expect(l.lines[0]).toMatchObject({ earned: 15_000, credited: 0, deferred: 15_000, status: "deferred" });
    expect(l.lines[0]!.explanation.join(" ")).toMatch(/Deferred by the Board \(TB 26\/101, until 30 September 2026\)/);
    expect(l.lines[1]).toMatchObject({ credited: 15_000, deferred: 0, suspension: null });
    expect(l.suspensions).toHaveLength(1);
    expect(l.totals).toMatchObject({ credited: 15_000, deferred: 15_000 });
    // Lifted before the ledger's date: nothing deferred.
    expect(ledger([line({ unitId: "card" })], framework(), [{ ...s, until: "2026-06-10" }]).lines[0]!.credited).toBe(15_000);
    // Trust-wide: every line.
    const all = ledger([line({ unitId: "card" }), line({ unitId: "gsur", divisionId: "surg" })], framework(), [{ ...s, scope: { kind: "all" }, until: null }]);
    expect(all.lines.map((x) => x.status)).toEqual(["deferred", "deferred"]);
  });

  it("ignores months after the ledger's date", () => {
    const [l] = ledger([line({ unitId: "card" })], framework(), [], "2026-04-30").lines;
    expect(l).toMatchObject({ months: 1, variance: 10_000, credited: 5_000 });
  });

  it("keeps the reserve: credits less draw-downs", () => {
    expect(reserveBalance([{ amount: 120_000 }, { amount: 30_000.5 }], [{ amount: 50_000 }])).toBe(100_000.5);
  });
});
