import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type EventGridEvent,
  HttpRequest,
  InvocationContext,
  type InvocationContextInit,
  type Timer,
  trigger,
} from '@azure/functions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blobTriggerHandler } from '../../adapters/azure/functions/blob-trigger';
import {
  eventGridBlobHandler,
  eventGridToBlobCreated,
} from '../../adapters/azure/functions/event-grid-trigger';
import { InvocationLogger } from '../../adapters/azure/functions/invocation-logger';
import { queueTriggerHandler } from '../../adapters/azure/functions/queue-trigger';
import { timerTriggerHandler } from '../../adapters/azure/functions/timer-trigger';
import { eventToEnvelope } from '../../adapters/azure/queue/event-envelope';
import { decodeMessage } from '../../adapters/azure/queue/queue-message';
import { TableUserRepository } from '../../adapters/azure/tables/user-repository.tables';
import { MemoryProcessedEventStore } from '../../adapters/memory/processed-event-store.memory';
import { composeAzureFunctions } from '../../apps/azure-functions/composition';
import type { DomainEvent } from '../../domain/shared/domain-event';
import { idempotentConsumer } from '../../domain/shared/idempotent-consumer';
import { type AzuriteInstance, startAzurite, uniqueName } from '../support/azurite';
import { sampleEvent, sampleUser } from '../support/sample-data';

/** An InvocationContext as the worker builds one, with every log line kept as parsed JSON. */
const invocation = (init: InvocationContextInit) => {
  const lines: Record<string, unknown>[] = [];
  const context = new InvocationContext({
    invocationId: randomUUID(),
    logHandler: (level, ...args) => {
      for (const arg of args) lines.push({ ...JSON.parse(String(arg)), hostLevel: level });
    },
    ...init,
  });
  return { context, lines };
};

const queueContext = (id: string, dequeueCount: number) =>
  invocation({
    functionName: 'domainEvents',
    triggerMetadata: {
      id,
      dequeueCount,
      popReceipt: 'AgAAAAMAAAAAAAAA',
      insertionTime: '2026-01-01T00:00:00+00:00',
      queueTrigger: '(the message text)',
    },
    options: { trigger: trigger.storageQueue({ queueName: 'domain-events', connection: 'C' }) },
  });

const logger = new InvocationLogger('info');

describe('the Storage Queue trigger door', () => {
  const consumer = () => {
    const seen: DomainEvent[] = [];
    const deliver = idempotentConsumer('test', new MemoryProcessedEventStore(), async (event) => {
      seen.push(event);
    });
    return { seen, handler: queueTriggerHandler(deliver, logger) };
  };

  it('delivers the event however the host hands the message over, once per event id', async () => {
    const { seen, handler } = consumer();
    const event = sampleEvent('user.created', 'user-7');
    const envelope = eventToEnvelope(event);
    // Parsed JSON (the library's default), the text, the bytes: and the same event twice.
    for (const message of [
      envelope,
      JSON.stringify(envelope),
      Buffer.from(JSON.stringify(envelope)),
    ]) {
      await handler(message, queueContext('msg-1', 1).context);
    }
    expect(seen).toEqual([event]);
  });

  it('logs through the invocation with the message and event ids', async () => {
    const { handler } = consumer();
    const event = sampleEvent('order.created', 'order-1');
    const { context, lines } = queueContext('msg-2', 1);
    await handler(eventToEnvelope(event), context);
    expect(lines).toEqual([
      expect.objectContaining({
        msg: 'event consumed',
        invocationId: context.invocationId,
        functionName: 'domainEvents',
        messageId: 'msg-2',
        dequeueCount: 1,
        eventId: event.id,
        type: 'order.created',
      }),
    ]);
  });

  it('throws on a message that is not an event, so the host retries then poisons it', async () => {
    const { seen, handler } = consumer();
    const { context, lines } = queueContext('msg-3', 5);
    await expect(handler({ hello: 'world' }, context)).rejects.toThrow(/not an event envelope/);
    expect(seen).toEqual([]);
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'error',
        hostLevel: 'error',
        messageId: 'msg-3',
        dequeueCount: 5,
      }),
    ]);
  });

  it('throws when a consumer fails, so the event is delivered again', async () => {
    const handler = queueTriggerHandler(async () => {
      throw new Error('consumer down');
    }, logger);
    const event = sampleEvent();
    await expect(handler(eventToEnvelope(event), queueContext('msg-4', 1).context)).rejects.toThrow(
      'consumer down',
    );
  });
});

