import { z } from "zod";
import type { AutonomyLevel } from "../autonomy/types";

/** The four areas of decision rights in Monitor's SLM framework (Part 4, section 7). */
export const DECISION_AREAS = [
  { id: "hr", label: "HR" },
  { id: "financial", label: "Financial" },
  { id: "clinical", label: "Clinical & operational" },
  { id: "strategic", label: "Strategic & service development" },
] as const;
export const AREA_IDS = ["hr", "financial", "clinical", "strategic"] as const;
export type AreaId = (typeof AREA_IDS)[number];

/** The plain-English label of an area. */
export function areaLabel(area: AreaId): string {
  return DECISION_AREAS.find((a) => a.id === area)!.label;
}

/** Levels of delegation, highest first; a trust can rename, add or remove levels. */
export const DEFAULT_LEVELS: readonly DelegationLevel[] = [
  { id: "board", name: "Board" },
  { id: "committee", name: "Board committee" },
  { id: "executive", name: "Chief Executive / executive director" },
  { id: "division", name: "Division" },
  { id: "service-line", name: "Service line" },
  { id: "team", name: "Sub-service line / team" },
];
export const DEFAULT_SERVICE_LINE_LEVEL_ID = "service-line";

/**
 * The Council of Governors of a foundation trust: it decides only the matters the NHS Act 2006
 * reserves to it (DOMAIN-REFERENCE.md: "matters reserved to the Board (and Council of Governors for
 * foundation trusts)"), so nothing falls to it for want of a lower limit.
 */
export const GOVERNORS_LEVEL = { id: "governors", name: "Council of Governors", reservedOnly: true } as const;

/** The default levels, highest first; a foundation trust's start with its Council of Governors. */
export function defaultLevels(options: { foundationTrust: boolean }): DelegationLevel[] {
  const levels: DelegationLevel[] = DEFAULT_LEVELS.map((l) => ({ ...l }));
  return options.foundationTrust ? [{ ...GOVERNORS_LEVEL }, ...levels] : levels;
}

export const delegationLevelSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  /** A body that decides only the matters reserved to it (a Council of Governors): never a fallback, never delegated to. */
  reservedOnly: z.boolean().optional(),
});
export type DelegationLevel = z.infer<typeof delegationLevelSchema>;

export const cellModeSchema = z.enum(["reserved", "delegated", "none"]);
export type CellMode = z.infer<typeof cellModeSchema>;

/** money: pounds; band: an Agenda for Change band (see ./bands.ts); count: a number of something (unit); yesno: held or not. */
export const limitKindSchema = z.enum(["money", "band", "count", "yesno"]);
export type LimitKind = z.infer<typeof limitKindSchema>;

/**
 * One named holder's limit within a level ("Chief Executive with the Director of Finance jointly up to
 * £1,000,000"): limit null = no upper limit; jointWith names a second holder who must approve too.
 */
export const holderLimitSchema = z.object({
  holder: z.string().min(1, "Name the holder"),
  limit: z.number().finite().nonnegative("The limit cannot be negative").nullable(),
  jointWith: z.string().optional(),
});
export type HolderLimit = z.infer<typeof holderLimitSchema>;

/**
 * One level's right to one decision.
 * - reserved: only this level decides, whatever the amount (limit unused);
 * - delegated: may decide up to `limit`; a null limit means no upper limit; yes/no decisions ignore the limit;
 * - none: this level does not hold the decision.
 * At the service-line level the limit comes from the decision's serviceLineLimits (by earned autonomy),
 * so that cell's `limit` is unused; its mode says whether any autonomy level holds it.
 * An exception, with its reason, allows a limit above the level above it.
 * `holders` (delegated cells of money, band and count decisions, not the service line) names several
 * holders at one level, each with its own limit; the cell's `limit` is then the highest of them
 * (null when any holder has no upper limit); see cellLimitFromHolders.
 */
