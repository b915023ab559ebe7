import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StorageQueueEventBus } from '../../adapters/azure/queue/event-bus.storage-queue';
import { decodeMessage } from '../../adapters/azure/queue/queue-message';
import { TableHealthCheck } from '../../adapters/azure/tables/health-check.tables';
import { TableOrderRepository } from '../../adapters/azure/tables/order-repository.tables';
import { TableOutbox } from '../../adapters/azure/tables/outbox.tables';
import { TableProcessedEventStore } from '../../adapters/azure/tables/processed-event-store.tables';
import { TableStore } from '../../adapters/azure/tables/table-store';
import {
  TableUserRepository,
  type UserRepositoryHooks,
} from '../../adapters/azure/tables/user-repository.tables';
import { OutboxRelay } from '../../adapters/local/outbox-relay';
import { ManualClock } from '../../adapters/memory/clock.memory';
import type { Logger } from '../../ports/logger.port';
import { describeOrderRepositoryContract } from '../contracts/order-repository.contract';
import { describeOutboxContract } from '../contracts/outbox-store.contract';
import { describeProcessedEventStoreContract } from '../contracts/processed-event-store.contract';
import { describeUserRepositoryContract } from '../contracts/user-repository.contract';
import { type AzuriteInstance, startAzurite, uniqueName } from '../support/azurite';
import { sampleEvent, sampleOrder, sampleUser } from '../support/sample-data';

let azurite: AzuriteInstance;
beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(async () => {
  await azurite?.stop();
});

/** Fresh tables per test: Azurite is shared by the file, names keep tests apart. */
const openStore = async (tablePrefix = uniqueName('t')) => {
  const store = new TableStore({ connectionString: azurite.connectionString, tablePrefix });
  await store.ensureTables();
  return store;
};

const silent: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silent,
};

describeUserRepositoryContract('Azure Table Storage (Azurite)', async () => {
  const store = await openStore();
  return { users: new TableUserRepository(store), outbox: new TableOutbox(store) };
});

describeOrderRepositoryContract('Azure Table Storage (Azurite)', async () => {
  const store = await openStore();
  return { orders: new TableOrderRepository(store), outbox: new TableOutbox(store) };
});

describeOutboxContract('Azure Table Storage (Azurite)', async () => {
  const store = await openStore();
  return {
    outbox: new TableOutbox(store),
    // As a repository writes them: in the batch of an aggregate's partition.
    append: (events) =>
      store.transact(
        'user|outbox-contract',
        [['upsert', { partitionKey: 'user|outbox-contract', rowKey: 'user', kind: 'test' }]],
        events,
      ),
  };
});

describeProcessedEventStoreContract('Azure Table Storage (Azurite)', async () => ({
  processed: new TableProcessedEventStore(await openStore()),
}));

describe('Table Storage users: the two-step email guard', () => {
  const crash = (): Promise<never> => Promise.reject(new Error('process died here'));

  it('reclaims the orphan guard a crash between guard and user batch left behind', async () => {
    const store = await openStore();
    const crashing = new TableUserRepository(store, { afterGuard: crash });
    const lost = sampleUser({ email: 'orphan@example.com' });
    await expect(crashing.insert(lost, [sampleEvent('user.created', lost.id)])).rejects.toThrow(
      'process died here',
    );

    const users = new TableUserRepository(store);
    const outbox = new TableOutbox(store);
    expect(await users.findByEmail('orphan@example.com')).toBeNull();
    expect(await outbox.pendingCount()).toBe(0);
    const next = sampleUser({ email: 'ORPHAN@example.com' });
    await users.insert(next, []);
    expect(await users.findByEmail('orphan@example.com')).toEqual(next);
    // The lost writer is fenced: its id can never be created now.
    await expect(users.insert(lost, [])).rejects.toMatchObject({ code: 'USER.EMAIL_TAKEN' });
    expect(await users.findById(lost.id)).toBeNull();
  });

  it('fences a slow writer whose guard was reclaimed: exactly one of the two keeps the email', async () => {
    const store = await openStore();
    const fast = new TableUserRepository(store);
    const rival = sampleUser({ email: 'race@example.com' });
    // The slow writer holds the guard; before its batch goes out, a rival takes the email.
    const hooks: UserRepositoryHooks = { afterGuard: () => fast.insert(rival, []) };
    const slow = new TableUserRepository(store, hooks);
    const loser = sampleUser({ email: 'race@example.com' });
    await expect(slow.insert(loser, [sampleEvent()])).rejects.toMatchObject({
      code: 'USER.EMAIL_TAKEN',
    });
    expect(await fast.findById(loser.id)).toBeNull();
    expect(await fast.findByEmail('race@example.com')).toEqual(rival);
    expect(await new TableOutbox(store).pendingCount()).toBe(0);
  });

  it('frees the old email after a crash between an email change and its guard release', async () => {
    const store = await openStore();
    const users = new TableUserRepository(store);
    const user = sampleUser({ email: 'before@example.com' });
    await users.insert(user, []);
    const crashing = new TableUserRepository(store, { afterCommit: crash });
    const moved = { ...user, email: 'after@example.com', version: 2 };
    await expect(crashing.update(moved, 1, [])).rejects.toThrow('process died here');
    expect(await users.findById(user.id)).toEqual(moved);

    expect(await users.findByEmail('before@example.com')).toBeNull();
    const newcomer = sampleUser({ email: 'before@example.com' });
    await users.insert(newcomer, []);
    expect(await users.findByEmail('before@example.com')).toEqual(newcomer);
    expect(await users.findByEmail('after@example.com')).toEqual(moved);
  });

  it('keeps emails that contain characters Table keys forbid', async () => {
    const users = new TableUserRepository(await openStore());
    const user = sampleUser({ email: 'a/b#c?d%e\\f@example.com' });
    await users.insert(user, []);
    expect(await users.findByEmail('A/B#C?D%E\\F@example.com')).toEqual(user);
    expect(await users.findById('no/such#id?')).toBeNull();
  });
});

