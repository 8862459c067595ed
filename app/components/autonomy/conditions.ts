/**
 * When a line is at each level, as the computation decides it (DESIGN.md's earned-autonomy table, from
 * the performance management framework in the seeds): fixed, so the page cannot say one thing and
 * compute another.
 */
export const LEVEL_CONDITION: Record<number, string> = {
  // "All", not "all four": rules approved before the workforce criterion judge four, later ones five.
  1: "All criteria met, on all indicators",
  2: "All criteria met on key indicators, but not on all indicators",
  3: "One or two criteria failed on key indicators, or a criterion could not be assessed",
  4: "More than two criteria failed on key indicators",
};
