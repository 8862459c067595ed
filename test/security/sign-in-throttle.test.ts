import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { sessions, users } from "../../db/schema";
import { hashToken } from "../../server/repositories/sessions";
import { DEMO, DEMO_PASSWORD, startTestServer, type TestServer } from "../setup/server";
import { timed } from "./raw";

// Finding 3: a few wrong guesses by a stranger locked the right password out, and rotating
// X-Forwarded-For (with TRUST_PROXY set) gave unlimited tries. Now only the configured number of
// proxy hops is believed, and failures cost progressive, capped delays instead of a lock-out.

/** Each wrong guess costs a real scrypt check; a loaded machine gets time to spare. */
const SLOW = 180_000;

function attempt(t: TestServer, email: string, password: string, forwardedFor?: string) {
  return fetch(`${t.baseUrl}/sign-in`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: t.baseUrl, ...(forwardedFor ? { "X-Forwarded-For": forwardedFor } : {}) },
    body: new URLSearchParams({ email, password, redirectTo: "/" }),
  });
}

/** Replaces the throttle's timer with one that only records the waits asked for. */
function recordWaits(t: TestServer) {
  const throttle = t.server.services.signInThrottle;
  const waits: number[] = [];
  const real = throttle.sleep;
  throttle.sleep = async (ms) => void waits.push(ms);
  return { waits, restore: () => (throttle.sleep = real) };
}

/** The waits 30 wrong guesses (each for a different account) get, from `forwardedFor(i)`. */
async function thirtyGuesses(t: TestServer, forwardedFor: (i: number) => string | undefined) {
  const throttle = t.server.services.signInThrottle;
  throttle.clear();
  const rec = recordWaits(t);
  try {
    for (let i = 0; i < 30; i++) {
      const res = await attempt(t, `guess.${i}@riverside.example`, "not-the-password", forwardedFor(i));
      expect(res.status).toBe(200);
    }
  } finally {
    rec.restore();
  }
  return rec.waits;
}

describe("with no trusted proxy (the default)", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t?.stop();
  });

  it("gives 30 guesses with rotating X-Forwarded-For no more tries than from one address", async () => {
    const rotating = await thirtyGuesses(t, (i) => `198.51.100.${i}`);
    expect(t.server.services.signInThrottle.byIp.size).toBe(1);
    const plain = await thirtyGuesses(t, () => undefined);
    expect(rotating).toEqual(plain);
    // After the free failures every further guess waited, increasingly.
    expect(rotating.length).toBe(20);
    expect(rotating[0]).toBeGreaterThan(0);
    expect(rotating.at(-1)).toBeGreaterThanOrEqual(rotating[0]!);
  }, SLOW);

  it("still lets the right password in from the same address after a stranger's guesses, within seconds", async () => {
    const throttle = t.server.services.signInThrottle;
    throttle.clear();
    const rec = recordWaits(t);
    for (let i = 0; i < 25; i++) await attempt(t, DEMO.admin, `wrong-${i}`);
    rec.restore();
    const { value: res, ms } = await timed(() => attempt(t, DEMO.admin, DEMO_PASSWORD));
    expect(res.status).toBe(302);
    expect(res.headers.get("set-cookie")).toMatch(/^devolve_session=/);
    expect(ms).toBeLessThan(6000);
  }, SLOW);
});

