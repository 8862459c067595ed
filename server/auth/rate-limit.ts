export interface FailurePolicy {
  /** Failures within the window that cost nothing. */
  free: number;
  /** Delay for the first attempt past the free ones; it doubles with each further failure. */
  baseDelayMs: number;
  /** The delay never grows past this. */
  maxDelayMs: number;
  /** How long a failure counts. */
  windowMs: number;
  /** Most keys remembered; past it the least recently failed key is forgotten. */
  maxKeys?: number;
}

/** Timestamps kept per key: enough to reach the delay cap, so memory per key is bounded. */
const MAX_PER_KEY = 64;

/**
 * Counts failed sign-ins per key (an IP address, an email address) in a sliding window and turns
 * them into a progressive delay: nothing for the first `free` failures, then `baseDelayMs` doubling
 * up to `maxDelayMs`. It never refuses: the caller waits the delay before checking the password, so
 * a stranger's guesses slow an account down but cannot lock its owner out. In memory: one process
 * serves a deployment, and a restart forgetting counts is an acceptable loss. Entries age out
 * (`prune`, run periodically) and the number of keys is capped.
 */
export class FailureLimiter {
  private failures = new Map<string, number[]>();
  private readonly maxKeys: number;

  constructor(
    private readonly policy: FailurePolicy,
    /** The clock; tests move it forward to age entries out. */
    public now: () => number = Date.now,
  ) {
    this.maxKeys = policy.maxKeys ?? 50_000;
  }

  private recent(key: string): number[] {
    const list = this.failures.get(key);
    if (!list) return [];
    const cutoff = this.now() - this.policy.windowMs;
    const kept = list.filter((t) => t > cutoff);
    if (kept.length === 0) this.failures.delete(key);
    else if (kept.length !== list.length) this.failures.set(key, kept);
    return kept;
  }

  /** Failures for this key within the window. */
  count(key: string): number {
    return this.recent(key).length;
  }

  /** How long the next attempt for this key should wait before its password is checked. */
  delayMs(key: string): number {
    const over = this.count(key) - this.policy.free;
    if (over < 0) return 0;
    return Math.min(this.policy.maxDelayMs, this.policy.baseDelayMs * 2 ** Math.min(over, 30));
  }

  fail(key: string) {
    const list = this.recent(key);
    list.push(this.now());
    if (list.length > MAX_PER_KEY) list.splice(0, list.length - MAX_PER_KEY);
    // Re-insert so the map's order is least recently failed first, for eviction.
    this.failures.delete(key);
    this.failures.set(key, list);
    if (this.failures.size > this.maxKeys) {
      this.prune();
      for (const oldest of this.failures.keys()) {
        if (this.failures.size <= this.maxKeys) break;
        this.failures.delete(oldest);
      }
    }
  }

  reset(key: string) {
    this.failures.delete(key);
  }

  /** Forgets every key whose failures have all aged out; returns how many were dropped. */
  prune(): number {
    const cutoff = this.now() - this.policy.windowMs;
    let dropped = 0;
    for (const [key, list] of this.failures) {
      if (list[list.length - 1]! <= cutoff) {
        this.failures.delete(key);
        dropped++;
      }
    }
    return dropped;
  }

  /** Keys remembered now (for tests and health checks). */
  get size(): number {
    return this.failures.size;
  }

  clear() {
    this.failures.clear();
  }
}
