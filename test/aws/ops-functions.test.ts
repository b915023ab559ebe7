import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { CloudWatchLogsDecodedData, CloudWatchLogsEvent, SNSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { snsRecordToAlarmNotice } from '../../adapters/aws/lambda/cloudwatch-alarm';
import { decodeCloudWatchLogs, logEventToLine } from '../../adapters/aws/lambda/cloudwatch-logs';
import { createLambdaLogger } from '../../apps/aws-lambda/lambda-logger';

/*
 * The ops-notifier and log-errors functions as their bundles export them (functions/*.ts, imported
 * with the stack's environment), fed the real event shapes; what reaches EventBridge and SNS is
 * read from the clients' mocks (no emulator speaks either API).
 */

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/aws-events');
const fixture = <T>(name: string): T => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as T;

const ENV = {
  EVENT_BUS_NAME: 'one-core-bus',
  EVENT_SOURCE: 'one-core',
  TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:one-core-notifications',
  AWS_REGION: 'eu-west-1',
  LOG_LEVEL: 'silent',
};
const CONTEXT = { awsRequestId: 'ops-invocation-1' };

type Handler<E> = (event: E, context: typeof CONTEXT) => Promise<void>;

describe('ops functions (real event shapes, aws-sdk-client-mock)', () => {
  const eventBridge = mockClient(EventBridgeClient);
  const sns = mockClient(SNSClient);
  const saved = { ...process.env };
  let opsNotifier: Handler<SNSEvent>;
  let logErrors: Handler<CloudWatchLogsEvent>;

  /** Each PutEvents entry with its Detail parsed back into the DomainEvent. */
  const putEvents = () =>
    eventBridge.commandCalls(PutEventsCommand).flatMap((call) =>
      (call.args[0].input.Entries ?? []).map((entry) => ({
        ...entry,
        Detail: JSON.parse(entry.Detail ?? 'null'),
      })),
    );
  const published = () => sns.commandCalls(PublishCommand).map((call) => call.args[0].input);

  beforeAll(async () => {
    Object.assign(process.env, ENV);
    ({ handler: opsNotifier } = (await import('../../apps/aws-lambda/functions/ops-notifier')) as {
      handler: Handler<SNSEvent>;
    });
    ({ handler: logErrors } = (await import('../../apps/aws-lambda/functions/log-errors')) as {
      handler: Handler<CloudWatchLogsEvent>;
    });
  });
  beforeEach(() => {
    eventBridge.reset();
    eventBridge.on(PutEventsCommand).callsFake((input) => ({
      FailedEntryCount: 0,
      Entries: input.Entries.map((_: unknown, i: number) => ({ EventId: `eb-${i}` })),
    }));
    sns.reset();
    sns.on(PublishCommand).resolves({ MessageId: 'sns-1' });
  });
  afterAll(() => {
    eventBridge.restore();
    sns.restore();
    process.env = saved;
  });

  describe('ops-notifier (the ops topic subscriber)', () => {
    it('turns the single-metric alarm into ops.alarm_changed on our bus and an ALARM notice', async () => {
      await opsNotifier(fixture('cloudwatch-alarm-sns-payload-single-metric.json'), CONTEXT);
      expect(putEvents()).toEqual([
        {
          EventBusName: 'one-core-bus',
          Source: 'one-core',
          DetailType: 'ops.alarm_changed',
          Time: new Date('2015-06-03T17:43:27.123Z'),
          Detail: {
            id: expect.any(String),
            type: 'ops.alarm_changed',
            occurredAt: '2015-06-03T17:43:27.123Z',
            aggregateType: 'alarm',
            aggregateId: 'EXAMPLE',
            payload: {
              alarm: 'EXAMPLE',
              newState: 'ALARM',
              oldState: 'INSUFFICIENT_DATA',
              reason: expect.stringMatching(/^Threshold Crossed: 1 out of the last 1 datapoints/),
              changedAt: '2015-06-03T17:43:27.123Z',
              metrics: [
                {
                  namespace: 'AWS/EC2',
                  name: 'NetworkOut',
                  dimensions: { InstanceId: 'TestInstance' },
                  statistic: 'AVERAGE',
                  periodSeconds: 60,
                },
              ],
            },
          },
        },
      ]);
      expect(published()).toEqual([
        {
          TopicArn: ENV.TOPIC_ARN,
          Subject: 'ALARM: EXAMPLE',
          Message: expect.stringContaining(
            'EXAMPLE is ALARM (was INSUFFICIENT_DATA) since 2015-06-03T17:43:27.123Z.',
          ),
          MessageAttributes: {
            type: { DataType: 'String', StringValue: 'ops_alarm' },
            state: { DataType: 'String', StringValue: 'ALARM' },
            alarm: { DataType: 'String', StringValue: 'EXAMPLE' },
            to: { DataType: 'String', StringValue: 'ops' },
          },
        },
      ]);
    });

    it('reads a metric-math alarm: the expression and each metric it uses', async () => {
      await opsNotifier(fixture('cloudwatch-alarm-sns-payload-multiple-metrics.json'), CONTEXT);
      expect(putEvents()[0]?.Detail.payload.metrics).toEqual([
        { id: 'e1', expression: 'm1*1' },
        {
          id: 'm1',
          namespace: 'AWS/EC2',
          name: 'NetworkOut',
          dimensions: { InstanceId: 'TestInstance' },
          statistic: 'Average',
          periodSeconds: 60,
        },
      ]);
      expect(published()[0]?.Message).toContain('Watching: e1 = m1*1; AWS/EC2/NetworkOut');
    });

    it('raises the same event id when SNS delivers the same alarm change again', async () => {
      const event = fixture<SNSEvent>('cloudwatch-alarm-sns-payload-single-metric.json');
      await opsNotifier(event, CONTEXT);
      await opsNotifier(structuredClone(event), CONTEXT);
      const later = structuredClone(event);
      const message = JSON.parse(later.Records[0]!.Sns.Message);
      later.Records[0]!.Sns.Message = JSON.stringify({
        ...message,
        StateChangeTime: '2015-06-03T17:48:27.123+0000',
      });
      await opsNotifier(later, CONTEXT);
      const [first, again, next] = putEvents().map((entry) => entry.Detail.id);
      expect(again).toBe(first);
      expect(next).not.toBe(first);
    });

    it.each<[string, (alarm: Record<string, unknown>) => unknown]>([
      ['a JSON object that is not an alarm', () => ({ AlarmName: 'x' })],
      ['an unknown state', (alarm) => ({ ...alarm, NewStateValue: 'PENDING' })],
      [
        'a state change time that is not a time',
        (alarm) => ({ ...alarm, StateChangeTime: 'yesterday' }),
      ],
    ])('reads no alarm from %s', (_case, change) => {
      const record = fixture<SNSEvent>('cloudwatch-alarm-sns-payload-single-metric.json')
        .Records[0]!;
      record.Sns.Message = JSON.stringify(change(JSON.parse(record.Sns.Message)));
      expect(snsRecordToAlarmNotice(record)).toBeNull();
    });

    it('reads an alarm with no description (CloudWatch sends null)', () => {
      const record = fixture<SNSEvent>('cloudwatch-alarm-sns-payload-single-metric.json')
        .Records[0]!;
      record.Sns.Message = JSON.stringify({
        ...JSON.parse(record.Sns.Message),
        AlarmDescription: null,
      });
      expect(snsRecordToAlarmNotice(record)).toMatchObject({ name: 'EXAMPLE', newState: 'ALARM' });
      expect(snsRecordToAlarmNotice(record)).not.toHaveProperty('description');
    });

    it('skips a message that is not an alarm (the plain SNS fixture), sending nothing', async () => {
      await opsNotifier(fixture('sns-event.json'), CONTEXT);
      expect(putEvents()).toEqual([]);
      expect(published()).toEqual([]);
    });

    it('throws when EventBridge refuses the event, so Lambda retries the delivery', async () => {
      eventBridge.on(PutEventsCommand).resolves({
        FailedEntryCount: 1,
        Entries: [{ ErrorCode: 'AccessDeniedException', ErrorMessage: 'no' }],
      });
      await expect(
        opsNotifier(fixture('cloudwatch-alarm-sns-payload-single-metric.json'), CONTEXT),
      ).rejects.toThrow(/AccessDeniedException/);
      expect(published()).toEqual([]);
    });
  });

  describe('log-errors (the log groups’ subscription)', () => {
    const LOG_GROUP = '/aws/lambda/one-core-HttpFunction';

    /** Lines exactly as our Lambda logger writes them, two invocations of the HTTP function. */
    const loggedLines = () => {
      const lines: string[] = [];
      const logger = createLambdaLogger({ service: 'http', write: (line) => lines.push(line) });
      logger.startInvocation('req-aaaa');
      logger.info({ method: 'POST', path: '/orders' }, 'request received');
      logger.error({ err: new Error('connect ETIMEDOUT') }, 'order store unreachable');
      logger.warn({}, 'retrying');
      logger.error({ status: 500 }, 'request failed');
      logger.startInvocation('req-bbbb');
      logger.error({ job: 'fulfilment' }, 'job failed');
      return lines.map((line) => line.trimEnd());
    };

    const subscriptionEvent = (
      messages: string[],
      overrides: Partial<CloudWatchLogsDecodedData> = {},
    ): CloudWatchLogsEvent => {
      const data: CloudWatchLogsDecodedData = {
        messageType: 'DATA_MESSAGE',
        owner: '123456789012',
        logGroup: LOG_GROUP,
        logStream: '2026/11/30/[$LATEST]0123456789abcdef',
        subscriptionFilters: ['HttpFunctionErrorLines'],
        logEvents: messages.map((message, i) => ({
          id: `3800000000000000000000000000000000000000000000000${i}`,
          timestamp: Date.parse('2026-11-30T10:00:00.000Z') + i,
          message,
        })),
        ...overrides,
      };
      return { awslogs: { data: gzipSync(JSON.stringify(data)).toString('base64') } };
    };

    it('raises one ops.error_logged per request id with its count and first message', async () => {
      await logErrors(subscriptionEvent(loggedLines()), CONTEXT);
      const entries = putEvents();
      expect(entries.map((entry) => [entry.DetailType, entry.Detail.payload])).toEqual([
        [
          'ops.error_logged',
          {
            logGroup: LOG_GROUP,
            logStream: '2026/11/30/[$LATEST]0123456789abcdef',
            requestId: 'req-aaaa',
            count: 2,
            firstMessage: 'order store unreachable: connect ETIMEDOUT',
            firstAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
          },
        ],
        [
          'ops.error_logged',
          expect.objectContaining({ requestId: 'req-bbbb', count: 1, firstMessage: 'job failed' }),
        ],
      ]);
      expect(entries.every((entry) => entry.Source === 'one-core')).toBe(true);
    });

    it('raises the same event ids when the batch is delivered again', async () => {
      const event = subscriptionEvent(loggedLines());
      await logErrors(event, CONTEXT);
      await logErrors(event, CONTEXT);
      const ids = putEvents().map((entry) => entry.Detail.id);
      expect(ids).toHaveLength(4);
      expect(ids.slice(2)).toEqual(ids.slice(0, 2));
      expect(ids[0]).not.toBe(ids[1]);
    });

    it('reads lines behind the runtime’s tab-separated prefix, and ignores runtime and non-JSON lines', async () => {
      await logErrors(
        subscriptionEvent([
          'START RequestId: req-cccc Version: $LATEST',
          '2026-11-30T10:00:00.000Z\treq-cccc\tERROR\t{"level":"error","msg":"written through console.error"}',
          '2026-11-30T10:00:00.001Z\treq-cccc\tERROR\tInvoke Error \t{"errorType":"Error","errorMessage":"boom"}',
          '[ERROR] First test message',
          '{"level":50,"time":1764496800000,"msg":"a pino line","requestId":"req-dddd"}',
          '{"level":"info","msg":"fine","awsRequestId":"req-cccc"}',
          '{not json',
          'REPORT RequestId: req-cccc Duration: 2.00 ms',
        ]),
        CONTEXT,
      );
      expect(putEvents().map((entry) => entry.Detail.payload)).toEqual([
        expect.objectContaining({
          requestId: 'req-cccc',
          count: 1,
          firstMessage: 'written through console.error',
        }),
        expect.objectContaining({
          requestId: 'req-dddd',
          count: 1,
          firstMessage: 'a pino line',
          firstAt: '2025-11-30T10:00:00.000Z',
        }),
      ]);
    });

    it('decodes the repository’s subscription fixture and raises nothing: its lines are not ours', async () => {
      const event = fixture<CloudWatchLogsEvent>('cloudwatch-logs-event.json');
      const data = await decodeCloudWatchLogs(event);
      expect(data).toMatchObject({ messageType: 'DATA_MESSAGE', logGroup: 'testLogGroup' });
      expect(data.logEvents.map((logEvent) => logEventToLine(logEvent))).toEqual([null, null]);
      await logErrors(event, CONTEXT);
      expect(putEvents()).toEqual([]);
    });

    it('ignores the CONTROL_MESSAGE CloudWatch Logs sends to check the destination', async () => {
      await logErrors(
        subscriptionEvent(['CWL CONTROL MESSAGE: Checking health of destination Lambda.'], {
          messageType: 'CONTROL_MESSAGE',
          logGroup: '',
          logStream: '',
          subscriptionFilters: [],
        }),
        CONTEXT,
      );
      expect(putEvents()).toEqual([]);
    });
  });
});
