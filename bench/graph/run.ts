/**
 * Org-graph benchmark: a 500-unit structure opened in headless Chromium. Reports the time from
 * navigation to the chart's first render and the frame times while a node is dragged, and writes the
 * table into docs/benchmarks.md (between the graph-bench markers).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as Y from "yjs";
import { appendUpdate } from "../../server/collab/persistence";
import { findUserByEmail } from "../../server/repositories/users";
import { addMembership, createWorkspace } from "../../server/repositories/workspaces";
import { addUnit, setTrustName } from "../../shared/collab/structure-doc";
import type { UnitKind } from "../../shared/structure";
import { launchBrowser, signedInPage } from "../../test/e2e/browser";
import { DEMO, startTestServer } from "../../test/setup/server";

const RUNS = Number(process.argv.find((a) => a.startsWith("--runs="))?.split("=")[1] ?? 3);

/** A deterministic structure of `n` units: board → 10 divisions → service lines → subs → PODs. */
function bigStructure(n: number): Y.Doc {
  const doc = new Y.Doc();
  setTrustName(doc, "Benchmark Trust");
  let count = 0;
  const add = (kind: UnitKind, parentId: string | null, i: number) => {
    const id = `${kind.slice(0, 3)}${i}`;
    const res = addUnit(doc, { id, code: id.toUpperCase(), name: `${kind.replace(/_/g, " ")} ${i}`, kind, parentId, leaders: [{ role: "Clinical Lead", name: `Dr Person ${i}` }, { role: "Manager", name: `Manager ${i}` }], budgetHolder: "" });
    if ("error" in res) throw new Error(res.error);
    count++;
    return id;
  };
  const board = add("board", null, 0);
  const divisions = Array.from({ length: 10 }, (_, i) => add("division", board, i));
  const lines = Array.from({ length: 60 }, (_, i) => add("service_line", divisions[i % 10], i));
  const subs = Array.from({ length: 120 }, (_, i) => add("sub_service_line", lines[i % 60], i));
  for (let i = 0; count < n; i++) add("pod", i % 2 ? subs[i % 120] : lines[i % 60], i);
  return doc;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

const t = await startTestServer();
createWorkspace(t.db, "bench500", "Benchmark Trust");
addMembership(t.db, { workspaceId: "bench500", userId: findUserByEmail(t.db, DEMO.editor)!.id, role: "editor" });
appendUpdate(t.db, "bench500", "structure", Y.encodeStateAsUpdate(bigStructure(500)), null);
const browser = await launchBrowser();
const results: { firstRender: number; nodes: number; p50: number; p95: number; max: number; frames: number }[] = [];
try {
  for (let run = 0; run < RUNS; run++) {
    const { page, context } = await signedInPage(browser, t.baseUrl, DEMO.editor);
    const start = Date.now();
    await page.goto("/w/bench500/structure");
    await page.locator(".react-flow__node").first().waitFor();
    await page.waitForFunction(() => document.querySelectorAll(".react-flow__node").length >= 400, null, { timeout: 60_000 });
    const firstRender = Date.now() - start;
    const nodes = await page.locator(".react-flow__node").count();
    // Zoom in on one node so the drag is a real pointer drag, then record frame times during it.
    await page.getByLabel("Find a unit").fill("service line 7");
    await page.getByLabel("Find a unit").press("Enter");
    await page.waitForTimeout(500);
    const box = (await page.getByTestId("unit-node-SER7").boundingBox())!;
    // A string, not a function: tsx's helpers would not exist inside the page.
    await page.evaluate(`(() => {
      window.__frames = [];
      window.__rec = true;
      let last = performance.now();
      const tick = (now) => { window.__frames.push(now - last); last = now; if (window.__rec) requestAnimationFrame(tick); };
      requestAnimationFrame(tick);
    })()`);
    await page.mouse.move(box.x + box.width / 2, box.y + 20);
    await page.mouse.down();
    for (let i = 1; i <= 60; i++) await page.mouse.move(box.x + box.width / 2 + i * 4, box.y + 20 + i * 2);
    await page.mouse.up();
    const frames = (await page.evaluate(`(() => { window.__rec = false; return window.__frames.slice(1); })()`)) as number[];
    results.push({ firstRender, nodes, p50: pct(frames, 50), p95: pct(frames, 95), max: Math.max(...frames), frames: frames.length });
    await context.close();
  }
} finally {
  await browser.close();
  await t.stop();
}

const row = (label: string, pick: (r: (typeof results)[number]) => number, unit = "ms") => `| ${label} | ${results.map((r) => `${pick(r).toFixed(0)} ${unit}`).join(" | ")} | **${median(results.map(pick)).toFixed(0)} ${unit}** |`;
const table = [
  `Org graph with 500 units in headless Chromium (${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; ${RUNS} runs; ${new Date().toISOString().slice(0, 10)}).`,
  "",
  `| measure | ${results.map((_, i) => `run ${i + 1}`).join(" | ")} | median |`,
  `| --- | ${results.map(() => "---").join(" | ")} | --- |`,
  row("navigation to the chart drawn (page load, sync over WebSocket, ELK layout, render)", (r) => r.firstRender),
  row("nodes drawn in the first view (React Flow draws only what is in view)", (r) => r.nodes, ""),
  row("frame time while dragging, p50", (r) => r.p50),
  row("frame time while dragging, p95", (r) => r.p95),
  row("frame time while dragging, max", (r) => r.max),
  row("frames recorded during the drag", (r) => r.frames, ""),
  "",
  "Target: interactive, well under 50 ms a frame while dragging.",
].join("\n");
console.log(table);

const file = path.join(path.dirname(new URL(import.meta.url).pathname), "../../docs/benchmarks.md");
const HEADING = "## Org graph (500 units)";
const START = "<!-- graph-bench:start -->";
const END = "<!-- graph-bench:end -->";
// The heading stays outside the markers, so other benchmarks that replace "their" section up to the
// next heading leave this one whole.
const body = `${START}\n${table}\n${END}`;
const current = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "# Benchmarks\n";
fs.writeFileSync(file, current.includes(START) ? current.replace(new RegExp(`${START}[\\s\\S]*?${END}`), body) : `${current.trimEnd()}\n\n${HEADING}\n\n${body}\n`);
