import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLoggedServer, type LoggedServer } from "../setup/accounts";
import { freePort, linkIn, sentTo, startMailSink, type MailSink } from "../setup/mail";
import { startOidcProvider, type TestOidcProvider } from "../setup/oidc";
import { axeViolations } from "./axe";
import { launchBrowser } from "./browser";

/*
 * Issue 17's story, as new users would live it: a fresh empty start, the set-up link from the log,
 * the first administrator creates the trust, invites a colleague by e-mail, the colleague follows
 * the mail's link and joins, the administrator removes them and their open page is told at once;
 * a password reset by e-mail; a sign-in with the trust's identity provider.
 */

const ADMIN = { name: "Grace Okoye", email: "grace.okoye@northfield.nhs.uk", password: "lantern orchard pebble" };
const COLLEAGUE = { name: "Sam Patel", email: "sam.patel@northfield.nhs.uk", password: "violet harbour kettle" };

describe("onboarding a real trust (issue 17)", () => {
  let mail: MailSink;
  let idp: TestOidcProvider;
  let s: LoggedServer;
  let browser: Browser;
  let workspaceUrl: string;

  beforeAll(async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    [mail, idp, browser] = await Promise.all([startMailSink(), startOidcProvider({ redirectUri: `${base}/auth/oidc/callback` }), launchBrowser()]);
    s = await startLoggedServer({ seed: "none", port, env: { SMTP_URL: mail.url, OIDC_ISSUER: idp.issuer, OIDC_CLIENT_ID: idp.clientId, OIDC_CLIENT_SECRET: idp.clientSecret } });
  });
  afterAll(async () => {
    await browser?.close();
    await s?.stop();
    await idp?.stop();
    await mail?.stop();
  });

  const newPage = async (): Promise<Page> => (await browser.newContext({ baseURL: s.baseUrl, locale: "en-GB", viewport: { width: 1300, height: 900 } })).newPage();

  it("sets up the first trust from the link in the log, invites a colleague by e-mail, and removing them tells their open page at once", async () => {
    const admin = await newPage();
    const setup = s.setupLink();
    expect(setup).toBeDefined();
    await admin.goto(setup!);
    expect(await axeViolations(admin)).toEqual([]);
    await admin.getByLabel("Trust name").fill("Northfield Community Health NHS Trust");
    await admin.getByLabel("ODS code").fill("RNF");
    await admin.getByLabel("No", { exact: true }).check();
    await admin.getByLabel("Full name").fill(ADMIN.name);
    await admin.getByLabel("E-mail address").fill(ADMIN.email);
    await admin.getByLabel("Password", { exact: true }).fill(ADMIN.password);
    await admin.getByLabel("Confirm password").fill(ADMIN.password);
    await admin.getByRole("button", { name: "Create trust and sign in" }).click();
    await admin.waitForURL(/\/w\/northfield-community-health/);
    workspaceUrl = new URL(admin.url()).pathname.replace(/\/$/, "");
    // The link worked once.
    const again = await (await newPage()).goto(setup!);
    expect(again?.status()).toBe(404);

    await admin.goto(`${workspaceUrl}/members`);
    await admin.getByLabel("Full name").fill(COLLEAGUE.name);
    await admin.getByLabel("Email address").fill(COLLEAGUE.email);
    await admin.getByLabel("Role", { exact: true }).selectOption("editor");
    await admin.getByRole("button", { name: "Invite", exact: true }).click();
    await expect.poll(() => admin.getByRole("status").textContent()).toContain(`Invitation e-mailed to ${COLLEAGUE.name}`);
    expect(await admin.getByTestId("invite-link").count()).toBe(0);
    await admin.screenshot({ path: "/tmp/acct/members.png", fullPage: true });
    expect(await axeViolations(admin)).toEqual([]);
    await admin.goto("/admin/trusts");
    await admin.getByRole("heading", { name: "Trusts on this Devolve" }).waitFor();
    expect(await axeViolations(admin)).toEqual([]);

    const invitation = await mail.waitFor(sentTo(COLLEAGUE.email));
    const colleague = await newPage();
    await colleague.goto(linkIn(invitation));
    await colleague.getByLabel("New password").fill(COLLEAGUE.password);
    await colleague.getByLabel("Confirm password").fill(COLLEAGUE.password);
    await colleague.getByRole("button", { name: "Set password and continue" }).click();
    await colleague.waitForURL(new RegExp(workspaceUrl));
    await colleague.goto(`${workspaceUrl}/structure`);
    await colleague.getByRole("treeitem", { name: /Trust Board/ }).first().waitFor();

    await admin.goto(`${workspaceUrl}/members`);
    await admin.getByText(`Change role for ${COLLEAGUE.name}`).click();
    admin.once("dialog", (d) => void d.accept());
    await admin.getByRole("button", { name: `Remove ${COLLEAGUE.name}` }).click();
    await expect.poll(() => admin.getByRole("status").textContent()).toContain(`${COLLEAGUE.name} has been removed`);
    // Their open page is told at once, without a reload.
    await colleague.getByText(/You no longer have access to this document|Your session has ended/).first().waitFor({ timeout: 5_000 });
    const reload = await colleague.goto(`${workspaceUrl}/structure`);
    expect(new URL(colleague.url()).pathname === "/sign-in" || reload?.status() === 404).toBe(true);
  });

  it("resets a forgotten password through the e-mailed link", async () => {
    const page = await newPage();
    await page.goto("/sign-in");
    await page.getByRole("link", { name: "Forgotten your password?" }).click();
    await page.getByLabel("E-mail address").fill(ADMIN.email);
    await page.getByRole("button", { name: "Send reset link" }).click();
    await page.getByText("If there is a Devolve account for that address").waitFor();
    expect(await axeViolations(page)).toEqual([]);
    const message = await mail.waitFor((m) => sentTo(ADMIN.email)(m) && m.subject === "Reset your Devolve password");
    await page.goto(linkIn(message));
    await page.getByLabel("New password", { exact: true }).fill("password12345");
    await page.getByLabel("Confirm new password").fill("password12345");
    await page.getByRole("button", { name: "Save password and sign in" }).click();
    await page.getByText("one of the most commonly used").first().waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel("New password", { exact: true }).fill("copper meadow lighthouse");
    await page.getByLabel("Confirm new password").fill("copper meadow lighthouse");
    await page.getByRole("button", { name: "Save password and sign in" }).click();
    await page.getByRole("heading", { name: "Your trusts" }).waitFor();
    await page.getByRole("link", { name: "Northfield Community Health NHS Trust" }).waitFor();
  });

  it("signs in with the trust's identity provider (OpenID Connect)", async () => {
    idp.accounts.set("grace", { email: ADMIN.email, email_verified: true, name: ADMIN.name });
    const page = await newPage();
    await page.goto("/sign-in");
    await page.getByRole("link", { name: "Sign in with NHSmail" }).click();
    await page.waitForURL((u) => u.href.startsWith(idp.issuer));
    await page.locator('input[name="login"]').fill("grace");
    await page.locator('input[name="password"]').fill("anything");
    await page.getByRole("button", { name: "Sign-in" }).click();
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByRole("heading", { name: "Your trusts" }).waitFor();
    expect(await page.getByTestId("signed-in-as").textContent()).toBe(ADMIN.name);
    const kinds = (s.db.$client.prepare("SELECT kind FROM audit_events").all() as { kind: string }[]).map((r) => r.kind);
    expect(kinds).toContain("auth.sso_sign_in");

    // An invited colleague can take up the invitation by signing in with NHSmail instead of the link.
    await page.goto(`${workspaceUrl}/members`);
    await page.getByLabel("Full name").fill("Kim Lee");
    await page.getByLabel("Email address").fill("kim.lee@northfield.nhs.uk");
    await page.getByRole("button", { name: "Invite", exact: true }).click();
    await expect.poll(() => page.getByRole("status").textContent()).toContain("Invitation e-mailed to Kim Lee");
    idp.accounts.set("kim", { email: "kim.lee@northfield.nhs.uk", email_verified: true, name: "Kim Lee" });
    const kim = await newPage();
    await kim.goto(linkIn(await mail.waitFor(sentTo("kim.lee@northfield.nhs.uk"))));
    await kim.getByRole("link", { name: "Sign in with NHSmail" }).click();
    await kim.locator('input[name="login"]').fill("kim");
    await kim.locator('input[name="password"]').fill("anything");
    await kim.getByRole("button", { name: "Sign-in" }).click();
    await kim.getByRole("button", { name: "Continue" }).click();
    await kim.getByRole("link", { name: "Northfield Community Health NHS Trust" }).waitFor();
    expect(await kim.getByText("Your role: Viewer").count()).toBe(1);
  });
});
