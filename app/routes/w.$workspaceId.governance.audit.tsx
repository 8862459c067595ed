import { ROLE_LABELS } from "../../shared/roles";
import type { AppLoadContext, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { parseDocName } from "../../shared/collab/registry";
import { formatDate, formatFinancialYear, isIsoDate, londonDate, parseDate } from "../../shared/format/dates";
import { describeQuorumRule } from "../../shared/governance/quorum";
import { CAPACITY_LABELS, VERSIONED_DOC_LABELS, type Capacity, type QuorumRule, type VersionedDoc } from "../../shared/governance/types";
import { verifyAudit, type AuditVerification } from "../../server/audit/verify";
import { auditFingerprint, listAuditRecords, listEditSessions, type AuditRecord, type EditSession } from "../../server/repositories/audit";
import { listBoardMembers, listTenures, listVersions } from "../../server/repositories/governance";
import { GovernanceNav } from "../components/governance/GovernanceNav";
import { ErrorSummary, SelectField, TextField, type FieldErrors } from "../components/ui/forms";
import { requireMember } from "../utils/auth.server";

/**
 * The audit trail. Issue 11: "A readable audit trail: who changed what and when, per document, from
 * the update log (filterable by person, document and dates), plus versions, resolutions, overrides,
 * imports, role changes and sign-ins; stored as a hash chain." Two sources, merged newest first:
 * the audit chain (audit_events, one plain sentence per kind of record, with its hash) and the
 * co-edited drafts' update log (doc_updates), where a person's run of edits to one document becomes
 * one line. Only this workspace's records are read. The chain is verified as a whole (it spans
 * every trust, server/audit/chain.ts), but the page says only whether the break is in one of this
 * trust's records. Any member may read it.
 */

const PAGE_SIZE = 50;
const SYSTEM = "system";

// The check takes tens of milliseconds on the demo and grows with the chain, so its result is kept
// until anything it reads changes (auditFingerprint), per database connection.
const verified = new WeakMap<object, { fingerprint: string; result: AuditVerification }>();

function verification(context: AppLoadContext): AuditVerification {
  const fingerprint = auditFingerprint(context.db);
  const hit = verified.get(context.db);
  if (hit && hit.fingerprint === fingerprint) return hit.result;
  const result = verifyAudit(context.db);
  verified.set(context.db, { fingerprint, result });
  return result;
}

const clock = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", hour: "2-digit", minute: "2-digit", hour12: false });
const time = (at: number) => clock.format(at);

/** "10:02, 2 December 2026", or "10:02–10:09, 2 December 2026" for a span within one day. */
function when(first: number, last = first): string {
  const d1 = londonDate(first);
  const d2 = londonDate(last);
  if (d1 !== d2) return `${time(first)}, ${formatDate(d1)} – ${time(last)}, ${formatDate(d2)}`;
  const t1 = time(first);
  const t2 = time(last);
  return `${t1 === t2 ? t1 : `${t1}–${t2}`}, ${formatDate(d1)}`;
}

const dateText = (v: unknown) => (typeof v === "string" && isIsoDate(v) ? formatDate(v) : typeof v === "string" ? v : "");
const str = (v: unknown) => (typeof v === "string" ? v : "");

/** The document a room holds, as people call it: "Scheme of delegation", "Cardiology plan 2027/28". */
function roomLabel(room: string, unitName: (id: string) => string): { key: string; label: string } {
  const ref = parseDocName(room);
  if (!ref) return { key: room, label: `the document "${room}"` };
  if (ref.kind === "plan") return { key: "plan", label: `${unitName(ref.unitId)} plan ${formatFinancialYear(ref.year)}` };
  if (ref.kind === "incentives") return { key: "incentives", label: `Incentive and consequence framework ${formatFinancialYear(ref.year)}` };
  if (ref.kind === "actions") return { key: "actions", label: "Review action log" };
  if (ref.kind === "assessment") return { key: "assessment", label: `SLM maturity self-assessment ${formatFinancialYear(ref.year)}${ref.unitId ? ` (${unitName(ref.unitId)})` : ""}` };
  return { key: ref.kind, label: VERSIONED_DOC_LABELS[ref.kind] };
}

interface Names {
  unit(id: string): string;
  member(id: string): string | null;
  tenure(id: string): string | null;
  version(id: string): { doc: VersionedDoc; number: string } | null;
}

/** Which document a record concerns ("structure v1.0" → structure), for the document filter. */
function recordDoc(r: AuditRecord, names: Names): string | null {
  const m = /^(structure|delegation) v/.exec(r.subject);
  if (m) return m[1]!;
  const v = typeof r.detail.versionId === "string" ? names.version(r.detail.versionId) : null;
  if (v) return v.doc;
  const doc = str(r.detail.doc) || str(r.detail.room);
  return doc ? (parseDocName(doc)?.kind ?? null) : null;
}

function versionName(r: AuditRecord, names: Names): string {
  const v = typeof r.detail.versionId === "string" ? names.version(r.detail.versionId) : null;
  if (v) return `version ${v.number} of the ${VERSIONED_DOC_LABELS[v.doc]}`;
  const m = /^(structure|delegation) v(.+)$/.exec(r.subject);
  return m ? `version ${m[2]} of the ${VERSIONED_DOC_LABELS[m[1] as VersionedDoc]}` : r.subject;
}

/** One plain sentence for each kind of record; anything new is still shown, by its kind and subject. */
function sentence(r: AuditRecord, names: Names): string {
  const d = r.detail;
  const v = () => versionName(r, names);
  const minute = d.minuteRef ? ` (minute ${str(d.minuteRef)})` : "";
  switch (r.kind) {
    case "version.created":
      return `froze ${v()} at update ${String(d.seq ?? "?")} of its draft`;
    case "version.proposed":
      return `proposed ${v()} for approval`;
    case "version.recommended":
      return `recorded that the ${str(d.committee) || "committee"} recommended ${v()} on ${dateText(d.date)}${minute}: ${str(d.outcome) || "recommended for approval"}`;
    case "version.returned":
      return `recorded that ${v()} was returned with comments on ${dateText(d.date)}${d.outcome ? `: ${str(d.outcome)}` : ""}`;
    case "version.approved":
      return `recorded the Board's approval of ${v()} at its meeting on ${dateText(d.date)}${minute}${d.effectiveFrom ? `, in force from ${dateText(d.effectiveFrom)}` : ""}`;
    case "version.chair_action": {
      const consulted = Array.isArray(d.consulted) ? (d.consulted as unknown[]).map(str).filter(Boolean) : [];
      return `recorded the Chair's urgent action approving ${v()} on ${dateText(d.date)}${consulted.length ? `, after consulting ${consulted.join(" and ")}` : ""}${d.effectiveFrom ? `, in force from ${dateText(d.effectiveFrom)}` : ""}`;
    }
    case "version.ratified":
      return `recorded the Board's ratification of the Chair's action on ${v()} at its meeting on ${dateText(d.date)}${minute}`;
    case "version.withdrawn":
      return `withdrew ${v()}`;
    case "board.quorum": {
      const rule = d as unknown as QuorumRule;
      return typeof rule.minVoting === "number" ? `set the Board's quorum: ${describeQuorumRule(rule)}` : "changed the Board's quorum rule";
    }
    case "board.member_added": {
      const capacity = CAPACITY_LABELS[str(d.capacity) as Capacity];
      return `added ${str(d.name) || r.subject} to the Board${capacity ? ` as ${capacity.toLowerCase()}` : ""}${d.from ? ` from ${dateText(d.from)}` : ""}`;
    }
    case "board.member_ended":
      return `ended ${names.member(str(d.id)) ?? "a member"}'s term on the Board on ${dateText(d.to)}`;
    case "board.meeting": {
      const present = Array.isArray(d.attendance) ? (d.attendance as { present?: boolean }[]).filter((a) => a.present).length : null;
      return `recorded the ${str(d.title) || "Board meeting"} of ${dateText(d.date)}${present !== null ? ` (${present} present)` : ""}`;
    }
    case "role.tenure_added":
      return `recorded ${str(d.person)} as ${d.acting ? "acting " : ""}${str(d.role)}${d.unitId ? ` of ${names.unit(str(d.unitId))}` : ""} from ${dateText(d.from)}${d.to ? ` to ${dateText(d.to)}` : ""}`;
    case "role.tenure_ended":
      return `recorded that ${names.tenure(str(d.id)) ?? "a role tenure"} ended on ${dateText(d.to)}`;
    case "role.delegation": {
      const n = Array.isArray(d.decisionIds) ? d.decisionIds.length : 0;
      return `recorded a temporary delegation from ${str(d.delegator)} to ${str(d.delegate)} of ${n ? `${n} decision${n === 1 ? "" : "s"}` : "all their decisions"}, ${dateText(d.from)} to ${dateText(d.to)}`;
    }
    case "autonomy.determination":
      return `recorded ${names.unit(str(d.unitId) || r.subject)} at earned-autonomy level ${String(d.level ?? "?")} from ${dateText(d.effectiveFrom)}${d.source === "override" ? " (an override)" : d.basisMonth ? `, computed from the figures for ${str(d.basisMonth)}` : ""}${d.reason && d.source !== "figures" ? `: ${str(d.reason)}` : ""}`;
    case "autonomy.override":
      return `overrode the earned-autonomy level of ${names.unit(str(d.unitId) || r.subject)}${d.level !== undefined ? ` to level ${String(d.level)}` : ""}${d.reason ? `: ${str(d.reason)}` : ""}`;
    case "member.role": {
      const to = (d.to ?? {}) as { role?: string; boardSecretary?: boolean };
      const label = to.role && to.role in ROLE_LABELS ? ROLE_LABELS[to.role as keyof typeof ROLE_LABELS] : str(to.role);
      return `changed ${r.subject}'s access to ${label}${to.boardSecretary ? ", Board Secretary" : ""}`;
    }
    case "kpi.saved":
      return `saved the KPI catalogue entry ${r.subject}`;
    case "kpi.target":
      return `set the target for ${r.subject}${d.year ? ` in ${str(d.year)}` : ""}${d.value !== undefined ? ` to ${String(d.value)}` : ""}`;
    case "spc.rebase":
      return `rebased the SPC limits of ${r.subject}${d.fromMonth ? ` from ${str(d.fromMonth)}` : ""}${d.reason ? `: ${str(d.reason)}` : ""}${d.approvedBy ? ` (approved by ${str(d.approvedBy)})` : ""}`;
    case "spc.annotation":
      return `annotated ${r.subject}${d.month ? ` for ${str(d.month)}` : ""}${d.text ? `: ${str(d.text)}` : ""}`;
    case "performance.import":
      return `imported monthly figures from ${r.subject} (${String(d.rows ?? "?")} rows, ${String(d.lineMonths ?? "?")} line-months)`;
    case "auth.sign_in":
    case "auth.signin":
    case "session.created":
      return "signed in";
    case "auth.sign_out":
      return "signed out";
    default: {
      const [prefix] = r.kind.split(".");
      if (prefix === "import") return `imported ${r.subject}`;
      return `${r.kind.replace(/[._]/g, " ")}: ${r.subject}`;
    }
  }
}

const CATEGORY_LABELS: Record<string, string> = {
  version: "Versions and resolutions",
  board: "The Board and its meetings",
  role: "Roles and temporary delegations",
  autonomy: "Earned-autonomy determinations and overrides",
  import: "Imports",
  auth: "Sign-ins",
  session: "Sign-ins",
};

interface Entry {
  key: string;
  at: number;
  /** For a session, its first edit (the line spans first–at). */
  first: number;
  actorKey: string;
  actorName: string;
  text: string;
  whenText: string;
  doc: string | null;
  category: string;
  record: { id: number; hash: string } | null;
  edits: { fromSeq: number; toSeq: number } | null;
  link: string | null;
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { workspace } = requireMember(request, context, params.workspaceId);
  const ws = workspace.id;
  const q = new URL(request.url).searchParams;
  const values = { person: q.get("person") ?? "", what: q.get("what") ?? "", from: q.get("from") ?? "", to: q.get("to") ?? "" };
  const errors: FieldErrors = {};
  const dateParam = (field: "from" | "to") => {
    if (!values[field].trim()) return null;
    const r = parseDate(values[field]);
    if (!r.ok) errors[field] = r.error;
    return r.ok ? r.value : null;
  };
  const from = dateParam("from");
  const to = dateParam("to");
  if (from && to && to < from) errors.to = "The end of the period cannot be before its start";

  const structure = await context.collab.read(ws, { kind: "structure" });
  const units = new Map(structure.units.map((u) => [u.id, u.name]));
  const members = new Map(listBoardMembers(context.db, ws).map((m) => [m.id, m.name]));
  const tenures = new Map(listTenures(context.db, ws).map((t) => [t.id, `${t.person}'s tenure as ${t.role}`]));
  const versions = new Map(listVersions(context.db, ws).map((v) => [v.id, { doc: v.doc, number: v.number }]));
  const names: Names = {
    unit: (id) => units.get(id) ?? id,
    member: (id) => members.get(id) ?? null,
    tenure: (id) => tenures.get(id) ?? null,
    version: (id) => versions.get(id) ?? null,
  };

  const entries: Entry[] = [];
  for (const r of listAuditRecords(context.db, ws)) {
    const actorName = r.actorName ?? (r.actorId ? "A former member" : "Devolve");
    const versionId = typeof r.detail.versionId === "string" ? r.detail.versionId : null;
    entries.push({
      key: `a${r.id}`,
      at: r.at,
      first: r.at,
      actorKey: r.actorId ?? SYSTEM,
      actorName,
      text: `${actorName} ${sentence(r, names)}.`,
      whenText: when(r.at),
      doc: recordDoc(r, names),
      category: r.kind.split(".")[0]!,
      record: { id: r.id, hash: r.hash },
      edits: null,
      link: versionId && versions.has(versionId) ? `/w/${ws}/versions/${versionId}` : r.kind === "board.meeting" && typeof r.detail.id === "string" ? `/w/${ws}/governance/board/${r.detail.id}` : null,
    });
  }
  for (const s of listEditSessions(context.db, ws) as EditSession[]) {
    const actorName = s.authorName ?? (s.authorId ? "A former member" : "Devolve (imports and set-up)");
    const room = roomLabel(s.room, names.unit);
    entries.push({
      key: `e${s.room}:${s.fromSeq}`,
      at: s.last,
      first: s.first,
      actorKey: s.authorId ?? SYSTEM,
      actorName,
      text: `${actorName} edited the ${room.label} (${s.changes} change${s.changes === 1 ? "" : "s"}).`,
      whenText: when(s.first, s.last),
      doc: room.key,
      category: "edits",
      record: null,
      edits: { fromSeq: s.fromSeq, toSeq: s.toSeq },
      link: null,
    });
  }

  // The filters offer only what this trust's trail holds.
  const people = new Map<string, string>();
  for (const e of entries) if (!people.has(e.actorKey)) people.set(e.actorKey, e.actorKey === SYSTEM ? "Devolve (set-up, imports and automatic records)" : e.actorName);
  const docs = new Map<string, string>();
  for (const e of entries) {
    if (!e.doc || docs.has(`doc:${e.doc}`)) continue;
    docs.set(`doc:${e.doc}`, e.doc === "plan" ? "Annual plans" : e.doc in VERSIONED_DOC_LABELS ? VERSIONED_DOC_LABELS[e.doc as VersionedDoc] : e.doc);
  }
  const kinds = new Map<string, string>();
  for (const e of entries) if (e.category !== "edits" && !kinds.has(`kind:${e.category}`)) kinds.set(`kind:${e.category}`, CATEGORY_LABELS[e.category] ?? e.category);
  if (entries.some((e) => e.category === "edits")) kinds.set("kind:edits", "Edits of the drafts");

  const shown = Object.keys(errors).length
    ? []
    : entries.filter((e) => {
        if (values.person && e.actorKey !== values.person) return false;
        if (values.what.startsWith("doc:") && e.doc !== values.what.slice(4)) return false;
        if (values.what.startsWith("kind:") && e.category !== values.what.slice(5)) return false;
        // A run of edits is shown when any part of it falls within the dates.
        if (from && londonDate(e.at) < from) return false;
        if (to && londonDate(e.first) > to) return false;
        return true;
      });
  shown.sort((a, b) => b.at - a.at || (b.record?.id ?? 0) - (a.record?.id ?? 0) || a.key.localeCompare(b.key));

  const pages = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
  const pageParam = Number(q.get("page") ?? "1");
  const page = Number.isInteger(pageParam) && pageParam >= 1 ? Math.min(pageParam, pages) : 1;
  const list = shown.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map(({ first: _f, actorKey: _a, category: _c, doc: _d, ...e }) => e);

  const check = verification(context);
  const newest = entries.reduce((n, e) => Math.max(n, e.record?.id ?? 0), 0);
  let chain: { ok: boolean; text: string; reason: string | null };
  if (check.ok) chain = { ok: true, text: newest ? `Chain verified up to record ${newest}` : "Chain verified: this trust has no records yet", reason: null };
  else {
    const b = check.firstBroken!;
    if (b.workspaceId !== ws) chain = { ok: false, text: "Chain broken at a record of another trust", reason: "This trust's records after that point cannot be relied on until the break is investigated. Ask the system administrator to run the audit check." };
    else if (b.table === "audit_events") chain = { ok: false, text: `Chain broken at record ${b.id}`, reason: b.reason };
    else if (b.table === "doc_versions") {
      const v = versions.get(String(b.id));
      chain = { ok: false, text: `Chain broken at ${v ? `version ${v.number} of the ${VERSIONED_DOC_LABELS[v.doc]}` : "a version"}`, reason: b.reason };
    } else chain = { ok: false, text: "Chain broken in the edit history of a document", reason: b.reason };
  }

  return {
    workspaceId: ws,
    values,
    errors,
    people: [...people].map(([value, label]) => ({ value, label })).sort((a, b) => a.label.localeCompare(b.label)),
    whats: [...docs, ...kinds].map(([value, label]) => ({ value, label })),
    list,
    total: shown.length,
    page,
    pages,
    chain,
    checked: check.checked,
  };
}

function pageLink(values: Record<string, string>, page: number): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v) p.set(k, v);
  p.set("page", String(page));
  return `?${p.toString()}`;
}

