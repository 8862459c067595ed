/** Throws a 404 that the root error boundary shows as "Page not found". */
export function notFound(message = "Not found"): never {
  throw new Response(message, { status: 404 });
}

/** Throws a 403 that the root error boundary shows with this message. */
export function forbidden(message = "You do not have access to this page."): never {
  throw new Response(message, { status: 403 });
}

/** A same-site path to return to after signing in; anything else falls back to the home page. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}
