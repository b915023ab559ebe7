import type { QueueClient } from '@azure/storage-queue';
import {
  type BatchOutcome,
  DEFAULT_MAX_RECEIVE_COUNT,
  type DeadLetter,
  type JobQueue,
  type OutgoingJob,
  type QueueStats,
  type ReceivedJob,
} from '../../../ports/job-queue.port';
import { isStatus } from '../storage-errors';
import { MAX_MESSAGE_BYTES, queueClient } from './queue-message';

export interface StorageQueueJobQueueOptions {
  connectionString: string;
  queueName: string;
  /** The Functions host's `maxDequeueCount` (host.json), 5 by default there; 3 here, as on SQS. */
  maxReceiveCount?: number;
}

/** Storage Queue's largest batch of one receive. */
const MAX_RECEIVE = 32;

/** What this adapter writes to the poison queue: the job with why it is there. */
interface PoisonEnvelope {
  id: string;
  body: string;
  reason: string;
  receiveCount: number;
  deadAt: string;
}

/**
 * Base64 text, as the Functions queue trigger reads it by default (host.json
 * `extensions.queues.messageEncoding`); the body itself may be anything, invalid JSON included.
 */
const encode = (text: string): string => {
  const encoded = Buffer.from(text, 'utf8').toString('base64');
  if (encoded.length > MAX_MESSAGE_BYTES) {
    throw new Error(`A queue message may be at most ${MAX_MESSAGE_BYTES} bytes once encoded`);
  }
  return encoded;
};
const decode = (text: string): string => Buffer.from(text, 'base64').toString('utf8');

/** A receipt carries the message id and this receive's pop receipt (a GUID has no `|`). */
const receiptOf = (messageId: string, popReceipt: string) => `${messageId}|${popReceipt}`;
const parseReceipt = (receipt: string): [string, string] => {
  const at = receipt.indexOf('|');
  return [receipt.slice(0, at), receipt.slice(at + 1)];
};

const asPoison = (
  messageId: string,
  text: string,
  dequeueCount: number,
  insertedOn: Date,
): PoisonEnvelope => {
  try {
    const value = JSON.parse(text) as Partial<PoisonEnvelope>;
    if (typeof value.body === 'string' && typeof value.reason === 'string') {
      return value as PoisonEnvelope;
    }
  } catch {
    // Not ours: the Functions host moved the raw message after maxDequeueCount failures.
  }
  return {
    id: messageId,
    body: text,
    reason: 'moved to the poison queue by the Functions host after maxDequeueCount failures',
    receiveCount: dequeueCount,
    deadAt: insertedOn.toISOString(),
  };
};

/**
 * The jobs of the Azure app: a Storage Queue, whose dead letters are the `<name>-poison` queue
 * the Functions host itself uses after `maxDequeueCount` failed invocations. Storage Queue has
 * no deduplication (consumers dedupe on the message's key) and cannot count in-flight or delayed
 * messages apart from ready ones: `depth` is every live message.
 */
export class StorageQueueJobQueue implements JobQueue {
  readonly maxReceiveCount: number;
  readonly queue: QueueClient;
  readonly poison: QueueClient;

  constructor(options: StorageQueueJobQueueOptions) {
    this.maxReceiveCount = options.maxReceiveCount ?? DEFAULT_MAX_RECEIVE_COUNT;
    this.queue = queueClient(options.connectionString, options.queueName);
    this.poison = queueClient(options.connectionString, `${options.queueName}-poison`);
  }

  async ensureQueues(): Promise<void> {
    await Promise.all([this.queue.createIfNotExists(), this.poison.createIfNotExists()]);
  }

  async send(job: OutgoingJob): Promise<string> {
    const sent = await this.queue.sendMessage(encode(job.body), {
      visibilityTimeout: job.delaySeconds ?? 0,
      messageTimeToLive: -1,
    });
    return sent.messageId;
  }

  async sendBatch(jobs: readonly OutgoingJob[]): Promise<BatchOutcome> {
    const results = await Promise.allSettled(jobs.map((job) => this.send(job)));
    return {
      failed: results.flatMap((result, index) =>
        result.status === 'rejected' ? [{ index, reason: String(result.reason) }] : [],
      ),
    };
  }

