import { describe, expect, it } from "vitest";
import { byDomain, DEFAULT_KPI_CODES, defaultCatalogue, defaultTargets, DEMO_LINE_IDS, KPI_CODE_PATTERN, sortDefinitions, sortTargets, validateDefinition, validateTarget } from "./catalogue";
import type { KpiDefinition } from "./types";

const CODES = ["CDIFF", "MRSA", "VTE", "FALLS", "FFT", "PU", "RTT18", "AE4", "AE12", "AMBHO", "CAN62", "CANFDS", "DM01", "BEDOCC", "THUTIL", "TAT", "CCDELAY", "CONTRIB", "CIP", "SICK", "AGENCY", "VAC", "TURN", "MAND", "APPR"];
const entry = (code: string) => defaultCatalogue("2026/27").find((d) => d.code === code)!;

describe("the default catalogue", () => {
  it("has exactly the demo's codes, each valid against the demo's service lines", () => {
    const cat = defaultCatalogue("2026/27");
    expect(cat.map((d) => d.code).sort()).toEqual([...CODES].sort());
    expect(DEFAULT_KPI_CODES).toHaveLength(CODES.length);
    for (const d of cat) {
      expect(d.code).toMatch(KPI_CODE_PATTERN);
      expect(validateDefinition(d, DEMO_LINE_IDS), d.code).toEqual({});
      expect(d.reviewedFor).toBe("2026/27");
      expect(d.nationalReference.length, d.code).toBeGreaterThan(10);
      expect(d.dataSource.length, d.code).toBeGreaterThan(5);
    }
  });

  it("gives the domains, directions and chart types asked for", () => {
    expect(entry("CDIFF")).toMatchObject({ domain: "quality", chartType: "rare_count", direction: "lower", annualThreshold: 6 });
    expect(entry("MRSA")).toMatchObject({ chartType: "rare_count", annualThreshold: 0 });
    expect(entry("VTE")).toMatchObject({ unit: "%", direction: "higher", annualThreshold: null });
    expect(entry("FALLS").unit).toBe("per 1,000 bed days");
    expect(entry("AE12")).toMatchObject({ domain: "operational", unit: "", direction: "lower" });
    expect(entry("BEDOCC").direction).toBe("lower");
    expect(entry("CONTRIB").domain).toBe("financial");
    expect(entry("APPR")).toMatchObject({ domain: "workforce", direction: "higher" });
    expect(defaultCatalogue("2026/27").filter((d) => d.chartType === "rare_count").map((d) => d.code)).toEqual(["CDIFF", "MRSA"]);
  });

  it("applies indicators by specialty", () => {
    expect(entry("AE4").appliesTo).toEqual({ mode: "only", unitIds: ["uec"] });
    expect(entry("CCDELAY").appliesTo).toEqual({ mode: "only", unitIds: ["crit"] });
    expect(entry("TAT").appliesTo).toEqual({ mode: "only", unitIds: ["path"] });
    expect(entry("RTT18").appliesTo).toMatchObject({ mode: "except" });
    expect((entry("RTT18").appliesTo as { unitIds: string[] }).unitIds.sort()).toEqual(["crit", "imag", "neon", "obst", "path", "thea", "uec"]);
    expect(entry("FFT").appliesTo).toEqual({ mode: "all" });
  });

  it("returns fresh copies and refuses a bad year", () => {
    const a = defaultCatalogue("2026/27");
    a[0]!.kitemark.audited = false;
    (a[6]!.appliesTo as { unitIds: string[] }).unitIds.push("card");
    expect(defaultCatalogue("2026/27")[0]!.kitemark.audited).toBe(true);
    expect((defaultCatalogue("2026/27")[6]!.appliesTo as { unitIds: string[] }).unitIds).not.toContain("card");
    expect(defaultCatalogue("2026-27")[0]!.reviewedFor).toBe("2026/27");
    expect(() => defaultCatalogue("2026")).toThrow(RangeError);
  });

  it("sorts by domain, then catalogue order, then code", () => {
    const extra: KpiDefinition = { ...entry("VTE"), code: "AAA1", domain: "quality" };
    const sorted = sortDefinitions([entry("SICK"), extra, entry("AE4"), entry("CDIFF")]).map((d) => d.code);
    expect(sorted).toEqual(["CDIFF", "AAA1", "AE4", "SICK"]);
    const groups = byDomain(defaultCatalogue("2026/27"));
    expect(Object.keys(groups)).toEqual(["quality", "operational", "financial", "workforce"]);
    expect(groups.financial.map((d) => d.code)).toEqual(["CONTRIB", "CIP"]);
    expect(groups.quality[0]!.code).toBe("CDIFF");
  });
});

