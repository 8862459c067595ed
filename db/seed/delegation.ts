import * as Y from "yjs";
import { defaultAutonomyRules } from "../../shared/autonomy/rules";
import { defaultRuleIndicators, writeAutonomyRules } from "../../shared/collab/autonomy-rules-doc";
import { writeScheme } from "../../shared/collab/scheme-doc";
import { demoScheme } from "../../shared/delegation/demo";
import type { Scheme } from "../../shared/delegation/types";

/**
 * Builds a scheme of delegation (the demo's v4.0 unless another is given, e.g. demoSchemeV32()) and the
 * earned-autonomy rules as the `delegation` Yjs document. To seed a history, build v3.2, then write
 * v4.0 over it with writeScheme, then apply demoDraftChanges for the v5.0 draft.
 */
export function buildDemoDelegationDoc(scheme: Scheme = demoScheme()): Y.Doc {
  const doc = new Y.Doc();
  const res = writeScheme(doc, scheme);
  if (!res.ok) throw new Error(`Demo scheme: ${res.error}`);
  writeAutonomyRules(doc, defaultAutonomyRules(), undefined, defaultRuleIndicators());
  return doc;
}