export default function AuditTrail() {
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <GovernanceNav workspaceId={d.workspaceId} current="audit" />
      <ErrorSummary errors={d.errors} />
      <h1>Audit trail</h1>
      <p className="nhsuk-body-l">Who changed what and when: edits of the structure, the scheme and the plans, and every version, resolution, Board record, role change and determination. Newest first.</p>
      <div className={"nhsuk-inset-text" + (d.chain.ok ? "" : " app-inset-text--error")} role="status" data-testid="chain-status">
        <p className="nhsuk-u-margin-bottom-1">
          <strong className={"nhsuk-tag " + (d.chain.ok ? "nhsuk-tag--green" : "nhsuk-tag--red")}>{d.chain.ok ? "Intact" : "Broken"}</strong> {d.chain.text}.
        </p>
        {d.chain.reason ? <p className="nhsuk-u-margin-bottom-1">{d.chain.reason}</p> : null}
        <p className="nhsuk-body-s nhsuk-u-margin-bottom-0">Each record carries the hash of the one before it, so a record changed or removed afterwards breaks the chain. Versions are checked against their stored state and the edit history too.</p>
      </div>

      <Form method="get" noValidate aria-label="Filter the audit trail" className="nhsuk-u-margin-bottom-5">
        <SelectField name="person" label="Person" defaultValue={d.values.person}>
          <option value="">Everyone</option>
          {d.people.map((p) => (
            <option key={p.value} value={p.value}>
              {p.label}
            </option>
          ))}
        </SelectField>
        <SelectField name="what" label="Document or kind of record" defaultValue={d.values.what}>
          <option value="">Everything</option>
          {d.whats.map((w) => (
            <option key={w.value} value={w.value}>
              {w.label}
            </option>
          ))}
        </SelectField>
        <TextField name="from" label="From" hint="For example 1 April 2026" autoComplete="off" className="nhsuk-input--width-10" defaultValue={d.values.from} error={d.errors.from} />
        <TextField name="to" label="To" hint="For example 31 March 2027" autoComplete="off" className="nhsuk-input--width-10" defaultValue={d.values.to} error={d.errors.to} />
        <button className="nhsuk-button nhsuk-button--secondary" type="submit">
          Show
        </button>
      </Form>

      {d.list.length ? (
        <table className="nhsuk-table">
          <caption className="nhsuk-table__caption">
            {`${d.total} ${d.total === 1 ? "entry" : "entries"}${d.pages > 1 ? `, page ${d.page} of ${d.pages}` : ""}`}
          </caption>
          <thead className="nhsuk-table__head">
            <tr>
              <th scope="col">When</th>
              <th scope="col">What happened</th>
              <th scope="col">Record</th>
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {d.list.map((e) => (
              <tr key={e.key}>
                <td>{e.whenText}</td>
                <td>
                  {e.text}
                  {e.link ? (
                    <>
                      {" "}
                      <Link to={e.link}>
                        Open<span className="nhsuk-u-visually-hidden"> what record {e.record?.id} concerns</span>
                      </Link>
                    </>
                  ) : null}
                </td>
                <td>
                  {e.record ? (
                    <>
                      Record {e.record.id}
                      <br />
                      <code title={`SHA-256 ${e.record.hash}`} aria-label={`hash beginning ${e.record.hash.slice(0, 12)}`}>
                        {e.record.hash.slice(0, 12)}
                      </code>
                    </>
                  ) : e.edits ? (
                    e.edits.fromSeq === e.edits.toSeq ? `Edit ${e.edits.fromSeq}` : `Edits ${e.edits.fromSeq} to ${e.edits.toSeq}`
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{Object.keys(d.errors).length ? "Correct the dates to see the trail." : "Nothing in the trail matches these filters."}</p>
      )}

      {d.pages > 1 ? (
        <nav className="nhsuk-pagination" role="navigation" aria-label="Pages of the audit trail">
          <ul className="nhsuk-list nhsuk-pagination__list">
            {d.page > 1 ? (
              <li className="nhsuk-pagination-item--previous">
                <Link className="nhsuk-pagination__link nhsuk-pagination__link--prev" to={pageLink(d.values, d.page - 1)} rel="prev">
                  <span className="nhsuk-pagination__title">Newer</span>
                  <span className="nhsuk-u-visually-hidden">:</span>
                  <span className="nhsuk-pagination__page">Page {d.page - 1}</span>
                </Link>
              </li>
            ) : null}
            {d.page < d.pages ? (
              <li className="nhsuk-pagination-item--next">
                <Link className="nhsuk-pagination__link nhsuk-pagination__link--next" to={pageLink(d.values, d.page + 1)} rel="next">
                  <span className="nhsuk-pagination__title">Older</span>
                  <span className="nhsuk-u-visually-hidden">:</span>
                  <span className="nhsuk-pagination__page">Page {d.page + 1}</span>
                </Link>
              </li>
            ) : null}
          </ul>
        </nav>
      ) : null}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Audit trail – Devolve" }];
