import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoDbClients } from '../../adapters/aws/dynamodb/clients';
import { createDynamoDbStore } from '../../adapters/aws/dynamodb/dynamodb-store';
import { DynamoDbProcessedEventStore } from '../../adapters/aws/dynamodb/processed-event-store.dynamodb';
import { processedKey } from '../../adapters/aws/dynamodb/table-design';
import { SequentialTransactionWriter } from '../../adapters/aws/dynamodb/transaction-writer';
import { putIfAbsent, putOnVersion } from '../../adapters/aws/dynamodb/write-items';
import { describeOrderRepositoryContract } from '../contracts/order-repository.contract';
import { describeProcessedEventStoreContract } from '../contracts/processed-event-store.contract';
import { describeUserRepositoryContract } from '../contracts/user-repository.contract';
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

const freshStore = async () =>
  createDynamoDbStore({
    client: db.clients.doc,
    tableName: await db.newTable(),
    transactions: 'sequential',
  });

describeUserRepositoryContract('dynamodb (dynalite)', async () => ({
  users: (await freshStore()).users,
}));

describeOrderRepositoryContract('dynamodb (dynalite)', async () => ({
  orders: (await freshStore()).orders,
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
    const { healthCheck } = createDynamoDbStore({
      client: db.clients.doc,
      tableName: await db.newTable(),
    });
    await expect(healthCheck.check()).resolves.toBeUndefined();
    const missing = createDynamoDbStore({ client: db.clients.doc, tableName: 'no-such-table' });
    await expect(missing.healthCheck.check()).rejects.toThrow();
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
