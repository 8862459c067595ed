import { setTimeout as sleepFor } from "node:timers/promises";
import { FailureLimiter, type FailurePolicy } from "./rate-limit";

export interface ThrottleOptions {
  byIp: FailurePolicy;
  byAccount: FailurePolicy;
  /** Failures per minute, across the server, before every failing attempt is slowed. */
  globalPerMinute: number;
  /** Extra wait for a failing attempt while the server is over its global budget. */
  globalDelayMs: number;
  /** While an address is being slowed, how many of its attempts may wait at once. */
  maxWaitingPerIp: number;
  /** Password checks (scrypt: CPU and 32 MiB each, on libuv's thread pool) running at once. */
  maxConcurrentChecks: number;
  /** Attempts queued for a check slot before new ones are turned away as busy. */
  maxQueuedChecks: number;
}

export const DEFAULT_THROTTLE: ThrottleOptions = {
  // Generous per address: a hospital's staff may all sign in from one NAT address.
  byIp: { free: 10, baseDelayMs: 250, maxDelayMs: 4000, windowMs: 15 * 60_000 },
  // Per account the delay is capped at a few seconds: the owner always gets in.
  byAccount: { free: 3, baseDelayMs: 500, maxDelayMs: 3000, windowMs: 15 * 60_000 },
  globalPerMinute: 120,
  globalDelayMs: 2000,
  maxWaitingPerIp: 3,
  maxConcurrentChecks: 2,
  maxQueuedChecks: 64,
};

export type AttemptOutcome =
  | { outcome: "signed-in"; waitedMs: number }
  | { outcome: "wrong"; waitedMs: number }
  /** Too many attempts from this address are already waiting: try again later. */
  | { outcome: "too-many"; retryAfterMs: number }
  /** Every password-check slot is taken and the queue is full. */
  | { outcome: "busy" }
  /** The client went away while waiting. */
  | { outcome: "aborted" };

const BUSY = Symbol("busy");

const defaultSleep = (ms: number, signal?: AbortSignal) => sleepFor(ms, undefined, signal ? { signal } : undefined);

/**
 * Slows password guessing without locking anyone out. Each attempt first waits (on a timer, never
 * blocking the event loop) the larger of its address's and its account's progressive delay, then
 * checks the password in one of a few slots; a failure while the whole server is over its failure
 * budget waits longer before it is answered. The right password is never refused because of
 * someone else's guesses: at worst its owner waits the account's capped delay.
 */
export class SignInThrottle {
  readonly byIp: FailureLimiter;
  readonly byAccount: FailureLimiter;
  private readonly opts: ThrottleOptions;
  private waiting = new Map<string, number>();
  private globalFailures: number[] = [];
  private running = 0;
  private queue: (() => void)[] = [];
  /** The clock and the timer; tests replace them to travel in time or record waits. */
  now: () => number = Date.now;
  sleep: (ms: number, signal?: AbortSignal) => Promise<unknown> = defaultSleep;

  constructor(opts: Partial<ThrottleOptions> = {}) {
    this.opts = { ...DEFAULT_THROTTLE, ...opts };
    this.byIp = new FailureLimiter(this.opts.byIp, () => this.now());
    this.byAccount = new FailureLimiter(this.opts.byAccount, () => this.now());
  }

  /** The wait the next attempt from this address for this account would get before its check. */
  delayFor(ip: string, account: string): number {
    return Math.max(this.byIp.delayMs(ip), this.byAccount.delayMs(account));
  }

  private globalCount(): number {
    const cutoff = this.now() - 60_000;
    let i = 0;
    while (i < this.globalFailures.length && this.globalFailures[i]! <= cutoff) i++;
    if (i) this.globalFailures.splice(0, i);
    return this.globalFailures.length;
  }

  /** Records a failure server-wide; returns the extra wait when over the budget. */
  private failGlobally(): number {
    const count = this.globalCount();
    // Past a few times the budget only the count matters, so the list stays bounded.
    if (count < this.opts.globalPerMinute * 4) this.globalFailures.push(this.now());
    return count >= this.opts.globalPerMinute ? this.opts.globalDelayMs : 0;
  }

  private async withCheckSlot<T>(fn: () => Promise<T>): Promise<T | typeof BUSY> {
    if (this.running >= this.opts.maxConcurrentChecks) {
      if (this.queue.length >= this.opts.maxQueuedChecks) return BUSY;
      await new Promise<void>((resolve) => this.queue.push(resolve));
    } else this.running++;
    try {
      return await fn();
    } finally {
      const next = this.queue.shift();
      // The slot passes straight to the next in line; otherwise it is freed.
      if (next) next();
      else this.running--;
    }
  }

  /**
   * Runs one sign-in attempt: waits its delay, checks the password with `check` and records the
   * result. `signal` ends the wait early when the client disconnects.
   */
  async attempt(ipAddress: string, accountKey: string, check: () => Promise<boolean>, signal?: AbortSignal): Promise<AttemptOutcome> {
    // Keys are bounded, whatever a misconfigured proxy or a client sends.
    const ip = ipAddress.slice(0, 64);
    const account = accountKey.slice(0, 320);
    const ipDelay = this.byIp.delayMs(ip);
    const waiting = this.waiting.get(ip) ?? 0;
    // Only an address that is already being slowed is limited in parallel attempts, so a parallel
    // flood cannot sidestep its delay; other addresses, and the account's owner, are unaffected.
    if (ipDelay > 0 && waiting >= this.opts.maxWaitingPerIp) return { outcome: "too-many", retryAfterMs: ipDelay };
    this.waiting.set(ip, waiting + 1);
    try {
      const waitedMs = Math.max(ipDelay, this.byAccount.delayMs(account));
      if (waitedMs > 0) await this.sleep(waitedMs, signal);
      const valid = await this.withCheckSlot(check);
      if (valid === BUSY) return { outcome: "busy" };
      if (valid) {
        this.byAccount.reset(account);
        return { outcome: "signed-in", waitedMs };
      }
      this.byIp.fail(ip);
      this.byAccount.fail(account);
      const extra = this.failGlobally();
      if (extra > 0) await this.sleep(extra, signal);
      return { outcome: "wrong", waitedMs: waitedMs + extra };
    } catch (err) {
      if (signal?.aborted) return { outcome: "aborted" };
      throw err;
    } finally {
      const left = (this.waiting.get(ip) ?? 1) - 1;
      if (left > 0) this.waiting.set(ip, left);
      else this.waiting.delete(ip);
    }
  }

  /** Drops aged-out entries; the server runs it periodically. */
  prune() {
    this.byIp.prune();
    this.byAccount.prune();
    this.globalCount();
  }

  /** How much the throttle remembers now: for tests and health checks. */
  stats() {
    return { ips: this.byIp.size, accounts: this.byAccount.size, waiting: this.waiting.size, failuresLastMinute: this.globalCount(), checksRunning: this.running, checksQueued: this.queue.length };
  }

  /** Forgets everything (tests). */
  clear() {
    this.byIp.clear();
    this.byAccount.clear();
    this.globalFailures = [];
  }
}

