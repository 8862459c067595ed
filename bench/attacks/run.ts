/**
 * Honest users under attack: the real app (built, demo trust, durable SQLite) in its own process;
 * two honest editors exchange structure edits and a signed-in page is fetched in a loop, while one
 * member (or nobody signed in) runs each attack of the hardening issue in turn. Reports edit-to-peer
 * and page latency p50/p99 per attack beside the quiet figures from the same run, and writes the
 * table into docs/benchmarks.md. The goal: an honest user notices nothing (within 2× of quiet).
 *
 *   npm run bench:attacks            # 6 s per attack
 *   npm run bench:attacks -- --quick # 2 s per attack
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { structureUnits, updateUnit } from "../../shared/collab/structure-doc";
import { encodeQueryAwareness, encodeSyncStep1, encodeUpdate } from "../../shared/collab/wire";
import { encodeAwarenessEntries, encodeAwarenessPayload } from "../../shared/collab/wire";
import { xlsxBomb } from "../../test/security/xlsx-fixtures";
import { freePort, sleep } from "../lib";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const quick = process.argv.includes("--quick");
const PHASE_MS = quick ? 2_000 : 6_000;
const PASSWORD = "Devolve-demo-2027";
const W = "riverside";


async function startApp(): Promise<{ child: ChildProcess; base: string; port: number }> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "devolve-attacks-"));
  const child = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", DATABASE_PATH: path.join(dir, "devolve.sqlite"), DEVOLVE_SEED: "demo", NODE_ENV: "production", LOG_LEVEL: "error" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return { child, base, port };
    } catch {
      /* not up yet */
    }
    await sleep(100);
  }
  throw new Error("the app did not start");
}

async function signIn(base: string, email: string): Promise<string> {
  const res = await fetch(`${base}/sign-in`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: base },
    body: new URLSearchParams({ email, password: PASSWORD, redirectTo: "/" }),
  });
  const cookie = res.headers.get("set-cookie");
  if (!cookie) throw new Error(`sign-in as ${email} failed: ${res.status}`);
  return cookie.split(";")[0]!;
}

const withCookie = (cookie: string) =>
  class extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers: { Cookie: cookie } });
    }
  } as unknown as typeof globalThis.WebSocket;

function provider(wsBase: string, room: string, cookie: string): Promise<WebsocketProvider> {
  const p = new WebsocketProvider(wsBase, room, new Y.Doc(), { WebSocketPolyfill: withCookie(cookie), disableBc: true });
  return new Promise((resolve) => p.once("sync", () => resolve(p)));
}

const pct = (xs: number[], p: number) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]! : NaN);

/** Runs honest traffic for PHASE_MS while `attack` runs; returns latencies. */
async function measure(
  app: { base: string },
  honest: { a: WebsocketProvider; b: WebsocketProvider; pageCookie: string },
  attack: (signal: { stop: boolean }) => Promise<void>,
): Promise<{ edits: number[]; pages: number[]; pageErrors: number }> {
  const signal = { stop: false };
  const edits: number[] = [];
  const pages: number[] = [];
  let pageErrors = 0;
  const seen = new Map<string, number>();
  const onB = () => {
    const v = structureUnits(honest.b.doc).get("card")?.get("budgetHolder");
    if (typeof v === "string" && seen.has(v)) {
      edits.push(performance.now() - seen.get(v)!);
      seen.delete(v);
    }
  };
  honest.b.doc.on("update", onB);
  const editor = (async () => {
    for (let n = 0; !signal.stop; n++) {
      const mark = `bench-${Date.now()}-${n}`;
      seen.set(mark, performance.now());
      updateUnit(honest.a.doc, "card", { budgetHolder: mark });
      await sleep(100);
    }
  })();
  const pager = (async () => {
    while (!signal.stop) {
      const t0 = performance.now();
      try {
        const res = await fetch(`${app.base}/w/${W}`, { headers: { Cookie: honest.pageCookie } });
        await res.arrayBuffer();
        if (res.status !== 200) pageErrors++;
        pages.push(performance.now() - t0);
      } catch {
        pageErrors++;
      }
      await sleep(100);
    }
  })();
  const attacking = attack(signal).catch(() => {});
  await sleep(PHASE_MS);
  signal.stop = true;
  await Promise.all([editor, pager, attacking]);
  await sleep(300);
  honest.b.doc.off("update", onB);
  return { edits, pages, pageErrors };
}

