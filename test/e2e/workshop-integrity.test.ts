import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { DEMO_USERS } from "../../db/seed/demo-structure";
import {
  listMonthChanges,
  listObservations,
} from "../../server/repositories/performance";
import { findUserByEmail } from "../../server/repositories/users";
import {
  findMembership,
  updateMembership,
} from "../../server/repositories/workspaces";
import { DEMO, DEMO_WORKSPACE } from "../setup/server";
import { appInBrowser } from "./app";

// Issue 16, "Integrity": one test per item, two browser contexts where two people are involved.
const app = appInBrowser();
const W = `/w/${DEMO_WORKSPACE}`;
const nameOf = (email: string) =>
  DEMO_USERS.find((u) => u.email === email)!.name;
const cell = (page: Page, id: string) => page.locator(`[data-cell="${id}"]`);
const collab = () => app.server.server.services.collab;
const liveCell = async (decisionId: string, levelId: string) =>
  (
    await collab().read(DEMO_WORKSPACE, { kind: "delegation" })
  ).scheme.decisions.find((d) => d.id === decisionId)!.cells[levelId]!;
const liveUnit = async (code: string) =>
  (await collab().read(DEMO_WORKSPACE, { kind: "structure" })).units.find(
    (u) => u.code === code
  )!;

async function openScheme(page: Page) {
  await page.goto(`${W}/delegation`);
  await page
    .getByTestId("connection-status")
    .getByText("all changes saved")
    .waitFor();
  await cell(page, "revenue-nonpay:division").waitFor();
}

async function openStructure(page: Page) {
  await page.goto(`${W}/structure`);
  await page
    .getByTestId("connection-status")
    .filter({ hasText: "Connected" })
    .waitFor();
  await page.getByTestId("outline-CARD").waitFor();
}

/** Sets a member's role as the members screen does: the membership, then the sockets told. */
function setRole(email: string, role: "editor" | "viewer") {
  const user = findUserByEmail(app.server.db, email)!;
  const m = findMembership(app.server.db, DEMO_WORKSPACE, user.id)!;
  updateMembership(app.server.db, DEMO_WORKSPACE, user.id, {
    role,
    boardSignatory: m.boardSignatory,
    serviceLineIds: [],
  });
  collab().accessChanged(DEMO_WORKSPACE, user.id);
}

