import type * as Y from "yjs";
import { depthOf, type StructureChange } from "../structure/import";
import { placementError, UNIT_KIND_LABELS, type Unit, type UnitKind } from "../structure/model";
import { addUnit, moveUnit, readStructure, unitDescription, updateUnit } from "./structure-doc";

export type ApplyImportResult = { ok: true; added: number; updated: number } | { ok: false; error: string };

const STALE = "The structure has changed since the file was checked";

/**
 * Applies a plan from planStructureImport in one transaction (one Undo step, one update for every
 * other client). The plan is checked against the document as it is now first, because someone may
 * have edited the structure since the file was checked; if it no longer fits, nothing changes.
 */
export function applyStructureImport(doc: Y.Doc, changes: readonly StructureChange[], origin?: unknown): ApplyImportResult {
  const units = readStructure(doc).units;
  const byId = new Map(units.map((u) => [u.id, u]));
  const codes = new Map(units.map((u) => [u.code.trim().toUpperCase(), u]));
  const parent = new Map<string, string | null>(units.map((u) => [u.id, u.parentId]));
  const kind = new Map<string, UnitKind>(units.map((u) => [u.id, u.kind]));
  const code = new Map<string, string>(units.map((u) => [u.id, u.code]));

  for (const c of changes) {
    if (c.action === "add") {
      const key = c.unit.code.trim().toUpperCase();
      if (byId.has(c.unit.id) || codes.has(key)) return { ok: false, error: `${STALE}: a unit with code ${c.unit.code} now exists. Check the file again.` };
      codes.set(key, { ...c.unit, position: null, order: 0 } as Unit);
      parent.set(c.unit.id, c.unit.parentId);
      kind.set(c.unit.id, c.unit.kind);
      code.set(c.unit.id, c.unit.code);
    } else {
      if (!byId.has(c.id)) return { ok: false, error: `${STALE}: ${c.code} has been deleted. Check the file again.` };
      if (c.parentId !== undefined) parent.set(c.id, c.parentId);
      if (c.patch.code !== undefined) code.set(c.id, c.patch.code);
    }
  }

  const depth = depthOf(parent);
  const placed = changes.filter((c) => c.action === "add" || c.parentId !== undefined);
  for (const c of placed) {
    const id = c.action === "add" ? c.unit.id : c.id;
    const k = kind.get(id)!;
    const p = parent.get(id) ?? null;
    // Walk up the final tree: reaching the unit again means a cycle, and the walk must end at a root.
    const seen = new Set<string>([id]);
    for (let cur = p; cur !== null; cur = parent.get(cur) ?? null) {
      if (seen.has(cur)) return { ok: false, error: `${STALE}: ${code.get(id)} would sit under itself. Check the file again.` };
      seen.add(cur);
    }
    const parentUnit: Unit[] = p !== null && kind.has(p) ? [{ id: p, kind: kind.get(p)! } as Unit] : [];
    const err = placementError(parentUnit, null, k, p);
    if (err) return { ok: false, error: `${STALE}: ${code.get(id)} (${UNIT_KIND_LABELS[k].toLowerCase()}): ${err} Check the file again.` };
  }

  // Parents before children: an add or a move under a new unit then always finds its parent in place.
  const ordered = changes
    .map((c, i) => ({ c, i, d: depth(c.action === "add" ? c.unit.id : c.id) }))
    .sort((a, b) => a.d - b.d || a.i - b.i)
    .map((x) => x.c);

  let added = 0;
  let updated = 0;
  doc.transact(() => {
    for (const c of ordered) {
      if (c.action === "add") {
        const res = addUnit(doc, c.unit, origin);
        // Checked above; reaching this means a bug, and a half-applied import must not pass silently.
        if ("error" in res) throw new Error(`import add ${c.unit.code}: ${res.error}`);
        added++;
        continue;
      }
      if (Object.keys(c.patch).length) updateUnit(doc, c.id, c.patch, origin);
      if (c.parentId !== undefined && byId.get(c.id)?.parentId !== c.parentId) {
        const res = moveUnit(doc, c.id, c.parentId, origin);
        if ("error" in res) throw new Error(`import move ${c.code}: ${res.error}`);
      }
      if (c.description !== undefined) {
        const text = unitDescription(doc, c.id)!;
        if (text.toString() !== c.description) {
          text.delete(0, text.length);
          text.insert(0, c.description);
        }
      }
      updated++;
    }
  }, origin);
  return { ok: true, added, updated };
}
