import { join } from 'node:path';
import { expect, it } from 'vitest';
import { SystemClock } from '../../adapters/local/clock.system';
import { UuidV7IdGenerator } from '../../adapters/local/id-generator.uuidv7';
import { JobWorker } from '../../adapters/local/job-worker';
import { MemoryNotifier } from '../../adapters/memory/notifier.memory';
import { SqliteJobQueue } from '../../adapters/sqlite/job-queue.sqlite';
import { messagingSchema } from '../../adapters/sqlite/messaging-schema.sqlite';
import { SqliteProcessedEventStore } from '../../adapters/sqlite/processed-event-store.sqlite';
import { SqliteDatabase } from '../../adapters/sqlite/sqlite-database';
import { PermanentMessageError } from '../../domain/messaging/job-messages';
import { MessageProcessor } from '../../domain/messaging/message-processor';
import type { OutgoingJob } from '../../ports/job-queue.port';
import { capturingLogger } from '../support/capturing-logger';
import { tempDir } from '../support/temp-dir';

/*
 * A mixed stream through the embedded queue and the server's worker: good jobs, poison ones
 * (not JSON, unknown type, wrong shape), ones whose handler says they can never succeed, and
 * ones whose handler always fails. Every job sent ends succeeded or dead-lettered, none lost,
 * none handled twice, and the always-failing ones are tried exactly maxReceiveCount times.
 */
it('accounts for every job: sent = succeeded + dead-lettered, maxReceiveCount honoured', async () => {
  const dir = tempDir('poison-');
  const db = new SqliteDatabase(join(dir.path, 'jobs.db'), [messagingSchema]);
  try {
    const clock = new SystemClock();
    const ids = new UuidV7IdGenerator();
    const queue = new SqliteJobQueue(db, { clock, ids });
    const handled = new Map<string, number>();
    const tries = new Map<string, number>();
    const processor = new MessageProcessor(
      {
        user_signup: async ({ userId }) => {
          handled.set(userId, (handled.get(userId) ?? 0) + 1);
        },
        order_created: async ({ orderId }) => {
          tries.set(orderId, (tries.get(orderId) ?? 0) + 1);
          throw new Error('the warehouse is down');
        },
        payment_completed: async () => {
          throw new PermanentMessageError('no such payment');
        },
        data_export: async () => undefined,
      },
      new SqliteProcessedEventStore(db),
      { ids, logger: capturingLogger('silent').logger, notifier: new MemoryNotifier() },
      { baseBackoffSeconds: 0 },
    );
    const jobs: OutgoingJob[] = [];
    for (let i = 0; i < 200; i += 1) {
      jobs.push({ body: JSON.stringify({ type: 'user_signup', userId: `u-${i}` }) });
    }
    for (let i = 0; i < 20; i += 1) jobs.push({ body: `{"type":"user_signup","userId":"x-${i}"` });
    for (let i = 0; i < 20; i += 1) jobs.push({ body: JSON.stringify({ type: `refund_${i}` }) });
    for (let i = 0; i < 20; i += 1)
      jobs.push({ body: JSON.stringify({ type: 'data_export', id: i }) });
    for (let i = 0; i < 20; i += 1) {
      jobs.push({
        body: JSON.stringify({ type: 'payment_completed', orderId: 'o', paymentId: `p-${i}` }),
      });
    }
    for (let i = 0; i < 10; i += 1) {
      jobs.push({ body: JSON.stringify({ type: 'order_created', orderId: `o-${i}` }) });
    }
    // Interleaved, and sent ten at a time as a producer's batches would be.
    jobs.sort(() => Math.random() - 0.5);
    for (let i = 0; i < jobs.length; i += 10) {
      expect((await queue.sendBatch(jobs.slice(i, i + 10))).failed).toEqual([]);
    }
    const worker = new JobWorker(
      { queue, process: async (batch) => (await processor.processBatch(batch, 3)).settlements },
      capturingLogger('silent').logger,
      { visibilitySeconds: 30 },
    );
    await worker.drain();

    const stats = await queue.stats();
    expect(stats).toEqual({ depth: 0, inFlight: 0, delayed: 0, deadLetters: 90 });
    const succeeded = [...handled.values()].reduce((sum, n) => sum + n, 0);
    expect(succeeded + stats.deadLetters).toBe(jobs.length);
    expect([...handled.values()].every((n) => n === 1)).toBe(true);
    expect(handled.size).toBe(200);
    expect([...tries.values()]).toEqual(Array(10).fill(3));

    const dead = await queue.deadLetters(100);
    const reasons = dead.map((letter) => letter.reason.split(':')[0]).sort();
    const count = (reason: string) => reasons.filter((r) => r === reason).length;
    expect(count('INVALID_JSON')).toBe(20);
    expect(count('UNKNOWN_TYPE')).toBe(20);
    expect(count('INVALID_MESSAGE')).toBe(20);
    expect(count('REJECTED')).toBe(20);
    expect(count('FAILED_AFTER_RETRIES')).toBe(10);
    // Permanent failures were never retried; the transient ones were received three times.
    for (const letter of dead) {
      expect(letter.receiveCount).toBe(letter.reason.startsWith('FAILED_AFTER_RETRIES') ? 3 : 1);
    }
  } finally {
    db.close();
    dir.remove();
  }
});
