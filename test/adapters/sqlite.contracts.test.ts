import { join } from 'node:path';
import { ManualClock } from '../../adapters/memory/clock.memory';
import { SequentialIdGenerator } from '../../adapters/memory/id-generator.memory';
import { SqliteHousekeeping } from '../../adapters/sqlite/housekeeping.sqlite';
import { SqliteNotifier } from '../../adapters/sqlite/notifier.sqlite';
import { SqliteOutbox } from '../../adapters/sqlite/outbox.sqlite';
import { SqliteProcessedEventStore } from '../../adapters/sqlite/processed-event-store.sqlite';
import { storesOf } from '../../apps/composition/stores/open-store';
import { openSqliteStore } from '../../apps/composition/stores/sqlite';
import { imagesModule } from '../../apps/modules/images/images.module';
import { inventoryModule } from '../../apps/modules/inventory/inventory.module';
import { modules } from '../../apps/modules/modules';
import { ordersModule } from '../../apps/modules/orders/orders.module';
import { usersModule } from '../../apps/modules/users/users.module';
import { describeImportStoreContract } from '../contracts/import-store.contract';
import { describeInventoryRepositoryContract } from '../contracts/inventory-repository.contract';
import { describeNotifierContract } from '../contracts/notifier.contract';
import { describeOrderRepositoryContract } from '../contracts/order-repository.contract';
import { describeOutboxContract } from '../contracts/outbox-store.contract';
import { describeProcessedEventStoreContract } from '../contracts/processed-event-store.contract';
import { describeStoreHousekeepingContract } from '../contracts/store-housekeeping.contract';
import { describeUserRepositoryContract } from '../contracts/user-repository.contract';
import { describeWorkRecordStoreContract } from '../contracts/work-record-store.contract';
import { tempDir } from '../support/temp-dir';

/** A real database file per test, with every module's tables (their SQLite slices), removed afterwards. */
const openDatabase = async () => {
  const dir = tempDir('sqlite-contract-');
  const store = await openSqliteStore(modules, join(dir.path, 'test.db'));
  return {
    db: store.db,
    store,
    close: () => {
      store.close();
      dir.remove();
    },
  };
};

describeUserRepositoryContract('sqlite', async () => {
  const { db, store, close } = await openDatabase();
  return { ...storesOf(store, usersModule), outbox: new SqliteOutbox(db), close };
});

describeOrderRepositoryContract('sqlite', async () => {
  const { db, store, close } = await openDatabase();
  return { ...storesOf(store, ordersModule), outbox: new SqliteOutbox(db), close };
});

describeOutboxContract('sqlite', async () => {
  const { db, close } = await openDatabase();
  return {
    outbox: new SqliteOutbox(db),
    append: (events) => db.transact(events, () => undefined),
    close,
  };
});

describeProcessedEventStoreContract('sqlite', async () => {
  const { db, close } = await openDatabase();
  return { processed: new SqliteProcessedEventStore(db), close };
});

describeStoreHousekeepingContract('sqlite', async () => {
  const { db, close } = await openDatabase();
  return {
    housekeeping: new SqliteHousekeeping(db),
    processed: new SqliteProcessedEventStore(db),
    notifications: new SqliteNotifier(db, new SequentialIdGenerator(), new ManualClock(new Date())),
    close,
  };
});

describeInventoryRepositoryContract('sqlite', async () => {
  const { db, store, close } = await openDatabase();
  return { inventory: storesOf(store, inventoryModule).stock, outbox: new SqliteOutbox(db), close };
});

describeImportStoreContract('sqlite', async () => {
  const { store, close } = await openDatabase();
  return { imports: storesOf(store, inventoryModule).imports, close };
});

describeNotifierContract(
  'sqlite',
  async () => {
    const { db, close } = await openDatabase();
    const notifier = new SqliteNotifier(db, new SequentialIdGenerator(), new ManualClock());
    return {
      notifier,
      sent: async () =>
        (await notifier.recent(1000))
          .reverse()
          .map(({ subject, message, attributes }) => ({ subject, message, attributes })),
      close,
    };
  },
  {
    downstreamCanFail: false,
    reason: 'SqliteNotifier writes a row to the local database: there is no downstream to fail',
  },
);

describeWorkRecordStoreContract('sqlite', async () => {
  const { db, store, close } = await openDatabase();
  return { images: storesOf(store, imagesModule).images, outbox: new SqliteOutbox(db), close };
});
