/**
 * Lightweight protocol-level clients (raw ws + y-protocols framing, no providers), many per
 * process, driven by bench/collab/run.ts over IPC. Each edit carries its send time so receivers
 * measure edit-to-remote latency.
 */
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import WebSocket from "ws";
import * as Y from "yjs";

type Msg =
  | { type: "start"; url: string; rooms: string[]; idBase: number; reconnect: boolean }
  | { type: "load"; durationMs: number; editsPerSec: number; cursorClients: number; cursorHz: number }
  | { type: "edit-each" }
  | { type: "resync-report" }
  | { type: "exit" };

const MARK = Buffer.from("@@");
const now = () => performance.timeOrigin + performance.now();

class LightClient {
  ws: WebSocket | null = null;
  readonly doc = new Y.Doc();
  synced = false;
  syncedAt = 0;
  n = 0;
  awarenessClock = 0;
  constructor(
    readonly id: string,
    readonly url: string,
    readonly reconnect: boolean,
    readonly onLatency: (ms: number) => void,
    readonly onAwareness: () => void,
    readonly onSynced: () => void,
  ) {
    this.doc.on("update", (update: Uint8Array) => this.send(this.frame(0, 2, update)));
  }

  frame(type: number, sub: number, payload: Uint8Array): Uint8Array {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, type);
    encoding.writeVarUint(e, sub);
    encoding.writeVarUint8Array(e, payload);
    return encoding.toUint8Array(e);
  }

  send(m: Uint8Array): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(m);
  }

  connect(): void {
    const ws = new WebSocket(this.url, { headers: { Cookie: `bench=${this.id}` }, perMessageDeflate: false });
    this.ws = ws;
    this.synced = false;
    ws.binaryType = "nodebuffer";
    ws.on("open", () => ws.send(this.frame(0, 0, Y.encodeStateVector(this.doc))));
    ws.on("message", (data: Buffer) => this.onMessage(data));
    ws.on("error", () => {});
    ws.on("close", () => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.synced = false;
      // Jittered retry, as a provider's backoff would spread a restart's reconnects.
      if (this.reconnect) setTimeout(() => this.connect(), 50 + Math.random() * 200);
    });
  }

  onMessage(data: Buffer): void {
    const d = decoding.createDecoder(data);
    const type = decoding.readVarUint(d);
    if (type === 1) return this.onAwareness();
    if (type !== 0) return;
    const sub = decoding.readVarUint(d);
    const payload = decoding.readVarUint8Array(d);
    if (sub === 0) {
      this.send(this.frame(0, 1, Y.encodeStateAsUpdate(this.doc, payload)));
    } else if (sub === 1) {
      if (!this.synced) {
        this.synced = true;
        this.syncedAt = now();
        this.onSynced();
      }
    } else if (sub === 2) {
      // The send time travels as a marked string inside the update; a native byte search finds it
      // in microseconds, so 60+ clients per process add little queueing to what they measure.
      const t = now();
      const buf = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
      for (let at = buf.indexOf(MARK); at >= 0; at = buf.indexOf(MARK, at + 2)) {
        const end = buf.indexOf(124, at); // "|"
        const sentAt = Number(buf.toString("latin1", at + 2, end));
        const from = buf.toString("latin1", end + 1, buf.indexOf(124, end + 1));
        if (from !== this.id && Number.isFinite(sentAt)) this.onLatency(t - sentAt);
      }
    }
  }

  edit(): void {
    this.doc.getMap("m").set(`${this.id}:${this.n++}`, `@@${now().toFixed(3)}|${this.id}|`);
  }

  cursor(): void {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 1);
    const inner = encoding.createEncoder();
    encoding.writeVarUint(inner, 1);
    encoding.writeVarUint(inner, this.doc.clientID);
    encoding.writeVarUint(inner, ++this.awarenessClock);
    encoding.writeVarString(inner, JSON.stringify({ user: { name: this.id }, cursor: { x: Math.random() * 1000, y: Math.random() * 800 }, t: now() }));
    encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
    this.send(encoding.toUint8Array(e));
  }
}

let clients: LightClient[] = [];
let latencies: number[] = [];
let awarenessReceived = 0;
let sent = 0;

process.on("message", async (msg: Msg) => {
  if (msg.type === "start") {
    let pending = msg.rooms.length;
    const done = () => {
      if (--pending === 0) process.send!({ type: "connected" });
    };
    clients = msg.rooms.map(
      (room, i) =>
        new LightClient(
          `c${msg.idBase + i}`,
          `${msg.url}/${room}`,
          msg.reconnect,
          (ms) => latencies.push(ms),
          () => awarenessReceived++,
          () => {
            if (pending > 0) done();
          },
        ),
    );
    // Stagger the initial connects a little, like page loads, rather than one SYN burst.
    for (const [i, c] of clients.entries()) setTimeout(() => c.connect(), i * 2);
  } else if (msg.type === "load") {
    latencies = [];
    awarenessReceived = 0;
    sent = 0;
    const end = Date.now() + msg.durationMs;
    const editTimer =
      msg.editsPerSec > 0
        ? setInterval(() => {
            clients[Math.floor(Math.random() * clients.length)].edit();
            sent++;
          }, 1000 / msg.editsPerSec)
        : null;
    const movers = clients.slice(0, msg.cursorClients);
    const cursorTimer = movers.length
      ? setInterval(() => {
          for (const c of movers) c.cursor();
        }, 1000 / msg.cursorHz)
      : null;
    await new Promise((r) => setTimeout(r, Math.max(0, end - Date.now())));
    if (editTimer) clearInterval(editTimer);
    if (cursorTimer) clearInterval(cursorTimer);
    await new Promise((r) => setTimeout(r, 1000)); // drain in-flight deliveries
    process.send!({ type: "loadDone", sent, latencies, awarenessReceived });
  } else if (msg.type === "edit-each") {
    for (const c of clients) c.edit();
    setTimeout(() => process.send!({ type: "edited" }), 200);
  } else if (msg.type === "resync-report") {
    process.send!({ type: "resync", synced: clients.filter((c) => c.synced).length, syncedAt: clients.map((c) => c.syncedAt) });
  } else if (msg.type === "exit") {
    for (const c of clients) c.ws?.terminate();
    process.exit(0);
  }
});
