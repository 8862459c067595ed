import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import type { CriterionId, MonthObservation } from "../../shared/autonomy";
import { ratesWorkforce, workforceThresholdsOf } from "../../shared/autonomy/rules";
import { levelAsOf } from "../../shared/autonomy/history";
import { levelRule } from "../../shared/autonomy";
import { addMonths, formatCount, formatDate, formatMonth, londonDate, type RowError } from "../../shared/format";
import { can } from "../../shared/roles";
import { MAX_SPREADSHEET_BYTES } from "../../server/imports/spreadsheet";
import { withImportSlot } from "../../server/imports/import-slots";
import { changeStoredMonth, earliestStoredMonth, listMonthChanges, listObservations, monthLocks, saveMonth } from "../../server/repositories/performance";
import { monthWindow, monthWindowError } from "../../shared/performance/month-window";
import { LevelBadge } from "../components/autonomy/LevelBadge";
import { MonthEntryForm, type MonthEntry } from "../components/autonomy/MonthEntryForm";
import { ErrorSummary, SelectField, TextField } from "../components/ui/forms";
import { LEVEL_CONDITION } from "../components/autonomy/conditions";
import autonomyCss from "../styles/autonomy.css?url";
import { requireMember, requirePermission } from "../utils/auth.server";
import { importPerformanceFile, checkPerformanceFile, levelsFor, type ImportPreviewRow } from "../utils/autonomy.server";
import { openEscalationsAfterFigures } from "../utils/escalation.server";
import { parseMonthEntry, savedMessage } from "../utils/month-entry";
import { currentRuleIndicators } from "../utils/scheme.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: autonomyCss }];

const CRITERION_SHORT: Record<CriterionId, string> = {
  finance: "Financial plan",
  quality: "Quality indicators",
  performance: "Performance indicators",
  workforce: "Workforce",
  policy: "Trust policies",
};

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { workspace, member } = requireMember(request, context, params.workspaceId);
  const url = new URL(request.url);
  const [{ rules, lines, keyByCode }, ruleIndicators] = await Promise.all([levelsFor(context, workspace.id), currentRuleIndicators(context, workspace.id)]);
  const accepted = monthWindow(londonDate(), earliestStoredMonth(context.db, workspace.id));
  const levelFilter = url.searchParams.get("level") ?? "";
  const lastComplete = addMonths(londonDate().slice(0, 7), -1);
  const rows = lines.map((l) => {
    const last = levelAsOf(l.months, null);
    return {
      unitId: l.unitId,
      code: l.code,
      name: l.name,
      divisionName: l.divisionName,
      level: l.current.level,
      inForce: l.inForce ? { level: l.inForce.level, from: l.inForce.from, source: l.inForce.source } : null,
      review: levelRule(rules, l.inForce?.level ?? l.current.level).reviewFrequency,
      since: l.current.since,
      month: l.current.month,
      failing: last?.assessment ? last.assessment.failedKey.map((c) => CRITERION_SHORT[c]) : null,
      // Figures not yet received for the last complete month: that month is not assessed, and the
      // level in force does not change because of it (issue 13).
      notAssessed: !l.current.month || l.current.month < lastComplete ? lastComplete : null,
      overridden: Boolean(last?.override),
      finance: l.finance,
    };
  });
  const allMonths = [...new Set(lines.flatMap((l) => l.months.map((m) => m.month)))].sort();
  const latest = allMonths[allMonths.length - 1] ?? null;

  // The month entry form, opened for one line and month by a GET step so it can be prefilled.
  const canImport = can(member, "performance.import");
  let entry: MonthEntry | null = null;
  let entryError: string | null = null;
  const entryLine = url.searchParams.get("line");
  const entryMonth = url.searchParams.get("month");
  // A month that has not happened (or far before the data) is refused here as in the action, so the
  // address cannot open a form for January 2099.
  if (canImport && entryMonth && /^\d{4}-(0[1-9]|1[0-2])$/.test(entryMonth)) entryError = monthWindowError(entryMonth, accepted);
  if (canImport && entryLine && entryMonth && !entryError && /^\d{4}-(0[1-9]|1[0-2])$/.test(entryMonth)) {
    const line = lines.find((l) => l.unitId === entryLine);
    if (line) {
      const mine = listObservations(context.db, workspace.id, line.unitId)[line.unitId] ?? [];
      const existing = mine.find((m) => m.month === entryMonth);
      const previous = [...mine].reverse().find((m) => m.month < entryMonth) ?? mine[mine.length - 1];
      // A new month starts from the previous month's indicators and plan, values left for the person to enter.
      const template: MonthObservation = existing ?? {
        month: entryMonth,
        indicators: (previous?.indicators ?? []).map((i) => ({ ...i, value: Number.NaN })),
        ...(previous?.finance ? { finance: { plan: previous.finance.plan, actual: Number.NaN } } : {}),
      };
      const lock = monthLocks(context.db, workspace.id, line.unitId)(entryMonth);
      entry = {
        unitId: line.unitId,
        name: line.name,
        month: entryMonth,
        template,
        existing: Boolean(existing),
        lock: lock?.reason ?? null,
        history: listMonthChanges(context.db, workspace.id, line.unitId)
          .filter((c) => c.month === entryMonth)
          .map((c) => ({ id: c.id, kind: c.kind, reason: c.reason, byName: c.byName, on: londonDate(c.at) })),
        ruleKeys: Object.fromEntries(keyByCode),
      };
    }
  }

  return {
    workspaceId: workspace.id,
    rows: levelFilter ? rows.filter((r) => String(r.level) === levelFilter) : rows,
    total: rows.length,
    counts: [1, 2, 3, 4].map((level) => ({ level, count: rows.filter((r) => r.level === level).length })),
    levelFilter,
    levelRules: rules.levels,
    canAgree: can(member, "autonomy.override"),
    promotionMonths: rules.promotionMonths,
    ratesWorkforce: ratesWorkforce(rules),
    workforceThresholds: workforceThresholdsOf(rules),
    // The optional SPC rule (issue 14), as the draft's rules set it: the levels here are computed with them.
    spcIndicators: ruleIndicators.filter((i) => i.spc).map((i) => ({ code: i.code, name: i.name, key: i.key })),
    latest,
    nextMonth: latest ? addMonths(latest, 1) : null,
    entryMonths: (latest ? [...allMonths.slice(-3), addMonths(latest, 1)] : [accepted.last]).filter((m) => !monthWindowError(m, accepted)),
    entryError,
    lineOptions: lines.map((l) => ({ id: l.unitId, name: l.name })),
    canImport,
    entry,
  };
}

