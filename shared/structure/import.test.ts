import { describe, expect, it } from "vitest";
import type { Unit, UnitKind } from "./model";
import { parseLeaders, parseUnitKind, planStructureImport, STRUCTURE_COLUMNS, structureToRows, type StructureChange } from "./import";

const unit = (id: string, code: string, kind: UnitKind, parentId: string | null, extra: Partial<Unit> = {}): Unit => ({
  id,
  code,
  name: extra.name ?? code,
  kind,
  parentId,
  description: "",
  leaders: [],
  budgetHolder: "",
  position: null,
  order: 0,
  ...extra,
});

const CURRENT: Unit[] = [
  unit("board", "BOARD", "board", null, { name: "Trust Board" }),
  unit("med", "MED", "division", "board", { name: "Medicine", leaders: [{ role: "Managing Director", name: "Claire Donovan" }] }),
  unit("surg", "SURG", "division", "board", { name: "Surgery" }),
  unit("card", "CARD", "service_line", "med", { name: "Cardiology", budgetHolder: "Dr Aisha Rahman", description: "Heart services." }),
  unit("card-int", "CARD-INT", "sub_service_line", "card", { name: "Interventional cardiology" }),
  unit("fin", "FIN", "corporate", "board", { name: "Finance" }),
];

type Row = Partial<Record<(typeof STRUCTURE_COLUMNS)[number], string>>;
const row = (code: string, name: string, kind: string, parent: string, more: Row = {}): Record<string, string> => ({
  Code: code,
  Name: name,
  Kind: kind,
  "Parent code": parent,
  ...more,
});

describe("reading cells", () => {
  it("accepts kind ids, labels and aliases in any case", () => {
    expect(parseUnitKind("service_line")).toBe("service_line");
    expect(parseUnitKind("Service line")).toBe("service_line");
    expect(parseUnitKind("SUB-SERVICE LINE")).toBe("sub_service_line");
    expect(parseUnitKind("POD")).toBe("pod");
    expect(parseUnitKind("point of delivery")).toBe("pod");
    expect(parseUnitKind("Care group")).toBe("division");
    expect(parseUnitKind("Trust board")).toBe("board");
    expect(parseUnitKind("Corporate support service")).toBe("corporate");
    expect(parseUnitKind("department")).toBeNull();
  });

  it("reads leaders as Role: Name; Role: Name, allowing an unfilled role", () => {
    expect(parseLeaders(" Clinical Lead: Dr A Rahman ;Manager:G Lloyd; Lead: ;")).toEqual({
      leaders: [
        { role: "Clinical Lead", name: "Dr A Rahman" },
        { role: "Manager", name: "G Lloyd" },
        { role: "Lead", name: "" },
      ],
    });
    expect(parseLeaders("")).toEqual({ leaders: [] });
    expect(parseLeaders("Dr A Rahman")).toEqual({ error: expect.stringMatching(/Role: Name/) });
  });
});

