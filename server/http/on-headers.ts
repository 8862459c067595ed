import type { ServerResponse } from "node:http";

/**
 * Runs `fn` just before the response's headers are written, whoever writes them (Express, Remix,
 * compression, a static file): the place to set headers that must win, or to change the status.
 */
export function beforeHeaders(res: ServerResponse, fn: () => void) {
  const writeHead = res.writeHead;
  let fired = false;
  res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
    if (!fired) {
      fired = true;
      fn();
      // Node's implicit writeHead passes the status it had; a changed one must be the one sent.
      if (typeof args[0] === "number" && args[0] !== this.statusCode) {
        args[0] = this.statusCode;
        if (typeof args[1] === "string") args.splice(1, 1);
      }
    }
    return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
  } as ServerResponse["writeHead"];
}
