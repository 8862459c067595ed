/** Throws a 404 that the root error boundary shows as "Page not found". */
export function notFound(message = "Not found"): never {
  throw new Response(message, { status: 404 });
}

/** Throws a 403 that the root error boundary shows with this message. */
export function forbidden(message = "You do not have access to this page."): never {
  throw new Response(message, { status: 403 });
}

/** Throws a 401: a signed-out request for data or a file, which a redirect page would not help. */
export function unauthorized(message = "You are signed out. Sign in again to continue."): never {
  throw new Response(message, { status: 401, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

/** Longest return address kept; anything longer is not one of ours. */
const MAX_REDIRECT_LENGTH = 2048;

/**
 * A same-origin path to return to after signing in; anything else falls back to `fallback`. The
 * value is resolved with the URL parser against the request's own origin, as a browser would resolve
 * a Location header, and kept only if it lands on that origin; what is returned is the parser's
 * pathname, search and hash, so tabs, newlines, backslashes, `//host`, `/\host`, `javascript:` and
 * encoded tricks cannot lead off-site.
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, origin: string | URL | Request, fallback = "/"): string {
  if (typeof to !== "string" || to.length > MAX_REDIRECT_LENGTH) return fallback;
  // Only paths: not scheme-relative, not another scheme, no backslashes or control characters,
  // which browsers strip or reinterpret before resolving.
  // eslint-disable-next-line no-control-regex
  if (!to.startsWith("/") || /[\\\u0000-\u001F\u007F]/.test(to)) return fallback;
  let base: URL;
  let url: URL;
  try {
    base = new URL(origin instanceof Request ? origin.url : origin);
    url = new URL(to, base.origin);
  } catch {
    return fallback;
  }
  if (url.origin !== base.origin) return fallback;
  const path = url.pathname + url.search + url.hash;
  // The parser may normalise `/.//evil.example` to `//evil.example`, which a browser would read as
  // another host.
  if (!path.startsWith("/") || path.startsWith("//")) return fallback;
  return path;
}
