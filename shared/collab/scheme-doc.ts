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
  type HolderLimit,
  type LimitKind,
  type ProcurementRoute,
  type Scheme,
  type VatBasis,
  decisionSchema,
  delegationLevelSchema,
  holderLimitSchema,
} from "../delegation/types";
import { bandFromOldCount } from "../delegation/bands";
import { cellLimitFromHolders } from "../delegation/limits";
import { procurementRouteProblems } from "../delegation/validate";
import { checkWrite, childMap, finite, isId, newId, replaceText, setIfChanged, str, textOf, type Problem, type Result } from "./ytools";

export type { Result } from "./ytools";

/**
 * The scheme of delegation inside the `delegation` document (one room per workspace, shared with the
 * earned-autonomy rules in ./autonomy-rules-doc.ts; see docs/decisions/020). Top-level:
 *   meta           Y.Map  { serviceLineLevelId, procurementRoutes? [{ from, route }] }
 *   levels         Y.Map<levelId, Y.Map { name, order, reservedOnly? }>   ordered by `order` (a number), so two
 *                                                             people adding or moving levels both keep theirs
 *   decisions      Y.Map<decisionId, Y.Map>                   one map per decision:
 *                    title, area, limitKind, unit, order, description (Y.Text),
 *                    conditions? string[], vatBasis? "incl" | "excl", performanceIndependent? boolean, procurement? boolean,
 *                    cells Y.Map<levelId, Y.Map { mode, limit, holder, conditions, exception, exceptionReason,
 *                                                 holders? [{ holder, limit, jointWith? }] }>,
 *                    serviceLineLimits Y.Map { "1".."4": number | null }
 * Every field is its own key so concurrent edits to different fields of one cell both survive. The
 * small lists (a cell's holders, a decision's conditions, the procurement routes) are each one value,
 * written whole: they are edited as a unit in one form, and a list half from one person and half from
 * another would say something neither meant.
 * The fields marked ? came later: documents without them read as before (no holders, no conditions,
 * VAT basis unstated, rights that vary with performance, no procurement routes). Older documents that
 * wrote a band as a count with the unit "band" read as limitKind "band" (see bandFromOldCount).
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
  procurementRoutes: "procurementRoutes",
} as const;

/** The top-level types of the scheme (the autonomy rules add their own). */
export const SCHEME_ROOTS = [K.meta, K.levels, K.decisions] as const;

export const delegationMeta = (doc: Y.Doc) => doc.getMap<unknown>(K.meta);
export const delegationLevels = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>(K.levels);
export const delegationDecisions = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>(K.decisions);

const isArea = (v: unknown): v is AreaId => typeof v === "string" && (AREA_IDS as readonly string[]).includes(v);
const isKind = (v: unknown): v is LimitKind => v === "money" || v === "band" || v === "count" || v === "yesno";
const isVat = (v: unknown): v is VatBasis => v === "incl" || v === "excl";

/** Most holders in one cell, conditions on one decision and procurement routes in a scheme. */
export const SCHEME_LIST_CAPS = { holders: 12, conditions: 20, procurementRoutes: 20, text: 500 } as const;

/** A cell's holders as stored, or null when the value is not a list of holders. */
function asHolders(v: unknown): HolderLimit[] | null {
  if (!Array.isArray(v) || v.length > SCHEME_LIST_CAPS.holders) return null;
  const out: HolderLimit[] = [];
  for (const h of v) {
    if (!h || typeof h !== "object") return null;
    const { holder, limit, jointWith } = h as Record<string, unknown>;
    if (typeof holder !== "string" || !holder.trim() || holder.length > SCHEME_LIST_CAPS.text) return null;
    if (!(limit === null || (typeof limit === "number" && Number.isFinite(limit) && limit >= 0))) return null;
    if (!(jointWith === undefined || (typeof jointWith === "string" && jointWith.length <= SCHEME_LIST_CAPS.text))) return null;
    const row: HolderLimit = { holder, limit };
    if (typeof jointWith === "string" && jointWith.trim()) row.jointWith = jointWith;
    out.push(row);
  }
  return out;
}

/** A decision's conditions as stored, or null when the value is not a list of text. */
function asConditions(v: unknown): string[] | null {
  if (!Array.isArray(v) || v.length > SCHEME_LIST_CAPS.conditions) return null;
  return v.every((c) => typeof c === "string" && c.trim() !== "" && c.length <= SCHEME_LIST_CAPS.text) ? (v as string[]) : null;
}

