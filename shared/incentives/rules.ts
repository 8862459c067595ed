import { z } from "zod";
import type { AutonomyLevel } from "../autonomy/types";
import { addMonths } from "../format/dates";
import { formatMoney } from "../format/money";
import { CONSEQUENCE_KINDS, describeConsequence, type ConsequenceRule, type IncentiveFramework } from "./framework";

/**
 * The rules around the ledger (issue 13): which consequences apply to a line, what a draw-down from
 * a line's reserve may be spent on, and what an individual may be given.
 */

/** The level in force on a date from a line's determinations (latest effective on or before it). */
function levelOn(dets: readonly { effectiveFrom: string; level: AutonomyLevel }[], date: string): AutonomyLevel | null {
  let found: AutonomyLevel | null = null;
  let at = "";
  for (const d of dets) {
    if (d.effectiveFrom > date || d.effectiveFrom < at) continue;
    found = d.level;
    at = d.effectiveFrom;
  }
  return found;
}

/**
 * How many consecutive months, ending with the month of `asAt`, the line was at `fromLevel` or worse
 * (a higher number), judged by the agreed level in force on the first day of each month.
 */
export function monthsAtOrWorse(dets: readonly { effectiveFrom: string; level: AutonomyLevel }[], fromLevel: AutonomyLevel, asAt: string, limit = 60): number {
  let month = asAt.slice(0, 7);
  let n = 0;
  while (n < limit) {
    const level = levelOn(dets, `${month}-01`);
    if (level === null || level < fromLevel) break;
    n++;
    month = addMonths(month, -1);
  }
  return n;
}

export interface AppliedConsequence {
  rule: ConsequenceRule;
  text: string;
  /** For a special-measures trigger: the months counted. */
  months?: number;
}

/**
 * The framework's consequences that apply to a line at its agreed level: every rule whose level it is
 * at or below, and the special-measures trigger once it has been there for the months the rule names
 * (the example: "6 consecutive months at level 4").
 */
export function applicableConsequences(f: Pick<IncentiveFramework, "consequences">, level: AutonomyLevel, dets: readonly { effectiveFrom: string; level: AutonomyLevel }[], asAt: string): AppliedConsequence[] {
  const out: AppliedConsequence[] = [];
  for (const rule of f.consequences) {
    if (level < rule.fromLevel) continue;
    if (rule.kind === "special_measures") {
      const run = monthsAtOrWorse(dets, rule.fromLevel as AutonomyLevel, asAt);
      if (run < rule.months) continue;
      out.push({ rule, text: describeConsequence(rule), months: run });
    } else out.push({ rule, text: describeConsequence(rule) });
  }
  return out;
}

// Draw-downs ---------------------------------------------------------------------------------------

export const DRAWDOWN_NATURES = ["non_recurrent", "recurrent", "pay"] as const;
export type DrawdownNature = (typeof DRAWDOWN_NATURES)[number];
export const DRAWDOWN_NATURE_LABELS: Record<DrawdownNature, string> = {
  non_recurrent: "Non-recurrent change and transformation (a project, equipment, a pilot, training)",
  recurrent: "Recurrent spending (a permanent post, an ongoing service cost)",
  pay: "Pay to individuals (a bonus, an honorarium, extra salary)",
};

/**
 * Why a draw-down may not be made from the reserve, or null. Monitor's SLM framework Part 2 §5
 * level 4: "savings are reinvested in service-line change and transformation": the reserve is one-off
 * money, so it cannot fund recurrent costs it would have to meet again next year, nor pay.
 */
export function drawdownNatureRefusal(nature: string): string | null {
  if (nature === "non_recurrent") return null;
  if (nature === "recurrent") return "The reserve is for non-recurrent change and transformation: a recurrent cost (such as a permanent post) must be funded through the line's budget and business case, not from retained savings.";
  if (nature === "pay") return "The reserve cannot be paid to individuals: incentives for individuals are non-pay (objectives, development, protected time). Reinvest it in non-recurrent change and transformation.";
  return "Say what the draw-down is for: only non-recurrent change and transformation may be funded from the reserve.";
}

/** The most a line may draw: the reserve's balance (never negative). */
export function drawdownAmountRefusal(amount: number, balance: number): string | null {
  if (!Number.isFinite(amount) || amount <= 0) return "Enter the amount to draw down, in pounds";
  if (amount > balance + 1e-9) return `The reserve holds ${formatMoney(Math.max(0, balance))}: a draw-down cannot be larger than what the line has retained.`;
  return null;
}

// Individual incentives and recognition ------------------------------------------------------------

export const AWARD_KINDS = ["recognition", "objectives", "development", "protected_time", "pay"] as const;
export type AwardKind = (typeof AWARD_KINDS)[number];
export const AWARD_LABELS: Record<AwardKind, string> = {
  recognition: "Recognition (thanks, an award, shared at the review)",
  objectives: "Objectives (agreed in the appraisal)",
  development: "Development (a course, a secondment, a conference)",
  protected_time: "Protected time (for improvement or research)",
  pay: "Pay (a bonus or payment)",
};

/** Why an individual incentive may not be recorded, or null: they are non-pay (issue 13). */
export function awardRefusal(kind: string): string | null {
  if (kind === "pay") return "Individual incentives are non-pay: record objectives, development or protected time instead. Pay is set by national terms and conditions, not by the service line's reserve.";
  return (AWARD_KINDS as readonly string[]).includes(kind) ? null : "Choose what kind of recognition or incentive it is";
}

export const consequenceKindSchema = z.enum(CONSEQUENCE_KINDS);
