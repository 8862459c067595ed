import { describe, expect, it } from "vitest";
import { defaultAutonomyRules, withoutWorkforce } from "../autonomy/rules";
import { defaultRuleIndicators } from "../collab/autonomy-rules-doc";
import { demoScheme } from "../delegation/demo";
import type { Decision, DecisionCell, Scheme } from "../delegation/types";
import type { Structure, Unit } from "../structure/model";
import { CHANGE_KINDS, diffDelegation, diffStructure, fieldLabel, summariseChanges } from "./diff";
import type { Change, DelegationContent } from "./types";

const clone = <T,>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const texts = (changes: Change[]) => changes.map((c) => c.text);

// Structure ----------------------------------------------------------------------------------

function unit(id: string, name: string, kind: Unit["kind"], parentId: string | null, patch: Partial<Unit> = {}): Unit {
  return { id, code: id.toUpperCase(), name, kind, parentId, description: "", leaders: [], budgetHolder: "", position: null, order: 0, ...patch };
}

function structureA(): Structure {
  return {
    trustName: "Lincoln Hospitals NHS Foundation Trust",
    units: [
      unit("board", "Trust Board", "board", null, { leaders: [{ role: "Chair", name: "Elaine Baylis" }, { role: "Chief Executive", name: "Andrew Morgan" }] }),
      unit("med", "Medicine", "division", "board", { leaders: [{ role: "Managing Director", name: "Jo Reeve" }] }),
      unit("surg", "Surgery", "division", "board"),
      unit("card", "Cardiology", "service_line", "med", {
        code: "CARD",
        budgetHolder: "Tom Rees",
        leaders: [
          { role: "Clinical Lead", name: "Dr A Shah" },
          { role: "Service Line Manager", name: "Tom Rees" },
        ],
      }),
      unit("resp", "Respiratory", "service_line", "med"),
      unit("derm", "Dermatology", "service_line", "med"),
      unit("est", "Estates and Facilities", "corporate", "board"),
      unit("pharm", "Pharmacy", "corporate", "board"),
    ],
    links: [
      { id: "l1", fromId: "est", toId: "card", description: "Cath lab maintenance" },
      { id: "l2", fromId: "est", toId: "resp", description: "" },
    ],
  };
}

