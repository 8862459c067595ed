import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { PERFORMANCE_COLUMNS, performanceToRows } from "../../shared/autonomy";
import { writeCsv } from "../../server/imports/spreadsheet";
import { DEMO, DEMO_WORKSPACE } from "../setup/server";
import { appInBrowser } from "./app";

// Issue 16, "Keyboard, focus and screen readers": one test per item (axe-core runs on every screen in accessibility.test.ts).
const app = appInBrowser();
const W = `/w/${DEMO_WORKSPACE}`;

async function openStructure(page: Page) {
  await page.goto(`${W}/structure`);
  await page.getByTestId("connection-status").filter({ hasText: "Connected" }).waitFor();
  await page.getByTestId("outline-CARD").waitFor();
}

const activeTestId = (page: Page) => page.evaluate(() => document.activeElement?.closest("[data-testid]")?.getAttribute("data-testid") ?? null);

/** True when the element's box lies inside the box of `within` (both as on screen now). */
async function inside(page: Page, selector: string, within: string): Promise<boolean> {
  return page.evaluate(
    ([s, w]) => {
      const a = document.querySelector(s)?.getBoundingClientRect();
      const b = document.querySelector(w)?.getBoundingClientRect();
      return !!a && !!b && a.width > 0 && a.left >= b.left - 1 && a.right <= b.right + 1 && a.top >= b.top - 1 && a.bottom <= b.bottom + 1;
    },
    [selector, within] as const,
  );
}