/** The procurement routes as stored, or null when the value is not a sound list of routes. */
function asRoutes(v: unknown): ProcurementRoute[] | null {
  if (!Array.isArray(v) || v.length > SCHEME_LIST_CAPS.procurementRoutes) return null;
  const out: ProcurementRoute[] = [];
  for (const r of v) {
    if (!r || typeof r !== "object") return null;
    const { from, route } = r as Record<string, unknown>;
    if (typeof from !== "number" || typeof route !== "string" || route.length > SCHEME_LIST_CAPS.text) return null;
    out.push({ from, route });
  }
  return procurementRouteProblems(out).length ? null : out;
}
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
  const rows: { id: string; name: string; order: number; reservedOnly: boolean }[] = [];
  delegationLevels(doc).forEach((m, id) => {
    if (!(m instanceof Y.Map) || !id) return;
    const name = str(m.get("name")).trim();
    if (!name) return;
    rows.push({ id, name, order: finite(m.get("order")) ?? 0, reservedOnly: m.get("reservedOnly") === true });
  });
  if (rows.length < 2) return DEFAULT_LEVELS.map((l) => ({ ...l }));
  rows.sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return rows.map(({ id, name, reservedOnly }) => (reservedOnly ? { id, name, reservedOnly } : { id, name }));
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
  const holders = asHolders(m.get("holders"));
  if (holders?.length) cell.holders = holders;
  return cell;
}

/** Reads one decision map, or null when it lacks what makes a decision. Cells are kept only for known levels. */
export function readDecision(id: string, m: Y.Map<unknown>, levelIds?: Set<string>): (Decision & { order: number }) | null {
  const area = m.get("area");
  const storedKind = m.get("limitKind");
  if (!isArea(area) || !isKind(storedKind)) return null;
  const unitText = str(m.get("unit"));
  // Before bands had their own kind, a band was a count with the unit "band" (and 8 covered 8a to 8d).
  const oldBand = storedKind === "count" && unitText.trim().toLowerCase() === "band";
  const limitKind: LimitKind = oldBand ? "band" : storedKind;
  const migrate = (v: number | null) => (oldBand && v !== null ? bandFromOldCount(v) : v);
  const cells: Record<string, DecisionCell> = {};
  const cellMap = m.get(K.cells);
  if (cellMap instanceof Y.Map) {
    cellMap.forEach((c, levelId) => {
      if (!(c instanceof Y.Map) || (levelIds && !levelIds.has(levelId))) return;
      const cell = readCell(c);
      if (!cell) return;
      if (oldBand) cell.limit = migrate(cell.limit);
      cells[levelId] = cell;
    });
  }
  const sl = m.get(K.serviceLineLimits);
  const serviceLineLimits = { 1: null, 2: null, 3: null, 4: null } as Decision["serviceLineLimits"];
  if (sl instanceof Y.Map) for (const a of AUTONOMY_LEVELS) serviceLineLimits[a] = migrate(finite(sl.get(String(a))));
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
  if (unitText !== "" && !oldBand) d.unit = unitText;
  const conditions = asConditions(m.get("conditions"));
  if (conditions?.length) d.conditions = conditions;
  const vat = m.get("vatBasis");
  if (isVat(vat)) d.vatBasis = vat;
  if (m.get("performanceIndependent") === true) d.performanceIndependent = true;
  if (m.get("procurement") === true) d.procurement = true;
  return d;
}

