import * as Y from "yjs";
import { ALLOWED_PARENTS, ancestorIds, descendantIds, isUnitKind, placementError, treeProblems, type Leader, type Structure, type SupportLink, type Unit, type UnitKind } from "../structure/model";
import { isId, newId as freshId, num, str, type Problem } from "./ytools";
import { wasDeleted } from "./yjs-internals";

/**
 * The structure document's schema. Top-level:
 *   meta   Y.Map  { trustName }
 *   units  Y.Map<unitId, Y.Map>   one map per unit holding only meaningful fields, so two people
 *                                  editing different fields of one unit both keep their change
 *   links  Y.Map<linkId, Y.Map>   corporate support links
 * A unit map: code, name, kind, parentId, description (Y.Text), leaders (JSON array), budgetHolder,
 * position ({x,y} or null), order, and createdBy (the user id of the person who added it, written
 * once when it is added and checked by the server to be theirs; absent on units older than that).
 * View state (selection, viewport, dragging) never enters it.
 */
const K = {
  meta: "meta",
  units: "units",
  links: "links",
  trustName: "trustName",
} as const;

type UnitField = "code" | "name" | "kind" | "parentId" | "description" | "leaders" | "budgetHolder" | "position" | "order";
type LinkField = "fromId" | "toId" | "description";

/** The top-level types of the structure document; anything else a client writes is refused. */
export const STRUCTURE_ROOTS = [K.meta, K.units, K.links] as const;

export const structureMeta = (doc: Y.Doc) => doc.getMap<unknown>(K.meta);
export const structureUnits = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>(K.units);
export const structureLinks = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>(K.links);


function readLeaders(v: unknown): Leader[] {
  if (!Array.isArray(v)) return [];
  return v
    .filter((l): l is { role: unknown; name: unknown } => typeof l === "object" && l !== null)
    .map((l) => ({ role: str(l.role), name: str(l.name) }));
}

function readPosition(v: unknown): Unit["position"] {
  if (typeof v !== "object" || v === null) return null;
  const p = v as { x?: unknown; y?: unknown };
  return typeof p.x === "number" && typeof p.y === "number" && Number.isFinite(p.x) && Number.isFinite(p.y) ? { x: p.x, y: p.y } : null;
}

/** Reads one unit map, or null when it lacks what makes a unit (a stock client could write junk). */
export function readUnit(id: string, m: Y.Map<unknown>): Unit | null {
  const kind = m.get("kind");
  if (!isUnitKind(kind)) return null;
  const description = m.get("description");
  return {
    id,
    code: str(m.get("code")),
    name: str(m.get("name"), "Untitled"),
    kind,
    parentId: typeof m.get("parentId") === "string" ? (m.get("parentId") as string) : null,
    description: description instanceof Y.Text ? description.toString() : str(description),
    leaders: readLeaders(m.get("leaders")),
    budgetHolder: str(m.get("budgetHolder")),
    position: readPosition(m.get("position")),
    order: num(m.get("order")),
  };
}

/** A plain, validated snapshot of the whole structure document. */
export function readStructure(doc: Y.Doc): Structure {
  const units: Unit[] = [];
  structureUnits(doc).forEach((m, id) => {
    if (!(m instanceof Y.Map)) return;
    const u = readUnit(id, m);
    if (u) units.push(u);
  });
  const links: SupportLink[] = [];
  structureLinks(doc).forEach((m, id) => {
    if (!(m instanceof Y.Map)) return;
    const fromId = str(m.get("fromId"));
    const toId = str(m.get("toId"));
    if (fromId && toId) links.push({ id, fromId, toId, description: str(m.get("description")) });
  });
  return { trustName: str(structureMeta(doc).get(K.trustName)), units, links };
}

export function setTrustName(doc: Y.Doc, name: string) {
  structureMeta(doc).set(K.trustName, name);
}

/** A fresh unique id for a unit or link (works in browsers and Node). */
export function newId(prefix = "u"): string {
  return freshId(prefix);
}

export type NewUnit = Omit<Unit, "id" | "description" | "position" | "order"> &
  Partial<Pick<Unit, "id" | "description" | "position" | "order">> & {
    /** The user id of the person adding it (the server refuses anyone else's). */
    createdBy?: string;
  };

