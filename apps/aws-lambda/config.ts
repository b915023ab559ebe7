import * as z from 'zod/mini';
import { ACCESS_LOGS, type AccessLog } from '../../adapters/http/access-log';
import { LOG_LEVELS, type LogLevel } from './lambda-logger';

/** The `source` of every event this app puts on EventBridge; rules match on it. */
export const EVENT_SOURCE = 'one-core';

const name = z.string().check(z.minLength(1), z.maxLength(256));

/** Every setting any function reads; each function then requires the ones it needs. */
const envSchema = z.object({
  TABLE_NAME: z.optional(name),
  EVENT_BUS_NAME: z.optional(name),
  /** The `source` of the events this app puts on the bus. */
  EVENT_SOURCE: z._default(name, EVENT_SOURCE),
  TOPIC_ARN: z.optional(z.string().check(z.regex(/^arn:aws[\w-]*:sns:[\w-]+:\d{12}:[\w-]+$/))),
  BUCKET_NAME: z.optional(name),
  CORS_ORIGINS: z._default(z.string(), ''),
  LOG_LEVEL: z._default(z.enum(LOG_LEVELS as [LogLevel, ...LogLevel[]]), 'info'),
  ACCESS_LOG: z._default(z.enum(ACCESS_LOGS), 'errors'),
});

type EnvName = keyof typeof envSchema.shape;
type Env = z.output<typeof envSchema>;

export interface LambdaConfig {
  tableName: string | undefined;
  eventBusName: string | undefined;
  eventSource: string;
  topicArn: string | undefined;
  bucketName: string | undefined;
  corsOrigins: string[];
  logLevel: LogLevel;
  accessLog: AccessLog;
}

export class ConfigError extends Error {}

/** A setting this function cannot run without (the stack sets it; a local run may not). */
export const required = <T>(value: T | undefined, variable: EnvName): T => {
  if (value === undefined) {
    throw new ConfigError(`Invalid configuration: ${variable} is required by this function`);
  }
  return value;
};

/** `*` or exact origins: an origin never has a path, so `https://a.example/` would never match. */
const parseOrigins = (value: string): string[] => {
  const origins = value
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  for (const origin of origins) {
    if (origin === '*') continue;
    const parsed = URL.canParse(origin) ? new URL(origin) : undefined;
    if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.origin !== origin) {
      throw new ConfigError(
        `Invalid configuration: CORS_ORIGINS: "${origin}" is not an origin such as https://app.example.com`,
      );
    }
  }
  return origins;
};

/**
 * Reads the function's environment once, at module scope: a missing or bad value fails
 * the init phase with one line naming the variable, rather than the first request.
 */
export const loadLambdaConfig = (env: Record<string, string | undefined>): LambdaConfig => {
  const known = Object.fromEntries(
    Object.keys(envSchema.shape).map((key) => [key, env[key] === '' ? undefined : env[key]]),
  );
  const result = envSchema.safeParse(known);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const key = String(issue.path[0]);
    throw new ConfigError(
      `Invalid configuration: ${key}: ${issue.message} (got ${JSON.stringify(env[key])})`,
    );
  }
  const values: Env = result.data;
  return {
    tableName: values.TABLE_NAME,
    eventBusName: values.EVENT_BUS_NAME,
    eventSource: values.EVENT_SOURCE,
    topicArn: values.TOPIC_ARN,
    bucketName: values.BUCKET_NAME,
    corsOrigins: parseOrigins(values.CORS_ORIGINS),
    logLevel: values.LOG_LEVEL,
    accessLog: values.ACCESS_LOG,
  };
};
