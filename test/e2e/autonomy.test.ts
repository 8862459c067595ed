import { describe, expect, it } from "vitest";
import { PERFORMANCE_COLUMNS, demoObservation, performanceToRows } from "../../shared/autonomy";
import { writeCsv } from "../../server/imports/spreadsheet";
import { DEMO } from "../setup/server";
import { appInBrowser } from "./app";

const app = appInBrowser();

describe("earned autonomy in the browser", () => {
  it("imports a month in which Cardiology fails two criteria: badge, powers and the question box all follow", async () => {
    const { context, page } = await app.signIn(DEMO.executive);
    const pageErrors: string[] = [];
    page.on("pageerror", (e) => pageErrors.push(String(e)));

    // Before: Cardiology is at level 2 in the graph.
    await page.goto("/w/riverside/structure");
    const node = page.getByTestId("unit-node-CARD");
    await node.waitFor();
    expect(await node.textContent()).toContain("Level 2");

    // Import December 2026 (the current month; a month not yet happened is refused, issue 16) through the form: check first, then import.
    await page.goto("/w/riverside/autonomy");
    const csv = writeCsv([...PERFORMANCE_COLUMNS], performanceToRows({ CARD: [demoObservation("CARD", "2026-12", { failKey: ["performance", "finance"] })] }));
    await page.getByLabel("Performance figures (CSV or Excel .xlsx, up to 5 MB)").setInputFiles({ name: "cardiology-december-2026.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await page.getByRole("button", { name: "Check file" }).click();
    const result = page.getByTestId("import-result");
    await result.getByText(/all valid/).waitFor();
    expect(await result.textContent()).toMatch(/Cardiology.*December 2026/);
    await page.getByRole("button", { name: "Import", exact: true }).click();
    await page.getByText(/Imported \d+ rows from cardiology-december-2026\.csv/).waitFor();
    await expect.poll(async () => page.getByTestId("autonomy-row-CARD").textContent()).toContain("Level 3");
    expect(pageErrors).toEqual([]);

    // The org graph's badge changes to level 3, with its text label and review frequency.
    await page.goto("/w/riverside/structure");
    await node.waitFor();
    await expect.poll(async () => node.textContent()).toContain("Level 3");
    expect(await node.textContent()).toContain("Monthly");

    // The line's page shows the lower revenue limit for level 3.
    await page.goto("/w/riverside/lines/card");
    expect(await page.getByTestId("line-level").textContent()).toContain("Level 3");
    const revenue = page.getByTestId("power-revenue-nonpay");
    expect(await revenue.textContent()).toContain("Up to £25,000");
    expect(await revenue.textContent()).not.toContain("£100,000");

    // The question box sends £75,000 of revenue spending to the division.
    await page.getByRole("link", { name: "Who decides?" }).click();
    await page.getByLabel("Service line", { exact: true }).selectOption({ label: "Cardiology (Medicine)" });
    await page.getByLabel("Decision", { exact: true }).selectOption({ label: "Authorise non-pay revenue expenditure" });
    await page.getByLabel("Amount", { exact: true }).fill("£75,000");
    await page.getByRole("button", { name: "Ask" }).click();
    const headline = page.getByTestId("answer-headline");
    await headline.waitFor();
    expect((await headline.textContent())?.replace(/\s+/g, " ")).toBe("Approve at: Division (Managing Director), limit £100,000");
    expect(new URL(page.url()).searchParams.get("amount")).toBe("£75,000");
    expect(await page.getByTestId("answer").textContent()).toContain("Cardiology is at earned autonomy level 3");
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it("filters the service lines by level and links to each line's page", async () => {
    const { context, page } = await app.signIn(DEMO.viewer);
    await page.goto("/w/riverside/autonomy");
    await page.getByLabel("Show service lines at").selectOption("3");
    await page.getByRole("button", { name: "Show" }).click();
    await page.waitForURL("**/autonomy?level=3");
    const rows = page.getByTestId("autonomy-table").locator("tbody tr");
    expect(await rows.count()).toBeGreaterThan(0);
    for (const text of await rows.allTextContents()) expect(text).toContain("Level 3");
    expect(await page.getByRole("heading", { name: "Import figures from a file" }).count()).toBe(0);
    await page.getByRole("link", { name: "Cardiology" }).click();
    await page.getByRole("heading", { name: "Cardiology", level: 1 }).waitFor();
    expect(await page.getByRole("heading", { name: "What Cardiology may decide now" }).isVisible()).toBe(true);
    await context.close();
  });
});
