import { randomUUID } from 'node:crypto';
import { InvocationContext } from '@azure/functions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDynamoDbTable } from '../../adapters/aws/dynamodb/dynamodb-store';
import { createHttpHandler } from '../../adapters/aws/lambda/http/http-handler';
import { InvocationLogger } from '../../adapters/azure/functions/invocation-logger';
import { eventToEnvelope } from '../../adapters/azure/queue/event-envelope';
import { decodeMessage } from '../../adapters/azure/queue/queue-message';
import { TableProcessedEventStore } from '../../adapters/azure/tables/processed-event-store.tables';
import type { HttpApi } from '../../adapters/http/http-api';
import { MemoryNotifier } from '../../adapters/memory/notifier.memory';
import { composeLambda, type LambdaOverrides } from '../../apps/aws-lambda/composition';
import { eventBridgeTargetHandler } from '../../apps/aws-lambda/handlers';
import { composeHttp } from '../../apps/aws-lambda/http-composition';
import { createLambdaLogger } from '../../apps/aws-lambda/lambda-logger';
import {
  type AzureFunctionsApp,
  composeAzureFunctions,
} from '../../apps/azure-functions/composition';
import type { ComposedApp } from '../../apps/composition/compose-modules';
import { openDynamoDbStore } from '../../apps/composition/stores/dynamodb';
import { openMemoryStore } from '../../apps/composition/stores/memory';
import type { AnyModule, StoreKind } from '../../apps/modules/domain-module';
import { modules } from '../../apps/modules/modules';
import type { DomainEvent } from '../../domain/shared/domain-event';
import type { ProcessedEventStore } from '../../ports/processed-event-store.port';
import { type DoorRequest, type DoorResponse, injectSend } from '../http/http-scenario';
import { type AzuriteInstance, startAzurite, uniqueName } from '../support/azurite';
import { azureSend, lambdaSend, ruleTarget } from '../support/doors';
import { sampleOrder, sampleUser } from '../support/sample-data';
import { startTestServer } from '../support/test-server';
import { notesModule } from './notes.module';

/**
 * The module list is the whole wiring: every door is built from it, so every module's routes,
 * error codes, reactions, object handlers and store slices are on every door, and a domain added
 * to the list (notes, test/modules/notes.module.ts) is served, raised and reacted to everywhere
 * with no other edit. And the same event causes the same reactions on every door, once.
 */

interface Door {
  name: string;
  api: HttpApi;
  composed: ComposedApp;
  send(request: DoorRequest): Promise<DoorResponse>;
  /** Delivers an event as this door's platform does (relay bus, EventBridge target, queue trigger). */
  deliver(event: DomainEvent): Promise<void>;
  processed: ProcessedEventStore;
  /** Subjects of the notifications sent so far. */
  notified(): Promise<string[]>;
  close(): Promise<void>;
}

let azurite: AzuriteInstance;
beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(async () => {
  await azurite?.stop();
});

const serverDoor = async (list: readonly AnyModule[]): Promise<Door> => {
  const server = await startTestServer({}, { modules: list });
  return {
    name: 'server (SQLite, outbox relay, in-process bus)',
    api: server.api,
    composed: server.composed,
    send: injectSend(server.app),
    deliver: async (event) => {
      await server.relay?.drain();
      await server.bus.publish([event]);
    },
    processed: server.store.processed,
    notified: async () =>
      (await injectSend(server.app)({ method: 'GET', path: '/notifications?limit=100' })).body.items
        .map((item: { subject: string }) => item.subject)
        .reverse(),
    close: server.dispose,
  };
};

/** The Lambda functions' composition and handlers, on a memory store standing in for the table. */
const lambdaDoor = async (list: readonly AnyModule[]): Promise<Door> => {
  const store = await openMemoryStore(list);
  const notifier = new MemoryNotifier();
  const overrides: LambdaOverrides = {
    modules: list,
    store,
    notifier,
    logger: createLambdaLogger({ level: 'silent' }),
  };
  const { api } = composeHttp({}, overrides);
  const target = composeLambda({}, 'eventbridge-target', [], overrides);
  const react = eventBridgeTargetHandler(target);
  const outbox = store.outbox!.store;
  return {
    name: 'Lambda (HTTP API events, EventBridge rule target)',
    api,
    composed: target.composed,
    send: lambdaSend(createHttpHandler(api), 'v2'),
    deliver: async (event) => {
      // What the table's stream and the bus do with the writes so far, then this event.
      const due = await outbox.due(1000, new Date('2999-01-01T00:00:00Z'));
      for (const entry of due) await react(ruleTarget(entry.event));
      await outbox.markDelivered(due.map((entry) => entry.event.id));
      await react(ruleTarget(event));
    },
    processed: store.processed,
    notified: async () => notifier.sent.map((sent) => sent.subject),
    close: async () => undefined,
  };
};

