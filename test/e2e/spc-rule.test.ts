import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { DEMO, DEMO_WORKSPACE } from "../setup/server";
import { appInBrowser } from "./app";

const app = appInBrowser();
const W = `/w/${DEMO_WORKSPACE}`;

const liveSpc = async () => (await app.server.server.services.collab.read(DEMO_WORKSPACE, { kind: "delegation" })).indicators.filter((i) => i.spc).map((i) => i.code);

async function openRules(page: Page) {
  await page.goto(`${W}/delegation`);
  await page.getByTestId("connection-status").getByText("all changes saved").waitFor();
  await page.getByText("Earned autonomy rules").click();
  await page.getByTestId("rules-spc-RTT18").waitFor();
}

describe("judging an indicator by SPC in the rules editor", () => {
  it("is a co-edited checkbox, worked from the keyboard, that changes the computed levels", async () => {
    const a = await app.signIn(DEMO.editor);
    const b = await app.signIn(DEMO.executive);
    const errors: string[] = [];
    for (const p of [a.page, b.page]) p.on("pageerror", (e) => errors.push(String(e)));
    await Promise.all([openRules(a.page), openRules(b.page)]);

    // The demo judges 18 weeks by SPC, and says so.
    const boxA = a.page.getByRole("checkbox", { name: "Judge by SPC for Referral to treatment within 18 weeks" });
    expect(await boxA.isChecked()).toBe(true);
    expect(await a.page.getByRole("checkbox", { name: "Judge by SPC for A&E within 4 hours" }).isChecked()).toBe(false);
    expect(await a.page.getByTestId("rules-spc-summary").innerText()).toContain("Judged by SPC: Referral to treatment within 18 weeks.");
    expect(await boxA.getAttribute("aria-describedby")).toBe("rules-spc-hint");

    // A turns it off with the keyboard; B's copy follows live.
    await boxA.focus();
    await a.page.keyboard.press("Space");
    await expect.poll(() => b.page.getByTestId("rules-spc-RTT18").isChecked()).toBe(false);
    await expect.poll(liveSpc).toEqual([]);
    await b.page.getByTestId("rules-spc-summary").getByText("No indicator is judged by SPC").waitFor();

    // The earned-autonomy page recomputes with the draft's rules: Respiratory medicine's common-cause 18-week misses fail it again.
    await a.page.goto(`${W}/autonomy`);
    expect(await a.page.getByTestId("recommended-RESP").innerText()).toContain("Level 3");
    expect(await a.page.getByTestId("spc-rule").count()).toBe(0);

    // B turns it back on (Space on the focused box); A sees the rule explained and the level back at 2.
    const boxB = b.page.getByRole("checkbox", { name: "Judge by SPC for Referral to treatment within 18 weeks" });
    await boxB.focus();
    await b.page.keyboard.press("Space");
    await expect.poll(liveSpc).toEqual(["RTT18"]);
    await a.page.reload();
    expect(await a.page.getByTestId("recommended-RESP").innerText()).toContain("Level 2");
    expect(await a.page.getByTestId("spc-rule").innerText()).toContain("Judged by SPC: Referral to treatment within 18 weeks");

    // A viewer sees the box but cannot change it.
    const v = await app.signIn(DEMO.viewer);
    await openRules(v.page);
    expect(await v.page.getByTestId("rules-spc-RTT18").isDisabled()).toBe(true);
    expect(errors).toEqual([]);
    await Promise.all([a.context.close(), b.context.close(), v.context.close()]);
  });

  it("rates workforce with its own thresholds, typed in the rules editor, that change the line page's reasons", async () => {
    const a = await app.signIn(DEMO.editor);
    const errors: string[] = [];
    a.page.on("pageerror", (e) => errors.push(String(e)));
    await openRules(a.page);
    // ULHT §5.2 rates Workforce beside Finance, Quality and Operational: the demo's v4.0 rules do.
    expect(await a.page.getByTestId("rules-workforce-summary").innerText()).toContain("Level 1 allows no workforce indicator off target; level 2 allows 1 workforce indicator (never a key one); more fails the criterion.");
    expect(await a.page.getByRole("heading", { name: "Workforce", exact: true }).count()).toBe(1);

    // Cardiology misses only agency spend: one workforce indicator off target, a level-2 month.
    await a.page.goto(`${W}/lines/card`);
    const workforceRow = () => a.page.getByTestId("latest-criteria").locator("tr", { hasText: "Agency spend" });
    expect(await workforceRow().innerText()).toContain("1 of 6 indicators off target (level 1: none may be off target; level 2: up to 1 may be off target) — met for level 2, not level 1");

    // Level 2 allowing none off target fails the criterion: typed, saved with Enter.
    await openRules(a.page);
    const field = a.page.getByLabel("Workforce indicators that may be off target at level 2");
    await field.fill("0");
    await field.press("Enter");
    await a.page.getByTestId("rules-workforce-summary").getByText("level 2 allows no workforce indicator (never a key one)", { exact: false }).waitFor();
    await expect.poll(async () => (await app.server.server.services.collab.read(DEMO_WORKSPACE, { kind: "delegation" })).rules.workforceThresholds).toEqual({ level1: 0, level2: 0 });
    await a.page.goto(`${W}/lines/card`);
    expect(await workforceRow().innerText()).toMatch(/Workforce\s+Not met\s+Not met/);
    expect(await a.page.getByTestId("latest-criteria").locator("caption").innerText()).toContain("The five criteria in November 2026");

    // A fraction is refused in the field, and the rules keep their value; then put back.
    await openRules(a.page);
    await field.fill("1.5");
    await field.press("Enter");
    await a.page.locator("#rules-workforce-2-error").getByText("Enter a whole number of indicators from 0 to 20").waitFor();
    await field.fill("1");
    await field.press("Enter");
    await expect.poll(async () => (await app.server.server.services.collab.read(DEMO_WORKSPACE, { kind: "delegation" })).rules.workforceThresholds).toEqual({ level1: 0, level2: 1 });
    expect(errors).toEqual([]);
    await a.context.close();
  });
});
