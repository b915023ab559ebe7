import { randomUUID } from 'node:crypto';
import { InvocationContext } from '@azure/functions';
import type { EventBridgeEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpHandler } from '../../adapters/aws/lambda/http/http-handler';
import { InvocationLogger } from '../../adapters/azure/functions/invocation-logger';
import { envelopeToEvent, eventToEnvelope } from '../../adapters/azure/queue/event-envelope';
import { decodeMessage } from '../../adapters/azure/queue/queue-message';
import { MemoryNotifier } from '../../adapters/memory/notifier.memory';
import { composeLambda, type LambdaOverrides } from '../../apps/aws-lambda/composition';
import { EVENT_SOURCE } from '../../apps/aws-lambda/config';
import { eventBridgeTargetHandler } from '../../apps/aws-lambda/handlers';
import { composeHttp } from '../../apps/aws-lambda/http-composition';
import { createLambdaLogger } from '../../apps/aws-lambda/lambda-logger';
import { composeAzureFunctions } from '../../apps/azure-functions/composition';
import { appRules } from '../../apps/composition/rules';
import { openMemoryStore } from '../../apps/composition/stores/memory';
import { modules } from '../../apps/modules/modules';
import { toEventEnvelope } from '../../domain/messaging/rules/event-envelope';
import { compileRules, matchingRules } from '../../domain/messaging/rules/rule-set';
import { DEFAULT_SALES_ADDRESS } from '../../domain/orders/order-rule-reactions';
import type { DomainEvent } from '../../domain/shared/domain-event';
import type { Notification } from '../../ports/notifier.port';
import { type DoorRequest, type DoorResponse, loopbackSend } from '../http/http-scenario';
import { type AzuriteInstance, queueReader, startAzurite, uniqueName } from '../support/azurite';
import { azureSend, lambdaSend } from '../support/doors';
import { startTestServer } from '../support/test-server';

/**
 * The event rules (domain/messaging/rules) do the same work on every door: the server's relay
 * evaluates them in process, on Lambda EventBridge evaluates them and the eventbridge-target
 * function runs the matched rule's target by name, on Azure the queue trigger evaluates them.
 * A new order of 1500.00 EUR is held for review and sales are told, once; 10.00 EUR is not.
 */

interface Door {
  send(request: DoorRequest): Promise<DoorResponse>;
  /** Delivers every event written so far as the platform does, and `again` once more. */
  deliver(again?: DomainEvent): Promise<DomainEvent[]>;
  notified(): Promise<Notification[]>;
  close(): Promise<void>;
}

let azurite: AzuriteInstance;
beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(async () => {
  await azurite?.stop();
});

const FAR_FUTURE = new Date('2999-01-01T00:00:00Z');

/** The server on SQLite, spoken to over HTTP on loopback; its relay delivers the outbox. */
const serverDoor = async (): Promise<Door> => {
  const server = await startTestServer();
  const outbox = server.store.outbox!.store;
  const send = await loopbackSend(server.app);
  return {
    send,
    deliver: async (again) => {
      const due = (await outbox.due(1000, FAR_FUTURE)).map((entry) => entry.event);
      await server.relay!.drain();
      if (again) await server.bus.publish([again]);
      return due;
    },
    notified: async () =>
      (await send({ method: 'GET', path: '/notifications?limit=100' })).body.items,
    close: server.dispose,
  };
};

const compiled = compileRules(appRules(modules, { source: EVENT_SOURCE }));

/** What EventBridge hands a target: the catch-all rule the event itself, an event rule's input names it. */
const delivered = (event: DomainEvent, rule?: string): EventBridgeEvent<string, unknown> => ({
  version: '0',
  id: randomUUID(),
  'detail-type': event.type,
  source: EVENT_SOURCE,
  account: '123456789012',
  time: event.occurredAt,
  region: 'eu-west-1',
  resources: rule ? [`arn:aws:events:eu-west-1:123456789012:rule/Bus1234/${rule}`] : [],
  detail: event,
});

/**
 * The Lambda functions on a memory store standing in for the table. EventBridge's part, which no
 * emulator plays, is the pattern matching: the rules' own patterns, as the stack synthesizes them.
 */
const lambdaDoor = async (): Promise<Door> => {
  const store = await openMemoryStore(modules);
  const notifier = new MemoryNotifier();
  const overrides: LambdaOverrides = {
    modules,
    store,
    notifier,
    logger: createLambdaLogger({ level: 'silent' }),
  };
  const { api } = composeHttp({}, overrides);
  const target = eventBridgeTargetHandler(composeLambda({}, 'eventbridge-target', [], overrides));
  const outbox = store.outbox!.store;
  const onBus = async (event: DomainEvent) => {
    await target(delivered(event));
    const envelope = toEventEnvelope(event, { source: EVENT_SOURCE });
    for (const rule of matchingRules(compiled, envelope)) await target(delivered(event, rule.name));
  };
  return {
    send: lambdaSend(createHttpHandler(api), 'v2'),
    deliver: async (again) => {
      const due = (await outbox.due(1000, FAR_FUTURE)).map((entry) => entry.event);
      for (const event of due) await onBus(event);
      await outbox.markDelivered(due.map((event) => event.id));
      if (again) await onBus(again);
      return due;
    },
    notified: async () => notifier.sent,
    close: async () => undefined,
  };
};

