import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../server/auth/password";
import { createUser } from "../../server/repositories/users";
import { addMembership, createWorkspace } from "../../server/repositories/workspaces";
import { get, pageText, postForm } from "../setup/http";
import { DEMO, DEMO_PASSWORD, DEMO_WORKSPACE, startTestServer, type TestServer } from "../setup/server";
import { timed } from "./raw";

// Finding 4: the smaller ones.

let t: TestServer;
let admin: string;
beforeAll(async () => {
  t = await startTestServer();
  admin = await t.signIn(DEMO.admin);
  createWorkspace(t.db, "northgate", "Northgate Community Health NHS Trust");
  const someone = createUser(t.db, { email: "lead@northgate.example", name: "N Lead", passwordHash: await hashPassword("northgate-password-1") });
  addMembership(t.db, { workspaceId: "northgate", userId: someone.id, role: "admin" });
});
afterAll(async () => {
  await t?.stop();
});

describe("another trust's pages", () => {
  it("answer a non-member exactly as a trust that does not exist, without its name", async () => {
    for (const path of ["", "/structure", "/members", "/structure/export?format=csv", "/delegation/export"]) {
      const other = await get(t.baseUrl, `/w/northgate${path}`, admin);
      const missing = await get(t.baseUrl, `/w/no-such-trust${path}`, admin);
      expect(other.status, path).toBe(404);
      expect(missing.status, path).toBe(404);
      const [a, b] = [await other.text(), await missing.text()];
      expect(a).not.toMatch(/Northgate/i);
      expect(pageText(a).replace(/nonce-?[^"' ]*/g, "")).toBe(pageText(b).replace(/nonce-?[^"' ]*/g, ""));
    }
    const data = await get(t.baseUrl, "/w/northgate/structure.data", admin);
    expect(data.status).toBe(404);
    expect(await data.text()).not.toMatch(/Northgate/i);
  });
});

describe("security headers", () => {
  it("sends a nonce-based Content-Security-Policy that every inline script on the page carries", async () => {
    const res = await get(t.baseUrl, `/w/${DEMO_WORKSPACE}/structure`, admin);
    expect(res.status).toBe(200);
    const csp = res.headers.get("content-security-policy")!;
    const nonce = /script-src 'self' 'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    for (const directive of ["default-src 'self'", "connect-src 'self' ws: wss:", "img-src 'self' data: blob:", "style-src 'self' 'unsafe-inline'", "frame-ancestors 'none'", "base-uri 'self'", "form-action 'self'", "object-src 'none'"]) {
      expect(csp).toContain(directive);
    }
    const html = await res.text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>/g)];
    expect(scripts.length).toBeGreaterThan(1);
    for (const [, attrs] of scripts) {
      if (/\bsrc=/.test(attrs!)) continue;
      expect(attrs).toContain(`nonce="${nonce}"`);
    }
    // A fresh nonce every response.
    const again = (await get(t.baseUrl, "/sign-in")).headers.get("content-security-policy")!;
    expect(again).not.toContain(nonce);
  });

  it("sends HSTS only over TLS through a trusted proxy, never on a client's say-so", async () => {
    const plain = await get(t.baseUrl, "/sign-in");
    expect(plain.headers.get("strict-transport-security")).toBeNull();
    const spoofed = await fetch(`${t.baseUrl}/sign-in`, { headers: { "X-Forwarded-Proto": "https" } });
    expect(spoofed.headers.get("strict-transport-security")).toBeNull();
    const proxied = await startTestServer({ env: { TRUST_PROXY_HOPS: "1" } });
    try {
      const res = await fetch(`${proxied.baseUrl}/sign-in`, { headers: { "X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.1" } });
      expect(res.headers.get("strict-transport-security")).toMatch(/max-age=\d{7,}/);
      // ...and the session cookie is Secure there.
      const signIn = await fetch(`${proxied.baseUrl}/sign-in`, {
        method: "POST",
        redirect: "manual",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: proxied.baseUrl.replace("http:", "https:"), "X-Forwarded-Proto": "https" },
        body: new URLSearchParams({ email: DEMO.viewer, password: DEMO_PASSWORD }),
      });
      expect(signIn.status).toBe(302);
      expect(signIn.headers.get("set-cookie")).toMatch(/Secure/);
    } finally {
      await proxied.stop();
    }
  });

  it("marks every signed-in response no-store, except the hashed assets", async () => {
    const page = await get(t.baseUrl, `/w/${DEMO_WORKSPACE}/delegation`, admin);
    expect(page.headers.get("cache-control")).toBe("no-store");
    const html = await page.text();
    const data = await get(t.baseUrl, `/w/${DEMO_WORKSPACE}/delegation.data`, admin);
    expect(data.headers.get("cache-control")).toBe("no-store");
    const file = await get(t.baseUrl, `/w/${DEMO_WORKSPACE}/structure/export?format=csv`, admin);
    expect(file.status).toBe(200);
    expect(file.headers.get("cache-control")).toBe("no-store");
    const asset = /\/assets\/[\w.-]+\.js/.exec(html)![0];
    const cached = await get(t.baseUrl, asset, admin);
    expect(cached.status).toBe(200);
    expect(cached.headers.get("cache-control")).toMatch(/immutable/);
  });
});

describe("signed-out requests for data and files", () => {
  it("get 401, not a redirect to a sign-in page they cannot show", async () => {
    for (const path of ["/structure/export?format=csv", "/delegation/export?format=xlsx", "/autonomy/export", "/structure.data", "/delegation.data", ".data"]) {
      const res = await get(t.baseUrl, `/w/${DEMO_WORKSPACE}${path}`);
      expect(res.status, path).toBe(401);
      expect(res.headers.get("location"), path).toBeNull();
    }
    const json = await fetch(`${t.baseUrl}/w/${DEMO_WORKSPACE}/delegation/import`, { method: "POST", headers: { Accept: "application/json", Origin: t.baseUrl } });
    expect(json.status).toBe(401);
    expect(json.headers.get("content-type")).not.toMatch(/json/);
  });

  it("while a browser navigating to a page still goes to the sign-in page", async () => {
    const res = await fetch(`${t.baseUrl}/w/${DEMO_WORKSPACE}/structure`, { redirect: "manual", headers: { Accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8" } });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/sign-in?redirectTo=%2Fw%2Friverside%2Fstructure");
  });
});

describe("a database locked by another connection", () => {
  it("answers 503 'try again' promptly instead of holding the event loop for seconds", async () => {
    const other = new Database(t.dbPath);
    other.pragma("busy_timeout = 0");
    other.exec("BEGIN IMMEDIATE");
    try {
      // Signing in writes a session, so it needs the write lock the other connection holds.
      const signingIn = timed(() => postForm(t.baseUrl, "/sign-in", { email: DEMO.editor, password: DEMO_PASSWORD }));
      const reading = await timed(() => get(t.baseUrl, "/healthz"));
      const { value: res, ms } = await signingIn;
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toBe("1");
      expect(pageText(await res.text())).toMatch(/try again/i);
      expect(ms).toBeLessThan(1500);
      expect(reading.ms).toBeLessThan(1000);
      // Reads still work meanwhile (WAL).
      expect((await get(t.baseUrl, `/w/${DEMO_WORKSPACE}`, admin)).status).toBe(200);
    } finally {
      other.exec("ROLLBACK");
      other.close();
    }
    expect((await postForm(t.baseUrl, "/sign-in", { email: DEMO.editor, password: DEMO_PASSWORD })).status).toBe(302);
  });
});