describe("diffStructure", () => {
  it("finds nothing between a structure and itself, or when only the layout moved", () => {
    expect(diffStructure(structureA(), structureA())).toEqual([]);
    const b = structureA();
    b.units[1]!.position = { x: 120, y: 40 };
    b.units[1]!.order = 3;
    b.links[0]!.id = "l9"; // drawn again: same two units, same description
    expect(diffStructure(structureA(), b)).toEqual([]);
  });

  it("describes a reorganisation line by line, by unit name", () => {
    const b = structureA();
    const card = b.units.find((u) => u.id === "card")!;
    card.parentId = "surg";
    card.code = "CAR";
    card.leaders = [
      { role: "Clinical lead", name: "Dr B Okafor" },
      { role: "Service Line Manager", name: "Tom Rees" },
      { role: "Finance Business Partner", name: "" },
    ];
    card.budgetHolder = "Dr B Okafor";
    b.units.find((u) => u.id === "resp")!.name = "Respiratory Medicine";
    b.units = b.units.filter((u) => u.id !== "derm");
    b.units.push(unit("uro", "Urology", "service_line", "surg"));
    b.units.find((u) => u.id === "med")!.leaders = [];
    b.links = [
      { id: "l1", fromId: "est", toId: "card", description: "Cath lab and theatre maintenance" },
      { id: "l3", fromId: "pharm", toId: "card", description: "Aseptic unit" },
    ];
    expect(texts(diffStructure(structureA(), b))).toEqual([
      "Cardiology moved from Medicine to Surgery",
      "Cardiology: code CARD → CAR",
      "Cardiology: budget holder Tom Rees → Dr B Okafor",
      "Cardiology: Clinical lead Dr A Shah → Dr B Okafor",
      "Cardiology: Finance Business Partner added (vacant)",
      "Dermatology (service line) removed from Medicine",
      'Support from Estates and Facilities to Cardiology: "Cath lab maintenance" → "Cath lab and theatre maintenance"',
      "Estates and Facilities no longer supports Respiratory Medicine",
      "Medicine: Managing Director removed (was Jo Reeve)",
      "Pharmacy now supports Cardiology: Aseptic unit",
      "Respiratory renamed to Respiratory Medicine",
      "Urology (service line) added under Surgery",
    ]);
  });

  it("gives each change its kind and the before and after", () => {
    const b = structureA();
    b.units.find((u) => u.id === "card")!.parentId = "surg";
    b.units.find((u) => u.id === "card")!.leaders[0]!.name = "Dr B Okafor";
    const changes = diffStructure(structureA(), b);
    expect(changes).toEqual([
      { kind: "unit_moved", text: "Cardiology moved from Medicine to Surgery", before: "Medicine", after: "Surgery" },
      { kind: "leaders_changed", text: "Cardiology: Clinical Lead Dr A Shah → Dr B Okafor", before: "Dr A Shah", after: "Dr B Okafor" },
    ]);
  });

  it("names the old parent by its old name when both were renamed", () => {
    const b = structureA();
    b.units.find((u) => u.id === "med")!.name = "Medicine and Urgent Care";
    b.units.find((u) => u.id === "card")!.parentId = "surg";
    expect(texts(diffStructure(structureA(), b))).toEqual([
      "Cardiology moved from Medicine to Surgery",
      "Medicine renamed to Medicine and Urgent Care",
    ]);
  });

  it("reports a change of kind and of description", () => {
    const b = structureA();
    const resp = b.units.find((u) => u.id === "resp")!;
    resp.kind = "sub_service_line";
    resp.parentId = "card";
    resp.description = "Sleep and ventilation";
    expect(diffStructure(structureA(), b)).toEqual([
      { kind: "unit_moved", text: "Respiratory moved from Medicine to Cardiology", before: "Medicine", after: "Cardiology" },
      { kind: "unit_changed", text: "Respiratory: service line → sub-service line", before: "service line", after: "sub-service line" },
      { kind: "unit_changed", text: "Respiratory: description changed", before: "", after: "Sleep and ventilation" },
    ]);
  });

  it("pairs two leaders with the same role in order", () => {
    const a = structureA();
    a.units.find((u) => u.id === "card")!.leaders = [
      { role: "Clinical Lead", name: "Dr A Shah" },
      { role: "Clinical Lead", name: "Dr C Lund" },
    ];
    const b = clone(a);
    b.units.find((u) => u.id === "card")!.leaders = [{ role: "Clinical Lead", name: "Dr A Shah" }];
    expect(texts(diffStructure(a, b))).toEqual(["Cardiology: Clinical Lead removed (was Dr C Lund)"]);
  });

  it("adds the trust board with no parent", () => {
    const a: Structure = { trustName: "T", units: [], links: [] };
    const b: Structure = { trustName: "T", units: [unit("board", "Trust Board", "board", null)], links: [] };
    expect(texts(diffStructure(a, b))).toEqual(["Trust Board (trust board) added"]);
    expect(texts(diffStructure(b, a))).toEqual(["Trust Board (trust board) removed"]);
  });

  it("sorts by unit name the way people read it", () => {
    const a: Structure = { trustName: "T", units: [unit("board", "Trust Board", "board", null)], links: [] };
    const b = clone(a);
    for (const [id, name] of [["w10", "Ward 10"], ["w2", "Ward 2"], ["amu", "acute medical unit"]]) {
      b.units.push(unit(id!, name!, "division", "board"));
    }
    expect(texts(diffStructure(a, b))).toEqual([
      "acute medical unit (division) added under Trust Board",
      "Ward 2 (division) added under Trust Board",
      "Ward 10 (division) added under Trust Board",
    ]);
  });
});

// Scheme of delegation -----------------------------------------------------------------------

const NONE: DecisionCell = { mode: "none", limit: null, holder: "", conditions: "" };
const cell = (limit: number | null, holder: string, patch: Partial<DecisionCell> = {}): DecisionCell => ({ mode: "delegated", limit, holder, conditions: "", ...patch });

