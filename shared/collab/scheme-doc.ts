import * as Y from "yjs";
import { AUTONOMY_LEVELS, type AutonomyLevel } from "../autonomy/types";
import {
  AREA_IDS,
  DEFAULT_LEVELS,
  DEFAULT_SERVICE_LINE_LEVEL_ID,
  type AreaId,
  type CellMode,
  type Decision,
  type DecisionCell,
  type DelegationLevel,
  type LimitKind,
  type Scheme,
  decisionSchema,
  delegationLevelSchema,
} from "../delegation/types";
import { checkWrite, childMap, finite, isId, newId, replaceText, setIfChanged, str, textOf, type Problem, type Result } from "./ytools";

export type { Result } from "./ytools";

/**
 * The scheme of delegation inside the `delegation` document (one room per workspace, shared with the
 * earned-autonomy rules in ./autonomy-rules-doc.ts; see docs/decisions/020). Top-level:
 *   meta           Y.Map  { serviceLineLevelId }
 *   levels         Y.Map<levelId, Y.Map { name, order }>      ordered by `order` (a number), so two
 *                                                             people adding or moving levels both keep theirs
 *   decisions      Y.Map<decisionId, Y.Map>                   one map per decision:
 *                    title, area, limitKind, unit, order, description (Y.Text),
 *                    cells Y.Map<levelId, Y.Map { mode, limit, holder, conditions, exception, exceptionReason }>,
 *                    serviceLineLimits Y.Map { "1".."4": number | null }
 * Every field is its own key so concurrent edits to different fields of one cell both survive.
 * Everything read is validated: junk written by a stock client is dropped, never thrown.
 */
const K = {
  meta: "meta",
  levels: "levels",
  decisions: "decisions",
  serviceLineLevelId: "serviceLineLevelId",
  cells: "cells",
  serviceLineLimits: "serviceLineLimits",
  description: "description",
} as const;

/** The top-level types of the scheme (the autonomy rules add their own). */
export const SCHEME_ROOTS = [K.meta, K.levels, K.decisions] as const;

export const delegationMeta = (doc: Y.Doc) => doc.getMap<unknown>(K.meta);
export const delegationLevels = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>(K.levels);
export const delegationDecisions = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>(K.decisions);

const isArea = (v: unknown): v is AreaId => typeof v === "string" && (AREA_IDS as readonly string[]).includes(v);
const isKind = (v: unknown): v is LimitKind => v === "money" || v === "count" || v === "yesno";
const isMode = (v: unknown): v is CellMode => v === "reserved" || v === "delegated" || v === "none";

/** A fresh unique id for a decision or level (works in browsers and Node). */
export function newDelegationId(prefix: string): string {
  return newId(prefix).slice(0, prefix.length + 13);
}

// ---------------------------------------------------------------------------------------------
// Reading

/** True when nothing has been written to the document yet (a fresh workspace). */
export function isDelegationDocEmpty(doc: Y.Doc): boolean {
  return delegationLevels(doc).size === 0 && delegationDecisions(doc).size === 0;
}

/** The levels of delegation, highest first; the default levels when the document holds none. */
export function readLevels(doc: Y.Doc): DelegationLevel[] {
  const rows: { id: string; name: string; order: number }[] = [];
  delegationLevels(doc).forEach((m, id) => {
    if (!(m instanceof Y.Map) || !id) return;
    const name = str(m.get("name")).trim();
    if (!name) return;
    rows.push({ id, name, order: finite(m.get("order")) ?? 0 });
  });
  if (rows.length < 2) return DEFAULT_LEVELS.map((l) => ({ ...l }));
  rows.sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return rows.map(({ id, name }) => ({ id, name }));
}

/** The id of the level whose limits depend on earned autonomy. */
export function readServiceLineLevelId(doc: Y.Doc, levels = readLevels(doc)): string {
  const stored = str(delegationMeta(doc).get(K.serviceLineLevelId));
  if (stored && levels.some((l) => l.id === stored)) return stored;
  if (levels.some((l) => l.id === DEFAULT_SERVICE_LINE_LEVEL_ID)) return DEFAULT_SERVICE_LINE_LEVEL_ID;
  return levels.find((l) => /service line/i.test(l.name))?.id ?? levels[Math.max(0, levels.length - 2)]!.id;
}

