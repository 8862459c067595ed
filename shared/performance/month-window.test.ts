import { describe, expect, it } from "vitest";
import { monthWindow, monthWindowError } from "./month-window";

describe("monthWindow", () => {
  it("runs from January of the first stored year to the current month", () => {
    expect(monthWindow("2026-12-01", "2024-04")).toEqual({ first: "2024-01", last: "2026-12" });
  });
  it("allows ten years back for a trust with no figures", () => {
    expect(monthWindow("2026-12-01", null)).toEqual({ first: "2016-01", last: "2026-12" });
  });
});

describe("monthWindowError", () => {
  const w = monthWindow("2026-12-01", "2024-04");
  it("refuses a month in the future", () => {
    expect(monthWindowError("2099-01", w)).toBe("January 2099 has not happened yet: figures can be entered up to December 2026");
    expect(monthWindowError("2027-01", w)).not.toBeNull();
  });
  it("refuses a month before the data's first year", () => {
    expect(monthWindowError("2023-12", w)).toMatch(/before the first year of this trust's figures \(2024\)/);
  });
  it("accepts the current month and the first", () => {
    expect(monthWindowError("2026-12", w)).toBeNull();
    expect(monthWindowError("2024-01", w)).toBeNull();
  });
});
