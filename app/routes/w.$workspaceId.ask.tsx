import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { levelRule } from "../../shared/autonomy";
import { DECISION_AREAS, findDecision, formatLimit, parseLimitAmount, whoMayApprove, type ApprovalRoute, type Decision, type Scheme } from "../../shared/delegation";
import { holderName } from "../../shared/delegation/limits";
import { addDays, addMonths, formatDate, isMonth, parseDate } from "../../shared/format";
import { LevelBadge } from "../components/autonomy/LevelBadge";
import { ErrorSummary, TextField, type FieldErrors } from "../components/ui/forms";
import { LineDecisionFields } from "../components/governance/LineDecisionFields";
import autonomyCss from "../styles/autonomy.css?url";
import { requireMember } from "../utils/auth.server";
import { serviceLinesOf } from "../utils/autonomy.server";
import { levelOn, schemeOn, today } from "../utils/governance.server";
import { currentScheme } from "../utils/scheme.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: autonomyCss }];

function approverText(decision: Decision, route: ApprovalRoute): string {
  const who = route.jointWith ? holderName(route) : route.holder;
  const limit = route.basis === "reserved" ? "reserved: decides whatever the amount" : route.limit === null ? (decision.limitKind === "yesno" ? null : "no upper limit") : `limit ${formatLimit(decision, route.limit)}`;
  return `${route.levelName}${who ? ` (${who})` : ""}${limit ? `, ${limit}` : ""}`;
}

/** The service line's own limit for a decision at a level, as text. */
function serviceLineLimitText(scheme: Scheme, decisionId: string, level: 1 | 2 | 3 | 4): string | null {
  const d = findDecision(scheme, decisionId);
  if (!d) return null;
  const v = d.serviceLineLimits[level];
  if (v === null) return "not held";
  return d.limitKind === "yesno" ? (v >= 1 ? "yes" : "no") : formatLimit(d, v);
}

