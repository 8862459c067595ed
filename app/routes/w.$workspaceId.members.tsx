import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { can, ROLE_DESCRIPTIONS, ROLE_LABELS, ROLES, type Role } from "../../shared/roles";
import { findPendingInvitation, listPendingInvitations, revokeInvitations } from "../../server/repositories/invitations";
import { findUserByEmail, findUserById } from "../../server/repositories/users";
import { countAdmins, findMembership, findMembershipRow, hasOtherActiveMembership, listMembers, removeMembership, setMembershipActive, setSsoDomains, updateMembership } from "../../server/repositories/workspaces";
import { endAllSessions, inviteByMail, sendPasswordReset, type InviteOutcome } from "../utils/accounts.server";
import { formatDate, londonDate } from "../../shared/format/dates";
import { ErrorSummary, SelectField, TextField, type FieldErrors, fieldErrors } from "../components/ui/forms";
import { requireMember, requirePermission } from "../utils/auth.server";
import { appendAudit } from "../../server/audit/chain";
import { readStructureNow } from "../utils/docs.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { workspace, member, user } = requireMember(request, context, params.workspaceId);
  const structure = await readStructureNow(context, workspace.id);
  const serviceLines = structure.units.filter((u) => u.kind === "service_line").map((u) => ({ id: u.id, name: u.name })).sort((a, b) => a.name.localeCompare(b.name));
  const canManage = can(member, "members.manage");
  // Pending invitations show what this workspace's administrator typed, nothing from the account.
  const invited = canManage ? listPendingInvitations(context.db, workspace.id) : [];
  return { members: listMembers(context.db, workspace.id), invited, serviceLines, canManage, me: user.id, mailConfigured: context.mailer !== null, sso: context.oidc && canManage ? { domains: (workspace.ssoDomains ?? []).join(", "), label: context.oidc.label } : null };
}

const roleSchema = z.enum(ROLES, { errorMap: () => ({ message: "Choose a role" }) });

const InviteForm = z.object({
  intent: z.literal("invite"),
  name: z.string().trim().min(1, "Enter the person's full name").max(120, "Name must be 120 characters or fewer"),
  email: z.string().trim().min(1, "Enter their email address").max(254, "Email address must be 254 characters or fewer").email("Enter an email address in the correct format, like name@example.nhs.uk"),
  role: roleSchema,
  boardSignatory: z.boolean(),
  serviceLineIds: z.array(z.string()),
});

const RevokeForm = z.object({ intent: z.enum(["revoke", "resend"]), email: z.string().trim().min(1).max(254) });

const MemberForm = z.object({ intent: z.enum(["deactivate", "reactivate", "remove", "reset-password"]), userId: z.string().min(1).max(100) });

/** What the administrator is told after an invitation is sent: by mail, or the link to pass on when there is no mail server. */
function invitedMessage(name: string, email: string, outcome: InviteOutcome, as: string, days: number): { message: string; inviteLink?: string; warning?: string } {
  if (outcome.mailed) return { message: `Invitation e-mailed to ${name} (${email}) to join as ${as}. The link works until ${formatDate(londonDate(outcome.expiresAt))}.` };
  if (outcome.mailError) return { message: `Invitation saved for ${name} (${email}) to join as ${as}.`, warning: outcome.mailError };
  // No mail server: the administrator passes the link on (the wording tests of issue 15 rely on).
  return { message: `Invitation created for ${name} (${email}) to join as ${as}. Send them this link; it works for ${days} day${days === 1 ? "" : "s"}.`, inviteLink: outcome.link };
}

const UpdateForm = z.object({
  intent: z.literal("update"),
  userId: z.string().min(1),
  role: roleSchema,
  boardSignatory: z.boolean(),
  serviceLineIds: z.array(z.string()),
});

type ActionResult =
  | { ok: false; errors: FieldErrors; values?: Record<string, string> }
  | { ok: true; message: string; inviteLink?: string; warning?: string };

