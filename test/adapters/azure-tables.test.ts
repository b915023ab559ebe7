import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StorageQueueEventBus } from '../../adapters/azure/queue/event-bus.storage-queue';
import { decodeMessage } from '../../adapters/azure/queue/queue-message';
import { TableHealthCheck } from '../../adapters/azure/tables/health-check.tables';
import { TableHousekeeping } from '../../adapters/azure/tables/housekeeping.tables';
import { TableImportStore } from '../../adapters/azure/tables/import-store.tables';
import { TableInventoryRepository } from '../../adapters/azure/tables/inventory-repository.tables';
import { TableOrderRepository } from '../../adapters/azure/tables/order-repository.tables';
import { TableOutbox } from '../../adapters/azure/tables/outbox.tables';
import { TableProcessedEventStore } from '../../adapters/azure/tables/processed-event-store.tables';
import { decodeOrderedKey, encodeOrderedKey } from '../../adapters/azure/tables/table-keys';
import { TableStore } from '../../adapters/azure/tables/table-store';
import {
  TableUserRepository,
  type UserRepositoryHooks,
} from '../../adapters/azure/tables/user-repository.tables';
import { TableWorkRecordStore } from '../../adapters/azure/tables/work-record-store.tables';
import { OutboxRelay } from '../../adapters/local/outbox-relay';
import { ManualClock } from '../../adapters/memory/clock.memory';
import { imageRecordSchema } from '../../domain/images/image-record';
import { stockEventsFor } from '../../domain/inventory/inventory-events';
import type { StockEvents } from '../../ports/inventory-repository.port';
import type { Logger } from '../../ports/logger.port';
import { describeImportStoreContract, sampleImport } from '../contracts/import-store.contract';
import { describeInventoryRepositoryContract } from '../contracts/inventory-repository.contract';
import { describeOrderRepositoryContract } from '../contracts/order-repository.contract';
import { describeOutboxContract } from '../contracts/outbox-store.contract';
import { describeProcessedEventStoreContract } from '../contracts/processed-event-store.contract';
import { describeStoreHousekeepingContract } from '../contracts/store-housekeeping.contract';
import { describeUserRepositoryContract } from '../contracts/user-repository.contract';
import { describeWorkRecordStoreContract } from '../contracts/work-record-store.contract';
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

describeInventoryRepositoryContract('Azure Table Storage (Azurite)', async () => {
  const store = await openStore();
  return { inventory: new TableInventoryRepository(store), outbox: new TableOutbox(store) };
});

describeImportStoreContract('Azure Table Storage (Azurite)', async () => ({
  imports: new TableImportStore(await openStore()),
}));

describeWorkRecordStoreContract('Azure Table Storage (Azurite)', async () => {
  const store = await openStore();
  return {
    images: new TableWorkRecordStore(store, 'image', imageRecordSchema),
    outbox: new TableOutbox(store),
  };
});

describeProcessedEventStoreContract('Azure Table Storage (Azurite)', async () => ({
  processed: new TableProcessedEventStore(await openStore()),
}));

describeStoreHousekeepingContract('Azure Table Storage (Azurite)', async () => {
  const store = await openStore();
  return {
    housekeeping: new TableHousekeeping(store),
    processed: new TableProcessedEventStore(store),
  };
});

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

