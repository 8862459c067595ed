// `npm test`: the type check and the linter, then every suite (unit, integration, end-to-end) in one
// vitest run against a fresh build, ending with one line of totals that CI reads:
// "N passed, N failed, N skipped". Each of the two checks counts as one; if either fails, the suites
// are skipped (and counted as nothing) and the run fails.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ensureBuild, root } from "./lib.mjs";

const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

/** True when Chromium is there (installing it when missing and root); otherwise says how to install it. */
function ensureChromium() {
  if (fs.existsSync(CHROMIUM)) return true;
  if (process.getuid?.() === 0) {
    console.log("Chromium is missing: installing Debian's chromium package for the browser tests…");
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    const update = spawnSync("apt-get", ["update"], { stdio: "inherit", env });
    const install = update.status === 0 ? spawnSync("apt-get", ["install", "-y", "--no-install-recommends", "chromium"], { stdio: "inherit", env }) : update;
    if (install.status === 0 && fs.existsSync(CHROMIUM)) return true;
  }
  console.error(
    `The end-to-end tests need Chromium at ${CHROMIUM}, and it is not installed.\n` +
      "Install it with:  sudo apt-get update && sudo apt-get install -y chromium\n" +
      "(or set CHROMIUM_PATH to another Chromium binary), then run npm test again.",
  );
  return false;
}

/** Runs a check (a Node CLI from node_modules) with its output shown; true when it passes. */
function runCheck(title, bin, args) {
  console.log(`\n> ${title}`);
  const res = spawnSync(process.execPath, [path.join(root, "node_modules", bin), ...args], { cwd: root, stdio: "inherit" });
  const ok = res.status === 0;
  console.log(ok ? `${title}: passed` : `${title}: failed${res.error ? ` (${res.error.message})` : ""}`);
  return ok;
}

let checksPassed = 0;
let checksFailed = 0;
for (const [title, bin, args] of [
  ["Type check (tsc --noEmit)", "typescript/bin/tsc", ["--noEmit"]],
  ["Lint (eslint .)", "eslint/bin/eslint.js", ["."]],
]) {
  if (runCheck(title, bin, args)) checksPassed += 1;
  else checksFailed += 1;
}
if (checksFailed > 0) {
  console.error("\nThe type check or the linter failed (see above): the test suites were not run.");
  console.log(`${checksPassed} passed, ${checksFailed} failed, 0 skipped`);
  process.exit(1);
}

if (!ensureChromium()) {
  console.log(`${checksPassed} passed, ${checksFailed + 1} failed, 0 skipped`);
  process.exit(1);
}
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

let passed = checksPassed;
let failed = checksFailed;
let skipped = 0;
if (fs.existsSync(out)) {
  const report = JSON.parse(fs.readFileSync(out, "utf8"));
  passed += report.numPassedTests;
  // A file that fails to load has no failed test of its own; count it so it cannot hide.
  const brokenFiles = report.testResults.filter((f) => f.status === "failed" && !f.assertionResults.some((a) => a.status === "failed")).length;
  failed += report.numFailedTests + brokenFiles;
  skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
}
if (res.status !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(res.status === 0 && failed === 0 ? 0 : 1);
