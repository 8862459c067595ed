import { describe, expect, it } from "vitest";
import { addWorkingDays, bankHolidays, easterSunday, isWorkingDay, nextWorkingDay, workingDaysBetween } from "./calendar";

const dates = (year: number) => bankHolidays(year).map((h) => h.date);

describe("England and Wales bank holidays", () => {
  it("computes Easter", () => {
    expect([2019, 2024, 2025, 2026, 2027, 2038].map(easterSunday)).toEqual(["2019-04-21", "2024-03-31", "2025-04-20", "2026-04-05", "2027-03-28", "2038-04-25"]);
  });
  it("gives the eight holidays of an ordinary year, with substitutes at weekends", () => {
    // gov.uk's published lists.
    expect(dates(2026)).toEqual(["2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31", "2026-12-25", "2026-12-28"]);
    expect(dates(2027)).toEqual(["2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03", "2027-05-31", "2027-08-30", "2027-12-27", "2027-12-28"]);
    expect(dates(2021)).toEqual(["2021-01-01", "2021-04-02", "2021-04-05", "2021-05-03", "2021-05-31", "2021-08-30", "2021-12-27", "2021-12-28"]);
  });
  it("names Christmas on a Sunday as gov.uk does: Boxing Day on the 26th, Christmas's substitute on the 27th", () => {
    const dec = bankHolidays(2022).filter((h) => h.date.startsWith("2022-12"));
    expect(dec).toEqual([
      { date: "2022-12-26", name: "Boxing Day" },
      { date: "2022-12-27", name: "Christmas Day (substitute day)" },
    ]);
    expect(bankHolidays(2022)[0]).toEqual({ date: "2022-01-03", name: "New Year's Day (substitute day)" });
  });
  it("includes the one-off holidays and moved holidays by proclamation", () => {
    expect(dates(2022)).toEqual(["2022-01-03", "2022-04-15", "2022-04-18", "2022-05-02", "2022-06-02", "2022-06-03", "2022-08-29", "2022-09-19", "2022-12-26", "2022-12-27"]);
    expect(dates(2023)).toContain("2023-05-08");
    expect(dates(2020)).toContain("2020-05-08");
    expect(dates(2020)).not.toContain("2020-05-04");
    expect(dates(2012)).toEqual(expect.arrayContaining(["2012-06-04", "2012-06-05"]));
    expect(dates(2012)).not.toContain("2012-05-28");
  });
});

describe("working days", () => {
  it("skips weekends and bank holidays in both directions", () => {
    expect(isWorkingDay("2027-03-29")).toBe(false);
    expect(isWorkingDay("2027-03-30")).toBe(true);
    // Two working days before the Wednesday after Easter Monday is the Thursday before Good Friday.
    expect(addWorkingDays("2027-03-31", -2)).toBe("2027-03-25");
    expect(addWorkingDays("2026-12-24", 1)).toBe("2026-12-29");
    expect(nextWorkingDay("2026-05-04")).toBe("2026-05-05");
    expect(workingDaysBetween("2027-03-25", "2027-03-31")).toBe(2);
  });
});
