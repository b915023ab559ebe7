import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type EventGridEvent, InvocationContext } from '@azure/functions';
import type { EventBridgeEvent } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHttpHandler } from '../../adapters/aws/lambda/http/http-handler';
import { InvocationLogger } from '../../adapters/azure/functions/invocation-logger';
import { decodeMessage } from '../../adapters/azure/queue/queue-message';
import { FsObjectStore } from '../../adapters/local/object-store.fs';
import { MemoryNotifier } from '../../adapters/memory/notifier.memory';
import { composeLambda, type LambdaOverrides } from '../../apps/aws-lambda/composition';
import { eventBridgeTargetHandler, objectCreatedHandler } from '../../apps/aws-lambda/handlers';
import { composeHttp } from '../../apps/aws-lambda/http-composition';
import { createLambdaLogger } from '../../apps/aws-lambda/lambda-logger';
import { composeAzureFunctions } from '../../apps/azure-functions/composition';
import { openSqliteStore } from '../../apps/composition/stores/sqlite';
import { modules } from '../../apps/modules/modules';
import type { Notification } from '../../ports/notifier.port';
import { type AzuriteInstance, startAzurite, uniqueName } from '../support/azurite';
import { azureSend, blobContext, lambdaSend, s3EventFor } from '../support/doors';
import { tempDir } from '../support/temp-dir';
import { startTestServer } from '../support/test-server';
import { type DoorRequest, type DoorResponse, injectSend } from './http-scenario';

/**
 * Inventory through each door, the whole way: a CSV uploaded over HTTP, imported by that
 * platform's object-created trigger (the server's background run, an S3 notification, a blob
 * trigger), its out-of-stock event delivered by that platform's event path (outbox relay to the
 * in-process bus; outbox -> EventBridge rule target; outbox -> Storage Queue -> queue trigger),
 * and the "Inventory Alert!" read where that platform puts notifications.
 */
interface InventoryDoor {
  send(request: DoorRequest): Promise<DoorResponse>;
  /** Runs what the platform runs after a request: triggers of uploaded objects, event delivery. */
  settle(): Promise<void>;
  notifications(): Promise<Pick<Notification, 'subject' | 'message'>[]>;
  close(): Promise<void>;
}

const CSV = 'store,item,count\r\nOslo,milk,3\r\nOslo,eggs,12\r\nBergen,milk,5\r\nOslo,milk,0\r\n';
const alert = (store: string, item: string) => ({
  subject: 'Inventory Alert!',
  message: `${store} is out of stock of ${item}`,
});

/** A multipart form as a browser sends it: the bytes and the boundary-carrying content type. */
const multipart = async (fields: Record<string, string | Blob>) => {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value === 'string') form.set(name, value);
    else form.set(name, value, 'stock.csv');
  }
  const request = new Request('http://localhost/', { method: 'POST', body: form });
  return {
    headers: { 'content-type': request.headers.get('content-type') ?? '' },
    body: await request.text(),
  };
};

