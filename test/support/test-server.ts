import { createPinoLogger } from '../../adapters/pino/logger.pino';
import { type BuildOptions, buildServer } from '../../apps/server/build-server';
import type { ServerConfig } from '../../apps/server/config';
import { tempDir } from './temp-dir';

export const testConfig = (overrides: Partial<ServerConfig> = {}): ServerConfig => ({
  port: 0,
  host: '127.0.0.1',
  dataDir: '/nonexistent',
  store: 'sqlite',
  objects: 'fs',
  logLevel: 'silent',
  accessLog: 'all',
  corsOrigins: ['https://app.example.com'],
  outboxPollMs: 50,
  // The job worker looks at the queue once at start, then not for a minute: an HTTP test's
  // orders stay as it left them rather than racing their fulfilment (test/messaging sets its own).
  jobsPollMs: 60_000,
  shutdownTimeoutMs: 5000,
  // Open, as the tests that send no credential expect; auth tests set `auth: 'required'`.
  auth: 'off',
  // Tests send bursts from one address; the rate-limit tests turn it on.
  rateLimit: { perSecond: 0, burst: 1 },
  ...overrides,
});

/** A server on a fresh SQLite file, started; `close` also removes the data. */
export const startTestServer = async (
  overrides: Partial<ServerConfig> = {},
  options: Omit<BuildOptions, 'config'> = {},
) => {
  const dir = tempDir('server-');
  const config = testConfig({ dataDir: dir.path, ...overrides });
  const server = await buildServer({
    config,
    logger: createPinoLogger({ level: 'silent' }),
    ...options,
  });
  server.start();
  return {
    ...server,
    config,
    dispose: async () => {
      await server.close();
      dir.remove();
    },
  };
};
