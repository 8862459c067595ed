import type { DocKind } from "../collab/protocol";

/** Workspace roles, most powerful first. The board-signatory flag is separate from the role. */
export const ROLES = ["admin", "executive", "editor", "contributor", "viewer"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: "Administrator",
  executive: "Executive",
  editor: "Editor",
  contributor: "Contributor",
  viewer: "Viewer",
};

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  admin: "Manages members and roles, and can edit everything.",
  executive: "Edits everything, overrides earned-autonomy levels and records assessments.",
  editor: "Edits the structure, the scheme of delegation and every plan.",
  contributor: "Edits the plans of the service lines named for them; reads the rest.",
  viewer: "Reads everything; changes nothing.",
};

/** What the role rules need to know about one person's membership of a workspace. */
export interface MemberAccess {
  role: Role;
  boardSignatory: boolean;
  /** Service-line unit ids a contributor may edit. */
  serviceLineIds: readonly string[];
}

export type RoomAccess = "write" | "read";

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/** Read or write access of a member to one co-edited document (a room). Every member may read. */
export function roomAccess(member: MemberAccess, kind: DocKind, doc: string): RoomAccess {
  switch (member.role) {
    case "admin":
    case "executive":
      return "write";
    case "editor":
      return kind === "assessment" ? "read" : "write";
    case "contributor": {
      if (kind !== "plan") return "read";
      const unitId = doc.split("/")[1];
      return member.serviceLineIds.includes(unitId) ? "write" : "read";
    }
    case "viewer":
      return "read";
  }
}

export type Action =
  | "members.manage"
  | "autonomy.override"
  | "performance.import"
  | "structure.edit"
  | "delegation.edit"
  | "version.signOff";

/** Whether a member may perform a workspace action outside the co-edited documents. */
export function can(member: MemberAccess, action: Action): boolean {
  switch (action) {
    case "members.manage":
      return member.role === "admin";
    case "autonomy.override":
      return member.role === "admin" || member.role === "executive";
    case "performance.import":
    case "structure.edit":
    case "delegation.edit":
      return member.role === "admin" || member.role === "executive" || member.role === "editor";
    case "version.signOff":
      return member.boardSignatory;
  }
}
