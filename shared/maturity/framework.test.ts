import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { allSections, CURRENT_FRAMEWORK, descriptorParts, descriptorText, frameworkById, sectionRef } from "./framework";

// The seed is read here, not in the module: shared/ stays pure, and this test holds the data to it.
// The seed lives beside the checkout in the workplace (../shared/seeds); a clean clone (CI) has the
// committed copy in docs/sources, which must stay identical to the seed wherever both exist.
const committedCopy = resolve(__dirname, "../../docs/sources/slm-framework-monitor.txt");
const workplaceSeed = resolve(__dirname, "../../../shared/seeds/slm-framework-monitor.txt");
const seed = readFileSync(committedCopy, "utf8");
if (existsSync(workplaceSeed) && readFileSync(workplaceSeed, "utf8") !== seed) {
  throw new Error("docs/sources/slm-framework-monitor.txt differs from ../shared/seeds/slm-framework-monitor.txt: copy the seed again");
}
const lines = seed.split("\n");

/** The seed's parts as it lays them out: "Part N: title", a statement, then one tab-separated row per section. */
function seedParts() {
  const parts: { number: number; title: string; statement: string; rows: string[][] }[] = [];
  lines.forEach((line, i) => {
    const m = /^Part (\d): (.+)$/.exec(line);
    if (m) parts.push({ number: Number(m[1]), title: m[2]!, statement: lines[i + 2]!, rows: [] });
    else if (line.startsWith("Section ") && parts.length) parts.at(-1)!.rows.push(line.split("\t"));
  });
  return parts;
}

describe("the framework is the seed's text", () => {
  const fw = CURRENT_FRAMEWORK;
  const parts = seedParts();

  it("has the seed's four parts in order, with their statements", () => {
    expect(parts.map((p) => p.title)).toEqual(["Information management", "Strategy and service-line planning", "Performance management", "Organisational structure"]);
    expect(fw.parts.map((p) => [p.number, p.title, p.statement])).toEqual(parts.map((p) => [p.number, p.title, p.statement]));
  });

  it("every descriptor of every section matches the seed exactly", () => {
    let compared = 0;
    for (const part of parts) {
      const mine = fw.parts.find((p) => p.number === part.number)!;
      expect(mine.sections.map((s) => `Section ${s.number}`)).toEqual(part.rows.map((r) => r[0]));
      for (const row of part.rows) {
        const section = mine.sections.find((s) => `Section ${s.number}` === row[0])!;
        expect(row).toHaveLength(5);
        for (let level = 1; level <= 4; level++) {
          expect(section.descriptors[level - 1], `${sectionRef(section)} level ${level}`).toBe(row[level]);
          compared++;
        }
      }
    }
    expect(compared).toBe(27 * 4);
    expect(allSections(fw)).toHaveLength(27);
  });

  it("the scale, the caution and the closing question are the seed's sentences", () => {
    fw.scale.forEach((s, i) => expect(lines).toContain(`${i + 1}. ${s}${i === 3 ? "." : i === 2 ? "; or" : ";"}`));
    for (const sentence of [...fw.overview, fw.caution, fw.closingQuestion, fw.closingNote]) expect(seed).toContain(sentence);
    expect(lines).toContain(fw.closingQuestion);
  });

  it("an unknown version falls back to the current one; a known one is returned as it was", () => {
    expect(frameworkById("no-such")).toBe(fw);
    expect(frameworkById(fw.id)).toBe(fw);
  });
});

describe("descriptorParts", () => {
  it("splits the seed's list markup into a lead and bullets, keeping plain descriptors whole", () => {
    const p4s7 = allSections().find((s) => s.id === "p4s7")!;
    expect(descriptorParts(p4s7.descriptors[3])).toEqual({ lead: "Decision rights clearly defined across four areas:", bullets: ["HR decisions", "Financial", "Clinical and operational", "Strategic and service development"] });
    const p3s8 = allSections().find((s) => s.id === "p3s8")!;
    expect(descriptorParts(p3s8.descriptors[1]).bullets).toEqual(["Failure to achieve tolerated for some time before action is taken", "Small elements of performance related rewards"]);
    expect(descriptorParts("No service-line strategy in place")).toEqual({ lead: "No service-line strategy in place", bullets: [] });
    expect(descriptorText(p4s7.descriptors[3])).toBe("Decision rights clearly defined across four areas: HR decisions; Financial; Clinical and operational; Strategic and service development");
    // A hyphen inside a word ("service - line") is not a bullet.
    expect(descriptorParts(allSections().find((s) => s.id === "p2s5")!.descriptors[3]).bullets).toEqual([]);
  });
});
