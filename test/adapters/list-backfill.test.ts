import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { openDynamoDbTable } from '../../adapters/aws/dynamodb/dynamodb-store';
import { inventoryItemKinds } from '../../adapters/aws/dynamodb/inventory-items';
import { DynamoDbListBackfill } from '../../adapters/aws/dynamodb/list-backfill.dynamodb';
import { lotteryItemKinds } from '../../adapters/aws/dynamodb/lottery-items';
import { inventoryPartitions } from '../../adapters/azure/tables/inventory-keys';
import { TableListBackfill } from '../../adapters/azure/tables/list-backfill.tables';
import { lotteryPartitions } from '../../adapters/azure/tables/lottery-keys';
import { TableStore } from '../../adapters/azure/tables/table-store';
import { openTableStore } from '../../apps/composition/stores/azure-tables';
import { openDynamoDbStore } from '../../apps/composition/stores/dynamodb';
import { storesOf } from '../../apps/composition/stores/open-store';
import { inventoryModule } from '../../apps/modules/inventory/inventory.module';
import { lotteryModule } from '../../apps/modules/lottery/lottery.module';
import {
  describeListBackfillContract,
  type ListBackfillHarness,
} from '../contracts/list-backfill.contract';
import { uniqueName } from '../support/azurite';
import { startedEmulators } from '../support/fulfilment-stores';
import {
  storeUnreadableOnDynamoDb,
  storeUnreadableOnTables,
  unlistOnDynamoDb,
  unlistOnTables,
} from '../support/unlisted-records';

/**
 * The list backfill contract on the two stores whose list entries are written apart from the
 * records. A record "stored before the lists" is written by today's store, then stripped of its
 * GSI keys or its pointer: the item or entity the version before the lists wrote. Each harness
 * can run a hook before every list entry the backfill writes, to race the app against it.
 */
const emulators = startedEmulators();

const modules = [inventoryModule, lotteryModule];

/** Calls `hook` with a running count before each call of `method` on `target`. */
const intercept = <T extends object>(
  target: T,
  method: (name: string | symbol, args: unknown[]) => boolean,
  hook: (n: number) => Promise<void>,
): T => {
  let n = 0;
  return new Proxy(target, {
    get(object, name) {
      const value = Reflect.get(object, name, object);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (!method(name, args)) return value.apply(object, args);
        return hook(n++).then(() => value.apply(object, args));
      };
    },
  });
};

const noHook = async () => undefined;

const onDynamoDb = async (): Promise<ListBackfillHarness> => {
  const tableName = await emulators.dynalite.newTable();
  const { doc } = emulators.dynalite.clients;
  const store = await openDynamoDbStore(modules, openDynamoDbTable({ client: doc, tableName }));
  return {
    opened: store.listBackfill,
    ...storesOf(store, inventoryModule),
    ...storesOf(store, lotteryModule),
    unlist: (kind, record) => unlistOnDynamoDb(doc, tableName, kind, record),
    storeUnreadable: (id) => storeUnreadableOnDynamoDb(doc, tableName, id),
    backfill: (beforeWrite = noHook, pageSize = 2) =>
      new DynamoDbListBackfill(
        {
          tableName,
          doc: intercept(
            doc,
            (name, [command]) => name === 'send' && command instanceof UpdateCommand,
            beforeWrite,
          ) as DynamoDBDocumentClient,
        },
        [...inventoryItemKinds, ...lotteryItemKinds],
        pageSize,
      ),
  };
};

const onTables = async (): Promise<ListBackfillHarness> => {
  const tables = new TableStore({
    connectionString: emulators.azurite.connectionString,
    tablePrefix: uniqueName('b'),
  });
  const store = await openTableStore(modules, tables);
  return {
    opened: store.listBackfill,
    ...storesOf(store, inventoryModule),
    ...storesOf(store, lotteryModule),
    unlist: (kind, record) => unlistOnTables(tables, kind, record),
    storeUnreadable: (id) => storeUnreadableOnTables(tables, id),
    backfill(beforeWrite = noHook, pageSize = 2) {
      const records = intercept(tables.records, (name) => name === 'createEntity', beforeWrite);
      const watched = new Proxy(tables, {
        get: (object, name) => (name === 'records' ? records : Reflect.get(object, name)),
      });
      return new TableListBackfill(
        watched,
        [...inventoryPartitions, ...lotteryPartitions],
        pageSize,
      );
    },
  };
};

describeListBackfillContract('DynamoDB (dynalite)', onDynamoDb);
describeListBackfillContract('Azure Table Storage (Azurite)', onTables);
