import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createDevolveServer, type DevolveServer } from "../../server/app";
import { loadEnv } from "../../server/env";
import { createLogger } from "../../server/logger";
import type { CollabLimits } from "../../shared/collab/protocol";
import { DEMO_SEED_DATE } from "./demo-template";

export interface TestServer {
  baseUrl: string;
  port: number;
  server: DevolveServer;
  db: DevolveServer["services"]["db"];
  dbPath: string;
  /** Signs in through the real form and returns the Cookie header value for later requests. */
  signIn(email: string, password?: string): Promise<string>;
  stop(): Promise<void>;
}

export const DEMO_PASSWORD = "Devolve-demo-2027";
export const DEMO = {
  admin: "admin@riverside.example",
  executive: "executive@riverside.example",
  editor: "editor@riverside.example",
  contributor: "contributor@riverside.example",
  viewer: "viewer@riverside.example",
} as const;
export const DEMO_WORKSPACE = "riverside";

/** Runs the real app (built Remix app, real SQLite file in a temp folder) on a random port. */
export async function startTestServer(
  opts: { seed?: "demo" | "none"; env?: Record<string, string>; dbPath?: string; port?: number; collabLimits?: Partial<CollabLimits> } = {},
): Promise<TestServer> {
  const dir = opts.dbPath ? path.dirname(opts.dbPath) : fs.mkdtempSync(path.join(os.tmpdir(), "devolve-test-"));
  const dbPath = opts.dbPath ?? path.join(dir, "devolve.sqlite");
  const seed = opts.seed ?? "demo";
  const ownSeed = Object.keys(opts.env ?? {}).some((k) => k.startsWith("DEVOLVE_SEED"));
  const template = seed === "demo" && !opts.dbPath && !ownSeed ? await demoTemplate() : undefined;
  // The server finds the demo already there and does not seed it again (test/setup/demo-template.ts).
  if (template) fs.copyFileSync(template, dbPath);
  const env = loadEnv({
    NODE_ENV: "production",
    DATABASE_PATH: dbPath,
    DEVOLVE_SEED: seed,
    // The demo's dates follow its seed day; tests fix the day the issues give their demo dates for.
    DEVOLVE_SEED_DATE: DEMO_SEED_DATE,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    ...(process.env.BUILD_DIR ? { BUILD_DIR: process.env.BUILD_DIR } : {}),
    ...opts.env,
  });
  const server = await createDevolveServer(env, createLogger(env.LOG_LEVEL), { collabLimits: opts.collabLimits });
  const port = await server.listen(opts.port ?? 0, "127.0.0.1");
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    baseUrl,
    port,
    server,
    db: server.services.db,
    dbPath,
    async signIn(email, password = DEMO_PASSWORD) {
      const res = await fetch(`${baseUrl}/sign-in`, {
        method: "POST",
        redirect: "manual",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: baseUrl },
        body: new URLSearchParams({ email, password, redirectTo: "/" }),
      });
      const cookie = res.headers.get("set-cookie");
      if (res.status !== 302 || !cookie) throw new Error(`Sign-in as ${email} failed with HTTP ${res.status}`);
      return cookie.split(";")[0];
    },
    async stop() {
      await server.close();
      if (!opts.dbPath) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The run's seeded demo file when vitest's global setup made one. Benchmarks use this module outside
 * vitest, where importing "vitest" throws: so it is imported here, not at the top.
 */
async function demoTemplate(): Promise<string | undefined> {
  try {
    const { inject } = await import("vitest");
    const file = inject("demoTemplate");
    return file && fs.existsSync(file) ? file : undefined;
  } catch {
    return undefined;
  }
}