describe("planStructureImport", () => {
  it("adds new codes and updates matching ones, with headers matched loosely", () => {
    const rows = [
      { code: "card", NAME: "Cardiology and vascular", kind: "Service line", parent_code: "MED", leaders: "Clinical Lead: Dr A Rahman", "Budget  holder": "Dr Aisha Rahman", description: "Heart services." },
      { code: "VASC", NAME: "Vascular", kind: "sub-service line", parent_code: "card", leaders: "", "Budget  holder": "", description: "New." },
      { code: "VASC-OP", NAME: "Vascular clinic", kind: "POD", parent_code: "vasc", leaders: "Lead: ", "Budget  holder": "", description: "" },
      { code: "FIN", NAME: "Finance", kind: "corporate", parent_code: "BOARD", leaders: "", "Budget  holder": "", description: "" },
    ];
    const plan = planStructureImport(rows, CURRENT);
    expect(plan.errors).toEqual([]);
    expect(plan.summary).toEqual({ added: 2, updated: 1, unchanged: 1 });
    const [update, vasc, pod] = plan.changes as [Extract<StructureChange, { action: "update" }>, Extract<StructureChange, { action: "add" }>, Extract<StructureChange, { action: "add" }>];
    expect(update).toEqual({
      action: "update",
      row: 2,
      id: "card",
      code: "card",
      patch: { code: "card", name: "Cardiology and vascular", leaders: [{ role: "Clinical Lead", name: "Dr A Rahman" }] },
    });
    expect(vasc.unit).toMatchObject({ code: "VASC", kind: "sub_service_line", parentId: "card", description: "New.", leaders: [] });
    expect(pod.unit).toMatchObject({ code: "VASC-OP", kind: "pod", parentId: vasc.unit.id, leaders: [{ role: "Lead", name: "" }] });
    expect(plan.preview.map((p) => [p.row, p.action, p.kind])).toEqual([
      [2, "update", "Service line"],
      [3, "add", "Sub-service line"],
      [4, "add", "Point of delivery"],
      [5, "unchanged", "Corporate support service"],
    ]);
  });

  it("orders adds parent-first even when the file lists children first", () => {
    const plan = planStructureImport([row("NEW-POD", "Clinic", "pod", "NEW-SL"), row("NEW-SL", "New line", "service line", "NEW-DIV"), row("NEW-DIV", "New division", "division", "BOARD")], CURRENT);
    expect(plan.errors).toEqual([]);
    expect(plan.changes.map((c) => (c.action === "add" ? c.unit.code : c.code))).toEqual(["NEW-DIV", "NEW-SL", "NEW-POD"]);
  });

  it("moves an existing unit and leaves fields of missing columns alone", () => {
    const plan = planStructureImport([{ Code: "CARD", Name: "Cardiology", Kind: "service_line", "Parent code": "SURG" }], CURRENT);
    expect(plan.errors).toEqual([]);
    expect(plan.changes).toEqual([{ action: "update", row: 2, id: "card", code: "CARD", patch: {}, parentId: "surg" }]);
    const noParentColumn = planStructureImport([{ Code: "CARD", Name: "Cardiology", Kind: "service_line" }], CURRENT);
    expect(noParentColumn.summary).toEqual({ added: 0, updated: 0, unchanged: 1 });
  });

  it("reports every kind of bad row with its spreadsheet row number", () => {
    const long = "x".repeat(121);
    const rows = [
      row("", "No code", "division", "BOARD"), // 2
      row("NONAME", "", "division", "BOARD"), // 3
      row("NOKIND", "No kind", "", "BOARD"), // 4
      row("ODD", "Odd", "Department", "BOARD"), // 5
      row("DUP", "First", "division", "BOARD"), // 6
      row("dup", "Second", "division", "BOARD"), // 7
      row("ORPHAN", "Orphan", "service line", "XYZ"), // 8
      row("LOOP-A", "Loop A", "service line", "LOOP-B"), // 9
      row("LOOP-B", "Loop B", "service line", "LOOP-A"), // 10
      row("POD1", "Pod under division", "pod", "MED"), // 11
      row("BOARD2", "Second board", "board", "MED"), // 12
      row("LONG", long, "division", "BOARD"), // 13
      row("MED", "Medicine", "service line", "BOARD"), // 14 kind change
      row("TOP", "Parentless division", "division", ""), // 15
      row("SL-BAD", "Bad leaders", "service line", "MED", { Leaders: "Dr Nobody" }), // 16
    ];
    const plan = planStructureImport(rows, CURRENT);
    const by = (r: number) => plan.errors.filter((e) => e.row === r).map((e) => `${e.column}: ${e.message}`);
    expect(by(2)).toEqual(["Code: Enter a code for this unit."]);
    expect(by(3)).toEqual(["Name: Enter a name for this unit."]);
    expect(by(4)).toEqual([expect.stringMatching(/^Kind: Enter the kind of unit/)]);
    expect(by(5)).toEqual([expect.stringMatching(/^Kind: "Department" is not a kind of unit/)]);
    expect(by(6)).toEqual([]);
    expect(by(7)).toEqual(["Code: Code dup is used more than once in the file (first on row 6). Each unit needs its own code."]);
    expect(by(8)).toEqual(["Parent code: Parent code XYZ is not in the file or the structure."]);
    expect(by(9)).toEqual([expect.stringMatching(/^Parent code: Parent code LOOP-B would put LOOP-A under itself \(LOOP-A → LOOP-B → LOOP-A\)/)]);
    expect(by(10)).toEqual([expect.stringMatching(/would put LOOP-B under itself/)]);
    expect(by(11)).toEqual(["Kind: A point of delivery must sit under a service line or sub-service line, not a division."]);
    expect(by(12)).toEqual([expect.stringMatching(/trust board sits at the top/)]);
    expect(by(13)).toEqual(["Name: The name must be 120 characters or fewer (it has 121)."]);
    expect(by(14)).toEqual([expect.stringMatching(/^Kind: MED is a division in the structure, not a service line/)]);
    expect(by(15)).toEqual([expect.stringMatching(/^Parent code: A division needs a parent/)]);
    expect(by(16)).toEqual([expect.stringMatching(/^Leaders: Write each leader as Role: Name/)]);
    expect(plan.errors.map((e) => e.row)).toEqual([...plan.errors.map((e) => e.row)].sort((a, b) => a - b));
    expect(plan.changes).toEqual([]);
    expect(plan.preview.find((p) => p.row === 6)?.action).toBe("add");
    expect(plan.preview.find((p) => p.row === 8)?.action).toBe("error");
  });

  it("finds a cycle formed with units already in the structure", () => {
    // MED moves under a new service line that sits under CARD, which sits under MED.
    const plan = planStructureImport([row("MED", "Medicine", "division", "NEWSL"), row("NEWSL", "New", "service line", "CARD")], CURRENT);
    expect(plan.errors.map((e) => [e.row, e.message])).toEqual([
      [2, expect.stringMatching(/would put MED under itself \(MED → NEWSL → CARD → MED\)/)],
      [3, expect.stringMatching(/would put NEWSL under itself/)],
    ]);
  });

  it("uses the row numbers the spreadsheet reader gives, after blank rows were skipped", () => {
    const plan = planStructureImport([row("A", "A", "division", "NOPE"), row("B", "B", "division", "BOARD")], CURRENT, { rowNumbers: [2, 7] });
    expect(plan.errors).toEqual([{ row: 2, column: "Parent code", message: "Parent code NOPE is not in the file or the structure." }]);
    expect(plan.preview.map((p) => p.row)).toEqual([2, 7]);
  });

  it("refuses a file without the required columns, or without rows", () => {
    expect(planStructureImport([{ Code: "A", Title: "x" }], CURRENT).errors).toEqual([
      { row: 1, column: "Name", message: expect.stringMatching(/^The file has no Name column/) },
      { row: 1, column: "Kind", message: expect.stringMatching(/^The file has no Kind column/) },
    ]);
    expect(planStructureImport([], CURRENT, { headers: ["Code", "Name", "Kind"] }).errors).toEqual([{ row: 0, message: expect.stringMatching(/no units/) }]);
  });

  it("does not report a child of a refused row a second time", () => {
    const plan = planStructureImport([row("NEWDIV", "New", "Departmnt", "BOARD"), row("NEWSL", "Line", "service line", "NEWDIV")], CURRENT);
    expect(plan.errors.map((e) => e.row)).toEqual([2]);
  });
});

