import type { NextFunction, Request, RequestHandler, Response } from "express";
import { beforeHeaders } from "./on-headers";

/** Whether an error (or its cause, as drizzle wraps them) is SQLite saying the database is locked. */
export function isDatabaseBusy(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^SQLITE_(BUSY|LOCKED)/.test(code)) return true;
  }
  return false;
}

/** A body the client sent that cannot be read as the form it claims to be (undici's formData()). */
function isUnreadableBody(err: unknown): boolean {
  return err instanceof TypeError && /^(Failed to parse body as FormData|Content-Type was not one of)/.test(err.message);
}

/**
 * The status a failure deserves when it is not the server's fault: 503 (try again) for a locked
 * database, 400 for an unreadable body or a malformed address (Express marks those `status: 400`).
 * Undefined for a real server error.
 */
export function statusForError(err: unknown): number | undefined {
  if (isDatabaseBusy(err)) return 503;
  if (isUnreadableBody(err)) return 400;
  const status = (err as { status?: unknown; statusCode?: unknown } | null)?.status ?? (err as { statusCode?: unknown } | null)?.statusCode;
  if (typeof status === "number" && status >= 400 && status < 500) return status;
  return undefined;
}

/** Remembers why this request failed (Remix's handleError calls it through the load context). */
export function noteError(res: Response, err: unknown) {
  const status = statusForError(err);
  if (status !== undefined) res.locals.failureStatus = status;
}

/**
 * Remix answers every thrown error with 500. When the error was a locked database (the main
 * connection's busy timeout is short, so the event loop never waits long for a lock) the answer
 * becomes 503 with Retry-After; when it was the client's unreadable body, 400.
 */
export function errorStatusInsteadOf500(): RequestHandler {
  return (_req: Request, res: Response, next: NextFunction) => {
    beforeHeaders(res, () => {
      const status = res.locals.failureStatus as number | undefined;
      if (status === undefined || res.statusCode !== 500) return;
      res.statusCode = status;
      if (status === 503) res.setHeader("Retry-After", "1");
    });
    next();
  };
}