export async function action({ request, context, params }: ActionFunctionArgs): Promise<ActionResult> {
  const { workspace, member, user } = requireMember(request, context, params.workspaceId);
  requirePermission(member, "members.manage", "Only an administrator can invite people or change roles.");
  const form = await request.formData();
  const common = {
    role: form.get("role"),
    boardSignatory: form.get("boardSignatory") === "on",
    serviceLineIds: form.getAll("serviceLineIds").map(String),
  };
  const structure = await readStructureNow(context, workspace.id);
  const lineIds = new Set(structure.units.filter((u) => u.kind === "service_line").map((u) => u.id));
  const checkLines = (role: Role, ids: string[]): string | undefined => {
    if (ids.some((id) => !lineIds.has(id))) return "Choose service lines from the list";
    if (role === "contributor" && ids.length === 0) return "Choose at least one service line this contributor may edit";
    return undefined;
  };

  if (form.get("intent") === "invite") {
    const values = { name: String(form.get("name") ?? ""), email: String(form.get("email") ?? ""), role: String(form.get("role") ?? "") };
    const parsed = InviteForm.safeParse({ intent: "invite", name: form.get("name") ?? "", email: form.get("email") ?? "", ...common });
    if (!parsed.success) {
      const errors = fieldErrors(parsed.error);
      return { ok: false, errors, values };
    }
    const { name, email, role, boardSignatory } = parsed.data;
    const serviceLineIds = role === "contributor" ? parsed.data.serviceLineIds : [];
    const linesError = checkLines(role, serviceLineIds);
    if (linesError) return { ok: false, errors: { serviceLineIds: linesError }, values };
    // Only this workspace's own members are checked: whether the address has an account, or is
    // invited elsewhere, changes neither what happens here nor what the administrator is told.
    const existing = findUserByEmail(context.db, email);
    const row = existing ? findMembershipRow(context.db, workspace.id, existing.id) : undefined;
    if (row?.deactivated) return { ok: false, errors: { email: `${email} is a deactivated member of this workspace. Reactivate them in the list above instead.` }, values };
    if (row) return { ok: false, errors: { email: `${email} is already a member of this workspace` }, values };
    const outcome = await inviteByMail(context, request, { workspaceId: workspace.id, trustName: workspace.name, email, name, role, boardSignatory, serviceLineIds, inviter: user });
    context.logger.info({ workspace: workspace.id, by: user.id, role, mailed: outcome.mailed }, "member invited");
    return { ok: true, ...invitedMessage(name, email, outcome, ROLE_LABELS[role].toLowerCase(), context.env.INVITE_TTL_DAYS) };
  }

  if (form.get("intent") === "revoke" || form.get("intent") === "resend") {
    const parsed = RevokeForm.safeParse({ intent: form.get("intent"), email: form.get("email") ?? "" });
    if (!parsed.success) return { ok: false, errors: { form: "Choose an invitation." } };
    if (parsed.data.intent === "resend") {
      const pending = findPendingInvitation(context.db, workspace.id, parsed.data.email);
      if (!pending) return { ok: false, errors: { form: "That invitation has been used or cancelled, so it cannot be sent again. Invite the person afresh." } };
      // A new link replaces the old one (which stops working) and the expiry starts again.
      const outcome = await inviteByMail(context, request, { workspaceId: workspace.id, trustName: workspace.name, email: pending.email, name: pending.name, role: pending.role, boardSignatory: pending.boardSignatory, serviceLineIds: pending.serviceLineIds ?? [], inviter: user });
      return { ok: true, ...invitedMessage(pending.name, pending.email, outcome, ROLE_LABELS[pending.role].toLowerCase(), context.env.INVITE_TTL_DAYS) };
    }
    const cancelled = revokeInvitations(context.db, workspace.id, parsed.data.email);
    if (cancelled) appendAudit(context.db, { workspaceId: workspace.id, actorId: user.id, actorName: user.name, kind: "invitation.revoked", subject: parsed.data.email, detail: { email: parsed.data.email, cancelled } });
    context.logger.info({ workspace: workspace.id, by: user.id, cancelled }, "invitation cancelled");
    return { ok: true, message: cancelled ? `The invitation for ${parsed.data.email} has been cancelled; its link no longer works.` : "That invitation had already been used or cancelled." };
  }

  if (form.get("intent") === "sso-domains") {
    const raw = String(form.get("domains") ?? "").slice(0, 2000);
    const domains = [...new Set(raw.split(/[\s,;]+/).map((d) => d.trim().toLowerCase().replace(/^@/, "")).filter(Boolean))];
    const bad = domains.find((d) => !/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(d));
    if (bad) return { ok: false, errors: { domains: `${bad} is not an e-mail domain. Write domains like nhs.net, separated by commas.` } };
    if (domains.length > 20) return { ok: false, errors: { domains: "List at most 20 domains" } };
    setSsoDomains(context.db, workspace.id, domains);
    appendAudit(context.db, { workspaceId: workspace.id, actorId: user.id, actorName: user.name, kind: "trust.sso_domains", subject: workspace.name, detail: { from: workspace.ssoDomains ?? [], to: domains } });
    return { ok: true, message: domains.length ? `People with verified addresses at ${domains.join(", ")} can now join as viewers by signing in with single sign-on.` : "Nobody joins by single sign-on without an invitation now." };
  }

  const intent = form.get("intent");
  if (intent === "deactivate" || intent === "reactivate" || intent === "remove" || intent === "reset-password") {
    const parsed = MemberForm.safeParse({ intent, userId: form.get("userId") ?? "" });
    if (!parsed.success) return { ok: false, errors: { form: "Choose a member and try again." } };
    const targetRow = findMembershipRow(context.db, workspace.id, parsed.data.userId);
    const person = findUserById(context.db, parsed.data.userId);
    if (!targetRow || !person) return { ok: false, errors: { form: "That person is no longer a member of this workspace." } };
    if (parsed.data.intent === "reset-password") {
      if (targetRow.deactivated) return { ok: false, errors: { form: `${person.name} is deactivated. Reactivate them first.` } };
      if (!context.mailer) return { ok: false, errors: { form: "There is no mail server set up, so a reset link cannot be sent. The person can be invited again once a mail server is configured." } };
      // The link goes only to the person's own mailbox: no administrator ever sees or sets a password.
      await sendPasswordReset(context, request, person.email, user);
      return { ok: true, message: `A password reset link has been e-mailed to ${person.name} (${person.email}).` };
    }
    if (parsed.data.intent === "reactivate") {
      if (!targetRow.deactivated) return { ok: true, message: `${person.name} is already active.` };
      context.db.transaction((tx) => {
        setMembershipActive(tx, workspace.id, person.id, null);
        appendAudit(tx, { workspaceId: workspace.id, actorId: user.id, actorName: user.name, kind: "member.reactivated", subject: person.name, detail: { userId: person.id, role: targetRow.role } });
      });
      return { ok: true, message: `${person.name} has been reactivated, with their previous role.` };
    }
    // Removing or deactivating the last active administrator would leave nobody to manage the trust.
    if (targetRow.role === "admin" && !targetRow.deactivated && countAdmins(context.db, workspace.id) <= 1) {
      return { ok: false, errors: { form: "A workspace needs at least one administrator. Make someone else an administrator first." } };
    }
    const remove = parsed.data.intent === "remove";
    context.db.transaction((tx) => {
      if (remove) removeMembership(tx, workspace.id, person.id);
      else setMembershipActive(tx, workspace.id, person.id, user.id);
      appendAudit(tx, { workspaceId: workspace.id, actorId: user.id, actorName: user.name, kind: remove ? "member.removed" : "member.deactivated", subject: person.name, detail: { userId: person.id, role: targetRow.role, boardSecretary: targetRow.boardSignatory, serviceLineIds: targetRow.serviceLineIds } });
    });
    // Their open pages in this trust are told at once; with no other trust left, every session ends too.
    context.collab.memberRemoved(workspace.id, person.id);
    const ended = !person.platformAdmin && !hasOtherActiveMembership(context.db, person.id, workspace.id) ? endAllSessions(context, person.id) : 0;
    context.logger.info({ workspace: workspace.id, by: user.id, userId: person.id, remove, sessionsEnded: ended }, remove ? "member removed" : "member deactivated");
    return {
      ok: true,
      message: remove
        ? `${person.name} has been removed from this workspace. Their past edits stay attributed to them.`
        : `${person.name} has been deactivated. They cannot open this workspace until reactivated; their past edits stay attributed to them.`,
    };
  }

  const parsed = UpdateForm.safeParse({ intent: form.get("intent"), userId: form.get("userId") ?? "", ...common });
  if (!parsed.success) return { ok: false, errors: { form: "Choose a role for this person and try again." } };
  const { userId, role, boardSignatory } = parsed.data;
  const serviceLineIds = role === "contributor" ? parsed.data.serviceLineIds : [];
  const target = findMembership(context.db, workspace.id, userId);
  if (!target && findMembershipRow(context.db, workspace.id, userId)?.deactivated) return { ok: false, errors: { form: "That person is deactivated. Reactivate them before changing their role." } };
  if (!target) return { ok: false, errors: { form: "That person is no longer a member of this workspace." } };
  if (target.role === "admin" && role !== "admin" && countAdmins(context.db, workspace.id) <= 1) {
    return { ok: false, errors: { form: "A workspace needs at least one administrator. Make someone else an administrator first." } };
  }
  const linesError = checkLines(role, serviceLineIds);
  if (linesError) return { ok: false, errors: { form: linesError } };
  context.db.transaction((tx) => {
    updateMembership(tx, workspace.id, userId, { role, boardSignatory, serviceLineIds });
    // Role changes are part of the audit trail (issue 11): who could do what, from when.
    appendAudit(tx, { workspaceId: workspace.id, actorId: user.id, actorName: user.name, kind: "member.role", subject: findUserById(tx, userId)?.name ?? userId, detail: { userId, from: { role: target.role, boardSecretary: target.boardSignatory, serviceLineIds: [...target.serviceLineIds] }, to: { role, boardSecretary: boardSignatory, serviceLineIds } } });
  });
  context.collab.accessChanged(workspace.id, userId);
  context.logger.info({ workspace: workspace.id, by: user.id, userId, role }, "member role changed");
  return { ok: true, message: "Role saved." };
}

