import Database from "better-sqlite3";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import type { SQLiteTransaction } from "drizzle-orm/sqlite-core";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** The `tx` that `db.transaction((tx) => …)` passes (a savepoint when nested); it has no `$client`. */
export type Tx = SQLiteTransaction<"sync", Database.RunResult, typeof schema, ExtractTablesWithRelations<typeof schema>>;

/**
 * What a repository function takes: the database or a transaction, so a caller can run several
 * repository calls atomically in `db.transaction((tx) => …)` without casting. Code that needs raw
 * better-sqlite3 (`db.$client`) must take `Db` instead.
 */
export type DbOrTx = Db | Tx;

const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");

/**
 * Opens (creating if needed) the SQLite file in WAL mode and applies pending migrations.
 * `busyTimeoutMs` is how long a statement waits for another connection's lock: better-sqlite3 is
 * synchronous, so on the server's event-loop connection that wait stalls every request; the server
 * passes a short one and answers a busy request with 503.
 */
export function createDb(file: string, opts: { busyTimeoutMs?: number } = {}): Db {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  // NORMAL in WAL mode survives a process crash (kill -9) at every commit; only an OS crash or power
  // loss can drop the last transactions. See docs/decisions/003-sqlite-durability.md.
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  const db = drizzle(sqlite, { schema }) as Db;
  migrate(db, { migrationsFolder });
  // Migrations (start-up) may wait the full 5 s; afterwards, the caller's choice.
  if (opts.busyTimeoutMs !== undefined) sqlite.pragma(`busy_timeout = ${Math.max(0, Math.trunc(opts.busyTimeoutMs))}`);
  return db;
}

export { schema };