/** The unit field that records who added it (see the schema above). */
export const UNIT_CREATED_BY = "createdBy";

/** Adds a unit after checking where it may sit; returns the new id or an error message. */
export function addUnit(doc: Y.Doc, unit: NewUnit, origin?: unknown): { id: string } | { error: string } {
  const current = readStructure(doc).units;
  const err = placementError(current, null, unit.kind, unit.parentId);
  if (err) return { error: err };
  const id = unit.id ?? newId();
  if (structureUnits(doc).has(id)) return { error: "A unit with that id already exists." };
  const siblings = current.filter((u) => u.parentId === unit.parentId);
  doc.transact(() => {
    const m = new Y.Map<unknown>();
    m.set("code", unit.code);
    m.set("name", unit.name);
    m.set("kind", unit.kind);
    m.set("parentId", unit.parentId);
    m.set("description", new Y.Text(unit.description ?? ""));
    m.set("leaders", unit.leaders);
    m.set("budgetHolder", unit.budgetHolder);
    m.set("position", unit.position ?? null);
    m.set("order", unit.order ?? (siblings.length ? Math.max(...siblings.map((s) => s.order)) + 1 : 0));
    if (unit.createdBy) m.set(UNIT_CREATED_BY, unit.createdBy);
    structureUnits(doc).set(id, m);
  }, origin);
  return { id };
}

export type UnitPatch = Partial<Pick<Unit, "code" | "name" | "leaders" | "budgetHolder" | "position" | "order">>;

/** Sets only the fields given, each as its own key, so concurrent edits of other fields survive. */
export function updateUnit(doc: Y.Doc, id: string, patch: UnitPatch, origin?: unknown): boolean {
  const m = structureUnits(doc).get(id);
  if (!(m instanceof Y.Map)) return false;
  doc.transact(() => {
    for (const [key, value] of Object.entries(patch) as [UnitField, unknown][]) {
      if (value === undefined) continue;
      const prev = m.get(key);
      if (JSON.stringify(prev) !== JSON.stringify(value)) m.set(key, value);
    }
  }, origin);
  return true;
}

/** The collaboratively edited description of a unit (created on first use for older units). */
export function unitDescription(doc: Y.Doc, id: string): Y.Text | null {
  const m = structureUnits(doc).get(id);
  if (!(m instanceof Y.Map)) return null;
  const d = m.get("description");
  if (d instanceof Y.Text) return d;
  const text = new Y.Text(str(d));
  m.set("description", text);
  return text;
}

/** Moves a unit under another parent, refusing cycles and kinds out of order. */
export function moveUnit(doc: Y.Doc, id: string, parentId: string, origin?: unknown): { ok: true } | { error: string } {
  const units = readStructure(doc).units;
  const unit = units.find((u) => u.id === id);
  if (!unit) return { error: "That unit no longer exists." };
  const err = placementError(units, id, unit.kind, parentId);
  if (err) return { error: err };
  const m = structureUnits(doc).get(id)!;
  const siblings = units.filter((u) => u.parentId === parentId && u.id !== id);
  doc.transact(() => {
    m.set("parentId", parentId);
    m.set("order", siblings.length ? Math.max(...siblings.map((s) => s.order)) + 1 : 0);
  }, origin);
  return { ok: true };
}

/**
 * Deletes a unit. Its children either move up to its parent (`reparent`, refused when a child's kind
 * cannot sit there) or go with it (`cascade`). Support links touching removed units go too.
 */
export function deleteUnit(doc: Y.Doc, id: string, children: "reparent" | "cascade", origin?: unknown): { ok: true } | { error: string } {
  const units = readStructure(doc).units;
  const unit = units.find((u) => u.id === id);
  if (!unit) return { error: "That unit no longer exists." };
  const kids = units.filter((u) => u.parentId === id);
  let removed: Set<string>;
  if (children === "reparent") {
    for (const k of kids) {
      const err = placementError(units.filter((u) => u.id !== id), k.id, k.kind, unit.parentId);
      if (err) return { error: `${k.name} cannot move up: ${err}` };
    }
    removed = new Set([id]);
  } else {
    removed = descendantIds(units, id);
  }
  doc.transact(() => {
    if (children === "reparent") for (const k of kids) structureUnits(doc).get(k.id)?.set("parentId", unit.parentId);
    for (const rid of removed) structureUnits(doc).delete(rid);
    structureLinks(doc).forEach((m, lid) => {
      if (removed.has(str(m.get("fromId"))) || removed.has(str(m.get("toId")))) structureLinks(doc).delete(lid);
    });
  }, origin);
  return { ok: true };
}

