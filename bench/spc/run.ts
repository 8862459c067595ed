/**
 * SPC benchmark (issue 14): one full recompute of every indicator's XmR chart and its report-matrix
 * summary for a trust of 60 service lines × 25 indicators × 36 months. The figures are deterministic
 * pseudo-random (an FNV-1a hash of line, indicator and month; no Math.random), with planted shifts,
 * trends and gaps so that every rule does some work. Writes the table into docs/benchmarks.md.
 */
import os from "node:os";
import { addMonths } from "../../shared/format/dates";
import { spcSummary, xmr, type SeriesPoint } from "../../shared/spc/spc";
import type { Direction, SpcOptions } from "../../shared/spc/types";
import { fnv, writeBenchSection } from "../lib";

const LINES = 60;
const INDICATORS = 25;
const MONTHS = 36;
const RUNS = 5;
const FIRST_MONTH = "2023-04";


const DIRECTIONS: Direction[] = ["higher", "lower", "neutral"];
interface Case {
  series: SeriesPoint[];
  options: SpcOptions;
}

const cases: Case[] = [];
const months = Array.from({ length: MONTHS }, (_, m) => addMonths(FIRST_MONTH, m));
for (let line = 0; line < LINES; line++) {
  for (let ind = 0; ind < INDICATORS; ind++) {
    const key = `${line}:${ind}`;
    const level = 50 + 40 * fnv(`${key}:level`);
    const spread = 1 + 5 * fnv(`${key}:spread`);
    const kind = Math.floor(fnv(`${key}:kind`) * 4); // 0 stable, 1 shift, 2 trend, 3 stable with gaps
    const series = months.map((month, m): SeriesPoint => {
      // Roughly normal noise: the sum of three uniforms, centred.
      const noise = (fnv(`${key}:${month}:a`) + fnv(`${key}:${month}:b`) + fnv(`${key}:${month}:c`) - 1.5) * 2 * spread;
      const shift = kind === 1 && m >= 24 ? 3 * spread : 0;
      const trend = kind === 2 && m >= 28 ? (m - 27) * spread : 0;
      const gap = kind === 3 && fnv(`${key}:${month}:gap`) < 0.08;
      return { month, value: gap ? null : Math.round((level + noise + shift + trend) * 10) / 10 };
    });
    const direction = DIRECTIONS[(line + ind) % 3]!;
    cases.push({ series, options: { direction, target: direction === "neutral" ? null : level + (fnv(`${key}:target`) - 0.5) * 8 * spread } });
  }
}

function recompute(): { ms: number; special: number } {
  const start = performance.now();
  let special = 0;
  for (const c of cases) {
    const summary = spcSummary(xmr(c.series, c.options), c.options);
    if (summary.variation !== "common_cause") special++;
  }
  return { ms: performance.now() - start, special };
}

recompute(); // warm-up, not counted
const runs = Array.from({ length: RUNS }, recompute);
const times = runs.map((r) => r.ms).sort((a, b) => a - b);
const p50 = times[Math.floor(times.length / 2)]!;

const ms = (x: number) => `${x.toFixed(1)} ms`;
const table = [
  `Measured ${new Date().toISOString().slice(0, 10)} on this machine: ${RUNS} timed runs after one warm-up, in one process (\`npx tsx bench/spc/run.ts\`); load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} CPUs while it ran (a shared machine: min is the least disturbed figure).`,
  `Data: ${LINES} lines × ${INDICATORS} indicators × ${MONTHS} months of deterministic pseudo-random figures (FNV-1a) with planted shifts, trends and gaps; each series is \`xmr\` then \`spcSummary\`.`,
  "",
  "| measure | p50 | min | max | series | special cause at the latest point |",
  "| --- | --- | --- | --- | --- | --- |",
  `| full SPC recompute | ${ms(p50)} | ${ms(times[0]!)} | ${ms(times[times.length - 1]!)} | ${cases.length} | ${runs[0]!.special} |`,
].join("\n");
console.log(table);

writeBenchSection(`## SPC recompute (${LINES} lines × ${INDICATORS} indicators × ${MONTHS} months)`, "spc-bench", table);
