import { join } from 'node:path';
import { ManualClock } from '../../adapters/memory/clock.memory';
import { SequentialIdGenerator } from '../../adapters/memory/id-generator.memory';
import { SqliteImportStore } from '../../adapters/sqlite/import-store.sqlite';
import { SqliteInventoryRepository } from '../../adapters/sqlite/inventory-repository.sqlite';
import { SqliteNotifier } from '../../adapters/sqlite/notifier.sqlite';
import { SqliteOrderRepository } from '../../adapters/sqlite/order-repository.sqlite';
import { SqliteOutbox } from '../../adapters/sqlite/outbox.sqlite';
import { SqliteProcessedEventStore } from '../../adapters/sqlite/processed-event-store.sqlite';
import { SqliteDatabase } from '../../adapters/sqlite/sqlite-database';
import { SqliteUserRepository } from '../../adapters/sqlite/user-repository.sqlite';
import { describeImportStoreContract } from '../contracts/import-store.contract';
import { describeInventoryRepositoryContract } from '../contracts/inventory-repository.contract';
import { describeNotifierContract } from '../contracts/notifier.contract';
import { describeOrderRepositoryContract } from '../contracts/order-repository.contract';
import { describeOutboxContract } from '../contracts/outbox-store.contract';
import { describeProcessedEventStoreContract } from '../contracts/processed-event-store.contract';
import { describeUserRepositoryContract } from '../contracts/user-repository.contract';
import { tempDir } from '../support/temp-dir';

/** A real database file per test, removed afterwards. */
const openDatabase = () => {
  const dir = tempDir('sqlite-contract-');
  const db = new SqliteDatabase(join(dir.path, 'test.db'));
  return {
    db,
    close: () => {
      db.close();
      dir.remove();
    },
  };
};

describeUserRepositoryContract('sqlite', () => {
  const { db, close } = openDatabase();
  return { users: new SqliteUserRepository(db), outbox: new SqliteOutbox(db), close };
});

describeOrderRepositoryContract('sqlite', () => {
  const { db, close } = openDatabase();
  return { orders: new SqliteOrderRepository(db), outbox: new SqliteOutbox(db), close };
});

describeOutboxContract('sqlite', () => {
  const { db, close } = openDatabase();
  return {
    outbox: new SqliteOutbox(db),
    append: (events) => db.transact(events, () => undefined),
    close,
  };
});

describeProcessedEventStoreContract('sqlite', () => {
  const { db, close } = openDatabase();
  return { processed: new SqliteProcessedEventStore(db), close };
});

describeInventoryRepositoryContract('sqlite', () => {
  const { db, close } = openDatabase();
  return { inventory: new SqliteInventoryRepository(db), outbox: new SqliteOutbox(db), close };
});

describeImportStoreContract('sqlite', () => {
  const { db, close } = openDatabase();
  return { imports: new SqliteImportStore(db), close };
});

describeNotifierContract(
  'sqlite',
  () => {
    const { db, close } = openDatabase();
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
