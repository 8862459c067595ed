import type { AutonomyLevel } from "../autonomy/types";
import { addDays, addMonths, formatDate, isIsoDate, parseDate } from "../format/dates";

/**
 * The levels the executive team agrees at an accountability review (issue 13). ULHT Performance
 * Management Framework §6: "The central part of this process is an accountability review for all
 * services, which will occur every six months, at which is agreed the level of escalation and
 * autonomy". §5.1: the reviews are "a 'Board to Board' style session, with the Divisional Triumvirate
 * being held to account by the Executive Team"; §4: they are "led by the Chief Executive", and the
 * Performance Team organises them "on behalf of the Director of Finance".
 *
 * So an agreement needs the executive team: at least two executive directors present, one of them
 * the Chief Executive or the Director of Finance. The figures' level is the recommendation; the team
 * may agree another level, and then says why (a level that differs from the figures is exactly what
 * an auditor asks about).
 */

export interface Executive {
  name: string;
  title: string;
}

export interface AgreementInput {
  meetingDate: string;
  effectiveFrom: string;
  minuteRef: string;
  present: readonly string[];
  /** Per service line: the level chosen ("1"–"4") and the rationale, as the form sent them. */
  lines: Readonly<Record<string, { level: string; rationale: string }>>;
}

export interface AgreementContext {
  today: string;
  /** The trust's executive directors on the meeting date. */
  executives: readonly Executive[];
  /** Every service line with its name and the level its figures recommend (null: no figures). */
  serviceLines: readonly { unitId: string; name: string; recommended: AutonomyLevel | null }[];
}

export interface AgreedLine {
  unitId: string;
  level: AutonomyLevel;
  recommended: AutonomyLevel | null;
  rationale: string;
}

export interface Agreement {
  meetingDate: string;
  effectiveFrom: string;
  minuteRef: string;
  present: string[];
  lines: AgreedLine[];
}

export type AgreementResult = { ok: true; agreement: Agreement } | { ok: false; errors: Record<string, string> };

const LEADS = /\b(chief executive|director of finance)\b/i;

/** The first day of the month after a date: when levels agreed at a review usually take effect. */
export function defaultEffectiveFrom(meetingDate: string): string {
  return `${addMonths(meetingDate.slice(0, 7), 1)}-01`;
}

function readDate(text: string): string | null {
  const t = text.trim();
  if (isIsoDate(t)) return t;
  const r = parseDate(t);
  return r.ok ? r.value : null;
}

/** Checks what the review agreed; nothing is recorded unless every field is right. */
export function checkAgreement(input: AgreementInput, ctx: AgreementContext): AgreementResult {
  const errors: Record<string, string> = {};
  const meetingDate = readDate(input.meetingDate);
  if (!meetingDate) errors.meetingDate = "Enter the date of the accountability review, for example 17 September 2026";
  else if (meetingDate > ctx.today) errors.meetingDate = "The review must have taken place: its date cannot be in the future";

  let effectiveFrom = input.effectiveFrom.trim() ? readDate(input.effectiveFrom) : meetingDate ? defaultEffectiveFrom(meetingDate) : null;
  if (input.effectiveFrom.trim() && !effectiveFrom) errors.effectiveFrom = "Enter the date the levels take effect, for example 1 October 2026";
  else if (effectiveFrom && meetingDate && effectiveFrom < meetingDate) errors.effectiveFrom = "Levels cannot take effect before the review that agreed them";
  else if (effectiveFrom && meetingDate && effectiveFrom > addDays(addMonths(meetingDate.slice(0, 7), 3) + "-01", -1)) {
    errors.effectiveFrom = `Levels agreed on ${formatDate(meetingDate)} must take effect within three months of the review`;
  }
  effectiveFrom ??= "";

  const minuteRef = input.minuteRef.trim();
  if (minuteRef.length > 60) errors.minuteRef = "The minute reference must be 60 characters or fewer";

  const known = new Map(ctx.executives.map((e) => [e.name, e]));
  const present = [...new Set(input.present.map((p) => p.trim()).filter(Boolean))];
  const strangers = present.filter((p) => !known.has(p));
  if (strangers.length > 0) errors.present = `${strangers.join(", ")} ${strangers.length === 1 ? "is not an executive director" : "are not executive directors"} of the trust on that date`;
  else if (present.length < 2) errors.present = "Tick the executive directors present: the executive team agrees levels, so at least two must be there";
  else if (!present.some((p) => LEADS.test(known.get(p)!.title))) errors.present = "The Chief Executive or the Director of Finance must be present to agree levels";

  const lines: AgreedLine[] = [];
  for (const l of ctx.serviceLines) {
    const sent = input.lines[l.unitId];
    if (!sent) {
      errors[`level-${l.unitId}`] = `Choose the level agreed for ${l.name}`;
      continue;
    }
    const n = Number(sent.level);
    if (!/^[1-4]$/.test(sent.level.trim()) || !Number.isInteger(n)) {
      errors[`level-${l.unitId}`] = `Choose the level agreed for ${l.name}, from 1 to 4`;
      continue;
    }
    const rationale = sent.rationale.trim();
    if (rationale.length > 2000) errors[`rationale-${l.unitId}`] = "The rationale must be 2,000 characters or fewer";
    else if (l.recommended !== null && n !== l.recommended && rationale.length === 0) {
      errors[`rationale-${l.unitId}`] = `Say why ${l.name} is agreed at level ${n} when its figures recommend level ${l.recommended}`;
    }
    lines.push({ unitId: l.unitId, level: n as AutonomyLevel, recommended: l.recommended, rationale });
  }
  const unknown = Object.keys(input.lines).filter((id) => !ctx.serviceLines.some((l) => l.unitId === id));
  if (unknown.length > 0) errors.form = "The form named a service line that is not in the structure; reload the page and try again";

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, agreement: { meetingDate: meetingDate!, effectiveFrom, minuteRef, present, lines } };
}

/** The determination's reason for one line: where it was agreed, by whom, and why if it differs. */
export function agreedReason(a: Agreement, line: AgreedLine): string {
  const where = `Agreed by the executive team at the accountability review on ${formatDate(a.meetingDate)}${a.minuteRef ? ` (minute ${a.minuteRef})` : ""}; present: ${a.present.join(", ")}.`;
  const rec = line.recommended === null ? " There were no figures to recommend a level." : ` The figures recommended level ${line.recommended}.`;
  return `${where}${rec}${line.rationale ? ` ${line.rationale}` : ""}`;
}
