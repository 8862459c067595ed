import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { defaultAutonomyRules } from "../autonomy/rules";
import { demoScheme } from "../delegation/demo";
import { validateScheme } from "../delegation/validate";
import { addDecision, addLevel, decisionDescription, delegationDecisions, delegationLevels, delegationMeta, isDelegationDocEmpty, moveLevel, readLevels, readScheme, removeDecision, removeLevel, renameLevel, schemeProblems, setCell, setDecisionField, setDecisionFields, setLevelReservedOnly, setProcurementRoutes, setServiceLineLimit, writeScheme } from "./scheme-doc";
import { delegationRules, readAutonomyRules, readRuleIndicators, setAutonomyRules, setCriterion, setIndicatorKey, setLevelRule, writeAutonomyRules } from "./autonomy-rules-doc";

function seeded() {
  const doc = new Y.Doc();
  expect(writeScheme(doc, demoScheme())).toEqual({ ok: true });
  return doc;
}

function sync(a: Y.Doc, b: Y.Doc) {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

describe("delegation document", () => {
  it("round-trips the demo scheme exactly", () => {
    const doc = seeded();
    expect(readScheme(doc)).toEqual(demoScheme());
    // and through an encoded update, as the seed stores it
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    expect(readScheme(copy)).toEqual(demoScheme());
  });

  it("reads an empty document as the default levels with no decisions, and default rules", () => {
    const doc = new Y.Doc();
    expect(isDelegationDocEmpty(doc)).toBe(true);
    const s = readScheme(doc);
    expect(s.levels.map((l) => l.id)).toEqual(["board", "committee", "executive", "division", "service-line", "team"]);
    expect(s.decisions).toEqual([]);
    expect(readAutonomyRules(doc)).toEqual(defaultAutonomyRules());
    expect(readRuleIndicators(doc).length).toBeGreaterThan(5);
  });

  it("writes the whole scheme in one transaction", () => {
    const doc = new Y.Doc();
    let n = 0;
    doc.on("afterTransaction", () => n++);
    writeScheme(doc, demoScheme(), "seed");
    expect(n).toBe(1);
  });

  it("replace drops decisions not in the scheme; merge keeps them", () => {
    const doc = seeded();
    const s = demoScheme();
    const one = { ...s, decisions: [{ ...s.decisions[0]!, title: "Changed" }] };
    writeScheme(doc, one, null, { mode: "merge" });
    expect(readScheme(doc).decisions.length).toBe(s.decisions.length);
    expect(readScheme(doc).decisions[0]!.title).toBe("Changed");
    writeScheme(doc, one, null, { mode: "replace" });
    expect(readScheme(doc).decisions.map((d) => d.title)).toEqual(["Changed"]);
  });

  it("validates a limit for what its decision measures: money to the penny and capped, counts whole", () => {
    const doc = seeded();
    expect(setCell(doc, "revenue-nonpay", "division", { limit: 999_999_999_999_999 })).toEqual({ ok: false, error: "The limit is too large; the largest is £1,000,000,000,000" });
    expect(setCell(doc, "revenue-nonpay", "division", { limit: 10.005 }).ok).toBe(false);
    expect(setCell(doc, "agency-shifts", "division", { limit: 2.5 })).toEqual({ ok: false, error: "Enter a whole number" });
    expect(setCell(doc, "agency-shifts", "division", { limit: 3 })).toEqual({ ok: true });
  });

  it("sets a cell field by field and refuses negative limits", () => {
    const doc = seeded();
    expect(setCell(doc, "revenue-nonpay", "division", { limit: 80_000 })).toEqual({ ok: true });
    expect(setCell(doc, "revenue-nonpay", "division", { limit: -5 })).toEqual({ ok: false, error: "The limit cannot be negative" });
    expect(setCell(doc, "revenue-nonpay", "nowhere", { limit: 5 }).ok).toBe(false);
    expect(setCell(doc, "nope", "division", { limit: 5 }).ok).toBe(false);
    const d = readScheme(doc).decisions.find((x) => x.id === "revenue-nonpay")!;
    expect(d.cells.division).toMatchObject({ mode: "delegated", limit: 80_000, holder: "Managing Director" });
    setCell(doc, "revenue-nonpay", "team", { limit: 300_000 });
    const issues = validateScheme(readScheme(doc));
    expect(issues.some((i) => i.levelId === "team")).toBe(true);
    setCell(doc, "revenue-nonpay", "team", { exception: { reason: "Agreed by the Board" } });
    expect(validateScheme(readScheme(doc)).some((i) => i.levelId === "team")).toBe(false);
    setCell(doc, "revenue-nonpay", "team", { exception: null });
    expect(readScheme(doc).decisions.find((x) => x.id === "revenue-nonpay")!.cells.team!.exception).toBeUndefined();
  });

  it("keeps concurrent edits to different fields of one cell", () => {
    const a = seeded();
    const b = new Y.Doc();
    sync(a, b);
    setCell(a, "revenue-nonpay", "division", { limit: 90_000 });
    setCell(b, "revenue-nonpay", "division", { holder: "Divisional director" });
    sync(a, b);
    expect(readScheme(a)).toEqual(readScheme(b));
    expect(readScheme(a).decisions[0]!.cells.division).toMatchObject({ limit: 90_000, holder: "Divisional director" });
  });

  it("sets service-line limits by autonomy level", () => {
    const doc = seeded();
    expect(setServiceLineLimit(doc, "revenue-nonpay", 4, 5_000).ok).toBe(true);
    expect(setServiceLineLimit(doc, "revenue-nonpay", 3, -1).ok).toBe(false);
    expect(readScheme(doc).decisions[0]!.serviceLineLimits).toEqual({ 1: 250_000, 2: 100_000, 3: 25_000, 4: 5_000 });
  });

  it("adds, edits and removes decisions; the description is a shared text", () => {
    const doc = seeded();
    const r = addDecision(doc, { area: "hr", title: "Approve study leave", description: "Up to ten days" });
    expect(r.ok).toBe(true);
    const id = (r as { id: string }).id;
    const d = readScheme(doc).decisions.at(-1)!;
    expect(d).toMatchObject({ id, area: "hr", title: "Approve study leave", limitKind: "money" });
    expect(Object.values(d.cells).every((c) => c.mode === "none")).toBe(true);
    decisionDescription(doc, id)!.insert(0, "Paid ");
    expect(readScheme(doc).decisions.at(-1)!.description).toBe("Paid Up to ten days");
    expect(setDecisionField(doc, id, "title", "  ").ok).toBe(false);
    expect(setDecisionField(doc, id, "limitKind", "count").ok).toBe(true);
    expect(setDecisionField(doc, id, "unit", "days").ok).toBe(true);
    expect(readScheme(doc).decisions.at(-1)!).toMatchObject({ limitKind: "count", unit: "days" });
    expect(removeDecision(doc, id).ok).toBe(true);
    expect(readScheme(doc).decisions.some((x) => x.id === id)).toBe(false);
  });

  it("adds, renames, moves and removes levels", () => {
    const doc = seeded();
    const r = addLevel(doc, "Point of delivery", { belowId: "team", id: "pod" });
    expect(r).toEqual({ ok: true, id: "pod" });
    expect(addLevel(doc, "board").ok).toBe(false);
    expect(readLevels(doc).at(-1)).toEqual({ id: "pod", name: "Point of delivery" });
    renameLevel(doc, "committee", "Committee of the Board");
    moveLevel(doc, "pod", 1);
    expect(readLevels(doc).map((l) => l.id)).toEqual(["governors", "pod", "board", "committee", "executive", "division", "service-line", "team"]);
    moveLevel(doc, "pod", 99);
    expect(readLevels(doc).at(-1)!.id).toBe("pod");
    moveLevel(doc, "pod", 0);
    expect(readLevels(doc)[0]!.id).toBe("pod");
    expect(readLevels(doc)[1]).toEqual({ id: "governors", name: "Council of Governors", reservedOnly: true });
    expect(removeLevel(doc, "service-line").ok).toBe(false);
    expect(removeLevel(doc, "team").ok).toBe(true);
    expect(readScheme(doc).decisions.every((d) => !("team" in d.cells))).toBe(true);
  });

  it("adding a level to an empty document first stores the default levels", () => {
    const doc = new Y.Doc();
    addLevel(doc, "Point of delivery", { id: "pod" });
    expect(readLevels(doc).map((l) => l.id)).toEqual(["board", "committee", "executive", "division", "service-line", "team", "pod"]);
  });

  it("drops junk written by a stock client", () => {
    const doc = seeded();
    doc.transact(() => {
      delegationDecisions(doc).set("junk", new Y.Map());
      (delegationDecisions(doc) as unknown as Y.Map<unknown>).set("str", "not a map");
      const j = new Y.Map<unknown>();
      delegationDecisions(doc).set("bad-area", j);
      j.set("area", "nowhere");
      j.set("limitKind", "money");
      const cells = delegationDecisions(doc).get("revenue-nonpay")!.get("cells") as Y.Map<Y.Map<unknown>>;
      cells.get("division")!.set("limit", "lots");
      cells.get("board")!.set("mode", 7);
      (delegationLevels(doc) as unknown as Y.Map<unknown>).set("weird", 3);
      delegationRules(doc).set("promotionMonths", -4);
      delegationRules(doc).set("criteria", "x");
    });
    const s = readScheme(doc);
    expect(s.decisions.length).toBe(demoScheme().decisions.length);
    expect(s.decisions[0]!.cells.division!.limit).toBeNull();
    expect(s.decisions[0]!.cells.board).toBeUndefined();
    expect(s.levels.length).toBe(7);
    expect(readAutonomyRules(doc)).toEqual(defaultAutonomyRules());
  });

  it("edits the autonomy rules", () => {
    const doc = new Y.Doc();
    writeAutonomyRules(doc, defaultAutonomyRules());
    expect(setAutonomyRules(doc, { promotionMonths: 6, financialTolerancePct: 2.5 }).ok).toBe(true);
    expect(setAutonomyRules(doc, { promotionMonths: 0 }).ok).toBe(false);
    expect(setAutonomyRules(doc, { financialTolerancePct: -1 }).ok).toBe(false);
    setCriterion(doc, "policy", { label: "Policy adherence" });
    setLevelRule(doc, 2, { reviewFrequency: "Every two months" });
    expect(setLevelRule(doc, 3, { reviewFrequency: " " }).ok).toBe(false);
    const r = readAutonomyRules(doc);
    expect(r).toMatchObject({ promotionMonths: 6, financialTolerancePct: 2.5 });
    expect(r.criteria.find((c) => c.id === "policy")!.label).toBe("Policy adherence");
    expect(r.levels[1]!.reviewFrequency).toBe("Every two months");
    expect(setIndicatorKey(doc, "FALLS", true).ok).toBe(true);
    expect(readRuleIndicators(doc).find((i) => i.code === "FALLS")!.key).toBe(true);
    expect(setIndicatorKey(doc, "NOPE", true).ok).toBe(false);
  });

  it("reads a document written before holders, bands, VAT, conditions and procurement routes", () => {
    // As an older Devolve wrote it: six levels, a band as a count with the unit "band".
    const doc = new Y.Doc();
    doc.transact(() => {
      ["board", "committee", "executive", "division", "service-line", "team"].forEach((id, order) => {
        const l = new Y.Map<unknown>();
        delegationLevels(doc).set(id, l);
        l.set("name", id);
        l.set("order", order);
      });
      const add = (id: string, fields: Record<string, unknown>, cells: Record<string, Record<string, unknown>>, sl: Record<string, number | null>) => {
        const m = new Y.Map<unknown>();
        delegationDecisions(doc).set(id, m);
        for (const [k, v] of Object.entries(fields)) m.set(k, v);
        const c = new Y.Map<unknown>();
        m.set("cells", c);
        for (const [levelId, cell] of Object.entries(cells)) {
          const cm = new Y.Map<unknown>();
          c.set(levelId, cm);
          for (const [k, v] of Object.entries(cell)) cm.set(k, v);
        }
        const s = new Y.Map<unknown>();
        m.set("serviceLineLimits", s);
        for (const [k, v] of Object.entries(sl)) s.set(k, v);
      };
      add("spend", { title: "Spend", area: "financial", limitKind: "money", unit: "", order: 0 }, { division: { mode: "delegated", limit: 100_000, holder: "MD", conditions: "" } }, { 1: 50_000, 2: 25_000, 3: null, 4: null });
      add("recruit", { title: "Recruit", area: "hr", limitKind: "count", unit: "band", order: 1 }, { division: { mode: "delegated", limit: 8, holder: "MD", conditions: "" } }, { 1: 7, 2: 6, 3: null, 4: null });
    });
    expect(schemeProblems(doc)).toEqual([]);
    const s = readScheme(doc);
    expect(s.procurementRoutes).toBeUndefined();
    expect(s.levels.every((l) => !("reservedOnly" in l))).toBe(true);
    const [spend, recruit] = s.decisions;
    expect(spend).toEqual({
      id: "spend",
      area: "financial",
      title: "Spend",
      description: "",
      limitKind: "money",
      cells: { division: { mode: "delegated", limit: 100_000, holder: "MD", conditions: "" } },
      serviceLineLimits: { 1: 50_000, 2: 25_000, 3: null, 4: null },
    });
    expect(recruit).toMatchObject({ limitKind: "band", serviceLineLimits: { 1: 7, 2: 6, 3: null, 4: null } });
    expect(recruit!.unit).toBeUndefined();
    expect(recruit!.cells.division!.limit).toBe(8.4);
    // The old money decision states no VAT basis: the scheme's checks ask for one, nothing breaks.
    expect(validateScheme(s).map((i) => i.message)).toContain("Say whether the limits include or exclude VAT");
  });

  it("sets holders with their own limits; the cell's limit follows the highest", () => {
    const doc = seeded();
    const holders = [
      { holder: "Managing Director", limit: 100_000 },
      { holder: "Managing Director", jointWith: "Divisional finance lead", limit: 150_000 },
    ];
    expect(setCell(doc, "revenue-nonpay", "division", { holders })).toEqual({ ok: true });
    const cell = () => readScheme(doc).decisions.find((d) => d.id === "revenue-nonpay")!.cells.division!;
    expect(cell()).toMatchObject({ limit: 150_000, holders });
    expect(schemeProblems(doc)).toEqual([]);
    expect(setCell(doc, "revenue-nonpay", "division", { limit: 5 })).toEqual({ ok: false, error: "This level names holders with their own limits; change their limits instead" });
    expect(setCell(doc, "revenue-nonpay", "division", { holders: [{ holder: "", limit: 5 }] })).toEqual({ ok: false, error: "Holder 1: Name the holder" });
    expect(setCell(doc, "revenue-nonpay", "division", { holders: [{ holder: "MD", limit: -5 }] })).toEqual({ ok: false, error: "Holder 1: The limit cannot be negative" });
    expect(setCell(doc, "revenue-nonpay", "division", { holders: null, limit: 90_000 })).toEqual({ ok: true });
    expect(cell().holders).toBeUndefined();
    expect(cell().limit).toBe(90_000);
  });

  it("sets the VAT basis, conditions, performance-independence and procurement citation", () => {
    const doc = seeded();
    expect(setDecisionFields(doc, "virement", { vatBasis: "incl", conditions: ["within-budget", "  Agreed with the divisional accountant  ", ""], procurement: true, performanceIndependent: true })).toEqual({ ok: true });
    let d = readScheme(doc).decisions.find((x) => x.id === "virement")!;
    expect(d).toMatchObject({ vatBasis: "incl", conditions: ["within-budget", "Agreed with the divisional accountant"], procurement: true, performanceIndependent: true });
    expect(setDecisionFields(doc, "virement", { vatBasis: null, conditions: null, procurement: false, performanceIndependent: false })).toEqual({ ok: true });
    d = readScheme(doc).decisions.find((x) => x.id === "virement")!;
    for (const k of ["vatBasis", "conditions", "procurement", "performanceIndependent"]) expect(k in d, k).toBe(false);
    expect(setDecisionFields(doc, "virement", { vatBasis: "gross" as never }).ok).toBe(false);
    expect(setDecisionField(doc, "bed-closure", "limitKind", "band")).toEqual({ ok: true });
    expect(readScheme(doc).decisions.find((x) => x.id === "bed-closure")).toMatchObject({ limitKind: "band" });
  });

  it("sets procurement routes and marks levels that decide only reserved matters", () => {
    const doc = seeded();
    expect(setProcurementRoutes(doc, [{ from: 0, route: "One quotation" }, { from: 5_000, route: "Three quotations" }])).toEqual({ ok: true });
    expect(readScheme(doc).procurementRoutes).toEqual([{ from: 0, route: "One quotation" }, { from: 5_000, route: "Three quotations" }]);
    expect(setProcurementRoutes(doc, [{ from: 5_000, route: "Three quotations" }, { from: 0, route: "One" }]).ok).toBe(false);
    expect(setProcurementRoutes(doc, [])).toEqual({ ok: true });
    expect(readScheme(doc).procurementRoutes).toBeUndefined();

    expect(setLevelReservedOnly(doc, "committee", true)).toEqual({ ok: true });
    expect(readLevels(doc).find((l) => l.id === "committee")).toEqual({ id: "committee", name: "Board committee", reservedOnly: true });
    expect(setLevelReservedOnly(doc, "committee", false)).toEqual({ ok: true });
    expect(readLevels(doc).find((l) => l.id === "committee")).toEqual({ id: "committee", name: "Board committee" });
    expect(setLevelReservedOnly(doc, "service-line", true).ok).toBe(false);
  });

  it("refuses what a stock client writes into the new fields", () => {
    const doc = seeded();
    const before = schemeProblems(doc);
    expect(before).toEqual([]);
    doc.transact(() => {
      const m = delegationDecisions(doc).get("revenue-nonpay")!;
      m.set("vatBasis", "gross");
      m.set("conditions", [1, 2]);
      m.set("performanceIndependent", "yes");
      const exec = (m.get("cells") as Y.Map<Y.Map<unknown>>).get("executive")!;
      exec.set("holders", [{ holder: "", limit: -1 }]);
      const div = (m.get("cells") as Y.Map<Y.Map<unknown>>).get("division")!;
      div.set("holders", [{ holder: "MD", limit: 5 }]); // limit no longer the highest of its holders'
      delegationLevels(doc).get("governors")!.set("reservedOnly", "sometimes");
      delegationMeta(doc).set("procurementRoutes", [{ from: 10, route: "x" }]);
    });
    expect(schemeProblems(doc).map((p) => p.key).sort()).toEqual(
      [
        "decision:revenue-nonpay:vatBasis",
        "decision:revenue-nonpay:conditions",
        "decision:revenue-nonpay:performanceIndependent",
        "decision:revenue-nonpay:cell:executive:holders",
        "decision:revenue-nonpay:cell:division:holders-limit",
        "level:governors:reservedOnly",
        "meta:procurementRoutes",
      ].sort(),
    );
    // Readers drop the junk rather than throw.
    const d = readScheme(doc).decisions.find((x) => x.id === "revenue-nonpay")!;
    expect(d.vatBasis).toBeUndefined();
    expect(d.conditions).toBeUndefined();
    expect(d.cells.executive!.holders).toBeUndefined();
    expect(readScheme(doc).procurementRoutes).toBeUndefined();
  });
});
