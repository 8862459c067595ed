import { AUTONOMY_LEVELS, type AutonomyLevel } from "../autonomy/types";
import { parseMoney } from "../format/money";
import { columnReader, isBlankRow, normaliseHeader, parseYesNo, type ImportRow, type RowError } from "../format/rows";
import { parseBand } from "./bands";
import { cellLimitFromHolders, formatLimit, holderName } from "./limits";
import {
  AREA_IDS,
  DECISION_AREAS,
  DEFAULT_SERVICE_LINE_LEVEL_ID,
  STANDARD_CONDITIONS,
  conditionText,
  type AreaId,
  type Decision,
  type DecisionCell,
  type DelegationLevel,
  type HolderLimit,
  type LimitKind,
  type Scheme,
  type VatBasis,
} from "./types";

/** Headings of the decision-wide columns that came with joint holders, VAT and conditions (all optional on import). */
export const SCHEME_EXTRA_COLUMNS = {
  vatBasis: "VAT basis",
  conditions: "Conditions",
  performanceIndependent: "Same at every autonomy level",
  procurement: "Cites procurement route",
} as const;

/** Heading of the service-line limit column for an autonomy level: "Service line L1". */
export function serviceLineLimitColumn(a: AutonomyLevel): string {
  return `Service line L${a}`;
}

/** The column headings of a scheme spreadsheet for these levels, in export order. */
export function schemeColumns(levels: DelegationLevel[]): string[] {
  return [
    "ID", "Area", "Decision", "Description", "Limit kind", "Unit",
    SCHEME_EXTRA_COLUMNS.vatBasis, SCHEME_EXTRA_COLUMNS.conditions, SCHEME_EXTRA_COLUMNS.performanceIndependent, SCHEME_EXTRA_COLUMNS.procurement,
    ...levels.flatMap((l) => [l.name, `${l.name} holder`, `${l.name} holders`, `${l.name} conditions`, `${l.name} exception`]),
    ...AUTONOMY_LEVELS.map(serviceLineLimitColumn),
  ];
}

const BLANKISH = new Set(["", "-", "–", "—", "no", "none", "n/a", "na", "not held", "nil"]);
const UNLIMITED = new Set(["unlimited", "no limit", "any amount", "any"]);

function norm(s: string): string {
  return s.trim().toLowerCase().replace(/\s+/g, " ");
}

function parseArea(text: string): AreaId | null {
  const s = norm(text).replace(/&/g, "and");
  for (const a of DECISION_AREAS) {
    if (s === a.id || s === norm(a.label).replace(/&/g, "and")) return a.id;
  }
  if (s === "clinical and operational" || s === "clinical" || s === "operational") return "clinical";
  if (s === "strategic" || s === "strategy") return "strategic";
  if (s === "finance") return "financial";
  if (s === "human resources" || s === "workforce") return "hr";
  return (AREA_IDS as readonly string[]).includes(s) ? (s as AreaId) : null;
}

function parseKind(text: string): LimitKind | null {
  const s = norm(text);
  if (s === "" || s === "money" || s === "£" || s === "amount") return "money";
  if (s === "band" || s === "agenda for change band" || s === "afc band") return "band";
  if (s === "count" || s === "number") return "count";
  if (["yes/no", "yesno", "yes-no", "yes or no"].includes(s)) return "yesno";
  return null;
}

function stripPlural(s: string): string {
  return s.endsWith("s") ? s.slice(0, -1) : s;
}

/** Reads a count as written on export ("Band 7", "12 programmed activities") or bare ("7"). */
function parseCount(text: string, unit: string | undefined): number | null {
  const m = /^(?:band\s*)?(\d+)\s*(.*)$/i.exec(text.trim());
  if (!m) return null;
  const rest = norm(m[2]!);
  if (rest && (!unit || stripPlural(rest) !== stripPlural(norm(unit)))) return null;
  return Number(m[1]);
}

type LimitRead = { ok: true; limit: number | null } | { ok: false; error: string };

/** Reads a limit value for a money or count decision; null means "no upper limit". */
function readLimit(text: string, kind: LimitKind, unit: string | undefined): LimitRead {
  if (UNLIMITED.has(norm(text))) return { ok: true, limit: null };
  if (kind === "money") {
    const r = parseMoney(text);
    return r.ok ? { ok: true, limit: r.value } : { ok: false, error: r.error };
  }
  if (kind === "band") {
    const r = parseBand(text);
    return r.ok ? { ok: true, limit: r.value } : { ok: false, error: r.error };
  }
  const n = parseCount(text, unit);
  if (n === null) return { ok: false, error: `"${text}" is not a count${unit ? ` of ${unit}` : ""}; enter a whole number such as ${unit && norm(unit) === "band" ? "Band 7" : "12"}` };
  return { ok: true, limit: n };
}

