import * as Y from "yjs";
import { AUTONOMY_LEVELS, autonomyRulesSchema, CRITERION_IDS, INDICATOR_KINDS, type AutonomyLevel, type AutonomyRules, type CriterionId, type IndicatorKind, type WorkforceThresholds } from "../autonomy/types";
import { defaultAutonomyRules, defaultWorkforceThresholds, ratesWorkforce, withoutWorkforce } from "../autonomy/rules";
import { WORKFORCE_KPI_CODES } from "../kpi/catalogue";
import { checkWrite, childMap, finite, setIfChanged, str, type Problem, type Result } from "./ytools";

/**
 * The earned-autonomy rules inside the `delegation` document (beside the scheme, ./scheme-doc.ts):
 *   autonomyRules  Y.Map { promotionMonths, financialTolerancePct,
 *                    criteria Y.Map<criterionId, Y.Map { label, description }>
 *                      (workforce also { maxOffTargetLevel1, maxOffTargetLevel2 }),
 *                    levels Y.Map<"1".."4", Y.Map { label, when, reviewFrequency }>,
 *                    indicators Y.Map<code, Y.Map { name, kind, key, spc?, order }> }
 * Anything missing or invalid reads as the default (the performance management framework's table,
 * ULHT §5.2), so a workspace that never touched the rules gets `defaultAutonomyRules()`, workforce
 * included. One exception, for documents written before the workforce criterion existed
 * (docs/decisions/046): a `criteria` map without a `workforce` entry means rules that do not rate
 * workforce, and they read (and judge) as they did, with four criteria.
 */
const K = {
  rules: "autonomyRules",
  criteria: "criteria",
  ruleLevels: "levels",
  indicators: "indicators",
} as const;

/** The top-level type the rules live in. */
export const RULES_ROOTS = [K.rules] as const;

export const delegationRules = (doc: Y.Doc) => doc.getMap<unknown>(K.rules);

/** One indicator the trust reports monthly, and whether it is key (level 2 is judged on key indicators). */
export interface RuleIndicator {
  code: string;
  name: string;
  kind: IndicatorKind;
  key: boolean;
  /**
   * Judged by SPC (issue 14): the indicator counts as failed in a month only on a special-cause
   * concern or when it consistently fails its target (shared/autonomy/spc-rule.ts). Off (absent) by default.
   */
  spc?: boolean;
}

/** The indicators of the performance management framework used when the document lists none. */
export function defaultRuleIndicators(): RuleIndicator[] {
  return [
    { code: "CDIFF", name: "C. difficile infections", kind: "quality", key: true },
    { code: "MRSA", name: "MRSA bacteraemia", kind: "quality", key: true },
    { code: "VTE", name: "VTE risk assessment", kind: "quality", key: true },
    { code: "FALLS", name: "Inpatient falls", kind: "quality", key: false },
    { code: "FFT", name: "Friends and Family Test: would recommend", kind: "quality", key: false },
    { code: "RTT18", name: "Referral to treatment within 18 weeks", kind: "performance", key: true },
    { code: "AE4", name: "A&E within 4 hours", kind: "performance", key: true },
    { code: "CAN62", name: "Cancer treatment within 62 days", kind: "performance", key: true },
    { code: "DM01", name: "Diagnostic test within 6 weeks", kind: "performance", key: true },
    { code: "BEDOCC", name: "Bed occupancy", kind: "performance", key: false },
    // Workforce (ULHT §5.2 rates it beside finance, quality and operational performance); none key:
    // the workforce criterion's thresholds say how many may be off target (shared/autonomy/assess.ts).
    { code: "SICK", name: "Sickness absence", kind: "workforce", key: false },
    { code: "VAC", name: "Vacancy rate", kind: "workforce", key: false },
    { code: "AGENCY", name: "Agency spend as a share of the pay bill", kind: "workforce", key: false },
    { code: "TURN", name: "Staff turnover (12 months)", kind: "workforce", key: false },
    { code: "MAND", name: "Mandatory training compliance", kind: "workforce", key: false },
    { code: "APPR", name: "Appraisal rate", kind: "workforce", key: false },
  ];
}

/** The workforce thresholds' field names in the workforce criterion's map. */
const WF = { level1: "maxOffTargetLevel1", level2: "maxOffTargetLevel2" } as const;
const isThreshold = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= 20;

