import * as Y from "yjs";
import { defaultAutonomyRules } from "../../shared/autonomy/rules";
import { defaultRuleIndicators, writeAutonomyRules } from "../../shared/collab/autonomy-rules-doc";
import { writeScheme } from "../../shared/collab/scheme-doc";
import { demoScheme } from "../../shared/delegation/demo";

/** Builds the demo scheme of delegation and its earned-autonomy rules as the `delegation` Yjs document. */
export function buildDemoDelegationDoc(): Y.Doc {
  const doc = new Y.Doc();
  const res = writeScheme(doc, demoScheme());
  if (!res.ok) throw new Error(`Demo scheme: ${res.error}`);
  writeAutonomyRules(doc, defaultAutonomyRules(), undefined, defaultRuleIndicators());
  return doc;
}
