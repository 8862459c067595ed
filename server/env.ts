import { z } from "zod";

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  DATABASE_PATH: z.string().min(1).default("./data/devolve.sqlite"),
  /** `demo` seeds the demo trust into an empty database on first run; `none` starts empty. */
  DEVOLVE_SEED: z.enum(["demo", "none"]).default("demo"),
  /**
   * The day the demo is seeded as (YYYY-MM-DD); defaults to today in England. Tests fix it so the
   * demo's dates are deterministic; the demo's history is laid relative to it.
   */
  DEVOLVE_SEED_DATE: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "DEVOLVE_SEED_DATE must be written YYYY-MM-DD")
    .optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Session lifetime in hours. */
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  /** Older switch for one TLS-terminating proxy: `true` means `TRUST_PROXY_HOPS=1`. */
  TRUST_PROXY: z
    .enum(["true", "false", "1", "0"])
    .default("false")
    .transform((v) => v === "true" || v === "1"),
  /**
   * How many proxies in front of the server to believe: the client address is that many entries from
   * the right of X-Forwarded-For (X-Forwarded-Proto likewise); 0 ignores the headers entirely, so a
   * client cannot choose its own address. Defaults to 1 when TRUST_PROXY is set, else 0.
   */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).optional(),
  /** Where the Remix build lives (relative to the project root unless absolute). */
  BUILD_DIR: z.string().min(1).default("build"),
  COLLAB_MAX_MESSAGE_BYTES: z.coerce.number().int().positive().optional(),
  COLLAB_UNLOAD_GRACE_MS: z.coerce.number().int().positive().optional(),
  /**
   * The address people reach this deployment at (e.g. https://devolve.example.nhs.uk). Links in
   * e-mails and the single sign-on redirect are built from it, never from a request's Host header,
   * which a client chooses. Required with SMTP_URL or OIDC_ISSUER.
   */
  PUBLIC_URL: z.string().url("PUBLIC_URL must be a full address like https://devolve.example.nhs.uk").transform((u) => u.replace(/\/+$/, "")).optional(),
  /** The mail server invitations and password resets are sent through, e.g. smtp://user:pass@mail.example:587 or smtps://…; unset: links are shown to the administrator instead. */
  SMTP_URL: z.string().regex(/^smtps?:\/\//, "SMTP_URL must start with smtp:// or smtps://").optional(),
  MAIL_FROM: z.string().min(3).default("Devolve <devolve@localhost>"),
  INVITE_TTL_DAYS: z.coerce.number().positive().max(90).default(7),
  PASSWORD_RESET_TTL_MINUTES: z.coerce.number().int().positive().max(24 * 60).default(60),
  /** OpenID Connect single sign-on (e.g. Microsoft Entra ID: https://login.microsoftonline.com/<tenant>/v2.0). */
  OIDC_ISSUER: z.string().url("OIDC_ISSUER must be the issuer's address").optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  /** The words on the sign-in button. */
  OIDC_LABEL: z.string().min(1).max(60).default("Sign in with NHSmail"),
})
  .superRefine((env, ctx) => {
    if ((env.SMTP_URL || env.OIDC_ISSUER) && !env.PUBLIC_URL) ctx.addIssue({ code: "custom", path: ["PUBLIC_URL"], message: "PUBLIC_URL is needed with SMTP_URL or OIDC_ISSUER, so links point at this site" });
    if (env.OIDC_ISSUER && (!env.OIDC_CLIENT_ID || !env.OIDC_CLIENT_SECRET)) ctx.addIssue({ code: "custom", path: ["OIDC_CLIENT_ID"], message: "OIDC_ISSUER needs OIDC_CLIENT_ID and OIDC_CLIENT_SECRET too" });
  }).transform((env) => ({ ...env, TRUST_PROXY_HOPS: env.TRUST_PROXY_HOPS ?? (env.TRUST_PROXY ? 1 : 0) }));

export type Env = z.infer<typeof schema>;

/** Parses the environment once; a bad value stops start-up with a message naming the variable. */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  return parsed.data;
}
