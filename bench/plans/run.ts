/**
 * Plans benchmark (issue 12): the trust roll-up over 60 service lines × 12 months recomputed after
 * one edit (a budget line's phasing changed in one line's plan). Measured two ways: re-reading every
 * plan document (what the roll-up pages do on a cold read), and re-reading only the edited plan with
 * the other 59 snapshots kept (what the collaboration server's read cache gives them, since
 * `collab.read` re-reads a document only after it changes). Prints p50/p99 and writes the table into
 * docs/benchmarks.md.
 */
import * as Y from "yjs";
import { addRow, addTarget, readPlan, setGuidance, setRowFields, type Plan } from "../../shared/collab/plan-doc";
import { phase } from "../../shared/plans/budget";
import { divisionRollup, ratioRollups, trustRollup } from "../../shared/plans/rollup";
import { writeBenchSection } from "../lib";

const LINES = 60;
const DIVISIONS = 6;
const RUNS = Number(process.argv.find((a) => a.startsWith("--runs="))?.split("=")[1] ?? 400);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

// 60 plans as a trust would write them: 2 income, 4 pay, 3 non-pay and 1 recharge line, 4 schemes,
// 6 targets (2 planned as numerator and denominator), each phased over 12 months.
const docs: Y.Doc[] = [];
const budgetIds: string[] = [];
for (let i = 0; i < LINES; i++) {
  const doc = new Y.Doc();
  const income = 10_000_000 + i * 377_003;
  const id = (addRow(doc, "budget", { category: "income", label: "ICB", annual: Math.round(income * 0.8), months: phase(Math.round(income * 0.8)) }) as { id: string }).id;
  budgetIds.push(id);
  addRow(doc, "budget", { category: "income", label: "NHS England", annual: income - Math.round(income * 0.8), months: phase(income - Math.round(income * 0.8)) });
  for (const g of ["Medical", "Nursing", "AHP", "Admin"]) addRow(doc, "budget", { category: "pay", label: g, annual: Math.round(income * 0.13), wte: 20, months: phase(Math.round(income * 0.13)) });
  for (const g of ["Drugs", "Devices", "Other"]) addRow(doc, "budget", { category: "nonpay", label: g, annual: Math.round(income * 0.07), months: phase(Math.round(income * 0.07)) });
  addRow(doc, "budget", { category: "recharge", label: "Overheads", annual: Math.round(income * 0.15), months: phase(Math.round(income * 0.15)) });
  for (let s = 0; s < 4; s++) addRow(doc, "cip", { name: `Scheme ${s}`, fullYear: 50_000, inYear: 40_000, months: phase(40_000) });
  for (let k = 0; k < 6; k++) {
    const ratio = k < 2;
    addTarget(doc, { domain: "operational", code: `K${k}`, measure: `Measure ${k}`, unit: ratio ? "%" : "", ...(ratio ? { numerators: phase(6_000 + i), denominators: phase(10_000 + i) } : { trajectory: phase(1_200) }) });
  }
  setGuidance(doc, { controlTotal: Math.round(income * 0.2), cipPercent: 4 });
  docs.push(doc);
}
const divisionOf = (i: number) => i % DIVISIONS;

function rollUp(plans: Plan[]) {
  const divisions = Array.from({ length: DIVISIONS }, (_, d) =>
    divisionRollup({ unitId: `div${d}`, name: `Division ${d}`, reserve: -100_000, controlTotal: 20_000_000, lines: plans.map((plan, i) => ({ unitId: `sl${i}`, name: `Line ${i}`, plan })).filter((_, i) => divisionOf(i) === d) }),
  );
  const trust = trustRollup(divisions, -50_000_000, 2_000_000);
  return { trust, ratios: ratioRollups(plans) };
}

const cache = docs.map((d) => readPlan(d));
const full: number[] = [];
const incremental: number[] = [];
let check = 0;
for (let r = 0; r < RUNS; r++) {
  const i = r % LINES;
  const months = phase(Math.round((10_000_000 + i * 377_003) * 0.8) + (r % 2), [1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 1, 1]);
  setRowFields(docs[i]!, "budget", budgetIds[i]!, { months, annual: months.reduce((s, v) => s + v, 0) });
  let t0 = performance.now();
  const a = rollUp(docs.map((d) => readPlan(d)));
  full.push(performance.now() - t0);
  t0 = performance.now();
  cache[i] = readPlan(docs[i]!);
  const b = rollUp(cache);
  incremental.push(performance.now() - t0);
  if (a.trust.total !== b.trust.total) throw new Error("The two roll-ups disagree");
  check += b.trust.total;
}
const f = (n: number) => `${n.toFixed(2)} ms`;
const table = [
  "| Trust roll-up after one edit | p50 | p99 | runs |",
  "|---|---:|---:|---:|",
  `| Re-read all ${LINES} plans, roll up ${DIVISIONS} divisions × 12 months and the percentage targets | ${f(pct(full, 50))} | ${f(pct(full, 99))} | ${RUNS} |`,
  `| Re-read the edited plan only (others cached), same roll-up | ${f(pct(incremental, 50))} | ${f(pct(incremental, 99))} | ${RUNS} |`,
].join("\n");
console.log(table);
console.log(`(checksum ${check})`);
writeBenchSection(`## Plans: trust roll-up (${LINES} lines × 12 months) after one edit`, "plans-bench", table);