/** The Azure app on Azurite: HTTP door, outbox relayed to the queue, queue trigger. */
const azureDoor = async (list: readonly AnyModule[]): Promise<Door> => {
  const app: AzureFunctionsApp = await composeAzureFunctions(
    {
      AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
      AZURE_TABLES_PREFIX: uniqueName('mod'),
      AZURE_EVENTS_QUEUE: uniqueName('events'),
      AZURE_NOTIFICATIONS_QUEUE: uniqueName('notes'),
      AZURE_UPLOADS_CONTAINER: uniqueName('uploads'),
    },
    { logger: new InvocationLogger('silent'), modules: list },
  );
  const seen: string[] = [];
  const trigger = async (message: unknown) =>
    app.domainEvents(message, new InvocationContext({ functionName: 'domainEvents' }));
  return {
    name: 'Azure Functions (Azurite: HttpRequest, Storage Queue trigger)',
    api: app.api,
    composed: app.composed,
    send: azureSend(app.http),
    deliver: async (event) => {
      // The HTTP invocations relayed their writes to the events queue: the trigger's turn.
      for (;;) {
        const { receivedMessageItems } = await app.bus.queue.receiveMessages({
          numberOfMessages: 32,
        });
        if (receivedMessageItems.length === 0) break;
        for (const item of receivedMessageItems) {
          await trigger(decodeMessage(item.messageText));
          await app.bus.queue.deleteMessage(item.messageId, item.popReceipt);
        }
      }
      await trigger(eventToEnvelope(event));
    },
    processed: new TableProcessedEventStore(app.store),
    notified: async () => {
      for (;;) {
        const { receivedMessageItems } = await app.notifier.queue.receiveMessages({
          numberOfMessages: 32,
        });
        if (receivedMessageItems.length === 0) break;
        for (const item of receivedMessageItems) {
          seen.push((decodeMessage(item.messageText) as { subject: string }).subject);
          await app.notifier.queue.deleteMessage(item.messageId, item.popReceipt);
        }
      }
      return [...seen];
    },
    close: async () => undefined,
  };
};

const DOORS = [serverDoor, lambdaDoor, azureDoor];

/** What each module declares, as every door must serve it. */
const declared = (list: readonly AnyModule[]) => ({
  errors: list.flatMap((module) => Object.keys(module.errors)).sort(),
  reactions: list.flatMap((module) => (module.reactions ?? []).map((r) => r.name)).sort(),
  objects: list.flatMap((module) => (module.objects ?? []).map((o) => o.prefix)).sort(),
  schedules: list.flatMap((module) => (module.schedules ?? []).map((s) => s.name)).sort(),
});

const served = (door: Door) => ({
  errors: Object.keys(door.api.errors)
    .filter((code) => declared(modules.concat(notesModule)).errors.includes(code))
    .sort(),
  reactions: door.composed.reactions.map((r) => r.name).sort(),
  objects: door.composed.objectHandlers.map((o) => o.prefix).sort(),
  schedules: door.composed.schedules.map((s) => s.name).sort(),
});

/** The domains' routes of a door (platform routes such as the server's notifications aside). */
const operations = (door: Door) => door.composed.routes.map((route) => route.operationId).sort();

describe.each([
  ['the module list', modules],
  ['the module list plus a new domain (notes)', [...modules, notesModule]],
])('every door built from %s', (_, list) => {
  const doors: Door[] = [];
  beforeAll(async () => {
    doors.push(...(await Promise.all(DOORS.map((open) => open(list)))));
  });
  afterAll(async () => {
    await Promise.all(doors.map((door) => door.close()));
  });

  it('serves every module’s routes and error codes, and runs its reactions, object handlers and schedules', () => {
    const expected = declared(list);
    const [reference, ...others] = doors;
    for (const door of doors) expect(served(door), door.name).toEqual(expected);
    // The same route table on every door (health and OpenAPI included).
    expect(operations(reference!).length).toBeGreaterThan(list.length);
    for (const door of others) expect(operations(door), door.name).toEqual(operations(reference!));
    for (const module of list) {
      for (const code of Object.keys(module.errors)) {
        for (const door of doors)
          expect(door.api.errors[code], `${door.name}: ${code}`).toEqual(module.errors[code]);
      }
    }
  });

  it.each(['memory', 'sqlite', 'dynamodb', 'azure-tables'] satisfies StoreKind[])(
    'has a %s store slice for every module',
    async (kind) => {
      for (const module of list) {
        const slice = await module.stores[kind]();
        expect(typeof slice.create, `${module.name} on ${kind}`).toBe('function');
      }
    },
  );

  it('makes every module’s repositories on DynamoDB from its slice (no call is made)', async () => {
    const table = openDynamoDbTable({ client: {} as never, tableName: 'never-called' });
    const store = await openDynamoDbStore(list, table);
    for (const module of list) expect(store.storesOf(module), module.name).toBeTruthy();
  });
});

