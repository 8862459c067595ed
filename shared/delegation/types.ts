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
export const DEFAULT_LEVELS = [
  { id: "board", name: "Board" },
  { id: "committee", name: "Board committee" },
  { id: "executive", name: "Chief Executive / executive director" },
  { id: "division", name: "Division" },
  { id: "service-line", name: "Service line" },
  { id: "team", name: "Sub-service line / team" },
] as const;
export const DEFAULT_SERVICE_LINE_LEVEL_ID = "service-line";

export const delegationLevelSchema = z.object({ id: z.string().min(1), name: z.string().min(1) });
export type DelegationLevel = z.infer<typeof delegationLevelSchema>;

export const cellModeSchema = z.enum(["reserved", "delegated", "none"]);
export type CellMode = z.infer<typeof cellModeSchema>;

export const limitKindSchema = z.enum(["money", "count", "yesno"]);
export type LimitKind = z.infer<typeof limitKindSchema>;

/**
 * One level's right to one decision.
 * - reserved: only this level decides, whatever the amount (limit unused);
 * - delegated: may decide up to `limit`; a null limit means no upper limit; yes/no decisions ignore the limit;
 * - none: this level does not hold the decision.
 * At the service-line level the limit comes from the decision's serviceLineLimits (by earned autonomy),
 * so that cell's `limit` is unused; its mode says whether any autonomy level holds it.
 * An exception, with its reason, allows a limit above the level above it.
 */
export const decisionCellSchema = z.object({
  mode: cellModeSchema,
  limit: z.number().finite().nullable(),
  holder: z.string(),
  conditions: z.string(),
  exception: z.object({ reason: z.string() }).optional(),
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
  /** What a count limit counts ("programmed activities", "beds"); "band" means an Agenda for Change band. */
  unit: z.string().optional(),
  cells: z.record(z.string(), decisionCellSchema),
  serviceLineLimits: serviceLineLimitsSchema,
});
export type Decision = z.infer<typeof decisionSchema>;

export const schemeSchema = z
  .object({
    levels: z.array(delegationLevelSchema).min(2),
    /** Which level is the service line, whose limits depend on earned autonomy. */
    serviceLineLevelId: z.string().min(1),
    decisions: z.array(decisionSchema),
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
