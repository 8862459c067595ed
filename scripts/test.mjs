// `npm test`: every suite (unit, integration, end-to-end) in one vitest run against a fresh build,
// ending with one line of totals that CI reads: "N passed, N failed, N skipped".
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ensureBuild, root } from "./lib.mjs";

const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

function ensureChromium() {
  if (fs.existsSync(CHROMIUM)) return;
  if (process.getuid?.() === 0) {
    console.log("Chromium is missing: installing Debian's chromium package for the browser tests…");
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    const update = spawnSync("apt-get", ["update"], { stdio: "inherit", env });
    const install = update.status === 0 ? spawnSync("apt-get", ["install", "-y", "--no-install-recommends", "chromium"], { stdio: "inherit", env }) : update;
    if (install.status === 0 && fs.existsSync(CHROMIUM)) return;
  }
  console.error(
    `The end-to-end tests need Chromium at ${CHROMIUM}, and it is not installed.\n` +
      "Install it with:  sudo apt-get update && sudo apt-get install -y chromium\n" +
      "(or set CHROMIUM_PATH to another Chromium binary), then run npm test again.",
  );
  console.log("0 passed, 1 failed");
  process.exit(1);
}

ensureChromium();
ensureBuild();

const out = path.join(root, "test-results", "vitest.json");
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.rmSync(out, { force: true });
const args = ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${out}`, ...process.argv.slice(2)];
const res = spawnSync(process.execPath, [path.join(root, "node_modules/vitest/vitest.mjs"), ...args], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, CHROMIUM_PATH: CHROMIUM },
});

let passed = 0;
let failed = 0;
let skipped = 0;
if (fs.existsSync(out)) {
  const report = JSON.parse(fs.readFileSync(out, "utf8"));
  passed = report.numPassedTests;
  // A file that fails to load has no failed test of its own; count it so it cannot hide.
  const brokenFiles = report.testResults.filter((f) => f.status === "failed" && !f.assertionResults.some((a) => a.status === "failed")).length;
  failed = report.numFailedTests + brokenFiles;
  skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
}
if (res.status !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(res.status === 0 && failed === 0 ? 0 : 1);
