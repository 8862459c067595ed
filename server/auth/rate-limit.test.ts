import { describe, expect, it } from "vitest";
import { FailureLimiter } from "./rate-limit";
import { SignInThrottle } from "./throttle";

const policy = { free: 3, baseDelayMs: 500, maxDelayMs: 3000, windowMs: 60_000 };

describe("FailureLimiter", () => {
  it("costs nothing for the free failures, then a doubling delay up to the cap, never a refusal", () => {
    let now = 1_000_000;
    const limiter = new FailureLimiter(policy, () => now);
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      delays.push(limiter.delayMs("a"));
      limiter.fail("a");
      now += 1000;
    }
    expect(delays).toEqual([0, 0, 0, 500, 1000, 2000, 3000, 3000]);
    expect(limiter.delayMs("b")).toBe(0);
  });

  it("forgets failures after the window and after a success, and prunes aged-out keys", () => {
    let now = 1_000_000;
    const limiter = new FailureLimiter(policy, () => now);
    for (let i = 0; i < 5; i++) limiter.fail("a");
    limiter.fail("b");
    expect(limiter.delayMs("a")).toBeGreaterThan(0);
    limiter.reset("a");
    expect(limiter.delayMs("a")).toBe(0);
    expect(limiter.size).toBe(1);
    now += 60_001;
    expect(limiter.prune()).toBe(1);
    expect(limiter.size).toBe(0);
  });

  it("caps the keys it remembers, forgetting the least recently failed", () => {
    const limiter = new FailureLimiter({ ...policy, maxKeys: 100 });
    for (let i = 0; i < 1000; i++) limiter.fail(`k${i}`);
    expect(limiter.size).toBe(100);
    expect(limiter.count("k999")).toBe(1);
    expect(limiter.count("k0")).toBe(0);
  });
});

describe("SignInThrottle", () => {
  it("lets the right password in after a stranger's guesses, waiting at most the account's cap", async () => {
    const throttle = new SignInThrottle();
    const waits: number[] = [];
    throttle.sleep = async (ms) => void waits.push(ms);
    for (let i = 0; i < 50; i++) expect((await throttle.attempt("10.0.0.66", "admin", async () => false)).outcome).toBe("wrong");
    const owner = await throttle.attempt("10.0.0.1", "admin", async () => true);
    expect(owner).toEqual({ outcome: "signed-in", waitedMs: 3000 });
    expect(throttle.delayFor("10.0.0.1", "admin")).toBe(0);
    // The stranger's own address is slowed by its own failures.
    expect(throttle.delayFor("10.0.0.66", "someone-else")).toBe(4000);
  });

  it("turns away parallel attempts from an address that is already being slowed", async () => {
    const throttle = new SignInThrottle();
    for (let i = 0; i < 20; i++) throttle.byIp.fail("10.0.0.66");
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    throttle.sleep = () => gate;
    const first = Array.from({ length: 3 }, (_, i) => throttle.attempt("10.0.0.66", `a${i}`, async () => false));
    expect((await throttle.attempt("10.0.0.66", "b", async () => false)).outcome).toBe("too-many");
    // Another address is not affected.
    throttle.sleep = async () => undefined;
    expect((await throttle.attempt("10.0.0.1", "c", async () => true)).outcome).toBe("signed-in");
    release();
    expect((await Promise.all(first)).map((r) => r.outcome)).toEqual(["wrong", "wrong", "wrong"]);
    expect(throttle.stats().waiting).toBe(0);
  });

  it("runs only a few password checks at once and reports busy when the queue is full", async () => {
    const throttle = new SignInThrottle({ maxConcurrentChecks: 2, maxQueuedChecks: 2 });
    let running = 0;
    let peak = 0;
    const check = async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 20));
      running--;
      return false;
    };
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => throttle.attempt(`10.0.0.${i}`, `a${i}`, check)));
    expect(peak).toBe(2);
    expect(results.filter((r) => r.outcome === "busy")).toHaveLength(2);
    expect(throttle.stats()).toMatchObject({ checksRunning: 0, checksQueued: 0 });
  });

  it("slows every failing attempt while the server is over its failure budget, not the right password", async () => {
    const throttle = new SignInThrottle({ globalPerMinute: 10 });
    const waits: number[] = [];
    throttle.sleep = async (ms) => void waits.push(ms);
    for (let i = 0; i < 10; i++) await throttle.attempt(`10.1.0.${i}`, `user${i}`, async () => false);
    expect(waits).toEqual([]);
    expect(await throttle.attempt("10.2.0.1", "fresh", async () => false)).toEqual({ outcome: "wrong", waitedMs: 2000 });
    expect(await throttle.attempt("10.2.0.2", "owner", async () => true)).toEqual({ outcome: "signed-in", waitedMs: 0 });
  });

  it("ends a wait when the client goes away", async () => {
    const throttle = new SignInThrottle();
    for (let i = 0; i < 5; i++) throttle.byAccount.fail("a");
    const abort = new AbortController();
    const pending = throttle.attempt("10.0.0.1", "a", async () => true, abort.signal);
    abort.abort();
    expect(await pending).toEqual({ outcome: "aborted" });
  });
});
