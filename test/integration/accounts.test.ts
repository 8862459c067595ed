import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDocFromDb } from "../../server/collab/persistence";
import { readAutonomyRules, readRuleIndicators, defaultRuleIndicators } from "../../shared/collab/autonomy-rules-doc";
import { readScheme } from "../../shared/collab/scheme-doc";
import { readStructure } from "../../shared/collab/structure-doc";
import { defaultAutonomyRules } from "../../shared/autonomy/rules";
import { demoScheme } from "../../shared/delegation/demo";
import { linkIn, sentTo, startMailSink, type MailSink } from "../setup/mail";
import { post, sessionFrom, startLoggedServer, type LoggedServer } from "../setup/accounts";

const ADMIN = { name: "Grace Okoye", email: "grace.okoye@northfield.nhs.uk", password: "lantern orchard pebble" };
const COLLEAGUE = { name: "Sam Patel", email: "sam.patel@northfield.nhs.uk", password: "violet harbour kettle" };

const setupFields = (over: Record<string, string> = {}) => ({
  trustName: "Northfield Community Health NHS Trust",
  odsCode: "rnf",
  foundationTrust: "no",
  financialYearStartMonth: "4",
  adminName: ADMIN.name,
  adminEmail: ADMIN.email,
  password: ADMIN.password,
  confirm: ADMIN.password,
  ...over,
});

const auditKinds = (s: LoggedServer) => (s.db.$client.prepare("SELECT kind FROM audit_events ORDER BY id").all() as { kind: string }[]).map((r) => r.kind);

