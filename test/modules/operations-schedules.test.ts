import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { InvocationContext, type Timer } from '@azure/functions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDynamoDbTable } from '../../adapters/aws/dynamodb/dynamodb-store';
import { createHttpHandler } from '../../adapters/aws/lambda/http/http-handler';
import { InvocationLogger } from '../../adapters/azure/functions/invocation-logger';
import { decodeMessage } from '../../adapters/azure/queue/queue-message';
import { FsObjectStore } from '../../adapters/local/object-store.fs';
import { ManualClock } from '../../adapters/memory/clock.memory';
import { MemoryNotifier } from '../../adapters/memory/notifier.memory';
import { composeLambda, type LambdaOverrides } from '../../apps/aws-lambda/composition';
import { eventBridgeTargetHandler, scheduleHandler } from '../../apps/aws-lambda/handlers';
import { composeHttp } from '../../apps/aws-lambda/http-composition';
import { createLambdaLogger } from '../../apps/aws-lambda/lambda-logger';
import { composeAzureFunctions } from '../../apps/azure-functions/composition';
import { scheduleDefinitions } from '../../apps/composition/schedules';
import { openDynamoDbStore } from '../../apps/composition/stores/dynamodb';
import type { Door as ModuleDoor } from '../../apps/modules/domain-module';
import { modules } from '../../apps/modules/modules';
import { stockEventsFor } from '../../domain/inventory/inventory-events';
import type { DomainEvent } from '../../domain/shared/domain-event';
import type { ObjectStore } from '../../ports/object-store.port';
import { TOKENS } from '../../ports/tokens';
import { type DoorRequest, type DoorResponse, injectSend } from '../http/http-scenario';
import { awsWithoutEmulator } from '../support/aws-without-emulator';
import { type AzuriteInstance, startAzurite, uniqueName } from '../support/azurite';
import { azureSend, lambdaSend, ruleTarget, scheduledEvent } from '../support/doors';
import { type Dynalite, startDynalite } from '../support/dynalite';
import { tempDir } from '../support/temp-dir';
import { startTestServer } from '../support/test-server';

/**
 * The operations schedules do their real work on every door, each started as its platform
 * starts it: the admin route on the server (what croner's tick runs), the schedule function's
 * `Scheduled Event` on Lambda (DynamoDB on dynalite), the timer trigger on Azure (Azurite).
 */

const DAY_MS = 24 * 60 * 60 * 1000;

