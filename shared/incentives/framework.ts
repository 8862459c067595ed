import { z } from "zod";
import { AUTONOMY_LEVELS, type AutonomyLevel } from "../autonomy/types";

/**
 * The incentive and consequence framework of one financial year (issue 13), as plain data: what the
 * co-edited document reads as, what an approval freezes and what the ledger applies. Sources:
 * - Monitor's SLM framework Part 2 §5, level 3: "Incentives and consequence frameworks are agreed by
 *   trust board and applied to individual service-line leaders"; level 4: "savings are reinvested in
 *   service-line change and transformation".
 * - Part 3 §7 (good performance "recognised and acknowledged and linked to rewards") and §8
 *   ("Performance related rewards exist and additional resources reflect performance"; "Poor
 *   performers are managed and coached to improve quickly").
 * - Monitor's SLM overview: "If profits are made within a particular service line unit, a significant
 *   percentage of that can remain within the unit and be re-invested in that service."
 * Earned-autonomy levels run 1 (most autonomy) to 4 (least).
 */

export const CONSEQUENCE_KINDS = ["recovery_plan", "extra_reviews", "no_new_business_cases", "vacancy_control", "special_measures", "coaching"] as const;
export type ConsequenceKind = (typeof CONSEQUENCE_KINDS)[number];

export const CONSEQUENCE_LABELS: Record<ConsequenceKind, string> = {
  recovery_plan: "Recovery plan",
  extra_reviews: "Extra performance reviews",
  no_new_business_cases: "No new business cases",
  vacancy_control: "Vacancy control",
  special_measures: "Special measures",
  coaching: "Coaching for the leadership team",
};

export const FRAMEWORK_CAPS = { consequences: 30, comments: 200, text: 2_000 } as const;

const pounds = z.number({ message: "Enter an amount in pounds" }).finite("Enter an amount in pounds").min(0, "An amount cannot be negative").max(1e9, "That amount is too large");
const text = z.string().max(FRAMEWORK_CAPS.text, `Keep it under ${FRAMEWORK_CAPS.text.toLocaleString("en-GB")} characters`);

export const rewardSchema = z.object({
  /** Share of the line's eligible favourable variance retained for reinvestment, 0–100. */
  sharePct: z.number({ message: "Enter a percentage from 0 to 100" }).finite().min(0, "Enter a percentage from 0 to 100").max(100, "Enter a percentage from 0 to 100"),
  /** What the line may do with capital at this level ("own capital allocation up to £250,000"). */
  capitalAccess: text,
  /** A development fund the line may bid into at this level, in pounds (0: none). */
  developmentFund: pounds,
  /** How good performance is recognised at this level (Part 3 §7). */
  recognition: text,
});
export type Reward = z.infer<typeof rewardSchema>;

export const consequenceSchema = z.object({
  kind: z.enum(CONSEQUENCE_KINDS, { message: "Choose a kind of consequence" }),
  /** Applies to a line at this level or a worse one (a higher number). */
  fromLevel: z.number().int().min(1, "Choose a level from 1 to 4").max(4, "Choose a level from 1 to 4"),
  /** recovery_plan: days to produce the plan; 0 otherwise. */
  days: z.number().int().min(0).max(365, "Give at most 365 days"),
  /** special_measures: consecutive months at `fromLevel` or worse that trigger it; 0 otherwise. */
  months: z.number().int().min(0).max(36, "Give at most 36 months"),
  detail: text,
});
export type ConsequenceRule = z.infer<typeof consequenceSchema> & { id: string };

export const gatewaySchema = z.object({
  /** No key quality indicator failed in the last `qualityMonths` months to the ledger's date. */
  quality: z.boolean(),
  qualityMonths: z.number().int().min(1, "Give at least 1 month").max(12, "Give at most 12 months"),
  /** No Never Event at the line in the financial year to the ledger's date. */
  neverEvent: z.boolean(),
  /** The trust at or above its control total year to date. */
  controlTotal: z.boolean(),
});
export type Gateways = z.infer<typeof gatewaySchema>;

export interface FrameworkComment {
  id: string;
  userId: string;
  name: string;
  text: string;
  at: string;
}

export interface IncentiveFramework {
  /** Shares by agreed level, "1" to "4". */
  rewards: Record<`${AutonomyLevel}`, Reward>;
  /** Most a line may retain in a year, in pounds; null: no cap. */
  capPerLine: number | null;
  consequences: ConsequenceRule[];
  gateways: Gateways;
  /** What the framework is for, in the executive's words. */
  summary: string;
  /** Clinicians' and managers' comments on the draft (Part 2 §5 level 2: "Clinicians involved in defining incentives and consequences framework"). */
  comments: FrameworkComment[];
}

export const emptyReward = (): Reward => ({ sharePct: 0, capitalAccess: "", developmentFund: 0, recognition: "" });

export const DEFAULT_GATEWAYS: Gateways = { quality: true, qualityMonths: 3, neverEvent: true, controlTotal: true };

/** What an untouched document reads as: no share at any level, the gateways. */
export function emptyFramework(): IncentiveFramework {
  return {
    rewards: { 1: emptyReward(), 2: emptyReward(), 3: emptyReward(), 4: emptyReward() },
    capPerLine: null,
    consequences: [],
    gateways: { ...DEFAULT_GATEWAYS },
    summary: "",
    comments: [],
  };
}

export const levelKey = (level: AutonomyLevel) => String(level) as `${AutonomyLevel}`;
export const isLevelKey = (k: string): k is `${AutonomyLevel}` => (AUTONOMY_LEVELS as readonly number[]).includes(Number(k)) && String(Number(k)) === k;

/** Plain-English line for a consequence rule ("Recovery plan within 10 days, at level 3 or worse"). */
export function describeConsequence(c: Pick<ConsequenceRule, "kind" | "fromLevel" | "days" | "months" | "detail">): string {
  const where = c.fromLevel === 4 ? "at level 4" : `at level ${c.fromLevel} or worse`;
  const head =
    c.kind === "recovery_plan" ? `${CONSEQUENCE_LABELS.recovery_plan} within ${c.days} days, ${where}`
    : c.kind === "special_measures" ? `${CONSEQUENCE_LABELS.special_measures} after ${c.months} consecutive months ${where}`
    : `${CONSEQUENCE_LABELS[c.kind]}, ${where}`;
  return c.detail.trim() ? `${head}: ${c.detail.trim()}` : head;
}

/** Why an approval would be premature: the things a framework must say before the Board can agree it. */
export function frameworkApprovalProblems(f: IncentiveFramework): string[] {
  const out: string[] = [];
  if (!AUTONOMY_LEVELS.some((l) => f.rewards[levelKey(l)].sharePct > 0)) out.push("No level retains a share of its favourable variance: set a share for at least one level.");
  // A share that grows as autonomy falls would reward deterioration.
  for (let l = 2; l <= 4; l++) {
    const worse = f.rewards[levelKey(l as AutonomyLevel)].sharePct;
    const better = f.rewards[levelKey((l - 1) as AutonomyLevel)].sharePct;
    if (worse > better) out.push(`Level ${l} retains a larger share (${worse}%) than level ${l - 1} (${better}%): a share should not grow as autonomy falls.`);
  }
  if (f.consequences.length === 0) out.push("The framework names no consequences: Part 3 §8 expects failure to achieve to carry consequences.");
  return out;
}
