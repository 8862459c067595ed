import * as Y from "yjs";
import { isUnitKind, placementError, type Leader, type Structure, type SupportLink, type Unit, type UnitKind } from "../structure/model";

/**
 * The structure document's schema. Top-level:
 *   meta   Y.Map  { trustName }
 *   units  Y.Map<unitId, Y.Map>   one map per unit holding only meaningful fields, so two people
 *                                  editing different fields of one unit both keep their change
 *   links  Y.Map<linkId, Y.Map>   corporate support links
 * A unit map: code, name, kind, parentId, description (Y.Text), leaders (JSON array), budgetHolder,
 * position ({x,y} or null), order. View state (selection, viewport, dragging) never enters it.
 */
const K = {
  meta: "meta",
  units: "units",
  links: "links",
  trustName: "trustName",
} as const;

type UnitField = "code" | "name" | "kind" | "parentId" | "description" | "leaders" | "budgetHolder" | "position" | "order";
type LinkField = "fromId" | "toId" | "description";

export const structureMeta = (doc: Y.Doc) => doc.getMap<unknown>(K.meta);
export const structureUnits = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>(K.units);
export const structureLinks = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>(K.links);

const str = (v: unknown, fallback = "") => (typeof v === "string" ? v : fallback);
const num = (v: unknown, fallback = 0) => (typeof v === "number" && Number.isFinite(v) ? v : fallback);

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
  const bytes = new Uint8Array(9);
  globalThis.crypto.getRandomValues(bytes);
  return prefix + "_" + Array.from(bytes, (b) => b.toString(36).padStart(2, "0")).join("").slice(0, 14);
}

export type NewUnit = Omit<Unit, "id" | "description" | "position" | "order"> &
  Partial<Pick<Unit, "id" | "description" | "position" | "order">>;

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
    const all = new Set<string>([id]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const u of units) if (u.parentId && all.has(u.parentId) && !all.has(u.id)) (all.add(u.id), (grew = true));
    }
    removed = all;
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
