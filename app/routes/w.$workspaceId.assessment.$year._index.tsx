import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useCallback, useMemo, useState } from "react";
import { z } from "zod";
import { joinAssessment, readAssessment, setOverall, type Assessment } from "../../shared/collab/assessment-doc";
import { docAccess, type AssessmentRef } from "../../shared/collab/registry";
import { formatDate, formatFinancialYear } from "../../shared/format/dates";
import { allSections, frameworkById, MATURITY_NAME, sectionById, sectionRef } from "../../shared/maturity/framework";
import { allAtLevel4, approvalProblems, progress } from "../../shared/maturity/scoring";
import { can } from "../../shared/roles/roles";
import { CollabHeader } from "../collab/CollabHeader";
import { useCollabScreen } from "../collab/useCollabScreen";
import { LOCAL_ORIGIN, useDocSnapshot } from "../collab/useRoom";
import { CommitText } from "../components/assessment/CommitText";
import { LevelSelect } from "../components/assessment/LevelSelect";
import { SectionCard } from "../components/assessment/SectionCard";
import assessmentCss from "../styles/assessment.css?url";
import { approveAssessment, assessmentPath, copyActionToPlan, assessmentRefFromParams, suggestionsFor } from "../utils/assessment.server";
import { listAssessmentVersions } from "../../server/repositories/assessment";
import { requireMember, requirePermission } from "../utils/auth.server";
import { readStructureNow } from "../utils/docs.server";
import { today } from "../utils/governance.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: assessmentCss }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user, workspace, member } = requireMember(request, context, params.workspaceId);
  const structure = await readStructureNow(context, workspace.id);
  const ref = assessmentRefFromParams(params.year, new URL(request.url).searchParams.get("division"), structure);
  const initial = await context.collab.read(workspace.id, ref);
  const division = ref.unitId ? structure.units.find((u) => u.id === ref.unitId)?.name ?? ref.unitId : null;
  return {
    me: { id: user.id, name: user.name },
    workspaceId: workspace.id,
    ref,
    division,
    trust: structure.trustName,
    initial,
    canWrite: docAccess(member, ref) === "write",
    canAgree: can(member, "assessment.agree"),
    suggestions: suggestionsFor(context.db, workspace.id, ref, today(), structure),
    approvals: listAssessmentVersions(context.db, workspace.id, {
      year: ref.year,
      unitId: ref.unitId ?? null,
    }).map((v) => ({
      id: v.id,
      number: v.number,
      approvedAt: v.approvedAt,
      approvedByName: v.approvedByName,
      sha256: v.sha256,
      note: v.note,
    })),
    resultsPath: assessmentPath(workspace.id, ref, "results"),
    serviceLines: structure.units.filter((u) => u.kind === "service_line").map((u) => ({ id: u.id, name: u.name })),
  };
}

const approveSchema = z.object({ intent: z.literal("approve"), note: z.string().max(2_000, "Keep the note under 2,000 characters").default("") });
const copySchema = z.object({
  intent: z.literal("copy-action"),
  sectionId: z.string().max(10),
  actionId: z.string().max(64),
  unitId: z.string().min(1, "Choose the service line whose plan takes the action").max(64),
});

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, workspace, member } = requireMember(request, context, params.workspaceId);
  const structure = await readStructureNow(context, workspace.id);
  const ref = assessmentRefFromParams(params.year, new URL(request.url).searchParams.get("division"), structure);
  const form = Object.fromEntries(await request.formData());
  if (form.intent === "copy-action") {
    const c = copySchema.safeParse(form);
    if (!c.success) return { ok: false as const, copy: true as const, errors: [c.error.issues[0]?.message ?? "That request was not understood"] };
    const out = await copyActionToPlan(context, workspace.id, ref, c.data, member, { id: user.id }, structure);
    return out.ok ? { ok: true as const, copy: true as const, message: out.message } : { ok: false as const, copy: true as const, errors: [out.error] };
  }
  requirePermission(member, "assessment.agree", "Only executives and administrators can approve an assessment.");
  const parsed = approveSchema.safeParse(form);
  if (!parsed.success) return { ok: false as const, copy: false as const, errors: [parsed.error.issues[0]?.message ?? "That request was not understood"] };
  const out = await approveAssessment(context, workspace.id, ref, parsed.data.note, { id: user.id, name: user.name });
  if (!out.ok) return { ok: false as const, copy: false as const, errors: out.errors };
  return { ok: true as const, copy: false as const, number: out.version.number, sha256: out.version.sha256 };
}