/** Adds a support link from a corporate service to a service line. */
export function addSupportLink(doc: Y.Doc, link: Omit<SupportLink, "id"> & { id?: string }, origin?: unknown): { id: string } | { error: string } {
  const units = readStructure(doc).units;
  const from = units.find((u) => u.id === link.fromId);
  const to = units.find((u) => u.id === link.toId);
  if (!from || !to) return { error: "Both units must exist." };
  if (from.kind !== "corporate") return { error: "Only a corporate support service can support another unit." };
  if (to.kind === "corporate" || to.kind === "board") return { error: "A corporate service supports a division, service line or finer unit." };
  const id = link.id ?? newId("l");
  doc.transact(() => {
    const m = new Y.Map<unknown>();
    const fields: Record<LinkField, string> = { fromId: link.fromId, toId: link.toId, description: link.description };
    for (const [k, v] of Object.entries(fields)) m.set(k, v);
    structureLinks(doc).set(id, m);
  }, origin);
  return { id };
}

export function removeSupportLink(doc: Y.Doc, id: string, origin?: unknown) {
  doc.transact(() => structureLinks(doc).delete(id), origin);
}

export type { UnitKind };

// Invariants and repair -----------------------------------------------------------------------------

/** Most units and links a structure may hold: twice the 10,000-unit document the benchmarks load. */
export const STRUCTURE_CAPS = { units: 20_000, links: 20_000, leadersPerUnit: 50 } as const;

const isOptional = (v: unknown, test: (v: unknown) => boolean) => v === undefined || test(v);
const isStr = (v: unknown) => typeof v === "string";
const isText = (v: unknown) => typeof v === "string" || v instanceof Y.Text;
const isLeaders = (v: unknown) =>
  Array.isArray(v) && v.length <= STRUCTURE_CAPS.leadersPerUnit && v.every((l) => typeof l === "object" && l !== null && isStr((l as Leader).role) && isStr((l as Leader).name));
const isPosition = (v: unknown) => v === null || (typeof v === "object" && v !== null && Number.isFinite((v as { x: unknown }).x) && Number.isFinite((v as { y: unknown }).y));

/**
 * A unit's fields that no tree rule reads (kind and parentId are the ones that do), each with the
 * type check structureProblems applies to it: the server checks updates that only set these alone.
 */
export const UNIT_LOCAL_FIELDS: Readonly<Record<string, (v: unknown) => boolean>> = {
  code: isStr,
  name: isStr,
  description: isText,
  leaders: isLeaders,
  budgetHolder: isStr,
  position: isPosition,
  order: (v) => typeof v === "number" && Number.isFinite(v),
};

/**
 * What the server refuses to let an update leave in the structure: one tree (a single trust board,
 * no cycles, every unit under a parent that exists and that its kind may sit under), entries that are
 * units and links with fields of the right type, support links between units that exist, and sizes
 * within STRUCTURE_CAPS.
 */
