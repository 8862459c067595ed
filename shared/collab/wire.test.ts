import { describe, expect, it } from "vitest";
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import { decodeAwarenessEntries, decodeMessage, encodeAwareness, encodeQueryAwareness, encodeSyncStep1, encodeSyncStep1For, encodeSyncStep2, encodeUpdate, WireError } from "./wire";

describe("the y-websocket wire format", () => {
  it("round-trips every message the server and the browser exchange", () => {
    const doc = new Y.Doc();
    doc.getMap("m").set("k", 1);
    const sv = Y.encodeStateVector(doc);
    const update = Y.encodeStateAsUpdate(doc);
    expect(decodeMessage(encodeSyncStep1(sv))).toEqual({ type: "sync-step-1", stateVector: sv });
    expect(decodeMessage(encodeSyncStep1For(doc))).toEqual({ type: "sync-step-1", stateVector: sv });
    expect(decodeMessage(encodeSyncStep2(update))).toEqual({ type: "sync-step-2", update });
    expect(decodeMessage(encodeUpdate(update))).toEqual({ type: "update", update });
    expect(decodeMessage(encodeQueryAwareness())).toEqual({ type: "query-awareness" });
    const awareness = new awarenessProtocol.Awareness(doc);
    awareness.setLocalState({ selection: null });
    const msg = decodeMessage(encodeAwareness(awareness, [doc.clientID]));
    expect(msg.type).toBe("awareness");
    const entries = decodeAwarenessEntries((msg as { payload: Uint8Array }).payload, 10);
    expect(entries).toEqual([{ clientID: doc.clientID, clock: 1, state: JSON.stringify({ selection: null }) }]);
    awareness.destroy();
  });

  it("throws WireError for frames that are not messages", () => {
    for (const bad of [new Uint8Array([]), new Uint8Array([9]), new Uint8Array([0, 7, 0]), new Uint8Array([0, 1, 200])]) {
      expect(() => decodeMessage(bad)).toThrow(WireError);
    }
    expect(() => decodeAwarenessEntries(new Uint8Array([0xff, 0xff, 0x03]), 256)).toThrow(/too many/);
  });
});
