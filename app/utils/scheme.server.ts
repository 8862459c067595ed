import type { AppLoadContext } from "@remix-run/node";
import { spcCodesOf, type AutonomyRules } from "../../shared/autonomy";
import { demoScheme, type Scheme } from "../../shared/delegation";
import type { RuleIndicator } from "../../shared/collab/autonomy-rules-doc";

/** The scheme as co-edited now, and whether it came from the trust's document or the typical default. */
export interface CurrentScheme {
  scheme: Scheme;
  /** "default" when the trust has not written a scheme yet: pages say they show the typical scheme. */
  source: "document" | "default";
}

/** The workspace's scheme of delegation as it stands now, from the live `delegation` room. */
export async function currentScheme(context: AppLoadContext, workspaceId: string): Promise<CurrentScheme> {
  const { scheme, empty } = await context.collab.read(workspaceId, { kind: "delegation" });
  // A workspace that has written nothing yet is shown the typical NHS scheme rather than an empty one.
  if (empty) return { scheme: demoScheme(), source: "default" };
  return { scheme, source: "document" };
}

/** The workspace's earned-autonomy rules as they stand now (defaults for anything not yet written). */
export async function currentRules(context: AppLoadContext, workspaceId: string): Promise<AutonomyRules> {
  return (await context.collab.read(workspaceId, { kind: "delegation" })).rules;
}

/** Which indicators the rules mark as key, by upper-cased indicator code. */
export async function currentKeyIndicators(context: AppLoadContext, workspaceId: string): Promise<Map<string, boolean>> {
  const { indicators } = await context.collab.read(workspaceId, { kind: "delegation" });
  return new Map(indicators.map((i) => [i.code.toUpperCase(), i.key]));
}

/** Which indicators the rules judge by SPC (issue 14), by upper-cased indicator code; none by default. */
export async function currentSpcIndicators(context: AppLoadContext, workspaceId: string): Promise<Set<string>> {
  const { indicators } = await context.collab.read(workspaceId, { kind: "delegation" });
  return spcCodesOf(indicators);
}

/** The rules' indicators as they stand now (the framework's list when the document has none). */
export async function currentRuleIndicators(context: AppLoadContext, workspaceId: string): Promise<RuleIndicator[]> {
  return (await context.collab.read(workspaceId, { kind: "delegation" })).indicators;
}
