/**
 * The Board pack PDF (server/governance/board-pack.ts), built from a realistic fixture and read
 * back with PDF.js: the text a reader extracts is the text we wrote, every page is numbered, and
 * nothing is drawn outside the page margins, even for a very long narrative and a 300-decision scheme.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import type { Change } from "../../shared/governance/types";
import {
  BOARD_PACK_FINISH_STEP,
  BOARD_PACK_SECTIONS,
  buildBoardPack,
  type BoardPackInput,
  type BoardPackProgress,
} from "../../server/governance/board-pack";

const root = path.resolve(import.meta.dirname, "../..");
const standardFontDataUrl = path.join(root, "node_modules/pdfjs-dist/standard_fonts") + path.sep;

interface PageText {
  width: number;
  height: number;
  /** The page's text, items joined by spaces, whitespace collapsed. */
  text: string;
  items: { str: string; x: number; y: number; w: number }[];
}

async function extract(pdf: Buffer): Promise<PageText[]> {
  const task = getDocument({ data: new Uint8Array(pdf), standardFontDataUrl, verbosity: 0, isEvalSupported: false, useSystemFonts: false });
  const doc = await task.promise;
  const pages: PageText[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const [x0, y0, x1, y1] = page.view;
    const content = await page.getTextContent();
    const items: PageText["items"] = [];
    for (const it of content.items) {
      if (!("str" in it) || it.str.trim() === "") continue;
      items.push({ str: it.str, x: it.transform[4], y: it.transform[5], w: it.width });
    }
    pages.push({ width: x1 - x0, height: y1 - y0, items, text: items.map((i) => i.str).join(" ").replace(/\s+/g, " ") });
  }
  await doc.destroy();
  return pages;
}

const LEVELS = ["Board", "Board committee", "Chief Executive / executive director", "Division", "Service line", "Sub-service line / team"];

const AREAS: { area: string; decisions: string[] }[] = [
  {
    area: "HR",
    decisions: [
      "Appoint consultant medical staff",
      "Create a new post within the funded establishment",
      "Recruit to a vacant post (Agenda for Change band 8a and above)",
      "Recruit to a vacant post (bands 1 to 7)",
      "Approve additional programmed activities",
      "Approve agency staff above the price cap",
      "Approve a redundancy or settlement agreement",
      "Approve a change to job plans",
      "Approve study leave with funding",
      "Approve a secondment outside the trust",
    ],
  },
  {
    area: "Financial",
    decisions: [
      "Revenue expenditure within budget",
      "Capital expenditure within the approved plan",
      "Write off losses and special payments",
      "Approve a business case (revenue)",
      "Sign a contract for goods or services",
      "Vire budget between cost centres",
      "Approve a single tender waiver",
      "Approve income generation schemes",
      "Commit charitable funds",
      "Approve a lease",
    ],
  },
  {
    area: "Clinical & operational",
    decisions: [
      "Change clinic templates",
      "Open or close escalation beds",
      "Introduce a new clinical procedure",
      "Change theatre session allocations",
      "Approve a clinical audit programme",
      "Change the discharge pathway",
      "Approve outsourcing of elective activity",
      "Change an outpatient booking rule",
      "Approve a new clinical guideline",
      "Approve a service level agreement with another trust",
    ],
  },
  {
    area: "Strategic & service development",
    decisions: [
      "Approve the service line business plan",
      "Enter a joint venture",
      "Submit a tender for a new service",
      "Decommission a service",
      "Approve a research partnership",
      "Approve a public consultation",
      "Change the service line's catchment",
      "Approve a digital system procurement",
      "Approve an estates reconfiguration",
      "Approve a marketing campaign",
    ],
  },
];

const money = (n: number) => `£${n.toLocaleString("en-GB")}`;