function readCell(m: Y.Map<unknown>): DecisionCell | null {
  const mode = m.get("mode");
  if (!isMode(mode)) return null;
  const cell: DecisionCell = { mode, limit: finite(m.get("limit")), holder: str(m.get("holder")), conditions: str(m.get("conditions")) };
  const reason = str(m.get("exceptionReason"));
  const flagged = m.get("exception");
  if (flagged === true || (flagged === undefined && reason.trim() !== "")) cell.exception = { reason };
  return cell;
}

/** Reads one decision map, or null when it lacks what makes a decision. Cells are kept only for known levels. */
export function readDecision(id: string, m: Y.Map<unknown>, levelIds?: Set<string>): (Decision & { order: number }) | null {
  const area = m.get("area");
  const limitKind = m.get("limitKind");
  if (!isArea(area) || !isKind(limitKind)) return null;
  const cells: Record<string, DecisionCell> = {};
  const cellMap = m.get(K.cells);
  if (cellMap instanceof Y.Map) {
    cellMap.forEach((c, levelId) => {
      if (!(c instanceof Y.Map) || (levelIds && !levelIds.has(levelId))) return;
      const cell = readCell(c);
      if (cell) cells[levelId] = cell;
    });
  }
  const sl = m.get(K.serviceLineLimits);
  const serviceLineLimits = { 1: null, 2: null, 3: null, 4: null } as Decision["serviceLineLimits"];
  if (sl instanceof Y.Map) for (const a of AUTONOMY_LEVELS) serviceLineLimits[a] = finite(sl.get(String(a)));
  const d: Decision & { order: number } = {
    id,
    area,
    title: str(m.get("title")),
    description: textOf(m.get(K.description)),
    limitKind,
    cells,
    serviceLineLimits,
    order: finite(m.get("order")) ?? 0,
  };
  const unit = m.get("unit");
  if (typeof unit === "string" && unit !== "") d.unit = unit;
  return d;
}

/** A plain, validated snapshot of the scheme: levels highest first, decisions in their order. */
export function readScheme(doc: Y.Doc): Scheme {
  const levels = readLevels(doc);
  const levelIds = new Set(levels.map((l) => l.id));
  const decisions: (Decision & { order: number })[] = [];
  delegationDecisions(doc).forEach((m, id) => {
    if (!(m instanceof Y.Map)) return;
    const d = readDecision(id, m, levelIds);
    if (d) decisions.push(d);
  });
  decisions.sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    levels,
    serviceLineLevelId: readServiceLineLevelId(doc, levels),
    decisions: decisions.map(({ order: _order, ...d }) => d),
  };
}

/** The collaboratively edited description of a decision (created on first use), or null if it is gone. */
export function decisionDescription(doc: Y.Doc, id: string): Y.Text | null {
  const m = delegationDecisions(doc).get(id);
  if (!(m instanceof Y.Map)) return null;
  const d = m.get(K.description);
  if (d instanceof Y.Text) return d;
  const text = new Y.Text(str(d));
  m.set(K.description, text);
  return text;
}

// ---------------------------------------------------------------------------------------------
// Writing: every setter validates, and refuses (with a plain-English reason) rather than write junk.

/** Checks a limit value: finite and never negative (null = no upper limit / not held). */
export function limitError(value: number | null): string | null {
  if (value === null) return null;
  if (typeof value !== "number" || !Number.isFinite(value)) return "Enter a number";
  if (value < 0) return "The limit cannot be negative";
  return null;
}

/** A change to one cell; `exception: null` clears the exception. */
export type CellPatch = Partial<Omit<DecisionCell, "exception">> & { exception?: { reason: string } | null };

