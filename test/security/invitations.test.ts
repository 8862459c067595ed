import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { invitations, memberships, users } from "../../db/schema";
import { hashPassword } from "../../server/auth/password";
import { createUser, findUserByEmail } from "../../server/repositories/users";
import { addMembership, createWorkspace } from "../../server/repositories/workspaces";
import { get, pageText, postForm } from "../setup/http";
import { DEMO, DEMO_PASSWORD, DEMO_WORKSPACE, startTestServer, type TestServer } from "../setup/server";

// Finding "account takeover across trusts": an invitation for an address whose account had no
// password gave every inviting trust's administrator a link that set that person's password, and
// whoever used a link last owned the account with its roles in the other trust. Now only the first
// open invitation may choose the password (once), every other link only adds its membership for the
// person signed in with their own password, and nothing tells one trust about another.

const RIVERSIDE_NAME = "Riverside University Hospitals NHS Foundation Trust";
const OTHER = "northgate";
const OTHER_NAME = "Northgate Community Health NHS Trust";
const OTHER_ADMIN = "admin@northgate.example";
const OTHER_ADMIN_PASSWORD = "northgate-admin-pass-1";

let t: TestServer;
let riversideAdmin: string;
let northgateAdmin: string;

beforeAll(async () => {
  t = await startTestServer();
  createWorkspace(t.db, OTHER, OTHER_NAME);
  const admin = createUser(t.db, { email: OTHER_ADMIN, name: "Nadia Grant", passwordHash: await hashPassword(OTHER_ADMIN_PASSWORD) });
  addMembership(t.db, { workspaceId: OTHER, userId: admin.id, role: "admin" });
  riversideAdmin = await t.signIn(DEMO.admin);
  northgateAdmin = await t.signIn(OTHER_ADMIN, OTHER_ADMIN_PASSWORD);
});
afterAll(async () => {
  await t?.stop();
});

async function invite(cookie: string, workspaceId: string, name: string, email: string, role = "editor") {
  const res = await postForm(t.baseUrl, `/w/${workspaceId}/members`, { intent: "invite", name, email, role }, cookie);
  expect(res.status).toBe(200);
  const html = await res.text();
  const link = html.match(/http:\/\/127\.0\.0\.1:\d+\/invite\/[A-Za-z0-9_-]+/)?.[0];
  expect(link, pageText(html)).toBeTruthy();
  const status = pageText(html.match(/<div class="nhsuk-inset-text" role="status">([\s\S]*?)<\/div>/)?.[1] ?? "").trim();
  return { path: new URL(link!).pathname, html, status };
}

const choose = (path: string, password: string, cookie?: string) => postForm(t.baseUrl, path, { intent: "choose-password", password, confirm: password }, cookie);

async function signInStatus(email: string, password: string) {
  const res = await postForm(t.baseUrl, "/sign-in", { email, password, redirectTo: "/" });
  return res.status === 302 ? (res.headers.get("set-cookie") ?? "").split(";")[0]! : null;
}

