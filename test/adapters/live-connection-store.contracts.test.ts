import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDynamoDbTable } from '../../adapters/aws/dynamodb/dynamodb-store';
import { DynamoDbLiveConnectionStore } from '../../adapters/aws/dynamodb/live-connection-store.dynamodb';
import { MemoryLiveConnectionStore } from '../../adapters/memory/live-connection-store.memory';
import {
  describeLiveConnectionStoreContract,
  liveConnection,
} from '../contracts/live-connection-store.contract';
import { type Dynalite, startDynalite } from '../support/dynalite';

let db: Dynalite;
beforeAll(async () => {
  db = await startDynalite();
});
afterAll(async () => {
  await db?.close();
});

const freshTable = async () =>
  openDynamoDbTable({ client: db.clients.doc, tableName: await db.newTable() });

describeLiveConnectionStoreContract('memory', () => ({
  connections: new MemoryLiveConnectionStore(),
}));

describeLiveConnectionStoreContract('dynamodb (dynalite)', async () => ({
  connections: new DynamoDbLiveConnectionStore(await freshTable()),
}));

describe('DynamoDbLiveConnectionStore on dynalite', () => {
  it("keeps a connection in one partition with the table's TTL attribute in epoch seconds", async () => {
    const table = await freshTable();
    await new DynamoDbLiveConnectionStore(table).put(liveConnection('TWegAcC4EowCHnA='));
    const { Item } = await table.doc.send(
      new GetCommand({
        TableName: table.tableName,
        Key: { pk: 'LIVE#CONNECTIONS', sk: 'CONNECTION#TWegAcC4EowCHnA=' },
      }),
    );
    expect(Item?.expiresAt).toBe(Date.parse('2026-01-01T12:05:00.000Z') / 1000);
  });
});
