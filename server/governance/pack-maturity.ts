/**
 * The Board pack's "SLM maturity self-assessment" section (issue 15): the trust's latest approved
 * assessment on the pack's date, compared with the approved one of the year before it, formatted by
 * the same report as the exports.
 */
import type { Db } from "../../db/client";
import { formatDate, formatFinancialYear } from "../../shared/format/dates";
import { suggestEvidence } from "../../shared/maturity/evidence";
import { maturityReport, type MaturityReport } from "../../shared/maturity/report";
import type { Structure } from "../../shared/structure/model";
import { listAssessmentVersions } from "../repositories/assessment";
import { evidenceInputs } from "./maturity-evidence";

/** The section's content, or null when the trust has approved no assessment by `today`. */
export function packMaturity(db: Db, workspaceId: string, today: string, structure: Structure): MaturityReport | null {
  const cutoff = Date.parse(`${today}T23:59:59Z`);
  const approved = listAssessmentVersions(db, workspaceId).filter((v) => v.unitId === null && v.approvedAt <= cutoff);
  const latest = approved.at(-1);
  if (!latest) return null;
  const earlier = approved.filter((v) => v.year < latest.year).at(-1) ?? null;
  const approvedOn = new Date(latest.approvedAt).toISOString().slice(0, 10);
  const yearEnd = `${latest.year + 1}-03-31`;
  return maturityReport({
    title: `SLM maturity self-assessment ${formatFinancialYear(latest.year)}`,
    status: `The trust's self-assessment against Monitor's service-line management framework for ${formatFinancialYear(latest.year)}, approved on ${formatDate(approvedOn)}${latest.approvedByName ? ` by ${latest.approvedByName}` : ""} (version ${latest.number}, SHA-256 ${latest.sha256.slice(0, 16)}...).${earlier ? ` Compared with ${formatFinancialYear(earlier.year)}.` : ""}`,
    assessment: latest.content,
    earlier: earlier ? { label: formatFinancialYear(earlier.year), assessment: earlier.content } : null,
    suggestions: suggestEvidence(evidenceInputs(db, workspaceId, approvedOn < yearEnd ? approvedOn : yearEnd, structure)),
  });
}