/** The earned-autonomy rules of the scheme; each missing or invalid part falls back to the default. */
export function readAutonomyRules(doc: Y.Doc): AutonomyRules {
  const rules = defaultAutonomyRules();
  const m = delegationRules(doc);
  const months = finite(m.get("promotionMonths"));
  if (months !== null && Number.isInteger(months) && months >= 1 && months <= 24) rules.promotionMonths = months;
  const tol = finite(m.get("financialTolerancePct"));
  if (tol !== null && tol >= 0 && tol <= 100) rules.financialTolerancePct = tol;
  const criteria = m.get(K.criteria);
  if (criteria instanceof Y.Map) {
    for (const c of rules.criteria) {
      const cm = criteria.get(c.id);
      if (!(cm instanceof Y.Map)) continue;
      const label = str(cm.get("label")).trim();
      if (label) c.label = label;
      const description = cm.get("description");
      if (typeof description === "string") c.description = description;
    }
    const wm = criteria.get("workforce");
    if (wm instanceof Y.Map) {
      const t = defaultWorkforceThresholds();
      const l1 = wm.get(WF.level1);
      const l2 = wm.get(WF.level2);
      if (isThreshold(l1)) t.level1 = l1;
      if (isThreshold(l2)) t.level2 = l2;
      if (t.level1 <= t.level2) rules.workforceThresholds = t;
    } else {
      // Written before the workforce criterion (or with it taken out): four criteria, judged as then.
      return withoutWorkforce(rules);
    }
  }
  const levels = m.get(K.ruleLevels);
  if (levels instanceof Y.Map) {
    for (const l of rules.levels) {
      const lm = levels.get(String(l.level));
      if (!(lm instanceof Y.Map)) continue;
      const label = str(lm.get("label")).trim();
      if (label) l.label = label;
      const when = lm.get("when");
      if (typeof when === "string") l.when = when;
      const freq = str(lm.get("reviewFrequency")).trim();
      if (freq) l.reviewFrequency = freq;
    }
  }
  return rules;
}

/** The indicators and which of them are key; the framework's list when the document holds none. */
export function readRuleIndicators(doc: Y.Doc): RuleIndicator[] {
  const m = delegationRules(doc).get(K.indicators);
  if (!(m instanceof Y.Map) || m.size === 0) return defaultRuleIndicators();
  const out: (RuleIndicator & { order: number })[] = [];
  (m as Y.Map<unknown>).forEach((im, code) => {
    if (!(im instanceof Y.Map)) return;
    const kind = im.get("kind");
    const name = str(im.get("name")).trim();
    if (!name || !(INDICATOR_KINDS as readonly unknown[]).includes(kind)) return;
    const spc = im.get("spc") === true ? { spc: true } : {};
    out.push({ code, name, kind: kind as IndicatorKind, key: im.get("key") === true, ...spc, order: finite(im.get("order")) ?? 0 });
  });
  out.sort((a, b) => a.order - b.order || (a.code < b.code ? -1 : 1));
  return out.map(({ order: _o, ...i }) => i);
}

// Autonomy rules -----------------------------------------------------------------------------

export type RulesPatch = Partial<Pick<AutonomyRules, "promotionMonths" | "financialTolerancePct">>;

/** Sets the promotion months and/or the financial tolerance. */
export function setAutonomyRules(doc: Y.Doc, patch: RulesPatch, origin?: unknown): Result {
  if (patch.promotionMonths !== undefined && !(Number.isInteger(patch.promotionMonths) && patch.promotionMonths >= 1 && patch.promotionMonths <= 24)) {
    return { ok: false, error: "Enter a whole number of months from 1 to 24" };
  }
  if (patch.financialTolerancePct !== undefined && !(Number.isFinite(patch.financialTolerancePct) && patch.financialTolerancePct >= 0 && patch.financialTolerancePct <= 100)) {
    return { ok: false, error: "Enter a percentage from 0 to 100" };
  }
  doc.transact(() => {
    const m = delegationRules(doc);
    if (patch.promotionMonths !== undefined) setIfChanged(m, "promotionMonths", patch.promotionMonths);
    if (patch.financialTolerancePct !== undefined) setIfChanged(m, "financialTolerancePct", patch.financialTolerancePct);
  }, origin);
  return { ok: true };
}

