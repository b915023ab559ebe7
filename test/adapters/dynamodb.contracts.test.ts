import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoDbClients } from '../../adapters/aws/dynamodb/clients';
import { openDynamoDbTable } from '../../adapters/aws/dynamodb/dynamodb-store';
import { DynamoDbHealthCheck } from '../../adapters/aws/dynamodb/health-check.dynamodb';
import {
  DynamoDbProcessedEventStore,
  processedKey,
} from '../../adapters/aws/dynamodb/processed-event-store.dynamodb';
import { SequentialTransactionWriter } from '../../adapters/aws/dynamodb/transaction-writer';
import { putIfAbsent, putOnVersion } from '../../adapters/aws/dynamodb/write-items';
import { openDynamoDbStore } from '../../apps/composition/stores/dynamodb';
import { storesOf } from '../../apps/composition/stores/open-store';
import { imagesModule } from '../../apps/modules/images/images.module';
import { inventoryModule } from '../../apps/modules/inventory/inventory.module';
import { modules } from '../../apps/modules/modules';
import { ordersModule } from '../../apps/modules/orders/orders.module';
import { usersModule } from '../../apps/modules/users/users.module';
import type { InventoryRepository } from '../../ports/inventory-repository.port';
import { describeImportStoreContract } from '../contracts/import-store.contract';
import { describeInventoryRepositoryContract } from '../contracts/inventory-repository.contract';
import { describeOrderRepositoryContract } from '../contracts/order-repository.contract';
import { describeProcessedEventStoreContract } from '../contracts/processed-event-store.contract';
import { describeUserRepositoryContract } from '../contracts/user-repository.contract';
import { describeWorkRecordStoreContract } from '../contracts/work-record-store.contract';
import { type Dynalite, startDynalite } from '../support/dynalite';

/**
 * The repository contracts on dynalite's real wire protocol, a fresh table per test. dynalite has
 * no TransactWriteItems, so the store runs with the sequential writer: the same conditional
 * writes one by one (see transaction-writer.ts for what that proves and what it does not; the
 * TransactWriteItems calls themselves are proven in dynamodb-transactions.test.ts). No `outbox`
 * in the harness: on AWS the table's stream is the outbox (dynamodb-stream.test.ts).
 */
let db: Dynalite;
beforeAll(async () => {
  db = await startDynalite();
});
afterAll(async () => {
  await db?.close();
});

/** Every module's repositories on a fresh table, made by the modules' DynamoDB slices. */
const freshStore = async () => {
  const table = openDynamoDbTable({
    client: db.clients.doc,
    tableName: await db.newTable(),
    transactions: 'sequential',
  });
  const store = await openDynamoDbStore(modules, table);
  return {
    ...storesOf(store, usersModule),
    ...storesOf(store, ordersModule),
    ...storesOf(store, inventoryModule),
    ...storesOf(store, imagesModule),
  };
};

describeUserRepositoryContract('dynamodb (dynalite)', async () => ({
  users: (await freshStore()).users,
}));

describeOrderRepositoryContract('dynamodb (dynalite)', async () => ({
  orders: (await freshStore()).orders,
}));

describeInventoryRepositoryContract('dynamodb (dynalite)', async () => ({
  inventory: (await freshStore()).stock,
}));

describeImportStoreContract('dynamodb (dynalite)', async () => ({
  imports: (await freshStore()).imports,
}));

describeWorkRecordStoreContract('dynamodb (dynalite)', async () => ({
  images: (await freshStore()).images,
}));

describeProcessedEventStoreContract('DynamoDB (dynalite)', async () => ({
  processed: new DynamoDbProcessedEventStore({
    doc: db.clients.doc,
    tableName: await db.newTable(),
  }),
}));

describe('DynamoDbProcessedEventStore on dynalite', () => {
  it('remembers processed events per consumer, idempotently, with a TTL', async () => {
    const tableName = await db.newTable();
    let now = new Date('2026-03-01T00:00:00Z');
    const processed = new DynamoDbProcessedEventStore({
      doc: db.clients.doc,
      tableName,
      ttlSeconds: 3600,
      now: () => now,
    });
    expect(await processed.has('mailer', 'e1')).toBe(false);
    await processed.record('mailer', 'e1');
    now = new Date('2026-03-02T00:00:00Z');
    await processed.record('mailer', 'e1');
    expect(await processed.has('mailer', 'e1')).toBe(true);
    expect(await processed.has('audit', 'e1')).toBe(false);
    const { Item } = await db.clients.doc.send(
      new GetCommand({ TableName: tableName, Key: processedKey('mailer', 'e1') }),
    );
    // The first mark stands: a repeat neither moves its time nor postpones its expiry.
    expect(Item).toMatchObject({
      processedAt: '2026-03-01T00:00:00.000Z',
      expiresAt: Date.parse('2026-03-01T01:00:00Z') / 1000,
    });
  });

  it('reports the table healthy, and unhealthy when it is missing', async () => {
    const healthCheck = new DynamoDbHealthCheck({
      doc: db.clients.doc,
      tableName: await db.newTable(),
    });
    await expect(healthCheck.check()).resolves.toBeUndefined();
    const missing = new DynamoDbHealthCheck({ doc: db.clients.doc, tableName: 'no-such-table' });
    await expect(missing.check()).rejects.toThrow();
  });
});

