import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { DEMO, DEMO_WORKSPACE } from "../setup/server";
import { appInBrowser } from "./app";

// Issue 16, "Readable at a glance": one test per item.
const app = appInBrowser();
const W = `/w/${DEMO_WORKSPACE}`;

async function openStructure(page: Page) {
  await page.goto(`${W}/structure`);
  await page.getByTestId("connection-status").filter({ hasText: "Connected" }).waitFor();
  await page.getByTestId("outline-CARD").waitFor();
}

const zoomOf = (page: Page) => page.evaluate(() => Number(/scale\(([\d.]+)\)/.exec(document.querySelector<HTMLElement>(".react-flow__viewport")!.style.transform)?.[1] ?? "0"));
const overlaps = (a: { x: number; y: number; width: number; height: number }, b: { x: number; y: number; width: number; height: number }) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe("workshop-grade editing: readable at a glance", () => {
  it("the org chart opens readable (names at least 10 px), with a Fit all; the overview and downloads never cover the chart; a drag's confirmation does not move the layout", async () => {
    const { page, context } = await app.signIn(DEMO.editor);
    await openStructure(page);
    await page.locator(".app-node__name", { hasText: "Trust Board" }).waitFor();
    await page.waitForTimeout(300);
    const px = await page.locator(".app-node__name", { hasText: "Trust Board" }).first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize) * el.getBoundingClientRect().height / (el as HTMLElement).offsetHeight);
    expect(px).toBeGreaterThanOrEqual(10);
    // The overview and the download buttons sit outside the chart's canvas.
    const canvas = (await page.getByTestId("graph-canvas").boundingBox())!;
    const minimap = (await page.locator(".react-flow__minimap").boundingBox())!;
    const download = (await page.getByRole("button", { name: "Download chart (PNG)" }).boundingBox())!;
    expect(overlaps(canvas, minimap)).toBe(false);
    expect(overlaps(canvas, download)).toBe(false);
    // Fit all shows the whole trust (smaller), Top of the tree brings the readable view back.
    const readable = await zoomOf(page);
    await page.getByRole("button", { name: "Fit all" }).click();
    await expect.poll(() => zoomOf(page)).toBeLessThan(readable);
    await page.getByRole("button", { name: "Top of the tree" }).click();
    await expect.poll(() => zoomOf(page)).toBeGreaterThanOrEqual(0.75);

    // Dragging Cardiology onto Surgery asks first; the question floats, so the chart does not move.
    const before = (await page.getByTestId("graph-canvas").boundingBox())!;
    const card = page.getByTestId("unit-node-CARD");
    const surg = page.getByTestId("unit-node-SURG");
    await page.getByRole("button", { name: "Fit all" }).click();
    await page.waitForTimeout(400);
    const from = (await card.boundingBox())!;
    const to = (await surg.boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 12 });
    await page.mouse.up();
    await page.getByTestId("move-confirm").waitFor();
    expect(await page.getByTestId("graph-canvas").boundingBox()).toEqual(before);
    await page.getByTestId("move-confirm").getByRole("button", { name: "Cancel" }).click();
    await context.close();
  });

  it("the printed scheme is A4 with page numbers and names its version and approval", async () => {
    const { page, context } = await app.signIn(DEMO.editor);
    await page.goto(`${W}/delegation/print`);
    await page.getByTestId("print-version").getByText(/approved|Approved|version/).first().waitFor();
    const rules = await page.evaluate(() => {
      const out: string[] = [];
      for (const sheet of Array.from(document.styleSheets)) {
        try {
          for (const r of Array.from(sheet.cssRules)) out.push(r.cssText);
        } catch {
          // A sheet from another origin cannot be read; the app's own are.
        }
      }
      return out.join("\n");
    });
    expect(rules).toMatch(/size:\s*a4/i);
    expect(rules).toMatch(/counter\(page\)/);
    const pdf = await page.pdf({ preferCSSPageSize: true });
    expect(pdf.byteLength).toBeGreaterThan(1000);
    await context.close();
  });

  it("a line's page puts its level and why first, then what it may decide", async () => {
    const { page, context } = await app.signIn(DEMO.editor);
    await page.goto(`${W}/lines/card`);
    const headings = await page.locator("main h2").allTextContents();
    const why = headings.findIndex((h) => h.startsWith("Why level"));
    const decide = headings.findIndex((h) => h.startsWith("What Cardiology may decide"));
    expect(why).toBeGreaterThanOrEqual(0);
    expect(decide).toBeGreaterThan(why);
    await context.close();
  });

  it("works at 390 px without sideways scrolling", async () => {
    const context = await app.browser.newContext({ baseURL: app.server.baseUrl, viewport: { width: 390, height: 844 }, locale: "en-GB" });
    const page = await context.newPage();
    await page.goto("/sign-in");
    await page.getByLabel("Email address").fill(DEMO.editor);
    await page.getByLabel("Password").fill("Devolve-demo-2027");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((u) => !u.pathname.startsWith("/sign-in"));
    const wide: string[] = [];
    for (const path of ["/", W, `${W}/structure`, `${W}/delegation`, `${W}/autonomy`, `${W}/autonomy?line=card&month=2026-11`, `${W}/ask?line=card&decision=revenue-nonpay&amount=75000`, `${W}/lines/card`, `${W}/lines/card/indicators/RTT18`, `${W}/indicators`, `${W}/report`, `${W}/versions`, `${W}/governance/board`, `${W}/members`, `${W}/delegation/print`]) {
      await page.goto(path);
      await page.waitForLoadState("networkidle").catch(() => {});
      const sw = await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth);
      if (!sw) wide.push(path);
    }
    expect(wide).toEqual([]);
    await context.close();
  });

  it("error pages keep their specific message, and a session that ended says so on the sign-in page", async () => {
    const { page, context } = await app.signIn(DEMO.editor);
    await page.goto(`${W}/lines/no-such-line`);
    await page.getByText("There is no service line with that address. It may have been removed from the structure.").waitFor();
    await page.goto(`/invite/not-a-real-token`);
    await page.getByText(/This invitation link is not valid/).waitFor();
    // The session ends (expired, or signed out elsewhere): the next page says so on the sign-in page.
    app.server.db.$client.prepare("DELETE FROM sessions").run();
    await page.goto(`${W}/structure`);
    await page.waitForURL(/\/sign-in/);
    await page.getByTestId("session-ended").getByText("Your session has ended, so you were signed out.").waitFor();
    await context.close();
  });
});
