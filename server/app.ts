import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import compression from "compression";
import express, { type NextFunction, type Request, type Response } from "express";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createDb } from "../db/client";
import { seedDemoIfEmpty } from "../db/seed";
import { SignInThrottle } from "./auth/throttle";
import { createOidcService } from "./auth/oidc";
import { SetupLink } from "./auth/setup-link";
import { createMailer } from "./mail";
import { countUsers } from "./repositories/users";
import type { CollabLimits } from "../shared/collab/protocol";
import { createCollabServer } from "./collab";
import { sessionAuthorizer, sessionRecheck } from "./collab/auth";
import type { AppServices, RequestContext } from "./context";
import type { Env } from "./env";
import type { Logger } from "./logger";
import { deleteExpiredSessions } from "./repositories/sessions";
import { limitBodies } from "./http/body-limit";
import { errorStatusInsteadOf500, noteError, statusForError } from "./http/error-status";
import { startHousekeeping, type Housekeeping } from "./http/housekeeping";
import { createRequestHandler } from "./http/remix-handler";
import "./http/request-context";
import { cspNonce, securityHeaders } from "./http/security-headers";
import { bodyLimits } from "./http/upload-routes";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export interface DevolveServer {
  httpServer: http.Server;
  services: AppServices;
  /** Expired sessions and aged-out throttle entries are dropped every few minutes; `run()` does it now. */
  housekeeping: Housekeeping;
  /** Resolves with the bound port once listening. */
  listen(port: number, host?: string): Promise<number>;
  /** Stops accepting, finishes in-flight requests, flushes documents and closes the database. */
  close(): Promise<void>;
}

/** Rejects state-changing requests that a browser sent from another site (CSRF). */
function sameOriginOnly(req: Request, res: Response, next: NextFunction) {
  if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return next();
  const origin = req.get("origin");
  const site = req.get("sec-fetch-site");
  const expected = `${req.protocol}://${req.get("host")}`;
  if ((origin && origin !== "null" && origin !== expected) || origin === "null" || site === "cross-site") {
    res.status(403).type("text/plain").send("This form was sent from another site, so it was refused. Reload the page and try again.");
    return;
  }
  next();
}