export function structureProblems(doc: Y.Doc): Problem[] {
  const problems: Problem[] = [];
  const add = (key: string, message: string) => problems.push({ key, message });
  const units = structureUnits(doc);
  const links = structureLinks(doc);
  if (units.size > STRUCTURE_CAPS.units) add("units:cap", `A structure may hold at most ${STRUCTURE_CAPS.units.toLocaleString("en-GB")} units.`);
  if (links.size > STRUCTURE_CAPS.links) add("links:cap", `A structure may hold at most ${STRUCTURE_CAPS.links.toLocaleString("en-GB")} support links.`);
  if (!isOptional(structureMeta(doc).get(K.trustName), isStr)) add("meta:trustName", "The trust's name must be text.");
  const valid: Unit[] = [];
  units.forEach((m, id) => {
    if (!isId(id) || !(m instanceof Y.Map)) return add(`unit:${id}`, "A unit entry is not a unit.");
    const u = readUnit(id, m);
    if (!u) return add(`unit:${id}`, "Every unit is a trust board, division, service line, sub-service line, point of delivery or corporate service.");
    const fieldsOk =
      isOptional(m.get("code"), isStr) &&
      isOptional(m.get("name"), isStr) &&
      isOptional(m.get("parentId"), (v) => v === null || isStr(v)) &&
      isOptional(m.get("description"), isText) &&
      isOptional(m.get("leaders"), isLeaders) &&
      isOptional(m.get("budgetHolder"), isStr) &&
      isOptional(m.get("position"), isPosition) &&
      isOptional(m.get("order"), (v) => typeof v === "number" && Number.isFinite(v)) &&
      isOptional(m.get(UNIT_CREATED_BY), isStr);
    if (!fieldsOk) add(`unit:${id}:fields`, `${u.name}: a field holds a value of the wrong type.`);
    valid.push(u);
  });
  // A unit under a unit that was deleted (added offline while someone deleted its parent) is an
  // orphan to place, and says so in words a person can act on.
  for (const p of treeProblems(valid)) {
    const orphan = /^unit:(.+):parent$/.exec(p.key)?.[1];
    const u = orphan ? valid.find((v) => v.id === orphan) : undefined;
    if (u?.parentId && wasDeleted(units, u.parentId)) problems.push({ key: p.key, message: `${u.name} needs a parent: the unit it was added under has been deleted.` });
    else problems.push(p);
  }
  const kinds = new Map(valid.map((u) => [u.id, u.kind]));
  links.forEach((m, id) => {
    if (!isId(id) || !(m instanceof Y.Map)) return add(`link:${id}`, "A support link entry is not a link.");
    const from = kinds.get(str(m.get("fromId")));
    const to = kinds.get(str(m.get("toId")));
    if (!from || !to) return add(`link:${id}`, "A support link joins two units that exist.");
    if (from !== "corporate" || to === "corporate" || to === "board") add(`link:${id}:kinds`, "A support link runs from a corporate service to a division, service line or finer unit.");
    if (!isOptional(m.get("description"), isStr)) add(`link:${id}:fields`, "A support link's description must be text.");
  });
  return problems;
}

/** A unit with no parent in the structure: a problem for people to resolve by placing it. */
export interface Orphan {
  id: string;
  name: string;
  kind: UnitKind;
  /** The parent it names, which no longer exists (null when it names none). */
  parentId: string | null;
  /** True when that parent was a unit of this structure that someone deleted. */
  parentDeleted: boolean;
  /** The user id of the person who added it, when recorded. */
  createdBy: string | null;
}

const NO_ORPHANS: Orphan[] = [];

/** Every unit other than the board whose parent is missing, in a stable order. */
export function readOrphans(doc: Y.Doc): Orphan[] {
  const units = structureUnits(doc);
  const out: Orphan[] = [];
  units.forEach((m, id) => {
    if (!(m instanceof Y.Map)) return;
    const u = readUnit(id, m);
    if (!u || u.kind === "board") return;
    const parent = u.parentId ? units.get(u.parentId) : undefined;
    if (parent instanceof Y.Map && readUnit(u.parentId!, parent)) return;
    const by = m.get(UNIT_CREATED_BY);
    out.push({ id, name: u.name, kind: u.kind, parentId: u.parentId, parentDeleted: !!u.parentId && wasDeleted(units, u.parentId), createdBy: typeof by === "string" ? by : null });
  });
  return out.length ? out.sort((a, b) => (a.id < b.id ? -1 : 1)) : NO_ORPHANS;
}

/**
 * The unit a breach may be left on when the update that leaves it creates that unit: a unit added
 * under a parent that someone else deleted meanwhile (the adder was offline). Refusing it would
 * silently lose the person's work (issue 16, "Deleting a unit while someone offline adds a child
 * under it … show orphans as a problem to resolve, with the person who made them told"), so the
 * server keeps it as an orphan and the screen asks for a place. A unit under an id this structure
 * never held, or an existing unit moved under a deleted one, is still refused.
 */
export function orphanTolerated(p: Problem, doc: Y.Doc): string | null {
  const id = /^unit:(.+):parent$/.exec(p.key)?.[1];
  if (!id) return null;
  const m = structureUnits(doc).get(id);
  const parentId = m instanceof Y.Map ? m.get("parentId") : undefined;
  return typeof parentId === "string" && wasDeleted(structureUnits(doc), parentId) ? id : null;
}

