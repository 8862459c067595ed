/**
 * Annual plans in the browser (issue 12): Diabetes' clinical lead and the executive co-edit the
 * line's 2027/28 plan, the line submits, the executive opens reconciliation and agrees the targets,
 * and the line's three leaders agree it; a third browser context watching the round dashboard and
 * Medicine's roll-up sees each change arrive without reloading.
 */
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { hashPassword } from "../../server/auth/password";
import { createUser } from "../../server/repositories/users";
import { addMembership } from "../../server/repositories/workspaces";
import { DEMO, DEMO_PASSWORD, DEMO_WORKSPACE } from "../setup/server";
import { appInBrowser } from "./app";

const app = appInBrowser();
const W = `/w/${DEMO_WORKSPACE}`;
const PLAN = `${W}/plans/2027-28/diab`;

/** Records a workflow step and waits for the page to come back with the plan's new state. */
async function step(page: Page, button: string) {
  const posted = page.waitForResponse((r) => r.request().method() === "POST");
  await page.getByRole("button", { name: button }).click();
  await posted;
  await page.waitForLoadState("networkidle");
  await page.getByTestId("plan-status").waitFor();
}

/** Types into a plan cell and commits it with Enter, as a person would. */
async function enter(page: Page, label: string, value: string) {
  const field = page.getByLabel(label, { exact: true });
  await field.fill(value);
  await field.press("Enter");
}

describe("annual plans in the browser", () => {
  it("a line leader and an executive co-edit, submit, reconcile and agree a plan; the dashboard and the division roll-up update live", async () => {
    const email = `diab-lead-${Date.now()}@riverside.example`;
    const user = createUser(app.server.db, { email, name: "Dr Victor Osei", passwordHash: await hashPassword(DEMO_PASSWORD) });
    addMembership(app.server.db, { workspaceId: DEMO_WORKSPACE, userId: user.id, role: "contributor", serviceLineIds: ["diab"] });

    // The watcher: the round dashboard and Medicine's roll-up, open throughout.
    const { context: watchContext, page: dashboard } = await app.signIn(DEMO.viewer);
    await dashboard.goto(`${W}/plans/2027-28`);
    await expect(dashboard.getByTestId("status-diab").innerText()).resolves.toBe("Drafting");
    const division = await watchContext.newPage();
    await division.goto(`${W}/plans/2027-28/divisions/med`);
    const before = await division.getByTestId("contribution-diab").innerText();

    const { page: line } = await app.signIn(email);
    const { page: exec } = await app.signIn(DEMO.executive);
    for (const p of [line, exec]) {
      await p.goto(PLAN);
      await p.getByText("Connected").first().waitFor();
    }

    // The line cannot set the top-down side: the field is not offered to it.
    expect(await line.getByTestId("topdown-RTT18").evaluate((el) => el.tagName)).toBe("SPAN");

    // Co-editing: the line raises its ICB income by £120,000 and phases it; the executive sees it.
    const icb = "Riverside Integrated Care Board: Year (£)";
    const was = Number((await line.getByLabel(icb, { exact: true }).inputValue()).replace(/,/g, ""));
    await enter(line, icb, String(was + 120_000));
    await line.getByRole("button", { name: "Phase evenly Riverside Integrated Care Board" }).click();
    await expect.poll(() => exec.getByLabel(icb, { exact: true }).inputValue()).toBe((was + 120_000).toLocaleString("en-GB"));
    // … and proposes 61% on 18 weeks, which the executive sees beside the top-down 65%.
    await enter(line, "Patients waiting under 18 weeks: bottom-up proposal", "61");
    await expect.poll(() => exec.getByTestId("bottomup-RTT18").inputValue()).toBe("61");

    // Medicine's roll-up moves by exactly £120,000, live.
    const pounds = (s: string) => Number(s.replace(/[£,]/g, ""));
    await expect.poll(async () => pounds(await division.getByTestId("contribution-diab").innerText()), { timeout: 10_000 }).toBe(pounds(before) + 120_000);

    // The line submits; the executive opens reconciliation.
    await step(line, "Submit the plan");
    expect(await line.getByTestId("step-error").count()).toBe(0);
    await expect.poll(() => line.getByTestId("plan-status").innerText()).toBe("Submitted");
    await expect.poll(() => dashboard.getByTestId("status-diab").innerText(), { timeout: 10_000 }).toBe("Submitted");
    await exec.reload();
    await step(exec, "Open reconciliation");
    await expect(exec.getByTestId("plan-status").innerText()).resolves.toBe("Reconciling");

    // Agreeing with a target still open is refused, and says which.
    await line.reload();
    await step(line, "Agree as clinical lead");
    await expect(line.getByTestId("step-error").innerText()).resolves.toMatch(/"Patients waiting under 18 weeks" is still open/);

    // The executive reconciles: 60% agreed on 18 weeks; the other targets agreed as proposed.
    await exec.getByText("Connected").first().waitFor();
    await enter(exec, "Patients waiting under 18 weeks: agreed value", "60");
    await enter(exec, "Patients waiting under 18 weeks: rationale or decision", "Agreed at 60% at confirm and challenge: capacity for 61% is not yet funded");
    for (const code of ["RTT18", "CONTRIB", "SICK"]) await exec.getByTestId(`status-${code}`).selectOption("agreed");
    await expect.poll(() => line.getByTestId("status-SICK").innerText()).toBe("Agreed");

    // The line's clinical lead, manager and finance partner agree it.
    await line.reload();
    for (const as of ["clinical lead", "service line manager", "finance business partner"]) {
      await step(line, `Agree as ${as}`);
      expect(await line.getByTestId("step-error").count(), (await line.getByTestId("step-error").allInnerTexts()).join()).toBe(0);
    }
    await expect(line.getByTestId("plan-status").innerText()).resolves.toBe("Agreed by the line");
    // Agreed, the plan is read only to the line.
    await line.getByTestId("plan-locked").waitFor();
    expect(await line.getByLabel("Riverside Integrated Care Board: Year (£)", { exact: true }).count()).toBe(0);
    await expect.poll(() => dashboard.getByTestId("status-diab").innerText(), { timeout: 10_000 }).toBe("Agreed by the line");
    await expect.poll(() => division.locator(`tr[data-line="diab"]`).innerText(), { timeout: 10_000 }).toMatch(/Agreed by the line/);
  });
});
