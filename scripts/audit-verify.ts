/**
 * `npm run audit:verify [-- --db path]`: checks the audit chain and every version against its stored
 * state and the edit history (server/audit/verify.ts), prints what it checked, and exits 0 when
 * everything is intact, 1 naming the first broken record (issue 11: "names the first broken record;
 * it exits non-zero on any break"), 2 when it could not run. The database defaults to DATABASE_PATH,
 * as the server reads it, or ./data/devolve.sqlite.
 */
import fs from "node:fs";
import path from "node:path";
import { createDb } from "../db/client";
import { verifyAudit } from "../server/audit/verify";

function usage(message?: string): never {
  if (message) console.error(message);
  console.error("Usage: tsx scripts/audit-verify.ts [--db path/to/devolve.sqlite]");
  process.exit(2);
}

function dbPathFrom(argv: string[]): string {
  let file: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--db") file = argv[++i] ?? usage("--db needs a path");
    else if (a.startsWith("--db=")) file = a.slice("--db=".length);
    else if (a === "--help" || a === "-h") usage();
    else usage(`Unknown argument: ${a}`);
  }
  return path.resolve(file ?? process.env.DATABASE_PATH ?? "./data/devolve.sqlite");
}

const file = dbPathFrom(process.argv.slice(2));
// createDb would create an empty database for a mistyped path, which would then "verify".
if (!fs.existsSync(file)) usage(`No database at ${file}`);

const db = createDb(file);
try {
  const result = verifyAudit(db);
  const rows: [string, string][] = [
    ["Database", file],
    ["Audit records checked", String(result.checked.auditEvents)],
    ["Versions checked", String(result.checked.versions)],
    ["Took", `${result.ms} ms`],
    ["Result", result.ok ? "Intact" : "BROKEN"],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
  if (result.firstBroken) {
    const b = result.firstBroken;
    console.log(`First broken record: ${b.table} ${b.id}${b.label ? ` (${b.label})` : ""}`);
    console.log(`  ${b.reason}`);
    process.exitCode = 1;
  } else {
    console.log(`Chain verified up to record ${result.lastAuditId}.`);
  }
} finally {
  db.$client.close();
}
