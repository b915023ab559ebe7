import { settleJobs } from '../../domain/messaging/settle-jobs';
import type { JobQueue, JobSettlement, ReceivedJob } from '../../ports/job-queue.port';
import type { Logger } from '../../ports/logger.port';

export interface JobWorkerOptions {
  /** Jobs per receive (SQS's maximum is 10). */
  batchSize?: number;
  /** How long a received job stays hidden: longer than a batch takes, or it runs twice. */
  visibilitySeconds?: number;
  /** How long to wait when the queue was empty before looking again. */
  pollIntervalMs?: number;
  /** Batches handled at once. */
  concurrency?: number;
}

export interface JobConsumerPort {
  queue: JobQueue;
  process(jobs: readonly ReceivedJob[]): Promise<JobSettlement[]>;
}

/**
 * The server's consumer of a job queue, as the SQS event source is Lambda's: receive a batch,
 * process it, settle each job alone. A job it received when the process died comes back after
 * its visibility timeout, so a restart resumes with nothing lost.
 */
export class JobWorker {
  private readonly options: Required<JobWorkerOptions>;
  private loops: Promise<void>[] = [];
  private stopped = true;
  private readonly sleepers = new Set<() => void>();

  constructor(
    private readonly consumer: JobConsumerPort,
    private readonly logger: Logger,
    options: JobWorkerOptions = {},
  ) {
    this.options = {
      batchSize: options.batchSize ?? 10,
      visibilitySeconds: options.visibilitySeconds ?? 60,
      pollIntervalMs: options.pollIntervalMs ?? 200,
      concurrency: options.concurrency ?? 2,
    };
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.loops = Array.from({ length: this.options.concurrency }, () => this.loop());
  }

  /** Looks at the queue now rather than at the next poll (a job was just sent). */
  kick(): void {
    for (const wake of this.sleepers) wake();
  }

  /** Finishes the batches in hand (each settled), then stops receiving. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.kick();
    await Promise.all(this.loops);
  }

  /** Receives and handles batches until the queue is empty; resolves with how many jobs it handled. */
  async drain(): Promise<number> {
    let handled = 0;
    for (;;) {
      const count = await this.once();
      if (count === 0) return handled;
      handled += count;
    }
  }

  private async once(): Promise<number> {
    const { queue } = this.consumer;
    const jobs = await queue.receive(this.options.batchSize, this.options.visibilitySeconds);
    if (jobs.length === 0) return 0;
    const settlements = await this.consumer.process(jobs);
    await settleJobs(queue, jobs, settlements);
    return jobs.length;
  }

  private async loop(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      let handled = 0;
      try {
        handled = await this.once();
        failures = 0;
      } catch (error) {
        failures += 1;
        this.logger.error({ err: error, failures }, 'job worker: receiving or settling failed');
      }
      if (handled > 0 || this.stopped) continue;
      const waitMs = Math.min(30_000, this.options.pollIntervalMs * 2 ** failures);
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.sleepers.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, waitMs);
        this.sleepers.add(wake);
      });
    }
  }
}
