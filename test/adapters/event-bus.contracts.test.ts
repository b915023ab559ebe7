import {
  EventBridgeClient,
  PutEventsCommand,
  type PutEventsCommandInput,
} from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll } from 'vitest';
import { EventBridgeEventBus } from '../../adapters/aws/eventbridge/event-bus.eventbridge';
import { StorageQueueEventBus } from '../../adapters/azure/queue/event-bus.storage-queue';
import { envelopeToEvent } from '../../adapters/azure/queue/event-envelope';
import { decodeMessage } from '../../adapters/azure/queue/queue-message';
import { InProcessEventBus } from '../../adapters/local/event-bus.in-process';
import type { DomainEvent } from '../../domain/shared/domain-event';
import { describeEventBusContract } from '../contracts/event-bus.contract';
import { type AzuriteInstance, queueReader, startAzurite, uniqueName } from '../support/azurite';

describeEventBusContract('in-process', () => {
  const bus = new InProcessEventBus();
  const received: DomainEvent[] = [];
  bus.subscribe('recorder', '*', async (event) => {
    received.push(event);
  });
  return {
    bus,
    received: async () => [...received],
    breakDownstream: () => {
      bus.subscribe('broken-consumer', '*', async () => {
        throw new Error('downstream unavailable');
      });
    },
    failure: /Event consumers failed: broken-consumer: downstream unavailable/,
  };
});

const credentials = { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' };

/** PutEvents' answer when every entry is accepted, or when every one failed with `ErrorCode`. */
const answer = (input: PutEventsCommandInput, errorCode?: string) => {
  const entries = input.Entries ?? [];
  return {
    FailedEntryCount: errorCode ? entries.length : 0,
    Entries: entries.map((_, i) =>
      errorCode
        ? { ErrorCode: errorCode, ErrorMessage: 'Internal failure' }
        : { EventId: `eb-${i}` },
    ),
  };
};

describeEventBusContract('EventBridge (aws-sdk-client-mock)', () => {
  const client = new EventBridgeClient({ region: 'eu-west-1', credentials });
  const eventBridge = mockClient(client);
  eventBridge.on(PutEventsCommand).callsFake((input: PutEventsCommandInput) => answer(input));
  return {
    // Two attempts, no backoff: the retry of failed entries runs, without slowing the suite.
    bus: new EventBridgeEventBus({
      client,
      eventBusName: 'app-bus',
      source: 'one-core.app',
      maxAttempts: 2,
      baseDelayMs: 0,
    }),
    // Every entry is accepted until downstream breaks, so each one sent is one received.
    received: async () =>
      eventBridge
        .commandCalls(PutEventsCommand)
        .flatMap((call) => call.args[0].input.Entries ?? [])
        .map((entry) => JSON.parse(entry.Detail ?? 'null') as DomainEvent),
    // PutEvents answers 200 with FailedEntryCount: the adapter must turn that into a rejection.
    breakDownstream: () => {
      eventBridge
        .on(PutEventsCommand)
        .callsFake((input: PutEventsCommandInput) => answer(input, 'InternalFailure'));
    },
    failure: /EventBridge still failed 2 of 2 entries after 2 attempts: .*InternalFailure/,
    close: () => {
      eventBridge.restore();
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

describeEventBusContract('Storage Queue (Azurite)', async () => {
  const bus = new StorageQueueEventBus({
    connectionString: azurite.connectionString,
    queueName: uniqueName('bus'),
  });
  await bus.ensureQueue();
  const read = queueReader(bus.queue);
  return {
    bus,
    received: async () => (await read()).map((text) => envelopeToEvent(decodeMessage(text))),
    // A deleted queue answers 404, which the SDK does not retry on the primary endpoint (only
    // 5xx and network errors are), so publish fails at once rather than after backoffs.
    breakDownstream: async () => {
      await bus.queue.delete();
    },
    failure: /The specified queue does not exist/,
    close: async () => {
      await bus.queue.deleteIfExists();
    },
  };
});