const JOINTLY = /^(.*?)\s+jointly with\s+(?:the\s+)?(.+)$/i;

/** "Executive director: £250,000; Chief Executive jointly with the Director of Finance: £1,000,000" (see holdersText). */
function readHolders(text: string, kind: LimitKind, unit: string | undefined): { ok: true; holders: HolderLimit[] } | { ok: false; error: string } {
  const holders: HolderLimit[] = [];
  for (const part of text.split(/;|\n/).map((p) => p.trim()).filter(Boolean)) {
    const colon = part.lastIndexOf(":");
    if (colon <= 0) return { ok: false, error: `"${part}" needs a holder and a limit, such as "Chief Executive: £500,000"` };
    let name = part.slice(0, colon).trim();
    const limitText = part.slice(colon + 1).trim();
    const r = readLimit(limitText, kind, unit);
    if (!r.ok) return { ok: false, error: `${name}: ${r.error}` };
    const joint = JOINTLY.exec(name);
    const h: HolderLimit = { holder: name, limit: r.limit };
    if (joint) {
      name = joint[1]!.trim();
      h.holder = name;
      h.jointWith = joint[2]!.trim();
    }
    holders.push(h);
  }
  return { ok: true, holders };
}

/** Writes a cell's holders for the spreadsheet, one "holder: limit" after another. */
function holdersText(d: Decision, holders: HolderLimit[]): string {
  return holders.map((h) => `${holderName({ holder: h.holder, jointWith: h.jointWith ?? null })}: ${h.limit === null ? "unlimited" : formatLimit(d, h.limit)}`).join("; ");
}

function readVat(text: string): VatBasis | null | "bad" {
  const s = norm(text).replace(/\./g, "");
  if (s === "") return null;
  if (["incl", "inc", "including vat", "incl vat", "inc vat", "including"].includes(s)) return "incl";
  if (["excl", "exc", "ex", "excluding vat", "excl vat", "ex vat", "exc vat", "excluding"].includes(s)) return "excl";
  return "bad";
}

/** A condition as the spreadsheet says it: a standard condition's words become its id. */
function readCondition(text: string): string {
  const s = norm(text).replace(/\.$/, "");
  return STANDARD_CONDITIONS.find((c) => c.id === s || norm(c.text) === s)?.id ?? text.trim();
}

/** What a parse of scheme rows produced: the decisions from sound rows, and every refused cell. */
export interface SchemeImport {
  decisions: Decision[];
  errors: RowError[];
}

function slugify(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60) || "decision";
}

/**
 * Reads a scheme of delegation from spreadsheet rows (headings as in schemeColumns, any case): one
 * column per level holding "reserved", an amount, "unlimited" or "-", plus the service line's limits
 * by autonomy level in "Service line L1" to "Service line L4".
 */
