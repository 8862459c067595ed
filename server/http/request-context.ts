import type { SignInThrottle } from "../auth/throttle";

// What server/http adds to the services and per-request context that loaders and actions receive
// (server/context.ts). Declared here so the hardening stays in its own files.
declare module "../context" {
  interface AppServices {
    /** Progressive sign-in delays per address and account, and the global failure budget. */
    signInThrottle: SignInThrottle;
  }
  interface RequestContext {
    /** This response's Content-Security-Policy nonce, for Remix's inline scripts. */
    cspNonce: string;
    /** A Remix single-fetch (`.data`) request: answered with data, so never with a redirect page. */
    dataRequest: boolean;
    /** Called by entry.server's handleError with what failed, so a locked database becomes 503, a bad body 400. */
    onError(err: unknown): void;
  }
}

export {};