type PreviewRow = ImportPreviewRow;
type ActionResult =
  | { intent: "check" | "import"; ok: false; fileError?: string; errors: RowError[]; rowCount: number }
  | { intent: "check" | "import"; ok: true; rowCount: number; preview: PreviewRow[]; fileName: string; corrections: { unitId: string; name: string; month: string }[] }
  | { intent: "enter"; ok: false; errors: Record<string, string>; values: Record<string, string> }
  | { intent: "enter"; ok: true; message: string; unitId: string }
  | { intent: "delete"; ok: false; errors: Record<string, string>; values: Record<string, string> }
  | { intent: "delete"; ok: true; message: string; unitId: string };

export async function action({ request, context, params }: ActionFunctionArgs): Promise<ActionResult | ReturnType<typeof data<ActionResult>>> {
  const { workspace, member, user } = requireMember(request, context, params.workspaceId);
  requirePermission(member, "performance.import", "Only administrators, executives and editors can enter or import performance figures.");
  const length = Number(request.headers.get("content-length") ?? "0");
  if (length > MAX_SPREADSHEET_BYTES + 100_000) {
    return { intent: "import", ok: false, fileError: "The file is larger than 5 MB. Split it into smaller files and upload each one.", errors: [], rowCount: 0 };
  }
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");

  if (intent === "enter") {
    const values = Object.fromEntries([...form.entries()].filter((e): e is [string, string] => typeof e[1] === "string"));
    const { lines } = await levelsFor(context, workspace.id);
    const parsed = parseMonthEntry(values, lines.map((l) => l.unitId));
    if (!parsed.ok) return { intent: "enter", ok: false, errors: parsed.errors, values };
    const accepted = monthWindow(londonDate(), earliestStoredMonth(context.db, workspace.id));
    const outside = monthWindowError(parsed.observation.month, accepted);
    if (outside) return { intent: "enter", ok: false, errors: { month: outside }, values };
    // Which indicators are key is the rules' list (applyKeyIndicators); stored figures say the same.
    const { keyByCode } = await levelsFor(context, workspace.id);
    for (const ind of parsed.observation.indicators) ind.key = keyByCode.get(ind.code.toUpperCase()) ?? ind.key;
    const existing = (listObservations(context.db, workspace.id, parsed.unitId)[parsed.unitId] ?? []).some((m) => m.month === parsed.observation.month);
    if (existing) {
      // A correction: kept in the history with its reason; refused for a month a review has used.
      const reason = (values.reason ?? "").trim();
      if (!reason) return { intent: "enter", ok: false, errors: { reason: "Give the reason for correcting figures already held for this month" }, values };
      const error = changeStoredMonth(context.db, { workspaceId: workspace.id, unitId: parsed.unitId, month: parsed.observation.month, reason: reason.slice(0, 500), byUserId: user.id, replacement: parsed.observation });
      if (error) return { intent: "enter", ok: false, errors: { form: error }, values };
    } else saveMonth(context.db, { workspaceId: workspace.id, unitId: parsed.unitId, observation: parsed.observation, source: "form", enteredBy: user.id, replaceMonths: true });
    await openEscalationsAfterFigures(context, workspace.id, { id: user.id, name: user.name }, [parsed.unitId]);
    context.logger.info({ workspace: workspace.id, by: user.id, unit: parsed.unitId, month: parsed.observation.month }, "performance month entered");
    const name = lines.find((l) => l.unitId === parsed.unitId)!.name;
    return { intent: "enter", ok: true, message: savedMessage(name, parsed.observation.month), unitId: parsed.unitId };
  }

  if (intent === "delete") {
    const values = Object.fromEntries([...form.entries()].filter((e): e is [string, string] => typeof e[1] === "string"));
    const { lines } = await levelsFor(context, workspace.id);
    const line = lines.find((l) => l.unitId === values.line);
    const month = values.month ?? "";
    if (!line || !/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) return { intent: "delete", ok: false, errors: { deleteReason: "Choose a service line and month to delete" }, values };
    const reason = (values.deleteReason ?? "").trim();
    if (!reason) return { intent: "delete", ok: false, errors: { deleteReason: "Give the reason for deleting this month's figures" }, values };
    const error = changeStoredMonth(context.db, { workspaceId: workspace.id, unitId: line.unitId, month, reason: reason.slice(0, 500), byUserId: user.id });
    if (error) return { intent: "delete", ok: false, errors: { deleteReason: error }, values };
    await openEscalationsAfterFigures(context, workspace.id, { id: user.id, name: user.name }, [line.unitId]);
    context.logger.info({ workspace: workspace.id, by: user.id, unit: line.unitId, month }, "performance month deleted");
    return { intent: "delete", ok: true, message: `Figures for ${line.name} in ${formatMonth(month)} deleted. The reason is kept in the month's history. Recommended levels have been recomputed; a level in force changes when the accountability review agrees it.`, unitId: line.unitId };
  }

  if (intent !== "check" && intent !== "import") throw new Response("Unknown action", { status: 400 });
  const file = form.get("file");
  if (!file || typeof file === "string" || file.size === 0) {
    return { intent, ok: false, fileError: "Choose a CSV or Excel (.xlsx) file of performance figures", errors: [], rowCount: 0 };
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  // One import at a time per person; the file itself is read in a worker thread (parseSpreadsheet).
  const slot = await withImportSlot(user.id, () =>
    intent === "import" ? importPerformanceFile(context, workspace.id, user.id, bytes, file.name, user.name, String(form.get("correctionReason") ?? "")) : checkPerformanceFile(context, workspace.id, bytes, file.name),
  );
  if (!slot.ok) return data<ActionResult>({ intent, ok: false, fileError: slot.message, errors: [], rowCount: 0 }, { status: slot.status });
  const result = slot.value;
  if (!result.ok) return { intent, ...result };
  const corrections = (result.corrections ?? []).map(({ unitId, name, month }) => ({ unitId, name, month }));
  return { intent, ok: true, rowCount: result.rowCount, preview: result.preview, fileName: file.name, corrections };
}

function LevelFilter({ levelFilter, counts, total }: { levelFilter: string; counts: { level: number; count: number }[]; total: number }) {
  return (
    <Form method="get" className="app-level-filter" aria-label="Filter service lines by level">
      <SelectField name="level" label="Show service lines at" defaultValue={levelFilter}>
        <option value="">Every level ({total})</option>
        {counts.map((c) => (
          <option key={c.level} value={c.level}>
            Level {c.level} ({c.count})
          </option>
        ))}
      </SelectField>
      <button className="nhsuk-button nhsuk-button--secondary" type="submit">
        Show
      </button>
    </Form>
  );
}

function ImportResult({ result }: { result: Extract<ActionResult, { intent: "check" | "import" }> }) {
  // The result appears below the form, often below the fold: it is scrolled to and focused, so it is
  // seen and read out (its role announces it too) each time a file is checked or imported.
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.scrollIntoView({ block: "start", behavior: "smooth" });
    ref.current?.focus({ preventScroll: true });
  }, [result]);
  if (!result.ok) {
    const shown = result.errors.slice(0, 200);
    return (
      <div ref={ref} className="nhsuk-error-summary" role="alert" tabIndex={-1} aria-labelledby="import-error-title" data-testid="import-errors">
        <h3 className="nhsuk-error-summary__heading" id="import-error-title">
          {result.fileError ? "The file could not be read" : `Nothing was imported: ${formatCount(result.errors.length, "problem")} in the file`}
        </h3>
        <div className="nhsuk-error-summary__body">
          {result.fileError ? <p>{result.fileError}</p> : <p>Correct these rows and upload the file again. No figures have been changed.</p>}
          {shown.length ? (
            <table className="nhsuk-table">
              <thead>
                <tr>
                  <th scope="col">Row</th>
                  <th scope="col">Column</th>
                  <th scope="col">Problem</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((e, i) => (
                  <tr key={i}>
                    <td>Row {e.row}</td>
                    <td>{e.column}</td>
                    <td>{e.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          {result.errors.length > shown.length ? <p>And {formatCount(result.errors.length - shown.length, "more problem")}.</p> : null}
        </div>
      </div>
    );
  }
  const changed = result.preview.filter((p) => p.levelBefore !== p.levelAfter);
  return (
    <div ref={ref} tabIndex={-1} className={result.intent === "import" ? "nhsuk-inset-text" : "nhsuk-card nhsuk-card--feature app-import-preview"} role="status" data-testid="import-result">
      <div className={result.intent === "import" ? "" : "nhsuk-card__content"}>
        <h3>
          {result.intent === "import"
            ? `Imported ${formatCount(result.rowCount, "row")} from ${result.fileName}. Recommended levels have been recomputed; a level in force changes when the accountability review agrees it.`
            : `${result.fileName}: ${formatCount(result.rowCount, "row")}, all valid. Check the changes, then import.`}
        </h3>
        <p>
          {formatCount(result.preview.length, "month")} of figures for {formatCount(new Set(result.preview.map((p) => p.unitId)).size, "service line")};{" "}
          {changed.length ? `${formatCount(changed.length, "level")} change.` : "no level changes."}
        </p>
        {result.corrections.length ? (
          <div data-testid="import-corrections">
            <p>
              {result.intent === "import"
                ? `${formatCount(result.corrections.length, "month")} already held ${result.corrections.length === 1 ? "was" : "were"} corrected; the reason is kept in each month's history:`
                : `This file changes ${formatCount(result.corrections.length, "month")} already held. Give the reason for the correction before you import:`}
            </p>
            <ul>
              {result.corrections.slice(0, 50).map((c) => (
                <li key={`${c.unitId}-${c.month}`}>
                  {c.name}, {formatMonth(c.month)}
                </li>
              ))}
            </ul>
            {result.corrections.length > 50 ? <p>And {formatCount(result.corrections.length - 50, "more month")}.</p> : null}
          </div>
        ) : null}
        <table className="nhsuk-table">
          <thead>
            <tr>
              <th scope="col">Service line</th>
              <th scope="col">Month</th>
              <th scope="col">Figures</th>
              <th scope="col">Level before</th>
              <th scope="col">Level after</th>
            </tr>
          </thead>
          <tbody>
            {result.preview.slice(0, 100).map((p) => (
              <tr key={`${p.unitId}-${p.month}`}>
                <td>{p.name}</td>
                <td>{formatMonth(p.month)}</td>
                <td>
                  {formatCount(p.indicators, "indicator")}
                  {p.finance ? ", finance" : ""}
                  {p.policy ? ", policy" : ""}
                </td>
                <td>{p.levelBefore ? `Level ${p.levelBefore}` : "None"}</td>
                <td>
                  <LevelBadge level={p.levelAfter} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {result.preview.length > 100 ? <p>And {formatCount(result.preview.length - 100, "more month")}.</p> : null}
      </div>
    </div>
  );
}

function ImportForm({ workspaceId, result }: { workspaceId: string; result: Extract<ActionResult, { intent: "check" | "import" }> | undefined }) {
  const navigation = useNavigation();
  const pending = navigation.state === "submitting" ? String(navigation.formData?.get("intent") ?? "") : "";
  const busy = pending === "check" || pending === "import";
  const formRef = useRef<HTMLFormElement>(null);
  const done = result?.intent === "import" && result.ok;
  useEffect(() => {
    if (done) {
      formRef.current?.reset();
    }
  }, [done, result]);
  const fileError = result && !result.ok && !result.errors.length ? result.fileError : undefined;
  return (
    <section aria-labelledby="import-heading" className="nhsuk-u-margin-bottom-7">
      <h2 id="import-heading">Import figures from a file</h2>
      <p>
        One row per service line, month and measure: an indicator, the financial plan and actual, or policy adherence. Download the{" "}
        <a href={`/w/${workspaceId}/autonomy/export?template=1`} download>
          CSV template
        </a>{" "}
        or the current figures as{" "}
        <a href={`/w/${workspaceId}/autonomy/export`} download>
          CSV
        </a>{" "}
        or{" "}
        <a href={`/w/${workspaceId}/autonomy/export?format=xlsx`} download>
          Excel
        </a>
        , edit them and upload. Every row is checked first: if any row is wrong, nothing is imported.
      </p>
      <Form method="post" encType="multipart/form-data" ref={formRef} noValidate>
        <div className={"nhsuk-form-group" + (fileError ? " nhsuk-form-group--error" : "")}>
          <label className="nhsuk-label" htmlFor="file">
            Performance figures (CSV or Excel .xlsx, up to 5 MB)
          </label>
          {fileError ? (
            <span className="nhsuk-error-message" id="file-error">
              <span className="nhsuk-u-visually-hidden">Error:</span> {fileError}
            </span>
          ) : null}
          <input
            className={"nhsuk-file-upload" + (fileError ? " nhsuk-file-upload--error" : "")}
            id="file"
            name="file"
            type="file"
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          />
        </div>
        <TextField
          name="correctionReason"
          label="Reason for correcting months already held (optional)"
          hint="Needed only if the file changes figures already held for a month. It is kept in each changed month's history."
          maxLength={500}
          autoComplete="off"
        />
        <div className="nhsuk-button-group">
          <button className="nhsuk-button nhsuk-button--secondary" type="submit" name="intent" value="check" disabled={busy}>
            Check file
          </button>
          <button className="nhsuk-button" type="submit" name="intent" value="import" disabled={busy}>
            Import
          </button>
        </div>
        <p className="app-import-progress" role="status" aria-live="polite">
          {pending === "check" ? "Uploading and checking the file…" : pending === "import" ? "Uploading, checking and importing the figures… levels will be recomputed." : ""}
        </p>
      </Form>
      {result ? <ImportResult result={result} /> : null}
    </section>
  );
}

export default function EarnedAutonomy() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const fileResult = result && (result.intent === "check" || result.intent === "import") ? result : undefined;
  const entryResult = result && result.intent === "enter" ? result : undefined;
  const deleteResult = result && result.intent === "delete" ? result : undefined;
  return (
    <>
      {entryResult && !entryResult.ok ? <ErrorSummary errors={entryResult.errors} /> : null}
      {deleteResult && !deleteResult.ok ? <ErrorSummary errors={deleteResult.errors} /> : null}
      {deleteResult?.ok ? (
        <div className="nhsuk-inset-text" role="status">
          <p>{deleteResult.message}</p>
        </div>
      ) : null}
      {entryResult?.ok ? (
        <div className="nhsuk-inset-text" role="status">
          <p>
            {entryResult.message} <Link to={`/w/${data.workspaceId}/lines/${entryResult.unitId}`}>See the service line</Link>
          </p>
        </div>
      ) : null}
      <h1>Earned autonomy</h1>
      <p className="nhsuk-lede-text">
        Each service line&apos;s monthly figures recommend its level: adherence to its financial plan, quality indicators, performance indicators,{" "}
        {data.ratesWorkforce ? "workforce indicators " : ""}and trust policies. The recommendation moves down at once and up one level after {formatCount(data.promotionMonths, "consecutive month")} of better performance.
        {data.latest ? ` Figures up to ${formatMonth(data.latest)}.` : " No figures yet."}
      </p>
      <p data-testid="agreed-levels-note">
        The level in force, which the scheme&apos;s limits use, is agreed by the executive team at the six-monthly accountability review, or set by an executive with a reason
        between reviews. A significant deterioration opens an <Link to={`/w/${data.workspaceId}/escalations`}>escalation</Link> instead of cutting a line&apos;s authority at once.
        {data.canAgree ? (
          <>
            {" "}
            <Link to={`/w/${data.workspaceId}/autonomy/agree`}>Record the levels agreed at an accountability review</Link>
          </>
        ) : null}
      </p>
      <p className="nhsuk-body-s" data-testid="workforce-rule">
        {data.ratesWorkforce
          ? `Workforce (sickness absence, vacancies, agency spend against the cap, turnover, mandatory training and appraisal) is a criterion of its own, as ULHT's framework rates Finance, Workforce, Quality and Operational performance: a month is level 1 with ${data.workforceThresholds.level1 === 0 ? "every workforce indicator on target" : `at most ${formatCount(data.workforceThresholds.level1, "workforce indicator")} off target`}, and fails the criterion with more than ${formatCount(data.workforceThresholds.level2, "indicator")} off target or any key one.`
          : "Workforce is not rated in these rules: workforce indicators are judged with performance, as rules approved before the workforce criterion judged them."}
      </p>
      {data.spcIndicators.length > 0 ? (
        <div className="nhsuk-inset-text" data-testid="spc-rule">
          <p>
            <strong>Judged by SPC:</strong> {data.spcIndicators.map((i) => i.name).join(", ")}. {data.spcIndicators.length === 1 ? "This indicator counts" : "These indicators count"} as failed
            in a month only when its statistical process control chart shows a special-cause concern at that month, or when it consistently fails its target (Making Data Count);
            a month below target by common-cause variation counts as met. A special-cause concern on a key indicator is a significant deterioration for the line&apos;s
            performance review.
          </p>
          <p className="nhsuk-body-s">
            Set in the <Link to={`/w/${data.workspaceId}/delegation`}>scheme&apos;s earned autonomy rules</Link>. The recommendations on this page follow the rules as drafted; the accountability
            review starts from the recommendation under the approved version&apos;s rules.
          </p>
        </div>
      ) : null}

      <table className="nhsuk-table app-level-key">
        <caption className="nhsuk-table__caption">What each level means</caption>
        <thead>
          <tr>
            <th scope="col">Level</th>
            <th scope="col">When</th>
            <th scope="col">Performance review</th>
          </tr>
        </thead>
        <tbody>
          {data.levelRules.map((r) => (
            <tr key={r.level}>
              <td>
                <LevelBadge level={r.level} />
              </td>
              <td>{LEVEL_CONDITION[r.level]}</td>
              <td>{r.reviewFrequency}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>Service lines</h2>
      <LevelFilter levelFilter={data.levelFilter} counts={data.counts} total={data.total} />
      <table className="nhsuk-table" data-testid="autonomy-table">
        <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">
          {data.levelFilter ? `Service lines at level ${data.levelFilter}` : "Every service line"} with its current level
        </caption>
        <thead>
          <tr>
            <th scope="col">Service line</th>
            <th scope="col">Division</th>
            <th scope="col">Level in force</th>
            <th scope="col">Recommended by the figures</th>
            <th scope="col">Review</th>
            <th scope="col">Since</th>
            <th scope="col">Failed in the latest month</th>
            <th scope="col">Finance judged on</th>
          </tr>
        </thead>
        <tbody>
          {data.rows.length === 0 ? (
            <tr>
              <td colSpan={8}>No service lines at level {data.levelFilter}.</td>
            </tr>
          ) : null}
          {data.rows.map((r) => (
            <tr key={r.unitId} data-testid={`autonomy-row-${r.code}`}>
              <td>
                <Link to={`/w/${data.workspaceId}/lines/${r.unitId}`}>{r.name}</Link>
              </td>
              <td>{r.divisionName ?? "–"}</td>
              <td data-testid={`in-force-${r.code}`}>
                {r.inForce ? (
                  <>
                    <LevelBadge level={r.inForce.level} />
                    <div className="nhsuk-body-s nhsuk-u-margin-bottom-0">
                      {r.inForce.source === "review" ? "Agreed at review" : r.inForce.source === "override" ? "Set by an executive" : "From the figures"}, from {formatDate(r.inForce.from)}
                    </div>
                  </>
                ) : (
                  "None agreed yet"
                )}
              </td>
              <td data-testid={`recommended-${r.code}`}>
                <LevelBadge level={r.level} />
                {r.overridden ? <div className="nhsuk-body-s nhsuk-u-margin-bottom-0">Set by an executive</div> : null}
              </td>
              <td>{r.review}</td>
              <td>{r.since ? formatMonth(r.since) : "–"}</td>
              <td>
                {r.notAssessed ? (
                  <div className="nhsuk-body-s nhsuk-u-margin-bottom-1" data-testid={`not-assessed-${r.code}`}>
                    {formatMonth(r.notAssessed)} not assessed yet: no figures received
                  </div>
                ) : null}
                {r.failing === null ? (
                  r.month ? "No figures" : "No figures yet"
                ) : r.failing.length === 0 ? (
                  `None (${formatMonth(r.month!)})`
                ) : (
                  <>
                    <span className="nhsuk-u-visually-hidden">In {formatMonth(r.month!)}: </span>
                    {r.failing.join(", ")}
                  </>
                )}
              </td>
              <td data-testid={`finance-basis-${r.code}`}>
                {r.finance ? (
                  <>
                    <span className="nhsuk-u-visually-hidden">In {formatMonth(r.finance.month)}: </span>
                    {r.finance.basis}
                  </>
                ) : (
                  "No financial figures"
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      {data.canImport ? (
        <>
          <ImportForm workspaceId={data.workspaceId} result={fileResult} />
          <section aria-labelledby="enter-heading" id="enter">
            <h2 id="enter-heading">Enter one month for one service line</h2>
            <Form method="get" action="#enter" className="app-level-filter nhsuk-u-margin-bottom-5">
              <SelectField name="line" id="entry-line" label="Service line" defaultValue={data.entry?.unitId ?? ""}>
                <option value="">Choose a service line</option>
                {data.lineOptions.map((l) => (
                  <option key={l.id} value={l.id}>
                    {l.name}
                  </option>
                ))}
              </SelectField>
              <SelectField name="month" id="entry-month" label="Month" defaultValue={data.entry?.month ?? data.nextMonth ?? ""}>
                {data.entryMonths.map((m) => (
                  <option key={m} value={m}>
                    {formatMonth(m)}
                  </option>
                ))}
              </SelectField>
              <button className="nhsuk-button nhsuk-button--secondary" type="submit">
                Open the form
              </button>
            </Form>
            {data.entryError ? (
              <div className="nhsuk-error-summary" role="alert" tabIndex={-1} aria-labelledby="entry-error-title">
                <h3 className="nhsuk-error-summary__title" id="entry-error-title">
                  Figures cannot be entered for that month
                </h3>
                <p className="nhsuk-error-summary__body">{data.entryError}.</p>
              </div>
            ) : null}
            {data.entry ? (
              <MonthEntryForm
                deleteErrors={deleteResult && !deleteResult.ok ? deleteResult.errors : undefined}
                key={`${data.entry.unitId}-${data.entry.month}-${entryResult?.ok ? "saved" : ""}`}
                entry={data.entry}
                errors={entryResult && !entryResult.ok ? entryResult.errors : undefined}
                values={entryResult && !entryResult.ok ? entryResult.values : undefined}
              />
            ) : null}
          </section>
        </>
      ) : null}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Earned autonomy – Devolve" }];