function schemeRows(decisions: string[], seed: number) {
  return decisions.map((decision, i) => {
    const base = 25_000 * (1 + ((i + seed) % 5));
    return {
      decision,
      cells: [
        "Reserved",
        money(base * 40),
        money(base * 10),
        money(base * 4),
        i % 3 === 0 ? "By earned autonomy" : money(base),
        i % 4 === 0 ? "Not held" : money(Math.round(base / 5)),
      ],
      notes: [
        i % 2 === 0 ? "Within the approved annual plan; VAT inclusive." : "Net of VAT.",
        ...(i % 5 === 0 ? ["Joint with the Director of Finance."] : []),
        ...(i % 7 === 0 ? ["Performance-independent: held whatever the earned autonomy level."] : []),
      ],
    };
  });
}

const SERVICE_LINES: Record<string, string[]> = {
  Medicine: ["Cardiology", "Respiratory medicine", "Gastroenterology"],
  Surgery: ["Trauma and orthopaedics", "General surgery", "Ophthalmology"],
  "Women and children": ["Obstetrics", "Gynaecology", "Paediatrics"],
  "Clinical support": ["Radiology", "Pathology", "Pharmacy"],
};

function structure(): BoardPackInput["structure"] {
  const units: BoardPackInput["structure"]["units"] = [
    { id: "board", parentId: null, name: "Riverside University Hospitals NHS Foundation Trust Board", kind: "board", leaders: ["Chair: Margaret Okafor", "Chief Executive: Dr Sanjay Patel"] },
  ];
  let n = 0;
  for (const [division, lines] of Object.entries(SERVICE_LINES)) {
    const id = `div-${division}`;
    units.push({
      id,
      parentId: "board",
      name: division,
      kind: "division",
      leaders: ["Managing Director: Helen Brooks", "Clinical Director: Dr Tom Reid", "Head of Nursing: Aisha Khan"],
    });
    for (const line of lines) {
      n++;
      units.push({ id: `sl-${n}`, parentId: id, name: line, kind: "service_line", leaders: [`Clinical Lead: Dr Lead ${n}`, `Service Line Manager: Manager ${n}`] });
    }
  }
  return { units };
}

const CHANGES: Change[] = [
  { kind: "right_changed", text: "Revenue expenditure within budget, service line at level 2: £100,000 → £150,000", before: "£100,000", after: "£150,000", decisionId: "d1", levelId: "service-line", autonomyLevel: 2 },
  { kind: "right_changed", text: "Capital expenditure within the approved plan, division", before: "£250,000", after: "£400,000", decisionId: "d2", levelId: "division" },
  { kind: "right_changed", text: "Approve agency staff above the price cap, division: holder", before: "Managing Director", after: "Managing Director jointly with the Chief Nurse", decisionId: "d3", levelId: "division" },
  { kind: "decision_added", text: "New decision: Approve a digital system procurement", after: "Added in the Strategic & service development area" },
  { kind: "decision_removed", text: "Removed decision: Approve overtime at enhanced rates", before: "Approve overtime at enhanced rates" },
  { kind: "level_renamed", text: "Level renamed", before: "Directorate", after: "Division" },
  { kind: "rule_changed", text: "Level 1 requires the 18-week referral-to-treatment standard", before: "At least 85%", after: "At least 92%" },
  { kind: "unit_renamed", text: "Service line renamed", before: "Eye services", after: "Ophthalmology" },
];