describe("invitations from two trusts for the same new address", () => {
  const email = "sam.okafor@nhs.example";
  let first: Awaited<ReturnType<typeof invite>>;
  let second: Awaited<ReturnType<typeof invite>>;

  it("tell each administrator the same thing, in their own words, and nothing about the other trust", async () => {
    first = await invite(riversideAdmin, DEMO_WORKSPACE, "Sam Okafor", email);
    second = await invite(northgateAdmin, OTHER, "S. Okafor (bank)", "Sam.Okafor@NHS.example");
    expect(first.status).toBe("Invitation created for Sam Okafor (sam.okafor@nhs.example) to join as editor. Send them this link; it works for 7 days. " + `${t.baseUrl}${first.path}`);
    expect(second.status).toBe("Invitation created for S. Okafor (bank) (Sam.Okafor@NHS.example) to join as editor. Send them this link; it works for 7 days. " + `${t.baseUrl}${second.path}`);
    for (const text of [pageText(second.html)]) {
      expect(text).not.toContain(RIVERSIDE_NAME);
      expect(text).not.toContain("Riverside");
      expect(text).not.toContain("Sam Okafor");
      expect(text).not.toMatch(/already/i);
    }
    // The pending row shows the name this trust's administrator typed.
    const members = pageText(await (await get(t.baseUrl, `/w/${OTHER}/members`, northgateAdmin)).text());
    expect(members).toContain("S. Okafor (bank)");
    expect(members).not.toContain("Sam Okafor");
    expect(members).not.toContain("Riverside");
  });

  it("the second trust's link cannot choose the password, and its page reveals nothing of the first", async () => {
    const page = await get(t.baseUrl, second.path);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).not.toContain('name="password"');
    const text = pageText(html);
    expect(text).toContain(`Join ${OTHER_NAME}`);
    expect(text).toContain("sign in");
    expect(text).not.toContain("Riverside");
    expect(text).not.toContain("Sam Okafor");

    const attempt = await choose(second.path, "northgate-chose-this-1");
    expect(attempt.status).toBe(200);
    expect(pageText(await attempt.text())).toContain("This invitation cannot set a password");
    expect(findUserByEmail(t.db, email)).toBeUndefined();
  });

  it("the first link sets the password once; after that no link can change it", async () => {
    const page = await (await get(t.baseUrl, first.path)).text();
    expect(page).toContain('name="password"');
    const accepted = await choose(first.path, "sam-chose-this-one");
    expect(accepted.status).toBe(302);
    expect(accepted.headers.get("location")).toBe(`/w/${DEMO_WORKSPACE}`);

    // The same link again, and the other trust's link, both fail to change it.
    expect((await choose(first.path, "riverside-admin-reuse-1")).status).toBe(404);
    const takeover = await choose(second.path, "northgate-takeover-1");
    expect(pageText(await takeover.text())).toContain("This invitation cannot set a password");
    expect(await signInStatus(email, "northgate-takeover-1")).toBeNull();
    expect(await signInStatus(email, "riverside-admin-reuse-1")).toBeNull();
    const sam = await signInStatus(email, "sam-chose-this-one");
    expect(sam).toBeTruthy();

    // Not yet a member of the second trust: its membership waits for its own link.
    expect((await get(t.baseUrl, `/w/${OTHER}`, sam!)).status).toBe(404);
    expect(t.db.select().from(invitations).where(and(eq(invitations.email, email), eq(invitations.workspaceId, OTHER))).get()?.maySetPassword).toBe(false);
  });

  it("the second link adds its membership once the person signs in with their own password", async () => {
    const signedOut = await postForm(t.baseUrl, second.path, { intent: "join" });
    expect(pageText(await signedOut.text())).toContain("Sign in with your own Devolve password first");

    // Another account signed in (the other trust's administrator) cannot accept it.
    const wrong = await postForm(t.baseUrl, second.path, { intent: "join" }, northgateAdmin);
    expect(pageText(await wrong.text())).toContain("This invitation is for a different email address");

    const sam = (await signInStatus(email, "sam-chose-this-one"))!;
    const page = pageText(await (await get(t.baseUrl, second.path, sam)).text());
    expect(page).toContain("Accept and join");
    const joined = await postForm(t.baseUrl, second.path, { intent: "join" }, sam);
    expect(joined.status).toBe(302);
    expect(joined.headers.get("location")).toBe(`/w/${OTHER}`);
    expect(pageText(await (await get(t.baseUrl, `/w/${OTHER}`, sam)).text())).toContain("Your role: Editor");
    expect((await postForm(t.baseUrl, second.path, { intent: "join" }, sam)).status).toBe(404);
  });
});

