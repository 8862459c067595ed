import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");

describe("the server process", () => {
  it("starts on a fresh database, serves, and shuts down cleanly on SIGTERM", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "devolve-life-"));
    const child = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
      cwd: root,
      env: { ...process.env, DATABASE_PATH: path.join(dir, "nested", "devolve.sqlite"), PORT: "0", HOST: "127.0.0.1", NODE_ENV: "production", LOG_LEVEL: "info" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setInterval(() => {
        const m = /"port":(\d+)/.exec(out);
        if (m) {
          clearInterval(timer);
          resolve(Number(m[1]));
        }
      }, 50);
      child.once("exit", (code) => reject(new Error(`server exited with ${code}: ${out}`)));
    });
    // The first run migrated and seeded: the demo sign-in works.
    const res = await fetch(`http://127.0.0.1:${port}/sign-in`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: `http://127.0.0.1:${port}` },
      body: new URLSearchParams({ email: "admin@riverside.example", password: "Devolve-demo-2027" }),
    });
    expect(res.status).toBe(302);
    expect(out).toContain("seeded the demo trust");
    // Logs are structured JSON lines.
    for (const line of out.trim().split("\n").filter((l) => l.startsWith("{"))) expect(() => JSON.parse(line)).not.toThrow();

    const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exit).toBe(0);
    expect(out).toContain("shutting down");
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
