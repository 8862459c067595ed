// `npm start`: build if needed, then run the server (which migrates the database and seeds the demo
// trust on first run). Runs in this process so SIGTERM reaches the server's clean shutdown directly.
import { register } from "tsx/esm/api";
import { ensureBuild, root } from "./lib.mjs";

process.env.NODE_ENV ??= "production";
if (process.env.NODE_ENV !== "development") ensureBuild();
register();
await import(`${root}/server/index.ts`);
