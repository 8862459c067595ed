import type { AppLoadContext } from "@remix-run/node";
import { formatMonth } from "../../shared/format/dates";
import type { BoardPackInput } from "../../server/governance/board-pack";
import { ASSURANCE_LABELS, ASSURANCE_ORDER, VARIATION_KIND_LABELS, VARIATION_KINDS, VARIATION_LABELS, formatValue } from "../components/spc/model";
import { reportMatrix } from "./spc.server";

/** The most concerns a Board pack lists; the report on screen has them all. */
const MAX_CONCERNS = 60;

/**
 * The Board pack's integrated performance summary (issue 14: the report is "a section of the Board
 * pack"): the trust's variation × assurance grid and its concerns, formatted for print.
 */
export async function packPerformance(context: AppLoadContext, workspaceId: string): Promise<NonNullable<BoardPackInput["performance"]>> {
  const m = await reportMatrix(context, workspaceId, { kind: "trust" });
  if (!m) return { asAt: null, total: 0, grid: [], assuranceHeaders: [], concerns: [] };
  const concerns = m.rows
    .filter((r) => r.variationKind === "concern" || r.assurance === "consistently_fail" || r.rare?.over)
    .slice(0, MAX_CONCERNS)
    .map((r) => ({
      line: r.lineName,
      indicator: r.name,
      latest: r.latest ? `${formatValue(r.latest.value, r.unit, r.decimals)} (${formatMonth(r.latest.month)})` : "None",
      target: r.target === null ? "None" : formatValue(r.target, r.unit, r.decimals),
      variation: r.rare ? `${r.rare.total} in ${r.rare.year}${r.rare.threshold !== null ? ` against a threshold of ${r.rare.threshold}` : ""}` : r.variation ? VARIATION_LABELS[r.variation] : "Not charted",
      assurance: r.assurance ? ASSURANCE_LABELS[r.assurance] : "None",
    }));
  return {
    asAt: m.asAt ? formatMonth(m.asAt) : null,
    total: m.rows.length,
    assuranceHeaders: ASSURANCE_ORDER.map((a) => ASSURANCE_LABELS[a]),
    grid: VARIATION_KINDS.map((v) => ({ variation: VARIATION_KIND_LABELS[v], counts: ASSURANCE_ORDER.map((a) => String(m.grid[v]?.[a] ?? 0)) })),
    concerns,
  };
}