describe("an invitation for an address that already has an account", () => {
  it("cannot set that account's password, grants nothing until its owner accepts, and reveals nothing", async () => {
    const res = await invite(northgateAdmin, OTHER, "P Shah", DEMO.executive, "admin");
    expect(res.status).toBe(`Invitation created for P Shah (${DEMO.executive}) to join as administrator. Send them this link; it works for 7 days. ${t.baseUrl}${res.path}`);
    const text = pageText(res.html);
    expect(text).not.toContain("Priya Shah");
    expect(text).not.toContain("Riverside");

    const page = await (await get(t.baseUrl, res.path)).text();
    expect(page).not.toContain('name="password"');
    expect(pageText(page)).not.toContain("Priya");
    const takeover = await choose(res.path, "northgate-owns-priya-now");
    expect(pageText(await takeover.text())).toContain("This invitation cannot set a password");
    expect(await signInStatus(DEMO.executive, "northgate-owns-priya-now")).toBeNull();
    const priya = await signInStatus(DEMO.executive, DEMO_PASSWORD);
    expect(priya).toBeTruthy();
    // No membership yet, so no access to the inviting trust and nothing of it on Priya's home page.
    expect((await get(t.baseUrl, `/w/${OTHER}`, priya!)).status).toBe(404);
    const priyaId = findUserByEmail(t.db, DEMO.executive)!.id;
    expect(t.db.select().from(memberships).where(and(eq(memberships.workspaceId, OTHER), eq(memberships.userId, priyaId))).get()).toBeUndefined();
    // Members page of the inviting trust: the typed name, never the account's.
    const members = pageText(await (await get(t.baseUrl, `/w/${OTHER}/members`, northgateAdmin)).text());
    expect(members).toContain("P Shah");
    expect(members).not.toContain("Priya Shah");
  });

  it("says the same to the administrator whether the address is new, invited elsewhere or has an account", async () => {
    await invite(riversideAdmin, DEMO_WORKSPACE, "Elsewhere Person", "pending.elsewhere@nhs.example");
    const shape = (status: string, name: string, email: string) => status.replace(name, "NAME").replace(email, "EMAIL").replace(/\/invite\/[A-Za-z0-9_-]+/, "/invite/TOKEN");
    const fresh = await invite(northgateAdmin, OTHER, "New Starter", "brand.new@nhs.example", "viewer");
    const pending = await invite(northgateAdmin, OTHER, "Pending Person", "pending.elsewhere@nhs.example", "viewer");
    const account = await invite(northgateAdmin, OTHER, "Has Account", DEMO.editor, "viewer");
    const a = shape(fresh.status, "New Starter", "brand.new@nhs.example");
    expect(shape(pending.status, "Pending Person", "pending.elsewhere@nhs.example")).toBe(a);
    expect(shape(account.status, "Has Account", DEMO.editor)).toBe(a);
    for (const r of [fresh, pending, account]) {
      const text = pageText(r.html);
      expect(text).not.toContain("Riverside");
      expect(text).not.toContain("Tom Reid");
      expect(text).not.toContain("Elsewhere Person");
    }
  });
});

describe("accepting is atomic", () => {
  it("one link used many times at once sets one password, once", async () => {
    const { path } = await invite(riversideAdmin, DEMO_WORKSPACE, "Race Person", "race.person@nhs.example");
    const passwords = Array.from({ length: 6 }, (_, i) => `racing-password-${i}-long`);
    const results = await Promise.all(passwords.map((p) => choose(path, p)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 302)).toHaveLength(1);
    expect(statuses.filter((s) => s === 404)).toHaveLength(5);
    const working = [];
    for (const p of passwords) if (await signInStatus("race.person@nhs.example", p)) working.push(p);
    expect(working).toEqual([passwords[statuses.indexOf(302)]]);
  });

  it("two links that could both choose the password, used at once, cannot both set it", async () => {
    const email = "two.links@nhs.example";
    const a = await invite(riversideAdmin, DEMO_WORKSPACE, "Two Links", email);
    const b = await invite(northgateAdmin, OTHER, "Two Links", email);
    // Force the worst case: both links allowed to choose (as two old invitations might have been).
    t.db.update(invitations).set({ maySetPassword: true }).where(eq(invitations.email, email)).run();
    const [ra, rb] = await Promise.all([choose(a.path, "password-from-link-a"), choose(b.path, "password-from-link-b")]);
    expect([ra.status, rb.status].filter((s) => s === 302)).toHaveLength(1);
    const loser = ra.status === 302 ? rb : ra;
    expect(pageText(await loser.text())).toContain("This invitation cannot set a password");
    const okA = await signInStatus(email, "password-from-link-a");
    const okB = await signInStatus(email, "password-from-link-b");
    expect([okA, okB].filter(Boolean)).toHaveLength(1);
    expect(ra.status === 302 ? okA : okB).toBeTruthy();
    // Exactly one account, one password, one membership; the losing link can still only add its membership.
    expect(t.db.select().from(users).where(eq(users.email, email)).all()).toHaveLength(1);
    expect(t.db.select().from(invitations).where(eq(invitations.email, email)).all().every((i) => !i.maySetPassword)).toBe(true);
  });

  it("a cancelled or re-sent invitation's link stops working", async () => {
    const old = await invite(riversideAdmin, DEMO_WORKSPACE, "Resent Person", "resent@nhs.example");
    const fresh = await invite(riversideAdmin, DEMO_WORKSPACE, "Resent Person", "resent@nhs.example", "viewer");
    expect((await get(t.baseUrl, old.path)).status).toBe(404);
    expect((await get(t.baseUrl, fresh.path)).status).toBe(200);
    const cancel = await postForm(t.baseUrl, `/w/${DEMO_WORKSPACE}/members`, { intent: "revoke", email: "resent@nhs.example" }, riversideAdmin);
    expect(pageText(await cancel.text())).toContain("has been cancelled");
    expect((await get(t.baseUrl, fresh.path)).status).toBe(404);
    expect((await choose(fresh.path, "too-late-password-1")).status).toBe(404);
  });
});
