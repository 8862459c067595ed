import type { AppLoadContext } from "@remix-run/node";
import { findDecision, formatLimit, parseLimitAmount } from "../../shared/delegation";
import { formatDate, parseDate } from "../../shared/format";
import { checkAuthority } from "../../shared/governance/authority";
import { ancestorIds } from "../../shared/structure/model";
import { sha256Hex } from "../../server/audit/chain";
import { getVersion, listDelegations, listTenures } from "../../server/repositories/governance";
import { canonicalJson } from "../../shared/governance/canonical";
import { serviceLinesOf } from "./autonomy.server";
import { levelOn, schemeOn, today } from "./governance.server";
import type { FieldErrors } from "../components/ui/forms";

export interface AuthorityValues {
  line: string;
  decision: string;
  amount: string;
  on: string;
  approver: string;
  second: string;
}

export function authorityValues(url: string): AuthorityValues {
  const q = new URL(url).searchParams;
  const get = (k: string) => (q.get(k) ?? "").slice(0, 200);
  return { line: get("line"), decision: get("decision"), amount: get("amount"), on: get("on"), approver: get("approver"), second: get("second") };
}

/**
 * The authority check (issue 11): on a date, under the scheme version and the line's determination
 * in force then, did the approver hold the authority? Shared by the check page and its certificate,
 * which must say exactly the same.
 */
export async function runAuthorityCheck(context: AppLoadContext, workspaceId: string, values: AuthorityValues) {
  const errors: FieldErrors = {};
  let on = "";
  const parsed = parseDate(values.on);
  if (!parsed.ok) errors.on = values.on.trim() ? parsed.error : "Enter the date the approval was made, for example 14 May 2026";
  else if (parsed.value > today()) errors.on = "The date of an approval already made cannot be in the future";
  else on = parsed.value;
  const lines = await serviceLinesOf(context, workspaceId);
  const line = lines.find((l) => l.unit.id === values.line);
  if (!line) errors.line = "Choose the service line";
  if (!values.approver.trim()) errors.approver = "Enter the name of the person who approved it";
  const inForce = on ? await schemeOn(context, workspaceId, on) : null;
  if (inForce && inForce.source === "before-first") errors.on = `${inForce.citation}.`;
  const decision = inForce ? findDecision(inForce.scheme, values.decision) : undefined;
  if (inForce && !decision) errors.decision = "Choose a decision in the scheme in force on that date";
  let amount: number | undefined;
  if (decision && decision.limitKind !== "yesno") {
    const r = parseLimitAmount(decision, values.amount);
    if (r.ok) amount = r.value;
    else errors.amount = values.amount.trim() ? r.error : "Enter the amount approved";
  }
  if (Object.keys(errors).length || !line || !decision || !inForce) return { errors, result: null };

  const held = levelOn(context, workspaceId, line.unit.id, line.unit.name, on);
  const structure = await context.collab.read(workspaceId, { kind: "structure" });
  const byId = new Map(structure.units.map((u) => [u.id, u]));
  const unitChain = [line.unit.id, ...ancestorIds((id) => byId.get(id)?.parentId, line.unit.id)];
  const answer = checkAuthority({
    scheme: inForce.scheme,
    decision,
    amount,
    date: on,
    autonomyLevel: held.level,
    lineName: line.unit.name,
    unitChain,
    approver: values.approver.trim(),
    secondApprover: values.second.trim() || undefined,
    tenures: listTenures(context.db, workspaceId),
    delegations: listDelegations(context.db, workspaceId),
  });
  const d = held.determination;
  const record = {
    on,
    line: line.unit.name,
    decision: decision.title,
    amount: amount === undefined ? null : formatLimit(decision, amount),
    approver: values.approver.trim(),
    second: values.second.trim() || null,
    within: answer.within,
    scheme: inForce.version ? { id: inForce.version.id, number: inForce.version.number } : null,
    determination: d ? { id: d.id, level: d.level, effectiveFrom: d.effectiveFrom, figuresHash: d.figuresHash } : null,
  };
  return {
    errors: null,
    result: {
      ...record,
      onText: formatDate(on),
      level: held.level,
      levelExplanation: held.explanation,
      citation: inForce.citation,
      schemeSha256: inForce.version ? (getVersion(context.db, workspaceId, inForce.version.id)?.sha256 ?? null) : null,
      reasons: answer.reasons,
      routeReasoning: answer.route.reasoning,
      shouldHave: answer.shouldHave,
      // A fingerprint of exactly what was asked and answered, so a printed certificate can be matched to a re-run.
      certificateHash: sha256Hex(canonicalJson(record)),
      checkedOn: today(),
    },
  };
}
