/**
 * Counts failed sign-ins per key (an IP address, an email address) in a sliding window. Past the
 * limit, further attempts for that key are refused until the oldest failure ages out. In memory:
 * one process serves a deployment, and a restart forgetting counts is an acceptable loss.
 */
export class FailureLimiter {
  private failures = new Map<string, number[]>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  private recent(key: string): number[] {
    const cutoff = this.now() - this.windowMs;
    const list = (this.failures.get(key) ?? []).filter((t) => t > cutoff);
    if (list.length) this.failures.set(key, list);
    else this.failures.delete(key);
    return list;
  }

  /** Milliseconds until another attempt is allowed, or 0 when it is allowed now. */
  retryAfterMs(key: string): number {
    const list = this.recent(key);
    if (list.length < this.max) return 0;
    return list[list.length - this.max] + this.windowMs - this.now();
  }

  fail(key: string) {
    const list = this.recent(key);
    list.push(this.now());
    this.failures.set(key, list);
  }

  reset(key: string) {
    this.failures.delete(key);
  }
}
