import { resolve } from 'node:path';
import { z } from 'zod';
import { ACCESS_LOGS } from '../../adapters/http/access-log';
import type { JwtSettings } from '../../adapters/jose/jwt-verifier.jose';
import { type AuthMode, loadAuthConfig } from '../config/auth-env';
import { ConfigError, parseOrigins, readEnv } from '../config/read-env';
import { STORE_KINDS, type StoreKind } from '../modules/domain-module';
import { type ObjectStoreName, objectStoreFactories } from './object-stores';
import { parseTrustProxy, type TrustProxy } from './trust-proxy';

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
  JOBS_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(200),
  JOBS_VISIBILITY_SECONDS: z.coerce.number().int().min(1).max(43_200).default(60),
  JOBS_BATCH_NOTIFICATION: z.enum(['on', 'off']).default('on'),
  FULFILMENT_STORE: z.string().min(1).max(100).default('main'),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
  BODY_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  /** Parsed by parseTrustProxy: kept as text here so its message can say what is allowed. */
  TRUST_PROXY: z.string().optional(),
  MAX_CONNECTIONS_PER_IP: z.coerce.number().int().min(0).max(100_000).default(100),
  RATE_LIMIT_PER_SECOND: z.coerce.number().min(0).max(1_000_000).default(100),
  RATE_LIMIT_BURST: z.coerce.number().int().min(1).max(10_000_000).default(200),
  LIVE_MAX_BUFFERED_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 ** 2),
  UPLOAD_QUOTA_BYTES_PER_DAY: z.coerce
    .number()
    .int()
    .min(0)
    .default(1024 ** 3),
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
  /** How often the job worker looks at an empty queue. */
  jobsPollMs?: number;
  /** How long a job received by the worker stays hidden from the others (a crash: how long until it is back). */
  jobsVisibilitySeconds?: number;
  /** The messaging module's settings (MessagingOptions): batch notification, fulfilment store. */
  messaging?: { batchNotification: boolean; defaultStore: string };
  shutdownTimeoutMs: number;
  /** BODY_TIMEOUT_MS: how long a request (headers and body) may take to arrive; then 408. */
  bodyTimeoutMs?: number | undefined;
  /**
   * TRUST_PROXY: the proxies whose X-Forwarded-For gives the client's address (request.ip, which
   * the rate limit counts by); off when absent.
   */
  trustProxy?: TrustProxy | undefined;
  /** MAX_CONNECTIONS_PER_IP: open connections one address may hold; 0 for no cap. */
  maxConnectionsPerIp?: number | undefined;
  /** RATE_LIMIT_PER_SECOND (0: off) and RATE_LIMIT_BURST, per credential or, without one, per address. */
  rateLimit?: { perSecond: number; burst: number } | undefined;
  /** UPLOAD_QUOTA_BYTES_PER_DAY: per credential, per UTC day (1 GiB). */
  uploadQuotaBytesPerDay?: number | undefined;
  /** LIVE_MAX_BUFFERED_BYTES: a /ws client with more unsent than this is dropped (1 MiB). */
  liveMaxBufferedBytes?: number | undefined;
  /** How long a closed /ws client has to finish the close handshake before its socket is destroyed. */
  liveCloseGraceMs?: number | undefined;
  /** How often /ws sockets are pinged; one that answered no ping since the last is destroyed. */
  liveHeartbeatMs?: number | undefined;
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
    jobsPollMs: c.JOBS_POLL_MS,
    jobsVisibilitySeconds: c.JOBS_VISIBILITY_SECONDS,
    messaging: {
      batchNotification: c.JOBS_BATCH_NOTIFICATION === 'on',
      defaultStore: c.FULFILMENT_STORE,
    },
    shutdownTimeoutMs: c.SHUTDOWN_TIMEOUT_MS,
    bodyTimeoutMs: c.BODY_TIMEOUT_MS,
    trustProxy: parseTrustProxy(c.TRUST_PROXY),
    maxConnectionsPerIp: c.MAX_CONNECTIONS_PER_IP,
    rateLimit: { perSecond: c.RATE_LIMIT_PER_SECOND, burst: c.RATE_LIMIT_BURST },
    uploadQuotaBytesPerDay: c.UPLOAD_QUOTA_BYTES_PER_DAY,
    liveMaxBufferedBytes: c.LIVE_MAX_BUFFERED_BYTES,
  };
};