function scheme(): Scheme {
  const decisions: Decision[] = [
    {
      id: "revenue",
      area: "financial",
      title: "Authorise non-pay revenue expenditure",
      description: "Within the approved budget.",
      limitKind: "money",
      cells: {
        board: cell(null, "Trust Board"),
        executive: cell(1_000_000, "Chief Executive or executive director", {
          holders: [
            { holder: "Executive director", limit: 250_000 },
            { holder: "Chief Executive", limit: 500_000 },
            { holder: "Chief Executive", limit: 1_000_000, jointWith: "Director of Finance" },
          ],
        }),
        division: cell(100_000, "Managing Director"),
        "service-line": cell(null, "Service line clinical lead and manager"),
        team: cell(5_000, "Ward manager or matron"),
      },
      serviceLineLimits: { 1: 250_000, 2: 100_000, 3: 25_000, 4: null },
      conditions: ["within-budget"],
      vatBasis: "incl",
    },
    {
      id: "seal",
      area: "financial",
      title: "Use the trust's common seal",
      description: "",
      limitKind: "yesno",
      cells: { board: { mode: "reserved", limit: null, holder: "Trust Board", conditions: "" } },
      serviceLineLimits: { 1: null, 2: null, 3: null, 4: null },
    },
    {
      id: "dismissal",
      area: "hr",
      title: "Dismiss an employee after a formal hearing",
      description: "",
      limitKind: "yesno",
      cells: { executive: cell(null, "Director of People"), division: cell(null, "Managing Director"), "service-line": cell(null, "Clinical lead") },
      serviceLineLimits: { 1: 1, 2: 1, 3: 0, 4: null },
    },
    {
      id: "beds",
      area: "clinical",
      title: "Close beds temporarily",
      description: "",
      limitKind: "count",
      unit: "beds",
      cells: { division: cell(10, "Managing Director"), "service-line": cell(null, "Clinical lead") },
      serviceLineLimits: { 1: 4, 2: 2, 3: null, 4: null },
    },
  ];
  return {
    levels: [
      { id: "board", name: "Board" },
      { id: "executive", name: "Chief Executive / executive director" },
      { id: "division", name: "Division" },
      { id: "service-line", name: "Service line" },
      { id: "team", name: "Sub-service line / team" },
    ],
    serviceLineLevelId: "service-line",
    decisions,
    procurementRoutes: [
      { from: 0, route: "Two written quotations" },
      { from: 25_000, route: "Competitive tender" },
    ],
  };
}

function content(s: Scheme = scheme()): DelegationContent {
  return { scheme: s, rules: defaultAutonomyRules(), indicators: defaultRuleIndicators() };
}

/** The content after an edit of a copy. */
function edited(edit: (c: DelegationContent) => void, base: DelegationContent = content()): DelegationContent {
  const c = clone(base);
  edit(c);
  return c;
}
const dec = (c: DelegationContent, id: string) => c.scheme.decisions.find((d) => d.id === id)!;

describe("diffDelegation: the service line's limits by earned autonomy", () => {
  it("finds nothing between a scheme and itself", () => {
    expect(diffDelegation(content(), content())).toEqual([]);
  });

  it("writes a changed limit with the decision's title and the limit in its own terms", () => {
    const b = edited((c) => (dec(c, "revenue").serviceLineLimits[2] = 150_000));
    expect(diffDelegation(content(), b)).toEqual([
      {
        kind: "right_changed",
        text: "Authorise non-pay revenue expenditure, service line at level 2: £100,000 → £150,000",
        decisionId: "revenue",
        levelId: "service-line",
        autonomyLevel: 2,
        before: "£100,000",
        after: "£150,000",
      },
    ]);
  });

  it("says not held for no limit, and writes counts and yes/no in their terms", () => {
    const b = edited((c) => {
      dec(c, "revenue").serviceLineLimits[4] = 5_000;
      dec(c, "revenue").serviceLineLimits[3] = null;
      dec(c, "dismissal").serviceLineLimits[2] = 0;
      dec(c, "beds").serviceLineLimits[2] = 4;
    });
    expect(texts(diffDelegation(content(), b))).toEqual([
      "Dismiss an employee after a formal hearing, service line at level 2: yes → no",
      "Authorise non-pay revenue expenditure, service line at level 3: £25,000 → not held",
      "Authorise non-pay revenue expenditure, service line at level 4: not held → £5,000",
      "Close beds temporarily, service line at level 2: 2 beds → 4 beds",
    ]);
  });
});

