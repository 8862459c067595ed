import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

// Projects split by cost: unit tests are pure; integration and collab start real servers on port 0;
// e2e drives Chromium against the built app (each file its own server and browser), one file after
// another in one process, after the others. One `vitest run` runs them all (scripts/test.mjs).
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    // Vitest's default on a 2-CPU machine is one worker: every file one after another. Two unit and
    // integration files at a time, with the seeded demo copied rather than seeded per server, took the
    // suite from 13 minutes to 10 there (docs/decisions/050).
    maxWorkers: 2,
    // The built app (build/server/index.js, about 2 MB) is imported by Node as production imports it,
    // not transformed by vite-node again in every test file: that took 2 s of CPU per file.
    server: { deps: { external: [/\/build[^/]*\/server\//] } },
    projects: [
      { extends: true, test: { name: "unit", include: ["shared/**/*.test.ts", "server/**/*.test.ts", "app/**/*.test.ts"], setupFiles: ["test/setup/no-console-error.ts"] } },
      { extends: true, test: { name: "integration", include: ["test/integration/**/*.test.ts", "test/collab/**/*.test.ts", "test/security/**/*.test.ts"], testTimeout: 60_000, hookTimeout: 60_000, globalSetup: ["test/setup/demo-template.ts"] } },
      { extends: true, test: { name: "e2e", include: ["test/e2e/**/*.test.ts"], testTimeout: 120_000, hookTimeout: 120_000, globalSetup: ["test/setup/demo-template.ts"], pool: "forks", poolOptions: { forks: { singleFork: true } } } },
    ],
  },
});
