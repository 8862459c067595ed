import { describe, expect, it } from "vitest";
import { DEMO_LINKS, DEMO_UNITS } from "../../db/seed/demo-structure";
import { A4, CHART_AREA, chartPageSvg, chartSvg, chartVersionText, layoutChart, MIN_SCALE, pageFill, segmentCrossesBox, textWidth, wrapText, type ChartPage } from "./chart";
import type { Structure, Unit } from "./model";

const demo: Structure = {
  trustName: "Riverside University Hospitals NHS Foundation Trust",
  units: DEMO_UNITS.map((u, i) => ({ id: u.code.toLowerCase(), code: u.code, name: u.name, kind: u.kind, parentId: u.parent?.toLowerCase() ?? null, description: "", leaders: u.leaders, budgetHolder: "", position: null, order: i })),
  links: DEMO_LINKS.map((l, i) => ({ id: `l${i}`, fromId: l.from.toLowerCase(), toId: l.to.toLowerCase(), description: l.description })),
};

const unit = (id: string, kind: Unit["kind"], parentId: string | null, name: string, order = 0): Unit => ({ id, code: id.toUpperCase(), name, kind, parentId, description: "", leaders: [{ role: "Lead", name: `Lead of ${name}` }], budgetHolder: "", position: null, order });

/** A trust with one very large division: 24 service lines of 3 points of delivery each, and one small one. */
function bigTrust(): Structure {
  const units: Unit[] = [unit("b", "board", null, "Board"), unit("big", "division", "b", "Big division", 0), unit("small", "division", "b", "Small division", 1), unit("fin", "corporate", "b", "Finance", 2)];
  for (let s = 0; s < 24; s++) {
    units.push(unit(`sl${s}`, "service_line", "big", `Service line number ${s} with a rather long name that must wrap`, s));
    for (let p = 0; p < 3; p++) units.push(unit(`sl${s}p${p}`, "pod", `sl${s}`, `Point of delivery ${s}.${p}`, p));
  }
  units.push(unit("tiny", "service_line", "small", "Tiny line", 0));
  return { trustName: "Big Trust", units, links: [{ id: "k1", fromId: "fin", toId: "sl20p1", description: "Month-end reporting" }, { id: "k2", fromId: "fin", toId: "tiny", description: "" }] };
}

function checkPages(pages: ChartPage[], s: Structure) {
  const everywhere = new Set(pages.flatMap((p) => p.boxes.map((b) => b.id)));
  // Every unit is drawn, on some page.
  expect(s.units.filter((u) => !everywhere.has(u.id)).map((u) => u.name)).toEqual([]);
  for (const page of pages) {
    expect(page.scale).toBeGreaterThanOrEqual(MIN_SCALE);
    expect(page.width * page.scale).toBeLessThanOrEqual(CHART_AREA.width + 0.01);
    expect(page.height * page.scale).toBeLessThanOrEqual(CHART_AREA.height + 0.01);
    for (const b of page.boxes) {
      // Each line fits its box (measured conservatively), and the lines hold the whole name.
      for (const l of b.lines) expect(textWidth(l.text, l.size, l.bold)).toBeLessThanOrEqual(b.width - 16);
      const name = s.units.find((u) => u.id === b.id)!.name;
      expect(b.lines.filter((l) => l.bold).map((l) => l.text).join(" ").replace(/\s+/g, "")).toBe(name.replace(/\s+/g, ""));
    }
    // No edge passes through a box other than its own two ends.
    for (const e of page.edges) {
      expect(e.points.length).toBeGreaterThanOrEqual(2);
      for (let i = 1; i < e.points.length; i++) {
        const [a, c] = [e.points[i - 1]!, e.points[i]!];
        // Orthogonal: each segment runs across or down.
        expect(a.x === c.x || a.y === c.y).toBe(true);
        for (const b of page.boxes) {
          if (b.id === e.sourceId || b.id === e.targetId) continue;
          expect(segmentCrossesBox(a, c, b), `${e.id} crosses ${b.id} on "${page.title}"`).toBe(false);
        }
      }
    }
    // Boxes do not overlap each other.
    for (const a of page.boxes) for (const b of page.boxes) if (a !== b) expect(a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y).toBe(true);
  }
}

