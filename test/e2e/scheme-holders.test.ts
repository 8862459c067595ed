import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { DEMO, DEMO_WORKSPACE } from "../setup/server";
import { appInBrowser } from "./app";

const app = appInBrowser();
const cell = (page: Page, id: string) => page.locator(`[data-cell="${id}"]`);
const executiveCell = async () => (await app.server.server.services.collab.read(DEMO_WORKSPACE, { kind: "delegation" })).scheme.decisions.find((d) => d.id === "revenue-nonpay")!.cells.executive!;

describe("several holders at one level, as trusts write their schemes", () => {
  it("edits a level's holders and a joint approval, and prints them", async () => {
    const { page } = await app.signIn(DEMO.editor);
    await page.goto(`/w/${DEMO_WORKSPACE}/delegation`);
    await page.getByTestId("connection-status").getByText("all changes saved").waitFor();
    await cell(page, "revenue-nonpay:executive").click();
    await cell(page, "revenue-nonpay:executive").press("Enter");
    const editor = page.getByRole("dialog", { name: /Edit Authorise non-pay revenue expenditure at Chief Executive/ });
    await editor.waitFor();
    // The demo's executive level: executive directors £250,000, the Chief Executive £500,000, and both
    // the Chief Executive and the Director of Finance jointly £1,000,000.
    const before = await executiveCell();
    expect(before.holders?.map((h) => h.holder)).toEqual(expect.arrayContaining(["Executive director", "Chief Executive"]));
    const n = before.holders!.length;
    await editor.getByRole("button", { name: "Add a holder" }).click();
    await editor.getByRole("textbox", { name: `Holder ${n + 1}`, exact: true }).fill("Chief Operating Officer");
    await editor.getByLabel(`Holder ${n + 1} limit (£)`).fill("£300,000");
    await editor.getByLabel("Jointly with (optional)").nth(n).fill("Director of Finance");
    await editor.getByRole("button", { name: "Save" }).click();
    await expect.poll(async () => (await executiveCell()).holders?.find((h) => h.holder === "Chief Operating Officer")).toEqual({ holder: "Chief Operating Officer", limit: 300_000, jointWith: "Director of Finance" });

    // The printed draft shows every holder with its limit and the joint approval in words.
    await page.goto(`/w/${DEMO_WORKSPACE}/delegation/print?version=draft`);
    const printed = await page.locator("main").innerText();
    expect(printed).toContain("DRAFT, not approved");
    expect(printed).toContain("Chief Operating Officer jointly with the Director of Finance: £300,000");
    expect(printed).toContain("Chief Executive jointly with the Director of Finance: £1,000,000");
    // The version in force is unchanged by the draft edit.
    await page.goto(`/w/${DEMO_WORKSPACE}/delegation/print`);
    const inForce = await page.locator("main").innerText();
    expect(inForce).toContain("Scheme of delegation v4.0, in force from 1 April 2026");
    expect(inForce).not.toContain("Chief Operating Officer jointly");
  });
});