describe("workshop-grade editing: keyboard, focus and screen readers", () => {
  it("the chart is one tab stop with arrow-key movement; nodes and edges are not tab stops; the panel is a few presses away", async () => {
    const { page, context } = await app.signIn(DEMO.editor);
    await openStructure(page);
    const stops = await page.evaluate(() => document.querySelectorAll(".react-flow__node[tabindex]:not([tabindex='-1']), .react-flow__edge[tabindex]:not([tabindex='-1'])").length);
    expect(stops).toBe(0);
    // From the outline, Tab reaches the chart, then the panel.
    await page.getByTestId("outline-CARD").click();
    await page.getByTestId("unit-panel").waitFor();
    let presses = 0;
    let reachedChart = false;
    while (presses < 45) {
      await page.keyboard.press("Tab");
      presses++;
      const where = await activeTestId(page);
      if (where === "graph-canvas") reachedChart = true;
      if (where === "unit-panel") break;
    }
    expect(reachedChart).toBe(true);
    expect(presses).toBeLessThan(15);
    // Arrow keys on the chart walk the tree: Up goes to Cardiology's division.
    await page.getByTestId("graph-canvas").focus();
    await page.keyboard.press("ArrowUp");
    await page.getByTestId("unit-panel").getByRole("heading", { name: "Medicine" }).waitFor();
    await page.keyboard.press("ArrowDown");
    await page.getByTestId("unit-panel").getByRole("heading", { level: 2 }).filter({ hasNotText: "Medicine" }).waitFor();
    expect(await activeTestId(page)).toBe("graph-canvas");
    await context.close();
  });

  it("after Insert, focus is in the new unit's name field and the unit is in view in the outline and the chart; Delete goes to the confirmation; choosing in the outline pans the chart", async () => {
    const { page, context } = await app.signIn(DEMO.editor);
    await openStructure(page);
    // Choosing a unit far from the top in the outline brings it into the chart's view.
    const item = page.getByTestId("outline-PATH");
    await item.scrollIntoViewIfNeeded();
    await item.click();
    await expect.poll(() => inside(page, '[data-testid="unit-node-PATH"]', '[data-testid="graph-canvas"]'), { timeout: 5000 }).toBe(true);

    // Insert adds a unit below; focus lands in its name field; typing names it.
    await item.focus();
    await page.keyboard.press("Insert");
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value ?? ""), { timeout: 5000 }).toMatch(/^New /);
    // Fill the focused field rather than typing key by key: on a loaded machine keystrokes can race the
    // field's own select-all, which is not what this test is about.
    await page.locator(":focus").fill("Specialist haemostasis");
    await page.keyboard.press("Enter");
    const row = page.getByRole("treeitem").filter({ hasText: "Specialist haemostasis" });
    await row.waitFor();
    expect(await row.evaluate((el) => { const r = el.getBoundingClientRect(); const o = el.closest(".app-outline")!.getBoundingClientRect(); return r.top >= o.top && r.bottom <= o.bottom; })).toBe(true);
    await expect.poll(() => page.evaluate(() => { const n = [...document.querySelectorAll(".app-node")].find((e) => e.textContent?.includes("Specialist haemostasis")); const c = document.querySelector('[data-testid="graph-canvas"]'); if (!n || !c) return false; const a = n.getBoundingClientRect(); const b = c.getBoundingClientRect(); return a.left >= b.left && a.right <= b.right && a.top >= b.top && a.bottom <= b.bottom; }), { timeout: 5000 }).toBe(true);

    // Delete asks first, and focus goes to the question.
    // Focus the row itself (the keyboard route) and wait until it has focus: a click can land while the
    // outline re-renders after the rename, leaving focus on the page and Delete with nothing to act on.
    // Wait for the rename to be saved first: the server's echo re-renders the outline, and a row
    // focused just before it can lose focus to the re-render (seen once in a loaded CI run).
    await page.getByTestId("connection-status").getByText(/all changes saved/i).first().waitFor();
    // Focus must also stay on the row for a moment: the new unit's name field is focused once the
    // unit arrives, and a late arrival took focus back from the row (seen once in a full run).
    const rowHoldsFocus = async () => {
      await row.focus();
      if (!(await row.evaluate((el) => el === document.activeElement))) return false;
      await page.waitForTimeout(300);
      return row.evaluate((el) => el === document.activeElement);
    };
    await expect.poll(rowHoldsFocus, { timeout: 10_000 }).toBe(true);
    await page.keyboard.press("Delete");
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent ?? "")).toMatch(/Delete Specialist haemostasis\?/);
    await context.close();
  });

  it("an answer to Who decides? below the fold is scrolled to, focused and announced", async () => {
    const { page, context } = await app.signIn(DEMO.editor);
    await page.setViewportSize({ width: 1280, height: 640 });
    await page.goto(`${W}/ask`);
    await page.locator("select#line").selectOption("card");
    await page.locator("select#decision").selectOption("revenue-nonpay");
    await page.getByLabel("Amount").fill("75,000");
    await page.getByRole("button", { name: "Ask" }).click();
    await page.getByTestId("answer-headline").waitFor();
    await page.getByTestId("answer-announcement").getByText(/^Answer: Approve at:/).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("answer-heading");
    await expect.poll(() => page.evaluate(() => { const r = document.getElementById("answer-heading")!.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; })).toBe(true);
    await context.close();
  });

  it("an import check's result below the fold is scrolled to and announced", async () => {
    const { page, context } = await app.signIn(DEMO.editor);
    await page.setViewportSize({ width: 1280, height: 640 });
    await page.goto(`${W}/autonomy`);
    const csv = writeCsv([...PERFORMANCE_COLUMNS], performanceToRows({ CARD: [{ month: "2026-11", indicators: [], policy: { adherent: true } }] }));
    await page.getByLabel("Performance figures (CSV or Excel .xlsx, up to 5 MB)").setInputFiles({ name: "one-month.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await page.getByRole("button", { name: "Check file" }).click();
    const result = page.getByTestId("import-result");
    await result.waitFor();
    expect(await result.getAttribute("role")).toBe("status");
    await expect.poll(() => result.evaluate((el) => el === document.activeElement)).toBe(true);
    await expect.poll(() => result.evaluate((el) => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; })).toBe(true);
    await context.close();
  });

  it("read-only fields look read-only to a viewer", async () => {
    const { page, context } = await app.signIn(DEMO.viewer);
    await openStructure(page);
    await page.getByTestId("outline-CARD").click();
    const name = page.getByTestId("unit-panel").getByLabel("Name", { exact: true });
    expect(await name.getAttribute("readonly")).not.toBeNull();
    const look = await name.evaluate((el) => ({ bg: getComputedStyle(el).backgroundColor, border: getComputedStyle(el).borderTopStyle }));
    expect(look.bg).not.toBe("rgb(255, 255, 255)");
    expect(look.border).toBe("dashed");
    await context.close();
  });
});