describe("diffDelegation: rights at each level", () => {
  it("reports a limit, mode, holder and conditions of a cell", () => {
    const b = edited((c) => {
      const r = dec(c, "revenue");
      r.cells.division = cell(150_000, "Divisional Director", { conditions: "With the divisional finance lead" });
      r.cells.board = { mode: "reserved", limit: null, holder: "Trust Board", conditions: "" };
    });
    expect(diffDelegation(content(), b)).toEqual([
      { kind: "right_changed", text: "Authorise non-pay revenue expenditure, Board: no upper limit → reserved", decisionId: "revenue", levelId: "board", before: "no upper limit", after: "reserved" },
      { kind: "right_changed", text: "Authorise non-pay revenue expenditure, Division: £100,000 → £150,000", decisionId: "revenue", levelId: "division", before: "£100,000", after: "£150,000" },
      { kind: "right_changed", text: "Authorise non-pay revenue expenditure, Division: holder Managing Director → Divisional Director", decisionId: "revenue", levelId: "division", before: "Managing Director", after: "Divisional Director" },
      {
        kind: "right_changed",
        text: 'Authorise non-pay revenue expenditure, Division: conditions none → "With the divisional finance lead"',
        decisionId: "revenue",
        levelId: "division",
        before: "",
        after: "With the divisional finance lead",
      },
    ]);
  });

  it("says who holds a newly held right, and nothing more for a right taken away", () => {
    const b = edited((c) => {
      dec(c, "beds").cells.team = cell(1, "Matron");
      dec(c, "revenue").cells.team = NONE;
    });
    expect(texts(diffDelegation(content(), b))).toEqual([
      "Authorise non-pay revenue expenditure, Sub-service line / team: £5,000 → not held",
      "Close beds temporarily, Sub-service line / team: not held → 1 beds",
      "Close beds temporarily, Sub-service line / team: holder none → Matron",
    ]);
  });

  it("reports the service-line cell by whether earned autonomy delegates it", () => {
    const b = edited((c) => {
      const d = dec(c, "seal");
      d.cells["service-line"] = cell(null, "Clinical lead");
      d.serviceLineLimits = { 1: 1, 2: null, 3: null, 4: null };
    });
    expect(texts(diffDelegation(content(), b))).toEqual([
      "Use the trust's common seal, Service line: not held → delegated by earned autonomy",
      "Use the trust's common seal, Service line: holder none → Clinical lead",
      "Use the trust's common seal, service line at level 1: not held → yes",
    ]);
  });

  it("ignores the unused limit of the service-line cell", () => {
    const b = edited((c) => (dec(c, "revenue").cells["service-line"]!.limit = 999));
    expect(diffDelegation(content(), b)).toEqual([]);
  });

  it("reports exceptions added, changed and removed", () => {
    const withException = edited((c) => (dec(c, "revenue").cells.division!.exception = { reason: "Agreed by the Board in March" }));
    expect(texts(diffDelegation(content(), withException))).toEqual(['Authorise non-pay revenue expenditure, Division: exception added ("Agreed by the Board in March")']);
    const changed = edited((c) => (dec(c, "revenue").cells.division!.exception = { reason: "Agreed by the Board in May" }), withException);
    expect(texts(diffDelegation(withException, changed))).toEqual([
      'Authorise non-pay revenue expenditure, Division: exception reason "Agreed by the Board in March" → "Agreed by the Board in May"',
    ]);
    expect(texts(diffDelegation(withException, content()))).toEqual(["Authorise non-pay revenue expenditure, Division: exception removed"]);
  });

  it("compares named holders by who they are, telling a joint holder from the same person alone", () => {
    const b = edited((c) => {
      const exec = dec(c, "revenue").cells.executive!;
      exec.holders = [
        { holder: "Executive director", limit: 300_000 },
        { holder: "Chief Executive", limit: 1_000_000, jointWith: "Director of Finance" },
        { holder: "Chief Operating Officer", limit: null },
      ];
    });
    // The cell's own limit (the highest holder's) is the editor's to keep in step; it is unchanged here.
    expect(texts(diffDelegation(content(), b))).toEqual([
      "Authorise non-pay revenue expenditure, Chief Executive / executive director: Executive director £250,000 → £300,000",
      "Authorise non-pay revenue expenditure, Chief Executive / executive director: Chief Operating Officer added as a holder (no upper limit)",
      "Authorise non-pay revenue expenditure, Chief Executive / executive director: Chief Executive no longer a holder",
    ]);
  });

  it("reports holders appearing where there were none, and a change of joint holder", () => {
    const b = edited((c) => {
      dec(c, "revenue").cells.division!.holders = [{ holder: "Managing Director", limit: 100_000, jointWith: "Divisional finance lead" }];
      dec(c, "revenue").cells.executive!.holders![2]!.jointWith = "Chief Financial Officer";
    });
    expect(texts(diffDelegation(content(), b))).toEqual([
      "Authorise non-pay revenue expenditure, Chief Executive / executive director: Chief Executive jointly with Chief Financial Officer added as a holder (up to £1,000,000)",
      "Authorise non-pay revenue expenditure, Chief Executive / executive director: Chief Executive jointly with Director of Finance no longer a holder",
      "Authorise non-pay revenue expenditure, Division: Managing Director jointly with Divisional finance lead added as a holder (up to £100,000)",
    ]);
  });

  it("compares fields of a cell it does not know", () => {
    const b = edited((c) => {
      (dec(c, "revenue").cells.division as Record<string, unknown>).secondSignatory = "Divisional finance lead";
      (dec(c, "revenue").cells.executive!.holders![0] as Record<string, unknown>).evidenceRequired = true;
    });
    expect(texts(diffDelegation(content(), b))).toEqual([
      "Authorise non-pay revenue expenditure, Chief Executive / executive director: Executive director evidence required none → yes",
      "Authorise non-pay revenue expenditure, Division: second signatory none → Divisional finance lead",
    ]);
  });
});

