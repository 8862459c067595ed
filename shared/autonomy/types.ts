import { z } from "zod";

/** Earned autonomy levels, 1 = most autonomy, 4 = least. */
export const AUTONOMY_LEVELS = [1, 2, 3, 4] as const;
export type AutonomyLevel = (typeof AUTONOMY_LEVELS)[number];

/**
 * The monthly criteria of the performance management framework: its table's four (financial plan,
 * quality, performance, trust policies) and workforce, which ULHT §5.2 rates beside them ("rated …
 * against an agreed set of key KPIs for Finance, Workforce, Quality and Operational performance").
 * Workforce is optional in a set of rules: versions approved before it existed hold four criteria and
 * are judged as they were (docs/decisions/046-workforce-criterion.md).
 */
export const CRITERION_IDS = ["finance", "quality", "performance", "workforce", "policy"] as const;
export type CriterionId = (typeof CRITERION_IDS)[number];
/** The criteria every set of rules holds; workforce may be absent. */
export const REQUIRED_CRITERION_IDS = ["finance", "quality", "performance", "policy"] as const satisfies readonly CriterionId[];

/** Which criterion an indicator is judged under. */
export const INDICATOR_KINDS = ["quality", "performance", "workforce"] as const;
export type IndicatorKind = (typeof INDICATOR_KINDS)[number];

export const autonomyLevelSchema = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);
const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "Month must be written YYYY-MM");

export const autonomyCriterionSchema = z.object({
  id: z.enum(CRITERION_IDS),
  label: z.string().min(1),
  description: z.string(),
});
export type AutonomyCriterion = z.infer<typeof autonomyCriterionSchema>;

export const autonomyLevelRuleSchema = z.object({
  level: autonomyLevelSchema,
  label: z.string().min(1),
  when: z.string(),
  reviewFrequency: z.string().min(1),
});
export type AutonomyLevelRule = z.infer<typeof autonomyLevelRuleSchema>;

/**
 * The workforce criterion's own thresholds: how many workforce indicators may be off target in a
 * month while the criterion still counts as met for level 1 and for level 2. A key workforce
 * indicator off target fails it whatever the count. More off target than the level-2 figure fails it.
 */
export const workforceThresholdsSchema = z
  .object({ level1: z.number().int().min(0).max(20), level2: z.number().int().min(0).max(20) })
  .refine((t) => t.level1 <= t.level2, { message: "Level 1 cannot allow more workforce indicators off target than level 2" });
export type WorkforceThresholds = z.infer<typeof workforceThresholdsSchema>;

export const autonomyRulesSchema = z
  .object({
    /** The four required criteria, and workforce where the rules rate it; each at most once. */
    criteria: z.array(autonomyCriterionSchema).min(4).max(5),
    levels: z.array(autonomyLevelRuleSchema).length(4),
    /** Consecutive months of better-than-current performance needed to move up one level. */
    promotionMonths: z.number().int().min(1).max(24),
    /** Shortfall against the financial plan still counted as adherence, as a percentage of plan. */
    financialTolerancePct: z.number().min(0).max(100),
    /** Present when the rules rate workforce (absent in versions approved before the criterion). */
    workforceThresholds: workforceThresholdsSchema.optional(),
  })
  .superRefine((r, ctx) => {
    const ids = r.criteria.map((c) => c.id);
    if (new Set(ids).size !== ids.length) ctx.addIssue({ code: "custom", path: ["criteria"], message: "Each criterion appears once" });
    for (const id of REQUIRED_CRITERION_IDS) if (!ids.includes(id)) ctx.addIssue({ code: "custom", path: ["criteria"], message: `The rules need the ${id} criterion` });
  });
export type AutonomyRules = z.infer<typeof autonomyRulesSchema>;