function writeCellFields(m: Y.Map<unknown>, patch: CellPatch) {
  if (patch.mode !== undefined) setIfChanged(m, "mode", patch.mode);
  if (patch.limit !== undefined) setIfChanged(m, "limit", patch.limit);
  if (patch.holder !== undefined) setIfChanged(m, "holder", patch.holder);
  if (patch.conditions !== undefined) setIfChanged(m, "conditions", patch.conditions);
  if (patch.exception !== undefined) {
    setIfChanged(m, "exception", patch.exception !== null);
    setIfChanged(m, "exceptionReason", patch.exception?.reason ?? "");
  }
}

function cellPatchError(patch: CellPatch): string | null {
  if (patch.mode !== undefined && !isMode(patch.mode)) return "Choose reserved, delegated or not held";
  if (patch.limit !== undefined) {
    const e = limitError(patch.limit);
    if (e) return e;
  }
  if (patch.holder !== undefined && typeof patch.holder !== "string") return "The holder must be text";
  if (patch.conditions !== undefined && typeof patch.conditions !== "string") return "The conditions must be text";
  if (patch.exception && typeof patch.exception.reason !== "string") return "Give a reason for the exception";
  return null;
}

function decisionMap(doc: Y.Doc, id: string): Y.Map<unknown> | null {
  const m = delegationDecisions(doc).get(id);
  return m instanceof Y.Map ? (m as Y.Map<unknown>) : null;
}

/** Changes only the given fields of one level's cell of one decision (creating the cell if needed). */
export function setCell(doc: Y.Doc, decisionId: string, levelId: string, patch: CellPatch, origin?: unknown): Result {
  const m = decisionMap(doc, decisionId);
  if (!m) return { ok: false, error: "That decision no longer exists" };
  if (!readLevels(doc).some((l) => l.id === levelId)) return { ok: false, error: "That level no longer exists" };
  const err = cellPatchError(patch);
  if (err) return { ok: false, error: err };
  doc.transact(() => {
    const cells = childMap(m, K.cells);
    const existed = cells.get(levelId) instanceof Y.Map;
    const c = childMap(cells, levelId);
    if (!existed) {
      c.set("mode", patch.mode ?? "none");
      c.set("limit", null);
      c.set("holder", "");
      c.set("conditions", "");
    }
    writeCellFields(c, patch);
  }, origin);
  return { ok: true };
}

/** Sets the service line's limit at one autonomy level (null = not held; yes/no: 1 yes, 0 no). */
export function setServiceLineLimit(doc: Y.Doc, decisionId: string, level: AutonomyLevel, value: number | null, origin?: unknown): Result {
  return setServiceLineLimits(doc, decisionId, { [level]: value }, origin);
}

/** Sets several of the service line's limits by autonomy level in one transaction. */
export function setServiceLineLimits(doc: Y.Doc, decisionId: string, limits: Partial<Record<AutonomyLevel, number | null>>, origin?: unknown): Result {
  const m = decisionMap(doc, decisionId);
  if (!m) return { ok: false, error: "That decision no longer exists" };
  for (const [a, v] of Object.entries(limits)) {
    if (!AUTONOMY_LEVELS.includes(Number(a) as AutonomyLevel)) return { ok: false, error: `There is no autonomy level ${a}` };
    const e = limitError(v ?? null);
    if (e) return { ok: false, error: `Autonomy level ${a}: ${e}` };
  }
  doc.transact(() => {
    const sl = childMap(m, K.serviceLineLimits);
    for (const [a, v] of Object.entries(limits)) if (v !== undefined) setIfChanged(sl, a, v);
  }, origin);
  return { ok: true };
}

export interface NewDecision {
  id?: string;
  area: AreaId;
  title: string;
  description?: string;
  limitKind?: LimitKind;
  unit?: string;
  cells?: Record<string, DecisionCell>;
  serviceLineLimits?: Partial<Record<AutonomyLevel, number | null>>;
  /** Position among all decisions; defaults to after the last one. */
  order?: number;
}

