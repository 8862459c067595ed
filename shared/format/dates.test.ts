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
