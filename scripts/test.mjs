// `npm test`: the type check and the linter (beside the build, when it is stale), then every suite
// (unit, integration, end-to-end) in one vitest run against the fresh build, ending with one line of
// totals that CI reads: "N passed, N failed, N skipped". Each of the two checks counts as one; if
// either fails, the suites are skipped (and counted as nothing) and the run fails.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { BUILD_COMMAND, buildNeeded, markBuilt, root } from "./lib.mjs";

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

/**
 * Runs a Node CLI with its output collected, then printed whole under its title when it ends, so
 * checks that run side by side do not interleave. Resolves to true when it passes.
 */
function runCollected(title, file, args) {
  return new Promise((resolve) => {
    const child = spawn(file, args, { cwd: root, env: { ...process.env, FORCE_COLOR: process.stdout.isTTY ? "1" : "0" } });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    // A child that fails to start emits "error" and then "close": report it once.
    let reported = false;
    const done = (ok, why = "") => {
      if (reported) return;
      reported = true;
      console.log(`\n> ${title}\n${output.trimEnd()}`);
      console.log(ok ? `${title}: passed` : `${title}: failed${why}`);
      resolve(ok);
    };
    child.on("error", (err) => done(false, ` (${err.message})`));
    child.on("close", (code) => done(code === 0));
  });
}

// The type check, the linter and (when the sources changed) the build run side by side: each is
// mostly one core's work, and one after another they were two minutes before any suite started.
const why = buildNeeded();
const checks = [
  ["Type check (tsc --noEmit)", process.execPath, [path.join(root, "node_modules", "typescript/bin/tsc"), "--noEmit"]],
  ["Lint (eslint .)", process.execPath, [path.join(root, "node_modules", "eslint/bin/eslint.js"), "."]],
];
if (why) console.log(why);
const [typeOk, lintOk, buildOk] = await Promise.all([
  ...checks.map(([title, file, args]) => runCollected(title, file, args)),
  why ? runCollected("Build (remix vite:build)", BUILD_COMMAND[0], BUILD_COMMAND[1]) : Promise.resolve(true),
]);
const checksPassed = [typeOk, lintOk].filter(Boolean).length;
const checksFailed = 2 - checksPassed;
if (checksFailed > 0) {
  console.error("\nThe type check or the linter failed (see above): the test suites were not run.");
  console.log(`${checksPassed} passed, ${checksFailed} failed, 0 skipped`);
  process.exit(1);
}
if (!buildOk) {
  console.error("\nThe build failed (see above): the test suites were not run.");
  console.log(`${checksPassed} passed, 1 failed, 0 skipped`);
  process.exit(1);
}
if (why) markBuilt();

if (!ensureChromium()) {
  console.log(`${checksPassed} passed, ${checksFailed + 1} failed, 0 skipped`);
  process.exit(1);
}

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
