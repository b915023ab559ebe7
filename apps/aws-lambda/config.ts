import * as z from 'zod/mini';
import {
  TRANSACTION_MODES,
  type TransactionMode,
} from '../../adapters/aws/dynamodb/transaction-mode';
import { ACCESS_LOGS, type AccessLog } from '../../adapters/http/access-log';
import { APP_EVENT_SOURCE } from '../composition/rules';
import { ConfigError, parseOrigins, readEnv } from '../config/read-env';
import { LOG_LEVELS, type LogLevel } from './lambda-logger';

/** The `source` of every event this app puts on EventBridge; rules match on it. */
export const EVENT_SOURCE = APP_EVENT_SOURCE;

const name = z.string().check(z.minLength(1), z.maxLength(256));

/** Every setting any function reads; each function then requires the ones it needs. */
const envSchema = z.object({
  TABLE_NAME: z.optional(name),
  /**
   * `sequential` only to run the built functions against an emulator without TransactWriteItems
   * (dynalite): NOT atomic. The stack never sets it.
   */
  DYNAMODB_TRANSACTIONS: z._default(z.enum(TRANSACTION_MODES), 'native'),
  EVENT_BUS_NAME: z.optional(name),
  /** The `source` of the events this app puts on the bus. */
  EVENT_SOURCE: z._default(name, EVENT_SOURCE),
  TOPIC_ARN: z.optional(z.string().check(z.regex(/^arn:aws[\w-]*:sns:[\w-]+:\d{12}:[\w-]+$/))),
  BUCKET_NAME: z.optional(name),
  CORS_ORIGINS: z._default(z.string(), ''),
  /** The WebSocket stage's callback URL, where PostToConnection reaches the live clients. */
  LIVE_CALLBACK_URL: z.optional(z.url({ protocol: /^https?$/ })),
  LOG_LEVEL: z._default(z.enum(LOG_LEVELS as [LogLevel, ...LogLevel[]]), 'info'),
  ACCESS_LOG: z._default(z.enum(ACCESS_LOGS), 'errors'),
});

export type EnvName = keyof typeof envSchema.shape;

export interface LambdaConfig {
  tableName: string | undefined;
  transactions: TransactionMode;
  eventBusName: string | undefined;
  eventSource: string;
  topicArn: string | undefined;
  bucketName: string | undefined;
  liveCallbackUrl: string | undefined;
  corsOrigins: string[];
  logLevel: LogLevel;
  accessLog: AccessLog;
}

export { ConfigError };

/** A setting this function cannot run without (the stack sets it; a local run may not). */
export const required = <T>(value: T | undefined, variable: EnvName): T => {
  if (value === undefined) {
    throw new ConfigError(`Invalid configuration: ${variable} is required by this function`);
  }
  return value;
};

/**
 * Reads the function's environment once, at module scope: a missing or bad value fails
 * the init phase with one line naming the variable, rather than the first request.
 */
export const loadLambdaConfig = (env: Record<string, string | undefined>): LambdaConfig => {
  const values = readEnv(envSchema, env);
  return {
    tableName: values.TABLE_NAME,
    transactions: values.DYNAMODB_TRANSACTIONS,
    eventBusName: values.EVENT_BUS_NAME,
    eventSource: values.EVENT_SOURCE,
    topicArn: values.TOPIC_ARN,
    bucketName: values.BUCKET_NAME,
    liveCallbackUrl: values.LIVE_CALLBACK_URL,
    corsOrigins: parseOrigins(values.CORS_ORIGINS),
    logLevel: values.LOG_LEVEL,
    accessLog: values.ACCESS_LOG,
  };
};
