/**
 * The inputs of the SLM maturity evidence suggestions (shared/maturity/evidence.ts) read from
 * Devolve's records on a date: the scheme and structure versions in force and approved by then, the
 * KPI catalogue and the monthly figures. A new source is one more field here and one function there.
 */
import type { Db } from "../../db/client";
import { addMonths, formatMonth } from "../../shared/format/dates";
import { versionState } from "../../shared/governance/lifecycle";
import type { KpiDomain } from "../../shared/kpi/types";
import type { EvidenceInputs } from "../../shared/maturity/evidence";
import type { Structure } from "../../shared/structure/model";
import { allSeries, listDefinitions } from "../repositories/kpi";
import { inForceOn, versionsWithEvents } from "./service";

/** The evidence inputs on a date: the scheme and structure in force, the KPI catalogue and figures. */
export function evidenceInputs(db: Db, workspaceId: string, date: string, structure: Structure): EvidenceInputs {
  const approvedCount = (doc: "delegation" | "structure") => {
    const { list, events } = versionsWithEvents(db, workspaceId, doc);
    return list.filter((v) => {
      const s = versionState(v.version, events, list, date);
      // Approved by the date (the change-control history), whether or not yet in force.
      return s.approval !== null && s.approval.date <= date && s.status !== "withdrawn";
    }).length;
  };
  const scheme = inForceOn(db, workspaceId, "delegation", date);
  const st = inForceOn(db, workspaceId, "structure", date);
  const count = (kind: string) => st?.content.units.filter((u) => u.kind === kind).length ?? 0;
  const lines = structure.units.filter((u) => u.kind === "service_line").map((u) => u.id);
  const defs = listDefinitions(db, workspaceId);
  const series = allSeries(db, workspaceId);
  let latest: string | null = null;
  for (const byCode of series.values()) for (const pts of byCode.values()) for (const p of pts) if (!latest || p.month > latest) latest = p.month;
  const recentFrom = latest ? addMonths(latest, -2) : null;
  let recent = 0;
  let spc = 0;
  for (const id of lines) {
    const byCode = series.get(id);
    if (!byCode) continue;
    if (recentFrom && [...byCode.values()].some((pts) => pts.some((p) => p.month >= recentFrom))) recent++;
    if ([...byCode.values()].some((pts) => pts.length >= 20)) spc++;
  }
  return {
    workspaceId,
    date,
    scheme: scheme ? { versionId: scheme.version.id, number: scheme.version.number, effectiveFrom: scheme.state.effectiveFrom ?? date, approvedVersions: approvedCount("delegation"), scheme: scheme.content.scheme } : null,
    structure: st
      ? { versionId: st.version.id, number: st.version.number, effectiveFrom: st.state.effectiveFrom ?? date, approvedBy: st.state.byChairAction && st.state.awaitingRatification ? "chair_action" : "board", counts: { service_line: count("service_line"), sub_service_line: count("sub_service_line"), pod: count("pod") } }
      : null,
    kpis: { domains: [...new Set(defs.map((d) => d.domain as KpiDomain))], serviceLines: lines.length, linesWithRecentFigures: recent, latestMonth: latest ? formatMonth(latest) : null, linesWithSpcSeries: spc },
  };
}