describe("the printable organisation chart", () => {
  it("wraps names onto lines within the width, never dropping a character", () => {
    const long = "Workforce and organisational development with a Supercalifragilisticexpialidociousname";
    const lines = wrapText(long, 120, 13);
    expect(lines.length).toBeGreaterThan(2);
    for (const l of lines) expect(textWidth(l, 13)).toBeLessThanOrEqual(120);
    expect(lines.join("").replace(/\s/g, "")).toBe(long.replace(/\s/g, ""));
    // Wider letters measure wider: the measure follows the text, not its length alone.
    expect(textWidth("WWWW", 13)).toBeGreaterThan(textWidth("iiii", 13));
  });

  it("lays the demo trust out as an overview and detail pages, every unit and support link drawn, no link through a box", async () => {
    const pages = await layoutChart(demo);
    expect(pages[0]!.title).toBe("Overview");
    expect(new Set(pages[0]!.boxes.map((b) => b.id))).toEqual(new Set(["board", "med", "surg", "wch", "css", "fin", "wfd", "est"]));
    checkPages(pages, demo);
    const support = new Set(pages.flatMap((p) => p.edges.filter((e) => e.kind === "support").map((e) => `${e.sourceId}>${e.targetId}`)));
    for (const l of demo.links) expect(support.has(`${l.fromId}>${l.toId}`)).toBe(true);
    // A corporate service is drawn beside a unit it supports, marked as there for that.
    const card = pages.find((p) => p.boxes.some((b) => b.id === "card"))!;
    expect(card.boxes.find((b) => b.id === "wfd")?.supporting).toBe(true);
    // The tree lines join each unit to its parent where both are on the page.
    expect(card.edges.some((e) => e.kind === "tree" && e.sourceId === "card" && e.targetId === "card-ccu")).toBe(true);
  });

  it("continues a large division on further pages, packs a small one in, and leaves no page but the last half empty", async () => {
    const s = bigTrust();
    const pages = await layoutChart(s);
    checkPages(pages, s);
    expect(pages.length).toBeGreaterThan(3);
    for (const p of pages.slice(0, -1)) expect(pageFill(p)).toBeGreaterThanOrEqual(0.5);
    // The big division's box repeats, marked continued after its first detail page.
    const withBig = pages.slice(1).filter((p) => p.boxes.some((b) => b.id === "big"));
    expect(withBig.length).toBeGreaterThan(1);
    expect(withBig[0]!.boxes.find((b) => b.id === "big")!.continued).toBe(false);
    expect(withBig.slice(1).every((p) => p.boxes.find((b) => b.id === "big")!.continued && p.title.includes("Big division (continued)"))).toBe(true);
    // The small division shares a page rather than taking one of its own.
    const withSmall = pages.slice(1).find((p) => p.boxes.some((b) => b.id === "small"))!;
    expect(withSmall.boxes.some((b) => b.id.startsWith("sl"))).toBe(true);
    // Finance is drawn where it supports a point of delivery deep in the big division.
    const deep = pages.find((p) => p.boxes.some((b) => b.id === "sl20p1"))!;
    expect(deep.edges.some((e) => e.kind === "support" && e.sourceId === "fin" && e.targetId === "sl20p1")).toBe(true);
  });

  it("names the version and its approval, or says draft, on every page with its number and the date printed", async () => {
    expect(chartVersionText({ number: "3", approval: { kind: "approved", date: "2026-03-25" } })).toBe("Version 3, approved by the Board on 25 March 2026");
    expect(chartVersionText({ number: "3.1", approval: { kind: "chair_action", date: "2026-06-02" } })).toBe("Version 3.1, approved by the Chair's action on 2 June 2026");
    expect(chartVersionText(null)).toBe("Draft — not approved");
    const pages = await layoutChart(bigTrust());
    const footer = { trustName: "Big Trust", version: "Draft — not approved", printed: "2 December 2026" };
    const svg = chartSvg(pages, footer);
    expect(svg.startsWith("<?xml")).toBe(true);
    expect(svg).toContain(`height="${pages.length * A4.height + (pages.length - 1) * 24}"`);
    for (let i = 1; i <= pages.length; i++) expect(svg).toContain(`Page ${i} of ${pages.length}`);
    expect(svg.split("Big Trust · Draft — not approved").length - 1).toBe(pages.length);
    expect(svg.split("Printed 2 December 2026 · Page").length - 1).toBe(pages.length);
    const one = chartPageSvg(pages[1]!, 1, pages.length, footer);
    expect(one).toContain(`width="297mm" height="210mm"`);
    expect(one).toContain(`Page 2 of ${pages.length}`);
    // Names with markup characters are escaped, not injected.
    const odd = await layoutChart({ trustName: "T", units: [unit("b", "board", null, "Board <b>&</b>")], links: [] });
    expect(chartSvg(odd, footer)).toContain("Board &lt;b&gt;&amp;&lt;/b&gt;");
  });

  it("draws a unit whose parent is missing rather than leaving it out", async () => {
    const s: Structure = { trustName: "T", units: [unit("b", "board", null, "Board"), unit("d", "division", "b", "Division"), unit("o", "service_line", "gone", "Orphaned line")], links: [] };
    const pages = await layoutChart(s);
    expect(pages[0]!.boxes.map((b) => b.id)).toContain("o");
  });
});