describe("diffDelegation: decisions", () => {
  it("reports decisions added, removed, retitled and moved between areas", () => {
    const b = edited((c) => {
      c.scheme.decisions = c.scheme.decisions.filter((d) => d.id !== "seal");
      dec(c, "dismissal").title = "Dismiss an employee";
      dec(c, "beds").area = "strategic";
      c.scheme.decisions.push({ ...clone(dec(c, "revenue")), id: "capital", title: "Spend the service line's own capital allocation" });
    });
    expect(diffDelegation(content(), b)).toEqual([
      { kind: "decision_changed", text: '"Dismiss an employee after a formal hearing" retitled "Dismiss an employee"', decisionId: "dismissal", before: "Dismiss an employee after a formal hearing", after: "Dismiss an employee" },
      { kind: "decision_removed", text: "Decision removed: Use the trust's common seal (Financial)", decisionId: "seal", before: "Use the trust's common seal" },
      { kind: "decision_added", text: "Decision added: Spend the service line's own capital allocation (Financial)", decisionId: "capital", after: "Spend the service line's own capital allocation" },
      { kind: "decision_changed", text: "Close beds temporarily: moved from Clinical & operational to Strategic & service development", decisionId: "beds", before: "Clinical & operational", after: "Strategic & service development" },
    ]);
  });

  it("reports a change of description, limit kind and unit", () => {
    const b = edited((c) => {
      dec(c, "beds").unit = "bays";
      dec(c, "beds").description = "Close beds or bays for infection control.";
      dec(c, "dismissal").limitKind = "count";
    });
    // HR before clinical; a decision's own lines, then its cells by level, the service line's by autonomy level.
    expect(texts(diffDelegation(content(), b))).toEqual([
      "Dismiss an employee after a formal hearing: the limit is now a count (was yes or no)",
      "Dismiss an employee after a formal hearing, Chief Executive / executive director: yes → no upper limit",
      "Dismiss an employee after a formal hearing, Division: yes → no upper limit",
      "Dismiss an employee after a formal hearing, service line at level 1: yes → 1",
      "Dismiss an employee after a formal hearing, service line at level 2: yes → 1",
      "Dismiss an employee after a formal hearing, service line at level 3: no → 0",
      "Close beds temporarily: description changed",
      "Close beds temporarily: counted in beds → bays",
      "Close beds temporarily, Division: 10 beds → 10 bays",
      "Close beds temporarily, service line at level 1: 4 beds → 4 bays",
      "Close beds temporarily, service line at level 2: 2 beds → 2 bays",
    ]);
  });

  it("says decision conditions, the VAT basis and other new fields in words", () => {
    const b = edited((c) => {
      const r = dec(c, "revenue");
      r.conditions = ["no-splitting", "Reported to the Audit Committee"];
      r.vatBasis = "excl";
      r.performanceIndependent = true;
      (r as Record<string, unknown>).riskRating = "high";
    });
    expect(texts(diffDelegation(content(), b))).toEqual([
      'Authorise non-pay revenue expenditure: condition added: "Orders must not be split to avoid a limit"',
      'Authorise non-pay revenue expenditure: condition added: "Reported to the Audit Committee"',
      'Authorise non-pay revenue expenditure: condition removed: "Within the approved budget"',
      "Authorise non-pay revenue expenditure: independent of performance none → yes",
      "Authorise non-pay revenue expenditure: risk rating none → high",
      "Authorise non-pay revenue expenditure: limits including VAT → excluding VAT",
    ]);
  });

  it("orders by area, then decision order, with a removed decision where it stood", () => {
    const a = content();
    // HR's dismissal sorts before the financial decisions although it is listed after them.
    const b = edited((c) => {
      c.scheme.decisions = c.scheme.decisions.filter((d) => d.id !== "revenue");
      dec(c, "seal").description = "Sealing register kept by the Board Secretary.";
      dec(c, "dismissal").serviceLineLimits[1] = 0;
    }, a);
    expect(texts(diffDelegation(a, b))).toEqual([
      "Dismiss an employee after a formal hearing, service line at level 1: yes → no",
      "Decision removed: Authorise non-pay revenue expenditure (Financial)",
      "Use the trust's common seal: description changed",
    ]);
  });
});

