import { pino } from 'pino';
import { createPinoLogger } from '../../adapters/pino/logger.pino';
import { buildServer, type Server } from '../server/build-server';
import { ConfigError, loadConfig } from '../server/config';
import { storeUrlToEnv } from './store-url';

export const fail = (message: string, code = 2): never => {
  process.stderr.write(`${message}\n`);
  process.exit(code);
};

/**
 * The app on the configured store (STORE, DATA_DIR...) or the one `storeUrl` names, without
 * listening: what every command works on. Logs go to stderr, warnings and up unless LOG_LEVEL
 * says otherwise; a store another process holds is one clear line.
 */
export const openApp = async (
  storeUrl: string | undefined,
  /** What to do instead while a server holds the store (the command's HTTP equivalent). */
  instead = 'use the HTTP API instead',
): Promise<Server> => {
  let env: Record<string, string | undefined> = { LOG_LEVEL: 'warn', ...process.env };
  try {
    if (storeUrl) env = { ...env, ...storeUrlToEnv(storeUrl) };
  } catch (error) {
    fail((error as Error).message);
  }
  let config: ReturnType<typeof loadConfig>;
  try {
    // Nothing listens: the HTTP API's credential check does not apply to a command.
    config = { ...loadConfig(env), auth: 'off' };
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message, 1);
    throw error;
  }
  const logger = createPinoLogger({
    level: config.logLevel,
    destination: pino.destination({ fd: 2, sync: true }),
  });
  // No admin console: nothing listens, and its "not built" warning would land in every
  // command's stderr.
  return buildServer({ config, env, logger, consoleDir: false }).catch((error: unknown) => {
    const reason = error instanceof Error ? error.message : String(error);
    // SQLite belongs to one process: a running server holds it.
    const hint = /in use by another process/.test(reason)
      ? `\nA server is running on this DATA_DIR: stop it, or ${instead}.`
      : '';
    return fail(`Could not open the store: ${reason}${hint}`, 1);
  });
};