function ServiceLinePicker({ lines, selected, idPrefix }: { lines: { id: string; name: string }[]; selected: readonly string[]; idPrefix: string }) {
  return (
    <div className="nhsuk-checkboxes nhsuk-checkboxes--small app-unit-list">
      {lines.map((l) => (
        <div className="nhsuk-checkboxes__item" key={l.id}>
          <input className="nhsuk-checkboxes__input" id={`${idPrefix}-${l.id}`} name="serviceLineIds" type="checkbox" value={l.id} defaultChecked={selected.includes(l.id)} />
          <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={`${idPrefix}-${l.id}`}>
            {l.name}
          </label>
        </div>
      ))}
    </div>
  );
}

export default function Members() {
  const { members, invited, serviceLines, canManage, me, mailConfigured, sso } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const lineName = new Map(serviceLines.map((l) => [l.id, l.name]));
  return (
    <>
      {result && !result.ok ? <ErrorSummary errors={result.errors} /> : null}
      {result?.ok ? (
        <div className="nhsuk-inset-text" role="status">
          <p>{result.message}</p>
          {result.inviteLink ? <code className="app-invite-link" data-testid="invite-link">{result.inviteLink}</code> : null}
        </div>
      ) : null}
      {result?.ok && result.warning ? (
        <div className="nhsuk-warning-callout" role="alert">
          <h2 className="nhsuk-warning-callout__label">E-mail not sent</h2>
          <p>{result.warning}</p>
        </div>
      ) : null}
      <h1>Members</h1>
      <table className="nhsuk-table">
        <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">People in this workspace and their roles</caption>
        <thead className="nhsuk-table__head">
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            {canManage ? <th scope="col">Change</th> : null}
          </tr>
        </thead>
        <tbody className="nhsuk-table__body">
          {members.map((m) => (
            <tr key={m.userId}>
              <td>
                {m.name}
                {m.userId === me ? " (you)" : ""}
                {m.deactivated ? (
                  <>
                    {" "}
                    <strong className="nhsuk-tag nhsuk-tag--grey">Deactivated</strong>
                  </>
                ) : null}
              </td>
              <td>{m.email}</td>
              <td>
                {ROLE_LABELS[m.role]}
                {m.boardSignatory ? ", Board Secretary" : ""}
                {m.role === "contributor" && m.serviceLineIds.length ? <div className="nhsuk-body-s">For {m.serviceLineIds.map((id) => lineName.get(id) ?? id).join(", ")}</div> : null}
              </td>
              {canManage && m.deactivated ? (
                <td>
                  <Form method="post">
                    <input type="hidden" name="intent" value="reactivate" />
                    <input type="hidden" name="userId" value={m.userId} />
                    <button className="nhsuk-button nhsuk-button--secondary nhsuk-button--small nhsuk-u-margin-bottom-0" type="submit" disabled={busy}>
                      Reactivate<span className="nhsuk-u-visually-hidden"> {m.name}</span>
                    </button>
                  </Form>
                </td>
              ) : canManage ? (
                <td>
                  <details className="nhsuk-details nhsuk-u-margin-bottom-0">
                    <summary className="nhsuk-details__summary">
                      <span className="nhsuk-details__summary-text">Change role<span className="nhsuk-u-visually-hidden"> for {m.name}</span></span>
                    </summary>
                    <div className="nhsuk-details__text">
                      <Form method="post">
                        <input type="hidden" name="intent" value="update" />
                        <input type="hidden" name="userId" value={m.userId} />
                        <SelectField name="role" id={`role-${m.userId}`} label={`Role for ${m.name}`} defaultValue={m.role}>
                          {ROLES.map((r) => (
                            <option key={r} value={r}>
                              {ROLE_LABELS[r]}
                            </option>
                          ))}
                        </SelectField>
                        <div className="nhsuk-checkboxes nhsuk-checkboxes--small nhsuk-u-margin-bottom-3">
                          <div className="nhsuk-checkboxes__item">
                            <input className="nhsuk-checkboxes__input" id={`sig-${m.userId}`} name="boardSignatory" type="checkbox" defaultChecked={m.boardSignatory} />
                            <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={`sig-${m.userId}`}>
                              Board Secretary
                            </label>
                          </div>
                        </div>
                        <fieldset className="nhsuk-fieldset">
                          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Service lines (contributors only)</legend>
                          <ServiceLinePicker lines={serviceLines} selected={m.serviceLineIds} idPrefix={`sl-${m.userId}`} />
                        </fieldset>
                        <button className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" type="submit" disabled={busy}>
                          Save role<span className="nhsuk-u-visually-hidden"> for {m.name}</span>
                        </button>
                      </Form>
                      {m.userId !== me ? (
                        <div className="app-member-actions">
                          {mailConfigured ? (
                            <Form method="post">
                              <input type="hidden" name="intent" value="reset-password" />
                              <input type="hidden" name="userId" value={m.userId} />
                              <button className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" type="submit" disabled={busy}>
                                E-mail a password reset link<span className="nhsuk-u-visually-hidden"> to {m.name}</span>
                              </button>
                            </Form>
                          ) : null}
                          <Form method="post">
                            <input type="hidden" name="intent" value="deactivate" />
                            <input type="hidden" name="userId" value={m.userId} />
                            <button className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" type="submit" disabled={busy}>
                              Deactivate<span className="nhsuk-u-visually-hidden"> {m.name}</span>
                            </button>
                          </Form>
                          <Form method="post" onSubmit={(e) => { if (!window.confirm(`Remove ${m.name} from this workspace? Their past edits stay attributed to them.`)) e.preventDefault(); }}>
                            <input type="hidden" name="intent" value="remove" />
                            <input type="hidden" name="userId" value={m.userId} />
                            <button className="nhsuk-button nhsuk-button--warning nhsuk-button--small" type="submit" disabled={busy}>
                              Remove<span className="nhsuk-u-visually-hidden"> {m.name}</span>
                            </button>
                          </Form>
                        </div>
                      ) : null}
                    </div>
                  </details>
                </td>
              ) : null}
            </tr>
          ))}
          {invited.map((i) => (
            <tr key={`invite-${i.email}`} data-testid="pending-invitation">
              <td>
                {i.name}{" "}
                <strong className={"nhsuk-tag " + (i.expired ? "nhsuk-tag--grey" : "nhsuk-tag--yellow")}>{i.expired ? "Invitation expired" : "Invited"}</strong>
              </td>
              <td>{i.email}</td>
              <td>
                {ROLE_LABELS[i.role]}
                {i.boardSignatory ? ", Board Secretary" : ""}
                {i.role === "contributor" && i.serviceLineIds.length ? <div className="nhsuk-body-s">For {i.serviceLineIds.map((id) => lineName.get(id) ?? id).join(", ")}</div> : null}
              </td>
              <td>
                <div className="app-member-actions">
                  <Form method="post">
                    <input type="hidden" name="intent" value="resend" />
                    <input type="hidden" name="email" value={i.email} />
                    <button className="nhsuk-button nhsuk-button--secondary nhsuk-button--small nhsuk-u-margin-bottom-0" type="submit" disabled={busy}>
                      Resend invitation<span className="nhsuk-u-visually-hidden"> to {i.name}</span>
                    </button>
                  </Form>
                  <Form method="post">
                    <input type="hidden" name="intent" value="revoke" />
                    <input type="hidden" name="email" value={i.email} />
                    <button className="nhsuk-button nhsuk-button--secondary nhsuk-button--small nhsuk-u-margin-bottom-0" type="submit" disabled={busy}>
                      Cancel invitation<span className="nhsuk-u-visually-hidden"> for {i.name}</span>
                    </button>
                  </Form>
                </div>
                <div className="nhsuk-body-s nhsuk-u-margin-bottom-0">Resending sends a new link (the old one stops working). To change the role, invite them again.</div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      {canManage ? (
        <>
          <h2>Invite someone</h2>
          {/* Remounted after each success, so the form is empty for the next person. */}
          <Form method="post" noValidate key={result?.ok ? result.message : "invite"}>
            <input type="hidden" name="intent" value="invite" />
            <TextField name="name" label="Full name" autoComplete="off" defaultValue={result && !result.ok ? result.values?.name : undefined} error={result && !result.ok ? result.errors.name : undefined} />
            <TextField name="email" label="Email address" type="email" autoComplete="off" spellCheck={false} defaultValue={result && !result.ok ? result.values?.email : undefined} error={result && !result.ok ? result.errors.email : undefined} />
            <SelectField name="role" label="Role" defaultValue={(result && !result.ok && result.values?.role) || "viewer"} error={result && !result.ok ? result.errors.role : undefined} hint={ROLES.map((r) => `${ROLE_LABELS[r]}: ${ROLE_DESCRIPTIONS[r]}`).join(" ")}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABELS[r]}
                </option>
              ))}
            </SelectField>
            <div className="nhsuk-checkboxes nhsuk-u-margin-bottom-4">
              <div className="nhsuk-checkboxes__item">
                <input className="nhsuk-checkboxes__input" id="boardSignatory" name="boardSignatory" type="checkbox" />
                <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor="boardSignatory">
                  Board Secretary (records committee recommendations, Board meetings and resolutions; does not vote)
                </label>
              </div>
            </div>
            <div className={"nhsuk-form-group" + (result && !result.ok && result.errors.serviceLineIds ? " nhsuk-form-group--error" : "")}>
              <fieldset className="nhsuk-fieldset" id="serviceLineIds" aria-describedby="serviceLineIds-hint">
                <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Service lines a contributor may edit</legend>
                <div className="nhsuk-hint" id="serviceLineIds-hint">
                  Only for the contributor role.
                </div>
                {result && !result.ok && result.errors.serviceLineIds ? <span className="nhsuk-error-message">{result.errors.serviceLineIds}</span> : null}
                <ServiceLinePicker lines={serviceLines} selected={[]} idPrefix="invite-sl" />
              </fieldset>
            </div>
            <button className="nhsuk-button" type="submit" disabled={busy}>
              Invite
            </button>
          </Form>
          {sso ? (
            <>
              <h2>Joining by single sign-on</h2>
              <Form method="post" noValidate>
                <input type="hidden" name="intent" value="sso-domains" />
                <TextField name="domains" label="E-mail domains whose people may join as viewers" hint={`Someone who signs in with "${sso.label}" and whose verified address is at one of these domains joins this trust as a viewer, without an invitation. Leave empty to allow only invited people. For example: nhs.net`} spellCheck={false} defaultValue={sso.domains} error={result && !result.ok ? result.errors.domains : undefined} />
                <button className="nhsuk-button nhsuk-button--secondary" type="submit" disabled={busy}>
                  Save domains
                </button>
              </Form>
            </>
          ) : null}
        </>
      ) : null}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Members – Devolve" }];
