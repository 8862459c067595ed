import type { Db } from "../db/client";
import type { FailureLimiter } from "./auth/rate-limit";
import type { createCollabServer } from "./collab";
import type { Env } from "./env";
import type { Logger } from "./logger";

/** What every Remix loader and action receives as `context`: the process's services, created once. */
export interface AppServices {
  db: Db;
  env: Env;
  logger: Logger;
  collab: ReturnType<typeof createCollabServer>;
  signInLimits: { byIp: FailureLimiter; byAccount: FailureLimiter };
}

export interface RequestContext extends AppServices {
  clientIp: string;
  /** Whether this request came over HTTPS (directly or via a trusted proxy): cookies get `Secure`. */
  secure: boolean;
}

declare module "@remix-run/node" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppLoadContext extends RequestContext {}
}