export function parseSchemeRows(
  rows: ImportRow[],
  levels: DelegationLevel[],
  serviceLineLevelId: string = levels.find((l) => l.id === DEFAULT_SERVICE_LINE_LEVEL_ID || normaliseHeader(l.name) === "service line")?.id ?? DEFAULT_SERVICE_LINE_LEVEL_ID,
): SchemeImport {
  const errors: RowError[] = [];
  const decisions: Decision[] = [];
  if (rows.length === 0) return { decisions, errors: [{ row: 1, column: "", message: "The file has no decisions in it" }] };
  const cols = columnReader(rows);

  const required: [string[], string][] = [
    [["area"], "Area"],
    [["decision", "title"], "Decision"],
    ...levels.filter((l) => l.id !== serviceLineLevelId).map((l): [string[], string] => [[l.name, l.id], l.name]),
    ...AUTONOMY_LEVELS.map((a): [string[], string] => [[serviceLineLimitColumn(a), `L${a}`, `service line level ${a}`, `autonomy level ${a}`], serviceLineLimitColumn(a)]),
  ];
  for (const [names, heading] of required) {
    if (!cols.has(...names)) {
      errors.push({ row: 1, column: heading, message: `The "${heading}" column is missing${levels.some((l) => l.name === heading) ? '; add it, with "-" where the level holds nothing' : ""}` });
    }
  }
  if (errors.length) return { decisions, errors };

  const idRows = new Map<string, number>();
  rows.forEach((row, index) => {
    if (isBlankRow(row)) return;
    const rowNo = index + 2;
    const rowErrors: RowError[] = [];
    const fail = (names: string[], message: string) => rowErrors.push({ row: rowNo, column: cols.heading(...names), message });
    const get = (...names: string[]) => cols.get(row, ...names);

    const areaText = get("area");
    const area = parseArea(areaText);
    if (!area) fail(["area"], areaText ? `"${areaText}" is not an area; use HR, Financial, Clinical & operational or Strategic & service development` : "Enter the area");
    const title = get("decision", "title");
    if (!title) fail(["decision", "title"], "Enter the decision");
    const kindText = get("limit kind", "kind");
    const limitKind = parseKind(kindText);
    if (!limitKind) fail(["limit kind", "kind"], `"${kindText}" is not a kind of limit; use money, band, count or yes/no`);
    const unitText = get("unit") || undefined;
    // Older sheets wrote bands as counts with the unit "band".
    const oldBand = limitKind === "count" && norm(unitText ?? "") === "band";
    const kind: LimitKind | null = oldBand ? "band" : limitKind;
    const unit = oldBand ? undefined : unitText;

    const cells: Record<string, DecisionCell> = {};
    let deriveServiceLineMode = false;
    for (const level of levels) {
      const names = [level.name, level.id];
      const text = get(...names);
      const t = norm(text);
      const cell: DecisionCell = { mode: "none", limit: null, holder: get(`${level.name} holder`), conditions: get(`${level.name} conditions`) };
      const exception = get(`${level.name} exception`);
      if (exception) cell.exception = { reason: exception };
      if (t === "reserved") cell.mode = "reserved";
      else if (level.id === serviceLineLevelId) {
        // The service line's limits are in the L1–L4 columns; its own column says only whether it holds the decision.
        if (["by autonomy level", "delegated", "yes", "held"].includes(t)) cell.mode = "delegated";
        else if (t !== "" && !BLANKISH.has(t)) fail(names, `"${text}" is not understood here; the service line's limits go in the columns ${AUTONOMY_LEVELS.map(serviceLineLimitColumn).join(", ")}, so write "by autonomy level", "reserved" or "-"`);
        else if (t === "") deriveServiceLineMode = true; // settled from the limits below
      } else if (BLANKISH.has(t)) {
        cell.mode = "none";
      } else if (kind === "yesno") {
        if (["yes", "y", "delegated", "held"].includes(t)) cell.mode = "delegated";
        else fail(names, `"${text}" is not an answer for a yes/no decision; use yes, no or reserved`);
      } else if (kind) {
        const r = readLimit(oldBand ? text.replace(/^(band\s*)?8$/i, "8d") : text, kind, unit);
        if (r.ok) {
          cell.mode = "delegated";
          cell.limit = r.limit;
        } else fail(names, r.error);
      }
      const holdersCell = get(`${level.name} holders`);
      if (holdersCell && kind && kind !== "yesno" && level.id !== serviceLineLevelId) {
        const h = readHolders(holdersCell, kind, unit);
        if (!h.ok) fail([`${level.name} holders`], h.error);
        else if (h.holders.length) {
          const highest = cellLimitFromHolders(h.holders);
          if (cell.mode !== "delegated") fail([`${level.name} holders`], `Holders with their own limits need the ${level.name} column to be the highest of their limits, not "${text || "-"}"`);
          else if (cell.limit !== highest) {
            fail(names, `The ${level.name} limit must be the highest of its holders' limits (${highest === null ? "unlimited" : formatLimit({ limitKind: kind, unit }, highest)})`);
          } else cell.holders = h.holders;
        }
      } else if (holdersCell && level.id === serviceLineLevelId) {
        fail([`${level.name} holders`], "The service line has one holder, whose limit depends on earned autonomy; name it in the holder column");
      }
      cells[level.id] = cell;
    }

    const serviceLineLimits = { 1: null, 2: null, 3: null, 4: null } as Decision["serviceLineLimits"];
    for (const a of AUTONOMY_LEVELS) {
      const names = [serviceLineLimitColumn(a), `L${a}`, `service line level ${a}`, `autonomy level ${a}`];
      const text = get(...names);
      const t = norm(text);
      if (kind === "yesno") {
        if (t === "yes" || t === "y" || t === "1") serviceLineLimits[a] = 1;
        else if (t === "no" || t === "n" || t === "0") serviceLineLimits[a] = 0;
        else if (!BLANKISH.has(t)) fail(names, `"${text}" is not yes, no or -`);
      } else if (kind && !BLANKISH.has(t)) {
        const r = readLimit(oldBand ? text.replace(/^(band\s*)?8$/i, "8d") : text, kind, unit);
        if (!r.ok) fail(names, r.error);
        else if (r.limit === null) fail(names, "A service line's limit must be an amount, not unlimited");
        else serviceLineLimits[a] = r.limit;
      }
    }
    const slCell = cells[serviceLineLevelId];
    if (slCell && deriveServiceLineMode) {
      const holds = AUTONOMY_LEVELS.some((a) => (kind === "yesno" ? serviceLineLimits[a] === 1 : serviceLineLimits[a] !== null));
      slCell.mode = holds ? "delegated" : "none";
    }

    const vatText = get(SCHEME_EXTRA_COLUMNS.vatBasis, "vat");
    const vat = readVat(vatText);
    if (vat === "bad") fail([SCHEME_EXTRA_COLUMNS.vatBasis, "vat"], `"${vatText}" is not a VAT basis; write "including VAT" or "excluding VAT"`);
    const conditions = get(SCHEME_EXTRA_COLUMNS.conditions).split(/;|\n/).map((c) => c.trim()).filter(Boolean).map(readCondition);
    const flag = (heading: string) => {
      const text = get(heading);
      if (BLANKISH.has(norm(text))) return false;
      const yes = parseYesNo(text);
      if (yes === null) fail([heading], `"${text}" is not yes or no`);
      return yes === true;
    };
    const performanceIndependent = flag(SCHEME_EXTRA_COLUMNS.performanceIndependent);
    const procurement = flag(SCHEME_EXTRA_COLUMNS.procurement);

    let id = get("id");
    if (id) {
      const first = idRows.get(id);
      if (first !== undefined) fail(["id"], `The id "${id}" is already used on row ${first}`);
    }
    if (rowErrors.length) {
      errors.push(...rowErrors);
      return;
    }
    if (!id) {
      const base = slugify(title);
      id = base;
      for (let n = 2; idRows.has(id); n++) id = `${base}-${n}`;
    }
    idRows.set(id, rowNo);
    const decision: Decision = { id, area: area!, title, description: get("description"), limitKind: kind!, cells, serviceLineLimits };
    if (unit !== undefined) decision.unit = unit;
    if (conditions.length) decision.conditions = conditions;
    if (vat && vat !== "bad") decision.vatBasis = vat;
    if (performanceIndependent) decision.performanceIndependent = true;
    if (procurement) decision.procurement = true;
    decisions.push(decision);
  });
  return { decisions, errors };
}

