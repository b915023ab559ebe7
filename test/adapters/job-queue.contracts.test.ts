import { afterAll, beforeAll } from 'vitest';
import { StorageQueueJobQueue } from '../../adapters/azure/queue/job-queue.storage-queue';
import { ManualClock } from '../../adapters/memory/clock.memory';
import { SequentialIdGenerator } from '../../adapters/memory/id-generator.memory';
import { MemoryJobQueue } from '../../adapters/memory/job-queue.memory';
import { SqliteJobQueue } from '../../adapters/sqlite/job-queue.sqlite';
import { jobQueueSchema } from '../../adapters/sqlite/job-queue-schema.sqlite';
import { SqliteDatabase } from '../../adapters/sqlite/sqlite-database';
import { describeJobQueueContract } from '../contracts/job-queue.contract';
import { type AzuriteInstance, startAzurite, uniqueName } from '../support/azurite';
import { tempDir } from '../support/temp-dir';

const manual = () => {
  const clock = new ManualClock();
  return {
    clock,
    pass: async (seconds: number) => clock.advance(seconds * 1000),
  };
};

describeJobQueueContract(
  'memory',
  () => {
    const { clock, pass } = manual();
    return { queue: new MemoryJobQueue({ clock, ids: new SequentialIdGenerator() }), pass };
  },
  { dedup: true, exactStats: true },
);

describeJobQueueContract(
  'sqlite',
  () => {
    const dir = tempDir('job-queue-');
    const db = new SqliteDatabase(`${dir.path}/jobs.db`, [jobQueueSchema]);
    const { clock, pass } = manual();
    return {
      queue: new SqliteJobQueue(db, { clock, ids: new SequentialIdGenerator() }),
      pass,
      close: () => {
        db.close();
        dir.remove();
      },
    };
  },
  { dedup: true, exactStats: true },
);

let azurite: AzuriteInstance;
beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(async () => {
  await azurite?.stop();
});

describeJobQueueContract(
  'Storage Queue (Azurite)',
  async () => {
    const queue = new StorageQueueJobQueue({
      connectionString: azurite.connectionString,
      queueName: uniqueName('jobs'),
    });
    await queue.ensureQueues();
    return {
      queue,
      pass: (seconds) => new Promise((resolve) => setTimeout(resolve, seconds * 1000)),
    };
  },
  { dedup: false, exactStats: false },
);
