import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createDevolveServer, type DevolveServer } from "../../server/app";
import { loadEnv } from "../../server/env";
import { createLogger } from "../../server/logger";
import type { CollabLimits } from "../../shared/collab/protocol";

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
  const env = loadEnv({
    NODE_ENV: "production",
    DATABASE_PATH: dbPath,
    DEVOLVE_SEED: opts.seed ?? "demo",
    // The demo's dates follow its seed day; tests fix the day the issues give their demo dates for.
    DEVOLVE_SEED_DATE: "2026-12-01",
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