describe('the blob trigger door', () => {
  const blobContext = () =>
    invocation({
      functionName: 'objectCreated',
      // As the library passes it: the host's metadata, camel-cased.
      triggerMetadata: {
        blobTrigger: 'uploads/photos/2026/cat.jpg',
        uri: 'http://127.0.0.1:10000/devstoreaccount1/uploads/photos/2026/cat.jpg',
        name: 'photos/2026/cat.jpg',
        properties: {
          contentType: 'image/jpeg',
          contentLength: 3,
          eTag: '"0x8DE2B6F8B5C1A2F"',
          lastModified: '2026-01-02T03:04:05+00:00',
        },
        metadata: { owner: 'ada', x_2Dtrace: 'abc-123' },
      },
      options: { trigger: trigger.storageBlob({ path: 'uploads/{name}', connection: 'C' }) },
    });

  it('hands on a reference to the new blob, not its bytes', async () => {
    const created: unknown[] = [];
    const handler = blobTriggerHandler(async (blob) => {
      created.push(blob);
    }, logger);
    const { context, lines } = blobContext();
    await handler(Buffer.from([1, 2, 3]), context);
    expect(created).toEqual([
      {
        container: 'uploads',
        object: {
          key: 'photos/2026/cat.jpg',
          size: 3,
          etag: '"0x8DE2B6F8B5C1A2F"',
          contentType: 'image/jpeg',
          lastModified: new Date('2026-01-02T03:04:05Z'),
          metadata: { owner: 'ada', 'x-trace': 'abc-123' },
        },
      },
    ]);
    expect(lines).toEqual([
      expect.objectContaining({
        msg: 'blob handled',
        key: 'photos/2026/cat.jpg',
        invocationId: context.invocationId,
      }),
    ]);
  });

  it('throws when handling fails, so the host retries the blob', async () => {
    const handler = blobTriggerHandler(async () => {
      throw new Error('thumbnailer down');
    }, logger);
    await expect(handler(Buffer.from([1]), blobContext().context)).rejects.toThrow(
      'thumbnailer down',
    );
  });
});

describe('the timer trigger door', () => {
  const timer: Timer = {
    isPastDue: true,
    schedule: { adjustForDST: false },
    scheduleStatus: {
      last: '2026-01-01T00:00:00.000Z',
      next: '2026-01-01T00:01:00.000Z',
      lastUpdated: '2026-01-01T00:00:00.000Z',
    },
  };
  const timerContext = () =>
    invocation({
      functionName: 'outboxRelay',
      options: { trigger: trigger.timer({ schedule: '0 */1 * * * *' }) },
    });

  it('runs the job with the tick', async () => {
    const ticks: unknown[] = [];
    await timerTriggerHandler(
      'job',
      async (tick) => {
        ticks.push(tick);
      },
      logger,
    )(timer, timerContext().context);
    expect(ticks).toEqual([{ isPastDue: true, next: new Date('2026-01-01T00:01:00.000Z') }]);
  });

  it('logs and rethrows a failed job', async () => {
    const { context, lines } = timerContext();
    const failing = timerTriggerHandler(
      'sweep',
      async () => {
        throw new Error('storage down');
      },
      logger,
    );
    await expect(failing(timer, context)).rejects.toThrow('storage down');
    expect(lines).toEqual([
      expect.objectContaining({ level: 'error', job: 'sweep', msg: 'scheduled job failed' }),
    ]);
  });
});