describe("diffDelegation: levels", () => {
  it("reports levels added, removed, renamed and flagged, with the new level's rights", () => {
    const b = edited((c) => {
      c.scheme.levels = [
        { id: "governors", name: "Council of Governors", reservedOnly: true },
        ...c.scheme.levels.filter((l) => l.id !== "team").map((l) => (l.id === "division" ? { ...l, name: "Care group" } : l)),
      ];
      dec(c, "seal").cells.governors = { mode: "reserved", limit: null, holder: "Council of Governors", conditions: "" };
    });
    expect(diffDelegation(content(), b)).toEqual([
      { kind: "level_added", text: "Level added: Council of Governors", levelId: "governors", after: "Council of Governors" },
      { kind: "level_renamed", text: "Level Division renamed to Care group", levelId: "division", before: "Division", after: "Care group" },
      { kind: "level_removed", text: "Level removed: Sub-service line / team", levelId: "team", before: "Sub-service line / team" },
      { kind: "right_changed", text: "Use the trust's common seal, Council of Governors: not held → reserved", decisionId: "seal", levelId: "governors", before: "not held", after: "reserved" },
      { kind: "right_changed", text: "Use the trust's common seal, Council of Governors: holder none → Council of Governors", decisionId: "seal", levelId: "governors", before: "", after: "Council of Governors" },
    ]);
  });

  it("reports a level's other fields, a reordering and a new service-line level", () => {
    const b = edited((c) => {
      c.scheme.levels[0]!.reservedOnly = true;
      const [division, sl] = [c.scheme.levels[2]!, c.scheme.levels[3]!];
      c.scheme.levels[2] = sl;
      c.scheme.levels[3] = division;
      c.scheme.serviceLineLevelId = "division";
    });
    const changes = diffDelegation(content(), b);
    expect(texts(changes).slice(0, 3)).toEqual([
      "Levels reordered: Board, Chief Executive / executive director, Division, Service line, Sub-service line / team → Board, Chief Executive / executive director, Service line, Division, Sub-service line / team",
      "Level Board: reserved only none → yes",
      "The service-line level is now Division (was Service line)",
    ]);
    expect(changes.slice(0, 3).every((c) => c.kind === "rule_changed")).toBe(true);
  });

  it("reports procurement routes by what they require", () => {
    const b = edited((c) => {
      c.scheme.procurementRoutes = [
        { from: 0, route: "Two written quotations" },
        { from: 10_000, route: "Three written quotations" },
        { from: 30_000, route: "Competitive tender" },
      ];
    });
    expect(texts(diffDelegation(content(), b))).toEqual([
      "Procurement route added from £10,000: Three written quotations",
      'Procurement route "Competitive tender": from £25,000 → from £30,000',
    ]);
    const none = edited((c) => delete c.scheme.procurementRoutes);
    expect(texts(diffDelegation(content(), none))).toEqual(["Procurement route removed: Two written quotations", "Procurement route removed: Competitive tender"]);
  });

  it("falls back to a named field for other scheme-wide fields", () => {
    const b = edited((c) => ((c.scheme as Record<string, unknown>).councilApprovalNeeded = ["seal"]));
    expect(diffDelegation(content(), b)).toEqual([{ kind: "rule_changed", text: "Council approval needed: none → seal", before: "none", after: "seal" }]);
  });
});

