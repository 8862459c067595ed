/**
 * Lightweight protocol-level clients (raw ws + y-protocols framing, no providers), many per
 * process, driven by bench/collab/run.ts over IPC. Each edit carries its send time so receivers
 * measure edit-to-remote latency.
 */
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import WebSocket from "ws";
import * as Y from "yjs";

/** What a client edits: a string field of an entry of a top-level map, or the start of a text. */
export type EditTarget = { map: string; key: string; field: string } | { text: string };
export interface ClientSpec {
  id: string;
  room: string;
  /** Null for a reader: it never edits, and never holds the document. */
  edit: EditTarget | null;
  /** Makes the room's first edit after it loads (measured apart from the steady load). */
  first?: boolean;
}

type Msg =
  | { type: "start"; url: string; clients: ClientSpec[]; reconnect: boolean }
  | { type: "load"; durationMs: number; editsPerSec: number; cursorClients: number; cursorHz: number; perEdit: boolean }
  | { type: "first-edit" }
  | { type: "edit-each" }
  | { type: "resync-report" }
  | { type: "exit" };

const MARK = Buffer.from("@@");
const now = () => performance.timeOrigin + performance.now();
/** Origin of what the server sent: applied locally, never sent back. */
const REMOTE = { remote: true } as const;

class LightClient {
  ws: WebSocket | null = null;
  readonly doc = new Y.Doc();
  synced = false;
  syncedAt = 0;
  awarenessClock = 0;
  constructor(
    readonly spec: ClientSpec,
    readonly url: string,
    readonly reconnect: boolean,
    readonly onLatency: (ms: number, edit: string) => void,
    readonly onAwareness: () => void,
    readonly onSynced: () => void,
    readonly onClose: (code: number) => void,
  ) {
    this.doc.on("update", (update: Uint8Array, origin: unknown) => {
      if (origin !== REMOTE) this.send(this.frame(0, 2, update));
    });
  }

  get id(): string {
    return this.spec.id;
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
    ws.on("close", (code: number) => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.synced = false;
      this.onClose(code);
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
      // An editor needs the document: its edit is a change to an entry the server already holds
      // (a change to anything else is refused). Readers skip it; 2,000 copies would fill the process.
      if (this.spec.edit) Y.applyUpdate(this.doc, payload, REMOTE);
      if (!this.synced) {
        this.synced = true;
        this.syncedAt = now();
        this.onSynced();
      }
    } else if (sub === 2) {
      // Remote edits are not applied: each client edits only its own entry, so what it sends never
      // depends on them, and applying every edit in every client would be the clients' bottleneck.
      // The send time travels as a marked string inside the update; a native byte search finds it
      // in microseconds, so hundreds of clients per process add little queueing to what they measure.
      const t = now();
      const buf = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
      for (let at = buf.indexOf(MARK); at >= 0; at = buf.indexOf(MARK, at + 2)) {
        const end = buf.indexOf(124, at); // "|"
        const sentAtText = buf.toString("latin1", at + 2, end);
        const sentAt = Number(sentAtText);
        const from = buf.toString("latin1", end + 1, buf.indexOf(124, end + 1));
        if (from !== this.id && Number.isFinite(sentAt)) this.onLatency(t - sentAt, `${sentAtText}|${from}`);
      }
    }
  }

  edit(): void {
    const target = this.spec.edit;
    if (!target) return;
    const marker = `@@${now().toFixed(3)}|${this.id}|`;
    if ("text" in target) {
      this.doc.getText(target.text).insert(0, marker);
      return;
    }
    const entry = this.doc.getMap(target.map).get(target.key);
    if (!(entry instanceof Y.Map)) throw new Error(`${this.id}: ${target.map}/${target.key} is not in the document it synced`);
    entry.set(target.field, marker);
  }

  cursor(): void {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 1);
    const inner = encoding.createEncoder();
    encoding.writeVarUint(inner, 1);
    encoding.writeVarUint(inner, this.doc.clientID);
    encoding.writeVarUint(inner, ++this.awarenessClock);
    // Only fields a presence state may hold: our server strips anything else and sets `user` itself.
    encoding.writeVarString(inner, JSON.stringify({ cursor: { x: Math.random() * 1000, y: Math.random() * 800 } }));
    encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
    this.send(encoding.toUint8Array(e));
  }
}

let clients: LightClient[] = [];
let latencies: number[] = [];
/** Per edit (keyed by send time and sender), the slowest delivery and how many clients got it. */
let perEdit: Map<string, { max: number; n: number }> | null = null;
let awarenessReceived = 0;
let sent = 0;
/** Close codes seen since the last report (a 4422 means our server refused an edit). */
let closes: Record<number, number> = {};

process.on("message", async (msg: Msg) => {
  if (msg.type === "start") {
    let pending = msg.clients.length;
    const done = () => {
      if (--pending === 0) process.send!({ type: "connected" });
    };
    closes = {};
    clients = msg.clients.map(
      (spec) =>
        new LightClient(
          spec,
          `${msg.url}/${spec.room}`,
          msg.reconnect,
          (ms, edit) => {
            latencies.push(ms);
            if (perEdit) {
              const e = perEdit.get(edit);
              if (e) {
                e.n++;
                if (ms > e.max) e.max = ms;
              } else perEdit.set(edit, { max: ms, n: 1 });
            }
          },
          () => awarenessReceived++,
          () => {
            if (pending > 0) done();
          },
          (code) => (closes[code] = (closes[code] ?? 0) + 1),
        ),
    );
    // Stagger the initial connects a little, like page loads, rather than one SYN burst.
    for (const [i, c] of clients.entries()) setTimeout(() => c.connect(), i * 2);
  } else if (msg.type === "load") {
    latencies = [];
    perEdit = msg.perEdit ? new Map() : null;
    awarenessReceived = 0;
    sent = 0;
    closes = {};
    const editors = clients.filter((c) => c.spec.edit);
    const end = Date.now() + msg.durationMs;
    const editTimer =
      msg.editsPerSec > 0 && editors.length > 0
        ? setInterval(() => {
            editors[Math.floor(Math.random() * editors.length)].edit();
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
    process.send!({ type: "loadDone", sent, latencies, awarenessReceived, perEdit: perEdit ? [...perEdit] : null, closes });
  } else if (msg.type === "first-edit") {
    latencies = [];
    for (const c of clients) if (c.spec.first) c.edit();
    await new Promise((r) => setTimeout(r, 1000));
    process.send!({ type: "firstDone", latencies });
  } else if (msg.type === "edit-each") {
    for (const c of clients) c.edit();
    setTimeout(() => process.send!({ type: "edited", closes }), 200);
  } else if (msg.type === "resync-report") {
    process.send!({ type: "resync", synced: clients.filter((c) => c.synced).length, syncedAt: clients.map((c) => c.syncedAt) });
  } else if (msg.type === "exit") {
    for (const c of clients) c.ws?.terminate();
    process.exit(0);
  }
});
