import type { IdGenerator } from '../../ports/id-generator.port';
import type { JobSettlement, ReceivedJob } from '../../ports/job-queue.port';
import type { Logger } from '../../ports/logger.port';
import type { Notifier } from '../../ports/notifier.port';
import type { ProcessedEventStore } from '../../ports/processed-event-store.port';
import {
  idempotencyKey,
  type JobMessage,
  type JobType,
  type MessageOf,
  PermanentMessageError,
  parseJobMessage,
} from './job-messages';

export type MessageHandlers = {
  [T in JobType]: (message: MessageOf<T>) => Promise<void>;
};

export interface MessageProcessorOptions {
  /** Send "Message Processing Batch Complete" after each batch (on by default). */
  batchNotification?: boolean;
  /** First retry delay; doubled per receive, capped at `maxBackoffSeconds`. */
  baseBackoffSeconds?: number;
  maxBackoffSeconds?: number;
}

export interface BatchSummary {
  batchId: string;
  received: number;
  succeeded: number;
  /** Transient failures, returned to the queue to be retried. */
  failed: number;
  deadLettered: number;
  /** Messages whose work was already done (a redelivery): counted as succeeded too. */
  duplicates: number;
}

export interface BatchResult {
  summary: BatchSummary;
  /** One per job, in the order given. */
  settlements: JobSettlement[];
}

export const BATCH_COMPLETE_SUBJECT = 'Message Processing Batch Complete';

/** Delay before the next attempt of a job received `receiveCount` times: exponential. */
export const backoffSeconds = (receiveCount: number, base: number, max: number): number =>
  Math.min(max, base * 2 ** Math.max(0, receiveCount - 1));

/**
 * The one consumer of the jobs queue, whichever door received the batch (the server's worker,
 * the SQS event source, the Storage Queue trigger). Each job is settled on its own: a message
 * that cannot be read or has no handler is dead-lettered at once with the reason; a handler's
 * failure is retried with backoff until the queue's maxReceiveCount, then dead-lettered; work
 * done is marked per idempotency key, so a redelivered or resent message changes nothing.
 */
export class MessageProcessor {
  private readonly options: Required<MessageProcessorOptions>;

  constructor(
    private readonly handlers: MessageHandlers,
    private readonly processed: ProcessedEventStore,
    private readonly ports: { ids: IdGenerator; logger: Logger; notifier: Notifier },
    options: MessageProcessorOptions = {},
  ) {
    this.options = {
      batchNotification: options.batchNotification ?? true,
      baseBackoffSeconds: options.baseBackoffSeconds ?? 2,
      maxBackoffSeconds: options.maxBackoffSeconds ?? 300,
    };
  }

  async processBatch(jobs: readonly ReceivedJob[], maxReceiveCount: number): Promise<BatchResult> {
    const batchId = this.ports.ids.next();
    let duplicates = 0;
    const settlements = await Promise.all(
      jobs.map(async (job) => {
        const { settlement, duplicate } = await this.processOne(job, maxReceiveCount, batchId);
        if (duplicate) duplicates += 1;
        return settlement;
      }),
    );
    const count = (outcome: JobSettlement['outcome']) =>
      settlements.filter((settlement) => settlement.outcome === outcome).length;
    const summary: BatchSummary = {
      batchId,
      received: jobs.length,
      succeeded: count('succeeded'),
      failed: count('retry'),
      deadLettered: count('dead'),
      duplicates,
    };
    this.ports.logger.info({ ...summary }, 'message batch processed');
    if (this.options.batchNotification && jobs.length > 0) {
      await this.ports.notifier.notify({
        subject: BATCH_COMPLETE_SUBJECT,
        message: `Batch ${batchId}: ${summary.succeeded} succeeded, ${summary.failed} failed, ${summary.deadLettered} dead-lettered.`,
        attributes: {
          type: 'message_batch',
          batchId,
          succeeded: String(summary.succeeded),
          failed: String(summary.failed),
          deadLettered: String(summary.deadLettered),
        },
      });
    }
    return { summary, settlements };
  }

  private async processOne(
    job: ReceivedJob,
    maxReceiveCount: number,
    batchId: string,
  ): Promise<{ settlement: JobSettlement; duplicate: boolean }> {
    const about = { batchId, messageId: job.id, receiveCount: job.receiveCount };
    const parsed = parseJobMessage(job.body);
    if (!parsed.ok) {
      const reason = `${parsed.reason}: ${parsed.detail}`;
      this.ports.logger.warn(
        { ...about, reason },
        'message dead-lettered: it can never be handled',
      );
      return { settlement: { outcome: 'dead', reason }, duplicate: false };
    }
    const { message } = parsed;
    const consumer = `message:${message.type}`;
    const key = idempotencyKey(message);
    try {
      if (await this.processed.has(consumer, key)) {
        return { settlement: { outcome: 'succeeded' }, duplicate: true };
      }
      await this.handle(message);
      await this.processed.record(consumer, key);
      return { settlement: { outcome: 'succeeded' }, duplicate: false };
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      if (error instanceof PermanentMessageError) {
        const reason = `REJECTED: ${detail}`;
        this.ports.logger.warn({ ...about, type: message.type, reason }, 'message dead-lettered');
        return { settlement: { outcome: 'dead', reason }, duplicate: false };
      }
      this.ports.logger.error({ ...about, type: message.type, err: error }, 'message failed');
      if (job.receiveCount >= maxReceiveCount) {
        return {
          settlement: {
            outcome: 'dead',
            reason: `FAILED_AFTER_RETRIES: ${job.receiveCount} attempts, last: ${detail}`,
          },
          duplicate: false,
        };
      }
      const { baseBackoffSeconds, maxBackoffSeconds } = this.options;
      return {
        settlement: {
          outcome: 'retry',
          delaySeconds: backoffSeconds(job.receiveCount, baseBackoffSeconds, maxBackoffSeconds),
          reason: detail,
        },
        duplicate: false,
      };
    }
  }

  private handle(message: JobMessage): Promise<void> {
    const handler = this.handlers[message.type] as (message: JobMessage) => Promise<void>;
    return handler(message);
  }
}
