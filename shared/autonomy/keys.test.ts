import { describe, expect, it } from "vitest";
import { assessMonth, indicatorMet } from "./assess";
import { demoObservation } from "./demo";
import { applyKeyIndicators } from "./keys";
import { defaultAutonomyRules } from "./rules";

describe("applyKeyIndicators", () => {
  it("takes the key flag from the rules, leaving unlisted indicators as recorded", () => {
    const month = demoObservation("CARD", "2027-04");
    const first = month.indicators[0];
    const [out] = applyKeyIndicators([month], new Map([[first.code.toUpperCase(), !first.key]]));
    expect(out.indicators[0].key).toBe(!first.key);
    expect(out.indicators.slice(1)).toEqual(month.indicators.slice(1));
    expect(month.indicators[0].key).toBe(first.key); // the input is not changed
  });

  it("changes the level when a failing indicator stops being key", () => {
    const rules = defaultAutonomyRules();
    const month = demoObservation("CARD", "2027-04", { failKey: ["performance"] });
    const failing = month.indicators.filter((i) => i.kind === "performance" && i.key && !indicatorMet(i));
    expect(failing.length).toBeGreaterThan(0);
    expect(assessMonth(month, rules).rawLevel).toBe(3);
    const [relaxed] = applyKeyIndicators([month], new Map(failing.map((i) => [i.code.toUpperCase(), false])));
    expect(assessMonth(relaxed, rules).rawLevel).toBe(2);
  });
});