/**
 * The criteria map, created when missing. A document without one reads as the defaults, workforce
 * included, so creating it writes the workforce entry too: otherwise the first renamed criterion
 * would quietly stop workforce being rated.
 */
function criteriaMap(doc: Y.Doc): Y.Map<unknown> {
  const rules = delegationRules(doc) as Y.Map<unknown>;
  const existing = rules.get(K.criteria);
  if (existing instanceof Y.Map) return existing as Y.Map<unknown>;
  const m = childMap(rules, K.criteria);
  childMap(m, "workforce");
  return m;
}

/** Changes the label or description of one of the criteria. */
export function setCriterion(doc: Y.Doc, id: CriterionId, patch: { label?: string; description?: string }, origin?: unknown): Result {
  if (!CRITERION_IDS.includes(id)) return { ok: false, error: "There is no such criterion" };
  if (patch.label !== undefined && !patch.label.trim()) return { ok: false, error: "Give the criterion a name" };
  if (id === "workforce" && !ratesWorkforce(readAutonomyRules(doc))) return { ok: false, error: "These rules do not rate workforce: add the workforce criterion first" };
  doc.transact(() => {
    const c = childMap(criteriaMap(doc), id);
    if (patch.label !== undefined) setIfChanged(c, "label", patch.label.trim());
    if (patch.description !== undefined) setIfChanged(c, "description", patch.description);
  }, origin);
  return { ok: true };
}

/** Sets how many workforce indicators may be off target at level 1 and at level 2 (level 1 no more than level 2). */
export function setWorkforceThresholds(doc: Y.Doc, patch: Partial<WorkforceThresholds>, origin?: unknown): Result {
  const rules = readAutonomyRules(doc);
  if (!ratesWorkforce(rules)) return { ok: false, error: "These rules do not rate workforce: add the workforce criterion first" };
  for (const v of [patch.level1, patch.level2]) if (v !== undefined && !isThreshold(v)) return { ok: false, error: "Enter a whole number of indicators from 0 to 20" };
  const next = { ...(rules.workforceThresholds ?? defaultWorkforceThresholds()), ...patch };
  if (next.level1 > next.level2) return { ok: false, error: "Level 1 cannot allow more workforce indicators off target than level 2" };
  doc.transact(() => {
    const w = childMap(criteriaMap(doc), "workforce");
    setIfChanged(w, WF.level1, next.level1);
    setIfChanged(w, WF.level2, next.level2);
  }, origin);
  return { ok: true };
}

/**
 * Starts rating workforce in rules written without it (an existing trust's, from before the
 * criterion): adds the criterion with its default thresholds and files the indicators whose codes the
 * KPI catalogue calls workforce (`workforceCodes`) as workforce indicators.
 */
export function addWorkforceCriterion(doc: Y.Doc, origin?: unknown, workforceCodes: readonly string[] = WORKFORCE_KPI_CODES): Result {
  if (ratesWorkforce(readAutonomyRules(doc))) return { ok: false, error: "These rules already rate workforce" };
  const codes = new Set(workforceCodes.map((c) => c.toUpperCase()));
  const list = readRuleIndicators(doc);
  doc.transact(() => {
    const w = childMap(criteriaMap(doc), "workforce");
    const t = defaultWorkforceThresholds();
    setIfChanged(w, WF.level1, t.level1);
    setIfChanged(w, WF.level2, t.level2);
    setKinds(doc, list, (i) => (i.kind === "performance" && codes.has(i.code.toUpperCase()) ? "workforce" : i.kind));
  }, origin);
  return { ok: true };
}

/** Stops rating workforce: the criterion goes and its indicators are judged with performance again. */
export function removeWorkforceCriterion(doc: Y.Doc, origin?: unknown): Result {
  if (!ratesWorkforce(readAutonomyRules(doc))) return { ok: false, error: "These rules do not rate workforce" };
  const list = readRuleIndicators(doc);
  doc.transact(() => {
    criteriaMap(doc).delete("workforce");
    setKinds(doc, list, (i) => (i.kind === "workforce" ? "performance" : i.kind));
  }, origin);
  return { ok: true };
}

