import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

// Projects split by cost: unit tests are pure; integration and collab start real servers on port 0;
// e2e drives Chromium against the built app. One `vitest run` runs them all (scripts/test.mjs).
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    projects: [
      { extends: true, test: { name: "unit", include: ["shared/**/*.test.ts", "server/**/*.test.ts", "app/**/*.test.ts"], setupFiles: ["test/setup/no-console-error.ts"] } },
      { extends: true, test: { name: "integration", include: ["test/integration/**/*.test.ts", "test/collab/**/*.test.ts", "test/security/**/*.test.ts"], testTimeout: 60_000, hookTimeout: 60_000, globalSetup: ["test/setup/demo-template.ts"] } },
      { extends: true, test: { name: "e2e", include: ["test/e2e/**/*.test.ts"], testTimeout: 120_000, hookTimeout: 120_000, globalSetup: ["test/setup/demo-template.ts"], pool: "forks", poolOptions: { forks: { singleFork: true } } } },
    ],
  },
});
