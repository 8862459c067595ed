import type { Db } from "../../db/client";
import type { SignInThrottle } from "../auth/throttle";
import type { Logger } from "../logger";
import { deleteExpiredSessions } from "../repositories/sessions";

export interface Housekeeping {
  /** Runs one round now (the timer runs it every `intervalMs`). */
  run(): { expiredSessions: number };
  stop(): void;
}

/**
 * Periodically deletes expired sessions and drops aged-out sign-in throttle entries, so neither
 * grows without bound. The timer is unref'd (it never keeps the process alive) and stopped on close.
 */
export function startHousekeeping(opts: { db: Db; throttle: SignInThrottle; logger: Logger; intervalMs?: number }): Housekeeping {
  const run = () => {
    opts.throttle.prune();
    const expiredSessions = deleteExpiredSessions(opts.db);
    if (expiredSessions) opts.logger.debug({ expiredSessions }, "deleted expired sessions");
    return { expiredSessions };
  };
  const timer = setInterval(() => {
    try {
      run();
    } catch (err) {
      // A locked database is retried next round.
      opts.logger.warn({ err }, "housekeeping failed");
    }
  }, opts.intervalMs ?? 5 * 60_000);
  timer.unref();
  return { run, stop: () => clearInterval(timer) };
}
