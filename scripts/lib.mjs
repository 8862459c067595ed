// Helpers shared by the start and test scripts (plain Node, no dependencies, so they run before any build).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const STAMP = path.join(root, "build", ".build-stamp");
const SOURCES = ["app", "shared", "vite.config.ts", "remix.config.js", "package-lock.json"];

function newestMtime(p) {
  const full = path.join(root, p);
  if (!fs.existsSync(full)) return 0;
  const st = fs.statSync(full);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of fs.readdirSync(full)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

/** Why the Remix app needs building (no build, or a source newer than the last), or null when it is current. */
export function buildNeeded() {
  const built = fs.existsSync(STAMP) && fs.existsSync(path.join(root, "build/server/index.js")) ? fs.statSync(STAMP).mtimeMs : 0;
  const newest = Math.max(...SOURCES.map(newestMtime));
  if (built && built >= newest) return null;
  return built ? "Sources changed since the last build: building the app…" : "Building the app (first run)…";
}

/** The command that builds the app; after it succeeds, `markBuilt()`. */
export const BUILD_COMMAND = [process.execPath, [path.join(root, "node_modules/@remix-run/dev/dist/cli.js"), "vite:build"]];

export function markBuilt() {
  fs.writeFileSync(STAMP, new Date().toISOString());
}

/** Builds the Remix app when there is no build or a source file is newer than the last one. */
export function ensureBuild({ force = false } = {}) {
  const why = buildNeeded();
  if (!force && !why) return;
  console.log(why ?? "Building the app…");
  const res = spawnSync(BUILD_COMMAND[0], BUILD_COMMAND[1], { cwd: root, stdio: "inherit" });
  if (res.status !== 0) {
    console.error("The build failed; see the messages above.");
    process.exit(res.status ?? 1);
  }
  markBuilt();
}
