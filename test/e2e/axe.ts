import fs from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";

const require = createRequire(import.meta.url);
/** axe-core's browser build, read once; evaluated in the page (devtools evaluation is not bound by the app's CSP). */
const AXE_SOURCE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

/** One failing rule as axe reports it, cut to what a person needs to find and fix it. */
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  targets: string[];
}

/** The impacts that fail a test: WCAG 2.2 AA barriers a person would hit, not advice. */
const FAILING = new Set(["serious", "critical"]);

/**
 * Runs axe-core on the page as it stands (WCAG 2.0–2.2 A and AA rules) and returns the serious and
 * critical violations. `exclude` names selectors outside the app's control.
 */
export async function axeViolations(page: Page, exclude: string[] = []): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== "undefined");
  if (!loaded) await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate(async (excluded) => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string; impact: string | null; help: string; helpUrl: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const context = excluded.length ? { exclude: excluded.map((s) => [s]) } : document;
    const r = await axe.run(context, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] }, resultTypes: ["violations"] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, targets: v.nodes.slice(0, 5).map((n) => n.target.map(String).join(" ")) }));
  }, exclude);
  return results.filter((v) => FAILING.has(v.impact ?? ""));
}

/** A readable list of violations for a failing assertion's message. */
export function describeViolations(where: string, list: AxeViolation[]): string {
  if (!list.length) return `${where}: no serious or critical accessibility violations`;
  return [`${where}: ${list.length} serious or critical accessibility violation(s)`, ...list.map((v) => `  - [${v.impact}] ${v.id}: ${v.help}\n      at ${v.targets.join(" | ")}\n      ${v.helpUrl}`)].join("\n");
}

/** Fails with the readable list when the page has serious or critical violations. */
export async function expectAccessible(page: Page, where: string, exclude: string[] = []): Promise<void> {
  const list = await axeViolations(page, exclude);
  if (list.length) throw new Error(describeViolations(where, list));
}

/** Headings that skip a level (an h1 followed by an h3): the outline a screen reader lists must not have gaps. */
export async function headingJumps(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    let previous = 0;
    for (const h of Array.from(document.querySelectorAll<HTMLElement>("h1, h2, h3, h4, h5, h6"))) {
      if (h.closest("[hidden], [aria-hidden='true']")) continue;
      const level = Number(h.tagName.slice(1));
      if (previous && level > previous + 1) out.push(`h${previous} → h${level} "${(h.textContent ?? "").trim().slice(0, 60)}"`);
      previous = level;
    }
    return out;
  });
}
