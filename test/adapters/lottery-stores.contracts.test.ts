import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { openDynamoDbTable } from '../../adapters/aws/dynamodb/dynamodb-store';
import { TableStore } from '../../adapters/azure/tables/table-store';
import { openTableStore } from '../../apps/composition/stores/azure-tables';
import { openDynamoDbStore } from '../../apps/composition/stores/dynamodb';
import { openMemoryStore } from '../../apps/composition/stores/memory';
import { storesOf } from '../../apps/composition/stores/open-store';
import { openSqliteStore } from '../../apps/composition/stores/sqlite';
import { lotteryModule } from '../../apps/modules/lottery/lottery.module';
import { describeDrawStoreContract } from '../contracts/draw-store.contract';
import { describeEmployeeRepositoryContract } from '../contracts/employee-repository.contract';
import { type AzuriteInstance, startAzurite, uniqueName } from '../support/azurite';
import { type Dynalite, startDynalite } from '../support/dynalite';
import { tempDir } from '../support/temp-dir';

/**
 * The lottery's repository contracts on every store the apps run on, each made by the module's
 * own store slice: memory, SQLite (a real file), DynamoDB (dynalite's wire protocol: conditional
 * updates, GSIs) and Table Storage (Azurite: entity-group transactions, ETags).
 */
let dynalite: Dynalite;
let azurite: AzuriteInstance;
beforeAll(async () => {
  [dynalite, azurite] = await Promise.all([startDynalite(), startAzurite()]);
});
afterAll(async () => {
  await Promise.all([dynalite?.close(), azurite?.stop()]);
});

const modules = [lotteryModule];

const onMemory = async () => ({ ...storesOf(await openMemoryStore(modules), lotteryModule) });

const onSqlite = async () => {
  const dir = tempDir('lottery-contract-');
  const store = await openSqliteStore(modules, join(dir.path, 'test.db'));
  return {
    ...storesOf(store, lotteryModule),
    close: async () => {
      await store.close();
      dir.remove();
    },
  };
};

const onDynamoDb = async () => {
  const table = openDynamoDbTable({
    client: dynalite.clients.doc,
    tableName: await dynalite.newTable(),
  });
  return { ...storesOf(await openDynamoDbStore(modules, table), lotteryModule) };
};

const onTables = async () => {
  const store = new TableStore({
    connectionString: azurite.connectionString,
    tablePrefix: uniqueName('l'),
  });
  await store.ensureTables();
  return { ...storesOf(await openTableStore(modules, store), lotteryModule) };
};

for (const [name, open] of [
  ['memory', onMemory],
  ['sqlite', onSqlite],
  ['dynamodb (dynalite)', onDynamoDb],
  ['Azure Table Storage (Azurite)', onTables],
] as const) {
  describeEmployeeRepositoryContract(name, open);
  describeDrawStoreContract(name, open);
}
