import type { AutonomyCriterion, AutonomyLevel, AutonomyLevelRule, AutonomyRules, WorkforceThresholds } from "./types";

/**
 * The workforce criterion (ULHT §5.2: "rated … against an agreed set of key KPIs for Finance,
 * Workforce, Quality and Operational performance"), as a trust's editable starting point.
 */
export function defaultWorkforceCriterion(): AutonomyCriterion {
  return { id: "workforce", label: "Workforce", description: "Sickness, vacancies, agency spend, turnover, training and appraisal at or better than target, within the thresholds" };
}

/**
 * Level 1 needs every workforce indicator on target; level 2 allows one off target (not a key one).
 * Six workforce measures move month to month by common-cause variation, and the framework's level 2
 * is "all key indicators met", so one non-key miss is a level-2 month, as in the other criteria;
 * two or more is a failure of the criterion.
 */
export function defaultWorkforceThresholds(): WorkforceThresholds {
  return { level1: 0, level2: 1 };
}

/** True when the rules rate workforce as a criterion of its own. */
export function ratesWorkforce(rules: Pick<AutonomyRules, "criteria">): boolean {
  return rules.criteria.some((c) => c.id === "workforce");
}

/** The workforce thresholds the rules judge by (the defaults where a set of rules rates workforce without them). */
export function workforceThresholdsOf(rules: Pick<AutonomyRules, "workforceThresholds">): WorkforceThresholds {
  return rules.workforceThresholds ?? defaultWorkforceThresholds();
}

/** The earned-autonomy rules of the performance management framework, as a trust's editable starting point. */
export function defaultAutonomyRules(): AutonomyRules {
  return {
    criteria: [
      { id: "finance", label: "Adherence to financial plan", description: "Net contribution at or above plan, within tolerance" },
      { id: "quality", label: "Quality indicators met", description: "Every quality indicator at or better than its target" },
      { id: "performance", label: "Performance indicators met", description: "Every performance indicator at or better than its target" },
      defaultWorkforceCriterion(),
      { id: "policy", label: "Adherence to trust policies", description: "Full adherence to trust policies and protocols" },
    ],
    levels: [
      { level: 1, label: "Level 1 (most autonomy)", when: "All criteria met on all indicators", reviewFrequency: "6-monthly" },
      { level: 2, label: "Level 2", when: "All criteria met on key indicators", reviewFrequency: "Quarterly" },
      { level: 3, label: "Level 3", when: "One or two criteria failed", reviewFrequency: "Monthly" },
      { level: 4, label: "Level 4 (least autonomy)", when: "More than two criteria failed", reviewFrequency: "Weekly or monthly by severity" },
    ],
    promotionMonths: 3,
    financialTolerancePct: 1,
    workforceThresholds: defaultWorkforceThresholds(),
  };
}

/** The rule for one level, so screens can show its label and how often its performance review meets. */
export function levelRule(rules: AutonomyRules, level: AutonomyLevel): AutonomyLevelRule {
  const rule = rules.levels.find((l) => l.level === level);
  if (!rule) throw new RangeError(`The rules have no level ${level}`);
  return rule;
}

/**
 * The same rules without the workforce criterion: how a set of rules approved before it existed reads
 * (its workforce indicators are judged with performance, as they were then).
 */
export function withoutWorkforce(rules: AutonomyRules): AutonomyRules {
  const { workforceThresholds: _w, ...rest } = rules;
  return { ...rest, criteria: rules.criteria.filter((c) => c.id !== "workforce") };
}
