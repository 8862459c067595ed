import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { and, asc, eq } from "drizzle-orm";
import { boardMeetings, docVersions, reviewMeetings, users } from "../../db/schema";
import { DEMO, DEMO_WORKSPACE } from "../setup/server";
import { appInBrowser } from "./app";
import { axeViolations, describeViolations, headingJumps } from "./axe";

const app = appInBrowser();
const W = `/w/${DEMO_WORKSPACE}`;

/** Ids the demo makes afresh each seed, read from the test server's database. */
interface Ids {
  versionId: string;
  meetingId: string;
  reviewMeetingId: string;
}

/**
 * Every screen of app/routes/ a person opens (resource routes — exports, the Board pack PDF,
 * sign-out — are left out: they are files or redirects, not pages). To add a screen, add one entry:
 * `path` is its address; `ready` (optional) waits for what loads after the page (a live document).
 */
export const SCREENS: { name: string; path: string | ((ids: Ids) => string); ready?: (page: Page) => Promise<unknown>; signedOut?: boolean }[] = [
  { name: "sign-in", path: "/sign-in", signedOut: true },
  { name: "not found", path: "/no-such-page" },
  { name: "invitation (used or unknown)", path: "/invite/not-a-real-token", signedOut: true },
  { name: "workspaces", path: "/" },
  { name: "workspace home", path: `${W}` },
  { name: "structure", path: `${W}/structure`, ready: liveDocument },
  { name: "scheme of delegation", path: `${W}/delegation`, ready: liveDocument },
  { name: "scheme, printable", path: `${W}/delegation/print` },
  { name: "organisation chart, printable", path: `${W}/structure/chart`, ready: (page) => page.getByTestId("chart-sheet").first().waitFor() },
  { name: "earned autonomy", path: `${W}/autonomy` },
  { name: "month entry form", path: `${W}/autonomy?line=card&month=2026-11#enter` },
  { name: "who decides?", path: `${W}/ask` },
  { name: "who decides? answered", path: `${W}/ask?line=card&decision=revenue-nonpay&amount=75000` },
  { name: "service line", path: `${W}/lines/card` },
  { name: "service line's indicators", path: `${W}/lines/card/indicators` },
  { name: "service line's indicator chart", path: `${W}/lines/card/indicators/RTT18` },
  { name: "indicator catalogue", path: `${W}/indicators` },
  { name: "indicator", path: `${W}/indicators/RTT18` },
  { name: "report", path: `${W}/report` },
  { name: "members", path: `${W}/members` },
  { name: "versions", path: `${W}/versions` },
  { name: "version", path: (ids) => `${W}/versions/${ids.versionId}` },
  { name: "draft compared", path: `${W}/versions/draft/delegation` },
  { name: "new version", path: `${W}/versions/new` },
  { name: "audit trail", path: `${W}/governance/audit` },
  { name: "authority check", path: `${W}/governance/authority` },
  { name: "Board meetings", path: `${W}/governance/board` },
  { name: "Board meeting", path: (ids) => `${W}/governance/board/${ids.meetingId}` },
  { name: "role tenures", path: `${W}/governance/roles` },
  { name: "planning round", path: `${W}/plans/2027-28` },
  { name: "a line's plan", path: `${W}/plans/2027-28/card` },
  { name: "division's plans", path: `${W}/plans/2027-28/divisions/med` },
  { name: "trust's plans", path: `${W}/plans/2027-28/trust` },
  { name: "SLM maturity assessments", path: `${W}/assessment` },
  { name: "maturity workshop", path: `${W}/assessment/2026-27` },
  { name: "maturity results", path: `${W}/assessment/2025-26/results` },
  { name: "escalations", path: `${W}/escalations` },
  { name: "committee summary paper", path: `${W}/escalations/paper` },
  { name: "agree levels at the accountability review", path: `${W}/autonomy/agree` },
  { name: "performance reviews", path: `${W}/reviews` },
  { name: "review series", path: `${W}/reviews/series/rs_div_med` },
  { name: "review meeting with its action log", path: (ids) => `${W}/reviews/meetings/${ids.reviewMeetingId}`, ready: liveDocument },
  { name: "overdue actions by owner", path: `${W}/reviews/actions` },
  { name: "incentive ledger", path: `${W}/incentives` },
  { name: "incentive framework", path: `${W}/incentives/framework/2026-27`, ready: liveDocument },
  { name: "a line's incentives", path: `${W}/incentives/lines/card` },
  { name: "consequences and recognition", path: `${W}/incentives/register` },
  { name: "forgotten password", path: "/forgot-password", signedOut: true },
];

