import { describe, expect, it } from "vitest";
import { ytdAdherent, ytdPositions } from "./ytd";

describe("finance year to date", () => {
  it("a line ahead in some months but behind for the year is behind year to date", () => {
    const months = [
      { plan: 100_000, actual: 130_000 },
      { plan: 100_000, actual: 40_000 },
      { plan: 100_000, actual: 110_000 },
      { plan: 100_000, actual: 60_000 },
    ];
    const p = ytdPositions(months);
    expect(p.map((x) => x.variance)).toEqual([30_000, -30_000, -20_000, -60_000]);
    expect(p[3]).toMatchObject({ months: 4, plan: 400_000, actual: 340_000, shortfallPct: 15 });
    expect(ytdAdherent(p[0]!, 1)).toBe(true);
    expect(ytdAdherent(p[3]!, 1)).toBe(false);
  });
});