describe("diffDelegation: autonomy rules and indicators", () => {
  it("reports each rule that changed", () => {
    const b = edited((c) => {
      c.rules.promotionMonths = 4;
      c.rules.financialTolerancePct = 2.5;
      c.rules.criteria[0]!.label = "Financial plan delivered";
      c.rules.criteria.find((x) => x.id === "policy")!.description = "Full adherence to policies, including mandatory training";
      c.rules.levels[1]!.reviewFrequency = "Monthly";
      c.rules.levels[3]!.label = "Level 4 (turnaround)";
      c.rules.levels[3]!.when = "Three or more criteria failed";
    });
    const changes = diffDelegation(content(), b);
    expect(texts(changes)).toEqual([
      "Months of better performance needed to move up a level: 3 → 4",
      "Tolerance on the financial plan: 1% → 2.5%",
      'Criterion "Adherence to financial plan" renamed "Financial plan delivered"',
      'Adherence to trust policies: description "Full adherence to trust policies and protocols" → "Full adherence to policies, including mandatory training"',
      "Autonomy level 2: performance review Quarterly → Monthly",
      'Autonomy level 4: name "Level 4 (least autonomy)" → "Level 4 (turnaround)"',
      'Autonomy level 4: applies when "More than two criteria failed" → "Three or more criteria failed"',
    ]);
    expect(changes.every((c) => c.kind === "rule_changed")).toBe(true);
    expect(changes.map((c) => c.autonomyLevel)).toEqual([undefined, undefined, undefined, undefined, 2, 4, 4]);
  });

  it("reports key indicators and indicators added, removed, renamed or of another kind", () => {
    const b = edited((c) => {
      c.indicators = c.indicators.filter((i) => i.code !== "FALLS");
      c.indicators.find((i) => i.code === "VTE")!.key = false;
      c.indicators.find((i) => i.code === "FFT")!.key = true;
      c.indicators.find((i) => i.code === "SICK")!.name = "Staff sickness absence";
      c.indicators.find((i) => i.code === "SICK")!.kind = "quality";
      c.indicators.push({ code: "CIP", name: "Cost improvement delivered", kind: "performance", key: true });
    });
    expect(texts(diffDelegation(content(), b))).toEqual([
      "VTE risk assessment is no longer a key indicator",
      "Friends and Family Test: would recommend is now a key indicator",
      "Indicator SICK renamed: Sickness absence → Staff sickness absence",
      "Staff sickness absence: now a quality indicator (was workforce)",
      "Indicator added: Cost improvement delivered (CIP, performance, key)",
      "Indicator removed: Inpatient falls (FALLS)",
    ]);
  });

  it("reports an indicator judged by SPC, or no longer, and treats a version without the flag as off", () => {
    const on = edited((c) => {
      c.indicators.find((i) => i.code === "RTT18")!.spc = true;
      c.indicators.find((i) => i.code === "AE4")!.spc = false;
      c.indicators.push({ code: "AE12", name: "12-hour stays", kind: "performance", key: false, spc: true });
    });
    expect(texts(diffDelegation(content(), on))).toEqual([
      "Referral to treatment within 18 weeks is now judged by SPC (fails only on a special-cause concern or when consistently failing its target)",
      "Indicator added: 12-hour stays (AE12, performance, judged by SPC)",
    ]);
    expect(diffDelegation(on, content()).map((c) => [c.text, c.before, c.after])).toContainEqual([
      "Referral to treatment within 18 weeks is no longer judged by SPC (judged against its target)",
      "judged by SPC",
      "judged against its target",
    ]);
  });

  it("reports the workforce criterion added to rules approved without it, removed, and its thresholds changed", () => {
    const old = edited((c) => {
      c.rules = withoutWorkforce(c.rules);
      for (const i of c.indicators) if (i.kind === "workforce") i.kind = "performance";
    });
    const added = diffDelegation(old, content());
    expect(texts(added)).toEqual([
      "Criterion added: Workforce (at most 0 workforce indicators off target for level 1, 1 for level 2)",
      "Sickness absence: now a workforce indicator (was performance)",
      "Vacancy rate: now a workforce indicator (was performance)",
      "Agency spend as a share of the pay bill: now a workforce indicator (was performance)",
      "Staff turnover (12 months): now a workforce indicator (was performance)",
      "Mandatory training compliance: now a workforce indicator (was performance)",
      "Appraisal rate: now a workforce indicator (was performance)",
    ]);
    expect(added[0]).toMatchObject({ kind: "rule_changed", before: undefined, after: "Workforce" });
    expect(texts(diffDelegation(content(), old))[0]).toBe("Criterion removed: Workforce (no longer rated)");
    const looser = edited((c) => (c.rules.workforceThresholds = { level1: 1, level2: 2 }));
    expect(texts(diffDelegation(content(), looser))).toEqual([
      "Workforce: at most 0 workforce indicators off target for level 1, 1 for level 2 → at most 1 workforce indicator off target for level 1, 2 for level 2",
    ]);
  });

  it("puts levels first, decisions next and rules last", () => {
    const b = edited((c) => {
      c.rules.promotionMonths = 6;
      dec(c, "revenue").serviceLineLimits[1] = 300_000;
      c.scheme.levels[0]!.name = "Trust Board";
    });
    expect(diffDelegation(content(), b).map((c) => c.kind)).toEqual(["level_renamed", "right_changed", "rule_changed"]);
  });
});

