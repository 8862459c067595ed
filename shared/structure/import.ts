import { newId, type NewUnit, type UnitPatch } from "../collab/structure-doc";
import { indexStructure, placementError, UNIT_KIND_LABELS, UNIT_KINDS, type Leader, type Structure, type Unit, type UnitKind } from "./model";

/** Column headings written on export and read (ignoring case, spaces and underscores) on import. */
export const STRUCTURE_COLUMNS = ["Code", "Name", "Kind", "Parent code", "Leaders", "Budget holder", "Description"] as const;
export type StructureColumn = (typeof STRUCTURE_COLUMNS)[number];

/** Longest unit name accepted, matching the structure editor. */
export const MAX_UNIT_NAME = 120;

/** A refused row; `row` is the spreadsheet row number (the header is row 1; 0 means the whole file). */
export interface StructureImportError {
  row: number;
  column?: string;
  message: string;
}

/**
 * One step of an import plan. Adds carry a fresh id so that later adds can name them as parent;
 * updates carry only what differs. The whole plan is applied in one Yjs transaction by
 * `applyStructureImport` (shared/collab/structure-import.ts), so one Undo reverses it.
 */
export type StructureChange =
  | { action: "add"; row: number; unit: NewUnit & { id: string; description: string } }
  | {
      action: "update";
      row: number;
      id: string;
      /** The unit's code, for messages and the preview. */
      code: string;
      patch: UnitPatch;
      /** A new parent, when the row moves the unit. */
      parentId?: string;
      /** A new description, when it differs. */
      description?: string;
    };

/** One file row as the preview table shows it. */
export interface StructurePreviewRow {
  row: number;
  code: string;
  name: string;
  kind: string;
  parentCode: string;
  action: "add" | "update" | "unchanged" | "error";
}

export interface StructureImportPlan {
  /** Empty whenever there are errors: a file is applied whole or not at all. */
  changes: StructureChange[];
  errors: StructureImportError[];
  summary: { added: number; updated: number; unchanged: number };
  preview: StructurePreviewRow[];
}

/** What the import route returns to the import panel. */
export interface StructureImportResponse {
  ok: boolean;
  fileName: string;
  summary: StructureImportPlan["summary"];
  errors: StructureImportError[];
  changes: StructureChange[];
  rows: StructurePreviewRow[];
  /** Rows in the file; `rows` may hold only the first of them. */
  rowCount: number;
}

const squash = (s: string) => s.toLowerCase().replace(/[\s_]+/g, "");
const codeKey = (s: string) => s.trim().toUpperCase();

const COLUMN_ALIASES: Record<StructureColumn, string[]> = {
  Code: ["Code", "Unit code"],
  Name: ["Name", "Unit name"],
  Kind: ["Kind", "Type", "Unit kind"],
  "Parent code": ["Parent code", "Parent"],
  Leaders: ["Leaders"],
  "Budget holder": ["Budget holder"],
  Description: ["Description"],
};

const KIND_WORDS: Map<string, UnitKind> = (() => {
  const m = new Map<string, UnitKind>();
  const norm = (s: string) => s.toLowerCase().replace(/[\s_-]+/g, "");
  for (const k of UNIT_KINDS) {
    m.set(norm(k), k);
    m.set(norm(UNIT_KIND_LABELS[k]), k);
  }
  // Words trusts use for the same levels.
  m.set(norm("POD"), "pod");
  m.set(norm("Care group"), "division");
  m.set(norm("Board"), "board");
  m.set(norm("Corporate service"), "corporate");
  return m;
})();

/** The unit kind named by a spreadsheet cell (an id, a label or a common alias), or null. */
export function parseUnitKind(text: string): UnitKind | null {
  return KIND_WORDS.get(text.toLowerCase().replace(/[\s_-]+/g, "")) ?? null;
}

/** Reads "Role: Name; Role: Name" (a name may be empty for a role not yet filled). */
export function parseLeaders(text: string): { leaders: Leader[] } | { error: string } {
  const leaders: Leader[] = [];
  for (const part of text.split(/[;\n]/)) {
    const item = part.trim();
    if (!item) continue;
    const colon = item.indexOf(":");
    const role = colon < 0 ? "" : item.slice(0, colon).trim();
    if (!role) return { error: `Write each leader as Role: Name, separated by semicolons, for example "Clinical Lead: Dr A Rahman; Service Line Manager: G Lloyd". "${item}" has no role.` };
    leaders.push({ role, name: item.slice(colon + 1).trim() });
  }
  return { leaders };
}

