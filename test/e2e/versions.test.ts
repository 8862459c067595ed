import fs from "node:fs";
import path from "node:path";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { describe, expect, it } from "vitest";
import { addDays, formatDate, londonDate } from "../../shared/format/dates";
import { DEMO, DEMO_WORKSPACE } from "../setup/server";
import { appInBrowser } from "./app";

const app = appInBrowser();
const W = `/w/${DEMO_WORKSPACE}`;
const today = londonDate();
const standardFontDataUrl = path.join(process.cwd(), "node_modules/pdfjs-dist/standard_fonts") + path.sep;

async function pdfText(file: string): Promise<{ pages: number; text: string }> {
  const doc = await getDocument({ data: new Uint8Array(fs.readFileSync(file)), standardFontDataUrl, verbosity: 0, isEvalSupported: false }).promise;
  const parts: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    parts.push(content.items.map((i) => ("str" in i ? i.str : "")).join(" "));
  }
  const pages = doc.numPages;
  await doc.destroy();
  return { pages, text: parts.join(" ").replace(/\s+/g, " ") };
}

describe("versions and Board approval in the browser", () => {
  it("is proposed by the executive, recommended and approved at a recorded quorate meeting, then in force", async () => {
    // The executive proposes the draft (which carries the demo's pending v5.0 changes).
    const { page: exec, context: execContext } = await app.signIn(DEMO.executive);
    await exec.goto(`${W}/versions`);
    await exec.getByTestId("versions-delegation").getByRole("link", { name: "Propose the draft as a new version" }).click();
    await exec.getByRole("heading", { name: "Propose a new version of the scheme of delegation" }).waitFor();
    await expect(exec.getByTestId("changes").innerText()).resolves.toContain("Spend the service line's own capital allocation, service line at level 2: £25,000 → £50,000");
    await exec.getByLabel("Title").fill("Scheme of reservation and delegation 2027/28");
    await exec.getByLabel("Owner").fill("Helen Carter, Board Secretary");
    await exec.getByLabel("What changed and why").fill("Annual review: more autonomy for level 2 lines.");
    await exec.getByLabel("To take effect from").fill(formatDate(today));
    await exec.getByLabel("Review by").fill(formatDate(addDays(today, 300)));
    await exec.getByLabel("Purpose").fill("To approve the annual review of the scheme.");
    await exec.getByLabel("Executive sponsor").fill("Priya Shah, Director of Finance");
    await exec.getByLabel("Recommendation").fill("The Board is asked to approve version 5.0.");
    await exec.getByRole("button", { name: "Propose this version" }).click();
    await exec.getByRole("heading", { name: /Version 5\.0/ }).waitFor();
    await exec.getByTestId("version-status").filter({ hasText: "Proposed" }).waitFor();
    const versionUrl = new URL(exec.url()).pathname;
    // The executive proposes but does not record Board business.
    expect(await exec.getByRole("heading", { name: "Record the next step" }).count()).toBe(0);
    await execContext.close();

    // The Board Secretary records the Audit Committee's recommendation …
    const { page: sec, context: secContext } = await app.signIn(DEMO.admin);
    await sec.goto(versionUrl);
    const rec = sec.getByRole("form", { name: "Recommended by a committee" });
    await rec.getByLabel("Committee").fill("Audit Committee");
    await rec.getByLabel("Date of the meeting").fill(formatDate(today));
    await rec.getByLabel("Minute reference").fill("AC 26/140");
    await rec.getByRole("button").click();
    await sec.getByText("Recommended by a committee: recorded with your name.").waitFor();

    // … records today's Board meeting and its attendance …
    await sec.goto(`${W}/governance/board`);
    await sec.getByLabel("Date of the meeting").fill(formatDate(today));
    await sec.getByRole("button", { name: "Choose date" }).click();
    const meeting = sec.getByRole("form", { name: `Record the meeting of ${formatDate(today)}` });
    await meeting.waitFor();
    for (const name of ["Dame Elizabeth Hart", "Professor Sarah Whitfield", "Mark Ellis", "Anil Mehta", "Dr James Okafor", "Priya Shah", "Angela Moore", "Helen Carter"]) {
      await meeting.getByLabel(new RegExp(`^${name},`)).check();
    }
    await meeting.getByRole("button", { name: "Record meeting" }).click();
    await sec.getByText(/recorded, with 8 present/).waitFor();

    // … and the Board's resolution at it.
    await sec.goto(versionUrl);
    const approve = sec.getByRole("form", { name: "Approved by Board resolution" });
    await approve.getByLabel("Board meeting").selectOption({ label: `Board of Directors (meeting in public), ${formatDate(today)}` });
    await approve.getByText("Declared conflicts of interest for this item").waitFor();
    await approve.getByLabel("Board minute reference").fill("TB 26/150");
    await approve.getByRole("button").click();
    await sec.getByText("Approved by Board resolution: recorded with your name.").waitFor();
    // The page's data reloads after the action: wait for the status it shows then.
    await sec.getByTestId("version-status").filter({ hasText: "In force" }).waitFor();

    // Who decides? now answers from version 5.0.
    await sec.goto(`${W}/ask?line=card&decision=capital-own&amount=40000`);
    await expect(sec.getByTestId("answer-headline").innerText()).resolves.toContain("Service line");
    await expect(sec.getByTestId("answer-source").innerText()).resolves.toContain("Scheme of delegation v5.0");

    // The Board pack builds with progress shown and its text can be read.
    await sec.goto(versionUrl);
    const download = sec.waitForEvent("download");
    await sec.getByTestId("board-pack").click();
    const file = await (await download).path();
    const pack = await pdfText(file!);
    expect(pack.pages).toBeGreaterThan(5);
    expect(pack.text).toContain("The Board is asked to approve version 5.0.");
    expect(pack.text).toContain("Spend the service line's own capital allocation");
    expect(pack.text).toContain("Cardiology");
    expect(pack.text).toMatch(/Page 1 of \d+/);
    await sec.screenshot({ path: "/tmp/devolve-version-page.png", fullPage: true });
    await secContext.close();
  });

  it("shows a viewer the published versions and no approval controls", async () => {
    const { page, context } = await app.signIn(DEMO.viewer);
    await page.goto(`${W}/versions`);
    await expect(page.getByTestId("versions-delegation").innerText()).resolves.toContain("Approved by the Board of Directors on 26 March 2026");
    expect(await page.getByRole("link", { name: "Propose the draft as a new version" }).count()).toBe(0);
    await page.getByRole("link", { name: /3\.2: Scheme of reservation and delegation/ }).click();
    await expect(page.getByTestId("version-history").innerText()).resolves.toContain("Recommended by a committee on 12 March 2025, Audit Committee");
    expect(await page.getByRole("heading", { name: "Record the next step" }).count()).toBe(0);
    await context.close();
  });
});
