import { describe, expect, it } from "vitest";
import { can, isRole, roomAccess, ROLES, type MemberAccess } from "./roles";

const member = (role: MemberAccess["role"], extra: Partial<MemberAccess> = {}): MemberAccess => ({
  role,
  boardSignatory: false,
  serviceLineIds: [],
  ...extra,
});

describe("roomAccess", () => {
  it("gives admins and executives write access to every room", () => {
    for (const role of ["admin", "executive"] as const) {
      expect(roomAccess(member(role), "structure", "structure")).toBe("write");
      expect(roomAccess(member(role), "delegation", "delegation")).toBe("write");
      expect(roomAccess(member(role), "assessment", "assessment/2027")).toBe("write");
      expect(roomAccess(member(role), "plan", "plan/card/2027-28")).toBe("write");
    }
  });

  it("lets editors write everything but assessments", () => {
    expect(roomAccess(member("editor"), "structure", "structure")).toBe("write");
    expect(roomAccess(member("editor"), "delegation", "delegation")).toBe("write");
    expect(roomAccess(member("editor"), "assessment", "assessment/2027")).toBe("read");
  });

  it("lets contributors write only the plans of their own service lines", () => {
    const c = member("contributor", { serviceLineIds: ["card"] });
    expect(roomAccess(c, "plan", "plan/card/2027-28")).toBe("write");
    expect(roomAccess(c, "plan", "plan/resp/2027-28")).toBe("read");
    expect(roomAccess(c, "structure", "structure")).toBe("read");
    expect(roomAccess(c, "delegation", "delegation")).toBe("read");
  });

  it("keeps viewers read-only everywhere", () => {
    const v = member("viewer", { serviceLineIds: ["card"] });
    expect(roomAccess(v, "structure", "structure")).toBe("read");
    expect(roomAccess(v, "plan", "plan/card/2027-28")).toBe("read");
  });
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

  it("ties sign-off to the board-signatory flag, not the role", () => {
    expect(can(member("admin"), "version.signOff")).toBe(false);
    expect(can(member("viewer", { boardSignatory: true }), "version.signOff")).toBe(true);
  });
});

describe("isRole", () => {
  it("accepts only known roles", () => {
    expect(isRole("editor")).toBe(true);
    expect(isRole("owner")).toBe(false);
    expect(isRole(undefined)).toBe(false);
  });
});
