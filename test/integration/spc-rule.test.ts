import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setIndicatorSpc } from "../../shared/collab/autonomy-rules-doc";
import { DEMO, DEMO_WORKSPACE, startTestServer, type TestServer } from "../setup/server";
import { get, pageText } from "../setup/http";

// The optional earned-autonomy rule "judged by SPC" (issue 14), on in the demo for 18 weeks.
let t: TestServer;
let viewer: string;
beforeAll(async () => {
  t = await startTestServer();
  viewer = await t.signIn(DEMO.viewer);
});
afterAll(async () => {
  await t?.stop();
});

const W = `/w/${DEMO_WORKSPACE}`;
const read = (html: string) => pageText(html).replace(/&quot;/g, '"').replace(/\( /g, "(").replace(/ ([,.:;)])/g, "$1").replace(/ 's/g, "'s");
const page = async (path: string) => read(await (await get(t.baseUrl, `${W}${path}`, viewer)).text());
/** The level a service line's figures recommend in the earned-autonomy table (computed with the draft's rules). */
const rowLevel = async (code: string) => {
  const html = await (await get(t.baseUrl, `${W}/autonomy`, viewer)).text();
  const row = new RegExp(`data-testid="recommended-${code}"[\\s\\S]*?</td>`).exec(html)?.[0] ?? "";
  return /Level \d/.exec(pageText(row))?.[0];
};
const setSpc = (on: boolean) => t.server.services.collab.transact(DEMO_WORKSPACE, { kind: "delegation" }, (doc) => void setIndicatorSpc(doc, "RTT18", on), { authorId: null });
const determinations = () => t.db.$client.prepare("SELECT count(*) AS n FROM autonomy_determinations").get() as { n: number };
const RESP_75K = "line=resp&decision=revenue-nonpay&amount=%C2%A375%2C000&asof=";

describe("indicators judged by SPC", () => {
  it("is on for 18 weeks in the demo's rules, and the earned-autonomy page explains it", async () => {
    const { indicators } = await t.server.services.collab.read(DEMO_WORKSPACE, { kind: "delegation" });
    expect(indicators.filter((i) => i.spc).map((i) => i.code)).toEqual(["RTT18"]);
    const text = await page("/autonomy");
    expect(text).toContain("Judged by SPC: Referral to treatment within 18 weeks. This indicator counts as failed in a month only when its statistical process control chart shows a special-cause concern");
    expect(text).toContain("A special-cause concern on a key indicator is a significant deterioration");
  });

  it("shows on Trauma and orthopaedics' page that 18 weeks is judged by SPC, with the special cause", async () => {
    const text = await page("/lines/orth");
    expect(text).toMatch(/Referral to treatment within 18 weeks [\d.]+% against a target of at least 70% \(key indicator\) — judged by SPC: special cause concern \(\d+ consecutive points below the lower process limit, \w+–November 2026\) — not met/);
    // Its fall to level 3 came with the first point outside the limits (January–March 2026), not in April when the target was missed.
    expect(text).toMatch(/(January|February|March) 2026 Level 3 .{0,60}Fell from level 1 to level 3 at once/);
    expect(text).not.toMatch(/April 2026 Level 3 .{0,60}Fell from level 1 to level 3 at once/);
  });

  it("turning the box off in the draft changes the computed level, not the level in force", async () => {
    // Respiratory medicine's 18-week misses in 2026/27 are common cause, so judged by SPC it holds level 2.
    expect(await rowLevel("RESP")).toBe("Level 2");
    expect(await rowLevel("CARD")).toBe("Level 2");
    expect(await page(`/ask?${RESP_75K}`)).toContain("Respiratory medicine is at earned autonomy level 2");
    const before = determinations().n;

    expect(await setSpc(false)).toBeGreaterThan(0);
    expect((await t.server.services.collab.read(DEMO_WORKSPACE, { kind: "delegation" })).indicators.some((i) => i.spc)).toBe(false);
    // Judged against its target, each miss fails a key indicator again: level 3.
    expect(await rowLevel("RESP")).toBe("Level 3");
    expect(await rowLevel("CARD")).toBe("Level 2");
    expect(await page("/autonomy")).not.toContain("Judged by SPC:");
    const orth = await page("/lines/orth");
    expect(orth).not.toContain("judged by SPC");
    expect(orth).toMatch(/Referral to treatment within 18 weeks [\d.]+% against a target of at least 70% \(key indicator\) — not met/);
    // Judged against its target, Trauma and orthopaedics fell when it missed it, in April 2026.
    expect(orth).toMatch(/April 2026 Level 3 .{0,60}Fell from level 1 to level 3 at once/);
    // The determination in force was made under the approved version's rules, which judge 18 weeks by SPC: it stands.
    expect(await page(`/ask?${RESP_75K}`)).toContain("Respiratory medicine is at earned autonomy level 2");
    expect(determinations().n).toBe(before);

    await setSpc(true);
    expect(await rowLevel("RESP")).toBe("Level 2");
  });
});
