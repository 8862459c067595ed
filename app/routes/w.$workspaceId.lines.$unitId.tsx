import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { AUTONOMY_LEVELS, levelRule, type AutonomyLevel } from "../../shared/autonomy";
import { resolveForServiceLine } from "../../shared/delegation";
import { addMonths, formatDate, formatMonth, parseMonth } from "../../shared/format";
import { can } from "../../shared/roles";
import { addOverride } from "../../server/repositories/performance";
import { LevelBadge } from "../components/autonomy/LevelBadge";
import { LevelChart } from "../components/autonomy/LevelChart";
import { LineReviews } from "../components/reviews/LineReviews";
import { LineIncentives } from "../components/incentives/LineIncentives";
import { ErrorSummary, SelectField, type FieldErrors, fieldErrors } from "../components/ui/forms";
import autonomyCss from "../styles/autonomy.css?url";
import { requireMember, requirePermission } from "../utils/auth.server";
import { levelsFor, recordDeterminations } from "../utils/autonomy.server";
import { escalationsNow } from "../utils/escalation.server";
import { STAGE_LABELS } from "../../shared/escalation/rules";
import { notFound } from "../utils/http";
import { currentScheme } from "../utils/scheme.server";
import { levelOn, schemeOn, today } from "../utils/governance.server";
import type { Scheme } from "../../shared/delegation";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: autonomyCss }];

async function powersNow(context: LoaderFunctionArgs["context"], workspaceId: string, unitId: string, name: string, draft: Scheme) {
  const on = today();
  const inForce = await schemeOn(context, workspaceId, on);
  const held = levelOn(context, workspaceId, unitId, name, on);
  const drafted = new Map(resolveForServiceLine(draft, held.level).flatMap((a) => a.decisions).map((x) => [x.decisionId, x.limitText]));
  const powers = resolveForServiceLine(inForce.scheme, held.level).map((area) => ({
    ...area,
    decisions: area.decisions.map((x) => {
      const inDraft = drafted.get(x.decisionId) ?? "Removed";
      return { ...x, draft: inForce.source === "version" && inDraft !== x.limitText ? `In draft: ${x.limitText} → ${inDraft}, not yet approved` : null };
    }),
  }));
  return { powers, powersLevel: held.level, powersLevelWhy: held.explanation, powersCitation: inForce.citation, powersVersionId: inForce.version?.id ?? null };
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { workspace, member } = requireMember(request, context, params.workspaceId);
  const [{ lines, rules }, { scheme, source }] = await Promise.all([levelsFor(context, workspace.id), currentScheme(context, workspace.id)]);
  const line = lines.find((l) => l.unitId === params.unitId);
  if (!line) notFound("There is no service line with that address. It may have been removed from the structure.");
  const latest = line.months[line.months.length - 1];
  const overrideMonths = [...line.months.map((m) => m.month)];
  if (latest) overrideMonths.push(addMonths(latest.month, 1));
  return {
    workspaceId: workspace.id,
    line: { unitId: line.unitId, code: line.code, name: line.name, divisionName: line.divisionName, leaders: line.leaders },
    current: line.current,
    inForce: line.inForce,
    escalation: (await escalationsNow(context, workspace.id)).filter((e) => e.unitId === line.unitId && e.view.stage !== "closed").map((e) => ({ stage: STAGE_LABELS[e.view.stage], headline: e.view.headline, openedOn: e.openedOn }))[0] ?? null,
    inForceReview: levelRule(rules, line.inForce?.level ?? line.current.level).reviewFrequency,
    finance: line.finance,
    history: line.months.map((m) => ({
      month: m.month,
      rawLevel: m.rawLevel,
      level: m.level,
      // The movement sentence, then the month's headline; the full list is shown for the latest month.
      why: m.explanation.slice(0, m.assessment ? m.explanation.length - m.assessment.explanation.length + 1 : m.explanation.length),
      overridden: Boolean(m.override),
    })),
    latest: latest
      ? {
          month: latest.month,
          explanation: latest.explanation,
          // The movement sentence(s) and the month's headline, before the per-figure lines.
          summary: latest.explanation.slice(0, latest.assessment ? latest.explanation.length - latest.assessment.explanation.length + 1 : latest.explanation.length),
          // Workforce under rules that do not rate it (approved before the criterion) is listed as not rated.
          criteria: latest.assessment?.criteria.map((c) => ({ criterion: c.criterion, label: c.label, rated: c.rated !== false, metKey: c.metKey, metAll: c.metAll, lines: c.lines })) ?? null,
        }
      : null,
    overrides: line.overrides.map((o) => ({ id: o.id, month: o.month, level: o.level, reason: o.reason, by: o.by, at: o.at })).reverse(),
    // What it may decide now: the scheme version in force today at the level determined for it today
    // (issue 11), with the draft's differences beside each power.
    ...(await powersNow(context, workspace.id, line.unitId, line.name, scheme)),
    schemeSource: source,
    levelLabels: rules.levels.map((l) => ({ level: l.level, label: l.label, review: l.reviewFrequency })),
    canOverride: can(member, "autonomy.override"),
    overrideMonths: overrideMonths.slice(-13).reverse(),
  };
}

