import { describe, expect, it } from "vitest";
import { DEMO } from "../setup/server";
import { appInBrowser } from "./app";

const app = appInBrowser();

describe("a new user in the browser", () => {
  it("signs in as the demo executive, opens the demo trust and sees its divisions", async () => {
    const { context, page } = await app.signIn(DEMO.executive);
    // Sign-in redirects; the home page may still be loading when signedInPage returns.
    await page.getByRole("heading", { name: "Your trusts" }).waitFor();
    await page.getByRole("link", { name: "Riverside University Hospitals NHS Foundation Trust" }).click();
    await page.waitForURL("**/w/riverside");
    await page.getByRole("heading", { name: "Divisions and service lines" }).waitFor();
    for (const division of ["Medicine", "Surgery", "Women and Children"]) {
      expect(await page.getByRole("heading", { name: division, exact: true }).isVisible()).toBe(true);
    }
    expect(await page.getByText("Your role:").textContent()).toContain("Executive");
    await context.close();
  });

  it("shows errors in a summary linked to the fields, and signs out", async () => {
    const context = await app.browser.newContext({ baseURL: app.server.baseUrl });
    const page = await context.newPage();
    await page.goto("/sign-in");
    await page.getByRole("button", { name: "Sign in" }).click();
    const summary = page.getByRole("alert");
    await summary.waitFor();
    expect(await summary.textContent()).toContain("Enter your email address");
    await summary.getByRole("link", { name: "Enter your email address" }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("email");

    await page.getByLabel("Email address").fill(DEMO.viewer);
    await page.getByLabel("Password").fill("Devolve-demo-2027");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Your trusts" }).waitFor();
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL("**/sign-in");
    await page.goto("/w/riverside");
    expect(new URL(page.url()).pathname).toBe("/sign-in");
    await context.close();
  });
});
