import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { WebsocketProvider } from "y-websocket";
import { createDb } from "../../db/client";
import * as Y from "yjs";
import { appendUpdate, loadDocFromDb } from "../../server/collab";
import { structureUnits } from "../../shared/collab/structure-doc";
import fs from "node:fs";
import os from "node:os";
import { addDivision, connectProvider, eventually, seedTestStructure, sessionCookieFor, TEST_WORKSPACE, whenSynced } from "./harness";

process.setMaxListeners(0);

const root = path.resolve(import.meta.dirname, "../..");
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
});

/** Starts the real server (server/index.ts) as its own process (no wrapper, so SIGKILL hits the server). */
function startChild(dbPath: string, port = 0): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
    cwd: root,
    env: { ...process.env, DATABASE_PATH: dbPath, PORT: String(port), HOST: "127.0.0.1", DEVOLVE_SEED: "none", NODE_ENV: "production", LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = "";
    const t = setTimeout(() => reject(new Error("child server did not start")), 20_000);
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /"port":(\d+)/.exec(out);
      if (m) {
        clearTimeout(t);
        resolve({ child, port: Number(m[1]) });
      }
    });
    child.once("exit", (code) => reject(new Error(`child exited early with ${code}`)));
  });
}

/** A migrated database with signed-in test members, prepared before the server process starts. */
async function prepareDb(dbPath: string, users: { id: string; mode: "rw" | "ro" }[]): Promise<Map<string, string>> {
  const db = createDb(dbPath);
  const cookies = new Map<string, string>();
  for (const u of users) cookies.set(u.id, await sessionCookieFor(db, u.id, u.mode));
  // No server runs yet, so the log may be written directly (the seed does the same).
  const structure = new Y.Doc();
  seedTestStructure(structure);
  appendUpdate(db, TEST_WORKSPACE, "structure", Y.encodeStateAsUpdate(structure), null);
  db.$client.close();
  return cookies;
}

describe("collab durability", () => {
  it("kill -9 during a stream of edits loses nothing any other client had received", async () => {
    const dbPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "devolve-kill9-")), "devolve.sqlite");
    const cookies = await prepareDb(dbPath, [...Array.from({ length: 4 }, (_, i) => ({ id: `writer${i}`, mode: "rw" as const })), { id: "auditor", mode: "ro" }]);
    const first = await startChild(dbPath);
    const url = `ws://127.0.0.1:${first.port}/collab/${TEST_WORKSPACE}`;
    const clients = 4;
    const observed = new Set<string>();
    const providers: WebsocketProvider[] = [];
    for (let i = 0; i < clients; i++) {
      const p = connectProvider(url, "structure", cookies.get(`writer${i}`)!);
      structureUnits(p.doc).observe((event) => {
        if (event.transaction.local) return;
        for (const key of event.keysChanged) if (!key.startsWith(`c${i}-`)) observed.add(key);
      });
      providers.push(p);
    }
    await Promise.all(providers.map((p) => whenSynced(p)));

    let editing = true;
    const loops = providers.map(async (p, i) => {
      for (let n = 0; editing; n++) {
        addDivision(p.doc, `c${i}-${n}`);
        await new Promise((r) => setTimeout(r, 2 + Math.random() * 4));
      }
    });
    await new Promise((r) => setTimeout(r, 1_000));
    first.child.kill("SIGKILL");
    const observedAtKill = new Set(observed);
    editing = false;
    await Promise.all(loops);
    for (const p of providers) p.disconnect();
    await new Promise((r) => first.child.once("exit", r));
    expect(observedAtKill.size).toBeGreaterThan(50);

    // Straight from the file the killed process left behind.
    const db = createDb(dbPath);
    const onDisk = structureUnits(loadDocFromDb(db, TEST_WORKSPACE, "structure"));
    const missing = [...observedAtKill].filter((k) => !onDisk.has(k));
    expect(missing).toEqual([]);
    db.$client.close();

    // Through a restarted server, before the old clients come back with their copies.
    const second = await startChild(dbPath, first.port);
    const fresh = connectProvider(url, "structure", cookies.get("auditor")!);
    await whenSynced(fresh);
    const served = structureUnits(fresh.doc);
    expect([...observedAtKill].filter((k) => !served.has(k))).toEqual([]);

    // The old clients reconnect; edits that never reached the server come back and all converge.
    for (const p of providers) p.connect();
    await Promise.all(providers.map((p) => whenSynced(p, 8_000)));
    const total = new Set(providers.flatMap((p) => [...structureUnits(p.doc).keys()]));
    await eventually(() => providers.every((p) => structureUnits(p.doc).size === total.size) && served.size === total.size, 8_000, "convergence");
    // Map iteration order follows local insertion, so compare sorted entries.
    const sorted = (p: WebsocketProvider) => JSON.stringify(Object.entries(structureUnits(p.doc).toJSON()).sort());
    const state = sorted(providers[0]);
    for (const p of providers) expect(sorted(p) === state).toBe(true);

    for (const p of [...providers, fresh]) p.destroy();
    second.child.kill("SIGTERM");
    await new Promise((r) => second.child.once("exit", r));
  });
});
