import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { DEMO } from "../setup/server";
import { appInBrowser } from "./app";

const app = appInBrowser();

async function openStructure(email: string): Promise<Page> {
  const { page } = await app.signIn(email);
  await page.goto("/w/riverside/structure");
  await page.getByTestId("connection-status").filter({ hasText: "Connected" }).waitFor();
  // The chart opens at the top of the tree (issue 16); these tests look at the whole trust.
  await page.getByRole("button", { name: "Fit all" }).click();
  await page.getByTestId("unit-node-CARD").waitFor();
  return page;
}

describe("co-editing the structure", () => {
  it("shows one person's changes to the other live, and undoes only one's own", async () => {
    const a = await openStructure(DEMO.editor);
    const b = await openStructure(DEMO.executive);

    // Both see each other.
    await a.getByTestId("presence-person").nth(1).waitFor();
    expect(await a.getByTestId("presence-person").count()).toBe(2);

    // A adds a service line under Medicine and names it inline.
    await a.getByTestId("outline-MED").click();
    const panel = a.getByTestId("unit-panel");
    await panel.getByLabel("Add a unit under Medicine").selectOption("service_line");
    await panel.getByRole("button", { name: "Add", exact: true }).click();
    const rename = a.getByLabel("Unit name");
    await rename.waitFor();
    await rename.fill("Clinical haematology");
    await rename.press("Enter");

    // B sees it in the tree and in the graph (fitted again: the new unit moved the layout).
    await b.getByRole("treeitem").filter({ hasText: "Clinical haematology" }).waitFor();
    await b.getByRole("button", { name: "Fit all" }).click();
    await b.locator(".app-node__name", { hasText: "Clinical haematology" }).waitFor();
    // B sees that A has it selected.
    await b.locator(".app-node", { hasText: "Clinical haematology" }).locator(".app-node__watcher").waitFor();

    // B renames it from the outline with the keyboard; A sees the new name.
    const item = b.getByRole("treeitem").filter({ hasText: "Clinical haematology" });
    await item.click();
    await item.press("Enter");
    const input = b.getByLabel("New name for Clinical haematology");
    await input.fill("Haematology");
    await input.press("Enter");
    await a.locator(".app-node__name", { hasText: /^Haematology$/ }).waitFor();

    // A undoes their own changes until their addition is gone; B's other work is not touched.
    await a.locator("body").click({ position: { x: 5, y: 5 } });
    for (let i = 0; i < 3 && (await a.getByRole("treeitem").filter({ hasText: "Haematology" }).count()) > 0; i++) {
      await a.getByRole("button", { name: "Undo" }).click();
      await a.waitForTimeout(200);
    }
    await b.getByRole("treeitem").filter({ hasText: "Haematology" }).waitFor({ state: "detached" });
    expect(await b.getByTestId("outline-CARD").count()).toBe(1);
    await a.context().close();
    await b.context().close();
  });

  it("keeps the outline keyboard operable", async () => {
    const page = await openStructure(DEMO.editor);
    await page.getByTestId("outline-BOARD").click();
    await page.keyboard.press("ArrowDown");
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute("data-testid"));
    await expect.poll(focused).toBe("outline-MED");
    await page.keyboard.press("ArrowLeft"); // collapse Medicine
    expect(await page.getByTestId("outline-MED").getAttribute("aria-expanded")).toBe("false");
    await page.keyboard.press("ArrowRight");
    expect(await page.getByTestId("outline-MED").getAttribute("aria-expanded")).toBe("true");
    await page.keyboard.press("ArrowRight"); // to the first child
    await expect.poll(focused).toBe("outline-CARD");
    await page.keyboard.press("ArrowLeft"); // Cardiology is expanded: collapse it
    await page.keyboard.press("ArrowLeft"); // then to its parent
    await expect.poll(focused).toBe("outline-MED");
    await page.context().close();
  });

  it("gives a viewer the same structure without editing controls", async () => {
    const page = await openStructure(DEMO.viewer);
    expect(await page.getByText("Read only").isVisible()).toBe(true);
    expect(await page.getByRole("button", { name: "Add a division" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Undo" }).count()).toBe(0);
    await page.getByTestId("outline-CARD").click();
    await page.keyboard.press("Enter");
    expect(await page.getByLabel("New name for Cardiology").count()).toBe(0);
    expect(await page.getByTestId("unit-panel").getByLabel("Name", { exact: true }).getAttribute("readonly")).not.toBeNull();
    expect(await page.getByRole("button", { name: "Delete unit" }).count()).toBe(0);
    await page.context().close();
  });

  it("previews an import with a bad row, names the row and changes nothing", async () => {
    const page = await openStructure(DEMO.editor);
    const before = await page.getByRole("treeitem").count();
    await page.getByText("Import or export", { exact: true }).click();
    const csv = ["Code,Name,Kind,Parent code", "HAEM,Haematology,Service line,MED", "HAEM-LAB,Haematology lab,Point of delivery,NOPE"].join("\n");
    await page.getByLabel("Upload a CSV or Excel file").setInputFiles({ name: "structure.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await page.getByRole("button", { name: "Check file" }).click();
    const alert = page.getByRole("alert").filter({ hasText: "Row 3" });
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/NOPE/);
    expect(await page.getByRole("button", { name: "Apply import" }).isDisabled()).toBe(true);
    expect(await page.getByRole("treeitem").count()).toBe(before);
    expect(await page.getByRole("treeitem").filter({ hasText: "Haematology" }).count()).toBe(0);
    await page.context().close();
  });

  it("downloads the chart as PNG and SVG, and the structure as CSV", async () => {
    const page = await openStructure(DEMO.viewer);
    for (const [button, name] of [
      ["Download chart (PNG)", "structure-chart.png"],
      ["Download chart (SVG)", "structure-chart.svg"],
    ] as const) {
      const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: button }).click()]);
      expect(download.suggestedFilename()).toBe(name);
      const file = await download.path();
      expect((await import("node:fs")).statSync(file).size).toBeGreaterThan(5_000);
    }
    await page.getByText("Import or export", { exact: true }).click();
    const [csv] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download as CSV" }).click()]);
    expect(csv.suggestedFilename()).toMatch(/^riverside-structure-\d{4}-\d{2}-\d{2}\.csv$/);
    expect((await import("node:fs")).readFileSync(await csv.path(), "utf8")).toContain("Cardiology");
    await page.context().close();
  });
});
