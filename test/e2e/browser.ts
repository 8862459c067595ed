import fs from "node:fs";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { DEMO_PASSWORD } from "../setup/server";

const EXECUTABLE = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

/** Launches Debian's Chromium headless; fails loudly (never skips) when it is missing. */
export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(EXECUTABLE)) {
    throw new Error(`Chromium is not installed at ${EXECUTABLE}. Install it with: apt-get install -y chromium (npm test does this when run as root).`);
  }
  return chromium.launch({
    executablePath: EXECUTABLE,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
      "--no-first-run",
    ],
  });
}

/** A fresh browser context (its own cookies), signed in through the real sign-in form. */
export async function signedInPage(browser: Browser, baseUrl: string, email: string, password = DEMO_PASSWORD): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1400, height: 900 }, locale: "en-GB" });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
  return { context, page };
}
