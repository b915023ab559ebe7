import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobQueue, ReceivedJob } from '../../ports/job-queue.port';

export interface JobQueueHarness {
  queue: JobQueue;
  /** Lets `seconds` pass for the queue (a manual clock, or a real wait on an emulator). */
  pass(seconds: number): Promise<void>;
  close?: () => Promise<void> | void;
}

export interface JobQueueContractOptions {
  /** Storage Queue has no deduplication: its consumers dedupe on the message's key instead. */
  dedup: boolean;
  /** Whether stats tell ready, in-flight and delayed jobs apart (Storage Queue counts them as one). */
  exactStats: boolean;
}

const bodies = (jobs: readonly ReceivedJob[]) => jobs.map((job) => job.body).sort();

/** What every job queue promises (SQS's semantics), run against each adapter. */
export const describeJobQueueContract = (
  name: string,
  create: () => Promise<JobQueueHarness> | JobQueueHarness,
  options: JobQueueContractOptions,
) => {
  describe(`JobQueue contract: ${name}`, () => {
    let h: JobQueueHarness;
    beforeEach(async () => {
      h = await create();
    });
    afterEach(async () => {
      await h.close?.();
    });

    it('hands a job to one receiver at a time and forgets it once deleted', async () => {
      const id = await h.queue.send({ body: '{"n":1}' });
      const [job] = await h.queue.receive(10, 30);
      expect(job).toMatchObject({ id, body: '{"n":1}', receiveCount: 1 });
      expect(await h.queue.receive(10, 30)).toEqual([]);
      await h.queue.delete(job!.receipt);
      const stats = await h.queue.stats();
      expect(stats.depth + (stats.inFlight ?? 0) + (stats.delayed ?? 0)).toBe(0);
    });

    it('gives back a job received but not deleted once its visibility timeout passes', async () => {
      await h.queue.send({ body: 'crashed' });
      const [first] = await h.queue.receive(1, 1);
      await h.pass(1.5);
      const [again] = await h.queue.receive(1, 30);
      expect(again).toMatchObject({ id: first!.id, body: 'crashed', receiveCount: 2 });
      // The first receiver's late delete must not remove the job the second one holds.
      await h.queue.delete(first!.receipt);
      await h.queue.release(again!.receipt, 0);
      const [third] = await h.queue.receive(1, 30);
      expect(third).toMatchObject({ id: first!.id, receiveCount: 3 });
    });

    it('holds back a delayed job until its delay is over', async () => {
      await h.queue.send({ body: 'later', delaySeconds: 1 });
      await h.queue.send({ body: 'now' });
      expect(bodies(await h.queue.receive(10, 30))).toEqual(['now']);
      await h.pass(1.5);
      expect(bodies(await h.queue.receive(10, 30))).toEqual(['later']);
    });

    it('returns a job with a new delay (a retry with backoff)', async () => {
      await h.queue.send({ body: 'retry me' });
      const [job] = await h.queue.receive(1, 30);
      await h.queue.release(job!.receipt, 1);
      expect(await h.queue.receive(1, 30)).toEqual([]);
      await h.pass(1.5);
      expect(await h.queue.receive(1, 30)).toMatchObject([{ body: 'retry me', receiveCount: 2 }]);
    });

    it(`dead-letters a job after maxReceiveCount receives, with the reason`, async () => {
      expect(h.queue.maxReceiveCount).toBe(3);
      const id = await h.queue.send({ body: 'always fails' });
      for (let receive = 1; receive <= 3; receive += 1) {
        const [job] = await h.queue.receive(1, 30);
        expect(job).toMatchObject({ id, receiveCount: receive });
        await h.queue.release(job!.receipt, 0);
      }
      expect(await h.queue.receive(1, 30)).toEqual([]);
      expect((await h.queue.stats()).deadLetters).toBe(1);
      expect(await h.queue.deadLetters(10)).toMatchObject([
        { body: 'always fails', receiveCount: 3, reason: expect.stringContaining('3 times') },
      ]);
    });

    it('dead-letters a job at once when told it can never succeed, and redrives it', async () => {
      await h.queue.send({ body: 'not json' });
      await h.queue.send({ body: 'fine' });
      const jobs = await h.queue.receive(10, 30);
      const poison = jobs.find((job) => job.body === 'not json')!;
      await h.queue.deadLetter(poison, 'INVALID_JSON: Unexpected token');
      expect(await h.queue.deadLetters(10)).toMatchObject([
        { body: 'not json', reason: 'INVALID_JSON: Unexpected token', receiveCount: 1 },
      ]);
      expect(await h.queue.redrive()).toBe(1);
      expect(await h.queue.deadLetters(10)).toEqual([]);
      expect(await h.queue.receive(10, 30)).toMatchObject([{ body: 'not json', receiveCount: 1 }]);
    });

    it('sends and receives in batches, each job once', async () => {
      const outcome = await h.queue.sendBatch(
        Array.from({ length: 10 }, (_, i) => ({ body: `job ${i}` })),
      );
      expect(outcome.failed).toEqual([]);
      const first = await h.queue.receive(6, 30);
      const rest = await h.queue.receive(10, 30);
      expect(first).toHaveLength(6);
      expect(bodies([...first, ...rest])).toEqual(
        Array.from({ length: 10 }, (_, i) => `job ${i}`).sort(),
      );
      expect(
        (await h.queue.deleteBatch([...first, ...rest].map((job) => job.receipt))).failed,
      ).toEqual([]);
      const stats = await h.queue.stats();
      expect(stats.depth + (stats.inFlight ?? 0) + (stats.delayed ?? 0)).toBe(0);
    });

    it('counts ready, in-flight, delayed and dead jobs', async () => {
      await h.queue.sendBatch([{ body: 'a' }, { body: 'b' }, { body: 'c', delaySeconds: 60 }]);
      const [held] = await h.queue.receive(1, 30);
      const [dead] = await h.queue.receive(1, 30);
      await h.queue.deadLetter(dead!, 'permanent');
      expect(held).toBeDefined();
      const stats = await h.queue.stats();
      if (options.exactStats) {
        expect(stats).toEqual({ depth: 0, inFlight: 1, delayed: 1, deadLetters: 1 });
      } else {
        expect(stats).toMatchObject({ depth: 2, deadLetters: 1 });
      }
    });

    // Storage Queue has none: listed in the options rather than skipped, as Hono's router cases do.
    if (options.dedup)
      it('enqueues a job once per deduplication id', async () => {
        const first = await h.queue.send({ body: 'pay 1', dedupId: 'payment-1' });
        const second = await h.queue.send({ body: 'pay 1 again', dedupId: 'payment-1' });
        await h.queue.send({ body: 'pay 2', dedupId: 'payment-2' });
        expect(second).toBe(first);
        expect(bodies(await h.queue.receive(10, 30))).toEqual(['pay 1', 'pay 2']);
        // Remembered for 5 minutes after the send, as SQS FIFO queues do; then it is new again.
        await h.pass(5 * 60 + 1);
        expect(await h.queue.send({ body: 'pay 1 later', dedupId: 'payment-1' })).not.toBe(first);
      });
  });
};