function fixture(): BoardPackInput {
  return {
    trustName: "Riverside University Hospitals NHS Foundation Trust",
    docLabel: "Scheme of delegation",
    version: {
      number: "4.0",
      title: "Scheme of delegation 2026/27",
      owner: "Director of Finance",
      narrative:
        "This version raises the revenue limits of service lines at earned autonomy levels 1 and 2, brings agency approvals under joint divisional control and aligns the scheme with the new divisional structure.\n\nThe Audit Committee reviewed the changes on 11 March 2026 and recommended them for approval.",
      sha256: "9f2c4e7a1b3d5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8",
      prevSha256: "0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9",
      proposedEffectiveFrom: "2026-04-01",
      reviewBy: "2027-03-31",
    },
    cover: {
      purpose: "For approval",
      sponsor: "Director of Finance, Claire Hughes",
      author: "Head of Corporate Governance, Imran Shah",
      previousConsideration: "Audit Committee, 11 March 2026",
      recommendation: "The Audit Committee recommends that the Board approves version 4.0 of the scheme of delegation with effect from 1 April 2026.",
    },
    meeting: { title: "Board of Directors", date: "2026-03-26", part: "public" },
    changes: CHANGES,
    previousNumber: "3.2",
    autonomyImpact: [
      { line: "Cardiology", division: "Medicine", level: 1, gains: ["Revenue expenditure within budget up to £150,000"], loses: [] },
      { line: "Ophthalmology", division: "Surgery", level: 2, gains: ["Revenue expenditure within budget up to £150,000"], loses: ["Approve agency staff above the price cap"] },
      { line: "Pathology", division: "Clinical support", level: 3, gains: [], loses: [] },
    ],
    exceptions: [
      {
        decision: "Approve outsourcing of elective activity",
        level: "Service line",
        limit: "£500,000",
        reason: "Ophthalmology's cataract recovery plan needs independent-sector capacity agreed within days, as approved by the Finance and Performance Committee.",
      },
      {
        decision: "Open or close escalation beds",
        level: "Sub-service line / team",
        limit: "Yes",
        reason: "The site duty manager must be able to open escalation beds overnight without waiting for the division.",
      },
    ],
    schemeByArea: AREAS.map((a, i) => ({ area: a.area, levels: LEVELS, rows: schemeRows(a.decisions, i) })),
    serviceLineLimits: AREAS.map((a) => ({
      area: a.area,
      rows: a.decisions.slice(0, 6).map((decision, i) => ({
        decision,
        byLevel: [money(200_000 + i * 10_000), money(150_000 + i * 10_000), money(75_000 + i * 5_000), i % 2 ? "Not held" : money(25_000)] as [string, string, string, string],
      })),
    })),
    structure: structure(),
    versionControl: [
      { number: "3.0", status: "Superseded", owner: "Director of Finance", recommendedAt: "2025-03-12", approvedAt: "2025-03-27", effectiveFrom: "2025-04-01", reviewBy: "2026-03-31", summary: "Annual review; first scheme with earned autonomy." },
      { number: "3.2", status: "In force", owner: "Director of Finance", recommendedAt: "2025-09-10", approvedAt: "2025-09-25", effectiveFrom: "2025-10-01", reviewBy: "2026-09-30", summary: "Mid-year changes to agency controls." },
      { number: "4.0", status: "Recommended", owner: "Director of Finance", recommendedAt: "2026-03-11", approvedAt: null, effectiveFrom: null, reviewBy: "2027-03-31", summary: "Raises service-line revenue limits; joint agency approvals." },
    ],
    performance: {
      asAt: "November 2026",
      total: 120,
      assuranceHeaders: ["Will consistently miss the target", "Hit and miss: may meet or miss the target", "Will consistently meet the target", "No target to assure against"],
      grid: [
        { variation: "Special cause concern", counts: ["3", "5", "1", "0"] },
        { variation: "Common cause", counts: ["10", "60", "30", "2"] },
      ],
      concerns: [{ line: "Trauma and orthopaedics", indicator: "Referral to treatment within 18 weeks", latest: "62.3% (November 2026)", target: "70%", variation: "Special cause concern (low)", assurance: "Hit and miss: may meet or miss the target" }],
    },
    preparedBy: "Imran Shah",
    preparedAt: "2026-03-16",
  };
}