const OverrideForm = z.object({
  level: z.coerce.number().pipe(z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)], { errorMap: () => ({ message: "Choose the level to set" }) })),
  month: z.string().transform((text, ctx) => {
    const r = parseMonth(text);
    if (!r.ok) {
      ctx.addIssue({ code: "custom", message: "Choose the month the level applies from" });
      return z.NEVER;
    }
    return r.value;
  }),
  reason: z.string().trim().min(1, "Give the reason for setting the level").max(2000, "The reason must be 2,000 characters or fewer"),
});

type ActionResult = { ok: false; errors: FieldErrors; values: Record<string, string> } | { ok: true; message: string };

export async function action({ request, context, params }: ActionFunctionArgs): Promise<ActionResult> {
  const { workspace, member, user } = requireMember(request, context, params.workspaceId);
  requirePermission(member, "autonomy.override", "Only administrators and executives can set a service line's level.");
  const { lines } = await levelsFor(context, workspace.id);
  const line = lines.find((l) => l.unitId === params.unitId);
  if (!line) notFound("There is no service line with that address.");
  const form = await request.formData();
  const values = { level: String(form.get("level") ?? ""), month: String(form.get("month") ?? ""), reason: String(form.get("reason") ?? "") };
  const parsed = OverrideForm.safeParse(values);
  if (!parsed.success) {
    const errors = fieldErrors(parsed.error);
    return { ok: false, errors, values };
  }
  const { level, month, reason } = parsed.data;
  addOverride(context.db, { workspaceId: workspace.id, unitId: line.unitId, monthFrom: month, level: level as AutonomyLevel, reason, byUserId: user.id });
  // The override is a recorded decision: it takes effect as a determination from today.
  await recordDeterminations(context, workspace.id, { id: user.id, name: user.name }, [line.unitId], { reason });
  context.logger.info({ workspace: workspace.id, by: user.id, unit: line.unitId, month, level }, "autonomy level overridden");
  return { ok: true, message: `${line.name} set to level ${level} from ${formatMonth(month)}. Recorded with your name and the reason.` };
}

function Met({ met, rated = true }: { met: boolean | null; rated?: boolean }) {
  if (!rated) return <strong className="nhsuk-tag nhsuk-tag--white">Not rated in this version</strong>;
  if (met === null) return <strong className="nhsuk-tag nhsuk-tag--grey">Not assessed</strong>;
  return met ? <strong className="nhsuk-tag nhsuk-tag--green">Met</strong> : <strong className="nhsuk-tag nhsuk-tag--red">Not met</strong>;
}

