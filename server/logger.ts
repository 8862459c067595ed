import pino from "pino";

export type Logger = pino.Logger;

/** One structured JSON logger for the process; tests pass `silent`. */
export function createLogger(level: string = "info"): Logger {
  return pino({ level, base: { app: "devolve" }, redact: ["req.headers.cookie", "password"] });
}
