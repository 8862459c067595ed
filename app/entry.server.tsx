import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer, isRouteErrorResponse } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { statusForError } from "../server/http/error-status";
import { NonceContext } from "./root";

const ABORT_DELAY = 5_000;

/** Logs server errors with the request; the browser only ever sees the friendly error page. */
export const handleError: HandleErrorFunction = (error, { request, context }) => {
  if (request.signal.aborted) return;
  const ctx = context as AppLoadContext | undefined;
  // A locked database is answered 503 "try again", a body that is not a readable form 400, not 500
  // (server/http/error-status.ts); the client's mistakes are not logged as server errors.
  ctx?.onError?.(error);
  const clientsFault = statusForError(error) !== undefined && statusForError(error) !== 503;
  if (!ctx?.logger) console.error(error);
  else if (clientsFault || (isRouteErrorResponse(error) && error.status < 500)) ctx.logger.warn({ err: error, url: request.url, method: request.method }, "request refused");
  else ctx.logger.error({ err: error, url: request.url, method: request.method }, "request failed");
};

export default function handleRequest(request: Request, responseStatusCode: number, responseHeaders: Headers, remixContext: EntryContext, loadContext: AppLoadContext) {
  const callback = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";
  // Every inline script (Remix's hydration data, React's streaming) carries the CSP nonce.
  const nonce = loadContext?.cspNonce || undefined;
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const app = (
      <NonceContext.Provider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceContext.Provider>
    );
    const { pipe, abort } = renderToPipeableStream(app, {
      nonce,
      [callback]() {
        shellRendered = true;
        const body = new PassThrough();
        responseHeaders.set("Content-Type", "text/html; charset=utf-8");
        resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
        pipe(body);
      },
      onShellError(error: unknown) {
        reject(error);
      },
      onError(error: unknown) {
        responseStatusCode = 500;
        if (shellRendered) console.error(error);
      },
    });
    setTimeout(abort, ABORT_DELAY);
  });
}