async function liveDocument(page: Page) {
  await page.getByTestId("connection-status").getByText(/all changes saved|connected/i).first().waitFor();
}

async function checkAll(page: Page, who: string): Promise<string[]> {
  const ids: Ids = {
    versionId: app.server.db.select({ id: docVersions.id }).from(docVersions).limit(1).get()!.id,
    meetingId: app.server.db.select({ id: boardMeetings.id }).from(boardMeetings).limit(1).get()!.id,
    // Medicine's first divisional review: held, with attendance, minutes and actions in its log.
    reviewMeetingId: app.server.db.select({ id: reviewMeetings.id }).from(reviewMeetings).where(and(eq(reviewMeetings.seriesId, "rs_div_med"), eq(reviewMeetings.status, "held"))).orderBy(asc(reviewMeetings.date)).limit(1).get()!.id,
  };
  const failures: string[] = [];
  for (const screen of SCREENS) {
    const path = typeof screen.path === "string" ? screen.path : screen.path(ids);
    await page.goto(path);
    await page.waitForLoadState("networkidle").catch(() => {});
    if (screen.ready) await screen.ready(page);
    const list = await axeViolations(page);
    if (list.length) failures.push(describeViolations(`${screen.name} (${path}) as ${who}`, list));
    const jumps = await headingJumps(page);
    if (jumps.length) failures.push(`${screen.name} (${path}) as ${who}: headings out of order: ${jumps.join("; ")}`);
  }
  return failures;
}

describe("accessibility of every screen (axe-core, WCAG 2.2 AA: serious and critical fail)", () => {
  // The two sweeps run side by side: most of each is waiting for a page to settle, and one after the
  // other they were two minutes of the suite. Each role's result is still its own test.
  let sweeps: Promise<{ admin: string[]; viewer: string[] }>;
  beforeAll(() => {
    const sweep = async (email: string, who: string) => {
      const { page, context } = await app.signIn(email);
      try {
        return await checkAll(page, who);
      } finally {
        await context.close();
      }
    };
    sweeps = Promise.all([sweep(DEMO.admin, "an administrator"), sweep(DEMO.viewer, "a viewer")]).then(([admin, viewer]) => ({ admin, viewer }));
    // Failures surface in the tests below, not as an unhandled rejection here.
    sweeps.catch(() => {});
  });

  it("as an administrator", async () => {
    const failures = (await sweeps).admin;
    expect(failures, failures.join("\n\n")).toEqual([]);
  });

  it("as a viewer (read-only fields and screens without edit controls)", async () => {
    const failures = (await sweeps).viewer;
    expect(failures, failures.join("\n\n")).toEqual([]);
  });

  it("as the platform administrator (trusts screen)", async () => {
    // The demo has no platform administrator (the first account of a fresh install is one), so the
    // demo's administrator is made one for this check and put back after.
    const set = (platformAdmin: boolean) => app.server.db.update(users).set({ platformAdmin }).where(eq(users.email, DEMO.admin)).run();
    set(true);
    try {
      const { page, context } = await app.signIn(DEMO.admin);
      await page.goto("/admin/trusts");
      // Shown only to a platform administrator (anyone else gets "not found"), so this proves the check ran on the real screen.
      await page.getByRole("heading", { level: 1, name: "Trusts on this Devolve" }).waitFor();
      const failures: string[] = [];
      const list = await axeViolations(page);
      if (list.length) failures.push(describeViolations("platform administration (/admin/trusts)", list));
      const jumps = await headingJumps(page);
      if (jumps.length) failures.push(`platform administration: headings out of order: ${jumps.join("; ")}`);
      await context.close();
      expect(failures, failures.join("\n\n")).toEqual([]);
    } finally {
      set(false);
    }
  });

  it("signed out", async () => {
    const context = await app.browser.newContext({ baseURL: app.server.baseUrl, locale: "en-GB" });
    const page = await context.newPage();
    const failures: string[] = [];
    for (const screen of SCREENS.filter((s) => s.signedOut)) {
      await page.goto(screen.path as string);
      const list = await axeViolations(page);
      if (list.length) failures.push(describeViolations(`${screen.name} signed out`, list));
    }
    await context.close();
    expect(failures, failures.join("\n\n")).toEqual([]);
  });
});
