import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { DEMO_USERS } from "../../db/seed/demo-structure";
import { demoDraftScheme, schemeColumns, schemeToRows } from "../../shared/delegation";
import { writeCsv } from "../../server/imports/spreadsheet";
import { DEMO, DEMO_WORKSPACE } from "../setup/server";
import { appInBrowser } from "./app";

const app = appInBrowser();

const nameOf = (email: string) => DEMO_USERS.find((u) => u.email === email)!.name;
const cell = (page: Page, id: string) => page.locator(`[data-cell="${id}"]`);
const activeCell = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute("data-cell") ?? null);
const liveDivisionLimit = async () => (await app.server.server.services.collab.read(DEMO_WORKSPACE, { kind: "delegation" })).scheme.decisions.find((d) => d.id === "revenue-nonpay")!.cells.division!.limit;

async function openScheme(page: Page) {
  await page.goto(`/w/${DEMO_WORKSPACE}/delegation`);
  await page.getByTestId("connection-status").getByText("all changes saved").waitFor();
  await cell(page, "revenue-nonpay:division").waitFor();
}

describe("co-editing the scheme of delegation", () => {
  it("shows each person's cell and new values live, refuses a negative amount, and undoes", async () => {
    const a = await app.signIn(DEMO.editor);
    const b = await app.signIn(DEMO.executive);
    const errors: string[] = [];
    for (const p of [a.page, b.page]) p.on("pageerror", (e) => errors.push(String(e)));
    await Promise.all([openScheme(a.page), openScheme(b.page)]);

    // A selects a cell: B sees A's name on it; A opens it for editing: B sees "(editing)".
    await cell(a.page, "revenue-nonpay:division").click();
    await cell(b.page, "revenue-nonpay:division").getByText(nameOf(DEMO.editor)).waitFor();
    await cell(a.page, "revenue-nonpay:division").press("Enter");
    await cell(b.page, "revenue-nonpay:division").getByText(`${nameOf(DEMO.editor)} (editing)`).waitFor();

    // A negative amount is refused in plain English and nothing is written.
    const limit = a.page.getByLabel("Limit (£)");
    await limit.fill("-5,000");
    await limit.press("Enter");
    await a.page.getByText("The limit cannot be negative").waitFor();
    expect(await liveDivisionLimit()).toBe(100_000);

    // A lower level above the level above is refused unless it is an exception.
    await limit.fill("£1,200,000");
    await limit.press("Enter");
    await a.page.getByText(/is above the Chief Executive \/ executive director limit/).first().waitFor();
    expect(await liveDivisionLimit()).toBe(100_000);

    // A valid amount reaches B live, shown as pounds with separators.
    await limit.fill("90k");
    await limit.press("Enter");
    await cell(b.page, "revenue-nonpay:division").getByText("£90,000").waitFor();
    expect(await liveDivisionLimit()).toBe(90_000);
    expect(await activeCell(a.page)).toBe("revenue-nonpay:division");

    // Arrow keys move like a spreadsheet; Escape cancels an edit without writing.
    await a.page.keyboard.press("ArrowRight");
    expect(await activeCell(a.page)).toBe("revenue-nonpay:service-line");
    await a.page.keyboard.press("ArrowLeft");
    await a.page.keyboard.press("F2");
    await a.page.getByLabel("Limit (£)").fill("1");
    await a.page.keyboard.press("Escape");
    expect(await activeCell(a.page)).toBe("revenue-nonpay:division");
    expect(await liveDivisionLimit()).toBe(90_000);

    // Undo reverses A's own change, for everyone.
    await a.page.keyboard.press("Control+z");
    await cell(b.page, "revenue-nonpay:division").getByText("£100,000").waitFor();
    expect(await liveDivisionLimit()).toBe(100_000);

    expect(errors).toEqual([]);
    await a.context.close();
    await b.context.close();
  });

  it("imports a CSV: shows bad rows and changes nothing, then applies a good file as one undoable edit", async () => {
    const a = await app.signIn(DEMO.editor);
    const b = await app.signIn(DEMO.admin);
    await Promise.all([openScheme(a.page), openScheme(b.page)]);
    // The live document is the seeded v4.0 with the v5.0 draft's changes.
    const scheme = demoDraftScheme();
    const headers = schemeColumns(scheme.levels);
    const rows = schemeToRows({ ...scheme, decisions: scheme.decisions.slice(0, 2) });
    rows.push({ ...rows[0]!, ID: "printing", Decision: "Order printing and stationery" });
    const bad = rows.map((r) => ({ ...r }));
    bad[1]!.Division = "-£50";

    await a.page.getByText("Import a scheme from Excel or CSV").click();
    const upload = a.page.getByLabel("Upload a CSV or Excel file");
    await upload.setInputFiles({ name: "bad.csv", mimeType: "text/csv", buffer: Buffer.from(writeCsv(headers, bad)) });
    await a.page.getByRole("button", { name: "Check file" }).click();
    await a.page.getByText("Row 3, Division: The amount cannot be negative").waitFor();
    expect(await a.page.getByRole("button", { name: "Apply import" }).count()).toBe(0);
    expect(await cell(b.page, "printing:division").count()).toBe(0);

    await upload.setInputFiles({ name: "good.csv", mimeType: "text/csv", buffer: Buffer.from(writeCsv(headers, rows)) });
    await a.page.getByRole("button", { name: "Check file" }).click();
    await a.page.getByText("good.csv: 1 decision to add, 2 unchanged").waitFor();
    await a.page.getByRole("button", { name: "Apply import" }).click();
    await cell(b.page, "printing:division").waitFor();
    await a.page.getByRole("button", { name: "Undo" }).click();
    await cell(b.page, "printing:division").waitFor({ state: "detached" });
    await a.context.close();
    await b.context.close();
  });

  it("filters by area, level and text", async () => {
    const { context, page } = await app.signIn(DEMO.viewer);
    await openScheme(page);
    await page.getByLabel("Area", { exact: true }).first().selectOption({ label: "HR" });
    expect(await cell(page, "revenue-nonpay:division").count()).toBe(0);
    expect(await cell(page, "recruit-funded:division").count()).toBe(1);
    await page.getByLabel("Area", { exact: true }).first().selectOption({ label: "All areas" });
    await page.getByLabel("Level", { exact: true }).selectOption({ label: "Division" });
    expect(await page.locator('[role="grid"] thead th').allTextContents()).toEqual(["Decision", "Division"]);
    await page.getByLabel("Level", { exact: true }).selectOption({ label: "All levels" });
    await page.getByLabel("Search decisions").fill("common seal");
    expect(await page.locator("tr[data-decision]").count()).toBe(1);
    await context.close();
  });

  it("shows a viewer the scheme read-only, with no edit controls", async () => {
    const { context, page } = await app.signIn(DEMO.viewer);
    await openScheme(page);
    await page.getByText("Read only").waitFor();
    expect(await page.getByRole("button", { name: "Add a decision" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Undo" }).count()).toBe(0);
    expect(await page.getByText("Import a scheme from Excel or CSV").count()).toBe(0);
    await cell(page, "revenue-nonpay:division").click();
    await page.keyboard.press("Enter");
    await cell(page, "revenue-nonpay:division").dblclick();
    expect(await page.getByRole("dialog").count()).toBe(0);
    expect(await page.getByRole("button", { name: "Remove this decision" }).count()).toBe(0);
    expect(await page.getByLabel("Title").getAttribute("readonly")).not.toBeNull();
    await context.close();
  });
});
