/**
 * Governance benchmark (issue 11): the authority check and Who decides? on a date against a trust
 * with 50 approved scheme versions and five years of monthly determinations for 60 service lines;
 * and the Board pack for the demo trust. Reads go through the real server over HTTP (sign-in cookie,
 * SQLite file), as a person's browser would. Writes the table into docs/benchmarks.md.
 */
import * as Y from "yjs";
import { appendUpdate } from "../../server/collab/persistence";
import { addDeterminations, addMeeting, addTenure, addVersionEvent, createVersion } from "../../server/repositories/governance";
import { findUserByEmail } from "../../server/repositories/users";
import { addMembership, createWorkspace } from "../../server/repositories/workspaces";
import { contentOfState } from "../../server/governance/service";
import { boardPackInput } from "../../server/governance/pack-input";
import { buildBoardPack } from "../../server/governance/board-pack";
import { addUnit, setTrustName } from "../../shared/collab/structure-doc";
import { setServiceLineLimit, writeScheme } from "../../shared/collab/scheme-doc";
import { writeAutonomyRules, defaultRuleIndicators } from "../../shared/collab/autonomy-rules-doc";
import { defaultAutonomyRules } from "../../shared/autonomy/rules";
import { demoScheme } from "../../shared/delegation/demo";
import { addMonths } from "../../shared/format/dates";
import type { AutonomyLevel } from "../../shared/autonomy/types";
import type { Determination } from "../../shared/governance/types";
import { DEMO, DEMO_WORKSPACE, startTestServer } from "../../test/setup/server";
import { writeBenchSection } from "../lib";

const WS = "bench-gov";
const LINES = 60;
const VERSIONS = 50;
const MONTHS = 60;
const REQUESTS = Number(process.argv.find((a) => a.startsWith("--requests="))?.split("=")[1] ?? 300);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

const t = await startTestServer();
const actor = { id: null, name: "Benchmark" };
createWorkspace(t.db, WS, "Benchmark Trust");
const exec = findUserByEmail(t.db, DEMO.executive)!;
addMembership(t.db, { workspaceId: WS, userId: exec.id, role: "executive" });

// Structure: 6 divisions, 60 service lines.
const sdoc = new Y.Doc();
setTrustName(sdoc, "Benchmark Trust");
addUnit(sdoc, { id: "board", code: "BOARD", name: "Trust Board", kind: "board", parentId: null, leaders: [], budgetHolder: "" });
for (let d = 0; d < 6; d++) addUnit(sdoc, { id: `div${d}`, code: `DIV${d}`, name: `Division ${d}`, kind: "division", parentId: "board", leaders: [], budgetHolder: "" });
for (let i = 0; i < LINES; i++) addUnit(sdoc, { id: `sl${i}`, code: `SL${i}`, name: `Service line ${i}`, kind: "service_line", parentId: `div${i % 6}`, leaders: [], budgetHolder: "" });
appendUpdate(t.db, WS, "structure", Y.encodeStateAsUpdate(sdoc), null);

// 50 versions of the scheme, one approved every five weeks or so over five years, each in force in turn.
const start = "2021-04";
const ddoc = new Y.Doc();
writeScheme(ddoc, demoScheme());
writeAutonomyRules(ddoc, defaultAutonomyRules(), undefined, defaultRuleIndicators());
let seq = appendUpdate(t.db, WS, "delegation", Y.encodeStateAsUpdate(ddoc), null);
const meeting = addMeeting(t.db, WS, { title: "Board of Directors", date: "2021-03-25", part: "public", attendance: [] }, actor);
for (let v = 0; v < VERSIONS; v++) {
  const before = Y.encodeStateVector(ddoc);
  setServiceLineLimit(ddoc, "revenue-nonpay", 2, 101_000 + v * 1_000);
  seq = appendUpdate(t.db, WS, "delegation", Y.encodeStateAsUpdate(ddoc, before), null);
  const state = Y.encodeStateAsUpdate(ddoc);
  const effective = `${addMonths(start, Math.floor((v * MONTHS) / VERSIONS))}-01`;
  const version = createVersion(t.db, { workspaceId: WS, doc: "delegation", number: `${v + 1}.0`, title: `Scheme ${v + 1}.0`, owner: "Board Secretary", narrative: "Benchmark", seq, state, content: contentOfState("delegation", state), editors: [], cover: { purpose: "p", sponsor: "s", author: "a", previousConsideration: "", recommendation: "r" }, reviewBy: `${Number(effective.slice(0, 4)) + 1}-03-31`, proposedEffectiveFrom: effective, date: effective }, actor);
  addVersionEvent(t.db, { workspaceId: WS, versionId: version.id, kind: "approved", date: effective, meetingId: meeting.id, minuteRef: `TB ${v}`, effectiveFrom: effective, reviewBy: `${Number(effective.slice(0, 4)) + 1}-03-31` }, actor);
}
// Five years of monthly determinations for every line, and a tenure per line.
const dets: Omit<Determination, "id">[] = [];
for (let i = 0; i < LINES; i++) {
  for (let m = 0; m < MONTHS; m++) {
    dets.push({ unitId: `sl${i}`, effectiveFrom: `${addMonths(start, m)}-01`, level: (((i + m) % 4) + 1) as AutonomyLevel, computedLevel: null, basisMonth: addMonths(start, m - 1), rulesVersionId: null, figuresHash: null, source: "figures", reason: "Benchmark" });
  }
  addTenure(t.db, WS, { person: `Dr Lead ${i}`, role: "Clinical Lead", levelId: "service-line", unitId: `sl${i}`, from: "2020-01-01", to: null, acting: false }, actor);
}
addDeterminations(t.db, WS, dets, actor);
addTenure(t.db, WS, { person: "Finance Director", role: "Director of Finance", levelId: "executive", unitId: null, from: "2020-01-01", to: null, acting: false }, actor);

