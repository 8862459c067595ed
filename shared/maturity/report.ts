/**
 * The results of an SLM maturity self-assessment as formatted rows, shared by the PDF and XLSX
 * exports and the Board pack section, so all three say the same thing as the results page.
 */
import { emptySection, type Assessment } from "../collab/assessment-doc";
import { formatDate } from "../format/dates";
import { claimAboveEvidence, type Suggestion } from "./evidence";
import { allSections, descriptorText, frameworkById, MATURITY_NAME, sectionRef } from "./framework";
import { allAtLevel4, compareYears, gapsToLevel4, partProfiles, sectionSpread } from "./scoring";

export interface MaturityReport {
  title: string;
  status: string;
  scaleNote: string;
  overall: string | null;
  earlierLabel: string | null;
  parts: { part: string; agreed: string; lowest: string; highest: string; mean: string; earlier: string; change: string }[];
  gaps: { section: string; agreed: string; target: string }[];
  sections: { section: string; agreed: string; earlier: string; target: string; rationale: string; evidence: string; actions: string }[];
  scores: { section: string; assessor: string; level: string; rationale: string }[];
  flags: string[];
  caution: string | null;
}

const lvl = (n: number | null | undefined) => (n === null || n === undefined ? "-" : String(n));
const change = (n: number | null) => (n === null ? "-" : n > 0 ? `+${n}` : n === 0 ? "No change" : String(n));

/** Formats an assessment (and an earlier year's, if any) for a report. */
export function maturityReport(input: { title: string; status: string; assessment: Assessment; earlier: { label: string; assessment: Assessment } | null; suggestions: Suggestion[] }): MaturityReport {
  const a = input.assessment;
  const fw = frameworkById(a.framework);
  const empty: Assessment = { ...a, participants: [], scores: {}, overallBefore: null, overallAfter: null, sections: Object.fromEntries(allSections(fw).map((s) => [s.id, emptySection()])) };
  const cmp = compareYears(a, input.earlier?.assessment ?? empty);
  const bySection = new Map(input.suggestions.map((s) => [s.sectionId, s]));
  return {
    title: input.title,
    status: input.status,
    scaleNote: `Levels are ${MATURITY_NAME}, from Monitor's ${fw.title.toLowerCase()}; not earned-autonomy levels, where 1 is the most autonomy.`,
    overall: a.overallBefore || a.overallAfter ? `Overall SLM implementation level: ${lvl(a.overallBefore)} before reviewing the sections, ${lvl(a.overallAfter)} after.${a.overallRationale ? ` ${a.overallRationale}` : ""}` : null,
    earlierLabel: input.earlier?.label ?? null,
    parts: partProfiles(a, fw).map((p, i) => ({
      part: `Part ${p.number}: ${p.title}`,
      agreed: `${p.scored} of ${p.total}`,
      lowest: lvl(p.min),
      highest: lvl(p.max),
      mean: lvl(p.mean),
      earlier: lvl(cmp.parts[i]!.before),
      change: change(cmp.parts[i]!.change),
    })),
    gaps: gapsToLevel4(a, fw, 8).map((g) => ({ section: `${sectionRef(g.section)}: ${g.section.title}`, agreed: String(g.agreed), target: `Level ${g.nextLevel}: ${descriptorText(g.nextDescriptor)}` })),
    sections: allSections(fw).map((s) => {
      const x = a.sections[s.id] ?? emptySection();
      return {
        section: `${sectionRef(s)}: ${s.title}`,
        agreed: lvl(x.agreedLevel),
        earlier: lvl(cmp.sections.find((c) => c.id === s.id)?.before),
        target: x.targetLevel ? `${x.targetLevel}${x.targetDate ? ` by ${formatDate(x.targetDate)}` : ""}` : "-",
        rationale: x.rationale,
        evidence: x.evidence.map((e) => (e.href ? `${e.label} (${e.href})` : e.label)).join("; "),
        actions: x.actions.map((t) => `${t.text}${t.owner ? ` (${t.owner}` : ""}${t.due ? `${t.owner ? ", " : " ("}by ${formatDate(t.due)}` : ""}${t.owner || t.due ? ")" : ""}`).join("; "),
      };
    }),
    scores: allSections(fw).flatMap((s) => sectionSpread(a, s.id).scores.map((x) => ({ section: sectionRef(s), assessor: x.name, level: String(x.level), rationale: x.rationale }))),
    flags: allSections(fw).flatMap((s) => {
      const f = claimAboveEvidence(a.sections[s.id]?.agreedLevel ?? null, bySection.get(s.id));
      return f ? [f] : [];
    }),
    caution: allAtLevel4(a, fw) ? fw.caution : null,
  };
}
