import { describe, expect, it } from "vitest";
import { demoScheme } from "../delegation/demo";
import type { Scheme } from "../delegation/types";
import { claimAboveEvidence, decisionRights, delegationInPractice, EVIDENCE_SOURCES, schemeTiers, structureDefinition, suggestEvidence, tracking, type EvidenceInputs } from "./evidence";
import { isSectionId } from "./framework";

function inputs(scheme: Scheme | null, over: Partial<EvidenceInputs> = {}): EvidenceInputs {
  return {
    workspaceId: "ws1",
    date: "2026-12-01",
    scheme: scheme ? { versionId: "v40", number: "4.0", effectiveFrom: "2026-04-01", approvedVersions: 2, scheme } : null,
    structure: { versionId: "st20", number: "2.0", effectiveFrom: "2026-04-01", approvedBy: "board", counts: { service_line: 12, sub_service_line: 0, pod: 0 } },
    kpis: { domains: ["quality", "operational", "financial", "workforce"], serviceLines: 12, linesWithRecentFigures: 12, latestMonth: "November 2026", linesWithSpcSeries: 12 },
    ...over,
  };
}

describe("Part 4 §7 decision rights", () => {
  it("the demo scheme covers all four areas at executive, service-line and team levels: level 4", () => {
    const s = demoScheme();
    expect(schemeTiers(s)).toEqual({ executive: ["executive", "division"], serviceLine: ["service-line"], team: ["team"] });
    const got = decisionRights(inputs(s));
    expect(got.level).toBe(4);
    expect(got.reason).toMatch(/all four areas/);
    expect(got.links[0]!.href).toBe("/w/ws1/versions/v40");
  });

  it("changes when the scheme in force loses an area", () => {
    const s = demoScheme();
    const withoutHr = { ...s, decisions: s.decisions.filter((d) => d.area !== "hr") };
    const got = decisionRights(inputs(withoutHr));
    expect(got.level).toBe(3);
    expect(got.reason).toMatch(/delegates no HR decisions/);
  });

  it("needs an approved history for level 3 and a scheme in force for any level", () => {
    const i = inputs(demoScheme());
    expect(decisionRights({ ...i, scheme: { ...i.scheme!, approvedVersions: 1 } }).level).toBe(2);
    expect(decisionRights(inputs(null))).toMatchObject({ level: null });
    // No team-level rights at all: only a high-level framework.
    const s = demoScheme();
    const noTeam = { ...s, decisions: s.decisions.map((d) => ({ ...d, cells: { ...d.cells, team: { mode: "none" as const, limit: null, holder: "", conditions: "" } } })) };
    expect(decisionRights(inputs(noTeam)).level).toBe(1);
  });
});

describe("Part 4 §8 and §1", () => {
  it("service-line limits that vary with earned autonomy suggest level 4; flat limits do not", () => {
    const s = demoScheme();
    expect(delegationInPractice(inputs(s)).level).toBe(4);
    const flat = { ...s, decisions: s.decisions.map((d) => ({ ...d, serviceLineLimits: { 1: d.serviceLineLimits[4], 2: d.serviceLineLimits[4], 3: d.serviceLineLimits[4], 4: d.serviceLineLimits[4] } })) };
    expect(delegationInPractice(inputs(flat)).level).toBeLessThan(4);
  });

  it("a Board-approved structure with service lines is level 2, with sub-service lines level 3", () => {
    const i = inputs(demoScheme());
    expect(structureDefinition(i).level).toBe(2);
    expect(structureDefinition({ ...i, structure: { ...i.structure!, counts: { service_line: 12, sub_service_line: 5, pod: 0 } } }).level).toBe(3);
    expect(structureDefinition({ ...i, structure: { ...i.structure!, approvedBy: "chair_action" } }).level).toBe(1);
    expect(structureDefinition({ ...i, structure: null }).level).toBeNull();
  });
});

describe("sources without records", () => {
  it("say plainly that Devolve holds no such records and suggest no level", () => {
    const all = suggestEvidence(inputs(demoScheme()));
    for (const id of ["p2s3", "p2s5", "p3s1", "p1s5"]) {
      const s = all.find((x) => x.sectionId === id)!;
      expect(s.level).toBeNull();
      expect(s.reason).toMatch(/^Devolve holds no .+ yet, so no level is suggested from data/);
    }
    expect(Object.keys(EVIDENCE_SOURCES).every((id) => isSectionId(id))).toBe(true);
    expect(tracking(inputs(null, { kpis: null })).level).toBeNull();
  });

  it("flags a claimed level above the evidence, advisory only", () => {
    const s = { sectionId: "p4s1", level: 2 as const, reason: "", links: [] };
    expect(claimAboveEvidence(3, s)).toMatch(/Part 4 §1 is agreed at level 3, above the level 2/);
    expect(claimAboveEvidence(2, s)).toBeNull();
    expect(claimAboveEvidence(4, { ...s, level: null })).toBeNull();
  });
});
