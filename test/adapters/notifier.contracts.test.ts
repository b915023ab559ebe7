import {
  NotFoundException,
  PublishCommand,
  type PublishCommandInput,
  SNSClient,
} from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll } from 'vitest';
import { SnsNotifier } from '../../adapters/aws/sns/notifier.sns';
import { StorageQueueNotifier } from '../../adapters/azure/queue/notifier.storage-queue';
import { decodeMessage } from '../../adapters/azure/queue/queue-message';
import { MemoryNotifier } from '../../adapters/memory/notifier.memory';
import type { Notification } from '../../ports/notifier.port';
import { describeNotifierContract } from '../contracts/notifier.contract';
import { type AzuriteInstance, queueReader, startAzurite, uniqueName } from '../support/azurite';

describeNotifierContract(
  'memory',
  () => {
    const notifier = new MemoryNotifier();
    return { notifier, sent: async () => [...notifier.sent] };
  },
  {
    downstreamCanFail: false,
    reason: 'MemoryNotifier appends to an array: there is no downstream that could fail',
  },
);

const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:notifications';
const credentials = { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' };

/**
 * A Publish request as a subscriber receives it: no MessageAttributes is an empty set (SNS gives
 * Lambda subscribers `MessageAttributes: {}`); only String attributes are what the port sends.
 */
const fromPublish = (input: PublishCommandInput): Notification => ({
  // Left undefined when missing, so the contract's comparison names the lost field.
  subject: input.Subject as string,
  message: input.Message as string,
  attributes: Object.fromEntries(
    Object.entries(input.MessageAttributes ?? {}).map(([name, value]) => {
      if (value.DataType !== 'String' || value.StringValue === undefined) {
        throw new Error(`Attribute ${name} is ${value.DataType}, not a String value`);
      }
      return [name, value.StringValue];
    }),
  ),
});

describeNotifierContract('SNS (aws-sdk-client-mock)', () => {
  const client = new SNSClient({ region: 'eu-west-1', credentials });
  const sns = mockClient(client);
  sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
  return {
    notifier: new SnsNotifier({ client, topicArn: TOPIC }),
    sent: async () =>
      sns.commandCalls(PublishCommand).map((call) => fromPublish(call.args[0].input)),
    breakDownstream: () => {
      sns
        .on(PublishCommand)
        .rejects(new NotFoundException({ message: 'Topic does not exist', $metadata: {} }));
    },
    failure: /Topic does not exist/,
    close: () => {
      sns.restore();
      client.destroy();
    },
  };
});

let azurite: AzuriteInstance;
beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(async () => {
  await azurite?.stop();
});

describeNotifierContract('Storage Queue (Azurite)', async () => {
  const notifier = new StorageQueueNotifier({
    connectionString: azurite.connectionString,
    queueName: uniqueName('notices'),
  });
  await notifier.ensureQueue();
  const read = queueReader(notifier.queue);
  return {
    notifier,
    // The message body is the notification itself, `{ subject, message, attributes }`.
    sent: async () => (await read()).map((text) => decodeMessage(text) as Notification),
    // A deleted queue answers 404, which the SDK does not retry on the primary endpoint (only
    // 5xx and network errors are), so notify fails at once rather than after backoffs.
    breakDownstream: async () => {
      await notifier.queue.delete();
    },
    failure: /The specified queue does not exist/,
    close: async () => {
      await notifier.queue.deleteIfExists();
    },
  };
});
