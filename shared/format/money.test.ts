import { describe, expect, it } from "vitest";
import { formatCount, formatMoney, parseMoney, parseNumber } from "./money";

describe("formatMoney", () => {
  it("shows whole pounds with thousands separators", () => {
    expect(formatMoney(1250000)).toBe("£1,250,000");
    expect(formatMoney(0)).toBe("£0");
    expect(formatMoney(999)).toBe("£999");
    expect(formatMoney(1000)).toBe("£1,000");
  });
  it("shows pence only when the amount has them", () => {
    expect(formatMoney(1250.5)).toBe("£1,250.50");
    expect(formatMoney(0.07)).toBe("£0.07");
    expect(formatMoney(10.004)).toBe("£10");
  });
  it("puts the sign before the pound sign", () => {
    expect(formatMoney(-12000)).toBe("-£12,000");
    expect(formatMoney(-0.001)).toBe("£0");
  });
  it("refuses non-numbers", () => {
    expect(() => formatMoney(Number.NaN)).toThrow(RangeError);
  });
});

describe("formatCount", () => {
  it("groups thousands and adds a unit", () => {
    expect(formatCount(12345)).toBe("12,345");
    expect(formatCount(1, "post")).toBe("1 post");
    expect(formatCount(3, "post")).toBe("3 posts");
    expect(formatCount(2, "programmed activity", "programmed activities")).toBe("2 programmed activities");
    expect(formatCount(4.5)).toBe("4.5");
  });
});

describe("parseMoney", () => {
  it.each([
    ["£1,250,000", 1250000],
    ["1250000", 1250000],
    ["1.25m", 1250000],
    ["1.25M", 1250000],
    ["250k", 250000],
    ["£250K", 250000],
    ["£2bn", 2e9],
    [" £ 25,000 ", 25000],
    ["25000.50", 25000.5],
    ["£0", 0],
    ["GBP 100", 100],
  ])("reads %j as %d", (text, value) => {
    expect(parseMoney(text)).toEqual({ ok: true, value });
  });

  it("asks for an amount when empty", () => {
    expect(parseMoney("")).toEqual({ ok: false, error: "Enter an amount, for example £25,000" });
    expect(parseMoney("   ").ok).toBe(false);
  });

  it.each(["-5", "£-5", "-£5", "(500)", "−£5"])("refuses the negative %j", (text) => {
    expect(parseMoney(text)).toEqual({ ok: false, error: "The amount cannot be negative" });
  });

  it.each(["abc", "£", "1,25,0", "12.5.3", "£1k2", "1e6", "25 thousand", "k"])("refuses the junk %j", (text) => {
    const r = parseMoney(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/not an amount of money/);
  });

  it("refuses fractions of a penny and absurd amounts", () => {
    expect(parseMoney("10.123")).toEqual({ ok: false, error: "Enter pounds and pence with no more than two decimal places" });
    expect(parseMoney("99999999999999999999")).toEqual({ ok: false, error: "The amount is too large" });
  });
});

describe("parseNumber", () => {
  it("reads percentages, separators and money", () => {
    expect(parseNumber("78%")).toEqual({ ok: true, value: 78 });
    expect(parseNumber("1,234.5")).toEqual({ ok: true, value: 1234.5 });
    expect(parseNumber("£12,000")).toEqual({ ok: true, value: 12000 });
  });
  it("reads negatives only when allowed", () => {
    expect(parseNumber("-£12,000", { allowNegative: true })).toEqual({ ok: true, value: -12000 });
    expect(parseNumber("£-12,000", { allowNegative: true })).toEqual({ ok: true, value: -12000 });
    expect(parseNumber("(500)", { allowNegative: true })).toEqual({ ok: true, value: -500 });
    expect(parseNumber("-3")).toEqual({ ok: false, error: "The number cannot be negative" });
  });
  it("refuses junk and blanks", () => {
    expect(parseNumber("")).toEqual({ ok: false, error: "Enter a number" });
    expect(parseNumber("n/a")).toEqual({ ok: false, error: '"n/a" is not a number' });
  });
});

describe("parseMoney: amounts beyond the penny-exact range", () => {
  it("refuses a limit so large its pence could not be held exactly", () => {
    expect(parseMoney("999,999,999,999,999")).toEqual({ ok: false, error: "The amount is too large" });
    expect(parseMoney("£1,000,000,000,000")).toEqual({ ok: true, value: 1e12 });
  });
});
