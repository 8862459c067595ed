import net from "node:net";

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Bytes of body the client managed to send before the server answered or closed. */
  sent: number;
  /** Milliseconds from the first byte sent to the response's status line. */
  answeredAfterMs: number;
}

/**
 * Sends a request over a raw socket: `head` as given, then `body` chunks produced lazily (so the
 * client never holds more than one chunk), chunked-encoded when `chunked`. Stops sending as soon as
 * the server answers or closes. Resolves with what the server said.
 */
export function rawRequest(
  port: number,
  head: string,
  opts: { chunk?: Buffer; totalBytes?: number; chunked?: boolean; timeoutMs?: number } = {},
): Promise<RawResponse> {
  const { chunk = Buffer.alloc(0), totalBytes = 0, chunked = false, timeoutMs = 30_000 } = opts;
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, "127.0.0.1");
    const started = Date.now();
    let received = Buffer.alloc(0);
    let answeredAt = 0;
    let sent = 0;
    let done = false;
    const timer = setTimeout(() => finish(new Error(`no answer within ${timeoutMs} ms (sent ${sent} bytes)`)), timeoutMs);
    const finish = (err?: Error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      const text = received.toString("latin1");
      const split = text.indexOf("\r\n\r\n");
      if (err && split === -1) return reject(err);
      const [statusLine, ...lines] = text.slice(0, split === -1 ? text.length : split).split("\r\n");
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const at = line.indexOf(":");
        if (at > 0) headers[line.slice(0, at).trim().toLowerCase()] = line.slice(at + 1).trim();
      }
      resolve({ status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? "")?.[1] ?? 0), headers, body: split === -1 ? "" : text.slice(split + 4), sent, answeredAfterMs: answeredAt - started });
    };
    sock.on("data", (d: Buffer) => {
      if (!answeredAt) answeredAt = Date.now();
      received = Buffer.concat([received, d]);
      const text = received.toString("latin1");
      const split = text.indexOf("\r\n\r\n");
      const length = /\r\ncontent-length:\s*(\d+)/i.exec(text)?.[1];
      if (split !== -1 && length !== undefined && received.length >= split + 4 + Number(length)) finish();
    });
    // The server closing (or resetting) the connection while we still send is expected.
    sock.on("error", () => finish());
    sock.on("close", () => finish());
    sock.write(head);
    const sizeLine = Buffer.from(`${chunk.length.toString(16)}\r\n`);
    const pump = () => {
      while (!done && sent < totalBytes) {
        if (answeredAt || sock.destroyed) return;
        sent += chunk.length;
        if (chunked) sock.write(sizeLine);
        let ok = sock.write(chunk);
        if (chunked) ok = sock.write("\r\n");
        if (!ok) return void sock.once("drain", pump);
      }
      if (!done && chunked && !answeredAt) sock.write("0\r\n\r\n");
    };
    if (totalBytes > 0) pump();
  });
}

/** Samples this process's RSS every few milliseconds until stopped; returns the peak. */
export function watchRss(everyMs = 10) {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), everyMs);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage().rss);
    },
  };
}

/** Times a request; used to check an unrelated page still answers promptly during an attack. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - started };
}

/** A small deterministic PRNG (mulberry32), so a failing fuzz run can be replayed from its seed. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
  };
}