function fillDecision(m: Y.Map<unknown>, d: Decision, order: number) {
  setIfChanged(m, "title", d.title);
  setIfChanged(m, "area", d.area);
  setIfChanged(m, "limitKind", d.limitKind);
  setIfChanged(m, "unit", d.unit ?? "");
  setIfChanged(m, "order", order);
  const desc = m.get(K.description);
  if (desc instanceof Y.Text) replaceText(desc, d.description);
  else m.set(K.description, new Y.Text(d.description));
  const cells = childMap(m, K.cells);
  cells.forEach((_c, levelId) => {
    if (!(levelId in d.cells)) cells.delete(levelId);
  });
  for (const [levelId, cell] of Object.entries(d.cells)) {
    const c = childMap(cells, levelId);
    writeCellFields(c, { ...cell, exception: cell.exception ?? null });
  }
  const sl = childMap(m, K.serviceLineLimits);
  for (const a of AUTONOMY_LEVELS) setIfChanged(sl, String(a), d.serviceLineLimits[a]);
}

function decisionError(d: Decision): string | null {
  if (!isArea(d.area)) return "Choose one of the four areas";
  if (!isKind(d.limitKind)) return "Choose money, count or yes/no";
  if (!d.title.trim()) return "Give the decision a title";
  for (const [levelId, cell] of Object.entries(d.cells)) {
    const e = cellPatchError(cell);
    if (e) return `${levelId}: ${e}`;
  }
  for (const a of AUTONOMY_LEVELS) {
    const e = limitError(d.serviceLineLimits[a]);
    if (e) return `Autonomy level ${a}: ${e}`;
  }
  // The plain-English checks above come first; the schema catches anything else (e.g. a unit that is not text).
  const checked = checkWrite(decisionSchema, d);
  return checked.ok ? null : checked.error;
}

function nextDecisionOrder(doc: Y.Doc): number {
  let max = -1;
  delegationDecisions(doc).forEach((m) => {
    if (m instanceof Y.Map) max = Math.max(max, finite(m.get("order")) ?? 0);
  });
  return max + 1;
}

/** Adds a decision (every level "not held" unless cells are given); returns its id. */
export function addDecision(doc: Y.Doc, input: NewDecision, origin?: unknown): Result<{ id: string }> {
  const id = input.id ?? newDelegationId("d");
  if (delegationDecisions(doc).has(id)) return { ok: false, error: "A decision with that id already exists" };
  const levels = readLevels(doc);
  const cells: Record<string, DecisionCell> = input.cells ?? Object.fromEntries(levels.map((l) => [l.id, { mode: "none" as const, limit: null, holder: "", conditions: "" }]));
  const d: Decision = {
    id,
    area: input.area,
    title: input.title,
    description: input.description ?? "",
    limitKind: input.limitKind ?? "money",
    cells,
    serviceLineLimits: { 1: null, 2: null, 3: null, 4: null, ...input.serviceLineLimits },
  };
  if (input.unit) d.unit = input.unit;
  const err = decisionError(d);
  if (err) return { ok: false, error: err };
  doc.transact(() => {
    // Levels are written too when the document has none yet, so cells always refer to real levels.
    if (delegationLevels(doc).size === 0) writeLevels(doc, levels);
    const m = new Y.Map<unknown>();
    delegationDecisions(doc).set(id, m);
    fillDecision(m, d, input.order ?? nextDecisionOrder(doc));
  }, origin);
  return { ok: true, id };
}

export function removeDecision(doc: Y.Doc, id: string, origin?: unknown): Result {
  if (!decisionMap(doc, id)) return { ok: false, error: "That decision no longer exists" };
  doc.transact(() => delegationDecisions(doc).delete(id), origin);
  return { ok: true };
}

export type DecisionFieldPatch = Partial<{ title: string; area: AreaId; limitKind: LimitKind; unit: string; order: number }>;

/** Sets scalar fields of a decision (not its description, which is a Y.Text: see decisionDescription). */
export function setDecisionFields(doc: Y.Doc, id: string, patch: DecisionFieldPatch, origin?: unknown): Result {
  const m = decisionMap(doc, id);
  if (!m) return { ok: false, error: "That decision no longer exists" };
  if (patch.title !== undefined && !patch.title.trim()) return { ok: false, error: "Give the decision a title" };
  if (patch.area !== undefined && !isArea(patch.area)) return { ok: false, error: "Choose one of the four areas" };
  if (patch.limitKind !== undefined && !isKind(patch.limitKind)) return { ok: false, error: "Choose money, count or yes/no" };
  if (patch.order !== undefined && finite(patch.order) === null) return { ok: false, error: "The order must be a number" };
  doc.transact(() => {
    for (const [k, v] of Object.entries(patch)) if (v !== undefined) setIfChanged(m, k, typeof v === "string" && k === "title" ? v.trim() : v);
  }, origin);
  return { ok: true };
}