interface Door {
  name: ModuleDoor;
  send(request: DoorRequest): Promise<DoorResponse>;
  /** Runs a job as the platform's schedule does. */
  tick(job: string): Promise<void>;
  objects: ObjectStore;
  clock: ManualClock;
  subjects(): Promise<string[]>;
  /** What the weekly purge of the store's bookkeeping reports on this store. */
  purged: unknown;
  /** How many notifications the store keeps, where it keeps them (the server's SQLite). */
  keptNotifications?: () => Promise<number>;
  /** What the hourly pass of the outbox relay reports on this door. */
  outboxDelivered: unknown;
  /**
   * Delivers the domain events of the writes so far to the reactions, as the platform does:
   * the server's and Azure's outbox relays carry their own writes; dynalite has no stream, so
   * on Lambda the events the stream mapper raises are given and sent to the rule target.
   */
  deliverEvents(streamed: readonly DomainEvent[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts the clock a minute before the real now: the object stores stamp objects with the real
 * time, some (Azurite) to the second, so an object written now is never older than the clock.
 */
const startClock = () => new ManualClock(new Date(Date.now() - 60_000));

const text = async (objects: ObjectStore, key: string) => {
  const object = await objects.get(key);
  if (!object) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of object.body) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
};

const serverDoor = async (): Promise<Door> => {
  const clock = startClock();
  const server = await startTestServer({}, { clock });
  const send = injectSend(server.app);
  return {
    name: 'server',
    send,
    // The route runs the same tracked job croner's tick runs.
    tick: async (job) => {
      const res = await send({ method: 'POST', path: `/jobs/${job}/run` });
      expect(res.status).toBe(200);
    },
    objects: server.container.get<ObjectStore>(TOKENS.ObjectStore),
    clock,
    subjects: async () =>
      (await send({ method: 'GET', path: '/notifications?limit=100' })).body.items.map(
        (item: { subject: string }) => item.subject,
      ),
    // The daily report's notification, at least, is in the table; marks, if the relay ran.
    purged: { processedEvents: expect.any(Number), notifications: expect.any(Number) },
    keptNotifications: async () =>
      (await send({ method: 'GET', path: '/notifications?limit=100' })).body.items.length,
    outboxDelivered: expect.any(Number),
    // The hourly job's pass of the relay, should its own poll not have come round yet.
    deliverEvents: async () => {
      const res = await send({ method: 'POST', path: '/jobs/redrive-stalled/run' });
      expect(res.status).toBe(200);
    },
    close: server.dispose,
  };
};

let dynalite: Dynalite;
let azurite: AzuriteInstance;
let aws: ReturnType<typeof awsWithoutEmulator>;

const lambdaDoor = async (): Promise<Door> => {
  const clock = startClock();
  const dir = tempDir('lambda-ops-');
  const tableName = await dynalite.newTable();
  const store = await openDynamoDbStore(
    modules,
    // dynalite has no TransactWriteItems: the writes go one by one, as in the other dynalite tests.
    openDynamoDbTable({ client: dynalite.clients.doc, tableName, transactions: 'sequential' }),
  );
  const objects = new FsObjectStore({
    root: join(dir.path, 'objects'),
    publicBaseUrl: 'https://bucket.example.com',
    signingSecret: 'secret',
  });
  const notifier = new MemoryNotifier();
  const overrides: LambdaOverrides = {
    store,
    objects,
    notifier,
    clock,
    logger: createLambdaLogger({ level: 'silent' }),
  };
  const handler = scheduleHandler(composeLambda({}, 'schedule', [], overrides));
  const react = eventBridgeTargetHandler(composeLambda({}, 'eventbridge-target', [], overrides));
  return {
    name: 'aws',
    send: lambdaSend(createHttpHandler(composeHttp({}, overrides).api), 'v2'),
    tick: (job) =>
      handler(
        scheduledEvent(`arn:aws:events:eu-west-1:123456789012:rule/Schedule-${job}`, { job }),
      ),
    objects,
    clock,
    subjects: async () => notifier.sent.map((sent) => sent.subject),
    purged: 'expired by the store itself (TTL)',
    outboxDelivered: 'delivered by the table stream',
    deliverEvents: async (streamed) => {
      for (const event of streamed) await react(ruleTarget(event));
    },
    close: async () => dir.remove(),
  };
};

const TIMER: Timer = {
  isPastDue: false,
  schedule: { adjustForDST: false },
  scheduleStatus: { last: '', next: '', lastUpdated: '' },
};

const azureDoor = async (): Promise<Door> => {
  const clock = startClock();
  const app = await composeAzureFunctions(
    {
      AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
      AZURE_TABLES_PREFIX: uniqueName('ops'),
      AZURE_EVENTS_QUEUE: uniqueName('events'),
      AZURE_NOTIFICATIONS_QUEUE: uniqueName('notes'),
      AZURE_UPLOADS_CONTAINER: uniqueName('uploads'),
    },
    { logger: new InvocationLogger('silent'), clock },
  );
  const seen: string[] = [];
  return {
    name: 'azure',
    send: azureSend(app.http),
    tick: async (job) => {
      await app.schedules[job]!(TIMER, new InvocationContext({ functionName: `schedule-${job}` }));
    },
    objects: app.objects,
    clock,
    subjects: async () => {
      for (;;) {
        const { receivedMessageItems } = await app.notifier.queue.receiveMessages({
          numberOfMessages: 32,
        });
        if (receivedMessageItems.length === 0) return [...seen];
        for (const item of receivedMessageItems) {
          seen.push((decodeMessage(item.messageText) as { subject: string }).subject);
          await app.notifier.queue.deleteMessage(item.messageId, item.popReceipt);
        }
      }
    },
    purged: { processedEvents: expect.any(Number), notifications: null },
    outboxDelivered: expect.any(Number),
    // The HTTP invocations relayed their writes to the events queue: the trigger's turn.
    deliverEvents: async () => {
      for (;;) {
        const { receivedMessageItems } = await app.bus.queue.receiveMessages({
          numberOfMessages: 32,
        });
        if (receivedMessageItems.length === 0) return;
        for (const item of receivedMessageItems) {
          await app.domainEvents(
            decodeMessage(item.messageText),
            new InvocationContext({ functionName: 'domainEvents' }),
          );
          await app.bus.queue.deleteMessage(item.messageId, item.popReceipt);
        }
      }
    },
    close: async () => undefined,
  };
};

beforeAll(async () => {
  [dynalite, azurite] = await Promise.all([startDynalite(), startAzurite()]);
  aws = awsWithoutEmulator();
});
afterAll(async () => {
  aws?.restore();
  await Promise.all([dynalite?.close(), azurite?.stop()]);
});

describe.each([
  ['the server (SQLite, POST /jobs/{name}/run)', serverDoor],
  ['Lambda (schedule function, Scheduled Event, dynalite)', lambdaDoor],
  ['Azure Functions (timer trigger, Azurite)', azureDoor],
])('the operations schedules on %s', (_name, open) => {
  let door: Door;
  beforeAll(async () => {
    door = await open();
  });
  afterAll(async () => {
    await door?.close();
  });

  it('writes the previous UTC day’s report as JSON and CSV and announces it', async () => {
    const day = door.clock.now().toISOString().slice(0, 10);
    const store = `s-${randomUUID().slice(0, 8)}`;
    const user = await door.send({
      method: 'POST',
      path: '/users',
      body: { name: 'Ada', email: `${randomUUID()}@example.com` },
    });
    expect(user.status).toBe(201);
    for (const currency of ['EUR', 'EUR', 'USD']) {
      const order = await door.send({
        method: 'POST',
        path: '/orders',
        body: {
          userId: user.body.id,
          currency,
          items: [{ sku: 'A', quantity: 2, unitPrice: 250 }],
        },
      });
      expect(order.status).toBe(201);
    }
    const zeroed = await door.send({
      method: 'PUT',
      path: `/inventory/${store}/widget`,
      body: { count: 0 },
    });
    expect(zeroed.status).toBeLessThan(300);
    const streamed = stockEventsFor(null, zeroed.body).map((draft) => ({
      ...draft,
      id: randomUUID(),
      occurredAt: door.clock.now().toISOString(),
    }));
    // Delivered twice, as a retrying platform may: the alert is counted once.
    await door.deliverEvents(streamed);
    await door.deliverEvents(streamed);

    door.clock.advance(DAY_MS);
    await door.tick('daily-report');

    const report = JSON.parse((await text(door.objects, `reports/${day}.json`))!);
    expect(report).toMatchObject({ day, usersCreated: 1 });
    const orders = Object.values(report.ordersByStatus as Record<string, number>);
    expect(orders.reduce((sum, n) => sum + n, 0)).toBe(3);
    expect(report).toMatchObject({ outOfStockAlerts: 1, outOfStock: [{ store, item: 'widget' }] });
    const csv = await text(door.objects, `reports/${day}.csv`);
    expect(csv).toContain('metric,key,value\r\nusers_created,,1\r\n');
    expect(csv).toContain(`out_of_stock_alerts,,1\r\nout_of_stock,${store}/widget,0\r\n`);
    expect(await door.subjects()).toContain(`Daily report for ${day}`);

    const jobs = await door.send({ method: 'GET', path: '/jobs' });
    expect(jobs.status).toBe(200);
    const listed = jobs.body.items.find((job: { name: string }) => job.name === 'daily-report');
    expect(listed).toMatchObject({
      cron: { cron: '0 9 * * *', eventBridge: 'cron(0 9 * * ? *)', ncrontab: '0 0 9 * * *' },
      lastRun: { outcome: 'succeeded', summary: { day } },
    });
  });

  it('hourly: resumes an import whose upload no worker ever picked up', async () => {
    const store = `s-${randomUUID().slice(0, 8)}`;
    // Stored with no object-created trigger: as if the worker died before recording it.
    await door.objects.put(
      `inventory/uploads/${randomUUID()}.csv`,
      `store,item,count\n${store},bolt,7\n`,
      {
        contentType: 'text/csv',
      },
    );
    expect((await door.send({ method: 'GET', path: `/inventory/${store}/bolt` })).status).toBe(404);

    await door.tick('redrive-stalled');

    const level = await door.send({ method: 'GET', path: `/inventory/${store}/bolt` });
    expect(level.body).toMatchObject({ count: 7 });
    const jobs = await door.send({ method: 'GET', path: '/jobs' });
    const run = jobs.body.items.find((job: { name: string }) => job.name === 'redrive-stalled');
    expect(run.lastRun.outcome).toBe('succeeded');
    expect(run.lastRun.summary.importsResumed.length).toBeGreaterThanOrEqual(1);
    expect(run.lastRun.summary).toMatchObject({
      exportsRedriven: [],
      exportsFailed: [],
      outboxDelivered: door.outboxDelivered,
    });
  });

  it('weekly: deletes exports past their link’s 24 hours, record and file, and keeps fresh ones', async () => {
    const user = await door.send({
      method: 'POST',
      path: '/users',
      body: { name: 'Exporter', email: `${randomUUID()}@example.com` },
    });
    const requested = await door.send({ method: 'POST', path: `/users/${user.body.id}/exports` });
    expect(requested.status).toBe(202);
    const key = `exports/${requested.body.id}.csv`;
    // The file as the export job writes it (its own key), whether or not the job ran yet.
    await door.objects.put(key, 'order_id\r\n', { contentType: 'text/csv' });
    // The clock is a day ahead of the object stores' real time: the file is not a day old.
    await door.tick('weekly-maintenance');
    expect(await door.objects.head(key)).not.toBeNull();
    const fresh = await door.send({ method: 'GET', path: `/exports/${requested.body.id}` });
    expect(fresh.status).toBe(200);

    door.clock.advance(2 * DAY_MS);
    await door.tick('weekly-maintenance');
    expect(await door.objects.head(key)).toBeNull();
    const gone = await door.send({ method: 'GET', path: `/exports/${requested.body.id}` });
    expect([gone.status, gone.body.error.code]).toEqual([404, 'MESSAGING.EXPORT_NOT_FOUND']);
  });

  it('weekly: purges the marks older than 7 days and the notifications older than 30', async () => {
    const kept = await door.keptNotifications?.();
    if (kept !== undefined) expect(kept).toBeGreaterThan(0);
    door.clock.advance(31 * DAY_MS);
    await door.tick('weekly-maintenance');
    const jobs = await door.send({ method: 'GET', path: '/jobs' });
    const run = jobs.body.items.find((job: { name: string }) => job.name === 'weekly-maintenance');
    expect(run.lastRun.summary.purged).toEqual(door.purged);
    if (kept !== undefined) {
      expect(run.lastRun.summary.purged.notifications).toBeGreaterThanOrEqual(kept);
      expect(await door.keptNotifications?.()).toBe(0);
    }
  });

  it('lists every job the door schedules, and runs and records one of another module', async () => {
    const scheduled = scheduleDefinitions(modules, door.name);
    expect(scheduled.map((job) => job.name)).toContain('store-heartbeat');
    const listed = await door.send({ method: 'GET', path: '/jobs' });
    expect(listed.status).toBe(200);
    expect(
      listed.body.items.map((job: { name: string; cron: { cron: string } }) => [
        job.name,
        job.cron.cron,
      ]),
    ).toEqual(scheduled.map((job) => [job.name, job.cron]));

    const run = await door.send({ method: 'POST', path: '/jobs/store-heartbeat/run' });
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({ name: 'store-heartbeat', outcome: 'succeeded' });
    const after = await door.send({ method: 'GET', path: '/jobs' });
    const heartbeat = after.body.items.find(
      (job: { name: string }) => job.name === 'store-heartbeat',
    );
    expect(heartbeat.lastRun).toEqual(run.body);
  });

  it('answers an unknown job with the documented 404', async () => {
    const res = await door.send({ method: 'POST', path: '/jobs/no-such-job/run' });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('OPERATIONS.JOB_NOT_FOUND');
  });
});