describe("default targets", () => {
  it("names every target with its year and source", () => {
    const t = defaultTargets("2026/27");
    expect(t.map((x) => x.code).sort()).toEqual([...CODES].sort());
    for (const x of t) {
      expect(x.year).toBe("2026/27");
      expect(validateTarget(x, entry(x.code)), x.code).toEqual({});
    }
  });

  it("uses the planning ambitions of the year they apply to", () => {
    const v = (year: string, code: string) => defaultTargets(year).find((x) => x.code === code)!;
    expect(v("2026/27", "AE4")).toMatchObject({ value: 82 });
    expect(v("2026/27", "AE4").source).toContain("March 2027");
    expect(v("2025/26", "AE4")).toMatchObject({ value: 78 });
    expect(v("2025/26", "AE4").source).toContain("2025/26");
    expect(v("2025/26", "RTT18").value).toBe(65);
    expect(v("2026/27", "RTT18").value).toBe(70);
    expect(v("2025/26", "CAN62").value).toBe(75);
    expect(v("2026/27", "CAN62").value).toBe(80);
    expect(v("2026/27", "CANFDS").value).toBe(80);
    expect(v("2026/27", "DM01").value).toBe(95);
    expect(v("2026/27", "VTE").value).toBe(95);
    expect(v("2026/27", "MRSA").value).toBe(0);
  });

  it("carries the latest known national figure into a later year and says so", () => {
    const ae = defaultTargets("2027/28").find((x) => x.code === "AE4")!;
    expect(ae).toMatchObject({ year: "2027/28", value: 82 });
    expect(ae.source).toContain("the 2026/27 figure, carried into 2027/28");
    const early = defaultTargets("2020/21").find((x) => x.code === "AE4")!;
    expect(early.value).toBe(78);
    expect(early.source).toContain("carried into 2020/21");
  });

  it("marks local targets as local", () => {
    const sick = defaultTargets("2026/27").find((x) => x.code === "SICK")!;
    expect(sick).toMatchObject({ value: 4.5 });
    expect(sick.source).toContain("no national target");
  });

  it("sorts targets by catalogue order and year", () => {
    const t = sortTargets([...defaultTargets("2026/27"), ...defaultTargets("2025/26")]);
    expect(t.slice(0, 2).map((x) => `${x.code} ${x.year}`)).toEqual(["CDIFF 2025/26", "CDIFF 2026/27"]);
  });
});

