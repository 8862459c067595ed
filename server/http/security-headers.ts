import type { NextFunction, Request, RequestHandler, Response } from "express";
import { randomBytes } from "node:crypto";
import { readSessionToken } from "../auth/cookies";
import { beforeHeaders } from "./on-headers";

/** The per-request CSP nonce that `securityHeaders` chose (for Remix's inline scripts). */
export function cspNonce(res: Response): string {
  return (res.locals.cspNonce as string | undefined) ?? "";
}

const NHS_ASSETS = "https://assets.nhs.uk";

/**
 * Content-Security-Policy: scripts only from this origin or carrying this response's nonce (Remix's
 * inline hydration scripts); inline styles are allowed because React Flow positions nodes with them;
 * images may be data:/blob: URLs (chart export); the collaboration socket needs ws:/wss:. In
 * development Vite injects scripts of its own, so scripts are not nonce-bound there.
 */
export function contentSecurityPolicy(nonce: string, development = false): string {
  return [
    "default-src 'self'",
    development ? "script-src 'self' 'unsafe-inline' 'unsafe-eval'" : `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    // nhsuk-frontend's CSS loads the Frutiger web font from the NHS's asset host; the chart export
    // (html-to-image) fetches the same font files to embed them.
    `font-src 'self' data: ${NHS_ASSETS}`,
    `connect-src 'self' ws: wss: ${NHS_ASSETS}`,
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join("; ");
}

/**
 * Headers every response gets: CSP with a fresh nonce, no sniffing, no framing, same-origin
 * referrers; HSTS when the request came over TLS (directly or through a trusted proxy); and
 * `Cache-Control: no-store` on every response to a signed-in request other than the hashed,
 * immutable assets, so a shared ward computer's cache keeps nothing a person saw.
 */
export function securityHeaders(opts: { development?: boolean } = {}): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const nonce = randomBytes(16).toString("base64");
    res.locals.cspNonce = nonce;
    res.setHeader("Content-Security-Policy", contentSecurityPolicy(nonce, opts.development));
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "same-origin");
    res.setHeader("X-Frame-Options", "DENY");
    if (req.secure) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    if (readSessionToken(req.headers.cookie) && !req.path.startsWith("/assets/")) {
      beforeHeaders(res, () => {
        res.setHeader("Cache-Control", "no-store");
        res.removeHeader("Expires");
      });
    }
    next();
  };
}
