/** Raw protocol helpers for tests that speak y-websocket frames directly over `ws`. */
import * as encoding from "lib0/encoding";
import WebSocket from "ws";
import { encodeAwarenessEntries, encodeAwarenessPayload, encodeSyncStep1, encodeSyncStep2, encodeUpdate } from "../../shared/collab/wire";

export function openRaw(url: string, cookie?: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers: cookie ? { Cookie: cookie } : {} });
    ws.binaryType = "nodebuffer";
    ws.once("open", () => resolve(ws));
    ws.once("unexpected-response", (_req, res) => reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode })));
    ws.once("error", reject);
  });
}

/** Resolves with the HTTP status of a refused upgrade (or 101 if it was accepted). */
export function upgradeStatus(url: string, cookie?: string): Promise<number> {
  return openRaw(url, cookie).then(
    (ws) => {
      ws.close();
      return 101;
    },
    (err: { status?: number }) => err.status ?? -1,
  );
}

export function closeCode(ws: WebSocket, timeoutMs = 3_000): Promise<number> {
  if (ws.readyState === WebSocket.CLOSED) return Promise.resolve(-1);
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(-2), timeoutMs);
    ws.once("close", (code) => {
      clearTimeout(t);
      resolve(code);
    });
  });
}

export function frame(write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
}

/** An awareness message with one entry. */
export function awarenessFrame(clientID: number, clock: number, state: unknown): Uint8Array {
  return encodeAwarenessPayload(encodeAwarenessEntries([{ clientID, clock, state: JSON.stringify(state) }]));
}

/**
 * A sync message (0 = step 1, 1 = step 2, 2 = update) carrying `payload`. Valid kinds go through
 * the shared encoders; any other kind is written raw, for tests that send what no client should.
 */
export function syncFrame(kind: number, payload: Uint8Array): Uint8Array {
  if (kind === 0) return encodeSyncStep1(payload);
  if (kind === 1) return encodeSyncStep2(payload);
  if (kind === 2) return encodeUpdate(payload);
  return frame((e) => {
    encoding.writeVarUint(e, 0);
    encoding.writeVarUint(e, kind);
    encoding.writeVarUint8Array(e, payload);
  });
}

/** Deterministic PRNG (mulberry32) so a failing frame can be reproduced. */
export function rng(seed: number): () => number {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