const describeInventoryDoor = (name: string, open: () => Promise<InventoryDoor>) => {
  describe(`inventory through ${name}`, () => {
    let door: InventoryDoor;
    beforeEach(async () => {
      door = await open();
    });
    afterEach(async () => {
      await door.close();
    });

    const upload = async (csv: string) => {
      const res = await door.send({
        method: 'POST',
        path: '/inventory/imports',
        headers: { 'content-type': 'text/csv' },
        body: csv,
      });
      expect(res.status, res.text).toBe(202);
      return res;
    };

    it('imports an uploaded CSV and sends "Inventory Alert!" for the row that reaches 0', async () => {
      const accepted = await upload(CSV);
      expect(accepted.body).toMatchObject({ status: 'queued', rowsRead: 0 });
      expect(accepted.headers.location).toBe(`/inventory/imports/${accepted.body.id}`);
      await door.settle();
      const record = await door.send({ method: 'GET', path: accepted.headers.location! });
      expect(record.status).toBe(200);
      expect(record.body).toMatchObject({
        id: accepted.body.id,
        status: 'completed',
        rowsRead: 4,
        rowsImported: 4,
        rowsRejected: 0,
      });
      const oslo = await door.send({ method: 'GET', path: '/inventory?store=Oslo' });
      expect(
        oslo.body.items.map((l: { item: string; count: number }) => [l.item, l.count]),
      ).toEqual([
        ['eggs', 12],
        ['milk', 0],
      ]);
      expect(await door.notifications()).toEqual([alert('Oslo', 'milk')]);

      // Adjusting the last eggs away is the next transition: one more alert, and only one.
      const tooMany = await door.send({
        method: 'POST',
        path: '/inventory/Oslo/eggs/adjust',
        body: { delta: -13 },
      });
      expect(tooMany.status).toBe(409);
      expect(tooMany.body.error).toMatchObject({
        code: 'INVENTORY.INSUFFICIENT_STOCK',
        details: { store: 'Oslo', item: 'eggs', available: 12, delta: -13 },
      });
      const last = await door.send({
        method: 'POST',
        path: '/inventory/Oslo/eggs/adjust',
        body: { delta: -12 },
      });
      expect(last.status).toBe(200);
      expect(last.body).toMatchObject({ count: 0, version: 2 });
      expect(last.headers.etag).toBe('"2"');
      await door.send({ method: 'PUT', path: '/inventory/Oslo/eggs', body: { count: 0 } });
      await door.settle();
      expect(await door.notifications()).toEqual([alert('Oslo', 'milk'), alert('Oslo', 'eggs')]);
    });

    it('sets with optimistic concurrency and answers every mistake in the one error shape', async () => {
      const created = await door.send({
        method: 'PUT',
        path: `/inventory/${encodeURIComponent('Store #1/North')}/${encodeURIComponent('Bolt, M8')}`,
        body: { count: 5 },
      });
      expect(created.status).toBe(200);
      expect(created.body).toMatchObject({ store: 'Store #1/North', item: 'Bolt, M8', version: 1 });
      const stale = await door.send({
        method: 'PUT',
        path: '/inventory/Store%20%231%2FNorth/Bolt%2C%20M8',
        headers: { 'if-match': '"7"' },
        body: { count: 1 },
      });
      expect(stale.status).toBe(409);
      expect(stale.body.error.code).toBe('INVENTORY.VERSION_MISMATCH');
      const read = await door.send({
        method: 'GET',
        path: '/inventory/Store%20%231%2FNorth/Bolt%2C%20M8',
      });
      expect(read.body).toMatchObject({ count: 5 });
      const invalid = await door.send({
        method: 'POST',
        path: '/inventory/s/i/adjust',
        body: { delta: 1.5 },
      });
      expect(invalid.status).toBe(400);
      expect(invalid.body.error.details.issues).toEqual([
        { path: 'body.delta', message: expect.any(String) },
      ]);
      const negative = await door.send({
        method: 'PUT',
        path: '/inventory/s/i',
        body: { count: -1 },
      });
      expect(negative.status).toBe(400);
      const missing = await door.send({ method: 'GET', path: '/inventory/nowhere/nothing' });
      expect(missing.status).toBe(404);
      expect(missing.body.error.code).toBe('INVENTORY.NOT_FOUND');
      const noImport = await door.send({
        method: 'GET',
        path: `/inventory/imports/${randomUUID()}`,
      });
      expect(noImport.body.error.code).toBe('INVENTORY.IMPORT_NOT_FOUND');
      const json = await door.send({
        method: 'POST',
        path: '/inventory/imports',
        body: { csv: 1 },
      });
      expect(json.status).toBe(415);
      expect(json.body.error.code).toBe('HTTP.UNSUPPORTED_MEDIA_TYPE');
    });

    it('takes a multipart upload and lists the rows it rejected, by line', async () => {
      const form = await multipart({
        file: new Blob(['store,item,count\nA,x,1\nA,y,-1\nA,z\n'], { type: 'text/csv' }),
      });
      const accepted = await door.send({ method: 'POST', path: '/inventory/imports', ...form });
      expect(accepted.status, accepted.text).toBe(202);
      await door.settle();
      const record = await door.send({ method: 'GET', path: accepted.headers.location! });
      expect(record.body).toMatchObject({
        status: 'completed',
        rowsRead: 3,
        rowsImported: 1,
        rowsRejected: 2,
        rejected: [
          { line: 3, reason: 'count: expected a whole number >= 0, found "-1"' },
          { line: 4, reason: 'expected 3 columns (store,item,count), found 2: A,z' },
        ],
      });

      // The list of imports: newest first, each whole with its rejected rows, page by page.
      const later = await upload(CSV);
      await door.settle();
      const newest = await door.send({ method: 'GET', path: '/inventory/imports?limit=1' });
      expect(newest.status, newest.text).toBe(200);
      expect(newest.body.items).toEqual([
        (await door.send({ method: 'GET', path: later.headers.location! })).body,
      ]);
      const cursor = encodeURIComponent(newest.body.nextCursor);
      const older = await door.send({ method: 'GET', path: `/inventory/imports?cursor=${cursor}` });
      expect(older.body).toEqual({ items: [record.body], nextCursor: null });
      const bad = await door.send({ method: 'GET', path: '/inventory/imports?cursor=garbage' });
      expect(bad.status).toBe(400);
      expect(bad.body.error.code).toBe('PAGINATION.INVALID_CURSOR');
      const noFile = await door.send({
        method: 'POST',
        path: '/inventory/imports',
        ...(await multipart({ other: 'x' })),
      });
      expect(noFile.status).toBe(400);
      expect(noFile.body.error.details.issues).toEqual([
        { path: 'body.file', message: 'Expected a file in form field "file"' },
      ]);
    });
  });
};

