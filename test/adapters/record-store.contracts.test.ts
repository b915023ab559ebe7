import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { openDynamoDbTable } from '../../adapters/aws/dynamodb/dynamodb-store';
import { DynamoDbRecordStore } from '../../adapters/aws/dynamodb/record-store.dynamodb';
import { TableRecordStore } from '../../adapters/azure/tables/record-store.tables';
import { TableStore } from '../../adapters/azure/tables/table-store';
import { MemoryRecordStore } from '../../adapters/memory/record-store.memory';
import { messagingSchema } from '../../adapters/sqlite/messaging-schema.sqlite';
import { SqliteRecordStore } from '../../adapters/sqlite/record-store.sqlite';
import { SqliteDatabase } from '../../adapters/sqlite/sqlite-database';
import { describeRecordStoreContract } from '../contracts/record-store.contract';
import { type AzuriteInstance, startAzurite, uniqueName } from '../support/azurite';
import { type Dynalite, startDynalite } from '../support/dynalite';
import { tempDir } from '../support/temp-dir';

let dynalite: Dynalite;
let azurite: AzuriteInstance;
beforeAll(async () => {
  [dynalite, azurite] = await Promise.all([startDynalite(), startAzurite()]);
});
afterAll(async () => {
  await Promise.all([dynalite?.close(), azurite?.stop()]);
});

describeRecordStoreContract('memory', () => ({ docs: new MemoryRecordStore() }));

describeRecordStoreContract('sqlite', () => {
  const dir = tempDir('documents-');
  const db = new SqliteDatabase(join(dir.path, 'docs.db'), [messagingSchema]);
  return {
    docs: new SqliteRecordStore(db),
    close: () => {
      db.close();
      dir.remove();
    },
  };
});

describeRecordStoreContract('dynamodb (dynalite)', async () => ({
  docs: new DynamoDbRecordStore(
    openDynamoDbTable({ client: dynalite.clients.doc, tableName: await dynalite.newTable() }),
  ),
}));

describeRecordStoreContract('Table Storage (Azurite)', async () => {
  const store = new TableStore({
    connectionString: azurite.connectionString,
    tablePrefix: uniqueName('d'),
  });
  await store.ensureTables();
  return { docs: new TableRecordStore(store) };
});
