/**
 * The collab test server as its own process, for the kill -9 test. Env: COLLAB_DB (SQLite file),
 * PORT (0 = any). Prints `PORT=<n>` once listening.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createDb } from "../../db/client";
import { createCollabServer } from "../../server/collab";
import { testAuthorize, testLogger } from "./harness";

const db = createDb(process.env.COLLAB_DB ?? "/tmp/devolve-collab-child.sqlite");
const collab = createCollabServer({ db, logger: testLogger(), authorize: testAuthorize, limits: { unloadGraceMs: 1_000 } });
const server = http.createServer((_req, res) => res.writeHead(404).end());
server.on("upgrade", (req, socket, head) => {
  if (!collab.handleUpgrade(req, socket, head)) socket.destroy();
});
server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  process.stdout.write(`PORT=${(server.address() as AddressInfo).port}\n`);
});
process.on("SIGTERM", () => {
  void collab.close().then(() => process.exit(0));
});