describe("validateDefinition", () => {
  const ok = () => structuredClone(entry("CDIFF"));
  it("refuses a bad code", () => {
    for (const code of ["", "a1", "1ABC", "A", "ABCDEFGHIJKLM", "RTT-18", "rtt18"]) expect(validateDefinition({ ...ok(), code }, DEMO_LINE_IDS).code, code).toMatch(/capital letters/);
    expect(validateDefinition({ ...ok(), code: "AB" }, DEMO_LINE_IDS)).toEqual({});
    expect(validateDefinition({ ...ok(), code: "ABCDEFGHIJKL" }, DEMO_LINE_IDS)).toEqual({});
  });

  it("needs a name, the numerator, source, reference and owner", () => {
    const e = validateDefinition({ ...ok(), name: "  ", numerator: "", dataSource: "", nationalReference: "", owner: "" }, DEMO_LINE_IDS);
    expect(Object.keys(e).sort()).toEqual(["dataSource", "name", "nationalReference", "numerator", "owner"]);
  });

  it("allows an annual threshold only for a rare-event count, and only 0 or more", () => {
    expect(validateDefinition({ ...ok(), annualThreshold: -1 }, DEMO_LINE_IDS).annualThreshold).toBe("The annual threshold cannot be negative");
    expect(validateDefinition({ ...ok(), annualThreshold: 1.5 }, DEMO_LINE_IDS).annualThreshold).toMatch(/whole number/);
    expect(validateDefinition({ ...ok(), annualThreshold: null }, DEMO_LINE_IDS).annualThreshold).toMatch(/Enter the annual threshold/);
    expect(validateDefinition({ ...ok(), annualThreshold: Number.NaN }, DEMO_LINE_IDS).annualThreshold).toMatch(/Enter the annual threshold/);
    expect(validateDefinition({ ...ok(), annualThreshold: 0 }, DEMO_LINE_IDS)).toEqual({});
    expect(validateDefinition({ ...ok(), chartType: "xmr", annualThreshold: 3 }, DEMO_LINE_IDS).annualThreshold).toMatch(/Only a count/);
    expect(validateDefinition({ ...ok(), chartType: "xmr", annualThreshold: null }, DEMO_LINE_IDS)).toEqual({});
  });

  it("needs reviewedFor to be a financial year label", () => {
    expect(validateDefinition({ ...ok(), reviewedFor: "2026" }, DEMO_LINE_IDS).reviewedFor).toMatch(/for example 2026\/27/);
    expect(validateDefinition({ ...ok(), reviewedFor: "2026-27" }, DEMO_LINE_IDS).reviewedFor).toBe("Write the financial year as 2026/27");
    expect(validateDefinition({ ...ok(), reviewedFor: "2026/28" }, DEMO_LINE_IDS).reviewedFor).toBeDefined();
  });

  it("checks that the service lines exist", () => {
    expect(validateDefinition({ ...ok(), appliesTo: { mode: "only", unitIds: ["card", "nope"] } }, DEMO_LINE_IDS).appliesTo).toBe("nope is not a service line of the structure");
    expect(validateDefinition({ ...ok(), appliesTo: { mode: "except", unitIds: ["x", "y"] } }, DEMO_LINE_IDS).appliesTo).toBe("x, y are not service lines of the structure");
    expect(validateDefinition({ ...ok(), appliesTo: { mode: "only", unitIds: [] } }, DEMO_LINE_IDS).appliesTo).toBe("Choose the service lines it applies to");
    expect(validateDefinition({ ...ok(), appliesTo: { mode: "except", unitIds: [] } }, DEMO_LINE_IDS).appliesTo).toMatch(/does not apply to/);
    expect(validateDefinition({ ...ok(), appliesTo: { mode: "only", unitIds: ["card", "card"] } }, DEMO_LINE_IDS).appliesTo).toBe("Name each service line once");
    expect(validateDefinition({ ...ok(), appliesTo: { mode: "some" } as never }, DEMO_LINE_IDS).appliesTo).toBeDefined();
    expect(validateDefinition({ ...ok(), appliesTo: { mode: "all" } }, [])).toEqual({});
    // The default catalogue names the new demo lines; a structure without them refuses it.
    expect(validateDefinition(entry("AE4"), ["card"]).appliesTo).toBe("uec is not a service line of the structure");
  });

  it("checks the enumerations and the kitemark", () => {
    const e = validateDefinition({ ...ok(), domain: "money" as never, direction: "up" as never, chartType: "pie" as never, kitemark: { timely: true } as never }, DEMO_LINE_IDS);
    expect(Object.keys(e).sort()).toEqual(["chartType", "direction", "domain", "kitemark"]);
  });
});

describe("validateTarget", () => {
  it("checks the year, value and source", () => {
    expect(validateTarget({ code: "AE4", year: "2026/27", value: 82, source: "NHS England" })).toEqual({});
    const e = validateTarget({ code: "ae4", year: "26/27", value: Number.NaN, source: " " });
    expect(Object.keys(e).sort()).toEqual(["code", "source", "value", "year"]);
    expect(validateTarget({ code: "CDIFF", year: "2026/27", value: -1, source: "x" }, entry("CDIFF")).value).toMatch(/whole number/);
    expect(validateTarget({ code: "CDIFF", year: "2026/27", value: 2.5, source: "x" }, entry("CDIFF")).value).toMatch(/whole number/);
    expect(validateTarget({ code: "CONTRIB", year: "2026/27", value: -2.5, source: "x" }, entry("CONTRIB"))).toEqual({});
  });
});