describe('DynamoDbInventoryRepository on dynalite', () => {
  const AT = '2026-05-01T10:00:00.000Z';
  const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const listAll = async (
    inventory: InventoryRepository,
    filter: { store?: string },
    limit: number,
  ) => {
    const keys: [string, string][] = [];
    let cursor: string | undefined;
    do {
      const page = await inventory.list(filter, { limit, cursor });
      keys.push(...page.items.map((level): [string, string] => [level.store, level.item]));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return keys;
  };

  it('lists in code-unit order whatever the characters (where UTF-8 byte order differs)', async () => {
    const { stock: inventory } = await freshStore();
    // An emoji (a surrogate pair) sorts before U+FF01 by code unit, after it by code point; NUL
    // and U+0001/U+0002 test the separator; 'a' and 'a\u0000' test a store and its extension.
    const names = [
      'a',
      'a\u0000',
      'a\u0001',
      'a\u0002x',
      'ab',
      '\u{1F600}',
      '\uFF01',
      '\uE000',
      'é',
    ];
    const rows = names.flatMap((store) => names.map((item) => ({ store, item, count: 1 })));
    await inventory.setMany(rows, AT, () => []);
    const expected = rows
      .map((row): [string, string] => [row.store, row.item])
      .sort((a, b) => (a[0] === b[0] ? byCodeUnits(a[1], b[1]) : byCodeUnits(a[0], b[0])));
    expect(await listAll(inventory, {}, 7)).toEqual(expected);
    for (const store of ['a', '\u{1F600}', '\uFF01']) {
      expect(await listAll(inventory, { store }, 4)).toEqual(expected.filter(([s]) => s === store));
    }
  });

  it('resumes one store from a cursor of the list of all, as the memory adapter does', async () => {
    const { stock: inventory } = await freshStore();
    await inventory.setMany(
      ['a', 'b', 'c'].flatMap((store) => ['x', 'y'].map((item) => ({ store, item, count: 1 }))),
      AT,
      () => [],
    );
    const { nextCursor } = await inventory.list({}, { limit: 3 }); // a|x a|y b|x
    const cursor = nextCursor ?? undefined;
    expect((await inventory.list({ store: 'b' }, { limit: 5, cursor })).items).toMatchObject([
      { store: 'b', item: 'y' },
    ]);
    expect((await inventory.list({ store: 'c' }, { limit: 5, cursor })).items).toHaveLength(2);
    expect((await inventory.list({ store: 'a' }, { limit: 5, cursor })).items).toEqual([]);
  });

  it('never loses a version bump to concurrent sets', async () => {
    const { stock: inventory } = await freshStore();
    const key = { store: 's', item: 'i' };
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => inventory.set({ ...key, count: i }, AT, () => [])),
    );
    expect(await inventory.find(key)).toMatchObject({ version: 20 });
  });
});

describe('createDynamoDbClients', () => {
  it.each([
    [{}, 'us-east-1', undefined],
    [
      { AWS_REGION: 'eu-west-1', AWS_ENDPOINT_URL: 'http://127.0.0.1:8000' },
      'eu-west-1',
      '127.0.0.1:8000',
    ],
    [
      {
        AWS_ENDPOINT_URL: 'http://127.0.0.1:8000',
        AWS_ENDPOINT_URL_DYNAMODB: 'http://localhost:9000',
      },
      'us-east-1',
      'localhost:9000',
    ],
  ])('reads region and endpoint from %o', async (env, region, host) => {
    const { client, destroy } = createDynamoDbClients(env);
    try {
      expect(await client.config.region()).toBe(region);
      const endpoint = await client.config.endpoint?.();
      expect(endpoint && `${endpoint.hostname}:${endpoint.port}`).toBe(host);
    } finally {
      destroy();
    }
  });
});

describe('SequentialTransactionWriter on dynalite (test-only stand-in for TransactWriteItems)', () => {
  it('undoes the entries it applied when a later condition fails, and says which failed', async () => {
    const TableName = await db.newTable();
    const { doc } = db.clients;
    const get = async (pk: string) =>
      (await doc.send(new GetCommand({ TableName, Key: { pk, sk: 'X' }, ConsistentRead: true })))
        .Item;
    await doc.send(
      new PutCommand({ TableName, Item: { pk: 'kept', sk: 'X', version: 1, v: 'a' } }),
    );
    await doc.send(new PutCommand({ TableName, Item: { pk: 'taken', sk: 'X', v: 'b' } }));
    const writer = new SequentialTransactionWriter(doc);
    await expect(
      writer.write([
        putOnVersion(TableName, { pk: 'kept', sk: 'X', version: 2, v: 'changed' }, 1),
        putIfAbsent(TableName, { pk: 'new', sk: 'X' }),
        putIfAbsent(TableName, { pk: 'taken', sk: 'X' }),
      ]),
    ).rejects.toMatchObject({
      name: 'WriteCancelledError',
      reasons: [{ code: 'None' }, { code: 'None' }, { code: 'ConditionalCheckFailed' }],
    });
    expect(await get('kept')).toEqual({ pk: 'kept', sk: 'X', version: 1, v: 'a' });
    expect(await get('new')).toBeUndefined();
    expect(await get('taken')).toEqual({ pk: 'taken', sk: 'X', v: 'b' });
  });
});
