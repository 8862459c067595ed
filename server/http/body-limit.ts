import type { NextFunction, Request, RequestHandler, Response } from "express";

export interface BodyLimitOptions {
  /** Largest body for an ordinary request (forms, JSON). */
  formBytes: number;
  /** Largest body for an upload route, for a signed-in request. */
  uploadBytes: number;
  /** Most multipart parts in an upload. */
  uploadParts: number;
  /** Bytes buffered across all requests at once; past it new bodies get 503 until some finish. */
  totalBytes: number;
  /** Whether this path takes uploads (the spreadsheet imports). */
  isUploadPath(path: string): boolean;
  /** Whether this request may send an upload-sized body (a signed-in session): strangers get `formBytes`. */
  mayUpload(req: Request): boolean;
}

const bodies = new WeakMap<Request, Buffer>();
const EMPTY = Buffer.alloc(0);

/** The request's body as read by `limitBodies`, or undefined when it did not read one. */
export function bufferedBody(req: Request): Buffer | undefined {
  return bodies.get(req);
}

const MIB = 1024 * 1024;
const size = (bytes: number) => (bytes >= MIB ? `${Math.round((bytes / MIB) * 10) / 10} MB` : `${Math.round(bytes / 1024)} KB`);

/** Parts in a multipart body: delimiter lines, less the closing one. */
function countParts(body: Buffer, contentType: string): number {
  const m = /boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  if (!m) return 0;
  const delimiter = Buffer.from(`--${m[1] ?? m[2]}`);
  let count = 0;
  for (let at = body.indexOf(delimiter); at !== -1; at = body.indexOf(delimiter, at + delimiter.length)) count++;
  return Math.max(0, count - 1);
}

/**
 * Reads every request body into a bounded buffer before anything else sees it, counting bytes as
 * they arrive, so chunked encoding cannot get round a Content-Length check. Past the limit it
 * answers 413 with a short plain message, stops reading and closes the connection; nothing beyond
 * the limit is ever held. Remix gets the buffer (see `remix-handler.ts`).
 */
export function limitBodies(opts: BodyLimitOptions): RequestHandler {
  let inUse = 0;
  return (req: Request, res: Response, next: NextFunction) => {
    const length = req.headers["content-length"];
    if (req.headers["transfer-encoding"] === undefined && (length === undefined || length === "0")) {
      bodies.set(req, EMPTY);
      return next();
    }
    const upload = opts.isUploadPath(req.path) && opts.mayUpload(req);
    const max = upload ? opts.uploadBytes : opts.formBytes;
    const tooLarge = `This request is too large: the most this page accepts is ${size(max)}.`;
    if (length !== undefined && Number(length) > max) return refuse(req, res, 413, tooLarge);

    const chunks: Buffer[] = [];
    let received = 0;
    let held = 0;
    const release = () => {
      inUse -= held;
      held = 0;
    };
    res.once("close", release);
    const stop = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      chunks.length = 0;
      release();
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > max) {
        stop();
        return refuse(req, res, 413, tooLarge);
      }
      if (inUse + chunk.length > opts.totalBytes) {
        stop();
        return refuse(req, res, 503, "The server is busy receiving other uploads. Try again in a minute.");
      }
      inUse += chunk.length;
      held += chunk.length;
      chunks.push(chunk);
    };
    const onEnd = () => {
      const body = Buffer.concat(chunks, received);
      const type = req.headers["content-type"] ?? "";
      req.off("data", onData);
      req.off("error", onError);
      if (upload && /^multipart\//i.test(type) && countParts(body, type) > opts.uploadParts) {
        stop();
        return refuse(req, res, 413, `This upload has too many parts: send one file at a time.`);
      }
      bodies.set(req, body);
      next();
    };
    // The client went away mid-body: nothing to answer.
    const onError = () => stop();
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
  };
}

/** How long a refused connection stays half-open so the client, still sending, can read the answer. */
const CLOSE_GRACE_MS = 1000;

/**
 * Answers and closes the connection without reading the rest of the body. The socket is shut for
 * writing after the answer and destroyed a moment later: closing it outright while the client is
 * still sending would make its kernel reset the connection, often before the client has read why.
 * Nothing more is read meanwhile (the request is paused, so TCP backpressure stops the sender).
 */
function refuse(req: Request, res: Response, status: number, message: string) {
  req.pause();
  const socket = req.socket;
  if (res.headersSent) return void socket.destroy();
  const timer = setTimeout(() => socket.destroy(), CLOSE_GRACE_MS);
  timer.unref();
  socket.once("close", () => clearTimeout(timer));
  // Node ends a `Connection: close` response with socket.destroySoon(); for this socket, only end
  // (half-close) and let the timer destroy it.
  const lingering = socket as typeof socket & { destroySoon?: () => void };
  if (typeof lingering.destroySoon === "function") lingering.destroySoon = () => void socket.end();
  res.status(status).set({ Connection: "close", "Content-Type": "text/plain; charset=utf-8" }).send(message);
}
