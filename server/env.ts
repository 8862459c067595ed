import { z } from "zod";

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  DATABASE_PATH: z.string().min(1).default("./data/devolve.sqlite"),
  /** `demo` seeds the demo trust into an empty database on first run; `none` starts empty. */
  DEVOLVE_SEED: z.enum(["demo", "none"]).default("demo"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Session lifetime in hours. */
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  /** Set when a proxy terminates TLS: cookies get `Secure` and the client IP comes from X-Forwarded-For. */
  TRUST_PROXY: z
    .enum(["true", "false", "1", "0"])
    .default("false")
    .transform((v) => v === "true" || v === "1"),
  /** Where the Remix build lives (relative to the project root unless absolute). */
  BUILD_DIR: z.string().min(1).default("build"),
  COLLAB_MAX_MESSAGE_BYTES: z.coerce.number().int().positive().optional(),
  COLLAB_UNLOAD_GRACE_MS: z.coerce.number().int().positive().optional(),
});

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
