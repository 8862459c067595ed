import type { IndicatorObservation, MonthObservation } from "../../shared/autonomy";
import { formatMonth, parseMonth, parseNumber } from "../../shared/format";

/** Field name of one indicator row's cell in the month entry form, also its element id. */
export const indField = (i: number, name: "code" | "name" | "kind" | "value" | "target" | "direction" | "key" | "unit") => `ind-${i}-${name}`;

/** Most indicator rows the form accepts, so a crafted post cannot make the server loop for long. */
export const MAX_ENTRY_ROWS = 40;

export type MonthEntryResult =
  | { ok: true; unitId: string; observation: MonthObservation }
  | { ok: false; errors: Record<string, string> };

/**
 * Reads the "enter one month for one line" form: service line, month, indicator rows (blank rows skipped),
 * financial plan and actual, policy adherence. Every problem is keyed by the id of its field.
 */
export function parseMonthEntry(form: Record<string, string>, knownUnitIds: readonly string[]): MonthEntryResult {
  const errors: Record<string, string> = {};
  const get = (k: string) => (form[k] ?? "").trim();

  const unitId = get("line");
  if (!knownUnitIds.includes(unitId)) errors.line = "Choose a service line";
  const month = parseMonth(get("month"));
  if (!month.ok) errors.month = month.error;

  const rows = Math.min(MAX_ENTRY_ROWS, Math.max(0, Number.parseInt(get("rows"), 10) || 0));
  const indicators: IndicatorObservation[] = [];
  const seen = new Map<string, number>();
  for (let i = 0; i < rows; i++) {
    const f = (n: Parameters<typeof indField>[1]) => get(indField(i, n));
    if (!f("code") && !f("value") && !f("target") && !f("name")) continue;
    const code = f("code");
    const where = `Indicator row ${i + 1}${code ? ` (${code})` : ""}`;
    if (!code) errors[indField(i, "code")] = `${where}: enter the indicator code`;
    else if (seen.has(code.toUpperCase())) errors[indField(i, "code")] = `${where}: indicator ${code} is already on row ${seen.get(code.toUpperCase())! + 1}`;
    else seen.set(code.toUpperCase(), i);
    const kind = f("kind");
    const isKind = kind === "quality" || kind === "performance" || kind === "workforce";
    if (!isKind) errors[indField(i, "kind")] = `${where}: choose quality, performance or workforce`;
    const direction = f("direction");
    if (direction !== "higher" && direction !== "lower") errors[indField(i, "direction")] = `${where}: choose whether higher or lower is better`;
    const num = (n: "value" | "target", label: string) => {
      const text = f(n);
      if (!text) {
        errors[indField(i, n)] = `${where}: enter the ${label}`;
        return undefined;
      }
      const r = parseNumber(text, { allowNegative: true });
      if (!r.ok) {
        errors[indField(i, n)] = `${where}: the ${label} must be a number, like 78.5`;
        return undefined;
      }
      return r.value;
    };
    const value = num("value", "value");
    const target = num("target", "target");
    // What the figure is decides what it can be: a count (no unit) is whole and never negative — no
    // −2 infections — and no rate or percentage is negative either (issue 16). A count's target may
    // be a share of an annual threshold, so only the value must be whole.
    for (const [n, v, label] of [["value", value, "value"], ["target", target, "target"]] as const) {
      if (v === undefined) continue;
      const counted = !f("unit");
      if (v < 0) errors[indField(i, n)] = `${where}: the ${label} cannot be negative`;
      else if (counted && n === "value" && !Number.isInteger(v)) errors[indField(i, n)] = `${where}: the ${label} is a count, so enter a whole number (or give the unit, such as %)`;
    }
    if (code && isKind && (direction === "higher" || direction === "lower") && value !== undefined && target !== undefined && !errors[indField(i, "value")] && !errors[indField(i, "target")]) {
      const ind: IndicatorObservation = { code, name: f("name") || code, kind, value, target, direction, key: f("key") === "on" || f("key") === "yes" };
      if (f("unit")) ind.unit = f("unit");
      indicators.push(ind);
    }
  }

  const money = (k: "plan" | "actual", label: string) => {
    const r = parseNumber(get(k), { allowNegative: true });
    if (!r.ok) errors[k] = `Enter the ${label} as an amount in pounds, like 250,000 or -12,000`;
    return r.ok ? r.value : undefined;
  };
  let finance: MonthObservation["finance"];
  if (get("plan") || get("actual") || get("tolerance")) {
    const plan = money("plan", "planned contribution");
    const actual = money("actual", "actual contribution");
    let tolerancePct: number | undefined;
    if (get("tolerance")) {
      const r = parseNumber(get("tolerance"));
      if (!r.ok || r.value > 100) errors.tolerance = "The tolerance must be a percentage between 0 and 100, or left blank for the trust's rule";
      else tolerancePct = r.value;
    }
    if (plan !== undefined && actual !== undefined) {
      finance = { plan, actual };
      if (tolerancePct !== undefined) finance.tolerancePct = tolerancePct;
    }
  }

  let policy: MonthObservation["policy"];
  const adherent = get("adherent");
  if (adherent === "yes" || adherent === "no") {
    policy = { adherent: adherent === "yes" };
    if (get("note")) policy.note = get("note");
  } else if (adherent) errors.adherent = "Choose whether the service line adhered to trust policies";

  if (Object.keys(errors).length === 0 && indicators.length === 0 && !finance && !policy) {
    errors.form = "Enter at least one indicator, the financial figures or policy adherence";
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const observation: MonthObservation = { month: (month as { value: string }).value, indicators };
  if (finance) observation.finance = finance;
  if (policy) observation.policy = policy;
  return { ok: true, unitId, observation };
}

/** The confirmation shown after a month is saved. */
export function savedMessage(lineName: string, month: string): string {
  return `Figures for ${lineName} in ${formatMonth(month)} saved. Recommended levels have been recomputed; a level in force changes when the accountability review agrees it.`;
}