/** Writes a scheme as spreadsheet rows in schemeColumns order; parseSchemeRows reads them back unchanged. */
export function schemeToRows(scheme: Scheme): Record<string, string>[] {
  const columns = schemeColumns(scheme.levels);
  return scheme.decisions.map((d) => {
    const row: Record<string, string> = Object.fromEntries(columns.map((c) => [c, ""]));
    row.ID = d.id;
    row.Area = DECISION_AREAS.find((a) => a.id === d.area)!.label;
    row.Decision = d.title;
    row.Description = d.description;
    row["Limit kind"] = d.limitKind === "yesno" ? "yes/no" : d.limitKind;
    row.Unit = d.unit ?? "";
    row[SCHEME_EXTRA_COLUMNS.vatBasis] = d.vatBasis ? (d.vatBasis === "incl" ? "including VAT" : "excluding VAT") : "";
    row[SCHEME_EXTRA_COLUMNS.conditions] = (d.conditions ?? []).map(conditionText).join("; ");
    row[SCHEME_EXTRA_COLUMNS.performanceIndependent] = d.performanceIndependent ? "yes" : "";
    row[SCHEME_EXTRA_COLUMNS.procurement] = d.procurement ? "yes" : "";
    for (const level of scheme.levels) {
      const cell = d.cells[level.id] ?? { mode: "none", limit: null, holder: "", conditions: "" };
      let value: string;
      if (cell.mode === "reserved") value = "reserved";
      else if (cell.mode === "none") value = "-";
      else if (level.id === scheme.serviceLineLevelId) value = "by autonomy level";
      else if (d.limitKind === "yesno") value = "yes";
      else value = cell.limit === null ? "unlimited" : formatLimit(d, cell.limit);
      row[level.name] = value;
      row[`${level.name} holder`] = cell.holder;
      row[`${level.name} holders`] = cell.holders?.length ? holdersText(d, cell.holders) : "";
      row[`${level.name} conditions`] = cell.conditions;
      row[`${level.name} exception`] = cell.exception?.reason ?? "";
    }
    for (const a of AUTONOMY_LEVELS) {
      const v = d.serviceLineLimits[a];
      row[serviceLineLimitColumn(a)] = v === null ? "-" : d.limitKind === "yesno" ? (v >= 1 ? "yes" : "no") : formatLimit(d, v);
    }
    return row;
  });
}
