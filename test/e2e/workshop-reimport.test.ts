import { describe, expect, it } from "vitest";
import { PERFORMANCE_COLUMNS, performanceToRows, type MonthObservation } from "../../shared/autonomy";
import { canonicalFigures } from "../../shared/governance/determinations";
import { writeCsv } from "../../server/imports/spreadsheet";
import { listMonthChanges, listObservations } from "../../server/repositories/performance";
import { DEMO, DEMO_WORKSPACE } from "../setup/server";
import { appInBrowser } from "./app";

// Issue 16: "re-importing a month already held overwrites it without a correction reason". An import
// that changes a held month names the months and needs a reason, kept in the month's history; a
// locked month is refused; the same figures again are not a correction.
const app = appInBrowser();
const W = `/w/${DEMO_WORKSPACE}`;
const UPLOAD = "Performance figures (CSV or Excel .xlsx, up to 5 MB)";
const held = (month: string) => (listObservations(app.server.db, DEMO_WORKSPACE, "card").card ?? []).find((m) => m.month === month)!;
/** The month with one figure changed: the finance actual if held, otherwise policy adherence. */
const changed = (m: MonthObservation): MonthObservation =>
  m.finance ? { ...m, finance: { ...m.finance, actual: m.finance.actual + 12_345 } } : { ...m, policy: { adherent: !(m.policy?.adherent ?? true) } };
const csvOf = (m: MonthObservation) => Buffer.from(writeCsv([...PERFORMANCE_COLUMNS], performanceToRows({ CARD: [m] })));

describe("re-importing months already held", () => {
  it("names the months a file changes, needs a reason, keeps it in the history, and refuses locked months", async () => {
    const { page, context } = await app.signIn(DEMO.editor);
    await page.goto(`${W}/autonomy`);
    const before = held("2026-11");
    const after = changed(before);
    const upload = page.getByLabel(UPLOAD);

    // The check says which held months the file changes.
    await upload.setInputFiles({ name: "november-restated.csv", mimeType: "text/csv", buffer: csvOf(after) });
    await page.getByRole("button", { name: "Check file" }).click();
    const corrections = page.getByTestId("import-result").getByTestId("import-corrections");
    await corrections.getByText("This file changes 1 month already held. Give the reason for the correction before you import:").waitFor();
    await corrections.getByText("Cardiology, November 2026").waitFor();

    // Importing without a reason is refused and changes nothing.
    await upload.setInputFiles({ name: "november-restated.csv", mimeType: "text/csv", buffer: csvOf(after) });
    await page.getByRole("button", { name: "Import", exact: true }).click();
    await page.getByTestId("import-errors").getByText("This file changes figures already held for Cardiology November 2026. Give the reason for the correction and import again.").waitFor();
    expect(held("2026-11")).toEqual(before);
    expect(listMonthChanges(app.server.db, DEMO_WORKSPACE, "card")).toEqual([]);

    // With a reason: imported, and the month's history keeps the reason and what it held.
    await upload.setInputFiles({ name: "november-restated.csv", mimeType: "text/csv", buffer: csvOf(after) });
    await page.getByLabel("Reason for correcting months already held (optional)").fill("Finance re-stated November after the ledger closed");
    await page.getByRole("button", { name: "Import", exact: true }).click();
    await page.getByTestId("import-result").getByText(/1 month already held was corrected/).waitFor();
    expect(held("2026-11")).toEqual(after);
    const history = listMonthChanges(app.server.db, DEMO_WORKSPACE, "card");
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ month: "2026-11", kind: "correct", reason: "Finance re-stated November after the ledger closed" });
    // Kept as canonicalFigures writes it (indicators in code order), so compared that way.
    expect(canonicalFigures(history[0]!.before)).toBe(canonicalFigures(before));

    // The same figures again change nothing, so no reason is asked for and no history is added.
    await page.goto(`${W}/autonomy`);
    await page.getByLabel(UPLOAD).setInputFiles({ name: "november-again.csv", mimeType: "text/csv", buffer: csvOf(after) });
    await page.getByRole("button", { name: "Import", exact: true }).click();
    await page.getByTestId("import-result").getByText(/Imported \d+ rows from november-again\.csv/).waitFor();
    expect(await page.getByTestId("import-corrections").count()).toBe(0);
    expect(listMonthChanges(app.server.db, DEMO_WORKSPACE, "card")).toHaveLength(1);

    // A month a determination used is locked: refused even with a reason.
    const locked = held("2025-05");
    await page.getByLabel(UPLOAD).setInputFiles({ name: "may-2025.csv", mimeType: "text/csv", buffer: csvOf(changed(locked)) });
    await page.getByLabel("Reason for correcting months already held (optional)").fill("Trying to change a month a determination used");
    await page.getByRole("button", { name: "Import", exact: true }).click();
    await page.getByTestId("import-errors").getByText(/May 2025 for Cardiology is locked: it was used by the level \d determination/).first().waitFor();
    expect(held("2025-05")).toEqual(locked);
    await context.close();
  });
});
