import { describe, expect, it } from 'vitest';
import { InProcessEventBus } from '../../adapters/local/event-bus.in-process';
import { MemoryNotifier } from '../../adapters/memory/notifier.memory';
import type { AlarmNotice, AlarmState } from '../../domain/operations/alarm-notice';
import { errorsByRequest, type LogBatch, type LogLine } from '../../domain/operations/logged-error';
import {
  alarmNotification,
  relayAlarmChange,
  relayLoggedErrors,
} from '../../domain/operations/ops-alerts';
import { FIRST_MESSAGE_MAX } from '../../domain/operations/ops-events';
import type { DomainEvent } from '../../domain/shared/domain-event';
import { capturingLogger } from '../support/capturing-logger';

const notice = (overrides: Partial<AlarmNotice> = {}): AlarmNotice => ({
  name: 'one-core-HttpFunctionErrors',
  id: 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:one-core-HttpFunctionErrors',
  newState: 'ALARM',
  oldState: 'OK',
  reason: 'Threshold Crossed: 2 out of the last 3 datapoints were greater than or equal to 1.0',
  changedAt: '2026-11-30T10:15:00.000Z',
  metrics: [
    {
      namespace: 'AWS/Lambda',
      name: 'Errors',
      dimensions: { FunctionName: 'http' },
      statistic: 'Sum',
      periodSeconds: 300,
    },
  ],
  ...overrides,
});

const world = () => {
  const bus = new InProcessEventBus();
  const published: DomainEvent[] = [];
  bus.subscribe('feed', '*', async (event) => {
    published.push(event);
  });
  const notifier = new MemoryNotifier();
  return { ports: { bus, notifier, logger: capturingLogger().logger }, published, notifier };
};

describe('an alarm change (domain/operations, no cloud)', () => {
  it('raises ops.alarm_changed with the alarm, both states, the reason, the time and the metrics', async () => {
    const { ports, published } = world();
    await relayAlarmChange(ports, notice());
    expect(published).toEqual([
      {
        id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
        type: 'ops.alarm_changed',
        occurredAt: '2026-11-30T10:15:00.000Z',
        aggregateType: 'alarm',
        aggregateId: 'one-core-HttpFunctionErrors',
        payload: {
          alarm: 'one-core-HttpFunctionErrors',
          newState: 'ALARM',
          oldState: 'OK',
          reason: notice().reason,
          changedAt: '2026-11-30T10:15:00.000Z',
          metrics: notice().metrics,
        },
      },
    ]);
  });

  it('gives the same change the same event id, and another change of the same alarm another', async () => {
    const { ports, published } = world();
    await relayAlarmChange(ports, notice());
    await relayAlarmChange(ports, notice());
    await relayAlarmChange(
      ports,
      notice({ changedAt: '2026-11-30T10:20:00.000Z', newState: 'OK', oldState: 'ALARM' }),
    );
    await relayAlarmChange(ports, notice({ id: `${notice().id}-other` }));
    const [first, again, recovered, other] = published.map((event) => event.id);
    expect(again).toBe(first);
    expect(new Set([first, recovered, other]).size).toBe(3);
  });

  it.each<[AlarmState, AlarmState, string | null]>([
    ['OK', 'ALARM', 'ALARM: one-core-HttpFunctionErrors'],
    ['INSUFFICIENT_DATA', 'ALARM', 'ALARM: one-core-HttpFunctionErrors'],
    ['ALARM', 'OK', 'Resolved: one-core-HttpFunctionErrors'],
    // A new deploy's alarms and an idle function's missing data: the feed shows them, people are spared.
    ['INSUFFICIENT_DATA', 'OK', null],
    ['OK', 'INSUFFICIENT_DATA', null],
    ['ALARM', 'INSUFFICIENT_DATA', null],
  ])('%s -> %s notifies people with %s', async (oldState, newState, subject) => {
    const { ports, published, notifier } = world();
    await relayAlarmChange(ports, notice({ oldState, newState }));
    expect(published).toHaveLength(1);
    expect(notifier.sent.map((sent) => sent.subject)).toEqual(subject ? [subject] : []);
  });

  it('tells people the state, the reason and what is watched, with attributes to filter on', () => {
    const notification = alarmNotification(
      notice({
        description: 'Read the log group.',
        metrics: [
          { id: 'e1', expression: 'errors / requests' },
          {
            id: 'errors',
            namespace: 'AWS/ApiGateway',
            name: '5XXError',
            dimensions: { ApiName: 'Api' },
          },
        ],
      }),
    );
    expect(notification).toEqual({
      subject: 'ALARM: one-core-HttpFunctionErrors',
      message: [
        'one-core-HttpFunctionErrors is ALARM (was OK) since 2026-11-30T10:15:00.000Z.',
        notice().reason,
        'Read the log group.',
        'Watching: e1 = errors / requests; AWS/ApiGateway/5XXError {"ApiName":"Api"}',
      ].join('\n'),
      attributes: {
        type: 'ops_alarm',
        state: 'ALARM',
        alarm: 'one-core-HttpFunctionErrors',
        to: 'ops',
      },
    });
  });

  it('keeps the subject as SNS takes it: one ASCII line under 100 characters', () => {
    const subject = alarmNotification(
      notice({ name: `Ünïcode\nalarm ${'x'.repeat(200)}` }),
    )!.subject;
    expect(subject.length).toBeLessThan(100);
    expect(subject).toMatch(/^ALARM: \?n\?code alarm x+\.\.\.$/);
  });

  it('publishes the event before notifying, so a failed notification is retried without a second event', async () => {
    const { ports, published } = world();
    const failing = { ...ports, notifier: { notify: () => Promise.reject(new Error('SNS down')) } };
    await expect(relayAlarmChange(failing, notice())).rejects.toThrow('SNS down');
    await relayAlarmChange(ports, notice());
    expect(published).toHaveLength(2);
    expect(published[1]!.id).toBe(published[0]!.id);
  });
});