/** A raw socket to a room, resolved once open (or null when refused). */
function raw(url: string, cookie?: string): Promise<WebSocket | null> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers: cookie ? { Cookie: cookie } : {} });
    ws.once("open", () => resolve(ws));
    ws.once("unexpected-response", () => resolve(null));
    ws.once("error", () => resolve(null));
  });
}

async function main() {
  const app = await startApp();
  const wsBase = `ws://127.0.0.1:${app.port}/collab/${W}`;
  const [editorCookie, execCookie, viewerCookie, adminCookie] = await Promise.all([
    signIn(app.base, "editor@riverside.example"),
    signIn(app.base, "executive@riverside.example"),
    signIn(app.base, "viewer@riverside.example"),
    signIn(app.base, "admin@riverside.example"),
  ]);
  const honest = { a: await provider(wsBase, "structure", editorCookie), b: await provider(wsBase, "structure", execCookie), pageCookie: adminCookie };
  const attackerCookie = await signIn(app.base, "contributor@riverside.example");
  // Built before any measuring starts: making it takes the bench process itself half a second.
  const bombFile = path.join(os.tmpdir(), `devolve-bomb-${process.pid}.xlsx`);
  fs.writeFileSync(bombFile, await xlsxBomb());

  const attacks: { name: string; run: (s: { stop: boolean }) => Promise<void> }[] = [
    { name: "quiet (no attack)", run: async () => {} },
    {
      name: "signed out: 300 MiB chunked POST to the sign-in page, repeatedly",
      run: async (s) => {
        // From another process (curl streaming /dev/zero, chunked), so the attacker's own writing
        // does not slow the honest clients measured in this one.
        while (!s.stop) {
          await new Promise<void>((resolve) => {
            const sh = spawn("sh", ["-c", `head -c 314572800 /dev/zero | curl -s -o /dev/null -X POST -T - -H "Content-Type: application/x-www-form-urlencoded" ${app.base}/sign-in`], { stdio: "ignore" });
            sh.on("exit", () => resolve());
            sh.on("error", () => resolve());
          });
        }
      },
    },
    {
      name: "signed out: wrong passwords for the administrator from rotating X-Forwarded-For",
      run: async (s) => {
        for (let i = 0; !s.stop; i++) {
          await fetch(`${app.base}/sign-in`, {
            method: "POST",
            redirect: "manual",
            headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: app.base, "X-Forwarded-For": `10.0.${i % 250}.${i % 200}` },
            body: new URLSearchParams({ email: "admin@riverside.example", password: `guess-${i}` }),
          }).catch(() => {});
        }
      },
    },
    {
      name: "editor: uploading a spreadsheet bomb (millions of cells in a 300 KB .xlsx), again and again",
      run: async (s) => {
        // From another process (curl), so the attacker's own work does not slow the honest clients measured here.
        while (!s.stop) {
          await new Promise<void>((resolve) => {
            const curl = spawn("curl", ["-s", "-o", "/dev/null", "-H", `Cookie: ${editorCookie}`, "-H", `Origin: ${app.base}`, "-H", "Accept: application/json", "-F", `file=@${bombFile};filename=structure.xlsx`, `${app.base}/w/${W}/structure/import`], { stdio: "ignore" });
            curl.on("exit", () => resolve());
            curl.on("error", () => resolve());
          });
        }
      },
    },
    {
      name: "viewer: sync step 1 with an empty state vector, in a loop",
      run: async (s) => {
        const empty = Y.encodeStateVector(new Y.Doc());
        while (!s.stop) {
          const ws = await raw(`${wsBase}/structure`, viewerCookie);
          if (!ws) {
            await sleep(200);
            continue;
          }
          ws.on("error", () => {});
          for (let i = 0; i < 200 && ws.readyState === ws.OPEN; i++) ws.send(encodeSyncStep1(empty));
          await sleep(50);
          ws.terminate();
        }
      },
    },
    {
      name: "viewer: presence-query flood",
      run: async (s) => {
        const ws = await raw(`${wsBase}/structure`, viewerCookie);
        while (!s.stop && ws && ws.readyState === ws.OPEN) {
          for (let i = 0; i < 100; i++) ws.send(encodeQueryAwareness());
          await sleep(10);
        }
        ws?.terminate();
      },
    },
    {
      name: "viewer: reconnect loop",
      run: async (s) => {
        while (!s.stop) {
          const ws = await raw(`${wsBase}/structure`, viewerCookie);
          ws?.terminate();
        }
      },
    },
    {
      name: "contributor: oversized and invalid presence states",
      run: async (s) => {
        const ws = await raw(`${wsBase}/structure`, attackerCookie);
        for (let clock = 1; !s.stop && ws && ws.readyState === ws.OPEN; clock++) {
          const state = clock % 2 ? JSON.stringify({ selection: { kind: "unit", id: "x".repeat(60_000) } }) : JSON.stringify({ selection: 7 });
          ws.send(encodeAwarenessPayload(encodeAwarenessEntries([{ clientID: 31337, clock, state }])));
          await sleep(5);
        }
        ws?.terminate();
      },
    },
    {
      name: "editor (stock client): updates that make cycles or leave pending structs",
      run: async (s) => {
        for (let i = 0; !s.stop; i++) {
          const ws = await raw(`${wsBase}/structure`, editorCookie);
          if (!ws) {
            await sleep(100);
            continue;
          }
          ws.on("error", () => {});
          const doc = new Y.Doc();
          Y.applyUpdate(doc, Y.encodeStateAsUpdate(honest.a.doc));
          const sv = Y.encodeStateVector(doc);
          structureUnits(doc).get("med")?.set("parentId", "card");
          if (i % 2) {
            const sv2 = Y.encodeStateVector(doc);
            structureUnits(doc).get("card")?.set("order", i);
            ws.send(encodeUpdate(Y.encodeStateAsUpdate(doc, sv2)));
          } else ws.send(encodeUpdate(Y.encodeStateAsUpdate(doc, sv)));
          await new Promise((r) => ws.once("close", r));
        }
      },
    },
  ];

  const only = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1] : undefined;
  const results: { name: string; edits: number[]; pages: number[]; pageErrors: number }[] = [];
  for (const a of attacks.filter((x, i) => i === 0 || !only || x.name.includes(only))) {
    process.stdout.write(`${a.name}… `);
    const r = await measure(app, honest, a.run);
    results.push({ name: a.name, ...r });
    console.log(`edit p99 ${pct(r.edits, 99).toFixed(1)} ms, page p99 ${pct(r.pages, 99).toFixed(1)} ms`);
    await sleep(500);
  }
  honest.a.destroy();
  honest.b.destroy();
  fs.rmSync(bombFile, { force: true });
  app.child.kill("SIGTERM");

  const quiet = results[0]!;
  const f = (ms: number) => (Number.isFinite(ms) ? `${ms.toFixed(1)} ms` : "n/a");
  const ratio = (x: number, q: number) => (Number.isFinite(x) && q > 0 ? `${(x / q).toFixed(2)}×` : "n/a");
  const lines = [
    "| while … | honest edit → peer p50 | p99 | p99 vs quiet | signed-in page p50 | p99 | p99 vs quiet | page errors |",
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ...results.map((r) =>
      [r.name, f(pct(r.edits, 50)), f(pct(r.edits, 99)), ratio(pct(r.edits, 99), pct(quiet.edits, 99)), f(pct(r.pages, 50)), f(pct(r.pages, 99)), ratio(pct(r.pages, 99), pct(quiet.pages, 99)), String(r.pageErrors)].join(" | ").replace(/^/, "| ").replace(/$/, " |"),
    ),
  ];
  const table = lines.join("\n");
  console.log(`\n${table}`);
  if (only) process.exit(0);
  const file = path.join(root, "docs/benchmarks.md");
  const START = "<!-- attack-bench:start -->";
  const END = "<!-- attack-bench:end -->";
  const body = `${START}
Measured by \`npm run bench:attacks\`${quick ? " (quick mode)" : ""} on ${new Date().toISOString().slice(0, 10)}: the built app with the demo trust
in its own process; two honest editors exchange a structure edit every 100 ms and an administrator's
workspace home page is fetched every 100 ms, for ${PHASE_MS / 1000} s per row, while one attacker runs the row's attack
(each attack is described in the security tests under \`test/security/\`). Goal: within 2× of quiet.

${table}
${END}`;
  const current = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "# Benchmarks\n";
  fs.writeFileSync(file, current.includes(START) ? current.replace(new RegExp(`${START}[\\s\\S]*?${END}`), body) : `${current.trimEnd()}\n\n## Honest users under attack\n\n${body}\n`);
  process.exit(0);
}

await main();