/** Sets one scalar field of a decision. */
export function setDecisionField<F extends keyof DecisionFieldPatch>(doc: Y.Doc, id: string, field: F, value: NonNullable<DecisionFieldPatch[F]>, origin?: unknown): Result {
  return setDecisionFields(doc, id, { [field]: value } as DecisionFieldPatch, origin);
}

// Levels -------------------------------------------------------------------------------------

function writeLevels(doc: Y.Doc, levels: DelegationLevel[]) {
  const map = delegationLevels(doc);
  const wanted = new Set(levels.map((l) => l.id));
  map.forEach((_m, id) => {
    if (!wanted.has(id)) map.delete(id);
  });
  levels.forEach((l, i) => {
    const existing = map.get(l.id);
    const m = existing instanceof Y.Map ? existing : new Y.Map<unknown>();
    if (!(existing instanceof Y.Map)) map.set(l.id, m);
    setIfChanged(m, "name", l.name);
    setIfChanged(m, "order", i);
  });
}

/** Makes sure the levels live in the document (not only as the read-time default) before changing them. */
function ensureLevels(doc: Y.Doc): DelegationLevel[] {
  const levels = readLevels(doc);
  if (delegationLevels(doc).size === 0) writeLevels(doc, levels);
  return levels;
}

function levelOrder(doc: Y.Doc, id: string): number {
  const m = delegationLevels(doc).get(id);
  return m instanceof Y.Map ? finite(m.get("order")) ?? 0 : 0;
}

/** Adds a level below `belowId` (or at the bottom); returns its id. */
export function addLevel(doc: Y.Doc, name: string, options: { belowId?: string; id?: string } = {}, origin?: unknown): Result<{ id: string }> {
  const clean = name.trim();
  if (!clean) return { ok: false, error: "Give the level a name" };
  const levels = readLevels(doc);
  if (levels.some((l) => l.name.toLowerCase() === clean.toLowerCase())) return { ok: false, error: `There is already a level called ${clean}` };
  const id = options.id ?? newDelegationId("l");
  if (levels.some((l) => l.id === id)) return { ok: false, error: "A level with that id already exists" };
  doc.transact(() => {
    ensureLevels(doc);
    const idx = options.belowId ? levels.findIndex((l) => l.id === options.belowId) : levels.length - 1;
    const before = levelOrder(doc, levels[idx]?.id ?? "");
    const after = idx + 1 < levels.length ? levelOrder(doc, levels[idx + 1]!.id) : before + 2;
    const m = new Y.Map<unknown>();
    delegationLevels(doc).set(id, m);
    m.set("name", clean);
    m.set("order", (before + after) / 2);
  }, origin);
  return { ok: true, id };
}

export function renameLevel(doc: Y.Doc, id: string, name: string, origin?: unknown): Result {
  const clean = name.trim();
  if (!clean) return { ok: false, error: "Give the level a name" };
  const levels = readLevels(doc);
  if (!levels.some((l) => l.id === id)) return { ok: false, error: "That level no longer exists" };
  if (levels.some((l) => l.id !== id && l.name.toLowerCase() === clean.toLowerCase())) return { ok: false, error: `There is already a level called ${clean}` };
  doc.transact(() => {
    ensureLevels(doc);
    delegationLevels(doc).get(id)!.set("name", clean);
  }, origin);
  return { ok: true };
}

