import { describe, expect, it } from "vitest";
import { can, isRole, ROLES, type MemberAccess } from "./roles";

const member = (role: MemberAccess["role"], extra: Partial<MemberAccess> = {}): MemberAccess => ({
  role,
  boardSignatory: false,
  serviceLineIds: [],
  ...extra,
});

describe("can", () => {
  it("reserves member management to admins", () => {
    expect(ROLES.filter((r) => can(member(r), "members.manage"))).toEqual(["admin"]);
  });

  it("lets admins and executives override autonomy levels", () => {
    expect(ROLES.filter((r) => can(member(r), "autonomy.override"))).toEqual(["admin", "executive"]);
  });

  it("lets admins, executives and editors import performance and edit the scheme", () => {
    expect(ROLES.filter((r) => can(member(r), "performance.import"))).toEqual(["admin", "executive", "editor"]);
    expect(ROLES.filter((r) => can(member(r), "delegation.edit"))).toEqual(["admin", "executive", "editor"]);
  });

  it("lets contributors draft only their own lines' plans, and keeps top-down targets to the executive", () => {
    const c = member("contributor", { serviceLineIds: ["card"] });
    expect(can(c, "plan.edit", { unitId: "card" })).toBe(true);
    expect(can(c, "plan.edit", { unitId: "resp" })).toBe(false);
    expect(can(c, "plan.edit")).toBe(false);
    expect(can(member("editor"), "plan.edit", { unitId: "resp" })).toBe(true);
    expect(ROLES.filter((r) => can(member(r, { serviceLineIds: ["card"] }), "plan.setTargets", { unitId: "card" }))).toEqual(["admin", "executive"]);
  });

  it("lets the Board Secretary record governance whatever their role, and keeps proposing to the executive", () => {
    expect(can(member("viewer", { boardSignatory: true }), "governance.record")).toBe(true);
    expect(can(member("editor"), "governance.record")).toBe(false);
    expect(can(member("executive"), "governance.record")).toBe(false);
    expect(ROLES.filter((r) => can(member(r), "version.propose"))).toEqual(["admin", "executive"]);
  });
});

describe("isRole", () => {
  it("accepts only known roles", () => {
    expect(isRole("editor")).toBe(true);
    expect(isRole("owner")).toBe(false);
    expect(isRole(undefined)).toBe(false);
  });
});