// ------------------------------------------------------------------ the embedded server

describeInventoryDoor('the Fastify server (SQLite, background import, outbox relay)', async () => {
  const server = await startTestServer();
  return {
    send: injectSend(server.app),
    settle: async () => {
      await server.background.drain();
      await server.relay?.drain();
    },
    notifications: async () => {
      const res = await injectSend(server.app)({ method: 'GET', path: '/notifications' });
      return res.body.items
        .map(({ subject, message }: Notification) => ({ subject, message }))
        .reverse();
    },
    close: server.dispose,
  };
});

describe('the server over a real socket', () => {
  it('accepts a multipart upload from fetch and shows the alert at GET /notifications', async () => {
    const server = await startTestServer();
    try {
      const address = await server.app.listen({ port: 0, host: '127.0.0.1' });
      const form = new FormData();
      form.set('file', new Blob([CSV], { type: 'text/csv' }), 'stock.csv');
      const res = await fetch(`${address}/inventory/imports`, { method: 'POST', body: form });
      expect(res.status).toBe(202);
      const { id } = (await res.json()) as { id: string };
      await server.background.drain();
      await server.relay?.drain();
      const record = await (await fetch(`${address}/inventory/imports/${id}`)).json();
      expect(record).toMatchObject({ status: 'completed', rowsImported: 4 });
      const { items } = (await (await fetch(`${address}/notifications`)).json()) as {
        items: Notification[];
      };
      expect(items).toEqual([expect.objectContaining(alert('Oslo', 'milk'))]);
      const big = await fetch(`${address}/inventory/imports`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv' },
        body: `store,item,count\n${'x'.repeat(10 * 1024 * 1024)}`,
      });
      expect(big.status).toBe(413);
      expect(((await big.json()) as { error: { code: string } }).error.code).toBe(
        'HTTP.PAYLOAD_TOO_LARGE',
      );
    } finally {
      await server.dispose();
    }
  });
});

// ------------------------------------------------------------------ AWS Lambda

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../fixtures');
const BLOB_CREATED = JSON.parse(
  readFileSync(join(FIXTURES, 'azure-events', 'blob-created.json'), 'utf8'),
) as EventGridEvent;

const ruleTargetEvent = (detail: { type: string }): EventBridgeEvent<string, unknown> => ({
  version: '0',
  id: randomUUID(),
  'detail-type': detail.type,
  source: 'one-core',
  account: '123456789012',
  time: new Date().toISOString(),
  region: 'eu-west-1',
  resources: [],
  detail,
});

const FAR_FUTURE = new Date('2999-01-01T00:00:00Z');

