/**
 * Scoring an SLM maturity self-assessment (issue 15): the spread of the assessors' levels for a
 * section, the profile per part (not one average: the seed expects "the levels will vary across the
 * four areas"), the sections furthest from level 4 with the next level's descriptor as the target,
 * the approval checks, and the comparison with an earlier year. Pure functions over the snapshot.
 */
import type { Assessment } from "../collab/assessment-doc";
import { frameworkById, type FrameworkPart, type FrameworkSection, type FrameworkVersion, type MaturityLevel } from "./framework";

export interface SectionSpread {
  /** How many assessors gave a level. */
  n: number;
  min: MaturityLevel | null;
  max: MaturityLevel | null;
  /** max − min: 0 is agreement, 2 or more is a real difference of view to talk through. */
  range: number;
  median: number | null;
  /** How many assessors chose level 1, 2, 3 and 4. */
  counts: [number, number, number, number];
  scores: { userId: string; name: string; level: MaturityLevel; rationale: string }[];
}

/** The assessors' levels for one section (only participants who gave one). */
export function sectionSpread(a: Assessment, sectionId: string): SectionSpread {
  const scores = a.participants.flatMap((p) => {
    const s = a.scores[p.userId]?.[sectionId];
    return s?.level ? [{ userId: p.userId, name: p.name, level: s.level, rationale: s.rationale }] : [];
  });
  const levels = scores.map((s) => s.level).sort((x, y) => x - y);
  const counts: [number, number, number, number] = [0, 0, 0, 0];
  for (const l of levels) counts[l - 1]++;
  const n = levels.length;
  const median = n === 0 ? null : n % 2 ? levels[(n - 1) / 2]! : (levels[n / 2 - 1]! + levels[n / 2]!) / 2;
  return { n, min: levels[0] ?? null, max: levels.at(-1) ?? null, range: n ? levels.at(-1)! - levels[0]! : 0, median, counts, scores };
}

export interface PartProfile {
  number: number;
  title: string;
  sections: { id: string; title: string; agreed: MaturityLevel | null; target: MaturityLevel | null }[];
  scored: number;
  total: number;
  /** Mean of the agreed levels, to one decimal place; null when none is agreed. */
  mean: number | null;
  min: MaturityLevel | null;
  max: MaturityLevel | null;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** The agreed levels of each part, with their mean, lowest and highest. */
export function partProfiles(a: Assessment, fw: FrameworkVersion = frameworkById(a.framework)): PartProfile[] {
  return fw.parts.map((part) => {
    const sections = part.sections.map((s) => ({ id: s.id, title: s.title, agreed: a.sections[s.id]?.agreedLevel ?? null, target: a.sections[s.id]?.targetLevel ?? null }));
    const levels = sections.flatMap((s) => (s.agreed ? [s.agreed] : []));
    return {
      number: part.number,
      title: part.title,
      sections,
      scored: levels.length,
      total: sections.length,
      mean: levels.length ? round1(levels.reduce((x, y) => x + y, 0) / levels.length) : null,
      min: levels.length ? (Math.min(...levels) as MaturityLevel) : null,
      max: levels.length ? (Math.max(...levels) as MaturityLevel) : null,
    };
  });
}

export interface Gap {
  section: FrameworkSection;
  part: FrameworkPart;
  agreed: MaturityLevel;
  /** 4 − agreed. */
  gap: number;
  /** The next level up and its descriptor: the improvement target. */
  nextLevel: MaturityLevel;
  nextDescriptor: string;
}

/** Agreed sections below level 4, furthest from it first (then in framework order). */
export function gapsToLevel4(a: Assessment, fw: FrameworkVersion = frameworkById(a.framework), limit = Infinity): Gap[] {
  const gaps: Gap[] = [];
  for (const part of fw.parts) {
    for (const section of part.sections) {
      const agreed = a.sections[section.id]?.agreedLevel;
      if (!agreed || agreed === 4) continue;
      const nextLevel = (agreed + 1) as MaturityLevel;
      gaps.push({ section, part, agreed, gap: 4 - agreed, nextLevel, nextDescriptor: section.descriptors[nextLevel - 1] });
    }
  }
  // Stable sort keeps framework order among equal gaps.
  return gaps.sort((x, y) => y.gap - x.gap).slice(0, limit);
}

export interface ApprovalProblem {
  sectionId: string | null;
  message: string;
}

/**
 * Why the assessment cannot be approved yet: issue 15, "approval needs every section scored with a
 * rationale" — an agreed level and the reason for it in every section of the framework.
 */
export function approvalProblems(a: Assessment, fw: FrameworkVersion = frameworkById(a.framework)): ApprovalProblem[] {
  const problems: ApprovalProblem[] = [];
  for (const part of fw.parts) {
    for (const s of part.sections) {
      const agreed = a.sections[s.id];
      const ref = `Part ${part.number} §${s.number} (${s.title})`;
      if (!agreed?.agreedLevel) problems.push({ sectionId: s.id, message: `${ref} has no agreed level` });
      else if (!agreed.rationale.trim()) problems.push({ sectionId: s.id, message: `${ref} has an agreed level but no rationale` });
    }
  }
  return problems;
}

/** True when every section is agreed at level 4: the seed's caution applies. */
export function allAtLevel4(a: Assessment, fw: FrameworkVersion = frameworkById(a.framework)): boolean {
  const ids = fw.parts.flatMap((p) => p.sections.map((s) => s.id));
  return ids.length > 0 && ids.every((id) => a.sections[id]?.agreedLevel === 4);
}

export interface YearComparison {
  parts: { number: number; title: string; now: number | null; before: number | null; change: number | null }[];
  sections: { id: string; now: MaturityLevel | null; before: MaturityLevel | null; change: number | null }[];
}

/** Each part's mean and each section's level now against an earlier year's (matched by section id). */
export function compareYears(now: Assessment, before: Assessment): YearComparison {
  const fw = frameworkById(now.framework);
  const p0 = partProfiles(before, frameworkById(before.framework));
  const parts = partProfiles(now, fw).map((p) => {
    const b = p0.find((x) => x.number === p.number)?.mean ?? null;
    return { number: p.number, title: p.title, now: p.mean, before: b, change: p.mean !== null && b !== null ? round1(p.mean - b) : null };
  });
  const sections = fw.parts.flatMap((part) =>
    part.sections.map((s) => {
      const n = now.sections[s.id]?.agreedLevel ?? null;
      const b = before.sections[s.id]?.agreedLevel ?? null;
      return { id: s.id, now: n, before: b, change: n !== null && b !== null ? n - b : null };
    }),
  );
  return { parts, sections };
}

/** How many sections have an agreed level, and how many exist. */
export function progress(a: Assessment, fw: FrameworkVersion = frameworkById(a.framework)): { agreed: number; total: number } {
  const ids = fw.parts.flatMap((p) => p.sections.map((s) => s.id));
  return { agreed: ids.filter((id) => a.sections[id]?.agreedLevel).length, total: ids.length };
}
