/**
 * The integrated performance report's server time (issue 14): GET /w/:ws/report for the whole trust,
 * over HTTP against the real server, for the demo trust and for a synthetic trust of 60 service lines
 * × 25 indicators × 36 months. Writes the table into docs/benchmarks.md.
 */
import * as Y from "yjs";
import { appendUpdate } from "../../server/collab/persistence";
import { saveObservations } from "../../server/repositories/performance";
import { findUserByEmail } from "../../server/repositories/users";
import { addMembership, createWorkspace } from "../../server/repositories/workspaces";
import type { MonthObservation } from "../../shared/autonomy/types";
import { addUnit, setTrustName } from "../../shared/collab/structure-doc";
import { addMonths } from "../../shared/format/dates";
import { DEMO, DEMO_WORKSPACE, startTestServer } from "../../test/setup/server";
import { fnv, writeBenchSection } from "../lib";

const LINES = 60;
const INDICATORS = 25;
const MONTHS = 36;
const REQUESTS = Number(process.argv.find((a) => a.startsWith("--requests="))?.split("=")[1] ?? 30);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;


const t = await startTestServer();
const WS = "bench-ipr";
createWorkspace(t.db, WS, "Benchmark Trust");
addMembership(t.db, { workspaceId: WS, userId: findUserByEmail(t.db, DEMO.executive)!.id, role: "executive" });
const sdoc = new Y.Doc();
setTrustName(sdoc, "Benchmark Trust");
addUnit(sdoc, { id: "board", code: "BOARD", name: "Trust Board", kind: "board", parentId: null, leaders: [], budgetHolder: "" });
for (let d = 0; d < 6; d++) addUnit(sdoc, { id: `div${d}`, code: `DIV${d}`, name: `Division ${d}`, kind: "division", parentId: "board", leaders: [], budgetHolder: "" });
for (let i = 0; i < LINES; i++) addUnit(sdoc, { id: `sl${i}`, code: `SL${i}`, name: `Service line ${i}`, kind: "service_line", parentId: `div${i % 6}`, leaders: [], budgetHolder: "" });
appendUpdate(t.db, WS, "structure", Y.encodeStateAsUpdate(sdoc), null);
const months = Array.from({ length: MONTHS }, (_, m) => addMonths("2023-12", m));
const byUnit: Record<string, MonthObservation[]> = {};
for (let i = 0; i < LINES; i++) {
  byUnit[`sl${i}`] = months.map((month, m) => ({
    month,
    indicators: Array.from({ length: INDICATORS }, (_, k) => ({
      code: `K${k}`,
      name: `Indicator ${k}`,
      kind: k % 2 ? ("performance" as const) : ("quality" as const),
      value: 50 + 20 * fnv(`${i}:${k}:${m}`) + (m > 20 && k % 5 === 0 ? 8 : 0),
      target: 55,
      direction: k % 3 ? ("higher" as const) : ("lower" as const),
      key: k < 3,
      unit: "%",
    })),
  }));
}
saveObservations(t.db, { workspaceId: WS, byUnit, source: "seed", enteredBy: null });

const cookie = await t.signIn(DEMO.executive);
async function time(url: string): Promise<number[]> {
  for (let i = 0; i < 3; i++) await (await fetch(`${t.baseUrl}${url}`, { headers: { Cookie: cookie } })).text();
  const out: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const s = performance.now();
    const res = await fetch(`${t.baseUrl}${url}`, { headers: { Cookie: cookie } });
    const body = await res.text();
    out.push(performance.now() - s);
    if (res.status !== 200 || !body.includes("Variation")) throw new Error(`Unexpected report response ${res.status}`);
  }
  return out;
}
const demo = await time(`/w/${DEMO_WORKSPACE}/report`);
const big = await time(`/w/${WS}/report`);
await t.stop();

const ms = (x: number) => `${x.toFixed(0)} ms`;
const table = [
  `Measured ${new Date().toISOString().slice(0, 10)} on this machine: ${REQUESTS} sequential GETs of the whole-trust report over loopback, signed in, real SQLite file.`,
  "",
  "| trust | series | p50 | p99 | max |",
  "| --- | --- | --- | --- | --- |",
  `| the demo trust (17 lines, 24 months) | as seeded | ${ms(pct(demo, 50))} | ${ms(pct(demo, 99))} | ${ms(Math.max(...demo))} |`,
  `| synthetic: ${LINES} lines × ${INDICATORS} indicators × ${MONTHS} months | ${LINES * INDICATORS} | ${ms(pct(big, 50))} | ${ms(pct(big, 99))} | ${ms(Math.max(...big))} |`,
].join("\n");
console.log(table);

writeBenchSection("## Integrated performance report (server time of the whole-trust page)", "ipr-bench", table);
