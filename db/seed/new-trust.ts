import * as Y from "yjs";
import type { Db, DbOrTx } from "../client";
import { appendUpdate } from "../../server/collab/persistence";
import { createWorkspace, findWorkspace, type Workspace } from "../../server/repositories/workspaces";
import { defaultAutonomyRules } from "../../shared/autonomy/rules";
import { defaultRuleIndicators, writeAutonomyRules } from "../../shared/collab/autonomy-rules-doc";
import { writeScheme } from "../../shared/collab/scheme-doc";
import { addUnit, setTrustName } from "../../shared/collab/structure-doc";
import { DEFAULT_SERVICE_LINE_LEVEL_ID, defaultLevels } from "../../shared/delegation/types";
import { buildDemoDelegationDoc } from "./delegation";

export interface NewTrust {
  name: string;
  odsCode: string;
  foundationTrust: boolean;
  financialYearStartMonth: number;
  /** Start from the demo trust's scheme of delegation and autonomy rules instead of an empty scheme. */
  fromDemoScheme: boolean;
}

/** A workspace id from the trust's name: lower case words, unique in the deployment. */
export function workspaceIdFor(db: DbOrTx, name: string): string {
  const base =
    name
      .toLowerCase()
      .replace(/\bnhs\b|\bfoundation\b|\btrust\b/g, " ")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 40)
      .replace(/-+$/g, "") || "trust";
  let id = base;
  for (let n = 2; findWorkspace(db, id); n++) id = `${base}-${n}`;
  return id;
}

/**
 * Creates a trust ready for its first workshop (issue 17): an empty structure under its Trust Board,
 * the default levels of delegation (a foundation trust's starting with its Council of Governors), the
 * four decision areas with no decisions yet, and the performance management framework's default
 * autonomy rules and indicators. With `fromDemoScheme`, the scheme and rules are the demo trust's,
 * built by the same code that seeds the demo, so there is one copy of that data.
 */
export function createTrust(db: Db, input: NewTrust, actorId: string | null): Workspace {
  const id = workspaceIdFor(db, input.name);
  const workspace = createWorkspace(db, id, input.name.trim(), { odsCode: input.odsCode.toUpperCase(), foundationTrust: input.foundationTrust, financialYearStartMonth: input.financialYearStartMonth });

  const structure = new Y.Doc();
  setTrustName(structure, workspace.name);
  const board = addUnit(structure, { id: "board", code: "BOARD", name: "Trust Board", kind: "board", parentId: null, leaders: [], budgetHolder: "", description: "" });
  if ("error" in board) throw new Error(`New trust structure: ${board.error}`);
  appendUpdate(db, id, "structure", Y.encodeStateAsUpdate(structure), actorId);

  let delegation: Y.Doc;
  if (input.fromDemoScheme) delegation = buildDemoDelegationDoc();
  else {
    delegation = new Y.Doc();
    const scheme = writeScheme(delegation, { levels: defaultLevels({ foundationTrust: input.foundationTrust }), serviceLineLevelId: DEFAULT_SERVICE_LINE_LEVEL_ID, decisions: [] });
    if (!scheme.ok) throw new Error(`New trust scheme: ${scheme.error}`);
    const rules = writeAutonomyRules(delegation, defaultAutonomyRules(), undefined, defaultRuleIndicators());
    if (!rules.ok) throw new Error(`New trust rules: ${rules.error}`);
  }
  appendUpdate(db, id, "delegation", Y.encodeStateAsUpdate(delegation), actorId);
  return workspace;
}