/** Moves a level to a new position (0 = top, the Board). */
export function moveLevel(doc: Y.Doc, id: string, toIndex: number, origin?: unknown): Result {
  const levels = readLevels(doc);
  const from = levels.findIndex((l) => l.id === id);
  if (from < 0) return { ok: false, error: "That level no longer exists" };
  const to = Math.max(0, Math.min(levels.length - 1, Math.round(toIndex)));
  if (to === from) return { ok: true };
  const rest = levels.filter((l) => l.id !== id);
  doc.transact(() => {
    ensureLevels(doc);
    const prev = to > 0 ? levelOrder(doc, rest[to - 1]!.id) : levelOrder(doc, rest[0]!.id) - 2;
    const next = to < rest.length ? levelOrder(doc, rest[to]!.id) : prev + 2;
    delegationLevels(doc).get(id)!.set("order", (prev + next) / 2);
  }, origin);
  return { ok: true };
}

/** Removes a level and its cells in every decision; the service-line level and the last two levels stay. */
export function removeLevel(doc: Y.Doc, id: string, origin?: unknown): Result {
  const levels = readLevels(doc);
  if (!levels.some((l) => l.id === id)) return { ok: false, error: "That level no longer exists" };
  if (id === readServiceLineLevelId(doc, levels)) return { ok: false, error: "The service-line level holds the limits by earned autonomy, so it cannot be removed" };
  if (levels.length <= 2) return { ok: false, error: "A scheme needs at least two levels" };
  doc.transact(() => {
    ensureLevels(doc);
    delegationLevels(doc).delete(id);
    delegationDecisions(doc).forEach((m) => {
      const cells = m instanceof Y.Map ? m.get(K.cells) : null;
      if (cells instanceof Y.Map && cells.has(id)) cells.delete(id);
    });
  }, origin);
  return { ok: true };
}

// Whole scheme -------------------------------------------------------------------------------

/**
 * Writes a scheme in ONE transaction (the demo seed and imports). `replace` makes the document hold
 * exactly these levels and decisions; `merge` adds or updates the given decisions and keeps the rest.
 * Existing maps are updated in place, field by field, so unchanged fields are not rewritten.
 */
export function writeScheme(doc: Y.Doc, scheme: Scheme, origin?: unknown, options: { mode?: "replace" | "merge" } = {}): Result {
  const mode = options.mode ?? "replace";
  if (scheme.levels.length < 2) return { ok: false, error: "A scheme needs at least two levels" };
  const levelsOk = checkWrite(delegationLevelSchema.array(), scheme.levels);
  if (!levelsOk.ok) return { ok: false, error: `Levels: ${levelsOk.error}` };
  if (!scheme.levels.some((l) => l.id === scheme.serviceLineLevelId)) return { ok: false, error: "The service-line level must be one of the levels" };
  for (const d of scheme.decisions) {
    const e = decisionError(d);
    if (e) return { ok: false, error: `${d.title || d.id}: ${e}` };
  }
  doc.transact(() => {
    if (mode === "replace" || delegationLevels(doc).size === 0) writeLevels(doc, scheme.levels);
    setIfChanged(delegationMeta(doc), K.serviceLineLevelId, scheme.serviceLineLevelId);
    const map = delegationDecisions(doc);
    const wanted = new Set(scheme.decisions.map((d) => d.id));
    if (mode === "replace") {
      map.forEach((_m, id) => {
        if (!wanted.has(id)) map.delete(id);
      });
    }
    let base = mode === "merge" ? nextDecisionOrder(doc) : 0;
    scheme.decisions.forEach((d, i) => {
      const existing = map.get(d.id);
      let m: Y.Map<unknown>;
      let order: number;
      if (existing instanceof Y.Map) {
        m = existing as Y.Map<unknown>;
        order = mode === "merge" ? finite(m.get("order")) ?? base++ : i;
      } else {
        m = new Y.Map<unknown>();
        map.set(d.id, m);
        order = mode === "merge" ? base++ : i;
      }
      fillDecision(m, d, order);
    });
  }, origin);
  return { ok: true };
}

// Autonomy rules -----------------------------------------------------------------------------
/** Cell id used in awareness (selection / editing) for one cell of the matrix. */
export function cellPresenceId(decisionId: string, levelId: string, autonomyLevel?: AutonomyLevel): string {
  return autonomyLevel ? `${decisionId}:${levelId}:${autonomyLevel}` : `${decisionId}:${levelId}`;
}

