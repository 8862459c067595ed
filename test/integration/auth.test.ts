import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessions } from "../../db/schema";
import { hashPassword } from "../../server/auth/password";
import { createUser } from "../../server/repositories/users";
import { addMembership, createWorkspace } from "../../server/repositories/workspaces";
import { DEMO, DEMO_WORKSPACE, startTestServer, type TestServer } from "../setup/server";
import { get, pageText, postForm } from "../setup/http";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.stop();
});

describe("signing in and out", () => {
  it("signs in with the right password and sets a hardened session cookie", async () => {
    const res = await postForm(t.baseUrl, "/sign-in", { email: DEMO.executive, password: "Devolve-demo-2027", redirectTo: "/w/riverside" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/w/riverside");
    const cookie = res.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^devolve_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i); // plain HTTP here; Secure is set behind HTTPS
  });

  it("gives one neutral message for an unknown address and a wrong password", async () => {
    const unknown = pageText(await (await postForm(t.baseUrl, "/sign-in", { email: "nobody@riverside.example", password: "whatever-it-is" })).text());
    const wrong = pageText(await (await postForm(t.baseUrl, "/sign-in", { email: DEMO.editor, password: "not-the-password" })).text());
    const message = "The email address or password is not right";
    expect(unknown).toContain(message);
    expect(wrong).toContain(message);
  });

  it("shows field errors for an empty form and changes nothing", async () => {
    const html = pageText(await (await postForm(t.baseUrl, "/sign-in", { email: "", password: "" })).text());
    expect(html).toContain("There is a problem");
    expect(html).toContain("Enter your email address");
    expect(html).toContain("Enter your password");
  });

  it("sends signed-out visitors to the sign-in page and back afterwards", async () => {
    const res = await get(t.baseUrl, "/w/riverside/members");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/sign-in?redirectTo=%2Fw%2Friverside%2Fmembers");
  });

  it("signing out revokes the session in the database, not just the cookie", async () => {
    const cookie = await t.signIn(DEMO.viewer);
    expect((await get(t.baseUrl, "/", cookie)).status).toBe(200);
    const out = await postForm(t.baseUrl, "/sign-out", {}, cookie);
    expect(out.status).toBe(302);
    expect(out.headers.get("set-cookie")).toMatch(/devolve_session=;/);
    expect((await get(t.baseUrl, "/", cookie)).status).toBe(302);
  });

  it("treats an expired session as signed out", async () => {
    const cookie = await t.signIn(DEMO.viewer);
    t.db.update(sessions).set({ expiresAt: Date.now() - 1000 }).run();
    const res = await get(t.baseUrl, "/", cookie);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toMatch(/^\/sign-in/);
  });

  it("slows repeated failures for one account, but the right password still gets in (a stranger cannot lock its owner out)", async () => {
    for (let i = 0; i < 5; i++) await postForm(t.baseUrl, "/sign-in", { email: DEMO.contributor, password: `wrong-${i}` });
    const t0 = performance.now();
    const res = await postForm(t.baseUrl, "/sign-in", { email: DEMO.contributor, password: "Devolve-demo-2027" });
    expect(res.status).toBe(302);
    expect(performance.now() - t0).toBeGreaterThan(1_500);
  });

  it("refuses a form posted from another site", async () => {
    const res = await postForm(t.baseUrl, "/sign-in", { email: DEMO.admin, password: "Devolve-demo-2027" }, undefined, "https://evil.example");
    expect(res.status).toBe(403);
    expect(await res.text()).toMatch(/sent from another site/);
  });
});

describe("workspaces and roles", () => {
  it("lists the user's trusts and the demo trust's divisions from the structure document", async () => {
    const cookie = await t.signIn(DEMO.executive);
    const home = pageText(await (await get(t.baseUrl, "/", cookie)).text());
    expect(home).toContain("Riverside University Hospitals NHS Foundation Trust");
    const ws = pageText(await (await get(t.baseUrl, "/w/riverside", cookie)).text());
    expect(ws).toContain("Your role: Executive");
    for (const name of ["Medicine", "Surgery", "Women and Children", "Cardiology", "Paediatrics"]) expect(ws).toContain(name);
  });

  it("answers 404, naming nothing, for a workspace the user does not belong to, as for one that does not exist", async () => {
    createWorkspace(t.db, "other", "Other Hospitals NHS Trust");
    const someone = createUser(t.db, { email: "a.person@other.example", name: "A Person", passwordHash: await hashPassword("another-password-1") });
    addMembership(t.db, { workspaceId: "other", userId: someone.id, role: "admin" });
    const cookie = await t.signIn(DEMO.admin);
    const forbidden = await get(t.baseUrl, "/w/other", cookie);
    expect(forbidden.status).toBe(404);
    expect(pageText(await forbidden.text())).not.toContain("Other Hospitals");
    const missing = await get(t.baseUrl, "/no/such/page", cookie);
    expect(missing.status).toBe(404);
    expect(pageText(await missing.text())).toContain("Page not found");
    expect((await get(t.baseUrl, "/w/no-such-trust", cookie)).status).toBe(404);
    const otherCookie = await t.signIn("a.person@other.example", "another-password-1");
    const riverside = await get(t.baseUrl, `/w/${DEMO_WORKSPACE}`, otherCookie);
    expect(riverside.status).toBe(404);
    expect(pageText(await riverside.text())).not.toContain("Riverside");
  });

  it("lets an admin invite a person who then sets a password and gets in with their role", async () => {
    const admin = await t.signIn(DEMO.admin);
    const res = await postForm(t.baseUrl, "/w/riverside/members", { intent: "invite", name: "Jo Bloggs", email: "Jo.Bloggs@Riverside.example", role: "contributor", serviceLineIds: ["card", "resp"] }, admin);
    expect(res.status).toBe(200);
    const html = await res.text();
    const link = html.match(/http:\/\/127\.0\.0\.1:\d+\/invite\/[A-Za-z0-9_-]+/)?.[0];
    expect(link).toBeTruthy();
    const path = new URL(link!).pathname;
    const short = await postForm(t.baseUrl, path, { password: "short", confirm: "short" });
    expect(pageText(await short.text())).toContain("at least 12 characters");
    const accept = await postForm(t.baseUrl, path, { password: "a long enough password", confirm: "a long enough password" });
    expect(accept.status).toBe(302);
    expect(accept.headers.get("location")).toBe("/w/riverside");
    const jo = await t.signIn("jo.bloggs@riverside.example", "a long enough password");
    expect(pageText(await (await get(t.baseUrl, "/w/riverside", jo)).text())).toContain("Your role: Contributor");
    // The link works once.
    expect((await get(t.baseUrl, path)).status).toBe(404);
  });

  it("rejects a bad invitation row by row and changes nothing", async () => {
    const admin = await t.signIn(DEMO.admin);
    const res = await postForm(t.baseUrl, "/w/riverside/members", { intent: "invite", name: "", email: "not-an-email", role: "owner" }, admin);
    const text = pageText(await res.text());
    expect(text).toContain("Enter the person's full name");
    expect(text).toContain("Enter an email address in the correct format");
    expect(text).toContain("Choose a role");
    expect(text).not.toContain("not-an-email@");
  });

  it("lets an admin change a role, keeps the last admin, and refuses non-admins", async () => {
    const admin = await t.signIn(DEMO.admin);
    const members = await (await get(t.baseUrl, "/w/riverside/members", admin)).text();
    const viewerId = members.match(/name="userId" value="([^"]+)"[\s\S]{0,400}?Role for Mark Ellis/)?.[1];
    expect(viewerId).toBeTruthy();
    const change = await postForm(t.baseUrl, "/w/riverside/members", { intent: "update", userId: viewerId!, role: "editor", boardSignatory: "on" }, admin);
    expect(pageText(await change.text())).toContain("Role saved");
    const mark = await t.signIn(DEMO.viewer);
    expect(pageText(await (await get(t.baseUrl, "/w/riverside", mark)).text())).toContain("Your role: Editor");

    const adminId = members.match(/name="userId" value="([^"]+)"[\s\S]{0,400}?Role for Helen Carter/)?.[1];
    const demote = await postForm(t.baseUrl, "/w/riverside/members", { intent: "update", userId: adminId!, role: "viewer" }, admin);
    expect(pageText(await demote.text())).toContain("needs at least one administrator");

    const editor = await t.signIn(DEMO.editor);
    const refused = await postForm(t.baseUrl, "/w/riverside/members", { intent: "update", userId: viewerId!, role: "admin" }, editor);
    expect(refused.status).toBe(403);
  });
});
