import type { AppLoadContext } from "@remix-run/node";
import type { AutonomyLevel, AutonomyRules } from "../../shared/autonomy";
import type { Scheme } from "../../shared/delegation";
import { formatDate, formatMonth, londonDate } from "../../shared/format/dates";
import { VERSIONED_DOC_LABELS, VERSIONED_DOCS, type Determination, type DocVersion, type VersionedDoc } from "../../shared/governance/types";
import { determinationInForce, firstEffectiveDate, inForceOn } from "../../server/governance/service";
import { START_LEVEL } from "./autonomy.server";
import { currentScheme } from "./scheme.server";

/** Today's date in England: governance dates are UK calendar dates. */
export function today(): string {
  return londonDate();
}

/** The scheme that applies limits on a date, and where it came from. */
export interface SchemeOnDate {
  scheme: Scheme;
  rules: AutonomyRules;
  /** The approved version in force on the date; null when none was (see `source`). */
  version: Pick<DocVersion, "id" | "number" | "title"> | null;
  effectiveFrom: string | null;
  /**
   * version: the approved version in force; unapproved: no version has ever been approved, so the
   * draft is used and every page says so; before-first: the date is before the first version took effect.
   */
  source: "version" | "unapproved" | "before-first";
  firstEffective: string | null;
  /** "Scheme of delegation v4.0, in force from 1 April 2026 (Board, 26 March 2026, TB 26/043)". */
  citation: string;
}

/**
 * The scheme of delegation that applied on a date: the approved version in force then, never the
 * draft (issue 11). A trust that has approved nothing yet gets its draft, labelled as such.
 */
export async function schemeOn(context: AppLoadContext, workspaceId: string, date: string): Promise<SchemeOnDate> {
  const found = inForceOn(context.db, workspaceId, "delegation", date);
  if (found) {
    const approval = found.state.approval;
    const how = approval ? (approval.kind === "chair_action" ? `Chair's action, ${formatDate(approval.date)}` : `Board, ${formatDate(approval.date)}${approval.minuteRef ? `, minute ${approval.minuteRef}` : ""}`) : "";
    return {
      scheme: found.content.scheme,
      rules: found.content.rules,
      version: { id: found.version.id, number: found.version.number, title: found.version.title },
      effectiveFrom: found.state.effectiveFrom,
      source: "version",
      firstEffective: null,
      citation: `Scheme of delegation v${found.version.number}, in force from ${formatDate(found.state.effectiveFrom!)}${how ? ` (approved by the ${how})` : ""}`,
    };
  }
  const first = firstEffectiveDate(context.db, workspaceId, "delegation");
  const draft = await currentScheme(context, workspaceId);
  const rules = (await context.collab.read(workspaceId, { kind: "delegation" })).rules;
  if (first) {
    return { scheme: draft.scheme, rules, version: null, effectiveFrom: null, source: "before-first", firstEffective: first, citation: `No approved scheme was in force on ${formatDate(date)}; the first took effect on ${formatDate(first)}` };
  }
  return {
    scheme: draft.scheme,
    rules,
    version: null,
    effectiveFrom: null,
    source: "unapproved",
    firstEffective: null,
    citation: draft.source === "default" ? "The typical NHS scheme (this trust has not written or approved its own yet)" : "The draft scheme: the Board has not approved a version yet",
  };
}

/** A line's earned-autonomy level in force on a date, from its frozen determinations. */
export interface LevelOnDate {
  level: AutonomyLevel;
  determination: Determination | null;
  explanation: string;
}

export function levelOn(context: AppLoadContext, workspaceId: string, unitId: string, lineName: string, date: string): LevelOnDate {
  const d = determinationInForce(context.db, workspaceId, unitId, date);
  if (!d) return { level: START_LEVEL, determination: null, explanation: `No earned-autonomy level had been determined for ${lineName} by ${formatDate(date)}, so it is treated as level ${START_LEVEL}, the starting level.` };
  const basis = d.basisMonth ? `computed from the figures for ${formatMonth(d.basisMonth)}` : d.reason.charAt(0).toLowerCase() + d.reason.slice(1);
  const computed = d.computedLevel !== null && d.computedLevel !== d.level ? ` (the rules recommended level ${d.computedLevel})` : "";
  return { level: d.level, determination: d, explanation: `${lineName} was determined to be at level ${d.level} from ${formatDate(d.effectiveFrom)}, ${basis}${computed}.` };
}

/**
 * The documents in force past their review-by date, for the banner every member sees (issue 11:
 * "past it, everyone sees that the scheme is overdue for review").
 */
export function overdueReviews(context: AppLoadContext, workspaceId: string, on = today()) {
  const out: { doc: VersionedDoc; label: string; number: string; reviewBy: string }[] = [];
  for (const doc of VERSIONED_DOCS) {
    const found = inForceOn(context.db, workspaceId, doc, on);
    const reviewBy = found?.state.reviewBy;
    if (found && reviewBy && on > reviewBy) out.push({ doc, label: VERSIONED_DOC_LABELS[doc], number: found.version.number, reviewBy: formatDate(reviewBy) });
  }
  return out;
}
