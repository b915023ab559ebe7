import { describe, expect, it } from 'vitest';
import { SequentialIdGenerator } from '../../adapters/memory/id-generator.memory';
import { MemoryNotifier } from '../../adapters/memory/notifier.memory';
import { MemoryProcessedEventStore } from '../../adapters/memory/processed-event-store.memory';
import { MemoryRecordStore } from '../../adapters/memory/record-store.memory';
import { countSettledJobs, jobCountsOn } from '../../domain/messaging/job-counts';
import { MessageProcessor } from '../../domain/messaging/message-processor';
import {
  countOutOfStock,
  countOutOfStockAlerts,
  outOfStockOn,
} from '../../domain/operations/out-of-stock-count';
import type { DomainEvent } from '../../domain/shared/domain-event';
import { bindReaction, createReactor } from '../../domain/shared/reaction';
import type { ReceivedJob } from '../../ports/job-queue.port';
import { capturingLogger } from '../support/capturing-logger';

const outOfStock = (id: string, occurredAt: string, item = 'bolt'): DomainEvent => ({
  id,
  type: 'inventory.out_of_stock',
  occurredAt,
  aggregateType: 'stock',
  aggregateId: `main/${item}`,
  payload: { store: 'main', item, previousCount: 3, version: 2 },
});

describe('the out-of-stock alerts of a UTC day', () => {
  it('counts each event once through the reactor, redelivered or not, on its own day', async () => {
    const records = new MemoryRecordStore();
    const { logger } = capturingLogger();
    const react = createReactor(
      [
        bindReaction(countOutOfStockAlerts, {
          services: { operations: { countOutOfStock: (event) => countOutOfStock(records, event) } },
        }),
      ],
      new MemoryProcessedEventStore(),
      logger,
    );
    const first = outOfStock('e-1', '2026-04-10T23:59:59.999Z');
    await react(first);
    await react(first);
    await react(outOfStock('e-2', '2026-04-10T08:00:00.000Z', 'nut'));
    await react(outOfStock('e-3', '2026-04-11T00:00:00.000Z'));

    expect(await outOfStockOn(records, '2026-04-10')).toEqual([
      { eventId: 'e-1', store: 'main', item: 'bolt' },
      { eventId: 'e-2', store: 'main', item: 'nut' },
    ]);
    expect(await outOfStockOn(records, '2026-04-11')).toHaveLength(1);
    expect(await outOfStockOn(records, '2026-04-12')).toEqual([]);
  });

  it('counts a rerun of the reaction itself (a crash before its mark) once', async () => {
    const records = new MemoryRecordStore();
    const event = outOfStock('e-1', '2026-04-10T12:00:00.000Z');
    await Promise.all([countOutOfStock(records, event), countOutOfStock(records, event)]);
    expect(await outOfStockOn(records, '2026-04-10')).toHaveLength(1);
  });
});

const job = (body: unknown, id: string, receiveCount = 1): ReceivedJob => ({
  id,
  body: JSON.stringify(body),
  receipt: `${id}:${receiveCount}`,
  receiveCount,
});

describe('the jobs settled on a UTC day', () => {
  it('counts a redelivered job once, and dead letters apart', async () => {
    const docs = new MemoryRecordStore();
    const { logger } = capturingLogger();
    const done = async () => undefined;
    const processor = new MessageProcessor(
      { user_signup: done, order_created: done, payment_completed: done, data_export: done },
      new MemoryProcessedEventStore(),
      { ids: new SequentialIdGenerator('batch'), logger, notifier: new MemoryNotifier() },
      { batchNotification: false },
    );
    const batch = async (jobs: ReceivedJob[], day: string) =>
      countSettledJobs(docs, day, (await processor.processBatch(jobs, 3)).summary);

    await batch(
      [
        job({ type: 'user_signup', userId: 'u-1' }, 'm-1'),
        job({ type: 'order_created', orderId: 'o-1' }, 'm-2'),
        job({ type: 'no_such_job' }, 'm-3'),
      ],
      '2026-04-10',
    );
    // The queue delivers m-1 again (its delete was lost), with a new job beside it.
    await batch(
      [
        job({ type: 'user_signup', userId: 'u-1' }, 'm-1', 2),
        job({ type: 'user_signup', userId: 'u-2' }, 'm-4'),
      ],
      '2026-04-10',
    );
    await batch([job({ type: 'user_signup', userId: 'u-3' }, 'm-5')], '2026-04-11');

    expect(await jobCountsOn(docs, '2026-04-10')).toEqual({ processed: 3, deadLettered: 1 });
    expect(await jobCountsOn(docs, '2026-04-11')).toEqual({ processed: 1, deadLettered: 0 });
    expect(await jobCountsOn(docs, '2026-04-12')).toEqual({ processed: 0, deadLettered: 0 });
  });

  it('adds batches settled together without losing one', async () => {
    const docs = new MemoryRecordStore();
    const one = { succeeded: 1, duplicates: 0, deadLettered: 0 };
    await Promise.all(Array.from({ length: 10 }, () => countSettledJobs(docs, '2026-04-10', one)));
    expect(await jobCountsOn(docs, '2026-04-10')).toEqual({ processed: 10, deadLettered: 0 });
  });
});