describe('a domain added to the module list', () => {
  const list = [...modules, notesModule];
  const doors: Door[] = [];
  beforeAll(async () => {
    doors.push(...(await Promise.all(DOORS.map((open) => open(list)))));
  });
  afterAll(async () => {
    await Promise.all(doors.map((door) => door.close()));
  });

  it('is served, raises its errors and reacts to events on every door', async () => {
    for (const door of doors) {
      const created = await door.send({
        method: 'POST',
        path: '/users',
        body: { name: 'Ada', email: `ada-${randomUUID()}@example.com` },
      });
      expect(created.status, door.name).toBe(201);
      const missing = await door.send({ method: 'GET', path: '/notes/nobody' });
      expect(missing.status, door.name).toBe(404);
      expect(missing.body.error.code, door.name).toBe('NOTE.NOT_FOUND');
      // The user.created the write committed reaches the new module's reaction.
      await door.deliver({
        id: randomUUID(),
        type: 'thing.noticed',
        occurredAt: new Date().toISOString(),
        aggregateType: 'thing',
        aggregateId: 'x',
        payload: {},
      });
      const note = await door.send({ method: 'GET', path: `/notes/${created.body.id}` });
      expect(note.body, door.name).toEqual({ id: created.body.id, text: 'Welcome, Ada' });
    }
  });
});

describe('the same events cause the same reactions on every door, once', () => {
  const doors: Door[] = [];
  beforeAll(async () => {
    doors.push(...(await Promise.all(DOORS.map((open) => open(modules)))));
  });
  afterAll(async () => {
    await Promise.all(doors.map((door) => door.close()));
  });

  const user = sampleUser();
  const order = sampleOrder({ userId: user.id, status: 'paid' });
  const event = (type: string, aggregateType: string, payload: unknown): DomainEvent => ({
    id: randomUUID(),
    type,
    occurredAt: '2026-06-01T12:00:00.000Z',
    aggregateType,
    aggregateId: 'agg-1',
    payload,
  });
  const EVENTS = [
    event('user.created', 'user', { user }),
    event('order.created', 'order', {
      userId: user.id,
      amount: 4848,
      currency: 'EUR',
      itemCount: 1,
    }),
    event('payment.completed', 'order', {
      orderId: order.id,
      userId: user.id,
      amount: 4848,
      currency: 'EUR',
    }),
    // No such order in the door's store: the reaction runs (its mark says so) and gives nothing
    // back (test/integration/order-cancel-stock gives back a real order's stock on every store).
    event('order.status_changed', 'order', {
      userId: user.id,
      from: 'confirmed',
      to: 'cancelled',
      version: 3,
    }),
    event('inventory.out_of_stock', 'stock', {
      store: 'Oslo',
      item: 'milk',
      previousCount: 3,
      version: 2,
    }),
  ];
  const REACTIONS = modules.flatMap((module) => (module.reactions ?? []).map((r) => r.name));

  it('runs, for each event, the reactions subscribed to it, the same on every door, and never twice', async () => {
    const ran: Record<string, Record<string, string[]>> = {};
    for (const door of doors) {
      for (const each of EVENTS) {
        await door.deliver(each);
        await door.deliver(structuredClone(each)); // redelivered: at least once, never twice in effect
      }
      ran[door.name] = {};
      for (const each of EVENTS) {
        const marks: string[] = [];
        for (const name of REACTIONS) if (await door.processed.has(name, each.id)) marks.push(name);
        ran[door.name]![each.type] = marks;
      }
    }
    const expected = {
      'user.created': ['messaging-user-signup-job'],
      'order.created': ['messaging-order-created-job'],
      'payment.completed': ['payment-notification'],
      'order.status_changed': ['messaging-cancelled-order-stock'],
      'inventory.out_of_stock': ['out-of-stock-alert', 'operations-count-out-of-stock'],
    };
    for (const door of doors) expect(ran[door.name], door.name).toEqual(expected);
    for (const door of doors) {
      // The jobs the messaging reactions sent run on the server's worker at once (and report
      // their batch); the other doors' consumers are not driven here.
      const notices = (await door.notified()).filter(
        (subject) => subject !== 'Message Processing Batch Complete',
      );
      expect(notices, door.name).toEqual([
        `Payment received for order ${order.id}`,
        'Inventory Alert!',
      ]);
    }
  });
});
