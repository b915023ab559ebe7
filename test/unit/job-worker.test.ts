import { describe, expect, it } from 'vitest';
import { SystemClock } from '../../adapters/local/clock.system';
import { JobWorker } from '../../adapters/local/job-worker';
import { SequentialIdGenerator } from '../../adapters/memory/id-generator.memory';
import { MemoryJobQueue } from '../../adapters/memory/job-queue.memory';
import type { JobSettlement, ReceivedJob } from '../../ports/job-queue.port';
import { capturingLogger } from '../support/capturing-logger';

const setup = (process: (jobs: readonly ReceivedJob[]) => Promise<JobSettlement[]>) => {
  const queue = new MemoryJobQueue({ clock: new SystemClock(), ids: new SequentialIdGenerator() });
  const { logger, lines } = capturingLogger('error');
  const worker = new JobWorker({ queue, process }, logger, {
    pollIntervalMs: 10,
    concurrency: 1,
  });
  return { queue, worker, lines };
};

describe('JobWorker', () => {
  it('settles each job as told: deleted, returned with its delay, or dead-lettered', async () => {
    const { queue, worker } = setup(async (jobs) =>
      jobs.map((job): JobSettlement => {
        if (job.body === 'ok') return { outcome: 'succeeded' };
        if (job.body === 'later') return { outcome: 'retry', delaySeconds: 60, reason: 'busy' };
        return { outcome: 'dead', reason: 'poison' };
      }),
    );
    await queue.sendBatch([{ body: 'ok' }, { body: 'later' }, { body: 'bad' }]);
    expect(await worker.drain()).toBe(3);
    expect(await queue.stats()).toEqual({ depth: 0, inFlight: 1, delayed: 0, deadLetters: 1 });
    expect(await queue.deadLetters(10)).toMatchObject([{ body: 'bad', reason: 'poison' }]);
  });

  it('finishes and settles the batch in hand when stopped, then receives no more', async () => {
    let release: () => void = () => undefined;
    const started = new Promise<void>((resolve) => {
      release = resolve;
    });
    let finish: () => void = () => undefined;
    const handled: string[] = [];
    const { queue, worker } = setup(async (jobs) => {
      release();
      await new Promise<void>((resolve) => {
        finish = resolve;
      });
      handled.push(...jobs.map((job) => job.body));
      return jobs.map(() => ({ outcome: 'succeeded' }));
    });
    await queue.send({ body: 'first' });
    worker.start();
    await started;
    const stopped = worker.stop();
    await queue.send({ body: 'after the stop' });
    finish();
    await stopped;
    expect(handled).toEqual(['first']);
    expect(await queue.stats()).toMatchObject({ depth: 1, inFlight: 0 });
  });

  it('keeps going after a failed batch, logging it; the jobs come back after their timeout', async () => {
    let calls = 0;
    const { queue, worker, lines } = setup(async (jobs) => {
      calls += 1;
      if (calls === 1) throw new Error('store unreachable');
      return jobs.map(() => ({ outcome: 'succeeded' }));
    });
    await queue.send({ body: 'x' });
    worker.start();
    while (!lines.some((line) => line.msg === 'job worker: receiving or settling failed')) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await worker.stop();
    expect(lines).toContainEqual(
      expect.objectContaining({ msg: 'job worker: receiving or settling failed' }),
    );
    expect(await queue.stats()).toMatchObject({ depth: 0, inFlight: 1 });
  });
});
