import { describe, expect, it } from "vitest";
import { buildDemoDelegationDoc } from "../../db/seed/delegation";
import { buildDemoStructureDoc } from "../../db/seed/index";
import { docProblems } from "../../shared/collab/registry";

// The demo trust is seeded straight into the log before the server starts, so nothing checks it
// there: this does, with the same rules the server applies to every update.
describe("the demo trust's documents keep their types' rules", () => {
  it("structure", () => expect(docProblems({ kind: "structure" }, buildDemoStructureDoc())).toEqual([]));
  it("scheme of delegation and autonomy rules", () => expect(docProblems({ kind: "delegation" }, buildDemoDelegationDoc())).toEqual([]));
});
