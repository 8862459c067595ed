import { formatMonth, parseMonth } from "../format/dates";
import { parseNumber } from "../format/money";
import { columnReader, isBlankRow, parseYesNo, type ImportRow, type RowError } from "../format/rows";
import type { IndicatorKind, IndicatorObservation, MonthObservation } from "./types";

/** Column headings written on export and read (case-insensitively) on import. */
export const PERFORMANCE_COLUMNS = [
  "Service line code",
  "Month",
  "Measure type",
  "Indicator code",
  "Indicator name",
  "Kind",
  "Value",
  "Target",
  "Direction",
  "Key",
  "Unit",
  "Plan",
  "Actual",
  "Tolerance %",
  "Adherent",
  "Note",
] as const;

const C = {
  line: ["service line code", "service line", "sl code"],
  month: ["month", "period"],
  type: ["measure type", "type", "measure"],
  code: ["indicator code"],
  name: ["indicator name", "indicator"],
  kind: ["kind", "indicator kind"],
  value: ["value"],
  target: ["target"],
  direction: ["direction"],
  key: ["key", "key indicator"],
  unit: ["unit"],
  plan: ["plan"],
  actual: ["actual"],
  tolerance: ["tolerance %", "tolerance", "tolerance pct"],
  adherent: ["adherent", "policy adherent"],
  note: ["note", "notes", "comment"],
} as const;

/** What a performance import produced: figures by service line code, months in order, and every refused cell. */
export interface PerformanceImport {
  observations: Record<string, MonthObservation[]>;
  errors: RowError[];
  /** Non-blank data rows read. */
  rowCount: number;
}

function parseDirection(text: string): "higher" | "lower" | null {
  const s = text.trim().toLowerCase();
  if (["higher", "high", "higher is better", "up", ">=", "≥"].includes(s)) return "higher";
  if (["lower", "low", "lower is better", "down", "<=", "≤"].includes(s)) return "lower";
  return null;
}

function parseKind(text: string): IndicatorKind | null {
  const s = text.trim().toLowerCase();
  if (s === "quality") return "quality";
  // ULHT §5.2 rates workforce beside quality and operational performance (docs/decisions/046); rules
  // that do not rate it judge a workforce indicator with performance (shared/autonomy/assess.ts).
  if (s === "workforce") return "workforce";
  // Operational and financial measures are the framework's performance indicators.
  if (["performance", "operational", "financial"].includes(s)) return "performance";
  return null;
}