describeInventoryDoor(
  'the Lambda functions (HTTP API v2 events, S3 notification, EventBridge rule target)',
  async () => {
    const dir = tempDir('lambda-inventory-');
    // The functions' own composition and handlers, on stand-ins for the table (SQLite: dynalite
    // has no streams, so its outbox plays the stream), the bucket and the topic.
    const store = await openSqliteStore(modules, join(dir.path, 'app.db'));
    const notifier = new MemoryNotifier();
    const overrides: LambdaOverrides = {
      store,
      objects: new FsObjectStore({
        root: join(dir.path, 'objects'),
        publicBaseUrl: 'https://bucket.example.com',
        signingSecret: 'secret',
      }),
      notifier,
      logger: createLambdaLogger({ level: 'silent' }),
    };
    const http = createHttpHandler(composeHttp({}, overrides).api);
    const importer = objectCreatedHandler(composeLambda({}, 'object-created', [], overrides));
    const target = eventBridgeTargetHandler(composeLambda({}, 'eventbridge-target', [], overrides));
    const uploaded: { key: string; size: number }[] = [];
    const send = lambdaSend(http, 'v2');
    return {
      send: async (request) => {
        const res = await send(request);
        if (res.status === 202) uploaded.push({ key: res.body.source, size: 0 });
        return res;
      },
      settle: async () => {
        for (const { key, size } of uploaded.splice(0)) await importer(s3EventFor(key, size));
        // The table stream's part on AWS: committed events go to the bus, then the rule target.
        const outbox = store.outbox!.store;
        const due = await outbox.due(1000, FAR_FUTURE);
        for (const { event } of due) await target(ruleTargetEvent(event));
        await outbox.markDelivered(due.map(({ event }) => event.id));
      },
      notifications: async () =>
        notifier.sent.map(({ subject, message }) => ({ subject, message })),
      close: async () => {
        await store.close();
        dir.remove();
      },
    };
  },
);

// ------------------------------------------------------------------ Azure Functions

let azurite: AzuriteInstance;
beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(async () => {
  await azurite?.stop();
});

/** A BlobCreated event as Event Grid delivers it for `container/key` (the docs' example, cloned). */
const blobCreatedEvent = (container: string, key: string): EventGridEvent => ({
  ...structuredClone(BLOB_CREATED),
  id: randomUUID(),
  subject: `/blobServices/default/containers/${container}/blobs/${key}`,
});

const azureInventoryDoor =
  (announce: 'blob trigger' | 'Event Grid') => async (): Promise<InventoryDoor> => {
    const container = uniqueName('uploads');
    const app = await composeAzureFunctions(
      {
        AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
        AZURE_TABLES_PREFIX: uniqueName('inv'),
        AZURE_EVENTS_QUEUE: uniqueName('events'),
        AZURE_NOTIFICATIONS_QUEUE: uniqueName('notes'),
        AZURE_UPLOADS_CONTAINER: container,
      },
      { logger: new InvocationLogger('silent') },
    );
    const uploaded: string[] = [];
    const send = azureSend(app.http);
    const seen: Pick<Notification, 'subject' | 'message'>[] = [];
    return {
      send: async (request) => {
        const res = await send(request);
        if (res.status === 202) uploaded.push(res.body.source);
        return res;
      },
      settle: async () => {
        for (const key of uploaded.splice(0)) {
          if (announce === 'blob trigger') {
            await app.objectCreated(Buffer.alloc(0), blobContext(container, key, 0));
          } else {
            await app.objectCreatedEvent(blobCreatedEvent(container, key), new InvocationContext());
          }
        }
        // What the queue trigger does with each message on the events queue.
        for (;;) {
          const { receivedMessageItems } = await app.bus.queue.receiveMessages({
            numberOfMessages: 32,
          });
          if (receivedMessageItems.length === 0) break;
          for (const item of receivedMessageItems) {
            await app.domainEvents(decodeMessage(item.messageText), new InvocationContext());
            await app.bus.queue.deleteMessage(item.messageId, item.popReceipt);
          }
        }
      },
      notifications: async () => {
        for (;;) {
          const { receivedMessageItems } = await app.notifier.queue.receiveMessages({
            numberOfMessages: 32,
          });
          if (receivedMessageItems.length === 0) break;
          for (const item of receivedMessageItems) {
            const { subject, message } = decodeMessage(item.messageText) as Notification;
            seen.push({ subject, message });
            await app.notifier.queue.deleteMessage(item.messageId, item.popReceipt);
          }
        }
        return [...seen];
      },
      close: async () => undefined,
    };
  };

describeInventoryDoor(
  'the Azure Functions app (Azurite: Tables, blob trigger, Storage Queues)',
  azureInventoryDoor('blob trigger'),
);
describeInventoryDoor(
  'the Azure Functions app with Event Grid BlobCreated events (Azurite)',
  azureInventoryDoor('Event Grid'),
);