/** Builds the HTTP server: Express + Remix (Vite middleware in development) + the collaboration socket. */
export async function createDevolveServer(env: Env, logger: Logger, opts: { collabLimits?: Partial<CollabLimits> } = {}): Promise<DevolveServer> {
  // A short busy timeout: better-sqlite3 waits synchronously, so a long one would stall every request.
  const db = createDb(env.DATABASE_PATH, { busyTimeoutMs: 200 });
  if (env.DEVOLVE_SEED === "demo" && (await seedDemoIfEmpty(db, { today: env.DEVOLVE_SEED_DATE }))) logger.info("seeded the demo trust");
  deleteExpiredSessions(db);

  const collab = createCollabServer({
    db,
    logger: logger.child({ component: "collab" }),
    authorize: sessionAuthorizer(db),
    recheck: sessionRecheck(db),
    limits: {
      ...(env.COLLAB_MAX_MESSAGE_BYTES ? { maxMessageBytes: env.COLLAB_MAX_MESSAGE_BYTES } : {}),
      ...(env.COLLAB_UNLOAD_GRACE_MS ? { unloadGraceMs: env.COLLAB_UNLOAD_GRACE_MS } : {}),
      ...opts.collabLimits,
    },
  });
  const signInThrottle = new SignInThrottle();
  // An empty deployment without the demo has no account to sign in with: a one-time link makes the first.
  const setupLink = new SetupLink(countUsers(db) === 0);
  const mailer = createMailer(env.SMTP_URL, env.MAIL_FROM, logger.child({ component: "mail" }));
  const services: AppServices = {
    mailer,
    setupLink,
    oidc: createOidcService(env, logger.child({ component: "oidc" })),
    db,
    env,
    logger,
    collab,
    signInThrottle,
    signInLimits: { byIp: signInThrottle.byIp, byAccount: signInThrottle.byAccount },
  };
  const housekeeping = startHousekeeping({ db, throttle: signInThrottle, logger });

  const app = express();
  const httpServer = http.createServer(app);
  app.disable("x-powered-by");
  // Only as many proxies as configured are believed: X-Forwarded-For from a client is ignored.
  app.set("trust proxy", env.TRUST_PROXY_HOPS);
  app.use(securityHeaders({ development: env.NODE_ENV === "development" }));
  app.use(errorStatusInsteadOf500());
  app.use(limitBodies(bodyLimits(db)));
  app.use(compression());

  let build: ServerBuild | (() => Promise<ServerBuild>);
  let vite: import("vite").ViteDevServer | undefined;
  if (env.NODE_ENV === "development") {
    const { createServer } = await import("vite");
    vite = await createServer({ root, server: { middlewareMode: true, hmr: { server: httpServer, path: "/__vite_hmr" } } });
    app.use(vite.middlewares);
    build = () => vite!.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>;
  } else {
    const buildDir = path.resolve(root, env.BUILD_DIR);
    const clientDir = path.join(buildDir, "client");
    app.use("/assets", express.static(path.join(clientDir, "assets"), { immutable: true, maxAge: "1y" }));
    app.use(express.static(clientDir, { maxAge: "1h" }));
    build = (await import(path.join(buildDir, "server/index.js"))) as ServerBuild;
  }

  // For load balancers and operators: counts only, nothing about any trust. `degradedRooms` and
  // `skippedOnLoad` say a document loaded without some of its logged updates (see the log).
  app.get("/healthz", (_req, res) => {
    const stats = collab.stats();
    res.type("application/json").send(JSON.stringify({ status: "ok", collab: stats }));
  });

  app.use(sameOriginOnly);
  app.all(
    "*",
    createRequestHandler({
      build,
      mode: env.NODE_ENV === "development" ? "development" : "production",
      getLoadContext: (req, res) =>
        ({
          ...services,
          clientIp: req.ip ?? "unknown",
          secure: req.secure,
          cspNonce: cspNonce(res),
          dataRequest: req.path.endsWith(".data"),
          onError: (err) => noteError(res, err),
        }) satisfies RequestContext as AppLoadContext,
    }),
  );
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const status = statusForError(err);
    if (status === undefined) logger.error({ err, url: req.originalUrl }, "unhandled request error");
    if (res.headersSent) return;
    if (status === 503) res.status(503).set("Retry-After", "1").type("text/plain").send("The service is busy. Try again in a moment.");
    else if (status !== undefined) res.status(status).type("text/plain").send("That request could not be understood.");
    else res.status(500).type("text/plain").send("Sorry, something went wrong on our side. Try again shortly.");
  });

  httpServer.on("upgrade", (req, socket, head) => {
    // Only /collab/ is ours; Vite's HMR socket (development) handles its own path.
    if (!collab.handleUpgrade(req, socket, head) && !vite) socket.destroy();
  });

  let closing: Promise<void> | undefined;
  return {
    httpServer,
    services,
    housekeeping,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        httpServer.once("error", reject);
        httpServer.listen(port, host, () => {
          const bound = (httpServer.address() as { port: number }).port;
          // Printed once, at start: the only place the first-run link appears.
          if (setupLink.token) logger.warn({ setupUrl: `${env.PUBLIC_URL ?? `http://localhost:${bound}`}/setup/${setupLink.token}` }, `Devolve has no accounts yet. To create the first trust and its administrator, open ${env.PUBLIC_URL ?? `http://localhost:${bound}`}/setup/${setupLink.token} (the link works once, until the server restarts)`);
          resolve(bound);
        });
      }),
    close: () =>
      (closing ??= (async () => {
        housekeeping.stop();
        const stopped = new Promise<void>((resolve) => httpServer.close(() => resolve()));
        httpServer.closeIdleConnections();
        await collab.close();
        await vite?.close();
        // In-flight requests get a short while to finish; then remaining keep-alive sockets are cut.
        const timer = setTimeout(() => httpServer.closeAllConnections(), 5000);
        await stopped;
        clearTimeout(timer);
        mailer?.close();
        db.$client.close();
      })()),
  };
}
