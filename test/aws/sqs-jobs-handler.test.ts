import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createSqsJobsHandler } from '../../adapters/aws/lambda/sqs-jobs';
import { SqsJobQueue } from '../../adapters/aws/sqs/job-queue.sqs';
import { SequentialIdGenerator } from '../../adapters/memory/id-generator.memory';
import { MemoryNotifier } from '../../adapters/memory/notifier.memory';
import { MemoryProcessedEventStore } from '../../adapters/memory/processed-event-store.memory';
import { MessageProcessor } from '../../domain/messaging/message-processor';
import { capturingLogger } from '../support/capturing-logger';

const QUEUE = 'https://sqs.us-west-2.amazonaws.com/123456789012/SQSQueue';
const DLQ = 'https://sqs.us-west-2.amazonaws.com/123456789012/SQSQueue-dlq';
const fixture = JSON.parse(
  readFileSync(join(import.meta.dirname, '../fixtures/aws-events/sqs-event.json'), 'utf8'),
) as SQSEvent;

/** The fixture's record with another id and body (and receive count). */
const record = (messageId: string, body: unknown, receiveCount = '1') => {
  const copy = structuredClone(fixture.Records[0]!);
  copy.messageId = messageId;
  copy.receiptHandle = `rh-${messageId}`;
  copy.body = typeof body === 'string' ? body : JSON.stringify(body);
  copy.attributes.ApproximateReceiveCount = receiveCount;
  return copy;
};

describe('the SQS jobs handler (real event fixture, SQS calls on aws-sdk-client-mock)', () => {
  const sqs = mockClient(SQSClient);
  const { logger } = capturingLogger('silent');
  const handled: string[] = [];
  const processor = new MessageProcessor(
    {
      user_signup: async ({ userId }) => {
        handled.push(userId);
      },
      order_created: async () => {
        throw new Error('inventory timed out');
      },
      payment_completed: async () => undefined,
      data_export: async () => undefined,
    },
    new MemoryProcessedEventStore(),
    { ids: new SequentialIdGenerator('batch'), logger, notifier: new MemoryNotifier() },
  );
  const handler = createSqsJobsHandler({
    queue: new SqsJobQueue({
      client: new SQSClient({
        region: 'us-west-2',
        credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
      }),
      queueUrl: QUEUE,
      deadLetterQueueUrl: DLQ,
    }),
    process: async (jobs) => (await processor.processBatch(jobs, 3)).settlements,
    logger,
  });
  const inputs = <T>(command: new (...args: never[]) => T) =>
    sqs.commandCalls(command as never).map((call) => call.args[0].input);

  beforeEach(() => {
    sqs.reset();
    sqs.on(SendMessageCommand).resolves({ MessageId: 'dlq-1' });
    sqs.on(DeleteMessageCommand).resolves({});
    sqs.on(ChangeMessageVisibilityCommand).resolves({});
    handled.length = 0;
  });
  afterAll(() => sqs.restore());

  it('dead-letters the fixture as it is (its body is not JSON) and reports no failure', async () => {
    expect(await handler(fixture)).toEqual({ batchItemFailures: [] });
    expect(inputs(SendMessageCommand)).toEqual([
      expect.objectContaining({
        QueueUrl: DLQ,
        MessageBody: 'Message Body',
        MessageAttributes: expect.objectContaining({
          DeadLetterReason: {
            DataType: 'String',
            StringValue: expect.stringMatching(/^INVALID_JSON: /),
          },
        }),
      }),
    ]);
    expect(inputs(DeleteMessageCommand)).toEqual([
      { QueueUrl: QUEUE, ReceiptHandle: 'MessageReceiptHandle' },
    ]);
  });

  it('returns only the failed jobs of a batch, each delayed by its backoff first', async () => {
    const response = await handler({
      Records: [
        record('ok', { type: 'user_signup', userId: 'u-1' }),
        record('flaky', { type: 'order_created', orderId: 'o-1' }, '2'),
        record('unknown', { type: 'refund_issued' }),
      ],
    });
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'flaky' }] });
    expect(handled).toEqual(['u-1']);
    expect(inputs(ChangeMessageVisibilityCommand)).toEqual([
      { QueueUrl: QUEUE, ReceiptHandle: 'rh-flaky', VisibilityTimeout: 4 },
    ]);
    expect(inputs(SendMessageCommand)).toEqual([
      expect.objectContaining({ QueueUrl: DLQ, MessageBody: '{"type":"refund_issued"}' }),
    ]);
  });

  it('dead-letters a job failing its third receive instead of returning it', async () => {
    const response = await handler({
      Records: [record('last', { type: 'order_created', orderId: 'o-1' }, '3')],
    });
    expect(response).toEqual({ batchItemFailures: [] });
    expect(inputs(SendMessageCommand)).toEqual([
      expect.objectContaining({
        MessageAttributes: expect.objectContaining({
          DeadLetterReason: {
            DataType: 'String',
            StringValue: 'FAILED_AFTER_RETRIES: 3 attempts, last: inventory timed out',
          },
        }),
      }),
    ]);
  });

  it('returns a job it could not dead-letter, so SQS keeps it', async () => {
    sqs.on(SendMessageCommand).rejects(new Error('AccessDenied'));
    expect(await handler({ Records: [record('poison', 'nope')] })).toEqual({
      batchItemFailures: [{ itemIdentifier: 'poison' }],
    });
  });
});