describe('Table Storage orders', () => {
  it('stores totals beyond 32 bits exactly', async () => {
    const orders = new TableOrderRepository(await openStore());
    const order = sampleOrder({ total: Number.MAX_SAFE_INTEGER });
    await orders.insert(order, []);
    expect(await orders.findById(order.id)).toEqual(order);
  });
});

describe('Table Storage outbox relayed to a Storage Queue', () => {
  it('delivers what a crashed process committed, found by a sweep, once', async () => {
    const prefix = uniqueName('t');
    const crashed = await openStore(prefix);
    const user = sampleUser();
    const event = sampleEvent('user.created', user.id);
    await new TableUserRepository(crashed).insert(user, [event]);

    // A new process: no hint of that write, so only its start-up sweep finds the event.
    const store = await openStore(prefix);
    const bus = new StorageQueueEventBus({
      connectionString: azurite.connectionString,
      queueName: uniqueName('q'),
    });
    await bus.ensureQueue();
    const outbox = new TableOutbox(store);
    const relay = new OutboxRelay(outbox, bus, new ManualClock(), silent);
    expect(await relay.drain()).toBe(1);
    expect(await outbox.pendingCount()).toBe(0);
    expect(await relay.drain()).toBe(0);

    const { receivedMessageItems } = await bus.queue.receiveMessages({ numberOfMessages: 32 });
    expect(receivedMessageItems.map((item) => decodeMessage(item.messageText))).toEqual([
      expect.objectContaining({ id: event.id, type: event.type, subject: user.id }),
    ]);
  });

  it('finds a fresh write through its partition hint, without a sweep', async () => {
    const store = await openStore();
    const outbox = new TableOutbox(store, { sweepIntervalMs: 3_600_000 });
    expect(await outbox.due(10, new Date())).toEqual([]); // the start-up sweep
    const order = sampleOrder();
    const event = sampleEvent('order.created', order.id);
    await new TableOrderRepository(store).insert(order, [event]);
    // Written by another process: no hint here, so not seen until a sweep.
    const elsewhere = sampleOrder();
    const unseen = sampleEvent('order.created', elsewhere.id);
    await new TableOrderRepository(await openStore(storePrefix(store))).insert(elsewhere, [unseen]);

    expect((await outbox.due(10, new Date())).map((e) => e.event.id)).toEqual([event.id]);
    outbox.requestSweep();
    expect((await outbox.due(10, new Date())).map((e) => e.event.id)).toEqual([
      event.id,
      unseen.id,
    ]);
  });
});

describe('Table Storage health', () => {
  it('passes on a reachable table and fails on a missing one', async () => {
    await expect(new TableHealthCheck(await openStore()).check()).resolves.toBeUndefined();
    const missing = new TableStore({
      connectionString: azurite.connectionString,
      tablePrefix: uniqueName('none'),
    });
    await expect(new TableHealthCheck(missing).check()).rejects.toThrow();
  });
});

const storePrefix = (store: TableStore) => store.records.tableName.replace(/records$/, '');
