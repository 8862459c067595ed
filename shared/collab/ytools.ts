/**
 * The toolkit every document module uses to read and write a Y.Doc: readers that drop junk instead
 * of throwing (a stock y-websocket client can write anything), ids, field writes that leave
 * unchanged fields alone, text replacement that keeps a concurrent typist's words, one result type,
 * and one place where writes are checked against their zod schema.
 */
import * as Y from "yjs";
import type { z } from "zod";

/** The result of every accessor that can refuse: a plain-English reason, never an exception. */
export type Result<T = object> = ({ ok: true } & T) | { ok: false; error: string };

export const ok = <T extends object>(value: T = {} as T): Result<T> => ({ ok: true, ...value });
export const refuse = (error: string): { ok: false; error: string } => ({ ok: false, error });

// Readers ----------------------------------------------------------------------------------------

/** A string, or the fallback for anything else. */
export const str = (v: unknown, fallback = ""): string => (typeof v === "string" ? v : fallback);
/** A finite number, or null. */
export const finite = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
/** A finite number, or the fallback. */
export const num = (v: unknown, fallback = 0): number => finite(v) ?? fallback;
/** Text held either as a Y.Text (typed together) or as a plain string (older or imported data). */
export const textOf = (v: unknown): string => (v instanceof Y.Text ? v.toString() : str(v));
/** Calls `fn` for each entry that is a Y.Map; anything else a client wrote is skipped. */
export function forEachMap(parent: Y.Map<unknown>, fn: (m: Y.Map<unknown>, key: string) => void): void {
  parent.forEach((v, key) => {
    if (v instanceof Y.Map && key) fn(v as Y.Map<unknown>, key);
  });
}

// Ids --------------------------------------------------------------------------------------------

/** A fresh unique id with a prefix (`u_…`, `d_…`); works in browsers and Node. */
export function newId(prefix: string): string {
  const bytes = new Uint8Array(9);
  globalThis.crypto.getRandomValues(bytes);
  return prefix + "_" + Array.from(bytes, (b) => b.toString(36).padStart(2, "0")).join("").slice(0, 14);
}

/** Ids written into documents: short, URL-safe, and never a prototype key. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const isId = (v: unknown): v is string => typeof v === "string" && ID_PATTERN.test(v) && v !== "__proto__";

// Writers ----------------------------------------------------------------------------------------

/** Sets `key` only when the value differs (undefined deletes): unchanged fields generate no update. */
export function setIfChanged(m: Y.Map<unknown>, key: string, value: unknown): void {
  if (value === undefined) {
    if (m.has(key)) m.delete(key);
    return;
  }
  const prev = m.get(key);
  if (prev instanceof Y.AbstractType || JSON.stringify(prev) !== JSON.stringify(value)) m.set(key, value);
}

/** The nested map at `key`, created when missing (or when something else sits there). */
export function childMap(parent: Y.Map<unknown>, key: string): Y.Map<unknown> {
  const existing = parent.get(key);
  if (existing instanceof Y.Map) return existing as Y.Map<unknown>;
  const m = new Y.Map<unknown>();
  parent.set(key, m);
  return m;
}

/**
 * Makes `t` read `next` by deleting and inserting only the span that differs. Rewriting the whole
 * text would delete a colleague's words typed concurrently elsewhere in it; a minimal edit keeps them.
 */
export function replaceText(t: Y.Text, next: string): void {
  const prev = t.toString();
  if (prev === next) return;
  let start = 0;
  while (start < prev.length && start < next.length && prev[start] === next[start]) start++;
  let endPrev = prev.length;
  let endNext = next.length;
  while (endPrev > start && endNext > start && prev[endPrev - 1] === next[endNext - 1]) {
    endPrev--;
    endNext--;
  }
  if (endPrev > start) t.delete(start, endPrev - start);
  if (endNext > start) t.insert(start, next.slice(start, endNext));
}

/**
 * Checks a value about to be written against its zod schema; the first issue, in plain English, is
 * the refusal. Every document module checks its writes here, so no setter writes what a reader drops.
 */
export function checkWrite<S extends z.ZodTypeAny>(schema: S, value: unknown): Result<{ value: z.infer<S> }> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  return refuse(issue?.message ?? "That value is not allowed");
}

// Problems ---------------------------------------------------------------------------------------

/**
 * An invariant breach in a document. `key` is stable (the same breach gives the same key before and
 * after an update), so the server can tell whether an update added a breach or only kept one.
 */
export interface Problem {
  key: string;
  message: string;
}

/** The problems in `after` that were not already in `before`. */
export function newProblems(before: readonly Problem[], after: readonly Problem[]): Problem[] {
  const known = new Set(before.map((p) => p.key));
  return after.filter((p) => !known.has(p.key));
}