export default function ServiceLinePage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors = result && !result.ok ? result.errors : undefined;
  const values = result && !result.ok ? result.values : undefined;
  return (
    <>
      {errors ? <ErrorSummary errors={errors} /> : null}
      {result?.ok ? (
        <div className="nhsuk-inset-text" role="status">
          <p>{result.message}</p>
        </div>
      ) : null}
      <nav className="nhsuk-breadcrumb" aria-label="Breadcrumb">
        <ol className="nhsuk-breadcrumb__list">
          <li className="nhsuk-breadcrumb__item">
            <Link className="nhsuk-breadcrumb__link" to={`/w/${d.workspaceId}/autonomy`}>
              Earned autonomy
            </Link>
          </li>
        </ol>
      </nav>
      <span className="nhsuk-caption-l">{d.line.divisionName ? `${d.line.divisionName} division` : "Service line"}</span>
      <h1>{d.line.name}</h1>
      {d.line.leaders.length ? (
        <dl className="nhsuk-summary-list">
          {d.line.leaders.map((l, i) => (
            <div className="nhsuk-summary-list__row" key={i}>
              <dt className="nhsuk-summary-list__key">{l.role}</dt>
              <dd className="nhsuk-summary-list__value">{l.name}</dd>
            </div>
          ))}
        </dl>
      ) : null}

      <div className="app-summary-row" data-testid="current-level">
        <LevelBadge level={d.inForce?.level ?? d.current.level} testId="line-level" />
        <span>
          {d.inForce ? `${d.inForce.source === "review" ? "Agreed at the accountability review" : d.inForce.source === "override" ? "Set by an executive" : "Determined from the figures"}, in force from ${formatDate(d.inForce.from)}` : "No level agreed yet"}
        </span>
        <span data-testid="line-recommended">
          Recommended by the figures: <strong>Level {d.current.level}</strong>
          {d.current.since ? ` since ${formatMonth(d.current.since)}` : " (no figures yet: level 3 until there are)"}
          {d.current.month ? `; latest figures ${formatMonth(d.current.month)}` : ""}
        </span>
        <span>
          Performance review: <strong>{d.inForceReview}</strong>
        </span>
      </div>
      {d.escalation ? (
        <div className="nhsuk-warning-callout" data-testid="line-escalation">
          <h2 className="nhsuk-warning-callout__label">
            <span role="text">
              <span className="nhsuk-u-visually-hidden">Important: </span>Escalation open — {d.escalation.stage}
            </span>
          </h2>
          <p>
            Opened on {formatDate(d.escalation.openedOn)}. {d.escalation.headline} <Link to={`/w/${d.workspaceId}/escalations`}>See the escalation</Link>
          </p>
        </div>
      ) : null}
      <p className="nhsuk-body">
        <Link to={`/w/${d.workspaceId}/lines/${d.line.unitId}/indicators`}>{d.line.name}&apos;s indicators and SPC charts</Link>
      </p>

      {/* What a person came for first: the level and why, then what it may decide (issue 16). */}
      <h2>Why level {d.inForce?.level ?? d.current.level}</h2>
      {d.inForce ? <p data-testid="in-force-reason">{d.inForce.reason}</p> : null}
      {d.inForce && d.inForce.level !== d.current.level ? (
        <p className="nhsuk-inset-text" data-testid="recommendation-differs">
          The figures now recommend level {d.current.level}. The level in force stays at {d.inForce.level} until the executive team agrees a change at the accountability review, or an
          executive sets it with a reason; a significant deterioration is handled by <Link to={`/w/${d.workspaceId}/escalations`}>escalation</Link> in the meantime.
        </p>
      ) : null}
      <h3>What the figures recommend</h3>
      {d.latest ? (
        <>
          {d.latest.summary.map((l, i) => (
            <p key={i}>{l}</p>
          ))}
          {d.finance ? (
            <p data-testid="finance-basis">
              Finance in {formatMonth(d.finance.month)}: {d.finance.basis}.
            </p>
          ) : null}
          {d.latest.criteria ? (
            <table className="nhsuk-table" data-testid="latest-criteria">
              <caption className="nhsuk-table__caption nhsuk-table__caption--s">
                The {d.latest.criteria.filter((c) => c.rated).length === 5 ? "five" : "four"} criteria in {formatMonth(d.latest.month)}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Criterion</th>
                  <th scope="col">Key indicators</th>
                  <th scope="col">All indicators</th>
                  <th scope="col">Figures against targets</th>
                </tr>
              </thead>
              <tbody>
                {d.latest.criteria.map((c) => (
                  <tr key={c.criterion}>
                    <td>{c.label}</td>
                    <td>
                      <Met met={c.metKey} rated={c.rated} />
                    </td>
                    <td>
                      <Met met={c.metAll} rated={c.rated} />
                    </td>
                    <td>
                      <ul className="app-criteria-list">
                        {c.lines.map((l, i) => (
                          <li key={i}>{l}</li>
                        ))}
                      </ul>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <ul>
              {d.latest.explanation.slice(1).map((l, i) => (
                <li key={i}>{l}</li>
              ))}
            </ul>
          )}
        </>
      ) : (
        <p>There are no figures for this service line yet.</p>
      )}

      <h2>What {d.line.name} may decide now</h2>
      <p>
        The scheme in force today resolved for level {d.powersLevel}, the level determined for {d.line.name}: {d.powersLevelWhy}{" "}
        Limits from: {d.powersVersionId ? <Link to={`/w/${d.workspaceId}/versions/${d.powersVersionId}`}>{d.powersCitation}</Link> : d.powersCitation}.{" "}
        {d.schemeSource === "default" ? "This trust has not written its scheme yet, so the typical NHS scheme is shown. " : ""}
        <Link to={`/w/${d.workspaceId}/ask?line=${d.line.unitId}`}>Ask who may approve a decision</Link>
      </p>
      {d.powers.map((area) => (
        <section key={area.area} className="app-powers-area" aria-labelledby={`area-${area.area}`}>
          <table className="nhsuk-table app-powers-table" data-testid={`powers-${area.area}`}>
            <caption className="nhsuk-table__caption" id={`area-${area.area}`}>
              {area.label}
            </caption>
            <thead>
              <tr>
                <th scope="col">Decision</th>
                <th scope="col">Service line&apos;s limit</th>
                <th scope="col">Conditions</th>
              </tr>
            </thead>
            <tbody>
              {area.decisions.map((dec) => (
                <tr key={dec.decisionId} data-testid={`power-${dec.decisionId}`}>
                  <td>{dec.title}</td>
                  <td className={dec.held ? "" : "app-not-held"}>
                    {dec.limitText}
                    {dec.draft ? (
                      <span className="app-draft-note" data-testid="draft-note">
                        {dec.draft}
                      </span>
                    ) : null}
                  </td>
                  <td className="app-small">{dec.held ? dec.conditions : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}

      <LineReviews workspaceId={d.workspaceId} unitId={d.line.unitId} />

      <LineIncentives workspaceId={d.workspaceId} unitId={d.line.unitId} />

      <h2>Level history</h2>
      <LevelChart points={d.history} />
      <table className="nhsuk-table" data-testid="level-history">
        <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">Level by month</caption>
        <thead>
          <tr>
            <th scope="col">Month</th>
            <th scope="col">Figures alone</th>
            <th scope="col">Level held</th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          {[...d.history].reverse().map((h) => (
            <tr key={h.month}>
              <td>{formatMonth(h.month)}</td>
              <td>{h.rawLevel ? `Level ${h.rawLevel}` : "No figures"}</td>
              <td>
                <LevelBadge level={h.level} />
              </td>
              <td className="app-small">{h.why.join(" ")}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>Levels set by executives</h2>
      {d.overrides.length ? (
        <table className="nhsuk-table" data-testid="overrides">
          <thead>
            <tr>
              <th scope="col">From</th>
              <th scope="col">Level</th>
              <th scope="col">Set by</th>
              <th scope="col">Recorded</th>
              <th scope="col">Reason</th>
            </tr>
          </thead>
          <tbody>
            {d.overrides.map((o) => (
              <tr key={o.id}>
                <td>{formatMonth(o.month)}</td>
                <td>Level {o.level}</td>
                <td>{o.by}</td>
                <td>{formatDate(o.at)}</td>
                <td>{o.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>No one has set this line&apos;s level by hand; it comes from the figures alone.</p>
      )}

      {d.canOverride ? (
        <details className="nhsuk-details" open={Boolean(errors)}>
          <summary className="nhsuk-details__summary">
            <span className="nhsuk-details__summary-text">Set the level by hand</span>
          </summary>
          <div className="nhsuk-details__text">
            <p>The level you set applies from the month you choose; later months follow the usual rules from there. Your name, the time and the reason are recorded and shown.</p>
            <Form method="post" noValidate>
              <SelectField name="level" label="Level" defaultValue={values?.level ?? ""} error={errors?.level}>
                <option value="">Choose a level</option>
                {AUTONOMY_LEVELS.map((l) => (
                  <option key={l} value={l}>
                    {d.levelLabels.find((x) => x.level === l)?.label ?? `Level ${l}`}
                  </option>
                ))}
              </SelectField>
              <SelectField name="month" label="From month" defaultValue={values?.month ?? d.overrideMonths[0]} error={errors?.month}>
                {d.overrideMonths.map((m) => (
                  <option key={m} value={m}>
                    {formatMonth(m)}
                  </option>
                ))}
              </SelectField>
              <div className={"nhsuk-form-group" + (errors?.reason ? " nhsuk-form-group--error" : "")}>
                <label className="nhsuk-label" htmlFor="reason">
                  Reason
                </label>
                {errors?.reason ? (
                  <span className="nhsuk-error-message" id="reason-error">
                    <span className="nhsuk-u-visually-hidden">Error:</span> {errors.reason}
                  </span>
                ) : null}
                <textarea className={"nhsuk-textarea" + (errors?.reason ? " nhsuk-textarea--error" : "")} id="reason" name="reason" rows={3} defaultValue={values?.reason ?? ""} aria-describedby={errors?.reason ? "reason-error" : undefined} />
              </div>
              <button className="nhsuk-button nhsuk-button--warning" type="submit" disabled={busy}>
                Set level
              </button>
            </Form>
          </div>
        </details>
      ) : null}
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.line.name} – Devolve` : "Service line – Devolve" }];