export const decisionCellSchema = z.object({
  mode: cellModeSchema,
  limit: z.number().finite().nullable(),
  holder: z.string(),
  conditions: z.string(),
  exception: z.object({ reason: z.string() }).optional(),
  holders: z.array(holderLimitSchema).optional(),
});
export type DecisionCell = z.infer<typeof decisionCellSchema>;

/** The service line's limit at each earned autonomy level: null = not held; for yes/no decisions 1 = yes, 0 = no. */
export const serviceLineLimitsSchema = z.object({
  1: z.number().finite().nullable(),
  2: z.number().finite().nullable(),
  3: z.number().finite().nullable(),
  4: z.number().finite().nullable(),
});
export type ServiceLineLimits = Record<AutonomyLevel, number | null>;

export const decisionSchema = z.object({
  id: z.string().min(1),
  area: z.enum(AREA_IDS),
  title: z.string().min(1, "Give the decision a title"),
  description: z.string(),
  limitKind: limitKindSchema,
  /** What a count limit counts ("programmed activities", "beds"). Bands are limitKind "band", not a unit. */
  unit: z.string().optional(),
  cells: z.record(z.string(), decisionCellSchema),
  serviceLineLimits: serviceLineLimitsSchema,
  /** Conditions every answer lists: ids of STANDARD_CONDITIONS, or the trust's own words. */
  conditions: z.array(z.string().min(1)).optional(),
  /** Whether the money limits include VAT; validation requires it for money decisions. */
  vatBasis: z.enum(["incl", "excl"]).optional(),
  /** A right that does not depend on performance: the service line's limit is the same at every autonomy level. */
  performanceIndependent: z.boolean().optional(),
  /** Answers cite the scheme's procurement route for the amount (money decisions). */
  procurement: z.boolean().optional(),
});
export type Decision = z.infer<typeof decisionSchema>;
export type VatBasis = NonNullable<Decision["vatBasis"]>;

/** The conditions trusts write into almost every money limit; a decision lists them by id. */
export const STANDARD_CONDITIONS = [
  { id: "within-budget", text: "Within the approved budget" },
  { id: "no-splitting", text: "Orders must not be split to avoid a limit" },
] as const;
export type StandardConditionId = (typeof STANDARD_CONDITIONS)[number]["id"];

/** The words of a decision's condition: a standard condition's text, or the trust's own words as written. */
export function conditionText(condition: string): string {
  return STANDARD_CONDITIONS.find((c) => c.id === condition)?.text ?? condition;
}

/** "including VAT" / "excluding VAT". */
export function vatBasisText(basis: VatBasis): string {
  return basis === "incl" ? "including VAT" : "excluding VAT";
}

/**
 * A procurement route: from this amount (including VAT) up to the next route's threshold, buying
 * follows `route` ("Three written quotations"). Routes are thresholds an answer cites, not decision rights.
 */
export const procurementRouteSchema = z.object({
  from: z.number().finite().nonnegative("A threshold cannot be negative"),
  route: z.string().trim().min(1, "Say what the route requires"),
});
export type ProcurementRoute = z.infer<typeof procurementRouteSchema>;

export const schemeSchema = z
  .object({
    levels: z.array(delegationLevelSchema).min(2),
    /** Which level is the service line, whose limits depend on earned autonomy. */
    serviceLineLevelId: z.string().min(1),
    decisions: z.array(decisionSchema),
    /** Procurement routes by value including VAT, lowest threshold first; the first starts at £0. */
    procurementRoutes: z.array(procurementRouteSchema).optional(),
  })
  .refine((s) => s.levels.some((l) => l.id === s.serviceLineLevelId), {
    message: "The service-line level must be one of the levels",
    path: ["serviceLineLevelId"],
  })
  .refine((s) => new Set(s.levels.map((l) => l.id)).size === s.levels.length, {
    message: "Each level needs its own id",
    path: ["levels"],
  });
export type Scheme = z.infer<typeof schemeSchema>;

/** A rule a scheme breaks, tied to its decision and (where it applies) its level. */
export interface SchemeIssue {
  decisionId: string;
  levelId?: string;
  message: string;
}
