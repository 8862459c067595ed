import type { AppLoadContext } from "@remix-run/node";

/**
 * The structure as it stands now, read from the collaboration server's live copy (loaded from the
 * update log if no one has it open), so a page never shows a stale relational copy.
 */
export async function readStructureNow(context: AppLoadContext, workspaceId: string) {
  return context.collab.read(workspaceId, { kind: "structure" });
}
