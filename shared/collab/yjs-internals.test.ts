import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { hasPending, isRedundant, rootsWithContent } from "./yjs-internals";

describe("Yjs internals the server relies on", () => {
  it("is pinned to the Yjs version they were checked against", () => {
    // If this fails after an upgrade, re-check isRedundant/hasPending/rootsWithContent against the
    // new Yjs source (StructStore.pendingStructs/pendingDs, AbstractType._start/_map), then update it.
    const version = createRequire(import.meta.url)("yjs/package.json").version as string;
    expect(version).toMatch(/^13\.6\./);
  });

  it("tells a redundant update (already known, already deleted) from a new one", () => {
    const a = new Y.Doc();
    a.getMap("m").set("k", 1);
    const first = Y.encodeStateAsUpdate(a);
    const server = new Y.Doc();
    expect(isRedundant(server, Y.decodeUpdate(first))).toBe(false);
    Y.applyUpdate(server, first);
    expect(isRedundant(server, Y.decodeUpdate(first))).toBe(true);
    a.getMap("m").delete("k");
    const withDelete = Y.encodeStateAsUpdate(a);
    expect(isRedundant(server, Y.decodeUpdate(withDelete))).toBe(false);
    Y.applyUpdate(server, withDelete);
    expect(isRedundant(server, Y.decodeUpdate(withDelete))).toBe(true);
  });

  it("sees pending structs (a clock gap) and a pending delete set (an unknown client)", () => {
    const a = new Y.Doc();
    a.getMap("m").set("x", 1);
    const sv = Y.encodeStateVector(a);
    a.getMap("m").set("y", 2);
    const gap = Y.encodeStateAsUpdate(a, sv); // depends on the first edit, which is withheld
    const server = new Y.Doc();
    Y.applyUpdate(server, gap);
    expect(hasPending(server)).toBe(true);

    const ghost = new Y.Doc();
    ghost.clientID = 424242;
    ghost.getArray("a").insert(0, [1, 2, 3]);
    ghost.getArray("a").delete(0, 3);
    const deleteOnly = Y.encodeStateAsUpdate(ghost, Y.encodeStateVector(ghost));
    const ds = Y.mergeUpdates([deleteOnly, Y.encodeStateAsUpdate(ghost)]);
    const onlyDs = Y.diffUpdate(ds, Y.encodeStateVector(ghost));
    const clean = new Y.Doc();
    Y.applyUpdate(clean, onlyDs);
    expect(hasPending(clean)).toBe(true);
    expect(hasPending(new Y.Doc())).toBe(false);
  });

  it("lists the top-level types that hold content", () => {
    const d = new Y.Doc();
    d.getMap("empty");
    d.getMap("units").set("u", 1);
    d.getText("t").insert(0, "x");
    expect(rootsWithContent(d).sort()).toEqual(["t", "units"]);
  });
});