describe('the Azure app end to end on Azurite: HTTP write -> outbox -> queue -> consumers', () => {
  let azurite: AzuriteInstance;
  beforeAll(async () => {
    azurite = await startAzurite();
  });
  afterAll(async () => {
    await azurite?.stop();
  });

  const compose = (env: Record<string, string>) =>
    composeAzureFunctions(
      { AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString, ...env },
      { logger },
    );

  it('relays a write within its invocation, and the queue trigger hands it to the reactions', async () => {
    const app = await compose({
      AZURE_TABLES_PREFIX: uniqueName('e'),
      AZURE_EVENTS_QUEUE: uniqueName('q'),
    });
    const request = new HttpRequest({
      method: 'POST',
      url: 'http://localhost:7071/users',
      headers: { 'content-type': 'application/json' },
      body: { string: JSON.stringify({ name: 'Queued', email: 'queued@example.com' }) },
    });
    const response = (await app.http(request, invocation({ functionName: 'http' }).context)) as {
      status: number;
      body: string;
    };
    expect(response.status).toBe(201);
    const user = JSON.parse(response.body);

    const { receivedMessageItems } = await app.bus.queue.receiveMessages({ numberOfMessages: 32 });
    expect(receivedMessageItems).toHaveLength(1);
    // The host base64-decodes the text and the library parses the JSON.
    const message = decodeMessage(receivedMessageItems[0]!.messageText);
    expect(message).toMatchObject({ type: 'user.created', subject: user.id });

    const first = queueContext(receivedMessageItems[0]!.messageId, 1);
    await app.domainEvents(message, first.context);
    const again = queueContext(receivedMessageItems[0]!.messageId, 2);
    await app.domainEvents(message, again.context);
    const delivered = [...first.lines, ...again.lines].filter(
      (line) => line.msg === 'event delivered',
    );
    // Each delivery is logged, the redelivery too; messaging reacts to user.created with its
    // signup job (each reaction's once-per-event is test/unit/reactions and
    // test/modules/modules-on-every-door).
    const reactions = ['messaging-user-signup-job'];
    expect(delivered).toEqual([
      expect.objectContaining({ type: 'user.created', aggregateId: user.id, reactions }),
      expect.objectContaining({ type: 'user.created', aggregateId: user.id, reactions }),
    ]);
  });

  it('sweeps on the timer what no invocation relayed', async () => {
    const env = { AZURE_TABLES_PREFIX: uniqueName('e'), AZURE_EVENTS_QUEUE: uniqueName('q') };
    const app = await compose(env);
    // A write whose instance died before relaying: committed, not on the queue.
    const user = sampleUser();
    await new TableUserRepository(app.store).insert(user, [sampleEvent('user.created', user.id)]);
    const fresh = await compose(env);
    const timer: Timer = {
      isPastDue: false,
      schedule: { adjustForDST: false },
      scheduleStatus: { last: '', next: '', lastUpdated: '' },
    };
    const { context, lines } = invocation({ functionName: 'outboxRelay' });
    await fresh.outboxRelay(timer, context);
    expect(lines).toEqual([
      expect.objectContaining({ msg: 'outbox sweep delivered events', delivered: 1 }),
    ]);
    const { receivedMessageItems } = await fresh.bus.queue.receiveMessages({
      numberOfMessages: 32,
    });
    expect(receivedMessageItems.map((item) => decodeMessage(item.messageText))).toEqual([
      expect.objectContaining({ subject: user.id, type: 'user.created' }),
    ]);
  });
});

const BLOB_CREATED = JSON.parse(
  readFileSync(
    join(dirname(fileURLToPath(import.meta.url)), '../fixtures/azure-events/blob-created.json'),
    'utf8',
  ),
) as EventGridEvent;

describe('the Event Grid door for blobs', () => {
  it('reads container, name, ETag and size from the real BlobCreated event', () => {
    expect(eventGridToBlobCreated(BLOB_CREATED)).toEqual({
      container: 'test-container',
      key: 'new-file.txt',
      etag: '"0x8D4BCC2E4835CD0"',
      size: 524288,
    });
    const nested = {
      ...structuredClone(BLOB_CREATED),
      subject: '/blobServices/default/containers/uploads/blobs/inventory/uploads/a b.csv',
    };
    expect(eventGridToBlobCreated(nested)).toMatchObject({
      container: 'uploads',
      key: 'inventory/uploads/a b.csv',
    });
    expect(
      eventGridToBlobCreated({ ...BLOB_CREATED, eventType: 'Microsoft.Storage.BlobDeleted' }),
    ).toBeNull();
    expect(() => eventGridToBlobCreated({ ...BLOB_CREATED, subject: '/nowhere' })).toThrow(
      /unexpected subject/,
    );
  });

  it('hands on the reference, and rethrows a failure so Event Grid redelivers', async () => {
    const seen: string[] = [];
    const handler = eventGridBlobHandler(async ({ key }) => {
      seen.push(key);
      if (key === 'bad.csv') throw new Error('store down');
    }, logger);
    const { context, lines } = invocation({ functionName: 'objectCreated' });
    await handler(BLOB_CREATED, context);
    await handler({ ...BLOB_CREATED, eventType: 'Microsoft.Storage.BlobDeleted' }, context);
    const bad = { ...BLOB_CREATED, subject: '/blobServices/default/containers/c/blobs/bad.csv' };
    await expect(handler(bad, context)).rejects.toThrow('store down');
    expect(seen).toEqual(['new-file.txt', 'bad.csv']);
    expect(lines.map((line) => line.msg)).toEqual([
      'blob event handled',
      'event skipped: not BlobCreated',
      'blob event handling failed; Event Grid will retry it',
    ]);
  });
});
