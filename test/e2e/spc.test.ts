import { describe, expect, it } from "vitest";
import { demoMonths } from "../../shared/autonomy";
import { formatMonth } from "../../shared/format";
import { listObservations } from "../../server/repositories/performance";
import { DEMO, DEMO_WORKSPACE } from "../setup/server";
import { appInBrowser } from "./app";

const app = appInBrowser();
const W = `/w/${DEMO_WORKSPACE}`;
// The seed day the test server fixes (test/setup/server.ts); the demo's 24 months end the month before.
const SEED_DAY = "2026-12-01";

/** Months of a line's figures for one indicator, straight from the database. */
function monthsWithFigures(unitId: string, code: string): string[] {
  return (listObservations(app.server.db, DEMO_WORKSPACE, unitId)[unitId] ?? []).filter((m) => m.indicators.some((i) => i.code === code)).map((m) => m.month);
}

describe("statistical process control in the browser", () => {
  it("shows a line's indicators with latest values and icons in words, each linked to its chart", async () => {
    const { page, context } = await app.signIn(DEMO.viewer);
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(`${W}/lines/card/indicators`);
    await page.getByRole("heading", { level: 1, name: "Cardiology: indicators" }).waitFor();
    const row = page.getByTestId("indicator-RTT18");
    await row.waitFor();
    const text = (await row.innerText()).replace(/\s+/g, " ");
    // Latest value in UK form with its month, and the icons as words, not colour alone.
    expect(text).toMatch(/\d+(\.\d)?%/);
    expect(text).toContain(formatMonth(demoMonths(SEED_DAY, 24).at(-1)!));
    expect(text).toMatch(/Common cause variation|Special cause/);
    expect(text).toMatch(/Will consistently meet the target|Will consistently miss the target|Hit and miss|No target/);
    await row.getByRole("link", { name: /Referral to treatment within 18 weeks/ }).click();
    await page.getByRole("heading", { level: 1, name: "Referral to treatment within 18 weeks" }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it("charts an indicator with its table: one row per month with a figure, the mean and limits stated, icons in words", async () => {
    const { page, context } = await app.signIn(DEMO.viewer);
    await page.goto(`${W}/lines/card/indicators/RTT18`);
    await page.getByTestId("xmr-chart").waitFor();
    // The chart is drawn (Recharts renders an SVG once it has measured its box).
    await page.getByTestId("xmr-chart").locator("svg.recharts-surface").first().waitFor();
    expect(await page.getByTestId("variation-icon").innerText()).toMatch(/variation|Special cause/);
    expect((await page.getByTestId("assurance-icon").innerText()).length).toBeGreaterThan(5);
    const statement = await page.getByTestId("baseline-statement").innerText();
    expect(statement).toMatch(/^Mean \d/);
    expect(statement).toMatch(/process limits [\d.]+% to [\d.]+%/);
    expect(statement).toMatch(/locked until the chart is rebased|trial limits/);

    const table = page.getByTestId("spc-table");
    expect(await table.locator("caption").innerText()).toContain("Referral to treatment within 18 weeks");
    const months = monthsWithFigures("card", "RTT18");
    expect(months.length).toBeGreaterThanOrEqual(12);
    await expect.poll(() => table.getByTestId("spc-row").count()).toBe(months.length);
    const first = (await table.getByTestId("spc-row").first().innerText()).replace(/\s+/g, " ");
    expect(first).toContain(formatMonth(months[0]!));
    expect(first).toMatch(/% to [\d.]+%/);

    // PNG and SVG downloads are offered.
    await page.getByRole("button", { name: "Download the chart (PNG)" }).waitFor();
    await page.getByRole("button", { name: "Download the chart (SVG)" }).waitFor();
    await context.close();
  });

  it("flags the planted point outside the limits in the table, in words", async () => {
    // The demo plants a cluster of falls on the respiratory wards in its 14th month (shared/autonomy/demo.ts).
    const month = demoMonths(SEED_DAY, 24)[13]!;
    const { page, context } = await app.signIn(DEMO.viewer);
    await page.goto(`${W}/lines/resp/indicators/FALLS`);
    const row = page.locator(`[data-testid="spc-row"][data-month="${month}"]`);
    await row.waitFor();
    expect(await row.getAttribute("data-special")).toBe("concern");
    const text = (await row.innerText()).replace(/\s+/g, " ");
    expect(text).toContain("Special cause concern");
    expect(text).toContain("A point outside the process limits");
    await context.close();
  });

  it("reaches the table from the keyboard", async () => {
    const { page, context } = await app.signIn(DEMO.viewer);
    await page.goto(`${W}/lines/card/indicators/RTT18`);
    await page.getByTestId("spc-table").waitFor();
    let reached = false;
    for (let i = 0; i < 80 && !reached; i++) {
      await page.keyboard.press("Tab");
      reached = await page.evaluate(() => document.activeElement?.getAttribute("data-testid") === "spc-table-region");
    }
    expect(reached).toBe(true);
    // The focused region is named by the table's caption.
    expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-labelledby"))).toBe("spc-table-caption");
    await context.close();
  });

  it("gives a viewer no rebase or note form, and refuses a posted rebase", async () => {
    const { page, context } = await app.signIn(DEMO.viewer);
    await page.goto(`${W}/lines/card/indicators/RTT18`);
    await page.getByTestId("spc-table").waitFor();
    expect(await page.getByText("Rebase the chart").count()).toBe(0);
    expect(await page.getByRole("form", { name: "Rebase the chart" }).count()).toBe(0);
    expect(await page.getByRole("form", { name: "Add a note to a month" }).count()).toBe(0);
    await context.close();

    const cookie = await app.server.signIn(DEMO.viewer);
    const res = await fetch(`${app.server.baseUrl}${W}/lines/card/indicators/RTT18`, {
      method: "POST",
      redirect: "manual",
      headers: { Cookie: cookie, Origin: app.server.baseUrl, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intent: "rebase", fromMonth: monthsWithFigures("card", "RTT18")[15]!, reason: "Not allowed", approvedBy: "Nobody" }),
    });
    expect(res.status).toBe(403);
  });

  it("opens the trust report matrix with counts that add up, and drills down to a chart", async () => {
    const { page, context } = await app.signIn(DEMO.viewer);
    await page.goto(`${W}/report`);
    await page.getByRole("heading", { level: 1, name: "The whole trust" }).waitFor();
    const grid = page.getByTestId("summary-grid");
    expect(await grid.locator("caption").innerText()).toMatch(/variation .*assurance/);
    const rows = page.getByTestId("report-table").getByTestId("report-row");
    expect(await rows.count()).toBeGreaterThan(0);
    // The grid's grand total and the rare events together are every line-indicator listed (over
    // however many pages of 100 the list takes).
    const total = Number((await grid.locator("tbody tr").last().locator("td").last().innerText()).trim());
    const caption = await page.getByTestId("report-table").locator("caption").innerText();
    const listed = Number(/: (\d+) line indicators/.exec(caption)?.[1]);
    const rareText = (await page.getByText(/^Rare events \(\d+/).count()) ? await page.getByText(/^Rare events \(\d+/).innerText() : "Rare events (0";
    const rare = Number(/Rare events \((\d+)/.exec(rareText)?.[1] ?? 0);
    expect(total + rare).toBe(listed);
    expect(await rows.count()).toBe(Math.min(100, listed));
    if (listed > 100) {
      await page.getByRole("link", { name: /Next/ }).click();
      await page.waitForURL(/page=2/);
      await page.getByTestId("report-table").locator("caption").filter({ hasText: "101 to" }).waitFor();
      await page.goto(`${W}/report`);
    }
    // Concern first: the first charted row is a special-cause concern or a consistent failure when there is one.
    const concerns = await page.locator('[data-testid="report-row"][data-variation^="special_concern"]').count();
    if (concerns > 0) expect(await rows.first().getAttribute("data-variation")).toMatch(/^special_concern|^rare$/);

    // A division and a line, by the chooser.
    await page.getByLabel("Show the report for").selectOption({ label: "Cardiology" });
    await page.getByRole("button", { name: "Show" }).click();
    await page.waitForURL(/\?line=card/);
    await page.getByRole("heading", { level: 1, name: "Cardiology" }).waitFor();
    await page.getByTestId("report-table").getByRole("link", { name: "Referral to treatment within 18 weeks" }).click();
    await page.getByRole("heading", { level: 1, name: "Referral to treatment within 18 weeks" }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`${W}/lines/card/indicators/RTT18`);
    await context.close();
  });

  it("rebases a chart with its reason and approver, warning when fewer than 12 points remain, and annotates a point", async () => {
    const { page, context } = await app.signIn(DEMO.admin);
    await page.goto(`${W}/lines/card/indicators/SICK`);
    await page.getByTestId("spc-table").waitFor();
    const months = monthsWithFigures("card", "SICK");
    const from = months[months.length - 6]!;
    await page.getByText("Rebase the chart").click();
    const form = page.getByRole("form", { name: "Rebase the chart" });
    await form.getByLabel("New baseline from").selectOption(from);
    await page.getByTestId("rebase-warning").getByText(/Only 6 points remain/).waitFor();
    await form.getByLabel("Reason for the rebase").fill("New attendance management policy from this month");
    await form.getByLabel("Approved by").fill("Angela Moore, Chief Nurse");
    await form.getByRole("button", { name: "Rebase" }).click();
    await page.getByText(/rebased from/).waitFor();
    await page.getByText(/the new limits are trial limits until there are 12/).waitFor();
    const history = page.getByTestId("rebases");
    await history.waitFor();
    await history.getByText("New attendance management policy from this month").waitFor();
    expect(await history.innerText()).toContain("Angela Moore, Chief Nurse");
    const startRow = page.locator(`[data-testid="spc-row"][data-month="${from}"]`);
    expect(await startRow.innerText()).toContain("New baseline from here");
    expect(await startRow.innerText()).toContain("(trial)");

    await page.getByText("Add a note to a month").click();
    const note = page.getByRole("form", { name: "Add a note to a month" });
    await note.getByLabel("Month").selectOption(months[3]!);
    await note.getByLabel("Note").fill("Norovirus outbreak on the ward");
    await note.getByRole("button", { name: "Add note" }).click();
    await page.getByText(/Note added to/).waitFor();
    // The page's data reloads after the action: wait for the row to show the note.
    await expect.poll(() => page.locator(`[data-testid="spc-row"][data-month="${months[3]}"]`).innerText()).toContain("Norovirus outbreak on the ward");
    await page.getByTestId("annotations").getByText("Norovirus outbreak on the ward").waitFor();
    await context.close();
  });
});
