import { AUTONOMY_LEVELS, type AutonomyLevel } from "../../../shared/autonomy/types";
import { cellAt, formatBand, formatLimit, holderName, parseBand, type Decision, type DecisionCell } from "../../../shared/delegation";
import { formatMoney, parseMoney } from "../../../shared/format/money";

/** What a cell says in the matrix: "Reserved", "£25,000", "Not held", "Yes", "No upper limit". */
export function cellValueText(d: Decision, cell: DecisionCell): string {
  if (cell.mode === "reserved") return "Reserved";
  if (cell.mode === "none") return "Not held";
  if (d.limitKind === "yesno") return "Yes";
  return cell.limit === null ? "No upper limit" : formatLimit(d, cell.limit);
}

/** A service line's limit at one autonomy level, as shown in the matrix. */
export function serviceLineValueText(d: Decision, a: AutonomyLevel): string {
  const v = d.serviceLineLimits[a];
  if (v === null) return "Not held";
  if (d.limitKind === "yesno") return v >= 1 ? "Yes" : "No";
  return formatLimit(d, v);
}

/** The text put in a limit input for editing: "£25,000", "7", "" for none. */
export function limitInputText(d: Pick<Decision, "limitKind">, v: number | null): string {
  if (v === null) return "";
  if (d.limitKind === "band") return formatBand(v);
  return d.limitKind === "money" ? formatMoney(v) : String(v);
}

/** A cell's holders in one line for the matrix: "Executive director £250,000 · Chief Executive jointly with the Director of Finance £1,000,000". */
export function holdersText(d: Decision, cell: DecisionCell): string {
  if (cell.mode !== "delegated" || !cell.holders?.length) return "";
  return cell.holders.map((h) => `${holderName({ holder: h.holder, jointWith: h.jointWith ?? null })} ${h.limit === null ? "no upper limit" : formatLimit(d, h.limit)}`).join(" · ");
}

export type LimitParse = { ok: true; value: number | null } | { ok: false; error: string };

/** Reads a limit typed into the editor; blank means none (no upper limit, or not held for a service line). */
export function parseLimitInput(d: Pick<Decision, "limitKind" | "unit">, text: string): LimitParse {
  const raw = text.trim();
  if (raw === "") return { ok: true, value: null };
  if (/^[-−(]/.test(raw) || /^£\s*[-−]/.test(raw)) return { ok: false, error: "The limit cannot be negative" };
  if (d.limitKind === "money") {
    const r = parseMoney(raw);
    return r.ok ? { ok: true, value: r.value } : { ok: false, error: r.error };
  }
  if (d.limitKind === "band") {
    const r = parseBand(raw);
    return r.ok ? { ok: true, value: r.value } : { ok: false, error: r.error };
  }
  const m = /^(?:band\s*)?(\d{1,3}(?:,\d{3})+|\d+)(?:\s+[a-z][a-z ]*)?$/i.exec(raw);
  if (!m) return { ok: false, error: `"${raw}" is not a whole number; enter a count such as 12` };
  return { ok: true, value: Number(m[1]!.replace(/,/g, "")) };
}

export { AUTONOMY_LEVELS, cellAt };
