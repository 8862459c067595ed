import { describe, expect, it } from "vitest";
import { PERFORMANCE_COLUMNS, demoObservation, performanceToRows } from "../../shared/autonomy";
import { writeCsv } from "../../server/imports/spreadsheet";
import { DEMO } from "../setup/server";
import { appInBrowser } from "./app";

const app = appInBrowser();

describe("earned autonomy in the browser", () => {
  it("imports a month in which Cardiology fails two criteria: it is escalated, and once the review agrees level 3 the badge, powers and the question box follow", async () => {
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
    // The figures recommend level 3; the level in force stays at 2 until the review agrees a change.
    await expect.poll(async () => page.getByTestId("recommended-CARD").textContent()).toContain("Level 3");
    expect(await page.getByTestId("in-force-CARD").textContent()).toContain("Level 2");
    expect(pageErrors).toEqual([]);

    // The worse recommendation opens an escalation with a 10-working-day action plan.
    await page.getByRole("link", { name: "escalation", exact: true }).click();
    // The demo already has one escalation in progress (Neonatal care); this is Cardiology's.
    const escalation = page.getByTestId("escalation-card").filter({ hasText: "Cardiology" });
    await escalation.getByRole("heading", { name: /Cardiology: Action plan due/ }).waitFor();
    await escalation.locator("summary", { hasText: "Record the action plan" }).click();
    await escalation.getByLabel("The action plan (a summary or a link)").fill("Recovery plan: weekly theatre list review and agency cap restored; owner Gareth Lloyd");
    await escalation.getByRole("button", { name: "Record the action plan" }).click();
    await page.getByTestId("escalation-result").getByText(/Action plan recorded on/).waitFor();
    await escalation.getByRole("heading", { name: /Cardiology: Action plan in place/ }).waitFor();

    // The executive team agrees level 3 for Cardiology at the accountability review, from today.
    await page.goto("/w/riverside/autonomy/agree");
    const today = new Date().toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "Europe/London" });
    await page.getByLabel("Date of the accountability review").fill(today);
    await page.getByLabel("Levels take effect from").fill(today);
    expect(await page.getByLabel("Agreed level for Cardiology").inputValue()).toBe("3");
    await page.getByLabel("Dr James Okafor, Chief Executive").check();
    await page.getByRole("button", { name: "Record the agreed levels" }).click();
    // One executive is not the executive team: refused, with the reason, and nothing recorded.
    await page.locator(".nhsuk-error-summary").getByText(/at least two must be there/).waitFor();
    await page.getByLabel("Priya Shah, Director of Finance").check();
    await page.getByRole("button", { name: "Record the agreed levels" }).click();
    await page.getByTestId("agree-result").getByText(/recorded for \d+ service lines/).waitFor();

    // The org graph's badge changes to level 3, with its text label and review frequency.
    await page.goto("/w/riverside/structure");
    await node.waitFor();
    await expect.poll(async () => node.textContent()).toContain("Level 3");
    expect(await node.textContent()).toContain("Monthly");

    // The line's page shows the lower revenue limit for level 3, and why.
    await page.goto("/w/riverside/lines/card");
    expect(await page.getByTestId("line-level").textContent()).toContain("Level 3");
    expect(await page.getByTestId("in-force-reason").textContent()).toContain("Agreed by the executive team at the accountability review");
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
