import {
  ChangeMessageVisibilityCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { SqsJobQueue } from '../../adapters/aws/sqs/job-queue.sqs';

/*
 * No SQS emulator can be installed here (ElasticMQ and LocalStack are downloads), so the calls
 * are checked against the documented request and response shapes of the SQS API reference,
 * partial batch failures included (a 200 whose `Failed` lists the entries that failed).
 */

const QUEUE = 'https://sqs.eu-west-1.amazonaws.com/123456789012/jobs';
const DLQ = 'https://sqs.eu-west-1.amazonaws.com/123456789012/jobs-dead-letters';
const credentials = { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' };

describe('SqsJobQueue (aws-sdk-client-mock)', () => {
  const sqs = mockClient(SQSClient);
  const queue = new SqsJobQueue({
    client: new SQSClient({ region: 'eu-west-1', credentials }),
    queueUrl: QUEUE,
    deadLetterQueueUrl: DLQ,
  });
  const inputs = <T>(command: new (...args: never[]) => T) =>
    sqs.commandCalls(command as never).map((call) => call.args[0].input);

  beforeEach(() => sqs.reset());
  afterAll(() => sqs.restore());

  it('sends one job with its delay and deduplication id as a message attribute', async () => {
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1', MD5OfMessageBody: 'x' });
    expect(await queue.send({ body: '{"type":"x"}', delaySeconds: 30, dedupId: 'pay-1' })).toBe(
      'm-1',
    );
    expect(inputs(SendMessageCommand)).toEqual([
      {
        QueueUrl: QUEUE,
        MessageBody: '{"type":"x"}',
        DelaySeconds: 30,
        MessageAttributes: { DedupId: { DataType: 'String', StringValue: 'pay-1' } },
      },
    ]);
  });

  it('sends batches of at most 10 and reports the entries SQS refused, by index', async () => {
    sqs
      .on(SendMessageBatchCommand)
      .resolvesOnce({
        Successful: [{ Id: '0', MessageId: 'a', MD5OfMessageBody: 'x' }],
        Failed: [{ Id: '3', SenderFault: true, Code: 'InvalidParameterValue', Message: 'too big' }],
      })
      .resolvesOnce({
        Successful: [],
        Failed: [{ Id: '11', SenderFault: false, Code: 'InternalError', Message: 'retry' }],
      });
    const outcome = await queue.sendBatch(
      Array.from({ length: 12 }, (_, i) => ({ body: `job ${i}` })),
    );
    const calls = inputs(SendMessageBatchCommand) as { Entries: { Id: string }[] }[];
    expect(calls.map((call) => call.Entries.map((entry) => entry.Id))).toEqual([
      ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
      ['10', '11'],
    ]);
    expect(outcome.failed).toEqual([
      { index: 3, reason: 'InvalidParameterValue: too big' },
      { index: 11, reason: 'InternalError: retry' },
    ]);
  });

  it('receives with a visibility timeout and reads the receive count and dedup id', async () => {
    sqs.on(ReceiveMessageCommand).resolves({
      Messages: [
        {
          MessageId: 'm-1',
          ReceiptHandle: 'rh-1',
          Body: 'b',
          Attributes: { ApproximateReceiveCount: '2' },
          MessageAttributes: { DedupId: { DataType: 'String', StringValue: 'pay-1' } },
        },
      ],
    });
    expect(await queue.receive(25, 45)).toEqual([
      { id: 'm-1', body: 'b', receipt: 'rh-1', receiveCount: 2, dedupId: 'pay-1' },
    ]);
    expect(inputs(ReceiveMessageCommand)).toEqual([
      {
        QueueUrl: QUEUE,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: 45,
        MessageSystemAttributeNames: ['ApproximateReceiveCount'],
        MessageAttributeNames: ['DedupId'],
      },
    ]);
  });

  it('deletes in batches and reports the receipts SQS could not delete', async () => {
    sqs.on(DeleteMessageBatchCommand).resolves({
      Successful: [{ Id: '0' }],
      Failed: [{ Id: '1', SenderFault: true, Code: 'ReceiptHandleIsInvalid', Message: 'expired' }],
    });
    expect(await queue.deleteBatch(['rh-0', 'rh-1'])).toEqual({
      failed: [{ index: 1, reason: 'ReceiptHandleIsInvalid: expired' }],
    });
    expect(inputs(DeleteMessageBatchCommand)).toEqual([
      {
        QueueUrl: QUEUE,
        Entries: [
          { Id: '0', ReceiptHandle: 'rh-0' },
          { Id: '1', ReceiptHandle: 'rh-1' },
        ],
      },
    ]);
  });

  it('returns a job with a new delay by changing its visibility', async () => {
    sqs.on(ChangeMessageVisibilityCommand).resolves({});
    await queue.release('rh-1', 20);
    expect(inputs(ChangeMessageVisibilityCommand)).toEqual([
      { QueueUrl: QUEUE, ReceiptHandle: 'rh-1', VisibilityTimeout: 20 },
    ]);
  });

  it('dead-letters a permanent failure: copied to the DLQ with its reason, then deleted', async () => {
    sqs.on(SendMessageCommand).resolves({ MessageId: 'd-1' });
    sqs.on(DeleteMessageCommand).resolves({});
    await queue.deadLetter(
      { id: 'm-1', body: 'not json', receipt: 'rh-1', receiveCount: 1 },
      'INVALID_JSON: Unexpected token',
    );
    expect(inputs(SendMessageCommand)).toEqual([
      {
        QueueUrl: DLQ,
        MessageBody: 'not json',
        MessageAttributes: {
          DeadLetterReason: { DataType: 'String', StringValue: 'INVALID_JSON: Unexpected token' },
          ReceiveCount: { DataType: 'Number', StringValue: '1' },
        },
      },
    ]);
    expect(inputs(DeleteMessageCommand)).toEqual([{ QueueUrl: QUEUE, ReceiptHandle: 'rh-1' }]);
  });

  it('keeps the job when the copy to the DLQ fails', async () => {
    sqs.on(SendMessageCommand).rejects(new Error('AccessDenied'));
    await expect(
      queue.deadLetter({ id: 'm-1', body: 'x', receipt: 'rh-1', receiveCount: 1 }, 'why'),
    ).rejects.toThrow('AccessDenied');
    expect(inputs(DeleteMessageCommand)).toEqual([]);
  });

  it('counts ready, in-flight, delayed and dead messages from the queue attributes', async () => {
    sqs
      .on(GetQueueAttributesCommand, { QueueUrl: QUEUE })
      .resolves({
        Attributes: {
          ApproximateNumberOfMessages: '5',
          ApproximateNumberOfMessagesNotVisible: '2',
          ApproximateNumberOfMessagesDelayed: '1',
        },
      })
      .on(GetQueueAttributesCommand, { QueueUrl: DLQ })
      .resolves({ Attributes: { ApproximateNumberOfMessages: '4' } });
    expect(await queue.stats()).toEqual({ depth: 5, inFlight: 2, delayed: 1, deadLetters: 4 });
  });

  it('lists dead letters with their reason, or the redrive policy as the reason', async () => {
    sqs.on(ReceiveMessageCommand).resolves({
      Messages: [
        {
          MessageId: 'd-1',
          ReceiptHandle: 'x',
          Body: 'not json',
          Attributes: { SentTimestamp: '1767225600000' },
          MessageAttributes: {
            DeadLetterReason: { DataType: 'String', StringValue: 'INVALID_JSON' },
            ReceiveCount: { DataType: 'Number', StringValue: '1' },
          },
        },
        { MessageId: 'd-2', ReceiptHandle: 'y', Body: '{}', Attributes: { SentTimestamp: '0' } },
      ],
    });
    expect(await queue.deadLetters(50)).toEqual([
      {
        id: 'd-1',
        body: 'not json',
        reason: 'INVALID_JSON',
        receiveCount: 1,
        deadAt: '2026-01-01T00:00:00.000Z',
      },
      {
        id: 'd-2',
        body: '{}',
        reason: "moved by the queue's redrive policy after 3 receives",
        receiveCount: 3,
        deadAt: '1970-01-01T00:00:00.000Z',
      },
    ]);
    expect(inputs(ReceiveMessageCommand)).toMatchObject([
      { QueueUrl: DLQ, VisibilityTimeout: 0, MaxNumberOfMessages: 10 },
    ]);
  });

  it('redrives with a message move task from the DLQ to the jobs queue', async () => {
    sqs
      .on(GetQueueAttributesCommand, { QueueUrl: DLQ })
      .resolves({
        Attributes: {
          QueueArn: 'arn:aws:sqs:eu-west-1:123456789012:jobs-dead-letters',
          ApproximateNumberOfMessages: '7',
        },
      })
      .on(GetQueueAttributesCommand, { QueueUrl: QUEUE })
      .resolves({ Attributes: { QueueArn: 'arn:aws:sqs:eu-west-1:123456789012:jobs' } });
    sqs.on(StartMessageMoveTaskCommand).resolves({ TaskHandle: 'task-1' });
    expect(await queue.redrive()).toBe(7);
    expect(inputs(StartMessageMoveTaskCommand)).toEqual([
      {
        SourceArn: 'arn:aws:sqs:eu-west-1:123456789012:jobs-dead-letters',
        DestinationArn: 'arn:aws:sqs:eu-west-1:123456789012:jobs',
      },
    ]);
  });

  it('starts no move task when the DLQ is empty', async () => {
    sqs
      .on(GetQueueAttributesCommand)
      .resolves({ Attributes: { ApproximateNumberOfMessages: '0' } });
    expect(await queue.redrive()).toBe(0);
    expect(inputs(StartMessageMoveTaskCommand)).toEqual([]);
  });
});
