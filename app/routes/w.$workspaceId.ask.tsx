import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { levelRule } from "../../shared/autonomy";
import { levelAsOf } from "../../shared/autonomy/history";
import { DECISION_AREAS, findDecision, formatLimit, whoMayApprove } from "../../shared/delegation";
import { formatMonth, isMonth, parseMoney, parseNumber } from "../../shared/format";
import { LevelBadge } from "../components/autonomy/LevelBadge";
import { ErrorSummary, SelectField, TextField, type FieldErrors } from "../components/ui/forms";
import autonomyCss from "../styles/autonomy.css?url";
import { requireMember } from "../utils/auth.server";
import { levelsFor, START_LEVEL } from "../utils/autonomy.server";
import { currentScheme } from "../utils/scheme.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: autonomyCss }];

/**
 * "Who may approve this?": a GET form, so every answer has its own address that can be sent to an
 * auditor. Anyone in the workspace may ask.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { workspace } = requireMember(request, context, params.workspaceId);
  const [{ lines, rules }, { scheme, source }] = await Promise.all([levelsFor(context, workspace.id), currentScheme(context, workspace.id)]);
  const q = new URL(request.url).searchParams;
  const values = { line: q.get("line") ?? "", decision: q.get("decision") ?? "", amount: q.get("amount") ?? "", asof: q.get("asof") ?? "" };
  const months = [...new Set(lines.flatMap((l) => l.months.map((m) => m.month)))].sort().reverse();

  const options = {
    lines: lines.map((l) => ({ id: l.unitId, name: l.name, division: l.divisionName })),
    areas: DECISION_AREAS.map((a) => ({
      id: a.id,
      label: a.label,
      decisions: scheme.decisions.filter((d) => d.area === a.id).map((d) => ({ id: d.id, title: d.title, limitKind: d.limitKind, unit: d.unit ?? "" })),
    })).filter((a) => a.decisions.length > 0),
    months,
  };
  const base = { workspaceId: workspace.id, values, options, schemeSource: source };
  if (!q.has("decision") && !q.has("amount")) return { ...base, errors: null, answer: null };

  const errors: FieldErrors = {};
  const line = lines.find((l) => l.unitId === values.line);
  if (!line) errors.line = "Choose a service line";
  const decision = findDecision(scheme, values.decision);
  if (!decision) errors.decision = "Choose a decision";
  let amount: number | undefined;
  if (decision && decision.limitKind !== "yesno") {
    if (decision.limitKind === "money") {
      const r = parseMoney(values.amount);
      if (r.ok) amount = r.value;
      else errors.amount = values.amount.trim() ? r.error : "Enter the amount in pounds, for example £75,000";
    } else {
      const text = values.amount.replace(/^\s*band\s*/i, "");
      const r = parseNumber(text);
      if (r.ok) amount = r.value;
      else errors.amount = `Enter the ${decision.unit ? decision.unit.toLowerCase() : "number"}, for example ${formatLimit(decision, 7)}`;
    }
  }
  if (values.asof && !(isMonth(values.asof) && months.includes(values.asof))) errors.asof = "Choose now or a month from the list";
  if (Object.keys(errors).length > 0 || !line || !decision) return { ...base, errors, answer: null };

  const asof = values.asof || null;
  const held = levelAsOf(line.months, asof);
  const level = held?.level ?? START_LEVEL;
  const route = whoMayApprove(scheme, { decisionId: decision.id, amount, autonomyLevel: level, serviceLineName: line.name });
  return {
    ...base,
    errors: null,
    answer: {
      lineName: line.name,
      decisionTitle: decision.title,
      amountText: amount === undefined ? null : formatLimit(decision, amount),
      asof,
      levelMonth: held?.month ?? null,
      level,
      review: levelRule(rules, level).reviewFrequency,
      levelExplanation: held ? held.explanation : [`There are no figures for ${line.name} ${asof ? `up to ${formatMonth(asof)}` : "yet"}, so it is treated as level ${START_LEVEL}.`],
      levelName: route.levelName,
      holder: route.holder,
      basis: route.basis,
      limitText: route.basis === "reserved" ? "reserved: decides whatever the amount" : route.limit === null ? (decision.limitKind === "yesno" ? null : "no upper limit") : `limit ${formatLimit(decision, route.limit)}`,
      reasoning: route.reasoning,
    },
  };
}

