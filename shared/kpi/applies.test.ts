import { describe, expect, it } from "vitest";
import { appliesTo, describeAppliesTo, indicatorsFor, targetFor } from "./applies";
import { defaultCatalogue, defaultTargets } from "./catalogue";

const cat = defaultCatalogue("2026/27");
const codes = (unitId: string) => indicatorsFor(cat, unitId).map((d) => d.code);

describe("appliesTo", () => {
  it("follows each mode", () => {
    expect(appliesTo({ appliesTo: { mode: "all" } }, "anything")).toBe(true);
    expect(appliesTo({ appliesTo: { mode: "only", unitIds: ["uec"] } }, "uec")).toBe(true);
    expect(appliesTo({ appliesTo: { mode: "only", unitIds: ["uec"] } }, "neon")).toBe(false);
    expect(appliesTo({ appliesTo: { mode: "except", unitIds: ["neon"] } }, "neon")).toBe(false);
    expect(appliesTo({ appliesTo: { mode: "except", unitIds: ["neon"] } }, "card")).toBe(true);
  });
});

describe("indicatorsFor: by specialty", () => {
  it("gives no A&E 4-hour to neonatology and no RTT to maternity", () => {
    expect(codes("neon")).not.toContain("AE4");
    expect(codes("neon")).not.toContain("RTT18");
    expect(codes("obst")).not.toContain("RTT18");
    expect(codes("obst")).toContain("VTE");
  });

  it("gives urgent and emergency care the A&E indicators and no RTT", () => {
    const uec = codes("uec");
    expect(uec).toEqual(expect.arrayContaining(["AE4", "AE12", "AMBHO", "BEDOCC", "CDIFF"]));
    expect(uec).not.toContain("RTT18");
    expect(uec).not.toContain("CAN62");
  });

  it("gives the clinical support lines their own indicators and no ward harms", () => {
    expect(codes("path")).toContain("TAT");
    expect(codes("path")).not.toContain("FALLS");
    expect(codes("thea")).toContain("THUTIL");
    expect(codes("imag")).toContain("DM01");
    expect(codes("crit")).toContain("CCDELAY");
    expect(codes("card")).not.toContain("CCDELAY");
    expect(codes("card")).not.toContain("THUTIL");
    expect(codes("orth")).toContain("THUTIL");
  });

  it("gives cancer standards to the cancer specialties only", () => {
    for (const id of ["gsur", "urol", "gast", "resp", "gynae"]) expect(codes(id)).toEqual(expect.arrayContaining(["CAN62", "CANFDS"]));
    for (const id of ["card", "paed", "ent", "uec"]) expect(codes(id)).not.toContain("CAN62");
  });

  it("keeps catalogue order, financial and workforce for every line", () => {
    const c = codes("card");
    expect(c[0]).toBe("CDIFF");
    expect(c.slice(c.indexOf("CONTRIB"))).toEqual(["CONTRIB", "CIP", "SICK", "AGENCY", "VAC", "TURN", "MAND", "APPR"]);
    expect(codes("path")).toEqual(expect.arrayContaining(["CONTRIB", "CIP", "SICK", "APPR", "FFT"]));
  });
});

describe("targetFor", () => {
  const targets = [...defaultTargets("2025/26"), ...defaultTargets("2026/27")];
  it("takes the target of the financial year containing the month", () => {
    expect(targetFor(targets, "AE4", "2026-03")?.value).toBe(78);
    expect(targetFor(targets, "AE4", "2026-04")?.value).toBe(82);
    expect(targetFor(targets, "AE4", "2027-03")?.value).toBe(82);
    expect(targetFor(targets, "AE4", "2026-11-30")?.year).toBe("2026/27");
  });
  it("is null for a year without a target, an unknown code or a bad month", () => {
    expect(targetFor(targets, "AE4", "2027-04")).toBeNull();
    expect(targetFor(targets, "NOPE", "2026-05")).toBeNull();
    expect(targetFor(targets, "AE4", "May 2026")).toBeNull();
    expect(targetFor(targets, "AE4", "2026-13")).toBeNull();
  });
});

describe("describeAppliesTo", () => {
  const names: Record<string, string> = { uec: "Urgent and emergency care", neon: "Neonatology", obst: "Obstetrics and maternity" };
  const nameOf = (id: string) => names[id] ?? `${id} (not in the structure)`;
  it("says it in words, names sorted", () => {
    expect(describeAppliesTo({ mode: "all" }, nameOf)).toBe("All service lines");
    expect(describeAppliesTo({ mode: "only", unitIds: ["uec"] }, nameOf)).toBe("Only: Urgent and emergency care");
    expect(describeAppliesTo({ mode: "except", unitIds: ["obst", "neon"] }, nameOf)).toBe("All except: Neonatology, Obstetrics and maternity");
    expect(describeAppliesTo({ mode: "only", unitIds: ["zz"] }, nameOf)).toBe("Only: zz (not in the structure)");
    expect(describeAppliesTo({ mode: "only", unitIds: [] }, nameOf)).toBe("No service lines");
  });
});
