import {
  ChangeMessageVisibilityCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  type MessageAttributeValue,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  type SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import {
  type BatchOutcome,
  DEFAULT_MAX_RECEIVE_COUNT,
  type DeadLetter,
  type JobQueue,
  type OutgoingJob,
  type QueueStats,
  type ReceivedJob,
} from '../../../ports/job-queue.port';

export interface SqsJobQueueOptions {
  client: SQSClient;
  queueUrl: string;
  deadLetterQueueUrl: string;
  /** The queue's redrive policy's maxReceiveCount (the stack sets 3). */
  maxReceiveCount?: number;
}

/** SQS's largest batch (SendMessageBatch, DeleteMessageBatch, ReceiveMessage). */
const MAX_BATCH = 10;

/** Message attributes this adapter writes: standard queues have no MessageDeduplicationId. */
export const DEDUP_ATTRIBUTE = 'DedupId';
export const REASON_ATTRIBUTE = 'DeadLetterReason';
export const RECEIVE_COUNT_ATTRIBUTE = 'ReceiveCount';

const text = (value: string): MessageAttributeValue => ({ DataType: 'String', StringValue: value });

const chunks = <T>(items: readonly T[]): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += MAX_BATCH) out.push(items.slice(i, i + MAX_BATCH));
  return out;
};

const attributesOf = (job: OutgoingJob) =>
  job.dedupId === undefined ? {} : { MessageAttributes: { [DEDUP_ATTRIBUTE]: text(job.dedupId) } };

/**
 * The jobs queue on AWS. SQS moves a message to the dead-letter queue itself after the redrive
 * policy's maxReceiveCount; a job that can never succeed is copied there at once with its
 * reason as a message attribute, then deleted. Redrive is SQS's own message move task.
 */
export class SqsJobQueue implements JobQueue {
  readonly maxReceiveCount: number;

  constructor(private readonly options: SqsJobQueueOptions) {
    this.maxReceiveCount = options.maxReceiveCount ?? DEFAULT_MAX_RECEIVE_COUNT;
  }

  async send(job: OutgoingJob): Promise<string> {
    const { MessageId } = await this.options.client.send(
      new SendMessageCommand({
        QueueUrl: this.options.queueUrl,
        MessageBody: job.body,
        ...(job.delaySeconds ? { DelaySeconds: job.delaySeconds } : {}),
        ...attributesOf(job),
      }),
    );
    return MessageId!;
  }

  /** Entries fail alone (SendMessageBatch answers 200 with a `Failed` list): they are reported by index. */
  async sendBatch(jobs: readonly OutgoingJob[]): Promise<BatchOutcome> {
    const failed: BatchOutcome['failed'] = [];
    for (const [n, chunk] of chunks(jobs).entries()) {
      const base = n * MAX_BATCH;
      const { Failed } = await this.options.client.send(
        new SendMessageBatchCommand({
          QueueUrl: this.options.queueUrl,
          Entries: chunk.map((job, i) => ({
            Id: String(base + i),
            MessageBody: job.body,
            ...(job.delaySeconds ? { DelaySeconds: job.delaySeconds } : {}),
            ...attributesOf(job),
          })),
        }),
      );
      for (const entry of Failed ?? []) {
        failed.push({ index: Number(entry.Id), reason: `${entry.Code}: ${entry.Message ?? ''}` });
      }
    }
    return { failed };
  }

  async receive(max: number, visibilitySeconds: number): Promise<ReceivedJob[]> {
    const { Messages } = await this.options.client.send(
      new ReceiveMessageCommand({
        QueueUrl: this.options.queueUrl,
        MaxNumberOfMessages: Math.min(max, MAX_BATCH),
        VisibilityTimeout: visibilitySeconds,
        MessageSystemAttributeNames: ['ApproximateReceiveCount'],
        MessageAttributeNames: [DEDUP_ATTRIBUTE],
      }),
    );
    return (Messages ?? []).map((message) => ({
      id: message.MessageId!,
      body: message.Body ?? '',
      receipt: message.ReceiptHandle!,
      receiveCount: Number(message.Attributes?.ApproximateReceiveCount ?? 1),
      dedupId: message.MessageAttributes?.[DEDUP_ATTRIBUTE]?.StringValue,
    }));
  }

  async delete(receipt: string): Promise<void> {
    await this.options.client.send(
      new DeleteMessageCommand({ QueueUrl: this.options.queueUrl, ReceiptHandle: receipt }),
    );
  }

