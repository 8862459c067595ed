import http from "node:http";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeCode, openRaw, upgradeStatus } from "../collab/wire";
import { launchBrowser } from "../e2e/browser";
import { post, sessionFrom, startLoggedServer, type LoggedServer } from "../setup/accounts";
import { freePort, linkIn, sentTo, startMailSink, type MailSink } from "../setup/mail";
import { startOidcProvider, type TestOidcProvider } from "../setup/oidc";

/* Attacks on issue 17's accounts, against the real server, a real SMTP sink and a real OIDC provider. */

const A = { name: "Grace Okoye", email: "grace.okoye@northfield.nhs.uk", password: "lantern orchard pebble" };

describe("accounts under attack (issue 17)", () => {
  let mail: MailSink;
  let idp: TestOidcProvider;
  let s: LoggedServer;
  let browser: Browser;
  let platformCookie: string;
  const ws = "northfield";

  const idOf = (email: string) => (s.db.$client.prepare("SELECT id FROM users WHERE email = ?").get(email) as { id: string }).id;

  /** Invites `email` to `workspace` as `role`, follows the mailed link and chooses a password; returns their cookie. */
  async function join(workspace: string, adminCookie: string, email: string, role: string, password = "violet harbour kettle"): Promise<string> {
    const before = mail.messages.length;
    await post(s.baseUrl, `/w/${workspace}/members`, { intent: "invite", name: email.split("@")[0]!, email, role }, adminCookie);
    const link = linkIn(await mail.waitFor((m) => sentTo(email)(m) && mail.messages.indexOf(m) >= before && (m.subject ?? "").startsWith("You are invited")));
    const res = await post(s.baseUrl, new URL(link).pathname, { intent: "choose-password", password, confirm: password });
    return sessionFrom(res);
  }

  beforeAll(async () => {
    const port = await freePort();
    [mail, idp, browser] = await Promise.all([startMailSink(), startOidcProvider({ redirectUri: `http://127.0.0.1:${port}/auth/oidc/callback` }), launchBrowser()]);
    s = await startLoggedServer({ seed: "none", port, env: { SMTP_URL: mail.url, OIDC_ISSUER: idp.issuer, OIDC_CLIENT_ID: idp.clientId, OIDC_CLIENT_SECRET: idp.clientSecret } });
  });
  afterAll(async () => {
    await browser?.close();
    await s?.stop();
    await idp?.stop();
    await mail?.stop();
  });

  it("a set-up link works once: racing and reusing it makes no second administrator", async () => {
    const path = new URL(s.setupLink()!).pathname;
    const fields = (email: string) => ({ trustName: "Northfield NHS Trust", odsCode: "RNF", foundationTrust: "no", financialYearStartMonth: "4", adminName: "Someone", adminEmail: email, password: A.password, confirm: A.password });
    const [first, second] = await Promise.all([post(s.baseUrl, path, { ...fields(A.email), adminName: A.name }), post(s.baseUrl, path, fields("intruder@example.com"))]);
    expect([first.status, second.status].sort()).toEqual([302, 404]);
    const winner = first.status === 302 ? first : second;
    platformCookie = sessionFrom(winner);
    expect((await post(s.baseUrl, path, fields("late@example.com"))).status).toBe(404);
    expect((await fetch(s.baseUrl + path)).status).toBe(404);
    expect(s.db.$client.prepare("SELECT count(*) n FROM users").get()).toEqual({ n: 1 });
    // Whoever won, the platform administrator is that person; make sure the rest of the suite signs in as them.
    const email = (s.db.$client.prepare("SELECT email FROM users").get() as { email: string }).email;
    if (email !== A.email) s.db.$client.prepare("UPDATE users SET email = ?, name = ? WHERE email = ?").run(A.email, A.name, email);
  });

  it("reset links are single use, expire, are replaced by newer ones, and never point at a forged Host", async () => {
    const ask = async () => {
      const before = mail.messages.length;
      // A raw request with a forged Host header: the mailed link must still be this site's PUBLIC_URL.
      await new Promise<void>((resolve, reject) => {
        const body = new URLSearchParams({ email: A.email }).toString();
        const req = http.request(`${s.baseUrl}/forgot-password`, { method: "POST", headers: { Host: "evil.example", Origin: "http://evil.example", "Content-Type": "application/x-www-form-urlencoded", "Content-Length": Buffer.byteLength(body) } }, (res) => {
          res.resume();
          res.on("end", () => resolve());
        });
        req.on("error", reject);
        req.end(body);
      });
      return linkIn(await mail.waitFor((m) => sentTo(A.email)(m) && m.subject === "Reset your Devolve password" && mail.messages.indexOf(m) >= before));
    };
    const older = await ask();
    const newer = await ask();
    expect(older.startsWith(`${s.baseUrl}/reset-password/`)).toBe(true);
    expect((await fetch(older)).status).toBe(404);
    const use = () => post(s.baseUrl, new URL(newer).pathname, { password: "copper meadow lighthouse", confirm: "copper meadow lighthouse" });
    const [u1, u2] = await Promise.all([use(), use()]);
    expect([u1.status, u2.status].sort()).toEqual([302, 404]);
    expect((await use()).status).toBe(404);
    // The platform administrator's earlier session ended with the reset.
    expect((await fetch(`${s.baseUrl}/w/${ws}`, { headers: { Cookie: platformCookie }, redirect: "manual" })).status).toBe(302);
    platformCookie = sessionFrom(u1.status === 302 ? u1 : u2);
    A.password = "copper meadow lighthouse";

    const expiring = await ask();
    s.db.$client.prepare("UPDATE password_resets SET expires_at = ? WHERE used_at IS NULL").run(Date.now() - 1);
    expect((await fetch(expiring)).status).toBe(404);
    expect((await post(s.baseUrl, new URL(expiring).pathname, { password: "another long phrase", confirm: "another long phrase" })).status).toBe(404);
    expect((await post(s.baseUrl, "/sign-in", { email: A.email, password: "another long phrase" })).status).toBe(200);
  });

  it("a removed member's cookie and open socket stop working at once", async () => {
    const cookie = await join(ws, platformCookie, "leaver@northfield.nhs.uk", "editor");
    const socket = await openRaw(`ws://127.0.0.1:${new URL(s.baseUrl).port}/collab/${ws}/structure`, cookie);
    const closed = closeCode(socket, 3_000);
    await post(s.baseUrl, `/w/${ws}/members`, { intent: "remove", userId: idOf("leaver@northfield.nhs.uk") }, platformCookie);
    expect([4401, 4403]).toContain(await closed);
    expect((await fetch(`${s.baseUrl}/w/${ws}`, { headers: { Cookie: cookie }, redirect: "manual" })).status).toBe(302);
    expect(await upgradeStatus(`ws://127.0.0.1:${new URL(s.baseUrl).port}/collab/${ws}/structure`, cookie)).toBe(401);
  });

  it("a trust's administrator cannot reach another trust or the platform's pages", async () => {
    await post(s.baseUrl, "/admin/trusts", { trustName: "Eastbrook Hospitals NHS Foundation Trust", odsCode: "REB", foundationTrust: "yes", financialYearStartMonth: "4", adminName: "Olu Adeyemi", adminEmail: "olu@eastbrook.nhs.uk" }, platformCookie);
    const link = linkIn(await mail.waitFor(sentTo("olu@eastbrook.nhs.uk")));
    const olu = sessionFrom(await post(s.baseUrl, new URL(link).pathname, { intent: "choose-password", password: "granite window sparrow", confirm: "granite window sparrow" }));
    expect((await fetch(`${s.baseUrl}/w/eastbrook-hospitals`, { headers: { Cookie: olu } })).status).toBe(200);
    expect((await fetch(`${s.baseUrl}/w/${ws}/members`, { headers: { Cookie: olu } })).status).toBe(404);
    const attack = await post(s.baseUrl, `/w/${ws}/members`, { intent: "remove", userId: idOf(A.email) }, olu);
    expect(attack.status).toBe(404);
    expect((await fetch(`${s.baseUrl}/admin/trusts`, { headers: { Cookie: olu } })).status).toBe(404);
    expect((await post(s.baseUrl, "/admin/trusts", { trustName: "Mine", odsCode: "RZZ", foundationTrust: "no", financialYearStartMonth: "4", adminName: "X", adminEmail: "x@y.nhs.uk" }, olu)).status).toBe(404);
    expect(s.db.$client.prepare("SELECT count(*) n FROM workspaces").get()).toEqual({ n: 2 });
    // A member of two trusts deactivated in one keeps the other, but loses the first's documents at once.
    const before = mail.messages.length;
    await post(s.baseUrl, `/w/${ws}/members`, { intent: "invite", name: "Olu Adeyemi", email: "olu@eastbrook.nhs.uk", role: "viewer" }, platformCookie);
    const second = linkIn(await mail.waitFor((m) => sentTo("olu@eastbrook.nhs.uk")(m) && mail.messages.indexOf(m) >= before));
    // An existing account's password cannot be chosen through another trust's link; Olu signs in and accepts.
    expect((await post(s.baseUrl, new URL(second).pathname, { intent: "choose-password", password: "someone else's choice", confirm: "someone else's choice" })).status).toBe(200);
    expect((await post(s.baseUrl, new URL(second).pathname, { intent: "join" }, olu)).status).toBe(302);
    const socket = await openRaw(`ws://127.0.0.1:${new URL(s.baseUrl).port}/collab/${ws}/structure`, olu);
    const closed = closeCode(socket, 3_000);
    await post(s.baseUrl, `/w/${ws}/members`, { intent: "deactivate", userId: idOf("olu@eastbrook.nhs.uk") }, platformCookie);
    expect(await closed).toBe(4403);
    expect((await fetch(`${s.baseUrl}/w/${ws}`, { headers: { Cookie: olu } })).status).toBe(404);
    expect((await fetch(`${s.baseUrl}/w/eastbrook-hospitals`, { headers: { Cookie: olu } })).status).toBe(200);
    expect(await upgradeStatus(`ws://127.0.0.1:${new URL(s.baseUrl).port}/collab/${ws}/structure`, olu)).toBe(404);
  });

  describe("single sign-on refusals", () => {
    const signInAt = async (login: string): Promise<Page> => {
      const page = await (await browser.newContext({ baseURL: s.baseUrl })).newPage();
      await page.goto("/sign-in");
      await page.getByRole("link", { name: "Sign in with NHSmail" }).click();
      await page.waitForURL((u) => u.href.startsWith(idp.issuer));
      await page.locator('input[name="login"]').fill(login);
      await page.locator('input[name="password"]').fill("anything");
      await page.getByRole("button", { name: "Sign-in" }).click();
      return page;
    };
    const refused = async (page: Page) => {
      await page.getByTestId("sso-refused").waitFor();
      const cookies = await page.context().cookies();
      expect(cookies.find((c) => c.name === "devolve_session")).toBeUndefined();
      return page.getByTestId("sso-refused").textContent();
    };

    beforeAll(() => {
      idp.accounts.set("grace", { email: A.email, email_verified: true, name: A.name });
      idp.accounts.set("unverified", { email: A.email, email_verified: false, name: A.name });
    });
    afterAll(() => {
      idp.misbehave = "none";
    });

    it("refuses an ID token altered after signing", async () => {
      idp.misbehave = "tamper-id-token";
      const page = await signInAt("grace");
      await page.getByRole("button", { name: "Continue" }).click();
      expect(await refused(page)).toContain("could not be checked");
      idp.misbehave = "none";
    });

    it("refuses an ID token with another nonce", async () => {
      idp.misbehave = "wrong-nonce";
      const page = await signInAt("grace");
      await page.getByRole("button", { name: "Continue" }).click();
      expect(await refused(page)).toContain("could not be checked");
      idp.misbehave = "none";
    });

    it("refuses a callback whose state was changed, and a callback replayed without the flow", async () => {
      idp.misbehave = "wrong-state";
      const page = await signInAt("grace");
      let replay = "";
      page.on("request", (r) => {
        if (r.url().includes("/auth/oidc/callback")) replay = r.url();
      });
      await page.getByRole("button", { name: "Continue" }).click();
      expect(await refused(page)).toContain("could not be checked");
      idp.misbehave = "none";
      // The same code and state again, from a browser without the flow's cookie.
      expect(replay).toContain("code=");
      const other = await (await browser.newContext()).newPage();
      await other.goto(replay);
      expect(await refused(other)).toContain("started in another browser");
    });

    it("refuses an unverified e-mail address, and signs in a verified one", async () => {
      const page = await signInAt("unverified");
      await page.getByRole("button", { name: "Continue" }).click();
      expect(await refused(page)).toContain("verified e-mail address");
      const ok = await signInAt("grace");
      await ok.getByRole("button", { name: "Continue" }).click();
      await ok.getByRole("heading", { name: "Your trusts" }).waitFor();
    });
  });
});
