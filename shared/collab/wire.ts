/**
 * The y-websocket wire format, encoded and decoded in one place for the server, the browser and the
 * tests: a varuint message type, then for sync a varuint sub-type and a byte array; for awareness a
 * byte array of entries. y-protocols' own encoders are used where they exist.
 */
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import type * as Y from "yjs";
import { MESSAGE_AUTH, MESSAGE_AWARENESS, MESSAGE_QUERY_AWARENESS, MESSAGE_SYNC } from "./protocol";

export type Message =
  | { type: "sync-step-1"; stateVector: Uint8Array }
  | { type: "sync-step-2"; update: Uint8Array }
  | { type: "update"; update: Uint8Array }
  | { type: "awareness"; payload: Uint8Array }
  | { type: "query-awareness" }
  | { type: "auth"; permission: number; reason: string };

/** A frame that does not follow the protocol. */
export class WireError extends Error {}

/** Decodes one frame; throws WireError for anything that is not a y-websocket message. */
export function decodeMessage(bytes: Uint8Array): Message {
  try {
    const d = decoding.createDecoder(bytes);
    const type = decoding.readVarUint(d);
    switch (type) {
      case MESSAGE_SYNC: {
        const sub = decoding.readVarUint(d);
        const payload = decoding.readVarUint8Array(d);
        if (sub === syncProtocol.messageYjsSyncStep1) return { type: "sync-step-1", stateVector: payload };
        if (sub === syncProtocol.messageYjsSyncStep2) return { type: "sync-step-2", update: payload };
        if (sub === syncProtocol.messageYjsUpdate) return { type: "update", update: payload };
        throw new WireError(`unknown sync message ${sub}`);
      }
      case MESSAGE_AWARENESS:
        return { type: "awareness", payload: decoding.readVarUint8Array(d) };
      case MESSAGE_QUERY_AWARENESS:
        return { type: "query-awareness" };
      case MESSAGE_AUTH: {
        const permission = decoding.readVarUint(d);
        return { type: "auth", permission, reason: permission === 0 ? decoding.readVarString(d) : "" };
      }
      default:
        throw new WireError(`unknown message type ${type}`);
    }
  } catch (err) {
    if (err instanceof WireError) throw err;
    throw new WireError(`malformed frame: ${(err as Error)?.message ?? String(err)}`);
  }
}

const framed = (write: (e: encoding.Encoder) => void): Uint8Array => {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
};

/** Sync step 1 with a state vector: "send me what I lack". */
export function encodeSyncStep1(stateVector: Uint8Array): Uint8Array {
  return framed((e) => {
    encoding.writeVarUint(e, MESSAGE_SYNC);
    encoding.writeVarUint(e, syncProtocol.messageYjsSyncStep1);
    encoding.writeVarUint8Array(e, stateVector);
  });
}

/** Sync step 1 for a document (y-protocols' encoder). */
export function encodeSyncStep1For(doc: Y.Doc): Uint8Array {
  return framed((e) => {
    encoding.writeVarUint(e, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(e, doc);
  });
}

/** Sync step 2 carrying an update (the answer to a step 1). */
export function encodeSyncStep2(update: Uint8Array): Uint8Array {
  return framed((e) => {
    encoding.writeVarUint(e, MESSAGE_SYNC);
    encoding.writeVarUint(e, syncProtocol.messageYjsSyncStep2);
    encoding.writeVarUint8Array(e, update);
  });
}

/** A live update. */
export function encodeUpdate(update: Uint8Array): Uint8Array {
  return framed((e) => {
    encoding.writeVarUint(e, MESSAGE_SYNC);
    syncProtocol.writeUpdate(e, update);
  });
}

/** An awareness message for the given client ids (y-protocols' encoder). */
export function encodeAwareness(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
  return encodeAwarenessPayload(awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
}

/** An awareness message around an already encoded payload. */
export function encodeAwarenessPayload(payload: Uint8Array): Uint8Array {
  return framed((e) => {
    encoding.writeVarUint(e, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(e, payload);
  });
}

/** A query for everyone's presence. */
export function encodeQueryAwareness(): Uint8Array {
  return framed((e) => encoding.writeVarUint(e, MESSAGE_QUERY_AWARENESS));
}

/** One presence entry as it travels: the state is JSON text ("null" when the client left). */
export interface AwarenessEntry {
  clientID: number;
  clock: number;
  state: string;
}

/** The payload of an awareness message from entries (the inverse of decodeAwarenessEntries). */
export function encodeAwarenessEntries(entries: Iterable<AwarenessEntry>): Uint8Array {
  const list = [...entries];
  return framed((e) => {
    encoding.writeVarUint(e, list.length);
    for (const x of list) {
      encoding.writeVarUint(e, x.clientID);
      encoding.writeVarUint(e, x.clock);
      encoding.writeVarString(e, x.state);
    }
  });
}

/** Reads the entries of an awareness payload; throws WireError past `max` entries or on bad bytes. */
export function decodeAwarenessEntries(payload: Uint8Array, max: number): AwarenessEntry[] {
  try {
    const d = decoding.createDecoder(payload);
    const count = decoding.readVarUint(d);
    if (count > max) throw new WireError("too many awareness entries");
    const out: AwarenessEntry[] = [];
    for (let i = 0; i < count; i++) {
      out.push({ clientID: decoding.readVarUint(d), clock: decoding.readVarUint(d), state: decoding.readVarString(d) });
    }
    return out;
  } catch (err) {
    if (err instanceof WireError) throw err;
    throw new WireError("awareness message does not decode");
  }
}