/** The scheme's procurement routes (lowest threshold first), or undefined when none are written. */
export function readProcurementRoutes(doc: Y.Doc): ProcurementRoute[] | undefined {
  const routes = asRoutes(delegationMeta(doc).get(K.procurementRoutes));
  return routes?.length ? routes : undefined;
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
  const scheme: Scheme = {
    levels,
    serviceLineLevelId: readServiceLineLevelId(doc, levels),
    decisions: decisions.map(({ order: _order, ...d }) => d),
  };
  const routes = readProcurementRoutes(doc);
  if (routes) scheme.procurementRoutes = routes;
  return scheme;
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

/**
 * Checks a limit value: finite and never negative (null = no upper limit / not held); given the
 * decision's kind, also what that kind of quantity can be (issue 16): money to the penny and at most
 * MAX_LIMIT_POUNDS (beyond it pence cannot be held exactly, so £999,999,999,999,999.04 appeared), a
 * count in whole numbers (no 2.5 shifts), yes/no as 0 or 1.
 */
export function limitError(value: number | null, kind?: unknown): string | null {
  if (value === null) return null;
  if (typeof value !== "number" || !Number.isFinite(value)) return "Enter a number";
  if (value < 0) return "The limit cannot be negative";
  if (kind === "money" && value > MAX_LIMIT_POUNDS) return "The limit is too large; the largest is £1,000,000,000,000";
  if (kind === "money" && Math.abs(Math.round(value * 100) - value * 100) > 1e-6) return "Enter the limit in pounds and pence";
  if (kind === "count" && !Number.isInteger(value)) return "Enter a whole number";
  if (kind === "yesno" && value !== 0 && value !== 1) return "Choose yes or no";
  return null;
}

/** The largest money limit a scheme holds: £1 trillion, far above any trust's, and exact to the penny. */
export const MAX_LIMIT_POUNDS = 1e12;

/**
 * A change to one cell; `exception: null` clears the exception and `holders: null` (or []) the holders.
 * Given holders, the cell's limit becomes the highest of theirs, whatever `limit` says.
 */
export type CellPatch = Partial<Omit<DecisionCell, "exception" | "holders">> & { exception?: { reason: string } | null; holders?: HolderLimit[] | null };

function cleanHolders(holders: HolderLimit[]): HolderLimit[] {
  return holders.map((h) => {
    const row: HolderLimit = { holder: h.holder.trim(), limit: h.limit };
    if (h.jointWith?.trim()) row.jointWith = h.jointWith.trim();
    return row;
  });
}

function writeCellFields(m: Y.Map<unknown>, patch: CellPatch) {
  if (patch.mode !== undefined) setIfChanged(m, "mode", patch.mode);
  if (patch.holders !== undefined) {
    const holders = patch.holders?.length ? cleanHolders(patch.holders) : undefined;
    setIfChanged(m, "holders", holders);
    if (holders) setIfChanged(m, "limit", cellLimitFromHolders(holders));
  }
  if (patch.limit !== undefined && !patch.holders?.length) setIfChanged(m, "limit", patch.limit);
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
  if (patch.holders) {
    if (!Array.isArray(patch.holders)) return "The holders must be a list";
    if (patch.holders.length > SCHEME_LIST_CAPS.holders) return `A level may name at most ${SCHEME_LIST_CAPS.holders} holders`;
    for (const [i, h] of patch.holders.entries()) {
      const checked = checkWrite(holderLimitSchema, h);
      if (!checked.ok) return `Holder ${i + 1}: ${checked.error}`;
      if (!h.holder.trim()) return `Holder ${i + 1}: Name the holder`;
      if (h.holder.length > SCHEME_LIST_CAPS.text || (h.jointWith?.length ?? 0) > SCHEME_LIST_CAPS.text) return `Holder ${i + 1}: the name is too long`;
    }
  }
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
  const err = cellPatchError(patch) ?? (patch.limit !== undefined ? limitError(patch.limit, m.get("limitKind")) : null) ?? (patch.holders?.map((h) => limitError(h.limit, m.get("limitKind"))).find(Boolean) ?? null);
  if (err) return { ok: false, error: err };
  const current = m.get(K.cells) instanceof Y.Map ? (m.get(K.cells) as Y.Map<unknown>).get(levelId) : undefined;
  const stored = current instanceof Y.Map ? asHolders(current.get("holders")) : null;
  if (stored?.length && patch.limit !== undefined && patch.holders === undefined) {
    return { ok: false, error: "This level names holders with their own limits; change their limits instead" };
  }
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
    const e = limitError(v ?? null, m.get("limitKind"));
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
  setIfChanged(m, "conditions", d.conditions?.length ? d.conditions : undefined);
  setIfChanged(m, "vatBasis", d.vatBasis);
  setIfChanged(m, "performanceIndependent", d.performanceIndependent ? true : undefined);
  setIfChanged(m, "procurement", d.procurement ? true : undefined);
  const desc = m.get(K.description);
  if (desc instanceof Y.Text) replaceText(desc, d.description);
  else m.set(K.description, new Y.Text(d.description));
  const cells = childMap(m, K.cells);
  cells.forEach((_c, levelId) => {
    if (!(levelId in d.cells)) cells.delete(levelId);
  });
  for (const [levelId, cell] of Object.entries(d.cells)) {
    const c = childMap(cells, levelId);
    writeCellFields(c, { ...cell, exception: cell.exception ?? null, holders: cell.holders ?? null });
  }
  const sl = childMap(m, K.serviceLineLimits);
  for (const a of AUTONOMY_LEVELS) setIfChanged(sl, String(a), d.serviceLineLimits[a]);
}

function decisionError(d: Decision): string | null {
  if (!isArea(d.area)) return "Choose one of the four areas";
  if (!isKind(d.limitKind)) return "Choose money, a band, a count or yes/no";
  if (!d.title.trim()) return "Give the decision a title";
  if (d.conditions !== undefined && !asConditions(d.conditions)) return `Conditions are up to ${SCHEME_LIST_CAPS.conditions} lines of text, none blank`;
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

/** Scalar fields of a decision; `null` clears an optional one (VAT basis, conditions). */
export type DecisionFieldPatch = Partial<{
  title: string;
  area: AreaId;
  limitKind: LimitKind;
  unit: string;
  order: number;
  vatBasis: VatBasis | null;
  conditions: string[] | null;
  performanceIndependent: boolean;
  procurement: boolean;
}>;

/** Sets scalar fields of a decision (not its description, which is a Y.Text: see decisionDescription). */
export function setDecisionFields(doc: Y.Doc, id: string, patch: DecisionFieldPatch, origin?: unknown): Result {
  const m = decisionMap(doc, id);
  if (!m) return { ok: false, error: "That decision no longer exists" };
  if (patch.title !== undefined && !patch.title.trim()) return { ok: false, error: "Give the decision a title" };
  if (patch.area !== undefined && !isArea(patch.area)) return { ok: false, error: "Choose one of the four areas" };
  if (patch.limitKind !== undefined && !isKind(patch.limitKind)) return { ok: false, error: "Choose money, a band, a count or yes/no" };
  if (patch.order !== undefined && finite(patch.order) === null) return { ok: false, error: "The order must be a number" };
  if (patch.vatBasis !== undefined && patch.vatBasis !== null && !isVat(patch.vatBasis)) return { ok: false, error: "Choose including or excluding VAT" };
  if (patch.performanceIndependent !== undefined && typeof patch.performanceIndependent !== "boolean") return { ok: false, error: "Say whether the right depends on performance" };
  if (patch.procurement !== undefined && typeof patch.procurement !== "boolean") return { ok: false, error: "Say whether answers cite the procurement route" };
  let conditions: string[] | null | undefined = patch.conditions;
  if (conditions) {
    conditions = conditions.map((c) => (typeof c === "string" ? c.trim() : c)).filter((c) => c !== "");
    if (!asConditions(conditions) && conditions.length) return { ok: false, error: `Conditions are up to ${SCHEME_LIST_CAPS.conditions} lines of text, each under ${SCHEME_LIST_CAPS.text} characters` };
  }
  doc.transact(() => {
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) continue;
      if (k === "conditions") setIfChanged(m, k, conditions?.length ? conditions : undefined);
      else if (k === "vatBasis") setIfChanged(m, k, v ?? undefined);
      else if (k === "performanceIndependent" || k === "procurement") setIfChanged(m, k, v ? true : undefined);
      else setIfChanged(m, k, typeof v === "string" && k === "title" ? v.trim() : v);
    }
    // Bands came after counts: a decision that becomes a band no longer has a unit.
    if (patch.limitKind === "band") setIfChanged(m, "unit", "");
  }, origin);
  return { ok: true };
}

