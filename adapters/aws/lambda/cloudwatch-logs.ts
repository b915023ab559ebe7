import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type {
  CloudWatchLogsDecodedData,
  CloudWatchLogsEvent,
  CloudWatchLogsLogEvent,
} from 'aws-lambda';
import type { LogBatch, LogLine } from '../../../domain/operations/logged-error';
import type { Logger } from '../../../ports/logger.port';

const gunzipAsync = promisify(gunzip);

/**
 * A subscription's payload: `awslogs.data` is the batch's JSON, gzipped, then base64-encoded
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/SubscriptionFilters.html#LambdaFunctionExample).
 */
export const decodeCloudWatchLogs = async (
  event: CloudWatchLogsEvent,
): Promise<CloudWatchLogsDecodedData> =>
  JSON.parse(
    (await gunzipAsync(Buffer.from(event.awslogs.data, 'base64'))).toString('utf8'),
  ) as CloudWatchLogsDecodedData;

/**
 * pino writes numeric levels; our Lambda logger (apps/aws-lambda/lambda-logger.ts) writes pino's
 * labels, which read the same in Logs Insights. Both are accepted, on pino's scale.
 */
const LEVEL_OF_LABEL: Record<string, number> = {
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  fatal: 60,
};

/**
 * Lines the runtime writes for console.* calls in the text log format carry a prefix:
 * `<ISO time>\t<request id>\t<LEVEL>\t<message>`; lines written to stdout directly (ours) do not.
 */
const RUNTIME_PREFIX = /^\d{4}-\d\d-\d\dT[\d:.]+Z\t([\w-]+)\t[A-Z]+\t/;

const levelOf = (value: unknown): number | undefined =>
  typeof value === 'number' ? value : typeof value === 'string' ? LEVEL_OF_LABEL[value] : undefined;

const timeOf = (value: unknown, fallbackMs: number): string => {
  const time = typeof value === 'string' || typeof value === 'number' ? new Date(value) : null;
  return (time && !Number.isNaN(time.getTime()) ? time : new Date(fallbackMs)).toISOString();
};

/**
 * One log event as a line of ours: a JSON object with a known level, `msg` and `awsRequestId`
 * (our logger's field; `requestId` and the runtime prefix's id are taken when it is absent).
 * Anything else (the runtime's START/END/REPORT lines, a stray console.log) is not ours: null.
 */
export const logEventToLine = (logEvent: CloudWatchLogsLogEvent): LogLine | null => {
  const prefix = RUNTIME_PREFIX.exec(logEvent.message);
  const text = (prefix ? logEvent.message.slice(prefix[0].length) : logEvent.message).trim();
  if (!text.startsWith('{')) return null;
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return null;
  }
  const level = levelOf(entry.level);
  if (level === undefined) return null;
  const err = entry.err as { message?: unknown } | undefined;
  const message = [entry.msg ?? entry.message, err?.message]
    .filter((part): part is string => typeof part === 'string' && part !== '')
    .join(': ');
  const requestId = [entry.awsRequestId, entry.requestId, prefix?.[1]].find(
    (id): id is string => typeof id === 'string' && id !== '' && id !== 'undefined',
  );
  return {
    level,
    message,
    time: timeOf(entry.time, logEvent.timestamp),
    ...(requestId ? { requestId } : {}),
  };
};

/** A decoded subscription batch as the operations domain reads it: our lines only. */
export const cloudWatchLogsToBatch = (data: CloudWatchLogsDecodedData): LogBatch => ({
  logGroup: data.logGroup,
  logStream: data.logStream,
  lines: (data.logEvents ?? []).flatMap((logEvent) => logEventToLine(logEvent) ?? []),
});

export interface CloudWatchLogsHandlerDeps {
  onBatch(batch: LogBatch): Promise<unknown>;
  logger: Logger;
}

/**
 * A log group's subscription. CloudWatch Logs invokes Lambda asynchronously: a failure to hand the
 * batch on is thrown for Lambda to retry. The CONTROL_MESSAGE CloudWatch Logs sends to check that
 * the destination is reachable carries no log events of ours and is skipped.
 */
export const createCloudWatchLogsHandler =
  ({ onBatch, logger }: CloudWatchLogsHandlerDeps) =>
  async (event: CloudWatchLogsEvent): Promise<void> => {
    const data = await decodeCloudWatchLogs(event);
    if (data.messageType !== 'DATA_MESSAGE') {
      logger.debug({ messageType: data.messageType }, 'log subscription message skipped');
      return;
    }
    await onBatch(cloudWatchLogsToBatch(data));
  };
