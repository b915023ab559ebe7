import type { EventBridgeEvent } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import {
  createEventBridgeHandler,
  createScheduleHandler,
} from '../../adapters/aws/lambda/eventbridge';
import type { DomainEvent } from '../../domain/shared/domain-event';
import type { LogContext, Logger } from '../../ports/logger.port';
import { scheduledEvent } from '../support/doors';
import { sampleEvent } from '../support/sample-data';

/**
 * An event in the shape EventBridge delivers to a Lambda target
 * (https://docs.aws.amazon.com/eventbridge/latest/ref/overiew-event-structure.html): the custom
 * events EventBridgeEventBus puts (detail = the DomainEvent, resources empty). A schedule rule's
 * is `scheduledEvent`.
 */
const ruleTargetEvent = (detail: unknown): EventBridgeEvent<string, unknown> => ({
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': (detail as { type?: string })?.type ?? 'unknown',
  source: 'one-core.app',
  account: '123456789012',
  time: '2026-01-01T00:00:00Z',
  region: 'eu-west-1',
  resources: [],
  detail,
});

const capturingLogger = () => {
  const lines: { level: string; context: LogContext; message: string }[] = [];
  const at =
    (level: string, bound: LogContext = {}) =>
    (context: LogContext, message: string) =>
      lines.push({ level, context: { ...bound, ...context }, message });
  const make = (bound: LogContext): Logger => ({
    debug: at('debug', bound),
    info: at('info', bound),
    warn: at('warn', bound),
    error: at('error', bound),
    child: (more) => make({ ...bound, ...more }),
  });
  return { logger: make({}), lines };
};

describe('EventBridge rule-target handler', () => {
  it('hands the domain event in detail to the reactions, as the bus put it', async () => {
    const seen: DomainEvent[] = [];
    const handler = createEventBridgeHandler({
      react: async (event) => {
        seen.push(event);
      },
      logger: capturingLogger().logger,
    });
    const event = sampleEvent('user.created', 'user-1');
    await handler(ruleTargetEvent(event));
    expect(seen).toEqual([event]);
  });

  it('runs the rule its input names in resources (an event rule), else the reactions', async () => {
    const ran: string[] = [];
    const handler = createEventBridgeHandler({
      react: async (event) => {
        ran.push(`reactions ${event.id}`);
      },
      runRule: async (rule, event) => {
        ran.push(`${rule} ${event.id}`);
      },
      logger: capturingLogger().logger,
    });
    const event = sampleEvent('order.created', 'order-1');
    await handler({
      ...ruleTargetEvent(event),
      resources: ['arn:aws:events:eu-west-1:123456789012:rule/OneCoreBus1A2B/high-value-order'],
    });
    await handler(ruleTargetEvent(event));
    // An ARN that is not a rule's is no rule: the reactions take the event.
    await handler({ ...ruleTargetEvent(event), resources: ['arn:aws:s3:::bucket/key'] });
    expect(ran).toEqual([
      `high-value-order ${event.id}`,
      `reactions ${event.id}`,
      `reactions ${event.id}`,
    ]);
  });

  it('throws when the reactions fail, so Lambda retries the event', async () => {
    const handler = createEventBridgeHandler({
      react: async () => {
        throw new Error('1 of 2 reactions failed');
      },
      logger: capturingLogger().logger,
    });
    await expect(handler(ruleTargetEvent(sampleEvent('order.created')))).rejects.toThrow(
      '1 of 2 reactions failed',
    );
  });

  it('throws on a detail that is not a domain event, running no reaction', async () => {
    const react = vi.fn(async (_event: DomainEvent) => undefined);
    const { logger, lines } = capturingLogger();
    const handler = createEventBridgeHandler({ react, logger });
    await expect(
      handler(ruleTargetEvent({ 'instance-id': 'i-1', state: 'running' })),
    ).rejects.toThrow('does not carry a domain event');
    expect(react).not.toHaveBeenCalled();
    expect(lines).toContainEqual(expect.objectContaining({ level: 'error' }));
  });
});

describe('EventBridge schedule handler', () => {
  const setup = () => {
    const ran: string[] = [];
    const { logger, lines } = capturingLogger();
    const handler = createScheduleHandler({
      jobs: {
        'nightly-report': async () => {
          ran.push('nightly-report');
        },
        'expire-reservations': async () => {
          ran.push('expire-reservations');
        },
        'always-fails': async () => {
          throw new Error('database unavailable');
        },
      },
      logger,
    });
    return { handler, ran, lines };
  };

  it.each([
    [
      'the rule name on the default bus',
      scheduledEvent('arn:aws:events:eu-west-1:123456789012:rule/nightly-report'),
      'nightly-report',
    ],
    [
      'the rule name on a custom bus',
      scheduledEvent('arn:aws:events:eu-west-1:123456789012:rule/app-bus/nightly-report'),
      'nightly-report',
    ],
    [
      'detail.job over the rule name',
      scheduledEvent('arn:aws:events:eu-west-1:123456789012:rule/app-schedule-7F3A', {
        job: 'expire-reservations',
      }),
      'expire-reservations',
    ],
  ])('runs the job named by %s', async (_case, event, job) => {
    const { handler, ran } = setup();
    await handler(event);
    expect(ran).toEqual([job]);
  });

  it('logs an unknown job as an error without throwing (a retry cannot create it)', async () => {
    const { handler, ran, lines } = setup();
    for (const rule of ['no-such-job', 'constructor']) {
      await expect(
        handler(scheduledEvent(`arn:aws:events:eu-west-1:123456789012:rule/${rule}`)),
      ).resolves.toBeUndefined();
    }
    expect(ran).toEqual([]);
    expect(lines.filter((line) => line.level === 'error')).toEqual([
      expect.objectContaining({ context: expect.objectContaining({ job: 'no-such-job' }) }),
      expect.objectContaining({ context: expect.objectContaining({ job: 'constructor' }) }),
    ]);
  });

  it('throws when the job fails, so Lambda retries it', async () => {
    const { handler } = setup();
    await expect(
      handler(scheduledEvent('arn:aws:events:eu-west-1:123456789012:rule/always-fails')),
    ).rejects.toThrow('database unavailable');
  });
});
