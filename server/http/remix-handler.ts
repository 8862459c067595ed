import {
  createReadableStreamFromReadable,
  createRequestHandler as createRemixRequestHandler,
  writeReadableStreamToWritable,
  type AppLoadContext,
  type ServerBuild,
} from "@remix-run/node";
import type { NextFunction, Request, Response } from "express";
import type { IncomingHttpHeaders } from "node:http";
import { bufferedBody } from "./body-limit";

/**
 * @remix-run/express's request handler, except that Remix reads the body `limitBodies` already
 * read (and bounded) instead of the raw request stream.
 */
export function createRequestHandler({
  build,
  mode,
  getLoadContext,
}: {
  build: ServerBuild | (() => Promise<ServerBuild>);
  mode: string;
  getLoadContext: (req: Request, res: Response) => AppLoadContext | Promise<AppLoadContext>;
}) {
  const handleRequest = createRemixRequestHandler(build, mode);
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const request = createRemixRequest(req, res);
      const loadContext = await getLoadContext(req, res);
      const response = await handleRequest(request, loadContext);
      await sendRemixResponse(res, response);
    } catch (error) {
      next(error);
    }
  };
}

function createRemixRequest(req: Request, res: Response): globalThis.Request {
  // req.hostname honours `trust proxy`; unlike @remix-run/express, the port comes from the same
  // header, so an untrusted X-Forwarded-Host cannot change the origin Remix sees.
  const trust = req.app.get("trust proxy fn") as (addr: string | undefined, i: number) => boolean;
  const forwarded = req.get("X-Forwarded-Host");
  const hostHeader = forwarded && trust(req.socket.remoteAddress, 0) ? forwarded.split(",")[0]!.trim() : req.get("host");
  const port = Number.parseInt(/:(\d+)$/.exec(hostHeader ?? "")?.[1] ?? "", 10);
  const host = `${req.hostname}${Number.isSafeInteger(port) ? `:${port}` : ""}`;
  let url: URL;
  try {
    url = new URL(`${req.protocol}://${host}${req.originalUrl}`);
  } catch {
    // A Host (or trusted X-Forwarded-Host) that is not a host.
    throw Object.assign(new Error("Malformed request address"), { status: 400 });
  }
  let controller: AbortController | null = new AbortController();
  const headers = createRemixHeaders(req.headers);
  // Remix compares an action's Origin with X-Forwarded-Host when present; the origin was already
  // checked (sameOriginOnly) against the host this request is served as, so the header, which a
  // client can set, only gets in the way.
  headers.delete("x-forwarded-host");
  const init: RequestInit & { duplex?: "half" } = { method: req.method, headers, signal: controller.signal };
  if (req.method !== "GET" && req.method !== "HEAD") {
    const body = bufferedBody(req);
    if (body) init.body = new Uint8Array(body.buffer as ArrayBuffer, body.byteOffset, body.byteLength);
    else {
      init.body = createReadableStreamFromReadable(req);
      init.duplex = "half";
    }
  }
  // Abort loaders and actions once the response can no longer be written.
  res.on("finish", () => (controller = null));
  res.on("close", () => controller?.abort());
  return new Request(url.href, init);
}

function createRemixHeaders(requestHeaders: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [key, values] of Object.entries(requestHeaders)) {
    if (!values) continue;
    if (Array.isArray(values)) for (const value of values) headers.append(key, value);
    else headers.set(key, values);
  }
  return headers;
}

async function sendRemixResponse(res: Response, response: globalThis.Response) {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [key, value] of response.headers.entries()) res.append(key, value);
  if (/text\/event-stream/i.test(response.headers.get("Content-Type") ?? "")) res.flushHeaders();
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}
