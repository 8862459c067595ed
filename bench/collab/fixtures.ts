/**
 * Documents the collab benchmark seeds: structures our server accepts (it refuses any update that
 * would leave a document breaking its type's rules, and a plan room whose unit is not a service line),
 * given to the reference server byte for byte so both serve the same content.
 */
import * as Y from "yjs";
import { addTarget, PLAN_DOMAINS, readPlan } from "../../shared/collab/plan-doc";
import { docProblems } from "../../shared/collab/registry";
import { setTrustName, structureUnits } from "../../shared/collab/structure-doc";
import type { UnitKind } from "../../shared/structure/model";

export interface StructureShape {
  divisions: number;
  /** Service lines are `r0`, `r1`, …, so plan rooms `plan/r<i>/2027-28` exist. */
  serviceLines: number;
  subServiceLines: number;
  /** Units in all; the rest after board, divisions, lines and subs are points of delivery. */
  units: number;
  /** Characters of each unit's description (the bulk of a large document's bytes). */
  descriptionChars: number;
}

export interface SeededStructure {
  state: Uint8Array;
  /** Every unit but the board, in a stable order: client k of a room edits editable[k]. */
  editable: string[];
}

/** The everyday structure: 500 units, like the org-graph benchmark's, with lines r0…r209. */
export const BENCH_STRUCTURE: StructureShape = { divisions: 10, serviceLines: 210, subServiceLines: 90, units: 500, descriptionChars: 120 };
/** About 5 MB encoded: 10,000 units with three leaders and a description each. */
export const BIG_STRUCTURE: StructureShape = { divisions: 20, serviceLines: 500, subServiceLines: 2_000, units: 10_000, descriptionChars: 120 };

/**
 * Builds the structure with the same keys addUnit writes. Not through addUnit itself: it reads the
 * whole structure on every call, which at 10,000 units makes building the large document take
 * minutes. The result is checked against the server's own rules instead.
 */
export function buildStructure(shape: StructureShape): SeededStructure {
  const doc = new Y.Doc();
  setTrustName(doc, "Benchmark NHS Foundation Trust");
  const units = structureUnits(doc);
  const order = new Map<string | null, number>();
  const editable: string[] = [];
  const add = (id: string, kind: UnitKind, parentId: string | null, i: number) => {
    const m = new Y.Map<unknown>();
    m.set("code", id.toUpperCase());
    m.set("name", `${kind.replace(/_/g, " ")} ${i}`);
    m.set("kind", kind);
    m.set("parentId", parentId);
    m.set("description", new Y.Text(`Unit ${id} `.padEnd(shape.descriptionChars, "provides planned and unscheduled care across the trust ")));
    m.set("leaders", [
      { role: "Clinical Lead", name: `Dr Person ${i}` },
      { role: "Manager", name: `Manager ${i}` },
      { role: "Finance Business Partner", name: `Partner ${i}` },
    ]);
    m.set("budgetHolder", `Budget holder ${i}`);
    m.set("position", null);
    const o = order.get(parentId) ?? 0;
    order.set(parentId, o + 1);
    m.set("order", o);
    units.set(id, m);
    if (kind !== "board") editable.push(id);
  };
  // Batches of 100 units keep each transaction's cleanup cheap without one huge transaction.
  const batched = (n: number, fn: (i: number) => void) => {
    for (let b = 0; b < n; b += 100) doc.transact(() => {
      for (let i = b; i < Math.min(n, b + 100); i++) fn(i);
    });
  };
  add("board", "board", null, 0);
  batched(shape.divisions, (i) => add(`d${i}`, "division", "board", i));
  batched(shape.serviceLines, (i) => add(`r${i}`, "service_line", `d${i % shape.divisions}`, i));
  batched(shape.subServiceLines, (i) => add(`s${i}`, "sub_service_line", `r${i % shape.serviceLines}`, i));
  const pods = shape.units - 1 - shape.divisions - shape.serviceLines - shape.subServiceLines;
  batched(pods, (i) => add(`p${i}`, "pod", i % 2 && shape.subServiceLines ? `s${i % shape.subServiceLines}` : `r${i % shape.serviceLines}`, i));
  const problems = docProblems({ kind: "structure" }, doc);
  if (problems.length) throw new Error(`bench structure breaks the rules: ${problems[0]!.message}`);
  const state = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return { state, editable };
}

export interface SeededPlan {
  state: Uint8Array;
  /** Target ids in order: client k of a plan room edits targets[k]. */
  targets: string[];
}

/** A service line's plan with `n` targets, written through the plan accessors. */
export function buildPlan(n: number): SeededPlan {
  const doc = new Y.Doc();
  for (let i = 0; i < n; i++) {
    const res = addTarget(doc, { domain: PLAN_DOMAINS[i % PLAN_DOMAINS.length], measure: `Measure ${i}`, unit: "%", direction: "higher", baseline: 50 + i, bottomUp: 60 + i, rationale: "" });
    if (!res.ok) throw new Error(`bench plan target refused: ${res.error}`);
  }
  const problems = docProblems({ kind: "plan", unitId: "r0", year: 2027 }, doc);
  if (problems.length) throw new Error(`bench plan breaks the rules: ${problems[0]!.message}`);
  const targets = readPlan(doc).targets.map((t) => t.id);
  const state = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return { state, targets };
}