// Invariants ---------------------------------------------------------------------------------------

/** Most decisions and levels a scheme may hold: far above any trust's (ULHT's has about 60 rows). */
export const SCHEME_CAPS = { decisions: 2_000, levels: 20 } as const;

const isLimit = (v: unknown) => v === null || v === undefined || (typeof v === "number" && Number.isFinite(v) && v >= 0);
const isOptionalString = (v: unknown) => v === undefined || typeof v === "string" || v instanceof Y.Text;

/**
 * What the server refuses to let an update leave in the scheme: entries that do not parse as levels,
 * decisions or cells, negative or non-numeric limits, a service-line level that is not a level, and
 * more rows than SCHEME_CAPS. Readers drop such junk; refusing it keeps the log free of it.
 */
export function schemeProblems(doc: Y.Doc): Problem[] {
  const problems: Problem[] = [];
  const add = (key: string, message: string) => problems.push({ key, message });
  const levels = delegationLevels(doc);
  if (levels.size > SCHEME_CAPS.levels) add("levels:cap", `A scheme may have at most ${SCHEME_CAPS.levels} levels.`);
  levels.forEach((m, id) => {
    if (!isId(id) || !(m instanceof Y.Map)) return add(`level:${id}`, "A level entry is not a level.");
    if (!str(m.get("name")).trim()) add(`level:${id}:name`, "Every level needs a name.");
    if (finite(m.get("order")) === null) add(`level:${id}:order`, "A level's position must be a number.");
  });
  const slLevel = delegationMeta(doc).get(K.serviceLineLevelId);
  if (slLevel !== undefined && (typeof slLevel !== "string" || (levels.size > 0 && !levels.has(slLevel)))) {
    add("meta:serviceLineLevelId", "The service-line level must be one of the scheme's levels.");
  }
  const decisions = delegationDecisions(doc);
  if (decisions.size > SCHEME_CAPS.decisions) add("decisions:cap", `A scheme may have at most ${SCHEME_CAPS.decisions} decisions.`);
  decisions.forEach((m, id) => {
    if (!isId(id) || !(m instanceof Y.Map)) return add(`decision:${id}`, "A decision entry is not a decision.");
    if (!isArea(m.get("area"))) add(`decision:${id}:area`, "A decision must be in one of the four areas.");
    if (!isKind(m.get("limitKind"))) add(`decision:${id}:limitKind`, "A decision's limit is money, a count or yes/no.");
    if (!str(m.get("title")).trim()) add(`decision:${id}:title`, "Every decision needs a title.");
    if (!isOptionalString(m.get(K.description))) add(`decision:${id}:description`, "A decision's description must be text.");
    const cells = m.get(K.cells);
    if (cells !== undefined && !(cells instanceof Y.Map)) add(`decision:${id}:cells`, "A decision's cells are not cells.");
    if (cells instanceof Y.Map) {
      cells.forEach((c, levelId) => {
        const at = `decision:${id}:cell:${levelId}`;
        if (!(c instanceof Y.Map)) return add(at, "A cell entry is not a cell.");
        if (!isMode(c.get("mode"))) add(`${at}:mode`, "A cell is reserved, delegated or not held.");
        if (!isLimit(c.get("limit"))) add(`${at}:limit`, "A limit is a number of at least zero, or none.");
        if (!isOptionalString(c.get("holder")) || !isOptionalString(c.get("conditions"))) add(`${at}:text`, "A cell's holder and conditions are text.");
      });
    }
    const sl = m.get(K.serviceLineLimits);
    if (sl !== undefined && !(sl instanceof Y.Map)) add(`decision:${id}:serviceLineLimits`, "The service line's limits are not limits.");
    if (sl instanceof Y.Map) {
      sl.forEach((v, level) => {
        if (!AUTONOMY_LEVELS.includes(Number(level) as AutonomyLevel) || !isLimit(v)) {
          add(`decision:${id}:sl:${level}`, "A service line's limit is set for earned-autonomy levels 1 to 4, as a number of at least zero.");
        }
      });
    }
  });
  return problems;
}