const line = (
  requestId: string | undefined,
  level: number,
  message: string,
  second: number,
): LogLine => ({
  level,
  message,
  time: `2026-11-30T10:00:${String(second).padStart(2, '0')}.000Z`,
  ...(requestId ? { requestId } : {}),
});

const batch = (lines: LogLine[], logGroup = '/aws/lambda/one-core-http'): LogBatch => ({
  logGroup,
  logStream: '2026/11/30/[$LATEST]abc',
  lines,
});

describe('error log lines (domain/operations, no cloud)', () => {
  it('counts error and fatal lines per request, keeping the first message, and ignores lower levels', () => {
    expect(
      errorsByRequest([
        line('r-1', 30, 'request received', 1),
        line('r-1', 50, 'order store unreachable', 2),
        line('r-2', 40, 'slow downstream', 3),
        line('r-1', 60, 'giving up', 4),
        line('r-3', 50, 'bad state', 5),
        line('r-1', 50, 'request failed with 500', 6),
      ]),
    ).toEqual([
      {
        requestId: 'r-1',
        count: 3,
        firstMessage: 'order store unreachable',
        firstAt: '2026-11-30T10:00:02.000Z',
      },
      {
        requestId: 'r-3',
        count: 1,
        firstMessage: 'bad state',
        firstAt: '2026-11-30T10:00:05.000Z',
      },
    ]);
  });

  it('takes the earliest line as the first even when lines arrive out of order', () => {
    const [errors] = errorsByRequest([line('r-1', 50, 'later', 9), line('r-1', 50, 'earlier', 3)]);
    expect(errors).toMatchObject({
      count: 2,
      firstMessage: 'earlier',
      firstAt: '2026-11-30T10:00:03.000Z',
    });
  });

  it('groups the lines written outside any request together', () => {
    expect(
      errorsByRequest([line(undefined, 50, 'init failed', 1), line(undefined, 50, 'again', 2)]),
    ).toEqual([
      {
        requestId: null,
        count: 2,
        firstMessage: 'init failed',
        firstAt: '2026-11-30T10:00:01.000Z',
      },
    ]);
  });

  it('raises one ops.error_logged per request, with ids stable across redelivery and distinct per log group', async () => {
    const { ports, published } = world();
    const lines = [
      line('r-1', 50, 'boom', 1),
      line('r-1', 50, 'boom again', 2),
      line('r-2', 50, 'bang', 3),
    ];
    expect(await relayLoggedErrors(ports, batch(lines))).toBe(2);
    await relayLoggedErrors(ports, batch(lines));
    await relayLoggedErrors(ports, batch(lines, '/aws/lambda/one-core-sqs-jobs'));
    expect(published.slice(0, 2)).toEqual([
      {
        id: expect.any(String),
        type: 'ops.error_logged',
        occurredAt: '2026-11-30T10:00:01.000Z',
        aggregateType: 'log-group',
        aggregateId: '/aws/lambda/one-core-http',
        payload: {
          logGroup: '/aws/lambda/one-core-http',
          logStream: '2026/11/30/[$LATEST]abc',
          requestId: 'r-1',
          count: 2,
          firstMessage: 'boom',
          firstAt: '2026-11-30T10:00:01.000Z',
        },
      },
      expect.objectContaining({ payload: expect.objectContaining({ requestId: 'r-2', count: 1 }) }),
    ]);
    const ids = published.map((event) => event.id);
    expect(ids.slice(2, 4)).toEqual(ids.slice(0, 2));
    expect(new Set(ids).size).toBe(4);
  });

  it('carries at most the first 1000 characters of a huge line, so the event always fits on the bus', async () => {
    const { ports, published } = world();
    await relayLoggedErrors(ports, batch([line('r-1', 50, 'x'.repeat(300_000), 1)]));
    const { firstMessage } = published[0]!.payload as { firstMessage: string };
    expect(firstMessage).toHaveLength(FIRST_MESSAGE_MAX);
    expect(firstMessage.endsWith('x…')).toBe(true);
  });

  it('publishes nothing for a batch without error lines', async () => {
    const { ports, published } = world();
    expect(await relayLoggedErrors(ports, batch([line('r-1', 40, 'just a warning', 1)]))).toBe(0);
    expect(published).toEqual([]);
  });
});