function setKinds(doc: Y.Doc, list: RuleIndicator[], kindOf: (i: RuleIndicator) => IndicatorKind) {
  const m = delegationRules(doc).get(K.indicators);
  if (!(m instanceof Y.Map) || m.size === 0) writeIndicators(doc, list);
  const im = delegationRules(doc).get(K.indicators) as Y.Map<Y.Map<unknown>>;
  for (const i of list) {
    const entry = im.get(i.code);
    if (entry instanceof Y.Map) setIfChanged(entry, "kind", kindOf(i));
  }
}

/** Changes one autonomy level's label, when it applies, or its review (PRM) frequency. */
export function setLevelRule(doc: Y.Doc, level: AutonomyLevel, patch: { label?: string; when?: string; reviewFrequency?: string }, origin?: unknown): Result {
  if (!AUTONOMY_LEVELS.includes(level)) return { ok: false, error: `There is no autonomy level ${level}` };
  if (patch.label !== undefined && !patch.label.trim()) return { ok: false, error: "Give the level a name" };
  if (patch.reviewFrequency !== undefined && !patch.reviewFrequency.trim()) return { ok: false, error: "Say how often the performance review meets" };
  doc.transact(() => {
    const l = childMap(childMap(delegationRules(doc) as Y.Map<unknown>, K.ruleLevels), String(level));
    if (patch.label !== undefined) setIfChanged(l, "label", patch.label.trim());
    if (patch.when !== undefined) setIfChanged(l, "when", patch.when);
    if (patch.reviewFrequency !== undefined) setIfChanged(l, "reviewFrequency", patch.reviewFrequency.trim());
  }, origin);
  return { ok: true };
}

function writeIndicators(doc: Y.Doc, indicators: RuleIndicator[]) {
  const m = childMap(delegationRules(doc) as Y.Map<unknown>, K.indicators);
  indicators.forEach((i, order) => {
    const im = childMap(m, i.code);
    setIfChanged(im, "name", i.name);
    setIfChanged(im, "kind", i.kind);
    setIfChanged(im, "key", i.key);
    // Off is written as no field, so documents that never used the rule read exactly as before.
    setIfChanged(im, "spc", i.spc === true ? true : undefined);
    setIfChanged(im, "order", order);
  });
}

/** Marks an indicator as key or not. */
export function setIndicatorKey(doc: Y.Doc, code: string, key: boolean, origin?: unknown): Result {
  const list = readRuleIndicators(doc);
  if (!list.some((i) => i.code === code)) return { ok: false, error: "There is no such indicator" };
  doc.transact(() => {
    const m = delegationRules(doc).get(K.indicators);
    if (!(m instanceof Y.Map) || m.size === 0) writeIndicators(doc, list);
    const im = (delegationRules(doc).get(K.indicators) as Y.Map<Y.Map<unknown>>).get(code)!;
    setIfChanged(im, "key", key);
  }, origin);
  return { ok: true };
}

/** Judges an indicator by SPC or not (off deletes the field: the default). */
export function setIndicatorSpc(doc: Y.Doc, code: string, on: boolean, origin?: unknown): Result {
  if (typeof on !== "boolean") return { ok: false, error: "Say whether the indicator is judged by SPC" };
  const list = readRuleIndicators(doc);
  if (!list.some((i) => i.code === code)) return { ok: false, error: "There is no such indicator" };
  doc.transact(() => {
    const m = delegationRules(doc).get(K.indicators);
    if (!(m instanceof Y.Map) || m.size === 0) writeIndicators(doc, list);
    const im = (delegationRules(doc).get(K.indicators) as Y.Map<Y.Map<unknown>>).get(code)!;
    setIfChanged(im, "spc", on ? true : undefined);
  }, origin);
  return { ok: true };
}