describe("behind one trusted proxy", () => {
  let t: TestServer;
  beforeAll(async () => {
    // TRUST_PROXY=true is kept working, as one hop.
    t = await startTestServer({ env: { TRUST_PROXY: "true" } });
  });
  afterAll(async () => {
    await t?.stop();
  });
  afterEach(() => t.server.services.signInThrottle.clear());

  it("takes the address the proxy saw, so entries a client adds to X-Forwarded-For change nothing", async () => {
    const spoofed = await thirtyGuesses(t, (i) => `198.51.100.${i}, 203.0.113.7`);
    expect(t.server.services.signInThrottle.byIp.count("203.0.113.7")).toBe(30);
    const plain = await thirtyGuesses(t, () => "203.0.113.7");
    expect(spoofed).toEqual(plain);
    // Seen from outside: the next guess, with yet another made-up address, really waits.
    const { value: res, ms } = await timed(() => attempt(t, "one.more@riverside.example", "nope", "192.0.2.99, 203.0.113.7"));
    expect(res.status).toBe(200);
    expect(ms).toBeGreaterThan(3000);
  }, SLOW);

  it("lets the administrator in with the right password after a stranger's many wrong guesses, without blocking the server", async () => {
    const rec = recordWaits(t);
    for (let i = 0; i < 25; i++) {
      const res = await attempt(t, DEMO.admin, `guess-${i}`, "10.0.0.66");
      expect(await res.text()).toContain("The email address or password is not right");
    }
    rec.restore();
    expect(t.server.services.signInThrottle.delayFor("10.0.0.1", DEMO.admin)).toBe(3000);
    const signingIn = timed(() => attempt(t, DEMO.admin, DEMO_PASSWORD, "10.0.0.1"));
    // While the sign-in waits its delay, the event loop is free: other requests answer at once.
    await new Promise((r) => setTimeout(r, 200));
    const other = await timed(() => fetch(`${t.baseUrl}/healthz`));
    expect(other.value.status).toBe(200);
    expect(other.ms).toBeLessThan(500);
    const { value: res, ms } = await signingIn;
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/");
    expect(ms).toBeGreaterThanOrEqual(2900);
    expect(ms).toBeLessThan(5000);
    // Success forgets the account's failures; the stranger's address is still slowed.
    expect(t.server.services.signInThrottle.delayFor("10.0.0.1", DEMO.admin)).toBe(0);
    expect(t.server.services.signInThrottle.byIp.delayMs("10.0.0.66")).toBeGreaterThan(0);
  }, SLOW);

  it("turns away a parallel flood from one address without touching other people", async () => {
    const throttle = t.server.services.signInThrottle;
    for (let i = 0; i < 20; i++) throttle.byIp.fail("10.0.0.77");
    const flood = await Promise.all(Array.from({ length: 12 }, (_, i) => attempt(t, `flood.${i}@riverside.example`, "x", "10.0.0.77")));
    const statuses = flood.map((r) => r.status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(8);
    const refused = flood.find((r) => r.status === 429)!;
    expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(await refused.text()).toContain("Too many sign-in attempts");
    const someoneElse = await attempt(t, DEMO.editor, DEMO_PASSWORD, "10.0.0.2");
    expect(someoneElse.status).toBe(302);
  }, SLOW);
});

describe("housekeeping", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t?.stop();
  });

  it("drops aged-out limiter entries and expired sessions", async () => {
    const throttle = t.server.services.signInThrottle;
    const rec = recordWaits(t);
    for (let i = 0; i < 12; i++) await attempt(t, `someone.${i}@riverside.example`, "wrong");
    rec.restore();
    expect(throttle.stats()).toMatchObject({ ips: 1, accounts: 12 });

    const live = await t.signIn(DEMO.viewer);
    const viewer = t.db.select().from(users).where(eq(users.email, DEMO.viewer)).get()!;
    t.db.insert(sessions).values({ id: hashToken("an-expired-session-token-0000"), userId: viewer.id, createdAt: 0, expiresAt: Date.now() - 1000 }).run();

    // Time travel: sixteen minutes on, every failure has aged out.
    const realNow = throttle.now;
    throttle.now = () => realNow() + 16 * 60_000;
    try {
      const { expiredSessions } = t.server.housekeeping.run();
      expect(expiredSessions).toBe(1);
    } finally {
      throttle.now = realNow;
    }
    expect(throttle.stats()).toMatchObject({ ips: 0, accounts: 0, waiting: 0 });
    expect(t.db.select().from(sessions).where(eq(sessions.id, hashToken("an-expired-session-token-0000"))).get()).toBeUndefined();
    expect((await fetch(`${t.baseUrl}/`, { headers: { Cookie: live }, redirect: "manual" })).status).toBe(200);
  }, SLOW);
});
