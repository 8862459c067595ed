/**
 * Roles and permissions, decided once. Every workspace action and every document's write right is a
 * row of PERMISSIONS, so the pages, the collaboration WebSocket, imports and actions all ask `can`
 * and cannot disagree. Documents map their write right to one of these actions in the registry
 * (`shared/collab/registry.ts`); every member may read every document of their workspace.
 */

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
  executive: "Edits everything, sets top-down targets, overrides earned-autonomy levels and records assessments.",
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
  /** The person, where finer rights depend on whose entry is changed (set by the collaboration server). */
  userId?: string;
}

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/** Who may do what. `ownLines` extends an action to contributors for the service lines named for them. */
interface Permission {
  roles: readonly Role[];
  ownLines?: true;
  signatory?: true;
  /** What the action lets a person do, in plain English (shown on the members page). */
  label: string;
}

export const PERMISSIONS = {
  "members.manage": { roles: ["admin"], label: "Invite people and change roles" },
  "structure.edit": { roles: ["admin", "executive", "editor"], label: "Edit the service-line structure" },
  "delegation.edit": { roles: ["admin", "executive", "editor"], label: "Edit the scheme of delegation and the earned-autonomy rules" },
  "performance.import": { roles: ["admin", "executive", "editor"], label: "Import and enter monthly performance figures" },
  "autonomy.override": { roles: ["admin", "executive"], label: "Override a service line's earned-autonomy level" },
  // Monitor's SLM framework, Part 2 §2: targets are set top-down by the executive and reconciled
  // with the service line's bottom-up proposals; the line drafts, the executive sets the targets.
  "plan.edit": { roles: ["admin", "executive", "editor"], ownLines: true, label: "Draft a service line's annual plan" },
  "plan.setTargets": { roles: ["admin", "executive"], label: "Set top-down targets and agree them" },
  // The Board approves; the Board Secretary prepares the papers, records committee recommendations,
  // meetings and resolutions, and certifies, but does not vote (issue 11; ULHT front matter). The
  // membership's board-signatory flag now marks the Board Secretary.
  "version.propose": { roles: ["admin", "executive"], label: "Propose a new version of the structure or the scheme for approval" },
  "governance.record": { roles: ["admin"], signatory: true, label: "Record committee recommendations, Board meetings and resolutions, and certify versions (Board Secretary)" },
  "roles.manage": { roles: ["admin"], signatory: true, label: "Record who holds which role, and temporary delegations" },
  // Issue 14: the catalogue is reviewed and set each year (ULHT §2.5) by the performance team and executive.
  "kpi.manage": { roles: ["admin", "executive", "editor"], label: "Edit the KPI catalogue and its targets" },
  // Issue 15: the SLM maturity self-assessment is scored together in a workshop; clinicians and
  // managers score for themselves, the facilitating executive records what is agreed and approves.
  "assessment.edit": { roles: ["admin", "executive", "editor", "contributor"], label: "Take part in the SLM maturity self-assessment and give your own scores" },
  "assessment.agree": { roles: ["admin", "executive"], label: "Record the agreed SLM maturity levels, evidence, targets and actions, and approve the assessment" },
  // Issue 13: review meetings (ULHT §5.1). The executive sets up series and their terms of reference;
  // the chair and secretary (named on the series) and executives record meetings; a line's own
  // members update their line's actions in the live action log.
  "review.setup": { roles: ["admin", "executive"], label: "Set up review meeting series, their terms of reference and schedules" },
  "review.record": { roles: ["admin", "executive"], label: "Record review meetings (pack, attendance, rating, minutes, decisions) and every action" },
  "review.actions": { roles: ["admin", "executive", "editor", "contributor"], label: "Write in review action logs: your own line's actions or those you own, or all as a series' chair or secretary" },
  // Issue 13: Monitor's SLM framework Part 2 §5 — clinicians are "involved in defining" the incentive
  // and consequence framework (they comment on the draft); the executive sets it, approves it,
  // records consequences and recognition and the reserve's draw-downs.
  "incentives.comment": { roles: ["admin", "executive", "editor", "contributor"], label: "Comment on the draft incentive and consequence framework" },
  "incentives.edit": { roles: ["admin", "executive"], label: "Set and approve the incentive and consequence framework, and record draw-downs, consequences and recognition" },
  // Issue 13: escalation between accountability reviews (ULHT §4 and §6). The line's own people
  // write its recovery action plan; the Director of Finance escalates to the Finance, Performance and
  // Estates Committee, the executive team decides what further action is needed and de-escalates.
  "escalation.plan": { roles: ["admin", "executive", "editor"], ownLines: true, label: "Record a service line's recovery action plan and its progress" },
  "escalation.manage": { roles: ["admin", "executive"], label: "Open, escalate and de-escalate escalations, and record the executive team's decision" },
} as const satisfies Record<string, Permission>;

export type Action = keyof typeof PERMISSIONS;

/** Whether a member may perform an action; `scope.unitId` names the service line it concerns. */
export function can(member: MemberAccess, action: Action, scope: { unitId?: string } = {}): boolean {
  const p: Permission = PERMISSIONS[action];
  if (p.signatory && member.boardSignatory) return true;
  if ((p.roles as readonly Role[]).includes(member.role)) return true;
  return !!p.ownLines && member.role === "contributor" && !!scope.unitId && member.serviceLineIds.includes(scope.unitId);
}