/**
 * Mends a structure that already breaks the rules (written before the server checked updates):
 * entries that are not units or links are removed; a missing trust board is created; every other
 * misplaced unit (in a cycle, under a missing parent or under the wrong kind) moves to its nearest
 * ancestor it may sit under, else to the trust board, else to the first unit of a kind it may sit
 * under. Nothing valid is deleted. Returns what it changed, in plain English, for the audit trail.
 */
export function repairStructure(doc: Y.Doc, origin?: unknown): string[] {
  const changes: string[] = [];
  doc.transact(() => {
    const units = structureUnits(doc);
    units.forEach((m, id) => {
      if (!isId(id) || !(m instanceof Y.Map) || !readUnit(id, m)) {
        units.delete(id);
        changes.push(`Removed an entry (${id.slice(0, 40)}) that was not a unit.`);
      }
    });
    let all = readStructure(doc).units;
    let boards = all.filter((u) => u.kind === "board").sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : 1));
    if (boards.length === 0 && all.length > 0) {
      const id = freshId("u");
      const m = new Y.Map<unknown>();
      const fields: Record<string, unknown> = { code: "BOARD", name: "Trust board", kind: "board", parentId: null, leaders: [], budgetHolder: "", position: null, order: 0 };
      for (const [k, v] of Object.entries(fields)) m.set(k, v);
      m.set("description", new Y.Text(""));
      units.set(id, m);
      changes.push("Added a trust board at the top of the structure.");
      all = readStructure(doc).units;
      boards = all.filter((u) => u.kind === "board");
    }
    const board = boards[0];
    for (const extra of boards.slice(1)) {
      units.get(extra.id)?.set("kind", "division");
      units.get(extra.id)?.set("parentId", board.id);
      changes.push(`${extra.name} was a second trust board; it is now a division under ${board.name}.`);
    }
    if (board && board.parentId !== null) {
      units.get(board.id)?.set("parentId", null);
      changes.push(`${board.name} is back at the top of the structure.`);
    }
    // Each pass fixes the first misplaced unit; a fix never creates a new breach, so this ends.
    for (let pass = 0; pass <= all.length; pass++) {
      const current = readStructure(doc).units;
      const byId = new Map(current.map((u) => [u.id, u]));
      const bad = treeProblems(current).map((p) => /^unit:(.+):(cycle|parent|kind)$/.exec(p.key)?.[1]).find((id): id is string => !!id && byId.get(id)?.kind !== "board");
      if (!bad) break;
      const unit = byId.get(bad)!;
      const fits = (p: Unit | undefined) => !!p && ALLOWED_PARENTS[unit.kind].includes(p.kind) && !placementError(current, unit.id, unit.kind, p.id);
      const target =
        ancestorIds((id) => byId.get(id)?.parentId, unit.id).map((id) => byId.get(id)).find(fits) ??
        (fits(board) ? board : undefined) ??
        current.find((u) => u.id !== unit.id && fits(u));
      if (!target) {
        // Nothing it may sit under exists (a point of delivery with no service line): lift it to a service line.
        units.get(unit.id)?.set("kind", "service_line");
        units.get(unit.id)?.set("parentId", board?.id ?? null);
        changes.push(`${unit.name} had nowhere it could sit, so it is now a service line under ${board?.name ?? "the board"}.`);
        continue;
      }
      units.get(unit.id)?.set("parentId", target.id);
      changes.push(`Moved ${unit.name} under ${target.name}.`);
    }
    const kinds = new Map(readStructure(doc).units.map((u) => [u.id, u.kind]));
    const links = structureLinks(doc);
    links.forEach((m, id) => {
      const from = m instanceof Y.Map ? kinds.get(str(m.get("fromId"))) : undefined;
      const to = m instanceof Y.Map ? kinds.get(str(m.get("toId"))) : undefined;
      if (!isId(id) || from !== "corporate" || !to || to === "corporate" || to === "board") {
        links.delete(id);
        changes.push("Removed a support link that did not join a corporate service to a unit it can support.");
      }
    });
  }, origin);
  return changes;
}
