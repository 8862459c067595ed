import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { MAX_PARALLEL_PARSES, MESSAGES, PARSE_HEAP_MB, PARSE_QUEUE_MS, PARSE_TIMEOUT_MS } from "./limits";
import type { ParseAnswer, ParseJob } from "./parse-worker";
import type { ParsedSpreadsheet } from "./read";

/*
 * Uploads are read off the event loop, in worker threads with their own heap limit, and a reader
 * that takes longer than PARSE_TIMEOUT_MS is terminated, so a hostile file costs one worker for a
 * bounded time and never blocks other requests. At most MAX_PARALLEL_PARSES files are read at once;
 * others wait up to PARSE_QUEUE_MS for a reader and are then told the server is busy. One idle
 * reader is kept warm for a while, since starting one takes about a second.
 *
 * The worker runs server/imports/parse-worker.ts from the source tree through tsx, as the server
 * itself runs (scripts/start.mjs). That file is found from this module's own location, which is
 * either the source file or the built server bundle inside the project.
 */

const STARTUP_TIMEOUT_MS = 30_000;

/** The time-out and heap limit new readers get; tests lower them to prove a reader is stopped. */
const limits = { timeoutMs: PARSE_TIMEOUT_MS, heapMb: PARSE_HEAP_MB };
export function setReaderLimits(next: Partial<typeof limits>) {
  Object.assign(limits, next);
  // Readers already started keep their heap limit: drop the idle one.
  idle?.kill();
  idle = null;
}
const IDLE_MS = 30_000;
/** A reader is replaced after this many files, so one heap does not grow for ever. */
const JOBS_PER_READER = 50;

function findWorkerSource(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    for (const candidate of [path.join(dir, "parse-worker.ts"), path.join(dir, "server", "imports", "parse-worker.ts")]) {
      if (fs.existsSync(candidate)) return candidate;
    }
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  throw new Error("server/imports/parse-worker.ts not found beside the server");
}

function tsxApiUrl(): string {
  const require = createRequire(import.meta.url);
  const pkgPath = require.resolve("tsx/package.json");
  const pkg = JSON.parse(fs.readFileSync(pkgPath, "utf8")) as { exports: Record<string, { import: { default: string } }> };
  return pathToFileURL(path.join(path.dirname(pkgPath), pkg.exports["./esm/api"]!.import.default)).href;
}

let bootstrap: { code: string; data: { tsx: string; entry: string } } | undefined;
function workerBootstrap() {
  // eval'd as CommonJS: register tsx in this thread, then load the worker module.
  bootstrap ??= {
    code: `const { workerData, parentPort } = require("node:worker_threads");
import(workerData.tsx)
  .then((tsx) => { tsx.register(); return import(workerData.entry); })
  .catch((err) => parentPort.postMessage({ startupError: String((err && err.stack) || err) }));`,
    data: { tsx: tsxApiUrl(), entry: pathToFileURL(findWorkerSource()).href },
  };
  return bootstrap;
}

type Outcome = { kind: "answer"; answer: ParseAnswer } | { kind: "failed"; error: string; status?: number };

class Reader {
  readonly worker: Worker;
  readonly ready: Promise<boolean>;
  jobs = 0;
  dead = false;
  private current: ((o: Outcome) => void) | null = null;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor() {
    const boot = workerBootstrap();
    this.worker = new Worker(boot.code, {
      eval: true,
      workerData: boot.data,
      execArgv: [],
      stdout: false,
      stderr: false,
      resourceLimits: { maxOldGenerationSizeMb: limits.heapMb, maxYoungGenerationSizeMb: Math.min(64, Math.max(8, limits.heapMb / 8)), stackSizeMb: 4 },
    });
    let started: (ok: boolean) => void;
    this.ready = new Promise((resolve) => (started = resolve));
    const startTimer = setTimeout(() => {
      started(false);
      this.kill();
    }, STARTUP_TIMEOUT_MS);
    startTimer.unref();
    this.worker.on("message", (msg: unknown) => {
      if (msg === "ready") {
        clearTimeout(startTimer);
        started(true);
      } else if (msg && typeof msg === "object" && "startupError" in msg) {
        clearTimeout(startTimer);
        started(false);
        this.kill();
      } else if (msg && typeof msg === "object" && "id" in msg) {
        this.settle({ kind: "answer", answer: msg as ParseAnswer });
      }
    });
    this.worker.on("error", (err: Error & { code?: string }) => {
      clearTimeout(startTimer);
      started(false);
      const memory = err.code === "ERR_WORKER_OUT_OF_MEMORY";
      this.dead = true;
      this.settle({ kind: "failed", error: memory ? MESSAGES.outOfMemory : MESSAGES.failed, status: memory ? 400 : 500 });
    });
    this.worker.on("exit", () => {
      clearTimeout(startTimer);
      started(false);
      this.dead = true;
      this.settle({ kind: "failed", error: MESSAGES.failed, status: 500 });
    });
  }

