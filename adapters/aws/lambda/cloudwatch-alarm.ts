import type { SNSEvent, SNSEventRecord } from 'aws-lambda';
import * as z from 'zod/mini';
import {
  ALARM_STATES,
  type AlarmMetric,
  type AlarmNotice,
} from '../../../domain/operations/alarm-notice';
import type { Logger } from '../../../ports/logger.port';

const dimensions = z.optional(
  z.nullable(z.array(z.object({ name: z.string(), value: z.string() }))),
);
const metricStat = z.object({
  Metric: z.object({
    MetricName: z.optional(z.string()),
    Namespace: z.optional(z.string()),
    Dimensions: dimensions,
  }),
  Period: z.optional(z.number()),
  Stat: z.optional(z.string()),
});

/**
 * The alarm's JSON in an SNS notification's Message (CloudWatch "Using Amazon SNS to notify":
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html). A
 * single-metric alarm describes its metric in Trigger itself; a metric-math alarm lists its terms
 * in Trigger.Metrics. Other fields are ignored.
 */
const alarmMessageSchema = z.object({
  AlarmName: z.string().check(z.minLength(1)),
  AlarmDescription: z.optional(z.nullable(z.string())),
  AlarmArn: z.string().check(z.minLength(1)),
  NewStateValue: z.enum(ALARM_STATES),
  OldStateValue: z.enum(ALARM_STATES),
  NewStateReason: z.string(),
  /** `2015-06-03T17:43:27.123+0000`: ISO 8601 with a basic-format offset. */
  StateChangeTime: z.string(),
  Trigger: z.optional(
    z.object({
      MetricName: z.optional(z.string()),
      Namespace: z.optional(z.string()),
      Statistic: z.optional(z.string()),
      Dimensions: dimensions,
      Period: z.optional(z.number()),
      Metrics: z.optional(
        z.array(
          z.object({
            Id: z.string(),
            Expression: z.optional(z.string()),
            MetricStat: z.optional(metricStat),
          }),
        ),
      ),
    }),
  ),
});
type AlarmMessage = z.infer<typeof alarmMessageSchema>;

const dimensionsOf = (list: z.infer<typeof dimensions>) =>
  Object.fromEntries((list ?? []).map(({ name, value }) => [name, value]));

const metricsOf = (trigger: AlarmMessage['Trigger']): AlarmMetric[] => {
  if (!trigger) return [];
  if (trigger.Metrics) {
    return trigger.Metrics.map((term) => ({
      id: term.Id,
      ...(term.Expression !== undefined ? { expression: term.Expression } : {}),
      ...(term.MetricStat
        ? {
            namespace: term.MetricStat.Metric.Namespace,
            name: term.MetricStat.Metric.MetricName,
            dimensions: dimensionsOf(term.MetricStat.Metric.Dimensions),
            statistic: term.MetricStat.Stat,
            periodSeconds: term.MetricStat.Period,
          }
        : {}),
    }));
  }
  return [
    {
      namespace: trigger.Namespace,
      name: trigger.MetricName,
      dimensions: dimensionsOf(trigger.Dimensions),
      statistic: trigger.Statistic,
      periodSeconds: trigger.Period,
    },
  ];
};

/** Drops the keys left undefined, so the notice (and the event made of it) carries no nulls. */
const defined = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

/**
 * An SNS record's alarm message as an AlarmNotice, or null when the message is not a CloudWatch
 * alarm (a test publish, someone's note to the topic).
 */
export const snsRecordToAlarmNotice = (record: SNSEventRecord): AlarmNotice | null => {
  let body: unknown;
  try {
    body = JSON.parse(record.Sns.Message);
  } catch {
    return null;
  }
  const parsed = alarmMessageSchema.safeParse(body);
  if (!parsed.success) return null;
  const alarm = parsed.data;
  const changedAt = new Date(alarm.StateChangeTime);
  if (Number.isNaN(changedAt.getTime())) return null;
  return {
    name: alarm.AlarmName,
    id: alarm.AlarmArn,
    ...(alarm.AlarmDescription ? { description: alarm.AlarmDescription } : {}),
    newState: alarm.NewStateValue,
    oldState: alarm.OldStateValue,
    reason: alarm.NewStateReason,
    changedAt: changedAt.toISOString(),
    metrics: metricsOf(alarm.Trigger).map(defined),
  };
};

export interface CloudWatchAlarmHandlerDeps {
  onAlarm(notice: AlarmNotice): Promise<void>;
  logger: Logger;
}

/**
 * The ops topic's subscriber. SNS invokes Lambda asynchronously, so a failure is thrown for
 * Lambda to retry (twice, then the on-failure destination); a message that is not an alarm is
 * logged and skipped, since a retry cannot make it one.
 */
export const createCloudWatchAlarmHandler =
  ({ onAlarm, logger }: CloudWatchAlarmHandlerDeps) =>
  async (event: SNSEvent): Promise<void> => {
    for (const record of event.Records ?? []) {
      const notice = snsRecordToAlarmNotice(record);
      if (!notice) {
        logger.warn(
          { messageId: record.Sns.MessageId, subject: record.Sns.Subject },
          'SNS message skipped: not a CloudWatch alarm',
        );
        continue;
      }
      await onAlarm(notice);
    }
  };