describe("workshop-grade editing: integrity", () => {
  it("a stale editor writes only what its person changed, and shows a colleague's change inside the editor", async () => {
    const a = await app.signIn(DEMO.editor);
    const b = await app.signIn(DEMO.executive);
    await Promise.all([openScheme(a.page), openScheme(b.page)]);
    const before = await liveCell("revenue-nonpay", "division");
    expect(before.limit).toBe(100_000);

    // A opens the cell's editor and leaves it open.
    await cell(a.page, "revenue-nonpay:division").click();
    await cell(a.page, "revenue-nonpay:division").press("Enter");
    const aEditor = a.page.getByRole("dialog", { name: /at Division/ });
    await aEditor.waitFor();

    // B saves £60,000 in the same cell.
    await cell(b.page, "revenue-nonpay:division").click();
    await cell(b.page, "revenue-nonpay:division").press("Enter");
    await b.page.getByLabel("Limit (£)").fill("60,000");
    await b.page.getByLabel("Limit (£)").press("Enter");
    await expect
      .poll(async () => (await liveCell("revenue-nonpay", "division")).limit)
      .toBe(60_000);

    // A's open editor says so, by name, and now shows B's value.
    await aEditor
      .getByTestId("editor-remote-change")
      .getByText(`${nameOf(DEMO.executive)} changed the limit to £60,000.`)
      .waitFor();
    expect(await aEditor.getByLabel("Limit (£)").inputValue()).toBe("£60,000");

    // A changes only the holder and presses Enter: B's £60,000 stays.
    await aEditor
      .getByLabel("Holder (role title)")
      .fill("Divisional director of operations");
    await aEditor.getByLabel("Holder (role title)").press("Enter");
    await expect
      .poll(async () => (await liveCell("revenue-nonpay", "division")).holder)
      .toBe("Divisional director of operations");
    expect((await liveCell("revenue-nonpay", "division")).limit).toBe(60_000);

    // Both change the limit: A is asked to keep theirs or take B's, and nothing is written until A chooses.
    await cell(a.page, "revenue-nonpay:division").press("Enter");
    await aEditor.getByLabel("Limit (£)").fill("55,000");
    await cell(b.page, "revenue-nonpay:division").press("Enter");
    await b.page.getByLabel("Limit (£)").fill("70,000");
    await b.page.getByLabel("Limit (£)").press("Enter");
    const conflict = aEditor.getByTestId("editor-conflict");
    await conflict
      .getByText(
        `${nameOf(
          DEMO.executive
        )} changed the limit to £70,000 while you were editing. Yours is £55,000.`
      )
      .waitFor();
    await aEditor.getByLabel("Limit (£)").press("Enter");
    await aEditor
      .getByText(/choose to keep yours or take theirs first/)
      .waitFor();
    expect((await liveCell("revenue-nonpay", "division")).limit).toBe(70_000);
    await conflict.getByRole("button", { name: /Keep mine/ }).click();
    await aEditor.getByRole("button", { name: "Save" }).click();
    await expect
      .poll(async () => (await liveCell("revenue-nonpay", "division")).limit)
      .toBe(55_000);
    await a.context.close();
    await b.context.close();
  });

  it("Escape cancels a rename in the outline: nothing is saved or sent", async () => {
    const a = await app.signIn(DEMO.editor);
    const b = await app.signIn(DEMO.executive);
    await Promise.all([openStructure(a.page), openStructure(b.page)]);
    const item = a.page.getByTestId("outline-CARD");
    await item.click();
    await item.press("Enter");
    const input = a.page.getByLabel("New name for Cardiology");
    await input.fill("Heart services");
    await input.press("Escape");
    await input.waitFor({ state: "detached" });
    await a.page.waitForTimeout(500);
    expect((await liveUnit("CARD")).name).toBe("Cardiology");
    expect(await b.page.getByTestId("outline-CARD").textContent()).toContain(
      "Cardiology"
    );
    // Focus is back on the item, so the keyboard carries on from where it was.
    expect(
      await a.page.evaluate(() =>
        document.activeElement?.getAttribute("data-testid")
      )
    ).toBe("outline-CARD");
    await a.context.close();
    await b.context.close();
  });

  it("opening a panel does not move what is under the pointer: a double-click edits the cell clicked", async () => {
    const { page, context } = await app.signIn(DEMO.editor);
    await openScheme(page);
    const target = cell(page, "revenue-nonpay:division");
    await target.scrollIntoViewIfNeeded();
    const box = (await target.boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.locator(".dlg-panel:not(.dlg-panel--empty)").waitFor();
    const after = (await target.boundingBox())!;
    expect(after).toEqual(box);
    await page.mouse.dblclick(box.x + box.width / 2, box.y + box.height / 2);
    await page.getByRole("dialog", { name: /Edit .* at Division/ }).waitFor();

    // The same on the structure: selecting a unit opens its panel without moving the chart.
    await openStructure(page);
    const chart = page.getByTestId("graph-canvas");
    const chartBox = (await chart.boundingBox())!;
    await page.getByTestId("outline-CARD").click();
    await page.getByTestId("unit-panel").waitFor();
    expect(await chart.boundingBox()).toEqual(chartBox);
    await context.close();
  });

  it("refuses figures for a month that has not happened, and lets a month be corrected or deleted with a reason unless a review used it", async () => {
    const { page, context } = await app.signIn(DEMO.editor);
    // Through the address: the form for January 2099 does not open.
    await page.goto(`${W}/autonomy?line=card&month=2099-01#enter`);
    await page
      .getByText(
        "January 2099 has not happened yet: figures can be entered up to"
      )
      .waitFor();
    expect(
      await page
        .getByRole("button", { name: /Save figures for January 2099/ })
        .count()
    ).toBe(0);
    // Posted directly: refused, nothing stored, so January 2099 never becomes "now".
    const status = await page.evaluate(async (url) => {
      const body = new URLSearchParams({
        intent: "enter",
        line: "card",
        month: "2099-01",
        rows: "0",
        plan: "100",
        actual: "100",
      });
      const res = await fetch(url, {
        method: "POST",
        body,
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });
      return { status: res.status, text: await res.text() };
    }, `${W}/autonomy?index`);
    expect(status.text).toContain("has not happened yet");
    expect(
      (listObservations(app.server.db, DEMO_WORKSPACE, "card").card ?? []).some(
        (m) => m.month === "2099-01"
      )
    ).toBe(false);
    // Before the data's first year: refused too.
    await page.goto(`${W}/autonomy?line=card&month=1999-04#enter`);
    await page
      .getByText(/April 1999 is before the first year of this trust's figures/)
      .waitFor();

    // A month already held: a correction needs a reason, and the reason is kept in the month's history.
    await page.goto(`${W}/autonomy?line=card&month=2026-11#enter`);
    const correct = page.getByRole("button", {
      name: "Correct the figures for November 2026",
    });
    await correct.click();
    await page
      .getByText(
        "Give the reason for correcting figures already held for this month"
      )
      .first()
      .waitFor();
    await page
      .getByLabel("Reason for the correction")
      .fill("Finance re-stated the actual after the ledger closed");
    await page
      .getByRole("button", { name: "Correct the figures for November 2026" })
      .click();
    await page
      .getByText(/Figures for Cardiology in November 2026 saved/)
      .waitFor();
    expect(
      listMonthChanges(app.server.db, DEMO_WORKSPACE, "card")[0]
    ).toMatchObject({
      month: "2026-11",
      kind: "correct",
      reason: "Finance re-stated the actual after the ledger closed",
    });

    // Deleting needs a reason too; the figures go and the history keeps what they were.
    await page.goto(`${W}/autonomy?line=card&month=2026-11#enter`);
    await page
      .getByText(/Corrected on .* Finance re-stated the actual/)
      .waitFor();
    await page
      .getByLabel("Reason for deleting them")
      .fill("Entered against the wrong service line");
    await page
      .getByRole("button", { name: "Delete the figures for November 2026" })
      .click();
    await page
      .getByText(/Figures for Cardiology in November 2026 deleted/)
      .waitFor();
    expect(
      (listObservations(app.server.db, DEMO_WORKSPACE, "card").card ?? []).some(
        (m) => m.month === "2026-11"
      )
    ).toBe(false);
    const history = listMonthChanges(app.server.db, DEMO_WORKSPACE, "card");
    expect(history[0]).toMatchObject({
      month: "2026-11",
      kind: "delete",
      reason: "Entered against the wrong service line",
    });
    expect(history[0]!.before.month).toBe("2026-11");

    // A month a determination used is locked: no correction, no deletion.
    await page.goto(`${W}/autonomy?line=card&month=2025-05#enter`);
    await page
      .getByTestId("month-locked")
      .getByText(
        /These figures are locked: they were used by the level \d determination/
      )
      .waitFor();
    expect(
      await page
        .getByRole("button", { name: /Correct the figures|Delete the figures/ })
        .count()
    ).toBe(0);
    await context.close();
  });

  it("has no control that does nothing: key indicators come from the rules, and the level conditions are not editable text", async () => {
    const { page, context } = await app.signIn(DEMO.editor);
    await page.goto(`${W}/autonomy?line=card&month=2026-10#enter`);
    // CDIFF is in the rules' list: its row says so instead of offering a tick box that was ignored.
    const row = page.locator("tr", {
      has: page.locator('input[value="CDIFF"]'),
    });
    await row.getByText("Yes (set in the rules)").waitFor();
    expect(await row.locator('input[type="checkbox"]').count()).toBe(0);
    // The "when a line is at this level" column states the computation and cannot be typed into.
    await openScheme(page);
    await page.getByText("Earned autonomy rules", { exact: true }).click();
    await page
      .getByTestId("rule-1-when")
      .getByText("All criteria met, on all indicators")
      .waitFor();
    expect(await page.getByTestId("rule-1-when").locator("input").count()).toBe(
      0
    );
    await context.close();
  });

  it("a person whose role is reduced is told at once, their unsaved changes are dropped (not applied when restored), and promotion gives write access without reloading", async () => {
    const b = await app.signIn(DEMO.editor);
    try {
      await openStructure(b.page);
      // B changes a unit while cut off from the server; meanwhile an administrator makes B a viewer.
      await b.page.getByTestId("outline-RESP").click();
      const panel = b.page.getByTestId("unit-panel");
      await b.context.setOffline(true);
      await b.page.evaluate(() => window.dispatchEvent(new Event("offline")));
      await panel
        .getByLabel("Name", { exact: true })
        .fill("Respiratory offline edit");
      await panel.getByLabel("Name", { exact: true }).press("Enter");
      setRole(DEMO.editor, "viewer");
      await b.context.setOffline(false);
      await b.page.evaluate(() => window.dispatchEvent(new Event("online")));
      // Told at once, with the change dropped; the fields are read-only now.
      await b.page
        .getByTestId("role-change")
        .getByText(
          /you can now only read this document\. 1 change you made that had not been saved was dropped/
        )
        .waitFor({ timeout: 30_000 });
      await b.page.getByText("Read only").first().waitFor();
      expect(
        await b.page
          .getByTestId("unit-panel")
          .getByLabel("Name", { exact: true })
          .getAttribute("readonly")
      ).not.toBeNull();
      expect((await liveUnit("RESP")).name).toBe("Respiratory medicine");

      // Restored: the dropped change is never sent, and B can edit at once without reloading.
      setRole(DEMO.editor, "editor");
      await b.page
        .getByTestId("role-change")
        .getByText("Your role has changed: you can now edit this document.")
        .waitFor({ timeout: 30_000 });
      await b.page.waitForTimeout(500);
      expect((await liveUnit("RESP")).name).toBe("Respiratory medicine");
      await b.page.getByTestId("outline-RESP").click();
      const name = b.page
        .getByTestId("unit-panel")
        .getByLabel("Name", { exact: true });
      await name.fill("Respiratory");
      await name.press("Enter");
      await expect
        .poll(async () => (await liveUnit("RESP")).name)
        .toBe("Respiratory");
    } finally {
      // The other tests here need the editor back, whatever happened above.
      setRole(DEMO.editor, "editor");
      await b.context.close();
    }
  });

  it("a child added offline under a unit someone deleted is kept as an orphan; its maker is told, chooses where it belongs, and the other sees it placed", async () => {
    const a = await app.signIn(DEMO.editor);
    const b = await app.signIn(DEMO.executive);
    await Promise.all([openStructure(a.page), openStructure(b.page)]);
    // B goes offline and adds a sub-service line under Urology.
    await b.page.getByTestId("outline-UROL").click();
    await b.context.setOffline(true);
    await b.page.evaluate(() => window.dispatchEvent(new Event("offline")));
    const panel = b.page.getByTestId("unit-panel");
    await panel.getByRole("button", { name: "Add", exact: true }).click();
    await b.page.getByTestId("outline-UROL-1").waitFor();
    // A deletes Urology meanwhile.
    await a.page.getByTestId("outline-UROL").click();
    await a.page
      .getByTestId("unit-panel")
      .getByRole("button", { name: "Delete unit" })
      .click();
    await a.page
      .getByTestId("unit-panel")
      .getByRole("button", { name: /^Delete Urology/ })
      .click();
    await expect
      .poll(async () =>
        (
          await collab().read(DEMO_WORKSPACE, { kind: "structure" })
        ).units.some((u) => u.code === "UROL")
      )
      .toBe(false);
    // B comes back: the new unit is kept (not silently lost), without a parent, and B is told.
    await b.context.setOffline(false);
    await b.page.evaluate(() => window.dispatchEvent(new Event("online")));
    await b.page
      .getByTestId("orphan-notice")
      .getByText(
        "Your new unit ‘New sub-service line’ has no parent because ‘Urology’ was deleted — choose where it belongs."
      )
      .waitFor({ timeout: 15_000 });
    await expect.poll(async () => (await liveUnit("UROL-1"))?.kind).toBe("sub_service_line");
    // A sees it as a problem to resolve, naming who added it.
    const aOrphans = a.page.getByTestId("orphans");
    await aOrphans
      .getByText(`added by ${nameOf(DEMO.executive)}`, { exact: false })
      .waitFor();
    expect(await a.page.getByTestId("orphan-notice").count()).toBe(0);
    expect(await a.page.getByTestId("orphan").count()).toBe(1);
    // B places it with the keyboard: the select, then Move.
    const choose = b.page.getByTestId("orphans").getByLabel("Choose where it belongs");
    await choose.focus();
    await choose.selectOption({ label: "General surgery (service line)" });
    await b.page.keyboard.press("Tab");
    expect(
      await b.page.evaluate(() => document.activeElement?.textContent)
    ).toBe("Move");
    await b.page.keyboard.press("Enter");
    // A sees it placed: under General surgery, and no orphan left on either screen.
    const gsur = await liveUnit("GSUR");
    await expect.poll(async () => (await liveUnit("UROL-1")).parentId).toBe(gsur.id);
    await a.page.getByTestId("orphans").waitFor({ state: "detached" });
    expect(await a.page.getByTestId("orphan").count()).toBe(0);
    await b.page.getByTestId("orphans").waitFor({ state: "detached" });
    await a.page.getByTestId("outline-UROL-1").waitFor();
    const units = (await collab().read(DEMO_WORKSPACE, { kind: "structure" }))
      .units;
    const ids = new Set(units.map((u) => u.id));
    expect(
      units.filter(
        (u) => u.kind !== "board" && (!u.parentId || !ids.has(u.parentId))
      )
    ).toEqual([]);
    await a.context.close();
    await b.context.close();
  });

  it("validates each kind of quantity for what it is: huge limits, £0 delegated, fractional shifts, negative infection counts", async () => {
    const { page, context } = await app.signIn(DEMO.editor);
    await openScheme(page);
    const editCell = async (id: string, label: string, text: string) => {
      await cell(page, id).click();
      await cell(page, id).press("Enter");
      await page.getByLabel(label).fill(text);
      await page.getByLabel(label).press("Enter");
    };
    await editCell(
      "revenue-nonpay:division",
      "Limit (£)",
      "999,999,999,999,999"
    );
    await page.getByText("The amount is too large").waitFor();
    await page.getByRole("button", { name: "Cancel" }).click();
    await editCell("revenue-nonpay:division", "Limit (£)", "£0");
    await page
      .getByText(/A delegated limit of £0 lets the holder approve nothing/)
      .waitFor();
    await page.getByRole("button", { name: "Cancel" }).click();
    expect((await liveCell("revenue-nonpay", "division")).limit).not.toBe(0);
    await editCell("agency-shifts:division", "Limit (shifts)", "2.5");
    await page.getByText(/is not a whole number/).waitFor();
    await page.getByRole("button", { name: "Cancel" }).click();
    // A count of infections cannot be negative.
    await page.goto(`${W}/autonomy?line=card&month=2026-10#enter`);
    const row = page.locator("tr", {
      has: page.locator('input[value="CDIFF"]'),
    });
    await row.getByLabel(/^Value, indicator row/).fill("-2");
    await page
      .getByLabel("Reason for the correction")
      .fill("Testing a bad figure");
    await page
      .getByRole("button", { name: /Correct the figures for October 2026/ })
      .click();
    await page
      .getByText(/the value cannot be negative/)
      .first()
      .waitFor();
    const oct = (
      listObservations(app.server.db, DEMO_WORKSPACE, "card").card ?? []
    ).find((m) => m.month === "2026-10")!;
    expect(
      oct.indicators.find((i) => i.code === "CDIFF")!.value
    ).toBeGreaterThanOrEqual(0);
    // No float artefacts: the largest limit is shown exactly.
    await context.close();
  });
});
