import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { safeRedirect } from "../../app/utils/http";
import { get, postForm } from "../setup/http";
import { DEMO, DEMO_PASSWORD, startTestServer, type TestServer } from "../setup/server";

// Finding 2: `redirectTo` after sign-in could lead off-site. Only same-origin paths are kept, as the
// URL parser (and so the browser) resolves them against the request's origin.

const TRICKS = [
  "//evil.example",
  "//evil.example/w/riverside",
  "///evil.example",
  "////evil.example",
  "/\\evil.example",
  "/\\\\evil.example",
  "\\\\evil.example",
  "\\/evil.example",
  "/\t/evil.example",
  "/\n/evil.example",
  "/\r\n/evil.example",
  "\t//evil.example",
  " //evil.example",
  "/%09/evil.example",
  "/%5Cevil.example",
  "/%2F%2Fevil.example",
  "/.//evil.example",
  "/./\\evil.example",
  "/..//evil.example",
  "/a/..//evil.example",
  "https://evil.example",
  "http:evil.example",
  "https:/evil.example",
  "HTTPS://evil.example",
  "javascript:alert(1)",
  "JaVaScRiPt:alert(1)",
  "java\tscript:alert(1)",
  "/javascript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "//%65vil.example",
  "/\u3002evil.example",
  "//evil.example\\@riverside.example",
  "/@evil.example",
  "//user:pass@evil.example",
  "%2F%2Fevil.example",
  "evil.example",
  "",
  "/" + "a".repeat(5000),
];

/** Where a browser would go with this Location, from this origin. */
function lands(location: string, origin: string) {
  return new URL(location, origin);
}

let t: TestServer;
let signedIn: string;
beforeAll(async () => {
  t = await startTestServer();
  signedIn = await t.signIn(DEMO.viewer);
});
afterAll(async () => {
  await t?.stop();
});

describe("safeRedirect", () => {
  const origin = "https://devolve.example";
  it.each(TRICKS)("keeps %j on this site", (trick) => {
    const to = safeRedirect(trick, origin);
    expect(lands(to, origin).origin).toBe(origin);
    expect(to.startsWith("/")).toBe(true);
    expect(to.startsWith("//")).toBe(false);
    expect(to).not.toMatch(/[\\\t\r\n]/);
  });

  it("keeps real paths, with their query and fragment", () => {
    expect(safeRedirect("/w/riverside/members?tab=invite#new", origin)).toBe("/w/riverside/members?tab=invite#new");
    expect(safeRedirect("/w/riverside/delegation", new Request(origin + "/sign-in"))).toBe("/w/riverside/delegation");
    expect(safeRedirect(null, origin)).toBe("/");
    expect(safeRedirect("//evil.example", origin, "/w/riverside")).toBe("/w/riverside");
  });
});

describe("after signing in", () => {
  it("never sends the browser off-site, whatever redirectTo holds", async () => {
    for (const trick of TRICKS) {
      const res = await postForm(t.baseUrl, "/sign-in", { email: DEMO.executive, password: DEMO_PASSWORD, redirectTo: trick });
      expect(res.status, trick).toBe(302);
      const location = res.headers.get("location")!;
      expect(lands(location, t.baseUrl).origin, `${JSON.stringify(trick)} -> ${location}`).toBe(t.baseUrl);
      expect(location.startsWith("//"), location).toBe(false);
      expect(location, location).not.toMatch(/[\\\t\r\n]/);
    }
  });

  it("does not follow a trick from the sign-in address either, and never echoes it into the form", async () => {
    for (const trick of TRICKS) {
      const res = await get(t.baseUrl, `/sign-in?redirectTo=${encodeURIComponent(trick)}`, signedIn);
      expect(res.status, trick).toBe(302);
      expect(lands(res.headers.get("location")!, t.baseUrl).origin, trick).toBe(t.baseUrl);
    }
    const page = await (await get(t.baseUrl, `/sign-in?redirectTo=${encodeURIComponent("//evil.example")}`)).text();
    expect(page).not.toContain("evil.example");
    expect(page).toMatch(/name="redirectTo" value="\/"/);
    const real = await (await get(t.baseUrl, `/sign-in?redirectTo=${encodeURIComponent("/w/riverside/members")}`)).text();
    expect(real).toContain('name="redirectTo" value="/w/riverside/members"');
  });
});
