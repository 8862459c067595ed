/** The kinds of unit in a trust's service-line structure, from the top down. */
export const UNIT_KINDS = ["board", "division", "service_line", "sub_service_line", "pod", "corporate"] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const UNIT_KIND_LABELS: Record<UnitKind, string> = {
  board: "Trust board",
  division: "Division",
  service_line: "Service line",
  sub_service_line: "Sub-service line",
  pod: "Point of delivery",
  corporate: "Corporate support service",
};

/** Which kinds each kind may sit under; Monitor's framework reads top-down, so nothing goes upward. */
export const ALLOWED_PARENTS: Record<UnitKind, readonly UnitKind[]> = {
  board: [],
  division: ["board"],
  service_line: ["division", "board"],
  sub_service_line: ["service_line"],
  pod: ["service_line", "sub_service_line"],
  corporate: ["board", "division"],
};

/** Leader roles a new unit of each kind starts with (a division's triumvirate, a line's leads). */
export const DEFAULT_LEADER_ROLES: Record<UnitKind, readonly string[]> = {
  board: ["Chair", "Chief Executive"],
  division: ["Managing Director", "Clinical Director", "Head of Nursing"],
  service_line: ["Clinical Lead", "Service Line Manager", "Finance Business Partner"],
  sub_service_line: ["Clinical Lead", "Manager"],
  pod: ["Lead"],
  corporate: ["Director"],
};

export interface Leader {
  role: string;
  name: string;
}

export interface Unit {
  id: string;
  code: string;
  name: string;
  kind: UnitKind;
  parentId: string | null;
  description: string;
  leaders: Leader[];
  budgetHolder: string;
  /** A manual nudge of the automatic layout, or null for where the layout puts it. */
  position: { x: number; y: number } | null;
  /** Sort key among siblings. */
  order: number;
}

/** A corporate service supporting a service line, with what it provides. */
export interface SupportLink {
  id: string;
  fromId: string;
  toId: string;
  description: string;
}

export interface Structure {
  trustName: string;
  units: Unit[];
  links: SupportLink[];
}

export function isUnitKind(value: unknown): value is UnitKind {
  return typeof value === "string" && (UNIT_KINDS as readonly string[]).includes(value);
}

/** The leader holding a role whose title contains `needle` (case-insensitive), for node summaries. */
export function leaderByRole(unit: Pick<Unit, "leaders">, needle: string): Leader | undefined {
  const n = needle.toLowerCase();
  return unit.leaders.find((l) => l.role.toLowerCase().includes(n));
}

/** Units by id, and children by parent id in sibling order. */
export function indexStructure(units: readonly Unit[]) {
  const byId = new Map(units.map((u) => [u.id, u]));
  const children = new Map<string | null, Unit[]>();
  for (const u of units) {
    const key = u.parentId && byId.has(u.parentId) ? u.parentId : null;
    const list = children.get(key) ?? [];
    list.push(u);
    children.set(key, list);
  }
  for (const list of children.values()) list.sort((a, b) => a.order - b.order || a.name.localeCompare(b.name));
  return { byId, children };
}

/**
 * The ids above a unit, nearest first, stopping at a root, a missing parent or a unit already seen:
 * data that is already bad (a cycle a stock client wrote before the server checked) cannot hang a
 * walk. `max` bounds it further.
 */
export function ancestorIds(parentOf: (id: string) => string | null | undefined, id: string, max = 10_000): string[] {
  const out: string[] = [];
  const seen = new Set<string>([id]);
  for (let p = parentOf(id); p && !seen.has(p) && out.length < max; p = parentOf(p)) {
    seen.add(p);
    out.push(p);
  }
  return out;
}

/** Ids of a unit and everything below it. */
export function descendantIds(units: readonly Unit[], id: string): Set<string> {
  const { children } = indexStructure(units);
  const out = new Set<string>();
  const stack = [id];
  while (stack.length) {
    const cur = stack.pop()!;
    if (out.has(cur)) continue;
    out.add(cur);
    for (const c of children.get(cur) ?? []) stack.push(c.id);
  }
  return out;
}

/**
 * Why a unit of `kind` cannot sit under `parentId`, or null if it can. Rejects a cycle (a unit under
 * itself or its own descendant), a kind out of order (a point of delivery above a service line) and
 * a parent that is not in this structure (another trust's unit).
 */
