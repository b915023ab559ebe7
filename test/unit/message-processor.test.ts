import { describe, expect, it } from 'vitest';
import { SequentialIdGenerator } from '../../adapters/memory/id-generator.memory';
import { MemoryNotifier } from '../../adapters/memory/notifier.memory';
import { MemoryProcessedEventStore } from '../../adapters/memory/processed-event-store.memory';
import { PermanentMessageError } from '../../domain/messaging/job-messages';
import {
  BATCH_COMPLETE_SUBJECT,
  backoffSeconds,
  type MessageHandlers,
  MessageProcessor,
} from '../../domain/messaging/message-processor';
import type { ReceivedJob } from '../../ports/job-queue.port';
import { capturingLogger } from '../support/capturing-logger';

const job = (body: unknown, receiveCount = 1, id = `m-${Math.random()}`): ReceivedJob => ({
  id,
  body: typeof body === 'string' ? body : JSON.stringify(body),
  receipt: `${id}:${receiveCount}`,
  receiveCount,
});

const setup = (handlers: Partial<MessageHandlers> = {}, batchNotification = true) => {
  const calls: string[] = [];
  const record =
    (type: string) =>
    async (message: { type: string }): Promise<void> => {
      calls.push(`${type}:${JSON.stringify(message)}`);
    };
  const notifier = new MemoryNotifier();
  const { logger, lines } = capturingLogger();
  const processor = new MessageProcessor(
    {
      user_signup: record('user_signup'),
      order_created: record('order_created'),
      payment_completed: record('payment_completed'),
      data_export: record('data_export'),
      ...handlers,
    },
    new MemoryProcessedEventStore(),
    { ids: new SequentialIdGenerator('batch'), logger, notifier },
    { batchNotification, baseBackoffSeconds: 2, maxBackoffSeconds: 60 },
  );
  return { processor, calls, notifier, lines };
};

describe('MessageProcessor', () => {
  it.each([
    ['invalid JSON', '{"type": "user_signup",', /^INVALID_JSON: /],
    [
      'an unknown type',
      { type: 'refund_issued', orderId: 'o-1' },
      /^UNKNOWN_TYPE: type "refund_issued"/,
    ],
    ['no type at all', { orderId: 'o-1' }, /^UNKNOWN_TYPE: type undefined/],
    [
      'a known type of the wrong shape',
      { type: 'order_created', order: 'o-1' },
      /^INVALID_MESSAGE: orderId: /,
    ],
  ])('dead-letters %s at once, with the reason, never retried', async (_, body, reason) => {
    const { processor, calls } = setup();
    const { settlements, summary } = await processor.processBatch([job(body, 1)], 3);
    expect(settlements).toEqual([{ outcome: 'dead', reason: expect.stringMatching(reason) }]);
    expect(summary).toMatchObject({ succeeded: 0, failed: 0, deadLettered: 1 });
    expect(calls).toEqual([]);
  });

  it('settles each job of a batch alone: one failure does not fail the others', async () => {
    const { processor, calls } = setup({
      order_created: async () => {
        throw new Error('inventory unreachable');
      },
    });
    const { settlements, summary } = await processor.processBatch(
      [
        job({ type: 'user_signup', userId: 'u-1' }),
        job({ type: 'order_created', orderId: 'o-1' }, 1),
        job('not json'),
        job({ type: 'data_export', exportId: 'e-1' }),
      ],
      3,
    );
    expect(settlements.map((s) => s.outcome)).toEqual(['succeeded', 'retry', 'dead', 'succeeded']);
    expect(summary).toEqual({
      batchId: 'batch-000000000001',
      received: 4,
      succeeded: 2,
      failed: 1,
      deadLettered: 1,
      duplicates: 0,
    });
    expect(calls).toHaveLength(2);
  });

  it('retries a transient failure with exponential backoff, then dead-letters it at maxReceiveCount', async () => {
    const { processor } = setup({
      payment_completed: async () => {
        throw new Error('timeout');
      },
    });
    const message = { type: 'payment_completed', orderId: 'o-1', paymentId: 'p-1' };
    const outcomes = [];
    for (const receive of [1, 2, 3]) {
      outcomes.push((await processor.processBatch([job(message, receive)], 3)).settlements[0]);
    }
    expect(outcomes).toEqual([
      { outcome: 'retry', delaySeconds: 2, reason: 'timeout' },
      { outcome: 'retry', delaySeconds: 4, reason: 'timeout' },
      { outcome: 'dead', reason: 'FAILED_AFTER_RETRIES: 3 attempts, last: timeout' },
    ]);
    expect(backoffSeconds(10, 2, 60)).toBe(60);
  });

  it('dead-letters at once what a handler says can never succeed', async () => {
    const { processor } = setup({
      order_created: async () => {
        throw new PermanentMessageError('Order o-9 does not exist.');
      },
    });
    const { settlements } = await processor.processBatch(
      [job({ type: 'order_created', orderId: 'o-9' })],
      3,
    );
    expect(settlements).toEqual([
      { outcome: 'dead', reason: 'REJECTED: Order o-9 does not exist.' },
    ]);
  });

  it('does the work of a message once, however often it is delivered or resent', async () => {
    const { processor, calls } = setup();
    const message = { type: 'payment_completed', orderId: 'o-1', paymentId: 'p-1' };
    await processor.processBatch([job(message, 1, 'first')], 3);
    const again = await processor.processBatch(
      [job(message, 2, 'first'), job(message, 1, 'resent')],
      3,
    );
    expect(calls).toHaveLength(1);
    expect(again.summary).toMatchObject({ succeeded: 2, duplicates: 2 });
  });

  it('logs and announces each batch, unless the notification is switched off', async () => {
    const on = setup();
    await on.processor.processBatch([job({ type: 'user_signup', userId: 'u-1' }), job('x')], 3);
    expect(on.notifier.sent).toEqual([
      expect.objectContaining({
        subject: BATCH_COMPLETE_SUBJECT,
        attributes: {
          type: 'message_batch',
          batchId: 'batch-000000000001',
          succeeded: '1',
          failed: '0',
          deadLettered: '1',
        },
      }),
    ]);
    expect(on.lines).toContainEqual(
      expect.objectContaining({ msg: 'message batch processed', succeeded: 1, deadLettered: 1 }),
    );
    const off = setup({}, false);
    await off.processor.processBatch([job({ type: 'user_signup', userId: 'u-1' })], 3);
    expect(off.notifier.sent).toEqual([]);
  });
});
