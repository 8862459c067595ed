import { describe, expect, it } from "vitest";
import { FailureLimiter } from "./rate-limit";

describe("FailureLimiter", () => {
  it("allows attempts until the limit, then refuses until the window passes", () => {
    let now = 1_000_000;
    const limiter = new FailureLimiter(3, 60_000, () => now);
    for (let i = 0; i < 3; i++) {
      expect(limiter.retryAfterMs("a")).toBe(0);
      limiter.fail("a");
      now += 1000;
    }
    expect(limiter.retryAfterMs("a")).toBe(57_000);
    expect(limiter.retryAfterMs("b")).toBe(0);
    now += 57_000;
    expect(limiter.retryAfterMs("a")).toBe(0);
  });

  it("forgets failures after a success", () => {
    const limiter = new FailureLimiter(1, 60_000);
    limiter.fail("a");
    expect(limiter.retryAfterMs("a")).toBeGreaterThan(0);
    limiter.reset("a");
    expect(limiter.retryAfterMs("a")).toBe(0);
  });
});
