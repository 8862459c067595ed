import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { describe, expect, it } from "vitest";
import { inForceOn } from "../../server/governance/service";
import { londonDate } from "../../shared/format/dates";
import { DEMO, DEMO_WORKSPACE } from "../setup/server";
import { appInBrowser } from "./app";

// Issue 16, "Readable at a glance": the PNG/SVG export and the printed scheme are A4-friendly.
const app = appInBrowser();
const W = `/w/${DEMO_WORKSPACE}`;
const standardFontDataUrl = path.join(process.cwd(), "node_modules/pdfjs-dist/standard_fonts") + path.sep;
const squash = (s: string) => s.replace(/\s+/g, "");

interface PdfPage {
  width: number;
  height: number;
  items: { text: string; x: number; y: number }[];
  text: string;
}

async function readPdf(pdf: Uint8Array): Promise<PdfPage[]> {
  const doc = await getDocument({ data: new Uint8Array(pdf), standardFontDataUrl, verbosity: 0, isEvalSupported: false, useSystemFonts: false }).promise;
  const pages: PdfPage[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const [, , width, height] = page.view as [number, number, number, number];
    const items = (await page.getTextContent()).items.flatMap((i) => ("str" in i && i.str.trim() ? [{ text: i.str, x: i.transform[4] as number, y: i.transform[5] as number }] : []));
    pages.push({ width, height, items, text: items.map((i) => i.text).join(" ") });
  }
  return pages;
}

async function download(page: Page, button: string) {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: button }).click()]);
  return { name: file.suggestedFilename(), bytes: fs.readFileSync(await file.path()) };
}

/** A PNG's width and height, from its header. */
const pngSize = (b: Buffer) => ({ png: b.subarray(1, 4).toString("latin1"), width: b.readUInt32BE(16), height: b.readUInt32BE(20) });

describe("workshop-grade editing: A4-friendly chart and scheme", () => {
  it("prints the org chart on numbered A4 landscape pages with the version and its approval, every name whole; SVG and PNG downloads are the same pages", async () => {
    const { page, context } = await app.signIn(DEMO.viewer);
    const inForce = inForceOn(app.server.db, DEMO_WORKSPACE, "structure", londonDate());
    expect(inForce).not.toBeNull();

    // The structure screen offers the chart: the downloads draw the draft it shows, and say so.
    await page.goto(`${W}/structure`);
    await page.getByTestId("connection-status").filter({ hasText: "Connected" }).waitFor();
    await page.getByTestId("outline-CARD").waitFor();
    const svg = await download(page, "Download chart (SVG)");
    expect(svg.name).toBe("structure-chart.svg");
    const svgText = svg.bytes.toString("utf8");
    expect(svgText.startsWith("<?xml")).toBe(true);
    const sheets = (svgText.match(/Page \d+ of \d+/g) ?? []).length;
    expect(sheets).toBeGreaterThan(1);
    expect(svgText).toContain(`Page ${sheets} of ${sheets}`);
    expect(svgText.split("· Draft — not approved").length - 1).toBe(sheets);
    const png = await download(page, "Download chart (PNG)");
    expect(png.name).toBe("structure-chart.png");
    // Print resolution: each 297 mm sheet 1,755 dots wide (150 to the inch).
    expect(pngSize(png.bytes)).toMatchObject({ png: "PNG", width: 1755 });
    expect(pngSize(png.bytes).height).toBeGreaterThan(sheets * 1240);

    // The printable chart shows the version in force, with its approval.
    await page.getByRole("link", { name: "Printable chart (A4)" }).click();
    await page.waitForURL(`**${W}/structure/chart`);
    const versionLine = (await page.getByTestId("chart-version").locator("strong").textContent())!;
    expect(versionLine).toMatch(new RegExp(`^Version ${inForce!.version.number.replace(".", "\\.")}, approved by the (Board|Chair's action) on \\d{1,2} [A-Z][a-z]+ \\d{4}$`));
    await page.getByTestId("chart-sheet").first().waitFor();
    const count = await page.getByTestId("chart-sheet").count();

    const pages = await readPdf(await page.pdf({ preferCSSPageSize: true, printBackground: true }));
    // One A4 landscape sheet per page, no blank page after them.
    expect(pages.length).toBe(count);
    for (const [i, p] of pages.entries()) {
      expect(Math.round(p.width)).toBe(842);
      expect(Math.round(p.height)).toBe(595);
      expect(squash(p.text)).toContain(squash(`Page ${i + 1} of ${count}`));
      expect(squash(p.text)).toContain(squash(versionLine));
      expect(p.text).toMatch(/Printed \d{1,2} [A-Z][a-z]+ \d{4}/);
    }
    // Every unit of the version is drawn with its whole name (wrapped, never cut).
    const all = squash(pages.map((p) => p.text).join(" "));
    const missing = inForce!.content.units.filter((u) => !all.includes(squash(u.name))).map((u) => u.name);
    expect(missing).toEqual([]);
    // The draft can be charted instead, marked as such.
    await page.getByRole("link", { name: "Chart the draft instead" }).click();
    await page.getByTestId("chart-version").getByText("Draft — not approved").waitFor();
    await context.close();
  });

  it("prints the scheme with no half-empty page, each page numbered and naming its version and approval", async () => {
    const { page, context } = await app.signIn(DEMO.viewer);
    await page.goto(`${W}/delegation/print`);
    const label = (await page.getByTestId("print-version").locator("strong").textContent())!;
    // The page's own margin-box rule (its version line) must be in place before printing.
    await page.waitForLoadState("networkidle");
    expect(label).toMatch(/^Scheme of delegation v\S+, in force from .+ \(approved by the .+\)$/);
    const pages = await readPdf(await page.pdf({ format: "A4" }));
    expect(pages.length).toBeGreaterThan(3);
    // The page's margins (12 mm top, 16 mm bottom) hold the running header and footer.
    const top = (12 / 25.4) * 72;
    const bottom = (16 / 25.4) * 72;
    const fills: number[] = [];
    for (const [i, p] of pages.entries()) {
      expect(squash(p.text)).toContain(squash(`Page ${i + 1} of ${pages.length}`));
      expect(squash(p.text)).toContain(squash(label));
      const body = p.items.filter((it) => it.y > bottom && it.y < p.height - top);
      const lowest = Math.min(...body.map((it) => it.y));
      fills.push((p.height - top - lowest) / (p.height - top - bottom));
    }
    // Every page but the last is at least half full.
    expect(fills.slice(0, -1).filter((f) => f < 0.5)).toEqual([]);
    // The whole scheme is there: the last area's heading and the first decision.
    const all = pages.map((p) => p.text).join(" ");
    expect(all).toContain("Earned autonomy");
    expect(all).toContain("Recruit to a funded post");
    await context.close();
  });
});