/** Reads monthly performance rows (one per service line × month × measure) into observations, naming the row and column of every problem. */
export function parsePerformanceRows(rows: ImportRow[], knownServiceLineCodes: readonly string[]): PerformanceImport {
  const errors: RowError[] = [];
  const cols = columnReader(rows);
  if (rows.length === 0) {
    return { observations: {}, errors: [{ row: 1, column: "", message: "The file has no rows of figures" }], rowCount: 0 };
  }
  const required = [
    [C.line, "Service line code"],
    [C.month, "Month"],
    [C.type, "Measure type"],
  ] as const;
  for (const [names, heading] of required) {
    if (!cols.has(...names)) errors.push({ row: 1, column: heading, message: `The "${heading}" column is missing` });
  }
  if (errors.length > 0) return { observations: {}, errors, rowCount: 0 };

  const known = new Map(knownServiceLineCodes.map((c) => [c.trim().toUpperCase(), c]));
  const knownList = knownServiceLineCodes.length > 12
    ? `${knownServiceLineCodes.slice(0, 12).join(", ")} and others`
    : knownServiceLineCodes.join(", ");

  type Slot = { obs: MonthObservation; indicatorRows: Map<string, number>; financeRow?: number; policyRow?: number };
  const slots = new Map<string, Map<string, Slot>>();
  let rowCount = 0;

  rows.forEach((row, index) => {
    if (isBlankRow(row)) return;
    rowCount += 1;
    const rowNo = index + 2;
    const rowErrors: RowError[] = [];
    const fail = (names: readonly string[], message: string) => rowErrors.push({ row: rowNo, column: cols.heading(...names), message });
    const get = (names: readonly string[]) => cols.get(row, ...names);

    const codeText = get(C.line);
    let code: string | undefined;
    if (!codeText) fail(C.line, "Enter the service line code");
    else {
      code = known.get(codeText.toUpperCase());
      if (!code) fail(C.line, `"${codeText}" is not a known service line code${knownList ? `; known codes are ${knownList}` : ""}`);
    }

    const monthResult = parseMonth(get(C.month));
    if (!monthResult.ok) fail(C.month, monthResult.error);

    const typeText = get(C.type).toLowerCase();
    const type = ["indicator", "finance", "policy"].includes(typeText) ? (typeText as "indicator" | "finance" | "policy") : null;
    if (!type) fail(C.type, typeText ? `"${get(C.type)}" is not a measure type; use indicator, finance or policy` : "Enter the measure type: indicator, finance or policy");

    const num = (names: readonly string[], label: string, allowNegative: boolean): number | undefined => {
      const text = get(names);
      if (!text) {
        fail(names, `Enter the ${label}`);
        return undefined;
      }
      const r = parseNumber(text, { allowNegative });
      if (!r.ok) {
        fail(names, `The ${label} must be a number: ${r.error}`);
        return undefined;
      }
      return r.value;
    };

    let indicator: IndicatorObservation | undefined;
    let finance: MonthObservation["finance"];
    let policy: MonthObservation["policy"];

    if (type === "indicator") {
      const indCode = get(C.code);
      if (!indCode) fail(C.code, "Enter the indicator code");
      const kind = parseKind(get(C.kind));
      if (!kind) fail(C.kind, get(C.kind) ? `"${get(C.kind)}" is not a kind of indicator; use quality, performance or workforce` : "Enter the kind of indicator: quality, performance or workforce");
      const value = num(C.value, "value", true);
      const target = num(C.target, "target", true);
      const direction = parseDirection(get(C.direction));
      if (!direction) fail(C.direction, get(C.direction) ? `"${get(C.direction)}" is not a direction; use higher or lower` : "Enter the direction: higher (higher is better) or lower");
      const keyText = get(C.key);
      const key = keyText === "" ? false : parseYesNo(keyText);
      if (key === null) fail(C.key, `"${keyText}" is not yes or no`);
      if (indCode && kind && value !== undefined && target !== undefined && direction && key !== null) {
        indicator = { code: indCode, name: get(C.name) || indCode, kind, value, target, direction, key };
        const unit = get(C.unit);
        if (unit) indicator.unit = unit;
      }
    } else if (type === "finance") {
      const plan = num(C.plan, "plan", true);
      const actual = num(C.actual, "actual", true);
      let tolerancePct: number | undefined;
      const tolText = get(C.tolerance);
      if (tolText) {
        const r = parseNumber(tolText);
        if (!r.ok || r.value > 100) fail(C.tolerance, "The tolerance must be a percentage between 0 and 100");
        else tolerancePct = r.value;
      }
      if (plan !== undefined && actual !== undefined) {
        finance = { plan, actual };
        if (tolerancePct !== undefined) finance.tolerancePct = tolerancePct;
      }
    } else if (type === "policy") {
      const text = get(C.adherent);
      const adherent = parseYesNo(text);
      if (adherent === null) fail(C.adherent, text ? `"${text}" is not yes or no` : "Enter whether the service line adhered to trust policies: yes or no");
      else {
        policy = { adherent };
        const note = get(C.note);
        if (note) policy.note = note;
      }
    }

    if (rowErrors.length > 0 || !code || !monthResult.ok) {
      errors.push(...rowErrors);
      return;
    }
    const month = monthResult.value;
    let byMonth = slots.get(code);
    if (!byMonth) slots.set(code, (byMonth = new Map()));
    let slot = byMonth.get(month);
    if (!slot) byMonth.set(month, (slot = { obs: { month, indicators: [] }, indicatorRows: new Map() }));
    const where = `${code} in ${formatMonth(month)}`;

    if (indicator) {
      const first = slot.indicatorRows.get(indicator.code.toUpperCase());
      if (first !== undefined) {
        errors.push({ row: rowNo, column: cols.heading(...C.code), message: `Indicator ${indicator.code} for ${where} is already on row ${first}` });
        return;
      }
      slot.indicatorRows.set(indicator.code.toUpperCase(), rowNo);
      slot.obs.indicators.push(indicator);
    } else if (finance) {
      if (slot.financeRow !== undefined) {
        errors.push({ row: rowNo, column: cols.heading(...C.type), message: `Financial figures for ${where} are already on row ${slot.financeRow}` });
        return;
      }
      slot.financeRow = rowNo;
      slot.obs.finance = finance;
    } else if (policy) {
      if (slot.policyRow !== undefined) {
        errors.push({ row: rowNo, column: cols.heading(...C.type), message: `Policy adherence for ${where} is already on row ${slot.policyRow}` });
        return;
      }
      slot.policyRow = rowNo;
      slot.obs.policy = policy;
    }
  });

  const observations: Record<string, MonthObservation[]> = {};
  for (const [code, byMonth] of slots) {
    observations[code] = [...byMonth.values()].map((s) => s.obs).sort((a, b) => a.month.localeCompare(b.month));
  }
  return { observations, errors, rowCount };
}

/** Writes observations as import rows (the PERFORMANCE_COLUMNS), so an export can be edited and imported again. */
export function performanceToRows(observations: Record<string, MonthObservation[]>): Record<string, string>[] {
  const rows: Record<string, string>[] = [];
  const blank = () => Object.fromEntries(PERFORMANCE_COLUMNS.map((c) => [c, ""])) as Record<string, string>;
  for (const [code, months] of Object.entries(observations)) {
    for (const m of months) {
      for (const i of m.indicators) {
        rows.push({
          ...blank(),
          "Service line code": code,
          Month: m.month,
          "Measure type": "indicator",
          "Indicator code": i.code,
          "Indicator name": i.name,
          Kind: i.kind,
          Value: String(i.value),
          Target: String(i.target),
          Direction: i.direction,
          Key: i.key ? "yes" : "no",
          Unit: i.unit ?? "",
        });
      }
      if (m.finance) {
        rows.push({
          ...blank(),
          "Service line code": code,
          Month: m.month,
          "Measure type": "finance",
          Plan: String(m.finance.plan),
          Actual: String(m.finance.actual),
          "Tolerance %": m.finance.tolerancePct === undefined ? "" : String(m.finance.tolerancePct),
        });
      }
      if (m.policy) {
        rows.push({
          ...blank(),
          "Service line code": code,
          Month: m.month,
          "Measure type": "policy",
          Adherent: m.policy.adherent ? "yes" : "no",
          Note: m.policy.note ?? "",
        });
      }
    }
  }
  return rows;
}