describe("diffDelegation on the demo scheme", () => {
  const demo = (): DelegationContent => ({ scheme: demoScheme(), rules: defaultAutonomyRules(), indicators: defaultRuleIndicators() });

  it("finds nothing between the demo scheme and a fresh copy of it", () => {
    expect(diffDelegation(demo(), demo())).toEqual([]);
  });

  it("writes the demo's revenue limit change as the Board paper would", () => {
    const b = demo();
    b.scheme.decisions.find((d) => d.id === "revenue-nonpay")!.serviceLineLimits[2] = 150_000;
    expect(texts(diffDelegation(demo(), b))).toEqual(["Authorise non-pay revenue expenditure, service line at level 2: £100,000 → £150,000"]);
  });

  it("survives a round trip through JSON, as versions are stored", () => {
    expect(diffDelegation(demo(), clone(demo()))).toEqual([]);
  });
});

describe("summariseChanges", () => {
  it("counts every kind, zero where there are none", () => {
    const b = edited((c) => {
      dec(c, "revenue").serviceLineLimits[2] = 150_000;
      dec(c, "revenue").serviceLineLimits[3] = 50_000;
      c.rules.promotionMonths = 4;
    });
    const counts = summariseChanges(diffDelegation(content(), b));
    expect(counts.right_changed).toBe(2);
    expect(counts.rule_changed).toBe(1);
    expect(counts.unit_added).toBe(0);
    expect(Object.keys(counts).sort()).toEqual([...CHANGE_KINDS].sort());
    expect(Object.values(summariseChanges([])).every((n) => n === 0)).toBe(true);
  });
});

describe("fieldLabel", () => {
  it.each([
    ["vatBasis", "VAT basis"],
    ["procurementRoutes", "procurement routes"],
    ["reservedOnly", "reserved only"],
    ["secondSignatory", "second signatory"],
    ["max_amount", "max amount"],
    ["vatRecoverable", "VAT recoverable"],
  ])("%s → %s", (key, label) => {
    expect(fieldLabel(key)).toBe(label);
  });
});
