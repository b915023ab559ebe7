import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { openDynamoDbTable } from '../../adapters/aws/dynamodb/dynamodb-store';
import { TableStore } from '../../adapters/azure/tables/table-store';
import { MemoryApiKeyStore } from '../../adapters/memory/api-key-store.memory';
import { openTableStore } from '../../apps/composition/stores/azure-tables';
import { openDynamoDbStore } from '../../apps/composition/stores/dynamodb';
import { storesOf } from '../../apps/composition/stores/open-store';
import { openSqliteStore } from '../../apps/composition/stores/sqlite';
import { type AccessStores, accessModule } from '../../apps/modules/access/access.module';
import { modules } from '../../apps/modules/modules';
import { describeApiKeyStoreContract } from '../contracts/api-key-store.contract';
import { type AzuriteInstance, startAzurite, uniqueName } from '../support/azurite';
import { type Dynalite, startDynalite } from '../support/dynalite';
import { tempDir } from '../support/temp-dir';

/** The API key store on every record store, each made by the access module's own slice. */
let dynalite: Dynalite;
let azurite: AzuriteInstance;
beforeAll(async () => {
  [dynalite, azurite] = await Promise.all([startDynalite(), startAzurite()]);
});
afterAll(async () => {
  await Promise.all([dynalite?.close(), azurite?.stop()]);
});

describeApiKeyStoreContract('memory', () => ({ apiKeys: new MemoryApiKeyStore() }));

describeApiKeyStoreContract('SQLite', async () => {
  const dir = tempDir('api-keys-');
  const store = await openSqliteStore(modules, join(dir.path, 'app.db'));
  return {
    apiKeys: storesOf<AccessStores>(store, accessModule).apiKeys,
    close: async () => {
      await store.close();
      dir.remove();
    },
  };
});

describeApiKeyStoreContract('DynamoDB (dynalite)', async () => {
  const table = openDynamoDbTable({
    client: dynalite.clients.doc,
    tableName: await dynalite.newTable(),
    transactions: 'sequential',
  });
  const store = await openDynamoDbStore(modules, table);
  return { apiKeys: storesOf<AccessStores>(store, accessModule).apiKeys };
});

describeApiKeyStoreContract('Azure Table Storage (Azurite)', async () => {
  const tables = new TableStore({
    connectionString: azurite.connectionString,
    tablePrefix: uniqueName('k'),
  });
  const store = await openTableStore(modules, tables);
  return { apiKeys: storesOf<AccessStores>(store, accessModule).apiKeys };
});