const cookie = await t.signIn(DEMO.executive);
const dates = Array.from({ length: REQUESTS }, (_, i) => `${addMonths(start, (i * 7) % MONTHS)}-${String((i % 27) + 1).padStart(2, "0")}`);
async function measure(pathFor: (i: number) => string, check: RegExp): Promise<number[]> {
  // Warm-up, then timed requests one at a time.
  for (let i = 0; i < 20; i++) await (await fetch(`${t.baseUrl}${pathFor(i)}`, { headers: { Cookie: cookie } })).text();
  const out: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const s = performance.now();
    const res = await fetch(`${t.baseUrl}${pathFor(i)}`, { headers: { Cookie: cookie } });
    const body = await res.text();
    out.push(performance.now() - s);
    if (!check.test(body)) throw new Error(`Unexpected answer for ${pathFor(i)}`);
  }
  return out;
}
const ask = await measure((i) => `/w/${WS}/ask?line=sl${i % LINES}&decision=revenue-nonpay&amount=120000&on=${dates[i]}`, /Approve at:/);
const authority = await measure((i) => `/w/${WS}/governance/authority?line=sl${i % LINES}&decision=revenue-nonpay&amount=120000&on=${dates[i]}&approver=Dr+Lead+${i % LINES}`, /(Within|Outside) authority/);

// The demo trust's Board pack for scheme v4.0.
const v40 = t.db.$client.prepare("SELECT id FROM doc_versions WHERE workspace_id = ? AND doc = 'delegation' AND number = '4.0'").get(DEMO_WORKSPACE) as { id: string };
const packTimes: number[] = [];
let pages = 0;
for (let r = 0; r < 3; r++) {
  const s = performance.now();
  const input = boardPackInput(t.db, DEMO_WORKSPACE, "Riverside University Hospitals NHS Foundation Trust", v40.id, "Benchmark", "2026-12-01")!;
  const pack = await buildBoardPack(input);
  packTimes.push(performance.now() - s);
  pages = pack.pages;
}
await t.stop();

const ms = (x: number) => `${x.toFixed(1)} ms`;
const table = [
  `Measured ${new Date().toISOString().slice(0, 10)} on this machine (${REQUESTS} sequential requests each over loopback, signed in, real SQLite file).`,
  `Data: ${VERSIONS} approved scheme versions, ${LINES} service lines with ${MONTHS} monthly determinations each (${LINES * MONTHS} in all).`,
  "",
  "| measure | p50 | p99 | max |",
  "| --- | --- | --- | --- |",
  `| Who decides? on a date (page, HTTP) | ${ms(pct(ask, 50))} | ${ms(pct(ask, 99))} | ${ms(Math.max(...ask))} |`,
  `| authority check on a date (page, HTTP) | ${ms(pct(authority, 50))} | ${ms(pct(authority, 99))} | ${ms(Math.max(...authority))} |`,
  "",
  "| Board pack (demo scheme v4.0) | median of 3 | pages |",
  "| --- | --- | --- |",
  `| assemble and build the PDF | ${(pct(packTimes, 50) / 1000).toFixed(2)} s | ${pages} |`,
].join("\n");
console.log(table);

writeBenchSection("## Governance: Who decides? and authority checks on a date; the Board pack", "governance-bench", table);
