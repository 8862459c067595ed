import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { createDb } from "../../db/client";
import { appendUpdate, loadDocFromDb } from "../../server/collab/persistence";
import { docName, type StructureRef } from "../../shared/collab/registry";
import { readStructure, structureUnits } from "../../shared/collab/structure-doc";
import { DEMO, DEMO_WORKSPACE, startTestServer, type TestServer } from "../setup/server";
import { launchBrowser, signedInPage } from "./browser";

const STRUCTURE: StructureRef = { kind: "structure" };
// Pictures for a person to look at (the callouts' wording and layout); nothing compares them.
const SCREENSHOT = "/tmp/devolve-structure-repair-callout.png";
const SCREENSHOT_REPAIRED = "/tmp/devolve-structure-repaired.png";
const SCREENSHOT_REFUSED = "/tmp/devolve-structure-change-refused.png";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function openStructure(server: TestServer, email: string): Promise<Page> {
  const { page } = await signedInPage(browser, server.baseUrl, email);
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  (page as Page & { errors?: string[] }).errors = errors;
  await page.goto(`/w/${DEMO_WORKSPACE}/structure`);
  await page.getByTestId("connection-status").getByText("all changes saved").waitFor();
  await page.getByTestId("outline-BOARD").waitFor();
  return page;
}
const pageErrors = (page: Page) => (page as Page & { errors?: string[] }).errors ?? [];
const topLevelItems = (page: Page) => page.locator('[role="treeitem"][aria-level="1"]');

describe("a structure whose saved log already holds cycles", () => {
  let dir: string;
  let server: TestServer;
  let unitCount = 0;

  beforeAll(async () => {
    // Seed the demo trust, stop, then log what a stock client could write before the server checked
    // updates: Medicine under its own Cardiology (a division under its service line) and General
    // surgery under its own Colorectal surgery (a service line under its sub-service line, with no
    // division anywhere in the loop, which is what made the division lookup spin).
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "devolve-cycle-"));
    const dbPath = path.join(dir, "devolve.sqlite");
    await (await startTestServer({ seed: "demo", dbPath })).stop();
    const db = createDb(dbPath);
    const doc = loadDocFromDb(db, DEMO_WORKSPACE, docName(STRUCTURE));
    const byCode = new Map(readStructure(doc).units.map((u) => [u.code, u]));
    unitCount = byCode.size;
    const updates: Uint8Array[] = [];
    doc.on("update", (u: Uint8Array) => updates.push(u));
    // Written past the accessors on purpose: moveUnit refuses exactly this.
    doc.transact(() => {
      structureUnits(doc).get(byCode.get("MED")!.id)!.set("parentId", byCode.get("CARD")!.id);
      structureUnits(doc).get(byCode.get("GSUR")!.id)!.set("parentId", byCode.get("GSUR-COL")!.id);
    });
    appendUpdate(db, DEMO_WORKSPACE, docName(STRUCTURE), Y.mergeUpdates(updates), null);
    db.$client.close();
    server = await startTestServer({ seed: "demo", dbPath });
  });
  afterAll(async () => {
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("loads the structure, autonomy and service-line pages, and tells a viewer to ask for a repair", async () => {
    expect((await server.server.services.collab.problems(DEMO_WORKSPACE, STRUCTURE)).length).toBeGreaterThan(0);
    const page = await openStructure(server, DEMO.viewer);
    const callout = page.getByTestId("structure-problems");
    await callout.waitFor();
    expect(await callout.textContent()).toContain("Medicine sits under itself");
    expect(await callout.textContent()).toContain("General surgery sits under itself");
    expect(await callout.getByText("Ask an administrator to repair it.").isVisible()).toBe(true);
    expect(await page.getByRole("button", { name: "Repair the structure" }).count()).toBe(0);

    // Every unit is still listed (the cut-off ones as tops of their own) and selecting one inside a
    // cycle, which expands its ancestors, does not hang the page.
    expect(await page.getByRole("treeitem").count()).toBe(unitCount);
    // The chart draws the units in a cycle too (checked before selecting one centres the chart on it:
    // the chart renders only what is in view).
    await page.getByTestId("unit-node-MED").waitFor();
    await page.getByTestId("outline-CARD").click();
    await page.getByTestId("unit-panel").getByText("Cardiology", { exact: false }).first().waitFor();

    for (const [url, text] of [
      [`/w/${DEMO_WORKSPACE}/autonomy`, "General surgery"],
      [`/w/${DEMO_WORKSPACE}/lines/${"card"}`, "Cardiology"],
      [`/w/${DEMO_WORKSPACE}/lines/${"gsur"}`, "General surgery"],
    ] as const) {
      const res = await page.goto(url, { timeout: 15_000 });
      expect(res?.status(), url).toBe(200);
      await page.getByRole("heading", { level: 1 }).waitFor();
      expect(await page.locator("main").textContent()).toContain(text);
    }
    expect(pageErrors(page)).toEqual([]);
    await page.context().close();
  });

  it("lets an editor repair it: the warning goes and the outline is one tree, live for others too", async () => {
    const viewer = await openStructure(server, DEMO.viewer);
    const editor = await openStructure(server, DEMO.editor);
    const callout = editor.getByTestId("structure-problems");
    await callout.waitFor();
    await callout.scrollIntoViewIfNeeded();
    await editor.screenshot({ path: SCREENSHOT });
    expect(await topLevelItems(editor).count()).toBeGreaterThan(1);

    await editor.getByRole("button", { name: "Repair the structure" }).click();
    const result = editor.getByTestId("repair-result");
    await result.waitFor();
    expect(await result.textContent()).toContain("The structure has been repaired");
    expect(await result.locator("li").count()).toBeGreaterThan(0);
    await callout.waitFor({ state: "detached" });
    await editor.screenshot({ path: SCREENSHOT_REPAIRED });
    expect(await server.server.services.collab.problems(DEMO_WORKSPACE, STRUCTURE)).toEqual([]);

    // One tree under the trust board, every unit in it, in the editor's outline and, live, the viewer's.
    for (const page of [editor, viewer]) {
      await expect.poll(() => topLevelItems(page).count()).toBe(1);
      expect(await topLevelItems(page).getAttribute("data-testid")).toBe("outline-BOARD");
      expect(await page.getByRole("treeitem").count()).toBe(unitCount);
      expect(await page.getByTestId("outline-MED").getAttribute("aria-level")).toBe("2");
    }
    // The viewer still sees the warning until they load the page again; then it is gone.
    await viewer.reload();
    await viewer.getByTestId("outline-BOARD").waitFor();
    expect(await viewer.getByTestId("structure-problems").count()).toBe(0);
    expect([...pageErrors(editor), ...pageErrors(viewer)]).toEqual([]);
    await editor.context().close();
    await viewer.context().close();
  });
});

