import type { Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { startTestServer, type TestServer } from "../setup/server";
import { launchBrowser, signedInPage } from "./browser";

/**
 * Starts the real app and Chromium once for a test file (stopping both after it) and returns
 * accessors for them: `signIn(email)` opens a fresh signed-in context.
 */
export function appInBrowser() {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  return {
    get server() {
      return server!;
    },
    get browser() {
      return browser!;
    },
    signIn: (email: string, password?: string) => signedInPage(browser!, server!.baseUrl, email, password),
  };
}
