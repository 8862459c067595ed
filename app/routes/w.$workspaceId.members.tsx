import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { can, ROLE_DESCRIPTIONS, ROLE_LABELS, ROLES, type Role } from "../../shared/roles";
import { randomToken } from "../../server/auth/password";
import { createInvitation, listPendingInvitations, revokeInvitations } from "../../server/repositories/invitations";
import { findUserByEmail, findUserById } from "../../server/repositories/users";
import { countAdmins, findMembership, listMembers, updateMembership } from "../../server/repositories/workspaces";
import { ErrorSummary, SelectField, TextField, type FieldErrors, fieldErrors } from "../components/ui/forms";
import { requireMember, requirePermission } from "../utils/auth.server";
import { appendAudit } from "../../server/audit/chain";
import { readStructureNow } from "../utils/docs.server";

const INVITE_TTL_MS = 14 * 24 * 3600_000;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { workspace, member, user } = requireMember(request, context, params.workspaceId);
  const structure = await readStructureNow(context, workspace.id);
  const serviceLines = structure.units.filter((u) => u.kind === "service_line").map((u) => ({ id: u.id, name: u.name })).sort((a, b) => a.name.localeCompare(b.name));
  const canManage = can(member, "members.manage");
  // Pending invitations show what this workspace's administrator typed, nothing from the account.
  const invited = canManage ? listPendingInvitations(context.db, workspace.id) : [];
  return { members: listMembers(context.db, workspace.id), invited, serviceLines, canManage, me: user.id };
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

const RevokeForm = z.object({ intent: z.literal("revoke"), email: z.string().trim().min(1).max(254) });

const UpdateForm = z.object({
  intent: z.literal("update"),
  userId: z.string().min(1),
  role: roleSchema,
  boardSignatory: z.boolean(),
  serviceLineIds: z.array(z.string()),
});

type ActionResult =
  | { ok: false; errors: FieldErrors; values?: Record<string, string> }
  | { ok: true; message: string; inviteLink?: string };

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
    if (existing && findMembership(context.db, workspace.id, existing.id)) {
      return { ok: false, errors: { email: `${email} is already a member of this workspace` }, values };
    }
    const token = randomToken();
    createInvitation(context.db, { token, workspaceId: workspace.id, email, name, role, boardSignatory, serviceLineIds, invitedBy: user.id, ttlMs: INVITE_TTL_MS });
    context.logger.info({ workspace: workspace.id, by: user.id, role }, "member invited");
    return {
      ok: true,
      message: `Invitation created for ${name} (${email}) to join as ${ROLE_LABELS[role].toLowerCase()}. Send them this link; it works for 14 days.`,
      inviteLink: `${new URL(request.url).origin}/invite/${token}`,
    };
  }

  if (form.get("intent") === "revoke") {
    const parsed = RevokeForm.safeParse({ intent: "revoke", email: form.get("email") ?? "" });
    if (!parsed.success) return { ok: false, errors: { form: "Choose an invitation to cancel." } };
    const cancelled = revokeInvitations(context.db, workspace.id, parsed.data.email);
    context.logger.info({ workspace: workspace.id, by: user.id, cancelled }, "invitation cancelled");
    return { ok: true, message: cancelled ? `The invitation for ${parsed.data.email} has been cancelled; its link no longer works.` : "That invitation had already been used or cancelled." };
  }

  const parsed = UpdateForm.safeParse({ intent: form.get("intent"), userId: form.get("userId") ?? "", ...common });
  if (!parsed.success) return { ok: false, errors: { form: "Choose a role for this person and try again." } };
  const { userId, role, boardSignatory } = parsed.data;
  const serviceLineIds = role === "contributor" ? parsed.data.serviceLineIds : [];
  const target = findMembership(context.db, workspace.id, userId);
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
  const { members, invited, serviceLines, canManage, me } = useLoaderData<typeof loader>();
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
                {!m.active ? (
                  <>
                    {" "}
                    <strong className="nhsuk-tag nhsuk-tag--yellow">Invited</strong>
                  </>
                ) : null}
              </td>
              <td>{m.email}</td>
              <td>
                {ROLE_LABELS[m.role]}
                {m.boardSignatory ? ", Board Secretary" : ""}
                {m.role === "contributor" && m.serviceLineIds.length ? <div className="nhsuk-body-s">For {m.serviceLineIds.map((id) => lineName.get(id) ?? id).join(", ")}</div> : null}
              </td>
              {canManage ? (
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
                <Form method="post">
                  <input type="hidden" name="intent" value="revoke" />
                  <input type="hidden" name="email" value={i.email} />
                  <button className="nhsuk-button nhsuk-button--secondary nhsuk-button--small nhsuk-u-margin-bottom-0" type="submit" disabled={busy}>
                    Cancel invitation<span className="nhsuk-u-visually-hidden"> for {i.name}</span>
                  </button>
                </Form>
                <div className="nhsuk-body-s nhsuk-u-margin-bottom-0">To change the role or send a new link, invite them again.</div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      {canManage ? (
        <>
          <h2>Invite someone</h2>
          <Form method="post" noValidate>
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
        </>
      ) : null}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Members – Devolve" }];
