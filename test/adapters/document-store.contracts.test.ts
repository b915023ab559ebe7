import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { DynamoDbDocumentStore } from '../../adapters/aws/dynamodb/document-store.dynamodb';
import { openDynamoDbTable } from '../../adapters/aws/dynamodb/dynamodb-store';
import { TableDocumentStore } from '../../adapters/azure/tables/document-store.tables';
import { TableStore } from '../../adapters/azure/tables/table-store';
import { MemoryDocumentStore } from '../../adapters/memory/document-store.memory';
import { SqliteDocumentStore } from '../../adapters/sqlite/document-store.sqlite';
import { messagingSchema } from '../../adapters/sqlite/messaging-schema.sqlite';
import { SqliteDatabase } from '../../adapters/sqlite/sqlite-database';
import { describeDocumentStoreContract } from '../contracts/document-store.contract';
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

describeDocumentStoreContract('memory', () => ({ docs: new MemoryDocumentStore() }));

describeDocumentStoreContract('sqlite', () => {
  const dir = tempDir('documents-');
  const db = new SqliteDatabase(join(dir.path, 'docs.db'), [messagingSchema]);
  return {
    docs: new SqliteDocumentStore(db),
    close: () => {
      db.close();
      dir.remove();
    },
  };
});

describeDocumentStoreContract('dynamodb (dynalite)', async () => ({
  docs: new DynamoDbDocumentStore(
    openDynamoDbTable({ client: dynalite.clients.doc, tableName: await dynalite.newTable() }),
  ),
}));

describeDocumentStoreContract('Table Storage (Azurite)', async () => {
  const store = new TableStore({
    connectionString: azurite.connectionString,
    tablePrefix: uniqueName('d'),
  });
  await store.ensureTables();
  return { docs: new TableDocumentStore(store) };
});