  async deleteBatch(receipts: readonly string[]): Promise<BatchOutcome> {
    const failed: BatchOutcome['failed'] = [];
    for (const [n, chunk] of chunks(receipts).entries()) {
      const base = n * MAX_BATCH;
      const { Failed } = await this.options.client.send(
        new DeleteMessageBatchCommand({
          QueueUrl: this.options.queueUrl,
          Entries: chunk.map((receipt, i) => ({ Id: String(base + i), ReceiptHandle: receipt })),
        }),
      );
      for (const entry of Failed ?? []) {
        failed.push({ index: Number(entry.Id), reason: `${entry.Code}: ${entry.Message ?? ''}` });
      }
    }
    return { failed };
  }

  async release(receipt: string, delaySeconds: number): Promise<void> {
    await this.options.client.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: this.options.queueUrl,
        ReceiptHandle: receipt,
        VisibilityTimeout: delaySeconds,
      }),
    );
  }

  /** Copy first, then delete: a crash in between leaves it in both queues, never in neither. */
  async deadLetter(job: ReceivedJob, reason: string): Promise<void> {
    await this.options.client.send(
      new SendMessageCommand({
        QueueUrl: this.options.deadLetterQueueUrl,
        MessageBody: job.body,
        MessageAttributes: {
          [REASON_ATTRIBUTE]: text(reason.slice(0, 1024)),
          [RECEIVE_COUNT_ATTRIBUTE]: { DataType: 'Number', StringValue: String(job.receiveCount) },
          ...(job.dedupId === undefined ? {} : { [DEDUP_ATTRIBUTE]: text(job.dedupId) }),
        },
      }),
    );
    await this.delete(job.receipt);
  }

  private async attributes(queueUrl: string, names: string[]): Promise<Record<string, string>> {
    const { Attributes } = await this.options.client.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: names as never }),
    );
    return Attributes ?? {};
  }

  async stats(): Promise<QueueStats> {
    const [live, dead] = await Promise.all([
      this.attributes(this.options.queueUrl, [
        'ApproximateNumberOfMessages',
        'ApproximateNumberOfMessagesNotVisible',
        'ApproximateNumberOfMessagesDelayed',
      ]),
      this.attributes(this.options.deadLetterQueueUrl, ['ApproximateNumberOfMessages']),
    ]);
    return {
      depth: Number(live.ApproximateNumberOfMessages ?? 0),
      inFlight: Number(live.ApproximateNumberOfMessagesNotVisible ?? 0),
      delayed: Number(live.ApproximateNumberOfMessagesDelayed ?? 0),
      deadLetters: Number(dead.ApproximateNumberOfMessages ?? 0),
    };
  }

  /**
   * A look at the dead letters: received with a zero visibility timeout, so they stay where they
   * are for the next reader (SQS has no peek). Those SQS moved itself carry no reason attribute.
   */
  async deadLetters(limit: number): Promise<DeadLetter[]> {
    const { Messages } = await this.options.client.send(
      new ReceiveMessageCommand({
        QueueUrl: this.options.deadLetterQueueUrl,
        MaxNumberOfMessages: Math.min(limit, MAX_BATCH),
        VisibilityTimeout: 0,
        MessageSystemAttributeNames: ['ApproximateReceiveCount', 'SentTimestamp'],
        MessageAttributeNames: [REASON_ATTRIBUTE, RECEIVE_COUNT_ATTRIBUTE],
      }),
    );
    return (Messages ?? []).map((message) => {
      const attributes = message.MessageAttributes ?? {};
      const counted = attributes[RECEIVE_COUNT_ATTRIBUTE]?.StringValue;
      return {
        id: message.MessageId!,
        body: message.Body ?? '',
        reason:
          attributes[REASON_ATTRIBUTE]?.StringValue ??
          `moved by the queue's redrive policy after ${this.maxReceiveCount} receives`,
        receiveCount: counted === undefined ? this.maxReceiveCount : Number(counted),
        deadAt: new Date(Number(message.Attributes?.SentTimestamp ?? 0)).toISOString(),
      };
    });
  }

  /**
   * SQS's own redrive: a message move task from the dead-letter queue to the jobs queue, named
   * explicitly because the jobs this adapter dead-lettered itself were sent, not moved, there
   * and so have no source queue SQS could find.
   */
  async redrive(): Promise<number> {
    const [dead, live] = await Promise.all([
      this.attributes(this.options.deadLetterQueueUrl, ['QueueArn', 'ApproximateNumberOfMessages']),
      this.attributes(this.options.queueUrl, ['QueueArn']),
    ]);
    const waiting = Number(dead.ApproximateNumberOfMessages ?? 0);
    if (waiting === 0) return 0;
    await this.options.client.send(
      new StartMessageMoveTaskCommand({ SourceArn: dead.QueueArn, DestinationArn: live.QueueArn }),
    );
    return waiting;
  }
}
