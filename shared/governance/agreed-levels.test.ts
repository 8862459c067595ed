import { describe, expect, it } from "vitest";
import { agreedReason, checkAgreement, defaultEffectiveFrom, type AgreementContext, type AgreementInput } from "./agreed-levels";

const ctx: AgreementContext = {
  today: "2026-12-01",
  executives: [
    { name: "Dr James Okafor", title: "Chief Executive" },
    { name: "Priya Shah", title: "Director of Finance" },
    { name: "Simon Clarke", title: "Chief Operating Officer" },
    { name: "Angela Moore", title: "Chief Nurse" },
  ],
  serviceLines: [
    { unitId: "card", name: "Cardiology", recommended: 2 },
    { unitId: "orth", name: "Trauma and orthopaedics", recommended: 4 },
  ],
};

const input = (over: Partial<AgreementInput> = {}): AgreementInput => ({
  meetingDate: "17 September 2026",
  effectiveFrom: "",
  minuteRef: "AR 26/09",
  present: ["Dr James Okafor", "Priya Shah"],
  lines: { card: { level: "2", rationale: "" }, orth: { level: "4", rationale: "" } },
  ...over,
});

describe("agreeing levels at the accountability review", () => {
  it("takes effect from the first of the next month unless told otherwise", () => {
    const r = checkAgreement(input(), ctx);
    expect(r.ok && r.agreement.effectiveFrom).toBe("2026-10-01");
    expect(defaultEffectiveFrom("2026-03-19")).toBe("2026-04-01");
  });

  it("needs two executive directors, one of them the Chief Executive or the Director of Finance", () => {
    const one = checkAgreement(input({ present: ["Priya Shah"] }), ctx);
    expect(!one.ok && one.errors.present).toMatch(/at least two/);
    const noLead = checkAgreement(input({ present: ["Simon Clarke", "Angela Moore"] }), ctx);
    expect(!noLead.ok && noLead.errors.present).toMatch(/Chief Executive or the Director of Finance/);
    const stranger = checkAgreement(input({ present: ["Priya Shah", "Mallory"] }), ctx);
    expect(!stranger.ok && stranger.errors.present).toMatch(/Mallory is not an executive director/);
  });

  it("asks why when the agreed level differs from the figures' recommendation", () => {
    const r = checkAgreement(input({ lines: { card: { level: "2", rationale: "" }, orth: { level: "3", rationale: "" } } }), ctx);
    expect(!r.ok && r.errors["rationale-orth"]).toBe("Say why Trauma and orthopaedics is agreed at level 3 when its figures recommend level 4");
    const why = checkAgreement(input({ lines: { card: { level: "2", rationale: "" }, orth: { level: "3", rationale: "The waiting-list validation explains the fall; recovery plan agreed." } } }), ctx);
    expect(why.ok).toBe(true);
    if (why.ok) expect(agreedReason(why.agreement, why.agreement.lines[1]!)).toBe(
      "Agreed by the executive team at the accountability review on 17 September 2026 (minute AR 26/09); present: Dr James Okafor, Priya Shah. The figures recommended level 4. The waiting-list validation explains the fall; recovery plan agreed.",
    );
  });

  it("refuses a future review, an effective date before it or long after, a missing line and a level out of range", () => {
    const r = checkAgreement(input({ meetingDate: "3 December 2026", effectiveFrom: "1 June 2027", lines: { card: { level: "5", rationale: "" } } }), ctx);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.meetingDate).toMatch(/cannot be in the future/);
    expect(r.errors["level-card"]).toMatch(/from 1 to 4/);
    expect(r.errors["level-orth"]).toBe("Choose the level agreed for Trauma and orthopaedics");
    const early = checkAgreement(input({ effectiveFrom: "1 September 2026" }), ctx);
    expect(!early.ok && early.errors.effectiveFrom).toMatch(/before the review/);
    const late = checkAgreement(input({ effectiveFrom: "1 January 2027" }), ctx);
    expect(!late.ok && late.errors.effectiveFrom).toMatch(/within three months/);
    const ghost = checkAgreement(input({ lines: { ...input().lines, ghost: { level: "1", rationale: "" } } }), ctx);
    expect(!ghost.ok && ghost.errors.form).toMatch(/not in the structure/);
  });
});
