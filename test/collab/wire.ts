/** Raw protocol helpers for tests that speak y-websocket frames directly over `ws`. */
import * as encoding from "lib0/encoding";
import WebSocket from "ws";

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
  return frame((e) => {
    encoding.writeVarUint(e, 1);
    const inner = encoding.createEncoder();
    encoding.writeVarUint(inner, 1);
    encoding.writeVarUint(inner, clientID);
    encoding.writeVarUint(inner, clock);
    encoding.writeVarString(inner, JSON.stringify(state));
    encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
  });
}

/** A sync message (0 = step 1, 1 = step 2, 2 = update) carrying `payload`. */
export function syncFrame(kind: number, payload: Uint8Array): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, 0);
    encoding.writeVarUint(e, kind);
    encoding.writeVarUint8Array(e, payload);
  });
}
