/**
 * Board packs are built in the background so the page can show progress (issue 11: "show progress
 * while it builds"). Jobs live in memory for a few minutes; each person may run one at a time and
 * the process a few, so no member can queue enough builds to starve others.
 */
import { randomUUID } from "node:crypto";
import { buildBoardPack, type BoardPackInput, type BoardPackProgress } from "./board-pack";

interface Job {
  id: string;
  owner: string;
  workspaceId: string;
  progress: BoardPackProgress;
  pdf: Buffer | null;
  pages: number;
  error: string | null;
  filename: string;
  createdAt: number;
}

const JOB_TTL_MS = 5 * 60_000;
const MAX_RUNNING = 4;
/** Builds one person may start in a window: a Board pack is read, not rebuilt in a loop. */
const PER_PERSON = { builds: 10, windowMs: 10 * 60_000 };
const jobs = new Map<string, Job>();
const recent = new Map<string, number[]>();

function underBudget(owner: string, now: number): boolean {
  const times = (recent.get(owner) ?? []).filter((t) => now - t < PER_PERSON.windowMs);
  if (times.length >= PER_PERSON.builds) {
    recent.set(owner, times);
    return false;
  }
  times.push(now);
  recent.set(owner, times);
  if (recent.size > 10_000) for (const [k, v] of recent) if (v.every((t) => now - t >= PER_PERSON.windowMs)) recent.delete(k);
  return true;
}

function sweep(now = Date.now()) {
  for (const [id, j] of jobs) if (now - j.createdAt > JOB_TTL_MS) jobs.delete(id);
}

const running = () => [...jobs.values()].filter((j) => !j.pdf && !j.error);

export type StartResult = { ok: true; id: string } | { ok: false; status: 429; message: string };

export function startPackJob(owner: string, workspaceId: string, input: BoardPackInput, filename: string): StartResult {
  sweep();
  if (running().some((j) => j.owner === owner)) return { ok: false, status: 429, message: "Your previous Board pack is still being built. Wait for it to finish." };
  if (running().length >= MAX_RUNNING) return { ok: false, status: 429, message: "Several Board packs are being built. Try again in a moment." };
  if (!underBudget(owner, Date.now())) return { ok: false, status: 429, message: "You have built many Board packs in the last few minutes. Try again later, or use the one you downloaded." };
  const job: Job = { id: randomUUID(), owner, workspaceId, progress: { step: "Starting", done: 0, total: 1 }, pdf: null, pages: 0, error: null, filename, createdAt: Date.now() };
  jobs.set(job.id, job);
  buildBoardPack(input, (p) => {
    job.progress = p;
  }).then(
    (r) => {
      job.pdf = r.pdf;
      job.pages = r.pages;
    },
    (e: unknown) => {
      job.error = e instanceof Error ? e.message : "The Board pack could not be built";
    },
  );
  return { ok: true, id: job.id };
}

/** Waits for a job to finish (the download without script). */
export async function finished(id: string): Promise<Job | null> {
  for (;;) {
    const j = jobs.get(id);
    if (!j) return null;
    if (j.pdf || j.error) return j;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A job, only to the person who started it in the same workspace. */
export function packJob(id: string, owner: string, workspaceId: string): Job | null {
  sweep();
  const j = jobs.get(id);
  return j && j.owner === owner && j.workspaceId === workspaceId ? j : null;
}
