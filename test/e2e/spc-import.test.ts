import { describe, expect, it } from "vitest";
import { PERFORMANCE_COLUMNS, demoObservation, performanceToRows } from "../../shared/autonomy";
import { demoMonths } from "../../shared/autonomy/demo";
import { writeCsv } from "../../server/imports/spreadsheet";
import { DEMO, DEMO_WORKSPACE } from "../setup/server";
import { appInBrowser } from "./app";

const app = appInBrowser();
const W = `/w/${DEMO_WORKSPACE}`;

describe("corrected figures imported, then read as SPC", () => {
  it("imports the months since the last accountability review for Gynaecology, falling sharply, and the chart, its table and the report flag them", async () => {
    const { page, context } = await app.signIn(DEMO.executive);
    // The demo is seeded as of 1 December 2026. The September 2026 accountability review used the
    // figures up to August, which are locked (decision 049); September to November are open to
    // correction. The Friends and Family Test falls to 60% in those three months: far below the
    // limits set by the two years of figures before them.
    const fallen = demoMonths("2026-12-01").slice(-3);
    expect(fallen).toEqual(["2026-09", "2026-10", "2026-11"]);
    const rows = fallen.map((m) => {
      const o = demoObservation("GYNAE", m);
      return { ...o, indicators: o.indicators.map((i) => (i.code === "FFT" ? { ...i, value: 60 } : i)) };
    });
    const csv = writeCsv([...PERFORMANCE_COLUMNS], performanceToRows({ GYNAE: rows }));
    await page.goto(`${W}/autonomy`);
    await page.getByLabel("Performance figures (CSV or Excel .xlsx, up to 5 MB)").setInputFiles({ name: "gynaecology-corrections.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await page.getByRole("button", { name: "Check file" }).click();
    await page.getByTestId("import-result").getByText(/all valid/).waitFor();
    // The demo already holds these months: changing them is a correction, with a reason (issue 16).
    await page.getByTestId("import-corrections").getByText(/This file changes \d+ months? already held\. Give the reason for the correction before you import:/).waitFor();
    await page.getByLabel("Reason for correcting months already held (optional)").fill("Patient experience team re-ran the Friends and Family Test survey figures");
    await page.getByRole("button", { name: "Import", exact: true }).click();
    await page.getByText(/Imported \d+ rows from gynaecology-corrections\.csv/).waitFor();

    // The chart page: the icon in words, and the three months flagged in the table.
    await page.goto(`${W}/lines/gynae/indicators/FFT`);
    await page.getByTestId("xmr-chart").locator("svg.recharts-surface").first().waitFor();
    expect(await page.getByTestId("variation-icon").innerText()).toContain("Special cause concern");
    for (const m of fallen) {
      const row = page.locator(`[data-testid="spc-row"][data-month="${m}"]`);
      expect((await row.innerText()).replace(/\s+/g, " ")).toMatch(/60%.*A point outside the process limits/);
    }
    // The table is reachable from the keyboard, as the chart's equivalent.
    let reached = false;
    for (let i = 0; i < 60 && !reached; i++) {
      await page.keyboard.press("Tab");
      reached = await page.evaluate(() => document.activeElement?.getAttribute("data-testid") === "spc-table-region");
    }
    expect(reached).toBe(true);

    // The line's report lists it as a special-cause concern, and the trust grid counts it.
    await page.goto(`${W}/report?line=gynae`);
    const row = page.getByTestId("report-row").filter({ hasText: "Friends and Family Test" });
    expect(await row.getAttribute("data-variation")).toBe("special_concern_low");
    await context.close();
  });
});
