import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { addTarget, readPlan } from "../collab/plan-doc";
import { importTargetConflicts, plannedTarget } from "./targets";

function plan() {
  const doc = new Y.Doc();
  addTarget(doc, { domain: "operational", code: "RTT18", measure: "Under 18 weeks", unit: "%", status: "agreed", agreed: 62, numerators: Array(12).fill(620), denominators: Array(12).fill(1_000) });
  addTarget(doc, { domain: "workforce", code: "SICK", measure: "Sickness", unit: "%", status: "agreed", agreed: 4.2, trajectory: [4.5, 4.5, 4.4, 4.4, 4.3, 4.3, 4.2, 4.2, 4.2, 4.2, 4.1, 4.1] });
  addTarget(doc, { domain: "quality", code: "FFT", measure: "FFT", status: "open", bottomUp: 95 });
  return readPlan(doc);
}

describe("targets come from the agreed plan", () => {
  it("the month's planned target: ratio, trajectory, agreed value; nothing from an open target", () => {
    const [rtt, sick, fft] = plan().targets;
    expect(plannedTarget(rtt!, 0)).toBe(62);
    expect(plannedTarget(sick!, 2)).toBe(4.4);
    expect(plannedTarget(fft!, 0)).toBeNull();
  });
  it("an import that sets or loosens a target is refused, and says the plan's value", () => {
    const conflicts = importTargetConflicts("Cardiology", plan(), [
      { month: "2026-04", monthIndex: 0, code: "RTT18", target: 62 },
      { month: "2026-05", monthIndex: 1, code: "RTT18", target: 55 },
      { month: "2026-06", monthIndex: 2, code: "SICK", target: 5 },
      { month: "2026-06", monthIndex: 2, code: "FFT", target: 90 },
      { month: "2026-06", monthIndex: 2, code: "VTE", target: 95 },
    ]);
    expect(conflicts.map((c) => [c.code, c.month, c.planned, c.given])).toEqual([
      ["RTT18", "2026-05", 62, 55],
      ["SICK", "2026-06", 4.4, 5],
    ]);
    expect(conflicts[0]!.message).toBe("Cardiology's live plan sets the RTT18 target for May 2026 at 62%; the file says 55. Targets come from the agreed plan: use the plan's value or leave the row out.");
  });
});