export const indicatorObservationSchema = z.object({
  code: z.string().min(1),
  name: z.string().min(1),
  kind: z.enum(INDICATOR_KINDS),
  value: z.number().finite(),
  target: z.number().finite(),
  direction: z.enum(["higher", "lower"]),
  key: z.boolean(),
  /** Shown after figures, e.g. "%"; empty for counts and rates. */
  unit: z.string().optional(),
  /**
   * Set when the rules judge the indicator by statistical process control (shared/autonomy/spc-rule.ts)
   * rather than by its target alone: whether it failed this month, and why in plain English.
   */
  spc: z.object({ failed: z.boolean(), reason: z.string() }).optional(),
  /**
   * Set when the target judged is the line's live plan's rather than the one reported with the
   * figure (shared/autonomy/plan-targets.ts): which plan, and the target the figures gave.
   */
  planTarget: z.object({ plan: z.string(), reported: z.number().finite() }).optional(),
});
export type IndicatorObservation = z.infer<typeof indicatorObservationSchema>;

export const financeObservationSchema = z.object({
  /** Planned net contribution for the month, in pounds (may be negative). */
  plan: z.number().finite(),
  actual: z.number().finite(),
  tolerancePct: z.number().min(0).max(100).optional(),
  /**
   * The financial year to date up to and including this month (issue 12: finance is judged year to
   * date against the phased plan, not one month at a time). When present the criterion is judged on
   * it; `withYearToDate` (shared/autonomy/ytd.ts) fills it in from the months of the same year.
   */
  ytd: z.object({ plan: z.number().finite(), actual: z.number().finite(), months: z.number().int().min(1).max(12) }).optional(),
  /** Which plan the year to date is judged against ("the live 2026/27 plan"), set by `judgeAgainstLivePlans`. */
  ytdPlanName: z.string().optional(),
  /** Why the month is judged on its own (no live plan for its year), set by `judgeAgainstLivePlans`. */
  basisNote: z.string().optional(),
  /**
   * What the figures reported for the month where the live plan replaced it (`judgeAgainstLivePlans`):
   * the plan typed beside the actual and its tolerance, kept so the criterion says it was not used
   * (issue 12: "an import cannot set or loosen a target or tolerance … kept as a separate reported
   * value, and said so"). Absent when the figures agree with the live plan and the rules.
   */
  reported: z.object({ plan: z.number().finite().optional(), tolerancePct: z.number().min(0).max(100).optional() }).optional(),
});
export type FinanceObservation = z.infer<typeof financeObservationSchema>;

export const policyObservationSchema = z.object({
  adherent: z.boolean(),
  note: z.string().optional(),
});
export type PolicyObservation = z.infer<typeof policyObservationSchema>;

/** Everything known about one service line in one month. */
export const monthObservationSchema = z.object({
  month: monthSchema,
  indicators: z.array(indicatorObservationSchema),
  finance: financeObservationSchema.optional(),
  policy: policyObservationSchema.optional(),
});
export type MonthObservation = z.infer<typeof monthObservationSchema>;

/** A person's decision to set a line's level from a month onward, whatever the figures say. */
export const levelOverrideSchema = z.object({
  month: monthSchema,
  level: autonomyLevelSchema,
  reason: z.string().min(1, "Give a reason for the override"),
  by: z.string().min(1),
  /** ISO date-time the override was recorded. */
  at: z.string().min(1),
});
export type LevelOverride = z.infer<typeof levelOverrideSchema>;

/** Whether one criterion was met, judged on all indicators and on key indicators only. */
export interface CriterionResult {
  criterion: CriterionId;
  label: string;
  /**
   * False for workforce under rules that do not rate it (a version approved before the criterion):
   * shown as "not rated in this version", never counted as failed or unassessed.
   */
  rated?: false;
  /** null when there was nothing to judge it on. */
  metAll: boolean | null;
  metKey: boolean | null;
  /** One plain-English line per figure judged. */
  lines: string[];
}

/** The assessment of one month on its own, before sustained-performance rules are applied. */
export interface MonthAssessment {
  month: string;
  criteria: CriterionResult[];
  /** Criteria failed when judged on key indicators (finance and policy have no key/non-key split; workforce uses its thresholds). */
  failedKey: CriterionId[];
  rawLevel: AutonomyLevel;
  explanation: string[];
}

/** The level a line holds in one month, after promotion, fall and override rules. */
export interface MonthLevel {
  month: string;
  /** null for a month with no performance data (e.g. only an override). */
  rawLevel: AutonomyLevel | null;
  level: AutonomyLevel;
  explanation: string[];
  override?: LevelOverride;
  assessment?: MonthAssessment;
}
