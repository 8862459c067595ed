/**
 * Review meeting series and meetings as plain data, with the checks on what people submit (issue 13;
 * ULHT §5.1: "Essential attendance for the PRMs is set out in detail in the Terms of Reference";
 * Monitor's SLM framework Part 3 §2 level 2: "Regular meetings held based on appropriate data and
 * information with clear meeting purpose and responsibilities").
 */
import { z } from "zod";
import type { AutonomyLevel } from "../autonomy/types";
import { isIsoDate } from "../format/dates";
import { CADENCES, SEVERITIES, type Cadence, type DayRule, type Severity } from "./schedule";

/**
 * What a meeting is. "accountability_review" is ULHT §6's six-monthly review "at which is agreed the
 * level of escalation and autonomy"; its decisions carry the agreed levels.
 */
export const MEETING_KINDS = ["performance_review", "accountability_review"] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];
export const MEETING_KIND_LABELS: Record<MeetingKind, string> = { performance_review: "Performance review", accountability_review: "Accountability review" };

export const TIERS = ["trust", "division", "service_line", "team"] as const;
export type Tier = (typeof TIERS)[number];
export const TIER_LABELS: Record<Tier, string> = { trust: "Trust", division: "Division", service_line: "Service line", team: "Team" };

export const MEETING_STATUSES = ["scheduled", "held", "cancelled"] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

export const ATTENDANCE = ["present", "apologies", "absent"] as const;
export type AttendanceStatus = (typeof ATTENDANCE)[number];
export const ATTENDANCE_LABELS: Record<AttendanceStatus, string> = { present: "Present", apologies: "Apologies", absent: "Absent" };

/** An assurance rating of the meeting's overall view (the internal-audit scale NHS boards use). */
export const RATINGS = ["substantial", "reasonable", "limited", "none"] as const;
export type Rating = (typeof RATINGS)[number];
export const RATING_LABELS: Record<Rating, string> = { substantial: "Substantial assurance", reasonable: "Reasonable assurance", limited: "Limited assurance", none: "No assurance" };

export interface Attendee {
  name: string;
  role: string;
}

export interface ReviewSeries {
  id: string;
  workspaceId: string;
  kind: MeetingKind;
  tier: Tier;
  unitId: string | null;
  name: string;
  chairName: string;
  chairUserId: string | null;
  secretaryName: string;
  secretaryUserId: string | null;
  essentialAttendees: Attendee[];
  quorum: number;
  frequency: "fixed" | "by_level";
  cadence: Cadence | null;
  severity: Severity;
  rule: DayRule;
  plannedLevel: AutonomyLevel | null;
  plannedDeterminationId: number | null;
  actionPrefix: string;
  createdAt: number;
}

export interface Agenda {
  /** Key lines of enquiry from the data pack (ULHT §5.1). */
  kloe: string[];
  risks: string[];
}

export interface ReviewMeeting {
  id: string;
  workspaceId: string;
  seriesId: string;
  kind: MeetingKind;
  year: number;
  date: string;
  status: MeetingStatus;
  level: AutonomyLevel | null;
  packToUnitOn: string | null;
  packToInviteesOn: string | null;
  packLink: string;
  agenda: Agenda;
  rating: Rating | null;
  minutes: string;
  cancelledReason: string | null;
  updatedAt: number;
}

export interface AttendanceEntry {
  name: string;
  role: string;
  essential: boolean;
  status: AttendanceStatus;
}

export interface ReviewDecision {
  id: number;
  meetingId: string;
  kind: string;
  unitId: string | null;
  summary: string;
  detail: unknown;
  recordedBy: string | null;
  recordedByName: string;
  at: number;
}

export interface ScheduleLogEntry {
  id: number;
  seriesId: string;
  year: number;
  kind: "generated" | "replanned";
  fromDate: string;
  levelBefore: AutonomyLevel | null;
  levelAfter: AutonomyLevel | null;
  cadenceBefore: Cadence | null;
  cadenceAfter: Cadence;
  added: string[];
  cancelled: string[];
  reason: string;
  determinationId: number | null;
  actorName: string;
  at: number;
}

/** Whether a meeting is quorate: at least `quorum` of the essential attendees present (ULHT §5.1 terms of reference). */
export function quoracy(attendance: readonly AttendanceEntry[], quorum: number): { present: number; essentialPresent: number; quorate: boolean } {
  const present = attendance.filter((a) => a.status === "present");
  const essentialPresent = present.filter((a) => a.essential).length;
  return { present: present.length, essentialPresent, quorate: essentialPresent >= quorum };
}

const name = (what: string) => z.string().trim().min(1, `Give the ${what}'s name`).max(120, `Keep the ${what}'s name under 120 characters`);

