import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import pino from "pino";
import { createDevolveServer, type DevolveServer } from "../../server/app";
import { loadEnv } from "../../server/env";
import { freePort } from "./mail";

/**
 * The real app on a port known before it starts (so PUBLIC_URL, which mailed links and the single
 * sign-on redirect are built from, can be set), with its JSON log lines kept for the test to read:
 * the first-run set-up link is printed only there.
 */
export interface LoggedServer {
  baseUrl: string;
  server: DevolveServer;
  db: DevolveServer["services"]["db"];
  logs: Record<string, unknown>[];
  /** The set-up link from the log, if the server printed one. */
  setupLink(): string | undefined;
  stop(): Promise<void>;
}

export async function startLoggedServer(opts: { seed?: "demo" | "none"; env?: Record<string, string>; port?: number } = {}): Promise<LoggedServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "devolve-accounts-"));
  const port = opts.port ?? (await freePort());
  const baseUrl = `http://127.0.0.1:${port}`;
  const env = loadEnv({
    NODE_ENV: "production",
    DATABASE_PATH: path.join(dir, "devolve.sqlite"),
    DEVOLVE_SEED: opts.seed ?? "none",
    DEVOLVE_SEED_DATE: "2026-12-01",
    PUBLIC_URL: baseUrl,
    ...(process.env.BUILD_DIR ? { BUILD_DIR: process.env.BUILD_DIR } : {}),
    ...opts.env,
  });
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const line of chunk.toString("utf8").split("\n")) if (line.trim()) logs.push(JSON.parse(line) as Record<string, unknown>);
      cb();
    },
  });
  const logger = pino({ level: "info", base: { app: "devolve" } }, sink);
  const server = await createDevolveServer(env, logger);
  await server.listen(port, "127.0.0.1");
  return {
    baseUrl,
    server,
    db: server.services.db,
    logs,
    setupLink: () => logs.map((l) => l.setupUrl).find((u): u is string => typeof u === "string"),
    async stop() {
      await server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A form post as a browser on this site sends it; returns the response without following redirects. */
export function post(baseUrl: string, pathname: string, fields: Record<string, string>, cookie?: string): Promise<Response> {
  return fetch(baseUrl + pathname, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: baseUrl, ...(cookie ? { Cookie: cookie } : {}) },
    body: new URLSearchParams(fields),
  });
}

/** The session cookie a response set, as a Cookie header value. */
export function sessionFrom(res: Response): string {
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith("devolve_session="));
  if (!cookie) throw new Error(`No session cookie (HTTP ${res.status})`);
  return cookie.split(";")[0]!;
}
