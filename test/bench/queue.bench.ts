/**
 * Job queue benchmark, in one run (`npm run bench:queue`):
 *
 * The same JOBS signup jobs handled two ways, each on a fresh SQLite file, alternated over
 * RUNS runs (median reported):
 * - through the embedded queue: sent in batches of 10 (sendBatch), received ten at a time by
 *   the server's JobWorker (two loops, as the server runs it), processed, and deleted in one
 *   batch call per batch: the whole path from send to handler to delete;
 * - directly: the same MessageProcessor over the same jobs, in batches of 10, in a loop, with
 *   no queue.
 * The work is the user_signup handler's own bookkeeping (its signup set in the document store,
 * one conditional write) plus the processor's parse and idempotency mark: what a job costs
 * besides its notification. Prints jobs/s, the ratio (target >= 0.5x) and the Markdown row.
 */
import { cpus } from 'node:os';
import { join } from 'node:path';
import { SystemClock } from '../../adapters/local/clock.system';
import { UuidV7IdGenerator } from '../../adapters/local/id-generator.uuidv7';
import { JobWorker } from '../../adapters/local/job-worker';
import { MemoryNotifier } from '../../adapters/memory/notifier.memory';
import { createPinoLogger } from '../../adapters/pino/logger.pino';
import { SqliteJobQueue } from '../../adapters/sqlite/job-queue.sqlite';
import { messagingSchema } from '../../adapters/sqlite/messaging-schema.sqlite';
import { SqliteProcessedEventStore } from '../../adapters/sqlite/processed-event-store.sqlite';
import { SqliteRecordStore } from '../../adapters/sqlite/record-store.sqlite';
import { SqliteDatabase } from '../../adapters/sqlite/sqlite-database';
import { MessageProcessor } from '../../domain/messaging/message-processor';
import { countSignup } from '../../domain/messaging/user-signup';
import type { ReceivedJob } from '../../ports/job-queue.port';
import { tempDir } from '../support/temp-dir';

const JOBS = Number(process.env.JOBS ?? 20_000);
const RUNS = Number(process.env.RUNS ?? 3);
const BATCH = 10;
const DAY = '2026-11-30';

const bodies = Array.from({ length: JOBS }, (_, i) =>
  JSON.stringify({ type: 'user_signup', userId: `user-${i}` }),
);

const setup = () => {
  const dir = tempDir('bench-queue-');
  const db = new SqliteDatabase(join(dir.path, 'bench.db'), [messagingSchema]);
  const clock = new SystemClock();
  const ids = new UuidV7IdGenerator();
  const docs = new SqliteRecordStore(db);
  const noop = async () => undefined;
  const processor = new MessageProcessor(
    {
      user_signup: async ({ userId }) => {
        await countSignup({ docs }, DAY, userId);
      },
      order_created: noop,
      payment_completed: noop,
      data_export: noop,
    },
    new SqliteProcessedEventStore(db),
    { ids, logger: createPinoLogger({ level: 'silent' }), notifier: new MemoryNotifier() },
    { batchNotification: false },
  );
  return {
    queue: new SqliteJobQueue(db, { clock, ids }),
    processor,
    close: () => {
      db.close();
      dir.remove();
    },
  };
};

const throughQueue = async (): Promise<number> => {
  const { queue, processor, close } = setup();
  try {
    const started = performance.now();
    for (let i = 0; i < JOBS; i += BATCH) {
      await queue.sendBatch(bodies.slice(i, i + BATCH).map((body) => ({ body })));
    }
    const worker = new JobWorker(
      { queue, process: async (jobs) => (await processor.processBatch(jobs, 3)).settlements },
      createPinoLogger({ level: 'silent' }),
    );
    await Promise.all([worker.drain(), worker.drain()]);
    const seconds = (performance.now() - started) / 1000;
    const stats = await queue.stats();
    if (stats.depth + (stats.inFlight ?? 0) + stats.deadLetters !== 0) {
      throw new Error(`The queue was not drained: ${JSON.stringify(stats)}`);
    }
    return JOBS / seconds;
  } finally {
    close();
  }
};

const directly = async (): Promise<number> => {
  const { processor, close } = setup();
  try {
    const started = performance.now();
    for (let i = 0; i < JOBS; i += BATCH) {
      const jobs: ReceivedJob[] = bodies.slice(i, i + BATCH).map((body, j) => ({
        id: `job-${i + j}`,
        body,
        receipt: `job-${i + j}:1`,
        receiveCount: 1,
      }));
      await processor.processBatch(jobs, 3);
    }
    return JOBS / ((performance.now() - started) / 1000);
  } finally {
    close();
  }
};

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const queued: number[] = [];
const direct: number[] = [];
await throughQueue(); // warm-up: JIT and the file system, not measured
for (let run = 0; run < RUNS; run += 1) {
  queued.push(await throughQueue());
  direct.push(await directly());
}
const q = median(queued);
const d = median(direct);
const ratio = q / d;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
console.log(
  `${JOBS.toLocaleString('en-US')} signup jobs, median of ${RUNS} runs, Node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'})`,
);
console.log(`through the SQLite queue (send, receive 10, handle, delete): ${fmt(q)} jobs/s`);
console.log(`directly in a loop (the same processing, no queue):        ${fmt(d)} jobs/s`);
console.log(`ratio: ${ratio.toFixed(2)}x (target >= 0.5x)`);
console.log('\n| path | jobs/s | ratio |\n| --- | ---: | ---: |');
console.log(
  `| SQLite queue: send, receive 10, handle, delete | ${fmt(q)} | ${ratio.toFixed(2)}x |`,
);
console.log(`| direct loop: the same processing | ${fmt(d)} | 1.00x |`);
if (ratio < 0.5) process.exitCode = 1;