/**
 * "Who may approve this?": a GET form, so every answer has its own address that can be sent to an
 * auditor. The limits come from the scheme version in force on the date asked and the level from the
 * line's determination in force then, never from the draft (issue 11); where the draft differs, the
 * answer says so beside it. Anyone in the workspace may ask.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { workspace } = requireMember(request, context, params.workspaceId);
  const q = new URL(request.url).searchParams;
  const now = today();
  // Older links asked "as of" a month: read as the month's last day.
  const legacy = q.get("asof") ?? "";
  const onText = q.get("on") ?? (isMonth(legacy) ? addDays(`${addMonths(legacy, 1)}-01`, -1) : "");
  const values = { line: q.get("line") ?? "", decision: q.get("decision") ?? "", amount: q.get("amount") ?? "", on: onText };
  const errors: FieldErrors = {};
  let on = now;
  if (values.on.trim()) {
    const r = parseDate(values.on);
    if (!r.ok) errors.on = r.error;
    else on = r.value;
  }
  const [lines, inForce, draft] = await Promise.all([serviceLinesOf(context, workspace.id), schemeOn(context, workspace.id, on), currentScheme(context, workspace.id)]);
  const scheme = inForce.scheme;
  const options = {
    lines: lines.map((l) => ({ id: l.unit.id, name: l.unit.name, division: l.division?.name ?? null })),
    areas: DECISION_AREAS.map((a) => ({
      id: a.id,
      label: a.label,
      decisions: scheme.decisions.filter((d) => d.area === a.id).map((d) => ({ id: d.id, title: d.title })),
    })).filter((a) => a.decisions.length > 0),
  };
  const base = { workspaceId: workspace.id, values, options, today: now, citation: inForce.citation, source: inForce.source, versionId: inForce.version?.id ?? null };
  if (!q.has("decision") && !q.has("amount")) return { ...base, errors: Object.keys(errors).length ? errors : null, answer: null };

  if (inForce.source === "before-first") errors.on = `${inForce.citation}. Choose a date from then on.`;
  const line = lines.find((l) => l.unit.id === values.line);
  if (!line) errors.line = "Choose a service line";
  const decision = findDecision(scheme, values.decision);
  if (!decision) errors.decision = values.decision && findDecision(draft.scheme, values.decision) ? `This decision was not in the scheme in force on ${formatDate(on)}` : "Choose a decision";
  let amount: number | undefined;
  if (decision && decision.limitKind !== "yesno") {
    const r = parseLimitAmount(decision, values.amount);
    if (r.ok) amount = r.value;
    else errors.amount = values.amount.trim() ? r.error : decision.limitKind === "money" ? "Enter the amount in pounds, for example £75,000" : `Enter the amount, for example ${formatLimit(decision, 7)}`;
  }
  if (Object.keys(errors).length > 0 || !line || !decision) return { ...base, errors, answer: null };

  const held = levelOn(context, workspace.id, line.unit.id, line.unit.name, on);
  const route = whoMayApprove(scheme, { decisionId: decision.id, amount, autonomyLevel: held.level, serviceLineName: line.unit.name });

  // What the draft would say, when it differs: shown beside the answer, never instead of it.
  // Only beside the version in force today: on a past date under an earlier version the draft is not
  // what would have changed.
  const draftNotes: string[] = [];
  const current = on === now ? inForce : await schemeOn(context, workspace.id, now);
  if (inForce.source === "version" && current.version?.id === inForce.version?.id) {
    const draftDecision = findDecision(draft.scheme, decision.id);
    if (!draftDecision) draftNotes.push("In draft: this decision is removed from the scheme, not yet approved.");
    else {
      const draftRoute = whoMayApprove(draft.scheme, { decisionId: decision.id, amount, autonomyLevel: held.level, serviceLineName: line.unit.name });
      const a = approverText(decision, route);
      const b = approverText(draftDecision, draftRoute);
      if (a !== b) draftNotes.push(`In draft: approve at ${b}, not yet approved.`);
      const was = serviceLineLimitText(scheme, decision.id, held.level);
      const will = serviceLineLimitText(draft.scheme, decision.id, held.level);
      if (was !== will) draftNotes.push(`In draft: service line at level ${held.level}: ${was} → ${will}, not yet approved.`);
    }
  }
  const authorityQuery = new URLSearchParams({ line: line.unit.id, decision: decision.id, amount: values.amount, on });
  return {
    ...base,
    errors: null,
    answer: {
      lineName: line.unit.name,
      decisionTitle: decision.title,
      amountText: amount === undefined ? null : formatLimit(decision, amount),
      on,
      isToday: on === now,
      level: held.level,
      review: levelRule(inForce.rules, held.level).reviewFrequency,
      levelExplanation: held.explanation,
      headline: approverText(decision, route),
      reasoning: route.reasoning,
      draftNotes,
      authorityHref: `/w/${workspace.id}/governance/authority?${authorityQuery}`,
    },
  };
}

export default function Ask() {
  const d = useLoaderData<typeof loader>();
  const busy = useNavigation().state === "loading";
  const a = d.answer;
  // An answer is usually below the fold on a laptop: it is scrolled to, focused (so a screen reader
  // reads it) and announced in the live region, each time a new question is answered (issue 16).
  const answerRef = useRef<HTMLElement>(null);
  const { search } = useLocation();
  const [spoken, setSpoken] = useState("");
  const headline = a ? `Approve at: ${a.headline}` : "";
  useEffect(() => {
    if (!headline) return setSpoken("");
    const el = answerRef.current;
    el?.scrollIntoView({ block: "start", behavior: "smooth" });
    el?.querySelector<HTMLElement>("#answer-heading")?.focus({ preventScroll: true });
    setSpoken(`Answer: ${headline}`);
  }, [search, headline]);
  return (
    <>
      <p className="nhsuk-u-visually-hidden" role="status" aria-live="polite" data-testid="answer-announcement">
        {spoken}
      </p>
      {d.errors ? <ErrorSummary errors={d.errors} /> : null}
      <h1>Who may approve this?</h1>
      <p className="nhsuk-lede-text">Choose a service line, a decision and an amount to see who may approve it under the scheme of delegation in force, at which level, and why — today or on any past date.</p>
      <Form method="get" noValidate className="nhsuk-u-margin-bottom-6" aria-label="Ask who may approve a decision">
        <LineDecisionFields options={d.options} values={d.values} errors={d.errors} />
        <TextField
          name="amount"
          label="Amount"
          hint="In pounds for spending decisions, for example £75,000 or 75k; a band such as 8c for posts; a number for others; leave blank for yes-or-no decisions."
          className="nhsuk-input--width-10"
          defaultValue={d.values.amount}
          error={d.errors?.amount}
        />
        <TextField
          name="on"
          label="On date"
          hint={`Leave blank for today (${formatDate(d.today)}). Auditors can give the date an approval was made, for example 31 March 2026.`}
          className="nhsuk-input--width-10"
          defaultValue={d.values.on}
          error={d.errors?.on}
        />
        <button className="nhsuk-button" type="submit" disabled={busy}>
          Ask
        </button>
      </Form>

      {a ? (
        <section className="app-answer" aria-labelledby="answer-heading" data-testid="answer" ref={answerRef}>
          <h2 id="answer-heading" className="nhsuk-heading-m" tabIndex={-1}>
            Answer
          </h2>
          <p className="nhsuk-body-s nhsuk-u-margin-bottom-2">
            {a.lineName}: {a.decisionTitle.charAt(0).toLowerCase() + a.decisionTitle.slice(1)}
            {a.amountText ? `, ${a.amountText}` : ""}, {a.isToday ? `today (${formatDate(a.on)})` : `on ${formatDate(a.on)}`}
          </p>
          <p className="app-answer__headline" data-testid="answer-headline">
            Approve at: {a.headline}
          </p>
          {a.draftNotes.length ? (
            <div className="nhsuk-warning-callout nhsuk-u-margin-bottom-4" data-testid="draft-notes">
              <h3 className="nhsuk-warning-callout__label">
                <span role="text">
                  <span className="nhsuk-u-visually-hidden">Important: </span>The draft differs
                </span>
              </h3>
              {a.draftNotes.map((n) => (
                <p key={n}>{n}</p>
              ))}
            </div>
          ) : null}
          <h3 className="nhsuk-heading-s">Why</h3>
          <ul className="app-why">
            {a.reasoning.map((r, i) => (
              <li key={i}>{r}</li>
            ))}
          </ul>
          <h3 className="nhsuk-heading-s">
            {a.lineName}&apos;s level {a.isToday ? "today" : `on ${formatDate(a.on)}`}: <LevelBadge level={a.level} review={a.review} />
          </h3>
          <p className="nhsuk-body-s">{a.levelExplanation}</p>
          <p className="nhsuk-body-s" data-testid="answer-source">
            Limits from: {d.versionId ? <Link to={`/w/${d.workspaceId}/versions/${d.versionId}`}>{d.citation}</Link> : d.citation}.
          </p>
          <p className="nhsuk-body-s">
            <Link to={a.authorityHref}>Check an approval that was made: did the approver hold the authority?</Link>
          </p>
        </section>
      ) : (
        <p className="nhsuk-body-s">Limits from: {d.citation}.</p>
      )}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Who may approve this? – Devolve" }];
