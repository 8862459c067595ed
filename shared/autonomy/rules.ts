import type { AutonomyLevel, AutonomyLevelRule, AutonomyRules } from "./types";

/** The earned-autonomy rules of the performance management framework, as a trust's editable starting point. */
export function defaultAutonomyRules(): AutonomyRules {
  return {
    criteria: [
      { id: "finance", label: "Adherence to financial plan", description: "Net contribution at or above plan, within tolerance" },
      { id: "quality", label: "Quality indicators met", description: "Every quality indicator at or better than its target" },
      { id: "performance", label: "Performance indicators met", description: "Every performance indicator at or better than its target" },
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
  };
}

/** The rule for one level, so screens can show its label and how often its performance review meets. */
export function levelRule(rules: AutonomyRules, level: AutonomyLevel): AutonomyLevelRule {
  const rule = rules.levels.find((l) => l.level === level);
  if (!rule) throw new RangeError(`The rules have no level ${level}`);
  return rule;
}
