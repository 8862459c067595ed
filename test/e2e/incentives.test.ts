/**
 * The incentive and consequence framework in the browser (issue 13): the Director of Finance and a
 * clinical lead open next year's framework together; the share the executive sets reaches the
 * clinician live, whose own share fields are closed to them; the clinician's comment reaches the
 * executive; the executive adds a consequence and records the Board's approval; the ledger and the
 * line page show the framework; the screens pass axe.
 */
import { describe, expect, it } from "vitest";
import { DEMO, DEMO_WORKSPACE } from "../setup/server";
import { appInBrowser } from "./app";
import { expectAccessible } from "./axe";

const app = appInBrowser();

describe("the incentive framework", () => {
  it("is set by the executive, commented on by a clinician, approved, and shown on the ledger and the line page", async () => {
    const { page: dof } = await app.signIn(DEMO.executive);
    const { page: clin } = await app.signIn(DEMO.contributor);
    for (const page of [dof, clin]) {
      await page.goto(`/w/${DEMO_WORKSPACE}`);
      await page.getByRole("link", { name: "Incentives", exact: true }).click();
      await page.goto(`/w/${DEMO_WORKSPACE}/incentives/framework/2027-28`);
      await page.getByRole("heading", { name: "Incentive and consequence framework 2027/28" }).waitFor();
      await page.getByTestId("connection-status").filter({ hasText: "Connected" }).waitFor();
    }
    await expectAccessible(dof, "the incentive framework");

    // The executive sets level 1's share; the clinician sees it and cannot change it.
    await dof.getByLabel("Share at level 1 (%)").fill("40");
    await dof.getByLabel("Share at level 1 (%)").blur();
    await expect.poll(() => clin.getByLabel("Share at level 1 (%)").inputValue(), { timeout: 5_000 }).toBe("40");
    expect(await clin.getByLabel("Share at level 1 (%)").isDisabled()).toBe(true);

    // The clinician comments; the executive sees it.
    await clin.getByLabel("Your comment").fill("Lines planned at a loss should earn on their improvement too.");
    await clin.getByRole("button", { name: "Add your comment" }).click();
    await dof.getByTestId("framework-comments").filter({ hasText: "Lines planned at a loss should earn on their improvement too." }).waitFor();

    // Approval is refused without a consequence, then recorded with the Board's minute.
    await dof.getByRole("button", { name: "Record the Board's approval" }).click();
    await dof.getByRole("heading", { name: "The framework cannot be approved yet" }).waitFor();
    await dof.getByLabel("Add a consequence").selectOption("special_measures");
    await dof.getByRole("button", { name: "Add", exact: true }).click();
    await clin.getByTestId("consequence-rules").filter({ hasText: "Special measures after 6 consecutive months at level 4" }).waitFor();
    await dof.getByLabel("Board minute").fill("TB 27/044");
    await dof.getByRole("button", { name: "Record the Board's approval" }).click();
    await dof.getByRole("status").filter({ hasText: "Approved as version 1" }).waitFor();

    // The ledger for that year applies it; the line page has its section.
    await dof.goto(`/w/${DEMO_WORKSPACE}/incentives?year=2027-28`);
    await expect(dof.getByTestId("ledger-basis").innerText()).resolves.toMatch(/Framework version 1, agreed by the Board \(minute TB 27\/044\)/);
    await expectAccessible(dof, "the incentive ledger");
    await dof.goto(`/w/${DEMO_WORKSPACE}/lines/card`);
    await dof.getByTestId("line-incentives").filter({ hasText: /Reserve for reinvestment/ }).waitFor();

    // The structure carries each line's mark from this year's ledger: Gastroenterology (level 1, no
    // consequence open) is marked as its ledger row stands, in the outline in words.
    await dof.goto(`/w/${DEMO_WORKSPACE}/incentives`);
    const status = (await dof.locator('tr[data-line="gast"] td').last().innerText()).trim();
    const credited = (await dof.locator('tr[data-line="gast"] td').nth(7).innerText()).trim();
    const mark = { Credited: `Earning ${credited.split(" ")[0]}`, "Gateway not met": "Gateway not met", "Deferred by the Board": "Share deferred" }[status];
    await dof.goto(`/w/${DEMO_WORKSPACE}/structure`);
    await dof.getByTestId("connection-status").filter({ hasText: "Connected" }).waitFor();
    await dof.getByText("Gastroenterology", { exact: true }).first().waitFor();
    if (mark) await expect.poll(() => dof.getByTestId("outline-incentive-GAST").innerText(), { timeout: 5_000 }).toContain(`Incentives: ${mark}`);
    else expect(await dof.getByTestId("outline-incentive-GAST").count()).toBe(0);
  });
});
