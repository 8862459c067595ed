import * as Y from "yjs";
import { defaultAutonomyRules, withoutWorkforce } from "../../shared/autonomy/rules";
import { writeAutonomyRules } from "../../shared/collab/autonomy-rules-doc";
import { writeScheme } from "../../shared/collab/scheme-doc";
import { demoRuleIndicators, demoScheme } from "../../shared/delegation/demo";
import type { Scheme } from "../../shared/delegation/types";

/**
 * Builds a scheme of delegation (the demo's v4.0 unless another is given, e.g. demoSchemeV32()) and the
 * earned-autonomy rules as the `delegation` Yjs document. To seed a history, build v3.2, then write
 * v4.0 over it with writeScheme, then apply demoDraftChanges for the v5.0 draft. The rules are the
 * framework's with the demo's one indicator judged by SPC (demoRuleIndicators), so v3.2, v4.0 and the
 * draft all have it; a new trust's rules (defaultRuleIndicators) have none. With `workforce: false` the
 * rules are as v3.2 had them, before the workforce criterion (docs/decisions/046): four criteria, and
 * the two workforce measures then listed (sickness, agency) filed as performance indicators.
 */
export function buildDemoDelegationDoc(scheme: Scheme = demoScheme(), options: { workforce?: boolean } = {}): Y.Doc {
  const doc = new Y.Doc();
  const res = writeScheme(doc, scheme);
  if (!res.ok) throw new Error(`Demo scheme: ${res.error}`);
  if (options.workforce === false) {
    const before = demoRuleIndicators()
      .filter((i) => i.kind !== "workforce" || i.code === "SICK" || i.code === "AGENCY")
      .map((i) => (i.kind === "workforce" ? { ...i, kind: "performance" as const } : i));
    writeAutonomyRules(doc, withoutWorkforce(defaultAutonomyRules()), undefined, before);
  } else writeAutonomyRules(doc, defaultAutonomyRules(), undefined, demoRuleIndicators());
  return doc;
}
