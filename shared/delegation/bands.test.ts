import { describe, expect, it } from "vitest";
import { BANDS, bandFromOldCount, formatBand, isBand, parseBand } from "./bands";

describe("Agenda for Change bands", () => {
  it("are ordered so that a higher band is a higher number", () => {
    const values = BANDS.map((b) => b.value);
    expect([...values].sort((a, b) => a - b)).toEqual(values);
    expect(formatBand(8.3)).toBe("Band 8c");
    expect(formatBand(7)).toBe("Band 7");
    expect(formatBand(10)).toBe("Very senior manager");
    expect(isBand(8.2)).toBe(true);
    expect(isBand(8.5)).toBe(false);
  });

  it.each([
    ["8c", 8.3],
    ["Band 8c", 8.3],
    ["band 8C", 8.3],
    ["Band 8a", 8.1],
    [" band 8d ", 8.4],
    ["5", 5],
    ["Band 9", 9],
    ["VSM", 10],
    ["Very senior manager", 10],
  ] as const)("reads %s", (text, value) => {
    expect(parseBand(text)).toEqual({ ok: true, value });
  });

  it.each([
    ["8e", "There is no Band 8e; Band 8 runs from 8a to 8d"],
    ["8", "Say which Band 8: 8a, 8b, 8c or 8d"],
    ["7b", 'Only Band 8 has letters (8a to 8d); "7b" is not a band'],
    ["Band 1", "Band 1 is closed to new posts; the lowest band is Band 2"],
    ["10", "There is no Band 10; enter a band from 2 to 9, with 8a to 8d, such as Band 7 or 8c, or “very senior manager”"],
    ["senior", '"senior" is not an Agenda for Change band; enter a band from 2 to 9, with 8a to 8d, such as Band 7 or 8c, or “very senior manager”'],
    ["", "Enter the band: enter a band from 2 to 9, with 8a to 8d, such as Band 7 or 8c, or “very senior manager”"],
  ] as const)("refuses %s in plain English", (text, error) => {
    expect(parseBand(text)).toEqual({ ok: false, error });
  });

  it("reads an older scheme's band counts, where 8 covered 8a to 8d", () => {
    expect([5, 7, 8, 9, 12].map(bandFromOldCount)).toEqual([5, 7, 8.4, 9, 10]);
  });
});