/** Replaces the scheme's procurement routes (empty = none), refusing a list that is not sound. */
export function setProcurementRoutes(doc: Y.Doc, routes: ProcurementRoute[], origin?: unknown): Result {
  if (routes.length > SCHEME_LIST_CAPS.procurementRoutes) return { ok: false, error: `A scheme may list at most ${SCHEME_LIST_CAPS.procurementRoutes} procurement routes` };
  const clean = routes.map((r) => ({ from: r.from, route: typeof r.route === "string" ? r.route.trim() : r.route }));
  const problems = procurementRouteProblems(clean);
  if (problems.length) return { ok: false, error: problems[0]! };
  if (clean.some((r) => r.route.length > SCHEME_LIST_CAPS.text)) return { ok: false, error: "A route's description is too long" };
  doc.transact(() => setIfChanged(delegationMeta(doc), K.procurementRoutes, clean.length ? clean : undefined), origin);
  return { ok: true };
}

/** Marks a level as deciding only the matters reserved to it (a Council of Governors), or not. */
export function setLevelReservedOnly(doc: Y.Doc, id: string, reservedOnly: boolean, origin?: unknown): Result {
  const levels = readLevels(doc);
  const level = levels.find((l) => l.id === id);
  if (!level) return { ok: false, error: "That level no longer exists" };
  if (reservedOnly && id === readServiceLineLevelId(doc, levels)) return { ok: false, error: "The service-line level holds limits by earned autonomy, so it cannot decide only reserved matters" };
  if (reservedOnly && levels.every((l) => l.id === id || l.reservedOnly)) return { ok: false, error: "At least one level must decide more than its reserved matters" };
  doc.transact(() => {
    ensureLevels(doc);
    setIfChanged(delegationLevels(doc).get(id)!, "reservedOnly", reservedOnly ? true : undefined);
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
    setIfChanged(m, "reservedOnly", l.reservedOnly ? true : undefined);
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
  const routes = scheme.procurementRoutes;
  if (routes) {
    const problems = procurementRouteProblems(routes);
    if (problems.length) return { ok: false, error: `Procurement routes: ${problems[0]}` };
    if (!asRoutes(routes)) return { ok: false, error: "Procurement routes: too many, or a description is too long" };
  }
  doc.transact(() => {
    if (mode === "replace" || delegationLevels(doc).size === 0) writeLevels(doc, scheme.levels);
    setIfChanged(delegationMeta(doc), K.serviceLineLevelId, scheme.serviceLineLevelId);
    if (routes !== undefined || mode === "replace") setIfChanged(delegationMeta(doc), K.procurementRoutes, routes?.length ? routes.map((r) => ({ from: r.from, route: r.route })) : undefined);
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
    const ro = m.get("reservedOnly");
    if (ro !== undefined && typeof ro !== "boolean") add(`level:${id}:reservedOnly`, "Whether a level decides only reserved matters is yes or no.");
  });
  const routes = delegationMeta(doc).get(K.procurementRoutes);
  if (routes !== undefined && !asRoutes(routes)) add("meta:procurementRoutes", "Procurement routes are amounts of at least £0 in rising order, from £0, each with what it requires.");
  const slLevel = delegationMeta(doc).get(K.serviceLineLevelId);
  if (slLevel !== undefined && (typeof slLevel !== "string" || (levels.size > 0 && !levels.has(slLevel)))) {
    add("meta:serviceLineLevelId", "The service-line level must be one of the scheme's levels.");
  }
  const decisions = delegationDecisions(doc);
  if (decisions.size > SCHEME_CAPS.decisions) add("decisions:cap", `A scheme may have at most ${SCHEME_CAPS.decisions} decisions.`);
  decisions.forEach((m, id) => {
    if (!isId(id) || !(m instanceof Y.Map)) return add(`decision:${id}`, "A decision entry is not a decision.");
    if (!isArea(m.get("area"))) add(`decision:${id}:area`, "A decision must be in one of the four areas.");
    if (!isKind(m.get("limitKind"))) add(`decision:${id}:limitKind`, "A decision's limit is money, a band, a count or yes/no.");
    const conditions = m.get("conditions");
    if (conditions !== undefined && !asConditions(conditions)) add(`decision:${id}:conditions`, "A decision's conditions are a short list of text.");
    const vat = m.get("vatBasis");
    if (vat !== undefined && !isVat(vat)) add(`decision:${id}:vatBasis`, "A VAT basis is including or excluding VAT.");
    for (const flag of ["performanceIndependent", "procurement"] as const) {
      const v = m.get(flag);
      if (v !== undefined && typeof v !== "boolean") add(`decision:${id}:${flag}`, "This setting is yes or no.");
    }
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
        const holders = c.get("holders");
        if (holders !== undefined && !asHolders(holders)) add(`${at}:holders`, "A cell's holders are a short list, each with a name and a limit of at least zero (or none).");
        else if (holders !== undefined && (holders as HolderLimit[]).length > 0 && c.get("limit") !== cellLimitFromHolders(holders as HolderLimit[])) {
          add(`${at}:holders-limit`, "A cell's limit must be the highest of its holders' limits.");
        }
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
