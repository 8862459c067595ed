/**
 * Performance reviews in the browser (issue 13): the secretary's work at a divisional review —
 * attendance against the terms of reference, minutes and rating — then an action added to the live
 * action log, refused when closed without evidence, closed with it; and a line's schedule re-planned
 * after its level changes, with the re-plan shown and explained.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { seedDemoReviews } from "../../db/seed/reviews";
import { determinationOnDate } from "../../server/repositories/governance";
import { listSeries } from "../../server/repositories/reviews";
import { londonDate } from "../../shared/format/dates";
import { DEMO, DEMO_WORKSPACE } from "../setup/server";
import { appInBrowser } from "./app";

const app = appInBrowser();

beforeAll(() => {
  // Until the demo seed calls it, seed the reviews here (before any action log room is opened).
  if (listSeries(app.server.db, DEMO_WORKSPACE).length === 0) seedDemoReviews(app.server.db, DEMO_WORKSPACE, "2026-12-01");
});

describe("performance reviews", () => {
  it("records a review, keeps its action log, and re-plans a line's schedule after a level change", async () => {
    const { page, context } = await app.signIn(DEMO.executive);
    await page.goto(`/w/${DEMO_WORKSPACE}`);
    await page.getByRole("link", { name: "Reviews", exact: true }).click();
    await page.getByRole("heading", { name: "Performance reviews" }).waitFor();
    await page.getByRole("link", { name: "Surgery divisional performance review" }).click();
    await page.getByTestId("series-schedule").getByRole("link", { name: "10 November 2026" }).click();
    await page.getByRole("heading", { name: "Surgery divisional performance review, 10 November 2026" }).waitFor();
    await page.getByTestId("connection-status").filter({ hasText: "Connected" }).waitFor();

    // Attendance against the terms of reference: one apology, the rest present.
    const names = await page.getByTestId("attendance").locator("tbody th").allInnerTexts();
    expect(names).toHaveLength(7);
    for (const [i, name] of names.entries()) await page.getByLabel(`Attendance of ${name.trim()}`).selectOption(i === 2 ? "apologies" : "present");
    await page.getByRole("button", { name: "Save the attendance" }).click();
    await page.getByRole("status").filter({ hasText: "Attendance recorded: 6 present, quorate." }).waitFor();
    await page.getByTestId("quoracy").filter({ hasText: "Quorate" }).waitFor();

    // Minutes and rating; the meeting is recorded as held.
    await page.getByLabel("Assurance rating").selectOption("limited");
    await page.getByLabel("Minutes").fill("Orthopaedic 18-week performance remains below trajectory; theatre productivity discussed.");
    await page.getByLabel("Held").selectOption("yes");
    await page.getByRole("button", { name: "Save the minutes" }).click();
    await page.getByRole("status").filter({ hasText: "the meeting is recorded as held" }).waitFor();
    await page.getByTestId("meeting-summary").filter({ hasText: "Held" }).waitFor();
    await page.getByTestId("rating").filter({ hasText: "Limited assurance" }).waitFor();
    // The invitees' pack was due two working days before; none was recorded, so it is flagged late.
    await page.getByTestId("pack-invitees").filter({ hasText: "Late: not circulated, due 6 November 2026" }).waitFor();

    // An action in the live log; closing it without evidence is refused with a message.
    await page.getByTestId("connection-status").filter({ hasText: "Connected" }).waitFor();
    await page.getByLabel("Action", { exact: true }).fill("Theatres to report session utilisation by specialty");
    await page.getByLabel("Owner", { exact: true }).selectOption({ label: "Tom Reid" });
    await page.getByLabel("Due date").fill("2027-01-08");
    await page.getByLabel("Objective or KPI (for example RTT18)").fill("THEATRE-UTIL");
    await page.getByRole("button", { name: "Add the action" }).click();
    const card = page.getByTestId("action-SURG-2");
    await card.waitFor();
    await card.getByRole("button", { name: "Close SURG-2" }).click();
    await page.getByTestId("action-log-error").filter({ hasText: "SURG-2 cannot be closed without its evidence" }).waitFor();
    await card.getByLabel("Evidence that SURG-2 is done").fill("Utilisation report by specialty presented at the December theatre board.");
    await card.getByRole("button", { name: "Close SURG-2" }).click();
    await card.waitFor({ state: "detached" });
    await page.getByLabel("Show closed actions").check();
    await page.getByTestId("action-SURG-2").filter({ hasText: "Evidence: Utilisation report by specialty" }).waitFor();
    await expect
      .poll(async () => (await app.server.server.services.collab.read(DEMO_WORKSPACE, { kind: "actions", seriesId: "rs_div_surg" })).actions.find((a) => a.ref === "SURG-2")?.status, { timeout: 5_000 })
      .toBe("closed");

    // A level change re-plans Urology's reviews from next month, and the series page says so.
    const current = determinationOnDate(app.server.db, DEMO_WORKSPACE, "urol", londonDate())?.level ?? 3;
    const next = current <= 2 ? 4 : 1;
    await page.goto(`/w/${DEMO_WORKSPACE}/lines/urol`);
    await page.getByText("Set the level by hand").click();
    await page.getByLabel("Level", { exact: true }).selectOption(String(next));
    await page.getByLabel("Reason").fill("Agreed by the executive team after the Urology deep dive");
    await page.getByRole("button", { name: "Set level" }).click();
    await page.getByRole("status").first().waitFor();
    await page.goto(`/w/${DEMO_WORKSPACE}/reviews/series/rs_sl_urol`);
    const log = page.getByTestId("schedule-log");
    await log.getByRole("row", { name: new RegExp(`re-planned from .*Priya Shah.*Level ${current} → ${next}`) }).waitFor();
    await page.getByTestId("series-frequency").filter({ hasText: `now level ${next}` }).waitFor();
    await context.close();
  });
});
