/**
 * A collab server in its own process so the harness can read its CPU and RSS from /proc.
 * argv[2] = "ours" (Devolve server, durable SQLite at BENCH_DB) or "ref" (@y/websocket-server 0.1.1,
 * in memory). Env: PORT, BENCH_DB (ours, seeded before start), BENCH_SEEDS (ref: JSON list of
 * { room, file }, the encoded state applied to that room when it is created).
 * Prints `PORT=<n>` once listening; answers IPC `{ cmd: "gc" }` with its RSS and JS heap after a full GC.
 */
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import pino from "pino";
import { WebSocketServer } from "ws";
import * as Y from "yjs";
import { createDb } from "../../db/client";
import { createCollabServer } from "../../server/collab";

const kind = process.argv[2];
const server = http.createServer((_req, res) => res.writeHead(404).end());
let shutdown: () => Promise<void> = async () => {};

if (kind === "ours") {
  const db = createDb(process.env.BENCH_DB!);
  const collab = createCollabServer({
    db,
    logger: pino({ level: process.env.BENCH_LOG ?? "silent" }),
    // Benchmark harness only: any `bench=<id>` cookie is a person; `reader…` ids may only read.
    authorize: async (req) => {
      const m = /bench=([^;]+)/.exec(req.headers.cookie ?? "");
      return m ? { userId: m[1], userName: m[1], canWrite: !m[1].startsWith("reader") } : { status: 401, message: "no bench cookie" };
    },
    limits: { maxConnectionsPerUser: 1000 },
  });
  server.on("upgrade", (req, socket, head) => {
    if (!collab.handleUpgrade(req, socket, head)) socket.destroy();
  });
  shutdown = () => collab.close();
} else {
  const utils = await import("@y/websocket-server/utils");
  const files = new Map<string, Buffer>();
  const seeds = new Map<string, Buffer>();
  for (const { room, file } of JSON.parse(process.env.BENCH_SEEDS ?? "[]") as { room: string; file: string }[]) {
    if (!files.has(file)) files.set(file, fs.readFileSync(file));
    seeds.set(room, files.get(file)!);
  }
  // The reference has no persistence; the closest to ours loading a room from SQLite is applying
  // the same encoded state when the room is first created, inside its first connection (this body
  // runs synchronously, before the connection's sync step 1 is sent).
  utils.setContentInitializor(async (ydoc: Y.Doc & { name?: string }) => {
    const state = seeds.get(ydoc.name ?? "");
    if (state) Y.applyUpdate(ydoc, state);
  });
  const wss = new WebSocketServer({ noServer: true });
  server.on("upgrade", (req, socket, head) => {
    wss.handleUpgrade(req, socket, head, (ws) => utils.setupWSConnection(ws, req, { docName: (req.url ?? "").slice(1).split("?")[0] }));
  });
}

server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  process.stdout.write(`PORT=${(server.address() as AddressInfo).port}\n`);
});
process.on("message", (msg: { cmd: string }) => {
  if (msg.cmd === "gc") {
    (globalThis as { gc?: () => void }).gc?.();
    const m = process.memoryUsage();
    process.send!({ type: "mem", rss: m.rss, heap: m.heapUsed });
  }
});
process.on("SIGTERM", () => {
  void shutdown().finally(() => process.exit(0));
});
process.on("disconnect", () => process.exit(0));
