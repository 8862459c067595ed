import { describe, expect, it } from "vitest";
import { colourFor, initials, readPresence } from "./presence";
import { isTerminalClose, parseRoomPath, reconnectDelayMs } from "./protocol";

describe("presence", () => {
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

describe("protocol", () => {
  it("parses room paths and refuses unknown documents", () => {
    expect(parseRoomPath("/collab/riverside/structure")).toEqual({ workspaceId: "riverside", doc: "structure", kind: "structure" });
    expect(parseRoomPath("/collab/riverside/plan/card/2027-28")).toEqual({ workspaceId: "riverside", doc: "plan/card/2027-28", kind: "plan" });
    expect(parseRoomPath("/collab/riverside/secrets")).toEqual({ error: "unknown-doc" });
    expect(parseRoomPath("/collab/../structure")).toEqual({ error: "bad-workspace" });
    expect(parseRoomPath("/other")).toEqual({ error: "not-collab" });
  });

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