export default function Ask() {
  const d = useLoaderData<typeof loader>();
  const busy = useNavigation().state === "loading";
  const a = d.answer;
  return (
    <>
      {d.errors ? <ErrorSummary errors={d.errors} /> : null}
      <h1>Who may approve this?</h1>
      <p className="nhsuk-lede-text">Choose a service line, a decision and an amount to see who may approve it under the scheme of delegation, at which level, and why — now or as it stood in a past month.</p>
      <Form method="get" noValidate className="nhsuk-u-margin-bottom-6" aria-label="Ask who may approve a decision">
        <SelectField name="line" label="Service line" defaultValue={d.values.line} error={d.errors?.line}>
          <option value="">Choose a service line</option>
          {d.options.lines.map((l) => (
            <option key={l.id} value={l.id}>
              {l.name}
              {l.division ? ` (${l.division})` : ""}
            </option>
          ))}
        </SelectField>
        <SelectField name="decision" label="Decision" defaultValue={d.values.decision} error={d.errors?.decision}>
          <option value="">Choose a decision</option>
          {d.options.areas.map((area) => (
            <optgroup key={area.id} label={area.label}>
              {area.decisions.map((dec) => (
                <option key={dec.id} value={dec.id}>
                  {dec.title}
                </option>
              ))}
            </optgroup>
          ))}
        </SelectField>
        <TextField
          name="amount"
          label="Amount"
          hint="In pounds for spending decisions, for example £75,000 or 75k; a number or band for others; leave blank for yes-or-no decisions."
          inputMode="decimal"
          className="nhsuk-input--width-10"
          defaultValue={d.values.amount}
          error={d.errors?.amount}
        />
        <SelectField name="asof" label="As of" defaultValue={d.values.asof} error={d.errors?.asof} hint="Auditors can check whether an approver held the authority at the time.">
          <option value="">Now{d.options.months[0] ? ` (latest figures, ${formatMonth(d.options.months[0])})` : ""}</option>
          {d.options.months.map((m) => (
            <option key={m} value={m}>
              {formatMonth(m)}
            </option>
          ))}
        </SelectField>
        <button className="nhsuk-button" type="submit" disabled={busy}>
          Ask
        </button>
      </Form>

      {a ? (
        <section className="app-answer" aria-labelledby="answer-heading" data-testid="answer" aria-live="polite">
          <h2 id="answer-heading" className="nhsuk-u-visually-hidden">
            Answer
          </h2>
          <p className="nhsuk-body-s nhsuk-u-margin-bottom-2">
            {a.lineName}: {a.decisionTitle.charAt(0).toLowerCase() + a.decisionTitle.slice(1)}
            {a.amountText ? `, ${a.amountText}` : ""}, {a.asof ? `as of ${formatMonth(a.asof)}` : "now"}
          </p>
          <p className="app-answer__headline" data-testid="answer-headline">
            Approve at: {a.levelName}
            {a.holder ? ` (${a.holder})` : ""}
            {a.limitText ? `, ${a.limitText}` : ""}
          </p>
          <h3 className="nhsuk-heading-s">Why</h3>
          <ul className="app-why">
            {a.reasoning.map((r, i) => (
              <li key={i}>{r}</li>
            ))}
          </ul>
          <h3 className="nhsuk-heading-s">
            {a.lineName}&apos;s level {a.asof ? `in ${formatMonth(a.asof)}` : "now"}: <LevelBadge level={a.level} review={a.review} />
          </h3>
          <ul className="app-why nhsuk-body-s">
            {a.levelExplanation.map((r, i) => (
              <li key={i}>{r}</li>
            ))}
          </ul>
          <p className="nhsuk-body-s">
            {d.schemeSource === "default" ? "This trust has not written its scheme yet, so the typical NHS scheme is used. " : ""}
            Limits are taken from the scheme of delegation as it stands now; the level is the one the service line held{a.asof ? ` in ${formatMonth(a.asof)}` : ""}.
          </p>
        </section>
      ) : null}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Who may approve this? – Devolve" }];
