import { describe, expect, it } from "vitest";
import {
  addMonths,
  financialYearMonths,
  financialYearOf,
  formatDate,
  formatFinancialYear,
  formatMonth,
  isMonth,
  parseFinancialYear,
  parseMonth,
} from "./dates";

describe("formatDate", () => {
  it("writes dates the GOV.UK way", () => {
    expect(formatDate("2027-04-01")).toBe("1 April 2027");
    expect(formatDate("2028-02-29")).toBe("29 February 2028");
    expect(formatDate("2027-12-31T23:30:00Z")).toBe("31 December 2027");
  });
  it("refuses impossible dates", () => {
    expect(() => formatDate("2027-02-29")).toThrow(RangeError);
    expect(() => formatDate("2027-13-01")).toThrow(RangeError);
    expect(() => formatDate("1/4/2027")).toThrow(RangeError);
  });
});

describe("months", () => {
  it("formats and recognises months", () => {
    expect(formatMonth("2027-04")).toBe("April 2027");
    expect(formatMonth("2028-01")).toBe("January 2028");
    expect(() => formatMonth("2027-00")).toThrow(RangeError);
    expect(isMonth("2027-04")).toBe(true);
    expect(isMonth("2027-4")).toBe(false);
  });
  it.each([
    ["2027-04", "2027-04"],
    ["April 2027", "2027-04"],
    ["april 2027", "2027-04"],
    ["Apr 2027", "2027-04"],
    ["Sept 2027", "2027-09"],
    ["Apr-27", "2027-04"],
    ["04/2027", "2027-04"],
    ["2027-04-01", "2027-04"],
    ["2027-4", "2027-04"],
  ])("parses %j", (text, month) => {
    expect(parseMonth(text)).toEqual({ ok: true, value: month });
  });
  it.each(["", "Smarch 2027", "2027-13", "13/2027", "Ap 2027", "next month"])("refuses %j", (text) => {
    expect(parseMonth(text).ok).toBe(false);
  });
  it("adds months across years", () => {
    expect(addMonths("2027-12", 1)).toBe("2028-01");
    expect(addMonths("2027-01", -1)).toBe("2026-12");
    expect(addMonths("2027-04", 23)).toBe("2029-03");
  });
});

describe("financial years", () => {
  it("runs April to March", () => {
    expect(financialYearOf("2027-04-01")).toBe("2027/28");
    expect(financialYearOf("2028-03-31")).toBe("2027/28");
    expect(financialYearOf("2027-03-31")).toBe("2026/27");
    expect(financialYearOf("2027-04")).toBe("2027/28");
    expect(formatFinancialYear(1999)).toBe("1999/00");
  });
  it("lists the twelve months", () => {
    const months = financialYearMonths("2027/28");
    expect(months).toHaveLength(12);
    expect(months[0]).toBe("2027-04");
    expect(months[8]).toBe("2027-12");
    expect(months[11]).toBe("2028-03");
  });
  it.each(["2027/28", "2027-28", "2027/2028", "FY2027/28", " 2027 / 28 "])("parses %j", (text) => {
    expect(parseFinancialYear(text)).toEqual({ ok: true, value: { label: "2027/28", startYear: 2027 } });
  });
  it("parses a century crossing", () => {
    expect(parseFinancialYear("1999/00")).toEqual({ ok: true, value: { label: "1999/00", startYear: 1999 } });
  });
  it("refuses years that do not follow on", () => {
    expect(parseFinancialYear("2027/29")).toEqual({
      ok: false,
      error: "A financial year runs April to March, so one starting in 2027 is written 2027/28",
    });
    expect(parseFinancialYear("2027/2029").ok).toBe(false);
    expect(parseFinancialYear("2027").ok).toBe(false);
    expect(() => financialYearMonths("junk")).toThrow(RangeError);
  });
});

describe("calendar dates for governance", () => {
  it("parses UK-written dates and refuses impossible ones", async () => {
    const { parseDate, isIsoDate } = await import("./dates");
    expect(parseDate("1 April 2026")).toEqual({ ok: true, value: "2026-04-01" });
    expect(parseDate("26 Mar 2026")).toEqual({ ok: true, value: "2026-03-26" });
    expect(parseDate("01/04/2026")).toEqual({ ok: true, value: "2026-04-01" });
    expect(parseDate("2026-04-01")).toEqual({ ok: true, value: "2026-04-01" });
    expect(parseDate("31/02/2026").ok).toBe(false);
    expect(parseDate("someday").ok).toBe(false);
    expect(parseDate("").ok).toBe(false);
    expect(isIsoDate("2026-02-29")).toBe(false);
    expect(isIsoDate("2028-02-29")).toBe(true);
  });

  it("finds Board Thursdays and moves by days", async () => {
    const { lastWeekdayOf, nthWeekdayOf, addDays, londonDate } = await import("./dates");
    expect(lastWeekdayOf("2026-03", 4)).toBe("2026-03-26");
    expect(lastWeekdayOf("2025-03", 4)).toBe("2025-03-27");
    expect(nthWeekdayOf("2026-03", 3, 2)).toBe("2026-03-11");
    expect(addDays("2026-03-31", 1)).toBe("2026-04-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    // 23:30 UTC on 31 March 2026 is already 1 April in London (BST).
    expect(londonDate(Date.UTC(2026, 2, 31, 23, 30))).toBe("2026-04-01");
    expect(londonDate(Date.UTC(2026, 0, 31, 23, 30))).toBe("2026-01-31");
  });
});