/** Writes leaders the way parseLeaders reads them. */
export function formatLeaders(leaders: readonly Leader[]): string {
  return leaders.map((l) => `${l.role}: ${l.name}`.trim()).join("; ");
}

const kindName = (k: UnitKind) => UNIT_KIND_LABELS[k].toLowerCase();
const sameLeaders = (a: readonly Leader[], b: readonly Leader[]) =>
  a.length === b.length && a.every((l, i) => l.role.trim() === b[i]!.role && l.name.trim() === b[i]!.name);

interface ParsedRow {
  index: number;
  row: number;
  code: string;
  name: string;
  kindText: string;
  kind: UnitKind | null;
  parentCode: string;
  leaders?: Leader[];
  budgetHolder?: string;
  description?: string;
  existing?: Unit;
  /** Final id: the existing unit's, or a new one. */
  id?: string;
  /** Whether the row is sound enough to take part in the structure checks. */
  usable: boolean;
  hasError: boolean;
}

/**
 * Checks a structure spreadsheet against the current units and plans the changes: a row whose code
 * matches a unit (ignoring case) updates it; any other code adds a unit. A column left out of the
 * file leaves that field alone. Every problem is reported with its row; nothing is planned if any.
 */
export function planStructureImport(
  rows: readonly Record<string, string>[],
  current: readonly Unit[],
  opts: { rowNumbers?: readonly number[]; headers?: readonly string[] } = {},
): StructureImportPlan {
  const errors: StructureImportError[] = [];
  const summary = { added: 0, updated: 0, unchanged: 0 };
  const empty = (): StructureImportPlan => ({ changes: [], errors, summary, preview: [] });

  const headings = new Map<string, string>();
  for (const h of opts.headers ?? []) if (!headings.has(squash(h))) headings.set(squash(h), h);
  for (const r of rows) for (const h of Object.keys(r)) if (!headings.has(squash(h))) headings.set(squash(h), h);
  const column = (c: StructureColumn): string | undefined => {
    for (const alias of COLUMN_ALIASES[c]) {
      const h = headings.get(squash(alias));
      if (h !== undefined) return h;
    }
    return undefined;
  };
  const cols = Object.fromEntries(STRUCTURE_COLUMNS.map((c) => [c, column(c)])) as Record<StructureColumn, string | undefined>;
  for (const c of ["Code", "Name", "Kind"] as const) {
    if (cols[c] === undefined) errors.push({ row: 1, column: c, message: `The file has no ${c} column. The columns are: ${STRUCTURE_COLUMNS.join(", ")}.` });
  }
  if (errors.length) return empty();

  const cell = (r: Record<string, string>, c: StructureColumn) => {
    const h = cols[c];
    return h === undefined ? undefined : String(r[h] ?? "").trim();
  };
  const heading = (c: StructureColumn) => cols[c] ?? c;
  const fail = (p: ParsedRow, c: StructureColumn | undefined, message: string) => {
    errors.push({ row: p.row, ...(c ? { column: heading(c) } : {}), message });
    p.hasError = true;
  };

  const currentByCode = new Map<string, Unit>();
  for (const u of current) if (u.code.trim() && !currentByCode.has(codeKey(u.code))) currentByCode.set(codeKey(u.code), u);
  const currentById = new Map(current.map((u) => [u.id, u]));

  const parsed: ParsedRow[] = [];
  const fileByCode = new Map<string, ParsedRow>();
  rows.forEach((r, index) => {
    if (Object.values(r).every((v) => String(v ?? "").trim() === "")) return;
    const p: ParsedRow = {
      index,
      row: opts.rowNumbers?.[index] ?? index + 2,
      code: cell(r, "Code") ?? "",
      name: cell(r, "Name") ?? "",
      kindText: cell(r, "Kind") ?? "",
      kind: null,
      parentCode: cell(r, "Parent code") ?? "",
      usable: false,
      hasError: false,
    };
    parsed.push(p);

    if (!p.code) fail(p, "Code", "Enter a code for this unit.");
    if (!p.name) fail(p, "Name", "Enter a name for this unit.");
    else if (p.name.length > MAX_UNIT_NAME) fail(p, "Name", `The name must be ${MAX_UNIT_NAME} characters or fewer (it has ${p.name.length}).`);
    if (!p.kindText) fail(p, "Kind", `Enter the kind of unit: ${UNIT_KINDS.map((k) => UNIT_KIND_LABELS[k]).join(", ")}.`);
    else {
      p.kind = parseUnitKind(p.kindText);
      if (!p.kind) fail(p, "Kind", `"${p.kindText}" is not a kind of unit. Use one of: ${UNIT_KINDS.map((k) => UNIT_KIND_LABELS[k]).join(", ")}.`);
    }
    const leadersText = cell(r, "Leaders");
    if (leadersText !== undefined) {
      const l = parseLeaders(leadersText);
      if ("error" in l) fail(p, "Leaders", l.error);
      else p.leaders = l.leaders;
    }
    p.budgetHolder = cell(r, "Budget holder");
    p.description = cell(r, "Description");

    if (p.code) {
      const key = codeKey(p.code);
      const first = fileByCode.get(key);
      if (first) {
        fail(p, "Code", `Code ${p.code} is used more than once in the file (first on row ${first.row}). Each unit needs its own code.`);
        return;
      }
      fileByCode.set(key, p);
      p.existing = currentByCode.get(key);
      if (p.existing && p.kind && p.kind !== p.existing.kind) {
        fail(p, "Kind", `${p.existing.code} is a ${kindName(p.existing.kind)} in the structure, not a ${kindName(p.kind)}. An import cannot change a unit's kind: add a new unit with a new code instead.`);
        return;
      }
      if (p.kind) {
        p.usable = true;
        p.id = p.existing?.id ?? newId();
      }
    }
  });

  if (!parsed.length) {
    errors.push({ row: 0, message: "The file has headings but no units. Add a row for each unit and upload it again." });
    return empty();
  }

  // The structure as it would be after the import: parent and kind of every unit, by id.
  const finalParent = new Map<string, string | null>(current.map((u) => [u.id, u.parentId]));
  const finalKind = new Map<string, UnitKind>(current.map((u) => [u.id, u.kind]));
  const finalCode = new Map<string, string>(current.map((u) => [u.id, u.code]));
  const placeable: ParsedRow[] = [];
  for (const p of parsed) {
    if (!p.usable) continue;
    finalKind.set(p.id!, p.kind!);
    finalCode.set(p.id!, p.code);
    if (cols["Parent code"] === undefined) {
      if (!p.existing) finalParent.set(p.id!, null);
      placeable.push(p);
      continue;
    }
    if (!p.parentCode) {
      finalParent.set(p.id!, null);
      placeable.push(p);
      continue;
    }
    const inFile = fileByCode.get(codeKey(p.parentCode));
    // A refused row for a unit that exists leaves that unit as it is, so it can still be the parent.
    const parentId = inFile?.id ?? currentByCode.get(codeKey(p.parentCode))?.id;
    if (parentId) {
      finalParent.set(p.id!, parentId);
      placeable.push(p);
    } else if (!inFile) {
      fail(p, "Parent code", `Parent code ${p.parentCode} is not in the file or the structure.`);
    }
    // A parent row that is itself refused has its own error; checking placement under it would only add noise.
  }

  for (const p of placeable) {
    const id = p.id!;
    const kind = p.kind!;
    const parentId = finalParent.get(id) ?? null;
    if (kind === "board") {
      if (parentId !== null) fail(p, "Parent code", "A trust board sits at the top of the structure: leave its parent code empty.");
      continue;
    }
    const chain = [id];
    let cur = parentId;
    let cycle = false;
    while (cur !== null && chain.length <= finalParent.size + 1) {
      chain.push(cur);
      if (cur === id) {
        cycle = true;
        break;
      }
      cur = finalParent.get(cur) ?? null;
    }
    if (cycle) {
      const path = chain.map((u) => finalCode.get(u) ?? u).join(" → ");
      fail(p, "Parent code", `Parent code ${p.parentCode} would put ${p.code} under itself (${path}). Choose a parent above it.`);
      continue;
    }
    // placementError on the resulting structure, narrowed to the parent: cycles are ruled out above,
    // and scanning every unit for every row would be quadratic on a 20,000-row file.
    const parentUnit = parentId === null ? [] : [{ ...(currentById.get(parentId) ?? blankUnit(parentId)), kind: finalKind.get(parentId)! }];
    const err = placementError(parentUnit, null, kind, parentId);
    if (err) fail(p, parentId === null ? "Parent code" : "Kind", parentId === null ? `${err} Enter the code of the unit it sits under.` : err);
  }

  const changes: StructureChange[] = [];
  const preview: StructurePreviewRow[] = [];
  for (const p of parsed) {
    let action: StructurePreviewRow["action"] = "error";
    if (!p.hasError && p.usable) {
      const id = p.id!;
      const parentId = finalParent.get(id) ?? null;
      if (!p.existing) {
        changes.push({
          action: "add",
          row: p.row,
          unit: {
            id,
            code: p.code,
            name: p.name,
            kind: p.kind!,
            parentId,
            leaders: p.leaders ?? [],
            budgetHolder: p.budgetHolder ?? "",
            description: p.description ?? "",
          },
        });
        action = "add";
        summary.added++;
      } else {
        const u = p.existing;
        const patch: UnitPatch = {};
        if (p.code !== u.code.trim()) patch.code = p.code;
        if (p.name !== u.name.trim()) patch.name = p.name;
        if (p.leaders && !sameLeaders(u.leaders, p.leaders)) patch.leaders = p.leaders;
        if (p.budgetHolder !== undefined && p.budgetHolder !== u.budgetHolder.trim()) patch.budgetHolder = p.budgetHolder;
        const change: Extract<StructureChange, { action: "update" }> = { action: "update", row: p.row, id, code: p.code, patch };
        if (parentId !== null && parentId !== u.parentId) change.parentId = parentId;
        if (p.description !== undefined && p.description !== u.description.trim()) change.description = p.description;
        if (Object.keys(patch).length || change.parentId !== undefined || change.description !== undefined) {
          changes.push(change);
          action = "update";
          summary.updated++;
        } else {
          action = "unchanged";
          summary.unchanged++;
        }
      }
    }
    preview.push({ row: p.row, code: p.code, name: p.name, kind: p.kind ? UNIT_KIND_LABELS[p.kind] : p.kindText, parentCode: p.parentCode, action });
  }

  // Parents before children, so each add and move finds its parent already in place.
  const depth = depthOf(finalParent);
  const ordered = changes
    .map((c, i) => ({ c, i, d: depth(c.action === "add" ? c.unit.id : c.id) }))
    .sort((a, b) => a.d - b.d || a.i - b.i)
    .map((x) => x.c);
  errors.sort((a, b) => a.row - b.row);
  return { changes: errors.length ? [] : ordered, errors, summary, preview };
}