describe('Table Storage keys of stock levels', () => {
  const samples = [
    '',
    'a',
    'a b',
    'ab',
    'B',
    'item-001',
    'snake_case',
    "Store #1/North?\\ 'Ünïcode' 東京",
    'Bolt, M8 "hex"/#2',
    '\u0000\u001f\u007f\u0085 ~|{}`^[]@?:;.-,',
    'emoji \u{1f600} and a lone \ud800 surrogate',
    '\uffff\ue000\ud7ff',
  ];

  it('encodes names reversibly into characters keys allow', () => {
    for (const name of samples) {
      const key = encodeOrderedKey(name);
      expect(key).toMatch(/^[-0-9A-Za-z_!.:[`{]*$/);
      expect(decodeOrderedKey(key)).toBe(name);
    }
    // Names are at most 100 characters: keys stay within the 1 KiB limit however they are spelt.
    expect(encodeOrderedKey('東'.repeat(100))).toHaveLength(500);
    expect(() => decodeOrderedKey('!2')).toThrow();
    expect(() => decodeOrderedKey('{0041')).toThrow(); // 'A' is a literal, never escaped
  });

  it('keeps JS code-unit order, every character against every other', () => {
    const units: string[] = [];
    for (let code = 0; code <= 0xffff; code += code < 0x200 ? 1 : 97) {
      units.push(String.fromCharCode(code));
    }
    const names = [...samples, ...units, ...units.map((unit) => `${unit}a`), 'a\u0000', 'a!'];
    const byName = [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const byKey = [...names].sort((a, b) => {
      const [x, y] = [encodeOrderedKey(a), encodeOrderedKey(b)];
      return x < y ? -1 : x > y ? 1 : 0;
    });
    expect(byKey).toEqual(byName);
  });
});

describe('Table Storage stock levels', () => {
  const AT = '2026-05-01T10:00:00.000Z';
  const events: StockEvents = (before, after) =>
    stockEventsFor(before, after).map((draft) => ({
      id: randomUUID(),
      occurredAt: after.updatedAt,
      ...draft,
    }));

  it('writes a partition batch of 100 operations at most, events included', async () => {
    const store = await openStore();
    const inventory = new TableInventoryRepository(store);
    const rows = Array.from({ length: 150 }, (_, i) => ({ store: 'one', item: `i${i}`, count: 0 }));
    await inventory.setMany(rows, AT, events);
    expect(await new TableOutbox(store).pendingCount()).toBe(150);
    const page = await inventory.list({ store: 'one' }, { limit: 100 });
    expect(page.items).toHaveLength(100);
    expect(page.items.every((level) => level.count === 0 && level.version === 1)).toBe(true);
  });

  it('applies an adjustment once when its commit answered with a conflict (an SDK retry)', async () => {
    const store = await openStore();
    const inventory = new TableInventoryRepository(store);
    const key = { store: 's', item: 'i' };
    await inventory.set({ ...key, count: 5 }, AT, events);
    const transact = store.transact.bind(store);
    let calls = 0;
    // The first try commits but its answer is lost; the SDK's retry then fails on the ETag.
    store.transact = async (...args) => {
      await transact(...args);
      calls += 1;
      if (calls === 1) throw Object.assign(new Error('Precondition Failed'), { statusCode: 412 });
    };
    expect(await inventory.adjust(key, -5, AT, events)).toMatchObject({ count: 0, version: 2 });
    expect(await inventory.find(key)).toMatchObject({ count: 0, version: 2 });
    expect(await new TableOutbox(store).pendingCount()).toBe(1);
  });

  it('stores counts beyond 32 bits exactly', async () => {
    const inventory = new TableInventoryRepository(await openStore());
    const key = { store: 's', item: 'i' };
    await inventory.set({ ...key, count: Number.MAX_SAFE_INTEGER - 1 }, AT, events);
    expect(await inventory.adjust(key, 1, AT, events)).toMatchObject({
      count: Number.MAX_SAFE_INTEGER,
    });
    expect(await inventory.find(key)).toMatchObject({ count: Number.MAX_SAFE_INTEGER });
  });

  it('two imports racing over the same rows both land, each row written whole', async () => {
    const store = await openStore();
    const inventory = new TableInventoryRepository(store);
    const rows = (count: number) =>
      Array.from({ length: 300 }, (_, i) => ({ store: `s${i % 2}`, item: `i${i}`, count }));
    await Promise.all([
      inventory.setMany(rows(1), AT, events),
      inventory.setMany(rows(2), AT, events),
    ]);
    const levels = [
      ...(await inventory.list({ store: 's0' }, { limit: 100 })).items,
      ...(await inventory.list({ store: 's1' }, { limit: 100 })).items,
    ];
    // Whichever came second replaced the first: never a lost version, never a mixed row.
    expect(levels.length).toBe(200);
    for (const level of levels) {
      expect([1, 2]).toContain(level.count);
      expect(level.version).toBe(2);
    }
  }, 30_000);
});

describe('Table Storage import records', () => {
  it('keeps a record larger than one string property allows', async () => {
    const imports = new TableImportStore(await openStore());
    const rejected = Array.from({ length: 100 }, (_, i) => ({
      line: i + 2,
      reason: `${'東京 \u{1f600} '.repeat(200)} ${i}`,
    }));
    const record = sampleImport({ rejected });
    expect(JSON.stringify(record).length).toBeGreaterThan(100_000);
    expect(await imports.create(record)).toBe(true);
    expect(await imports.findById(record.id)).toEqual(record);
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
