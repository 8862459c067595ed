import type { Db } from "../db/client";
import type { FailureLimiter } from "./auth/rate-limit";
import type { createCollabServer } from "./collab";
import type { Env } from "./env";
import type { Logger } from "./logger";
import type { OidcService } from "./auth/oidc";
import type { SetupLink } from "./auth/setup-link";
import type { Mailer } from "./mail";

/** What every Remix loader and action receives as `context`: the process's services, created once. */
export interface AppServices {
  db: Db;
  env: Env;
  logger: Logger;
  collab: ReturnType<typeof createCollabServer>;
  signInLimits: { byIp: FailureLimiter; byAccount: FailureLimiter };
  /** Sends invitations and password resets; null when SMTP_URL is not set (links are shown instead). */
  mailer: Mailer | null;
  /** The one-time first-run link (issue 17); its token is null once used or when not needed. */
  setupLink: SetupLink;
  /** Single sign-on, when OIDC_ISSUER is configured. */
  oidc: OidcService | null;
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