function blankUnit(id: string): Unit {
  return { id, code: "", name: "", kind: "board", parentId: null, description: "", leaders: [], budgetHolder: "", position: null, order: 0 };
}

/** Depth of each unit under a parent map (roots are 0); a cycle counts as a root so it cannot loop. */
export function depthOf(parent: ReadonlyMap<string, string | null>): (id: string) => number {
  const memo = new Map<string, number>();
  return function depth(id: string): number {
    const known = memo.get(id);
    if (known !== undefined) return known;
    const path: string[] = [];
    const onPath = new Set<string>();
    let cur: string | null | undefined = id;
    let base = 0;
    while (cur != null) {
      const m = memo.get(cur);
      if (m !== undefined) {
        base = m + 1;
        break;
      }
      if (onPath.has(cur)) break;
      onPath.add(cur);
      path.push(cur);
      cur = parent.get(cur);
    }
    for (let i = path.length - 1; i >= 0; i--) memo.set(path[i]!, base + (path.length - 1 - i));
    return memo.get(id)!;
  };
}

/** The structure as spreadsheet rows with STRUCTURE_COLUMNS, each parent before its children. */
export function structureToRows(structure: Pick<Structure, "units">): Record<StructureColumn, string>[] {
  const { byId, children } = indexStructure(structure.units);
  const out: Record<StructureColumn, string>[] = [];
  const done = new Set<string>();
  const visit = (u: Unit) => {
    if (done.has(u.id)) return;
    done.add(u.id);
    const parent = u.parentId ? byId.get(u.parentId) : undefined;
    out.push({
      Code: u.code,
      Name: u.name,
      Kind: UNIT_KIND_LABELS[u.kind],
      "Parent code": parent?.code ?? "",
      Leaders: formatLeaders(u.leaders),
      "Budget holder": u.budgetHolder,
      Description: u.description,
    });
    for (const c of children.get(u.id) ?? []) visit(c);
  };
  for (const root of children.get(null) ?? []) visit(root);
  // Units caught in a cycle are unreachable from a root; list them rather than lose them.
  for (const u of structure.units) visit(u);
  return out;
}
