import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { DECISION_AREAS } from "../../shared/delegation/types";
import { formatDate, parseDate } from "../../shared/format/dates";
import { UNIT_KIND_LABELS } from "../../shared/structure/model";
import { can } from "../../shared/roles";
import { addDelegation, addTenure, endTenure, listDelegations, listTenures } from "../../server/repositories/governance";
import { GovernanceNav } from "../components/governance/GovernanceNav";
import { ErrorSummary, SelectField, TextField, type FieldErrors, fieldErrors } from "../components/ui/forms";
import { requireMember, requirePermission } from "../utils/auth.server";
import { currentScheme } from "../utils/scheme.server";

/**
 * Who held which role when. Issue 11: "role tenure per unit (person, role, from, to, acting or
 * substantive) and written temporary delegations (delegator, delegate, which decisions, from, to)";
 * DOMAIN-REFERENCE.md: "auditors need proof that an approver held the authority at that time". The
 * authority check reads these (shared/governance/tenure.ts). Both ends of a tenure or delegation
 * are inclusive. Every member may read; recording needs "roles.manage" (the Board Secretary or an
 * administrator, shared/roles/roles.ts).
 */

const covers = (from: string, to: string | null, date: string) => from <= date && (to === null || date <= to);

/** The scheme's levels and decisions, and the structure's units, for names and choices. */
async function lookups(context: LoaderFunctionArgs["context"], workspaceId: string) {
  const [structure, { scheme }] = await Promise.all([context.collab.read(workspaceId, { kind: "structure" }), currentScheme(context, workspaceId)]);
  const units = structure.units
    .filter((u) => u.kind !== "board")
    .map((u) => ({ id: u.id, name: u.name, kind: u.kind }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return { units, levels: scheme.levels.map((l) => ({ id: l.id, name: l.name })), decisions: scheme.decisions.map((d) => ({ id: d.id, title: d.title, area: d.area })) };
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { workspace, member } = requireMember(request, context, params.workspaceId);
  const { units, levels, decisions } = await lookups(context, workspace.id);
  const unitName = new Map(units.map((u) => [u.id, u.name]));
  const levelName = new Map(levels.map((l) => [l.id, l.name]));
  const decisionTitle = new Map(decisions.map((d) => [d.id, d.title]));
  const onText = new URL(request.url).searchParams.get("on") ?? "";
  let on: string | null = null;
  let onError: string | null = null;
  if (onText.trim()) {
    const r = parseDate(onText);
    if (r.ok) on = r.value;
    else onError = r.error;
  }
  const tenures = listTenures(context.db, workspace.id)
    .filter((t) => !on || covers(t.from, t.to, on))
    .map((t) => ({
      ...t,
      // A level or unit since removed from the scheme or structure is named by its id rather than hidden.
      levelName: levelName.get(t.levelId) ?? t.levelId,
      unitName: t.unitId ? (unitName.get(t.unitId) ?? `A unit no longer in the structure (${t.unitId})`) : "Trust-wide",
    }));
  const delegations = listDelegations(context.db, workspace.id)
    .filter((d) => !on || covers(d.from, d.to, on))
    .map((d) => ({ ...d, decisions: d.decisionIds.length ? d.decisionIds.map((id) => decisionTitle.get(id) ?? id) : null }));
  return { workspaceId: workspace.id, canManage: can(member, "roles.manage"), onText, on, onError, tenures, delegations, units, levels, decisions };
}

const TenureForm = z.object({
  person: z.string().trim().min(1, "Enter the person's full name").max(120, "The name must be 120 characters or fewer"),
  role: z.string().trim().min(1, "Enter the role as the scheme names it, for example Clinical Lead").max(160, "The role must be 160 characters or fewer"),
  levelId: z.string().min(1, "Choose the scheme level the role sits at"),
  unitId: z.string(),
  acting: z.enum(["acting", "substantive"], { errorMap: () => ({ message: "Say whether the role is held substantively or as acting" }) }),
});

const DelegationForm = z.object({
  delegator: z.string().trim().min(1, "Enter the name of the person delegating their authority").max(120, "The name must be 120 characters or fewer"),
  delegate: z.string().trim().min(1, "Enter the name of the person who will act for them").max(120, "The name must be 120 characters or fewer"),
  reason: z.string().trim().min(1, "Give the reason, for example annual leave").max(500, "The reason must be 500 characters or fewer"),
  scope: z.enum(["all", "some"], { errorMap: () => ({ message: "Choose which decisions the delegation covers" }) }),
});

type Values = Record<string, string>;
type ActionResult = { ok: false; intent: string; errors: FieldErrors; values: Values } | { ok: true; intent: string; message: string };

function dateOf(text: string, field: string, errors: FieldErrors, what: string): string | null {
  if (!text.trim()) {
    errors[field] = `Enter ${what}, for example 1 April 2026`;
    return null;
  }
  const r = parseDate(text);
  if (!r.ok) errors[field] = r.error;
  return r.ok ? r.value : null;
}

export async function action({ request, context, params }: ActionFunctionArgs): Promise<ActionResult> {
  const { workspace, member, user } = requireMember(request, context, params.workspaceId);
  requirePermission(member, "roles.manage", "Only the Board Secretary or an administrator can record roles and temporary delegations.");
  const actor = { id: user.id, name: user.name };
  const form = await request.formData();
  const str = (k: string) => String(form.get(k) ?? "");
  const intent = str("intent");
  const { units, levels, decisions } = await lookups(context, workspace.id);

  if (intent === "addTenure") {
    const values = { person: str("person"), role: str("role"), levelId: str("levelId"), unitId: str("unitId"), acting: str("acting"), from: str("from"), to: str("to") };
    const parsed = TenureForm.safeParse(values);
    const errors: FieldErrors = parsed.success ? {} : fieldErrors(parsed.error);
    if (parsed.success && !levels.some((l) => l.id === parsed.data.levelId)) errors.levelId = "Choose a level of the scheme";
    if (parsed.success && parsed.data.unitId && !units.some((u) => u.id === parsed.data.unitId)) errors.unitId = "Choose a unit of the structure, or trust-wide";
    const from = dateOf(values.from, "from", errors, "the date the role was taken up");
    let to: string | null = null;
    if (values.to.trim()) {
      to = dateOf(values.to, "to", errors, "the last day the role was held");
      if (to && from && to < from) errors.to = "The last day cannot be before the first";
    }
    if (!parsed.success || Object.keys(errors).length) return { ok: false, intent, errors, values };
    const t = parsed.data;
    addTenure(context.db, workspace.id, { person: t.person, role: t.role, levelId: t.levelId, unitId: t.unitId || null, from: from!, to, acting: t.acting === "acting" }, actor);
    return { ok: true, intent, message: `${t.person} recorded as ${t.acting === "acting" ? "acting " : ""}${t.role} from ${formatDate(from!)}.` };
  }

  if (intent === "endTenure") {
    const id = str("tenureId");
    const values = { tenureId: id, [`to-${id}`]: str("to") };
    const tenure = listTenures(context.db, workspace.id).find((t) => t.id === id);
    if (!tenure) return { ok: false, intent, errors: { form: "That tenure is not on record." }, values };
    if (tenure.to) return { ok: false, intent, errors: { form: `${tenure.person}'s tenure as ${tenure.role} already ended on ${formatDate(tenure.to)}.` }, values };
    const errors: FieldErrors = {};
    const to = dateOf(str("to"), `to-${id}`, errors, "the last day the role was held");
    if (to && to < tenure.from) errors[`to-${id}`] = `The last day cannot be before the tenure began (${formatDate(tenure.from)})`;
    if (Object.keys(errors).length) return { ok: false, intent, errors, values };
    endTenure(context.db, workspace.id, id, to!, actor);
    return { ok: true, intent, message: `${tenure.person}'s tenure as ${tenure.role} ends on ${formatDate(to!)}.` };
  }

  if (intent === "addDelegation") {
    const chosen = form.getAll("decisionIds").map(String);
    const values = { delegator: str("delegator"), delegate: str("delegate"), reason: str("reason"), scope: str("scope"), from: str("dFrom"), to: str("dTo"), decisionIds: chosen.join(",") };
    const parsed = DelegationForm.safeParse(values);
    const errors: FieldErrors = parsed.success ? {} : fieldErrors(parsed.error);
    if (parsed.success && parsed.data.scope === "some") {
      if (chosen.length === 0) errors.decisionIds = "Choose the decisions it covers, or choose all decisions";
      else if (chosen.some((id) => !decisions.some((d) => d.id === id))) errors.decisionIds = "Choose decisions from the scheme";
    }
    if (parsed.success && parsed.data.delegator.toLowerCase() === parsed.data.delegate.toLowerCase()) errors.delegate = "The person acting must be someone other than the delegator";
    const from = dateOf(values.from, "dFrom", errors, "the first day of the delegation");
    const to = dateOf(values.to, "dTo", errors, "the last day of the delegation");
    if (from && to && to < from) errors.dTo = "The last day cannot be before the first";
    if (!parsed.success || Object.keys(errors).length) return { ok: false, intent, errors, values };
    const d = parsed.data;
    // An empty list means every decision the delegator holds (shared/governance/types.ts TemporaryDelegation).
    addDelegation(context.db, workspace.id, { delegator: d.delegator, delegate: d.delegate, decisionIds: d.scope === "all" ? [] : [...new Set(chosen)], from: from!, to: to!, reason: d.reason }, actor);
    return { ok: true, intent, message: `Temporary delegation from ${d.delegator} to ${d.delegate}, ${formatDate(from!)} to ${formatDate(to!)}, recorded.` };
  }

  return { ok: false, intent, errors: { form: "Choose what to record and try again." }, values: {} };
}

export default function Roles() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const failed = result && !result.ok ? result : null;
  const err = (intent: string, field: string) => (failed?.intent === intent ? failed.errors[field] : undefined);
  const val = (intent: string, field: string) => (failed?.intent === intent ? failed.values[field] : undefined);
  const chosenDecisions = new Set((val("addDelegation", "decisionIds") ?? "").split(",").filter(Boolean));
  return (
    <>
      <GovernanceNav workspaceId={d.workspaceId} current="roles" />
      {failed ? <ErrorSummary errors={failed.errors} /> : <ErrorSummary errors={d.onError ? { on: d.onError } : {}} />}
      {result?.ok ? (
        <div className="nhsuk-inset-text" role="status">
          <p>{result.message}</p>
        </div>
      ) : null}
      <h1>Who held which role when</h1>
      <p className="nhsuk-body-l">The people who held each role the scheme names, from and to which dates, and the written temporary delegations of one person&apos;s authority to another. An authority check reads these to say whether an approver held the role on the day.</p>

      <Form method="get" noValidate className="nhsuk-u-margin-bottom-5" aria-label="Show the roles held on a date">
        <TextField name="on" label="Show who held a role on" hint="For example 31 October 2025. Leave blank to see every tenure." autoComplete="off" defaultValue={d.onText} error={d.onError ?? undefined} />
        <button className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0" type="submit">
          Show
        </button>
      </Form>

      <h2 id="tenures">Role tenures</h2>
      <table className="nhsuk-table">
        <caption className="nhsuk-table__caption">{d.on ? `Roles held on ${formatDate(d.on)}` : "Every role tenure on record"}</caption>
        <thead className="nhsuk-table__head">
          <tr>
            <th scope="col">Person</th>
            <th scope="col">Role</th>
            <th scope="col">Scheme level</th>
            <th scope="col">Unit</th>
            <th scope="col">From</th>
            <th scope="col">To</th>
            <th scope="col">Held</th>
            {d.canManage ? <th scope="col">End tenure</th> : null}
          </tr>
        </thead>
        <tbody className="nhsuk-table__body">
          {d.tenures.map((t) => (
            <tr key={t.id}>
              <td>{t.person}</td>
              <td>{t.role}</td>
              <td>{t.levelName}</td>
              <td>{t.unitName}</td>
              <td>{formatDate(t.from)}</td>
              <td>{t.to ? formatDate(t.to) : "Still held"}</td>
              <td>{t.acting ? "Acting" : "Substantive"}</td>
              {d.canManage ? (
                <td>
                  {t.to ? null : (
                    <details className="nhsuk-details nhsuk-u-margin-bottom-0" open={Boolean(err("endTenure", `to-${t.id}`))}>
                      <summary className="nhsuk-details__summary">
                        <span className="nhsuk-details__summary-text">
                          End<span className="nhsuk-u-visually-hidden"> {t.person}&apos;s tenure as {t.role}</span>
                        </span>
                      </summary>
                      <div className="nhsuk-details__text">
                        <Form method="post" noValidate>
                          <input type="hidden" name="intent" value="endTenure" />
                          <input type="hidden" name="tenureId" value={t.id} />
                          <TextField name="to" id={`to-${t.id}`} label={`Last day ${t.person} held the role`} hint="For example 31 October 2025" autoComplete="off" defaultValue={val("endTenure", `to-${t.id}`)} error={err("endTenure", `to-${t.id}`)} />
                          <button className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" type="submit" disabled={busy}>
                            End tenure<span className="nhsuk-u-visually-hidden"> of {t.person} as {t.role}</span>
                          </button>
                        </Form>
                      </div>
                    </details>
                  )}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
      {d.tenures.length === 0 ? <p>{d.on ? `Nobody is recorded as holding a role on ${formatDate(d.on)}.` : "No role tenures have been recorded yet."}</p> : null}

      {d.canManage ? (
        <details className="nhsuk-details" open={failed?.intent === "addTenure"}>
          <summary className="nhsuk-details__summary">
            <span className="nhsuk-details__summary-text">Record a role tenure</span>
          </summary>
          <div className="nhsuk-details__text">
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="addTenure" />
              <TextField name="person" label="Person" autoComplete="off" defaultValue={val("addTenure", "person")} error={err("addTenure", "person")} />
              <TextField name="role" label="Role" hint="As the scheme names its holder, for example Clinical Lead or Director of Finance" autoComplete="off" defaultValue={val("addTenure", "role")} error={err("addTenure", "role")} />
              <SelectField name="levelId" label="Scheme level" defaultValue={val("addTenure", "levelId")} error={err("addTenure", "levelId")}>
                {d.levels.map((l) => (
                  <option key={l.id} value={l.id}>
                    {l.name}
                  </option>
                ))}
              </SelectField>
              <SelectField name="unitId" label="Unit" hint="For a role in a division or service line; trust-wide roles such as the Chief Executive have none." defaultValue={val("addTenure", "unitId") ?? ""} error={err("addTenure", "unitId")}>
                <option value="">Trust-wide (no unit)</option>
                {d.units.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name} ({UNIT_KIND_LABELS[u.kind].toLowerCase()})
                  </option>
                ))}
              </SelectField>
              <div className={"nhsuk-form-group" + (err("addTenure", "acting") ? " nhsuk-form-group--error" : "")}>
                <fieldset className="nhsuk-fieldset" id="acting">
                  <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Held</legend>
                  {err("addTenure", "acting") ? <span className="nhsuk-error-message">{err("addTenure", "acting")}</span> : null}
                  <div className="nhsuk-radios nhsuk-radios--inline">
                    {(["substantive", "acting"] as const).map((a) => (
                      <div className="nhsuk-radios__item" key={a}>
                        <input className="nhsuk-radios__input" id={`acting-${a}`} name="acting" type="radio" value={a} defaultChecked={(val("addTenure", "acting") || "substantive") === a} />
                        <label className="nhsuk-label nhsuk-radios__label" htmlFor={`acting-${a}`}>
                          {a === "acting" ? "Acting" : "Substantive"}
                        </label>
                      </div>
                    ))}
                  </div>
                </fieldset>
              </div>
              <TextField name="from" label="From" hint="The first day the role was held, for example 1 November 2025" autoComplete="off" defaultValue={val("addTenure", "from")} error={err("addTenure", "from")} />
              <TextField name="to" label="To (optional)" hint="The last day; leave blank while it is held" autoComplete="off" defaultValue={val("addTenure", "to")} error={err("addTenure", "to")} />
              <button className="nhsuk-button" type="submit" disabled={busy}>
                Record tenure
              </button>
            </Form>
          </div>
        </details>
      ) : null}

      <h2 id="delegations">Temporary delegations</h2>
      <table className="nhsuk-table">
        <caption className="nhsuk-table__caption">{d.on ? `Written temporary delegations in effect on ${formatDate(d.on)}` : "Every written temporary delegation on record"}</caption>
        <thead className="nhsuk-table__head">
          <tr>
            <th scope="col">Delegator</th>
            <th scope="col">Acting for them</th>
            <th scope="col">Decisions</th>
            <th scope="col">From</th>
            <th scope="col">To</th>
            <th scope="col">Reason</th>
          </tr>
        </thead>
        <tbody className="nhsuk-table__body">
          {d.delegations.map((g) => (
            <tr key={g.id}>
              <td>{g.delegator}</td>
              <td>{g.delegate}</td>
              <td>{g.decisions ? g.decisions.join("; ") : "All the decisions the delegator holds"}</td>
              <td>{formatDate(g.from)}</td>
              <td>{formatDate(g.to)}</td>
              <td>{g.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {d.delegations.length === 0 ? <p>{d.on ? `No temporary delegation was in effect on ${formatDate(d.on)}.` : "No temporary delegations have been recorded yet."}</p> : null}

      {d.canManage ? (
        <details className="nhsuk-details" open={failed?.intent === "addDelegation"}>
          <summary className="nhsuk-details__summary">
            <span className="nhsuk-details__summary-text">Record a temporary delegation</span>
          </summary>
          <div className="nhsuk-details__text">
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="addDelegation" />
              <TextField name="delegator" label="Delegator" hint="The person whose authority is delegated, for example Priya Shah" autoComplete="off" defaultValue={val("addDelegation", "delegator")} error={err("addDelegation", "delegator")} />
              <TextField name="delegate" label="Acting for them" hint="The person who may decide in their place" autoComplete="off" defaultValue={val("addDelegation", "delegate")} error={err("addDelegation", "delegate")} />
              <div className={"nhsuk-form-group" + (err("addDelegation", "scope") || err("addDelegation", "decisionIds") ? " nhsuk-form-group--error" : "")}>
                <fieldset className="nhsuk-fieldset" id="scope">
                  <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Which decisions</legend>
                  {err("addDelegation", "scope") ? <span className="nhsuk-error-message">{err("addDelegation", "scope")}</span> : null}
                  <div className="nhsuk-radios">
                    <div className="nhsuk-radios__item">
                      <input className="nhsuk-radios__input" id="scope-all" name="scope" type="radio" value="all" defaultChecked={(val("addDelegation", "scope") || "all") === "all"} />
                      <label className="nhsuk-label nhsuk-radios__label" htmlFor="scope-all">
                        All the decisions the delegator holds
                      </label>
                    </div>
                    <div className="nhsuk-radios__item">
                      <input className="nhsuk-radios__input" id="scope-some" name="scope" type="radio" value="some" defaultChecked={val("addDelegation", "scope") === "some"} />
                      <label className="nhsuk-label nhsuk-radios__label" htmlFor="scope-some">
                        Only the decisions chosen below
                      </label>
                    </div>
                  </div>
                </fieldset>
                <fieldset className="nhsuk-fieldset nhsuk-u-margin-top-3" id="decisionIds">
                  <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Decisions of the scheme</legend>
                  {err("addDelegation", "decisionIds") ? <span className="nhsuk-error-message">{err("addDelegation", "decisionIds")}</span> : null}
                  {DECISION_AREAS.map((area) => {
                    const list = d.decisions.filter((x) => x.area === area.id);
                    if (!list.length) return null;
                    return (
                      <details className="nhsuk-details nhsuk-u-margin-bottom-2" key={area.id}>
                        <summary className="nhsuk-details__summary">
                          <span className="nhsuk-details__summary-text">{area.label}</span>
                        </summary>
                        <div className="nhsuk-details__text nhsuk-checkboxes nhsuk-checkboxes--small">
                          {list.map((x) => (
                            <div className="nhsuk-checkboxes__item" key={x.id}>
                              <input className="nhsuk-checkboxes__input" id={`decision-${x.id}`} name="decisionIds" type="checkbox" value={x.id} defaultChecked={chosenDecisions.has(x.id)} />
                              <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={`decision-${x.id}`}>
                                {x.title}
                              </label>
                            </div>
                          ))}
                        </div>
                      </details>
                    );
                  })}
                </fieldset>
              </div>
              <TextField name="dFrom" label="From" hint="The first day, for example 10 August 2026" autoComplete="off" defaultValue={val("addDelegation", "from")} error={err("addDelegation", "dFrom")} />
              <TextField name="dTo" label="To" hint="The last day; it cannot be before the first" autoComplete="off" defaultValue={val("addDelegation", "to")} error={err("addDelegation", "dTo")} />
              <TextField name="reason" label="Reason" hint="For example: Annual leave: the Deputy Director of Finance acts for the Director of Finance" autoComplete="off" defaultValue={val("addDelegation", "reason")} error={err("addDelegation", "reason")} />
              <button className="nhsuk-button" type="submit" disabled={busy}>
                Record delegation
              </button>
            </Form>
          </div>
        </details>
      ) : null}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Who held which role when – Devolve" }];
