import type { AppLoadContext } from "@remix-run/node";
import type { AutonomyLevel, AutonomyRules } from "../../shared/autonomy";
import type { Scheme } from "../../shared/delegation";
import { formatDate, formatMonth, londonDate } from "../../shared/format/dates";
import { VERSIONED_DOC_LABELS, VERSIONED_DOCS, type Determination, type DocVersion, type VersionedDoc } from "../../shared/governance/types";
import { determinationInForce, firstEffectiveDate, inForceOn } from "../../server/governance/service";
import { getVersion, versionContent } from "../../server/repositories/governance";
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
  // Agreed at a review or set by an executive: the recorded reason says where, by whom and why.
  if (d.source !== "figures") return { level: d.level, determination: d, explanation: `${lineName} is at level ${d.level} from ${formatDate(d.effectiveFrom)}. ${d.reason.replace(/\.?$/, ".")}` };
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

/** Which scheme a printed or exported copy shows, with the words that say which it is. */
export interface SchemeCopy {
  scheme: Scheme;
  rules: AutonomyRules;
  isDraft: boolean;
  versionNumber: string | null;
  /** "Version 4.0, in force from 1 April 2026 (approved by the Board, 26 March 2026, minute TB 26/043)" or a DRAFT warning. */
  label: string;
  slug: string;
}

/**
 * The copy a print or export shows (issue 11: the printable scheme and exports read the version in
 * force): `?version=<id>` a stored version, `?version=draft` the live draft clearly marked as not
 * approved, and by default the version in force today (the draft, marked, if none has been approved).
 */
export async function schemeCopy(context: AppLoadContext, workspaceId: string, url: string): Promise<SchemeCopy> {
  const wanted = new URL(url).searchParams.get("version") ?? "";
  const draft = async (why: string): Promise<SchemeCopy> => {
    const d = await context.collab.read(workspaceId, { kind: "delegation" });
    const s = await currentScheme(context, workspaceId);
    return { scheme: s.scheme, rules: d.rules, isDraft: true, versionNumber: null, label: `DRAFT, not approved: ${why}. Limits in force are in the approved version.`, slug: "draft" };
  };
  if (wanted === "draft") return draft("the live draft as it stands now");
  if (wanted) {
    const v = getVersion(context.db, workspaceId, wanted);
    const content = v && v.doc === "delegation" ? versionContent(context.db, workspaceId, v.id, "delegation") : null;
    if (!v || !content) throw new Response("There is no version of the scheme with that address in this trust.", { status: 404 });
    const state = inForceOn(context.db, workspaceId, "delegation", today());
    const inForceNow = state?.version.id === v.id;
    return { scheme: content.scheme, rules: content.rules, isDraft: false, versionNumber: v.number, label: `Version ${v.number}: ${v.title}${inForceNow ? ", in force today" : " (not the version in force today)"}`, slug: `v${v.number}` };
  }
  const on = await schemeOn(context, workspaceId, today());
  if (on.source !== "version") return draft("the Board has not approved a version yet");
  return { scheme: on.scheme, rules: on.rules, isDraft: false, versionNumber: on.version!.number, label: on.citation, slug: `v${on.version!.number}` };
}

/** The version of a document in force today, for the notice on its co-edited screen. */
export function inForceSummary(context: AppLoadContext, workspaceId: string, doc: VersionedDoc) {
  const found = inForceOn(context.db, workspaceId, doc, today());
  return found ? { id: found.version.id, number: found.version.number, effectiveFrom: formatDate(found.state.effectiveFrom!) } : null;
}