  private settle(o: Outcome) {
    const done = this.current;
    this.current = null;
    done?.(o);
  }

  kill() {
    this.dead = true;
    clearTimeout(this.idleTimer);
    void this.worker.terminate();
  }

  /** Reads one file; the reader is killed if it takes too long. */
  async read(bytes: Uint8Array, filename: string, id: number): Promise<Outcome> {
    clearTimeout(this.idleTimer);
    this.worker.ref();
    if (!(await this.ready) || this.dead) return { kind: "failed", error: MESSAGES.failed, status: 500 };
    this.jobs++;
    return new Promise<Outcome>((resolve) => {
      const timer = setTimeout(() => {
        this.settle({ kind: "failed", error: MESSAGES.timedOut });
        this.kill();
      }, limits.timeoutMs);
      this.current = (o) => {
        clearTimeout(timer);
        resolve(o);
      };
      // A copy with its own buffer, moved (not copied again) to the worker. (Not bytes.slice(): on a
      // Buffer that is a view, and moving it would detach the caller's memory, or Node's pool.)
      const own = new Uint8Array(bytes.byteLength);
      own.set(bytes);
      this.worker.postMessage({ id, bytes: own, filename } satisfies ParseJob, [own.buffer]);
    });
  }

  /** Parks the reader for the next file, ended after IDLE_MS unused. */
  park(onIdleEnd: () => void) {
    this.worker.unref();
    this.idleTimer = setTimeout(() => {
      onIdleEnd();
      this.kill();
    }, IDLE_MS);
    this.idleTimer.unref();
  }
}

let idle: Reader | null = null;
let active = 0;
let nextId = 1;
const waiting: (() => void)[] = [];

/** A slot to read one file, waiting up to PARSE_QUEUE_MS when MAX_PARALLEL_PARSES are in use; false if none came. */
function takeSlot(): Promise<boolean> {
  if (active < MAX_PARALLEL_PARSES) {
    active++;
    return Promise.resolve(true);
  }
  return new Promise((resolve) => {
    const wake = () => {
      clearTimeout(timer);
      active++;
      resolve(true);
    };
    const timer = setTimeout(() => {
      const at = waiting.indexOf(wake);
      if (at !== -1) waiting.splice(at, 1);
      resolve(false);
    }, PARSE_QUEUE_MS);
    waiting.push(wake);
  });
}

function freeSlot() {
  active--;
  waiting.shift()?.();
}

/** Reads a spreadsheet in a worker thread (see the top of this file). */
export async function readInWorker(bytes: Uint8Array, filename: string): Promise<ParsedSpreadsheet> {
  if (!(await takeSlot())) return { ok: false, error: MESSAGES.busy, status: 503 };
  let reader: Reader | null = null;
  try {
    if (idle && !idle.dead) {
      reader = idle;
      idle = null;
    } else {
      reader = new Reader();
    }
    const outcome = await reader.read(bytes, filename, nextId++);
    if (outcome.kind === "failed") return { ok: false, error: outcome.error, ...(outcome.status ? { status: outcome.status } : {}) };
    return outcome.answer.result;
  } catch {
    return { ok: false, error: MESSAGES.failed, status: 500 };
  } finally {
    if (reader && !reader.dead && reader.jobs < JOBS_PER_READER && !idle) {
      const parked = reader;
      idle = parked;
      parked.park(() => {
        if (idle === parked) idle = null;
      });
    } else {
      reader?.kill();
    }
    freeSlot();
  }
}