/** The form that sets up (or changes) a series; the server checks the unit and the people. */
export const seriesInput = z
  .object({
    name: z.string().trim().min(3, "Give the series a name of at least 3 characters").max(120, "Keep the name under 120 characters"),
    kind: z.enum(MEETING_KINDS, { message: "Choose a performance review or an accountability review" }),
    tier: z.enum(TIERS, { message: "Choose the tier: trust, division, service line or team" }),
    unitId: z.string().max(64).default(""),
    chairName: name("chair"),
    chairUserId: z.string().max(64).default(""),
    secretaryName: name("secretary"),
    secretaryUserId: z.string().max(64).default(""),
    /** One attendee a line: "Name, Role". */
    essentialAttendees: z
      .string()
      .max(4_000)
      .transform((s, ctx) => {
        const out: Attendee[] = [];
        for (const line of s.split(/\r?\n/).map((l) => l.trim()).filter(Boolean)) {
          const [n, ...role] = line.split(",");
          if (!n?.trim() || n.trim().length > 120) {
            ctx.addIssue({ code: "custom", message: `"${line.slice(0, 40)}" is not a name and role; write one attendee a line, like "Claire Donovan, Managing Director"` });
            return z.NEVER;
          }
          out.push({ name: n.trim(), role: role.join(",").trim().slice(0, 120) });
        }
        if (out.length === 0) {
          ctx.addIssue({ code: "custom", message: "List the essential attendees, one a line" });
          return z.NEVER;
        }
        if (out.length > 40) {
          ctx.addIssue({ code: "custom", message: "List at most 40 essential attendees" });
          return z.NEVER;
        }
        return out;
      }),
    quorum: z.coerce.number({ message: "Give the quorum as a number" }).int("Give the quorum as a whole number").min(1, "The quorum is at least 1"),
    frequency: z.enum(["fixed", "by_level"], { message: "Choose a fixed frequency or one set by the line's level" }),
    cadence: z.preprocess((v) => (v === "" ? undefined : v), z.enum(CADENCES, { message: "Choose how often the series meets" }).optional()),
    severity: z.enum(SEVERITIES, { message: "Choose the severity" }).default("moderate"),
    ruleNth: z.coerce.number().pipe(z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(-1)], { message: "Choose which week of the month" })),
    ruleWeekday: z.coerce.number().pipe(z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)], { message: "Choose a weekday" })),
    actionPrefix: z
      .string()
      .trim()
      .regex(/^[A-Z0-9]{1,8}$/, "Give an action reference prefix of up to 8 capital letters or digits, like MED"),
  })
  .superRefine((v, ctx) => {
    if (v.quorum > v.essentialAttendees.length) ctx.addIssue({ code: "custom", path: ["quorum"], message: `The quorum cannot be more than the ${v.essentialAttendees.length} essential attendees` });
    if (v.frequency === "fixed" && !v.cadence) ctx.addIssue({ code: "custom", path: ["cadence"], message: "Choose how often the series meets" });
    if (v.frequency === "by_level" && v.tier !== "service_line") ctx.addIssue({ code: "custom", path: ["frequency"], message: "Only a service line's series can follow its earned-autonomy level" });
    if (v.tier !== "trust" && !v.unitId) ctx.addIssue({ code: "custom", path: ["unitId"], message: "Choose the division, service line or team reviewed" });
  });
export type SeriesInput = z.infer<typeof seriesInput>;

const optionalDate = (what: string) =>
  z
    .string()
    .trim()
    .default("")
    .refine((s) => s === "" || isIsoDate(s), `Give the date the pack went to ${what} as YYYY-MM-DD`)
    .transform((s) => (s === "" ? null : s));
const lines = (max: number, what: string) =>
  z
    .string()
    .max(20_000)
    .default("")
    .transform((s) => s.split(/\r?\n/).map((l) => l.trim()).filter(Boolean))
    .refine((l) => l.length <= max, `List at most ${max} ${what}`)
    .refine((l) => l.every((x) => x.length <= 500), `Keep each of the ${what} under 500 characters`);

export const packInput = z.object({
  packToUnitOn: optionalDate("the unit"),
  packToInviteesOn: optionalDate("the invitees"),
  packLink: z
    .string()
    .trim()
    .max(500)
    .default("")
    .refine((s) => s === "" || s.startsWith("/") || /^https:\/\//.test(s), "Link the pack with an address in Devolve (starting /) or an https:// address"),
});
export const agendaInput = z.object({ kloe: lines(30, "key lines of enquiry"), risks: lines(30, "risks") });
export const minutesInput = z.object({
  minutes: z.string().max(50_000, "Keep the minutes under 50,000 characters"),
  rating: z.preprocess((v) => (v === "" ? undefined : v), z.enum(RATINGS, { message: "Choose an assurance rating from the list" }).optional()),
  held: z.enum(["yes", "no"]).default("yes"),
});
export const decisionInput = z.object({
  summary: z.string().trim().min(3, "Say what was decided").max(2_000, "Keep the decision under 2,000 characters"),
  unitId: z.string().max(64).default(""),
});
