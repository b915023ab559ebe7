import { buildServer } from './build-server';
import { ConfigError, loadConfig } from './config';

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}

let server: Awaited<ReturnType<typeof buildServer>>;
try {
  server = await buildServer({ config });
} catch (error) {
  process.stderr.write(
    `Could not start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
}
const { app, logger } = server;
server.start();
try {
  await app.listen({ port: config.port, host: config.host });
  // `localhost` is two sockets (IPv4 and IPv6): one line each, as Fastify's own logger writes.
  for (const bound of app.addresses()) {
    const url =
      typeof bound === 'string'
        ? bound // a unix socket path
        : `http://${bound.family === 'IPv6' ? `[${bound.address}]` : bound.address}:${bound.port}`;
    logger.info({}, `Server listening at ${url}`);
  }
} catch (error) {
  logger.error({ err: error }, 'could not listen');
  await server.close();
  process.exit(1);
}

let stopping = false;
const shutdown = (signal: NodeJS.Signals) => {
  // Ctrl-C and `systemctl stop` signal the whole process group, and npm forwards its own copy:
  // one signal arrives twice. Shut down once; with `once`, the copy would kill the process mid-way.
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down: finishing in-flight requests, flushing the outbox');
  const deadline = setTimeout(() => {
    logger.error({ timeoutMs: config.shutdownTimeoutMs }, 'shutdown timed out; exiting');
    process.exit(1);
  }, config.shutdownTimeoutMs);
  deadline.unref();
  server
    .close()
    .then(() => {
      logger.info('stopped');
      process.exit(0);
    })
    .catch((error: unknown) => {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    });
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