function expectWithinMargins(pages: PageText[]) {
  // The narrowest margin used is 40pt (landscape); nothing may be drawn in it at the sides, nor
  // outside the header and footer bands at the top and bottom.
  for (const [i, p] of pages.entries()) {
    for (const it of p.items) {
      const where = `page ${i + 1}: ${JSON.stringify(it.str.slice(0, 40))} at (${it.x.toFixed(1)}, ${it.y.toFixed(1)}) width ${it.w.toFixed(1)}`;
      expect(it.x, where).toBeGreaterThanOrEqual(39.5);
      expect(it.x + it.w, where).toBeLessThanOrEqual(p.width - 39.5);
      expect(it.y, where).toBeGreaterThanOrEqual(20);
      expect(it.y, where).toBeLessThanOrEqual(p.height - 20);
    }
  }
}

/** The pages of a section, by the footer's section name (which follows "Page n of N"). */
const sectionPages = (pages: PageText[], section: number) =>
  pages.filter((p) => new RegExp(`Page \\d+ of \\d+ ${section}\\. ${BOARD_PACK_SECTIONS[section - 1]}`).test(p.text));

describe("the Board pack", () => {
  it("holds the cover, the redline, exceptions, the scheme, the chart and version control as real text", async () => {
    const started = performance.now();
    const steps: BoardPackProgress[] = [];
    const pack = await buildBoardPack(fixture(), (p) => steps.push(p));
    const ms = performance.now() - started;
    console.log(`Board pack fixture: ${pack.pages} pages, ${(pack.pdf.length / 1024).toFixed(0)} KiB, built in ${ms.toFixed(0)} ms`);

    expect(pack.pdf.subarray(0, 5).toString()).toBe("%PDF-");
    // BOARD_PACK_OUT=/some/dir keeps the PDF to look at.
    if (process.env.BOARD_PACK_OUT) fs.writeFileSync(path.join(process.env.BOARD_PACK_OUT, "board-pack.pdf"), pack.pdf);
    const pages = await extract(pack.pdf);
    expect(pages.length).toBe(pack.pages);
    expect(pack.pages).toBeGreaterThan(5);
    const all = pages.map((p) => p.text).join(" ");

    // Every page: the running header and "Page n of N".
    pages.forEach((p, i) => {
      expect(p.text).toContain(`Page ${i + 1} of ${pages.length}`);
      expect(p.text).toContain("Riverside University Hospitals NHS Foundation Trust — Scheme of delegation v4.0 — Board paper");
    });
    expect(pages[0].text).toContain(`Page 1 of ${pages.length}`);
    expect(all).not.toContain("Private and confidential");

    // 1. Cover paper.
    const cover = pages[0].text;
    expect(cover).toContain("The Audit Committee recommends that the Board approves version 4.0 of the scheme of delegation with effect from 1 April 2026.");
    expect(cover).toContain("The Board is asked to approve the scheme of delegation, version 4.0 (Scheme of delegation 2026/27), to take effect from 1 April 2026 and to be reviewed by 31 March 2027.");
    expect(cover).toContain("Director of Finance, Claire Hughes");
    expect(cover).toContain("Head of Corporate Governance, Imran Shah");
    expect(cover).toContain("Audit Committee, 11 March 2026");
    expect(cover).toContain("26 March 2026");
    // The contents give each section's first page.
    const firstPage = (section: number) => pages.indexOf(sectionPages(pages, section)[0]) + 1;
    for (let s = 2; s <= 7; s++) expect(cover).toContain(`page ${firstPage(s)}`);
    expect(firstPage(7)).toBeGreaterThan(firstPage(6));

    // 2. The redline: each change's before and after.
    const redline = sectionPages(pages, 2).map((p) => p.text).join(" ");
    expect(redline).toContain("8 changes from version 3.2 to version 4.0");
    for (const c of CHANGES) {
      if (c.before) expect(redline).toContain(c.before);
      if (c.after) expect(redline).toContain(c.after);
    }
    expect(redline).toContain("Revenue expenditure within budget, service line at level 2: £100,000 -> £150,000");
    expect(redline).toContain("Decision rights and limits (3)");

    // 3. Autonomy impact.
    const impact = sectionPages(pages, 3).map((p) => p.text).join(" ");
    expect(impact).toContain("Ophthalmology");
    expect(impact).toContain("Approve agency staff above the price cap");

    // 4. Exceptions, with their reasons.
    const exceptions = sectionPages(pages, 4).map((p) => p.text).join(" ");
    expect(exceptions).toContain("The site duty manager must be able to open escalation beds overnight without waiting for the division.");
    expect(exceptions).toContain("£500,000");

    // 5. The scheme tables: a decision and a limit; the service-line limits by level.
    const scheme = sectionPages(pages, 5).map((p) => p.text).join(" ");
    expect(scheme).toContain("Approve a single tender waiver");
    expect(scheme).toContain("£1,000,000"); // Revenue expenditure, board committee: 25,000 × 40
    expect(scheme).toContain("Performance-independent: held whatever the earned autonomy level.");
    expect(scheme).toContain("Level 1 (most autonomy)");
    expect(scheme).toContain("£200,000");

    // 6. The chart and its text equivalent.
    const chart = sectionPages(pages, 6);
    expect(chart.length).toBeGreaterThanOrEqual(2);
    expect(chart[0].text).toContain("Cardiology");
    expect(chart[0].text).toContain("Women and children");
    expect(chart.map((p) => p.text).join(" ")).toContain("Text equivalent of the structure chart");

    // 7. The integrated performance summary.
    const perf = sectionPages(pages, 7).map((p) => p.text).join(" ");
    expect(perf).toContain("The Making Data Count summary of 120 indicators");
    expect(perf).toContain("Special cause concern");
    expect(perf).toContain("Referral to treatment within 18 weeks");

    // 8. Version control rows and the hash chain.
    const vc = sectionPages(pages, 8).map((p) => p.text).join(" ");
    expect(vc).toContain("Mid-year changes to agency controls.");
    expect(vc).toContain("Superseded");
    expect(vc).toContain("25 September 2025");
    expect(vc).toContain("Raises service-line revenue limits; joint agency approvals.");
    expect(vc).toContain(fixture().version.sha256);
    expect(vc).toContain(fixture().version.prevSha256!);

    expectWithinMargins(pages);
    expect(steps.map((s) => s.step)).toEqual([...BOARD_PACK_SECTIONS, BOARD_PACK_FINISH_STEP, "Done"]);
  });

  it("is deterministic: the same input gives the same bytes", async () => {
    const a = await buildBoardPack(fixture());
    const b = await buildBoardPack(fixture());
    expect(a.pdf.equals(b.pdf)).toBe(true);
  });

  it("marks a paper for the private part of the meeting on every page", async () => {
    const input = { ...fixture(), meeting: { title: "Board of Directors (private)", date: "2026-03-26", part: "private" as const } };
    const pages = await extract((await buildBoardPack(input)).pdf);
    for (const p of pages) expect(p.text).toContain("Private and confidential");
  });

  it("says when there are no changes and no exceptions, and handles a structure version", async () => {
    const input: BoardPackInput = { ...fixture(), docLabel: "Service-line structure", changes: [], exceptions: [], schemeByArea: null, serviceLineLimits: null };
    const pages = await extract((await buildBoardPack(input)).pdf);
    const all = pages.map((p) => p.text).join(" ");
    expect(all).toContain("No changes from version 3.2 to version 4.0.");
    expect(all).toContain("There are no exceptions");
    expect(all).toContain("the scheme of delegation is not part of it");
    expectWithinMargins(pages);
  });

  it("keeps a very long narrative and a 300-decision scheme within the page, reporting every section in order", async () => {
    const base = fixture();
    const words = "The division will continue to report monthly to the Finance and Performance Committee on its use of these delegated powers, including any exceptions and the reasons for them.";
    const narrative = Array.from({ length: 60 }, (_, i) => `Paragraph ${i + 1}. ${words} ${words} ${words}`).join("\n\n");
    const decisions = Array.from({ length: 300 }, (_, i) => `Decision ${i + 1}: ${AREAS[i % 4].decisions[i % 10]} for the ${["north", "south", "east", "west"][i % 4]} site`);
    const areas = AREAS.map((a, k) => ({ area: a.area, levels: LEVELS, rows: schemeRows(decisions.filter((_, i) => i % 4 === k), k) }));
    // One pathological cell taller than a page, and an unbroken token wider than its column.
    areas[0].rows[3].notes.push(Array.from({ length: 1500 }, (_, i) => `condition${i}`).join(" "));
    areas[1].rows[0].notes.push("https://riverside.example/governance/" + "x".repeat(300));
    const units: BoardPackInput["structure"]["units"] = [base.structure.units[0]];
    for (let d = 0; d < 9; d++) {
      const name = Object.keys(SERVICE_LINES)[d % 4] + (d >= 4 ? ` ${d}` : "");
      units.push({ id: `d${d}`, parentId: "board", name, kind: "division", leaders: ["Managing Director: A N Other"] });
      for (let s = 0; s < 14; s++) units.push({ id: `d${d}s${s}`, parentId: `d${d}`, name: `${name} service line ${s + 1}`, kind: "service_line", leaders: [`Clinical Lead: Dr ${s}`] });
    }
    const input: BoardPackInput = {
      ...base,
      meeting: { ...base.meeting!, part: "private" },
      version: { ...base.version, narrative },
      schemeByArea: areas,
      serviceLineLimits: AREAS.map((a, k) => ({
        area: a.area,
        rows: decisions.filter((_, i) => i % 4 === k).map((decision) => ({ decision, byLevel: ["£200,000", "£150,000", "£75,000", "Not held"] as [string, string, string, string] })),
      })),
      structure: { units },
    };

    const steps: BoardPackProgress[] = [];
    const started = performance.now();
    const pack = await buildBoardPack(input, (p) => steps.push(p));
    const ms = performance.now() - started;
    const small = await buildBoardPack(base);
    console.log(`Board pack, long narrative and 300 decisions: ${pack.pages} pages (fixture ${small.pages}), ${(pack.pdf.length / 1024).toFixed(0)} KiB, built in ${ms.toFixed(0)} ms`);

    if (process.env.BOARD_PACK_OUT) fs.writeFileSync(path.join(process.env.BOARD_PACK_OUT, "board-pack-long.pdf"), pack.pdf);
    const pages = await extract(pack.pdf);
    expect(pages.length).toBe(pack.pages);
    // About 300 rows of the scheme and 300 of the limits, a few pages of narrative, several chart pages.
    expect(pack.pages).toBeGreaterThan(small.pages + 20);
    expect(pack.pages).toBeLessThan(small.pages + 200);
    pages.forEach((p, i) => {
      expect(p.text).toContain(`Page ${i + 1} of ${pages.length}`);
      expect(p.text).toContain("Private and confidential");
    });
    expectWithinMargins(pages);
    const all = pages.map((p) => p.text).join(" ");
    expect(all).toContain("Paragraph 60.");
    expect(all).toContain("Decision 300:");
    expect(all).toContain("condition1499");
    // The row taller than a page carries on under its decision's name; a group that runs on is named again.
    expect(all).toContain(`${areas[0].rows[3].decision} (continued)`);
    expect(all).toMatch(/Level 4 \(least autonomy\) (HR|Financial|Clinical & operational|Strategic & service development) \(continued\)/);
    expect(all).toContain("Medicine 8 service line 14");

    expect(steps.map((s) => s.step)).toEqual([...BOARD_PACK_SECTIONS, BOARD_PACK_FINISH_STEP, "Done"]);
    // One step per section, then the finish and "Done" (sections are added by later issues).
    expect(steps.map((s) => s.done)).toEqual([...BOARD_PACK_SECTIONS.keys(), BOARD_PACK_SECTIONS.length, BOARD_PACK_SECTIONS.length + 1]);
    expect(steps.every((s) => s.total === BOARD_PACK_SECTIONS.length + 1)).toBe(true);
  });
});