/** Writes the whole of the autonomy rules (and optionally the indicators) in one transaction. */
export function writeAutonomyRules(doc: Y.Doc, rules: AutonomyRules, origin?: unknown, indicators?: RuleIndicator[]): Result {
  const checked = checkWrite(autonomyRulesSchema, rules);
  if (!checked.ok) return checked;
  doc.transact(() => {
    setAutonomyRules(doc, { promotionMonths: rules.promotionMonths, financialTolerancePct: rules.financialTolerancePct });
    if (ratesWorkforce(rules)) childMap(criteriaMap(doc), "workforce");
    for (const c of rules.criteria) setCriterion(doc, c.id, { label: c.label, description: c.description });
    // Rules written without workforce (an old version restored, or a trust that does not rate it) say so.
    if (!ratesWorkforce(rules)) criteriaMap(doc).delete("workforce");
    else if (rules.workforceThresholds) setWorkforceThresholds(doc, rules.workforceThresholds);
    for (const l of rules.levels) setLevelRule(doc, l.level, { label: l.label, when: l.when, reviewFrequency: l.reviewFrequency });
    if (indicators) writeIndicators(doc, indicators);
  }, origin);
  return { ok: true };
}


/**
 * What the server refuses to let an update leave in the rules: values the readers would silently
 * replace with defaults (months outside 1–24, a tolerance outside 0–100 %, criteria or levels that
 * do not exist, indicators without a name or kind, a "judged by SPC" flag that is not true or false,
 * workforce thresholds that are not whole numbers from 0 to 20 with level 1's no more than level 2's).
 * A document with or without the workforce criterion is accepted (docs/decisions/046).
 */
export function autonomyRulesProblems(doc: Y.Doc): Problem[] {
  const problems: Problem[] = [];
  const add = (key: string, message: string) => problems.push({ key, message });
  const m = delegationRules(doc);
  const months = m.get("promotionMonths");
  if (months !== undefined && !(Number.isInteger(months) && (months as number) >= 1 && (months as number) <= 24)) {
    add("rules:promotionMonths", "Months to move up are a whole number from 1 to 24.");
  }
  const tol = m.get("financialTolerancePct");
  if (tol !== undefined && !(typeof tol === "number" && tol >= 0 && tol <= 100)) add("rules:financialTolerancePct", "The financial tolerance is a percentage from 0 to 100.");
  const criteria = m.get(K.criteria);
  if (criteria instanceof Y.Map) {
    criteria.forEach((c, id) => {
      if (!(CRITERION_IDS as readonly string[]).includes(id) || !(c instanceof Y.Map)) add(`rules:criterion:${id}`, "The criteria are finance, quality, performance, workforce and policy.");
    });
    const wm = criteria.get("workforce");
    if (wm instanceof Y.Map) {
      const l1 = wm.get(WF.level1);
      const l2 = wm.get(WF.level2);
      if ((l1 !== undefined && !isThreshold(l1)) || (l2 !== undefined && !isThreshold(l2))) add("rules:workforce:thresholds", "Workforce thresholds are whole numbers of indicators from 0 to 20.");
      else if ((isThreshold(l1) ? l1 : defaultWorkforceThresholds().level1) > (isThreshold(l2) ? l2 : defaultWorkforceThresholds().level2)) add("rules:workforce:order", "Level 1 cannot allow more workforce indicators off target than level 2.");
    }
  } else if (criteria !== undefined) add("rules:criteria", "The criteria are not criteria.");
  const levels = m.get(K.ruleLevels);
  if (levels instanceof Y.Map) {
    levels.forEach((l, level) => {
      if (!AUTONOMY_LEVELS.includes(Number(level) as AutonomyLevel) || !(l instanceof Y.Map)) add(`rules:level:${level}`, "Earned-autonomy levels are 1 to 4.");
    });
  } else if (levels !== undefined) add("rules:levels", "The levels are not levels.");
  const indicators = m.get(K.indicators);
  if (indicators instanceof Y.Map) {
    if (indicators.size > 500) add("rules:indicators:cap", "At most 500 indicators.");
    indicators.forEach((im, code) => {
      if (!(im instanceof Y.Map) || !str(im.get("name")).trim() || !(INDICATOR_KINDS as readonly unknown[]).includes(im.get("kind"))) {
        add(`rules:indicator:${code}`, "Every indicator needs a name and is a quality, performance or workforce indicator.");
      } else if (im.has("spc") && typeof im.get("spc") !== "boolean") {
        add(`rules:indicator:${code}:spc`, "Whether an indicator is judged by SPC is yes or no.");
      }
    });
  } else if (indicators !== undefined) add("rules:indicators", "The indicators are not indicators.");
  return problems;
}