describe("a change the server refuses", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.stop();
  });
  const liveUnits = async () => (await server.server.services.collab.read(DEMO_WORKSPACE, STRUCTURE)).units;

  it("is reported in the header and the screen reloads the document as the server holds it", async () => {
    const a = await openStructure(server, DEMO.editor);
    const b = await openStructure(server, DEMO.executive);

    // B loses the network (frames are held, the socket stays open) and links Finance to Urology.
    // (A unit added under Urology meanwhile would be kept as an orphan to place: decision record 045.)
    await b.context().setOffline(true);
    await b.getByTestId("outline-FIN").click();
    const panel = b.getByTestId("unit-panel");
    await panel.getByLabel("Unit supported").selectOption({ label: "Urology" });
    await panel.getByLabel("Service level provided").fill("Stone clinic business cases");
    await panel.getByRole("button", { name: "Add support link" }).click();
    await b.getByTestId("connection-status").getByText("not yet saved").waitFor();

    // Meanwhile A deletes Urology, which had nothing below it as far as A (and the server) knew.
    await a.getByTestId("outline-UROL").click();
    await a.getByRole("button", { name: "Delete unit" }).click();
    await a.getByRole("button", { name: "Delete Urology" }).click();
    await expect.poll(async () => (await liveUnits()).some((u) => u.code === "UROL")).toBe(false);

    // B comes back: its link would join a unit that no longer exists, so the server refuses it
    // (4422). B's screen says so and shows the structure as saved, without Urology or the link.
    await b.context().setOffline(false);
    const notice = b.getByTestId("collab-notice");
    await notice.waitFor();
    const text = (await notice.textContent()) ?? "";
    expect(text).toContain("Your last change was not saved: A support link joins two units that exist.");
    expect(text).toContain("The document has been reloaded as saved.");
    expect(text).not.toContain("Change refused");
    await b.screenshot({ path: SCREENSHOT_REFUSED });
    await b.getByTestId("connection-status").getByText("all changes saved").waitFor();
    await b.getByTestId("outline-BOARD").waitFor();
    expect(await b.getByTestId("outline-UROL").count()).toBe(0);
    expect(await b.getByRole("treeitem").count()).toBe(await a.getByRole("treeitem").count());
    const links = (await server.server.services.collab.read(DEMO_WORKSPACE, STRUCTURE)).links;
    expect(links.some((l) => l.description === "Stone clinic business cases")).toBe(false);
    expect(await b.getByTestId("unit-panel").getByText("Stone clinic business cases").count()).toBe(0);
    // Both still see each other.
    await expect.poll(() => a.getByTestId("presence-person").count()).toBe(2);

    // The notice is dismissed from the keyboard; focus lands on the heading, not on nothing.
    await notice.getByRole("button", { name: "Dismiss this message" }).focus();
    await b.keyboard.press("Enter");
    await notice.waitFor({ state: "detached" });
    expect(await b.evaluate(() => document.activeElement?.tagName)).toBe("H1");

    // B keeps editing on the reloaded document, and A sees it.
    const ent = b.getByTestId("outline-ENT");
    await ent.click();
    await ent.press("Enter");
    const input = b.getByLabel("New name for Ear, nose and throat");
    await input.fill("ENT surgery");
    await input.press("Enter");
    await a.getByRole("treeitem").filter({ hasText: "ENT surgery" }).waitFor();
    await b.getByTestId("connection-status").getByText("all changes saved").waitFor();
    expect([...pageErrors(a), ...pageErrors(b)]).toEqual([]);
    await a.context().close();
    await b.context().close();
  });
});
