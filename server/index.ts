import { createDevolveServer } from "./app";
import { loadEnv } from "./env";
import { createLogger } from "./logger";

const env = loadEnv();
const logger = createLogger(env.LOG_LEVEL);
const server = await createDevolveServer(env, logger);
const port = await server.listen(env.PORT, env.HOST);
logger.info({ port, mode: env.NODE_ENV, database: env.DATABASE_PATH }, `Devolve is running at http://localhost:${port}`);

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    logger.info({ signal }, "shutting down");
    server.close().then(
      () => process.exit(0),
      (err) => {
        logger.error({ err }, "shutdown failed");
        process.exit(1);
      },
    );
  });
}
process.on("unhandledRejection", (err) => logger.error({ err }, "unhandled rejection"));
