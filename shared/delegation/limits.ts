import { formatCount, formatMoney } from "../format/money";
import type { AutonomyLevel } from "../autonomy/types";
import type { Decision, DecisionCell, Scheme } from "./types";

/** True for units written before the number ("Band 7") rather than after ("12 beds"). */
function prefixUnit(unit: string | undefined): boolean {
  return (unit ?? "").trim().toLowerCase() === "band";
}

/** Writes one limit of a decision in its own terms: "£25,000", "Band 7", "12 programmed activities", "yes". */
export function formatLimit(decision: Pick<Decision, "limitKind" | "unit">, limit: number): string {
  if (decision.limitKind === "money") return formatMoney(limit);
  if (decision.limitKind === "yesno") return limit >= 1 ? "yes" : "no";
  const unit = decision.unit?.trim();
  if (!unit) return formatCount(limit);
  return prefixUnit(unit) ? `Band ${formatCount(limit)}` : `${formatCount(limit)} ${unit}`;
}

/** A level's right to a decision once earned autonomy is applied. */
export interface EffectiveRight {
  mode: DecisionCell["mode"];
  held: boolean;
  /** null when held with no upper limit (or for yes/no decisions), or when not held. */
  limit: number | null;
  holder: string;
  conditions: string;
}

const NONE: DecisionCell = { mode: "none", limit: null, holder: "", conditions: "" };

/** The cell of a decision at a level, or an empty "not held" cell. */
export function cellAt(decision: Decision, levelId: string): DecisionCell {
  return decision.cells[levelId] ?? NONE;
}

/** What one level may decide for one decision; the service-line level reads its limit from the autonomy level. */
export function effectiveRight(scheme: Scheme, decision: Decision, levelId: string, autonomyLevel: AutonomyLevel, serviceLineLevelId = scheme.serviceLineLevelId): EffectiveRight {
  const cell = cellAt(decision, levelId);
  const base = { mode: cell.mode, holder: cell.holder, conditions: cell.conditions };
  if (cell.mode === "reserved") return { ...base, held: true, limit: null };
  if (levelId === serviceLineLevelId) {
    const v = decision.serviceLineLimits[autonomyLevel];
    if (decision.limitKind === "yesno") return { ...base, held: v !== null && v >= 1, limit: null };
    return { ...base, held: v !== null, limit: v };
  }
  if (cell.mode === "none") return { ...base, held: false, limit: null };
  return { ...base, held: true, limit: decision.limitKind === "yesno" ? null : cell.limit };
}
