import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { createDb } from "../../db/client";
import { seedDemoIfEmpty } from "../../db/seed";

declare module "vitest" {
  export interface ProvidedContext {
    /** A SQLite file holding the migrated demo trust as seeded on DEMO_SEED_DATE; copied, never opened. */
    demoTemplate: string;
  }
}

/** The day the issues give their demo dates for; every test server seeds as of it. */
export const DEMO_SEED_DATE = "2026-12-01";

/**
 * Seeds the demo trust once per run into a template file that each test server copies. Seeding takes
 * about 3.5 s of CPU (plans, reviews, ledgers, histories), and some 150 servers start in a run;
 * copying the file takes milliseconds (docs/decisions/050). A test that needs another seed (another
 * day, no demo, its own database path) still seeds its own.
 */
export default async function setup({ provide }: TestProject) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "devolve-template-"));
  const file = path.join(dir, "demo.sqlite");
  const db = createDb(file);
  await seedDemoIfEmpty(db, { today: DEMO_SEED_DATE });
  // Closing checkpoints the WAL into the main file, so one file is the whole database.
  db.$client.close();
  provide("demoTemplate", file);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