export function placementError(units: readonly Unit[], id: string | null, kind: UnitKind, parentId: string | null): string | null {
  if (parentId === null) {
    return kind === "board" ? null : `A ${UNIT_KIND_LABELS[kind].toLowerCase()} needs a parent.`;
  }
  const parent = units.find((u) => u.id === parentId);
  if (!parent) return "The chosen parent is not part of this trust's structure.";
  if (id !== null && descendantIds(units, id).has(parentId)) {
    return "A unit cannot be moved under itself or one of its own units.";
  }
  if (!ALLOWED_PARENTS[kind].includes(parent.kind)) {
    const allowed = ALLOWED_PARENTS[kind].map((k) => UNIT_KIND_LABELS[k].toLowerCase()).join(" or ");
    return `A ${UNIT_KIND_LABELS[kind].toLowerCase()} must sit under a ${allowed}, not a ${UNIT_KIND_LABELS[parent.kind].toLowerCase()}.`;
  }
  return null;
}

/** Every invariant breach in a whole structure (used after imports and in tests). */
export function structureErrors(structure: Structure): string[] {
  const errors: string[] = [];
  const codes = new Map<string, string>();
  for (const u of structure.units) {
    const code = u.code.trim().toUpperCase();
    if (!code) errors.push(`${u.name} has no code.`);
    else if (codes.has(code)) errors.push(`Code ${u.code} is used by both ${codes.get(code)} and ${u.name}.`);
    else codes.set(code, u.name);
    const err = placementError(structure.units, u.id, u.kind, u.parentId);
    if (err) errors.push(`${u.name}: ${err}`);
  }
  const ids = new Set(structure.units.map((u) => u.id));
  for (const l of structure.links) {
    if (!ids.has(l.fromId) || !ids.has(l.toId)) errors.push("A support link points at a unit that no longer exists.");
  }
  return errors;
}

/** An invariant breach with a stable key (see shared/collab/ytools.ts Problem). */
export interface TreeProblem {
  key: string;
  message: string;
}

/**
 * The breaches of "one tree": exactly one trust board at the top, every other unit under a parent
 * that exists and whose kind it may sit under (Monitor's SLM framework Part 4 §2 reads top-down:
 * trust, divisions, service lines, sub-service lines, points of delivery), and no cycles. Linear in
 * the number of units, so the server can check every update of a 10,000-unit structure.
 */
export function treeProblems(units: readonly Pick<Unit, "id" | "kind" | "parentId" | "name">[]): TreeProblem[] {
  const problems: TreeProblem[] = [];
  const byId = new Map(units.map((u) => [u.id, u]));
  const boards = units.filter((u) => u.kind === "board");
  if (units.length > 0 && boards.length === 0) problems.push({ key: "board:none", message: "The structure needs a trust board at the top." });
  if (boards.length > 1) problems.push({ key: "board:many", message: "The structure has more than one trust board." });
  // 1 = on the walk now, 2 = known to reach the top. A walk that meets a 1 has found a cycle.
  const state = new Map<string, 1 | 2>();
  for (const start of units) {
    if (state.has(start.id)) continue;
    const path: string[] = [];
    let cur: string | null = start.id;
    while (cur !== null && !state.has(cur)) {
      state.set(cur, 1);
      path.push(cur);
      const parent: string | null = byId.get(cur)?.parentId ?? null;
      cur = parent !== null && byId.has(parent) ? parent : null;
    }
    if (cur !== null && state.get(cur) === 1) {
      const loop = path.slice(path.indexOf(cur));
      const names = loop.map((id) => byId.get(id)!.name).join(", ");
      for (const id of loop) problems.push({ key: `unit:${id}:cycle`, message: `${byId.get(id)!.name} sits under itself (${names}).` });
    }
    for (const id of path) state.set(id, 2);
  }
  for (const u of units) {
    if (u.kind === "board") {
      if (u.parentId !== null) problems.push({ key: `unit:${u.id}:parent`, message: "The trust board sits at the top, under nothing." });
      continue;
    }
    if (u.parentId === null) {
      problems.push({ key: `unit:${u.id}:parent`, message: `${u.name} needs a parent.` });
      continue;
    }
    const parent = byId.get(u.parentId);
    if (!parent) {
      problems.push({ key: `unit:${u.id}:parent`, message: `${u.name} sits under a unit that does not exist.` });
      continue;
    }
    if (!ALLOWED_PARENTS[u.kind].includes(parent.kind)) {
      const allowed = ALLOWED_PARENTS[u.kind].map((k) => UNIT_KIND_LABELS[k].toLowerCase()).join(" or ");
      problems.push({ key: `unit:${u.id}:kind`, message: `${u.name}: a ${UNIT_KIND_LABELS[u.kind].toLowerCase()} must sit under a ${allowed}, not a ${UNIT_KIND_LABELS[parent.kind].toLowerCase()}.` });
    }
  }
  return problems;
}