describe("structureToRows", () => {
  it("lists parents before children with the import columns, and re-imports with no changes", () => {
    const shuffled = [...CURRENT].reverse();
    const rows = structureToRows({ units: shuffled });
    expect(Object.keys(rows[0]!)).toEqual([...STRUCTURE_COLUMNS]);
    const pos = new Map(rows.map((r, i) => [r.Code, i]));
    for (const r of rows) if (r["Parent code"]) expect(pos.get(r["Parent code"])!).toBeLessThan(pos.get(r.Code)!);
    expect(rows.find((r) => r.Code === "MED")).toEqual({
      Code: "MED",
      Name: "Medicine",
      Kind: "Division",
      "Parent code": "BOARD",
      Leaders: "Managing Director: Claire Donovan",
      "Budget holder": "",
      Description: "",
    });
    const plan = planStructureImport(rows, CURRENT);
    expect(plan.errors).toEqual([]);
    expect(plan.changes).toEqual([]);
    expect(plan.summary).toEqual({ added: 0, updated: 0, unchanged: CURRENT.length });
  });

  it("builds the same structure in an empty workspace", () => {
    const plan = planStructureImport(structureToRows({ units: CURRENT }), []);
    expect(plan.errors).toEqual([]);
    expect(plan.summary.added).toBe(CURRENT.length);
  });
});
