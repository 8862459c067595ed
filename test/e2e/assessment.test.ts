/**
 * The SLM maturity self-assessment in the browser (issue 15): two assessors in two browsers open
 * this year's workshop, disagree on a section and each sees the spread change live, then the
 * facilitator records the agreed level and the clinician sees it; the results page shows the profile
 * by part and the comparison with last year's approved assessment.
 */
import { describe, expect, it } from "vitest";
import { DEMO, DEMO_WORKSPACE } from "../setup/server";
import { appInBrowser } from "./app";

const app = appInBrowser();

describe("the SLM maturity workshop", () => {
  it("two assessors disagree, see the spread live, then agree; the results compare with last year", async () => {
    const { page: exec, context: c1 } = await app.signIn(DEMO.executive);
    const { page: clin, context: c2 } = await app.signIn(DEMO.contributor);
    for (const page of [exec, clin]) {
      await page.goto(`/w/${DEMO_WORKSPACE}`);
      await page.getByRole("link", { name: "SLM maturity" }).click();
      await page.getByRole("link", { name: "Workshop 2026/27 Trust" }).click();
      await page.getByRole("heading", { name: "SLM maturity self-assessment 2026/27" }).waitFor();
      await page.getByTestId("connection-status").filter({ hasText: "Connected" }).waitFor();
      await page.getByRole("button", { name: /Part 2: Strategy and service-line planning/ }).click();
    }
    const spread = (page: typeof exec) => page.getByTestId("spread-p2s1");
    await expect(spread(exec).innerText()).resolves.toBe("No one has scored this section yet.");

    // The clinician says level 1; the facilitator sees it at once.
    await clin.getByLabel("Your level for Part 2 §1").selectOption("1");
    await clin.getByLabel("Your rationale for Part 2 §1").fill("Cardiology has no strategy of its own yet.");
    await clin.getByLabel("Your rationale for Part 2 §1").blur();
    await spread(exec).filter({ hasText: "All 1 at level 1." }).waitFor();
    // Presence: the facilitator sees where the clinician is.
    await exec.getByLabel("Also looking at Part 2 §1").filter({ hasText: "Dr Aisha Rahman" }).waitFor();

    // The facilitator says level 3: both see the spread and that views differ.
    await exec.getByLabel("Your level for Part 2 §1").selectOption("3");
    for (const page of [exec, clin]) {
      await spread(page).filter({ hasText: "Level 1 to 3 across 2 assessors (median 2)." }).waitFor();
      await spread(page).filter({ hasText: "Views differ" }).waitFor();
    }
    await clin.getByRole("cell", { name: "Cardiology has no strategy of its own yet." }).waitFor();
    await exec.getByRole("cell", { name: "Cardiology has no strategy of its own yet." }).waitFor();

    // The clinician cannot record the agreed level; the facilitator does, and the clinician sees it.
    expect(await clin.getByLabel("Agreed level for Part 2 §1").isDisabled()).toBe(true);
    await exec.getByLabel("Agreed level for Part 2 §1").selectOption("2");
    await exec.getByLabel("Agreed rationale for Part 2 §1").fill("Strategies exist at divisional level and were agreed by the Board; lines are only starting to shape them.");
    await exec.getByLabel("Agreed rationale for Part 2 §1").blur();
    await expect.poll(() => clin.getByLabel("Agreed level for Part 2 §1").inputValue(), { timeout: 5_000 }).toBe("2");
    await expect.poll(() => clin.getByLabel("Agreed rationale for Part 2 §1").inputValue(), { timeout: 5_000 }).toMatch(/^Strategies exist at divisional level/);
    await expect(clin.getByTestId("assessment-progress").innerText()).resolves.toMatch(/^6 of 27 sections agreed/);

    // Approval is refused while sections are unagreed, and says which.
    await exec.getByRole("button", { name: "Approve the assessment" }).click();
    await exec.getByRole("heading", { name: "The assessment cannot be approved yet" }).waitFor();
    await expect(exec.getByRole("alert").filter({ hasText: "cannot be approved" }).innerText()).resolves.toMatch(/Part 2 §2 \(Targets and goals\) has no agreed level/);

    // Results: the draft's profile by part beside last year's approved assessment.
    await exec.getByRole("link", { name: "Results" }).first().click();
    await exec.getByRole("heading", { name: "Results: SLM maturity self-assessment 2026/27" }).waitFor();
    await exec.getByTestId("results-source").filter({ hasText: "Draft" }).waitFor();
    const table = exec.getByTestId("profile-table");
    await table.getByRole("columnheader", { name: "Mean 2025/26" }).waitFor();
    const row = (part: string) => table.getByRole("row", { name: new RegExp(part) });
    await expect(row("Part 1: Information management").innerText()).resolves.toMatch(/5 of 5\s+2\s+3\s+2\.2\s+1\.8\s+\+0\.4/);
    await expect(row("Part 2: Strategy and service-line planning").innerText()).resolves.toMatch(/1 of 6\s+2\s+2\s+2\s+1\.5\s+\+0\.5/);
    await expect(row("Part 4: Organisational structure").innerText()).resolves.toMatch(/0 of 8\s+—\s+—\s+—\s+3\s+—/);
    expect(await exec.getByTestId("profile-chart").locator("svg").count()).toBeGreaterThan(0);
    await exec.getByTestId("gaps-table").getByRole("rowheader", { name: /Part 2 §1: Service-line strategy/ }).waitFor();
    await c1.close();
    await c2.close();
  });
});