/** The Azure app on Azurite: HTTP door, outbox relayed to the events queue, queue trigger. */
const azureDoor = async (): Promise<Door> => {
  const app = await composeAzureFunctions(
    {
      AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
      AZURE_TABLES_PREFIX: uniqueName('rules'),
      AZURE_EVENTS_QUEUE: uniqueName('events'),
      AZURE_NOTIFICATIONS_QUEUE: uniqueName('notes'),
      AZURE_UPLOADS_CONTAINER: uniqueName('uploads'),
    },
    { logger: new InvocationLogger('silent') },
  );
  const trigger = (message: unknown) =>
    app.domainEvents(message, new InvocationContext({ functionName: 'domainEvents' }));
  const readEvents = queueReader(app.bus.queue);
  const readNotifications = queueReader(app.notifier.queue);
  let triggered = 0;
  return {
    send: azureSend(app.http),
    deliver: async (again) => {
      // What the HTTP invocations relayed to the events queue, each once, then `again`.
      const messages = (await readEvents()).slice(triggered).map(decodeMessage);
      triggered += messages.length;
      for (const message of messages) await trigger(message);
      if (again) await trigger(eventToEnvelope(again));
      return messages.map(envelopeToEvent);
    },
    notified: async () =>
      (await readNotifications()).map((text) => decodeMessage(text) as Notification),
    close: async () => undefined,
  };
};

const DOORS = { server: serverDoor, lambda: lambdaDoor, azure: azureDoor };

describe.each(Object.entries(DOORS))('event rules on the %s door', (_name, open) => {
  let door: Door;
  beforeAll(async () => {
    door = await open();
  });
  afterAll(async () => {
    await door?.close();
  });

  const placeOrder = async (userId: string, currency: string, unitPrice: number) => {
    const created = await door.send({
      method: 'POST',
      path: '/orders',
      body: { userId, currency, items: [{ sku: 'SKU-1', quantity: 1, unitPrice }] },
    });
    expect(created.status).toBe(201);
    return created.body.id as string;
  };

  it('flags a 1500.00 EUR order for review and tells sales, once; a 10.00 EUR one is left alone', async () => {
    const user = await door.send({
      method: 'POST',
      path: '/users',
      body: { name: 'Big Spender', email: `${randomUUID()}@example.com`, age: 40 },
    });
    expect(user.status).toBe(201);
    const big = await placeOrder(user.body.id, 'EUR', 150_000);
    const small = await placeOrder(user.body.id, 'EUR', 1_000);

    const events = await door.deliver();
    const bigCreated = events.find((e) => e.type === 'order.created' && e.aggregateId === big)!;
    expect(bigCreated).toBeDefined();
    // A redelivery of the cause (at-least-once) flags nothing twice and notifies nobody twice.
    await door.deliver(bigCreated);

    const flagged = await door.send({ method: 'GET', path: '/orders?flagged=true' });
    expect(flagged.status).toBe(200);
    expect(flagged.body.items.map((order: { id: string }) => order.id)).toEqual([big]);
    expect((await door.send({ method: 'GET', path: `/orders/${big}` })).body.flagged).toBe(true);
    const smallOrder = await door.send({ method: 'GET', path: `/orders/${small}` });
    expect(smallOrder.body.flagged).toBeUndefined();
    const unflagged = await door.send({ method: 'GET', path: '/orders?flagged=false' });
    expect(unflagged.body.items.map((order: { id: string }) => order.id)).toEqual([small]);

    const reviews = (await door.notified()).filter((n) => n.subject.startsWith('High-value order'));
    expect(reviews).toEqual([
      expect.objectContaining({
        subject: `High-value order ${big} to review`,
        attributes: expect.objectContaining({ to: DEFAULT_SALES_ADDRESS, orderId: big }),
      }),
    ]);
    expect(reviews[0]?.message).toContain('€1,500.00');
  });

  it('answers a bad flag with a 400 in the documented shape', async () => {
    const res = await door.send({ method: 'GET', path: '/orders?flagged=maybe' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION.FAILED');
  });
});

describe('event rules as a deployment sets them', () => {
  it('HIGH_VALUE_THRESHOLD moves the line and SALES_ADDRESS is who is told (the server)', async () => {
    const server = await startTestServer(
      {},
      { env: { HIGH_VALUE_THRESHOLD: '2000.00', SALES_ADDRESS: 'review@shop.test' } },
    );
    try {
      const send = await loopbackSend(server.app);
      const user = await send({
        method: 'POST',
        path: '/users',
        body: { name: 'Careful Buyer', email: `${randomUUID()}@example.com`, age: 50 },
      });
      const order = (unitPrice: number) =>
        send({
          method: 'POST',
          path: '/orders',
          body: {
            userId: user.body.id,
            currency: 'USD',
            items: [{ sku: 'S', quantity: 1, unitPrice }],
          },
        });
      await order(150_000);
      const big = (await order(250_000)).body.id;
      await server.relay!.drain();
      const flagged = await send({ method: 'GET', path: '/orders?flagged=true' });
      expect(flagged.body.items.map((o: { id: string }) => o.id)).toEqual([big]);
      const notes = (await send({ method: 'GET', path: '/notifications?limit=100' })).body.items;
      expect(notes.filter((n: Notification) => n.subject.startsWith('High-value order'))).toEqual([
        expect.objectContaining({
          attributes: expect.objectContaining({ to: 'review@shop.test' }),
        }),
      ]);
    } finally {
      await server.dispose();
    }
  });

  it('refuses a threshold it cannot compare, at start', async () => {
    await expect(
      startTestServer({}, { env: { HIGH_VALUE_THRESHOLD: '1000.001' } }),
    ).rejects.toThrow(/decimal places/);
  });
});
