import * as z from 'zod/mini';
import { LOG_LEVELS, type LogLevel } from '../../adapters/azure/functions/invocation-logger';
import { ACCESS_LOGS, type AccessLog } from '../../adapters/http/access-log';
import { ConfigError, parseOrigins, readEnv } from '../config/read-env';

type Env = Record<string, string | undefined>;

/**
 * The app setting holding the storage connection string. Triggers name it (`connection`),
 * the adapters read it: one account for data, queues and blobs.
 */
export const CONNECTION_SETTING = 'AZURE_STORAGE_CONNECTION_STRING';

const queueName = z
  .string()
  .check(z.regex(/^(?=.{3,63}$)[a-z0-9]+(?:-[a-z0-9]+)*$/, 'a queue name: 3-63 of a-z 0-9 -'));
const containerName = z
  .string()
  .check(z.regex(/^(?=.{3,63}$)[a-z0-9]+(?:-[a-z0-9]+)*$/, 'a container name: 3-63 of a-z 0-9 -'));

/** What function registration needs: read when the host loads the app, defaults for all. */
const triggerSchema = z.object({
  AZURE_EVENTS_QUEUE: z._default(queueName, 'domain-events'),
  /** The messaging jobs (and `<name>-poison`, their dead letters). */
  AZURE_JOBS_QUEUE: z._default(queueName, 'jobs'),
  AZURE_UPLOADS_CONTAINER: z._default(containerName, 'uploads'),
  /**
   * How the app hears of new blobs in the uploads container: `blob-trigger` (works anywhere,
   * Azurite included; the host reads each blob's bytes first) or `event-grid` (an Event Grid
   * subscription to BlobCreated; the host reads nothing, so large files stay streamed).
   */
  AZURE_OBJECT_EVENTS: z._default(z.enum(['blob-trigger', 'event-grid']), 'blob-trigger'),
  /** NCRONTAB with seconds: the relay's recovery sweep. HTTP writes are relayed at once. */
  OUTBOX_RELAY_SCHEDULE: z._default(z.string().check(z.minLength(11)), '0 */1 * * * *'),
});

const runtimeSchema = z.object({
  [CONNECTION_SETTING]: z.string().check(z.minLength(1, 'Set it to the storage account')),
  AZURE_TABLES_PREFIX: z._default(
    z.string().check(z.regex(/^[A-Za-z][A-Za-z0-9]{0,53}$/, 'letters and digits, from a letter')),
    'onecore',
  ),
  CORS_ORIGINS: z._default(z.string(), ''),
  LOG_LEVEL: z._default(z.enum(LOG_LEVELS as unknown as [LogLevel, ...LogLevel[]]), 'info'),
  ACCESS_LOG: z._default(z.enum(ACCESS_LOGS), 'errors'),
  /** Where notifications (out-of-stock alerts) are queued for whoever sends them on. */
  AZURE_NOTIFICATIONS_QUEUE: z._default(queueName, 'notifications'),
});

export { ConfigError };

/** Never echo the connection string: it holds the account key. */
const parse = <S extends z.ZodMiniObject>(schema: S, env: Env): z.output<S> =>
  readEnv(schema, env, { secrets: [CONNECTION_SETTING] });

export interface TriggerSettings {
  eventsQueue: string;
  jobsQueue: string;
  uploadsContainer: string;
  objectEvents: 'blob-trigger' | 'event-grid';
  relaySchedule: string;
}

export const triggerSettings = (env: Env): TriggerSettings => {
  const raw = parse(triggerSchema, env);
  return {
    eventsQueue: raw.AZURE_EVENTS_QUEUE,
    jobsQueue: raw.AZURE_JOBS_QUEUE,
    uploadsContainer: raw.AZURE_UPLOADS_CONTAINER,
    objectEvents: raw.AZURE_OBJECT_EVENTS,
    relaySchedule: raw.OUTBOX_RELAY_SCHEDULE,
  };
};

export interface AzureConfig extends TriggerSettings {
  connectionString: string;
  tablePrefix: string;
  corsOrigins: string[];
  logLevel: LogLevel;
  accessLog: AccessLog;
  notificationsQueue: string;
}

export const loadAzureConfig = (env: Env): AzureConfig => {
  const raw = parse(runtimeSchema, env);
  return {
    ...triggerSettings(env),
    connectionString: raw[CONNECTION_SETTING],
    tablePrefix: raw.AZURE_TABLES_PREFIX,
    corsOrigins: parseOrigins(raw.CORS_ORIGINS),
    logLevel: raw.LOG_LEVEL,
    accessLog: raw.ACCESS_LOG,
    notificationsQueue: raw.AZURE_NOTIFICATIONS_QUEUE,
  };
};