  async receive(max: number, visibilitySeconds: number): Promise<ReceivedJob[]> {
    const { receivedMessageItems } = await this.queue.receiveMessages({
      numberOfMessages: Math.min(max, MAX_RECEIVE),
      // Storage Queue's shortest visibility timeout is 1 second.
      visibilityTimeout: Math.max(1, visibilitySeconds),
    });
    const received: ReceivedJob[] = [];
    for (const item of receivedMessageItems) {
      const job: ReceivedJob = {
        id: item.messageId,
        body: decode(item.messageText),
        receipt: receiptOf(item.messageId, item.popReceipt),
        receiveCount: item.dequeueCount,
      };
      if (item.dequeueCount > this.maxReceiveCount) {
        await this.deadLetter(
          job,
          `received ${item.dequeueCount - 1} times without success`,
          item.dequeueCount - 1,
        );
      } else {
        received.push(job);
      }
    }
    return received;
  }

  async delete(receipt: string): Promise<void> {
    const [id, popReceipt] = parseReceipt(receipt);
    try {
      await this.queue.deleteMessage(id, popReceipt);
    } catch (error) {
      // A stale pop receipt: the message came back and someone else holds it now.
      if (!isStatus(error, 404, 400)) throw error;
    }
  }

  async deleteBatch(receipts: readonly string[]): Promise<BatchOutcome> {
    const results = await Promise.allSettled(receipts.map((receipt) => this.delete(receipt)));
    return {
      failed: results.flatMap((result, index) =>
        result.status === 'rejected' ? [{ index, reason: String(result.reason) }] : [],
      ),
    };
  }

  async release(receipt: string, delaySeconds: number): Promise<void> {
    const [id, popReceipt] = parseReceipt(receipt);
    try {
      await this.queue.updateMessage(id, popReceipt, undefined, delaySeconds);
    } catch (error) {
      if (!isStatus(error, 404, 400)) throw error;
    }
  }

  async deadLetter(
    job: ReceivedJob,
    reason: string,
    receiveCount = job.receiveCount,
  ): Promise<void> {
    const envelope: PoisonEnvelope = {
      id: job.id,
      body: job.body,
      reason,
      receiveCount,
      deadAt: new Date().toISOString(),
    };
    // Poison first, then delete: a crash in between leaves a copy in both, never in neither.
    await this.poison.sendMessage(encode(JSON.stringify(envelope)), { messageTimeToLive: -1 });
    await this.delete(job.receipt);
  }

  async stats(): Promise<QueueStats> {
    const [live, dead] = await Promise.all([
      this.queue.getProperties(),
      this.poison.getProperties(),
    ]);
    return {
      depth: live.approximateMessagesCount ?? 0,
      inFlight: null,
      delayed: null,
      deadLetters: dead.approximateMessagesCount ?? 0,
    };
  }

  async deadLetters(limit: number): Promise<DeadLetter[]> {
    const { peekedMessageItems } = await this.poison.peekMessages({
      numberOfMessages: Math.min(limit, MAX_RECEIVE),
    });
    return peekedMessageItems.map((item) => {
      const { id, body, reason, receiveCount, deadAt } = asPoison(
        item.messageId,
        decode(item.messageText),
        item.dequeueCount,
        item.insertedOn,
      );
      return { id, body, reason, receiveCount, deadAt };
    });
  }

  async redrive(): Promise<number> {
    let moved = 0;
    for (;;) {
      const { receivedMessageItems } = await this.poison.receiveMessages({
        numberOfMessages: MAX_RECEIVE,
        visibilityTimeout: 60,
      });
      if (receivedMessageItems.length === 0) return moved;
      for (const item of receivedMessageItems) {
        const { body } = asPoison(
          item.messageId,
          decode(item.messageText),
          item.dequeueCount,
          item.insertedOn,
        );
        await this.send({ body });
        await this.poison.deleteMessage(item.messageId, item.popReceipt);
        moved += 1;
      }
    }
  }
}
