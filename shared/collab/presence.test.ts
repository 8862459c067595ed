import { describe, expect, it } from "vitest";
import { bindPresence, colourFor, initials, PALETTE, readPresence } from "./presence";

function contrastWithWhite(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const lum = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  return 1.05 / (lum + 0.05);
}
import { isTerminalClose, reconnectDelayMs } from "./protocol";

describe("presence", () => {
  it("gives every colour AA contrast for the white initials on it", () => {
    for (const colour of PALETTE) expect(contrastWithWhite(colour), colour).toBeGreaterThanOrEqual(4.5);
  });

  it("gives each person a stable colour and initials", () => {
    expect(colourFor("user-1")).toBe(colourFor("user-1"));
    expect(colourFor("user-1")).toMatch(/^#[0-9a-f]{6}$/);
    expect(initials("Dr Aisha Rahman")).toBe("AR");
    expect(initials("Helen")).toBe("H");
  });

  it("reads remote states defensively", () => {
    expect(readPresence(null)).toBeNull();
    expect(readPresence({ user: { name: "x" } })).toBeNull();
    const p = readPresence({ user: { id: "u", name: "Jo", colour: "javascript:1" }, selection: { kind: "unit", id: "card" }, drag: { id: "card", x: "1" } });
    expect(p?.user.colour).toMatch(/^#/);
    expect(p?.selection).toEqual({ kind: "unit", id: "card" });
    expect(p?.drag).toBeNull();
  });
});

describe("presence as the server passes it on", () => {
  it("takes the identity from the session, keeps known fields and drops the rest", () => {
    const bound = bindPresence({ user: { id: "someone-else", name: "The Chair", colour: "#000000" }, selection: { kind: "unit", id: "card", extra: 1 }, secret: "x".repeat(10) }, { id: "u1", name: "Tom Reid" });
    expect(bound).toEqual({ user: { id: "u1", name: "Tom Reid", colour: colourFor("u1") }, selection: { kind: "unit", id: "card" } });
    expect(bindPresence({ selection: { kind: 3, id: "x" } }, { id: "u1", name: "Tom" })).toBeNull();
    expect(bindPresence("a string", { id: "u1", name: "Tom" })).toBeNull();
    expect(bindPresence({ drag: { id: "card", x: 1, y: Infinity } }, { id: "u1", name: "Tom" })).toBeNull();
  });
});

describe("protocol", () => {
  it("spreads reconnects randomly within a growing ceiling", () => {
    expect(reconnectDelayMs(0, () => 1)).toBe(250);
    expect(reconnectDelayMs(3, () => 1)).toBe(2000);
    expect(reconnectDelayMs(10, () => 1)).toBe(5000);
    expect(reconnectDelayMs(10, () => 0)).toBe(100);
    const seen = new Set(Array.from({ length: 50 }, () => reconnectDelayMs(5)));
    expect(seen.size).toBeGreaterThan(10);
  });

  it("stops reconnecting only when access is gone", () => {
    expect(isTerminalClose(4401)).toBe(true);
    expect(isTerminalClose(4403)).toBe(true);
    expect(isTerminalClose(1006)).toBe(false);
    expect(isTerminalClose(4008)).toBe(false);
  });
});
