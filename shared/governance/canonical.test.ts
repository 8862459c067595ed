import { describe, expect, it } from "vitest";
import { canonicalJson, CanonicalJsonError } from "./canonical";

describe("canonicalJson", () => {
  it("sorts object keys at every depth and writes no whitespace", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, 1, 2], c: "x" } })).toBe('{"a":{"c":"x","d":[3,1,2]},"b":1}');
  });

  it("gives the same text whatever order the keys were set in", () => {
    const one = { seq: 41, doc: "delegation", title: "Scheme of delegation 4.0" };
    const two = { title: "Scheme of delegation 4.0", doc: "delegation", seq: 41 };
    expect(canonicalJson(one)).toBe(canonicalJson(two));
  });

  it("keeps arrays in their order", () => {
    expect(canonicalJson(["b", "a"])).toBe('["b","a"]');
    expect(canonicalJson(["b", "a"])).not.toBe(canonicalJson(["a", "b"]));
  });

  it("sorts keys by code unit, not by locale", () => {
    // Upper case sorts before lower case, and "é" after "z", whatever the machine's locale.
    expect(canonicalJson({ b: 1, B: 2, "é": 3, z: 4, a10: 5, a9: 6 })).toBe('{"B":2,"a10":5,"a9":6,"b":1,"z":4,"é":3}');
  });

  it("writes scalars as JSON does", () => {
    expect(canonicalJson(null)).toBe("null");
    expect(canonicalJson(true)).toBe("true");
    expect(canonicalJson(false)).toBe("false");
    expect(canonicalJson(150_000)).toBe("150000");
    expect(canonicalJson(0.1)).toBe("0.1");
    expect(canonicalJson(-12.5)).toBe("-12.5");
    expect(canonicalJson(1e21)).toBe("1e+21");
    expect(canonicalJson(-0)).toBe("0");
    expect(canonicalJson("£25,000 \"incl. VAT\"\n")).toBe('"£25,000 \\"incl. VAT\\"\\n"');
    expect(canonicalJson({})).toBe("{}");
    expect(canonicalJson([])).toBe("[]");
  });

  it("leaves out undefined fields, so an absent optional field hashes the same", () => {
    expect(canonicalJson({ a: 1, unit: undefined })).toBe(canonicalJson({ a: 1 }));
  });

  it("accepts objects without a prototype", () => {
    const o = Object.create(null) as Record<string, unknown>;
    o.y = 2;
    o.x = 1;
    expect(canonicalJson(o)).toBe('{"x":1,"y":2}');
  });

  it.each([NaN, Infinity, -Infinity])("refuses the non-finite number %s", (n) => {
    expect(() => canonicalJson({ figures: [1, n] })).toThrow(CanonicalJsonError);
    expect(() => canonicalJson({ figures: [1, n] })).toThrow("at $.figures[1]");
  });

  it("refuses what JSON cannot hold exactly", () => {
    expect(() => canonicalJson(undefined)).toThrow(CanonicalJsonError);
    expect(() => canonicalJson([1, undefined])).toThrow("An array cannot hold undefined at $[1]");
    expect(() => canonicalJson({ f: () => 1 })).toThrow("A function has no JSON form at $.f");
    expect(() => canonicalJson({ n: 10n })).toThrow("A bigint has no JSON form");
    expect(() => canonicalJson({ s: Symbol("s") })).toThrow(CanonicalJsonError);
    expect(() => canonicalJson({ at: new Date(0) })).toThrow("Only plain objects and arrays");
    expect(() => canonicalJson(new Map())).toThrow("Only plain objects and arrays");
  });

  it("refuses a value that refers to itself but allows one shared twice", () => {
    const loop: Record<string, unknown> = { a: 1 };
    loop.self = loop;
    expect(() => canonicalJson(loop)).toThrow("refers to itself at $.self");
    const shared = { limit: 25_000 };
    expect(canonicalJson({ x: shared, y: [shared] })).toBe('{"x":{"limit":25000},"y":[{"limit":25000}]}');
  });

  it("round-trips through JSON.parse to equal data", () => {
    const value = { version: "4.0", editors: [{ name: "A. Patel", updates: 3 }], prevSha256: null };
    expect(JSON.parse(canonicalJson(value))).toEqual(value);
  });
});
