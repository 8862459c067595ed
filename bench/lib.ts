/** Small helpers the benchmark harnesses share. */
import fs from "node:fs";
import net from "node:net";
import path from "node:path";

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A TCP port free on loopback right now (the server started next binds it). */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** FNV-1a, 32-bit, as a number in [0, 1): deterministic figures without Math.random. */
export function fnv(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) / 2 ** 32;
}

/**
 * Writes a benchmark's table into docs/benchmarks.md between its own markers, adding the section with
 * its heading the first time. The heading stays outside the markers, so other benchmarks that replace
 * their own section leave this one whole.
 */
export function writeBenchSection(heading: string, marker: string, table: string): void {
  const file = path.join(path.dirname(new URL(import.meta.url).pathname), "../docs/benchmarks.md");
  const start = `<!-- ${marker}:start -->`;
  const end = `<!-- ${marker}:end -->`;
  const body = `${start}\n${table}\n${end}`;
  const current = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "# Benchmarks\n";
  fs.writeFileSync(file, current.includes(start) ? current.replace(new RegExp(`${start}[\\s\\S]*?${end}`), body) : `${current.trimEnd()}\n\n${heading}\n\n${body}\n`);
}