describe("accounts: first run, trusts, people, mail (issue 17)", () => {
  let mail: MailSink;
  let s: LoggedServer;
  let adminCookie: string;
  let workspaceId: string;

  beforeAll(async () => {
    mail = await startMailSink();
    s = await startLoggedServer({ seed: "none", env: { SMTP_URL: mail.url, MAIL_FROM: "Devolve <devolve@northfield.nhs.uk>" } });
  });
  afterAll(async () => {
    await s?.stop();
    await mail?.stop();
  });

  it("prints a one-time set-up link once in its log on an empty start", async () => {
    const lines = s.logs.filter((l) => typeof l.setupUrl === "string");
    expect(lines).toHaveLength(1);
    expect(String(lines[0]!.msg)).toMatch(/no accounts yet/);
    const link = s.setupLink()!;
    expect(link.startsWith(`${s.baseUrl}/setup/`)).toBe(true);
    expect((await fetch(link)).status).toBe(200);
    expect((await fetch(`${s.baseUrl}/setup/not-the-token-aaaaaaaaaaaaaaaaaaaa`)).status).toBe(404);
  });

  it("refuses bad set-up input with clear messages and creates nothing", async () => {
    const path = new URL(s.setupLink()!).pathname;
    const res = await post(s.baseUrl, path, setupFields({ odsCode: "R!", foundationTrust: "", password: "password1234", confirm: "password1234" }));
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain("Enter the ODS code as 3 to 5 letters and numbers");
    expect(html).toContain("Say whether the trust is a foundation trust");
    expect(html).toContain("one of the most commonly used");
    expect(s.db.$client.prepare("SELECT count(*) n FROM users").get()).toEqual({ n: 0 });
    expect(s.db.$client.prepare("SELECT count(*) n FROM workspaces").get()).toEqual({ n: 0 });
  });

  it("creates the first trust, ready for a workshop, and its administrator, then closes the link", async () => {
    const link = s.setupLink()!;
    const res = await post(s.baseUrl, new URL(link).pathname, setupFields());
    expect(res.status).toBe(302);
    workspaceId = res.headers.get("location")!.replace(/^\/w\//, "");
    expect(workspaceId).toBe("northfield-community-health");
    adminCookie = sessionFrom(res);
    expect((await fetch(`${s.baseUrl}/w/${workspaceId}`, { headers: { Cookie: adminCookie } })).status).toBe(200);
    expect((await fetch(link)).status).toBe(404);

    const row = s.db.$client.prepare("SELECT name, ods_code, foundation_trust, financial_year_start_month FROM workspaces").get();
    expect(row).toEqual({ name: "Northfield Community Health NHS Trust", ods_code: "RNF", foundation_trust: 0, financial_year_start_month: 4 });
    expect(s.db.$client.prepare("SELECT platform_admin FROM users WHERE email = ?").get(ADMIN.email)).toEqual({ platform_admin: 1 });

    // An empty structure under the Trust Board; the default levels (no Council of Governors for a
    // non-foundation trust), no decisions yet, and the framework's default autonomy rules.
    const structure = readStructure(loadDocFromDb(s.db, workspaceId, "structure"));
    expect(structure.units.map((u) => [u.kind, u.name])).toEqual([["board", "Trust Board"]]);
    const delegation = loadDocFromDb(s.db, workspaceId, "delegation");
    const scheme = readScheme(delegation);
    expect(scheme.levels.map((l) => l.id)).toEqual(["board", "committee", "executive", "division", "service-line", "team"]);
    expect(scheme.decisions).toEqual([]);
    expect(readAutonomyRules(delegation)).toEqual(defaultAutonomyRules());
    expect(readRuleIndicators(delegation)).toEqual(defaultRuleIndicators());
    expect(auditKinds(s)).toContain("trust.created");
  });

  it("lets the platform administrator add a trust from the demo's scheme and mails its first administrator", async () => {
    const res = await post(s.baseUrl, "/admin/trusts", { trustName: "Eastbrook Hospitals NHS Foundation Trust", odsCode: "REB", foundationTrust: "yes", financialYearStartMonth: "4", fromDemoScheme: "on", adminName: "Olu Adeyemi", adminEmail: "olu.adeyemi@eastbrook.nhs.uk" }, adminCookie);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("has been e-mailed to Olu Adeyemi");
    const message = await mail.waitFor(sentTo("olu.adeyemi@eastbrook.nhs.uk"));
    expect(message.subject).toBe("You are invited to Eastbrook Hospitals NHS Foundation Trust on Devolve");
    expect(linkIn(message)).toMatch(new RegExp(`^${s.baseUrl}/invite/`));
    const scheme = readScheme(loadDocFromDb(s.db, "eastbrook-hospitals", "delegation"));
    expect(scheme.decisions.length).toBe(demoScheme().decisions.length);
    // The same ODS code twice is refused.
    const again = await post(s.baseUrl, "/admin/trusts", { trustName: "Another", odsCode: "reb", foundationTrust: "yes", financialYearStartMonth: "4", adminName: "A B", adminEmail: "a@b.nhs.uk" }, adminCookie);
    expect(await again.text()).toContain("REB is already the ODS code of Eastbrook Hospitals NHS Foundation Trust");
  });

  it("e-mails invitations that expire in 7 days; resend replaces the link; cancel stops it", async () => {
    const res = await post(s.baseUrl, `/w/${workspaceId}/members`, { intent: "invite", name: COLLEAGUE.name, email: COLLEAGUE.email, role: "editor" }, adminCookie);
    const html = await res.text();
    expect(html).toContain(`Invitation e-mailed to ${COLLEAGUE.name}`);
    expect(html).not.toContain("/invite/");
    const first = linkIn(await mail.waitFor(sentTo(COLLEAGUE.email)));
    const row = s.db.$client.prepare("SELECT expires_at - created_at AS ttl FROM invitations WHERE email = ? AND revoked_at IS NULL").get(COLLEAGUE.email) as { ttl: number };
    expect(row.ttl).toBe(7 * 24 * 3600_000);

    const before = mail.messages.length;
    await post(s.baseUrl, `/w/${workspaceId}/members`, { intent: "resend", email: COLLEAGUE.email }, adminCookie);
    const second = linkIn(await mail.waitFor((m) => sentTo(COLLEAGUE.email)(m) && mail.messages.indexOf(m) >= before));
    expect(second).not.toBe(first);
    expect((await fetch(first)).status).toBe(404);
    expect((await fetch(second)).status).toBe(200);

    // A common password is refused with the reason; a long phrase is accepted and the person joins.
    const weak = await post(s.baseUrl, new URL(second).pathname, { intent: "choose-password", password: "Password2027!", confirm: "Password2027!" });
    expect(await weak.text()).toContain("one of the most commonly used");
    const joined = await post(s.baseUrl, new URL(second).pathname, { intent: "choose-password", password: COLLEAGUE.password, confirm: COLLEAGUE.password });
    expect(joined.status).toBe(302);
    expect((await fetch(`${s.baseUrl}/w/${workspaceId}`, { headers: { Cookie: sessionFrom(joined) } })).status).toBe(200);

    await post(s.baseUrl, `/w/${workspaceId}/members`, { intent: "invite", name: "Kim Lee", email: "kim.lee@northfield.nhs.uk", role: "viewer" }, adminCookie);
    const kim = linkIn(await mail.waitFor(sentTo("kim.lee@northfield.nhs.uk")));
    await post(s.baseUrl, `/w/${workspaceId}/members`, { intent: "revoke", email: "kim.lee@northfield.nhs.uk" }, adminCookie);
    expect((await fetch(kim)).status).toBe(404);
    expect(auditKinds(s)).toEqual(expect.arrayContaining(["invitation.sent", "invitation.revoked"]));
  });

  it("deactivates a member (access and sessions end), reactivates them, and never leaves the trust without an administrator", async () => {
    const colleague = s.db.$client.prepare("SELECT id FROM users WHERE email = ?").get(COLLEAGUE.email) as { id: string };
    const signIn = await post(s.baseUrl, "/sign-in", { email: COLLEAGUE.email, password: COLLEAGUE.password });
    const cookie = sessionFrom(signIn);
    const off = await post(s.baseUrl, `/w/${workspaceId}/members`, { intent: "deactivate", userId: colleague.id }, adminCookie);
    expect(await off.text()).toContain("has been deactivated");
    expect((await fetch(`${s.baseUrl}/w/${workspaceId}`, { headers: { Cookie: cookie }, redirect: "manual" })).status).toBe(302);
    expect(s.db.$client.prepare("SELECT count(*) n FROM sessions WHERE user_id = ?").get(colleague.id)).toEqual({ n: 0 });

    await post(s.baseUrl, `/w/${workspaceId}/members`, { intent: "reactivate", userId: colleague.id }, adminCookie);
    const again = sessionFrom(await post(s.baseUrl, "/sign-in", { email: COLLEAGUE.email, password: COLLEAGUE.password }));
    expect((await fetch(`${s.baseUrl}/w/${workspaceId}`, { headers: { Cookie: again } })).status).toBe(200);

    const admin = s.db.$client.prepare("SELECT id FROM users WHERE email = ?").get(ADMIN.email) as { id: string };
    for (const intent of ["deactivate", "remove"]) {
      const refused = await post(s.baseUrl, `/w/${workspaceId}/members`, { intent, userId: admin.id }, adminCookie);
      expect(await refused.text()).toContain("A workspace needs at least one administrator");
    }
    const removed = await post(s.baseUrl, `/w/${workspaceId}/members`, { intent: "remove", userId: colleague.id }, adminCookie);
    expect(await removed.text()).toContain("Their past edits stay attributed to them");
    expect(s.db.$client.prepare("SELECT count(*) n FROM users WHERE id = ?").get(colleague.id)).toEqual({ n: 1 });
    expect(auditKinds(s)).toEqual(expect.arrayContaining(["member.deactivated", "member.reactivated", "member.removed"]));
  });

  it("resets a password by e-mail: one-time link, all sessions ended, same answer for unknown addresses", async () => {
    const other = sessionFrom(await post(s.baseUrl, "/sign-in", { email: ADMIN.email, password: ADMIN.password }));
    const count = mail.messages.length;
    const unknown = await post(s.baseUrl, "/forgot-password", { email: "nobody@northfield.nhs.uk" });
    const known = await post(s.baseUrl, "/forgot-password", { email: ADMIN.email });
    const [a, b] = [await unknown.text(), await known.text()];
    expect(a).toContain("If there is a Devolve account for that address");
    expect(b).toContain("If there is a Devolve account for that address");
    const message = await mail.waitFor((m) => sentTo(ADMIN.email)(m) && m.subject === "Reset your Devolve password");
    expect(mail.messages.slice(count).filter(sentTo("nobody@northfield.nhs.uk"))).toHaveLength(0);
    const link = linkIn(message);
    const newPassword = "copper meadow lighthouse";
    const res = await post(s.baseUrl, new URL(link).pathname, { password: newPassword, confirm: newPassword });
    expect(res.status).toBe(302);
    expect((await fetch(`${s.baseUrl}/w/${workspaceId}`, { headers: { Cookie: other }, redirect: "manual" })).status).toBe(302);
    expect((await fetch(link)).status).toBe(404);
    expect((await post(s.baseUrl, "/sign-in", { email: ADMIN.email, password: newPassword })).status).toBe(302);
    adminCookie = sessionFrom(res);
    expect(auditKinds(s)).toEqual(expect.arrayContaining(["auth.password_reset_requested", "auth.password_reset"]));
  });
});

describe("without a mail server", () => {
  let s: LoggedServer;
  beforeAll(async () => {
    s = await startLoggedServer({ seed: "demo" });
  });
  afterAll(async () => s?.stop());

  it("prints no set-up link when accounts exist, and shows invitation links to the administrator", async () => {
    expect(s.setupLink()).toBeUndefined();
    const cookie = sessionFrom(await post(s.baseUrl, "/sign-in", { email: "admin@riverside.example", password: "Devolve-demo-2027" }));
    const html = await (await post(s.baseUrl, "/w/riverside/members", { intent: "invite", name: "Rob Hale", email: "rob.hale@riverside.example", role: "viewer" }, cookie)).text();
    expect(html).toContain("Send them this link; it works for 7 days.");
    expect(html).toMatch(new RegExp(`${s.baseUrl}/invite/[A-Za-z0-9_-]{20,}`));
    expect(await (await fetch(`${s.baseUrl}/forgot-password`)).text()).toContain("no mail server set up");
  });
});