const readAll = (doc: import("yjs").Doc): Assessment => readAssessment(doc);

export default function AssessmentWorkshop() {
  const { me, workspaceId, ref, division, trust, initial, canWrite, canAgree, suggestions, approvals, resultsPath, serviceLines } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const typedRef = ref as AssessmentRef;
  const screen = useCollabScreen(workspaceId, typedRef, me);
  const assessment = useDocSnapshot(screen.room, readAll, initial as Assessment);
  const fw = frameworkById(assessment.framework);
  const [partNo, setPartNo] = useState(1);
  const [joinRole, setJoinRole] = useState("");
  const [joinError, setJoinError] = useState<string | null>(null);
  const joined = assessment.participants.some((p) => p.userId === me.id);
  const readOnly = !canWrite;
  const doc = screen.room?.doc ?? null;
  const part = fw.parts.find((p) => p.number === partNo) ?? fw.parts[0]!;
  const done = progress(assessment, fw);
  const blocking = approvalProblems(assessment, fw);
  const bySection = useMemo(() => new Map(suggestions.map((s) => [s.sectionId, s])), [suggestions]);
  const { setPresence, others } = screen;
  const onFocus = useCallback((sectionId: string) => setPresence("selection", { kind: "section", id: sectionId }), [setPresence]);
  const hereBySection = useMemo(() => {
    const m = new Map<string, { name: string; colour: string }[]>();
    for (const o of others) {
      const sel = o.state.selection;
      if (sel?.kind === "section") m.set(sel.id, [...(m.get(sel.id) ?? []), { name: o.state.user.name, colour: o.state.user.colour }]);
    }
    return m;
  }, [others]);
  const title = `SLM maturity self-assessment ${formatFinancialYear(typedRef.year)}${division ? `: ${division}` : ""}`;

  return (
    <div className="app-assessment">
      <p className="nhsuk-body-s nhsuk-u-margin-bottom-1">
        <Link to={`/w/${workspaceId}/assessment`}>All assessments</Link> · <Link to={resultsPath}>Results</Link>
      </p>
      <CollabHeader title={title} screen={screen} readOnly={readOnly} describe={(sel) => (sel.kind === "section" && sectionById(sel.id) ? sectionRef(sel) : undefined)} />
      <p className="nhsuk-body">
        {division ?? trust}. Levels are <strong>{MATURITY_NAME}</strong>; they are not earned-autonomy levels, where 1 is the most autonomy. Framework: Monitor, {fw.title}.
      </p>
      <p className="nhsuk-body-s" data-testid="assessment-progress">
        {done.agreed} of {done.total} sections agreed · {assessment.participants.length} participant
        {assessment.participants.length === 1 ? "" : "s"}
        {approvals.length
          ? ` · approved ${approvals.length} time${approvals.length === 1 ? "" : "s"}, last on ${formatDate(new Date(approvals.at(-1)!.approvedAt).toISOString().slice(0, 10))} by ${
              approvals.at(-1)!.approvedByName ?? "someone"
            }`
          : " · not yet approved"}
      </p>

      {actionData?.copy ? (
        <p className={actionData.ok ? "nhsuk-inset-text" : "nhsuk-error-message"} role={actionData.ok ? "status" : "alert"}>
          {actionData.ok ? actionData.message : actionData.errors[0]}
        </p>
      ) : null}
      <section aria-labelledby="participants-h" className="app-assessment-panel">
        <h2 className="nhsuk-heading-m" id="participants-h">
          Participants
        </h2>
        {assessment.participants.length ? (
          <ul className="nhsuk-list" data-testid="participants">
            {assessment.participants.map((p) => (
              <li key={p.userId}>
                {p.name}
                {p.role ? `, ${p.role}` : ""}
                {screen.people.some((x) => x.state.user.id === p.userId) ? <strong className="nhsuk-tag nhsuk-tag--green app-assessment-tag">Here now</strong> : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="nhsuk-body-s">No one has joined yet.</p>
        )}
        {canWrite && !joined ? (
          <form
            className="app-assessment-inline"
            onSubmit={(e) => {
              e.preventDefault();
              if (!doc) return;
              const r = joinAssessment(doc, me, joinRole, LOCAL_ORIGIN);
              setJoinError(r.ok ? null : r.error);
            }}
          >
            <label className="nhsuk-label" htmlFor="join-role">
              Your role in the workshop (optional)
            </label>
            <input className="nhsuk-input" id="join-role" value={joinRole} onChange={(e) => setJoinRole(e.target.value)} />
            <button type="submit" className="nhsuk-button nhsuk-button--small" disabled={!doc}>
              Join as an assessor
            </button>
            {joinError ? (
              <p className="nhsuk-error-message" role="alert">
                {joinError}
              </p>
            ) : null}
          </form>
        ) : null}
        {canWrite && !joined ? <p className="nhsuk-body-s">Join to give your own level and rationale for each section.</p> : null}
      </section>

      <section aria-labelledby="overall-h" className="app-assessment-panel">
        <h2 className="nhsuk-heading-m" id="overall-h">
          Overall level
        </h2>
        <p className="nhsuk-body-s">{fw.overview[1]}</p>
        <ol className="nhsuk-list nhsuk-list--number nhsuk-body-s">
          {fw.scale.map((s) => (
            <li key={s}>{s}</li>
          ))}
        </ol>
        <div className="app-assessment-columns">
          <LevelSelect
            id="overall-before"
            label="SLM implementation level before reviewing the sections"
            value={assessment.overallBefore}
            disabled={!canAgree}
            none="Not given"
            onChange={(overallBefore) => doc && setOverall(doc, { overallBefore }, LOCAL_ORIGIN)}
          />
          <LevelSelect
            id="overall-after"
            label={fw.closingQuestion}
            value={assessment.overallAfter}
            disabled={!canAgree}
            none="Not given"
            onChange={(overallAfter) => doc && setOverall(doc, { overallAfter }, LOCAL_ORIGIN)}
          />
        </div>
        <p className="nhsuk-body-s">{fw.closingNote}</p>
        <CommitText
          id="overall-why"
          label="Why the overall level changed, or did not"
          value={assessment.overallRationale}
          disabled={!canAgree}
          onCommit={(overallRationale) => doc && setOverall(doc, { overallRationale }, LOCAL_ORIGIN)}
        />
        {allAtLevel4(assessment, fw) ? (
          <div className="nhsuk-warning-callout" role="note">
            <h3 className="nhsuk-warning-callout__label">Every section is at level 4</h3>
            <p>{fw.caution}</p>
          </div>
        ) : null}
      </section>

      <nav aria-label="Parts of the framework" className="app-assessment-parts">
        {fw.parts.map((p) => {
          const agreedHere = p.sections.filter((s) => assessment.sections[s.id]?.agreedLevel).length;
          return (
            <button
              key={p.number}
              type="button"
              className={`nhsuk-button nhsuk-button--small ${p.number === part.number ? "" : "nhsuk-button--secondary"}`}
              aria-pressed={p.number === part.number}
              onClick={() => setPartNo(p.number)}
            >
              Part {p.number}: {p.title} ({agreedHere}/{p.sections.length})
            </button>
          );
        })}
      </nav>

      <section aria-labelledby="part-h">
        <h2 className="nhsuk-heading-m" id="part-h">
          Part {part.number}: {part.title}
        </h2>
        <p className="nhsuk-body">{part.statement}</p>
        {part.sections.map((s) => (
          <SectionCard
            key={s.id}
            section={{ ...s, part }}
            assessment={assessment}
            doc={doc}
            me={me}
            canScore={canWrite && joined && !!doc}
            canAgree={canAgree && !!doc}
            suggestion={bySection.get(s.id)}
            here={hereBySection.get(s.id) ?? []}
            serviceLines={canAgree ? serviceLines : []}
            planYear={formatFinancialYear(typedRef.year)}
            onFocus={onFocus}
          />
        ))}
      </section>

      <section aria-labelledby="approve-h" className="app-assessment-panel">
        <h2 className="nhsuk-heading-m" id="approve-h">
          Approval
        </h2>
        <p className="nhsuk-body-s">Approving freezes the assessment as it stands now as a version, with its SHA-256 fingerprint. Every section needs an agreed level and its rationale.</p>
        {blocking.length ? (
          <details className="nhsuk-details">
            <summary className="nhsuk-details__summary">
              <span className="nhsuk-details__summary-text">
                {blocking.length} section{blocking.length === 1 ? "" : "s"} still to agree
              </span>
            </summary>
            <div className="nhsuk-details__text">
              <ul className="nhsuk-list nhsuk-body-s">
                {blocking.slice(0, 27).map((b) => (
                  <li key={b.message}>{b.message}</li>
                ))}
              </ul>
            </div>
          </details>
        ) : null}
        {actionData && !actionData.ok && !actionData.copy ? (
          <div className="nhsuk-error-summary" role="alert" tabIndex={-1}>
            <h3 className="nhsuk-error-summary__title">The assessment cannot be approved yet</h3>
            <ul className="nhsuk-list nhsuk-error-summary__list">
              {actionData.errors.slice(0, 10).map((e) => (
                <li key={e}>{e}</li>
              ))}
              {actionData.errors.length > 10 ? <li>and {actionData.errors.length - 10} more</li> : null}
            </ul>
          </div>
        ) : null}
        {actionData?.ok && !actionData.copy ? (
          <div className="nhsuk-inset-text" role="status">
            Approved as version {actionData.number}. Fingerprint (SHA-256) <code>{actionData.sha256.slice(0, 16)}…</code>
          </div>
        ) : null}
        {canAgree ? (
          <Form method="post">
            <input type="hidden" name="intent" value="approve" />
            <div className="nhsuk-form-group">
              <label className="nhsuk-label" htmlFor="approve-note">
                Note for the record (optional)
              </label>
              <input className="nhsuk-input" id="approve-note" name="note" maxLength={2000} />
            </div>
            <button type="submit" className="nhsuk-button" disabled={navigation.state !== "idle"}>
              Approve the assessment
            </button>
          </Form>
        ) : null}
        {approvals.length ? (
          <table className="nhsuk-table">
            <caption className="nhsuk-table__caption nhsuk-body-s">Approved versions</caption>
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Approved</th>
                <th scope="col">By</th>
                <th scope="col">SHA-256</th>
              </tr>
            </thead>
            <tbody>
              {approvals.map((a) => (
                <tr key={a.id}>
                  <td>{a.number}</td>
                  <td>{formatDate(new Date(a.approvedAt).toISOString().slice(0, 10))}</td>
                  <td>{a.approvedByName}</td>
                  <td>
                    <code>{a.sha256.slice(0, 16)}…</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
      <p className="nhsuk-body-s">{allSections(fw).length} sections in four parts, from Monitor's service-line management framework.</p>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data ? `SLM maturity ${formatFinancialYear(data.ref.year)} – Devolve` : "SLM maturity – Devolve",
  },
];
