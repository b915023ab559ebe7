import { resolve } from 'node:path';
import { z } from 'zod';
import { ACCESS_LOGS } from '../../adapters/http/access-log';
import type { JwtSettings } from '../../adapters/jose/jwt-verifier.jose';
import { type AuthMode, loadAuthConfig } from '../config/auth-env';
import { ConfigError, parseOrigins, readEnv } from '../config/read-env';
import { STORE_KINDS, type StoreKind } from '../modules/domain-module';
import { type ObjectStoreName, objectStoreFactories } from './object-stores';

const port = z.coerce.number().int().min(0).max(65535);

export const configSchema = z.object({
  PORT: port.default(3000),
  HOST: z.string().min(1).default('localhost'),
  DATA_DIR: z.string().min(1).default('./data'),
  STORE: z.enum(STORE_KINDS).default('sqlite'),
  OBJECTS: z
    .enum(Object.keys(objectStoreFactories) as [ObjectStoreName, ...ObjectStoreName[]])
    .default('fs'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ACCESS_LOG: z.enum(ACCESS_LOGS).default('errors'),
  CORS_ORIGINS: z.string().default(''),
  OUTBOX_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(1000),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
});

export type RawConfig = z.output<typeof configSchema>;

export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  store: StoreKind;
  /** The object store (OBJECTS); `fs` when absent. loadConfig always sets it. */
  objects: ObjectStoreName;
  logLevel: RawConfig['LOG_LEVEL'];
  accessLog: RawConfig['ACCESS_LOG'];
  corsOrigins: string[];
  outboxPollMs: number;
  shutdownTimeoutMs: number;
  /**
   * AUTH: `required` or `off`; unset, the server requires credentials unless it listens on
   * loopback only (`npm start` on a laptop), where it runs open and says so once.
   */
  auth?: AuthMode | undefined;
  /** JWT_*: where JWTs are checked against; API keys work without it. */
  jwt?: JwtSettings | undefined;
}

export { ConfigError };

/** Reads the environment once at start-up; a bad value is one line naming the variable. */
export const loadConfig = (env: Record<string, string | undefined> = process.env): ServerConfig => {
  const c = readEnv(configSchema, env);
  const auth = loadAuthConfig(env);
  return {
    auth: auth.mode,
    jwt: auth.jwt,
    port: c.PORT,
    host: c.HOST,
    dataDir: resolve(c.DATA_DIR),
    store: c.STORE,
    objects: c.OBJECTS,
    logLevel: c.LOG_LEVEL,
    accessLog: c.ACCESS_LOG,
    corsOrigins: parseOrigins(c.CORS_ORIGINS),
    outboxPollMs: c.OUTBOX_POLL_MS,
    shutdownTimeoutMs: c.SHUTDOWN_TIMEOUT_MS,
  };
};
