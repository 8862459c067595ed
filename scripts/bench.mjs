// `npm run bench`: every benchmark, each printing its table and updating docs/benchmarks.md.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { ensureBuild, root } from "./lib.mjs";

ensureBuild();
const tsx = path.join(root, "node_modules/tsx/dist/cli.mjs");
const extra = process.argv.slice(2);
let failed = false;
for (const script of ["bench/collab/run.ts", "bench/attacks/run.ts", "bench/graph/run.ts", "bench/governance/run.ts", "bench/spc/run.ts", "bench/spc/report.ts", "bench/plans/run.ts"]) {
  console.log(`\n== ${script} ==`);
  const res = spawnSync(process.execPath, [tsx, script, ...extra], { cwd: root, stdio: "inherit" });
  if (res.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
